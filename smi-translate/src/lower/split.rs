//! TrafficSplits → [`Split`]s.

use super::{HubIndex, Options, codes, http, origin_of};
use crate::graph::{Diagnostic, MeshGraph, ServiceId, Split, SplitPort, WeightedBackend};
use smi_types::split::RootService;
use smi_types::split::v1alpha4::TrafficSplit;
use std::collections::{BTreeMap, BTreeSet};

/// The root Services of the splits of `index` (those whose root resolves).
pub(super) fn roots(index: &HubIndex, options: &Options) -> BTreeSet<ServiceId> {
    index
        .splits
        .iter()
        .filter_map(|s| root_of(s, options).ok())
        .collect()
}

/// Lowers the splits of `index`; `roots` are the root Services of every split of the mesh
/// ([`roots`] of the whole index), which `index` may be a part of.
pub(super) fn lower(
    index: &HubIndex,
    options: &Options,
    graph: &mut MeshGraph,
    roots: &BTreeSet<ServiceId>,
) -> Vec<Split> {
    // Splits are sorted by (namespace, name): the first one for a root wins.
    let mut by_root: BTreeMap<ServiceId, Split> = BTreeMap::new();
    for split in &index.splits {
        let Some(lowered) = lower_split(split, index, options, graph, roots) else {
            continue;
        };
        if let Some(winner) = by_root.get(&lowered.root) {
            graph.diagnostics.push(
                Diagnostic::error(
                    codes::CONFLICTING_SPLITS,
                    lowered.origin.clone(),
                    "spec.service",
                    format!(
                        "TrafficSplit `{}` already splits `{}`; this one is ignored",
                        winner.origin.name, lowered.root
                    ),
                )
                .with_help("keep one TrafficSplit per root Service"),
            );
            continue;
        }
        by_root.insert(lowered.root.clone(), lowered);
    }
    by_root.into_values().collect()
}

/// The root Service `spec.service` names: a Service of the split's namespace, written as its
/// name or one of its DNS names (`<svc>.<ns>`, `<svc>.<ns>.svc`, `<svc>.<ns>.svc.<domain>`).
pub(super) fn root_of(
    split: &TrafficSplit,
    options: &Options,
) -> Result<ServiceId, Box<Diagnostic>> {
    let origin = origin_of("TrafficSplit", &split.metadata);
    let written = &split.spec.service;
    let error = |code, message: String, help: &str| {
        Err(Box::new(
            Diagnostic::error(code, origin.clone(), "spec.service", message).with_help(help),
        ))
    };
    let Some(root) = RootService::parse(written) else {
        return error(
            codes::INVALID_NAME,
            format!(
                "root `{written}` is neither a Service name nor a Service's DNS name; the split is not applied"
            ),
            "write `<service>`, `<service>.<namespace>`, `<service>.<namespace>.svc` or `<service>.<namespace>.svc.<cluster-domain>`",
        );
    };
    if let Some(namespace) = root.namespace.filter(|ns| *ns != origin.namespace) {
        return error(
            codes::ROOT_IN_OTHER_NAMESPACE,
            format!(
                "root `{written}` names namespace `{namespace}`, but a TrafficSplit splits Services of its own namespace `{}`; the split is not applied",
                origin.namespace
            ),
            "create the TrafficSplit in the root Service's namespace",
        );
    }
    if let Some(domain) = root.cluster_domain.filter(|d| *d != options.cluster_domain) {
        return error(
            codes::UNRESOLVED_ROOT,
            format!(
                "root `{written}` names cluster domain `{domain}`, but this cluster's is `{}`; the split is not applied",
                options.cluster_domain
            ),
            "drop the domain from the root, or translate with --cluster-domain set to it",
        );
    }
    Ok(ServiceId::new(&origin.namespace, root.service))
}

