//! The mesh-neutral graph: what the SMI input means, with no Kubernetes or mesh types.
//!
//! Every collection is ordered (sorted by stable keys), so backends that walk it in order emit
//! deterministic output. Nodes that had a problem carry their [`Diagnostic`]s.

mod http;
mod ids;
mod index;
mod ports;
pub mod query;

pub use http::{HeaderMatch, HttpMatch, Method, MethodSet, PathAnchoring, PathMatch};
pub use ids::{Identity, ServiceId, WorkloadId, WorkloadKind};
pub use index::{GraphIndex, SelectorClash};
pub use ports::{AppProtocol, PortSet, Transport};
use smi_types::CodeInfo;
/// The workspace's one diagnostic vocabulary, re-exported where the graph's users look for it.
pub use smi_types::{Diagnostic, ObjectRef, Related, Severity};

use std::collections::{BTreeMap, BTreeSet};

/// The whole mesh.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MeshGraph {
    /// Options the graph was lowered with that backends need (trust domain, cluster domain).
    pub naming: Naming,
    /// Every workload identity seen in the inventory or named by a policy.
    pub identities: BTreeSet<Identity>,
    /// Services, with their ports and the workloads behind them.
    pub services: BTreeMap<ServiceId, Service>,
    /// Workloads (Deployments, StatefulSets, …, bare Pods) and who they run as.
    pub workloads: BTreeMap<WorkloadId, Workload>,
    /// Access grants, one per TrafficTarget, in (namespace, name) order.
    pub authorizations: Vec<Authorization>,
    /// Traffic splits, one per root Service that has a usable split.
    pub splits: Vec<Split>,
    /// Problems found while lowering that belong to no single node.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether backends should emit an explicit mesh-wide default-deny object.
    pub emit_default_deny: bool,
    /// Labels and annotations of every Kubernetes object a backend emits.
    pub metadata: crate::backend::MetadataTemplate,
}

impl MeshGraph {
    /// Every diagnostic in the graph: its own and those of its nodes, sorted.
    pub fn all_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .diagnostics
            .iter()
            .chain(self.authorizations.iter().flat_map(|a| &a.diagnostics))
            .chain(self.splits.iter().flat_map(|s| &s.diagnostics))
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// Workloads whose pods run as `identity`.
    pub fn workloads_of<'a>(
        &'a self,
        identity: &'a Identity,
    ) -> impl Iterator<Item = &'a Workload> {
        self.workloads
            .values()
            .filter(move |w| &w.identity == identity)
    }
}

/// Names a backend needs to render identities and hosts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Naming {
    /// Identity trust domain (`cluster.local`).
    pub trust_domain: String,
    /// DNS suffix of Services (`cluster.local`): hosts are `<svc>.<ns>.svc.<cluster_domain>`.
    pub cluster_domain: String,
}

impl Default for Naming {
    fn default() -> Self {
        Naming {
            trust_domain: "cluster.local".into(),
            cluster_domain: "cluster.local".into(),
        }
    }
}

impl Naming {
    /// `<name>.<namespace>.svc.<cluster-domain>`.
    pub fn service_host(&self, service: &ServiceId) -> String {
        format!(
            "{}.{}.svc.{}",
            service.name, service.namespace, self.cluster_domain
        )
    }
}

/// A Kubernetes Service as far as routing cares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Service {
    /// Which Service.
    pub id: ServiceId,
    /// Its ports, by port number.
    pub ports: BTreeMap<u16, ServicePort>,
    /// Workloads whose pods it selects.
    pub workloads: BTreeSet<WorkloadId>,
}

/// One port of a Service.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServicePort {
    /// Port name, if any.
    pub name: Option<String>,
    /// The Service port.
    pub port: u16,
    /// The pod port traffic is delivered to, when it is a number or a name resolved on the pods.
    pub target_port: TargetPort,
    /// TCP, UDP or SCTP.
    pub transport: Transport,
    /// What runs on it, from `appProtocol` or the port name.
    pub protocol: AppProtocol,
}

