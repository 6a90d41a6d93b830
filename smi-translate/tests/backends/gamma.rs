//! The Gateway API (GAMMA) backend: golden outputs of named scenarios (those of the Istio tests,
//! a gRPC one, one over the CRD limits, and the `authz` pairings), determinism, target schemas
//! (Gateway API v1.6.1 standard channel, plus Istio's and Linkerd's CRDs for paired objects), the
//! CEL rules that apply, and the upstream GAMMA conformance manifests.

use super::support::{
    self, GATEWAY_ROUTE_CRDS, Golden, LINKERD_POLICY_CRDS, SHARED_SCENARIOS,
    assert_backends_are_service_ports, assert_every_scenario_passes_its_schemas, assert_goldens,
    assert_input_order_irrelevant, assert_parents_are_service_ports, assert_schema_holds,
    crd_schemas, default_deny, defaults, full_paths, repo, schema_for, values,
};
use serde_json::Value;
use smi_testkit::manifests::{Manifests, stream};
use smi_translate::backend::compose::{AuthzBackend, ComposedObject, GammaWithAuthz};
use smi_translate::backend::gamma::{Gamma, codes};
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::graph::{Diagnostic, MeshGraph, Severity};
use smi_translate::{Backend, Emitted, Options};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Which paired authorization backend a scenario uses.
#[derive(Clone, Copy, Debug)]
enum Authz {
    None,
    Istio,
    Linkerd,
}

/// Where a scenario's documents come from.
#[derive(Clone, Copy)]
enum Source {
    /// Files relative to the repository root.
    Files(&'static [&'static str]),
    /// Generated YAML.
    Inline(fn() -> String),
}

/// A named scenario: inputs, options and the paired authorization backend.
#[derive(Clone, Copy)]
struct Scenario {
    name: &'static str,
    source: Source,
    options: fn() -> Options,
    authz: Authz,
}

impl Golden for Scenario {
    fn name(&self) -> &'static str {
        self.name
    }

    fn documents(&self) -> Vec<String> {
        match &self.source {
            Source::Files(files) => support::documents(files),
            Source::Inline(make) => support::split_documents(&make()),
        }
    }

    fn options(&self) -> Options {
        (self.options)()
    }
}

/// A gRPC service split by method, and a gRPC root whose match is not one method.
fn grpc() -> String {
    let grpc = Manifests::new("grpc");
    let store_port = "[{name: grpc, port: 50051, targetPort: 50051, appProtocol: grpc}]";
    let catalog_port = "[{name: grpc-api, port: 9000, targetPort: 9000}]";
    stream(&[
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: store, namespace: grpc}\n"
            .to_owned(),
        "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: client, namespace: grpc}\n"
            .to_owned(),
        grpc.service("store", "{app: store}", store_port),
        grpc.service("store-v1", "{app: store, version: v1}", store_port),
        grpc.service("store-v2", "{app: store, version: v2}", store_port),
        grpc.service("catalog", "{app: catalog}", catalog_port),
        grpc.service("catalog-v2", "{app: catalog, version: v2}", catalog_port),
        grpc.deployment("store-v1", "{app: store, version: v1}", "store"),
        grpc.deployment("store-v2", "{app: store, version: v2}", "store"),
        grpc.app("client"),
        grpc.http_route_group(
            "store-methods",
            r#"[{name: get-book, pathRegex: /bookstore\.v1\.Store/GetBook$, methods: [POST]},
                {name: list-books-canary, pathRegex: ^/bookstore\.v1\.Store/ListBooks$,
                 headers: [{x-canary: "true"}]}]"#,
        ),
        grpc.http_route_group(
            "catalog-methods",
            r#"[{name: every-catalog-method, pathRegex: /catalog\.v1\.Catalog/},
                {name: health, pathRegex: /grpc\.health\.v1\.Health/Check$}]"#,
        ),
        grpc.conditional_traffic_split(
            "store-get-book",
            "store",
            &["store-methods"],
            &[("store-v1", 80), ("store-v2", 20)],
        ),
        grpc.conditional_traffic_split(
            "catalog-canary",
            "catalog",
            &["catalog-methods"],
            &[("catalog-v2", 1)],
        ),
        grpc.traffic_target(
            "client-to-store",
            "store",
            &["client"],
            "[{kind: HTTPRouteGroup, name: store-methods}]",
        ),
    ])
}

