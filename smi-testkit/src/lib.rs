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
//!   [`LinkerdInterpreter`], [`EnvoyInterpreter`]) behind the [`Interpreter`] trait.
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
#![forbid(unsafe_code)]
// The feature badges of gated items, on docs.rs (nightly) only.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

pub mod differential;
pub mod evaluate;
pub mod interpret;
pub mod request;
pub mod request_strategy;
pub mod rng;
pub mod scenario;
pub mod strategies;

pub use evaluate::{Decision, Explanation, Grantor, Routing, evaluate, explain};
pub use interpret::{EnvoyInterpreter, Interpreter, IstioInterpreter, LinkerdInterpreter};
pub use request::{Protocol, Request};
pub use request_strategy::requests;
pub use scenario::{Scenario, ScenarioSize, scenario};
