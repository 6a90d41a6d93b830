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
use std::borrow::Cow;
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
                Object::Smi(s) => smi.push(SmiObject::clone(s)),
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
        let diagnostics = manifests
            .into_iter()
            .filter_map(|manifest| inventory.read_manifest(Cow::Borrowed(manifest)))
            .collect();
        (inventory, diagnostics)
    }

    /// Adds the object `manifest` holds if it is of a kind this inventory reads (as
    /// [`Inventory::from_manifests`], one manifest at a time); the error when it is of such a
    /// kind but does not deserialize. The manifest is taken, so a reader of a large input can
    /// drop each untyped value as soon as its typed object is read.
    pub fn add_manifest(&mut self, manifest: Value) -> Option<Diagnostic> {
        self.read_manifest(Cow::Owned(manifest))
    }

    /// Adds `manifest` if it is of a kind this inventory reads; the error when it is of such a
    /// kind but does not deserialize.
    fn read_manifest(&mut self, manifest: Cow<'_, Value>) -> Option<Diagnostic> {
        let kind = InventoryKind::of(&manifest)?;
        let meta = manifest.get("metadata");
        let field = |f: &str| {
            meta.and_then(|m| m.get(f))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let object = ObjectRef::new(kind.as_str(), field("namespace"), field("name"));
        let value = manifest.into_owned();
        let result = match kind {
            InventoryKind::Service => read(value).map(|o| self.services.push(Arc::new(o))),
            InventoryKind::Pod => read(value).map(|o| self.pods.push(Arc::new(o))),
            InventoryKind::ServiceAccount => {
                read(value).map(|o| self.service_accounts.push(Arc::new(o)))
            }
            InventoryKind::Deployment => read(value).map(|o| self.deployments.push(Arc::new(o))),
            InventoryKind::StatefulSet => read(value).map(|o| self.stateful_sets.push(Arc::new(o))),
            InventoryKind::DaemonSet => read(value).map(|o| self.daemon_sets.push(Arc::new(o))),
            InventoryKind::ReplicaSet => read(value).map(|o| self.replica_sets.push(Arc::new(o))),
        };
        let (path, message) = result.err()?;
        Some(
            Diagnostic::error(
                codes::INVALID_INVENTORY_OBJECT,
                object,
                path,
                format!("cannot read this object: {message}; it is left out of the inventory"),
            )
            .with_help("fix the manifest so it matches the Kubernetes schema of its kind"),
        )
    }
}

/// The kinds an [`Inventory`] reads from manifests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InventoryKind {
    Service,
    Pod,
    ServiceAccount,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
}

impl InventoryKind {
    /// The kind of `manifest`, by its `apiVersion` and `kind`, if an inventory reads it.
    fn of(manifest: &Value) -> Option<InventoryKind> {
        let api_version = manifest.get("apiVersion").and_then(Value::as_str)?;
        let kind = manifest.get("kind").and_then(Value::as_str)?;
        Some(match (api_version, kind) {
            ("v1", "Service") => InventoryKind::Service,
            ("v1", "Pod") => InventoryKind::Pod,
            ("v1", "ServiceAccount") => InventoryKind::ServiceAccount,
            ("apps/v1", "Deployment") => InventoryKind::Deployment,
            ("apps/v1", "StatefulSet") => InventoryKind::StatefulSet,
            ("apps/v1", "DaemonSet") => InventoryKind::DaemonSet,
            ("apps/v1", "ReplicaSet") => InventoryKind::ReplicaSet,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            InventoryKind::Service => "Service",
            InventoryKind::Pod => "Pod",
            InventoryKind::ServiceAccount => "ServiceAccount",
            InventoryKind::Deployment => "Deployment",
            InventoryKind::StatefulSet => "StatefulSet",
            InventoryKind::DaemonSet => "DaemonSet",
            InventoryKind::ReplicaSet => "ReplicaSet",
        }
    }
}

fn read<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, (String, String)> {
    smi_types::deserialize_tracked(value).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, e.into_inner().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn add_manifest_reads_as_from_manifests_does() {
        let manifests = [
            json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "a", "namespace": "n"}}),
            json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": "many"}}),
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "ignored"}}),
            json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa"}}),
        ];
        let (all_at_once, expected) = Inventory::from_manifests(&manifests);
        let mut one_by_one = Inventory::new();
        let diagnostics: Vec<Diagnostic> = manifests
            .iter()
            .filter_map(|m| one_by_one.add_manifest(m.clone()))
            .collect();
        assert_eq!(diagnostics, expected);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].object, ObjectRef::new("Deployment", "", "d"));
        assert_eq!(diagnostics[0].path, "spec.replicas");
        assert_eq!(one_by_one.services, all_at_once.services);
        assert_eq!(one_by_one.service_accounts.len(), 1);
        assert!(one_by_one.deployments.is_empty());
    }
}
