//! Test helpers: objects in `default`, and violations as sorted `(code, path)` pairs.

use crate::{Diagnostic, SmiObject};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Metadata with `name` in namespace `default`.
pub(super) fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some("default".to_owned()),
        ..ObjectMeta::default()
    }
}

/// `validate(object)` as sorted `(code, path)` pairs.
pub(super) fn check(object: &SmiObject) -> Vec<(&'static str, String)> {
    to_pairs(&super::validate(object))
}

/// `(code, path)` pairs of `violations`, sorted.
pub(super) fn to_pairs(violations: &[Diagnostic]) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = violations
        .iter()
        .map(|v| (v.code, v.path.clone()))
        .collect();
    out.sort();
    out
}

/// Expected `(code, path)` pairs, sorted like [`check`]'s.
pub(super) fn pairs(expected: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    let mut out: Vec<_> = expected
        .iter()
        .map(|&(code, path)| (code, path.to_owned()))
        .collect();
    out.sort();
    out
}

/// `validate_all(objects)` as sorted `(object name, code, path)` triples.
pub(super) fn check_all(objects: &[SmiObject]) -> Vec<(String, &'static str, String)> {
    let mut out: Vec<_> = super::validate_all(objects)
        .into_iter()
        .map(|v| (v.object.name, v.code, v.path))
        .collect();
    out.sort();
    out
}

/// Expected triples, sorted like [`check_all`]'s.
pub(super) fn triples(
    expected: &[(&str, &'static str, &str)],
) -> Vec<(String, &'static str, String)> {
    let mut out: Vec<_> = expected
        .iter()
        .map(|&(name, code, path)| (name.to_owned(), code, path.to_owned()))
        .collect();
    out.sort();
    out
}
