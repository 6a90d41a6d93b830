//! Gateway API routes, one home for every backend that emits them: Linkerd (splits, and its
//! policy HTTPRoute, which has the same match shape) and GAMMA.
//!
//! * [`generated`]: the route types, generated from the v1.6.1 standard-channel CRDs;
//! * `matches`: graph matches rendered once into one match model, converted into each route type;
//! * `paths`: when a path or header regex is provably an `Exact` or `PathPrefix` value;
//! * `regex`: regexes rewritten so that the engines that read them agree with the graph;
//! * `routes`: Service parents, weighted backends (scaled into range) and route builders.

pub use smi_target_types::gateway_api as generated;
pub(crate) mod matches;
pub(crate) mod paths;
pub(crate) mod regex;
pub(crate) mod routes;

/// Longest path value a route match takes.
pub(crate) const MAX_PATH: usize = 1024;
/// Longest header value a route match takes.
pub(crate) const MAX_HEADER: usize = 4096;
/// Most header conditions in one route match.
pub(crate) const MAX_HEADERS: usize = 16;
/// Most rules in a route.
pub(crate) const MAX_RULES: usize = 16;
/// Most matches in a rule.
pub(crate) const MAX_MATCHES_PER_RULE: usize = 64;
/// Most matches over all rules of a route (an HTTPRoute rule without matches counts one: the CRD
/// default `PathPrefix /` is applied before the rule is checked; a GRPCRoute rule counts none).
pub(crate) const MAX_MATCHES: usize = 128;
/// Most backends in a rule.
pub(crate) const MAX_BACKENDS: usize = 16;
/// Largest weight.
pub(crate) const MAX_WEIGHT: u64 = 1_000_000;
