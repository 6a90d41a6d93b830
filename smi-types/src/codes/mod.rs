//! The diagnostic codes this crate reports, one table per producer, each code with a one-line
//! summary (see [`diagnostic_codes!`](crate::diagnostic_codes)).
//!
//! The tables live together so that the crate's whole diagnostic vocabulary reads in one place;
//! each producer re-exports its own (`smi_types::load::codes`, `smi_types::validate::codes`,
//! `smi_types::convert::codes`).

pub mod convert;
pub mod load;
pub mod validate;
