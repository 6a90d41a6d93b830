//! Authorizations → Server per destination workload port, MeshTLSAuthentication per
//! TrafficTarget, AuthorizationPolicy per grant, and `policy.linkerd.io` HTTPRoutes for HTTP grants.
//!
//! Linkerd authorizes an HTTP request by the ONE route it matches (and refuses requests matching
//! no route once a Server has routes). So the routes of a Server are grouped by the exact set of
//! TrafficTargets that grant them: each distinct match goes to the route of its set, and each
//! TrafficTarget of the set gets its own AuthorizationPolicy on that route. A request matching
//! `m` is then allowed for exactly the clients of the TrafficTargets granting `m`.

use super::generated::authorizationpolicies::{
    AuthorizationPolicy, AuthorizationPolicyRequiredAuthenticationRefs, AuthorizationPolicySpec,
    AuthorizationPolicyTargetRef,
};
use super::generated::httproutes::{self as policy_routes, HttpRoute, HttpRouteSpec};
use super::generated::meshtlsauthentications::{MeshTlsAuthentication, MeshTlsAuthenticationSpec};
use super::generated::servers::{Server, ServerPodSelector, ServerSpec};
use super::matches::{contains, disjoint, preferred, render};
use super::types::LinkerdObject;
use super::{codes, identity_string, object_meta, object_name};
use crate::backend::MetadataTemplate;
use crate::backend::gateway_api::matches::{RouteMatch, http_route_match};
use crate::backend::naming::kind_name;
use crate::backend::workloads::{exclusive_labels, report_portless, serviceless_ports};
use crate::graph::{
    self, AppProtocol, Authorization, Diagnostic, Grant, GraphIndex, Identity, MeshGraph, PortSet,
    Related, Transport, Workload,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, BTreeSet};

/// Linkerd's policy HTTPRoute takes at most 16 rules of at most 8 matches (fewer than Gateway
/// API's).
const MAX_RULES: usize = 16;
const MAX_MATCHES_PER_RULE: usize = 8;
const POLICY_GROUP: &str = "policy.linkerd.io";

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<LinkerdObject> {
    let index = graph.index();
    if !graph.authorizations.is_empty() || graph.emit_default_deny {
        diagnostics.push(
            Diagnostic::warning(
                codes::DEFAULT_INBOUND_POLICY,
                graph::ObjectRef::new("Linkerd", "", "default-inbound-policy"),
                "",
                "Linkerd has no object for a mesh-wide default deny: pods and ports that no emitted Server selects follow the cluster's default inbound policy (`all-unauthenticated` unless changed)",
            )
            .about_output()
            .with_help(
                "install Linkerd with `proxy.defaultInboundPolicy: deny`, or annotate namespaces with `config.linkerd.io/default-inbound-policy: deny`",
            ),
        );
    }
    let mut objects = Vec::new();
    for (destination, _) in index.authorizations_by_destination() {
        objects.extend(destination_objects(graph, &index, destination, diagnostics));
    }
    objects
}

