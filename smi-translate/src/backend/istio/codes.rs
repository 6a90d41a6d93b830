//! Stable diagnostic codes of the Istio backend.

/// A path regex that Istio's AuthorizationPolicy (exact/prefix/suffix only) cannot express.
pub const PATH_NOT_EXPRESSIBLE: &str = "istio-path-not-expressible";
/// A header regex that Istio's AuthorizationPolicy cannot express.
pub const HEADER_NOT_EXPRESSIBLE: &str = "istio-header-not-expressible";
/// Istio sidecars do not intercept UDP: UDP grants cannot be enforced.
pub const UDP_UNSUPPORTED: &str = "istio-udp-unsupported";
/// A destination workload whose selector would also select pods of another identity.
pub const SELECTOR_NOT_EXCLUSIVE: &str = "istio-selector-not-exclusive";
/// Without a mesh-wide default-deny, workloads no TrafficTarget names stay open in Istio.
pub const NO_DEFAULT_DENY: &str = "istio-no-default-deny";
/// A TCP split whose backends all have weight 0 cannot refuse connections in a VirtualService.
pub const TCP_REFUSAL_UNSUPPORTED: &str = "istio-tcp-refusal-unsupported";
/// A split on a UDP port: Istio does not route UDP.
pub const UDP_SPLIT_UNSUPPORTED: &str = "istio-udp-split-unsupported";
/// Weights too large for Istio's int32 were scaled down.
pub const WEIGHTS_SCALED: &str = "istio-weights-scaled";
/// A split on a TLS port: Istio routes TLS by SNI host, which a split cannot match exactly.
pub const TLS_SPLIT_UNSUPPORTED: &str = "istio-tls-split-unsupported";
