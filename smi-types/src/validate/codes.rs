//! The stable violation codes, one constant each, and the public table of them.

/// `metadata.name` is absent (and there is no `generateName`).
pub(super) const MISSING_NAME: &str = "missing-name";
/// A name or namespace is not a valid DNS-1123 name.
pub(super) const INVALID_NAME: &str = "invalid-name";
/// A Service name starts with a digit (not a DNS-1035 label).
pub(super) const SERVICE_NAME_NOT_DNS1035: &str = "service-name-not-dns1035";
/// A namespace is given as the empty string.
pub(super) const EMPTY_NAMESPACE: &str = "empty-namespace";
/// A subject has no namespace.
pub(super) const IMPLICIT_NAMESPACE: &str = "implicit-namespace";
/// A port is outside 1–65535.
pub(super) const PORT_OUT_OF_RANGE: &str = "port-out-of-range";
/// A port is listed twice.
pub(super) const DUPLICATE_PORT: &str = "duplicate-port";
/// A port on a TrafficTarget source.
pub(super) const SOURCE_PORT_IGNORED: &str = "source-port-ignored";
/// A TrafficTarget without rules.
pub(super) const MISSING_RULES: &str = "missing-rules";
/// A TrafficTarget without sources.
pub(super) const MISSING_SOURCES: &str = "missing-sources";
/// A source listed twice.
pub(super) const DUPLICATE_SOURCE: &str = "duplicate-source";
/// A rule with `matches: []`.
pub(super) const EMPTY_RULE_MATCHES: &str = "empty-rule-matches";
/// A rule on a TCPRoute/UDPRoute with `matches`.
pub(super) const MATCHES_ON_L4_RULE: &str = "matches-on-l4-rule";
/// A match name (in a group or a rule) is empty.
pub(super) const EMPTY_MATCH_NAME: &str = "empty-match-name";
/// Two matches of one HTTPRouteGroup share a name.
pub(super) const DUPLICATE_MATCH_NAME: &str = "duplicate-match-name";
/// An HTTPRouteGroup without matches.
pub(super) const EMPTY_MATCHES: &str = "empty-matches";
/// A v1alpha1 HTTP match without `pathRegex` or `methods`.
pub(super) const INCOMPLETE_MATCH: &str = "incomplete-match";
/// `*` listed with other methods.
pub(super) const REDUNDANT_WILDCARD_METHOD: &str = "redundant-wildcard-method";
/// A method listed twice.
pub(super) const DUPLICATE_METHOD: &str = "duplicate-method";
/// Two header names that differ only in case.
pub(super) const DUPLICATE_HEADER: &str = "duplicate-header";
/// A regex RE2 would not accept.
pub(super) const INVALID_REGEX: &str = "invalid-regex";
/// A header name that is not an HTTP token.
pub(super) const INVALID_HEADER_NAME: &str = "invalid-header-name";
/// A TrafficSplit match whose kind is not HTTPRouteGroup.
pub(super) const SPLIT_MATCH_KIND: &str = "split-match-kind";
/// A TrafficSplit match whose apiGroup is not specs.smi-spec.io.
pub(super) const SPLIT_MATCH_API_GROUP: &str = "split-match-api-group";
/// A TrafficSplit without backends.
pub(super) const EMPTY_BACKENDS: &str = "empty-backends";
/// A backend Service listed twice.
pub(super) const DUPLICATE_BACKEND: &str = "duplicate-backend";
/// The root Service listed as a backend.
pub(super) const ROOT_IS_BACKEND: &str = "root-is-backend";
/// Every weight is zero.
pub(super) const ALL_WEIGHTS_ZERO: &str = "all-weights-zero";
/// A negative v1alpha1 weight.
pub(super) const NEGATIVE_WEIGHT: &str = "negative-weight";
/// A v1alpha1 weight finer than a thousandth.
pub(super) const WEIGHT_PRECISION: &str = "weight-precision";
/// The weights do not add up within u32.
pub(super) const WEIGHT_SUM_OVERFLOW: &str = "weight-sum-overflow";
/// IdentityBinding with both podLabelSelector and serviceAccount.
pub(super) const IDENTITY_BINDING_EXCLUSIVE: &str = "identity-binding-exclusive";
/// IdentityBinding without any scheme.
pub(super) const MISSING_SCHEMES: &str = "missing-schemes";
/// IdentityBinding podLabelSelector with no labels.
pub(super) const EMPTY_MATCH_LABELS: &str = "empty-match-labels";
/// IdentityBinding spiffeIdentities present but empty.
pub(super) const EMPTY_SPIFFE_IDENTITIES: &str = "empty-spiffe-identities";
/// An empty SPIFFE identity.
pub(super) const INVALID_SPIFFE_ID: &str = "invalid-spiffe-id";
/// Two objects with the same kind, namespace and name.
pub(super) const DUPLICATE_OBJECT: &str = "duplicate-object";
/// A referenced SMI object is not in the set.
pub(super) const UNRESOLVED_REFERENCE: &str = "unresolved-reference";
/// A rule names a match the referenced HTTPRouteGroup does not have.
pub(super) const UNKNOWN_MATCH: &str = "unknown-match";
/// A referenced object is in a version the referrer is not declared to work with.
pub(super) const INCOMPATIBLE_VERSION: &str = "incompatible-version";
/// A TrafficSplit references an HTTPRouteGroup that has no matches.
pub(super) const EMPTY_ROUTE_GROUP: &str = "empty-route-group";
/// A backend that is the root of another TrafficSplit.
pub(super) const BACKEND_IS_SPLIT_ROOT: &str = "backend-is-split-root";

