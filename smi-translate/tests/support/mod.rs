//! Shared helpers: build a scenario from YAML, lower it, emit it with a backend, and check the
//! output against goldens, input-order independence and the target CRD schemas.
#![allow(dead_code)]

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, JSONSchemaProps,
};
use serde_json::Value;
use smi_testkit::manifests::{Manifests, stream};
use smi_translate::graph::{Diagnostic, MeshGraph, PathAnchoring};
use smi_translate::{Backend, Inventory, Options, lower};
use smi_types::load::{LoadOptions, load};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// Loads `yaml` (which must load without errors) and lowers its SMI objects with the Services
/// and workloads beside them; the graph and the inventory's diagnostics.
pub fn lower_stream(yaml: &str, options: &Options) -> (MeshGraph, Vec<Diagnostic>) {
    let loaded = load(yaml, &LoadOptions::default());
    assert!(
        !loaded.has_errors(),
        "scenario does not load: {:#?}",
        loaded.problems
    );
    let (smi, inventory, diagnostics) =
        Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    (lower(&smi, &inventory, options), diagnostics)
}

/// Lowers every SMI object in `yaml` with the Services and workloads beside them, which must
/// have no inventory problems.
pub fn lower_yaml(yaml: &str, options: &Options) -> MeshGraph {
    let (graph, diagnostics) = lower_stream(yaml, options);
    assert_eq!(diagnostics, vec![], "inventory problems");
    graph
}

/// `(code, object name, path)` of every diagnostic, sorted.
pub fn codes(diagnostics: &[Diagnostic]) -> Vec<(&'static str, String, String)> {
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.code, d.object.name.clone(), d.path.clone()))
        .collect();
    out.sort();
    out
}

/// Diagnostics as the golden files hold them, one a line:
/// `severity[code] kind namespace/name path: message`. The namespace is written even when
/// empty, so every line has the same shape.
pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let o = &d.object;
            format!(
                "{}[{}] {} {}/{} {}: {}\n",
                d.severity, d.code, o.kind, o.namespace, o.name, d.path, d.message
            )
        })
        .collect()
}

/// A namespace `shop` with ServiceAccounts `web`, `api`, `db`, `prom`, Deployments running as
/// each (a StatefulSet for `db`), Services `api` (8080 http, 9090 http-admin), `db` (5432 tcp),
/// `api-v1`/`api-v2` (8080), `api-v3` (9090 only), the HTTPRouteGroup `api-routes` (`read`,
/// `write`, `metrics`) and the TCPRoutes `api-port` (8080) and `pg` (5432).
pub fn shop_documents() -> Vec<String> {
    let shop = Manifests::new("shop");
    let http = "{name: http, port: 8080, targetPort: 8080}";
    let admin = "{name: http-admin, port: 9090, targetPort: 9090}";
    let db_pod = "{serviceAccountName: db, containers: [{name: db, image: db}]}";
    vec![
        shop.service(
            "api",
            "{app: api}",
            &format!("[{{name: http, port: 8080, targetPort: 8080, appProtocol: http}}, {admin}]"),
        ),
        shop.service("api-v1", "{app: api, version: v1}", &format!("[{http}]")),
        shop.service("api-v2", "{app: api, version: v2}", &format!("[{http}]")),
        shop.service("api-v3", "{app: api, version: v3}", &format!("[{admin}]")),
        shop.service(
            "db",
            "{app: db}",
            "[{name: tcp-pg, port: 5432, targetPort: 5432}]",
        ),
        shop.app("web"),
        shop.deployment("api-v1", "{app: api, version: v1}", "api"),
        shop.deployment("api-v2", "{app: api, version: v2}", "api"),
        shop.document(
            "apps/v1",
            "StatefulSet",
            "db",
            &format!(
                "{{serviceName: db, selector: {{matchLabels: {{app: db}}}}, \
                 template: {{metadata: {{labels: {{app: db}}}}, spec: {db_pod}}}}}"
            ),
        ),
        shop.app("prom"),
        shop.http_route_group(
            "api-routes",
            r#"[{name: read, pathRegex: /items, methods: [GET, HEAD]},
                {name: write, pathRegex: /items, methods: [POST], headers: {x-role: admin}},
                {name: metrics, pathRegex: /metrics, methods: ["*", GET]}]"#,
        ),
        shop.tcp_route("api-port", "[8080]"),
        shop.tcp_route("pg", "[5432]"),
    ]
}

