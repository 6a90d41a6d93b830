//! What `smi graph` draws: nodes and edges built from the mesh graph, then filtered; the
//! renderers only lay them out in their language.

use crate::commands::describe;
use serde::Serialize;
use smi_translate::graph::query::AccessEdge;
use smi_translate::graph::{Diagnostic, Identity, MeshGraph, ObjectRef, ServiceId, Transport};
use std::collections::{BTreeMap, BTreeSet};

/// A node of the drawing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Node {
    /// A workload identity (ServiceAccount).
    Identity {
        /// `ns/sa`.
        name: String,
    },
    /// A Service, with its ports.
    Service {
        /// `ns/name`.
        name: String,
        /// `14001 (http)` per port.
        ports: Vec<String>,
    },
    /// An input object with errors.
    Error {
        /// `Kind ns/name`.
        object: String,
        /// The codes of its errors.
        codes: Vec<String>,
    },
}

impl Node {
    /// A stable key: `identity:ns/sa`, `service:ns/name`, `error:Kind ns/name`.
    pub fn key(&self) -> String {
        match self {
            Node::Identity { name } => format!("identity:{name}"),
            Node::Service { name, .. } => format!("service:{name}"),
            Node::Error { object, .. } => format!("error:{object}"),
        }
    }

    /// Its label, line by line: the name, then the ports or the error codes.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Node::Identity { name } => vec![name.clone()],
            Node::Service { name, ports } => [name].into_iter().chain(ports).cloned().collect(),
            Node::Error { object, codes } => [object].into_iter().chain(codes).cloned().collect(),
        }
    }

    /// The namespace it is in.
    fn namespace(&self) -> &str {
        let name = match self {
            Node::Identity { name } | Node::Service { name, .. } => name.as_str(),
            Node::Error { object, .. } => object.rsplit(' ').next().unwrap_or_default(),
        };
        name.split('/').next().unwrap_or_default()
    }

    /// Whether it is `ns/name` (an identity or a Service of that name).
    fn is(&self, focus: &str) -> bool {
        matches!(self, Node::Identity { name } | Node::Service { name, .. } if name == focus)
    }
}

/// What an edge means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// An identity may call a Service (label: ports and route names).
    Access,
    /// A Service's traffic is split to a backend Service (label: weight and share).
    Split,
    /// A Service's pods run as an identity.
    ServedBy,
    /// An object with errors concerns this node.
    Concerns,
}

/// An edge of the drawing.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Edge {
    /// Its meaning.
    pub kind: EdgeKind,
    /// The key of the node it starts at.
    pub from: String,
    /// The key of the node it ends at.
    pub to: String,
    /// Its label lines.
    pub label: Vec<String>,
}

/// The whole drawing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct View {
    /// Nodes, in key order.
    pub nodes: Vec<Node>,
    /// Edges, in order.
    pub edges: Vec<Edge>,
}

fn identity_key(i: &Identity) -> String {
    format!("identity:{i}")
}

fn service_key(s: &ServiceId) -> String {
    format!("service:{s}")
}

/// `14001: buy-a-book, books-bought`, or `3306: any TCP`.
fn access_line(e: &AccessEdge) -> String {
    let what = if e.admits_everything() {
        match e.transport {
            Transport::Udp => "any UDP".to_owned(),
            _ => "any TCP".to_owned(),
        }
    } else {
        let names: Vec<&str> = e.matches().iter().map(|m| m.name.as_str()).collect();
        names.join(", ")
    };
    format!("{}: {what}", e.port)
}

