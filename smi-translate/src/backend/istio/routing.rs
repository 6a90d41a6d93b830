//! Splits → VirtualService, one per split root.

use super::generated::virtual_service::{
    VirtualService, VirtualServiceHttp as HttpRoute,
    VirtualServiceHttpDirectResponse as DirectResponse,
    VirtualServiceHttpMatch as HttpMatchRequest, VirtualServiceHttpMatchHeaders,
    VirtualServiceHttpMatchMethod, VirtualServiceHttpMatchUri, VirtualServiceHttpRoute,
    VirtualServiceHttpRouteDestination, VirtualServiceHttpRouteDestinationPort, VirtualServiceSpec,
    VirtualServiceTcp as TcpRoute, VirtualServiceTcpMatch as L4MatchAttributes,
    VirtualServiceTcpRoute, VirtualServiceTcpRouteDestination,
    VirtualServiceTcpRouteDestinationPort,
};
use super::{codes, non_empty, object_meta, object_name};
use crate::graph::{
    AppProtocol, Diagnostic, HttpMatch, MeshGraph, MethodSet, Split, SplitPort, Transport,
};
use std::collections::BTreeMap;

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<VirtualService> {
    graph
        .splits
        .iter()
        .filter_map(|split| virtual_service(split, graph, diagnostics))
        .collect()
}

