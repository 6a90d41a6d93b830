//! Splits → Gateway API routes whose parent is the root Service port (producer routes in the
//! root's namespace, so they apply to every client of the root).

use super::types::GammaObject;
use super::{WEIGHT_CODES, codes};
use crate::backend::MetadataTemplate;
use crate::backend::gateway_api::MAX_MATCHES;
use crate::backend::gateway_api::matches::{self, GrpcRouteMatch, every_path};
use crate::backend::gateway_api::regex::Readers;
use crate::backend::gateway_api::routes::{
    self, Rule, WeightedRef, condition_matches, grpc_route, http_route, tcp_route, tcp_split_ports,
    to_root, warn_protocol_unknown, weighted_refs,
};
use crate::graph::{AppProtocol, Diagnostic, MeshGraph, Split, SplitPort};

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<GammaObject> {
    let mut out = Vec::new();
    let ports = tcp_split_ports(
        graph,
        codes::PORT_NOT_ROUTABLE,
        ": GAMMA defines no mesh routing for it",
        diagnostics,
    );
    for (split, port) in ports {
        if split.condition.is_some() && !port.protocol.is_http() {
            // The graph already said a condition cannot apply here.
            continue;
        }
        let Some(backends) = weighted_refs(split, port, WEIGHT_CODES, diagnostics) else {
            continue;
        };
        if port.protocol.is_http() {
            // All weights 0, or no backend: the rule forwards nowhere (no backendRefs), which Gateway API
            // answers with a 500 (HTTP) or UNAVAILABLE (gRPC): the graph's refusal.
            let forward = if port.total_weight() == 0 {
                Vec::new()
            } else {
                backends
            };
            out.extend(request_routes(
                &graph.metadata,
                split,
                port,
                forward,
                diagnostics,
            ));
        } else if let Some(route) = tcp(&graph.metadata, split, port, backends, diagnostics) {
            out.push(route);
        }
    }
    out
}

/// Why no backend of `port` takes a connection.
fn no_backend(port: &SplitPort) -> String {
    if port.backends.is_empty() {
        format!("no backend of TCP port {} exists", port.port)
    } else {
        format!("every backend of TCP port {} has weight 0", port.port)
    }
}

/// A TCPRoute: one rule, zero weights dropped; all weights 0 cannot be refused by a TCPRoute.
fn tcp(
    metadata: &MetadataTemplate,
    split: &Split,
    port: &SplitPort,
    backends: Vec<WeightedRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<GammaObject> {
    let backends: Vec<WeightedRef> = backends.into_iter().filter(|b| b.weight > 0).collect();
    if backends.is_empty() {
        diagnostics.push(
            split.error(
                codes::TCP_REFUSAL_UNSUPPORTED,
                "spec.backends",
                format!(
                    "{}: a TCPRoute needs a backend and Gateway API does not define all-zero weights, so no TCPRoute is emitted and connections keep reaching the root Service",
                    no_backend(port)
                ),
            )
            .with_help("give a backend a positive weight, or remove the split"),
        );
        return None;
    }
    warn_protocol_unknown(
        split,
        port,
        codes::SPLIT_PROTOCOL_UNKNOWN,
        "a mesh that detects HTTP there may route requests by HTTPRoutes only",
        diagnostics,
    );
    Some(GammaObject::TcpRoute(tcp_route(
        metadata, split, port, &backends,
    )))
}

/// The one HTTPRoute of an unconditional split: every request to `forward`.
fn unconditional(
    metadata: &MetadataTemplate,
    split: &Split,
    port: &SplitPort,
    forward: Vec<WeightedRef>,
) -> Vec<GammaObject> {
    let rule = Rule {
        matches: Vec::new(),
        backends: forward,
    };
    vec![GammaObject::HttpRoute(http_route(
        metadata,
        split,
        port,
        0,
        vec![rule],
    ))]
}

/// HTTPRoutes (or GRPCRoutes) for an HTTP port: the split rule(s) and, for a conditional split,
/// the catch-all rule to the root; spread over several routes when one cannot hold the matches.
fn request_routes(
    metadata: &MetadataTemplate,
    split: &Split,
    port: &SplitPort,
    forward: Vec<WeightedRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<GammaObject> {
    let Some(condition) = &split.condition else {
        return unconditional(metadata, split, port, forward);
    };
    if condition.iter().any(|m| m.is_catch_all()) {
        // One match takes every request: the split is unconditional.
        return unconditional(metadata, split, port, forward);
    }
    if port.protocol == AppProtocol::Grpc {
        let grpc: Option<Vec<GrpcRouteMatch>> = condition
            .iter()
            .map(|m| matches::render_grpc(m).and_then(Result::ok))
            .collect();
        if let Some(mut matches) = grpc {
            matches.sort();
            matches.dedup();
            // A GRPCRoute rule without matches counts none, so every route holds MAX_MATCHES.
            return spread_routes(split, port, &forward, &matches, MAX_MATCHES, diagnostics)
                .into_iter()
                .enumerate()
                .map(|(i, rules)| {
                    GammaObject::GrpcRoute(grpc_route(metadata, split, port, i, rules))
                })
                .collect();
        }
    }
    let matches = condition_matches(
        split,
        condition,
        Readers::Re2AndRustRegex,
        codes::MATCH_NOT_EXPRESSIBLE,
        diagnostics,
    );
    if matches.is_empty() {
        // Nothing can be split: every request keeps going to the root, no route needed.
        return Vec::new();
    }
    if matches
        .iter()
        .any(|m| m.path == every_path() && m.method.is_none() && m.headers.is_empty())
    {
        return unconditional(metadata, split, port, forward);
    }
    // The first route also holds the catch-all rule, which counts one match.
    spread_routes(
        split,
        port,
        &forward,
        &matches,
        MAX_MATCHES - 1,
        diagnostics,
    )
    .into_iter()
    .enumerate()
    .map(|(i, rules)| GammaObject::HttpRoute(http_route(metadata, split, port, i, rules)))
    .collect()
}

/// The rules of each route: the first route holds at most `first` matches and the
/// catch-all rule to the root, the others at most [`MAX_MATCHES`]; more than one route is
/// reported.
fn spread_routes<M: Clone>(
    split: &Split,
    port: &SplitPort,
    forward: &[WeightedRef],
    matches: &[M],
    first: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Vec<Rule<M>>> {
    let (head, tail) = matches.split_at(first.min(matches.len()));
    let mut groups = vec![head];
    groups.extend(tail.chunks(MAX_MATCHES));
    if groups.len() > 1 {
        diagnostics.push(split.warning(
            codes::ROUTES_SPREAD,
            "spec.matches",
            format!(
                "port {} needs {} route matches, more than one route takes ({MAX_MATCHES}); they are spread over {} routes with the same parent",
                port.port,
                matches.len(),
                groups.len()
            ),
        ));
    }
    let mut routes: Vec<Vec<Rule<M>>> = groups
        .into_iter()
        .map(|group| routes::rules(group, forward))
        .collect();
    if let Some(first) = routes.first_mut() {
        first.push(Rule {
            matches: Vec::new(),
            backends: to_root(split, port),
        });
    }
    routes
}
