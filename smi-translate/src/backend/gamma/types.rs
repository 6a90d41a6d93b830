//! The objects this backend emits, as plain serde structs named after their kinds.
//!
//! Gateway API `gateway.networking.k8s.io/v1` `HTTPRoute`, `GRPCRoute` and `TCPRoute` (standard
//! channel, v1.6) in mesh mode — parent a Service port — plus, with `authz`, the authorization
//! objects of the paired backend. Only the fields the backend writes; the tests check every object
//! against the upstream CRD schemas.

use crate::backend::istio::IstioObject;
use crate::backend::linkerd::LinkerdObject;
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
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum GammaObject {
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute(HttpRoute),
    /// `gateway.networking.k8s.io/v1` GRPCRoute.
    GrpcRoute(GrpcRoute),
    /// `gateway.networking.k8s.io/v1` TCPRoute.
    TcpRoute(TcpRoute),
    /// An authorization object of the Istio backend (`--authz istio`): an AuthorizationPolicy.
    Istio(Box<IstioObject>),
    /// An authorization object of the Linkerd backend (`--authz linkerd`): Server,
    /// MeshTLSAuthentication, AuthorizationPolicy or `policy.linkerd.io` HTTPRoute.
    Linkerd(LinkerdObject),
}

impl GammaObject {
    /// Whether this is a Gateway API route (not a paired authorization object).
    pub fn is_gateway_api(&self) -> bool {
        matches!(
            self,
            GammaObject::HttpRoute(_) | GammaObject::GrpcRoute(_) | GammaObject::TcpRoute(_)
        )
    }
}

/// A route parent: a Service port (group `""`, kind `Service`), the GAMMA producer-route shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParentRef {
    /// `""` (core).
    pub group: &'static str,
    /// `Service`.
    pub kind: &'static str,
    /// The root Service's name (same namespace as the route).
    pub name: String,
    /// The root Service port.
    pub port: u16,
}

/// A weighted Service backend (`group: ""`, `kind: Service` are the CRD defaults).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BackendRef {
    /// Service name (same namespace as the route).
    pub name: String,
    /// Service port.
    pub port: u16,
    /// Relative weight, 0 to 1,000,000.
    pub weight: u32,
}

/// `gateway.networking.k8s.io/v1` HTTPRoute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRoute {
    /// `gateway.networking.k8s.io/v1`
    pub api_version: &'static str,
    /// `HTTPRoute`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: HttpRouteSpec,
}

/// HTTPRoute spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteSpec {
    /// The root Service port.
    pub parent_refs: Vec<ParentRef>,
    /// Rules (1 to 16).
    pub rules: Vec<HttpRouteRule>,
}

/// An HTTPRoute rule: any of `matches` (none: every request) → `backendRefs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRule {
    /// OR-ed matches; empty means the CRD default (every request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<HttpRouteMatch>,
    /// Weighted backends. Empty: the rule forwards nothing (every backend of the split has weight
    /// 0; Gateway API answers 500 when all of a rule's backendRefs are invalid).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<BackendRef>,
}

/// One request match: path AND method AND every header.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct HttpRouteMatch {
    /// Path condition.
    pub path: PathMatch,
    /// A single method, if restricted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    /// Header conditions (AND), unique names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderMatch>,
}

/// A path condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PathMatch {
    /// `Exact`, `PathPrefix` (only `/`: every path) or `RegularExpression`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The path, prefix or regex.
    pub value: String,
}

/// A header condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct HeaderMatch {
    /// `Exact` (a literal value) or `RegularExpression`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Header name (lower case).
    pub name: String,
    /// The value, or the regex anchored so that it must match the whole value.
    pub value: String,
}

/// `gateway.networking.k8s.io/v1` GRPCRoute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcRoute {
    /// `gateway.networking.k8s.io/v1`
    pub api_version: &'static str,
    /// `GRPCRoute`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: GrpcRouteSpec,
}

/// GRPCRoute spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteSpec {
    /// The root Service port.
    pub parent_refs: Vec<ParentRef>,
    /// Rules (1 to 16).
    pub rules: Vec<GrpcRouteRule>,
}

/// A GRPCRoute rule: any of `matches` (none: every gRPC request) → `backendRefs`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteRule {
    /// OR-ed matches; empty matches every gRPC request.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matches: Vec<GrpcRouteMatch>,
    /// Weighted backends; empty: the rule forwards nothing (`UNAVAILABLE`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backend_refs: Vec<BackendRef>,
}

/// One gRPC request match: method AND every header.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct GrpcRouteMatch {
    /// The gRPC service and method.
    pub method: GrpcMethodMatch,
    /// Header conditions (AND), unique names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<HeaderMatch>,
}

/// An exact gRPC method: the request path `/<service>/<method>`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct GrpcMethodMatch {
    /// `Exact`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Fully qualified service (`package.Service`).
    pub service: String,
    /// Method name.
    pub method: String,
}

/// `gateway.networking.k8s.io/v1` TCPRoute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRoute {
    /// `gateway.networking.k8s.io/v1`
    pub api_version: &'static str,
    /// `TCPRoute`
    pub kind: &'static str,
    /// Metadata.
    pub metadata: Metadata,
    /// Spec.
    pub spec: TcpRouteSpec,
}

/// TCPRoute spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteSpec {
    /// The root Service port.
    pub parent_refs: Vec<ParentRef>,
    /// Exactly one rule.
    pub rules: Vec<TcpRouteRule>,
}

/// A TCPRoute rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteRule {
    /// Weighted backends with a positive weight; never empty.
    pub backend_refs: Vec<BackendRef>,
}
