//! `split.smi-spec.io/v1alpha3`: weights are whole numbers, with optional `matches` for A/B tests.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The desired state of a v1alpha3 TrafficSplit.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "split.smi-spec.io",
    version = "v1alpha3",
    kind = "TrafficSplit",
    namespaced,
    shortname = "ts",
    derive = "PartialEq",
    derive = "Default",
    printcolumn(
        name = "Service",
        type_ = "string",
        description = "The apex service of this split.",
        json_path = ".spec.service"
    ),
    doc = "Splits traffic addressed to a root Service across backend Services by relative weight."
)]
#[serde(rename_all = "camelCase")]
pub struct TrafficSplitSpec {
    /// The root (apex) Service, in the split's namespace, that clients address.
    pub service: String,
    /// The Services (in the split's namespace) that receive the traffic.
    pub backends: Vec<TrafficSplitBackend>,
    /// HTTPRouteGroups (in the split's namespace) whose requests are split; other requests go
    /// to the root Service. Absent: every request is split.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<TrafficSplitMatch>>,
}

pub use super::v1alpha2::TrafficSplitBackend;

/// A reference to an HTTPRouteGroup in the split's namespace.
#[derive(
    Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct TrafficSplitMatch {
    /// API group of the reference (`specs.smi-spec.io`); optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_group: Option<String>,
    /// Kind of the reference; only `HTTPRouteGroup` is meaningful.
    pub kind: String,
    /// Name of the HTTPRouteGroup.
    pub name: String,
}

crate::list::list_aliases!(split v1alpha3);
