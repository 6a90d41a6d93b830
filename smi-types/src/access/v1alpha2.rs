//! `access.smi-spec.io/v1alpha2`: the fields move under `spec`, `specs` becomes `rules`.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v1alpha1::{IdentityBindingSubject, RuleKind, SubjectKind};

/// The desired state of a v1alpha2 TrafficTarget.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "access.smi-spec.io",
    version = "v1alpha2",
    kind = "TrafficTarget",
    namespaced,
    shortname = "tt",
    derive = "PartialEq",
    derive = "Default",
    doc = "Allows the listed sources to reach the destination identity on the listed routes."
)]
#[serde(rename_all = "camelCase")]
pub struct TrafficTargetSpec {
    /// The identity being protected (with an optional port).
    pub destination: IdentityBindingSubject,
    /// Identities allowed to call the destination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<IdentityBindingSubject>>,
    /// Routes the sources may use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules: Option<Vec<TrafficTargetRule>>,
}

pub use super::v1alpha1::TrafficTargetRule;

crate::list::list_aliases!(access v1alpha2);
