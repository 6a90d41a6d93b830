//! Stable diagnostic codes of the Gateway API (GAMMA) backend.

/// Gateway API has no authorization: a TrafficTarget is not carried by the routes (one
/// diagnostic per TrafficTarget; pair the routes with a mesh's policy objects with `authz`).
pub const NO_AUTHORIZATION: &str = "gamma-no-authorization";
/// A mesh-wide default deny was asked for, but Gateway API has no object for it (use `authz`).
pub const NO_DEFAULT_DENY: &str = "gamma-no-default-deny";
/// A split port that is not TCP (UDP, SCTP): GAMMA defines no mesh routing for it.
pub const PORT_NOT_ROUTABLE: &str = "gamma-port-not-routable";
/// A match no route match expresses exactly (a regex outside the portable subset, a value over
/// the CRD length limit, more than 16 header conditions): its requests are not split.
pub const MATCH_NOT_EXPRESSIBLE: &str = "gamma-match-not-expressible";
/// More backends than a route rule takes (16): the port is not split.
pub const TOO_MANY_BACKENDS: &str = "gamma-too-many-backends";
/// Weights above Gateway API's maximum (1,000,000) were scaled down.
pub const WEIGHTS_SCALED: &str = "gamma-weights-scaled";
/// A conditional split with more matches than one route takes: it is spread over several routes
/// with the same parent.
pub const ROUTES_SPREAD: &str = "gamma-routes-spread";
/// Every backend of a TCP port has weight 0: a TCPRoute cannot refuse connections (it needs a
/// backend), so the port is not split and connections keep reaching the root Service.
pub const TCP_REFUSAL_UNSUPPORTED: &str = "gamma-tcp-refusal-unsupported";
/// A split root port without a declared protocol is split per connection (TCPRoute).
pub const SPLIT_PROTOCOL_UNKNOWN: &str = "gamma-split-protocol-unknown";
