//! `access.smi-spec.io/v1alpha4` and IdentityBinding: on the spec's main branch, never released.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use super::v1alpha3::{RuleKind, TrafficTargetRule};

/// The desired state of a v1alpha4 TrafficTarget: v1alpha3 plus IdentityBinding subjects.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "access.smi-spec.io",
    version = "v1alpha4",
    kind = "TrafficTarget",
    namespaced,
    shortname = "tt",
    derive = "PartialEq",
    derive = "Default",
    doc = "Allows the listed sources to reach the destination identity on the listed routes."
)]
#[serde(rename_all = "camelCase")]
pub struct TrafficTargetSpec {
    /// The identity being protected.
    pub destination: IdentityBindingSubject,
    /// Identities allowed to call the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<IdentityBindingSubject>>,
    /// Routes the sources may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<TrafficTargetRule>>,
}

/// A ServiceAccount or an IdentityBinding.
#[derive(
    Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct IdentityBindingSubject {
    /// Kind of identity.
    pub kind: SubjectKind,
    /// Name of the ServiceAccount or IdentityBinding.
    pub name: String,
    /// Its namespace; absent means the TrafficTarget's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// Identity kinds in v1alpha4.
#[derive(
    Serialize,
    Deserialize,
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    JsonSchema,
)]
pub enum SubjectKind {
    /// A Kubernetes ServiceAccount.
    #[default]
    ServiceAccount,
    /// An [`IdentityBinding`] in the subject's namespace.
    IdentityBinding,
}

/// Declares the identities of a set of workloads for policy purposes.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "access.smi-spec.io",
    version = "v1alpha4",
    kind = "IdentityBinding",
    namespaced,
    shortname = "ib",
    derive = "PartialEq",
    derive = "Default",
    doc = "Names the identities of workloads in its namespace; the schemes are OR-ed."
)]
#[serde(rename_all = "camelCase")]
pub struct IdentityBindingSpec {
    /// The identity schemes; a workload matching any of them has this identity.
    pub schemes: IdentitySchemes,
}

/// Identity schemes of an IdentityBinding. `podLabelSelector` and `serviceAccount` exclude each other.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(extend("minProperties" = 1))]
pub struct IdentitySchemes {
    /// Pods carrying these labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod_label_selector: Option<PodLabelSelector>,
    /// SPIFFE IDs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    pub spiffe_identities: Option<Vec<String>>,
    /// A ServiceAccount in the IdentityBinding's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_account: Option<String>,
}

/// Selects pods by exact label values.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PodLabelSelector {
    /// Labels every selected pod carries.
    #[schemars(extend("minProperties" = 1))]
    pub match_labels: BTreeMap<String, String>,
}

crate::list::list_aliases!(access v1alpha4);