/// The Services `web` and `web-v2` of `namespace`, both on port 80 (http).
fn web_and_web_v2(namespace: &Manifests) -> [String; 2] {
    let port = "[{name: http, port: 80, targetPort: 8080}]";
    [
        namespace.service("web", "{app: web}", port),
        namespace.service("web-v2", "{app: web, version: v2}", port),
    ]
}

/// A conditional HTTP split: literal, prefix and regex paths, methods, header regexes.
fn conditional() -> String {
    let shop = Manifests::new("shop");
    let [web, web_v2] = web_and_web_v2(&shop);
    stream(&[
        web,
        web_v2,
        shop.http_route_group(
            "canary",
            r#"[{name: items-prefix, pathRegex: /items, methods: [GET, HEAD]},
                {name: item-by-id, pathRegex: /items/\d+$, methods: [PUT]},
                {name: health, pathRegex: /health$},
                {name: firefox, pathRegex: /, headers: [{user-agent: ".*Firefox.*"}, {x-canary: "yes"}]}]"#,
        ),
        shop.conditional_traffic_split(
            "web-canary",
            "web",
            &["canary"],
            &[("web", 3), ("web-v2", 1)],
        ),
    ])
}

/// More matches than one HTTPRoute takes, a match with too many headers, all-zero weights.
fn limits() -> String {
    let big = Manifests::new("big");
    let [web, web_v2] = web_and_web_v2(&big);
    let api_ports =
        "[{name: http, port: 80, targetPort: 8080}, {name: tcp-raw, port: 7000, targetPort: 7000}]";
    let headers: Vec<String> = (0..17).map(|i| format!("{{x-h{i:02}: \"v\"}}")).collect();
    let mut matches = vec![format!(
        "{{name: too-many-headers, headers: [{}]}}",
        headers.join(", ")
    )];
    matches.extend(
        (0..70)
            .map(|i| format!("{{name: m{i:02}, pathRegex: /items/{i:02}, methods: [GET, POST]}}")),
    );
    stream(&[
        web,
        web_v2,
        big.service("api", "{app: api}", api_ports),
        big.service("api-v2", "{app: api, version: v2}", api_ports),
        big.traffic_split("api-drained", "api", &[("api-v2", 0)]),
        big.conditional_traffic_split("web-many", "web", &["many"], &[("web-v2", 1)]),
        big.http_route_group("many", &format!("[{}]", matches.join(", "))),
    ])
}

/// The shared scenarios (those of the Istio tests) without paired authorization, plus GAMMA's
/// own.
fn scenarios() -> Vec<Scenario> {
    let shared = SHARED_SCENARIOS.iter().map(|s| Scenario {
        name: s.name,
        source: Source::Files(s.files),
        options: s.options,
        authz: Authz::None,
    });
    shared.chain(OWN_SCENARIOS.iter().copied()).collect()
}

/// GAMMA's own scenarios.
const OWN_SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "gamma-conditional",
        source: Source::Inline(conditional),
        options: defaults,
        authz: Authz::None,
    },
    Scenario {
        name: "gamma-grpc",
        source: Source::Inline(grpc),
        options: defaults,
        authz: Authz::None,
    },
    Scenario {
        name: "gamma-limits",
        source: Source::Inline(limits),
        options: defaults,
        authz: Authz::None,
    },
    Scenario {
        name: "bookstore-authz-istio",
        source: Source::Files(&["examples/manifests/bookstore.yaml"]),
        options: default_deny,
        authz: Authz::Istio,
    },
    Scenario {
        name: "shop-every-rule-authz-linkerd",
        source: Source::Files(&["smi-translate/testdata/scenarios/shop-every-rule.yaml"]),
        options: defaults,
        authz: Authz::Linkerd,
    },
];

/// GAMMA alone, or composed with a paired backend's authorization objects: one backend, so the
/// golden, schema and pairing tests all emit through the same path.
impl Backend for Authz {
    type Output = ComposedObject;

    fn name(&self) -> &'static str {
        "gamma"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<ComposedObject> {
        let paired = |authz| GammaWithAuthz { authz }.emit(graph);
        match self {
            Authz::None => {
                let emitted = Gamma.emit(graph);
                Emitted {
                    objects: emitted
                        .objects
                        .into_iter()
                        .map(ComposedObject::Gamma)
                        .collect(),
                    diagnostics: emitted.diagnostics,
                }
            }
            Authz::Istio => paired(AuthzBackend::Istio(Istio::default())),
            Authz::Linkerd => paired(AuthzBackend::Linkerd(Linkerd::default())),
        }
    }
}