/// The documents of [`shop_documents`] plus `extra`, as one YAML stream.
pub fn shop(extra: &str) -> String {
    let mut documents = shop_documents();
    documents.push(extra.to_owned());
    stream(&documents)
}

// ------------------------------------------------------------------ golden scenarios

/// The default options.
pub fn defaults() -> Options {
    Options::default()
}

/// `--default-deny`.
pub fn default_deny() -> Options {
    Options::default().emit_default_deny(true)
}

/// `--path-match full`.
pub fn full_paths() -> Options {
    Options::default().path_anchoring(PathAnchoring::Full)
}

/// A named scenario of a backend's golden tests.
pub trait Golden {
    /// The snapshot name (after the backend's prefix).
    fn name(&self) -> &'static str;
    /// Every input document, one string each, in order.
    fn documents(&self) -> Vec<String>;
    /// The lowering options.
    fn options(&self) -> Options;
}

/// A named scenario read from files, for a backend with no setting of its own.
#[derive(Clone, Copy)]
pub struct Scenario {
    /// Snapshot name.
    pub name: &'static str,
    /// Input files, relative to the repository root.
    pub files: &'static [&'static str],
    /// Lowering options.
    pub options: fn() -> Options,
}

impl Golden for Scenario {
    fn name(&self) -> &'static str {
        self.name
    }

    fn documents(&self) -> Vec<String> {
        documents(self.files)
    }

    fn options(&self) -> Options {
        (self.options)()
    }
}

/// The scenarios every backend's golden tests share, in this order: the Istio tests have exactly
/// these; the others add their own.
pub const SHARED_SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "bookstore",
        files: &["examples/manifests/bookstore.yaml"],
        options: defaults,
    },
    Scenario {
        name: "bookstore-default-deny",
        files: &["examples/manifests/bookstore.yaml"],
        options: default_deny,
    },
    Scenario {
        name: "bookstore-full-path-match",
        files: &["examples/manifests/bookstore.yaml"],
        options: full_paths,
    },
    Scenario {
        name: "shop-every-rule",
        files: &["smi-translate/testdata/scenarios/shop-every-rule.yaml"],
        options: defaults,
    },
    Scenario {
        name: "istio-adapter-bookinfo-targets",
        files: &[
            "smi-translate/testdata/scenarios/bookinfo-inventory.yaml",
            "testdata/upstream/fixtures/smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget.yaml",
        ],
        options: defaults,
    },
    Scenario {
        name: "istio-adapter-bookinfo-split-900-100",
        files: &[
            "smi-translate/testdata/scenarios/bookinfo-inventory.yaml",
            "testdata/upstream/fixtures/smi-adapter-istio/docs/smi-trafficsplit/manifests/04-traffic-split-900-100.yaml",
        ],
        options: defaults,
    },
    Scenario {
        name: "istio-adapter-bookinfo-split-0-1000",
        files: &[
            "smi-translate/testdata/scenarios/bookinfo-inventory.yaml",
            "testdata/upstream/fixtures/smi-adapter-istio/docs/smi-trafficsplit/manifests/07-traffic-split-0-1000.yaml",
        ],
        options: defaults,
    },
    Scenario {
        name: "linkerd-smi-leaf-weights",
        files: &[
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/application.yaml",
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/traffic-split-leaf-weights.yaml",
        ],
        options: defaults,
    },
];

/// The documents of one YAML stream, one string each, leaving out those with only comments:
/// split so that scenarios can be shuffled document by document.
pub fn split_documents(text: &str) -> Vec<String> {
    text.split("\n---")
        .filter(|doc| {
            doc.lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        })
        .map(|doc| doc.trim_start_matches("---").to_owned())
        .collect()
}

