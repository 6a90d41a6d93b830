//! Splits → Gateway API `HTTPRoute` / `TCPRoute` with the root Service port as parent (producer
//! routes in the root's namespace, so they apply to every client).

use super::types::LinkerdObject;
use super::{WEIGHT_CODES, codes};
use crate::backend::gateway_api::matches::RouteMatch;
use crate::backend::gateway_api::regex::Readers;
use crate::backend::gateway_api::routes::{
    self, Rule, WeightedRef, condition_matches, http_route, tcp_route, tcp_split_ports, to_root,
    warn_protocol_unknown, weighted_refs,
};
use crate::backend::gateway_api::{MAX_MATCHES, MAX_RULES};
use crate::graph::{Diagnostic, MeshGraph, Split, SplitPort};

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<LinkerdObject> {
    let mut out = Vec::new();
    let ports = tcp_split_ports(
        graph,
        codes::UDP_UNSUPPORTED,
        ", which Linkerd does not proxy",
        diagnostics,
    );
    for (split, port) in ports {
        let Some(backends) = backend_refs(split, port, diagnostics) else {
            continue;
        };
        if port.protocol.is_http() {
            let Some(rules) = http_rules(split, port, backends, diagnostics) else {
                continue;
            };
            out.push(LinkerdObject::HttpRoute(http_route(
                &graph.metadata,
                split,
                port,
                0,
                rules,
            )));
        } else {
            warn_protocol_unknown(
                split,
                port,
                codes::SPLIT_PROTOCOL_UNKNOWN,
                "if Linkerd detects HTTP there it may route requests by HTTPRoutes only",
                diagnostics,
            );
            let all_zero = backends.iter().all(|b| b.weight == 0);
            let backends = if all_zero {
                backends
            } else {
                backends.into_iter().filter(|b| b.weight > 0).collect()
            };
            out.push(LinkerdObject::TcpRoute(tcp_route(
                &graph.metadata,
                split,
                port,
                &backends,
            )));
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
) -> Option<Vec<WeightedRef>> {
    if port.backends.is_empty() {
        // No backend exists: refused like all-zero weights, with the root itself at weight 0
        // (a route needs a backend; the unresolved backends were reported by lowering).
        diagnostics.push(
            split.warning(
                codes::ZERO_WEIGHTS,
                "spec.backends",
                format!(
                    "no backend of port {} exists: the route sends to the root at weight 0, so no backend is chosen; Gateway API does not say which error the client then gets",
                    port.port
                ),
            )
            .with_help("create the backend Services, or remove the split"),
        );
        let mut root = to_root(split, port);
        root.iter_mut().for_each(|r| r.weight = 0);
        return Some(root);
    }
    let backends = weighted_refs(split, port, WEIGHT_CODES, diagnostics)?;
    if port.total_weight() == 0 {
        diagnostics.push(
            split.warning(
                codes::ZERO_WEIGHTS,
                "spec.backends",
                format!(
                    "every backend of port {} has weight 0: the route keeps them all at weight 0, so no backend is chosen; Gateway API does not say which error the client then gets",
                    port.port
                ),
            )
            .with_help("give a backend a positive weight, or remove the split"),
        );
    }
    Some(backends)
}

/// The split rule (conditional: the matches) and, for conditional splits, the catch-all rule
/// that sends every other request to the root.
fn http_rules(
    split: &Split,
    port: &SplitPort,
    backends: Vec<WeightedRef>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Rule<RouteMatch>>> {
    let Some(condition) = &split.condition else {
        return Some(vec![Rule {
            matches: Vec::new(),
            backends,
        }]);
    };
    // Every condition a regex for Linkerd's engine alone (see `super::matches`).
    let matches: Vec<RouteMatch> = condition_matches(
        split,
        condition,
        Readers::RustRegex,
        codes::MATCH_NOT_EXPRESSIBLE,
        diagnostics,
    );
    // The catch-all rule counts as one match (the CRD default) towards the route's limit.
    if matches.len() > MAX_MATCHES - 1 {
        diagnostics.push(split.error(
            codes::TOO_MANY_MATCHES,
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
    let mut rules = routes::rules(&matches, &backends);
    debug_assert!(rules.len() < MAX_RULES);
    // Requests matching no condition go to the root Service itself.
    rules.push(Rule {
        matches: Vec::new(),
        backends: to_root(split, port),
    });
    Some(rules)
}
