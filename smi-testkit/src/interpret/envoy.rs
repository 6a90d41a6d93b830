//! What Envoy does with the per-proxy resources the Envoy backend emits.
//!
//! A request travels through two proxies, as in the backend (`docs/envoy.md`):
//!
//! 1. **Outbound, at the source's proxy** (the proxy of the request's source identity). The
//!    application's connection to `<Service IP>:<port>` is redirected to the `outbound`
//!    listener; the `original_dst` listener filter restores the original destination.
//!    - Filter chain selection follows `FilterChainMatch`
//!      (<https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/listener/v3/listener_components.proto#config-listener-v3-filterchainmatch>):
//!      the chain whose `destination_port` is the original destination port (the Service port)
//!      is used; chains are selected by port only (the backend writes no `prefix_ranges`). No
//!      chain matches and there is no `default_filter_chain`: the connection is closed.
//!    - Network filters run in order. A network RBAC filter
//!      (<https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/rbac/v3/rbac.proto>)
//!      that does not allow closes the connection (refused). `tcp_proxy`
//!      (<https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/tcp_proxy/v3/tcp_proxy.proto>)
//!      sends the connection to its `cluster`, or to one of its `weighted_clusters` in
//!      proportion to their weights.
//!    - An HTTP connection manager needs HTTP on the connection (codec `AUTO`: HTTP/1.1 or
//!      HTTP/2); opaque bytes are a codec error and the connection is closed. Its route
//!      configuration (RDS by name, or inline) is used as the route documentation says
//!      (<https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route.proto> and
//!      `route_components.proto`): the virtual host whose `domains` match the `:authority`
//!      (exact names first, then the longest `*.suffix`/`suffix` wildcard, then `prefix*`, then
//!      `*`; `host:port` forms included), then the **first** route whose `match` holds:
//!      `prefix` (the path starts with it) or `safe_regex` (RE2, matching the **whole** path
//!      without the query string), AND every `headers` matcher (`:method` is the method
//!      pseudo-header; an absent header does not match). No virtual host or no route: 404.
//!      `direct_response` answers without an upstream (refused); `cluster` and
//!      `weighted_clusters` route ("the request is forwarded to one of the upstream clusters
//!      based on weights").
//!    - A cluster's Service is read from its address: `STRICT_DNS` on
//!      `<svc>.<ns>.svc.<cluster-domain>` is that Service; `ORIGINAL_DST` forwards to the
//!      original destination, i.e. the addressed Service, unsplit.
//!
//!    The client addresses the Service by its FQDN (`:authority` =
//!    `<svc>.<ns>.svc.<cluster-domain>`).
//!
//! 2. **Inbound, at every destination endpoint** (the proxies of the Service's selected
//!    workloads, or of the request's endpoint workload). The Service port's `targetPort` is
//!    resolved on the workload to the pod port, where the `inbound` listener's filter chain is
//!    chosen by `destination_port` as above. The chain's `DownstreamTlsContext` with
//!    `require_client_certificate` makes the peer present its certificate, whose URI SAN is the
//!    source's SPIFFE ID `spiffe://<trust-domain>/ns/<ns>/sa/<sa>`: that is the RBAC
//!    `authenticated.principal_name`. A chain without TLS has no authenticated principal.
//!    - RBAC (<https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/rbac/v3/rbac.proto>),
//!      network or HTTP filter
//!      (<https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/http/rbac/v3/rbac.proto>):
//!      with action `ALLOW` a request is allowed iff **any** policy matches; a policy matches
//!      iff **any** of its permissions AND **any** of its principals match; "if no policy
//!      matches, the action is taken in reverse" (so no policies: nothing is allowed).
//!      Permissions: `and_rules` (all), `or_rules` (any), `any`, `destination_port` (the pod
//!      port), `header` (HTTP only; absent header: no match), `url_path` (HTTP only; the path
//!      without the query string, `safe_regex` a full match). Principals: `or_ids` (any),
//!      `authenticated.principal_name` (the peer certificate's URI SAN). In the network filter
//!      the HTTP-only permissions never match.
//!    - HTTP filters run in order (RBAC before the router); the inbound router's route must
//!      match (a catch-all here) and forward to the local cluster.
//!    - Envoy's listeners here are TCP: UDP is never delivered (the backend emits no UDP
//!      listener), so it is never allowed.
//!
//! [`Interpreter::decide`] reports `allowed` = the outbound side forwards the request (to
//! anything: the graph decides authorization at the addressed Service, not at split backends)
//! AND every endpoint's inbound side allows it; `split` is the outbound weights.
//! [`EnvoyInterpreter::trace`] gives both sides separately.

