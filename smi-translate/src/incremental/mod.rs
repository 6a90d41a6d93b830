//! The incremental compiler: holds the inputs and each backend's last output, takes one change
//! at a time, and answers with what to apply and delete.
//!
//! A controller feeds [`Compiler`] from its watches ([`upsert`](Compiler::upsert),
//! [`remove`](Compiler::remove), and the inventory counterparts) and asks each backend for its
//! [`Delta`] when a burst of changes has settled. Inputs are keyed by kind, namespace and name
//! ([`InputKey`]), so a later version of an object replaces the earlier one, as in the cluster.
//! Outputs are keyed by [`OutputKey`] and held serialised, so that "what changed" is a
//! comparison of bytes and the output always equals a full [`compile`] of the current inputs,
//! byte for byte: same objects, same order, same diagnostics.
//!
//! What is reused between calls: an unchanged upsert (the object held, again) changes nothing
//! and costs no compile; the graph of one set of inputs is lowered once for every backend asked;
//! and these changes are patched into the held graph, lowering only the object changed:
//!
//! - a TrafficSplit edited in place (still valid, same root): its root's TrafficSplits are
//!   lowered again; it reaches that root's split;
//! - a TrafficTarget added, changed or removed (unless it is the mesh's first or last): its
//!   authorization is lowered again and the identities it names counted in or out; it reaches
//!   the protection of its destination, before and after;
//! - a workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod) added, changed or
//!   removed: it is lowered again and the Services of its namespace select it again; it reaches
//!   the protection of the identities it runs as and of those whose workloads' pod labels its
//!   own include; a ServiceAccount counts its identity in or out.
//!
//! A backend that emits the parts reached alone ([`Backend::emit_split`]: Istio;
//! [`Backend::emit_destination`]: Istio, Linkerd, GAMMA) then has them replaced in its held
//! output, one object for one; for any other backend, or when objects appear or disappear, the patched graph is
//! emitted whole and diffed per object key. Every other change (Services, HTTPRouteGroups,
//! TCPRoutes, UDPRoutes, a split added or removed) re-lowers the whole mesh
//! (`docs/performance.md` measures each path).
//!
//! ```
//! use smi_translate::backend::istio::Istio;
//! use smi_translate::incremental::{Compiler, InventoryObject};
//! use smi_translate::Options;
//! use smi_types::k8s_openapi::api::core::v1::ServiceAccount;
//! use smi_types::k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
//!
//! let mut compiler = Compiler::new(Options::default().emit_default_deny(true));
//! let delta = compiler.delta(&Istio::default());
//! assert_eq!(delta.apply.len(), 1, "the mesh-wide allow-nothing policy");
//! assert!(compiler.delta(&Istio::default()).is_empty(), "nothing changed since");
//!
//! compiler.upsert_inventory(InventoryObject::ServiceAccount(
//!     ServiceAccount {
//!         metadata: ObjectMeta {
//!             name: Some("web".into()),
//!             namespace: Some("shop".into()),
//!             ..ObjectMeta::default()
//!         },
//!         ..ServiceAccount::default()
//!     }
//!     .into(),
//! ));
//! // A ServiceAccount that no policy names and no workload runs as changes no output.
//! assert!(compiler.delta(&Istio::default()).is_empty());
//! ```

mod delta;
mod keys;
mod lowered;
mod patch;
mod split_patch;
mod target_patch;
mod workload_patch;

use delta::HeldOutput;
pub use delta::{Delta, Output};
pub use keys::{InputKey, InputKind, Keyed, OutputKey, resource_key};

