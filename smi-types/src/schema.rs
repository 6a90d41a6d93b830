//! A small checker for Kubernetes structural OpenAPI v3 schemas ([`JSONSchemaProps`]).
//!
//! - [`validate`]: what an API server's schema validation would say about a value.
//! - [`pruned_fields`]: which fields its pruning would silently drop.
//! - [`lint_structural`]: what would make it reject the schema itself.
//!
//! This is not a full OpenAPI validator. Supported keywords: `type` (object, array, string,
//! integer, number, boolean), `nullable`, `properties`, `required`, `additionalProperties`
//! (boolean or schema), `items`, `enum`, `minimum`/`maximum` (with `exclusiveMinimum`/
//! `exclusiveMaximum`), `multipleOf`, `minItems`/`maxItems`, `minLength`/`maxLength`,
//! `minProperties`/`maxProperties`, `allOf`/`anyOf`/`oneOf`/`not`,
//! `x-kubernetes-int-or-string` and `x-kubernetes-preserve-unknown-fields`.
//!
//! `pattern` is checked only when it is [`crate::quantity::QUANTITY_PATTERN`] (by parsing the string as a
//! [`crate::Quantity`], which also refuses quantities with more than 18 digits); any other
//! pattern is ignored, because this crate has no regular-expression engine. `format`,
//! `x-kubernetes-validations` (CEL) and list/map types are not checked either.
//!
//! Paths look like `spec.backends[1].weight`; the root is `<root>` in messages about the whole
//! value.

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    JSONSchemaProps, JSONSchemaPropsOrArray, JSONSchemaPropsOrBool,
};
use serde_json::Value;
use std::fmt;

/// One reason a value does not match a schema.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaError {
    /// Where: `spec.backends[1].weight` (empty for the root).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "<root>"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// Top-level fields that every object carries and that CRD schemas do not describe in full.
const ROOT_FIELDS: [&str; 3] = ["apiVersion", "kind", "metadata"];

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