use super::Interpreter;
use crate::evaluate::{Decision, Grantor};
use crate::request::{Protocol, Request};
use regex::Regex;
use smi_translate::MeshGraph;
use smi_translate::backend::envoy::codes;
use smi_translate::backend::envoy::types::{
    Address, FilterChain, HeaderMatcher, HttpConnectionManager, Listener, Permission, Principal,
    Rbac, RouteAction, RouteConfiguration, RouteMatch, RouteSpecifier, StringMatcher, TcpProxy,
    TcpTarget, TypedConfig, VirtualHost, WeightedClusters,
};
use smi_translate::backend::envoy::{Envoy, EnvoyProxyConfig};
use smi_translate::backend::{Backend, Emitted};
use smi_translate::graph::{
    Diagnostic, Identity, Related, ServiceId, Severity, Transport, Workload,
};
use std::collections::{BTreeMap, BTreeSet};

/// Envoy proxies configured with the backend's per-proxy resources, in a cluster described by a
/// graph's Services and workloads.
#[derive(Clone, Debug)]
pub struct EnvoyInterpreter {
    cluster: MeshGraph,
    proxies: BTreeMap<Identity, EnvoyProxyConfig>,
}

/// What the source's outbound listener does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outbound {
    /// No proxy runs as the source identity (no workload runs as it), so no such request can
    /// leave a meshed pod.
    NoSourceProxy,
    /// The request is not forwarded anywhere (no filter chain, no virtual host, no route, an
    /// unknown cluster, a codec error); the reason.
    Unroutable(String),
    /// Forwarded: the Services with their relative weights (empty: refused by a direct
    /// response or a closing RBAC filter).
    Routed(Vec<(ServiceId, u32)>),
}

/// Both sides of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// The source's outbound side.
    pub outbound: Outbound,
    /// Whether every destination endpoint's inbound side lets it through.
    pub inbound_allowed: bool,
}

/// What RBAC sees: the peer principal, the destination port, and the HTTP request if any.
struct RbacInput<'a> {
    principal: Option<&'a str>,
    port: u16,
    http: Option<&'a Request>,
}

impl EnvoyInterpreter {
    /// An interpreter of `proxies`. Only the cluster facts of `cluster` are read (Services,
    /// workloads, naming), never its authorizations or splits.
    pub fn new(cluster: &MeshGraph, proxies: &[EnvoyProxyConfig]) -> Self {
        let cluster = MeshGraph {
            naming: cluster.naming.clone(),
            services: cluster.services.clone(),
            workloads: cluster.workloads.clone(),
            ..MeshGraph::default()
        };
        EnvoyInterpreter {
            cluster,
            proxies: proxies
                .iter()
                .map(|p| (p.identity.clone(), p.clone()))
                .collect(),
        }
    }

    /// Runs the Envoy backend on `graph` and interprets its output; also returns the backend's
    /// diagnostics.
    pub fn emit(graph: &MeshGraph, envoy: &Envoy) -> (Self, Vec<Diagnostic>) {
        let Emitted {
            objects,
            diagnostics,
        } = envoy.emit(graph);
        (EnvoyInterpreter::new(graph, &objects), diagnostics)
    }

    /// Both sides of `request`.
    pub fn trace(&self, request: &Request) -> Trace {
        Trace {
            outbound: self.outbound(request),
            inbound_allowed: self.inbound_allowed(request),
        }
    }

    /// The Services the source's proxy has outbound clusters for (its outbound scope as the
    /// backend wrote it); empty without a proxy.
    pub fn outbound_scope(&self, source: &Identity) -> BTreeSet<ServiceId> {
        self.proxies
            .get(source)
            .into_iter()
            .flat_map(|p| &p.clusters)
            .filter(|c| c.type_ == "STRICT_DNS" && c.name.starts_with("outbound|"))
            .filter_map(|c| {
                let endpoint = c
                    .load_assignment
                    .as_ref()?
                    .endpoints
                    .first()?
                    .lb_endpoints
                    .first()?;
                match &endpoint.endpoint.address {
                    Address::SocketAddress(a) => self.service_of_host(&a.address),
                    Address::Pipe(_) => None,
                }
            })
            .collect()
    }

