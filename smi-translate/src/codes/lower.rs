//! Stable diagnostic codes of lowering.
//!
//! Where lowering meets a problem validation or conversion already names, it reports that code
//! (one code, one meaning, whoever finds it): those are reused, not declared again. Lowering
//! then fails closed for what the problem touches (a dropped match, rule or backend), which the
//! message says.

pub use smi_types::convert::codes::CONVERSION_LOSS;
pub use smi_types::validate::codes::{
    ALL_WEIGHTS_ZERO, DUPLICATE_OBJECT, IMPLICIT_NAMESPACE, INVALID_HEADER_NAME, INVALID_NAME,
    INVALID_REGEX, ROOT_IN_OTHER_NAMESPACE, ROOT_IS_BACKEND, UNKNOWN_MATCH,
};

smi_types::diagnostic_codes! {
    reused: [
        CONVERSION_LOSS,
        DUPLICATE_OBJECT,
        IMPLICIT_NAMESPACE,
        INVALID_REGEX,
        INVALID_HEADER_NAME,
        ROOT_IS_BACKEND,
        ALL_WEIGHTS_ZERO,
        INVALID_NAME,
        ROOT_IN_OTHER_NAMESPACE,
        UNKNOWN_MATCH,
    ];
    /// An SMI kind this translator does not translate; the object is ignored.
    KIND_NOT_LOWERED = "kind-not-lowered";
    /// An object could not be converted to its hub version.
    NOT_CONVERTIBLE = "not-convertible";
    /// A TrafficTarget protects an identity in another namespace; it grants nothing.
    CROSS_NAMESPACE_DESTINATION = "cross-namespace-destination";
    /// A TrafficTarget without sources or rules grants nothing.
    GRANTS_NOTHING = "grants-nothing";
    /// A rule names an HTTPRouteGroup, TCPRoute or UDPRoute that does not exist.
    UNRESOLVED_ROUTE = "unresolved-route";
    /// A port outside 1–65535; the rule is dropped.
    INVALID_PORT = "invalid-port";
    /// TCP rules in a TrafficTarget that also has HTTP rules select ports for the HTTP rules.
    TCP_RULE_SELECTS_PORTS = "tcp-rule-selects-ports";
    /// The destination identity runs no workload in the inventory.
    NO_DESTINATION_WORKLOADS = "no-destination-workloads";
    /// A TrafficSplit's root Service is not in the inventory.
    UNRESOLVED_ROOT = "unresolved-root-service";
    /// A TrafficSplit backend Service is not in the inventory.
    UNRESOLVED_BACKEND = "unresolved-backend";
    /// A backend lacks one of the root's ports and is left out for it.
    BACKEND_MISSING_PORT = "backend-missing-port";
    /// A backend is itself the root of another split; splits are not nested.
    NESTED_SPLIT = "nested-split";
    /// Several TrafficSplits name one root; the first by namespace/name wins.
    CONFLICTING_SPLITS = "conflicting-splits";
    /// A TrafficSplit match reference that is not an HTTPRouteGroup, or is missing.
    UNRESOLVED_SPLIT_MATCH = "unresolved-split-match";
    /// A conditional split on a port that does not carry HTTP: that port is not split.
    CONDITION_ON_NON_HTTP_PORT = "condition-on-non-http-port";
    /// A split with no port left to split.
    SPLIT_HAS_NO_PORTS = "split-has-no-ports";
    /// A Service port or workload that cannot be used (bad port number, missing selector).
    INVENTORY_PROBLEM = "inventory-problem";
}