fn is_true(b: Option<bool>) -> bool {
    b == Some(true)
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks `value` against `schema` the way an API server validates a custom resource.
///
/// Unknown fields are not errors (the API server prunes them, see [`pruned_fields`]), except
/// under `additionalProperties: false`. A `null` for a non-nullable property is pruned too, so
/// it counts as absent. At the root, `apiVersion`, `kind` and `metadata` are not checked.
pub fn validate(schema: &JSONSchemaProps, value: &Value) -> Vec<SchemaError> {
    let mut errors = Vec::new();
    check(schema, value, "", true, &mut errors);
    errors
}

fn err(errors: &mut Vec<SchemaError>, path: &str, message: impl Into<String>) {
    errors.push(SchemaError {
        path: path.to_owned(),
        message: message.into(),
    });
}

fn check(
    s: &JSONSchemaProps,
    value: &Value,
    path: &str,
    root: bool,
    errors: &mut Vec<SchemaError>,
) {
    if value.is_null() {
        if !is_true(s.nullable) {
            err(errors, path, "must not be null");
        }
        return;
    }
    let int_or_string = is_true(s.x_kubernetes_int_or_string);
    if int_or_string {
        if !matches!(type_name(value), "integer" | "string") {
            err(
                errors,
                path,
                format!("must be an integer or a string, got {}", type_name(value)),
            );
            return;
        }
    } else if let Some(ty) = s.type_.as_deref() {
        let actual = type_name(value);
        let ok = match ty {
            "number" => matches!(actual, "number" | "integer"),
            other => other == actual,
        };
        if !ok {
            err(errors, path, format!("must be of type {ty}, got {actual}"));
            return;
        }
    }

    if let Some(values) = &s.enum_
        && !values.iter().any(|e| &e.0 == value)
    {
        let allowed: Vec<String> = values.iter().map(|e| e.0.to_string()).collect();
        err(
            errors,
            path,
            format!("must be one of [{}], got {value}", allowed.join(", ")),
        );
    }

    match value {
        Value::Number(n) => check_number(s, n.as_f64().unwrap_or(f64::NAN), path, errors),
        Value::String(text) => check_string(s, text, path, errors),
        Value::Array(items) => check_array(s, items, path, errors),
        Value::Object(map) => check_object(s, map, path, root, errors),
        Value::Bool(_) | Value::Null => {}
    }

    for sub in s.all_of.iter().flatten() {
        check(sub, value, path, root, errors);
    }
    if let Some(any_of) = &s.any_of
        && !any_of.is_empty()
        && !any_of.iter().any(|sub| passes(sub, value, path, root))
    {
        err(errors, path, "must match at least one schema in anyOf");
    }
    if let Some(one_of) = &s.one_of {
        let n = one_of
            .iter()
            .filter(|sub| passes(sub, value, path, root))
            .count();
        if n != 1 {
            err(
                errors,
                path,
                format!("must match exactly one schema in oneOf, matches {n}"),
            );
        }
    }
    if let Some(not) = &s.not
        && passes(not, value, path, root)
    {
        err(errors, path, "must not match the schema in not");
    }
}

fn passes(s: &JSONSchemaProps, value: &Value, path: &str, root: bool) -> bool {
    let mut errors = Vec::new();
    check(s, value, path, root, &mut errors);
    errors.is_empty()
}

fn check_number(s: &JSONSchemaProps, n: f64, path: &str, errors: &mut Vec<SchemaError>) {
    if let Some(min) = s.minimum {
        if is_true(s.exclusive_minimum) && n <= min {
            err(errors, path, format!("must be greater than {min}"));
        } else if n < min {
            err(
                errors,
                path,
                format!("must be greater than or equal to {min}"),
            );
        }
    }
    if let Some(max) = s.maximum {
        if is_true(s.exclusive_maximum) && n >= max {
            err(errors, path, format!("must be less than {max}"));
        } else if n > max {
            err(errors, path, format!("must be less than or equal to {max}"));
        }
    }
    if let Some(m) = s.multiple_of
        && m > 0.0
        && (n / m).fract() != 0.0
    {
        err(errors, path, format!("must be a multiple of {m}"));
    }
}

fn check_string(s: &JSONSchemaProps, text: &str, path: &str, errors: &mut Vec<SchemaError>) {
    let len = text.chars().count() as i64;
    if let Some(min) = s.min_length
        && len < min
    {
        err(
            errors,
            path,
            format!("must be at least {min} characters long"),
        );
    }
    if let Some(max) = s.max_length
        && len > max
    {
        err(
            errors,
            path,
            format!("must be at most {max} characters long"),
        );
    }
    if s.pattern.as_deref() == Some(crate::quantity::QUANTITY_PATTERN)
        && text.parse::<crate::Quantity>().is_err()
    {
        err(
            errors,
            path,
            format!("`{text}` does not match the quantity pattern"),
        );
    }
}

fn check_array(s: &JSONSchemaProps, items: &[Value], path: &str, errors: &mut Vec<SchemaError>) {
    let len = items.len() as i64;
    if let Some(min) = s.min_items
        && len < min
    {
        err(errors, path, format!("must have at least {min} items"));
    }
    if let Some(max) = s.max_items
        && len > max
    {
        err(errors, path, format!("must have at most {max} items"));
    }
    match &s.items {
        Some(JSONSchemaPropsOrArray::Schema(item)) => {
            for (i, v) in items.iter().enumerate() {
                check(item, v, &index(path, i), false, errors);
            }
        }
        Some(JSONSchemaPropsOrArray::Schemas(schemas)) => {
            for (i, (v, item)) in items.iter().zip(schemas).enumerate() {
                check(item, v, &index(path, i), false, errors);
            }
        }
        None => {}
    }
}

fn check_object(
    s: &JSONSchemaProps,
    map: &serde_json::Map<String, Value>,
    path: &str,
    root: bool,
    errors: &mut Vec<SchemaError>,
) {
    let len = map.len() as i64;
    if let Some(min) = s.min_properties
        && len < min
    {
        err(errors, path, format!("must have at least {min} properties"));
    }
    if let Some(max) = s.max_properties
        && len > max
    {
        err(errors, path, format!("must have at most {max} properties"));
    }
    let properties = s.properties.as_ref();
    for name in s.required.iter().flatten() {
        let present = match map.get(name) {
            None => false,
            // A null for a non-nullable property is pruned before validation.
            Some(Value::Null) => properties
                .and_then(|p| p.get(name))
                .is_some_and(|p| is_true(p.nullable)),
            Some(_) => true,
        };
        if !present {
            err(errors, &join(path, name), "required field is missing");
        }
    }
    for (key, v) in map {
        if root && ROOT_FIELDS.contains(&key.as_str()) {
            continue;
        }
        let child = join(path, key);
        if let Some(p) = properties.and_then(|p| p.get(key)) {
            if v.is_null() && !is_true(p.nullable) {
                continue; // pruned
            }
            check(p, v, &child, false, errors);
            continue;
        }
        match &s.additional_properties {
            Some(JSONSchemaPropsOrBool::Schema(p)) => check(p, v, &child, false, errors),
            Some(JSONSchemaPropsOrBool::Bool(false)) => err(
                errors,
                &child,
                "unknown field (additionalProperties: false)",
            ),
            Some(JSONSchemaPropsOrBool::Bool(true)) | None => {}
        }
    }
}

/// Paths of the fields an API server would drop when storing `value` under `schema`.
///
/// A field is pruned when its object schema neither lists it in `properties` nor has
/// `additionalProperties` nor `x-kubernetes-preserve-unknown-fields: true`, and when it is `null`
/// but its schema is not `nullable`. At the root, `apiVersion`, `kind` and `metadata` are
/// skipped (the API server handles them itself).
pub fn pruned_fields(schema: &JSONSchemaProps, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    prune(
        schema,
        value,
        &mut String::new(),
        true,
        Pruned::UnknownOrNull,
        &mut out,
    );
    out
}

/// Paths of the fields of `value` that `schema` does not declare: the [`pruned_fields`] that
/// are unknown names, not `null`s.
pub fn unknown_fields(schema: &JSONSchemaProps, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    prune(
        schema,
        value,
        &mut String::new(),
        true,
        Pruned::Unknown,
        &mut out,
    );
    out
}

/// Which pruned fields to report.
#[derive(Clone, Copy, PartialEq)]
enum Pruned {
    /// Unknown names and `null`s a schema does not allow.
    UnknownOrNull,
    /// Unknown names only.
    Unknown,
}

/// Appends the paths of what `value` loses to `out`. `path` is the path of `value`, a buffer
/// the walk extends and restores, so that only reported paths are allocated.
fn prune(
    s: &JSONSchemaProps,
    value: &Value,
    path: &mut String,
    root: bool,
    which: Pruned,
    out: &mut Vec<String>,
) {
    let parent_len = path.len();
    match value {
        Value::Object(map) => {
            let preserve = is_true(s.x_kubernetes_preserve_unknown_fields);
            for (key, v) in map {
                if root && ROOT_FIELDS.contains(&key.as_str()) {
                    continue;
                }
                if parent_len > 0 {
                    path.push('.');
                }
                path.push_str(key);
                let sub = match s.properties.as_ref().and_then(|p| p.get(key)) {
                    Some(p) => Some(p),
                    None => match &s.additional_properties {
                        Some(JSONSchemaPropsOrBool::Schema(p)) => Some(&**p),
                        _ => None,
                    },
                };
                match sub {
                    Some(p) if v.is_null() && !is_true(p.nullable) => {
                        if which == Pruned::UnknownOrNull {
                            out.push(path.clone())
                        }
                    }
                    Some(p) => prune(p, v, path, false, which, out),
                    None if preserve
                        || matches!(
                            s.additional_properties,
                            Some(JSONSchemaPropsOrBool::Bool(true))
                        ) => {}
                    None => out.push(path.clone()),
                }
                path.truncate(parent_len);
            }
        }
        Value::Array(items) => {
            if let Some(JSONSchemaPropsOrArray::Schema(item)) = &s.items {
                for (i, v) in items.iter().enumerate() {
                    use std::fmt::Write as _;
                    let _ = write!(path, "[{i}]");
                    prune(item, v, path, false, which, out);
                    path.truncate(parent_len);
                }
            }
        }
        _ => {}
    }
}

/// The `format` values the Kubernetes apiextensions validation knows.
pub const KUBERNETES_FORMATS: &[&str] = &[
    "bsonobjectid",
    "uri",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "cidr",
    "mac",
    "uuid",
    "uuid3",
    "uuid4",
    "uuid5",
    "isbn",
    "isbn10",
    "isbn13",
    "creditcard",
    "ssn",
    "hexcolor",
    "rgbcolor",
    "byte",
    "password",
    "date",
    "duration",
    "datetime",
    "date-time",
    "int32",
    "int64",
    "float",
    "double",
];

const TYPES: [&str; 6] = ["object", "array", "string", "integer", "number", "boolean"];

/// Problems that make a schema non-structural or otherwise unacceptable to an API server, as
/// `path: message` strings (empty when the schema is fine).
///
/// Checked: every node has a valid `type` (or `x-kubernetes-int-or-string` /
/// `x-kubernetes-preserve-unknown-fields`); `allOf`/`anyOf`/`oneOf`/`not` only beside one of
/// those, and their branches carry no `type`, `nullable`, `default`, `description` or
/// `additionalProperties` (except the int-or-string `anyOf: [{type: integer}, {type: string}]`);
/// `format` is one of [`KUBERNETES_FORMATS`]; `properties` and `additionalProperties` are not
/// both set; `items` is a single schema; the forbidden keywords (`$ref`, `$schema`, `id`,
/// `definitions`, `dependencies`, `patternProperties`, `additionalItems`, `uniqueItems: true`)
/// are absent; and, as a sanity lint rather than an API-server rule, every `required` name is
/// a declared property that is not also `nullable`.
pub fn lint_structural(schema: &JSONSchemaProps) -> Vec<String> {
    let mut out = Vec::new();
    lint(schema, "", false, &mut out);
    out
}

fn lint(s: &JSONSchemaProps, path: &str, in_junctor: bool, out: &mut Vec<String>) {
    let at = if path.is_empty() { "<root>" } else { path };
    let mut bad = |m: String| out.push(format!("{at}: {m}"));
    let int_or_string = is_true(s.x_kubernetes_int_or_string);
    let preserve = is_true(s.x_kubernetes_preserve_unknown_fields);

    if in_junctor {
        // Inside allOf/anyOf/oneOf/not only value validations are allowed.
        let int_or_string_branch = matches!(s.type_.as_deref(), Some("integer" | "string"))
            && s.properties.is_none()
            && s.items.is_none();
        if s.type_.is_some() && !int_or_string_branch {
            bad("`type` inside allOf/anyOf/oneOf/not".into());
        }
        if s.nullable.is_some() {
            bad("`nullable` inside allOf/anyOf/oneOf/not".into());
        }
        if s.default.is_some() {
            bad("`default` inside allOf/anyOf/oneOf/not".into());
        }
        if s.description.is_some() {
            bad("`description` inside allOf/anyOf/oneOf/not".into());
        }
        if s.additional_properties.is_some() {
            bad("`additionalProperties` inside allOf/anyOf/oneOf/not".into());
        }
    } else {
        match s.type_.as_deref() {
            Some(t) if TYPES.contains(&t) => {}
            Some(t) => bad(format!("unsupported type `{t}`")),
            None if int_or_string || preserve => {}
            None => bad(
                "no `type` (nor x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields)"
                    .into(),
            ),
        }
        let junctor =
            s.all_of.is_some() || s.any_of.is_some() || s.one_of.is_some() || s.not.is_some();
        if junctor && s.type_.is_none() && !int_or_string && !preserve {
            bad("allOf/anyOf/oneOf/not without a `type`".into());
        }
    }
    if let Some(f) = s.format.as_deref()
        && !KUBERNETES_FORMATS.contains(&f)
    {
        bad(format!("format `{f}` is not a Kubernetes format"));
    }
    if s.properties.is_some() && s.additional_properties.is_some() {
        bad("both `properties` and `additionalProperties`".into());
    }
    if matches!(s.items, Some(JSONSchemaPropsOrArray::Schemas(_))) {
        bad("`items` must be a single schema".into());
    }
    if s.type_.as_deref() == Some("array") && s.items.is_none() && !in_junctor {
        bad("array without `items`".into());
    }
    let forbidden = [
        ("$ref", s.ref_path.is_some()),
        ("$schema", s.schema.is_some()),
        ("id", s.id.is_some()),
        ("definitions", s.definitions.is_some()),
        ("dependencies", s.dependencies.is_some()),
        ("patternProperties", s.pattern_properties.is_some()),
        ("additionalItems", s.additional_items.is_some()),
        ("uniqueItems: true", is_true(s.unique_items)),
    ];
    for (name, present) in forbidden {
        if present {
            bad(format!("`{name}` is not allowed"));
        }
    }
    for name in s.required.iter().flatten() {
        match s.properties.as_ref().and_then(|p| p.get(name)) {
            Some(p) if is_true(p.nullable) => {
                bad(format!("`{name}` is both required and nullable"))
            }
            Some(_) => {}
            None if preserve || s.additional_properties.is_some() => {}
            None => bad(format!("required `{name}` is not a declared property")),
        }
    }

    for (key, p) in s.properties.iter().flatten() {
        lint(p, &join(path, key), in_junctor, out);
    }
    if let Some(JSONSchemaPropsOrBool::Schema(p)) = &s.additional_properties {
        lint(p, &format!("{path}{{*}}"), in_junctor, out);
    }
    match &s.items {
        Some(JSONSchemaPropsOrArray::Schema(p)) => lint(p, &format!("{path}[*]"), in_junctor, out),
        Some(JSONSchemaPropsOrArray::Schemas(ps)) => {
            for (i, p) in ps.iter().enumerate() {
                lint(p, &index(path, i), in_junctor, out);
            }
        }
        None => {}
    }
    for (name, subs) in [
        ("allOf", &s.all_of),
        ("anyOf", &s.any_of),
        ("oneOf", &s.one_of),
    ] {
        for (i, p) in subs.iter().flatten().enumerate() {
            lint(p, &format!("{path}<{name}[{i}]>"), true, out);
        }
    }
    if let Some(p) = &s.not {
        lint(p, &format!("{path}<not>"), true, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(v: Value) -> JSONSchemaProps {
        serde_json::from_value(v).expect("schema")
    }

    fn paths(errors: &[SchemaError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    fn split_like() -> JSONSchemaProps {
        schema(json!({
            "type": "object",
            "required": ["spec"],
            "properties": {
                "apiVersion": {"type": "string"},
                "kind": {"type": "string"},
                "metadata": {"type": "object"},
                "spec": {
                    "type": "object",
                    "required": ["service", "backends"],
                    "properties": {
                        "service": {"type": "string", "minLength": 1},
                        "backends": {
                            "type": "array",
                            "minItems": 1,
                            "items": {
                                "type": "object",
                                "required": ["service", "weight"],
                                "properties": {
                                    "service": {"type": "string"},
                                    "weight": {"type": "integer", "minimum": 0.0, "maximum": 100.0}
                                }
                            }
                        },
                        "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                        "mode": {"type": "string", "enum": ["a", "b"], "nullable": true},
                        "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}
                    }
                }
            }
        }))
    }

    #[test]
    fn valid_value_has_no_errors() {
        let v = json!({"apiVersion": "x/v1", "kind": "K", "metadata": {"name": "a", "foo": 1},
            "spec": {"service": "s", "backends": [{"service": "b", "weight": 5}],
                     "labels": {"a": "b"}, "mode": null, "extra": {"x": {"y": 1}}}});
        assert_eq!(paths(&validate(&split_like(), &v)), Vec::<String>::new());
        assert_eq!(pruned_fields(&split_like(), &v), Vec::<String>::new());
    }

    #[test]
    fn reports_paths() {
        let v = json!({"spec": {"service": "", "backends": [{"service": "b", "weight": 5},
            {"service": 3, "weight": 101}, {"weight": 1.5}], "labels": {"a": 1}, "mode": "c"}});
        assert_eq!(
            paths(&validate(&split_like(), &v)),
            [
                "spec.backends[1].service: must be of type string, got integer",
                "spec.backends[1].weight: must be less than or equal to 100",
                "spec.backends[2].service: required field is missing",
                "spec.backends[2].weight: must be of type integer, got number",
                "spec.labels.a: must be of type string, got integer",
                "spec.mode: must be one of [\"a\", \"b\"], got \"c\"",
                "spec.service: must be at least 1 characters long",
            ]
        );
    }

    #[test]
    fn missing_required_and_null() {
        let s = split_like();
        assert_eq!(
            paths(&validate(&s, &json!({"kind": "K"}))),
            ["spec: required field is missing"]
        );
        // A null non-nullable field is pruned, hence missing.
        assert_eq!(
            paths(&validate(&s, &json!({"spec": null}))),
            ["spec: required field is missing"]
        );
        assert_eq!(pruned_fields(&s, &json!({"spec": null})), ["spec"]);
        assert_eq!(
            paths(&validate(
                &s,
                &json!({"spec": {"service": "s", "backends": []}})
            )),
            ["spec.backends: must have at least 1 items"]
        );
    }

    #[test]
    fn pruning() {
        let v = json!({"apiVersion": "a", "kind": "K", "metadata": {}, "status": {},
            "spec": {"service": "s", "port": 1, "backends": [{"service": "b", "weight": 1, "x": 2}],
                     "extra": {"kept": true}, "labels": {"any": "thing"}}});
        assert_eq!(
            pruned_fields(&split_like(), &v),
            ["spec.backends[0].x", "spec.port", "status"]
        );
    }

    #[test]
    fn int_or_string_and_quantity() {
        let s = schema(
            json!({"x-kubernetes-int-or-string": true, "pattern": crate::quantity::QUANTITY_PATTERN}),
        );
        assert!(validate(&s, &json!(5)).is_empty());
        assert!(validate(&s, &json!("500m")).is_empty());
        assert_eq!(
            paths(&validate(&s, &json!("5 apples"))),
            ["<root>: `5 apples` does not match the quantity pattern"]
        );
        assert_eq!(
            paths(&validate(&s, &json!(true))),
            ["<root>: must be an integer or a string, got boolean"]
        );
        let other = schema(json!({"type": "string", "pattern": "^a$"}));
        assert!(
            validate(&other, &json!("b")).is_empty(),
            "other patterns are ignored"
        );
    }

    #[test]
    fn junctors_and_limits() {
        let s = schema(
            json!({"type": "object", "minProperties": 1, "maxProperties": 2,
            "additionalProperties": {"type": "integer"},
            "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}),
        );
        assert!(validate(&s, &json!({"a": 1})).is_empty());
        assert_eq!(
            paths(&validate(&s, &json!({}))),
            [
                "<root>: must have at least 1 properties",
                "<root>: must match exactly one schema in oneOf, matches 0"
            ]
        );
        let closed = schema(json!({"type": "object", "additionalProperties": false}));
        assert_eq!(
            paths(&validate(&closed, &json!({"x": 1}))),
            ["x: unknown field (additionalProperties: false)"]
        );
        let strs = schema(
            json!({"type": "array", "maxItems": 1, "items": {"type": "string", "maxLength": 2}}),
        );
        assert_eq!(
            paths(&validate(&strs, &json!(["abc", "d"]))),
            [
                "<root>: must have at most 1 items",
                "[0]: must be at most 2 characters long"
            ]
        );
        let num = schema(json!({"type": "number", "minimum": 0.0, "exclusiveMinimum": true}));
        assert!(validate(&num, &json!(1)).is_empty());
        assert_eq!(
            paths(&validate(&num, &json!(0))),
            ["<root>: must be greater than 0"]
        );
    }

    #[test]
    fn lint_accepts_structural() {
        assert_eq!(lint_structural(&split_like()), Vec::<String>::new());
        let ios = schema(json!({"x-kubernetes-int-or-string": true,
            "anyOf": [{"type": "integer"}, {"type": "string"}]}));
        assert_eq!(lint_structural(&ios), Vec::<String>::new());
    }

    #[test]
    fn lint_rejects_non_structural() {
        let s = schema(
            json!({"type": "object", "required": ["a", "b", "c"], "properties": {
                "a": {"anyOf": [{"type": "integer", "format": "uint16"}, {}]},
                "b": {"type": "integer", "format": "uint32", "nullable": true},
                "d": {"type": "array"},
                "e": {"type": "null"},
                "f": {"type": "object", "properties": {}, "additionalProperties": {"type": "string"}}
            }}),
        );
        assert_eq!(
            lint_structural(&s),
            [
                "<root>: `b` is both required and nullable",
                "<root>: required `c` is not a declared property",
                "a: no `type` (nor x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields)",
                "a: allOf/anyOf/oneOf/not without a `type`",
                "a<anyOf[0]>: format `uint16` is not a Kubernetes format",
                "b: format `uint32` is not a Kubernetes format",
                "d: array without `items`",
                "e: unsupported type `null`",
                "f: both `properties` and `additionalProperties`",
            ]
        );
    }
}
