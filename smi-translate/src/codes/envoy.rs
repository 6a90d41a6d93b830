//! Stable diagnostic codes of the Envoy backend.

smi_types::diagnostic_codes! {
    /// UDP grants cannot be enforced: this backend emits no UDP listeners (Envoy's UDP proxy has no
    /// RBAC), so UDP stays closed.
    UDP_UNSUPPORTED = "envoy-udp-unsupported";
    /// An HTTP grant on a pod port that does not carry HTTP: the proxy cannot see requests there, so
    /// the grant gives nothing on that port.
    HTTP_GRANT_ON_OPAQUE_PORT = "envoy-http-grant-on-opaque-port";
    /// Services selecting one workload disagree on whether a pod port is HTTP; it is treated as
    /// opaque TCP.
    PORT_PROTOCOL_CONFLICT = "envoy-port-protocol-conflict";
    /// Several callable Services share an outbound port number and not all are HTTP: without Service
    /// IPs in the graph they cannot be told apart, so that port passes connections through to their
    /// original destination, unsplit.
    OUTBOUND_PORT_SHARED = "envoy-outbound-port-shared";
    /// A split on a UDP port: this backend does not proxy UDP.
    UDP_SPLIT_UNSUPPORTED = "envoy-udp-split-unsupported";
    /// Split weights whose sum exceeds Envoy's limit (2^32 - 1) were scaled down.
    WEIGHTS_SCALED = "envoy-weights-scaled";
    /// A match whose regex compiles to an RE2 program over Envoy's limit (100 by default), which
    /// would make Envoy refuse the whole configuration: the match is left out, so it grants or
    /// routes nothing.
    REGEX_TOO_LARGE = "envoy-regex-too-large";
    /// No Service selects a destination workload and its pods declare no container port: a
    /// TrafficTarget's grants have no inbound port to be carried on.
    NO_DESTINATION_PORTS = "envoy-no-destination-ports";
}
