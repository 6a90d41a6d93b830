//! Examples for smi-rs live beside this file; run them with
//! `cargo run -p smi-examples --example <name>`. The `manifests/` folder holds the bundled SMI
//! manifests that the README's quickstart validates.
#![forbid(unsafe_code)]
