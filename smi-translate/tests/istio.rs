//! The Istio backend: golden outputs of named scenarios, determinism, and target schemas.

mod support;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceDefinition, JSONSchemaProps,
};
use smi_translate::backend::MANAGED_BY;
use smi_translate::backend::istio::{AuthorizationPolicy, Istio, IstioObject, VirtualService};
use smi_translate::graph::{Diagnostic, PathAnchoring};
use smi_translate::{Backend, Inventory, Options, lower};
use smi_types::load::{LoadOptions, load};
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A named scenario: input files (relative to the repository root) and options.
struct Scenario {
    name: &'static str,
    files: &'static [&'static str],
    options: fn() -> Options,
}

fn defaults() -> Options {
    Options::default()
}

fn default_deny() -> Options {
    Options {
        emit_default_deny: true,
        ..Options::default()
    }
}

fn full_paths() -> Options {
    Options {
        path_anchoring: PathAnchoring::Full,
        ..Options::default()
    }
}

const SCENARIOS: &[Scenario] = &[
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

/// Every document of the scenario's files, as one stream, in file order.
fn documents(s: &Scenario) -> Vec<String> {
    let mut docs = Vec::new();
    for file in s.files {
        let text = std::fs::read_to_string(repo(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        // Re-split on document markers so scenarios can be shuffled document by document.
        for doc in text.split("\n---") {
            if doc
                .lines()
                .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            {
                docs.push(doc.trim_start_matches("---").to_owned());
            }
        }
    }
    docs
}

fn emit(docs: &[String], options: &Options) -> (Vec<IstioObject>, Vec<Diagnostic>) {
    let stream = docs.join("\n---\n");
    let loaded = load(&stream, &LoadOptions::default());
    assert!(!loaded.has_errors(), "{:#?}", loaded.problems);
    let (smi, inventory, mut diagnostics) =
        Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    let graph = lower(&smi, &inventory, options);
    let emitted = Istio::default().emit(&graph);
    diagnostics.extend(graph.all_diagnostics());
    diagnostics.extend(emitted.diagnostics);
    diagnostics.sort();
    (emitted.objects, diagnostics)
}

fn translate(docs: &[String], options: &Options) -> (String, Vec<Diagnostic>) {
    let (objects, diagnostics) = emit(docs, options);
    let mut out = String::new();
    for object in &objects {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(object).expect("serialisable"));
    }
    (out, diagnostics)
}

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}[{}] {} {}: {}\n",
                d.severity, d.code, d.origin, d.path, d.message
            )
        })
        .collect()
}

#[test]
fn golden_outputs() {
    for s in SCENARIOS {
        let (objects, diagnostics) = translate(&documents(s), &(s.options)());
        insta::assert_snapshot!(
            s.name,
            format!(
                "{objects}\n# diagnostics\n{}",
                render_diagnostics(&diagnostics)
            )
        );
    }
}

#[test]
fn input_order_does_not_change_a_byte() {
    for s in SCENARIOS {
        let docs = documents(s);
        let options = (s.options)();
        let (expected, expected_diagnostics) = translate(&docs, &options);
        let mut reversed = docs.clone();
        reversed.reverse();
        let mut rotated = docs.clone();
        rotated.rotate_left(docs.len() / 3);
        // An interleaving: odd documents first, then even ones.
        let interleaved: Vec<String> = docs
            .iter()
            .skip(1)
            .step_by(2)
            .chain(docs.iter().step_by(2))
            .cloned()
            .collect();
        for shuffled in [reversed, rotated, interleaved] {
            let (got, got_diagnostics) = translate(&shuffled, &options);
            assert_eq!(got, expected, "scenario {}", s.name);
            assert_eq!(got_diagnostics, expected_diagnostics, "scenario {}", s.name);
        }
    }
}

