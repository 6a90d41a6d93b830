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

/// Declares the resource enum from one table of variants and their REST plurals, so the variants,
/// [`MetricsResource::plural`] and [`all_resources`] cannot drift apart.
macro_rules! resource_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$attr:meta])* $variant:ident => $plural:literal, )* }
    ) => {
        $(#[$meta])*
        pub enum $name { $( $(#[$attr])* $variant, )* }

        impl $name {
            /// Every resource, in declaration order.
            const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The REST resource name.
            pub fn plural(self) -> &'static str {
                match self { $($name::$variant => $plural,)* }
            }
        }
    };
}

resource_enum! {
    /// Which resource type's metrics a `kube::Api` of TrafficMetrics reads.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum MetricsResource {
        /// `pods` (the default).
        #[default]
        Pods => "pods",
        /// `namespaces` (cluster-scoped aggregate).
        Namespaces => "namespaces",
        /// `nodes`.
        Nodes => "nodes",
        /// `replicationcontrollers`.
        ReplicationControllers => "replicationcontrollers",
        /// `services`.
        Services => "services",
        /// `daemonsets`.
        DaemonSets => "daemonsets",
        /// `deployments`.
        Deployments => "deployments",
        /// `replicasets`.
        ReplicaSets => "replicasets",
        /// `statefulsets`.
        StatefulSets => "statefulsets",
        /// `jobs`.
        Jobs => "jobs",
        /// `trafficsplits` (v1alpha2 only).
        TrafficSplits => "trafficsplits",
    }
}

/// A metrics object or list as the API serves it: `apiVersion` and `kind` ahead of its fields.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Typed<'a, T> {
    api_version: &'static str,
    kind: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

impl<'a, T> Typed<'a, T> {
    fn new(api_version: &'static str, kind: &'static str, body: &'a T) -> Self {
        Typed {
            api_version,
            kind,
            body,
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
                let body = TrafficMetricsBody::borrowed(self);
                super::Typed::new(Self::API_VERSION, "TrafficMetrics", &body).serialize(s)
            }
        }

        impl serde::Serialize for TrafficMetricsList {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                #[derive(serde::Serialize)]
                struct Items<'a> {
                    metadata: &'a ListMeta,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    resource: &'a Option<ObjectReference>,
                    items: &'a [TrafficMetrics],
                }
                let body = Items {
                    metadata: &self.metadata,
                    resource: &self.resource,
                    items: &self.items,
                };
                super::Typed::new(Self::API_VERSION, "TrafficMetricsList", &body).serialize(s)
            }
        }
    };
}
pub(crate) use metrics_resource;

/// The `kube::Resource` plural of every metrics resource, for tests and discovery output.
pub fn all_resources() -> impl Iterator<Item = (MetricsResource, Cow<'static, str>)> {
    MetricsResource::ALL
        .iter()
        .map(|&r| (r, Cow::Borrowed(r.plural())))
}