    fn principal(&self, identity: &Identity) -> String {
        identity.spiffe_id(&self.cluster.naming.trust_domain)
    }

    // ---- outbound ----

    fn outbound(&self, request: &Request) -> Outbound {
        let unroutable = |why: &str| Outbound::Unroutable(why.to_owned());
        let Some(proxy) = self.proxies.get(&request.source) else {
            return Outbound::NoSourceProxy;
        };
        if request.protocol == Protocol::Udp {
            return unroutable("UDP is not proxied (TCP listeners only)");
        }
        let Some(listener) = listener(proxy, "outbound") else {
            return unroutable("no outbound listener");
        };
        let Some(chain) = select_chain(listener, request.port) else {
            return unroutable("no outbound filter chain for the port");
        };
        let input = RbacInput {
            principal: None,
            port: request.port,
            http: None,
        };
        for filter in &chain.filters {
            match &filter.typed_config {
                // A closing RBAC filter refuses; one that allows passes on to the next filter.
                TypedConfig::NetworkRbac(rbac) if !rbac_allows(&rbac.rules, &input) => {
                    return Outbound::Routed(Vec::new());
                }
                TypedConfig::TcpProxy(tcp) => {
                    return self
                        .tcp_destinations(proxy, tcp, request)
                        .map_or_else(|| unroutable("unknown cluster"), Outbound::Routed);
                }
                TypedConfig::HttpConnectionManager(hcm) => {
                    if request.protocol != Protocol::Http {
                        return unroutable("codec error: not HTTP");
                    }
                    return self.http_route(proxy, hcm, request);
                }
                _ => {}
            }
        }
        unroutable("no terminal network filter")
    }

    fn tcp_destinations(
        &self,
        proxy: &EnvoyProxyConfig,
        tcp: &TcpProxy,
        request: &Request,
    ) -> Option<Vec<(ServiceId, u32)>> {
        match &tcp.target {
            TcpTarget::Cluster(name) => {
                Some(vec![(self.cluster_service(proxy, name, request)?, 1)])
            }
            TcpTarget::WeightedClusters(w) => self.weighted(proxy, w, request),
        }
    }

    fn weighted(
        &self,
        proxy: &EnvoyProxyConfig,
        w: &WeightedClusters,
        request: &Request,
    ) -> Option<Vec<(ServiceId, u32)>> {
        w.clusters
            .iter()
            .map(|c| Some((self.cluster_service(proxy, &c.name, request)?, c.weight)))
            .collect()
    }

    /// The Service a cluster sends to: `ORIGINAL_DST` the addressed one, else the Service whose
    /// FQDN is the cluster's endpoint address. `None`: no such cluster (connection closed).
    fn cluster_service(
        &self,
        proxy: &EnvoyProxyConfig,
        name: &str,
        request: &Request,
    ) -> Option<ServiceId> {
        let cluster = proxy.clusters.iter().find(|c| c.name == name)?;
        if cluster.type_ == "ORIGINAL_DST" {
            return Some(request.destination.clone());
        }
        let assignment = cluster.load_assignment.as_ref()?;
        let endpoint = assignment.endpoints.first()?.lb_endpoints.first()?;
        match &endpoint.endpoint.address {
            Address::SocketAddress(a) => self.service_of_host(&a.address),
            Address::Pipe(_) => None,
        }
    }

    /// `<name>.<namespace>.svc.<cluster-domain>` → the Service.
    fn service_of_host(&self, host: &str) -> Option<ServiceId> {
        let suffix = format!(".svc.{}", self.cluster.naming.cluster_domain);
        let rest = host.strip_suffix(&suffix)?;
        let (name, namespace) = rest.split_once('.')?;
        Some(ServiceId::new(namespace, name))
    }

