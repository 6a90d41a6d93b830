//! Authorizations → AuthorizationPolicy (ALLOW), one per destination workload.

use super::generated::authorization_policy::{
    AuthorizationPolicy, AuthorizationPolicyAction, AuthorizationPolicyRules as Rule,
    AuthorizationPolicyRulesFrom as RuleFrom, AuthorizationPolicyRulesFromSource as Source,
    AuthorizationPolicyRulesTo as RuleTo, AuthorizationPolicyRulesToOperation as Operation,
    AuthorizationPolicyRulesWhen as Condition, AuthorizationPolicySelector as WorkloadSelector,
    AuthorizationPolicySpec,
};
use super::glob::to_glob;
use super::{Istio, codes, non_empty, object_meta, object_name};
use crate::backend::naming::kind_name;
use crate::backend::workloads::exclusive_labels;
use crate::graph::{
    Authorization, Diagnostic, Grant, GraphIndex, HttpMatch, Identity, MeshGraph, MethodSet,
    ObjectRef, PathAnchoring, PortSet, Workload,
};

pub(super) fn emit(
    graph: &MeshGraph,
    istio: &Istio,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<AuthorizationPolicy> {
    let index = graph.index();
    let mut policies = Vec::new();
    if graph.emit_default_deny {
        policies.push(AuthorizationPolicy {
            metadata: object_meta(
                &graph.metadata,
                "allow-nothing".into(),
                istio.root_namespace.clone(),
            ),
            spec: AuthorizationPolicySpec::default(),
            status: None,
        });
    } else if !graph.authorizations.is_empty() {
        diagnostics.push(
            Diagnostic::warning(
                codes::NO_DEFAULT_DENY,
                ObjectRef::new("AuthorizationPolicy", &istio.root_namespace, "allow-nothing"),
                "",
                "no mesh-wide allow-nothing policy is emitted: in Istio, workloads that no TrafficTarget names accept all traffic",
            )
            .about_output()
            .with_help("pass --default-deny (Options::emit_default_deny) for SMI's deny-by-default everywhere"),
        );
    }
    for (destination, _) in index.authorizations_by_destination() {
        policies.extend(destination_policies(
            graph,
            &index,
            destination,
            diagnostics,
        ));
    }
    policies
}

/// The policies of the workloads running as `destination`, one each, allowing what the
/// authorizations protecting it grant; `index` answers about its namespace and those
/// authorizations. None when no authorization protects it.
pub(super) fn destination_policies(
    graph: &MeshGraph,
    index: &GraphIndex<'_>,
    destination: &Identity,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<AuthorizationPolicy> {
    let auths = index.authorizations_to(destination);
    if auths.is_empty() {
        return Vec::new();
    }
    let mut rules = Vec::new();
    for auth in auths {
        rules.extend(rules_of(auth, graph, diagnostics));
    }
    let mut policies = Vec::new();
    for workload in index.workloads_of(destination) {
        if let Some(selector) = exclusive_selector(
            workload,
            index,
            auths_origin(index, destination),
            diagnostics,
        ) {
            policies.push(AuthorizationPolicy {
                metadata: object_meta(
                    &graph.metadata,
                    object_name(&["smi", kind_name(workload.id.kind), &workload.id.name]),
                    workload.id.namespace.clone(),
                ),
                spec: AuthorizationPolicySpec {
                    selector: Some(selector),
                    action: Some(AuthorizationPolicyAction::Allow),
                    rules: non_empty(rules.clone()),
                    ..AuthorizationPolicySpec::default()
                },
                status: None,
            });
        }
    }
    policies
}

fn auths_origin(index: &GraphIndex<'_>, destination: &Identity) -> ObjectRef {
    index
        .authorizations_to(destination)
        .first()
        .map(|a| a.origin.clone())
        .unwrap_or_default()
}

/// The workload's pod labels, unless they would also select pods running another identity
/// (the policy would then open those pods too).
fn exclusive_selector(
    workload: &Workload,
    index: &GraphIndex<'_>,
    origin: ObjectRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<WorkloadSelector> {
    let labels = exclusive_labels(
        workload,
        index,
        codes::SELECTOR_NOT_EXCLUSIVE,
        "AuthorizationPolicy",
        origin,
        diagnostics,
    )?;
    Some(WorkloadSelector {
        match_labels: Some(labels.clone()),
    })
}

fn principals(auth: &Authorization, graph: &MeshGraph) -> Vec<RuleFrom> {
    let principals = auth
        .sources
        .iter()
        .map(|s| {
            format!(
                "{}/ns/{}/sa/{}",
                graph.naming.trust_domain, s.namespace, s.service_account
            )
        })
        .collect();
    vec![RuleFrom {
        source: Some(Source {
            principals: Some(principals),
            ..Source::default()
        }),
    }]
}

fn port_strings(ports: &PortSet) -> Vec<String> {
    match ports {
        PortSet::All => Vec::new(),
        PortSet::Only(set) => set.iter().map(u16::to_string).collect(),
    }
}

fn rules_of(
    auth: &Authorization,
    graph: &MeshGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Rule> {
    let from = principals(auth, graph);
    let mut rules = Vec::new();
    for grant in &auth.grants {
        match grant {
            Grant::Tcp { ports } => rules.push(Rule {
                from: non_empty(from.clone()),
                to: match ports {
                    PortSet::All => None,
                    p => Some(vec![RuleTo {
                        operation: Some(Operation {
                            ports: non_empty(port_strings(p)),
                            ..Operation::default()
                        }),
                    }]),
                },
                when: None,
            }),
            Grant::Udp { .. } => diagnostics.push(
                Diagnostic::warning(
                    codes::UDP_UNSUPPORTED,
                    auth.origin.clone(),
                    "spec.rules",
                    "Istio sidecars do not intercept UDP, so this UDP grant cannot be expressed or enforced",
                )
                .with_help("enforce UDP access with a NetworkPolicy"),
            ),
            Grant::Http { ports, matches } => {
                for m in matches {
                    if let Some(rule) = http_rule(auth, m, ports, &from, diagnostics) {
                        rules.push(rule);
                    }
                }
            }
        }
    }
    rules
}

fn http_rule(
    auth: &Authorization,
    m: &HttpMatch,
    ports: &PortSet,
    from: &[RuleFrom],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Rule> {
    let refuse = |code, what: String, diagnostics: &mut Vec<Diagnostic>| {
        diagnostics.push(
            Diagnostic::error(
                code,
                auth.origin.clone(),
                "spec.rules",
                format!(
                    "match `{}` of {}: {what}; Istio AuthorizationPolicy takes only exact, prefix* and *suffix values, so this match grants nothing",
                    m.name, m.group
                ),
            )
            .with_help("write the regex as a literal, `literal.*` or `.*literal`")
            .with_related(m.related()),
        );
    };
    let paths = match &m.path {
        // `*` keeps the rule HTTP-only: without an HTTP field Istio would also admit raw TCP.
        None => vec!["*".to_owned()],
        Some(p) => match to_glob(&p.regex, p.anchoring == PathAnchoring::Full) {
            Some(g) => vec![g.render()],
            None => {
                refuse(
                    codes::PATH_NOT_EXPRESSIBLE,
                    format!(
                        "path regex `{}` is not a literal, prefix or suffix",
                        p.regex
                    ),
                    diagnostics,
                );
                return None;
            }
        },
    };
    let mut when = Vec::new();
    for h in &m.headers {
        match to_glob(&h.regex, true) {
            Some(g) => when.push(Condition {
                key: format!("request.headers[{}]", h.name),
                values: Some(vec![g.render()]),
                not_values: None,
            }),
            None => {
                refuse(
                    codes::HEADER_NOT_EXPRESSIBLE,
                    format!(
                        "header `{}` regex `{}` is not a literal, prefix or suffix",
                        h.name, h.regex
                    ),
                    diagnostics,
                );
                return None;
            }
        }
    }
    let methods = match &m.methods {
        MethodSet::Any => Vec::new(),
        MethodSet::Only(set) => set.iter().map(|m| m.as_str().to_owned()).collect(),
    };
    Some(Rule {
        from: non_empty(from.to_vec()),
        to: Some(vec![RuleTo {
            operation: Some(Operation {
                ports: non_empty(port_strings(ports)),
                methods: non_empty(methods),
                paths: non_empty(paths),
                ..Operation::default()
            }),
        }]),
        when: non_empty(when),
    })
}
