//! `access.smi-spec.io`: who may talk to whom (TrafficTarget, and the unreleased IdentityBinding).
//!
//! Deny by default: a TrafficTarget only ever allows traffic.

pub mod v1alpha1;
pub mod v1alpha2;
pub mod v1alpha3;
#[cfg(feature = "unreleased")]
#[cfg_attr(docsrs, doc(cfg(feature = "unreleased")))]
pub mod v1alpha4;

/// The API group.
pub const GROUP: &str = "access.smi-spec.io";
