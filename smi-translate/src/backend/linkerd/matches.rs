//! How Linkerd reads route matches: graph matches are rendered for its regex engine alone (the
//! Rust `regex` crate, see [`Readers::RustRegex`]), and the relations between rendered matches
//! that decide which route Linkerd picks for a request.

use crate::backend::gateway_api::matches::{self, PathMatch, PathType, RouteMatch};
use crate::backend::gateway_api::regex::Readers;
use crate::graph::HttpMatch;

/// One route match per method, every condition a regex Linkerd reads as the graph means it.
pub(super) fn render(m: &HttpMatch) -> Result<Vec<RouteMatch>, String> {
    matches::render(m, Readers::RustRegex)
}

/// Whether every request `inner` matches is also matched by `outer` (syntactically: same path
/// or `outer` takes every path, `outer`'s method absent or the same, `outer`'s headers a subset).
pub(super) fn contains(outer: &RouteMatch, inner: &RouteMatch) -> bool {
    (outer.path == matches::every_path() || outer.path == inner.path)
        && (outer.method.is_none() || outer.method == inner.method)
        && outer.headers.iter().all(|h| inner.headers.contains(h))
}

/// Whether Gateway API precedence picks `narrow` over `wide` (`narrow` contained in `wide`, same
/// path): a method match wins over none, then more header matches win. Paths that differ are not
/// ranked here (regex paths have no defined precedence).
pub(super) fn preferred(narrow: &RouteMatch, wide: &RouteMatch) -> bool {
    narrow.path == wide.path
        && narrow != wide
        && ((narrow.method.is_some() && wide.method.is_none())
            || (narrow.method == wide.method && narrow.headers.len() > wide.headers.len()))
}

/// Whether no request can match both (conservative: `false` when unsure).
pub(super) fn disjoint(a: &RouteMatch, b: &RouteMatch) -> bool {
    if let (Some(x), Some(y)) = (a.method, b.method)
        && x != y
    {
        return true;
    }
    // A literal path regex: (text, whether it is a prefix).
    let literal = |p: &PathMatch| -> Option<(String, bool)> {
        if p.kind != PathType::RegularExpression {
            return None;
        }
        let inner = p.value.strip_prefix("^(?:(?:")?;
        let (text, prefix) = match inner.strip_suffix(").*)$") {
            Some(text) => (text, true),
            None => (inner.strip_suffix("))$")?, false),
        };
        let is_literal = text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_~%".contains(c));
        is_literal.then(|| (text.to_owned(), prefix))
    };
    match (literal(&a.path), literal(&b.path)) {
        (Some((x, px)), Some((y, py))) => {
            let overlap = match (px, py) {
                (false, false) => x == y,
                (true, false) => y.starts_with(&x),
                (false, true) => x.starts_with(&y),
                (true, true) => x.starts_with(&y) || y.starts_with(&x),
            };
            !overlap
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{
        HeaderMatch as GHeader, Method, MethodSet, ObjectRef, PathAnchoring, PathMatch as GPath,
    };

    fn m(path: &str, methods: &[Method]) -> HttpMatch {
        HttpMatch {
            group: ObjectRef::new("HTTPRouteGroup", "ns", "g"),
            name: "m".into(),
            path: Some(GPath {
                regex: path.into(),
                anchoring: PathAnchoring::Full,
            }),
            methods: MethodSet::Only(methods.iter().copied().collect()),
            headers: vec![GHeader {
                name: "x-role".into(),
                regex: "admin|root".into(),
            }],
        }
    }

    #[test]
    fn disjointness_is_conservative() {
        let get = render(&m("/a", &[Method::Get])).expect("r");
        let post = render(&m("/a", &[Method::Post])).expect("r");
        let other = render(&m("/b", &[Method::Get])).expect("r");
        let re = render(&m("/.*", &[Method::Get])).expect("r");
        assert!(disjoint(&get[0], &post[0]));
        assert!(disjoint(&get[0], &other[0]));
        assert!(!disjoint(&get[0], &re[0]));
        assert!(!disjoint(&get[0], &get[0]));
    }

    #[test]
    fn a_method_match_is_preferred_within_the_same_path() {
        let get = render(&m("/a", &[Method::Get])).expect("r");
        let any = RouteMatch {
            method: None,
            ..get[0].clone()
        };
        assert!(contains(&any, &get[0]));
        assert!(!contains(&get[0], &any));
        assert!(preferred(&get[0], &any));
        assert!(!preferred(&any, &get[0]));
        assert!(contains(&RouteMatch::every_request(), &get[0]));
    }
}
