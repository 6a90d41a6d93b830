//! Builders of the hand-written manifests the tests lower: one call a document, each a YAML
//! flow mapping in namespace `shop`, so that a test shows only what sets its case apart.

use smi_translate::graph::MeshGraph;
use smi_translate::{Inventory, Options, lower};
use smi_types::load::{LoadOptions, load};

/// A document of `kind` named `name` in namespace `shop`, with `spec` (a YAML flow mapping).
/// (A document is not one flow mapping: the loader reads a document that opens with `{` as
/// JSON.)
pub fn mk_document(api_version: &str, kind: &str, name: &str, spec: &str) -> String {
    format!(
        "apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: {name}, namespace: shop}}\nspec: {spec}\n"
    )
}

/// A Service selecting `selector` (a YAML flow mapping such as `{app: api}`), with `ports` (a
/// YAML flow sequence of ServicePorts).
pub fn mk_service(name: &str, selector: &str, ports: &str) -> String {
    let spec = format!("{{selector: {selector}, ports: {ports}}}");
    mk_document("v1", "Service", name, &spec)
}

/// A Deployment whose pods carry `labels` (a YAML flow mapping) and run as the ServiceAccount
/// `service_account`.
pub fn mk_deployment(name: &str, labels: &str, service_account: &str) -> String {
    let pod = format!(
        "{{serviceAccountName: {service_account}, containers: [{{name: app, image: app}}]}}"
    );
    let spec = format!(
        "{{selector: {{matchLabels: {labels}}}, template: {{metadata: {{labels: {labels}}}, spec: {pod}}}}}"
    );
    mk_document("apps/v1", "Deployment", name, &spec)
}

/// A Deployment labelled `{app: <name>}`, running as the ServiceAccount `<name>`.
pub fn mk_app(name: &str) -> String {
    mk_deployment(name, &format!("{{app: {name}}}"), name)
}

/// The ServiceAccounts `names`, as a YAML flow sequence of access subjects.
pub fn service_accounts(names: &[&str]) -> String {
    let subjects: Vec<String> = names
        .iter()
        .map(|s| format!("{{kind: ServiceAccount, name: {s}, namespace: shop}}"))
        .collect();
    format!("[{}]", subjects.join(", "))
}

/// An access v1alpha3 TrafficTarget to the ServiceAccount `destination` from the
/// ServiceAccounts `sources`, with `rules` (a YAML flow sequence).
pub fn mk_traffic_target(name: &str, destination: &str, sources: &[&str], rules: &str) -> String {
    let spec = format!(
        "{{destination: {{kind: ServiceAccount, name: {destination}, namespace: shop}}, sources: {}, rules: {rules}}}",
        service_accounts(sources)
    );
    mk_document("access.smi-spec.io/v1alpha3", "TrafficTarget", name, &spec)
}

/// A specs v1alpha4 HTTPRouteGroup with `matches` (a YAML flow sequence).
pub fn mk_http_route_group(name: &str, matches: &str) -> String {
    let spec = format!("{{matches: {matches}}}");
    mk_document("specs.smi-spec.io/v1alpha4", "HTTPRouteGroup", name, &spec)
}

/// A specs v1alpha4 route of `kind` (`TCPRoute` or `UDPRoute`) on `ports` (a YAML flow
/// sequence; empty for every port).
pub fn mk_port_route(kind: &str, name: &str, ports: &str) -> String {
    let spec = format!("{{matches: {{ports: {ports}}}}}");
    mk_document("specs.smi-spec.io/v1alpha4", kind, name, &spec)
}

/// A split v1alpha4 TrafficSplit of the Service `service` over `backends` (Service, weight).
pub fn mk_traffic_split(name: &str, service: &str, backends: &[(&str, u32)]) -> String {
    let backends: Vec<String> = backends
        .iter()
        .map(|(s, w)| format!("{{service: {s}, weight: {w}}}"))
        .collect();
    let spec = format!(
        "{{service: {service}, backends: [{}]}}",
        backends.join(", ")
    );
    mk_document("split.smi-spec.io/v1alpha4", "TrafficSplit", name, &spec)
}

/// `documents` as one YAML stream.
pub fn stream<S: AsRef<str>>(documents: &[S]) -> String {
    documents
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("---\n")
}

/// Loads `yaml`, which must load without errors and give no inventory problems, and lowers it
/// with `options`.
pub fn lower_manifests(yaml: &str, options: &Options) -> MeshGraph {
    let loaded = load(yaml, &LoadOptions::default());
    assert!(!loaded.has_errors(), "{:#?}", loaded.problems);
    let (objects, inventory, problems) =
        Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    assert!(problems.is_empty(), "{problems:#?}");
    lower(&objects, &inventory, options)
}

/// `--default-deny`.
pub fn default_deny() -> Options {
    Options {
        emit_default_deny: true,
        ..Options::default()
    }
}
