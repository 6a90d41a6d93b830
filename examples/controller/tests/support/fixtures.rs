//! The objects the tests feed the controller: one Service with its Deployment, a TrafficTarget
//! to it over a TCPRoute, and a TrafficSplit that cannot be read.

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Service;
use kube::api::DynamicObject;
use serde_json::{Value, json};

/// A Kubernetes object of any kind.
pub fn dynamic(value: Value) -> DynamicObject {
    serde_json::from_value(value).expect("a Kubernetes object")
}

/// The Service `shop/api`, port 80 to 8080, selecting `app: api`.
pub fn service() -> Service {
    serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": { "name": "api", "namespace": "shop" },
        "spec": { "selector": { "app": "api" }, "ports": [{ "name": "http", "port": 80, "targetPort": 8080 }] },
    }))
    .expect("a Service")
}

/// The Deployment `shop/api`: pods labelled `app: api`, ServiceAccount `api`.
pub fn deployment() -> Deployment {
    serde_json::from_value(json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": { "name": "api", "namespace": "shop" },
        "spec": {
            "selector": { "matchLabels": { "app": "api" } },
            "template": {
                "metadata": { "labels": { "app": "api" } },
                "spec": { "serviceAccountName": "api", "containers": [{ "name": "api", "ports": [{ "containerPort": 8080 }] }] },
            },
        },
    }))
    .expect("a Deployment")
}

/// The TrafficTarget `shop/web-to-api`: ServiceAccount `web` to `api`, over the TCPRoute `any`.
pub fn traffic_target() -> DynamicObject {
    traffic_target_from(&["web"])
}

/// The TrafficTarget `shop/web-to-api` from each of `sources` (ServiceAccounts in `shop`).
pub fn traffic_target_from(sources: &[&str]) -> DynamicObject {
    let sources: Vec<Value> = sources
        .iter()
        .map(|name| json!({ "kind": "ServiceAccount", "name": name, "namespace": "shop" }))
        .collect();
    dynamic(json!({
        "apiVersion": "access.smi-spec.io/v1alpha3", "kind": "TrafficTarget",
        "metadata": { "name": "web-to-api", "namespace": "shop", "resourceVersion": "7" },
        "spec": {
            "destination": { "kind": "ServiceAccount", "name": "api", "namespace": "shop" },
            "sources": sources,
            "rules": [{ "kind": "TCPRoute", "name": "any" }],
        },
    }))
}

/// The TCPRoute `shop/any`: every port.
pub fn tcp_route() -> DynamicObject {
    dynamic(json!({
        "apiVersion": "specs.smi-spec.io/v1alpha4", "kind": "TCPRoute",
        "metadata": { "name": "any", "namespace": "shop" },
        "spec": { "matches": { "ports": [] } },
    }))
}

/// A TrafficSplit whose weight is not a number: it cannot be read.
pub fn bad_split() -> DynamicObject {
    dynamic(json!({
        "apiVersion": "split.smi-spec.io/v1alpha4", "kind": "TrafficSplit",
        "metadata": { "name": "broken", "namespace": "shop" },
        "spec": { "service": "api", "backends": [{ "service": "api", "weight": "heavy" }] },
    }))
}
