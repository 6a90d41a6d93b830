//! The graph queries of `smi-translate` (`MeshGraph::decide`, `access_edges`, `diff`) against
//! the reference evaluator, which is written separately: on generated meshes and requests they
//! must give the same answers, and a diff that reports no widening must be right.

mod support;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use smi_testkit::evaluate::matches_http;
use smi_testkit::{Grantor, Protocol, Request, Routing, Scenario, evaluate, explain, requests};
use smi_translate::Options;
use smi_translate::graph::query::{self, AccessEdge, Admits, HttpRequest, Traffic, diff};
use smi_translate::graph::{MeshGraph, PathAnchoring, Transport};
use std::cell::Cell;
use support::{extra_targets, is_target};

/// The same request, as the query API takes it.
fn to_query(r: &Request) -> query::Request {
    query::Request {
        source: r.source.clone(),
        destination: r.destination.clone(),
        port: r.port,
        endpoint: r.endpoint.clone(),
        traffic: match r.protocol {
            Protocol::Http => Traffic::Http(HttpRequest {
                method: r.method,
                path: r.path.clone(),
                headers: r.headers.clone(),
            }),
            Protocol::Tcp => Traffic::Tcp,
            Protocol::Udp => Traffic::Udp,
        },
    }
}

fn anchoring() -> impl Strategy<Value = PathAnchoring> {
    prop::bool::weighted(0.25).prop_map(|full| {
        if full {
            PathAnchoring::Full
        } else {
            PathAnchoring::Start
        }
    })
}

fn meshes_and_requests() -> impl Strategy<Value = (MeshGraph, Vec<Request>)> {
    (smi_testkit::scenario(support::size()), anchoring()).prop_flat_map(|(scenario, anchoring)| {
        let graph = scenario.lower(&Options::default().path_anchoring(anchoring));
        (Just(graph.clone()), vec(requests(&graph), 48))
    })
}

/// Whether the edges say `r` passes: its port is reached over a transport it carries, and every
/// endpoint of the edge from its source admits it.
fn edges_admit(edges: &[AccessEdge], graph: &MeshGraph, r: &Request) -> bool {
    let Some(port) = graph
        .services
        .get(&r.destination)
        .and_then(|s| s.ports.get(&r.port))
    else {
        return false;
    };
    let carried = match port.transport {
        Transport::Tcp => r.protocol != Protocol::Udp,
        Transport::Udp => r.protocol == Protocol::Udp,
        Transport::Sctp => false,
    };
    carried
        && edges
            .iter()
            .find(|e| e.source == r.source && e.service == r.destination && e.port == r.port)
            .is_some_and(|e| {
                e.endpoints.iter().all(|endpoint| match &endpoint.admits {
                    Admits::Everything => true,
                    Admits::Http(matches) => {
                        r.protocol == Protocol::Http && matches.iter().any(|m| matches_http(m, r))
                    }
                })
            })
}

