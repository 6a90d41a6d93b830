//! Stable diagnostic codes of lowering.

/// An object could not be converted to its hub version.
pub const NOT_CONVERTIBLE: &str = "not-convertible";
/// Converting to the hub lost a field.
pub const CONVERSION_LOSS: &str = "conversion-loss";
/// Two different objects share kind, namespace and name.
pub const DUPLICATE_OBJECT: &str = "duplicate-object";
/// A subject without a namespace was read as the TrafficTarget's namespace.
pub const IMPLICIT_NAMESPACE: &str = "implicit-namespace";
/// A TrafficTarget protects an identity in another namespace; it grants nothing.
pub const CROSS_NAMESPACE_DESTINATION: &str = "cross-namespace-destination";
/// A TrafficTarget without sources or rules grants nothing.
pub const GRANTS_NOTHING: &str = "grants-nothing";
/// A rule names an HTTPRouteGroup, TCPRoute or UDPRoute that does not exist.
pub const UNRESOLVED_ROUTE: &str = "unresolved-route";
/// A rule names a match that its HTTPRouteGroup does not have.
pub const UNRESOLVED_MATCH: &str = "unresolved-match";
/// A path or header regex is not valid RE2; the match is dropped.
pub const INVALID_REGEX: &str = "invalid-regex";
/// A header name is not a valid HTTP token; the match is dropped.
pub const INVALID_HEADER_NAME: &str = "invalid-header-name";
/// A port outside 1–65535; the rule is dropped.
pub const INVALID_PORT: &str = "invalid-port";
/// TCP rules in a TrafficTarget that also has HTTP rules select ports for the HTTP rules.
pub const TCP_RULE_SELECTS_PORTS: &str = "tcp-rule-selects-ports";
/// The destination identity runs no workload in the inventory.
pub const NO_DESTINATION_WORKLOADS: &str = "no-destination-workloads";
/// A TrafficSplit's root Service is not in the inventory.
pub const UNRESOLVED_ROOT: &str = "unresolved-root-service";
/// A TrafficSplit backend Service is not in the inventory.
pub const UNRESOLVED_BACKEND: &str = "unresolved-backend";
/// A backend lacks one of the root's ports and is left out for it.
pub const BACKEND_MISSING_PORT: &str = "backend-missing-port";
/// The root is listed as its own backend.
pub const ROOT_IS_BACKEND: &str = "root-is-backend";
/// A backend is itself the root of another split; splits are not nested.
pub const NESTED_SPLIT: &str = "nested-split";
/// Every backend of a port has weight 0: requests to it are refused.
pub const ALL_WEIGHTS_ZERO: &str = "all-weights-zero";
/// Several TrafficSplits name one root; the first by namespace/name wins.
pub const CONFLICTING_SPLITS: &str = "conflicting-splits";
/// A TrafficSplit match reference that is not an HTTPRouteGroup, or is missing.
pub const UNRESOLVED_SPLIT_MATCH: &str = "unresolved-split-match";
/// A conditional split on a port that does not carry HTTP: that port is not split.
pub const CONDITION_ON_NON_HTTP_PORT: &str = "condition-on-non-http-port";
/// A split with no port left to split.
pub const SPLIT_HAS_NO_PORTS: &str = "split-has-no-ports";
/// A Service port or workload that cannot be used (bad port number, missing selector).
pub const INVENTORY_PROBLEM: &str = "inventory-problem";
