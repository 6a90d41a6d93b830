//! `specs.smi-spec.io/v1alpha4` (released in SMI v0.6.0, the hub): TCP/UDP routes select ports.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v1alpha2::HttpMatch;

/// The desired state of a v1alpha4 HTTPRouteGroup.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha4",
    kind = "HTTPRouteGroup",
    root = "HttpRouteGroup",
    namespaced,
    shortname = "htr",
    derive = "PartialEq",
    derive = "Default",
    doc = "Named classes of HTTP requests, referenced by TrafficTargets and TrafficSplits."
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteGroupSpec {
    /// The routes; each is referenced by its name.
    pub matches: Vec<HttpMatch>,
}

/// The desired state of a v1alpha4 TCPRoute.
#[derive(
    CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema,
)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha4",
    kind = "TCPRoute",
    root = "TcpRoute",
    namespaced,
    shortname = "tr",
    derive = "PartialEq",
    doc = "TCP traffic on a set of ports."
)]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteSpec {
    /// The ports (a single object, not a list).
    pub matches: PortMatch,
}

/// The desired state of a v1alpha4 UDPRoute.
#[derive(
    CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema,
)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha4",
    kind = "UDPRoute",
    root = "UdpRoute",
    namespaced,
    shortname = "ur",
    derive = "PartialEq",
    doc = "UDP traffic on a set of ports."
)]
#[serde(rename_all = "camelCase")]
pub struct UdpRouteSpec {
    /// The ports (a single object, not a list).
    pub matches: PortMatch,
}

/// Ports of a TCPRoute or UDPRoute. An empty list means every port of the service.
///
/// `ports` is always written, even when empty: the smi-sdk-go CRD requires the key.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PortMatch {
    /// An optional name (in the Go types and controller-sdk CRD, not in the spec text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Port numbers, 1–65535; empty means all ports.
    #[serde(default)]
    pub ports: Vec<i32>,
}

crate::list::list_aliases!(specs v1alpha4);