fn emit(
    docs: &[String],
    options: &Options,
    authz: Authz,
) -> (Vec<ComposedObject>, Vec<Diagnostic>) {
    support::emit(&authz, docs, options)
}

fn emit_scenario(s: &Scenario) -> (Vec<ComposedObject>, Vec<Diagnostic>) {
    emit(&s.documents(), &s.options(), s.authz)
}

fn translate(s: &Scenario, docs: &[String]) -> (String, Vec<Diagnostic>) {
    let (objects, diagnostics) = emit(docs, &s.options(), s.authz);
    (support::to_yaml(&objects), diagnostics)
}

fn is_gateway(v: &Value) -> bool {
    v["apiVersion"]
        .as_str()
        .is_some_and(|a| a.starts_with("gateway.networking.k8s.io/"))
}

#[test]
fn golden_outputs() {
    assert_goldens("gamma", &scenarios(), translate);
}

#[test]
fn input_order_does_not_change_a_byte() {
    assert_input_order_irrelevant(&scenarios(), translate);
}

/// CRD files the emitted kinds are checked against (see `testdata/upstream/crds/SOURCES.md`).
fn crd_files() -> Vec<&'static str> {
    let grpc_and_istio = [
        "testdata/upstream/crds/gateway-api/standard/gateway.networking.k8s.io_grpcroutes.yaml",
        "testdata/upstream/crds/istio/customresourcedefinitions.gen.yaml",
    ];
    [
        &GATEWAY_ROUTE_CRDS[..],
        &grpc_and_istio,
        &LINKERD_POLICY_CRDS,
    ]
    .concat()
}

#[test]
fn every_emitted_object_passes_its_crd_schema() {
    let checked = assert_every_scenario_passes_its_schemas(&crd_files(), &scenarios(), |s| {
        emit_scenario(s).0
    });
    let kinds: BTreeSet<&str> = checked.keys().map(String::as_str).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "gateway.networking.k8s.io/v1 GRPCRoute",
            "gateway.networking.k8s.io/v1 HTTPRoute",
            "gateway.networking.k8s.io/v1 TCPRoute",
            "policy.linkerd.io/v1alpha1 AuthorizationPolicy",
            "policy.linkerd.io/v1alpha1 MeshTLSAuthentication",
            "policy.linkerd.io/v1beta3 HTTPRoute",
            "policy.linkerd.io/v1beta3 Server",
            "security.istio.io/v1 AuthorizationPolicy",
        ]),
        "{checked:?}"
    );
    assert!(checked.values().sum::<usize>() > 30, "{checked:?}");
}

#[test]
fn the_schema_check_catches_a_broken_object() {
    // Guards the test above: a wrong enum, a wrong type and a misspelt field must be reported.
    let schemas = crd_schemas(&crd_files());
    let http = schema_for(&schemas, "gateway.networking.k8s.io/v1", "HTTPRoute");
    let bad = serde_json::json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "x"},
        "spec": {"parentRefs": [{"group": "", "kind": "Service", "name": "a", "port": "80"}],
                 "rules": [{"matches": [{"path": {"type": "Prefix", "value": "/"}}]}]}
    });
    assert_eq!(smi_types::schema::validate(http, &bad).len(), 2);
    let grpc = schema_for(&schemas, "gateway.networking.k8s.io/v1", "GRPCRoute");
    let misspelt = serde_json::json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "GRPCRoute",
        "metadata": {"name": "x"},
        "spec": {"rules": [{"matches": [{"method": {"service": "a.B", "methods": "C"}}]}]}
    });
    assert_eq!(smi_types::schema::validate(grpc, &misspelt), vec![]);
    assert_eq!(
        smi_types::schema::pruned_fields(grpc, &misspelt),
        vec!["spec.rules[0].matches[0].method.methods".to_owned()]
    );
    let too_many = serde_json::json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "x"},
        "spec": {"rules": vec![serde_json::json!({}); 17]}
    });
    assert_eq!(smi_types::schema::validate(http, &too_many).len(), 1);
}

