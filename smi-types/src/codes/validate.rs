//! The stable validation codes: one constant each, and the public table of them.

crate::diagnostic_codes! {
    /// metadata.name is absent and there is no generateName
    MISSING_NAME = "missing-name";
    /// a name or namespace is not a valid DNS-1123 subdomain or label
    INVALID_NAME = "invalid-name";
    /// a Service name starts with a digit; older Kubernetes versions reject it
    SERVICE_NAME_NOT_DNS1035 = "service-name-not-dns1035";
    /// a namespace is the empty string; it is read as absent
    EMPTY_NAMESPACE = "empty-namespace";
    /// a TrafficTarget subject has no namespace; read as the TrafficTarget's namespace
    IMPLICIT_NAMESPACE = "implicit-namespace";
    /// a port is outside 1-65535
    PORT_OUT_OF_RANGE = "port-out-of-range";
    /// a port is listed more than once
    DUPLICATE_PORT = "duplicate-port";
    /// a TrafficTarget source has a port, which means nothing
    SOURCE_PORT_IGNORED = "source-port-ignored";
    /// a TrafficTarget has no rules, so it allows nothing
    MISSING_RULES = "missing-rules";
    /// a TrafficTarget has no sources, so it allows nothing
    MISSING_SOURCES = "missing-sources";
    /// a TrafficTarget lists the same source more than once
    DUPLICATE_SOURCE = "duplicate-source";
    /// a TrafficTarget rule has `matches: []`, whose meaning the spec leaves open
    EMPTY_RULE_MATCHES = "empty-rule-matches";
    /// a TrafficTarget rule on a TCPRoute or UDPRoute has `matches`, which are undefined there
    MATCHES_ON_L4_RULE = "matches-on-l4-rule";
    /// an HTTPRouteGroup match or a rule's match reference has an empty name
    EMPTY_MATCH_NAME = "empty-match-name";
    /// two matches of one HTTPRouteGroup have the same name
    DUPLICATE_MATCH_NAME = "duplicate-match-name";
    /// an HTTPRouteGroup has no matches
    EMPTY_MATCHES = "empty-matches";
    /// a v1alpha1 HTTPRouteGroup match lacks pathRegex or methods, which that version requires
    INCOMPLETE_MATCH = "incomplete-match";
    /// `*` is listed together with other methods
    REDUNDANT_WILDCARD_METHOD = "redundant-wildcard-method";
    /// a method is listed more than once
    DUPLICATE_METHOD = "duplicate-method";
    /// two header names of one match differ only in case; HTTP header names are case-insensitive
    DUPLICATE_HEADER = "duplicate-header";
    /// a path or header regex is not valid RE2 syntax
    INVALID_REGEX = "invalid-regex";
    /// a header name is not a valid HTTP token
    INVALID_HEADER_NAME = "invalid-header-name";
    /// a TrafficSplit match references a kind other than HTTPRouteGroup
    SPLIT_MATCH_KIND = "split-match-kind";
    /// a TrafficSplit match has an apiGroup other than specs.smi-spec.io
    SPLIT_MATCH_API_GROUP = "split-match-api-group";
    /// a TrafficSplit has no backends
    EMPTY_BACKENDS = "empty-backends";
    /// a TrafficSplit lists the same backend Service more than once
    DUPLICATE_BACKEND = "duplicate-backend";
    /// a TrafficSplit lists its root Service as a backend
    ROOT_IS_BACKEND = "root-is-backend";
    /// a TrafficSplit's root names a namespace other than the split's own (splits are
    /// namespace-local)
    ROOT_IN_OTHER_NAMESPACE = "root-in-other-namespace";
    /// every backend weight of a TrafficSplit is zero
    ALL_WEIGHTS_ZERO = "all-weights-zero";
    /// a v1alpha1 TrafficSplit weight is negative
    NEGATIVE_WEIGHT = "negative-weight";
    /// a v1alpha1 TrafficSplit weight is finer than 1m and is rounded on conversion
    WEIGHT_PRECISION = "weight-precision";
    /// the TrafficSplit weights do not add up within a 32-bit unsigned integer
    WEIGHT_SUM_OVERFLOW = "weight-sum-overflow";
    /// an IdentityBinding sets both podLabelSelector and serviceAccount
    IDENTITY_BINDING_EXCLUSIVE = "identity-binding-exclusive";
    /// an IdentityBinding sets no identity scheme
    MISSING_SCHEMES = "missing-schemes";
    /// an IdentityBinding podLabelSelector has no matchLabels
    EMPTY_MATCH_LABELS = "empty-match-labels";
    /// an IdentityBinding has an empty spiffeIdentities list
    EMPTY_SPIFFE_IDENTITIES = "empty-spiffe-identities";
    /// an IdentityBinding SPIFFE identity is empty
    INVALID_SPIFFE_ID = "invalid-spiffe-id";
    /// two objects have the same kind, namespace and name
    DUPLICATE_OBJECT = "duplicate-object";
    /// a referenced SMI object is not in the validated set (it may exist elsewhere)
    UNRESOLVED_REFERENCE = "unresolved-reference";
    /// a TrafficTarget rule names a match its HTTPRouteGroup does not define
    UNKNOWN_MATCH = "unknown-match";
    /// a referenced object's version is not one the referring version works with
    INCOMPATIBLE_VERSION = "incompatible-version";
    /// a TrafficSplit references an HTTPRouteGroup without matches, so nothing is split
    EMPTY_ROUTE_GROUP = "empty-route-group";
    /// a backend is the root of another TrafficSplit; splits are not resolved recursively
    BACKEND_IS_SPLIT_ROOT = "backend-is-split-root";
}