use crate::backend::Backend;
use crate::graph::{Diagnostic, Identity, MeshGraph};
use crate::inventory::Inventory;
use crate::lower::{Options, lower, lower_keeping_roots};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, Service, ServiceAccount};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use lowered::Lowered;
use patch::Patch;
use smi_types::{KindName, SmiObject};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One inventory object, shared (an informer cache's `Arc`) or owned.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum InventoryObject {
    /// A Service.
    Service(Arc<Service>),
    /// A Deployment.
    Deployment(Arc<Deployment>),
    /// A StatefulSet.
    StatefulSet(Arc<StatefulSet>),
    /// A DaemonSet.
    DaemonSet(Arc<DaemonSet>),
    /// A ReplicaSet.
    ReplicaSet(Arc<ReplicaSet>),
    /// A Pod.
    Pod(Arc<Pod>),
    /// A ServiceAccount.
    ServiceAccount(Arc<ServiceAccount>),
}

impl InventoryObject {
    /// The object's kind.
    pub fn kind(&self) -> InputKind {
        match self {
            InventoryObject::Service(_) => InputKind::Service,
            InventoryObject::Deployment(_) => InputKind::Deployment,
            InventoryObject::StatefulSet(_) => InputKind::StatefulSet,
            InventoryObject::DaemonSet(_) => InputKind::DaemonSet,
            InventoryObject::ReplicaSet(_) => InputKind::ReplicaSet,
            InventoryObject::Pod(_) => InputKind::Pod,
            InventoryObject::ServiceAccount(_) => InputKind::ServiceAccount,
        }
    }

    /// The object's metadata.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            InventoryObject::Service(o) => &o.metadata,
            InventoryObject::Deployment(o) => &o.metadata,
            InventoryObject::StatefulSet(o) => &o.metadata,
            InventoryObject::DaemonSet(o) => &o.metadata,
            InventoryObject::ReplicaSet(o) => &o.metadata,
            InventoryObject::Pod(o) => &o.metadata,
            InventoryObject::ServiceAccount(o) => &o.metadata,
        }
    }

    /// The object's key.
    pub fn key(&self) -> InputKey {
        InputKey::of(self.kind(), self.metadata())
    }

    fn add_to(&self, inventory: &mut Inventory) {
        match self {
            InventoryObject::Service(o) => inventory.services.push(o.clone()),
            InventoryObject::Deployment(o) => inventory.deployments.push(o.clone()),
            InventoryObject::StatefulSet(o) => inventory.stateful_sets.push(o.clone()),
            InventoryObject::DaemonSet(o) => inventory.daemon_sets.push(o.clone()),
            InventoryObject::ReplicaSet(o) => inventory.replica_sets.push(o.clone()),
            InventoryObject::Pod(o) => inventory.pods.push(o.clone()),
            InventoryObject::ServiceAccount(o) => inventory.service_accounts.push(o.clone()),
        }
    }
}

/// The key of an SMI object.
pub fn smi_key(object: &SmiObject) -> InputKey {
    InputKey::of(InputKind::Smi(object.kind()), object.metadata())
}

/// Every object of an inventory, one by one (what a controller's first list returns).
pub fn inventory_objects(inventory: &Inventory) -> impl Iterator<Item = InventoryObject> + '_ {
    let i = inventory;
    (i.services.iter().cloned().map(InventoryObject::Service))
        .chain(
            i.deployments
                .iter()
                .cloned()
                .map(InventoryObject::Deployment),
        )
        .chain(
            i.stateful_sets
                .iter()
                .cloned()
                .map(InventoryObject::StatefulSet),
        )
        .chain(
            i.daemon_sets
                .iter()
                .cloned()
                .map(InventoryObject::DaemonSet),
        )
        .chain(
            i.replica_sets
                .iter()
                .cloned()
                .map(InventoryObject::ReplicaSet),
        )
        .chain(i.pods.iter().cloned().map(InventoryObject::Pod))
        .chain(
            i.service_accounts
                .iter()
                .cloned()
                .map(InventoryObject::ServiceAccount),
        )
}

