//! Scenarios shared by the Envoy tests (`envoy.rs`, `envoy_validate.rs`): inputs, translation,
//! rendering. Included with `#[path]`; as a test target of its own it has no tests.
#![allow(dead_code)]

use smi_translate::backend::envoy::{Envoy, EnvoyProxyConfig};
use smi_translate::graph::{Diagnostic, MeshGraph, PathAnchoring};
use smi_translate::{Backend, Inventory, Options, lower};
use smi_types::load::{LoadOptions, load};
use std::path::{Path, PathBuf};

/// A path relative to the repository root.
pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
}

/// A named scenario: input files (relative to the repository root) and options.
pub struct Scenario {
    /// Snapshot name.
    pub name: &'static str,
    /// Input files.
    pub files: &'static [&'static str],
    /// Lowering options.
    pub options: fn() -> Options,
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

/// The scenarios of `tests/istio.rs`, plus OSM's bookstore and the Envoy edge cases.
pub const SCENARIOS: &[Scenario] = &[
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
    Scenario {
        name: "osm-bookstore-full-path-match",
        files: &["smi-translate/testdata/scenarios/osm-bookstore.yaml"],
        options: full_paths,
    },
    Scenario {
        name: "envoy-edges",
        files: &["smi-translate/testdata/scenarios/envoy-edges.yaml"],
        options: defaults,
    },
];

/// The scenario called `name`.
pub fn scenario(name: &str) -> &'static Scenario {
    SCENARIOS
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name}"))
}

/// Every document of the scenario's files, as one stream, in file order.
pub fn documents(s: &Scenario) -> Vec<String> {
    let mut docs = Vec::new();
    for file in s.files {
        let text = std::fs::read_to_string(repo(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
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

/// Lowers the documents; returns the graph and the inventory's diagnostics.
pub fn graph(docs: &[String], options: &Options) -> (MeshGraph, Vec<Diagnostic>) {
    let stream = docs.join("\n---\n");
    let loaded = load(&stream, &LoadOptions::default());
    assert!(!loaded.has_errors(), "{:#?}", loaded.problems);
    let (smi, inventory, diagnostics) =
        Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    (lower(&smi, &inventory, options), diagnostics)
}

/// Lowers and emits; every diagnostic, sorted.
pub fn emit(docs: &[String], options: &Options) -> (Vec<EnvoyProxyConfig>, Vec<Diagnostic>) {
    let (graph, mut diagnostics) = graph(docs, options);
    let emitted = Envoy::default().emit(&graph);
    diagnostics.extend(graph.all_diagnostics());
    diagnostics.extend(emitted.diagnostics);
    diagnostics.sort();
    (emitted.objects, diagnostics)
}

/// [`emit`] on a scenario's documents.
pub fn emit_scenario(s: &Scenario) -> (Vec<EnvoyProxyConfig>, Vec<Diagnostic>) {
    emit(&documents(s), &(s.options)())
}

/// One bootstrap YAML document per proxy, with a comment naming its file.
pub fn render(proxies: &[EnvoyProxyConfig]) -> String {
    let mut out = String::new();
    for proxy in proxies {
        out.push_str(&format!("--- # {}\n", proxy.file_name()));
        out.push_str(&serde_saphyr::to_string(&proxy.bootstrap()).expect("serialisable"));
    }
    out
}

/// One line per diagnostic.
pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
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
