//! Identifiers of graph nodes.

use smi_types::ObjectRef;
use std::fmt;

/// A workload identity: a ServiceAccount in a namespace.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Identity {
    /// Namespace of the ServiceAccount.
    pub namespace: String,
    /// ServiceAccount name.
    pub service_account: String,
}

impl Identity {
    /// An identity from namespace and ServiceAccount name.
    pub fn new(namespace: impl Into<String>, service_account: impl Into<String>) -> Identity {
        Identity {
            namespace: namespace.into(),
            service_account: service_account.into(),
        }
    }

    /// The SPIFFE ID: `spiffe://<trust-domain>/ns/<ns>/sa/<sa>`.
    pub fn spiffe_id(&self, trust_domain: &str) -> String {
        format!(
            "spiffe://{trust_domain}/ns/{}/sa/{}",
            self.namespace, self.service_account
        )
    }

    /// The ServiceAccount, as an object reference.
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef::new("ServiceAccount", &self.namespace, &self.service_account)
    }
}

impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.service_account)
    }
}

/// A Service: namespace and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl ServiceId {
    /// A Service id.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> ServiceId {
        ServiceId {
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// A workload: its kind, namespace and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WorkloadId {
    /// `Deployment`, `StatefulSet`, `DaemonSet`, `ReplicaSet` or `Pod`.
    pub kind: WorkloadKind,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl WorkloadId {
    /// The workload, as an object reference (its kind is the Kubernetes kind).
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef::new(format!("{:?}", self.kind), &self.namespace, &self.name)
    }
}

impl fmt::Display for WorkloadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// Kinds of workload the inventory understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WorkloadKind {
    /// apps/v1 Deployment.
    Deployment,
    /// apps/v1 StatefulSet.
    StatefulSet,
    /// apps/v1 DaemonSet.
    DaemonSet,
    /// apps/v1 ReplicaSet.
    ReplicaSet,
    /// v1 Pod.
    Pod,
}

impl WorkloadKind {
    /// Every kind, in order.
    pub const ALL: [WorkloadKind; 5] = [
        WorkloadKind::Deployment,
        WorkloadKind::StatefulSet,
        WorkloadKind::DaemonSet,
        WorkloadKind::ReplicaSet,
        WorkloadKind::Pod,
    ];
}
