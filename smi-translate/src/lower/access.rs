//! TrafficTargets → [`Authorization`]s.
//!
//! Deny by default; a TrafficTarget only adds. Anything that cannot be honoured exactly makes
//! the affected rule grant nothing, with a diagnostic; the rest of the TrafficTarget applies.

use super::{HubIndex, Options, codes, http, origin_of};
use crate::graph::{
    Authorization, Diagnostic, Grant, HttpMatch, Identity, MeshGraph, ObjectRef, PortSet,
};
use smi_types::access::v1alpha3::{IdentityBindingSubject, RuleKind, TrafficTarget};
use std::collections::BTreeSet;

pub(super) fn lower(
    index: &HubIndex,
    options: &Options,
    graph: &mut MeshGraph,
) -> Vec<Authorization> {
    let running: BTreeSet<Identity> = graph
        .workloads
        .values()
        .map(|w| w.identity.clone())
        .collect();
    let authorizations = lower_all(index, options);
    for auth in &authorizations {
        if !running.contains(&auth.destination) {
            graph.diagnostics.push(unprotected_destination(auth));
        }
        graph.identities.insert(auth.destination.clone());
        graph.identities.extend(auth.sources.iter().cloned());
    }
    authorizations
}

/// The authorizations of `index`, one per TrafficTarget: what one grants does not depend on
/// the workloads (only whether it protects anything yet, [`unprotected_destination`]).
pub(super) fn lower_all(index: &HubIndex, options: &Options) -> Vec<Authorization> {
    index
        .targets
        .iter()
        .map(|(t, destination_port)| lower_target(t, *destination_port, index, options))
        .collect()
}

/// The warning that no workload runs as the destination of `auth`, for when none does.
pub(crate) fn unprotected_destination(auth: &Authorization) -> Diagnostic {
    Diagnostic::warning(
        codes::NO_DESTINATION_WORKLOADS,
        auth.origin.clone(),
        "spec.destination",
        format!(
            "no workload in the inventory runs as {}; nothing is protected or opened yet",
            auth.destination
        ),
    )
    .with_help("check the destination ServiceAccount, or include its workloads in the input")
}

fn subject(
    s: &IdentityBindingSubject,
    namespace: &str,
    origin: &ObjectRef,
    path: String,
    diagnostics: &mut Vec<Diagnostic>,
) -> Identity {
    let ns = match &s.namespace {
        Some(ns) if !ns.is_empty() => ns.clone(),
        _ => {
            diagnostics.push(
                Diagnostic::warning(
                    codes::IMPLICIT_NAMESPACE,
                    origin.clone(),
                    format!("{path}.namespace"),
                    format!(
                        "no namespace given; read as the TrafficTarget's namespace `{namespace}`"
                    ),
                )
                .with_help("write the namespace explicitly"),
            );
            namespace.to_owned()
        }
    };
    Identity::new(ns, s.name.clone())
}

/// The HTTP, TCP and UDP parts of one TrafficTarget's rules.
#[derive(Default)]
struct Rules {
    /// Whether any rule names an HTTPRouteGroup (resolved or not).
    has_http_rules: bool,
    http: Vec<HttpMatch>,
    /// Whether any rule names a TCPRoute (resolved or not).
    has_tcp_rules: bool,
    tcp: Option<PortSet>,
    udp: Option<PortSet>,
}

