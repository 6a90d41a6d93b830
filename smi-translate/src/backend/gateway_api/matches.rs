//! Graph HTTP matches → route matches, rendered once into one model ([`RouteMatch`],
//! [`GrpcRouteMatch`]) and converted into each route type that takes them: Gateway API's
//! HTTPRoute and GRPCRoute, and Linkerd's policy HTTPRoute (the same match shape, type for type:
//! [`http_route_match!`](crate::backend::gateway_api::matches::http_route_match)).
//!
//! Two dialects, by who reads the route ([`Readers`]):
//!
//! * [`Readers::RustRegex`] (Linkerd reading its own routes): every path and header condition is
//!   a regex, wrapped in `^(?:…)$`. Linkerd's route engine accepts a path regex only if its
//!   leftmost-first match covers the whole path; with alternations (`a|ab`) that match can be
//!   shorter than one that would cover the path, and the wrapping makes the engine look for a
//!   whole-path match, which is the graph's meaning. Header regexes are wrapped the same way,
//!   because the graph's header regexes match the whole value.
//! * [`Readers::Re2AndRustRegex`] (any Gateway API implementation): `Exact` or `PathPrefix /`
//!   where provably the same as the regex (see `paths`), literal headers `Exact` (Core support),
//!   and otherwise regexes both RE2 and Rust read alike.

use super::generated::grpcroutes as grpc;
use super::paths::{PathShape, grpc_method, header_literal, shape};
use super::regex::{Readers, anchored};
use super::{MAX_HEADER, MAX_HEADERS, MAX_PATH};
use crate::graph::{HttpMatch, Method, MethodSet};
use std::cmp::Ordering;

/// How a path condition matches. Variants are in the order of their names, so that matches sort
/// as they read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum PathType {
    /// The whole path.
    Exact,
    /// Whole path segments (written only for `/`: every path).
    PathPrefix,
    /// A regex.
    RegularExpression,
}

/// A path condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct PathMatch {
    /// How it matches.
    pub(crate) kind: PathType,
    /// The path, prefix or regex.
    pub(crate) value: String,
}

/// How a header condition matches (in the order of their names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum HeaderType {
    /// The whole value.
    Exact,
    /// A regex, anchored so that it must match the whole value.
    RegularExpression,
}

/// A header condition.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct HeaderMatch {
    /// How it matches.
    pub(crate) kind: HeaderType,
    /// Header name (lower case).
    pub(crate) name: String,
    /// The value or regex.
    pub(crate) value: String,
}

/// One HTTP request match: path AND method AND every header.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct RouteMatch {
    /// Path condition.
    pub(crate) path: PathMatch,
    /// A single method, if restricted.
    pub(crate) method: Option<Method>,
    /// Header conditions (AND), unique names.
    pub(crate) headers: Vec<HeaderMatch>,
}

impl RouteMatch {
    /// The match for every request: path prefix `/`.
    pub(crate) fn every_request() -> RouteMatch {
        RouteMatch {
            path: every_path(),
            method: None,
            headers: Vec::new(),
        }
    }

    fn sort_key(&self) -> (&PathMatch, Option<&'static str>, &[HeaderMatch]) {
        (&self.path, self.method.map(Method::as_str), &self.headers)
    }
}

