//! Differential property: for random scenarios × random requests, Envoy proxies configured with
//! the Envoy backend's output decide what the reference evaluator decides on the graph.
//!
//! A request goes through the source's outbound listener, then every destination endpoint's
//! inbound listener ([`EnvoyInterpreter`]). On top of [`compare`]'s rule:
//!
//! - a request whose source identity runs no workload has no proxy to leave from: not compared
//!   (counted as `no_source_proxy`);
//! - the outbound side not routing the request at all (no chain, virtual host or route) is fine
//!   when the graph denies it (the backend's outbound scope is only the Services the source may
//!   call) and a divergence when the graph allows it.
//!
//! `SMI_TESTKIT_CASES` sets the number of scenarios (default 250, × 48 requests = 12 000
//! request cases); `SMI_TESTKIT_SEED` a fixed proptest seed (default: fixed), or `random`.

mod common;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use smi_testkit::differential::{Outcome, compare};
use smi_testkit::interpret::envoy::{Outbound, reported_fail_closed};
use smi_testkit::{EnvoyInterpreter, Request, explain, requests, scenario};
use smi_translate::backend::envoy::{Envoy, codes};
use smi_translate::graph::PathAnchoring;
use smi_translate::{MeshGraph, Options};
use std::time::Instant;

const REQUESTS_PER_SCENARIO: usize = 48;

fn config() -> Config {
    common::config(common::cases(250))
}

/// Path anchoring as the spec says for most scenarios, full for some (`--path-match full`).
/// `--default-deny` changes nothing for Envoy (RBAC `ALLOW` denies what no policy allows).
fn options(full_paths: bool) -> Options {
    Options {
        path_anchoring: if full_paths {
            PathAnchoring::Full
        } else {
            PathAnchoring::Start
        },
        ..Options::default()
    }
}

fn cases() -> impl Strategy<Value = (MeshGraph, Vec<Request>)> {
    (scenario(common::size()), prop::bool::weighted(0.25)).prop_flat_map(|(s, full)| {
        let graph = s.lower(&options(full));
        let requests = vec(requests(&graph), REQUESTS_PER_SCENARIO);
        (Just(graph), requests)
    })
}

/// The warning codes under which the Envoy backend documents that it routes differently.
const TOLERATED_ROUTING: &[&str] = &[
    codes::OUTBOUND_PORT_SHARED,
    codes::UDP_SPLIT_UNSUPPORTED,
    codes::WEIGHTS_SCALED,
];

#[derive(Default, Debug)]
struct Tally {
    allowed: usize,
    denied: usize,
    /// Not routed by the source's outbound side, and denied by the graph.
    unrouted_denied: usize,
    failed_closed: usize,
    tolerated_routing: usize,
    /// UDP (not compared).
    skipped: usize,
    /// No workload runs as the source (not compared).
    no_source_proxy: usize,
    split: usize,
}

impl Tally {
    fn compared(&self) -> usize {
        self.allowed + self.denied + self.unrouted_denied + self.failed_closed + self.tolerated_routing
    }
}

#[test]
fn envoy_output_means_what_the_graph_means() {
    let start = Instant::now();
    let tally = std::cell::RefCell::new(Tally::default());
    let mut runner = TestRunner::new(config());
    let result = runner.run(&cases(), |(graph, requests)| {
        let (interpreter, diagnostics) = EnvoyInterpreter::emit(&graph, &Envoy::default());
        for request in &requests {
            let mut t = tally.borrow_mut();
            if request.protocol == smi_testkit::Protocol::Udp {
                t.skipped += 1;
                continue;
            }
            let expected = explain(&graph, request);
            if expected.decision.split.is_some() {
                t.split += 1;
            }
            match interpreter.trace(request).outbound {
                Outbound::NoSourceProxy => {
                    t.no_source_proxy += 1;
                    continue;
                }
                Outbound::Unroutable(why) => {
                    if expected.decision.allowed {
                        return Err(TestCaseError::fail(format!(
                            "{request}: the graph allows it, but the source's outbound Envoy does not route it ({why})"
                        )));
                    }
                    t.unrouted_denied += 1;
                    continue;
                }
                Outbound::Routed(_) => {}
            }
            let outcome = compare(
                &graph,
                &interpreter,
                &reported_fail_closed(&graph, &diagnostics, request),
                &diagnostics,
                TOLERATED_ROUTING,
                request,
            )
            .map_err(|d| TestCaseError::fail(d.to_string()))?;
            match outcome {
                Outcome::Agree { allowed: true } => t.allowed += 1,
                Outcome::Agree { allowed: false } => t.denied += 1,
                Outcome::FailedClosed => t.failed_closed += 1,
                Outcome::ToleratedRouting => t.tolerated_routing += 1,
                Outcome::Skipped => t.skipped += 1,
            }
        }
        Ok(())
    });
    let t = tally.into_inner();
    eprintln!(
        "envoy differential: {t:?}, {} compared, in {:?}",
        t.compared(),
        start.elapsed()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let total = t.compared();
    let scenarios = common::cases(250) as usize;
    assert!(
        total >= scenarios * REQUESTS_PER_SCENARIO * 5 / 6,
        "too few compared cases: {t:?}"
    );
    // The request strategy must hit both sides.
    assert!(t.allowed * 5 > total, "too few allowed cases: {t:?}");
    assert!(
        (t.denied + t.unrouted_denied) * 5 > total,
        "too few denied cases: {t:?}"
    );
}