/// Every document of `files` (relative to the repository root), in file order.
pub fn documents(files: &[&str]) -> Vec<String> {
    files
        .iter()
        .flat_map(|file| {
            let text =
                std::fs::read_to_string(repo(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            split_documents(&text)
        })
        .collect()
}

/// Lowers `docs` and emits the graph with `backend`; every diagnostic (inventory, graph,
/// backend), sorted.
pub fn emit<B: Backend>(
    backend: &B,
    docs: &[String],
    options: &Options,
) -> (Vec<B::Output>, Vec<Diagnostic>) {
    let (graph, mut diagnostics) = lower_stream(&docs.join("\n---\n"), options);
    let emitted = backend.emit(&graph);
    diagnostics.extend(graph.all_diagnostics());
    diagnostics.extend(emitted.diagnostics);
    diagnostics.sort();
    (emitted.objects, diagnostics)
}

/// `objects` as one multi-document YAML stream.
pub fn to_yaml<T: serde::Serialize>(objects: &[T]) -> String {
    let mut out = String::new();
    for object in objects {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(object).expect("serialisable"));
    }
    out
}

/// `objects` as JSON values.
pub fn values<T: serde::Serialize>(objects: &[T]) -> Vec<Value> {
    objects
        .iter()
        .map(|o| serde_json::to_value(o).expect("serialisable"))
        .collect()
}

/// For every scenario, the rendered output of `translate` and its diagnostics equal the golden
/// `tests/snapshots/<backend>__<scenario>.snap`.
pub fn assert_goldens<S: Golden>(
    backend: &str,
    scenarios: &[S],
    translate: impl Fn(&S, &[String]) -> (String, Vec<Diagnostic>),
) {
    // Named explicitly: insta would otherwise derive the file from this module's path.
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for s in scenarios {
            let (output, diagnostics) = translate(s, &s.documents());
            insta::assert_snapshot!(
                format!("{backend}__{}", s.name()),
                format!(
                    "{output}\n# diagnostics\n{}",
                    render_diagnostics(&diagnostics)
                )
            );
        }
    });
}

/// For every scenario, `translate` gives the same bytes and diagnostics whatever the order of
/// the input documents: reversed, rotated by a third, odd documents first.
pub fn assert_input_order_irrelevant<S: Golden>(
    scenarios: &[S],
    translate: impl Fn(&S, &[String]) -> (String, Vec<Diagnostic>),
) {
    for s in scenarios {
        let docs = s.documents();
        let (expected, expected_diagnostics) = translate(s, &docs);
        let mut reversed = docs.clone();
        reversed.reverse();
        let mut rotated = docs.clone();
        rotated.rotate_left(docs.len() / 3);
        let interleaved: Vec<String> = docs
            .iter()
            .skip(1)
            .step_by(2)
            .chain(docs.iter().step_by(2))
            .cloned()
            .collect();
        for shuffled in [reversed, rotated, interleaved] {
            let (got, got_diagnostics) = translate(s, &shuffled);
            assert_eq!(got, expected, "scenario {}", s.name());
            assert_eq!(
                got_diagnostics,
                expected_diagnostics,
                "scenario {}",
                s.name()
            );
        }
    }
}

// ------------------------------------------------------------------ target CRD schemas

/// Linkerd's policy CRDs (Server, MeshTLSAuthentication, AuthorizationPolicy, HTTPRoute),
/// templating stripped (see `testdata/upstream/crds/SOURCES.md`).
pub const LINKERD_POLICY_CRDS: [&str; 4] = [
    "testdata/upstream/crds/linkerd/server.yaml",
    "testdata/upstream/crds/linkerd/meshtls-authentication.yaml",
    "testdata/upstream/crds/linkerd/authorization-policy.yaml",
    "testdata/upstream/crds/linkerd/httproute.yaml",
];