/// The full compile the incremental compiler always equals: lower, emit, serialise.
///
/// Diagnostics are the graph's and the backend's, sorted and deduplicated, as `smi translate`
/// reports them.
pub fn compile<B>(
    smi: &[SmiObject],
    inventory: &Inventory,
    options: &Options,
    backend: &B,
) -> Output
where
    B: Backend,
    B::Output: Keyed,
{
    Output::emit(&lower(smi, inventory, options), backend)
}

/// The incremental compiler. See the [module documentation](self).
#[derive(Debug)]
pub struct Compiler {
    options: Options,
    smi: BTreeMap<InputKey, SmiObject>,
    inventory: BTreeMap<InputKey, InventoryObject>,
    /// Bumped by every change of the inputs.
    generation: u64,
    /// The graph of the inputs of one generation, kept while they do not change or the change
    /// could be patched into it.
    graph: Option<Lowered>,
    /// The last change, when it was patched into the graph: the generation it made, and how.
    patch: Option<(u64, Patch)>,
    /// Each backend's output at its last [`Compiler::delta`], by backend name.
    last: BTreeMap<&'static str, HeldOutput>,
}

impl Compiler {
    /// A compiler with no inputs, lowering with `options`.
    pub fn new(options: Options) -> Compiler {
        Compiler {
            options,
            smi: BTreeMap::new(),
            inventory: BTreeMap::new(),
            generation: 0,
            graph: None,
            patch: None,
            last: BTreeMap::new(),
        }
    }

    /// The lowering options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Adds an SMI object or replaces the one with its key; returns the one replaced.
    pub fn upsert(&mut self, object: SmiObject) -> Option<SmiObject> {
        let key = smi_key(&object);
        if self.smi.get(&key) == Some(&object) {
            return Some(object);
        }
        let replaced = self.smi.insert(key.clone(), object);
        self.smi_changed(&key, replaced.as_ref());
        replaced
    }

    /// Removes the SMI object with `key`; returns it.
    pub fn remove(&mut self, key: &InputKey) -> Option<SmiObject> {
        let removed = self.smi.remove(key);
        if removed.is_some() {
            self.smi_changed(key, removed.as_ref());
        }
        removed
    }

    /// Adds an inventory object or replaces the one with its key; returns the one replaced.
    pub fn upsert_inventory(&mut self, object: InventoryObject) -> Option<InventoryObject> {
        let key = object.key();
        if self.inventory.get(&key) == Some(&object) {
            return Some(object);
        }
        let replaced = self.inventory.insert(key.clone(), object);
        self.inventory_changed(&key, replaced.is_some());
        replaced
    }

    /// Removes the inventory object with `key`; returns it.
    pub fn remove_inventory(&mut self, key: &InputKey) -> Option<InventoryObject> {
        let removed = self.inventory.remove(key);
        if removed.is_some() {
            self.inventory_changed(key, true);
        }
        removed
    }

    /// Patches the held graph, if it is current, for the SMI object under `key` that replaced
    /// `before` (none: it is new; none held now: it was removed).
    fn smi_changed(&mut self, key: &InputKey, before: Option<&SmiObject>) {
        let (smi, options) = (&self.smi, &self.options);
        let patch = current(&mut self.graph, self.generation).and_then(|lowered| match key.kind {
            InputKind::Smi(KindName::TrafficSplit) => {
                split_patch::patch_split(lowered, smi, key, before?, options)
            }
            InputKind::Smi(KindName::TrafficTarget) => {
                target_patch::patch_target(lowered, smi, key, before, options)
            }
            _ => None,
        });
        self.changed(patch);
    }

    /// Patches the held graph, if it is current, for the inventory object under `key`
    /// (`had_before`: one was held before).
    fn inventory_changed(&mut self, key: &InputKey, had_before: bool) {
        let (inventory, options) = (&self.inventory, &self.options);
        let patch = current(&mut self.graph, self.generation).and_then(|lowered| {
            workload_patch::patch_inventory(lowered, inventory, key, had_before, options)
        });
        self.changed(patch);
    }

