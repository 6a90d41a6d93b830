//! [`MeshGraph::access_edges`]: who may call which Service port, with what.

use super::cover::{self, AdmitsMeaning, SplitMeaning};
use crate::graph::{
    AppProtocol, Grant, HttpMatch, Identity, MeshGraph, ObjectRef, ServiceId, ServicePort,
    Transport, WeightedBackend,
};
use std::collections::{BTreeMap, BTreeSet};

/// What one source may send to one Service port.
///
/// A request to the port may land on any workload the Service selects, so it passes only if
/// every one of [`endpoints`](Self::endpoints) admits it; there is no edge when one admits
/// nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessEdge {
    /// The caller.
    pub source: Identity,
    /// The Service it addresses.
    pub service: ServiceId,
    /// The Service port.
    pub port: u16,
    /// The port's name, if it has one.
    pub port_name: Option<String>,
    /// The port's transport.
    pub transport: Transport,
    /// What each distinct endpoint (identity and pod port) admits, in order.
    pub endpoints: Vec<EndpointAccess>,
}

impl AccessEdge {
    /// The key edges are compared under: who calls which port, over which transport.
    pub fn key(&self) -> (&Identity, &ServiceId, u16, Transport) {
        (&self.source, &self.service, self.port, self.transport)
    }

    /// The HTTP matches of every endpoint, in order, without repeats.
    pub fn matches(&self) -> Vec<&HttpMatch> {
        let mut all: Vec<&HttpMatch> = self
            .endpoints
            .iter()
            .flat_map(|e| match &e.admits {
                Admits::Everything => &[][..],
                Admits::Http(matches) => matches.as_slice(),
            })
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Whether every endpoint admits everything the port carries (a TCP or UDP grant).
    pub fn admits_everything(&self) -> bool {
        self.endpoints
            .iter()
            .all(|e| matches!(e.admits, Admits::Everything))
    }

    /// The TrafficTargets behind the edge, in order, without repeats.
    pub fn granted_by(&self) -> Vec<&ObjectRef> {
        let mut all: Vec<&ObjectRef> = self.endpoints.iter().flat_map(|e| &e.granted_by).collect();
        all.sort();
        all.dedup();
        all
    }

    /// What the edge admits, by meaning: names of TrafficTargets, route groups, matches,
    /// workloads and pod ports left out.
    pub(super) fn meaning(&self) -> Vec<AdmitsMeaning> {
        let mut meanings: Vec<AdmitsMeaning> = self
            .endpoints
            .iter()
            .map(|e| AdmitsMeaning::of(&e.admits))
            .collect();
        meanings.sort();
        meanings.dedup();
        meanings
    }
}

/// What the workloads of one identity admit on one pod port from one source.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct EndpointAccess {
    /// The identity of the workloads.
    pub identity: Identity,
    /// The pod port the Service port delivers to.
    pub pod_port: u16,
    /// What is admitted.
    pub admits: Admits,
    /// The TrafficTargets granting it.
    pub granted_by: Vec<ObjectRef>,
}

/// The requests an endpoint admits.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Admits {
    /// Everything the port carries (a TCP grant on a TCP port, a UDP grant on a UDP port).
    Everything,
    /// HTTP requests that one of these matches accepts (never empty).
    Http(Vec<HttpMatch>),
}

/// One port of a split, as [`MeshGraph::split_views`] lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitView {
    /// The TrafficSplit.
    pub split: ObjectRef,
    /// The root Service.
    pub root: ServiceId,
    /// The root port.
    pub port: u16,
    /// Only requests matching one of these are split (`None`: all are).
    pub condition: Option<Vec<HttpMatch>>,
    /// The backends, in the TrafficSplit's order.
    pub backends: Vec<WeightedBackend>,
}

impl SplitView {
    /// The key split ports are compared under.
    pub fn key(&self) -> (&ServiceId, u16) {
        (&self.root, self.port)
    }

    pub(super) fn meaning(&self) -> SplitMeaning {
        SplitMeaning::of(self)
    }
}

impl MeshGraph {
    /// Every access edge, ordered by Service, port, then source.
    pub fn access_edges(&self) -> Vec<AccessEdge> {
        let mut edges = Vec::new();
        for service in self.services.values() {
            for port in service.ports.values() {
                edges.extend(self.edges_of_port(&service.id, port));
            }
        }
        edges
    }

