//! The objects this backend emits, as plain serde structs named after their kinds.
//!
//! Linkerd policy (`policy.linkerd.io` `Server` v1beta3, `MeshTLSAuthentication` and
//! `AuthorizationPolicy` v1alpha1, `HTTPRoute` v1beta3), Gateway API routes
//! (`gateway.networking.k8s.io/v1` `HTTPRoute` and `TCPRoute`) and the legacy `linkerd.io/v1alpha2`
//! `ServiceProfile`. Only the fields the backend writes; the tests check every object against the
//! upstream CRD schemas.

use serde::Serialize;
use std::collections::BTreeMap;

/// Object metadata: name, namespace, labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Labels.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// Any object this backend emits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum LinkerdObject {
    /// `policy.linkerd.io/v1beta3` Server.
    Server(Server),
    /// `policy.linkerd.io/v1alpha1` MeshTLSAuthentication.
    MeshTlsAuthentication(MeshTlsAuthentication),
    /// `policy.linkerd.io/v1alpha1` AuthorizationPolicy.
    AuthorizationPolicy(AuthorizationPolicy),
    /// `policy.linkerd.io/v1beta3` or `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute(HttpRoute),
    /// `gateway.networking.k8s.io/v1` TCPRoute.
    TcpRoute(TcpRoute),
    /// `linkerd.io/v1alpha2` ServiceProfile.
    ServiceProfile(ServiceProfile),
}

impl LinkerdObject {
    /// The object's metadata.
    pub fn metadata(&self) -> &Metadata {
        match self {
            LinkerdObject::Server(o) => &o.metadata,
            LinkerdObject::MeshTlsAuthentication(o) => &o.metadata,
            LinkerdObject::AuthorizationPolicy(o) => &o.metadata,
            LinkerdObject::HttpRoute(o) => &o.metadata,
            LinkerdObject::TcpRoute(o) => &o.metadata,
            LinkerdObject::ServiceProfile(o) => &o.metadata,
        }
    }
}

/// `policy.linkerd.io/v1beta3` Server: one port of a set of pods.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Server {
    /// `policy.linkerd.io/v1beta3`
    pub api_version: &'static str,
    /// `Server`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: ServerSpec,
}

/// Server spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerSpec {
    /// The pods.
    pub pod_selector: LabelSelector,
    /// The pod port, by number.
    pub port: u16,
    /// `HTTP/1`, `HTTP/2`, `gRPC`, `opaque`, `TLS` or `unknown` (detect).
    pub proxy_protocol: &'static str,
    /// What traffic no authorization matches gets: always `deny`.
    pub access_policy: &'static str,
}

/// A label selector (`matchLabels` only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    /// Labels.
    pub match_labels: BTreeMap<String, String>,
}

/// `policy.linkerd.io/v1alpha1` MeshTLSAuthentication: a set of client identities (OR-ed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MeshTlsAuthentication {
    /// `policy.linkerd.io/v1alpha1`
    pub api_version: &'static str,
    /// `MeshTLSAuthentication`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: MeshTlsAuthenticationSpec,
}

/// MeshTLSAuthentication spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MeshTlsAuthenticationSpec {
    /// `<sa>.<ns>.serviceaccount.identity.linkerd.<trust-domain>`, sorted; never empty.
    pub identities: Vec<String>,
}

/// `policy.linkerd.io/v1alpha1` AuthorizationPolicy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicy {
    /// `policy.linkerd.io/v1alpha1`
    pub api_version: &'static str,
    /// `AuthorizationPolicy`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: AuthorizationPolicySpec,
}

/// AuthorizationPolicy spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicySpec {
    /// The Server or HTTPRoute it authorizes.
    pub target_ref: ObjectRef,
    /// Authentications that must ALL hold (Linkerd ANDs them); here always exactly one.
    pub required_authentication_refs: Vec<ObjectRef>,
}

/// A reference to an object in the same namespace.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ObjectRef {
    /// API group.
    pub group: &'static str,
    /// Kind.
    pub kind: &'static str,
    /// Name.
    pub name: String,
}

/// An HTTPRoute: `policy.linkerd.io/v1beta3` (inbound authorization, parent a Server) or
/// `gateway.networking.k8s.io/v1` (outbound split, parent a Service).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    /// `policy.linkerd.io/v1beta3` or `gateway.networking.k8s.io/v1`.
    pub api_version: &'static str,
    /// `HTTPRoute`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: HttpRouteSpec,
}

/// HTTPRoute spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteSpec {
    /// Where the route attaches.
    pub parent_refs: Vec<ParentRef>,
    /// Rules.
    pub rules: Vec<HttpRouteRule>,
}

/// A route parent: a Server (`policy.linkerd.io`) or a Service port (group `""`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParentRef {
    /// `policy.linkerd.io` or `""` (core).
    pub group: &'static str,
    /// `Server` or `Service`.
    pub kind: &'static str,
    /// Name.
    pub name: String,
    /// The Service port (Service parents only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// An HTTPRoute rule: any of `matches` (none: every request) → `backendRefs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRule {
    /// OR-ed matches; empty means the CRD default (every request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HttpRouteMatch>,
    /// Weighted backends (outbound routes only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<BackendRef>,
}

/// One request match: path AND method AND every header.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct HttpRouteMatch {
    /// Path condition.
    pub path: PathMatch,
    /// A single method, if restricted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    /// Header conditions (AND).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderMatch>,
}

/// A path condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PathMatch {
    /// `RegularExpression` or `PathPrefix` (only `/`, for "every path").
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The regex or prefix.
    pub value: String,
}

/// A header condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct HeaderMatch {
    /// `RegularExpression`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Header name (lower case).
    pub name: String,
    /// The regex, anchored so that it must match the whole value.
    pub value: String,
}

/// A weighted Service backend (`group: ""`, `kind: Service` are the CRD defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackendRef {
    /// Service name (same namespace as the route).
    pub name: String,
    /// Service port.
    pub port: u16,
    /// Relative weight, 0 to 1,000,000.
    pub weight: u32,
}

/// `gateway.networking.k8s.io/v1` TCPRoute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRoute {
    /// `gateway.networking.k8s.io/v1`
    pub api_version: &'static str,
    /// `TCPRoute`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: TcpRouteSpec,
}

/// TCPRoute spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteSpec {
    /// The Service port.
    pub parent_refs: Vec<ParentRef>,
    /// Exactly one rule.
    pub rules: Vec<TcpRouteRule>,
}

/// A TCPRoute rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteRule {
    /// Weighted backends; never empty.
    pub backend_refs: Vec<BackendRef>,
}

/// `linkerd.io/v1alpha2` ServiceProfile (legacy split).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceProfile {
    /// `linkerd.io/v1alpha2`
    pub api_version: &'static str,
    /// `ServiceProfile`
    pub kind: &'static str,
    /// Metadata; the name is the root's FQDN.
    pub metadata: Metadata,
    /// Spec.
    pub spec: ServiceProfileSpec,
}

/// ServiceProfile spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceProfileSpec {
    /// Weighted authorities replacing the root.
    pub dst_overrides: Vec<WeightedDst>,
}

/// One weighted authority.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeightedDst {
    /// `<backend>.<ns>.svc.<cluster-domain>` (the port of the request is kept).
    pub authority: String,
    /// Relative weight.
    pub weight: u32,
}
