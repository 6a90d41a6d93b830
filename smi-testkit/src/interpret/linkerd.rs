//! What Linkerd (edge-26.x) does with the objects the Linkerd backend emits.
//!
//! **Inbound authorization** follows the authorization-policy reference,
//! <https://linkerd.io/2-edge/reference/authorization-policy/>, and the HTTPRoute reference,
//! <https://linkerd.io/2-edge/reference/httproute/>:
//!
//! - The request reaches a destination **pod port** (the Service's `targetPort` resolved on the
//!   endpoint workload). The `Server` that governs it is one in the pod's namespace whose
//!   `podSelector.matchLabels` all hold on the pod labels and whose `port` is that number (Linkerd
//!   also takes a container port name; the backend always writes numbers). Several: the first by name is taken (the
//!   backend only emits equivalent Servers for one port, see `docs/linkerd.md`).
//! - **No Server**: the cluster's default inbound policy (`proxy.defaultInboundPolicy`, or the
//!   `config.linkerd.io/default-inbound-policy` annotation) decides. The default is
//!   `all-unauthenticated` (open); [`DefaultInboundPolicy`] says which one the cluster runs. The
//!   differential property runs with `deny`, which is what the backend's
//!   `linkerd-default-inbound-policy` warning tells users to set for SMI's deny by default.
//! - **Server with `accessPolicy: deny`**: traffic no authorization admits is refused.
//!   - What the proxy sees: `proxyProtocol` `HTTP/1`, `HTTP/2`, `gRPC` → HTTP; `opaque`, `TLS` →
//!     an opaque connection; `unknown` → protocol detection (HTTP if the client speaks HTTP).
//!   - An opaque connection, or HTTP on a Server without HTTPRoutes (the controller's default
//!     routes), is allowed iff some `AuthorizationPolicy` whose `targetRef` is the Server has
//!     **all** its `requiredAuthenticationRefs` satisfied (AND). A `MeshTLSAuthentication` is
//!     satisfied when one of its `identities` (OR; `*` is any identity) is the client's mTLS
//!     identity `<sa>.<ns>.serviceaccount.identity.linkerd.<trust-domain>`. A reference to a
//!     missing authentication is never satisfied.
//!   - HTTP on a Server with `policy.linkerd.io` HTTPRoutes (`parentRefs` the Server): the proxy
//!     picks **one** route rule for the request ("requests that do not match any route are
//!     refused": 404), and the request is allowed iff an AuthorizationPolicy targeting **that
//!     HTTPRoute** authorizes the client. Policies targeting the Server authorize its default
//!     routes only, which exist only while no HTTPRoute is attached; this interpreter therefore
//!     applies route-targeted policies alone once a Server has routes.
//! - UDP is not proxied by Linkerd; UDP requests are let through here (they are not compared).
//!
//! **Route matching** (inbound and outbound) follows the Gateway API HTTPRoute specification,
//! <https://gateway-api.sigs.k8s.io/api-types/httproute/#matches>, as Linkerd's proxy implements
//! it (`linkerd/http/route/src/http/match.rs` in linkerd2-proxy, which the Linkerd HTTPRoute
//! reference defers to for the matching rules):
//!
//! - A match is path AND method AND every header; a rule's matches are OR-ed; a rule without
//!   matches matches every request (`PathPrefix /`).
//! - Paths: `Exact` equality; `PathPrefix` by whole segments (`/` matches everything);
//!   `RegularExpression` only when the leftmost-first match covers the **whole** path (the
//!   backend writes `^(?:…)$`, so this is a full match). Header `RegularExpression`s are searched
//!   (`is_match`), the backend's being anchored; `Exact` is equality; names are case-insensitive.
//! - Precedence among the matching rules of all routes of the parent: the longer matched path
//!   (`Exact`: the path; `RegularExpression`: the whole path; `PathPrefix`: the prefix), then more
//!   header matches, then a method match over none. Ties: Gateway API's "oldest route, then
//!   alphabetical `{namespace}/{name}`" — objects applied together share a creation time, so by
//!   name — then the first rule and match in list order.
//!
//! **Splits** follow GAMMA, <https://gateway-api.sigs.k8s.io/mesh/> (Service-parent routes):
//!
//! - A `gateway.networking.k8s.io` HTTPRoute or TCPRoute applies to requests addressed to the
//!   Service of its `parentRefs` (in the route's namespace) on the `port` it names (none: every
//!   port). HTTP requests (the client speaks HTTP and the Service port is not declared opaque:
//!   TCP/TLS) take the HTTPRoutes of the port, falling back to its TCPRoutes; other traffic
//!   takes the TCPRoutes. No route: the request goes to the Service unchanged.
//! - The winning rule's `backendRefs` receive traffic by relative weight; all weights 0 or no
//!   backend: the request fails (refused).
//! - A `linkerd.io/v1alpha2` ServiceProfile named `<svc>.<ns>.svc.<cluster-domain>` in the
//!   Service's namespace takes precedence over routes (Linkerd HTTPRoute reference); its
//!   `dstOverrides` split HTTP requests by weight (the request's port is kept); it does not apply
//!   to opaque traffic.

