//! The backends' golden scenarios, determinism, target schemas and references: one test binary
//! sharing `tests/support`.

#[path = "../support/mod.rs"]
mod support;

mod envoy;
mod envoy_scenarios;
mod envoy_validate;
mod gamma;
mod istio;
mod linkerd;
