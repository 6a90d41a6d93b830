//! Backends: graph → typed objects of one target mesh.
//!
//! A backend never sees an SMI or Kubernetes input type, only the [`MeshGraph`]. What it cannot
//! express it reports as a [`Diagnostic`]; it never re-decides a semantic question.

pub mod compose;
pub mod envoy;
pub mod gamma;
pub mod gateway_api;
pub mod istio;
pub mod linkerd;
mod naming;
pub mod regex_limit;
mod workloads;

use crate::graph::{Diagnostic, MeshGraph, Split};
pub use naming::{MANAGED_BY, MetadataTemplate};

/// The objects a backend emits and what it could not express.
#[derive(Clone, Debug, PartialEq)]
pub struct Emitted<T> {
    /// Output objects, in a deterministic order.
    pub objects: Vec<T>,
    /// What the target cannot express, and what was done instead (always fail closed).
    pub diagnostics: Vec<Diagnostic>,
}

/// A translation target.
///
/// Implement this to add a mesh of your own: read the graph, return your objects.
pub trait Backend {
    /// The output object type.
    type Output: serde::Serialize;

    /// A short name (`istio`).
    fn name(&self) -> &'static str;

    /// Emits the target objects for `graph`.
    fn emit(&self, graph: &MeshGraph) -> Emitted<Self::Output>;

    /// The objects and diagnostics that `split` alone gives rise to in [`emit`](Self::emit),
    /// for a backend whose objects of a split read only that split and the graph's Services
    /// and naming; `None` (the default): the backend's output of a split depends on more, and
    /// the incremental compiler emits the whole graph again when a split changes.
    fn emit_split(&self, split: &Split, graph: &MeshGraph) -> Option<Emitted<Self::Output>> {
        let _ = (split, graph);
        None
    }
}