    fn http_route(
        &self,
        proxy: &EnvoyProxyConfig,
        hcm: &HttpConnectionManager,
        request: &Request,
    ) -> Outbound {
        let unroutable = |why: &str| Outbound::Unroutable(why.to_owned());
        let Some(routes) = route_configuration(proxy, hcm) else {
            return unroutable("no route configuration");
        };
        let authority = self.cluster.naming.service_host(&request.destination);
        let Some(vhost) = select_virtual_host(&routes.virtual_hosts, &authority, request.port)
        else {
            return unroutable("404: no virtual host");
        };
        let Some(route) = vhost
            .routes
            .iter()
            .find(|r| route_matches(&r.match_, request))
        else {
            return unroutable("404: no route");
        };
        if route.direct_response.is_some() {
            return Outbound::Routed(Vec::new());
        }
        let destinations = match &route.route {
            Some(RouteAction::Cluster(name)) => self
                .cluster_service(proxy, name, request)
                .map(|s| vec![(s, 1)]),
            Some(RouteAction::WeightedClusters(w)) => self.weighted(proxy, w, request),
            None => None,
        };
        destinations.map_or_else(|| unroutable("unknown cluster"), Outbound::Routed)
    }

    // ---- inbound ----

    fn inbound_allowed(&self, request: &Request) -> bool {
        let Some((port, endpoints)) = super::addressed(&self.cluster, request) else {
            return false;
        };
        if port.transport != Transport::Tcp || request.protocol == Protocol::Udp {
            // Only TCP listeners: UDP (and SCTP) is never delivered through the proxy.
            return false;
        }
        if endpoints.is_empty() {
            return false;
        }
        let principal = self.principal(&request.source);
        endpoints.into_iter().all(|workload| {
            workload
                .resolve(&port.target_port)
                .is_some_and(|pod_port| self.inbound_at(workload, pod_port, &principal, request))
        })
    }

    fn inbound_at(
        &self,
        workload: &Workload,
        pod_port: u16,
        principal: &str,
        request: &Request,
    ) -> bool {
        let Some(proxy) = self.proxies.get(&workload.identity) else {
            return false;
        };
        let Some(chain) = listener(proxy, "inbound").and_then(|l| select_chain(l, pod_port)) else {
            return false;
        };
        // mTLS with a required client certificate: the peer's URI SAN is the principal.
        let authenticated = chain.transport_socket.as_ref().is_some_and(|t| {
            matches!(&t.typed_config, TypedConfig::DownstreamTlsContext(tls) if tls.require_client_certificate)
        });
        let principal = authenticated.then_some(principal);
        for filter in &chain.filters {
            match &filter.typed_config {
                TypedConfig::NetworkRbac(rbac) => {
                    let input = RbacInput {
                        principal,
                        port: pod_port,
                        http: None,
                    };
                    if !rbac_allows(&rbac.rules, &input) {
                        return false;
                    }
                }
                TypedConfig::TcpProxy(tcp) => {
                    return match &tcp.target {
                        TcpTarget::Cluster(name) => proxy.clusters.iter().any(|c| &c.name == name),
                        TcpTarget::WeightedClusters(w) => w
                            .clusters
                            .iter()
                            .all(|wc| proxy.clusters.iter().any(|c| c.name == wc.name)),
                    };
                }
                TypedConfig::HttpConnectionManager(hcm) => {
                    if request.protocol != Protocol::Http {
                        return false;
                    }
                    return self.inbound_http(proxy, hcm, principal, pod_port, request);
                }
                _ => {}
            }
        }
        false
    }

    fn inbound_http(
        &self,
        proxy: &EnvoyProxyConfig,
        hcm: &HttpConnectionManager,
        principal: Option<&str>,
        pod_port: u16,
        request: &Request,
    ) -> bool {
        let input = RbacInput {
            principal,
            port: pod_port,
            http: Some(request),
        };
        for filter in &hcm.http_filters {
            match &filter.typed_config {
                // 403 when RBAC denies; otherwise the next HTTP filter.
                TypedConfig::HttpRbac(rbac) if !rbac_allows(&rbac.rules, &input) => return false,
                TypedConfig::Router {} => {
                    let Some(routes) = route_configuration(proxy, hcm) else {
                        return false;
                    };
                    // The pod IP or any host name: the inbound virtual host is `*`.
                    let authority = self.cluster.naming.service_host(&request.destination);
                    let Some(vhost) = select_virtual_host(&routes.virtual_hosts, &authority, 0)
                    else {
                        return false;
                    };
                    let Some(route) = vhost
                        .routes
                        .iter()
                        .find(|r| route_matches(&r.match_, request))
                    else {
                        return false;
                    };
                    return route.direct_response.is_none()
                        && match &route.route {
                            Some(RouteAction::Cluster(name)) => {
                                proxy.clusters.iter().any(|c| &c.name == name)
                            }
                            Some(RouteAction::WeightedClusters(_)) => true,
                            None => false,
                        };
                }
                _ => {}
            }
        }
        false
    }
}

