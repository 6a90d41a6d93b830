//! `specs.smi-spec.io/v1alpha2`: adds header filters; `matches` still at the top level.

use crate::{HttpHeaders, HttpMethod};
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The fields of a v1alpha2 HTTPRouteGroup; they sit at the object's root on the wire.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha2",
    kind = "HTTPRouteGroup",
    root = "HttpRouteGroup",
    namespaced,
    no_spec,
    shortname = "htr",
    derive = "PartialEq",
    derive = "Default",
    doc = "Named classes of HTTP requests, referenced by TrafficTargets and TrafficSplits."
)]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteGroupSpec {
    /// The routes; each is referenced by its name.
    pub matches: Vec<HttpMatch>,
}

/// One class of HTTP requests: path, methods and headers must all match.
///
/// A match with neither `pathRegex` nor `methods` applies to any path and any method.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, Hash, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HttpMatch {
    /// Name referenced by TrafficTarget rules.
    pub name: String,
    /// Methods; `*` is every method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods: Option<Vec<HttpMethod>>,
    /// Regular expression on the request path, anchored at the start only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_regex: Option<String>,
    /// Header filters (AND).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<HttpHeaders>,
}

/// The fields of a v1alpha2 TCPRoute: none. Any TCP traffic on any port.
#[derive(
    CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema,
)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha2",
    kind = "TCPRoute",
    root = "TcpRoute",
    namespaced,
    no_spec,
    shortname = "tr",
    derive = "PartialEq",
    doc = "Raw TCP traffic."
)]
pub struct TcpRouteSpec {}

crate::list::list_aliases!(specs v1alpha2);
