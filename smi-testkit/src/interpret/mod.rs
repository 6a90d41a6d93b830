//! Interpreters of backend output: what a mesh would do with a request, given the objects a
//! backend emitted.
//!
//! Each interpreter reads only the backend's output objects plus the cluster facts a mesh
//! itself would know (Services, their ports and selected workloads, workload labels and
//! ServiceAccounts); it never reads the graph's authorizations or splits. The differential
//! properties in `tests/` compare [`Interpreter::decide`] with [`crate::evaluate()`].
//!
//! One module per mesh: [`istio`], [`linkerd`] and [`envoy`], each implementing [`Interpreter`]
//! and writing a `reported_fail_closed` for its backend's diagnostics.

pub mod envoy;
pub mod istio;
pub mod linkerd;

use crate::evaluate::Decision;
use crate::request::Request;

/// A mesh, configured by a backend's output, deciding about requests.
pub trait Interpreter {
    /// A short name (`istio`).
    fn name(&self) -> &'static str;

    /// What the mesh does with `request`.
    fn decide(&self, request: &Request) -> Decision;
}

pub use envoy::EnvoyInterpreter;
pub use istio::IstioInterpreter;
pub use linkerd::LinkerdInterpreter;
