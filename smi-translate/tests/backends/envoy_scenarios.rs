//! The Envoy backend's golden scenarios, shared by `envoy` and `envoy_validate`: inputs,
//! translation, rendering.

use super::support::{self, Golden, Scenario, default_deny, defaults, full_paths};
use smi_translate::Options;
use smi_translate::backend::envoy::{Envoy, EnvoyProxyConfig};
use smi_translate::graph::Diagnostic;

/// The scenarios of the Istio tests, plus OSM's bookstore and the Envoy edge cases.
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

/// Lowers and emits; every diagnostic, sorted.
pub fn emit(docs: &[String], options: &Options) -> (Vec<EnvoyProxyConfig>, Vec<Diagnostic>) {
    support::emit(&Envoy::default(), docs, options)
}

/// [`emit`] on a scenario's documents.
pub fn emit_scenario(s: &Scenario) -> (Vec<EnvoyProxyConfig>, Vec<Diagnostic>) {
    emit(&s.documents(), &s.options())
}

/// [`emit`], rendered by [`render`].
pub fn translate(s: &Scenario, docs: &[String]) -> (String, Vec<Diagnostic>) {
    let (proxies, diagnostics) = emit(docs, &s.options());
    (render(&proxies), diagnostics)
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
