//! `specs.smi-spec.io/v1alpha3`: `matches` moves under `spec`; TCPRoute gains an empty `spec`.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v1alpha2::HttpMatch;

/// The desired state of a v1alpha3 HTTPRouteGroup.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha3",
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

/// The desired state of a v1alpha3 TCPRoute: empty. Any TCP traffic on any port.
#[derive(
    CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema,
)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha3",
    kind = "TCPRoute",
    root = "TcpRoute",
    namespaced,
    shortname = "tr",
    derive = "PartialEq",
    doc = "Raw TCP traffic."
)]
pub struct TcpRouteSpec {}

crate::list::list_aliases!(specs v1alpha3);
