//! Istio: `security.istio.io/v1` AuthorizationPolicy and `networking.istio.io/v1` VirtualService.

mod authz;
pub use crate::codes::istio as codes;
pub use smi_target_types::istio as generated;
mod glob;
mod routing;

use super::naming::{object_meta, object_name};
use super::{Backend, Emitted};
use crate::graph::{GraphIndex, Identity, MeshGraph, Split};
pub use generated::authorization_policy::AuthorizationPolicy;
pub use generated::virtual_service::VirtualService;
use serde::Serialize;

/// Any object this backend emits.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum IstioObject {
    /// `security.istio.io/v1` AuthorizationPolicy.
    AuthorizationPolicy(AuthorizationPolicy),
    /// `networking.istio.io/v1` VirtualService.
    VirtualService(VirtualService),
}

/// The Istio backend.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
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

impl Istio {
    /// Sets Istio's root namespace.
    pub fn root_namespace(mut self, root_namespace: impl Into<String>) -> Istio {
        self.root_namespace = root_namespace.into();
        self
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

    fn emit_split(&self, split: &Split, graph: &MeshGraph) -> Option<Emitted<IstioObject>> {
        let mut diagnostics = Vec::new();
        let objects = routing::virtual_service(split, graph, &mut diagnostics)
            .map(IstioObject::VirtualService)
            .into_iter()
            .collect();
        diagnostics.sort();
        diagnostics.dedup();
        Some(Emitted {
            objects,
            diagnostics,
        })
    }

    fn emit_destination(
        &self,
        destination: &Identity,
        graph: &MeshGraph,
        index: &GraphIndex<'_>,
    ) -> Option<Emitted<IstioObject>> {
        let mut diagnostics = Vec::new();
        let objects = authz::destination_policies(graph, index, destination, &mut diagnostics)
            .into_iter()
            .map(IstioObject::AuthorizationPolicy)
            .collect();
        diagnostics.sort();
        diagnostics.dedup();
        Some(Emitted {
            objects,
            diagnostics,
        })
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

/// `None` for an empty list, so that it is left out of the output rather than written as `[]`.
fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}
