//! When a graph path or header regex is provably a literal a route match can carry as `Exact`
//! (or `PathPrefix /`, every path) rather than as a regex.
//!
//! `PathPrefix` matches whole path **segments** (`/api` matches `/api` and `/api/x` but not
//! `/apix`, and a trailing `/` is ignored), while SMI's start-anchored `/api` is a plain string
//! prefix. So a string prefix is a `PathPrefix` only when it is `/` (every path):
//!
//! * the regex, stripped of a leading `^`/`\A`, is a literal `L`, and is anchored at the end
//!   (full anchoring, or a trailing `$`/`\z`) → `Exact L` (when `L` is a value the CRD accepts);
//! * a literal `L` that is a string prefix (start anchoring, or `L.*`) with `L` = `/` or empty →
//!   every path (HTTP paths start with `/`);
//! * anything else → a regex.

use super::{MAX_HEADER, MAX_PATH};
use crate::graph::PathAnchoring;
use regex_syntax::hir::{Dot, Hir, HirKind, Look};

/// The set of paths a graph path condition selects, where it is provably simple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PathShape {
    /// Every path.
    Every,
    /// Exactly this path.
    Exact(String),
    /// Something else: a regular expression is needed.
    Regex,
}

/// Flattens concatenations and capture groups.
fn flatten<'a>(hir: &'a Hir, out: &mut Vec<&'a Hir>) {
    match hir.kind() {
        HirKind::Concat(items) => items.iter().for_each(|h| flatten(h, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(hir),
    }
}

/// Whether `hir` is `.*` (any character but possibly `\n`, any number of times).
fn is_dot_star(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(r) if r.min == 0 && r.max.is_none() => {
            *r.sub == Hir::dot(Dot::AnyCharExceptLF) || *r.sub == Hir::dot(Dot::AnyChar)
        }
        _ => false,
    }
}

/// The parts of `hir` between an optional leading `^` and trailing `$`, and whether the `$` was
/// there.
fn unanchored<'a>(hir: &'a Hir, items: &'a mut Vec<&'a Hir>) -> (&'a [&'a Hir], bool) {
    flatten(hir, items);
    let mut items: &[&Hir] = items;
    if let [first, rest @ ..] = items
        && matches!(first.kind(), HirKind::Look(Look::Start))
    {
        items = rest;
    }
    if let [rest @ .., last] = items
        && matches!(last.kind(), HirKind::Look(Look::End))
    {
        return (rest, true);
    }
    (items, false)
}

/// The literal text of `items`, if they are all literals.
fn literal(items: &[&Hir]) -> Option<String> {
    let mut literal = Vec::new();
    for item in items {
        match item.kind() {
            HirKind::Literal(l) => literal.extend_from_slice(&l.0),
            HirKind::Empty => {}
            _ => return None,
        }
    }
    String::from_utf8(literal).ok()
}

/// What `regex`, anchored as given, selects (paths hold no raw `\n`, so `.` is any character).
pub(crate) fn shape(regex: &str, anchoring: PathAnchoring) -> PathShape {
    let Ok(hir) = regex_syntax::Parser::new().parse(regex) else {
        return PathShape::Regex;
    };
    let mut items = Vec::new();
    let (mut items, end) = unanchored(&hir, &mut items);
    let end_anchored = end || anchoring == PathAnchoring::Full;
    let mut open = !end_anchored;
    if let [rest @ .., last] = items
        && is_dot_star(last)
    {
        items = rest;
        open = true;
    }
    let Some(literal) = literal(items) else {
        return PathShape::Regex;
    };
    if open {
        if literal.is_empty() || literal == "/" {
            PathShape::Every
        } else {
            PathShape::Regex
        }
    } else if exact_value_ok(&literal) {
        PathShape::Exact(literal)
    } else {
        PathShape::Regex
    }
}

