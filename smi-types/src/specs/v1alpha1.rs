//! `specs.smi-spec.io/v1alpha1`: `matches` at the top level, no header filters.

use crate::HttpMethod;
use kube::CustomResource;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The fields of a v1alpha1 HTTPRouteGroup; they sit at the object's root on the wire.
#[derive(CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, JsonSchema)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha1",
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

/// One class of HTTP requests.
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
}

/// The fields of a v1alpha1 TCPRoute: none. Any TCP traffic on any port.
#[derive(
    CustomResource, Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq, JsonSchema,
)]
#[kube(
    group = "specs.smi-spec.io",
    version = "v1alpha1",
    kind = "TCPRoute",
    root = "TcpRoute",
    namespaced,
    no_spec,
    shortname = "tr",
    derive = "PartialEq",
    doc = "Raw TCP traffic."
)]
pub struct TcpRouteSpec {}

crate::list::list_aliases!(specs v1alpha1);
