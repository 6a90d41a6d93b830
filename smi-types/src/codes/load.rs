//! Stable codes of load problems.

crate::diagnostic_codes! {
    /// The input is not UTF-8 text (reported by the caller that reads the bytes: loading takes
    /// text).
    NOT_UTF8 = "not-utf8";
    /// The YAML is not well-formed.
    YAML_SYNTAX = "yaml-syntax";
    /// The JSON is not well-formed.
    JSON_SYNTAX = "json-syntax";
    /// A document is not a mapping.
    NOT_AN_OBJECT = "not-an-object";
    /// A document has no `kind`.
    MISSING_KIND = "missing-kind";
    /// An SMI kind without `apiVersion`.
    MISSING_API_VERSION = "missing-api-version";
    /// An SMI kind whose `apiVersion` has no group (`v1alpha1` instead of
    /// `specs.smi-spec.io/v1alpha1`).
    MISSING_API_GROUP = "missing-api-group";
    /// An SMI group with a version or kind this build does not support.
    UNSUPPORTED_VERSION = "unsupported-version";
    /// A field has the wrong type or value for its version.
    INVALID_FIELD = "invalid-field";
    /// A field the generated CRD does not declare: an API server drops it silently.
    PRUNED_FIELD = "pruned-field";
    /// A document over a budget that bounds the work it may cause (alias expansion, nesting
    /// depth); the message names the budget and its limit.
    OVER_BUDGET = "over-budget";
    /// A field the schema does not declare inside a route match, a TrafficTarget rule or a
    /// TrafficSplit's spec: ignoring it could widen access or routing, so the object is not read.
    UNKNOWN_CONDITION_FIELD = "unknown-condition-field";
    /// Read here (this crate is lenient where upstream disagreed), but rejected by an API server
    /// that runs the generated CRDs, e.g. `headers` in the list form.
    REJECTED_BY_CRD = "rejected-by-crd";
    /// An object's namespace differs from the one the input is read for (`--namespace`), which
    /// `kubectl apply -n` refuses too; the document is not read.
    NAMESPACE_MISMATCH = "namespace-mismatch";
    /// A value that has no JSON form (`.inf`, `.nan`), or a tag that cannot be read as what it
    /// says, which kubectl refuses too; the document is not read.
    UNREPRESENTABLE_VALUE = "unrepresentable-value";
    /// A mapping sets one key twice, in YAML or JSON: `kubectl apply` (strict field validation,
    /// its default) refuses the object, so the document is not read.
    DUPLICATE_KEY = "duplicate-key";
    /// An input holds more documents than the limit (`--max-documents`); none of its objects
    /// are read.
    TOO_MANY_DOCUMENTS = "too-many-documents";
    /// More diagnostics than the limit (`--max-diagnostics`): the rest are counted, not shown.
    DIAGNOSTICS_OMITTED = "diagnostics-omitted";
}
