//! A pure, IO-free compiler from SMI objects plus a cluster inventory to mesh configuration.
//!
//! ```text
//! SMI objects (any version) ─┐
//!                            ├─ lower ─► MeshGraph ─► Backend::emit ─► typed target objects
//! Inventory (k8s-openapi) ───┘                                          + diagnostics
//! ```
//!
//! Every semantic decision is made once, in [`mod@lower`]; backends read the [`graph`] and report
//! what their target cannot express, as [`smi_types::Diagnostic`]s whose codes [`codes`] lists.
//! No function here reads a file, a clock or randomness.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod backend;
pub mod codes;
pub mod graph;
pub mod inventory;
pub mod lower;

pub use backend::{Backend, Emitted};
pub use graph::MeshGraph;
pub use inventory::Inventory;
pub use lower::{Options, lower};
