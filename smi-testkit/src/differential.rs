//! Comparing an [`Interpreter`] with the reference evaluator, with the one allowed asymmetry.
//!
//! - **Authorization**: the backend must never allow what the graph denies (zero tolerance). It
//!   may deny what the graph allows only when it said so: for every [`Grantor`] (TrafficTarget
//!   and endpoint admitting the request), an error diagnostic that it fails closed for exactly
//!   that endpoint or for every match that admits the request.
//! - **Routing**: the normalised distributions ([`Routing`]) must be equal, except where the
//!   backend warned with one of `tolerated_routing_codes` about the split in question.
//! - UDP requests are not compared (a backend may not intercept UDP at all); they are counted.
//!
//! [`compare`] judges one request; [`run`] is the differential property over random scenarios ×
//! random requests for any backend described as a [`Subject`], and returns the [`Tally`].

use crate::evaluate::{Grantor, Routing, evaluate, explain};
use crate::interpret::Interpreter;
use crate::request::{Protocol, Request};
use crate::scenario::{ScenarioSize, scenario};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use smi_translate::MeshGraph;
use smi_translate::Options;
use smi_translate::graph::Diagnostic;
use smi_translate::graph::PathAnchoring;
use smi_types::CodeInfo;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::time::Instant;

/// How one request compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Same decision (allowed says what both decided).
    Agree {
        /// Whether the request was allowed.
        allowed: bool,
    },
    /// The backend denied what the graph allows, and said why in an error diagnostic.
    FailedClosed,
    /// The routing differs where the backend warned it would.
    ToleratedRouting,
    /// Not compared (UDP).
    Skipped,
}

/// A difference that is a bug in the backend or in the lowering.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// The request.
    pub request: Request,
    /// What is wrong.
    pub what: String,
    /// Whether it is about routing (authorization agreed) rather than authorization.
    pub routing: bool,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.request, self.what)
    }
}

/// Compares `interpreter` with the graph for one request.
///
/// `reported` says whether the backend reported (with an error diagnostic) that it fails closed
/// for a grantor; a denial of an allowed request is tolerated only if every grantor was
/// reported (e.g. [`crate::interpret::istio::reported_fail_closed`]). `diagnostics` are the
/// backend's; `tolerated_routing_codes` the warning codes under which the backend documents
/// that it routes differently (e.g. `istio-tcp-refusal-unsupported`).
pub fn compare(
    graph: &MeshGraph,
    interpreter: &dyn Interpreter,
    reported: &dyn Fn(&Grantor) -> bool,
    diagnostics: &[Diagnostic],
    tolerated_routing_codes: &[CodeInfo],
    request: &Request,
) -> Result<Outcome, Box<Divergence>> {
    if request.protocol == Protocol::Udp {
        return Ok(Outcome::Skipped);
    }
    let expected = explain(graph, request);
    let actual = interpreter.decide(request);
    let diverge = |what: String| {
        Box::new(Divergence {
            request: request.clone(),
            what,
            routing: false,
        })
    };
    let mut outcome = Outcome::Agree {
        allowed: expected.decision.allowed,
    };
    match (expected.decision.allowed, actual.allowed) {
        (false, true) => {
            return Err(diverge(format!(
                "{} ALLOWS a request the graph denies",
                interpreter.name()
            )));
        }
        (true, false) => {
            let unreported: Vec<&Grantor> = expected
                .granted_by
                .iter()
                .filter(|g| !reported(g))
                .collect();
            if !unreported.is_empty() {
                return Err(diverge(format!(
                    "{} denies a request the graph allows, and did not report failing closed for {:?}",
                    interpreter.name(),
                    unreported
                )));
            }
            outcome = Outcome::FailedClosed;
        }
        _ => {}
    }
    let want = expected.decision.routing(request);
    let got = actual.routing(request);
    if want != got {
        let split = graph
            .splits
            .iter()
            .find(|s| s.root == request.destination)
            .map(|s| &s.origin);
        let warned = split.is_some_and(|origin| {
            diagnostics.iter().any(|d| {
                &d.object == origin && tolerated_routing_codes.iter().any(|c| d.code == *c)
            })
        });
        if !warned {
            let mut divergence = diverge(format!(
                "routing differs: graph {}, {} {}",
                show(&want),
                interpreter.name(),
                show(&got)
            ));
            divergence.routing = true;
            return Err(divergence);
        }
        if outcome != Outcome::FailedClosed {
            outcome = Outcome::ToleratedRouting;
        }
    }
    Ok(outcome)
}

/// A routing outcome in words, for messages.
pub(crate) fn show(r: &Routing) -> String {
    match r {
        Routing::Refused => "refuses".into(),
        Routing::Weighted(w) => {
            let parts: Vec<String> = w.iter().map(|(s, w)| format!("{s}={w}")).collect();
            format!("sends to [{}]", parts.join(", "))
        }
    }
}

// ------------------------------------------------------------------ the property

/// Requests drawn for each scenario.
pub const REQUESTS_PER_SCENARIO: usize = 48;

