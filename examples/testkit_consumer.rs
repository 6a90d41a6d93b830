//! A consumer's property test with `smi-testkit`: a toy L4 firewall derived from the mesh graph
//! must never block a request that the SMI semantics allow (it may allow more: it does not look
//! at HTTP).
//!
//! `cargo run -p smi-examples --example testkit_consumer` runs the property on 200 scenarios;
//! `cargo test -p smi-examples --example testkit_consumer` runs the same as a test.
#![forbid(unsafe_code)]

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use smi_testkit::{Protocol, Request, ScenarioSize, evaluate, requests, scenario};
use smi_translate::graph::{Grant, MeshGraph};
use smi_translate::{MeshGraph as Graph, Options};

/// The policy under test: open a connection iff some TrafficTarget lists the caller for an
/// identity behind the Service and has a grant on the destination pod port (ignoring methods,
/// paths and headers).
fn l4_firewall(graph: &MeshGraph, request: &Request) -> bool {
    let Some(service) = graph.services.get(&request.destination) else {
        return false;
    };
    let Some(port) = service.ports.get(&request.port) else {
        return false;
    };
    let endpoints: Vec<_> = match &request.endpoint {
        Some(id) => vec![id],
        None => service.workloads.iter().collect(),
    };
    !endpoints.is_empty()
        && endpoints.into_iter().all(|id| {
            let Some(workload) = graph.workloads.get(id) else {
                return false;
            };
            let Some(pod_port) = workload.resolve(&port.target_port) else {
                return false;
            };
            graph.authorizations.iter().any(|a| {
                a.destination == workload.identity
                    && a.sources.contains(&request.source)
                    && a.grants.iter().any(|g| match g {
                        Grant::Tcp { ports } | Grant::Http { ports, .. } => {
                            request.protocol != Protocol::Udp && ports.contains(pod_port)
                        }
                        Grant::Udp { ports } => {
                            request.protocol == Protocol::Udp && ports.contains(pod_port)
                        }
                    })
            })
        })
}

fn cases() -> impl Strategy<Value = (Graph, Vec<Request>)> {
    scenario(ScenarioSize::SMALL).prop_flat_map(|s| {
        let graph = s.lower(&Options::default());
        let requests = vec(requests(&graph), 30);
        (Just(graph), requests)
    })
}

fn property((graph, requests): (Graph, Vec<Request>)) -> Result<(), TestCaseError> {
    for request in &requests {
        if evaluate(&graph, request).allowed {
            prop_assert!(
                l4_firewall(&graph, request),
                "the firewall blocks an allowed request: {request}"
            );
        }
    }
    Ok(())
}

fn main() {
    let mut runner = TestRunner::new(Config {
        cases: 200,
        failure_persistence: None,
        ..Config::default()
    });
    match runner.run(&cases(), property) {
        Ok(()) => {
            println!("l4_firewall never blocks an allowed request (200 scenarios × 30 requests)")
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest! {
        #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

        #[test]
        fn the_firewall_never_blocks_an_allowed_request(case in cases()) {
            property(case)?;
        }
    }
}
