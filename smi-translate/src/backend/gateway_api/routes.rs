//! Producer routes of a split port: the root Service port as parent, weighted Service backends
//! scaled into Gateway API's range, and the HTTPRoute, GRPCRoute and TCPRoute builders.

use super::generated::{grpcroutes as grpc, httproutes as http, tcproutes as tcp};
use super::matches::{self, GrpcRouteMatch, RouteMatch, http_route_match};
use super::regex::Readers;
use super::{MAX_BACKENDS, MAX_MATCHES_PER_RULE, MAX_RULES, MAX_WEIGHT};
use crate::backend::naming::{MetadataTemplate, object_meta, object_name};
use crate::graph::{AppProtocol, Diagnostic, HttpMatch, MeshGraph, Split, SplitPort, Transport};
use smi_types::CodeInfo;

/// The TCP ports of every split, in order. Other ports (UDP, SCTP) are reported with `code`
/// (`port 53 is Udp<why>; it is not split`) and skipped.
pub(crate) fn tcp_split_ports<'g>(
    graph: &'g MeshGraph,
    code: CodeInfo,
    why: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(&'g Split, &'g SplitPort)> {
    let mut out = Vec::new();
    for split in &graph.splits {
        for port in &split.ports {
            if port.transport == Transport::Tcp {
                out.push((split, port));
                continue;
            }
            diagnostics.push(split.warning(
                code,
                "spec.service",
                format!(
                    "port {} is {:?}{why}; it is not split",
                    port.port, port.transport
                ),
            ));
        }
    }
    out
}

/// Warns (with `code`) that a root port without a declared protocol is split per connection;
/// `risk` says what a mesh detecting HTTP there may do.
pub(crate) fn warn_protocol_unknown(
    split: &Split,
    port: &SplitPort,
    code: CodeInfo,
    risk: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if port.protocol != AppProtocol::Unknown {
        return;
    }
    diagnostics.push(
        split.warning(
            code,
            "spec.service",
            format!(
                "port {} of the root declares no protocol: it is split per connection with a TCPRoute; {risk}",
                port.port
            ),
        )
        .with_help("declare the root Service port's protocol (appProtocol, or an `http-`/`tcp-` name)"),
    );
}

