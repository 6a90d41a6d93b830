//! The Envoy v3 messages this backend emits, as plain serde structs.
//!
//! Only the fields the backend writes, named as in the protos (snake_case, the proto3 JSON
//! mapping Envoy accepts in YAML and JSON). `typed_config` is [`TypedConfig`], tagged with its
//! `@type` URL. Maps are `BTreeMap`s, so output is deterministic. The shapes are checked by
//! loading every emitted bootstrap into a real Envoy (`envoy --mode validate`) in the tests.

use serde::Serialize;
use std::collections::BTreeMap;

/// `envoy.config.bootstrap.v3.Bootstrap`: a whole proxy, loadable with `envoy -c`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bootstrap {
    /// Who this proxy is.
    pub node: Node,
    /// Listeners and clusters (routes inline).
    pub static_resources: StaticResources,
}

/// `envoy.config.core.v3.Node`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Node id: the workload identity's SPIFFE ID.
    pub id: String,
    /// Node cluster: `<sa>.<ns>`.
    pub cluster: String,
}

/// `envoy.config.bootstrap.v3.Bootstrap.StaticResources`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StaticResources {
    /// Listeners.
    pub listeners: Vec<Listener>,
    /// Clusters.
    pub clusters: Vec<Cluster>,
}

/// `envoy.config.listener.v3.Listener`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Listener {
    /// Name (`inbound`, `outbound`).
    pub name: String,
    /// Where it listens.
    pub address: Address,
    /// Listener filters (original destination recovery).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub listener_filters: Vec<NamedConfig>,
    /// Filter chains, one per destination port.
    pub filter_chains: Vec<FilterChain>,
}

/// `envoy.config.core.v3.Address` (socket or pipe).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Address {
    /// An IP socket.
    SocketAddress(SocketAddress),
    /// A Unix domain socket.
    Pipe(Pipe),
}

/// `envoy.config.core.v3.SocketAddress`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SocketAddress {
    /// IP address or DNS name (for `STRICT_DNS` clusters).
    pub address: String,
    /// Port.
    pub port_value: u16,
}

/// `envoy.config.core.v3.Pipe`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pipe {
    /// Socket path.
    pub path: String,
}

/// A named extension: a listener filter, network filter, HTTP filter or transport socket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NamedConfig {
    /// Extension name (`envoy.filters.network.rbac`).
    pub name: String,
    /// Its configuration.
    pub typed_config: TypedConfig,
}

/// `envoy.config.listener.v3.FilterChain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilterChain {
    /// Name.
    pub name: String,
    /// Which connections it takes.
    pub filter_chain_match: FilterChainMatch,
    /// Network filters, in order.
    pub filters: Vec<NamedConfig>,
    /// Downstream TLS (inbound chains).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport_socket: Option<NamedConfig>,
}

/// `envoy.config.listener.v3.FilterChainMatch`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FilterChainMatch {
    /// The original destination port.
    pub destination_port: u16,
}

/// A `google.protobuf.Any` of one of the messages below, tagged with its type URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "@type")]
pub enum TypedConfig {
    /// `envoy.extensions.filters.listener.original_dst.v3.OriginalDst`.
    #[serde(
        rename = "type.googleapis.com/envoy.extensions.filters.listener.original_dst.v3.OriginalDst"
    )]
    OriginalDst {},
    /// `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`.
    #[serde(
        rename = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
    )]
    HttpConnectionManager(HttpConnectionManager),
    /// `envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`.
    #[serde(rename = "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy")]
    TcpProxy(TcpProxy),
    /// `envoy.extensions.filters.network.rbac.v3.RBAC`.
    #[serde(rename = "type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC")]
    NetworkRbac(NetworkRbac),
    /// `envoy.extensions.filters.http.rbac.v3.RBAC`.
    #[serde(rename = "type.googleapis.com/envoy.extensions.filters.http.rbac.v3.RBAC")]
    HttpRbac(HttpRbac),
    /// `envoy.extensions.filters.http.router.v3.Router`.
    #[serde(rename = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router")]
    Router {},
    /// `envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`.
    #[serde(
        rename = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext"
    )]
    DownstreamTlsContext(DownstreamTlsContext),
    /// `envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`.
    #[serde(
        rename = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext"
    )]
    UpstreamTlsContext(UpstreamTlsContext),
    /// `envoy.extensions.upstreams.http.v3.HttpProtocolOptions`.
    #[serde(rename = "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions")]
    HttpProtocolOptions(HttpProtocolOptions),
}

/// `envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpConnectionManager {
    /// Stats prefix.
    pub stat_prefix: String,
    /// `AUTO`: HTTP/1.1 or HTTP/2 by ALPN/preface.
    pub codec_type: &'static str,
    /// Where the routes come from.
    #[serde(flatten)]
    pub routes: RouteSpecifier,
    /// HTTP filters, in order (RBAC, then the router).
    pub http_filters: Vec<NamedConfig>,
}

/// The HCM's `route_specifier` oneof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteSpecifier {
    /// Routes from RDS, by name (the per-proxy xDS form).
    Rds(Rds),
    /// Routes inline (the bootstrap form).
    RouteConfig(RouteConfiguration),
}