fn lower_target(
    t: &TrafficTarget,
    destination_port: Option<i32>,
    index: &HubIndex,
    options: &Options,
) -> Authorization {
    let origin = origin_of("TrafficTarget", &t.metadata);
    let namespace = origin.namespace.clone();
    let mut diagnostics = Vec::new();
    let destination = subject(
        &t.spec.destination,
        &namespace,
        &origin,
        "spec.destination".into(),
        &mut diagnostics,
    );
    let mut auth = Authorization {
        origin: origin.clone(),
        destination: destination.clone(),
        sources: BTreeSet::new(),
        grants: Vec::new(),
        diagnostics: Vec::new(),
    };
    if destination.namespace != namespace {
        diagnostics.push(
            Diagnostic::error(
                codes::CROSS_NAMESPACE_DESTINATION,
                origin.clone(),
                "spec.destination.namespace",
                format!(
                    "the destination is in namespace `{}` but the TrafficTarget is in `{namespace}`; it grants nothing",
                    destination.namespace
                ),
            )
            .with_help("create the TrafficTarget in the destination's namespace (only its owner should grant access to it)"),
        );
        auth.diagnostics = diagnostics;
        return auth;
    }
    for (i, s) in t.spec.sources().iter().enumerate() {
        auth.sources.insert(subject(
            s,
            &namespace,
            &origin,
            format!("spec.sources[{i}]"),
            &mut diagnostics,
        ));
    }
    let rules = resolve_rules(t, index, options, &origin, &mut diagnostics);
    auth.grants = combine(rules, &origin, &mut diagnostics);
    if let Some(port) = destination_port {
        auth.grants = restrict_to_port(auth.grants, port, &origin, &mut diagnostics);
    }
    if auth.sources.is_empty() || auth.grants.is_empty() {
        let what = if auth.sources.is_empty() {
            "no sources"
        } else {
            "no usable rules"
        };
        diagnostics.push(
            Diagnostic::warning(
                codes::GRANTS_NOTHING,
                origin.clone(),
                "spec",
                format!("this TrafficTarget has {what}, so it grants nothing"),
            )
            .with_help("list at least one source and one rule that resolves"),
        );
        auth.grants.clear();
    }
    auth.diagnostics = diagnostics;
    auth
}

fn resolve_rules(
    t: &TrafficTarget,
    index: &HubIndex,
    options: &Options,
    origin: &ObjectRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Rules {
    let namespace = &origin.namespace;
    let mut rules = Rules::default();
    for (i, rule) in t.spec.rules().iter().enumerate() {
        let path = format!("spec.rules[{i}]");
        let key = (namespace.clone(), rule.name.clone());
        let missing = |kind: &str, diagnostics: &mut Vec<Diagnostic>| {
            let route = ObjectRef::new(kind, namespace.clone(), rule.name.clone());
            let (why, help) = if index.refused.contains(&route) {
                (
                    "is refused, as validation rejects it",
                    format!("fix the errors reported for the {kind}"),
                )
            } else {
                (
                    "does not exist",
                    format!("create the {kind} in namespace `{namespace}`, or fix the name"),
                )
            };
            diagnostics.push(
                Diagnostic::error(
                    codes::UNRESOLVED_ROUTE,
                    origin.clone(),
                    path.clone(),
                    format!(
                        "{kind} `{namespace}/{}` {why}; this rule grants nothing",
                        rule.name
                    ),
                )
                .with_help(help),
            );
        };
        match rule.kind {
            RuleKind::HttpRouteGroup => {
                rules.has_http_rules = true;
                let Some(group) = index.route_groups.get(&key) else {
                    missing("HTTPRouteGroup", diagnostics);
                    continue;
                };
                let group_origin = origin_of("HTTPRouteGroup", &group.metadata);
                let selected: Vec<(usize, &smi_types::specs::v1alpha4::HttpMatch)> = match &rule
                    .matches
                {
                    None => group.spec.matches.iter().enumerate().collect(),
                    Some(names) => {
                        let mut selected = Vec::new();
                        for (j, name) in names.iter().enumerate() {
                            match group.spec.matches.iter().enumerate().find(|(_, m)| &m.name == name) {
                                Some(found) => selected.push(found),
                                None => diagnostics.push(
                                    Diagnostic::error(
                                        codes::UNKNOWN_MATCH,
                                        origin.clone(),
                                        format!("{path}.matches[{j}]"),
                                        format!("HTTPRouteGroup `{}` has no match named `{name}`; it grants nothing", rule.name),
                                    )
                                    .with_help("use one of the group's match names"),
                                ),
                            }
                        }
                        selected
                    }
                };
                for (j, m) in selected {
                    if let Some(m) =
                        http::lower_match(&group_origin, j, m, &options.readings(), diagnostics)
                    {
                        rules.http.push(m);
                    }
                }
            }
            RuleKind::TcpRoute => {
                rules.has_tcp_rules = true;
                let Some(route) = index.tcp_routes.get(&key) else {
                    missing("TCPRoute", diagnostics);
                    continue;
                };
                if let Some(p) = ports(&route.spec.matches.ports, origin, &path, diagnostics) {
                    rules.tcp = Some(rules.tcp.map_or(p.clone(), |t| t.union(&p)));
                }
            }
            RuleKind::UdpRoute => {
                let Some(route) = index.udp_routes.get(&key) else {
                    missing("UDPRoute", diagnostics);
                    continue;
                };
                if let Some(p) = ports(&route.spec.matches.ports, origin, &path, diagnostics) {
                    rules.udp = Some(rules.udp.map_or(p.clone(), |u| u.union(&p)));
                }
            }
        }
    }
    rules
}

/// The ports of a TCP/UDP route; `None` when one is invalid (the rule then grants nothing:
/// dropping only the bad port could turn a one-port rule into an all-ports one).
fn ports(
    ports: &[i32],
    origin: &ObjectRef,
    path: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<PortSet> {
    let mut valid = Vec::new();
    for p in ports {
        match u16::try_from(*p) {
            Ok(p) if p > 0 => valid.push(p),
            _ => {
                diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_PORT,
                        origin.clone(),
                        path.to_owned(),
                        format!("the referenced route lists port {p}, outside 1–65535; this rule grants nothing"),
                    )
                    .with_help("fix the port in the route"),
                );
                return None;
            }
        }
    }
    Some(PortSet::from_ports(valid))
}

