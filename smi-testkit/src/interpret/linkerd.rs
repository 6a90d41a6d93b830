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
//! **Route matching** (inbound and outbound) and its precedence are Gateway API's, as
//! Linkerd's proxy implements them; **splits** follow GAMMA,
//! <https://gateway-api.sigs.k8s.io/mesh/> (Service-parent HTTPRoutes and TCPRoutes). Both are
//! modelled once for every interpreter that reads routes (the `gateway_api` module), except:
//!
//! - A `linkerd.io/v1alpha2` ServiceProfile named `<svc>.<ns>.svc.<cluster-domain>` in the
//!   Service's namespace takes precedence over routes (Linkerd HTTPRoute reference); its
//!   `dstOverrides` split HTTP requests by weight (the request's port is kept); it does not apply
//!   to opaque traffic.

use super::Interpreter;
pub use super::gateway_api::{Rank, RouteMatch, match_rank};
use super::gateway_api::{
    Route, ServiceRoutes, best_rule, by_name, read_http_route, read_tcp_route,
};
use crate::evaluate::{Decision, Grantor};
use crate::request::{Protocol, Request};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use smi_translate::MeshGraph;
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
    /// `gateway.networking.k8s.io` HTTPRoutes and TCPRoutes (parent: a Service).
    service_routes: ServiceRoutes,
    profiles: Vec<ServiceProfile>,
}

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
            service_routes: ServiceRoutes::default(),
            profiles: Vec::new(),
        };
        for object in objects {
            match object {
                LinkerdObject::Server(s) => me.servers.push(s.clone()),
                LinkerdObject::MeshTlsAuthentication(a) => me.authentications.push(a.clone()),
                LinkerdObject::AuthorizationPolicy(p) => me.policies.push(p.clone()),
                LinkerdObject::PolicyHttpRoute(r) => me.policy_routes.push(read_http_route!(r)),
                LinkerdObject::HttpRoute(r) => me.service_routes.requests.push(read_http_route!(r)),
                LinkerdObject::TcpRoute(r) => me.service_routes.connections.push(read_tcp_route(r)),
                LinkerdObject::ServiceProfile(p) => me.profiles.push(p.clone()),
                // Skipping an object would interpret a cluster other than the one emitted.
                other => panic!("the Linkerd interpreter does not know {other:?}"),
            }
        }
        // Ties between routes go by name (Gateway API: creation time, then name).
        me.policy_routes.sort_by(by_name);
        me.service_routes.sort();
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
        self.service_routes.route(&self.cluster, request)
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
