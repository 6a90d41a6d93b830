//! `metrics.smi-spec.io/v1alpha2`: TrafficMetrics and TrafficMetricsList.

use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ListMeta, ObjectMeta, Time};
use serde::{Deserialize, Serialize};

pub use super::v1alpha1::{Direction, Metric};

/// Traffic metrics of one resource, optionally towards one peer (an edge).
#[derive(Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TrafficMetrics {
    /// Name and namespace of the observed resource.
    #[serde(default)]
    pub metadata: ObjectMeta,
    /// When the sample was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<Time>,
    /// Length of the observation window, as a Go duration (`30s`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// The observed resource.
    #[serde(default)]
    pub resource: Option<ObjectReference>,
    /// The other end of the traffic; absent or empty means every peer.
    #[serde(default)]
    pub edge: Option<Edge>,
    /// For TrafficSplit metrics: which backend of the split this item describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<Backend>,
    /// The measurements.
    #[serde(default)]
    pub metrics: Vec<Metric>,
}

/// The wire body of [`TrafficMetrics`] without `apiVersion` and `kind`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrafficMetricsBody {
    metadata: ObjectMeta,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<Time>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    resource: Option<ObjectReference>,
    edge: Option<Edge>,
    #[serde(skip_serializing_if = "Option::is_none")]
    backend: Option<Backend>,
    metrics: Vec<Metric>,
}

impl TrafficMetricsBody {
    fn borrowed(m: &TrafficMetrics) -> Self {
        TrafficMetricsBody {
            metadata: m.metadata.clone(),
            timestamp: m.timestamp.clone(),
            window: m.window.clone(),
            resource: m.resource.clone(),
            edge: m.edge.clone(),
            backend: m.backend.clone(),
            metrics: m.metrics.clone(),
        }
    }
}

/// The peer of an edge.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// `to`: sent by the resource to the peer; `from`: received by the resource from the peer.
    pub direction: Direction,
    /// Where the traffic was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<Side>,
    /// The peer; empty means every peer.
    #[serde(default)]
    pub resource: Option<ObjectReference>,
}

/// Where an edge was measured.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// At the sender.
    Client,
    /// At the receiver.
    Server,
}

/// A TrafficSplit backend the metrics describe.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Backend {
    /// The split's root Service.
    pub apex: String,
    /// The backend Service.
    pub name: String,
    /// Its weight in the split.
    pub weight: i64,
}

/// A list of [`TrafficMetrics`] for a kind, a namespace or a resource's edges.
#[derive(Deserialize, Clone, Debug, Default, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TrafficMetricsList {
    /// List metadata.
    #[serde(default)]
    pub metadata: ListMeta,
    /// What is listed: a kind and namespace, or the resource whose edges these are.
    #[serde(default)]
    pub resource: Option<ObjectReference>,
    /// The items; `null` reads as empty.
    #[serde(default, deserialize_with = "crate::serde_util::null_as_default")]
    pub items: Vec<TrafficMetrics>,
}

super::metrics_resource!("v1alpha2");
