//! Stable diagnostic codes of the Istio backend.

smi_types::diagnostic_codes! {
    /// A path regex that Istio's AuthorizationPolicy (exact/prefix/suffix only) cannot express.
    PATH_NOT_EXPRESSIBLE = "istio-path-not-expressible";
    /// A header regex that Istio's AuthorizationPolicy cannot express.
    HEADER_NOT_EXPRESSIBLE = "istio-header-not-expressible";
    /// Istio sidecars do not intercept UDP: UDP grants cannot be enforced.
    UDP_UNSUPPORTED = "istio-udp-unsupported";
    /// A destination workload whose selector would also select pods of another identity.
    SELECTOR_NOT_EXCLUSIVE = "istio-selector-not-exclusive";
    /// Without a mesh-wide default-deny, workloads no TrafficTarget names stay open in Istio.
    NO_DEFAULT_DENY = "istio-no-default-deny";
    /// A TCP split whose backends all have weight 0 cannot refuse connections in a VirtualService.
    TCP_REFUSAL_UNSUPPORTED = "istio-tcp-refusal-unsupported";
    /// A split on a UDP port: Istio does not route UDP.
    UDP_SPLIT_UNSUPPORTED = "istio-udp-split-unsupported";
    /// Weights too large for Istio's int32 were scaled down.
    WEIGHTS_SCALED = "istio-weights-scaled";
    /// A split on a TLS port: Istio routes TLS by SNI host, which a split cannot match exactly.
    TLS_SPLIT_UNSUPPORTED = "istio-tls-split-unsupported";
    /// A split condition whose regex is longer than Istio's validation accepts or compiles to an
    /// RE2 program over its proxies' limit (1024 both): the condition is left out, so its
    /// requests go to the root Service, unsplit.
    REGEX_TOO_LARGE = "istio-regex-too-large";
}
