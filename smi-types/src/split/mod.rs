//! `split.smi-spec.io`: TrafficSplit, client-side weighted splitting of a root Service.

pub mod v1alpha1;
pub mod v1alpha2;
pub mod v1alpha3;
pub mod v1alpha4;

/// The API group.
pub const GROUP: &str = "split.smi-spec.io";
