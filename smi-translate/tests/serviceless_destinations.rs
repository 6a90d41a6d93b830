//! Grants to a destination no Service selects (docs/semantics.md, "Destinations without a
//! Service"): Linkerd and Envoy carry them on the workload's container ports, or report why not.

mod support;

use serde_json::Value;
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use support::{defaults, emit, values};

/// In the style of OSM's bookstore demo: bookwarehouse is reached by a headless worker pattern,
/// with no Service in front of it; bookstore may restock from it.
fn warehouse(container_ports: &str) -> Vec<String> {
    [
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bookstore, namespace: shop}\nspec:\n  selector: {matchLabels: {app: bookstore}}\n  template:\n    metadata: {labels: {app: bookstore}}\n    spec: {serviceAccountName: bookstore, containers: [{name: bookstore, image: example/bookstore}]}".to_owned(),
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: bookwarehouse, namespace: shop}}\nspec:\n  selector: {{matchLabels: {{app: bookwarehouse}}}}\n  template:\n    metadata: {{labels: {{app: bookwarehouse}}}}\n    spec: {{serviceAccountName: bookwarehouse, containers: [{{name: bookwarehouse, image: example/bookwarehouse, ports: {container_ports}}}]}}"),
        "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata: {name: restock, namespace: shop}\nspec:\n  matches: [{name: restock, pathRegex: /restock, methods: [POST]}]".to_owned(),
        "apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata: {name: bookstore-restocks, namespace: shop}\nspec:\n  destination: {kind: ServiceAccount, name: bookwarehouse, namespace: shop}\n  sources: [{kind: ServiceAccount, name: bookstore, namespace: shop}]\n  rules: [{kind: HTTPRouteGroup, name: restock}]".to_owned(),
    ]
    .into()
}

fn codes_of<T>(emitted: &(Vec<T>, Vec<smi_translate::graph::Diagnostic>)) -> Vec<&'static str> {
    emitted.1.iter().map(|d| d.code).collect()
}

#[test]
fn linkerd_serves_the_grant_on_the_container_port() {
    let docs = warehouse("[{name: http, containerPort: 14001}]");
    let (objects, diagnostics) = emit(&Linkerd::default(), &docs, &defaults());
    assert!(
        diagnostics
            .iter()
            .all(|d| !d.code.ends_with("no-destination-ports")),
        "{diagnostics:#?}"
    );
    let objects = values(&objects);
    let servers: Vec<&Value> = objects.iter().filter(|o| o["kind"] == "Server").collect();
    assert_eq!(servers.len(), 1, "{objects:#?}");
    assert_eq!(servers[0]["spec"]["port"], 14001);
    assert_eq!(servers[0]["spec"]["proxyProtocol"], "HTTP/1");
    assert_eq!(
        servers[0]["spec"]["podSelector"]["matchLabels"]["app"],
        "bookwarehouse"
    );
    let routes: Vec<&Value> = objects
        .iter()
        .filter(|o| o["kind"] == "HTTPRoute" && o["apiVersion"] == "policy.linkerd.io/v1beta3")
        .collect();
    assert_eq!(routes.len(), 1, "{objects:#?}");
}

#[test]
fn envoy_listens_on_the_container_port_with_the_grant() {
    let docs = warehouse("[{name: http, containerPort: 14001}]");
    let (proxies, _) = emit(&Envoy::default(), &docs, &defaults());
    let warehouse = proxies
        .iter()
        .find(|p| p.identity.service_account == "bookwarehouse")
        .expect("a proxy for bookwarehouse");
    let bootstrap = serde_json::to_value(warehouse.bootstrap()).expect("json");
    let inbound = bootstrap["static_resources"]["listeners"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["name"] == "inbound"))
        .expect("an inbound listener");
    let chain = &inbound["filter_chains"][0];
    assert_eq!(chain["filter_chain_match"]["destination_port"], 14001);
    let text = chain.to_string();
    assert!(text.contains("/restock"), "{text}");
    assert!(
        text.contains("cluster.local/ns/shop/sa/bookstore"),
        "{text}"
    );
}

#[test]
fn a_portless_destination_is_reported_not_dropped() {
    let docs = warehouse("[]");
    let linkerd = emit(&Linkerd::default(), &docs, &defaults());
    assert!(codes_of(&linkerd).contains(&"linkerd-no-destination-ports"));
    let envoy = emit(&Envoy::default(), &docs, &defaults());
    assert!(codes_of(&envoy).contains(&"envoy-no-destination-ports"));
    // Istio selects the workload by its labels and needs no port.
    let istio = emit(&Istio::default(), &docs, &defaults());
    assert!(!values(&istio.0).is_empty());
    assert!(
        istio
            .1
            .iter()
            .all(|d| !d.code.ends_with("no-destination-ports"))
    );
}