/// Gateway API's HTTPRoute and TCPRoute CRDs (v1.6.1 standard channel).
pub const GATEWAY_ROUTE_CRDS: [&str; 2] = [
    "testdata/upstream/crds/gateway-api/standard/gateway.networking.k8s.io_httproutes.yaml",
    "testdata/upstream/crds/gateway-api/standard/gateway.networking.k8s.io_tcproutes.yaml",
];

/// The `openAPIV3Schema` of one served or unserved version of a CRD.
pub struct CrdSchema {
    /// `<group>/<version>`.
    pub api_version: String,
    /// The kind.
    pub kind: String,
    /// Whether the version is served.
    pub served: bool,
    /// The schema.
    pub schema: JSONSchemaProps,
}

/// Every version's schema in the CRD `files` (relative to the repository root).
pub fn crd_schemas(files: &[&str]) -> Vec<CrdSchema> {
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(repo(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let crds: Vec<CustomResourceDefinition> =
            serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for crd in crds {
            for version in crd.spec.versions {
                if let Some(schema) = version.schema.and_then(|s| s.open_api_v3_schema) {
                    out.push(CrdSchema {
                        api_version: format!("{}/{}", crd.spec.group, version.name),
                        kind: crd.spec.names.kind.clone(),
                        served: version.served,
                        schema,
                    });
                }
            }
        }
    }
    out
}

/// The schema of a served `api_version` and `kind`.
pub fn schema_for<'a>(
    schemas: &'a [CrdSchema],
    api_version: &str,
    kind: &str,
) -> &'a JSONSchemaProps {
    let found = schemas
        .iter()
        .find(|s| s.api_version == api_version && s.kind == kind)
        .unwrap_or_else(|| panic!("no schema for {api_version} {kind}"));
    assert!(found.served, "{api_version} {kind} is not served");
    &found.schema
}

/// `value` passes its CRD's schema, and the API server would drop none of its fields.
pub fn assert_schema_holds(schemas: &[CrdSchema], value: &Value, what: &str) {
    let api_version = value["apiVersion"].as_str().expect("apiVersion");
    let kind = value["kind"].as_str().expect("kind");
    let schema = schema_for(schemas, api_version, kind);
    let errors = smi_types::schema::validate(schema, value);
    assert_eq!(errors, vec![], "{what}: {value:#}");
    let pruned = smi_types::schema::pruned_fields(schema, value);
    assert_eq!(
        pruned,
        Vec::<String>::new(),
        "{what}: fields the API server would drop: {value:#}"
    );
}

/// Checks every object `emit` gives for every scenario against its CRD schema in `crd_files`;
/// how many objects of each `<apiVersion> <kind>` were checked.
pub fn assert_every_scenario_passes_its_schemas<S: Golden, T: serde::Serialize>(
    crd_files: &[&str],
    scenarios: &[S],
    emit: impl Fn(&S) -> Vec<T>,
) -> BTreeMap<String, usize> {
    let schemas = crd_schemas(crd_files);
    let mut checked = BTreeMap::<String, usize>::new();
    for s in scenarios {
        for value in values(&emit(s)) {
            assert_schema_holds(&schemas, &value, &format!("scenario {}", s.name()));
            let api_version = value["apiVersion"].as_str().expect("apiVersion");
            let kind = value["kind"].as_str().expect("kind");
            *checked.entry(format!("{api_version} {kind}")).or_default() += 1;
        }
    }
    checked
}

/// Gateway API route parents are Service ports (GAMMA): group `""`, kind `Service`, a port.
pub fn assert_parents_are_service_ports(parents: &[Value], what: &str) {
    for p in parents {
        assert_eq!(p["group"], "", "{what}");
        assert_eq!(p["kind"], "Service", "{what}");
        assert!(p["port"].is_u64(), "{what}");
    }
}

/// "Must have port for Service reference": backendRefs name a port and leave group and kind to
/// their defaults (`""`, `Service`).
pub fn assert_backends_are_service_ports(backends: &[Value], what: &str) {
    for b in backends {
        assert!(b["port"].is_u64(), "{what}");
        assert!(
            b.get("group").is_none() && b.get("kind").is_none(),
            "{what}"
        );
    }
}
