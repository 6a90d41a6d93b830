//! Stable diagnostic codes of the Linkerd backend.

smi_types::diagnostic_codes! {
    /// A destination workload whose pod labels would also select pods of another identity (or are
    /// empty): no Server is emitted for it.
    SELECTOR_NOT_EXCLUSIVE = "linkerd-selector-not-exclusive";
    /// Linkerd does not mesh UDP: UDP grants and UDP split ports cannot be expressed.
    UDP_UNSUPPORTED = "linkerd-udp-unsupported";
    /// An HTTP grant on a port whose Service declares an opaque protocol (TCP, TLS): Linkerd cannot
    /// see the requests there, so the grant gives nothing.
    HTTP_GRANT_ON_OPAQUE_PORT = "linkerd-http-grant-on-opaque-port";
    /// Services give one pod port different protocols; its Server uses protocol detection.
    PROTOCOL_CONFLICT = "linkerd-protocol-conflict";
    /// A match Linkerd cannot take: a regex its engine (the Rust `regex` crate) rejects, a value over
    /// the CRD length limit, more than 16 headers. The match grants nothing (authorization) or is not
    /// split (routing).
    MATCH_NOT_EXPRESSIBLE = "linkerd-match-not-expressible";
    /// Two routes of one Server authorize different clients and may match the same request: Linkerd
    /// authorizes a request by the one route it picks, so the other route's clients are refused there.
    OVERLAPPING_ROUTES = "linkerd-overlapping-routes";
    /// Linkerd has no object for a mesh-wide default deny: ports no Server selects follow the
    /// cluster's default inbound policy.
    DEFAULT_INBOUND_POLICY = "linkerd-default-inbound-policy";
    /// Every backend of a split port has weight 0: the emitted route keeps only zero weights, and
    /// Gateway API leaves the outcome (an error response) to the implementation.
    ZERO_WEIGHTS = "linkerd-zero-weights";
    /// A split with more matches than one Gateway API HTTPRoute takes (127 + the catch-all).
    TOO_MANY_MATCHES = "linkerd-too-many-matches";
    /// More backends than a route rule takes (16).
    TOO_MANY_BACKENDS = "linkerd-too-many-backends";
    /// Weights above Gateway API's maximum (1,000,000) were scaled down.
    WEIGHTS_SCALED = "linkerd-weights-scaled";
    /// ServiceProfile mode: something a ServiceProfile cannot express (a conditional split, a TCP
    /// port, different backends per port, all weights 0); no ServiceProfile for it.
    SERVICE_PROFILE_LIMIT = "linkerd-service-profile-limit";
    /// A split root port without a declared protocol is split per connection (TCPRoute).
    SPLIT_PROTOCOL_UNKNOWN = "linkerd-split-protocol-unknown";
    /// No Service selects a destination workload and its pods declare no container port: a
    /// TrafficTarget's grants have no port to be carried on.
    NO_DESTINATION_PORTS = "linkerd-no-destination-ports";
}
