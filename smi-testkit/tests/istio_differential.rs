//! Differential property: for random scenarios × random requests, Istio configured with the
//! Istio backend's output decides what the reference evaluator decides on the graph.
//!
//! `SMI_TESTKIT_CASES` sets the number of scenarios (default 250, × 48 requests = 12 000
//! request cases); `SMI_TESTKIT_SEED` a fixed proptest seed (default: fixed), or
//! `random`; `SMI_TESTKIT_SIZE` the scenario size.

mod support;

use proptest::prelude::*;
use smi_testkit::differential::{self, Count, Subject, compare};
use smi_testkit::interpret::istio::reported_fail_closed;
use smi_testkit::judge::ISTIO_TOLERATED_ROUTING as TOLERATED_ROUTING;
use smi_testkit::{IstioInterpreter, Request};
use smi_translate::backend::istio::Istio;
use smi_translate::graph::Diagnostic;
use smi_translate::{MeshGraph, Options};

struct IstioMesh;

impl Subject for IstioMesh {
    type Backend = Istio;
    type Emitted = (IstioInterpreter, Vec<Diagnostic>);

    fn name(&self) -> &'static str {
        "istio"
    }

    fn backends(&self) -> BoxedStrategy<Istio> {
        Just(Istio::default()).boxed()
    }

    /// Default deny on: the only mode in which Istio can mean SMI's deny by default.
    fn options(&self) -> Options {
        support::default_deny()
    }

    fn emit(&self, graph: &MeshGraph, istio: &Istio) -> Self::Emitted {
        IstioInterpreter::emit(graph, istio)
    }

    fn check(
        &self,
        (interpreter, diagnostics): &Self::Emitted,
        graph: &MeshGraph,
        request: &Request,
    ) -> Result<Count, String> {
        compare(
            graph,
            interpreter,
            &reported_fail_closed(diagnostics),
            diagnostics,
            TOLERATED_ROUTING,
            request,
        )
        .map(Count::Compared)
        .map_err(|d| d.to_string())
    }
}

#[test]
fn istio_output_means_what_the_graph_means() {
    differential::run(
        &IstioMesh,
        support::config(support::cases(250)),
        support::size(),
    );
}
