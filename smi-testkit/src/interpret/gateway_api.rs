//! Gateway API routes as a mesh reads them: the route model, matching and precedence shared by
//! the interpreters whose backends emit routes (Linkerd's policy and GAMMA routes, the Gateway
//! API backend's HTTPRoute, GRPCRoute and TCPRoute).
//!
//! **Matching** follows the Gateway API HTTPRoute specification,
//! <https://gateway-api.sigs.k8s.io/api-types/httproute/#matches>, as Linkerd's proxy implements
//! it (`linkerd/http/route/src/http/match.rs` in linkerd2-proxy):
//!
//! - A match is path AND method AND every header; a rule's matches are OR-ed; a rule without
//!   matches matches every request (`PathPrefix /`).
//! - Paths: `Exact` equality; `PathPrefix` by whole segments (`/` matches everything);
//!   `RegularExpression` only when the leftmost-first match covers the **whole** path. Header
//!   `RegularExpression`s are searched (`is_match`), the backends' being anchored; `Exact` is
//!   equality; names are case-insensitive.
//! - Precedence among the matching rules of all routes of a parent: the longer matched path
//!   (`Exact`: the path; `RegularExpression`: the whole path; `PathPrefix`: the prefix), then more
//!   header matches, then a method match over none. Ties: "oldest route, then alphabetical
//!   `{namespace}/{name}`" — objects applied together share a creation time, so by name — then
//!   the first rule and match in list order.
//! - A GRPCRoute match `{service, method}` is the HTTP/2 path `/service/method` of the call
//!   (`Exact`: both given → that path, only the service → the `/service` segment prefix;
//!   `RegularExpression`: a whole-path regex, a missing part any segment). gRPC calls are POSTs,
//!   so the HTTP method is not matched: every request on the port is read as a call.
//!
//! **Service parents** follow GAMMA, <https://gateway-api.sigs.k8s.io/mesh/> ([`ServiceRoutes`]).

use crate::request::{Protocol, Request};
use regex::Regex;
use serde_json::Value;
use smi_translate::MeshGraph;
use smi_translate::backend::gateway_api::generated::grpcroutes::{
    GrpcRoute, GrpcRouteRulesMatches, GrpcRouteRulesMatchesMethodType,
};
use smi_translate::backend::gateway_api::generated::tcproutes::TcpRoute;
use smi_translate::graph::{AppProtocol, ServiceId, Transport};
use std::cmp::Ordering;

/// A route as a mesh reads it, with the CRD defaults applied: a policy or Gateway API HTTPRoute
/// (the same shape), a GRPCRoute (its matches read as paths), or a TCPRoute.
#[derive(Clone, Debug)]
pub(super) struct Route {
    pub(super) namespace: String,
    pub(super) name: String,
    pub(super) parents: Vec<Parent>,
    pub(super) rules: Vec<Rule>,
}

/// A route's `parentRef` (`group` defaults to `gateway.networking.k8s.io`, `kind` to `Gateway`).
#[derive(Clone, Debug)]
pub(super) struct Parent {
    pub(super) group: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) port: Option<i32>,
}

impl Parent {
    pub(super) fn new(
        group: Option<&str>,
        kind: Option<&str>,
        name: &str,
        port: Option<i32>,
    ) -> Self {
        Parent {
            group: group.unwrap_or("gateway.networking.k8s.io").to_owned(),
            kind: kind.unwrap_or("Gateway").to_owned(),
            name: name.to_owned(),
            port,
        }
    }
}

/// A route rule: its matches (none: every request) and weighted Service backends.
#[derive(Clone, Debug)]
pub(super) struct Rule {
    pub(super) matches: Vec<RouteMatch>,
    pub(super) backends: Vec<(String, u32)>,
}

/// An HTTP route match: path AND method AND every header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteMatch {
    /// `Exact`, `PathPrefix` or `RegularExpression` (default `PathPrefix`).
    pub path_type: String,
    /// The path, prefix or regex (default `/`).
    pub path: String,
    /// The method token, if restricted.
    pub method: Option<String>,
    /// `(type, name, value)` of every header condition (type default `Exact`).
    pub headers: Vec<(String, String, String)>,
}

/// The wire value of a generated enum (`PathPrefix`, `GET`): what a mesh reads.
pub(super) fn token<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A backendRef's weight (default 1; negative ones are refused by the CRD).
pub(super) fn weight(w: Option<i32>) -> u32 {
    w.map_or(1, |w| u32::try_from(w).unwrap_or(0))
}

/// Reads an HTTPRoute of either generated type (policy or Gateway API: the same shape).
/// The `parentRefs` of a route of any generated type, as [`Parent`]s.
macro_rules! parents {
    ($route:expr) => {
        $route
            .spec
            .parent_refs
            .iter()
            .flatten()
            .map(|p| {
                $crate::interpret::gateway_api::Parent::new(
                    p.group.as_deref(),
                    p.kind.as_deref(),
                    &p.name,
                    p.port,
                )
            })
            .collect()
    };
}
pub(super) use parents;