/// Every code [`validate`](super::validate) and [`validate_all`](super::validate_all) can
/// report, with a one-line description, in a stable order.
pub const CODES: &[(&str, &str)] = &[
    (
        MISSING_NAME,
        "metadata.name is absent and there is no generateName",
    ),
    (
        INVALID_NAME,
        "a name or namespace is not a valid DNS-1123 subdomain or label",
    ),
    (
        SERVICE_NAME_NOT_DNS1035,
        "a Service name starts with a digit; older Kubernetes versions reject it",
    ),
    (
        EMPTY_NAMESPACE,
        "a namespace is the empty string; it is read as absent",
    ),
    (
        IMPLICIT_NAMESPACE,
        "a TrafficTarget subject has no namespace; read as the TrafficTarget's namespace",
    ),
    (PORT_OUT_OF_RANGE, "a port is outside 1-65535"),
    (DUPLICATE_PORT, "a port is listed more than once"),
    (
        SOURCE_PORT_IGNORED,
        "a TrafficTarget source has a port, which means nothing",
    ),
    (
        MISSING_RULES,
        "a TrafficTarget has no rules, so it allows nothing",
    ),
    (
        MISSING_SOURCES,
        "a TrafficTarget has no sources, so it allows nothing",
    ),
    (
        DUPLICATE_SOURCE,
        "a TrafficTarget lists the same source more than once",
    ),
    (
        EMPTY_RULE_MATCHES,
        "a TrafficTarget rule has `matches: []`, whose meaning the spec leaves open",
    ),
    (
        MATCHES_ON_L4_RULE,
        "a TrafficTarget rule on a TCPRoute or UDPRoute has `matches`, which are undefined there",
    ),
    (
        EMPTY_MATCH_NAME,
        "an HTTPRouteGroup match or a rule's match reference has an empty name",
    ),
    (
        DUPLICATE_MATCH_NAME,
        "two matches of one HTTPRouteGroup have the same name",
    ),
    (EMPTY_MATCHES, "an HTTPRouteGroup has no matches"),
    (
        INCOMPLETE_MATCH,
        "a v1alpha1 HTTPRouteGroup match lacks pathRegex or methods, which that version requires",
    ),
    (
        REDUNDANT_WILDCARD_METHOD,
        "`*` is listed together with other methods",
    ),
    (DUPLICATE_METHOD, "a method is listed more than once"),
    (
        INVALID_REGEX,
        "a path or header regex is not valid RE2 syntax",
    ),
    (
        INVALID_HEADER_NAME,
        "a header name is not a valid HTTP token",
    ),
    (
        SPLIT_MATCH_KIND,
        "a TrafficSplit match references a kind other than HTTPRouteGroup",
    ),
    (
        SPLIT_MATCH_API_GROUP,
        "a TrafficSplit match has an apiGroup other than specs.smi-spec.io",
    ),
    (EMPTY_BACKENDS, "a TrafficSplit has no backends"),
    (
        DUPLICATE_BACKEND,
        "a TrafficSplit lists the same backend Service more than once",
    ),
    (
        ROOT_IS_BACKEND,
        "a TrafficSplit lists its root Service as a backend",
    ),
    (
        ALL_WEIGHTS_ZERO,
        "every backend weight of a TrafficSplit is zero",
    ),
    (
        NEGATIVE_WEIGHT,
        "a v1alpha1 TrafficSplit weight is negative",
    ),
    (
        WEIGHT_PRECISION,
        "a v1alpha1 TrafficSplit weight is finer than 1m and is rounded on conversion",
    ),
    (
        WEIGHT_SUM_OVERFLOW,
        "the TrafficSplit weights do not add up within a 32-bit unsigned integer",
    ),
    (
        IDENTITY_BINDING_EXCLUSIVE,
        "an IdentityBinding sets both podLabelSelector and serviceAccount",
    ),
    (
        MISSING_SCHEMES,
        "an IdentityBinding sets no identity scheme",
    ),
    (
        EMPTY_MATCH_LABELS,
        "an IdentityBinding podLabelSelector has no matchLabels",
    ),
    (
        EMPTY_SPIFFE_IDENTITIES,
        "an IdentityBinding has an empty spiffeIdentities list",
    ),
    (
        INVALID_SPIFFE_ID,
        "an IdentityBinding SPIFFE identity is empty",
    ),
    (
        DUPLICATE_OBJECT,
        "two objects have the same kind, namespace and name",
    ),
    (
        UNRESOLVED_REFERENCE,
        "a referenced SMI object is not in the validated set (it may exist elsewhere)",
    ),
    (
        UNKNOWN_MATCH,
        "a TrafficTarget rule names a match its HTTPRouteGroup does not define",
    ),
    (
        INCOMPATIBLE_VERSION,
        "a referenced object's version is not one the referring version works with",
    ),
    (
        EMPTY_ROUTE_GROUP,
        "a TrafficSplit references an HTTPRouteGroup without matches, so nothing is split",
    ),
    (
        BACKEND_IS_SPLIT_ROOT,
        "a backend is the root of another TrafficSplit; splits are not resolved recursively",
    ),
];