/// `envoy.extensions.filters.network.http_connection_manager.v3.Rds`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rds {
    /// Fetched over ADS.
    pub config_source: ConfigSource,
    /// The RouteConfiguration's name.
    pub route_config_name: String,
}

/// `envoy.config.core.v3.ConfigSource`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigSource {
    /// `V3`.
    pub resource_api_version: &'static str,
    /// ADS (`{}`), when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ads: Option<Empty>,
    /// A gRPC API source, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_config_source: Option<ApiConfigSource>,
}

/// An empty message (`{}`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// `envoy.config.core.v3.ApiConfigSource` (gRPC only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ApiConfigSource {
    /// `GRPC`.
    pub api_type: &'static str,
    /// `V3`.
    pub transport_api_version: &'static str,
    /// The server.
    pub grpc_services: Vec<GrpcService>,
}

/// `envoy.config.core.v3.GrpcService` (Envoy gRPC client).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GrpcService {
    /// Cluster to call.
    pub envoy_grpc: EnvoyGrpc,
}

/// `envoy.config.core.v3.GrpcService.EnvoyGrpc`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvoyGrpc {
    /// Cluster name.
    pub cluster_name: String,
}

/// `envoy.config.route.v3.RouteConfiguration`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteConfiguration {
    /// Name.
    pub name: String,
    /// Virtual hosts.
    pub virtual_hosts: Vec<VirtualHost>,
}

/// `envoy.config.route.v3.VirtualHost`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VirtualHost {
    /// Name.
    pub name: String,
    /// Host names (`:authority`) it serves.
    pub domains: Vec<String>,
    /// Routes, first match wins (routing only; access is decided by RBAC before routing).
    pub routes: Vec<Route>,
}

/// `envoy.config.route.v3.Route`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Route {
    /// Name.
    pub name: String,
    /// Which requests.
    #[serde(rename = "match")]
    pub match_: RouteMatch,
    /// Forward, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<RouteAction>,
    /// Answer directly, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_response: Option<DirectResponse>,
}

/// `envoy.config.route.v3.RouteMatch`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RouteMatch {
    /// Path prefix (`/` for every path).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
    /// RE2 regex on the whole path (query string excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safe_regex: Option<RegexMatcher>,
    /// Header conditions (AND).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderMatcher>,
}

/// `envoy.type.matcher.v3.RegexMatcher` (RE2, whole-string match).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegexMatcher {
    /// The regex.
    pub regex: String,
}

/// `envoy.config.route.v3.HeaderMatcher`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HeaderMatcher {
    /// Header name (lower case; `:method` for the method).
    pub name: String,
    /// Value condition.
    pub string_match: StringMatcher,
}

/// `envoy.type.matcher.v3.StringMatcher`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StringMatcher {
    /// Exactly this string.
    Exact(String),
    /// The whole string matches this RE2 regex.
    SafeRegex(RegexMatcher),
}

/// `envoy.config.route.v3.RouteAction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteAction {
    /// One cluster.
    Cluster(String),
    /// Weighted clusters (a split).
    WeightedClusters(WeightedClusters),
}

/// `envoy.config.route.v3.WeightedCluster`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeightedClusters {
    /// Clusters and weights (some may be 0; the sum is positive).
    pub clusters: Vec<ClusterWeight>,
}

/// One weighted cluster (route or tcp_proxy).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterWeight {
    /// Cluster name.
    pub name: String,
    /// Relative weight.
    pub weight: u32,
}

/// `envoy.config.route.v3.DirectResponseAction`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectResponse {
    /// HTTP status.
    pub status: u16,
}

/// `envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TcpProxy {
    /// Stats prefix.
    pub stat_prefix: String,
    /// Where to: one cluster or weighted clusters (weights ≥ 1).
    #[serde(flatten)]
    pub target: TcpTarget,
}

/// TcpProxy's `cluster_specifier` oneof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpTarget {
    /// One cluster.
    Cluster(String),
    /// Weighted clusters; every weight ≥ 1.
    WeightedClusters(WeightedClusters),
}

/// `envoy.extensions.filters.network.rbac.v3.RBAC`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NetworkRbac {
    /// Stats prefix.
    pub stat_prefix: String,
    /// The policies (action ALLOW: a connection no policy allows is closed).
    pub rules: Rbac,
}

/// `envoy.extensions.filters.http.rbac.v3.RBAC`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpRbac {
    /// The policies (action ALLOW: a request no policy allows gets 403).
    pub rules: Rbac,
}

/// `envoy.config.rbac.v3.RBAC`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rbac {
    /// `ALLOW`.
    pub action: &'static str,
    /// Policies by name; no policies with ALLOW denies everything.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub policies: BTreeMap<String, Policy>,
}

/// `envoy.config.rbac.v3.Policy`: any permission AND any principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// What (OR).
    pub permissions: Vec<Permission>,
    /// Who (OR).
    pub principals: Vec<Principal>,
}

