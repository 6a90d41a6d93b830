//! Which mesh the controller writes for, and the Kubernetes resources each mesh's objects are.

use k8s_openapi::api::core::v1::ConfigMap;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use smi_translate::backend::envoy::{Envoy, EnvoyProxyConfig};
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::graph::MeshGraph;
use smi_translate::incremental::{Compiler, Delta, Keyed, OutputKey, resource_key};
use smi_translate::{Backend, Emitted};
use std::collections::BTreeMap;

/// `--backend`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendName {
    /// Istio AuthorizationPolicies and VirtualServices.
    Istio,
    /// Linkerd Servers, MeshTLSAuthentications, AuthorizationPolicies and routes.
    Linkerd,
    /// One ConfigMap per proxy identity holding its Envoy bootstrap.
    Envoy,
    /// Gateway API routes (GAMMA).
    Gamma,
}

impl BackendName {
    /// The delta of this backend since the last call.
    pub fn delta(self, compiler: &mut Compiler) -> Delta {
        match self {
            BackendName::Istio => compiler.delta(&Istio::default()),
            BackendName::Linkerd => compiler.delta(&Linkerd::default()),
            BackendName::Envoy => compiler.delta(&EnvoyConfigMaps::default()),
            BackendName::Gamma => compiler.delta(&Gamma),
        }
    }

    /// The resources this backend's objects are, for applying, deleting and the RBAC.
    pub fn outputs(self) -> &'static [Resource] {
        match self {
            BackendName::Istio => &ISTIO_OUTPUTS,
            BackendName::Linkerd => &LINKERD_OUTPUTS,
            BackendName::Envoy => &ENVOY_OUTPUTS,
            BackendName::Gamma => &GAMMA_OUTPUTS,
        }
    }

    /// The resource of an emitted object's key.
    pub fn resource_of(self, key: &OutputKey) -> Option<&'static Resource> {
        self.outputs()
            .iter()
            .find(|r| r.api_version() == key.api_version && r.kind == key.kind)
    }
}

const ISTIO_OUTPUTS: [Resource; 2] = [
    Resource::new(
        "security.istio.io",
        "v1",
        "AuthorizationPolicy",
        "authorizationpolicies",
    ),
    Resource::new(
        "networking.istio.io",
        "v1",
        "VirtualService",
        "virtualservices",
    ),
];

const LINKERD_OUTPUTS: [Resource; 7] = [
    Resource::new("policy.linkerd.io", "v1beta3", "Server", "servers"),
    Resource::new(
        "policy.linkerd.io",
        "v1alpha1",
        "MeshTLSAuthentication",
        "meshtlsauthentications",
    ),
    Resource::new(
        "policy.linkerd.io",
        "v1alpha1",
        "AuthorizationPolicy",
        "authorizationpolicies",
    ),
    Resource::new("policy.linkerd.io", "v1beta3", "HTTPRoute", "httproutes"),
    Resource::new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    Resource::new("gateway.networking.k8s.io", "v1", "TCPRoute", "tcproutes"),
    Resource::new(
        "linkerd.io",
        "v1alpha2",
        "ServiceProfile",
        "serviceprofiles",
    ),
];

const ENVOY_OUTPUTS: [Resource; 1] = [Resource::new("", "v1", "ConfigMap", "configmaps")];

const GAMMA_OUTPUTS: [Resource; 3] = [
    Resource::new("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
    Resource::new("gateway.networking.k8s.io", "v1", "GRPCRoute", "grpcroutes"),
    Resource::new("gateway.networking.k8s.io", "v1", "TCPRoute", "tcproutes"),
];

/// A Kubernetes resource the controller reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Resource {
    /// API group (empty: core).
    pub group: &'static str,
    /// Version.
    pub version: &'static str,
    /// Kind.
    pub kind: &'static str,
    /// Plural (the URL segment and the RBAC resource).
    pub plural: &'static str,
}

impl Resource {
    /// A resource.
    pub const fn new(
        group: &'static str,
        version: &'static str,
        kind: &'static str,
        plural: &'static str,
    ) -> Resource {
        Resource {
            group,
            version,
            kind,
            plural,
        }
    }

    /// `group/version`, or `version` for the core group.
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_owned()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// kube's description of it.
    pub fn api_resource(&self) -> kube::discovery::ApiResource {
        kube::discovery::ApiResource {
            group: self.group.to_owned(),
            version: self.version.to_owned(),
            api_version: self.api_version(),
            kind: self.kind.to_owned(),
            plural: self.plural.to_owned(),
        }
    }
}

/// The Envoy backend's proxy configurations, each as a ConfigMap that carries the proxy's
/// bootstrap: named `smi-envoy-<service account>` in the identity's namespace, the bootstrap
/// as JSON under the key `envoy.json`, which a proxy started with `envoy -c` (the ConfigMap
/// mounted as a file) loads as it is.
#[derive(Clone, Debug, Default)]
pub struct EnvoyConfigMaps {
    /// The Envoy backend's settings.
    pub envoy: Envoy,
}

/// The ConfigMap key holding the bootstrap.
pub const BOOTSTRAP_KEY: &str = "envoy.json";

/// A ConfigMap holding one proxy's bootstrap.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(transparent)]
pub struct BootstrapConfigMap(pub ConfigMap);

impl Keyed for BootstrapConfigMap {
    fn output_key(&self) -> OutputKey {
        resource_key(&self.0)
    }
}

impl Backend for EnvoyConfigMaps {
    type Output = BootstrapConfigMap;

    fn name(&self) -> &'static str {
        "envoy"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<BootstrapConfigMap> {
        let emitted = self.envoy.emit(graph);
        Emitted {
            objects: emitted
                .objects
                .iter()
                .map(|proxy| bootstrap_config_map(proxy, graph))
                .collect(),
            diagnostics: emitted.diagnostics,
        }
    }
}

fn bootstrap_config_map(proxy: &EnvoyProxyConfig, graph: &MeshGraph) -> BootstrapConfigMap {
    let bootstrap = serde_json::to_string(&proxy.bootstrap()).unwrap_or_default();
    let non_empty = |map: &BTreeMap<String, String>| (!map.is_empty()).then(|| map.clone());
    BootstrapConfigMap(ConfigMap {
        metadata: ObjectMeta {
            name: Some(format!("smi-envoy-{}", proxy.identity.service_account)),
            namespace: Some(proxy.identity.namespace.clone()),
            labels: non_empty(&graph.metadata.labels),
            annotations: non_empty(&graph.metadata.annotations),
            ..ObjectMeta::default()
        },
        data: Some(BTreeMap::from([(BOOTSTRAP_KEY.to_owned(), bootstrap)])),
        ..ConfigMap::default()
    })
}
