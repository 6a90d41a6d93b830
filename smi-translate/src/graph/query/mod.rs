//! Questions answered from the graph: may this request pass and why
//! ([`MeshGraph::decide`](super::MeshGraph::decide)), who may call which Service port
//! ([`MeshGraph::access_edges`](super::MeshGraph::access_edges)), and what changed between two
//! graphs ([`diff`](diff())).
//!
//! The answers follow `docs/semantics.md` directly; they share no code with any backend, so a
//! backend's output can be checked against them.
//!
//! ```
//! use smi_translate::graph::query::{HttpRequest, Request};
//! use smi_translate::graph::{Identity, Method, ServiceId};
//! use smi_translate::{Inventory, Options, lower};
//! use smi_types::load::{LoadOptions, load};
//!
//! let manifest = r#"
//! apiVersion: v1
//! kind: Service
//! metadata: { name: api, namespace: shop }
//! spec:
//!   selector: { app: api }
//!   ports: [{ name: http, port: 80, targetPort: 8080 }]
//! ---
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata: { name: api, namespace: shop }
//! spec:
//!   selector: { matchLabels: { app: api } }
//!   template:
//!     metadata: { labels: { app: api } }
//!     spec: { serviceAccountName: api, containers: [{ name: api, image: api }] }
//! ---
//! apiVersion: specs.smi-spec.io/v1alpha4
//! kind: HTTPRouteGroup
//! metadata: { name: api-routes, namespace: shop }
//! spec:
//!   matches: [{ name: read, pathRegex: /items, methods: [GET] }]
//! ---
//! apiVersion: access.smi-spec.io/v1alpha3
//! kind: TrafficTarget
//! metadata: { name: web-reads-api, namespace: shop }
//! spec:
//!   destination: { kind: ServiceAccount, name: api, namespace: shop }
//!   sources: [{ kind: ServiceAccount, name: web, namespace: shop }]
//!   rules: [{ kind: HTTPRouteGroup, name: api-routes, matches: [read] }]
//! "#;
//! let loaded = load(manifest, &LoadOptions::default());
//! let (smi, inventory, _) = Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
//! let graph = lower(&smi, &inventory, &Options::default());
//!
//! let web = Identity::new("shop", "web");
//! let api = ServiceId::new("shop", "api");
//! let read = HttpRequest::new(Method::Get, "/items/7?page=2").expect("origin-form");
//! let decision = graph.decide(&Request::http(web.clone(), api.clone(), 80, read));
//! assert!(decision.allowed);
//! assert_eq!(decision.granted_by()[0].authorization.name, "web-reads-api");
//!
//! let write = HttpRequest::new(Method::Post, "/items").expect("origin-form");
//! assert!(!graph.decide(&Request::http(web, api, 80, write)).allowed);
//! ```

mod cover;
mod decide;
mod diff;
mod edges;
mod matching;

pub use decide::{Decision, EndpointCheck, Granted, Route, Unreachable};
pub use diff::{DiagnosticChange, EdgeChange, GraphDiff, SplitChange, diff};
pub use edges::{AccessEdge, Admits, EndpointAccess, SplitView};

use super::{Identity, Method, ServiceId, WorkloadId};
use std::collections::BTreeMap;
use std::fmt;

/// One request (or connection) from a workload identity to a Service port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The caller's identity.
    pub source: Identity,
    /// The Service the caller addresses.
    pub destination: ServiceId,
    /// The Service port (not the pod port).
    pub port: u16,
    /// The workload it lands on; `None`: any workload the Service selects, so it passes only if
    /// every one of them lets it through.
    pub endpoint: Option<WorkloadId>,
    /// What the caller sends.
    pub traffic: Traffic,
}

impl Request {
    /// An HTTP request from `source` to `destination:port`, landing on any endpoint.
    pub fn http(source: Identity, destination: ServiceId, port: u16, http: HttpRequest) -> Self {
        Request {
            source,
            destination,
            port,
            endpoint: None,
            traffic: Traffic::Http(http),
        }
    }

    /// Opaque bytes (TCP) or datagrams (UDP) from `source` to `destination:port`.
    pub fn opaque(source: Identity, destination: ServiceId, port: u16, udp: bool) -> Self {
        Request {
            source,
            destination,
            port,
            endpoint: None,
            traffic: if udp { Traffic::Udp } else { Traffic::Tcp },
        }
    }

