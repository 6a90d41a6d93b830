//! Splits → VirtualService, one per split root.

use super::types::{
    Destination, DirectResponse, HttpMatchRequest, HttpRoute, L4MatchAttributes, PortSelector,
    RouteDestination, StringMatch, TcpRoute, VirtualService, VirtualServiceSpec,
};
use super::{codes, metadata, object_name};
use crate::graph::{
    AppProtocol, Diagnostic, HttpMatch, MeshGraph, MethodSet, Split, SplitPort, Transport,
};

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<VirtualService> {
    graph
        .splits
        .iter()
        .filter_map(|split| virtual_service(split, graph, diagnostics))
        .collect()
}

fn virtual_service(
    split: &Split,
    graph: &MeshGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<VirtualService> {
    let root_host = graph.naming.service_host(&split.root);
    let mut spec = VirtualServiceSpec {
        hosts: vec![root_host.clone()],
        ..VirtualServiceSpec::default()
    };
    for port in &split.ports {
        if port.transport == Transport::Udp {
            diagnostics.push(Diagnostic::warning(
                codes::UDP_SPLIT_UNSUPPORTED,
                split.origin.clone(),
                "spec.service",
                format!(
                    "port {} is UDP, which Istio does not route; it is not split",
                    port.port
                ),
            ));
            continue;
        }
        if port.protocol == AppProtocol::Tls {
            diagnostics.push(
                Diagnostic::warning(
                    codes::TLS_SPLIT_UNSUPPORTED,
                    split.origin.clone(),
                    "spec.service",
                    format!(
                        "port {} carries TLS, which Istio routes by SNI host (`tls` routes); a split cannot be matched exactly, so it is not split",
                        port.port
                    ),
                )
                .with_help("split at the HTTP level (terminate TLS in the mesh), or route TLS by SNI yourself"),
            );
            continue;
        }
        // Istio sniffs ports that declare no protocol: HTTP traffic takes the `http` routes,
        // anything else the `tcp` ones, so such ports get both.
        let http = port.protocol.is_http() || port.protocol == AppProtocol::Unknown;
        let tcp = !port.protocol.is_http();
        if http {
            let backends = destinations(split, port, graph, false, diagnostics);
            let name = |suffix: &str| format!("{}-{}-{suffix}", split.origin.name, port.port);
            let action = |route: &mut HttpRoute| match &backends {
                Some(dests) => route.route = dests.clone(),
                None => route.direct_response = Some(DirectResponse { status: 503 }),
            };
            match &split.condition {
                None => {
                    let mut route = HttpRoute {
                        name: name("split"),
                        matches: vec![port_only(port.port)],
                        ..HttpRoute::default()
                    };
                    action(&mut route);
                    spec.http.push(route);
                }
                Some(matches) => {
                    let conditions: Vec<HttpMatchRequest> = matches
                        .iter()
                        .flat_map(|m| match_requests(m, port.port))
                        .collect();
                    if !conditions.is_empty() {
                        let mut route = HttpRoute {
                            name: name("split"),
                            matches: conditions,
                            ..HttpRoute::default()
                        };
                        action(&mut route);
                        spec.http.push(route);
                    }
                    // Requests that match no condition go to the root Service itself.
                    spec.http.push(HttpRoute {
                        name: name("root"),
                        matches: vec![port_only(port.port)],
                        route: vec![RouteDestination {
                            destination: Destination {
                                host: root_host.clone(),
                                port: PortSelector { number: port.port },
                            },
                            weight: None,
                        }],
                        direct_response: None,
                    });
                }
            }
        }
        if tcp {
            let backends = destinations(split, port, graph, true, diagnostics);
            match backends {
                Some(route) => spec.tcp.push(TcpRoute {
                    matches: vec![L4MatchAttributes { port: port.port }],
                    route,
                }),
                None => diagnostics.push(
                    Diagnostic::warning(
                        codes::TCP_REFUSAL_UNSUPPORTED,
                        split.origin.clone(),
                        "spec.backends",
                        format!(
                            "every backend of TCP port {} has weight 0, and a VirtualService cannot refuse TCP connections; they reach the root Service instead",
                            port.port
                        ),
                    )
                    .with_help("give a backend a positive weight, or remove the split"),
                ),
            }
        }
    }
    if spec.http.is_empty() && spec.tcp.is_empty() {
        return None;
    }
    Some(VirtualService {
        api_version: "networking.istio.io/v1",
        kind: "VirtualService",
        metadata: metadata(
            object_name(&[&split.origin.name]),
            split.root.namespace.clone(),
        ),
        spec,
    })
}

fn port_only(port: u16) -> HttpMatchRequest {
    HttpMatchRequest {
        port: Some(port),
        ..HttpMatchRequest::default()
    }
}

/// One request condition per method (Istio matches a single method per condition).
fn match_requests(m: &HttpMatch, port: u16) -> Vec<HttpMatchRequest> {
    let base = HttpMatchRequest {
        uri: m
            .path
            .as_ref()
            .map(|p| StringMatch::Regex(p.full_match_regex())),
        method: None,
        headers: m
            .headers
            .iter()
            .map(|h| (h.name.clone(), StringMatch::Regex(h.regex.clone())))
            .collect(),
        port: Some(port),
    };
    match &m.methods {
        MethodSet::Any => vec![base],
        MethodSet::Only(methods) => methods
            .iter()
            .map(|method| HttpMatchRequest {
                method: Some(StringMatch::Exact(method.as_str().to_owned())),
                ..base.clone()
            })
            .collect(),
    }
}

/// Weighted destinations; `None` when every weight is 0. TCP drops zero-weight backends.
fn destinations(
    split: &Split,
    port: &SplitPort,
    graph: &MeshGraph,
    drop_zero: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<RouteDestination>> {
    let total = port.total_weight();
    if total == 0 {
        return None;
    }
    // Istio weights are int32.
    let limit = u64::from(i32::MAX as u32);
    let scale = |w: u32| -> u32 {
        if total <= limit {
            w
        } else {
            u32::try_from(u64::from(w) * limit / total).unwrap_or(u32::MAX)
        }
    };
    if total > limit {
        diagnostics.push(Diagnostic::warning(
            codes::WEIGHTS_SCALED,
            split.origin.clone(),
            "spec.backends",
            "the weights add up to more than Istio's int32 allows; they were scaled down, ratios rounded",
        ));
    }
    let kept: Vec<_> = port
        .backends
        .iter()
        .filter(|b| !(drop_zero && b.weight == 0))
        .collect();
    let single = kept.len() == 1;
    Some(
        kept.into_iter()
            .map(|b| RouteDestination {
                destination: Destination {
                    host: graph.naming.service_host(&b.service),
                    port: PortSelector { number: b.port },
                },
                weight: (!single).then(|| scale(b.weight)),
            })
            .collect(),
    )
}
