//! The reference evaluator: what the [`MeshGraph`] says about one request.
//!
//! Written from the SMI spec (`access`, `specs`, `split`) and `docs/semantics.md`, sharing no
//! code with any backend of `smi-translate`. It is deliberately small so it can be read as the
//! specification:
//!
//! **Authorization** (server side, at the pods the request lands on; deny by default, A1–A13):
//!
//! 1. The destination Service and port must exist; the request lands on `endpoint`, or on any
//!    workload the Service selects (then every one of them must allow it). No workload: denied.
//! 2. The Service port's `targetPort` is resolved on the workload (a name through its named
//!    container ports) to the **pod port**; unresolvable: denied. A UDP port only carries UDP,
//!    a TCP port only TCP and HTTP.
//! 3. Allowed iff some [`Authorization`](smi_translate::graph::Authorization) whose destination is the workload's identity lists the
//!    source and has a grant that admits the request:
//!    - `Tcp { ports }`: a TCP or HTTP request (TCP is protocol-agnostic) whose pod port is in
//!      `ports`;
//!    - `Udp { ports }`: a UDP request whose pod port is in `ports`;
//!    - `Http { ports, matches }`: a request the mesh sees as HTTP (the client speaks HTTP and
//!      the port is not declared opaque TCP/TLS), pod port in `ports`, and some match accepts
//!      it: path (start-anchored: `^(?:re)` matches at offset 0; full: `^(?:re)$`) AND method
//!      AND every header (present, value fully matching `^(?:re)$`).
//!
//! **Routing** (client side, S1–S9): if a [`Split`] has the request's Service as root and
//! lists the request's port, and either it has no condition or the request is HTTP and matches
//! one of the condition's matches, the request goes to that port's backends by relative weight
//! (every weight 0: refused). Otherwise it goes to the Service itself (`split: None`).
//!
//! A regex the `regex` crate cannot compile matches nothing (fail closed); the graph only holds
//! regexes that passed RE2 validation, so this does not happen for lowered input.

use crate::request::{Protocol, Request};
use regex::Regex;
use smi_translate::MeshGraph;
use smi_translate::graph::{
    AppProtocol, Grant, HttpMatch, ObjectRef, PathAnchoring, ServiceId, Split, Transport, Workload,
    WorkloadId,
};
use std::collections::BTreeMap;

/// What a mesh does with a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the destination's proxy lets it through.
    pub allowed: bool,
    /// Client-side routing: `None` when it goes to the addressed Service itself; otherwise the
    /// backends with their relative weights (all zero, or empty: the request is refused).
    pub split: Option<Vec<(ServiceId, u32)>>,
}

impl Decision {
    /// The routing outcome, normalised so that equivalent decisions compare equal.
    pub fn routing(&self, request: &Request) -> Routing {
        Routing::from_split(self.split.as_deref(), &request.destination)
    }
}

/// A normalised routing outcome: zero weights dropped, duplicates merged, weights divided by
/// their greatest common divisor; "not split" is "all to the addressed Service".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Routing {
    /// Refused (every weight is 0).
    Refused,
    /// Reduced relative weights per Service.
    Weighted(BTreeMap<ServiceId, u64>),
}

impl Routing {
    /// Normalises a split (or its absence, which sends everything to `addressed`).
    pub fn from_split(split: Option<&[(ServiceId, u32)]>, addressed: &ServiceId) -> Routing {
        let Some(split) = split else {
            return Routing::Weighted([(addressed.clone(), 1)].into());
        };
        let mut merged: BTreeMap<ServiceId, u64> = BTreeMap::new();
        for (service, weight) in split.iter().filter(|(_, w)| *w > 0) {
            *merged.entry(service.clone()).or_default() += u64::from(*weight);
        }
        if merged.is_empty() {
            return Routing::Refused;
        }
        let divisor = merged.values().fold(0, |g, w| gcd(g, *w));
        for w in merged.values_mut() {
            *w /= divisor.max(1);
        }
        Routing::Weighted(merged)
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Evaluates `request` against the graph.
pub fn evaluate(graph: &MeshGraph, request: &Request) -> Decision {
    explain(graph, request).decision
}

/// A decision and what granted it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    /// The decision.
    pub decision: Decision,
    /// Every (TrafficTarget, endpoint) pair whose grants admit the request.
    pub granted_by: Vec<Grantor>,
}

/// One TrafficTarget admitting the request on one endpoint workload.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grantor {
    /// The TrafficTarget.
    pub origin: ObjectRef,
    /// The endpoint workload.
    pub workload: WorkloadId,
    /// Whether a TCP or UDP grant admits it (no HTTP match needed).
    pub by_transport: bool,
    /// The HTTP matches that admit it: `(HTTPRouteGroup, match name)`.
    pub matches: Vec<(ObjectRef, String)>,
}

