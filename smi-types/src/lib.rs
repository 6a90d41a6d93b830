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
//!
//! # Load, validate, convert
//!
//! ```
//! use smi_types::load::{LoadOptions, load};
//! use smi_types::validate::{self, codes};
//! use smi_types::{SmiObject, convert};
//!
//! let manifest = r#"
//! apiVersion: split.smi-spec.io/v1alpha2
//! kind: TrafficSplit
//! metadata: { name: canary, namespace: shop }
//! spec:
//!   service: website
//!   backends:
//!     - { service: website-v1, weight: 90 }
//!     - { service: website-v2, weight: 10 }
//! ---
//! apiVersion: split.smi-spec.io/v1alpha2
//! kind: TrafficSplit
//! metadata: { name: twice, namespace: shop }
//! spec:
//!   service: website
//!   backends:
//!     - { service: website-v1, weight: 1 }
//!     - { service: website-v1, weight: 1 }
//! "#;
//!
//! // Load: every document becomes a typed object of its own version.
//! let loaded = load(manifest, &LoadOptions::default());
//! assert!(!loaded.has_errors());
//! let objects: Vec<&SmiObject> = loaded.smi_objects().collect();
//! let SmiObject::TrafficSplitV1alpha2(canary) = objects[0] else {
//!     panic!("expected a v1alpha2 TrafficSplit, got {:?}", objects[0].kind());
//! };
//! let backends: Vec<(&str, u32)> = canary
//!     .spec
//!     .backends
//!     .iter()
//!     .map(|b| (b.service.as_str(), b.weight))
//!     .collect();
//! assert_eq!(backends, [("website-v1", 90), ("website-v2", 10)]);
//!
//! // Validate: the rules no schema can express, each with a stable code and a field path.
//! assert!(validate::validate(objects[0]).is_empty());
//! let problems = validate::validate(objects[1]);
//! assert_eq!(problems.len(), 1);
//! assert_eq!(problems[0].code, codes::DUPLICATE_BACKEND.code);
//! assert_eq!(problems[0].path, "spec.backends[1].service");
//! assert!(problems[0].is_error());
//!
//! // Convert: to the group's hub (storage) version, with a report of anything lost.
//! let hub = convert::to_hub_version(objects[0])?;
//! assert!(hub.lost.is_empty());
//! assert_eq!(hub.object.api_version().to_string(), "split.smi-spec.io/v1alpha4");
//! assert_eq!(hub.object.to_json()["apiVersion"], "split.smi-spec.io/v1alpha4");
//! assert_eq!(hub.object.to_json()["spec"]["backends"][1]["weight"], 10);
//! # Ok::<(), smi_types::convert::ConvertError>(())
//! ```
#![forbid(unsafe_code)]
// The feature badges of gated items, on docs.rs (nightly) only.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod access;
pub mod codes;
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
pub mod re2;
pub mod schema;
mod schema_util;
mod serde_util;
pub mod specs;
pub mod split;
pub mod validate;

pub use diagnostic::{CodeInfo, Diagnostic, Origin, Related, Severity};
pub use headers::HttpHeaders;
pub use method::HttpMethod;
pub use object::{
    ApiVersion, DEFAULT_NAMESPACE, Group, Hub, KindName, Object, ObjectRef, ParseApiVersionError,
    SmiKind, SmiObject, Version, deserialize_tracked, namespace_of,
};
pub use quantity::{Quantity, QuantityError};

pub use k8s_openapi;
pub use kube::core::{CustomResourceExt, Resource, ResourceExt};
