//! `split.smi-spec.io/v1alpha2`: weights are whole numbers.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The desired state of a v1alpha2 TrafficSplit.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "split.smi-spec.io",
    version = "v1alpha2",
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
}

/// A backend Service and its share.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TrafficSplitBackend {
    /// Backend Service name.
    pub service: String,
    /// Relative weight, a non-negative integer; 0 sends no traffic.
    #[schemars(schema_with = "crate::schema_util::non_negative_integer")]
    pub weight: u32,
}

crate::list::list_aliases!(split v1alpha2);