impl View {
    /// Everything the graph holds: identities, Services, who may call which, splits, which
    /// identity serves which Service, and the input objects with errors.
    pub fn of(graph: &MeshGraph, diagnostics: &[Diagnostic]) -> View {
        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        let mut add = |node: Node| {
            nodes.insert(node.key(), node);
        };
        for identity in &graph.identities {
            add(Node::Identity {
                name: identity.to_string(),
            });
        }
        for service in graph.services.values() {
            add(Node::Service {
                name: service.id.to_string(),
                ports: service
                    .ports
                    .values()
                    .map(|p| match &p.name {
                        Some(name) => format!("{} ({name})", p.port),
                        None => p.port.to_string(),
                    })
                    .collect(),
            });
        }
        let mut edges = Vec::new();
        // Access: one edge per (source, Service), a label line per port.
        let mut access: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for e in graph.access_edges() {
            add(Node::Identity {
                name: e.source.to_string(),
            });
            access
                .entry((identity_key(&e.source), service_key(&e.service)))
                .or_default()
                .push(access_line(&e));
        }
        edges.extend(access.into_iter().map(|((from, to), label)| Edge {
            kind: EdgeKind::Access,
            from,
            to,
            label,
        }));
        for view in graph.split_views() {
            for (service, weight, percent) in describe::shares(&view.backends) {
                edges.push(Edge {
                    kind: EdgeKind::Split,
                    from: service_key(&view.root),
                    to: format!("service:{service}"),
                    label: vec![format!("{}: {weight} ({percent}%)", view.port)],
                });
            }
        }
        for service in graph.services.values() {
            let served_by: BTreeSet<&Identity> = service
                .workloads
                .iter()
                .filter_map(|w| graph.workloads.get(w))
                .map(|w| &w.identity)
                .collect();
            for identity in served_by {
                add(Node::Identity {
                    name: identity.to_string(),
                });
                edges.push(Edge {
                    kind: EdgeKind::ServedBy,
                    from: service_key(&service.id),
                    to: identity_key(identity),
                    label: Vec::new(),
                });
            }
        }
        let mut errors: BTreeMap<&ObjectRef, BTreeSet<&str>> = BTreeMap::new();
        for d in diagnostics.iter().filter(|d| d.is_error()) {
            errors.entry(&d.object).or_default().insert(d.code);
        }
        for (object, codes) in errors {
            let node = Node::Error {
                object: describe::object(object),
                codes: codes.into_iter().map(str::to_owned).collect(),
            };
            // The node the object is about: a TrafficTarget's destination, a split's root.
            let concerned = match object.kind.as_str() {
                "TrafficTarget" => graph
                    .authorizations
                    .iter()
                    .find(|a| &a.origin == object)
                    .map(|a| identity_key(&a.destination)),
                "TrafficSplit" => graph
                    .splits
                    .iter()
                    .find(|s| &s.origin == object)
                    .map(|s| service_key(&s.root)),
                _ => None,
            };
            if let Some(to) = concerned.filter(|k| nodes.contains_key(k)) {
                edges.push(Edge {
                    kind: EdgeKind::Concerns,
                    from: node.key(),
                    to,
                    label: Vec::new(),
                });
            }
            nodes.insert(node.key(), node);
        }
        edges.sort();
        edges.dedup();
        View {
            nodes: nodes.into_values().collect(),
            edges,
        }
    }

    /// Only what lies in `namespaces`, with the edges that leave them and their other ends.
    pub fn only_namespaces(self, namespaces: &[String]) -> View {
        if namespaces.is_empty() {
            return self;
        }
        let inside: BTreeSet<String> = self
            .nodes
            .iter()
            .filter(|n| namespaces.iter().any(|ns| ns == n.namespace()))
            .map(Node::key)
            .collect();
        self.around(&inside)
    }

    /// Only the identities and Services named `focus` (`ns/name`) and what is one edge away.
    pub fn focus(self, focus: &str) -> View {
        let centre: BTreeSet<String> = self
            .nodes
            .iter()
            .filter(|n| n.is(focus))
            .map(Node::key)
            .collect();
        self.around(&centre)
    }

    /// `keep`, the edges touching it, and the nodes at their other ends.
    fn around(self, keep: &BTreeSet<String>) -> View {
        let edges: Vec<Edge> = self
            .edges
            .into_iter()
            .filter(|e| keep.contains(&e.from) || keep.contains(&e.to))
            .collect();
        let mut shown: BTreeSet<&String> = keep.iter().collect();
        shown.extend(edges.iter().flat_map(|e| [&e.from, &e.to]));
        let nodes = self
            .nodes
            .iter()
            .filter(|n| shown.contains(&n.key()))
            .cloned()
            .collect();
        View { nodes, edges }
    }

    /// Whether a node with this `ns/name` exists (for `--focus`).
    pub fn has(&self, focus: &str) -> bool {
        self.nodes.iter().any(|n| n.is(focus))
    }
}