/// The upstream GAMMA conformance manifests (shapes real implementations accept) pass the same
/// schema check, and our output for the SMI reading of `mesh-split` has their shape.
#[test]
fn conformance_manifests_pass_and_match_our_shape() {
    let schemas = crd_schemas(&crd_files());
    let dir = repo("testdata/upstream/fixtures/gateway-api/conformance/tests/mesh");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("fixture");
        let docs: Vec<Value> = serde_saphyr::from_multiple(&text).expect("YAML");
        for doc in docs {
            let kind = doc["kind"].as_str().unwrap_or_default();
            if is_gateway(&doc) && ["HTTPRoute", "GRPCRoute", "TCPRoute"].contains(&kind) {
                assert_schema_holds(&schemas, &doc, &file.display().to_string());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked}");
    // `mesh-split.yaml`: Exact `/v1` → echo-v1. The SMI equivalent (full-match `/v1`) gives
    // the same match.
    let m = Manifests::new("m");
    let port = "[{name: http, port: 80, appProtocol: http, targetPort: 8080}]";
    let smi = stream(&[
        m.service("echo", "{app: echo}", port),
        m.service("echo-v1", "{app: echo, version: v1}", port),
        m.http_route_group("v1", "[{name: v1, pathRegex: /v1}]"),
        m.conditional_traffic_split("mesh-split", "echo", &["v1"], &[("echo-v1", 1)]),
    ]);
    let (objects, _) = emit(&[smi], &full_paths(), Authz::None);
    let ours = &values(&objects)[0];
    let text = std::fs::read_to_string(dir.join("mesh-split.yaml")).expect("fixture");
    let theirs: Vec<Value> = serde_saphyr::from_multiple(&text).expect("YAML");
    assert_eq!(
        ours["spec"]["rules"][0]["matches"],
        theirs[0]["spec"]["rules"][0]["matches"]
    );
    assert_eq!(ours["spec"]["parentRefs"][0]["kind"], "Service");
    assert_eq!(ours["spec"]["parentRefs"][0]["group"], "");
}

/// The CEL rules (`x-kubernetes-validations`) of the Gateway API CRDs that touch fields this
/// backend writes, checked by hand (the schema checker does not evaluate CEL, nor `pattern`).
#[test]
fn the_cel_rules_that_apply_hold() {
    for s in &scenarios() {
        let (objects, _) = emit_scenario(s);
        for v in values(&objects).iter().filter(|v| is_gateway(v)) {
            let name = format!("scenario {}: {v:#}", s.name);
            let kind = v["kind"].as_str().expect("kind");
            let spec = &v["spec"];
            // Object names: DNS-1123 subdomains (routes) of at most 63 characters here.
            let object = v["metadata"]["name"].as_str().expect("name");
            assert!(
                object.len() <= 63
                    && object
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !object.starts_with('-')
                    && !object.ends_with('-'),
                "{name}"
            );
            // parentRefs: "sectionName must be specified/unique when parentRefs includes 2 or
            // more references to the same parent": we write exactly one parent.
            let parents = spec["parentRefs"].as_array().expect("parentRefs");
            assert_eq!(parents.len(), 1, "{name}");
            assert_parents_are_service_ports(parents, &name);
            let rules = spec["rules"].as_array().expect("rules");
            assert!(!rules.is_empty() && rules.len() <= 16, "{name}");
            if kind == "TCPRoute" {
                assert_eq!(rules.len(), 1, "{name}");
            }
            let mut total_matches = 0;
            for rule in rules {
                // "Must have port for Service reference" (group "" and kind Service by default).
                let backends = rule["backendRefs"].as_array().cloned().unwrap_or_default();
                assert!(backends.len() <= 16, "{name}");
                assert_backends_are_service_ports(&backends, &name);
                for b in &backends {
                    assert!(
                        b["weight"].as_u64().is_some_and(|w| w <= 1_000_000),
                        "{name}"
                    );
                }
                if kind == "TCPRoute" {
                    // Zero weights dropped, never empty.
                    assert!(!backends.is_empty(), "{name}");
                    assert!(backends.iter().all(|b| b["weight"] != 0), "{name}");
                }
                // No filters: the filter CEL rules (RequestRedirect with backendRefs, …) hold.
                assert!(rule.get("filters").is_none(), "{name}");
                let matches = rule["matches"].as_array().cloned().unwrap_or_default();
                assert!(matches.len() <= 64, "{name}");
                // "total number of matches across all rules … <= 128": an HTTPRoute rule without
                // matches gets the default `PathPrefix /` first and counts one; a GRPCRoute rule
                // without matches counts none (`has(self[i].matches)`).
                total_matches += if kind == "HTTPRoute" {
                    matches.len().max(1)
                } else {
                    matches.len()
                };
                for m in &matches {
                    if kind == "HTTPRoute" {
                        let path = &m["path"];
                        let value = path["value"].as_str().expect("value");
                        match path["type"].as_str().expect("type") {
                            "Exact" | "PathPrefix" => {
                                // The path CEL rules for Exact/PathPrefix values.
                                assert!(value.starts_with('/'), "{name}");
                                for bad in ["//", "/./", "/../", "%2f", "%2F", "#"] {
                                    assert!(!value.contains(bad), "{name}");
                                }
                                assert!(
                                    !value.ends_with("/..") && !value.ends_with("/."),
                                    "{name}"
                                );
                                assert!(
                                    value.chars().all(|c| c.is_ascii_alphanumeric()
                                        || "-/._~!$&'()*+,;=:@%".contains(c)),
                                    "{name}"
                                );
                                // PathPrefix is written only for every path.
                                if path["type"] == "PathPrefix" {
                                    assert_eq!(value, "/", "{name}");
                                }
                            }
                            "RegularExpression" => {
                                assert!(
                                    value.starts_with("^(?:") && value.ends_with(")$"),
                                    "{name}"
                                );
                                regex_syntax::Parser::new()
                                    .parse(value)
                                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                            }
                            other => panic!("{name}: path type {other}"),
                        }
                        assert!(value.len() <= 1024, "{name}");
                    } else {
                        // GRPCRoute: `type` Exact with service and method matching the CEL regexes.
                        let method = &m["method"];
                        assert_eq!(method["type"], "Exact", "{name}");
                        let ident = |s: &str| {
                            let mut c = s.chars();
                            c.next()
                                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                                && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
                        };
                        let service = method["service"].as_str().expect("service");
                        assert!(service.split('.').all(ident), "{name}");
                        assert!(ident(method["method"].as_str().expect("method")), "{name}");
                    }
                    // Headers: ≤ 16, names unique (list-map key) and HTTP tokens (`pattern`).
                    let headers: Vec<String> = m["headers"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|h| h["name"].as_str().expect("name").to_ascii_lowercase())
                        .collect();
                    assert!(headers.len() <= 16, "{name}");
                    let unique: BTreeSet<&String> = headers.iter().collect();
                    assert_eq!(unique.len(), headers.len(), "{name}");
                    for h in &headers {
                        assert!(
                            !h.is_empty()
                                && h.chars()
                                    .all(|c| c.is_ascii_alphanumeric()
                                        || "!#$%&'*+-.^_`|~".contains(c)),
                            "{name}"
                        );
                    }
                }
            }
            assert!(total_matches <= 128, "{name}");
        }
    }
}

/// Without `authz`, exactly one `gamma-no-authorization` per TrafficTarget; with it, none, the
/// paired objects are authorization objects only, and no split object is emitted twice.
#[test]
fn authorization_is_reported_once_per_target_or_paired() {
    for s in &scenarios() {
        let docs = s.documents();
        // Every TrafficTarget lowering admits: one validation rejects is refused before.
        let targets: BTreeSet<String> = docs
            .iter()
            .filter(|d| d.contains("kind: TrafficTarget"))
            .filter_map(|d| {
                let loaded = smi_types::load::load(d, &Default::default());
                let [loaded] = loaded.objects.as_slice() else {
                    return None;
                };
                let smi_types::Object::Smi(target) = &loaded.object else {
                    return None;
                };
                smi_types::validate::is_valid(target).then(|| {
                    let object = target.object_ref().in_effective_namespace();
                    format!("{}/{}", object.namespace, object.name)
                })
            })
            .collect();
        for authz in [Authz::None, Authz::Istio, Authz::Linkerd] {
            let (objects, diagnostics) = emit(&docs, &s.options(), authz);
            let reported: Vec<String> = diagnostics
                .iter()
                .filter(|d| d.code == codes::NO_AUTHORIZATION)
                .map(|d| format!("{}/{}", d.object.namespace, d.object.name))
                .collect();
            let routes: Vec<&ComposedObject> = objects
                .iter()
                .filter(|o| matches!(o, ComposedObject::Gamma(_)))
                .collect();
            let (plain, _) = emit(&docs, &s.options(), Authz::None);
            assert_eq!(routes.len(), plain.len(), "scenario {} {authz:?}", s.name);
            match authz {
                Authz::None => {
                    assert_eq!(reported.len(), targets.len(), "scenario {}", s.name);
                    assert_eq!(
                        reported.iter().cloned().collect::<BTreeSet<_>>(),
                        targets,
                        "scenario {}",
                        s.name
                    );
                    assert!(
                        objects
                            .iter()
                            .all(|o| matches!(o, ComposedObject::Gamma(_)))
                    );
                }
                Authz::Istio | Authz::Linkerd => {
                    assert!(reported.is_empty(), "scenario {}", s.name);
                    for v in values(&objects).iter().filter(|v| !is_gateway(v)) {
                        let kind = v["kind"].as_str().expect("kind");
                        assert!(
                            [
                                "AuthorizationPolicy",
                                "Server",
                                "MeshTLSAuthentication",
                                "HTTPRoute"
                            ]
                            .contains(&kind),
                            "scenario {}: {v:#}",
                            s.name
                        );
                        if kind == "HTTPRoute" {
                            assert_eq!(v["apiVersion"], "policy.linkerd.io/v1beta3");
                        }
                    }
                    // Paired diagnostics are about access only.
                    assert!(
                        diagnostics.iter().all(|d| !(d.code.starts_with("istio-")
                            || d.code.starts_with("linkerd-"))
                            || d.object.kind != "TrafficSplit"),
                        "scenario {} {authz:?}",
                        s.name
                    );
                }
            }
        }
    }
}

/// The paired objects are exactly the authorization objects the Istio or Linkerd backend emits
/// for the whole mesh: asking it for its authorization objects alone loses nothing.
#[test]
fn paired_objects_are_the_backends_own_authorization_objects() {
    use smi_translate::backend::istio::IstioObject;
    use smi_translate::backend::linkerd::LinkerdObject;
    for s in &scenarios() {
        let docs = s.documents();
        let (graph, _) = support::lower_stream(&docs.join("\n---\n"), &s.options());
        let istio: Vec<Value> = Istio::default()
            .emit(&graph)
            .objects
            .iter()
            .filter(|o| matches!(o, IstioObject::AuthorizationPolicy(_)))
            .map(|o| serde_json::to_value(o).expect("serialisable"))
            .collect();
        let linkerd: Vec<Value> = Linkerd::default()
            .emit(&graph)
            .objects
            .iter()
            .filter(|o| LinkerdObject::is_authorization(o))
            .map(|o| serde_json::to_value(o).expect("serialisable"))
            .collect();
        for (authz, expected) in [(Authz::Istio, istio), (Authz::Linkerd, linkerd)] {
            let paired: Vec<Value> = values(&authz.emit(&graph).objects)
                .into_iter()
                .filter(|v| !is_gateway(v))
                .collect();
            assert_eq!(paired, expected, "scenario {} {authz:?}", s.name);
        }
    }
}

/// `--authz none`: the routes GAMMA alone emits, each TrafficTarget a warning instead of an error.
#[test]
fn routes_only_output_reports_targets_as_warnings() {
    let docs = support::documents(&["examples/manifests/bookstore.yaml"]);
    let (alone, refused) = support::emit(&Gamma, &docs, &defaults());
    let (composed, accepted) = support::emit(
        &GammaWithAuthz {
            authz: AuthzBackend::None,
        },
        &docs,
        &defaults(),
    );
    assert_eq!(support::to_yaml(&composed), support::to_yaml(&alone));
    let not_carried = |ds: &[Diagnostic], severity: Severity| {
        ds.iter()
            .filter(|d| d.code == "gamma-no-authorization")
            .map(|d| (d.object.clone(), d.severity == severity))
            .collect::<Vec<_>>()
    };
    let errors = not_carried(&refused, Severity::Error);
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|(_, is)| *is));
    let warnings = not_carried(&accepted, Severity::Warning);
    assert_eq!(
        warnings.iter().map(|(o, _)| o).collect::<Vec<_>>(),
        errors.iter().map(|(o, _)| o).collect::<Vec<_>>()
    );
    assert!(warnings.iter().all(|(_, is)| *is));
}
