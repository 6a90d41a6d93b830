//! Comparing an [`Interpreter`] with the reference evaluator, with the one allowed asymmetry.
//!
//! - **Authorization**: the backend must never allow what the graph denies (zero tolerance). It
//!   may deny what the graph allows only when it said so: for every [`Grantor`] (TrafficTarget
//!   and endpoint admitting the request), an error diagnostic that it fails closed for exactly
//!   that endpoint or for every match that admits the request.
//! - **Routing**: the normalised distributions ([`Routing`]) must be equal, except where the
//!   backend warned with one of `tolerated_routing_codes` about the split in question.
//! - UDP requests are not compared (a backend may not intercept UDP at all); they are counted.

use crate::evaluate::{Grantor, Routing, explain};
use crate::interpret::Interpreter;
use crate::request::{Protocol, Request};
use smi_translate::MeshGraph;
use smi_translate::graph::Diagnostic;
use smi_types::CodeInfo;
use std::fmt;

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

fn show(r: &Routing) -> String {
    match r {
        Routing::Refused => "refuses".into(),
        Routing::Weighted(w) => {
            let parts: Vec<String> = w.iter().map(|(s, w)| format!("{s}={w}")).collect();
            format!("sends to [{}]", parts.join(", "))
        }
    }
}
