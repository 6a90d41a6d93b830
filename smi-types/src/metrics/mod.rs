//! `metrics.smi-spec.io`: traffic metrics served by an aggregated API (not a CRD).
//!
//! The API is read-only and its resources are named after the Kubernetes resources the metrics
//! describe (`pods`, `deployments`, …), all of kind `TrafficMetrics`. [`MetricsResource`] is the
//! [`kube::Resource::DynamicType`] that picks which one a `kube::Api` talks to; the scope is
//! dynamic because `namespaces` metrics are cluster-scoped while the others are namespaced.

use std::borrow::Cow;

pub mod v1alpha1;
pub mod v1alpha2;

/// The API group.
pub const GROUP: &str = "metrics.smi-spec.io";

/// Which resource type's metrics a `kube::Api` of TrafficMetrics reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MetricsResource {
    /// `pods` (the default).
    #[default]
    Pods,
    /// `namespaces` (cluster-scoped aggregate).
    Namespaces,
    /// `nodes`.
    Nodes,
    /// `replicationcontrollers`.
    ReplicationControllers,
    /// `services`.
    Services,
    /// `daemonsets`.
    DaemonSets,
    /// `deployments`.
    Deployments,
    /// `replicasets`.
    ReplicaSets,
    /// `statefulsets`.
    StatefulSets,
    /// `jobs`.
    Jobs,
    /// `trafficsplits` (v1alpha2 only).
    TrafficSplits,
}

impl MetricsResource {
    /// The REST resource name.
    pub fn plural(self) -> &'static str {
        match self {
            MetricsResource::Pods => "pods",
            MetricsResource::Namespaces => "namespaces",
            MetricsResource::Nodes => "nodes",
            MetricsResource::ReplicationControllers => "replicationcontrollers",
            MetricsResource::Services => "services",
            MetricsResource::DaemonSets => "daemonsets",
            MetricsResource::Deployments => "deployments",
            MetricsResource::ReplicaSets => "replicasets",
            MetricsResource::StatefulSets => "statefulsets",
            MetricsResource::Jobs => "jobs",
            MetricsResource::TrafficSplits => "trafficsplits",
        }
    }
}

/// Implements the object and list plumbing shared by both metrics versions.
macro_rules! metrics_resource {
    ($version:literal) => {
        impl kube::Resource for TrafficMetrics {
            type DynamicType = super::MetricsResource;
            type Scope = kube::core::DynamicResourceScope;

            fn kind(_: &Self::DynamicType) -> std::borrow::Cow<'_, str> {
                "TrafficMetrics".into()
            }
            fn group(_: &Self::DynamicType) -> std::borrow::Cow<'_, str> {
                super::GROUP.into()
            }
            fn version(_: &Self::DynamicType) -> std::borrow::Cow<'_, str> {
                $version.into()
            }
            fn plural(dt: &Self::DynamicType) -> std::borrow::Cow<'_, str> {
                dt.plural().into()
            }
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
        }

        impl TrafficMetrics {
            /// `metrics.smi-spec.io/<version>`.
            pub const API_VERSION: &'static str = concat!("metrics.smi-spec.io/", $version);
        }

        impl TrafficMetricsList {
            /// `metrics.smi-spec.io/<version>`.
            pub const API_VERSION: &'static str = concat!("metrics.smi-spec.io/", $version);
        }

        impl serde::Serialize for TrafficMetrics {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[derive(serde::Serialize)]
                #[serde(rename_all = "camelCase")]
                struct Repr<'a> {
                    api_version: &'static str,
                    kind: &'static str,
                    #[serde(flatten)]
                    body: &'a TrafficMetricsBody,
                }
                Repr {
                    api_version: Self::API_VERSION,
                    kind: "TrafficMetrics",
                    body: &TrafficMetricsBody::borrowed(self),
                }
                .serialize(s)
            }
        }

        impl serde::Serialize for TrafficMetricsList {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[derive(serde::Serialize)]
                #[serde(rename_all = "camelCase")]
                struct Repr<'a> {
                    api_version: &'static str,
                    kind: &'static str,
                    metadata: &'a ListMeta,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    resource: &'a Option<ObjectReference>,
                    items: &'a [TrafficMetrics],
                }
                Repr {
                    api_version: Self::API_VERSION,
                    kind: "TrafficMetricsList",
                    metadata: &self.metadata,
                    resource: &self.resource,
                    items: &self.items,
                }
                .serialize(s)
            }
        }
    };
}
pub(crate) use metrics_resource;

/// The `kube::Resource` plural of every metrics resource, for tests and discovery output.
pub fn all_resources() -> impl Iterator<Item = (MetricsResource, Cow<'static, str>)> {
    use MetricsResource::*;
    [
        Pods,
        Namespaces,
        Nodes,
        ReplicationControllers,
        Services,
        DaemonSets,
        Deployments,
        ReplicaSets,
        StatefulSets,
        Jobs,
        TrafficSplits,
    ]
    .into_iter()
    .map(|r| (r, Cow::Borrowed(r.plural())))
}
