//! The cluster inventory: Services, workloads and ServiceAccounts, as k8s-openapi types.
//!
//! A controller passes its informer caches in directly: kube-runtime's `Store::state()` is a
//! `Vec<Arc<K>>`, which every field holds as is, so nothing is cloned. The CLI reads the same
//! types from the manifests it was given.

use crate::graph::{Diagnostic, ObjectRef};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, Service, ServiceAccount};
use serde_json::Value;
use smi_types::{Object, SmiObject};
use std::sync::Arc;

/// Everything the compiler needs to know about the cluster besides the SMI objects.
///
/// Build one with [`Inventory::default`] and the `with_*` methods, which take owned objects or
/// the `Arc`s of an informer cache alike:
///
/// ```
/// # use std::sync::Arc;
/// # use smi_translate::Inventory;
/// # use smi_types::k8s_openapi::api::core::v1::Service;
/// let cache: Vec<Arc<Service>> = vec![Arc::new(Service::default())];
/// let inventory = Inventory::default().with_services(cache);
/// assert_eq!(inventory.services.len(), 1);
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Inventory {
    /// Services.
    pub services: Vec<Arc<Service>>,
    /// Deployments.
    pub deployments: Vec<Arc<Deployment>>,
    /// StatefulSets.
    pub stateful_sets: Vec<Arc<StatefulSet>>,
    /// DaemonSets.
    pub daemon_sets: Vec<Arc<DaemonSet>>,
    /// ReplicaSets (those owned by a Deployment are skipped: the Deployment speaks for them).
    pub replica_sets: Vec<Arc<ReplicaSet>>,
    /// Pods (those owned by a controller are skipped: the controller speaks for them).
    pub pods: Vec<Arc<Pod>>,
    /// ServiceAccounts.
    pub service_accounts: Vec<Arc<ServiceAccount>>,
}

/// One `with_<field>` method per field: adds objects, owned or shared.
macro_rules! with_objects {
    ($($method:ident: $field:ident $kind:ty;)*) => {
        impl Inventory {
            $(
                #[doc = concat!("Adds `", stringify!($kind), "`s (owned, or `Arc`s from an informer cache).")]
                pub fn $method(mut self, objects: impl IntoIterator<Item = impl Into<Arc<$kind>>>) -> Inventory {
                    self.$field.extend(objects.into_iter().map(Into::into));
                    self
                }
            )*
        }
    };
}

with_objects! {
    with_services: services Service;
    with_deployments: deployments Deployment;
    with_stateful_sets: stateful_sets StatefulSet;
    with_daemon_sets: daemon_sets DaemonSet;
    with_replica_sets: replica_sets ReplicaSet;
    with_pods: pods Pod;
    with_service_accounts: service_accounts ServiceAccount;
}

/// Codes of inventory diagnostics.
pub mod codes {
    smi_types::diagnostic_codes! {
        /// A Service or workload manifest that does not match its type.
        INVALID_INVENTORY_OBJECT = "invalid-inventory-object";
    }
}

impl Inventory {
    /// An empty inventory.
    pub fn new() -> Inventory {
        Inventory::default()
    }

    /// Splits loaded objects into the SMI objects to lower and the inventory read from the rest.
    ///
    /// The usual input of [`crate::lower()`]: everything one `smi_types::load::load` returned.
    pub fn from_objects<'a>(
        objects: impl IntoIterator<Item = &'a Object>,
    ) -> (Vec<SmiObject>, Inventory, Vec<Diagnostic>) {
        let mut smi = Vec::new();
        let mut manifests = Vec::new();
        for object in objects {
            match object {
                Object::Smi(s) => smi.push(s.clone()),
                Object::Other(v) => manifests.push(v),
            }
        }
        let (inventory, diagnostics) = Inventory::from_manifests(manifests);
        (smi, inventory, diagnostics)
    }

    /// Reads the objects this inventory understands from untyped manifests; others are ignored.
    ///
    /// A manifest of a known kind that does not deserialize is reported and skipped.
    pub fn from_manifests<'a>(
        manifests: impl IntoIterator<Item = &'a Value>,
    ) -> (Inventory, Vec<Diagnostic>) {
        let mut inventory = Inventory::new();
        let mut diagnostics = Vec::new();
        for manifest in manifests {
            let api_version = manifest.get("apiVersion").and_then(Value::as_str);
            let kind = manifest.get("kind").and_then(Value::as_str);
            let result = match (api_version, kind) {
                (Some("v1"), Some("Service")) => {
                    read(manifest).map(|o| inventory.services.push(Arc::new(o)))
                }
                (Some("v1"), Some("Pod")) => {
                    read(manifest).map(|o| inventory.pods.push(Arc::new(o)))
                }
                (Some("v1"), Some("ServiceAccount")) => {
                    read(manifest).map(|o| inventory.service_accounts.push(Arc::new(o)))
                }
                (Some("apps/v1"), Some("Deployment")) => {
                    read(manifest).map(|o| inventory.deployments.push(Arc::new(o)))
                }
                (Some("apps/v1"), Some("StatefulSet")) => {
                    read(manifest).map(|o| inventory.stateful_sets.push(Arc::new(o)))
                }
                (Some("apps/v1"), Some("DaemonSet")) => {
                    read(manifest).map(|o| inventory.daemon_sets.push(Arc::new(o)))
                }
                (Some("apps/v1"), Some("ReplicaSet")) => {
                    read(manifest).map(|o| inventory.replica_sets.push(Arc::new(o)))
                }
                _ => Ok(()),
            };
            if let Err((path, message)) = result {
                let meta = manifest.get("metadata");
                let field = |f: &str| {
                    meta.and_then(|m| m.get(f))
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_INVENTORY_OBJECT,
                        ObjectRef::new(kind.unwrap_or_default(), field("namespace"), field("name")),
                        path,
                        format!(
                            "cannot read this object: {message}; it is left out of the inventory"
                        ),
                    )
                    .with_help("fix the manifest so it matches the Kubernetes schema of its kind"),
                );
            }
        }
        (inventory, diagnostics)
    }
}

fn read<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(value.clone()).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, e.into_inner().to_string())
    })
}
