//! Differential property: for random scenarios × random requests, Linkerd configured with the
//! Linkerd backend's output decides what the reference evaluator decides on the graph.
//!
//! The cluster runs `proxy.defaultInboundPolicy: deny` — what the backend's
//! `linkerd-default-inbound-policy` warning tells users to set; with Linkerd's default
//! (`all-unauthenticated`) ports without a Server would be open, which is not SMI's deny by
//! default. Both split modes are exercised (ServiceProfile mode in a quarter of the scenarios).
//!
//! `SMI_TESTKIT_CASES` sets the number of scenarios (default 250, × 48 requests = 12 000
//! request cases); `SMI_TESTKIT_SEED` a fixed proptest seed (default: fixed), or `random`.

mod support;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestRunner};
use smi_testkit::differential::{Outcome, compare};
use smi_testkit::interpret::linkerd::{DefaultInboundPolicy, reported_fail_closed};
use smi_testkit::{LinkerdInterpreter, Request, requests, scenario};
use smi_translate::backend::linkerd::{Linkerd, LinkerdSplitMode, codes};
use smi_translate::graph::PathAnchoring;
use smi_translate::{MeshGraph, Options};
use std::time::Instant;

const REQUESTS_PER_SCENARIO: usize = 48;

/// Path anchoring as the spec says for most scenarios, full for some (`--path-match full`).
fn options(full_paths: bool) -> Options {
    Options {
        emit_default_deny: true,
        path_anchoring: if full_paths {
            PathAnchoring::Full
        } else {
            PathAnchoring::Start
        },
        ..Options::default()
    }
}

fn cases() -> impl Strategy<Value = (MeshGraph, bool, Vec<Request>)> {
    (
        scenario(support::size()),
        prop::bool::weighted(0.25),
        prop::bool::weighted(0.25),
    )
        .prop_flat_map(|(s, full, profile)| {
            let graph = s.lower(&options(full));
            let requests = vec(requests(&graph), REQUESTS_PER_SCENARIO);
            (Just(graph), Just(profile), requests)
        })
}

/// Warning and error codes under which the backend documents that Linkerd routes differently
/// from the graph for a split.
const TOLERATED_ROUTING: &[&str] = &[
    codes::UDP_UNSUPPORTED,
    codes::SPLIT_PROTOCOL_UNKNOWN,
    codes::SERVICE_PROFILE_LIMIT,
    codes::MATCH_NOT_EXPRESSIBLE,
    codes::TOO_MANY_MATCHES,
    codes::TOO_MANY_BACKENDS,
    codes::WEIGHTS_SCALED,
];

#[derive(Default, Debug)]
struct Tally {
    allowed: usize,
    denied: usize,
    failed_closed: usize,
    tolerated_routing: usize,
    skipped: usize,
    split: usize,
}

#[test]
fn linkerd_output_means_what_the_graph_means() {
    let start = Instant::now();
    let tally = std::cell::RefCell::new(Tally::default());
    let mut runner = TestRunner::new(support::config(support::cases(250)));
    let result = runner.run(&cases(), |(graph, profile, requests)| {
        let linkerd = Linkerd {
            split_mode: if profile {
                LinkerdSplitMode::ServiceProfile
            } else {
                LinkerdSplitMode::HttpRoute
            },
        };
        let (interpreter, diagnostics) =
            LinkerdInterpreter::emit(&graph, &linkerd, DefaultInboundPolicy::Deny);
        let reported = reported_fail_closed(&diagnostics, &interpreter);
        for request in &requests {
            let outcome = compare(
                &graph,
                &interpreter,
                &reported,
                &diagnostics,
                TOLERATED_ROUTING,
                request,
            )
            .map_err(|d| {
                TestCaseError::fail(format!("{d} (split mode {:?})", linkerd.split_mode))
            })?;
            let mut t = tally.borrow_mut();
            if smi_testkit::evaluate(&graph, request).split.is_some() {
                t.split += 1;
            }
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
    eprintln!("linkerd differential: {t:?} in {:?}", start.elapsed());
    if let Err(e) = result {
        panic!("{e}");
    }
    let total = t.allowed + t.denied + t.failed_closed + t.tolerated_routing;
    let scenarios = support::cases(250) as usize;
    assert!(
        total >= scenarios * REQUESTS_PER_SCENARIO / 2,
        "too few compared cases: {t:?}"
    );
    assert!(t.allowed * 5 > total, "too few allowed cases: {t:?}");
    assert!(t.denied * 5 > total, "too few denied cases: {t:?}");
}