/// An access v1alpha1/v1alpha2 `destination.port` narrows every grant of its target to that port.
fn restrict_to_port(
    grants: Vec<Grant>,
    port: i32,
    origin: &ObjectRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Grant> {
    let Some(port) = u16::try_from(port).ok().filter(|p| *p > 0) else {
        diagnostics.push(
            Diagnostic::error(
                codes::INVALID_PORT,
                origin.clone(),
                "spec.destination.port",
                format!("port {port} is outside 1–65535; this TrafficTarget grants nothing"),
            )
            .with_help("fix the destination port"),
        );
        return Vec::new();
    };
    let only = PortSet::Only([port].into());
    grants
        .into_iter()
        .filter_map(|grant| match grant {
            Grant::Tcp { ports } => ports.intersect(&only).map(|ports| Grant::Tcp { ports }),
            Grant::Udp { ports } => ports.intersect(&only).map(|ports| Grant::Udp { ports }),
            Grant::Http { ports, matches } => ports
                .intersect(&only)
                .map(|ports| Grant::Http { ports, matches }),
        })
        .collect()
}

/// How HTTP and TCP rules of one TrafficTarget combine.
///
/// With HTTP rules present, TCP rules select the ports the HTTP rules apply on (the spec's own
/// example); they grant no raw TCP. Without HTTP rules, TCP rules grant TCP on their ports.
fn combine(rules: Rules, origin: &ObjectRef, diagnostics: &mut Vec<Diagnostic>) -> Vec<Grant> {
    let mut grants = Vec::new();
    if rules.has_http_rules {
        let ports = match (&rules.tcp, rules.has_tcp_rules) {
            (_, false) => Some(PortSet::All),
            (Some(p), true) => Some(p.clone()),
            // Every TCP rule failed: the author meant to narrow the ports but we cannot say to
            // which, so the HTTP rules grant nothing.
            (None, true) => None,
        };
        if rules.has_tcp_rules {
            diagnostics.push(Diagnostic::warning(
                codes::TCP_RULE_SELECTS_PORTS,
                origin.clone(),
                "spec.rules",
                "TCPRoute rules here select the ports the HTTPRouteGroup rules apply on; they grant no raw TCP",
            ));
        }
        if let (Some(ports), false) = (ports, rules.http.is_empty()) {
            let mut matches = rules.http;
            matches.sort();
            matches.dedup();
            grants.push(Grant::Http { ports, matches });
        }
    } else if let Some(ports) = rules.tcp {
        grants.push(Grant::Tcp { ports });
    }
    if let Some(ports) = rules.udp {
        grants.push(Grant::Udp { ports });
    }
    grants
}
