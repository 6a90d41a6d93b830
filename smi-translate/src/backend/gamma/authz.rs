//! Access: Gateway API has no authorization, so every TrafficTarget is reported once. Pairing the
//! routes with a mesh's authorization objects happens one level up, in
//! [`compose`](crate::backend::compose).

use super::codes;
use crate::graph::{Authorization, Diagnostic, Grant, MeshGraph, ObjectRef, Severity};

/// One diagnostic per TrafficTarget (and one for a requested default deny): an error when the
/// routes were asked for as a translation of the whole input, a warning when routes-only output
/// was accepted explicitly.
pub(super) fn not_carried(
    graph: &MeshGraph,
    severity: Severity,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for auth in &graph.authorizations {
        diagnostics.push(not_carried_by(auth, severity));
    }
    if graph.emit_default_deny {
        diagnostics.push(
            Diagnostic::warning(
                codes::NO_DEFAULT_DENY,
                ObjectRef::new("MeshGraph", "", "default-deny"),
                "",
                "a mesh-wide default deny was asked for, but Gateway API has no object for it",
            )
            .with_help("pair the routes with a mesh's policy objects: --authz istio|linkerd"),
        );
    }
}

/// The report that Gateway API does not carry `auth`: an error, or a warning when routes-only
/// output was accepted (`severity`).
pub(super) fn not_carried_by(auth: &Authorization, severity: Severity) -> Diagnostic {
    let what = if auth.sources.is_empty() || auth.grants.is_empty() {
        "it grants nothing, and Gateway API cannot deny either".to_owned()
    } else {
        let kinds: Vec<&str> = auth
            .grants
            .iter()
            .map(|g| match g {
                Grant::Tcp { .. } => "TCP",
                Grant::Udp { .. } => "UDP",
                Grant::Http { .. } => "HTTP",
            })
            .collect();
        format!(
            "its {} grant(s) for {} source(s) to {} are not enforced",
            kinds.join("/"),
            auth.sources.len(),
            auth.destination
        )
    };
    let message = format!(
        "Gateway API has no authorization: {what}; the mesh's default policy decides who may call"
    );
    match severity {
        Severity::Error => Diagnostic::error(codes::NO_AUTHORIZATION, auth.origin.clone(), "spec", message)
            .with_help("pair the routes with a mesh's policy objects: --authz istio|linkerd (backend::compose::GammaWithAuthz), or accept routes-only output: --authz none"),
        _ => Diagnostic::warning(codes::NO_AUTHORIZATION, auth.origin.clone(), "spec", message)
            .with_help("routes-only output was asked for (--authz none); enforce this TrafficTarget with the mesh's own policy objects"),
    }
}