/// The objects protecting `destination`: a Server per port of each of its workloads, with
/// the policies and routes of what the authorizations protecting it grant there, and a
/// MeshTLSAuthentication per authorization that grants anything; `index` answers about its
/// namespace and those authorizations. None when no authorization protects it.
pub(super) fn destination_objects(
    graph: &MeshGraph,
    index: &GraphIndex<'_>,
    destination: &Identity,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<LinkerdObject> {
    let auths = index.authorizations_to(destination);
    if auths.is_empty() {
        return Vec::new();
    }
    for auth in auths {
        for grant in &auth.grants {
            if let Grant::Udp { .. } = grant {
                diagnostics.push(
                    Diagnostic::error(
                        codes::UDP_UNSUPPORTED,
                        auth.origin.clone(),
                        "spec.rules",
                        "Linkerd does not proxy UDP, so this UDP grant cannot be expressed; it grants nothing",
                    )
                    .with_help("enforce UDP access with a NetworkPolicy"),
                );
            }
        }
    }
    let mut used = BTreeSet::new();
    let mut policies = Vec::new();
    let origin = auths.first().map(|a| a.origin.clone()).unwrap_or_default();
    for workload in index.workloads_of(destination) {
        let Some(selector) = exclusive_selector(workload, index, &origin, diagnostics) else {
            continue;
        };
        report_portless(
            workload,
            index,
            auths,
            codes::NO_DESTINATION_PORTS,
            diagnostics,
        );
        for (port, protocols) in workload_ports(index, workload, auths) {
            let protocol = match protocols.len() {
                0 => AppProtocol::Unknown,
                1 => protocols.first().copied().unwrap_or(AppProtocol::Unknown),
                _ => {
                    diagnostics.push(Diagnostic::warning(
                        codes::PROTOCOL_CONFLICT,
                        origin.clone(),
                        "spec.destination",
                        format!(
                            "Services give pod port {port} of {} different protocols ({protocols:?}); its Server uses protocol detection (`unknown`)",
                            workload.id
                        ),
                    ));
                    AppProtocol::Unknown
                }
            };
            let server = PortServer {
                name: object_name(&[
                    "smi",
                    kind_name(workload.id.kind),
                    &workload.id.name,
                    &port.to_string(),
                ]),
                namespace: workload.id.namespace.clone(),
                port,
                protocol,
            };
            policies.push(LinkerdObject::Server(Server {
                metadata: object_meta(
                    &graph.metadata,
                    server.name.clone(),
                    server.namespace.clone(),
                ),
                spec: ServerSpec {
                    pod_selector: Some(selector.clone()),
                    port: IntOrString::Int(i32::from(port)),
                    proxy_protocol: Some(proxy_protocol(protocol).to_owned()),
                    access_policy: Some("deny".to_owned()),
                    ..Default::default()
                },
            }));
            policies.extend(server_policies(
                &graph.metadata,
                &server,
                auths,
                &mut used,
                diagnostics,
            ));
        }
    }
    let mut objects = Vec::new();
    for (i, auth) in auths.iter().enumerate() {
        if used.contains(&i) {
            objects.push(LinkerdObject::MeshTlsAuthentication(
                MeshTlsAuthentication {
                    metadata: object_meta(
                        &graph.metadata,
                        authn_name(auth),
                        auth.destination.namespace.clone(),
                    ),
                    spec: MeshTlsAuthenticationSpec {
                        identities: Some(
                            auth.sources
                                .iter()
                                .map(|s| identity_string(s, &graph.naming.trust_domain))
                                .collect(),
                        ),
                        identity_refs: None,
                    },
                },
            ));
        }
    }
    objects.extend(policies);
    objects
}

/// A Server being emitted.
struct PortServer {
    name: String,
    namespace: String,
    port: u16,
    protocol: AppProtocol,
}

impl PortServer {
    /// The Server, as an object reference.
    fn object_ref(&self) -> graph::ObjectRef {
        graph::ObjectRef::new("Server", &self.namespace, &self.name)
    }
}

fn authn_name(auth: &Authorization) -> String {
    object_name(&["smi", &auth.origin.name, "clients"])
}

fn proxy_protocol(protocol: AppProtocol) -> &'static str {
    match protocol {
        AppProtocol::Http => "HTTP/1",
        AppProtocol::Http2 => "HTTP/2",
        AppProtocol::Grpc => "gRPC",
        AppProtocol::Tcp => "opaque",
        AppProtocol::Tls => "TLS",
        AppProtocol::Udp | AppProtocol::Unknown => "unknown",
    }
}

/// Whether Linkerd sees HTTP requests on a Server of this protocol (`unknown` detects HTTP; a
/// connection detected as not HTTP matches no route and is refused).
fn sees_http(protocol: AppProtocol) -> bool {
    protocol.is_http() || protocol == AppProtocol::Unknown
}

/// The workload's TCP pod ports behind its Services, plus the ports its grants name, with the
/// protocols the Services declare for them.
fn workload_ports(
    index: &GraphIndex<'_>,
    workload: &Workload,
    auths: &[&Authorization],
) -> BTreeMap<u16, BTreeSet<AppProtocol>> {
    let mut ports: BTreeMap<u16, BTreeSet<AppProtocol>> = BTreeMap::new();
    for (port, protocol) in serviceless_ports(workload, index).into_iter().flatten() {
        ports.entry(*port).or_default().insert(*protocol);
    }
    for service in index.services_of(&workload.id) {
        for sp in service.ports.values() {
            if sp.transport != Transport::Tcp {
                continue;
            }
            if let Some(port) = workload.resolve(&sp.target_port) {
                ports.entry(port).or_default().insert(sp.protocol);
            }
        }
    }
    for auth in auths {
        for grant in &auth.grants {
            if let Grant::Tcp {
                ports: PortSet::Only(set),
            }
            | Grant::Http {
                ports: PortSet::Only(set),
                ..
            } = grant
            {
                for port in set {
                    ports.entry(*port).or_default();
                }
            }
        }
    }
    ports
}

/// What an AuthorizationPolicy authorizes: a Server or a policy HTTPRoute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PolicyTarget {
    Server,
    HttpRoute,
}

