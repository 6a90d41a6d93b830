//! Property: a grant to a destination no Service selects never vanishes silently. For generated
//! meshes in which some apps lost their Services (and some of those their container ports), every
//! TrafficTarget with sources and a TCP or HTTP grant, on every Service-less workload it
//! protects, is either carried by each port-based backend — a Linkerd Server selecting the
//! workload on each of its container ports, an Envoy inbound filter chain on each of them in the
//! proxy of its identity — or reported as an error on that TrafficTarget.
//!
//! `SMI_TESTKIT_CASES` sets the number of scenarios (default 96).

mod support;

use proptest::prelude::*;
use serde_json::Value;
use smi_testkit::scenario::{ScenarioSize, serviceless_scenario};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::graph::{Authorization, Diagnostic, Grant, Severity, Workload};
use smi_translate::{Backend, MeshGraph, Options};
use std::collections::BTreeSet;

/// Whether the TrafficTarget is reported as an error by the graph or the backend.
fn reported(graph: &MeshGraph, backend: &[Diagnostic], auth: &Authorization) -> bool {
    graph
        .all_diagnostics()
        .iter()
        .chain(backend)
        .any(|d| d.severity == Severity::Error && d.object == auth.origin)
}

/// The pod ports of Linkerd Servers in the workload's namespace whose selector takes its pods.
fn linkerd_server_ports(servers: &[Value], workload: &Workload) -> BTreeSet<u64> {
    servers
        .iter()
        .filter(|s| s["kind"] == "Server")
        .filter(|s| s["metadata"]["namespace"] == workload.id.namespace.as_str())
        .filter(|s| {
            s["spec"]["podSelector"]["matchLabels"]
                .as_object()
                .is_some_and(|labels| {
                    labels
                        .iter()
                        .all(|(k, v)| workload.pod_labels.get(k).map(String::as_str) == v.as_str())
                })
        })
        .filter_map(|s| s["spec"]["port"].as_u64())
        .collect()
}

/// The destination ports of the inbound filter chains of the proxy running as the workload's
/// identity.
fn envoy_inbound_ports(proxies: &[(String, Value)], workload: &Workload) -> BTreeSet<u64> {
    let node = format!(
        "{}.{}",
        workload.identity.service_account, workload.identity.namespace
    );
    proxies
        .iter()
        .filter(|(n, _)| *n == node)
        .flat_map(|(_, bootstrap)| {
            bootstrap["static_resources"]["listeners"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|l| l["name"] == "inbound")
        .flat_map(|l| l["filter_chains"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c["filter_chain_match"]["destination_port"].as_u64())
        .collect()
}

fn carries_tcp_or_http(auth: &Authorization) -> bool {
    !auth.sources.is_empty()
        && auth
            .grants
            .iter()
            .any(|g| matches!(g, Grant::Tcp { .. } | Grant::Http { .. }))
}

proptest! {
    #![proptest_config(support::config(support::cases(96)))]

    #[test]
    fn grants_to_serviceless_destinations_are_carried_or_reported(
        scenario in serviceless_scenario(ScenarioSize::SMALL)
    ) {
        let graph = scenario.lower(&Options::default());
        let index = graph.index();
        let linkerd = Linkerd::default().emit(&graph);
        let servers: Vec<Value> = linkerd
            .objects
            .iter()
            .filter_map(|o| serde_json::to_value(o).ok())
            .collect();
        let envoy = Envoy::default().emit(&graph);
        let proxies: Vec<(String, Value)> = envoy
            .objects
            .iter()
            .filter_map(|p| {
                let bootstrap = serde_json::to_value(p.bootstrap()).ok()?;
                let node = bootstrap["node"]["cluster"].as_str()?.to_owned();
                Some((node, bootstrap))
            })
            .collect();
        let mut checked = 0;
        for auth in graph.authorizations.iter().filter(|a| carries_tcp_or_http(a)) {
            for workload in index.workloads_of(&auth.destination) {
                if !index.services_of(&workload.id).is_empty() {
                    continue;
                }
                checked += 1;
                let ports: BTreeSet<u64> =
                    workload.container_ports.keys().map(|p| u64::from(*p)).collect();
                let on_every_port = |carried: BTreeSet<u64>| !ports.is_empty() && ports.is_subset(&carried);
                prop_assert!(
                    on_every_port(linkerd_server_ports(&servers, workload))
                        || reported(&graph, &linkerd.diagnostics, auth),
                    "linkerd drops {} on {} silently", auth.origin, workload.id
                );
                prop_assert!(
                    on_every_port(envoy_inbound_ports(&proxies, workload))
                        || reported(&graph, &envoy.diagnostics, auth),
                    "envoy drops {} on {} silently", auth.origin, workload.id
                );
            }
        }
        // Most scenarios have Service-less destinations; the generator is what makes this
        // property meaningful, so a scenario without one must be rare, not the rule.
        prop_assume!(checked > 0);
    }
}
