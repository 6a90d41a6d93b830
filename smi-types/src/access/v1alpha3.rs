//! `access.smi-spec.io/v1alpha3` (released in SMI v0.6.0, the hub): ports come from TCP/UDP routes.

use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use super::v1alpha1::SubjectKind;

/// The desired state of a v1alpha3 TrafficTarget.
///
/// Valid only with at least one rule and at least one source (checked by [`crate::validate`]).
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "access.smi-spec.io",
    version = "v1alpha3",
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

impl TrafficTargetSpec {
    /// The sources, empty when absent.
    pub fn sources(&self) -> &[IdentityBindingSubject] {
        self.sources.as_deref().unwrap_or_default()
    }

    /// The rules, empty when absent.
    pub fn rules(&self) -> &[TrafficTargetRule] {
        self.rules.as_deref().unwrap_or_default()
    }
}

/// A workload identity: a Kubernetes ServiceAccount (no port since v1alpha3).
#[derive(
    Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, JsonSchema,
)]
#[serde(rename_all = "camelCase")]
pub struct IdentityBindingSubject {
    /// Kind of identity.
    pub kind: SubjectKind,
    /// ServiceAccount name.
    pub name: String,
    /// ServiceAccount namespace; absent means the TrafficTarget's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
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

/// Traffic spec kinds a rule may reference from v1alpha3 on.
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
    /// `specs.smi-spec.io` UDPRoute.
    #[serde(rename = "UDPRoute")]
    UdpRoute,
}

crate::list::list_aliases!(access v1alpha3);