/// `envoy.config.rbac.v3.Permission`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    /// All of these.
    AndRules(PermissionSet),
    /// Any of these.
    OrRules(PermissionSet),
    /// Every request.
    Any(bool),
    /// A request header condition.
    Header(HeaderMatcher),
    /// The path (query string excluded).
    UrlPath(PathMatcher),
    /// The destination port.
    DestinationPort(u16),
}

/// `envoy.config.rbac.v3.Permission.Set`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PermissionSet {
    /// Members.
    pub rules: Vec<Permission>,
}

/// `envoy.type.matcher.v3.PathMatcher`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PathMatcher {
    /// The path condition.
    pub path: StringMatcher,
}

/// `envoy.config.rbac.v3.Principal`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Principal {
    /// Any of these.
    OrIds(PrincipalSet),
    /// The peer certificate's identity (URI SAN).
    Authenticated(Authenticated),
}

/// `envoy.config.rbac.v3.Principal.Set`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PrincipalSet {
    /// Members.
    pub ids: Vec<Principal>,
}

/// `envoy.config.rbac.v3.Principal.Authenticated`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Authenticated {
    /// The SPIFFE ID, exactly.
    pub principal_name: StringMatcher,
}

/// `envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DownstreamTlsContext {
    /// Peers must present a certificate.
    pub require_client_certificate: bool,
    /// Certificates and validation.
    pub common_tls_context: CommonTlsContext,
}

/// `envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UpstreamTlsContext {
    /// Certificates and validation.
    pub common_tls_context: CommonTlsContext,
}

/// `envoy.extensions.transport_sockets.tls.v3.CommonTlsContext` (SDS only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommonTlsContext {
    /// This proxy's certificate, from SDS.
    pub tls_certificate_sds_secret_configs: Vec<SdsSecretConfig>,
    /// The trust bundle (and SAN checks), from SDS.
    #[serde(flatten)]
    pub validation: Validation,
}

/// CommonTlsContext's `validation_context_type` oneof.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Validation {
    /// Trust bundle from SDS, no extra checks.
    ValidationContextSdsSecretConfig(SdsSecretConfig),
    /// Trust bundle from SDS, plus checks on the peer's SANs.
    CombinedValidationContext(CombinedValidationContext),
}

/// `CommonTlsContext.CombinedCertificateValidationContext`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CombinedValidationContext {
    /// Static checks.
    pub default_validation_context: CertificateValidationContext,
    /// The trust bundle, from SDS.
    pub validation_context_sds_secret_config: SdsSecretConfig,
}

/// `envoy.extensions.transport_sockets.tls.v3.CertificateValidationContext` (SAN checks).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateValidationContext {
    /// The peer must carry one of these SANs.
    pub match_typed_subject_alt_names: Vec<SanMatcher>,
}

/// `envoy.extensions.transport_sockets.tls.v3.SubjectAltNameMatcher`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SanMatcher {
    /// `URI`.
    pub san_type: &'static str,
    /// The SPIFFE ID.
    pub matcher: StringMatcher,
}

/// `envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SdsSecretConfig {
    /// Secret name (`default`, `ROOTCA`).
    pub name: String,
    /// Where SDS is served.
    pub sds_config: ConfigSource,
}

/// `envoy.extensions.upstreams.http.v3.HttpProtocolOptions` (explicit HTTP/2 upstream).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HttpProtocolOptions {
    /// `{http2_protocol_options: {}}`.
    pub explicit_http_config: ExplicitHttpConfig,
}

/// `HttpProtocolOptions.ExplicitHttpConfig`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExplicitHttpConfig {
    /// HTTP/2 with default options.
    pub http2_protocol_options: Empty,
}

/// `envoy.config.cluster.v3.Cluster`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cluster {
    /// Name.
    pub name: String,
    /// `STATIC`, `STRICT_DNS` or `ORIGINAL_DST`.
    #[serde(rename = "type")]
    pub type_: &'static str,
    /// Connect timeout (`5s`).
    pub connect_timeout: &'static str,
    /// `CLUSTER_PROVIDED` for `ORIGINAL_DST`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lb_policy: Option<&'static str>,
    /// `V4_ONLY` for DNS clusters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_lookup_family: Option<&'static str>,
    /// Endpoints (absent for `ORIGINAL_DST`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_assignment: Option<ClusterLoadAssignment>,
    /// Upstream protocol options by extension name.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub typed_extension_protocol_options: BTreeMap<String, TypedConfig>,
    /// Upstream mTLS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transport_socket: Option<NamedConfig>,
}

/// `envoy.config.endpoint.v3.ClusterLoadAssignment`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterLoadAssignment {
    /// The cluster's name.
    pub cluster_name: String,
    /// Endpoints (one locality).
    pub endpoints: Vec<LocalityLbEndpoints>,
}

/// `envoy.config.endpoint.v3.LocalityLbEndpoints`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LocalityLbEndpoints {
    /// Endpoints.
    pub lb_endpoints: Vec<LbEndpoint>,
}

/// `envoy.config.endpoint.v3.LbEndpoint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LbEndpoint {
    /// The endpoint.
    pub endpoint: Endpoint,
}

/// `envoy.config.endpoint.v3.Endpoint`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// Its address.
    pub address: Address,
}