use super::Interpreter;
use crate::evaluate::{Decision, Grantor};
use crate::request::{Protocol, Request};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use regex::Regex;
use serde_json::Value;
use smi_translate::MeshGraph;
use smi_translate::backend::gateway_api::generated::tcproutes::TcpRoute;
use smi_translate::backend::linkerd::LinkerdObject;
use smi_translate::backend::linkerd::codes;
use smi_translate::backend::linkerd::generated::authorizationpolicies::AuthorizationPolicy;
use smi_translate::backend::linkerd::generated::meshtlsauthentications::MeshTlsAuthentication;
use smi_translate::backend::linkerd::generated::servers::Server;
use smi_translate::backend::linkerd::generated::serviceprofiles::ServiceProfile;
use smi_translate::backend::linkerd::{Linkerd, identity_string};
use smi_translate::backend::{Backend, Emitted};
use smi_translate::graph::{
    AppProtocol, Diagnostic, ObjectRef, Related, ServiceId, Severity, Transport, Workload,
};
use std::cmp::Ordering;

/// The cluster's default inbound policy (`proxy.defaultInboundPolicy`), for ports no Server
/// selects.
///
/// Every client in the differential setup is a meshed in-cluster workload, so every value but
/// `deny` allows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DefaultInboundPolicy {
    /// `all-unauthenticated`: allow all traffic (Linkerd's default).
    #[default]
    AllUnauthenticated,
    /// `all-authenticated`: meshed clients of this or another cluster.
    AllAuthenticated,
    /// `cluster-authenticated`: meshed clients of this cluster.
    ClusterAuthenticated,
    /// `cluster-unauthenticated`: any client of this cluster.
    ClusterUnauthenticated,
    /// `deny`: nothing.
    Deny,
}

impl DefaultInboundPolicy {
    fn allows(self) -> bool {
        self != DefaultInboundPolicy::Deny
    }
}

/// Linkerd, configured with a set of emitted objects, in a cluster described by a graph's
/// Services and workloads.
#[derive(Clone, Debug)]
pub struct LinkerdInterpreter {
    cluster: MeshGraph,
    default_policy: DefaultInboundPolicy,
    servers: Vec<Server>,
    authentications: Vec<MeshTlsAuthentication>,
    policies: Vec<AuthorizationPolicy>,
    /// `policy.linkerd.io` routes (parent: a Server).
    policy_routes: Vec<Route>,
    /// `gateway.networking.k8s.io` HTTPRoutes (parent: a Service).
    http_routes: Vec<Route>,
    /// `gateway.networking.k8s.io` TCPRoutes (parent: a Service; rules without matches).
    tcp_routes: Vec<Route>,
    profiles: Vec<ServiceProfile>,
}

/// A route as Linkerd reads it, with the CRD defaults applied: a policy or Gateway API HTTPRoute
/// (the same shape), or a TCPRoute.
#[derive(Clone, Debug)]
struct Route {
    namespace: String,
    name: String,
    parents: Vec<Parent>,
    rules: Vec<Rule>,
}

/// A route's `parentRef` (`group` defaults to `gateway.networking.k8s.io`, `kind` to `Gateway`).
#[derive(Clone, Debug)]
struct Parent {
    group: String,
    kind: String,
    name: String,
    port: Option<i32>,
}

impl Parent {
    fn new(group: Option<&str>, kind: Option<&str>, name: &str, port: Option<i32>) -> Self {
        Parent {
            group: group.unwrap_or("gateway.networking.k8s.io").to_owned(),
            kind: kind.unwrap_or("Gateway").to_owned(),
            name: name.to_owned(),
            port,
        }
    }
}

/// A route rule: its matches (none: every request) and weighted Service backends.
#[derive(Clone, Debug)]
struct Rule {
    matches: Vec<RouteMatch>,
    backends: Vec<(String, u32)>,
}