    /// Moves to the next generation of the inputs, keeping the graph if `patch` patched it and
    /// forgetting it otherwise.
    fn changed(&mut self, patch: Option<Patch>) {
        self.generation += 1;
        match (patch, self.graph.as_mut()) {
            (Some(patch), Some(lowered)) => {
                lowered.generation = self.generation;
                self.patch = Some((self.generation, patch));
            }
            _ => {
                self.graph = None;
                self.patch = None;
            }
        }
    }

    /// The SMI objects held, in key order.
    pub fn smi_objects(&self) -> impl Iterator<Item = (&InputKey, &SmiObject)> {
        self.smi.iter()
    }

    /// The inventory objects held, in key order.
    pub fn inventory_objects(&self) -> impl Iterator<Item = (&InputKey, &InventoryObject)> {
        self.inventory.iter()
    }

    /// The inventory of the objects held.
    pub fn inventory(&self) -> Inventory {
        let mut inventory = Inventory::new();
        for object in self.inventory.values() {
            object.add_to(&mut inventory);
        }
        inventory
    }

    /// `backend`'s output of the current inputs, and what changed since the last call for a
    /// backend of the same [name](Backend::name) (everything, the first time).
    pub fn delta<B>(&mut self, backend: &B) -> Delta
    where
        B: Backend,
        B::Output: Keyed,
    {
        let generation = self.generation;
        if let Some(held) = self.last.get_mut(backend.name()) {
            if held.generation == generation {
                return Delta::default();
            }
            if let (Some((patched, patch)), Some(lowered)) = (&mut self.patch, &mut self.graph)
                && *patched == generation
                && held.generation + 1 == generation
                && lowered.generation == generation
                && let Some(delta) = patch.apply_to_output(held, &mut lowered.graph, backend)
            {
                held.generation = generation;
                return delta;
            }
        }
        let current = Output::emit(self.graph(), backend);
        let delta = match self.last.get(backend.name()) {
            Some(last) => Delta::between(&last.output, &current),
            None => Delta::between(&Output::default(), &current),
        };
        self.last
            .insert(backend.name(), HeldOutput::new(current, generation));
        delta
    }

    /// `backend`'s output at the last [`delta`](Self::delta) for it, if any.
    pub fn last_output(&self, backend_name: &str) -> Option<&Output> {
        self.last.get(backend_name).map(|held| &held.output)
    }

    /// The graph of the current inputs.
    pub fn graph(&mut self) -> &MeshGraph {
        if self
            .graph
            .as_ref()
            .is_some_and(|lowered| lowered.generation != self.generation)
        {
            self.graph = None;
        }
        let generation = self.generation;
        let (smi, inventory, options) = (&self.smi, &self.inventory, &self.options);
        let lowered = self.graph.get_or_insert_with(|| {
            let smi: Vec<SmiObject> = smi.values().cloned().collect();
            let mut held = Inventory::new();
            for object in inventory.values() {
                object.add_to(&mut held);
            }
            let (graph, split_roots) = lower_keeping_roots(&smi, &held, options);
            let service_accounts = (inventory.keys())
                .filter(|key| key.kind == InputKind::ServiceAccount)
                .map(|key| Identity::new(&key.namespace, &key.name));
            Lowered::new(generation, graph, split_roots, service_accounts)
        });
        &lowered.graph
    }

    /// Every diagnostic of `backend`'s last output.
    pub fn diagnostics(&self, backend_name: &str) -> &[Diagnostic] {
        self.last
            .get(backend_name)
            .map_or(&[], |held| held.output.diagnostics.as_slice())
    }
}

/// The held graph, if it is the graph of the inputs of `generation`.
fn current(graph: &mut Option<Lowered>, generation: u64) -> Option<&mut Lowered> {
    graph
        .as_mut()
        .filter(|lowered| lowered.generation == generation)
}