macro_rules! read_http_route {
    ($route:expr) => {{
        let r = $route;
        $crate::interpret::gateway_api::Route {
            namespace: r.metadata.namespace.clone().unwrap_or_default(),
            name: r.metadata.name.clone().unwrap_or_default(),
            parents: $crate::interpret::gateway_api::parents!(r),
            rules: r
                .spec
                .rules
                .iter()
                .flatten()
                .map(|rule| $crate::interpret::gateway_api::Rule {
                    matches: rule
                        .matches
                        .iter()
                        .flatten()
                        .map(|m| $crate::interpret::gateway_api::RouteMatch {
                            path_type: m.path.as_ref().and_then(|p| p.r#type.as_ref()).map_or_else(
                                || "PathPrefix".to_owned(),
                                $crate::interpret::gateway_api::token,
                            ),
                            path: m
                                .path
                                .as_ref()
                                .and_then(|p| p.value.clone())
                                .unwrap_or_else(|| "/".to_owned()),
                            method: m.method.as_ref().map($crate::interpret::gateway_api::token),
                            headers: m
                                .headers
                                .iter()
                                .flatten()
                                .map(|h| {
                                    (
                                        h.r#type.as_ref().map_or_else(
                                            || "Exact".to_owned(),
                                            $crate::interpret::gateway_api::token,
                                        ),
                                        h.name.clone(),
                                        h.value.clone(),
                                    )
                                })
                                .collect(),
                        })
                        .collect(),
                    backends: rule
                        .backend_refs
                        .iter()
                        .flatten()
                        .map(|b| {
                            (
                                b.name.clone(),
                                $crate::interpret::gateway_api::weight(b.weight),
                            )
                        })
                        .collect(),
                })
                .collect(),
        }
    }};
}

pub(super) use read_http_route;

/// Reads a TCPRoute (its rules have no matches).
pub(super) fn read_tcp_route(r: &TcpRoute) -> Route {
    Route {
        namespace: r.metadata.namespace.clone().unwrap_or_default(),
        name: r.metadata.name.clone().unwrap_or_default(),
        parents: parents!(r),
        rules: r
            .spec
            .rules
            .iter()
            .map(|rule| Rule {
                matches: Vec::new(),
                backends: rule
                    .backend_refs
                    .iter()
                    .map(|b| (b.name.clone(), weight(b.weight)))
                    .collect(),
            })
            .collect(),
    }
}

/// A matching rule's rank: (matched path length, header matches, method match), higher wins.
pub type Rank = (usize, usize, bool);

