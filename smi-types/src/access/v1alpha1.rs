//! `access.smi-spec.io/v1alpha1`: TrafficTarget with its fields at the top level (no `spec`).

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The fields of a v1alpha1 TrafficTarget; they sit at the object's root on the wire.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "access.smi-spec.io",
    version = "v1alpha1",
    kind = "TrafficTarget",
    namespaced,
    no_spec,
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
    pub specs: Option<Vec<TrafficTargetRule>>,
}

/// A workload identity: a Kubernetes ServiceAccount.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IdentityBindingSubject {
    /// Kind of identity.
    pub kind: SubjectKind,
    /// ServiceAccount name.
    pub name: String,
    /// ServiceAccount namespace; absent means the TrafficTarget's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    /// Only this destination port; absent means every port. Meaningless on sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<i32>,
}

/// Identity kinds before v1alpha4.
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
}

/// A reference to a traffic spec in the TrafficTarget's namespace.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "camelCase")]
// No `Default`: a rule names a kind, and no kind is the obvious one.
pub struct TrafficTargetRule {
    /// Kind of the referenced traffic spec.
    pub kind: RuleKind,
    /// Name of the referenced traffic spec.
    pub name: String,
    /// Names of `HTTPRouteGroup` matches; absent means every match of the group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<String>>,
}

/// Traffic spec kinds a v1alpha1/v1alpha2 rule may reference.
#[derive(
    Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema,
)]
pub enum RuleKind {
    /// `specs.smi-spec.io` HTTPRouteGroup.
    #[serde(rename = "HTTPRouteGroup")]
    HttpRouteGroup,
    /// `specs.smi-spec.io` TCPRoute.
    #[serde(rename = "TCPRoute")]
    TcpRoute,
}

crate::list::list_aliases!(access v1alpha1);