/// The `openAPIV3Schema` of every kind/version in Istio's CRD bundle (copied in testdata/).
fn istio_schemas() -> Vec<(String, String, JSONSchemaProps)> {
    let text = std::fs::read_to_string(repo(
        "testdata/upstream/crds/istio/customresourcedefinitions.gen.yaml",
    ))
    .expect("Istio CRDs");
    let crds: Vec<CustomResourceDefinition> =
        serde_saphyr::from_multiple(&text).expect("Istio CRDs parse");
    let mut out = Vec::new();
    for crd in crds {
        for version in crd.spec.versions {
            if let Some(schema) = version.schema.and_then(|s| s.open_api_v3_schema) {
                out.push((
                    format!("{}/{}", crd.spec.group, version.name),
                    crd.spec.names.kind.clone(),
                    schema,
                ));
            }
        }
    }
    out
}

#[test]
fn every_emitted_object_passes_istios_crd_schema() {
    let schemas = istio_schemas();
    let mut checked = 0;
    for s in SCENARIOS {
        let (objects, _) = emit(&documents(s), &(s.options)());
        for object in objects {
            let value = serde_json::to_value(&object).expect("serialisable");
            let api_version = value["apiVersion"].as_str().expect("apiVersion");
            let kind = value["kind"].as_str().expect("kind");
            let (_, _, schema) = schemas
                .iter()
                .find(|(av, k, _)| av == api_version && k == kind)
                .unwrap_or_else(|| panic!("no Istio schema for {api_version} {kind}"));
            let errors = smi_types::schema::validate(schema, &value);
            assert_eq!(errors, vec![], "scenario {}: {value:#}", s.name);
            let pruned = smi_types::schema::pruned_fields(schema, &value);
            assert_eq!(
                pruned,
                Vec::<String>::new(),
                "scenario {}: fields Istio would drop",
                s.name
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} objects checked");
}

#[test]
fn the_schema_check_catches_a_broken_object() {
    // Guards the test above: a wrong enum value must be reported.
    let schemas = istio_schemas();
    let (_, _, schema) = schemas
        .iter()
        .find(|(av, k, _)| av == "security.istio.io/v1" && k == "AuthorizationPolicy")
        .expect("AuthorizationPolicy schema");
    let bad = serde_json::json!({
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": "x"},
        "spec": {"action": "PERMIT", "rules": [{"to": [{"operation": {"ports": [80]}}]}]}
    });
    assert_eq!(smi_types::schema::validate(schema, &bad).len(), 2);
}

/// What `kube::Api::namespaced` and its get/list/apply methods ask of a resource type.
fn usable_with_a_namespaced_kube_api<K>()
where
    K: kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
{
}

#[test]
fn emitted_kinds_are_kube_resources() {
    use kube::Resource;
    usable_with_a_namespaced_kube_api::<AuthorizationPolicy>();
    usable_with_a_namespaced_kube_api::<VirtualService>();
    assert_eq!(AuthorizationPolicy::kind(&()), "AuthorizationPolicy");
    assert_eq!(
        AuthorizationPolicy::api_version(&()),
        "security.istio.io/v1"
    );
    assert_eq!(AuthorizationPolicy::plural(&()), "authorizationpolicies");
    assert_eq!(VirtualService::kind(&()), "VirtualService");
    assert_eq!(VirtualService::api_version(&()), "networking.istio.io/v1");
    assert_eq!(VirtualService::plural(&()), "virtualservices");
    // Every emitted object reads back, through kube's trait, as the object it was written as.
    let mut kinds = std::collections::BTreeSet::new();
    for s in SCENARIOS {
        let (objects, _) = emit(&documents(s), &(s.options)());
        for object in objects {
            let value = serde_json::to_value(&object).expect("serialisable");
            let (kind, meta) = match &object {
                IstioObject::AuthorizationPolicy(p) => (AuthorizationPolicy::kind(&()), p.meta()),
                IstioObject::VirtualService(v) => (VirtualService::kind(&()), v.meta()),
            };
            assert_eq!(value["kind"], *kind, "scenario {}", s.name);
            assert_eq!(
                value["metadata"]["name"],
                meta.name.as_deref().expect("name")
            );
            assert_eq!(
                value["metadata"]["namespace"],
                meta.namespace.as_deref().expect("namespace")
            );
            let labels = meta.labels.as_ref().expect("labels");
            assert_eq!(
                labels.get(MANAGED_BY.0).map(String::as_str),
                Some(MANAGED_BY.1)
            );
            kinds.insert(kind.into_owned());
        }
    }
    assert_eq!(kinds.len(), 2, "{kinds:?}");
}