/// Whether the CRD's CEL rules for `Exact`/`PathPrefix` values accept `value`.
pub(crate) fn exact_value_ok(value: &str) -> bool {
    let char_ok = |c: char| c.is_ascii_alphanumeric() || "-/._~!$&'()*+,;=:@%".contains(c);
    // Every `%` starts a two-digit hex escape.
    let bytes = value.as_bytes();
    let percent_ok = bytes.iter().enumerate().all(|(i, b)| {
        *b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    value.starts_with('/')
        && value.len() <= MAX_PATH
        && value.chars().all(char_ok)
        && percent_ok
        && !["//", "/./", "/../", "%2f", "%2F", "#"]
            .iter()
            .any(|bad| value.contains(bad))
        && !value.ends_with("/..")
        && !value.ends_with("/.")
}

/// The one value a (whole-value) header regex accepts, when it is a literal (an optional `^` and
/// `$` aside) that an `Exact` header match can carry.
pub(crate) fn header_literal(regex: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    let mut items = Vec::new();
    let (items, _) = unanchored(&hir, &mut items);
    let value = literal(items)?;
    // Header values are visible ASCII and spaces here; the CRD takes up to 4096 characters.
    (!value.is_empty()
        && value.len() <= MAX_HEADER
        && value.chars().all(|c| c == ' ' || c.is_ascii_graphic()))
    .then_some(value)
}

/// `/<service>/<method>` as a gRPC `(service, method)`, when both are names the CRD accepts.
pub(crate) fn grpc_method(path: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix('/')?;
    let (service, method) = rest.split_once('/')?;
    let ident = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    (service.split('.').all(ident) && ident(method) && service.len() <= 1024)
        .then(|| (service.to_owned(), method.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PathAnchoring::{Full, Start};

    #[test]
    fn only_provable_literals_become_exact_or_prefix() {
        assert_eq!(shape("/api", Full), PathShape::Exact("/api".into()));
        assert_eq!(shape("^/api$", Start), PathShape::Exact("/api".into()));
        assert_eq!(shape(r"/api\z", Start), PathShape::Exact("/api".into()));
        assert_eq!(shape("(/a)(pi)", Full), PathShape::Exact("/api".into()));
        // A string prefix is not a segment prefix: `/api` (start-anchored) also takes `/apix`.
        assert_eq!(shape("/api", Start), PathShape::Regex);
        assert_eq!(shape("/api/", Start), PathShape::Regex);
        assert_eq!(shape("/api.*", Full), PathShape::Regex);
        assert_eq!(shape("/", Start), PathShape::Every);
        assert_eq!(shape("/.*", Full), PathShape::Every);
        assert_eq!(shape(".*", Start), PathShape::Every);
        assert_eq!(shape("", Start), PathShape::Every);
        assert_eq!(shape("/", Full), PathShape::Exact("/".into()));
        // Not literals.
        assert_eq!(shape("/ap+", Full), PathShape::Regex);
        assert_eq!(shape("(?i)/api", Full), PathShape::Regex);
        assert_eq!(shape("/a|/b", Full), PathShape::Regex);
        assert_eq!(shape("/a$b", Start), PathShape::Regex);
        // Literals the CRD's CEL rules reject stay regexes.
        assert_eq!(shape("/a//b", Full), PathShape::Regex);
        assert_eq!(shape("/a#b", Full), PathShape::Regex);
        assert_eq!(shape("/a/.", Full), PathShape::Regex);
        assert_eq!(shape("/a%2Fb", Full), PathShape::Regex);
        assert_eq!(shape("/a b", Full), PathShape::Regex);
        assert_eq!(shape("api", Full), PathShape::Regex);
    }

    #[test]
    fn literal_headers_are_exact() {
        assert_eq!(header_literal("true").as_deref(), Some("true"));
        assert_eq!(header_literal("^v1\\.2$").as_deref(), Some("v1.2"));
        assert_eq!(header_literal("v1.2"), None);
        assert_eq!(header_literal("a|b"), None);
        assert_eq!(header_literal(""), None);
    }

    #[test]
    fn grpc_paths() {
        assert_eq!(
            grpc_method("/pkg.v1.Store/GetBook"),
            Some(("pkg.v1.Store".to_owned(), "GetBook".to_owned()))
        );
        assert!(grpc_method("/pkg.Store").is_none());
        assert!(grpc_method("/pkg.Store/Get/x").is_none());
        assert!(grpc_method("/pkg..Store/Get").is_none());
        assert!(grpc_method("/1pkg/Get").is_none());
    }
}
