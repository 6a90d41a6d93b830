//! The Istio objects this backend emits, as plain serde structs named after Istio's kinds.
//!
//! `security.istio.io/v1` AuthorizationPolicy and `networking.istio.io/v1` VirtualService; only
//! the fields the backend writes. Schemas are checked against Istio's CRDs in the tests.

use serde::Serialize;
use std::collections::BTreeMap;

/// Object metadata: name, namespace, labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// Name.
    pub name: String,
    /// Namespace.
    pub namespace: String,
    /// Labels.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// Any object this backend emits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum IstioObject {
    /// `security.istio.io/v1` AuthorizationPolicy.
    AuthorizationPolicy(AuthorizationPolicy),
    /// `networking.istio.io/v1` VirtualService.
    VirtualService(VirtualService),
}

/// `security.istio.io/v1` AuthorizationPolicy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationPolicy {
    /// `security.istio.io/v1`
    pub api_version: &'static str,
    /// `AuthorizationPolicy`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: AuthorizationPolicySpec,
}

/// AuthorizationPolicy spec. An empty spec is Istio's "allow nothing".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AuthorizationPolicySpec {
    /// Workloads the policy applies to; absent: every workload in the namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<WorkloadSelector>,
    /// `ALLOW`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<&'static str>,
    /// OR-ed rules; with action ALLOW and no rules, nothing is allowed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
}

/// Pod label selector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkloadSelector {
    /// Labels.
    pub match_labels: BTreeMap<String, String>,
}

/// One rule: `from` AND `to` AND `when`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Sources (OR).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<From>,
    /// Operations (OR).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<To>,
    /// Conditions (AND).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub when: Vec<Condition>,
}

/// A source clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct From {
    /// The source.
    pub source: Source,
}

/// Peer identities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// `<trust-domain>/ns/<ns>/sa/<sa>`.
    pub principals: Vec<String>,
}

/// An operation clause.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct To {
    /// The operation.
    pub operation: Operation,
}

/// Fields AND-ed; values inside a field OR-ed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// Destination ports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<String>,
    /// Methods.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub methods: Vec<String>,
    /// Paths: exact, `prefix*`, `*suffix` or `*`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<String>,
}

/// A `when` condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// e.g. `request.headers[user-agent]`.
    pub key: String,
    /// OR-ed values: exact, `prefix*`, `*suffix` or `*`.
    pub values: Vec<String>,
}

/// `networking.istio.io/v1` VirtualService.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VirtualService {
    /// `networking.istio.io/v1`
    pub api_version: &'static str,
    /// `VirtualService`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: VirtualServiceSpec,
}

/// VirtualService spec.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct VirtualServiceSpec {
    /// Hosts (FQDNs).
    pub hosts: Vec<String>,
    /// HTTP routes, first match wins.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub http: Vec<HttpRoute>,
    /// TCP routes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tcp: Vec<TcpRoute>,
}

/// An HTTP route.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    /// Name, for humans and stats.
    pub name: String,
    /// OR-ed match conditions.
    #[serde(rename = "match", skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HttpMatchRequest>,
    /// Weighted destinations.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route: Vec<RouteDestination>,
    /// A fixed response instead of a route.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub direct_response: Option<DirectResponse>,
}

/// One HTTP match condition; fields AND-ed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct HttpMatchRequest {
    /// Path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uri: Option<StringMatch>,
    /// Method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<StringMatch>,
    /// Headers (lower-case names).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, StringMatch>,
    /// Service port.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
}

/// A string condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StringMatch {
    /// Exact.
    Exact(String),
    /// RE2, whole string.
    Regex(String),
}

/// A destination and its relative weight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteDestination {
    /// The destination.
    pub destination: Destination,
    /// Relative weight (omitted for a single destination).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<u32>,
}

/// A Service host and port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Destination {
    /// FQDN.
    pub host: String,
    /// Port.
    pub port: PortSelector,
}

/// A port number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortSelector {
    /// Number.
    pub number: u16,
}

/// A fixed HTTP response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DirectResponse {
    /// Status code.
    pub status: u16,
}

/// A TCP route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TcpRoute {
    /// Match conditions.
    #[serde(rename = "match")]
    pub matches: Vec<L4MatchAttributes>,
    /// Weighted destinations.
    pub route: Vec<RouteDestination>,
}

/// A TCP match: the Service port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct L4MatchAttributes {
    /// Port.
    pub port: u16,
}