impl Interpreter for EnvoyInterpreter {
    fn name(&self) -> &'static str {
        "envoy"
    }

    fn decide(&self, request: &Request) -> Decision {
        let trace = self.trace(request);
        match trace.outbound {
            Outbound::Routed(split) => Decision {
                allowed: trace.inbound_allowed,
                split: Some(split),
            },
            Outbound::NoSourceProxy | Outbound::Unroutable(_) => Decision {
                allowed: false,
                split: None,
            },
        }
    }
}

fn listener<'a>(proxy: &'a EnvoyProxyConfig, name: &str) -> Option<&'a Listener> {
    proxy.listeners.iter().find(|l| l.name == name)
}

/// `FilterChainMatch`: the chain for the original destination port (every emitted chain names
/// one; no match and no default chain closes the connection).
fn select_chain(listener: &Listener, port: u16) -> Option<&FilterChain> {
    listener
        .filter_chains
        .iter()
        .find(|c| c.filter_chain_match.destination_port == port)
}

fn route_configuration<'a>(
    proxy: &'a EnvoyProxyConfig,
    hcm: &'a HttpConnectionManager,
) -> Option<&'a RouteConfiguration> {
    match &hcm.routes {
        RouteSpecifier::Rds(rds) => proxy
            .route_configurations
            .iter()
            .find(|r| r.name == rds.route_config_name),
        RouteSpecifier::RouteConfig(r) => Some(r),
    }
}

/// Virtual host selection by `:authority`: exact domain, then the longest suffix wildcard, then
/// the longest prefix wildcard, then `*` (`VirtualHost.domains`). `host:port` is tried as sent
/// (with the port when `port` is not 0) and bare.
fn select_virtual_host<'a>(
    hosts: &'a [VirtualHost],
    authority: &str,
    port: u16,
) -> Option<&'a VirtualHost> {
    let mut candidates = Vec::new();
    if port != 0 {
        candidates.push(format!("{authority}:{port}"));
    }
    candidates.push(authority.to_owned());
    for host in &candidates {
        if let Some(v) = hosts.iter().find(|v| v.domains.iter().any(|d| d == host)) {
            return Some(v);
        }
    }
    let best = |score: &dyn Fn(&str, &str) -> Option<usize>| {
        candidates
            .iter()
            .flat_map(|host| {
                hosts.iter().flat_map(move |v| {
                    v.domains
                        .iter()
                        .filter_map(move |d| score(d, host).map(|len| (len, v)))
                })
            })
            .max_by_key(|(len, _)| *len)
            .map(|(_, v)| v)
    };
    let suffix = |d: &str, host: &str| {
        let s = d.strip_prefix('*').filter(|s| !s.is_empty())?;
        (host.ends_with(s) && host.len() > s.len()).then_some(s.len())
    };
    let prefix = |d: &str, host: &str| {
        let p = d.strip_suffix('*').filter(|p| !p.is_empty())?;
        (host.starts_with(p) && host.len() > p.len()).then_some(p.len())
    };
    best(&suffix)
        .or_else(|| best(&prefix))
        .or_else(|| hosts.iter().find(|v| v.domains.iter().any(|d| d == "*")))
}

/// `RouteMatch`: the path specifier (`prefix` or whole-path `safe_regex`) AND every header.
fn route_matches(m: &RouteMatch, request: &Request) -> bool {
    let path = match (&m.prefix, &m.safe_regex) {
        (Some(prefix), None) => request.path.starts_with(prefix.as_str()),
        (None, Some(re)) => full_match(&re.regex, &request.path),
        // A route needs exactly one path specifier.
        _ => false,
    };
    path && m.headers.iter().all(|h| header_matches(h, request))
}

