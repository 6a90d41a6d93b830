//! A property-testing kit for SMI and `smi-translate`.
//!
//! - [`mod@strategies`]: proptest strategies for every SMI kind and version, valid by construction
//!   or merely well-formed ([`strategies::Validity`]), plus [`strategies::arbitrary`] for
//!   often-invalid input.
//! - [`mod@scenario`]: [`Scenario::generate`]`(seed, size)`, a consistent mesh (namespaces,
//!   Services, Deployments, ServiceAccounts, TrafficTargets, HTTPRouteGroups, TCPRoutes,
//!   TrafficSplits) whose references mostly resolve and sometimes on purpose do not; as SMI
//!   objects + [`smi_translate::Inventory`], or as one multi-document YAML stream.
//! - [`mod@request`]: [`Request`], one request or connection from an identity to a Service port.
//! - [`mod@request_strategy`]: [`requests`]`(&graph)`, a request strategy built from a graph's
//!   grants, about half allowed.
//! - [`evaluate()`]: the reference evaluator — what the mesh graph means for one request,
//!   written from the SMI spec and `docs/semantics.md`, sharing no code with any backend.
//! - [`mod@interpret`]: interpreters of backend output ([`IstioInterpreter`],
//!   [`LinkerdInterpreter`], [`EnvoyInterpreter`], [`GammaInterpreter`]) behind the [`Interpreter`] trait.
//! - [`mod@manifests`]: [`manifests::Manifests`], hand-written manifests for tests, one call a
//!   document.
//! - [`mod@judge`]: every backend ([`Mesh`]) emitted, interpreted and judged request by request
//!   against the graph ([`Judged::verdict`]: exact, failed closed, not expressible, differs).
//! - [`mod@conformance`]: Meshery's SMI conformance suite replayed offline, every traffic step
//!   judged for every backend against the spec, the suite's own defects listed.
//! - [`mod@fidelity`]: per rule, per split and for deny by default, how each backend carries a
//!   graph (exact, failed closed, not expressible, differs), from diagnostics and requests.
//! - [`mod@changes`]: generated sequences of upserts and removals over a scenario, for the
//!   incremental compiler ([`smi_translate::incremental`]).
//! - [`mod@differential`]: the differential rule ([`differential::compare`]) and property
//!   ([`differential::run`]) checking an interpreter against the evaluator.
//!
//! ```
//! use smi_testkit::{Scenario, ScenarioSize, evaluate, Request};
//! use smi_translate::Options;
//! use smi_translate::graph::{Identity, ServiceId};
//!
//! let scenario = Scenario::generate(42, ScenarioSize::SMALL);
//! let graph = scenario.lower(&Options::default());
//! // Deny by default: no TrafficTarget names an identity from a namespace the scenario lacks.
//! let stranger = Identity::new("elsewhere", "stranger");
//! let request = Request::http(stranger, ServiceId::new("ns0", "app0"), 80);
//! let decision = evaluate(&graph, &request);
//! assert!(!decision.allowed);
//! ```
//!
//! # A property against the reference evaluator
//!
//! Istio, configured with what the Istio backend emits, never allows a request that SMI denies,
//! over a few generated scenarios × generated requests ([`differential::run`] is the complete
//! rule, routing included, over many more):
//!
//! ```
//! use proptest::collection::vec;
//! use proptest::prelude::*;
//! use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
//! use smi_testkit::{Interpreter, IstioInterpreter, ScenarioSize, evaluate, requests, scenario};
//! use smi_translate::Options;
//! use smi_translate::backend::istio::Istio;
//! use std::cell::Cell;
//!
//! let options = Options::default().emit_default_deny(true);
//! let cases = scenario(ScenarioSize::SMALL).prop_flat_map(move |scenario| {
//!     let graph = scenario.lower(&options);
//!     (Just(graph.clone()), vec(requests(&graph), 24))
//! });
//! let config = Config { cases: 8, failure_persistence: None, ..Config::default() };
//! let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
//! let mut runner = TestRunner::new_with_rng(config, rng);
//! let (allowed, denied) = (Cell::new(0), Cell::new(0));
//!
//! runner
//!     .run(&cases, |(graph, requests)| {
//!         let (istio, _diagnostics) = IstioInterpreter::emit(&graph, &Istio::default());
//!         for request in &requests {
//!             let smi_allows = evaluate(&graph, request).allowed;
//!             let counter = if smi_allows { &allowed } else { &denied };
//!             counter.set(counter.get() + 1);
//!             prop_assert!(
//!                 smi_allows || !istio.decide(request).allowed,
//!                 "Istio allows what SMI denies: {request}"
//!             );
//!         }
//!         Ok(())
//!     })
//!     .unwrap_or_else(|failure| panic!("{failure}"));
//! // The requests exercise both sides of the rule.
//! let (allowed, denied) = (allowed.get(), denied.get());
//! assert!(allowed > 0 && denied > 0, "{allowed} allowed, {denied} denied");
//! ```
#![forbid(unsafe_code)]
// The feature badges of gated items, on docs.rs (nightly) only.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod changes;
pub mod conformance;
pub mod differential;
pub mod evaluate;
pub mod fidelity;
pub mod interpret;
pub mod judge;
pub mod manifests;
pub mod request;
pub mod request_strategy;
pub mod rng;
pub mod scenario;
pub mod strategies;

pub use evaluate::{Decision, Explanation, Grantor, Routing, evaluate, explain};
pub use interpret::{
    EnvoyInterpreter, GammaInterpreter, Interpreter, IstioInterpreter, LinkerdInterpreter,
};
pub use judge::{Judged, Mesh, Verdict};
pub use request::{Protocol, Request};
pub use request_strategy::requests;
pub use scenario::{Scenario, ScenarioSize, scenario};