fn lower_split(
    split: &TrafficSplit,
    index: &HubIndex,
    options: &Options,
    graph: &mut MeshGraph,
    roots: &BTreeSet<ServiceId>,
) -> Option<Split> {
    let origin = origin_of("TrafficSplit", &split.metadata);
    let namespace = origin.namespace.clone();
    let root = match root_of(split, options) {
        Ok(root) => root,
        Err(diagnostic) => {
            graph.diagnostics.push(*diagnostic);
            return None;
        }
    };
    let mut diagnostics = Vec::new();
    let Some(root_service) = graph.services.get(&root) else {
        graph.diagnostics.push(
            Diagnostic::error(
                codes::UNRESOLVED_ROOT,
                origin.clone(),
                "spec.service",
                format!("root Service `{root}` is not in the inventory; the split is not applied"),
            )
            .with_help("create the root Service (clients address it), or include it in the input"),
        );
        return None;
    };
    let condition = split.spec.matches.as_ref().map(|refs| {
        let mut matches = Vec::new();
        for (i, r) in refs.iter().enumerate() {
            let path = format!("spec.matches[{i}]");
            let group = (r.kind == "HTTPRouteGroup")
                .then(|| index.route_groups.get(&(namespace.clone(), r.name.clone())))
                .flatten();
            let Some(group) = group else {
                diagnostics.push(
                    Diagnostic::error(
                        codes::UNRESOLVED_SPLIT_MATCH,
                        origin.clone(),
                        path,
                        format!(
                            "{} `{}` is not an HTTPRouteGroup in `{namespace}`; no request matches it",
                            r.kind, r.name
                        ),
                    )
                    .with_help("reference an existing HTTPRouteGroup"),
                );
                continue;
            };
            let group_origin = origin_of("HTTPRouteGroup", &group.metadata);
            for (j, m) in group.spec.matches.iter().enumerate() {
                if let Some(m) = http::lower_match(&group_origin, j, m, &options.readings(), &mut diagnostics) {
                    matches.push(m);
                }
            }
        }
        matches.sort();
        matches.dedup();
        matches
    });

    let mut backends = Vec::new();
    let none_exists = split.spec.backends.iter().all(|b| {
        !graph
            .services
            .contains_key(&ServiceId::new(&namespace, b.service.clone()))
    });
    for (i, b) in split.spec.backends.iter().enumerate() {
        let id = ServiceId::new(&namespace, b.service.clone());
        let path = format!("spec.backends[{i}]");
        if id == root {
            diagnostics.push(
                Diagnostic::warning(
                    codes::ROOT_IS_BACKEND,
                    origin.clone(),
                    format!("{path}.service"),
                    "the root is also a backend: its share goes to every pod the root selects",
                )
                .with_help("split between version-specific Services instead"),
            );
        } else if roots.contains(&id) {
            diagnostics.push(
                Diagnostic::warning(
                    codes::NESTED_SPLIT,
                    origin.clone(),
                    format!("{path}.service"),
                    format!("backend `{id}` is the root of another split; splits are not nested, its share goes to its own pods"),
                )
                .with_help("split directly between the final backends"),
            );
        }
        match graph.services.get(&id) {
            Some(service) => backends.push((i, service, b.weight)),
            None if none_exists => diagnostics.push(
                Diagnostic::warning(
                    codes::UNRESOLVED_BACKEND,
                    origin.clone(),
                    format!("{path}.service"),
                    format!("backend Service `{id}` is not in the inventory, nor is any other backend of the split; requests to `{root}` are refused"),
                )
                .with_help("create the backend Services, or remove the split"),
            ),
            None => diagnostics.push(
                Diagnostic::warning(
                    codes::UNRESOLVED_BACKEND,
                    origin.clone(),
                    format!("{path}.service"),
                    format!("backend Service `{id}` is not in the inventory; it receives nothing"),
                )
                .with_help(
                    "create the Service (a weight-0 backend may legitimately not exist yet)",
                ),
            ),
        }
    }

    let mut ports = Vec::new();
    for (port, root_port) in &root_service.ports {
        if condition.is_some() && !root_port.protocol.is_http() {
            diagnostics.push(
                Diagnostic::warning(
                    codes::CONDITION_ON_NON_HTTP_PORT,
                    origin.clone(),
                    "spec.matches",
                    format!("port {port} of `{root}` does not carry HTTP, so no request on it can match; it is not split"),
                )
                .with_help("declare appProtocol: http on the port if it serves HTTP"),
            );
            continue;
        }
        let mut weighted = Vec::new();
        for (i, service, weight) in &backends {
            if service.ports.contains_key(port) {
                weighted.push(WeightedBackend {
                    service: service.id.clone(),
                    port: *port,
                    weight: *weight,
                });
            } else {
                diagnostics.push(
                    Diagnostic::warning(
                        codes::BACKEND_MISSING_PORT,
                        origin.clone(),
                        format!("spec.backends[{i}].service"),
                        format!(
                            "backend `{}` has no port {port}; it is left out for that port",
                            service.id
                        ),
                    )
                    .with_help(format!("add port {port} to the backend Service")),
                );
            }
        }
        let split_port = SplitPort {
            port: *port,
            protocol: root_port.protocol,
            transport: root_port.transport,
            backends: weighted,
        };
        // A port no backend reaches was reported per backend (unresolved, or missing the port);
        // it refuses requests like an all-zero one, but its weights were not the problem.
        if !split_port.backends.is_empty() && split_port.total_weight() == 0 {
            diagnostics.push(
                Diagnostic::warning(
                    codes::ALL_WEIGHTS_ZERO,
                    origin.clone(),
                    "spec.backends",
                    format!(
                        "no backend of port {port} has a weight above 0; requests to it are refused"
                    ),
                )
                .with_help("give at least one backend a positive weight"),
            );
        }
        ports.push(split_port);
    }
    if ports.is_empty() {
        diagnostics.push(Diagnostic::warning(
            codes::SPLIT_HAS_NO_PORTS,
            origin.clone(),
            "spec.service",
            format!("`{root}` has no port that can be split; the split does nothing"),
        ));
    }
    Some(Split {
        origin,
        root,
        ports,
        condition,
        diagnostics,
    })
}