/// A Service `targetPort`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TargetPort {
    /// A pod port number.
    Number(u16),
    /// A named container port; resolved per workload, see [`Workload::named_ports`].
    Named(String),
}

/// A set of pods with one pod template and one identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    /// Which workload.
    pub id: WorkloadId,
    /// The identity its pods run as.
    pub identity: Identity,
    /// Labels of its pods.
    pub pod_labels: BTreeMap<String, String>,
    /// Named container ports → numbers.
    pub named_ports: BTreeMap<String, u16>,
    /// Every TCP container port its pods declare, with the protocol its name (or the dialect)
    /// gives; where grants land when no Service selects the workload.
    pub container_ports: BTreeMap<u16, AppProtocol>,
}

impl Workload {
    /// The pod port a Service port delivers to on this workload, if it resolves.
    pub fn resolve(&self, target: &TargetPort) -> Option<u16> {
        match target {
            TargetPort::Number(n) => Some(*n),
            TargetPort::Named(name) => self.named_ports.get(name).copied(),
        }
    }
}

/// What one TrafficTarget allows: deny by default, grants only add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The TrafficTarget.
    pub origin: ObjectRef,
    /// The protected identity.
    pub destination: Identity,
    /// Callers allowed (empty: the target grants nothing).
    pub sources: BTreeSet<Identity>,
    /// What the sources may do. Empty: nothing.
    pub grants: Vec<Grant>,
    /// Problems with this TrafficTarget (rules that grant nothing, …).
    pub diagnostics: Vec<Diagnostic>,
}

/// One thing an authorization allows.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grant {
    /// Raw TCP on these destination (pod) ports.
    Tcp {
        /// Pod ports.
        ports: PortSet,
    },
    /// UDP on these destination (pod) ports.
    Udp {
        /// Pod ports.
        ports: PortSet,
    },
    /// HTTP requests matching any of `matches`, on these destination (pod) ports.
    Http {
        /// Pod ports.
        ports: PortSet,
        /// OR-ed request matches; never empty.
        matches: Vec<HttpMatch>,
    },
}

/// A weighted split of the traffic that clients send to a root Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The TrafficSplit (the first one, when several name the same root).
    pub origin: ObjectRef,
    /// The root Service that clients address.
    pub root: ServiceId,
    /// Per root port: the backends that expose it, with their weights.
    pub ports: Vec<SplitPort>,
    /// Only requests matching one of these are split; others go to the root. `None`: all are.
    pub condition: Option<Vec<HttpMatch>>,
    /// Problems with this split.
    pub diagnostics: Vec<Diagnostic>,
}

/// The backends of one root port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitPort {
    /// The root Service port.
    pub port: u16,
    /// Its protocol (from the root Service).
    pub protocol: AppProtocol,
    /// Its transport.
    pub transport: Transport,
    /// Backends exposing this port, in the TrafficSplit's order. Weights are relative.
    pub backends: Vec<WeightedBackend>,
}

impl Split {
    /// A warning about this split, reported on its TrafficSplit at field `path`.
    pub fn warning(&self, code: CodeInfo, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::warning(code, self.origin.clone(), path, message)
    }

    /// An error about this split, reported on its TrafficSplit at field `path`.
    pub fn error(&self, code: CodeInfo, path: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(code, self.origin.clone(), path, message)
    }
}

impl SplitPort {
    /// Sum of the weights.
    pub fn total_weight(&self) -> u64 {
        self.backends.iter().map(|b| u64::from(b.weight)).sum()
    }
}

/// A backend Service of a split port.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WeightedBackend {
    /// The backend Service.
    pub service: ServiceId,
    /// Its port with the root port's number.
    pub port: u16,
    /// Relative weight; 0 is legal and sends nothing.
    pub weight: u32,
}