/// A backend under differential test: how it is configured, emitted and interpreted, and how
/// one request is judged (usually [`compare`], with the backend's own exemptions around it).
pub trait Subject {
    /// The backend's configuration, drawn once per scenario.
    type Backend: Clone + fmt::Debug;
    /// What one scenario's output gives to [`Subject::check`]: the interpreter, diagnostics, ….
    type Emitted;

    /// A short name for messages (`istio`).
    fn name(&self) -> &'static str;

    /// The configurations to draw from (`Just` one when there is no choice).
    fn backends(&self) -> BoxedStrategy<Self::Backend>;

    /// The lowering options; [`run`] sets the path anchoring (full in a quarter of scenarios).
    fn options(&self) -> Options;

    /// Emits `graph` with `backend` and interprets the output.
    fn emit(&self, graph: &MeshGraph, backend: &Self::Backend) -> Self::Emitted;

    /// Judges one request: what it counts as, or what is wrong.
    fn check(
        &self,
        emitted: &Self::Emitted,
        graph: &MeshGraph,
        request: &Request,
    ) -> Result<Count, String>;
}

/// What one request counted as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Count {
    /// Compared: the [`Outcome`] of [`compare`] (or the same judgement reached earlier).
    Compared(Outcome),
    /// Authorization compared and agreed; a routing difference exempted for the reason named.
    Exempted(&'static str),
    /// Not compared, for the reason named.
    NotCompared(&'static str),
}

/// How the requests of a [`run`] counted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Allowed by both.
    pub allowed: usize,
    /// Denied by both.
    pub denied: usize,
    /// Allowed by the graph, denied by the backend where it reported failing closed.
    pub failed_closed: usize,
    /// Routing differs where the backend warned it would.
    pub tolerated_routing: usize,
    /// Routing differences exempted, by reason.
    pub exempted: BTreeMap<&'static str, usize>,
    /// Requests not compared, by reason.
    pub not_compared: BTreeMap<&'static str, usize>,
    /// Requests the graph routes through a TrafficSplit.
    pub split: usize,
}

impl Tally {
    /// Requests whose authorization was compared.
    pub fn compared(&self) -> usize {
        self.allowed
            + self.denied
            + self.failed_closed
            + self.tolerated_routing
            + self.exempted.values().sum::<usize>()
    }

    fn record(&mut self, count: Count) {
        match count {
            Count::Compared(Outcome::Agree { allowed: true }) => self.allowed += 1,
            Count::Compared(Outcome::Agree { allowed: false }) => self.denied += 1,
            Count::Compared(Outcome::FailedClosed) => self.failed_closed += 1,
            Count::Compared(Outcome::ToleratedRouting) => self.tolerated_routing += 1,
            Count::Compared(Outcome::Skipped) => *self.not_compared.entry("UDP").or_default() += 1,
            Count::Exempted(why) => *self.exempted.entry(why).or_default() += 1,
            Count::NotCompared(why) => *self.not_compared.entry(why).or_default() += 1,
        }
    }
}

/// The differential property for `subject`: `config.cases` scenarios of at most `size` (path
/// anchoring full in a quarter of them), [`REQUESTS_PER_SCENARIO`] requests each, every request
/// judged by [`Subject::check`].
///
/// # Panics
///
/// On the first failing case (shrunk), or when the run proves too little: fewer than half the
/// requests compared, or allowed or denied requests fewer than a fifth of those compared.
pub fn run<S: Subject>(subject: &S, config: Config, size: ScenarioSize) -> Tally {
    let start = Instant::now();
    let scenarios = config.cases as usize;
    let options = subject.options();
    let cases = (
        scenario(size),
        prop::bool::weighted(0.25),
        subject.backends(),
    )
        .prop_flat_map(move |(s, full_paths, backend)| {
            let graph = s.lower(&options.clone().path_anchoring(if full_paths {
                PathAnchoring::Full
            } else {
                PathAnchoring::Start
            }));
            let requests = vec(crate::requests(&graph), REQUESTS_PER_SCENARIO);
            (Just(graph), Just(backend), requests)
        });
    let tally = RefCell::new(Tally::default());
    let result = TestRunner::new(config).run(&cases, |(graph, backend, requests)| {
        let emitted = subject.emit(&graph, &backend);
        for request in &requests {
            let count = subject
                .check(&emitted, &graph, request)
                .map_err(|what| TestCaseError::fail(format!("{what} ({backend:?})")))?;
            let mut t = tally.borrow_mut();
            if evaluate(&graph, request).split.is_some() {
                t.split += 1;
            }
            t.record(count);
        }
        Ok(())
    });
    let t = tally.into_inner();
    eprintln!(
        "{} differential: {t:?}, {} compared, in {:?}",
        subject.name(),
        t.compared(),
        start.elapsed()
    );
    if let Err(e) = result {
        panic!("{e}");
    }
    let total = t.compared();
    assert!(
        total >= scenarios * REQUESTS_PER_SCENARIO / 2,
        "too few compared cases: {t:?}"
    );
    // The request strategy must hit both sides.
    assert!(t.allowed * 5 > total, "too few allowed cases: {t:?}");
    assert!(t.denied * 5 > total, "too few denied cases: {t:?}");
    t
}