fn header_value<'a>(name: &str, request: &'a Request) -> Option<&'a str> {
    match name.to_ascii_lowercase().as_str() {
        ":method" => Some(request.method.as_str()),
        ":path" => Some(request.path.as_str()),
        other => request.headers.get(other).map(String::as_str),
    }
}

fn header_matches(h: &HeaderMatcher, request: &Request) -> bool {
    header_value(&h.name, request).is_some_and(|v| string_matches(&h.string_match, v))
}

/// `StringMatcher`: `exact`, or `safe_regex` matching the whole string (RE2).
fn string_matches(m: &StringMatcher, value: &str) -> bool {
    match m {
        StringMatcher::Exact(e) => e == value,
        StringMatcher::SafeRegex(re) => full_match(&re.regex, value),
    }
}

fn full_match(re: &str, value: &str) -> bool {
    Regex::new(&format!("^(?:{re})$")).is_ok_and(|r| r.is_match(value))
}

/// RBAC with action `ALLOW`: allowed iff any policy matches. Another action is not emitted by
/// the backend; `DENY` is the reverse, anything else fails closed.
fn rbac_allows(rbac: &Rbac, input: &RbacInput<'_>) -> bool {
    let matched = rbac.policies.values().any(|p| {
        p.permissions.iter().any(|perm| permission(perm, input))
            && p.principals.iter().any(|pr| principal(pr, input))
    });
    match rbac.action {
        "ALLOW" => matched,
        "DENY" => !matched,
        _ => false,
    }
}

fn permission(p: &Permission, input: &RbacInput<'_>) -> bool {
    match p {
        Permission::AndRules(set) => set.rules.iter().all(|r| permission(r, input)),
        Permission::OrRules(set) => set.rules.iter().any(|r| permission(r, input)),
        Permission::Any(any) => *any,
        Permission::Header(h) => input.http.is_some_and(|r| header_matches(h, r)),
        Permission::UrlPath(path) => input
            .http
            .is_some_and(|r| string_matches(&path.path, &r.path)),
        Permission::DestinationPort(port) => *port == input.port,
    }
}

fn principal(p: &Principal, input: &RbacInput<'_>) -> bool {
    match p {
        Principal::OrIds(set) => set.ids.iter().any(|id| principal(id, input)),
        Principal::Authenticated(a) => input
            .principal
            .is_some_and(|name| string_matches(&a.principal_name, name)),
    }
}

/// Whether the Envoy backend reported, with an error diagnostic, that it fails closed for this
/// grantor of `request`: an HTTP grant on a pod port the endpoint's proxy treats as opaque
/// (`envoy-http-grant-on-opaque-port`, whose message names `pod port <p> of <identity>`), or
/// every match that admits the request left out for its regex (`envoy-regex-too-large`, related
/// to the match). A TCP grant is always expressed, so a grantor admitting by transport is never
/// excused.
///
/// Reads the cluster facts of `graph` (the endpoint's identity and pod port) and the
/// diagnostics, never the graph's authorizations.
pub fn reported_fail_closed<'a>(
    graph: &'a MeshGraph,
    diagnostics: &'a [Diagnostic],
    request: &'a Request,
) -> impl Fn(&Grantor) -> bool + 'a {
    move |g| {
        if g.by_transport || g.matches.is_empty() {
            return false;
        }
        let left_out = |(group, name): &(smi_translate::graph::ObjectRef, String)| {
            let the_match = Related::Match {
                group: group.clone(),
                name: name.clone(),
            };
            diagnostics.iter().any(|d| {
                d.severity == Severity::Error
                    && d.code == codes::REGEX_TOO_LARGE
                    && d.object == g.origin
                    && d.related.contains(&the_match)
            })
        };
        if g.matches.iter().all(left_out) {
            return true;
        }
        let Some(workload) = graph.workloads.get(&g.workload) else {
            return false;
        };
        let Some(pod_port) = graph
            .services
            .get(&request.destination)
            .and_then(|s| s.ports.get(&request.port))
            .and_then(|p| workload.resolve(&p.target_port))
        else {
            return false;
        };
        let identity = Related::Object(workload.identity.object_ref());
        diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && d.code == codes::HTTP_GRANT_ON_OPAQUE_PORT
                && d.object == g.origin
                && d.related.contains(&identity)
                && d.related.contains(&Related::PodPort(pod_port))
        })
    }
}
