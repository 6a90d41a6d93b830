//! `smi-controller`: watches SMI objects and the cluster inventory, compiles them with
//! [`smi_translate::incremental::Compiler`], and applies what changed.
//!
//! The pieces, IO at the edges only:
//! - [`watch`]: every input resource's watch, as one stream of [`inputs::InputEvent`]s;
//! - [`state`]: the compiler and what the controller has reported; events in, [`state::Action`]s
//!   out (server-side applies, guarded deletes, Events, condition annotations), with no IO;
//! - [`apply`]: actions carried out against the API server, with retries;
//! - [`run`]: the loop that debounces bursts and ties them together;
//! - [`target`]: `--backend` and the resources each backend writes;
//! - [`rbac`]: the ClusterRole, from the same resource tables.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod apply;
pub mod inputs;
pub mod rbac;
pub mod run;
pub mod state;
pub mod target;
pub mod watch;
