//! Istio: `security.istio.io/v1` AuthorizationPolicy and `networking.istio.io/v1` VirtualService.

mod authz;
pub mod codes;
mod glob;
mod routing;
pub mod types;

use super::naming::{MANAGED_BY, object_name};
use super::{Backend, Emitted};
use crate::graph::MeshGraph;
pub use types::IstioObject;

/// The Istio backend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Istio {
    /// Istio's root namespace, where a mesh-wide default-deny policy goes (`istio-system`).
    pub root_namespace: String,
}

impl Default for Istio {
    fn default() -> Self {
        Istio {
            root_namespace: "istio-system".into(),
        }
    }
}

impl Backend for Istio {
    type Output = IstioObject;

    fn name(&self) -> &'static str {
        "istio"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<IstioObject> {
        let mut diagnostics = Vec::new();
        let mut objects: Vec<IstioObject> = authz::emit(graph, self, &mut diagnostics)
            .into_iter()
            .map(IstioObject::AuthorizationPolicy)
            .collect();
        objects.extend(
            routing::emit(graph, &mut diagnostics)
                .into_iter()
                .map(IstioObject::VirtualService),
        );
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

impl Istio {
    /// The authorization objects alone (AuthorizationPolicies) with their diagnostics, for
    /// pairing with another backend's routes ([`compose`](super::compose)).
    pub fn emit_authorization(&self, graph: &MeshGraph) -> Emitted<IstioObject> {
        let mut diagnostics = Vec::new();
        let objects = authz::emit(graph, self, &mut diagnostics)
            .into_iter()
            .map(IstioObject::AuthorizationPolicy)
            .collect();
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

fn metadata(name: String, namespace: String) -> types::Metadata {
    types::Metadata {
        name,
        namespace,
        labels: [(MANAGED_BY.0.to_owned(), MANAGED_BY.1.to_owned())].into(),
    }
}
