//! A crate that uses smi-types and smi-translate as a downstream crate would: only their public
//! API, with the `unreleased` feature on (as any other crate in a build may turn it on). Its
//! tests (`tests/public_api.rs`) are what a consumer relies on staying source-compatible.
#![forbid(unsafe_code)]
