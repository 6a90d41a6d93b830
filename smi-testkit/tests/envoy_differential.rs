//! Differential property: for random scenarios × random requests, Envoy proxies configured with
//! the Envoy backend's output decide what the reference evaluator decides on the graph.
//!
//! A request goes through the source's outbound listener, then every destination endpoint's
//! inbound listener ([`EnvoyInterpreter`]), judged by [`envoy_check`]: on top of `compare`'s rule:
//!
//! - a request whose source identity runs no workload has no proxy to leave from: not compared
//!   (counted as `no_source_proxy`);
//! - the outbound side not routing the request at all (no chain, virtual host or route) is fine
//!   when the graph denies it (the backend's outbound scope is only the Services the source may
//!   call) and a divergence when the graph allows it.
//!
//! `SMI_TESTKIT_CASES` sets the number of scenarios (default 350, × 48 requests = 16 800
//! request cases, about 11 000 compared); `SMI_TESTKIT_SEED` a fixed proptest seed (default:
//! fixed), or `random`; `SMI_TESTKIT_SIZE` the scenario size.

mod support;

use proptest::prelude::*;
use smi_testkit::differential::{self, Count, Subject};
use smi_testkit::judge::envoy_check;
use smi_testkit::{EnvoyInterpreter, Request};
use smi_translate::backend::envoy::Envoy;
use smi_translate::graph::Diagnostic;
use smi_translate::{MeshGraph, Options};

/// Default scenarios: about a third of requests come from identities without workloads (no
/// proxy) or are UDP, so 350 × 48 gives > 10 000 compared cases.
const SCENARIOS: u32 = 350;

struct EnvoyMesh;

impl Subject for EnvoyMesh {
    type Backend = Envoy;
    type Emitted = (EnvoyInterpreter, Vec<Diagnostic>);

    fn name(&self) -> &'static str {
        "envoy"
    }

    fn backends(&self) -> BoxedStrategy<Envoy> {
        Just(Envoy::default()).boxed()
    }

    /// `--default-deny` changes nothing for Envoy (RBAC `ALLOW` denies what no policy allows).
    fn options(&self) -> Options {
        Options::default()
    }

    fn emit(&self, graph: &MeshGraph, envoy: &Envoy) -> Self::Emitted {
        EnvoyInterpreter::emit(graph, envoy)
    }

    fn check(
        &self,
        (interpreter, diagnostics): &Self::Emitted,
        graph: &MeshGraph,
        request: &Request,
    ) -> Result<Count, String> {
        envoy_check(interpreter, diagnostics, graph, request).map_err(|d| d.to_string())
    }
}

#[test]
fn envoy_output_means_what_the_graph_means() {
    differential::run(
        &EnvoyMesh,
        support::config(support::cases(SCENARIOS)),
        support::size(),
    );
}
