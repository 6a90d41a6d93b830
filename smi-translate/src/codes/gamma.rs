//! Stable diagnostic codes of the Gateway API (GAMMA) backend.

smi_types::diagnostic_codes! {
    /// Gateway API has no authorization: a TrafficTarget is not carried by the routes (one
    /// diagnostic per TrafficTarget; pair the routes with a mesh's policy objects with `authz`).
    NO_AUTHORIZATION = "gamma-no-authorization";
    /// A mesh-wide default deny was asked for, but Gateway API has no object for it (use `authz`).
    NO_DEFAULT_DENY = "gamma-no-default-deny";
    /// A split port that is not TCP (UDP, SCTP): GAMMA defines no mesh routing for it.
    PORT_NOT_ROUTABLE = "gamma-port-not-routable";
    /// A match no route match expresses exactly (a regex outside the portable subset, a value over
    /// the CRD length limit, more than 16 header conditions): its requests are not split.
    MATCH_NOT_EXPRESSIBLE = "gamma-match-not-expressible";
    /// More backends than a route rule takes (16): the port is not split.
    TOO_MANY_BACKENDS = "gamma-too-many-backends";
    /// Weights above Gateway API's maximum (1,000,000) were scaled down.
    WEIGHTS_SCALED = "gamma-weights-scaled";
    /// A conditional split with more matches than one route takes: it is spread over several routes
    /// with the same parent.
    ROUTES_SPREAD = "gamma-routes-spread";
    /// Every backend of a TCP port has weight 0: a TCPRoute cannot refuse connections (it needs a
    /// backend), so the port is not split and connections keep reaching the root Service.
    TCP_REFUSAL_UNSUPPORTED = "gamma-tcp-refusal-unsupported";
    /// A split root port without a declared protocol is split per connection (TCPRoute).
    SPLIT_PROTOCOL_UNKNOWN = "gamma-split-protocol-unknown";
}
