//! Splits → Gateway API routes whose parent is the root Service port (producer routes in the
//! root's namespace, so they apply to every client of the root).

use super::paths::{every_path, render_grpc, render_http};
use super::types::{
    BackendRef, GammaObject, GrpcRoute, GrpcRouteMatch, GrpcRouteRule, GrpcRouteSpec, HttpRoute,
    HttpRouteMatch, HttpRouteRule, HttpRouteSpec, ParentRef, TcpRoute, TcpRouteRule, TcpRouteSpec,
};
use super::{codes, metadata, object_name};
use crate::graph::{AppProtocol, Diagnostic, MeshGraph, Split, SplitPort, Transport};

/// Most rules in a route.
pub(super) const MAX_RULES: usize = 16;
/// Most matches in a rule.
pub(super) const MAX_MATCHES_PER_RULE: usize = 64;
/// Most matches over all rules of a route (an HTTPRoute rule without matches counts one: the CRD
/// default `PathPrefix /` is applied before the rule is checked; a GRPCRoute rule counts none).
pub(super) const MAX_MATCHES: usize = 128;
/// Most backends in a rule.
pub(super) const MAX_BACKENDS: usize = 16;
/// Largest weight.
pub(super) const MAX_WEIGHT: u64 = 1_000_000;

const API_VERSION: &str = "gateway.networking.k8s.io/v1";

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<GammaObject> {
    let mut out = Vec::new();
    for split in &graph.splits {
        for port in &split.ports {
            if port.transport != Transport::Tcp {
                diagnostics.push(Diagnostic::warning(
                    codes::PORT_NOT_ROUTABLE,
                    split.origin.clone(),
                    "spec.service",
                    format!(
                        "port {} is {:?}: GAMMA defines no mesh routing for it; it is not split",
                        port.port, port.transport
                    ),
                ));
                continue;
            }
            if port.backends.is_empty() || (split.condition.is_some() && !port.protocol.is_http()) {
                // Nothing to split, or the graph already said a condition cannot apply here.
                continue;
            }
            let Some(backends) = backend_refs(split, port, diagnostics) else {
                continue;
            };
            if port.protocol.is_http() {
                // All weights 0: the rule forwards nowhere (no backendRefs), which Gateway API
                // answers with a 500 (HTTP) or UNAVAILABLE (gRPC): the graph's refusal.
                let forward = if port.total_weight() == 0 {
                    Vec::new()
                } else {
                    backends
                };
                out.extend(request_routes(split, port, forward, diagnostics));
            } else if let Some(route) = tcp_route(split, port, backends, diagnostics) {
                out.push(route);
            }
        }
    }
    out
}

fn parent(split: &Split, port: &SplitPort) -> Vec<ParentRef> {
    vec![ParentRef {
        group: "",
        kind: "Service",
        name: split.root.name.clone(),
        port: port.port,
    }]
}

/// The rule that sends every other request of a conditional split to the root Service.
fn to_root(split: &Split, port: &SplitPort) -> Vec<BackendRef> {
    vec![BackendRef {
        name: split.root.name.clone(),
        port: port.port,
        weight: 1,
    }]
}

