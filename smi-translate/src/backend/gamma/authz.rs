//! Access: Gateway API has no authorization. Without a paired backend every TrafficTarget is
//! reported once; with one, that backend's authorization objects are emitted beside the routes
//! (run on the graph without its splits, so nothing is split twice).

use super::types::GammaObject;
use super::{AuthzBackend, codes};
use crate::backend::Backend;
use crate::backend::istio::IstioObject;
use crate::backend::linkerd::LinkerdObject;
use crate::graph::{Diagnostic, Grant, MeshGraph, ObjectRef};

pub(super) fn emit(
    graph: &MeshGraph,
    authz: Option<&AuthzBackend>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<GammaObject> {
    // The paired backend sees access only: no split, so it emits no routing object and no
    // routing diagnostic.
    let access_only = || MeshGraph {
        splits: Vec::new(),
        ..graph.clone()
    };
    match authz {
        None => {
            not_carried(graph, diagnostics);
            Vec::new()
        }
        Some(AuthzBackend::Istio(istio)) => {
            let emitted = istio.emit(&access_only());
            diagnostics.extend(emitted.diagnostics);
            emitted
                .objects
                .into_iter()
                .filter(|o| matches!(o, IstioObject::AuthorizationPolicy(_)))
                .map(|o| GammaObject::Istio(Box::new(o)))
                .collect()
        }
        Some(AuthzBackend::Linkerd(linkerd)) => {
            let emitted = linkerd.emit(&access_only());
            diagnostics.extend(emitted.diagnostics);
            emitted
                .objects
                .into_iter()
                .filter(|o| match o {
                    LinkerdObject::Server(_)
                    | LinkerdObject::MeshTlsAuthentication(_)
                    | LinkerdObject::AuthorizationPolicy(_) => true,
                    LinkerdObject::HttpRoute(r) => r.api_version.starts_with("policy.linkerd.io/"),
                    LinkerdObject::TcpRoute(_) | LinkerdObject::ServiceProfile(_) => false,
                })
                .map(GammaObject::Linkerd)
                .collect()
        }
    }
}

/// One diagnostic per TrafficTarget (and one for a requested default deny).
fn not_carried(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) {
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
            .with_help("pair the routes with a mesh's policy objects: --authz istio|linkerd (Gamma { authz })"),
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
