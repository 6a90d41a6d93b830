//! Splits → Gateway API `HTTPRoute` / `TCPRoute` with the root Service port as parent (producer
//! routes in the root's namespace, so they apply to every client).

use super::matches::render;
use super::types::{
    BackendRef, HttpRoute, HttpRouteMatch, HttpRouteRule, HttpRouteSpec, LinkerdObject, ParentRef,
    TcpRoute, TcpRouteRule, TcpRouteSpec,
};
use super::{codes, metadata, object_name};
use crate::graph::{AppProtocol, Diagnostic, MeshGraph, Split, SplitPort, Transport};

/// Gateway API limits: 16 rules, 64 matches per rule, 128 matches per route, 16 backends.
const MAX_RULES: usize = 16;
const MAX_MATCHES_PER_RULE: usize = 64;
const MAX_MATCHES: usize = 128;
const MAX_BACKENDS: usize = 16;
/// Largest Gateway API weight.
const MAX_WEIGHT: u64 = 1_000_000;

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<LinkerdObject> {
    let mut out = Vec::new();
    for split in &graph.splits {
        for port in &split.ports {
            if port.transport != Transport::Tcp {
                diagnostics.push(Diagnostic::warning(
                    codes::UDP_UNSUPPORTED,
                    split.origin.clone(),
                    "spec.service",
                    format!(
                        "port {} is {:?}, which Linkerd does not proxy; it is not split",
                        port.port, port.transport
                    ),
                ));
                continue;
            }
            let Some(backends) = backend_refs(split, port, diagnostics) else {
                continue;
            };
            let name = object_name(&[&split.origin.name, &port.port.to_string()]);
            let parent_refs = vec![ParentRef {
                group: "",
                kind: "Service",
                name: split.root.name.clone(),
                port: Some(port.port),
            }];
            let meta = metadata(name, split.root.namespace.clone());
            if port.protocol.is_http() {
                let Some(rules) = http_rules(split, port, backends, diagnostics) else {
                    continue;
                };
                out.push(LinkerdObject::HttpRoute(HttpRoute {
                    api_version: "gateway.networking.k8s.io/v1",
                    kind: "HTTPRoute",
                    metadata: meta,
                    spec: HttpRouteSpec { parent_refs, rules },
                }));
            } else {
                if port.protocol == AppProtocol::Unknown {
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::SPLIT_PROTOCOL_UNKNOWN,
                            split.origin.clone(),
                            "spec.service",
                            format!(
                                "port {} of the root declares no protocol: it is split per connection with a TCPRoute; if Linkerd detects HTTP there it may route requests by HTTPRoutes only",
                                port.port
                            ),
                        )
                        .with_help("declare the root Service port's protocol (appProtocol, or an `http-`/`tcp-` name)"),
                    );
                }
                let all_zero = backends.iter().all(|b| b.weight == 0);
                let backend_refs = if all_zero {
                    backends
                } else {
                    backends.into_iter().filter(|b| b.weight > 0).collect()
                };
                out.push(LinkerdObject::TcpRoute(TcpRoute {
                    api_version: "gateway.networking.k8s.io/v1",
                    kind: "TCPRoute",
                    metadata: meta,
                    spec: TcpRouteSpec {
                        parent_refs,
                        rules: vec![TcpRouteRule { backend_refs }],
                    },
                }));
            }
        }
    }
    out
}

/// The port's weighted backends (zero weights kept), scaled into Gateway API's range; `None`
/// when they cannot be expressed.
fn backend_refs(
    split: &Split,
    port: &SplitPort,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<BackendRef>> {
    if port.backends.is_empty() {
        return None;
    }
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
    if port.total_weight() == 0 {
        diagnostics.push(
            Diagnostic::warning(
                codes::ZERO_WEIGHTS,
                split.origin.clone(),
                "spec.backends",
                format!(
                    "every backend of port {} has weight 0: the route keeps them all at weight 0, so no backend is chosen; Gateway API does not say which error the client then gets",
                    port.port
                ),
            )
            .with_help("give a backend a positive weight, or remove the split"),
        );
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

/// The split rule (conditional: the matches) and, for conditional splits, the catch-all rule
/// that sends every other request to the root.
fn http_rules(
    split: &Split,
    port: &SplitPort,
    backends: Vec<BackendRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<HttpRouteRule>> {
    let Some(condition) = &split.condition else {
        return Some(vec![HttpRouteRule {
            matches: Vec::new(),
            backend_refs: backends,
        }]);
    };
    let mut matches: Vec<HttpRouteMatch> = Vec::new();
    for m in condition {
        match render(m) {
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
    // The catch-all rule counts as one match (the CRD default) towards the route's limit.
    if matches.len() > MAX_MATCHES - 1 {
        diagnostics.push(Diagnostic::error(
            codes::TOO_MANY_MATCHES,
            split.origin.clone(),
            "spec.matches",
            format!(
                "port {} needs {} request matches, more than one HTTPRoute takes ({}); it is not split",
                port.port,
                matches.len(),
                MAX_MATCHES - 1
            ),
        ));
        return None;
    }
    let mut rules: Vec<HttpRouteRule> = matches
        .chunks(MAX_MATCHES_PER_RULE)
        .map(|ms| HttpRouteRule {
            matches: ms.to_vec(),
            backend_refs: backends.clone(),
        })
        .collect();
    debug_assert!(rules.len() < MAX_RULES);
    // Requests matching no condition go to the root Service itself.
    rules.push(HttpRouteRule {
        matches: Vec::new(),
        backend_refs: vec![BackendRef {
            name: split.root.name.clone(),
            port: port.port,
            weight: 1,
        }],
    });
    Some(rules)
}