/// The port's weighted backends (zero weights kept), scaled into Gateway API's range; `None`
/// when they cannot be expressed.
fn backend_refs(
    split: &Split,
    port: &SplitPort,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<BackendRef>> {
    if port.backends.len() > MAX_BACKENDS {
        diagnostics.push(Diagnostic::error(
            codes::TOO_MANY_BACKENDS,
            split.origin.clone(),
            "spec.backends",
            format!(
                "port {} has {} backends, more than a Gateway API route rule takes ({MAX_BACKENDS}); it is not split",
                port.port,
                port.backends.len()
            ),
        ));
        return None;
    }
    let max = port
        .backends
        .iter()
        .map(|b| u64::from(b.weight))
        .max()
        .unwrap_or(0);
    if max > MAX_WEIGHT {
        diagnostics.push(Diagnostic::warning(
            codes::WEIGHTS_SCALED,
            split.origin.clone(),
            "spec.backends",
            format!(
                "weights of port {} exceed Gateway API's maximum ({MAX_WEIGHT}); they were scaled down, ratios rounded",
                port.port
            ),
        ));
    }
    Some(
        port.backends
            .iter()
            .map(|b| BackendRef {
                name: b.service.name.clone(),
                port: b.port,
                weight: if max > MAX_WEIGHT {
                    u32::try_from(u64::from(b.weight) * MAX_WEIGHT / max).unwrap_or(u32::MAX)
                } else {
                    b.weight
                },
            })
            .collect(),
    )
}

/// A TCPRoute: one rule, zero weights dropped; all weights 0 cannot be refused by a TCPRoute.
fn tcp_route(
    split: &Split,
    port: &SplitPort,
    backends: Vec<BackendRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<GammaObject> {
    let backend_refs: Vec<BackendRef> = backends.into_iter().filter(|b| b.weight > 0).collect();
    if backend_refs.is_empty() {
        diagnostics.push(
            Diagnostic::error(
                codes::TCP_REFUSAL_UNSUPPORTED,
                split.origin.clone(),
                "spec.backends",
                format!(
                    "every backend of TCP port {} has weight 0: a TCPRoute needs a backend and Gateway API does not define all-zero weights, so no TCPRoute is emitted and connections keep reaching the root Service",
                    port.port
                ),
            )
            .with_help("give a backend a positive weight, or remove the split"),
        );
        return None;
    }
    if port.protocol == AppProtocol::Unknown {
        diagnostics.push(
            Diagnostic::warning(
                codes::SPLIT_PROTOCOL_UNKNOWN,
                split.origin.clone(),
                "spec.service",
                format!(
                    "port {} of the root declares no protocol: it is split per connection with a TCPRoute; a mesh that detects HTTP there may route requests by HTTPRoutes only",
                    port.port
                ),
            )
            .with_help("declare the root Service port's protocol (appProtocol, or an `http-`/`tcp-` name)"),
        );
    }
    Some(GammaObject::TcpRoute(TcpRoute {
        api_version: API_VERSION,
        kind: "TCPRoute",
        metadata: metadata(
            object_name(&[&split.origin.name, &port.port.to_string()]),
            split.root.namespace.clone(),
        ),
        spec: TcpRouteSpec {
            parent_refs: parent(split, port),
            rules: vec![TcpRouteRule { backend_refs }],
        },
    }))
}

/// HTTPRoutes (or GRPCRoutes) for an HTTP port: the split rule(s) and, for a conditional split,
/// the catch-all rule to the root; spread over several routes when one cannot hold the matches.
fn request_routes(
    split: &Split,
    port: &SplitPort,
    forward: Vec<BackendRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<GammaObject> {
    let Some(condition) = &split.condition else {
        return vec![http_route(
            split,
            port,
            0,
            vec![HttpRouteRule {
                matches: Vec::new(),
                backend_refs: forward,
            }],
        )];
    };
    if condition.iter().any(|m| m.is_catch_all()) {
        // One match takes every request: the split is unconditional.
        return vec![http_route(
            split,
            port,
            0,
            vec![HttpRouteRule {
                matches: Vec::new(),
                backend_refs: forward,
            }],
        )];
    }
    if port.protocol == AppProtocol::Grpc {
        let grpc: Option<Vec<GrpcRouteMatch>> = condition
            .iter()
            .map(|m| render_grpc(m).and_then(Result::ok))
            .collect();
        if let Some(mut matches) = grpc {
            matches.sort();
            matches.dedup();
            return grpc_routes(split, port, forward, matches, diagnostics);
        }
    }
    let mut matches: Vec<HttpRouteMatch> = Vec::new();
    for m in condition {
        match render_http(m) {
            Ok(rendered) => matches.extend(rendered),
            Err(why) => diagnostics.push(Diagnostic::error(
                codes::MATCH_NOT_EXPRESSIBLE,
                split.origin.clone(),
                "spec.matches",
                format!(
                    "match `{}` of {}: {why}; requests it would select are not split (they go to the root)",
                    m.name, m.group
                ),
            )),
        }
    }
    matches.sort();
    matches.dedup();
    if matches.is_empty() {
        // Nothing can be split: every request keeps going to the root, no route needed.
        return Vec::new();
    }
    if matches
        .iter()
        .any(|m| m.path == every_path() && m.method.is_none() && m.headers.is_empty())
    {
        return vec![http_route(
            split,
            port,
            0,
            vec![HttpRouteRule {
                matches: Vec::new(),
                backend_refs: forward,
            }],
        )];
    }
    // The first route also holds the catch-all rule, which counts one match.
    let groups = spread(&matches, MAX_MATCHES - 1);
    spread_warning(split, port, matches.len(), groups.len(), diagnostics);
    groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let mut rules: Vec<HttpRouteRule> = group
                .chunks(MAX_MATCHES_PER_RULE)
                .map(|ms| HttpRouteRule {
                    matches: ms.to_vec(),
                    backend_refs: forward.clone(),
                })
                .collect();
            if i == 0 {
                rules.push(HttpRouteRule {
                    matches: Vec::new(),
                    backend_refs: to_root(split, port),
                });
            }
            http_route(split, port, i, rules)
        })
        .collect()
}

/// Groups of matches, one per route: the first of at most `first`, the others of at most
/// [`MAX_MATCHES`].
fn spread<T: Clone>(matches: &[T], first: usize) -> Vec<Vec<T>> {
    let (head, tail) = matches.split_at(first.min(matches.len()));
    let mut groups = vec![head.to_vec()];
    groups.extend(tail.chunks(MAX_MATCHES).map(<[T]>::to_vec));
    groups
}

fn spread_warning(
    split: &Split,
    port: &SplitPort,
    matches: usize,
    routes: usize,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if routes > 1 {
        diagnostics.push(Diagnostic::warning(
            codes::ROUTES_SPREAD,
            split.origin.clone(),
            "spec.matches",
            format!(
                "port {} needs {matches} route matches, more than one route takes ({MAX_MATCHES}); they are spread over {routes} routes with the same parent",
                port.port
            ),
        ));
    }
}

fn route_name(split: &Split, port: &SplitPort, index: usize) -> String {
    let port = port.port.to_string();
    if index == 0 {
        object_name(&[&split.origin.name, &port])
    } else {
        object_name(&[&split.origin.name, &port, &(index + 1).to_string()])
    }
}

fn http_route(
    split: &Split,
    port: &SplitPort,
    index: usize,
    rules: Vec<HttpRouteRule>,
) -> GammaObject {
    debug_assert!(rules.len() <= MAX_RULES);
    GammaObject::HttpRoute(HttpRoute {
        api_version: API_VERSION,
        kind: "HTTPRoute",
        metadata: metadata(route_name(split, port, index), split.root.namespace.clone()),
        spec: HttpRouteSpec {
            parent_refs: parent(split, port),
            rules,
        },
    })
}

fn grpc_routes(
    split: &Split,
    port: &SplitPort,
    forward: Vec<BackendRef>,
    matches: Vec<GrpcRouteMatch>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<GammaObject> {
    // A GRPCRoute rule without matches counts none, so every route holds MAX_MATCHES.
    let groups = spread(&matches, MAX_MATCHES);
    spread_warning(split, port, matches.len(), groups.len(), diagnostics);
    groups
        .into_iter()
        .enumerate()
        .map(|(i, group)| {
            let mut rules: Vec<GrpcRouteRule> = group
                .chunks(MAX_MATCHES_PER_RULE)
                .map(|ms| GrpcRouteRule {
                    matches: ms.to_vec(),
                    backend_refs: forward.clone(),
                })
                .collect();
            if i == 0 {
                rules.push(GrpcRouteRule {
                    matches: Vec::new(),
                    backend_refs: to_root(split, port),
                });
            }
            GammaObject::GrpcRoute(GrpcRoute {
                api_version: API_VERSION,
                kind: "GRPCRoute",
                metadata: metadata(route_name(split, port, i), split.root.namespace.clone()),
                spec: GrpcRouteSpec {
                    parent_refs: parent(split, port),
                    rules,
                },
            })
        })
        .collect()
}