#[test]
fn decide_agrees_with_the_reference_evaluator() {
    let (allowed, denied) = (Cell::new(0), Cell::new(0));
    let mut runner = TestRunner::new(support::config(support::cases(64)));
    runner
        .run(&meshes_and_requests(), |(graph, requests)| {
            for r in &requests {
                let expected = explain(&graph, r);
                let decision = graph.decide(&to_query(r));
                prop_assert_eq!(decision.allowed, expected.decision.allowed, "{}", r);
                let counter = if decision.allowed { &allowed } else { &denied };
                counter.set(counter.get() + 1);
                let split: Option<Vec<_>> = decision.route.backends().map(|backends| {
                    backends
                        .iter()
                        .map(|b| (b.service.clone(), b.weight))
                        .collect()
                });
                prop_assert_eq!(
                    Routing::from_split(split.as_deref(), &r.destination),
                    expected.decision.routing(r),
                    "{}",
                    r
                );
                if decision.allowed {
                    let mut grantors: Vec<Grantor> = decision
                        .granted_by()
                        .into_iter()
                        .map(|g| Grantor {
                            origin: g.authorization.clone(),
                            workload: g.workload.clone(),
                            by_transport: g.opaque.is_some(),
                            matches: g
                                .matches
                                .iter()
                                .map(|m| (m.group.clone(), m.name.clone()))
                                .collect(),
                        })
                        .collect();
                    grantors.sort();
                    prop_assert_eq!(&grantors, &expected.granted_by, "{}", r);
                }
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    let (allowed, denied) = (allowed.get(), denied.get());
    assert!(
        allowed * 5 > allowed + denied && denied * 5 > allowed + denied,
        "{allowed} allowed, {denied} denied"
    );
}

#[test]
fn access_edges_answer_as_decide_does() {
    let mut runner = TestRunner::new(support::config(support::cases(64)));
    runner
        .run(&meshes_and_requests(), |(graph, requests)| {
            let edges = graph.access_edges();
            for r in requests.iter().filter(|r| r.endpoint.is_none()) {
                prop_assert_eq!(
                    edges_admit(&edges, &graph, r),
                    evaluate(&graph, r).allowed,
                    "{}",
                    r
                );
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
}

/// A scenario, the same with the TrafficTargets of another scenario added, and the same with
/// some of its TrafficTargets removed; requests built from the grants of the second, half of
/// them from the added grants alone (where the widenings are).
fn versions() -> impl Strategy<Value = (Scenario, [MeshGraph; 3], Vec<Request>)> {
    (
        smi_testkit::scenario(support::size()),
        any::<u64>(),
        vec(any::<bool>(), 64),
    )
        .prop_flat_map(|(scenario, other, keep)| {
            let lower = |s: &Scenario| s.lower(&Options::default());
            let mut more = scenario.clone();
            more.smi.extend(extra_targets(other, scenario.size));
            let mut added = scenario.clone();
            added.smi.retain(|o| !is_target(o));
            added.smi.extend(extra_targets(other, scenario.size));
            let mut fewer = scenario.clone();
            let mut i = 0;
            fewer.smi.retain(|o| {
                i += 1;
                !is_target(o) || keep[i % keep.len()]
            });
            let graphs = [lower(&scenario), lower(&more), lower(&fewer)];
            let requests = (
                vec(requests(&graphs[1]), 24),
                vec(requests(&lower(&added)), 24),
            )
                .prop_map(|(mut all, added)| {
                    all.extend(added);
                    all
                });
            (Just(scenario), Just(graphs), requests)
        })
}

#[test]
fn a_diff_that_reports_no_widening_allows_nothing_new() {
    let (proved, widened) = (Cell::new(0), Cell::new(0));
    let mut runner = TestRunner::new(support::config(support::cases(96)));
    runner
        .run(&versions(), |(scenario, graphs, requests)| {
            let [base, _, fewer] = &graphs;
            prop_assert!(diff(base, base).is_empty());
            // Removing TrafficTargets only takes grants away.
            prop_assert!(
                !diff(base, fewer).widens(),
                "{:?}",
                diff(base, fewer).widenings()
            );
            // Renaming every TrafficTarget changes no edge.
            let mut renamed = scenario.clone();
            renamed.smi.retain(|o| !is_target(o));
            renamed
                .smi
                .extend(extra_targets(scenario.seed, scenario.size));
            let renamed = diff(base, &renamed.lower(&Options::default()));
            prop_assert!(
                renamed.added.is_empty()
                    && renamed.removed.is_empty()
                    && renamed.changed.is_empty(),
                "{:?}",
                renamed
            );
            for old in &graphs {
                for new in &graphs {
                    let d = diff(old, new);
                    let widenings = d.widenings();
                    let newly_allowed = requests.iter().filter(|r| {
                        r.endpoint.is_none()
                            && evaluate(new, r).allowed
                            && !evaluate(old, r).allowed
                    });
                    for r in newly_allowed {
                        // The edge that now lets it through is reported as a widening.
                        prop_assert!(
                            widenings.iter().any(|e| e.source == r.source
                                && e.service == r.destination
                                && e.port == r.port),
                            "{} is newly allowed, but its edge is not reported as a widening",
                            r
                        );
                        widened.set(widened.get() + 1);
                    }
                    let narrowed = !d.changed.is_empty() || !d.removed.is_empty();
                    if narrowed && !d.widens() {
                        proved.set(proved.get() + 1);
                    }
                }
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    // Both sides of the rule were exercised: widenings seen, narrowings proved.
    assert!(
        widened.get() > 0 && proved.get() > 0,
        "{} widened, {} proved",
        widened.get(),
        proved.get()
    );
}
