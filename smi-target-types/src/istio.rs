//! Istio's `security.istio.io/v1` AuthorizationPolicy and `networking.istio.io/v1` VirtualService,
//! generated from Istio's CRDs (`testdata/upstream/crds/istio/`) by
//! `scripts/generate-target-types.sh`. Do not edit the generated files: regenerate them.
//!
//! Each root type implements `kube::Resource`, so a controller can `kube::Api<AuthorizationPolicy>`
//! what the backend emits.

// kopium writes no documentation for CRD fields without a description.
#[allow(missing_docs)]
pub mod authorization_policy;
#[allow(missing_docs)]
pub mod virtual_service;
