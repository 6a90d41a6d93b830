//! Differential property: for random scenarios × random requests, Linkerd configured with the
//! Linkerd backend's output decides what the reference evaluator decides on the graph.
//!
//! The cluster runs `proxy.defaultInboundPolicy: deny` — what the backend's
//! `linkerd-default-inbound-policy` warning tells users to set; with Linkerd's default
//! (`all-unauthenticated`) ports without a Server would be open, which is not SMI's deny by
//! default. Both split modes are exercised (ServiceProfile mode in a quarter of the scenarios).
//!
//! `SMI_TESTKIT_CASES` sets the number of scenarios (default 250, × 48 requests = 12 000
//! request cases); `SMI_TESTKIT_SEED` a fixed proptest seed (default: fixed), or `random`;
//! `SMI_TESTKIT_SIZE` the scenario size.

mod support;

use proptest::prelude::*;
use smi_testkit::differential::{self, Count, Subject, compare};
use smi_testkit::interpret::linkerd::{DefaultInboundPolicy, reported_fail_closed};
use smi_testkit::judge::LINKERD_TOLERATED_ROUTING as TOLERATED_ROUTING;
use smi_testkit::{LinkerdInterpreter, Request};
use smi_translate::backend::linkerd::{Linkerd, LinkerdSplitMode};
use smi_translate::graph::Diagnostic;
use smi_translate::{MeshGraph, Options};

struct LinkerdMesh;

impl Subject for LinkerdMesh {
    type Backend = Linkerd;
    type Emitted = (LinkerdInterpreter, Vec<Diagnostic>);

    fn name(&self) -> &'static str {
        "linkerd"
    }

    /// ServiceProfile split mode in a quarter of the scenarios.
    fn backends(&self) -> BoxedStrategy<Linkerd> {
        prop::bool::weighted(0.25)
            .prop_map(|profile| {
                Linkerd::default().split_mode(if profile {
                    LinkerdSplitMode::ServiceProfile
                } else {
                    LinkerdSplitMode::HttpRoute
                })
            })
            .boxed()
    }

    fn options(&self) -> Options {
        support::default_deny()
    }

    fn emit(&self, graph: &MeshGraph, linkerd: &Linkerd) -> Self::Emitted {
        LinkerdInterpreter::emit(graph, linkerd, DefaultInboundPolicy::Deny)
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
            &reported_fail_closed(diagnostics, interpreter),
            diagnostics,
            TOLERATED_ROUTING,
            request,
        )
        .map(Count::Compared)
        .map_err(|d| d.to_string())
    }
}

#[test]
fn linkerd_output_means_what_the_graph_means() {
    differential::run(
        &LinkerdMesh,
        support::config(support::cases(250)),
        support::size(),
    );
}