/// Evaluates `request` and says which TrafficTargets allowed it.
pub fn explain(graph: &MeshGraph, request: &Request) -> Explanation {
    let mut granted_by = Vec::new();
    let allowed = authorize(graph, request, &mut granted_by);
    granted_by.sort();
    granted_by.dedup();
    Explanation {
        decision: Decision {
            allowed,
            split: route(graph, request),
        },
        granted_by,
    }
}

fn authorize(graph: &MeshGraph, request: &Request, granted_by: &mut Vec<Grantor>) -> bool {
    let Some(service) = graph.services.get(&request.destination) else {
        return false;
    };
    let Some(port) = service.ports.get(&request.port) else {
        return false;
    };
    // The transport must fit the port: UDP only on UDP ports, TCP and HTTP only on TCP ports.
    let udp_port = port.transport == Transport::Udp;
    if udp_port != (request.protocol == Protocol::Udp) || port.transport == Transport::Sctp {
        return false;
    }
    let endpoints: Vec<&Workload> = match &request.endpoint {
        Some(id) if service.workloads.contains(id) => graph.workloads.get(id).into_iter().collect(),
        Some(_) => Vec::new(),
        None => service
            .workloads
            .iter()
            .filter_map(|id| graph.workloads.get(id))
            .collect(),
    };
    if endpoints.is_empty() {
        return false;
    }
    // What the proxy sees: HTTP unless the port declares an opaque protocol.
    let sees_http = request.protocol == Protocol::Http
        && !matches!(
            port.protocol,
            AppProtocol::Tcp | AppProtocol::Tls | AppProtocol::Udp
        );
    let mut all = true;
    for workload in endpoints {
        let Some(pod_port) = workload.resolve(&port.target_port) else {
            return false;
        };
        let mut any = false;
        for auth in &graph.authorizations {
            if auth.destination != workload.identity || !auth.sources.contains(&request.source) {
                continue;
            }
            let mut grantor = Grantor {
                origin: auth.origin.clone(),
                workload: workload.id.clone(),
                by_transport: false,
                matches: Vec::new(),
            };
            for grant in &auth.grants {
                match grant {
                    Grant::Tcp { ports } => {
                        grantor.by_transport |=
                            request.protocol != Protocol::Udp && ports.contains(pod_port);
                    }
                    Grant::Udp { ports } => {
                        grantor.by_transport |=
                            request.protocol == Protocol::Udp && ports.contains(pod_port);
                    }
                    Grant::Http { ports, matches } => {
                        if sees_http && ports.contains(pod_port) {
                            grantor.matches.extend(
                                matches
                                    .iter()
                                    .filter(|m| matches_http(m, request))
                                    .map(|m| (m.group.clone(), m.name.clone())),
                            );
                        }
                    }
                }
            }
            if grantor.by_transport || !grantor.matches.is_empty() {
                any = true;
                granted_by.push(grantor);
            }
        }
        all &= any;
    }
    all
}

/// Whether an HTTP match accepts the request: path AND method AND every header.
pub fn matches_http(m: &HttpMatch, request: &Request) -> bool {
    let path_ok =
        match &m.path {
            None => true,
            Some(p) => match p.anchoring {
                PathAnchoring::Start => compile(&format!("^(?:{})", p.regex))
                    .is_some_and(|re| re.is_match(&request.path)),
                PathAnchoring::Full => compile(&format!("^(?:{})$", p.regex))
                    .is_some_and(|re| re.is_match(&request.path)),
            },
        };
    path_ok
        && m.methods.contains(request.method)
        && m.headers.iter().all(|h| {
            request.headers.get(&h.name).is_some_and(|value| {
                compile(&format!("^(?:{})$", h.regex)).is_some_and(|re| re.is_match(value))
            })
        })
}

fn compile(re: &str) -> Option<Regex> {
    Regex::new(re).ok()
}

fn route(graph: &MeshGraph, request: &Request) -> Option<Vec<(ServiceId, u32)>> {
    let split: &Split = graph
        .splits
        .iter()
        .find(|s| s.root == request.destination)?;
    let port = split.ports.iter().find(|p| p.port == request.port)?;
    if let Some(condition) = &split.condition {
        let hit = request.protocol == Protocol::Http
            && condition.iter().any(|m| matches_http(m, request));
        if !hit {
            return None;
        }
    }
    Some(
        port.backends
            .iter()
            .map(|b| (b.service.clone(), b.weight))
            .collect(),
    )
}
