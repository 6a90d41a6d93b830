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
use regex::Regex;
use smi_translate::MeshGraph;
use smi_translate::backend::linkerd::codes;
use smi_translate::backend::linkerd::types::{
    AuthorizationPolicy, BackendRef, HttpRoute, HttpRouteMatch, LinkerdObject,
    MeshTlsAuthentication, ParentRef, Server, ServiceProfile, TcpRoute,
};
use smi_translate::backend::linkerd::{Linkerd, identity_string};
use smi_translate::backend::{Backend, Emitted};
use smi_translate::graph::{AppProtocol, Diagnostic, ServiceId, Severity, Transport, Workload};
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
    policy_routes: Vec<HttpRoute>,
    /// `gateway.networking.k8s.io` HTTPRoutes (parent: a Service).
    http_routes: Vec<HttpRoute>,
    tcp_routes: Vec<TcpRoute>,
    profiles: Vec<ServiceProfile>,
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
                LinkerdObject::HttpRoute(r) if r.api_version.starts_with("policy.linkerd.io/") => {
                    me.policy_routes.push(r.clone())
                }
                LinkerdObject::HttpRoute(r) => me.http_routes.push(r.clone()),
                LinkerdObject::TcpRoute(r) => me.tcp_routes.push(r.clone()),
                LinkerdObject::ServiceProfile(p) => me.profiles.push(p.clone()),
            }
        }
        // Ties between routes go by name (Gateway API: creation time, then name).
        let by_name = |a: &HttpRoute, b: &HttpRoute| {
            (&a.metadata.namespace, &a.metadata.name)
                .cmp(&(&b.metadata.namespace, &b.metadata.name))
        };
        me.policy_routes.sort_by(by_name);
        me.http_routes.sort_by(by_name);
        me.tcp_routes.sort_by(|a, b| {
            (&a.metadata.namespace, &a.metadata.name)
                .cmp(&(&b.metadata.namespace, &b.metadata.name))
        });
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
            .map(|s| s.metadata.name.as_str())
            .collect()
    }

    fn allowed(&self, request: &Request) -> bool {
        let Some(service) = self.cluster.services.get(&request.destination) else {
            return false;
        };
        let Some(port) = service.ports.get(&request.port) else {
            return false;
        };
        let udp_port = port.transport == Transport::Udp;
        if udp_port != (request.protocol == Protocol::Udp) || port.transport == Transport::Sctp {
            return false;
        }
        let endpoints: Vec<&Workload> = match &request.endpoint {
            Some(id) if service.workloads.contains(id) => {
                self.cluster.workloads.get(id).into_iter().collect()
            }
            Some(_) => Vec::new(),
            None => service
                .workloads
                .iter()
                .filter_map(|id| self.cluster.workloads.get(id))
                .collect(),
        };
        if endpoints.is_empty() {
            return false;
        }
        if request.protocol == Protocol::Udp {
            // Linkerd does not proxy UDP: no policy is consulted.
            return true;
        }
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
            // The emitted `port` is always a number (the type has no named form).
            selects(s, workload) && s.spec.port == pod_port
        }) else {
            return self.default_policy.allows();
        };
        if server.spec.access_policy != "deny" {
            // Only `deny` is emitted; another default would need its own model.
            return false;
        }
        let http = match server.spec.proxy_protocol {
            "HTTP/1" | "HTTP/2" | "gRPC" | "unknown" => request.protocol == Protocol::Http,
            _ => false,
        };
        let routes: Vec<&HttpRoute> = self
            .policy_routes
            .iter()
            .filter(|r| {
                r.metadata.namespace == server.metadata.namespace
                    && r.spec.parent_refs.iter().any(|p| {
                        p.group == "policy.linkerd.io"
                            && p.kind == "Server"
                            && p.name == server.metadata.name
                    })
            })
            .collect();
        if !http || routes.is_empty() {
            return self.authorized(
                &server.metadata.namespace,
                "Server",
                &server.metadata.name,
                client,
            );
        }
        let Some((route, _)) = best_rule(&routes, request) else {
            // No route matches: refused (404).
            return false;
        };
        self.authorized(
            &route.metadata.namespace,
            "HTTPRoute",
            &route.metadata.name,
            client,
        )
    }

    /// Whether some AuthorizationPolicy targeting `kind/name` in `namespace` admits `client`.
    fn authorized(&self, namespace: &str, kind: &str, name: &str, client: &str) -> bool {
        self.policies.iter().any(|p| {
            p.metadata.namespace == namespace
                && p.spec.target_ref.group == "policy.linkerd.io"
                && p.spec.target_ref.kind == kind
                && p.spec.target_ref.name == name
                && p.spec.required_authentication_refs.iter().all(|r| {
                    r.kind == "MeshTLSAuthentication"
                        && self.authentications.iter().any(|a| {
                            a.metadata.namespace == namespace
                                && a.metadata.name == r.name
                                && a.spec.identities.iter().any(|i| i == "*" || i == client)
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
        if let Some(profile) = self
            .profiles
            .iter()
            .find(|p| p.metadata.namespace == destination.namespace && p.metadata.name == host)
        {
            // A ServiceProfile takes precedence over routes; it splits HTTP only.
            if !http || profile.spec.dst_overrides.is_empty() {
                return None;
            }
            return Some(
                profile
                    .spec
                    .dst_overrides
                    .iter()
                    .filter_map(|d| Some((self.service_of_host(&d.authority)?, d.weight)))
                    .collect(),
            );
        }
        let parent = |parents: &[ParentRef], namespace: &str| {
            namespace == destination.namespace
                && parents.iter().any(|p| {
                    p.group.is_empty()
                        && p.kind == "Service"
                        && p.name == destination.name
                        && p.port.is_none_or(|x| x == request.port)
                })
        };
        if http {
            let routes: Vec<&HttpRoute> = self
                .http_routes
                .iter()
                .filter(|r| parent(&r.spec.parent_refs, &r.metadata.namespace))
                .collect();
            if !routes.is_empty() {
                let Some((route, rule)) = best_rule(&routes, request) else {
                    // Routes attached, none matching: Gateway API answers 404.
                    return Some(Vec::new());
                };
                return Some(self.backends(
                    &route.metadata.namespace,
                    &route.spec.rules[rule].backend_refs,
                ));
            }
        }
        let route = self
            .tcp_routes
            .iter()
            .find(|r| parent(&r.spec.parent_refs, &r.metadata.namespace))?;
        let rule = route.spec.rules.first()?;
        Some(self.backends(&route.metadata.namespace, &rule.backend_refs))
    }

    fn backends(&self, namespace: &str, refs: &[BackendRef]) -> Vec<(ServiceId, u32)> {
        refs.iter()
            .map(|b| (ServiceId::new(namespace, &b.name), b.weight))
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

fn selects(server: &Server, workload: &Workload) -> bool {
    server.metadata.namespace == workload.id.namespace
        && server
            .spec
            .pod_selector
            .match_labels
            .iter()
            .all(|(k, v)| workload.pod_labels.get(k) == Some(v))
}

/// The winning `(route, rule index)` among `routes` (sorted by name) for `request`, by Linkerd's
/// precedence; the first wins a tie.
fn best_rule<'a>(routes: &[&'a HttpRoute], request: &Request) -> Option<(&'a HttpRoute, usize)> {
    let mut best: Option<(Rank, &'a HttpRoute, usize)> = None;
    for route in routes {
        for (i, rule) in route.spec.rules.iter().enumerate() {
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
pub fn match_rank(m: &HttpRouteMatch, request: &Request) -> Option<Rank> {
    let path = &request.path;
    let path_len = match m.path.kind {
        "Exact" => (m.path.value == *path).then_some(path.len())?,
        "PathPrefix" => {
            if m.path.value == "/" {
                1
            } else {
                let prefix = m.path.value.trim_end_matches('/');
                let rest = path.trim_end_matches('/').strip_prefix(prefix)?;
                if !(rest.is_empty() || rest.starts_with('/')) {
                    return None;
                }
                prefix.len()
            }
        }
        "RegularExpression" => {
            let re = Regex::new(&m.path.value).ok()?;
            let found = re.find(path)?;
            (found.start() == 0 && found.end() == path.len()).then_some(path.len())?
        }
        _ => return None,
    };
    if let Some(method) = m.method
        && method != request.method.as_str()
    {
        return None;
    }
    let headers_ok = m.headers.iter().all(|h| {
        let Some(value) = request.headers.get(&h.name.to_ascii_lowercase()) else {
            return false;
        };
        match h.kind {
            "Exact" => h.value == *value,
            "RegularExpression" => Regex::new(&h.value).is_ok_and(|re| re.is_match(value)),
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
        let no_server = format!("no Server for {}:", g.workload);
        if diagnostics.iter().any(|d| {
            d.severity == Severity::Error
                && d.code == codes::SELECTOR_NOT_EXCLUSIVE
                && d.message.contains(&no_server)
        }) {
            return true;
        }
        if let Some(workload) = interpreter.cluster.workloads.get(&g.workload) {
            let servers = interpreter.servers_of(workload);
            if diagnostics.iter().any(|d| {
                d.code == codes::OVERLAPPING_ROUTES
                    && servers
                        .iter()
                        .any(|s| d.message.contains(&format!("on Server `{s}`,")))
                    && overlap_names(&d.message).any(|n| n == g.origin.name)
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
                let needle = format!("match `{name}` of {group}:");
                errors
                    .iter()
                    .any(|d| d.code == codes::MATCH_NOT_EXPRESSIBLE && d.message.contains(&needle))
            })
    }
}

/// The TrafficTarget names in an overlap warning's `[a, b] and [c]` lists.
fn overlap_names(message: &str) -> impl Iterator<Item = &str> {
    let body = message.split_once("granted by ").map_or("", |(_, rest)| {
        rest.split_once("; ").map_or(rest, |(b, _)| b)
    });
    body.split(['[', ']'])
        .skip(1)
        .step_by(2)
        .flat_map(|list| list.split(", "))
}