/// An HTTP route match: path AND method AND every header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteMatch {
    /// `Exact`, `PathPrefix` or `RegularExpression` (default `PathPrefix`).
    pub path_type: String,
    /// The path, prefix or regex (default `/`).
    pub path: String,
    /// The method token, if restricted.
    pub method: Option<String>,
    /// `(type, name, value)` of every header condition (type default `Exact`).
    pub headers: Vec<(String, String, String)>,
}

/// The wire value of a generated enum (`PathPrefix`, `GET`): what Linkerd reads.
macro_rules! token {
    ($value:expr) => {
        match serde_json::to_value($value) {
            Ok(Value::String(s)) => s,
            _ => String::new(),
        }
    };
}

/// A backendRef's weight (default 1; negative ones are refused by the CRD).
fn weight(w: Option<i32>) -> u32 {
    w.map_or(1, |w| u32::try_from(w).unwrap_or(0))
}

/// Reads an HTTPRoute of either generated type (policy or Gateway API: the same shape).
macro_rules! read_http_route {
    ($route:expr) => {{
        let r = $route;
        Route {
            namespace: r.metadata.namespace.clone().unwrap_or_default(),
            name: r.metadata.name.clone().unwrap_or_default(),
            parents: r
                .spec
                .parent_refs
                .iter()
                .flatten()
                .map(|p| Parent::new(p.group.as_deref(), p.kind.as_deref(), &p.name, p.port))
                .collect(),
            rules: r
                .spec
                .rules
                .iter()
                .flatten()
                .map(|rule| Rule {
                    matches: rule
                        .matches
                        .iter()
                        .flatten()
                        .map(|m| RouteMatch {
                            path_type: m
                                .path
                                .as_ref()
                                .and_then(|p| p.r#type.as_ref())
                                .map_or_else(|| "PathPrefix".to_owned(), |t| token!(t)),
                            path: m
                                .path
                                .as_ref()
                                .and_then(|p| p.value.clone())
                                .unwrap_or_else(|| "/".to_owned()),
                            method: m.method.as_ref().map(|t| token!(t)),
                            headers: m
                                .headers
                                .iter()
                                .flatten()
                                .map(|h| {
                                    (
                                        h.r#type
                                            .as_ref()
                                            .map_or_else(|| "Exact".to_owned(), |t| token!(t)),
                                        h.name.clone(),
                                        h.value.clone(),
                                    )
                                })
                                .collect(),
                        })
                        .collect(),
                    backends: rule
                        .backend_refs
                        .iter()
                        .flatten()
                        .map(|b| (b.name.clone(), weight(b.weight)))
                        .collect(),
                })
                .collect(),
        }
    }};
}

fn read_tcp_route(r: &TcpRoute) -> Route {
    Route {
        namespace: r.metadata.namespace.clone().unwrap_or_default(),
        name: r.metadata.name.clone().unwrap_or_default(),
        parents: r
            .spec
            .parent_refs
            .iter()
            .flatten()
            .map(|p| Parent::new(p.group.as_deref(), p.kind.as_deref(), &p.name, p.port))
            .collect(),
        rules: r
            .spec
            .rules
            .iter()
            .map(|rule| Rule {
                matches: Vec::new(),
                backends: rule
                    .backend_refs
                    .iter()
                    .map(|b| (b.name.clone(), weight(b.weight)))
                    .collect(),
            })
            .collect(),
    }
}

/// A matching rule's rank: (matched path length, header matches, method match), higher wins.
pub type Rank = (usize, usize, bool);

impl LinkerdInterpreter {
    /// An interpreter of `objects` in a cluster whose default inbound policy is `default_policy`.
    ///
    /// Only the cluster facts of `cluster` are read (Services, workloads, naming), never its
    /// authorizations or splits.
    pub fn new(
        cluster: &MeshGraph,
        default_policy: DefaultInboundPolicy,
        objects: &[LinkerdObject],
    ) -> Self {
        let mut me = LinkerdInterpreter {
            cluster: MeshGraph {
                naming: cluster.naming.clone(),
                services: cluster.services.clone(),
                workloads: cluster.workloads.clone(),
                ..MeshGraph::default()
            },
            default_policy,
            servers: Vec::new(),
            authentications: Vec::new(),
            policies: Vec::new(),
            policy_routes: Vec::new(),
            http_routes: Vec::new(),
            tcp_routes: Vec::new(),
            profiles: Vec::new(),
        };
        for object in objects {
            match object {
                LinkerdObject::Server(s) => me.servers.push(s.clone()),
                LinkerdObject::MeshTlsAuthentication(a) => me.authentications.push(a.clone()),
                LinkerdObject::AuthorizationPolicy(p) => me.policies.push(p.clone()),
                LinkerdObject::PolicyHttpRoute(r) => me.policy_routes.push(read_http_route!(r)),
                LinkerdObject::HttpRoute(r) => me.http_routes.push(read_http_route!(r)),
                LinkerdObject::TcpRoute(r) => me.tcp_routes.push(read_tcp_route(r)),
                LinkerdObject::ServiceProfile(p) => me.profiles.push(p.clone()),
                // Skipping an object would interpret a cluster other than the one emitted.
                other => panic!("the Linkerd interpreter does not know {other:?}"),
            }
        }
        // Ties between routes go by name (Gateway API: creation time, then name).
        let by_name = |a: &Route, b: &Route| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name));
        me.policy_routes.sort_by(by_name);
        me.http_routes.sort_by(by_name);
        me.tcp_routes.sort_by(by_name);
        me.servers
            .sort_by(|a, b| a.metadata.name.cmp(&b.metadata.name));
        me
    }

    /// Runs the Linkerd backend on `graph` and interprets its output in a cluster whose default
    /// inbound policy is `default_policy`; also returns the backend's diagnostics.
    pub fn emit(
        graph: &MeshGraph,
        linkerd: &Linkerd,
        default_policy: DefaultInboundPolicy,
    ) -> (Self, Vec<Diagnostic>) {
        let Emitted {
            objects,
            diagnostics,
        } = linkerd.emit(graph);
        (
            LinkerdInterpreter::new(graph, default_policy, &objects),
            diagnostics,
        )
    }

    /// The names of the Servers that select `workload`'s pods (on any port).
    pub fn servers_of(&self, workload: &Workload) -> Vec<&str> {
        self.servers
            .iter()
            .filter(|s| selects(s, workload))
            .map(|s| s.metadata.name.as_deref().unwrap_or_default())
            .collect()
    }

    fn allowed(&self, request: &Request) -> bool {
        let (port, endpoints) = match super::sidecar_policy_point(&self.cluster, request) {
            Ok(reached) => reached,
            Err(allowed) => return allowed,
        };
        let client = identity_string(&request.source, &self.cluster.naming.trust_domain);
        endpoints.into_iter().all(|workload| {
            let Some(pod_port) = workload.resolve(&port.target_port) else {
                return false;
            };
            self.allowed_on(workload, pod_port, &client, request)
        })
    }

    fn allowed_on(
        &self,
        workload: &Workload,
        pod_port: u16,
        client: &str,
        request: &Request,
    ) -> bool {
        let Some(server) = self.servers.iter().find(|s| {
            // The backend always writes a number; a port name is not modelled.
            selects(s, workload) && s.spec.port == IntOrString::Int(i32::from(pod_port))
        }) else {
            return self.default_policy.allows();
        };
        let server_namespace = server.metadata.namespace.as_deref().unwrap_or_default();
        let server_name = server.metadata.name.as_deref().unwrap_or_default();
        if server.spec.access_policy.as_deref().unwrap_or("deny") != "deny" {
            // Only `deny` (the CRD default) is emitted; another would need its own model.
            return false;
        }
        let http = match server.spec.proxy_protocol.as_deref().unwrap_or("unknown") {
            "HTTP/1" | "HTTP/2" | "gRPC" | "unknown" => request.protocol == Protocol::Http,
            _ => false,
        };
        let routes: Vec<&Route> = self
            .policy_routes
            .iter()
            .filter(|r| {
                r.namespace == server_namespace
                    && r.parents.iter().any(|p| {
                        p.group == "policy.linkerd.io"
                            && p.kind == "Server"
                            && p.name == server_name
                    })
            })
            .collect();
        if !http || routes.is_empty() {
            return self.authorized(server_namespace, "Server", server_name, client);
        }
        let Some((route, _)) = best_rule(&routes, request) else {
            // No route matches: refused (404).
            return false;
        };
        self.authorized(&route.namespace, "HTTPRoute", &route.name, client)
    }

    /// Whether some AuthorizationPolicy targeting `kind/name` in `namespace` admits `client`.
    fn authorized(&self, namespace: &str, kind: &str, name: &str, client: &str) -> bool {
        self.policies.iter().any(|p| {
            p.metadata.namespace.as_deref() == Some(namespace)
                && p.spec.target_ref.group.as_deref() == Some("policy.linkerd.io")
                && p.spec.target_ref.kind == kind
                && p.spec.target_ref.name == name
                && p.spec.required_authentication_refs.iter().all(|r| {
                    r.kind == "MeshTLSAuthentication"
                        && self.authentications.iter().any(|a| {
                            a.metadata.namespace.as_deref() == Some(namespace)
                                && a.metadata.name.as_deref() == Some(r.name.as_str())
                                && a.spec
                                    .identities
                                    .iter()
                                    .flatten()
                                    .any(|i| i == "*" || i == client)
                        })
                })
        })
    }

    fn route(&self, request: &Request) -> Option<Vec<(ServiceId, u32)>> {
        let destination = &request.destination;
        let port = self
            .cluster
            .services
            .get(destination)?
            .ports
            .get(&request.port)?;
        if port.transport != Transport::Tcp || request.protocol == Protocol::Udp {
            return None;
        }
        let http = request.protocol == Protocol::Http
            && !matches!(port.protocol, AppProtocol::Tcp | AppProtocol::Tls);
        let host = self.cluster.naming.service_host(destination);
        if let Some(profile) = self.profiles.iter().find(|p| {
            p.metadata.namespace.as_deref() == Some(destination.namespace.as_str())
                && p.metadata.name.as_deref() == Some(host.as_str())
        }) {
            // A ServiceProfile takes precedence over routes; it splits HTTP only.
            let overrides = profile.spec.dst_overrides.as_deref().unwrap_or_default();
            if !http || overrides.is_empty() {
                return None;
            }
            return Some(
                overrides
                    .iter()
                    .filter_map(|d| {
                        // The backend writes whole numbers (a quantity such as `500m` is not
                        // modelled).
                        let IntOrString::Int(w) = d.weight.as_ref()? else {
                            return None;
                        };
                        let service = self.service_of_host(d.authority.as_deref()?)?;
                        Some((service, u32::try_from(*w).ok()?))
                    })
                    .collect(),
            );
        }
        let parent = |route: &Route| {
            route.namespace == destination.namespace
                && route.parents.iter().any(|p| {
                    p.group.is_empty()
                        && p.kind == "Service"
                        && p.name == destination.name
                        && p.port.is_none_or(|x| x == i32::from(request.port))
                })
        };
        if http {
            let routes: Vec<&Route> = self.http_routes.iter().filter(|r| parent(r)).collect();
            if !routes.is_empty() {
                let Some((route, rule)) = best_rule(&routes, request) else {
                    // Routes attached, none matching: Gateway API answers 404.
                    return Some(Vec::new());
                };
                return Some(self.backends(&route.namespace, &route.rules[rule].backends));
            }
        }
        let route = self.tcp_routes.iter().find(|r| parent(r))?;
        let rule = route.rules.first()?;
        Some(self.backends(&route.namespace, &rule.backends))
    }

    fn backends(&self, namespace: &str, refs: &[(String, u32)]) -> Vec<(ServiceId, u32)> {
        refs.iter()
            .map(|(name, weight)| (ServiceId::new(namespace, name), *weight))
            .collect()
    }

    /// `<name>.<namespace>.svc.<cluster-domain>` → the Service.
    fn service_of_host(&self, host: &str) -> Option<ServiceId> {
        let suffix = format!(".svc.{}", self.cluster.naming.cluster_domain);
        let (name, namespace) = host.strip_suffix(&suffix)?.split_once('.')?;
        Some(ServiceId::new(namespace, name))
    }
}