/// Matches sort by path, then method token, then headers: the order routes list them in.
impl Ord for RouteMatch {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for RouteMatch {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// One gRPC request match: the exact method `/<service>/<method>` AND every header.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct GrpcRouteMatch {
    /// Fully qualified service (`package.Service`).
    pub(crate) service: String,
    /// Method name.
    pub(crate) method: String,
    /// Header conditions (AND), unique names.
    pub(crate) headers: Vec<HeaderMatch>,
}

/// Path prefix `/`: every path.
pub(crate) fn every_path() -> PathMatch {
    PathMatch {
        kind: PathType::PathPrefix,
        value: "/".into(),
    }
}

fn header_count(m: &HttpMatch, readers: Readers) -> Result<(), String> {
    if m.headers.len() <= MAX_HEADERS {
        return Ok(());
    }
    let taker = match readers {
        Readers::RustRegex => "an HTTPRoute match",
        Readers::Re2AndRustRegex => "a route match",
    };
    Err(format!(
        "it has {} header conditions, more than {taker} takes ({MAX_HEADERS})",
        m.headers.len()
    ))
}

fn headers(m: &HttpMatch, readers: Readers) -> Result<Vec<HeaderMatch>, String> {
    m.headers
        .iter()
        .map(|h| {
            let literal = match readers {
                Readers::RustRegex => None,
                Readers::Re2AndRustRegex => header_literal(&h.regex),
            };
            Ok(match literal {
                Some(value) => HeaderMatch {
                    kind: HeaderType::Exact,
                    name: h.name.clone(),
                    value,
                },
                None => HeaderMatch {
                    kind: HeaderType::RegularExpression,
                    name: h.name.clone(),
                    value: anchored(&h.regex, MAX_HEADER, readers)?,
                },
            })
        })
        .collect()
}

fn path(m: &HttpMatch, readers: Readers) -> Result<PathMatch, String> {
    let Some(p) = &m.path else {
        return Ok(every_path());
    };
    let shape = match readers {
        Readers::RustRegex => PathShape::Regex,
        Readers::Re2AndRustRegex => shape(&p.regex, p.anchoring),
    };
    Ok(match shape {
        PathShape::Every => every_path(),
        PathShape::Exact(value) => PathMatch {
            kind: PathType::Exact,
            value,
        },
        PathShape::Regex => PathMatch {
            kind: PathType::RegularExpression,
            value: anchored(&p.full_match_regex(), MAX_PATH, readers)?,
        },
    })
}

/// One route match per method (a route match has a single method), in method order; `Err` says
/// why `m` cannot be written for `readers`.
pub(crate) fn render(m: &HttpMatch, readers: Readers) -> Result<Vec<RouteMatch>, String> {
    header_count(m, readers)?;
    // Which problem is reported first when both the path and a header cannot be written.
    let (path, headers) = match readers {
        Readers::RustRegex => {
            let path = path(m, readers)?;
            (path, headers(m, readers)?)
        }
        Readers::Re2AndRustRegex => {
            let headers = headers(m, readers)?;
            (path(m, readers)?, headers)
        }
    };
    let base = RouteMatch {
        path,
        method: None,
        headers,
    };
    Ok(match &m.methods {
        MethodSet::Any => vec![base],
        MethodSet::Only(methods) => methods
            .iter()
            .map(|method| RouteMatch {
                method: Some(*method),
                ..base.clone()
            })
            .collect(),
    })
}

/// The GRPCRoute match for `m`, when it selects exactly one gRPC method (path exactly
/// `/<service>/<method>`, every method or POST — gRPC requests are POSTs).
pub(crate) fn render_grpc(m: &HttpMatch) -> Option<Result<GrpcRouteMatch, String>> {
    let p = m.path.as_ref()?;
    let PathShape::Exact(path) = shape(&p.regex, p.anchoring) else {
        return None;
    };
    let (service, method) = grpc_method(&path)?;
    if !m.methods.contains(Method::Post) {
        return None;
    }
    let readers = Readers::Re2AndRustRegex;
    Some(header_count(m, readers).and_then(|()| {
        Ok(GrpcRouteMatch {
            service,
            method,
            headers: headers(m, readers)?,
        })
    }))
}

/// The generated `HttpRouteRulesMatches` of an HTTPRoute types module (Gateway API's, or
/// Linkerd's policy HTTPRoute: the same shape, type for type) for a [`RouteMatch`].
macro_rules! http_route_match {
    ($m:expr, $($types:ident)::+) => {{
        use $($types)::+ as types;
        use $crate::backend::gateway_api::matches::{HeaderType, PathType};
        use $crate::graph::Method;
        let m: &$crate::backend::gateway_api::matches::RouteMatch = $m;
        let headers: Vec<types::HttpRouteRulesMatchesHeaders> = m
            .headers
            .iter()
            .map(|h| types::HttpRouteRulesMatchesHeaders {
                name: h.name.clone(),
                r#type: Some(match h.kind {
                    HeaderType::Exact => types::HttpRouteRulesMatchesHeadersType::Exact,
                    HeaderType::RegularExpression => {
                        types::HttpRouteRulesMatchesHeadersType::RegularExpression
                    }
                }),
                value: h.value.clone(),
            })
            .collect();
        types::HttpRouteRulesMatches {
            headers: (!headers.is_empty()).then_some(headers),
            method: m.method.map(|method| match method {
                Method::Get => types::HttpRouteRulesMatchesMethod::Get,
                Method::Head => types::HttpRouteRulesMatchesMethod::Head,
                Method::Put => types::HttpRouteRulesMatchesMethod::Put,
                Method::Post => types::HttpRouteRulesMatchesMethod::Post,
                Method::Delete => types::HttpRouteRulesMatchesMethod::Delete,
                Method::Connect => types::HttpRouteRulesMatchesMethod::Connect,
                Method::Options => types::HttpRouteRulesMatchesMethod::Options,
                Method::Trace => types::HttpRouteRulesMatchesMethod::Trace,
                Method::Patch => types::HttpRouteRulesMatchesMethod::Patch,
            }),
            path: Some(types::HttpRouteRulesMatchesPath {
                r#type: Some(match m.path.kind {
                    PathType::Exact => types::HttpRouteRulesMatchesPathType::Exact,
                    PathType::PathPrefix => types::HttpRouteRulesMatchesPathType::PathPrefix,
                    PathType::RegularExpression => {
                        types::HttpRouteRulesMatchesPathType::RegularExpression
                    }
                }),
                value: Some(m.path.value.clone()),
            }),
            query_params: None,
        }
    }};
}
pub(crate) use http_route_match;

