//! Graph HTTP matches → HTTPRoute matches (shared by the policy and the Gateway API routes).
//!
//! Linkerd's route engine (`linkerd-http-route`, Rust `regex` crate) accepts a path regex only if
//! its leftmost-first match covers the whole path; with alternations (`a|ab`) the leftmost-first
//! match can be shorter than a longer one that would cover the path. Wrapping in `^(?:…)$` makes
//! the engine look for a whole-path match, which is the graph's meaning. Header regexes are
//! wrapped the same way, because the graph's header regexes match the whole value.

use super::types::{HeaderMatch, HttpRouteMatch, PathMatch};
use crate::graph::{HttpMatch, MethodSet};

/// Longest path value the CRDs take.
const MAX_PATH: usize = 1024;
/// Longest header value the CRDs take.
const MAX_HEADER: usize = 4096;
/// Most header conditions in one match the CRDs take.
const MAX_HEADERS: usize = 16;

/// RE2's Perl classes and word boundaries are ASCII; the Rust `regex` crate's are Unicode (`\d`
/// also matches `٣`). They are spelt out in ASCII so Linkerd matches no more than the graph says.
/// A nested class (`[a[0-9]]`) is valid Rust syntax, so this also works inside brackets.
fn ascii_classes(re: &str) -> String {
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('d') => out.push_str("[0-9]"),
            Some('D') => out.push_str("[^0-9]"),
            Some('w') => out.push_str("[0-9A-Za-z_]"),
            Some('W') => out.push_str("[^0-9A-Za-z_]"),
            Some('s') => out.push_str("[\\t\\n\\f\\r ]"),
            Some('S') => out.push_str("[^\\t\\n\\f\\r ]"),
            Some('b') => out.push_str("(?-u:\\b)"),
            Some('B') => out.push_str("(?-u:\\B)"),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `^(?:re)$`, if Linkerd's regex engine takes it.
fn anchored(re: &str, limit: usize) -> Result<String, String> {
    let wrapped = format!("^(?:{})$", ascii_classes(re));
    if wrapped.len() > limit {
        return Err(format!(
            "the regex `{re}` is longer than the CRD allows ({limit} characters once anchored)"
        ));
    }
    regex_syntax::Parser::new()
        .parse(&wrapped)
        .map_err(|e| format!("the regex `{re}` is not valid for Linkerd's regex engine: {e}"))?;
    Ok(wrapped)
}

/// The match for every request: path prefix `/`.
pub(super) fn every_request() -> HttpRouteMatch {
    HttpRouteMatch {
        path: PathMatch {
            kind: "PathPrefix",
            value: "/".into(),
        },
        method: None,
        headers: Vec::new(),
    }
}

/// One HTTPRoute match per method (a route match has a single method), in method order.
pub(super) fn render(m: &HttpMatch) -> Result<Vec<HttpRouteMatch>, String> {
    if m.headers.len() > MAX_HEADERS {
        return Err(format!(
            "it has {} header conditions, more than an HTTPRoute match takes ({MAX_HEADERS})",
            m.headers.len()
        ));
    }
    let path = match &m.path {
        None => every_request().path,
        Some(p) => PathMatch {
            kind: "RegularExpression",
            value: anchored(&p.full_match_regex(), MAX_PATH)?,
        },
    };
    let headers = m
        .headers
        .iter()
        .map(|h| {
            Ok(HeaderMatch {
                kind: "RegularExpression",
                name: h.name.clone(),
                value: anchored(&h.regex, MAX_HEADER)?,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    let base = HttpRouteMatch {
        path,
        method: None,
        headers,
    };
    Ok(match &m.methods {
        MethodSet::Any => vec![base],
        MethodSet::Only(methods) => methods
            .iter()
            .map(|method| HttpRouteMatch {
                method: Some(method.as_str()),
                ..base.clone()
            })
            .collect(),
    })
}

/// Whether every request `inner` matches is also matched by `outer` (syntactically: same path
/// or `outer` takes every path, `outer`'s method absent or the same, `outer`'s headers a subset).
pub(super) fn contains(outer: &HttpRouteMatch, inner: &HttpRouteMatch) -> bool {
    (outer.path == every_request().path || outer.path == inner.path)
        && (outer.method.is_none() || outer.method == inner.method)
        && outer.headers.iter().all(|h| inner.headers.contains(h))
}

/// Whether Gateway API precedence picks `narrow` over `wide` (`narrow` contained in `wide`, same
/// path): a method match wins over none, then more header matches win. Paths that differ are not
/// ranked here (regex paths have no defined precedence).
pub(super) fn preferred(narrow: &HttpRouteMatch, wide: &HttpRouteMatch) -> bool {
    narrow.path == wide.path
        && narrow != wide
        && ((narrow.method.is_some() && wide.method.is_none())
            || (narrow.method == wide.method && narrow.headers.len() > wide.headers.len()))
}

/// Whether no request can match both (conservative: `false` when unsure).
pub(super) fn disjoint(a: &HttpRouteMatch, b: &HttpRouteMatch) -> bool {
    if let (Some(x), Some(y)) = (a.method, b.method)
        && x != y
    {
        return true;
    }
    // A literal path regex: (text, whether it is a prefix).
    let literal = |p: &PathMatch| -> Option<(String, bool)> {
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
        HeaderMatch as GHeader, Method, ObjectRef, PathAnchoring, PathMatch as GPath,
    };

    fn m(path: Option<(&str, PathAnchoring)>, methods: &[Method]) -> HttpMatch {
        HttpMatch {
            group: ObjectRef::new("HTTPRouteGroup", "ns", "g"),
            name: "m".into(),
            path: path.map(|(re, anchoring)| GPath {
                regex: re.into(),
                anchoring,
            }),
            methods: if methods.is_empty() {
                MethodSet::Any
            } else {
                MethodSet::Only(methods.iter().copied().collect())
            },
            headers: vec![GHeader {
                name: "x-role".into(),
                regex: "admin|root".into(),
            }],
        }
    }

    #[test]
    fn paths_are_anchored_for_linkerds_engine() {
        let start = render(&m(Some(("/api", PathAnchoring::Start)), &[])).expect("renders");
        assert_eq!(start[0].path.value, "^(?:(?:/api).*)$");
        let full = render(&m(Some(("a|ab", PathAnchoring::Full)), &[])).expect("renders");
        assert_eq!(full[0].path.value, "^(?:(?:a|ab))$");
        assert_eq!(full[0].headers[0].value, "^(?:admin|root)$");
    }

    #[test]
    fn perl_classes_are_ascii_as_in_re2() {
        assert_eq!(ascii_classes(r"/v\d+/\w"), "/v[0-9]+/[0-9A-Za-z_]");
        assert_eq!(ascii_classes(r"[\d.]\\d\b"), r"[[0-9].]\\d(?-u:\b)");
        assert_eq!(ascii_classes(r"\S\.x\"), r"[^\t\n\f\r ]\.x\");
        for re in [r"/v\d+", r"[\d\W]", r"a\bb\B", r"\s*"] {
            // Still valid Rust regex syntax (nested classes, ASCII word boundaries).
            anchored(re, MAX_PATH).expect("valid for Rust regex");
        }
    }

    #[test]
    fn one_match_per_method() {
        let out = render(&m(None, &[Method::Post, Method::Get])).expect("renders");
        let methods: Vec<_> = out.iter().map(|x| x.method).collect();
        assert_eq!(methods, vec![Some("GET"), Some("POST")]);
        assert_eq!(out[0].path, every_request().path);
    }

    #[test]
    fn regexes_rust_rejects_are_reported() {
        assert!(render(&m(Some(("(?<=a)b", PathAnchoring::Start)), &[])).is_err());
        let long = "a".repeat(1100);
        assert!(render(&m(Some((&long, PathAnchoring::Start)), &[])).is_err());
        let mut many = m(None, &[]);
        many.headers = (0..17)
            .map(|i| GHeader {
                name: format!("x-{i}"),
                regex: "a".into(),
            })
            .collect();
        assert!(render(&many).is_err());
        many.headers.pop();
        assert!(render(&many).is_ok());
    }

    #[test]
    fn disjointness_is_conservative() {
        let get = render(&m(Some(("/a", PathAnchoring::Full)), &[Method::Get])).expect("r");
        let post = render(&m(Some(("/a", PathAnchoring::Full)), &[Method::Post])).expect("r");
        let other = render(&m(Some(("/b", PathAnchoring::Full)), &[Method::Get])).expect("r");
        let re = render(&m(Some(("/.*", PathAnchoring::Full)), &[Method::Get])).expect("r");
        assert!(disjoint(&get[0], &post[0]));
        assert!(disjoint(&get[0], &other[0]));
        assert!(!disjoint(&get[0], &re[0]));
        assert!(!disjoint(&get[0], &get[0]));
    }
}
