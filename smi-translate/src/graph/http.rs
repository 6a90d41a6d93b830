//! HTTP request matches.

use super::{ObjectRef, Related};
use std::collections::BTreeSet;
use std::fmt;

/// One class of HTTP requests: path AND methods AND every header.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HttpMatch {
    /// The HTTPRouteGroup it comes from.
    pub group: ObjectRef,
    /// The match's name in that group.
    pub name: String,
    /// Path condition; `None` matches every path.
    pub path: Option<PathMatch>,
    /// Method condition.
    pub methods: MethodSet,
    /// Header conditions, sorted by name; all must match.
    pub headers: Vec<HeaderMatch>,
}

impl HttpMatch {
    /// This match, as something a diagnostic concerns.
    pub fn related(&self) -> Related {
        Related::Match {
            group: self.group.clone(),
            name: self.name.clone(),
        }
    }

    /// Whether this match accepts every request.
    pub fn is_catch_all(&self) -> bool {
        self.path.is_none() && self.methods == MethodSet::Any && self.headers.is_empty()
    }
}

/// A regular expression on the request path (query string excluded), in RE2 syntax.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathMatch {
    /// The regex as written in the HTTPRouteGroup.
    pub regex: String,
    /// How it is anchored.
    pub anchoring: PathAnchoring,
}

impl PathMatch {
    /// The regex that must match the WHOLE path to give this match's meaning.
    ///
    /// Start-anchored `/api` becomes `(?:/api).*`; full-match `/api` becomes `(?:/api)`.
    pub fn full_match_regex(&self) -> String {
        match self.anchoring {
            PathAnchoring::Start => format!("(?:{}).*", self.regex),
            PathAnchoring::Full => format!("(?:{})", self.regex),
        }
    }
}

/// How a path regex is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PathAnchoring {
    /// The SMI spec: anchored at the start only (`/api` matches `/api`, `/api/x`, `/apix`).
    Start,
    /// Anchored at both ends (what OSM, Istio and Linkerd did): `/api` matches only `/api`.
    Full,
}

/// A header condition: the value must fully match `regex`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HeaderMatch {
    /// Header name, lower-cased (HTTP names are case-insensitive).
    pub name: String,
    /// RE2 regex on the whole value.
    pub regex: String,
}

impl HeaderMatch {
    /// A condition on header `name` (lower-cased here) whose value must fully match `regex`.
    pub fn new(name: &str, regex: impl Into<String>) -> HeaderMatch {
        HeaderMatch {
            name: name.to_ascii_lowercase(),
            regex: regex.into(),
        }
    }
}

/// HTTP methods a match accepts.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MethodSet {
    /// Every method (`*`, or no `methods` given).
    Any,
    /// Exactly these (never empty).
    Only(BTreeSet<Method>),
}

impl MethodSet {
    /// Whether `method` is accepted.
    pub fn contains(&self, method: Method) -> bool {
        match self {
            MethodSet::Any => true,
            MethodSet::Only(set) => set.contains(&method),
        }
    }
}

/// An HTTP method token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// HEAD
    Head,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// CONNECT
    Connect,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
    /// PATCH
    Patch,
}

impl Method {
    /// The token.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Connect => "CONNECT",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Patch => "PATCH",
        }
    }

    /// Every method.
    pub const ALL: [Method; 9] = [
        Method::Get,
        Method::Head,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Connect,
        Method::Options,
        Method::Trace,
        Method::Patch,
    ];
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
