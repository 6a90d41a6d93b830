//! Graph HTTP matches → Gateway API route matches, converting a path regex to `Exact` or
//! `PathPrefix` only when the two select provably the same paths.
//!
//! `PathPrefix` matches whole path **segments** (`/api` matches `/api` and `/api/x` but not
//! `/apix`, and a trailing `/` is ignored), while SMI's start-anchored `/api` is a plain string
//! prefix. So a string prefix is a `PathPrefix` only when it is `/` (every path). What is written:
//!
//! * the regex, stripped of a leading `^`/`\A`, is a literal `L`, and is anchored at the end
//!   (full anchoring, or a trailing `$`/`\z`) → `Exact L` (when `L` is a value the CRD accepts);
//! * a literal `L` that is a string prefix (start anchoring, or `L.*`) with `L` = `/` or empty →
//!   `PathPrefix /` (every path: HTTP paths start with `/`);
//! * anything else → `RegularExpression ^(?:<whole-path regex>)$`. Gateway API leaves the regex
//!   dialect to the implementation, so the regex is restricted to what RE2 (Envoy-based meshes)
//!   and Rust's `regex` (Linkerd) read alike: Perl classes are spelt out in ASCII as RE2 means
//!   them, and what differs (word boundaries, `\Q…\E`, octal escapes, nested classes or class set
//!   operations) makes the match not expressible.
//!
//! Header regexes that are literals become `Exact` header matches (Core support); others
//! `RegularExpression` `^(?:<regex>)$` (the graph's header regexes match the whole value).

use super::types::{GrpcMethodMatch, GrpcRouteMatch, HeaderMatch, HttpRouteMatch, PathMatch};
use crate::graph::{HttpMatch, Method, MethodSet, PathAnchoring};
use regex_syntax::hir::{Dot, Hir, HirKind, Look};

/// Longest path value the CRD takes.
const MAX_PATH: usize = 1024;
/// Longest header value the CRD takes.
const MAX_HEADER: usize = 4096;
/// Most header conditions in one match the CRD takes.
pub(super) const MAX_HEADERS: usize = 16;

/// The set of paths a graph path condition selects, where it is provably simple.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PathShape {
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

