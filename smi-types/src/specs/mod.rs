//! `specs.smi-spec.io`: descriptions of traffic (HTTPRouteGroup, TCPRoute, UDPRoute).

pub mod v1alpha1;
pub mod v1alpha2;
pub mod v1alpha3;
pub mod v1alpha4;

/// The API group.
pub const GROUP: &str = "specs.smi-spec.io";