pub(super) fn virtual_service(
    split: &Split,
    graph: &MeshGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<VirtualService> {
    let root_host = graph.naming.service_host(&split.root);
    let mut http_routes = Vec::new();
    let mut tcp_routes = Vec::new();
    for port in &split.ports {
        if port.transport == Transport::Udp {
            diagnostics.push(split.warning(
                codes::UDP_SPLIT_UNSUPPORTED,
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
                split.warning(
                    codes::TLS_SPLIT_UNSUPPORTED,
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
            let name = |suffix: &str| Some(format!("{}-{}-{suffix}", split.origin.name, port.port));
            let action = |route: &mut HttpRoute| match &backends {
                Some(dests) => route.route = Some(dests.iter().map(http_destination).collect()),
                None => {
                    route.direct_response = Some(DirectResponse {
                        status: 503,
                        body: None,
                    })
                }
            };
            match &split.condition {
                None => {
                    let mut route = HttpRoute {
                        name: name("split"),
                        r#match: Some(vec![port_only(port.port)]),
                        ..HttpRoute::default()
                    };
                    action(&mut route);
                    http_routes.push(route);
                }
                Some(matches) => {
                    let conditions: Vec<HttpMatchRequest> = matches
                        .iter()
                        .filter(|m| within_regex_limits(split, m, diagnostics))
                        .flat_map(|m| match_requests(m, port.port))
                        .collect();
                    if !conditions.is_empty() {
                        let mut route = HttpRoute {
                            name: name("split"),
                            r#match: Some(conditions),
                            ..HttpRoute::default()
                        };
                        action(&mut route);
                        http_routes.push(route);
                    }
                    // Requests that match no condition go to the root Service itself.
                    let root = Weighted {
                        host: root_host.clone(),
                        port: port.port,
                        weight: None,
                    };
                    http_routes.push(HttpRoute {
                        name: name("root"),
                        r#match: Some(vec![port_only(port.port)]),
                        route: Some(vec![http_destination(&root)]),
                        ..HttpRoute::default()
                    });
                }
            }
        }
        if tcp {
            let backends = destinations(split, port, graph, true, diagnostics);
            match backends {
                Some(route) => tcp_routes.push(TcpRoute {
                    r#match: Some(vec![L4MatchAttributes {
                        port: Some(i64::from(port.port)),
                        ..L4MatchAttributes::default()
                    }]),
                    route: Some(route.iter().map(tcp_destination).collect()),
                }),
                None => diagnostics.push(
                    split.warning(
                        codes::TCP_REFUSAL_UNSUPPORTED,
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
    if http_routes.is_empty() && tcp_routes.is_empty() {
        return None;
    }
    Some(VirtualService {
        metadata: object_meta(
            &graph.metadata,
            object_name(&[&split.origin.name]),
            split.root.namespace.clone(),
        ),
        spec: VirtualServiceSpec {
            hosts: Some(vec![root_host]),
            http: non_empty(http_routes),
            tcp: non_empty(tcp_routes),
            ..VirtualServiceSpec::default()
        },
        status: None,
    })
}

/// Whether the regexes of `m`, a condition of `split`, are within Istio's limits; if not the
/// condition is left out (its requests go to the root Service, unsplit) and an error says so.
fn within_regex_limits(split: &Split, m: &HttpMatch, diagnostics: &mut Vec<Diagnostic>) -> bool {
    let Some(why) = crate::backend::regex_limit::over_istio_limits(m) else {
        return true;
    };
    diagnostics.push(crate::backend::regex_limit::condition_left_out(
        split,
        m,
        codes::REGEX_TOO_LARGE,
        &why,
        "Istio would refuse the VirtualService, or its proxies the configuration",
    ));
    false
}

fn port_only(port: u16) -> HttpMatchRequest {
    HttpMatchRequest {
        port: Some(i64::from(port)),
        ..HttpMatchRequest::default()
    }
}

/// One request condition per method (Istio matches a single method per condition).
fn match_requests(m: &HttpMatch, port: u16) -> Vec<HttpMatchRequest> {
    let headers: BTreeMap<String, VirtualServiceHttpMatchHeaders> = m
        .headers
        .iter()
        .map(|h| {
            let regex = VirtualServiceHttpMatchHeaders {
                regex: Some(h.regex.clone()),
                ..VirtualServiceHttpMatchHeaders::default()
            };
            (h.name.clone(), regex)
        })
        .collect();
    let base = HttpMatchRequest {
        uri: m.path.as_ref().map(|p| VirtualServiceHttpMatchUri {
            regex: Some(p.full_match_regex()),
            ..VirtualServiceHttpMatchUri::default()
        }),
        headers: (!headers.is_empty()).then_some(headers),
        port: Some(i64::from(port)),
        ..HttpMatchRequest::default()
    };
    match &m.methods {
        MethodSet::Any => vec![base],
        MethodSet::Only(methods) => methods
            .iter()
            .map(|method| HttpMatchRequest {
                method: Some(VirtualServiceHttpMatchMethod {
                    exact: Some(method.as_str().to_owned()),
                    ..VirtualServiceHttpMatchMethod::default()
                }),
                ..base.clone()
            })
            .collect(),
    }
}

/// A Service host and port with its relative weight (none for a single destination); HTTP and
/// TCP routes each have their own type for it.
struct Weighted {
    host: String,
    port: u16,
    weight: Option<i32>,
}

fn http_destination(d: &Weighted) -> VirtualServiceHttpRoute {
    VirtualServiceHttpRoute {
        destination: VirtualServiceHttpRouteDestination {
            host: d.host.clone(),
            port: Some(VirtualServiceHttpRouteDestinationPort {
                number: Some(i64::from(d.port)),
            }),
            subset: None,
        },
        weight: d.weight,
        headers: None,
    }
}

fn tcp_destination(d: &Weighted) -> VirtualServiceTcpRoute {
    VirtualServiceTcpRoute {
        destination: VirtualServiceTcpRouteDestination {
            host: d.host.clone(),
            port: Some(VirtualServiceTcpRouteDestinationPort {
                number: Some(i64::from(d.port)),
            }),
            subset: None,
        },
        weight: d.weight,
    }
}

/// Weighted destinations; `None` when every weight is 0. TCP drops zero-weight backends.
fn destinations(
    split: &Split,
    port: &SplitPort,
    graph: &MeshGraph,
    drop_zero: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Weighted>> {
    let total = port.total_weight();
    if total == 0 {
        return None;
    }
    // Istio weights are int32.
    let limit = u64::from(i32::MAX as u32);
    let scale = |w: u32| -> i32 {
        let scaled = if total <= limit {
            u64::from(w)
        } else {
            u64::from(w) * limit / total
        };
        i32::try_from(scaled).unwrap_or(i32::MAX)
    };
    if total > limit {
        diagnostics.push(split.warning(
            codes::WEIGHTS_SCALED,
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
            .map(|b| Weighted {
                host: graph.naming.service_host(&b.service),
                port: b.port,
                weight: (!single).then(|| scale(b.weight)),
            })
            .collect(),
    )
}