/// The winning `(route, rule index)` among `routes` (sorted by name) for `request`, by Linkerd's
/// precedence; the first wins a tie.
pub(super) fn best_rule<'a>(routes: &[&'a Route], request: &Request) -> Option<(&'a Route, usize)> {
    let mut best: Option<(Rank, &'a Route, usize)> = None;
    for route in routes {
        for (i, rule) in route.rules.iter().enumerate() {
            let rank = if rule.matches.is_empty() {
                Some((1, 0, false))
            } else {
                rule.matches
                    .iter()
                    .filter_map(|m| match_rank(m, request))
                    .max()
            };
            let Some(rank) = rank else { continue };
            if best
                .as_ref()
                .is_none_or(|(b, _, _)| rank.cmp(b) == Ordering::Greater)
            {
                best = Some((rank, route, i));
            }
        }
    }
    best.map(|(_, r, i)| (r, i))
}

/// The rank of `m` for `request`, if it matches.
pub fn match_rank(m: &RouteMatch, request: &Request) -> Option<Rank> {
    let path = &request.path;
    let path_len = match m.path_type.as_str() {
        "Exact" => (m.path == *path).then_some(path.len())?,
        "PathPrefix" => {
            if m.path == "/" {
                1
            } else {
                let prefix = m.path.trim_end_matches('/');
                let rest = path.trim_end_matches('/').strip_prefix(prefix)?;
                if !(rest.is_empty() || rest.starts_with('/')) {
                    return None;
                }
                prefix.len()
            }
        }
        "RegularExpression" => {
            let re = Regex::new(&m.path).ok()?;
            let found = re.find(path)?;
            (found.start() == 0 && found.end() == path.len()).then_some(path.len())?
        }
        _ => return None,
    };
    if let Some(method) = &m.method
        && method != request.method.as_str()
    {
        return None;
    }
    let headers_ok = m.headers.iter().all(|(kind, name, expected)| {
        let Some(value) = request.headers.get(&name.to_ascii_lowercase()) else {
            return false;
        };
        match kind.as_str() {
            "Exact" => expected == value,
            "RegularExpression" => Regex::new(expected).is_ok_and(|re| re.is_match(value)),
            _ => false,
        }
    });
    headers_ok.then_some((path_len, m.headers.len(), m.method.is_some()))
}

/// Reads a GRPCRoute: its matches as path matches on `/service/method`.
pub(super) fn read_grpc_route(r: &GrpcRoute) -> Route {
    Route {
        namespace: r.metadata.namespace.clone().unwrap_or_default(),
        name: r.metadata.name.clone().unwrap_or_default(),
        parents: parents!(r),
        rules: r
            .spec
            .rules
            .iter()
            .flatten()
            .map(|rule| Rule {
                matches: rule.matches.iter().flatten().map(grpc_match).collect(),
                backends: rule
                    .backend_refs
                    .iter()
                    .flatten()
                    .map(|b| (b.name.clone(), weight(b.weight)))
                    .collect(),
            })
            .collect(),
    }
}

/// A GRPCRoute match as the path match it means.
fn grpc_match(m: &GrpcRouteRulesMatches) -> RouteMatch {
    let method = m.method.clone().unwrap_or_default();
    let regex = method.r#type == Some(GrpcRouteRulesMatchesMethodType::RegularExpression);
    let (path_type, path) = match (regex, method.service, method.method) {
        (false, Some(service), Some(name)) => ("Exact", format!("/{service}/{name}")),
        (false, Some(service), None) => ("PathPrefix", format!("/{service}")),
        (false, None, Some(name)) => (
            "RegularExpression",
            format!("/[^/]+/{}", regex::escape(&name)),
        ),
        (false, None, None) => ("PathPrefix", "/".to_owned()),
        (true, service, name) => (
            "RegularExpression",
            format!(
                "/(?:{})/(?:{})",
                service.as_deref().unwrap_or("[^/]+"),
                name.as_deref().unwrap_or("[^/]+")
            ),
        ),
    };
    RouteMatch {
        path_type: path_type.to_owned(),
        path,
        method: None,
        headers: m
            .headers
            .iter()
            .flatten()
            .map(|h| {
                (
                    h.r#type.as_ref().map_or_else(|| "Exact".to_owned(), token),
                    h.name.clone(),
                    h.value.clone(),
                )
            })
            .collect(),
    }
}

/// Routes whose parent is a Service (GAMMA): which backends a request addressed to the Service
/// gets.
///
/// - A route applies to requests addressed to the Service of its `parentRefs` (core group, kind
///   `Service`, in the route's namespace) on the `port` it names (none: every port).
/// - HTTP requests (the client speaks HTTP and the Service port is not declared opaque: TCP/TLS)
///   take the HTTPRoutes and GRPCRoutes of the port (routes attached but none matching: 404,
///   refused), falling back to its TCPRoutes; other TCP traffic takes the TCPRoutes; UDP and
///   non-TCP ports are not routed. No route: the request goes to the Service unchanged (`None`).
/// - The winning rule's `backendRefs` receive traffic by relative weight; all weights 0 or no
///   backend: the request fails (refused).
#[derive(Clone, Debug, Default)]
pub(super) struct ServiceRoutes {
    /// HTTPRoutes and GRPCRoutes, sorted by name.
    pub(super) requests: Vec<Route>,
    /// TCPRoutes (rules without matches), sorted by name.
    pub(super) connections: Vec<Route>,
}

impl ServiceRoutes {
    /// Sorts the routes by name (the tie-break among routes created together).
    pub(super) fn sort(&mut self) {
        self.requests.sort_by(by_name);
        self.connections.sort_by(by_name);
    }

    /// Where `request` goes: `None` to the addressed Service unchanged, else the weighted
    /// backends (empty: refused). `cluster` gives the Service ports.
    pub(super) fn route(
        &self,
        cluster: &MeshGraph,
        request: &Request,
    ) -> Option<Vec<(ServiceId, u32)>> {
        let destination = &request.destination;
        let port = cluster
            .services
            .get(destination)?
            .ports
            .get(&request.port)?;
        if port.transport != Transport::Tcp || request.protocol == Protocol::Udp {
            return None;
        }
        let http = request.protocol == Protocol::Http
            && !matches!(port.protocol, AppProtocol::Tcp | AppProtocol::Tls);
        let parent = |route: &Route| {
            route.namespace == destination.namespace
                && route.parents.iter().any(|p| {
                    p.group.is_empty()
                        && p.kind == "Service"
                        && p.name == destination.name
                        && p.port.is_none_or(|x| x == i32::from(request.port))
                })
        };
        if http {
            let routes: Vec<&Route> = self.requests.iter().filter(|r| parent(r)).collect();
            if !routes.is_empty() {
                let Some((route, rule)) = best_rule(&routes, request) else {
                    // Routes attached, none matching: Gateway API answers 404.
                    return Some(Vec::new());
                };
                return Some(backends(&route.namespace, &route.rules[rule].backends));
            }
        }
        let route = self.connections.iter().find(|r| parent(r))?;
        let rule = route.rules.first()?;
        Some(backends(&route.namespace, &rule.backends))
    }
}

/// Gateway API's tie-break among routes created together.
pub(super) fn by_name(a: &Route, b: &Route) -> Ordering {
    (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name))
}

/// Service backendRefs of a route in `namespace` (a backendRef has no namespace here).
fn backends(namespace: &str, refs: &[(String, u32)]) -> Vec<(ServiceId, u32)> {
    refs.iter()
        .map(|(name, weight)| (ServiceId::new(namespace, name), *weight))
        .collect()
}
