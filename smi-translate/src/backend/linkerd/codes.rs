//! Stable diagnostic codes of the Linkerd backend.

/// A destination workload whose pod labels would also select pods of another identity (or are
/// empty): no Server is emitted for it.
pub const SELECTOR_NOT_EXCLUSIVE: &str = "linkerd-selector-not-exclusive";
/// Linkerd does not mesh UDP: UDP grants and UDP split ports cannot be expressed.
pub const UDP_UNSUPPORTED: &str = "linkerd-udp-unsupported";
/// An HTTP grant on a port whose Service declares an opaque protocol (TCP, TLS): Linkerd cannot
/// see the requests there, so the grant gives nothing.
pub const HTTP_GRANT_ON_OPAQUE_PORT: &str = "linkerd-http-grant-on-opaque-port";
/// Services give one pod port different protocols; its Server uses protocol detection.
pub const PROTOCOL_CONFLICT: &str = "linkerd-protocol-conflict";
/// A match Linkerd cannot take: a regex its engine (the Rust `regex` crate) rejects, a value over
/// the CRD length limit, more than 16 headers. The match grants nothing (authorization) or is not
/// split (routing).
pub const MATCH_NOT_EXPRESSIBLE: &str = "linkerd-match-not-expressible";
/// Two routes of one Server authorize different clients and may match the same request: Linkerd
/// authorizes a request by the one route it picks, so the other route's clients are refused there.
pub const OVERLAPPING_ROUTES: &str = "linkerd-overlapping-routes";
/// Linkerd has no object for a mesh-wide default deny: ports no Server selects follow the
/// cluster's default inbound policy.
pub const DEFAULT_INBOUND_POLICY: &str = "linkerd-default-inbound-policy";
/// Every backend of a split port has weight 0: the emitted route keeps only zero weights, and
/// Gateway API leaves the outcome (an error response) to the implementation.
pub const ZERO_WEIGHTS: &str = "linkerd-zero-weights";
/// A split with more matches than one Gateway API HTTPRoute takes (127 + the catch-all).
pub const TOO_MANY_MATCHES: &str = "linkerd-too-many-matches";
/// More backends than a route rule takes (16).
pub const TOO_MANY_BACKENDS: &str = "linkerd-too-many-backends";
/// Weights above Gateway API's maximum (1,000,000) were scaled down.
pub const WEIGHTS_SCALED: &str = "linkerd-weights-scaled";
/// ServiceProfile mode: something a ServiceProfile cannot express (a conditional split, a TCP
/// port, different backends per port, all weights 0); no ServiceProfile for it.
pub const SERVICE_PROFILE_LIMIT: &str = "linkerd-service-profile-limit";
/// A split root port without a declared protocol is split per connection (TCPRoute).
pub const SPLIT_PROTOCOL_UNKNOWN: &str = "linkerd-split-protocol-unknown";