    /// Every port of every split, ordered by root and port.
    pub fn split_views(&self) -> Vec<SplitView> {
        self.splits
            .iter()
            .flat_map(|split| {
                split.ports.iter().map(|port| SplitView {
                    split: split.origin.clone(),
                    root: split.root.clone(),
                    port: port.port,
                    condition: split.condition.clone(),
                    backends: port.backends.clone(),
                })
            })
            .collect()
    }

    fn edges_of_port(&self, service: &ServiceId, port: &ServicePort) -> Vec<AccessEdge> {
        let Some(selected) = self.services.get(service).map(|s| &s.workloads) else {
            return Vec::new();
        };
        // Distinct (identity, pod port) pairs; one that resolves no pod port lets nothing in.
        let mut endpoints: BTreeSet<(&Identity, u16)> = BTreeSet::new();
        for workload in selected.iter().filter_map(|id| self.workloads.get(id)) {
            let Some(pod_port) = workload.resolve(&port.target_port) else {
                return Vec::new();
            };
            endpoints.insert((&workload.identity, pod_port));
        }
        let sources: BTreeSet<&Identity> = self
            .authorizations
            .iter()
            .filter(|a| endpoints.iter().any(|(id, _)| *id == &a.destination))
            .flat_map(|a| &a.sources)
            .collect();
        let mut edges = Vec::new();
        for source in sources {
            let access: Option<Vec<EndpointAccess>> = endpoints
                .iter()
                .map(|(identity, pod_port)| self.endpoint_access(source, identity, *pod_port, port))
                .collect();
            if let Some(endpoints) = access.filter(|a| !a.is_empty()) {
                edges.push(AccessEdge {
                    source: source.clone(),
                    service: service.clone(),
                    port: port.port,
                    port_name: port.name.clone(),
                    transport: port.transport,
                    endpoints,
                });
            }
        }
        edges
    }

    fn endpoint_access(
        &self,
        source: &Identity,
        identity: &Identity,
        pod_port: u16,
        port: &ServicePort,
    ) -> Option<EndpointAccess> {
        let http_visible = port.transport == Transport::Tcp
            && !matches!(port.protocol, AppProtocol::Tcp | AppProtocol::Tls);
        let mut everything = false;
        let mut matches: Vec<HttpMatch> = Vec::new();
        let mut granted_by = Vec::new();
        for auth in self
            .authorizations
            .iter()
            .filter(|a| &a.destination == identity && a.sources.contains(source))
        {
            let mut grants_here = false;
            for grant in &auth.grants {
                match grant {
                    Grant::Tcp { ports } | Grant::Udp { ports }
                        if ports.contains(pod_port) && carries(grant, port.transport) =>
                    {
                        everything = true;
                        grants_here = true;
                    }
                    Grant::Http { ports, matches: m }
                        if http_visible && ports.contains(pod_port) =>
                    {
                        matches.extend(m.iter().cloned());
                        grants_here = true;
                    }
                    _ => {}
                }
            }
            if grants_here {
                granted_by.push(auth.origin.clone());
            }
        }
        let admits = if everything {
            Admits::Everything
        } else if matches.is_empty() {
            return None;
        } else {
            matches.sort();
            matches.dedup();
            Admits::Http(matches)
        };
        granted_by.sort();
        granted_by.dedup();
        Some(EndpointAccess {
            identity: identity.clone(),
            pod_port,
            admits,
            granted_by,
        })
    }
}

/// Whether an opaque grant applies on a port of this transport (TCP on TCP, UDP on UDP).
fn carries(grant: &Grant, transport: Transport) -> bool {
    matches!(
        (grant, transport),
        (Grant::Tcp { .. }, Transport::Tcp) | (Grant::Udp { .. }, Transport::Udp)
    )
}

/// Edges by key, for comparing two graphs.
pub(super) fn by_key(
    edges: &[AccessEdge],
) -> BTreeMap<(&Identity, &ServiceId, u16, Transport), &AccessEdge> {
    edges.iter().map(|e| (e.key(), e)).collect()
}

/// Whether every request `new` admits is admitted by `old` (`old` may be absent: admits nothing).
pub(super) fn within(new: &AccessEdge, old: Option<&AccessEdge>) -> bool {
    old.is_some_and(|old| cover::edge_within(&new.meaning(), &old.meaning()))
}