/// The route matches of a conditional split's `condition`, sorted and deduplicated; a match that
/// cannot be written for `readers` is reported with `code` and left out (its requests are not
/// split).
pub(crate) fn condition_matches(
    split: &Split,
    condition: &[HttpMatch],
    readers: Readers,
    code: CodeInfo,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<RouteMatch> {
    let mut out: Vec<RouteMatch> = Vec::new();
    for m in condition {
        match matches::render(m, readers) {
            Ok(rendered) => out.extend(rendered),
            Err(why) => diagnostics.push(
                split
                    .error(
                        code,
                        "spec.matches",
                        format!(
                            "match `{}` of {}: {why}; requests it would select are not split (they go to the root)",
                            m.name, m.group
                        ),
                    )
                    .with_related(m.related()),
            ),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// A weighted Service backend in the route's namespace (`group: ""`, `kind: Service` are the CRD
/// defaults, so they are not written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WeightedRef {
    /// Service name.
    pub(crate) name: String,
    /// Service port.
    pub(crate) port: u16,
    /// Relative weight, 0 to [`MAX_WEIGHT`].
    pub(crate) weight: u32,
}

/// A route rule: any of `matches` (none: the CRD default) → `backends` (none: nowhere).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule<M> {
    /// OR-ed matches.
    pub(crate) matches: Vec<M>,
    /// Weighted backends.
    pub(crate) backends: Vec<WeightedRef>,
}

/// Rules of at most [`MAX_MATCHES_PER_RULE`] matches each, all to `backends`.
pub(crate) fn rules<M: Clone>(matches: &[M], backends: &[WeightedRef]) -> Vec<Rule<M>> {
    matches
        .chunks(MAX_MATCHES_PER_RULE)
        .map(|ms| Rule {
            matches: ms.to_vec(),
            backends: backends.to_vec(),
        })
        .collect()
}

/// The diagnostic codes of the backend that scales weights.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WeightCodes {
    /// More backends than a rule takes: the port is not split.
    pub(crate) too_many_backends: CodeInfo,
    /// Weights were scaled down into range.
    pub(crate) weights_scaled: CodeInfo,
}

/// The port's weighted backends (zero weights kept), scaled into Gateway API's range; `None`
/// when there are more than a rule takes.
pub(crate) fn weighted_refs(
    split: &Split,
    port: &SplitPort,
    codes: WeightCodes,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<WeightedRef>> {
    if port.backends.len() > MAX_BACKENDS {
        diagnostics.push(split.error(
            codes.too_many_backends,
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
        diagnostics.push(split.warning(
            codes.weights_scaled,
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
            .map(|b| WeightedRef {
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

/// The root Service port itself, for the requests a conditional split does not select.
pub(crate) fn to_root(split: &Split, port: &SplitPort) -> Vec<WeightedRef> {
    vec![WeightedRef {
        name: split.root.name.clone(),
        port: port.port,
        weight: 1,
    }]
}

/// The name of the `index`-th route of a split port (`<split>-<port>`, then `-2`, `-3`, …).
pub(crate) fn route_name(split: &Split, port: &SplitPort, index: usize) -> String {
    let port = port.port.to_string();
    if index == 0 {
        object_name(&[&split.origin.name, &port])
    } else {
        object_name(&[&split.origin.name, &port, &(index + 1).to_string()])
    }
}

/// Fills the fields every route type shares: the root Service port as the only parent, and
/// weighted Service backends.
macro_rules! service_route_parts {
    ($types:ident, $parent:ident, $backend:ident) => {
        pub(super) fn parent(split: &Split, port: &SplitPort) -> Option<Vec<$types::$parent>> {
            Some(vec![$types::$parent {
                group: Some(String::new()),
                kind: Some("Service".into()),
                name: split.root.name.clone(),
                port: Some(i32::from(port.port)),
                ..Default::default()
            }])
        }

        pub(super) fn backend_refs(backends: &[WeightedRef]) -> Vec<$types::$backend> {
            backends
                .iter()
                .map(|b| $types::$backend {
                    name: b.name.clone(),
                    port: Some(i32::from(b.port)),
                    weight: Some(i32::try_from(b.weight).unwrap_or(i32::MAX)),
                    ..Default::default()
                })
                .collect()
        }
    };
}

/// `Some(items)`, or `None` (not written) when empty.
fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}

mod http_parts {
    use super::*;
    service_route_parts!(http, HttpRouteParentRefs, HttpRouteRulesBackendRefs);
}

mod grpc_parts {
    use super::*;
    service_route_parts!(grpc, GrpcRouteParentRefs, GrpcRouteRulesBackendRefs);
}

mod tcp_parts {
    use super::*;
    service_route_parts!(tcp, TcpRouteParentRefs, TcpRouteRulesBackendRefs);
}

/// The `index`-th HTTPRoute of a split port.
pub(crate) fn http_route(
    metadata: &MetadataTemplate,
    split: &Split,
    port: &SplitPort,
    index: usize,
    rules: Vec<Rule<RouteMatch>>,
) -> http::HttpRoute {
    debug_assert!(rules.len() <= MAX_RULES);
    http::HttpRoute {
        metadata: object_meta(
            metadata,
            route_name(split, port, index),
            split.root.namespace.clone(),
        ),
        spec: http::HttpRouteSpec {
            parent_refs: http_parts::parent(split, port),
            rules: Some(
                rules
                    .into_iter()
                    .map(|rule| http::HttpRouteRules {
                        backend_refs: non_empty(http_parts::backend_refs(&rule.backends)),
                        matches: non_empty(
                            rule.matches
                                .iter()
                                .map(|m| http_route_match!(m, http))
                                .collect(),
                        ),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        },
        status: None,
    }
}

/// The `index`-th GRPCRoute of a split port.
pub(crate) fn grpc_route(
    metadata: &MetadataTemplate,
    split: &Split,
    port: &SplitPort,
    index: usize,
    rules: Vec<Rule<GrpcRouteMatch>>,
) -> grpc::GrpcRoute {
    debug_assert!(rules.len() <= MAX_RULES);
    grpc::GrpcRoute {
        metadata: object_meta(
            metadata,
            route_name(split, port, index),
            split.root.namespace.clone(),
        ),
        spec: grpc::GrpcRouteSpec {
            parent_refs: grpc_parts::parent(split, port),
            rules: Some(
                rules
                    .into_iter()
                    .map(|rule| grpc::GrpcRouteRules {
                        backend_refs: non_empty(grpc_parts::backend_refs(&rule.backends)),
                        matches: non_empty(
                            rule.matches
                                .iter()
                                .map(GrpcRouteMatch::to_generated)
                                .collect(),
                        ),
                        ..Default::default()
                    })
                    .collect(),
            ),
            ..Default::default()
        },
        status: None,
    }
}

/// The TCPRoute of a split port: one rule, to `backends`.
pub(crate) fn tcp_route(
    metadata: &MetadataTemplate,
    split: &Split,
    port: &SplitPort,
    backends: &[WeightedRef],
) -> tcp::TcpRoute {
    tcp::TcpRoute {
        metadata: object_meta(
            metadata,
            route_name(split, port, 0),
            split.root.namespace.clone(),
        ),
        spec: tcp::TcpRouteSpec {
            parent_refs: tcp_parts::parent(split, port),
            rules: vec![tcp::TcpRouteRules {
                backend_refs: tcp_parts::backend_refs(backends),
                ..Default::default()
            }],
        },
        status: None,
    }
}
