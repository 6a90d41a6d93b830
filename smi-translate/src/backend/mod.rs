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

use crate::graph::{Diagnostic, GraphIndex, Identity, MeshGraph, Split};
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

    /// The objects and diagnostics that protecting `destination` gives rise to in
    /// [`emit`](Self::emit); `index` answers about the destination's namespace and the
    /// authorizations protecting it ([`MeshGraph::namespace_index`], or the whole
    /// [`MeshGraph::index`]). `None` (the default): the backend cannot say, and the incremental
    /// compiler emits the whole graph again when an authorization or a workload changes.
    ///
    /// A backend that answers promises what lets the incremental compiler replace these
    /// objects alone: its objects for `destination` read only the authorizations protecting
    /// it, its workloads, the workloads of its namespace and the Services that select them;
    /// every diagnostic it reports about a TrafficTarget protecting `destination` is among
    /// these; and what the rest of its output reads of authorizations, workloads, Services'
    /// workloads and identities is at most whether there is any authorization.
    fn emit_destination(
        &self,
        destination: &Identity,
        graph: &MeshGraph,
        index: &GraphIndex<'_>,
    ) -> Option<Emitted<Self::Output>> {
        let _ = (destination, graph, index);
        None
    }
}