impl Interpreter for LinkerdInterpreter {
    fn name(&self) -> &'static str {
        "linkerd"
    }

    fn decide(&self, request: &Request) -> Decision {
        Decision {
            allowed: self.allowed(request),
            split: self.route(request),
        }
    }
}

/// Whether the Server's `podSelector.matchLabels` all hold on the workload's pods (the backend
/// writes no `matchExpressions`; a Server without a pod selector selects no pod here).
fn selects(server: &Server, workload: &Workload) -> bool {
    let Some(selector) = &server.spec.pod_selector else {
        return false;
    };
    server.metadata.namespace.as_deref() == Some(workload.id.namespace.as_str())
        && selector
            .match_labels
            .iter()
            .flatten()
            .all(|(k, v)| workload.pod_labels.get(k).map(String::as_str) == v.as_str())
}

/// The winning `(route, rule index)` among `routes` (sorted by name) for `request`, by Linkerd's
/// precedence; the first wins a tie.
fn best_rule<'a>(routes: &[&'a Route], request: &Request) -> Option<(&'a Route, usize)> {
    let mut best: Option<(Rank, &'a Route, usize)> = None;
    for route in routes {
        for (i, rule) in route.rules.iter().enumerate() {
            let rank = if rule.matches.is_empty() {
                Some((1, 0, false))
            } else {
                rule.matches
                    .iter()
                    .filter_map(|m| match_rank(m, request))
                    .max()
            };
            let Some(rank) = rank else { continue };
            if best
                .as_ref()
                .is_none_or(|(b, _, _)| rank.cmp(b) == Ordering::Greater)
            {
                best = Some((rank, route, i));
            }
        }
    }
    best.map(|(_, r, i)| (r, i))
}

/// The rank of `m` for `request`, if it matches.
pub fn match_rank(m: &RouteMatch, request: &Request) -> Option<Rank> {
    let path = &request.path;
    let path_len = match m.path_type.as_str() {
        "Exact" => (m.path == *path).then_some(path.len())?,
        "PathPrefix" => {
            if m.path == "/" {
                1
            } else {
                let prefix = m.path.trim_end_matches('/');
                let rest = path.trim_end_matches('/').strip_prefix(prefix)?;
                if !(rest.is_empty() || rest.starts_with('/')) {
                    return None;
                }
                prefix.len()
            }
        }
        "RegularExpression" => {
            let re = Regex::new(&m.path).ok()?;
            let found = re.find(path)?;
            (found.start() == 0 && found.end() == path.len()).then_some(path.len())?
        }
        _ => return None,
    };
    if let Some(method) = &m.method
        && method != request.method.as_str()
    {
        return None;
    }
    let headers_ok = m.headers.iter().all(|(kind, name, expected)| {
        let Some(value) = request.headers.get(&name.to_ascii_lowercase()) else {
            return false;
        };
        match kind.as_str() {
            "Exact" => expected == value,
            "RegularExpression" => Regex::new(expected).is_ok_and(|re| re.is_match(value)),
            _ => false,
        }
    });
    headers_ok.then_some((path_len, m.headers.len(), m.method.is_some()))
}

/// Whether the Linkerd backend reported failing closed for this grantor:
///
/// - an error that the endpoint workload gets no Server (`linkerd-selector-not-exclusive`; its
///   message names the workload), so the default inbound policy (`deny` here) applies;
/// - for a grantor admitting only by HTTP matches: every admitting match was refused
///   (`linkerd-match-not-expressible`, ``match `NAME` of GROUP:``), or the TrafficTarget's HTTP
///   grant lands on an opaque port (`linkerd-http-grant-on-opaque-port`);
/// - the documented overlap of routes with different clients (`linkerd-overlapping-routes`, a
///   warning whose message names the endpoint's Server and every TrafficTarget involved):
///   `docs/linkerd.md` says the clients of the route not picked are refused, never more
///   allowed. This one is a warning, not an error; it is tolerated because the backend
///   documents exactly this refusal.
pub fn reported_fail_closed<'a>(
    diagnostics: &'a [Diagnostic],
    interpreter: &'a LinkerdInterpreter,
) -> impl Fn(&Grantor) -> bool + 'a {
    move |g| {
        if super::reported_no_selector(diagnostics, codes::SELECTOR_NOT_EXCLUSIVE, &g.workload) {
            return true;
        }
        if let Some(workload) = interpreter.cluster.workloads.get(&g.workload) {
            let servers: Vec<Related> = interpreter
                .servers_of(workload)
                .into_iter()
                .map(|s| Related::Object(ObjectRef::new("Server", &g.workload.namespace, s)))
                .collect();
            let grantor = Related::Object(g.origin.clone());
            if diagnostics.iter().any(|d| {
                d.code == codes::OVERLAPPING_ROUTES
                    && servers.iter().any(|s| d.related.contains(s))
                    && d.related.contains(&grantor)
            }) {
                return true;
            }
        }
        let errors: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.object == g.origin)
            .collect();
        if g.by_transport || g.matches.is_empty() {
            return false;
        }
        errors
            .iter()
            .any(|d| d.code == codes::HTTP_GRANT_ON_OPAQUE_PORT)
            || g.matches.iter().all(|(group, name)| {
                errors.iter().any(|d| {
                    d.code == codes::MATCH_NOT_EXPRESSIBLE && super::relates_match(d, group, name)
                })
            })
    }
}
