//! Typed Kubernetes resources for every Service Mesh Interface (SMI) API group and version.
//!
//! - [`access`], [`specs`], [`split`]: the CRD kinds, one module per API version, each kind a
//!   `kube::CustomResource` so `kube::Api<TrafficSplit>` works as for any other resource.
//! - [`metrics`]: the read-only aggregated metrics API (typed, `kube::Resource`, not a CRD).
//! - [`load`]: YAML/JSON streams → [`Object`]s, with document index and line in errors.
//! - [`validate`]: rules the schemas cannot express, as [`Diagnostic`]s with stable codes.
//! - [`diagnostic`]: the one diagnostic type of the workspace, its [`Severity`], and the
//!   [`CodeInfo`] tables every producer declares its codes in.
//! - [`convert`]: every version to and from the hub, with a report of what is lost, and a
//!   conversion-webhook handler.
//! - [`crd`]: one `apiextensions.k8s.io/v1` CRD per kind, every version served.
//! - [`quantity`]: Kubernetes resource quantities (TrafficSplit v1alpha1 weights), exact.
//!
//! Library crates never choose a Kubernetes version for `k8s-openapi`; the final binary does.
#![forbid(unsafe_code)]
// The feature badges of gated items, on docs.rs (nightly) only.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod access;
pub mod convert;
pub mod crd;
pub mod diagnostic;
mod headers;
mod kinds;
mod list;
pub mod load;
mod method;
pub mod metrics;
mod object;
pub mod quantity;
pub mod schema;
mod schema_util;
mod serde_util;
pub mod specs;
pub mod split;
pub mod validate;

pub use diagnostic::{CodeInfo, Diagnostic, Origin, Severity};
pub use headers::HttpHeaders;
pub use method::HttpMethod;
pub use object::{
    ApiVersion, Group, Hub, KindName, Object, ObjectRef, ParseApiVersionError, SmiKind, SmiObject,
    Version,
};
pub use quantity::{Quantity, QuantityError};

pub use k8s_openapi;
pub use kube::core::{CustomResourceExt, Resource, ResourceExt};