impl GrpcRouteMatch {
    /// The GRPCRoute match.
    pub(crate) fn to_generated(&self) -> grpc::GrpcRouteRulesMatches {
        let headers: Vec<grpc::GrpcRouteRulesMatchesHeaders> = self
            .headers
            .iter()
            .map(|h| grpc::GrpcRouteRulesMatchesHeaders {
                name: h.name.clone(),
                r#type: Some(match h.kind {
                    HeaderType::Exact => grpc::GrpcRouteRulesMatchesHeadersType::Exact,
                    HeaderType::RegularExpression => {
                        grpc::GrpcRouteRulesMatchesHeadersType::RegularExpression
                    }
                }),
                value: h.value.clone(),
            })
            .collect();
        grpc::GrpcRouteRulesMatches {
            headers: (!headers.is_empty()).then_some(headers),
            method: Some(grpc::GrpcRouteRulesMatchesMethod {
                method: Some(self.method.clone()),
                service: Some(self.service.clone()),
                r#type: Some(grpc::GrpcRouteRulesMatchesMethodType::Exact),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{HeaderMatch as GHeader, ObjectRef, PathAnchoring, PathMatch as GPath};
    use Readers::{Re2AndRustRegex, RustRegex};

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
    fn rust_regex_routes_anchor_every_condition() {
        let start = render(&m(Some(("/api", PathAnchoring::Start)), &[]), RustRegex);
        let start = start.expect("renders");
        assert_eq!(start[0].path.value, "^(?:(?:/api).*)$");
        let full = render(&m(Some(("a|ab", PathAnchoring::Full)), &[]), RustRegex);
        let full = full.expect("renders");
        assert_eq!(full[0].path.value, "^(?:(?:a|ab))$");
        assert_eq!(full[0].headers[0].value, "^(?:admin|root)$");
        // Even a literal stays a regex: Linkerd reads its routes itself.
        let exact = render(&m(Some(("/api", PathAnchoring::Full)), &[]), RustRegex);
        assert_eq!(
            exact.expect("renders")[0].path.kind,
            PathType::RegularExpression
        );
    }

    #[test]
    fn portable_routes_prefer_exact_values() {
        let mut literal = m(Some(("/api", PathAnchoring::Full)), &[Method::Get]);
        literal.headers[0].regex = "admin".into();
        let out = render(&literal, Re2AndRustRegex).expect("renders");
        assert_eq!(out[0].path.kind, PathType::Exact);
        assert_eq!(out[0].headers[0].kind, HeaderType::Exact);
        let every = render(&m(Some(("/", PathAnchoring::Start)), &[]), Re2AndRustRegex);
        assert_eq!(every.expect("renders")[0].path, every_path());
    }

    #[test]
    fn one_match_per_method_sorted_by_token() {
        let out = render(&m(None, &[Method::Post, Method::Get]), RustRegex).expect("renders");
        let methods: Vec<_> = out.iter().map(|x| x.method).collect();
        assert_eq!(methods, vec![Some(Method::Get), Some(Method::Post)]);
        assert_eq!(out[0].path, every_path());
        // PUT comes after POST by token, before it in the graph's method order.
        let mut matches = render(&m(None, &[Method::Put, Method::Post]), RustRegex).expect("r");
        matches.sort();
        let tokens: Vec<_> = matches.iter().filter_map(|x| x.method).collect();
        assert_eq!(tokens, vec![Method::Post, Method::Put]);
    }

    #[test]
    fn what_cannot_be_written_is_an_error() {
        for readers in [RustRegex, Re2AndRustRegex] {
            assert!(render(&m(Some(("(?<=a)b", PathAnchoring::Start)), &[]), readers).is_err());
            let long = "a".repeat(1100);
            assert!(render(&m(Some((&long, PathAnchoring::Start)), &[]), readers).is_err());
            let mut many = m(None, &[]);
            many.headers = (0..17)
                .map(|i| GHeader {
                    name: format!("x-{i}"),
                    regex: "a".into(),
                })
                .collect();
            assert!(render(&many, readers).is_err());
            many.headers.pop();
            assert!(render(&many, readers).is_ok());
        }
        assert!(render(&m(Some((r"/a\b", PathAnchoring::Full)), &[]), RustRegex).is_ok());
        assert!(
            render(
                &m(Some((r"/a\b", PathAnchoring::Full)), &[]),
                Re2AndRustRegex
            )
            .is_err()
        );
    }

    #[test]
    fn grpc_matches_need_one_exact_method_and_post() {
        let grpc = m(
            Some((r"/pkg\.Svc/Get", PathAnchoring::Full)),
            &[Method::Post],
        );
        let rendered = render_grpc(&grpc).expect("a gRPC method").expect("renders");
        assert_eq!(
            (rendered.service.as_str(), rendered.method.as_str()),
            ("pkg.Svc", "Get")
        );
        assert!(
            render_grpc(&m(
                Some((r"/pkg\.Svc/Get", PathAnchoring::Full)),
                &[Method::Get]
            ))
            .is_none()
        );
        assert!(render_grpc(&m(Some((r"/pkg\.Svc/Get", PathAnchoring::Start)), &[])).is_none());
    }
}
