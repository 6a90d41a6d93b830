//! Access: Gateway API has no authorization, so every TrafficTarget is reported once. Pairing the
//! routes with a mesh's authorization objects happens one level up, in
//! [`compose`](crate::backend::compose).

use super::codes;
use crate::graph::{Diagnostic, Grant, MeshGraph, ObjectRef};

/// One diagnostic per TrafficTarget (and one for a requested default deny).
pub(super) fn not_carried(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) {
    for auth in &graph.authorizations {
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
        diagnostics.push(
            Diagnostic::error(
                codes::NO_AUTHORIZATION,
                auth.origin.clone(),
                "spec",
                format!(
                    "Gateway API has no authorization: {what}; the mesh's default policy decides who may call"
                ),
            )
            .with_help("pair the routes with a mesh's policy objects: --authz istio|linkerd (backend::compose::GammaWithAuthz)"),
        );
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
