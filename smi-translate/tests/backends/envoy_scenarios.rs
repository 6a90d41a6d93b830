//! The Envoy backend's golden scenarios, shared by `envoy` and `envoy_validate`: inputs,
//! translation, rendering.

use super::support::{self, Golden, SHARED_SCENARIOS, Scenario, defaults, full_paths};
use smi_translate::Options;
use smi_translate::backend::envoy::{Envoy, EnvoyProxyConfig};
use smi_translate::graph::Diagnostic;

/// The shared scenarios (those of the Istio tests), plus OSM's bookstore and the Envoy edge cases.
pub fn scenarios() -> Vec<Scenario> {
    let own = [
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
    SHARED_SCENARIOS.iter().copied().chain(own).collect()
}

/// The scenario called `name`.
pub fn scenario(name: &str) -> Scenario {
    scenarios()
        .into_iter()
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