fn policy(
    metadata: &MetadataTemplate,
    name: String,
    namespace: &str,
    target: PolicyTarget,
    target_name: &str,
    auth: &Authorization,
) -> LinkerdObject {
    LinkerdObject::AuthorizationPolicy(AuthorizationPolicy {
        metadata: object_meta(metadata, name, namespace.to_owned()),
        spec: AuthorizationPolicySpec {
            target_ref: AuthorizationPolicyTargetRef {
                group: Some(POLICY_GROUP.to_owned()),
                kind: match target {
                    PolicyTarget::Server => "Server",
                    PolicyTarget::HttpRoute => "HTTPRoute",
                }
                .to_owned(),
                name: target_name.to_owned(),
            },
            required_authentication_refs: vec![AuthorizationPolicyRequiredAuthenticationRefs {
                group: Some(POLICY_GROUP.to_owned()),
                kind: "MeshTLSAuthentication".to_owned(),
                name: authn_name(auth),
                namespace: None,
            }],
        },
    })
}

/// The AuthorizationPolicies and HTTPRoutes of one Server.
fn server_policies(
    metadata: &MetadataTemplate,
    server: &PortServer,
    auths: &[&Authorization],
    used: &mut BTreeSet<usize>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<LinkerdObject> {
    let mut out = Vec::new();
    // TrafficTargets granting everything on the port (raw TCP).
    let mut everything: BTreeSet<usize> = BTreeSet::new();
    // Each distinct request match → the TrafficTargets granting it.
    let mut granted: BTreeMap<RouteMatch, BTreeSet<usize>> = BTreeMap::new();
    for (i, auth) in auths.iter().enumerate() {
        if auth.sources.is_empty() {
            continue;
        }
        for grant in &auth.grants {
            match grant {
                Grant::Tcp { ports } if ports.contains(server.port) => {
                    everything.insert(i);
                }
                Grant::Http { ports, matches } if ports.contains(server.port) => {
                    if !sees_http(server.protocol) {
                        // "Every port" includes opaque ones, where no HTTP request can arrive.
                        if *ports == PortSet::All {
                            continue;
                        }
                        diagnostics.push(
                            Diagnostic::error(
                                codes::HTTP_GRANT_ON_OPAQUE_PORT,
                                auth.origin.clone(),
                                "spec.rules",
                                format!(
                                    "pod port {} is declared {:?}, so Linkerd does not see HTTP requests on it (Server `{}`); this HTTP grant gives nothing there",
                                    server.port, server.protocol, server.name
                                ),
                            )
                            .with_help("declare the Service port as HTTP (appProtocol or an `http-` name), or grant TCP")
                            .with_related(Related::PodPort(server.port))
                            .with_related(Related::Object(server.object_ref())),
                        );
                        continue;
                    }
                    for m in matches {
                        match render(m) {
                            Ok(rendered) => {
                                for r in rendered {
                                    granted.entry(r).or_default().insert(i);
                                }
                            }
                            Err(why) => diagnostics.push(
                                Diagnostic::error(
                                    codes::MATCH_NOT_EXPRESSIBLE,
                                    auth.origin.clone(),
                                    "spec.rules",
                                    format!(
                                        "match `{}` of {}: {why}; it grants nothing",
                                        m.name, m.group
                                    ),
                                )
                                .with_related(m.related()),
                            ),
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for &i in &everything {
        used.insert(i);
        out.push(policy(
            metadata,
            object_name(&[&server.name, &auths[i].origin.name]),
            &server.namespace,
            PolicyTarget::Server,
            &server.name,
            auths[i],
        ));
    }
    if granted.is_empty() {
        return out;
    }
    // Clients granted raw TCP may send requests that match no other route: a route for every
    // request keeps them from being refused as "no route".
    if !everything.is_empty() {
        granted.entry(RouteMatch::every_request()).or_default();
    }
    // A match contained in another is granted to the other's clients too (an HTTP match of
    // every request contains all), and clients granted raw TCP may send any request: each must
    // pass whichever route Linkerd picks for a request.
    let before = granted.clone();
    for (inner, set) in granted.iter_mut() {
        set.extend(everything.iter().copied());
        for (outer, outer_set) in &before {
            if contains(outer, inner) {
                set.extend(outer_set.iter().copied());
            }
        }
    }
    let mut groups: BTreeMap<BTreeSet<usize>, Vec<RouteMatch>> = BTreeMap::new();
    for (m, set) in granted {
        groups.entry(set).or_default().push(m);
    }
    overlap_warning(server, &groups, auths, diagnostics);
    for (gi, (set, matches)) in groups.iter().enumerate() {
        let chunks: Vec<&[RouteMatch]> = matches.chunks(MAX_RULES * MAX_MATCHES_PER_RULE).collect();
        for (ci, chunk) in chunks.iter().enumerate() {
            let suffix = if chunks.len() == 1 {
                format!("r{gi}")
            } else {
                format!("r{gi}-{ci}")
            };
            let route_name = object_name(&[&server.name, &suffix]);
            out.push(LinkerdObject::PolicyHttpRoute(HttpRoute {
                metadata: object_meta(metadata, route_name.clone(), server.namespace.clone()),
                spec: HttpRouteSpec {
                    parent_refs: Some(vec![policy_routes::HttpRouteParentRefs {
                        group: Some(POLICY_GROUP.to_owned()),
                        kind: Some("Server".to_owned()),
                        name: server.name.clone(),
                        ..Default::default()
                    }]),
                    rules: Some(
                        chunk
                            .chunks(MAX_MATCHES_PER_RULE)
                            .map(|ms| policy_routes::HttpRouteRules {
                                matches: Some(
                                    ms.iter()
                                        .map(|m| http_route_match!(m, policy_routes))
                                        .collect(),
                                ),
                                ..Default::default()
                            })
                            .collect(),
                    ),
                    ..Default::default()
                },
                status: None,
            }));
            for &i in set {
                used.insert(i);
                out.push(policy(
                    metadata,
                    object_name(&[&route_name, &auths[i].origin.name]),
                    &server.namespace,
                    PolicyTarget::HttpRoute,
                    &route_name,
                    auths[i],
                ));
            }
        }
    }
    out
}

/// Warns when routes with different clients may match one request: Linkerd then authorizes by
/// the route it picks, and clients of the other are refused (never more than was granted).
fn overlap_warning(
    server: &PortServer,
    groups: &BTreeMap<BTreeSet<usize>, Vec<RouteMatch>>,
    auths: &[&Authorization],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let names = |set: &BTreeSet<usize>| -> String {
        set.iter()
            .map(|&i| auths[i].origin.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let list: Vec<(&BTreeSet<usize>, &Vec<RouteMatch>)> = groups.iter().collect();
    let mut pairs = Vec::new();
    let mut named = BTreeSet::new();
    let mut involved = BTreeSet::new();
    for (a, (set_a, ms_a)) in list.iter().enumerate() {
        for (set_b, ms_b) in list.iter().skip(a + 1) {
            // Overlaps where Gateway API precedence picks the narrower match (whose clients are
            // a superset, see above) are exact.
            let overlap = ms_a.iter().any(|x| {
                ms_b.iter().any(|y| {
                    let exact = disjoint(x, y)
                        || (contains(y, x) && preferred(x, y))
                        || (contains(x, y) && preferred(y, x));
                    !exact
                })
            });
            // Only a difference in clients can refuse a granted request.
            if !overlap || clients(set_a, auths) == clients(set_b, auths) {
                continue;
            }
            involved.extend(set_a.symmetric_difference(set_b).copied());
            named.extend(set_a.union(set_b).copied());
            pairs.push(format!("[{}] and [{}]", names(set_a), names(set_b)));
        }
    }
    // One warning per Server, on the first TrafficTarget whose grant may be cut short.
    let Some(&first) = involved.first() else {
        return;
    };
    let mut warning = Diagnostic::warning(
            codes::OVERLAPPING_ROUTES,
            auths[first].origin.clone(),
            "spec.rules",
            format!(
                "on Server `{}`, a request may match both a route granted by {}; Linkerd authorizes a request by the one route it picks, so some granted requests may be refused (never more allowed)",
                server.name,
                pairs.join(", by ")
            ),
        )
        .with_help("make the TrafficTargets' matches disjoint, or grant overlapping requests in one TrafficTarget")
        .with_related(Related::Object(server.object_ref()));
    warning.related.extend(
        named
            .iter()
            .map(|&i| Related::Object(auths[i].origin.clone())),
    );
    diagnostics.push(warning);
}

/// The client identities the TrafficTargets in `set` allow.
fn clients<'a>(set: &BTreeSet<usize>, auths: &[&'a Authorization]) -> BTreeSet<&'a Identity> {
    set.iter().flat_map(|&i| auths[i].sources.iter()).collect()
}

/// The workload's pod labels, unless they would also select pods running another identity
/// (its Servers would then govern those pods too).
fn exclusive_selector(
    workload: &Workload,
    index: &GraphIndex<'_>,
    origin: &graph::ObjectRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ServerPodSelector> {
    let labels = exclusive_labels(
        workload,
        index,
        codes::SELECTOR_NOT_EXCLUSIVE,
        "Server",
        origin.clone(),
        diagnostics,
    )?;
    Some(ServerPodSelector {
        match_labels: Some(
            labels
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
        ),
        match_expressions: None,
    })
}