/// What `regex`, anchored as given, selects (paths hold no raw `\n`, so `.` is any character).
pub(super) fn shape(regex: &str, anchoring: PathAnchoring) -> PathShape {
    let Ok(hir) = regex_syntax::Parser::new().parse(regex) else {
        return PathShape::Regex;
    };
    let mut items = Vec::new();
    flatten(&hir, &mut items);
    let mut items: &[&Hir] = &items;
    if let [first, rest @ ..] = items
        && matches!(first.kind(), HirKind::Look(Look::Start))
    {
        items = rest;
    }
    let mut end_anchored = anchoring == PathAnchoring::Full;
    if let [rest @ .., last] = items
        && matches!(last.kind(), HirKind::Look(Look::End))
    {
        items = rest;
        end_anchored = true;
    }
    let mut open = !end_anchored;
    if let [rest @ .., last] = items
        && is_dot_star(last)
    {
        items = rest;
        open = true;
    }
    let mut literal = Vec::new();
    for item in items {
        match item.kind() {
            HirKind::Literal(l) => literal.extend_from_slice(&l.0),
            HirKind::Empty => {}
            _ => return PathShape::Regex,
        }
    }
    let Ok(literal) = String::from_utf8(literal) else {
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
pub(super) fn exact_value_ok(value: &str) -> bool {
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

/// The regex rewritten so that RE2 and Rust's `regex` read it alike, as RE2 means it.
pub(super) fn portable(re: &str) -> Result<String, String> {
    let not_portable = |what: &str| {
        Err(format!(
            "the regex `{re}` uses {what}, which regex engines of Gateway API implementations read differently"
        ))
    };
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars().peekable();
    // Inside a bracket class, and whether the class just started (a `]` there is literal).
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let started = class_start;
        class_start = false;
        match c {
            '\\' => {
                let Some(e) = chars.next() else {
                    return not_portable("a trailing backslash");
                };
                let (outside, inside): (&str, Option<&str>) = match e {
                    'd' => ("[0-9]", Some("0-9")),
                    'w' => ("[0-9A-Za-z_]", Some("0-9A-Za-z_")),
                    's' => ("[\\t\\n\\f\\r ]", Some("\\t\\n\\f\\r ")),
                    'D' => ("[^0-9]", None),
                    'W' => ("[^0-9A-Za-z_]", None),
                    'S' => ("[^\\t\\n\\f\\r ]", None),
                    'b' | 'B' => return not_portable("a word boundary"),
                    'Q' | 'E' => return not_portable("`\\Q…\\E` quoting"),
                    'C' => return not_portable("`\\C`"),
                    '0'..='9' => return not_portable("an octal or back-reference escape"),
                    'a' | 'f' | 't' | 'n' | 'r' | 'v' | 'A' | 'z' | 'p' | 'P' | 'x' => {
                        out.push('\\');
                        out.push(e);
                        continue;
                    }
                    e if e.is_ascii_alphanumeric() => return not_portable("an unknown escape"),
                    e => {
                        out.push('\\');
                        out.push(e);
                        continue;
                    }
                };
                if in_class {
                    match inside {
                        Some(s) => out.push_str(s),
                        None => return not_portable("a negated Perl class inside brackets"),
                    }
                } else {
                    out.push_str(outside);
                }
            }
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
            }
            '[' => {
                if chars.peek() == Some(&':') {
                    // A POSIX class `[:alpha:]`: the same in both.
                    out.push('[');
                    for p in chars.by_ref() {
                        out.push(p);
                        if p == ']' {
                            break;
                        }
                    }
                } else {
                    // RE2: a literal `[`; Rust: a nested class.
                    out.push_str("\\[");
                }
            }
            ']' if in_class && !started => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                // Rust reads `&&` and `~~` as class set operations; RE2 as literals.
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && chars.peek() == Some(&'-') => {
                return not_portable("`--` inside brackets");
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// `^(?:re)$`, portable and within `limit`.
fn anchored(re: &str, limit: usize) -> Result<String, String> {
    let wrapped = format!("^(?:{})$", portable(re)?);
    if wrapped.len() > limit {
        return Err(format!(
            "the regex `{re}` is longer than the CRD allows ({limit} characters once anchored)"
        ));
    }
    regex_syntax::Parser::new()
        .parse(&wrapped)
        .map_err(|e| format!("the regex `{re}` does not parse once made portable: {e}"))?;
    Ok(wrapped)
}

/// The one value a (whole-value) header regex accepts, when it is a literal (an optional `^` and
/// `$` aside) that an `Exact` header match can carry.
pub(super) fn header_literal(regex: &str) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(regex).ok()?;
    let mut items = Vec::new();
    flatten(&hir, &mut items);
    let mut items: &[&Hir] = &items;
    if let [first, rest @ ..] = items
        && matches!(first.kind(), HirKind::Look(Look::Start))
    {
        items = rest;
    }
    if let [rest @ .., last] = items
        && matches!(last.kind(), HirKind::Look(Look::End))
    {
        items = rest;
    }
    let mut literal = Vec::new();
    for item in items {
        match item.kind() {
            HirKind::Literal(l) => literal.extend_from_slice(&l.0),
            HirKind::Empty => {}
            _ => return None,
        }
    }
    let value = String::from_utf8(literal).ok()?;
    // Header values are visible ASCII and spaces here; the CRD takes up to 4096 characters.
    (!value.is_empty()
        && value.len() <= MAX_HEADER
        && value.chars().all(|c| c == ' ' || c.is_ascii_graphic()))
    .then_some(value)
}

fn headers(m: &HttpMatch) -> Result<Vec<HeaderMatch>, String> {
    if m.headers.len() > MAX_HEADERS {
        return Err(format!(
            "it has {} header conditions, more than a route match takes ({MAX_HEADERS})",
            m.headers.len()
        ));
    }
    m.headers
        .iter()
        .map(|h| {
            Ok(match header_literal(&h.regex) {
                Some(value) => HeaderMatch {
                    kind: "Exact",
                    name: h.name.clone(),
                    value,
                },
                None => HeaderMatch {
                    kind: "RegularExpression",
                    name: h.name.clone(),
                    value: anchored(&h.regex, MAX_HEADER)?,
                },
            })
        })
        .collect()
}

/// The match for every request: path prefix `/`.
pub(super) fn every_path() -> PathMatch {
    PathMatch {
        kind: "PathPrefix",
        value: "/".into(),
    }
}

/// One HTTPRoute match per method (a route match has a single method), in method order.
pub(super) fn render_http(m: &HttpMatch) -> Result<Vec<HttpRouteMatch>, String> {
    let headers = headers(m)?;
    let path = match &m.path {
        None => every_path(),
        Some(p) => match shape(&p.regex, p.anchoring) {
            PathShape::Every => every_path(),
            PathShape::Exact(value) => PathMatch {
                kind: "Exact",
                value,
            },
            PathShape::Regex => PathMatch {
                kind: "RegularExpression",
                value: anchored(&p.full_match_regex(), MAX_PATH)?,
            },
        },
    };
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

/// `/<service>/<method>` as a gRPC method, when both parts are names the CRD accepts.
pub(super) fn grpc_method(path: &str) -> Option<GrpcMethodMatch> {
    let rest = path.strip_prefix('/')?;
    let (service, method) = rest.split_once('/')?;
    let ident = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    (service.split('.').all(ident) && ident(method) && service.len() <= 1024).then(|| {
        GrpcMethodMatch {
            kind: "Exact",
            service: service.to_owned(),
            method: method.to_owned(),
        }
    })
}

/// The GRPCRoute match for `m`, when it selects exactly one gRPC method (path exactly
/// `/<service>/<method>`, every method or POST — gRPC requests are POSTs).
pub(super) fn render_grpc(m: &HttpMatch) -> Option<Result<GrpcRouteMatch, String>> {
    let p = m.path.as_ref()?;
    let PathShape::Exact(path) = shape(&p.regex, p.anchoring) else {
        return None;
    };
    let method = grpc_method(&path)?;
    if !m.methods.contains(Method::Post) {
        return None;
    }
    Some(headers(m).map(|headers| GrpcRouteMatch { method, headers }))
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
    fn regexes_are_made_portable_as_re2_reads_them() {
        assert_eq!(
            portable(r"/v\d+/\w").as_deref(),
            Ok("/v[0-9]+/[0-9A-Za-z_]")
        );
        assert_eq!(portable(r"[\d.]x").as_deref(), Ok("[0-9.]x"));
        assert_eq!(portable(r"[a[b]").as_deref(), Ok(r"[a\[b]"));
        assert_eq!(portable(r"[]a]").as_deref(), Ok("[]a]"));
        assert_eq!(portable(r"[[:alpha:]]").as_deref(), Ok("[[:alpha:]]"));
        assert_eq!(portable(r"[a&&b]").as_deref(), Ok(r"[a\&\&b]"));
        assert!(portable(r"a\bb").is_err());
        assert!(portable(r"[\D]").is_err());
        assert!(portable(r"\Qa.b\E").is_err());
        assert!(portable(r"\1").is_err());
        for re in [r"/v\d+", r"[\d.]", r"[a[b]", r"[a&&b]", r"\S+"] {
            anchored(re, MAX_PATH).expect("parses");
        }
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
        let m = grpc_method("/pkg.v1.Store/GetBook").expect("gRPC");
        assert_eq!(
            (m.service.as_str(), m.method.as_str()),
            ("pkg.v1.Store", "GetBook")
        );
        assert!(grpc_method("/pkg.Store").is_none());
        assert!(grpc_method("/pkg.Store/Get/x").is_none());
        assert!(grpc_method("/pkg..Store/Get").is_none());
        assert!(grpc_method("/1pkg/Get").is_none());
    }
}