    /// The same request, landing on `endpoint` only.
    pub fn on(mut self, endpoint: WorkloadId) -> Self {
        self.endpoint = Some(endpoint);
        self
    }
}

/// What a request carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Traffic {
    /// An HTTP request (HTTP/1.1, HTTP/2 or gRPC).
    Http(HttpRequest),
    /// Opaque bytes over TCP.
    Tcp,
    /// UDP datagrams.
    Udp,
}

/// The parts of an HTTP request that SMI matches on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The path, without the query string (A12: matches never see the query).
    pub path: String,
    /// Header values by lower-cased name.
    pub headers: BTreeMap<String, String>,
}

impl HttpRequest {
    /// A request with `target` in origin form (`/path?query`); the query is dropped.
    pub fn new(method: Method, target: &str) -> Result<HttpRequest, RequestError> {
        Ok(HttpRequest {
            method,
            path: origin_form_path(target)?.to_owned(),
            headers: BTreeMap::new(),
        })
    }

    /// Adds a header; its name must be an HTTP token and its value visible text.
    pub fn header(mut self, name: &str, value: &str) -> Result<HttpRequest, RequestError> {
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(RequestError::HeaderName(name.to_owned()));
        }
        if !value
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b) || b >= 0x80)
        {
            return Err(RequestError::HeaderValue(name.to_owned()));
        }
        self.headers
            .insert(name.to_ascii_lowercase(), value.trim().to_owned());
        Ok(self)
    }
}

/// Why a request cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    /// The request target is not origin form (`/path` with an optional `?query`).
    NotOriginForm(String),
    /// A header name that is not an HTTP token.
    HeaderName(String),
    /// A header value with control characters.
    HeaderValue(String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::NotOriginForm(target) => write!(
                f,
                "`{target}` is not a path in origin form: it must start with `/` and hold no spaces, `#` or control characters (e.g. `/api/items?page=2`)"
            ),
            RequestError::HeaderName(name) => write!(
                f,
                "`{name}` is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"
            ),
            RequestError::HeaderValue(name) => {
                write!(f, "the value of header `{name}` holds control characters")
            }
        }
    }
}

impl std::error::Error for RequestError {}

/// The path of an origin-form request target (RFC 9112 §3.2.1): `/` segments, then an optional
/// `?query`, which is cut off.
fn origin_form_path(target: &str) -> Result<&str, RequestError> {
    let bad = || RequestError::NotOriginForm(target.to_owned());
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if !path.starts_with('/') {
        return Err(bad());
    }
    let allowed =
        |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%".contains(&b) || b >= 0x80;
    if !path.bytes().all(allowed) || !query.bytes().all(|b| allowed(b) || b == b'?') {
        return Err(bad());
    }
    // Every `%` starts a percent-encoded byte.
    let bytes = path.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'%'
            && !(bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
        {
            return Err(bad());
        }
    }
    Ok(path)
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_form_keeps_the_path_and_drops_the_query() {
        let r = HttpRequest::new(Method::Get, "/api/items?page=2&x=/y?").unwrap();
        assert_eq!(r.path, "/api/items");
        assert_eq!(HttpRequest::new(Method::Get, "/").unwrap().path, "/");
        assert_eq!(
            HttpRequest::new(Method::Get, "/a%2Fb").unwrap().path,
            "/a%2Fb"
        );
    }

    #[test]
    fn targets_that_are_not_origin_form_are_refused() {
        for target in [
            "",
            "api",
            "*",
            "http://x/api",
            "/a b",
            "/a#frag",
            "/a%zz",
            "/a%2",
            "/a\n",
        ] {
            assert_eq!(
                HttpRequest::new(Method::Get, target),
                Err(RequestError::NotOriginForm(target.to_owned())),
                "{target:?}"
            );
        }
    }

    #[test]
    fn headers_are_tokens_lower_cased() {
        let r = HttpRequest::new(Method::Get, "/")
            .unwrap()
            .header("X-User", " alice ")
            .unwrap();
        assert_eq!(r.headers["x-user"], "alice");
        let r = HttpRequest::new(Method::Get, "/").unwrap();
        assert_eq!(
            r.clone().header("bad name", "x"),
            Err(RequestError::HeaderName("bad name".into()))
        );
        assert_eq!(
            r.clone().header("", "x"),
            Err(RequestError::HeaderName(String::new()))
        );
        assert_eq!(
            r.header("x", "a\u{1}"),
            Err(RequestError::HeaderValue("x".into()))
        );
    }
}
