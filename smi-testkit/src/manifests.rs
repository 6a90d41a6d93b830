//! Hand-written manifests for tests: one call a document, so that a test shows only what sets
//! its case apart. [`Manifests`] writes the documents of one namespace, each with block-style
//! `apiVersion`, `kind` and `metadata` and a flow-style `spec`; [`stream`] joins them and
//! [`lower`] lowers the stream, failing the test on any load or inventory problem.
//!
//! ```
//! use smi_testkit::manifests::{Manifests, lower, stream};
//! use smi_translate::Options;
//!
//! let shop = Manifests::new("shop");
//! let yaml = stream(&[
//!     shop.service("api", "{app: api}", "[{name: http, port: 8080}]"),
//!     shop.app("api"),
//!     shop.app("web"),
//!     shop.tcp_route("all", "[]"),
//!     shop.traffic_target("web-to-api", "api", &["web"], "[{kind: TCPRoute, name: all}]"),
//! ]);
//! let graph = lower(&yaml, &Options::default());
//! assert_eq!(graph.authorizations.len(), 1);
//! ```

use smi_translate::graph::MeshGraph;
use smi_translate::{Inventory, Options};
use smi_types::load::{LoadOptions, load};

/// Writes the documents of one namespace. Selectors, labels, ports, rules and matches are
/// given as YAML flow collections (`{app: api}`, `[{name: http, port: 80}]`).
#[derive(Clone, Copy, Debug)]
pub struct Manifests<'a> {
    namespace: &'a str,
}

impl<'a> Manifests<'a> {
    /// The documents of `namespace`.
    pub const fn new(namespace: &'a str) -> Self {
        Manifests { namespace }
    }

    /// A document of `kind` named `name`, with `spec` (a YAML flow mapping). The document does
    /// not open with `{`: the loader reads such a document as JSON.
    pub fn document(&self, api_version: &str, kind: &str, name: &str, spec: &str) -> String {
        let namespace = self.namespace;
        format!(
            "apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: {name}, namespace: {namespace}}}\nspec: {spec}\n"
        )
    }

    /// A Service selecting `selector`, with `ports` (ServicePorts).
    pub fn service(&self, name: &str, selector: &str, ports: &str) -> String {
        let spec = format!("{{selector: {selector}, ports: {ports}}}");
        self.document("v1", "Service", name, &spec)
    }

    /// A Deployment whose pods carry `labels` and run as the ServiceAccount `service_account`.
    pub fn deployment(&self, name: &str, labels: &str, service_account: &str) -> String {
        let pod = format!(
            "{{serviceAccountName: {service_account}, containers: [{{name: app, image: app}}]}}"
        );
        let spec = format!(
            "{{selector: {{matchLabels: {labels}}}, template: {{metadata: {{labels: {labels}}}, spec: {pod}}}}}"
        );
        self.document("apps/v1", "Deployment", name, &spec)
    }

    /// A Deployment labelled `{app: <name>}`, running as the ServiceAccount `<name>`.
    pub fn app(&self, name: &str) -> String {
        self.deployment(name, &format!("{{app: {name}}}"), name)
    }

    /// The ServiceAccounts `names` of this namespace, as a flow sequence of access subjects.
    pub fn service_accounts(&self, names: &[&str]) -> String {
        let namespace = self.namespace;
        let subjects: Vec<String> = names
            .iter()
            .map(|s| format!("{{kind: ServiceAccount, name: {s}, namespace: {namespace}}}"))
            .collect();
        format!("[{}]", subjects.join(", "))
    }

    /// An access v1alpha3 TrafficTarget to the ServiceAccount `destination` from the
    /// ServiceAccounts `sources`, with `rules`.
    pub fn traffic_target(
        &self,
        name: &str,
        destination: &str,
        sources: &[&str],
        rules: &str,
    ) -> String {
        let namespace = self.namespace;
        let spec = format!(
            "{{destination: {{kind: ServiceAccount, name: {destination}, namespace: {namespace}}}, sources: {}, rules: {rules}}}",
            self.service_accounts(sources)
        );
        self.document("access.smi-spec.io/v1alpha3", "TrafficTarget", name, &spec)
    }

    /// A specs v1alpha4 HTTPRouteGroup with `matches`.
    pub fn http_route_group(&self, name: &str, matches: &str) -> String {
        let spec = format!("{{matches: {matches}}}");
        self.document("specs.smi-spec.io/v1alpha4", "HTTPRouteGroup", name, &spec)
    }

    /// A specs v1alpha4 TCPRoute on `ports` (`[]` for every port).
    pub fn tcp_route(&self, name: &str, ports: &str) -> String {
        self.port_route("TCPRoute", name, ports)
    }

    /// A specs v1alpha4 UDPRoute on `ports` (`[]` for every port).
    pub fn udp_route(&self, name: &str, ports: &str) -> String {
        self.port_route("UDPRoute", name, ports)
    }

    fn port_route(&self, kind: &str, name: &str, ports: &str) -> String {
        let spec = format!("{{matches: {{ports: {ports}}}}}");
        self.document("specs.smi-spec.io/v1alpha4", kind, name, &spec)
    }

    /// A split v1alpha4 TrafficSplit of the Service `service` over `backends` (Service,
    /// weight).
    pub fn traffic_split(&self, name: &str, service: &str, backends: &[(&str, u32)]) -> String {
        self.conditional_traffic_split(name, service, &[], backends)
    }

    /// A split v1alpha4 TrafficSplit of the Service `service` over `backends` (Service,
    /// weight) for the requests the HTTPRouteGroups `route_groups` match (every request when
    /// there are none).
    pub fn conditional_traffic_split(
        &self,
        name: &str,
        service: &str,
        route_groups: &[&str],
        backends: &[(&str, u32)],
    ) -> String {
        let backends: Vec<String> = backends
            .iter()
            .map(|(s, w)| format!("{{service: {s}, weight: {w}}}"))
            .collect();
        let matches: Vec<String> = route_groups
            .iter()
            .map(|g| format!("{{kind: HTTPRouteGroup, name: {g}}}"))
            .collect();
        let matches = if matches.is_empty() {
            String::new()
        } else {
            format!(", matches: [{}]", matches.join(", "))
        };
        let spec = format!(
            "{{service: {service}{matches}, backends: [{}]}}",
            backends.join(", ")
        );
        self.document("split.smi-spec.io/v1alpha4", "TrafficSplit", name, &spec)
    }
}

/// `documents` as one YAML stream.
pub fn stream<S: AsRef<str>>(documents: &[S]) -> String {
    documents
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join("---\n")
}

/// Loads `yaml` and lowers its SMI objects with the Services and workloads beside them.
///
/// # Panics
///
/// If `yaml` does not load without errors, or the inventory reports a problem: a test's own
/// manifests are meant to be clean.
pub fn lower(yaml: &str, options: &Options) -> MeshGraph {
    let loaded = load(yaml, &LoadOptions::default());
    assert!(!loaded.has_errors(), "{:#?}", loaded.problems);
    let (objects, inventory, problems) =
        Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    assert!(problems.is_empty(), "{problems:#?}");
    smi_translate::lower(&objects, &inventory, options)
}
