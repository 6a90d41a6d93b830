//! What identifies an input object and an emitted object.

use crate::backend::compose::ComposedObject;
use crate::backend::envoy::EnvoyProxyConfig;
use crate::backend::gamma::GammaObject;
use crate::backend::istio::IstioObject;
use crate::backend::linkerd::LinkerdObject;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::Resource;
use smi_types::KindName;
use std::fmt;

/// The kind of an input object: an SMI kind (any version: versions of one kind are one object
/// to the API server) or an inventory kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum InputKind {
    /// An SMI kind.
    Smi(KindName),
    /// `v1` Service.
    Service,
    /// `apps/v1` Deployment.
    Deployment,
    /// `apps/v1` StatefulSet.
    StatefulSet,
    /// `apps/v1` DaemonSet.
    DaemonSet,
    /// `apps/v1` ReplicaSet.
    ReplicaSet,
    /// `v1` Pod.
    Pod,
    /// `v1` ServiceAccount.
    ServiceAccount,
}

impl InputKind {
    /// The wire `kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            InputKind::Smi(kind) => kind.as_str(),
            InputKind::Service => "Service",
            InputKind::Deployment => "Deployment",
            InputKind::StatefulSet => "StatefulSet",
            InputKind::DaemonSet => "DaemonSet",
            InputKind::ReplicaSet => "ReplicaSet",
            InputKind::Pod => "Pod",
            InputKind::ServiceAccount => "ServiceAccount",
        }
    }
}

/// Kind, namespace and name of an input object: the compiler holds one object per key.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InputKey {
    /// The kind.
    pub kind: InputKind,
    /// The namespace (`default` when the object names none, as lowering reads it).
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl InputKey {
    /// The key of `kind namespace/name`.
    pub fn new(kind: InputKind, namespace: impl Into<String>, name: impl Into<String>) -> InputKey {
        InputKey {
            kind,
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    pub(crate) fn of(kind: InputKind, meta: &ObjectMeta) -> InputKey {
        let (namespace, name) = crate::lower::key(meta);
        InputKey {
            kind,
            namespace,
            name,
        }
    }
}

impl fmt::Display for InputKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.kind.as_str(), self.namespace, self.name)
    }
}

/// API version, kind, namespace and name of an emitted object: what a controller applies and
/// deletes by.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutputKey {
    /// `apiVersion` (empty for objects that are not Kubernetes objects, such as Envoy's).
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// The namespace (empty: cluster-scoped).
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl fmt::Display for OutputKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {}/{}",
            self.api_version, self.kind, self.namespace, self.name
        )
    }
}

/// An emitted object that knows its [`OutputKey`]; the incremental compiler diffs by it.
pub trait Keyed {
    /// The object's key.
    fn output_key(&self) -> OutputKey;
}

/// The key of a typed Kubernetes object.
pub fn resource_key<R: Resource<DynamicType = ()>>(resource: &R) -> OutputKey {
    let meta = resource.meta();
    OutputKey {
        api_version: R::api_version(&()).into_owned(),
        kind: R::kind(&()).into_owned(),
        namespace: meta.namespace.clone().unwrap_or_default(),
        name: meta.name.clone().unwrap_or_default(),
    }
}

impl Keyed for IstioObject {
    fn output_key(&self) -> OutputKey {
        match self {
            IstioObject::AuthorizationPolicy(o) => resource_key(o),
            IstioObject::VirtualService(o) => resource_key(o),
        }
    }
}

impl Keyed for LinkerdObject {
    fn output_key(&self) -> OutputKey {
        match self {
            LinkerdObject::Server(o) => resource_key(o),
            LinkerdObject::MeshTlsAuthentication(o) => resource_key(o),
            LinkerdObject::AuthorizationPolicy(o) => resource_key(o),
            LinkerdObject::PolicyHttpRoute(o) => resource_key(o),
            LinkerdObject::HttpRoute(o) => resource_key(o),
            LinkerdObject::TcpRoute(o) => resource_key(o),
            LinkerdObject::ServiceProfile(o) => resource_key(o),
        }
    }
}

impl Keyed for GammaObject {
    fn output_key(&self) -> OutputKey {
        match self {
            GammaObject::HttpRoute(o) => resource_key(o),
            GammaObject::GrpcRoute(o) => resource_key(o),
            GammaObject::TcpRoute(o) => resource_key(o),
        }
    }
}

impl Keyed for ComposedObject {
    fn output_key(&self) -> OutputKey {
        match self {
            ComposedObject::Gamma(o) => o.output_key(),
            ComposedObject::Istio(o) => o.output_key(),
            ComposedObject::Linkerd(o) => o.output_key(),
        }
    }
}

/// One proxy's configuration, keyed by the identity it runs as.
impl Keyed for EnvoyProxyConfig {
    fn output_key(&self) -> OutputKey {
        OutputKey {
            api_version: String::new(),
            kind: "EnvoyProxyConfig".into(),
            namespace: self.identity.namespace.clone(),
            name: self.identity.service_account.clone(),
        }
    }
}
