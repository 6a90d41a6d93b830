//! Generated sequences of changes to a mesh, for the incremental compiler's properties.
//!
//! A change upserts or removes one object. The objects come from two scenarios of one size with
//! different seeds: their names coincide (`ns<i>`/`app<j>`, `tt<j>`, …), so an upsert from the
//! second replaces an object of the first with different content, as an edit in a cluster
//! does, and a removal takes out an object the mesh refers to. The pool also holds the edits a
//! controller sees most ([`edits`]): each TrafficSplit of the first scenario with its weights
//! changed (a rollout), each TrafficTarget with a source added or taken away, each Deployment
//! with its pod labels changed or running as another ServiceAccount.

use crate::scenario::{Scenario, ScenarioSize};
use k8s_openapi::api::apps::v1::Deployment;
use proptest::prelude::*;
use smi_translate::incremental::{Compiler, InputKey, InventoryObject, inventory_objects, smi_key};
use smi_types::SmiObject;
use smi_types::access::{v1alpha1 as a1, v1alpha3 as a3};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One change to the inputs.
// Changes are few and short-lived: boxing the object would only add a step to every use.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Change {
    /// Add or replace an SMI object.
    Upsert(SmiObject),
    /// Remove an SMI object.
    Remove(InputKey),
    /// Add or replace an inventory object.
    UpsertInventory(InventoryObject),
    /// Remove an inventory object.
    RemoveInventory(InputKey),
}

impl Change {
    /// Feeds this change to `compiler`.
    pub fn apply(&self, compiler: &mut Compiler) {
        match self {
            Change::Upsert(object) => {
                compiler.upsert(object.clone());
            }
            Change::Remove(key) => {
                compiler.remove(key);
            }
            Change::UpsertInventory(object) => {
                compiler.upsert_inventory(object.clone());
            }
            Change::RemoveInventory(key) => {
                compiler.remove_inventory(key);
            }
        }
    }
}

/// Every object of `scenario`, each as the change that upserts it.
pub fn upserts(scenario: &Scenario) -> Vec<Change> {
    inventory_objects(&scenario.inventory)
        .map(Change::UpsertInventory)
        .chain(scenario.smi.iter().cloned().map(Change::Upsert))
        .collect()
}

/// A scenario up to `max` and a sequence of up to `steps` changes to it.
pub fn scenario_and_changes(
    max: ScenarioSize,
    steps: usize,
) -> impl Strategy<Value = (Scenario, Vec<Change>)> {
    crate::scenario::scenario(max).prop_flat_map(move |scenario| {
        let other = Scenario::generate(scenario.seed.wrapping_add(1), scenario.size);
        let pool: Vec<Change> = upserts(&scenario)
            .into_iter()
            .chain(upserts(&other))
            .chain(edits(&scenario))
            .collect();
        let len = pool.len().max(1);
        let change = (0..len, any::<bool>()).prop_map(move |(i, remove)| {
            let upsert = pool[i % pool.len()].clone();
            match (remove, upsert) {
                (true, Change::Upsert(object)) => Change::Remove(smi_key(&object)),
                (true, Change::UpsertInventory(object)) => Change::RemoveInventory(object.key()),
                (_, change) => change,
            }
        });
        (
            Just(scenario),
            proptest::collection::vec(change, 1..=steps.max(1)),
        )
    })
}

/// A scenario up to `max` and a sequence of up to `steps` edits of its TrafficSplits: weights
/// moved, the second scenario's split of the same name, and back to the first's.
pub fn scenario_and_split_edits(
    max: ScenarioSize,
    steps: usize,
) -> impl Strategy<Value = (Scenario, Vec<Change>)> {
    crate::scenario::scenario(max).prop_flat_map(move |scenario| {
        let other = Scenario::generate(scenario.seed.wrapping_add(1), scenario.size);
        let is_split = |o: &&SmiObject| o.kind() == smi_types::KindName::TrafficSplit;
        let pool: Vec<Change> = (scenario.smi.iter().filter_map(reweighted))
            .chain(other.smi.iter().filter(is_split).cloned())
            .chain(scenario.smi.iter().filter(is_split).cloned())
            .map(Change::Upsert)
            .collect();
        let len = pool.len().max(1);
        let change = (0..len).prop_map(move |i| pool.get(i).cloned());
        (
            Just(scenario),
            proptest::collection::vec(change, 1..=steps.max(1))
                .prop_map(|changes| changes.into_iter().flatten().collect()),
        )
    })
}

/// A scenario up to `max` and a sequence of up to `steps` edits of what protects its
/// identities: a TrafficTarget with a source added or its sources taken away, a workload's pod
/// labels changed or the ServiceAccount it runs as, the second scenario's TrafficTarget or
/// Deployment of the same name, and back to the first's.
pub fn scenario_and_access_edits(
    max: ScenarioSize,
    steps: usize,
) -> impl Strategy<Value = (Scenario, Vec<Change>)> {
    crate::scenario::scenario(max).prop_flat_map(move |scenario| {
        let other = Scenario::generate(scenario.seed.wrapping_add(1), scenario.size);
        let is_target = |o: &&SmiObject| o.kind() == smi_types::KindName::TrafficTarget;
        let originals = |s: &Scenario| -> Vec<Change> {
            (s.smi.iter().filter(is_target).cloned().map(Change::Upsert))
                .chain(
                    (s.inventory.deployments.iter().cloned())
                        .map(|d| Change::UpsertInventory(InventoryObject::Deployment(d))),
                )
                .collect()
        };
        let pool: Vec<Change> = access_edits(&scenario)
            .into_iter()
            .chain(originals(&other))
            .chain(originals(&scenario))
            .collect();
        let len = pool.len().max(1);
        let change = (0..len, any::<bool>()).prop_map(move |(i, remove)| {
            pool.get(i).cloned().map(|change| match (remove, change) {
                (true, Change::Upsert(object)) => Change::Remove(smi_key(&object)),
                (_, change) => change,
            })
        });
        (
            Just(scenario),
            proptest::collection::vec(change, 1..=steps.max(1))
                .prop_map(|changes| changes.into_iter().flatten().collect()),
        )
    })
}

/// The one-object edits a controller sees most, of `scenario`'s objects: TrafficSplit weights
/// moved ([`reweighted`]) and the access edits of [`access_edits`].
pub fn edits(scenario: &Scenario) -> Vec<Change> {
    (scenario.smi.iter().filter_map(reweighted))
        .map(Change::Upsert)
        .chain(access_edits(scenario))
        .collect()
}

/// Edits of what protects `scenario`'s identities: each TrafficTarget with a source added (one
/// that nothing else names) and with no sources, and each Deployment with its pod labels
/// changed ([`relabelled`]) or running as another ServiceAccount.
pub fn access_edits(scenario: &Scenario) -> Vec<Change> {
    let targets = scenario.smi.iter().flat_map(|o| {
        [with_source_added(o), without_sources(o)]
            .into_iter()
            .flatten()
            .map(Change::Upsert)
    });
    let deployments = scenario.inventory.deployments.iter().flat_map(|d| {
        relabelled(d)
            .into_iter()
            .chain([running_as(d, "moved")])
            .map(|d| Change::UpsertInventory(InventoryObject::Deployment(Arc::new(d))))
    });
    targets.chain(deployments).collect()
}

/// The sources of a TrafficTarget of any version, or `None` for other kinds.
fn sources_of(object: &mut SmiObject) -> Option<Sources<'_>> {
    match object {
        SmiObject::TrafficTargetV1alpha1(t) => Some(Sources::Before(&mut t.spec.sources)),
        SmiObject::TrafficTargetV1alpha2(t) => Some(Sources::Before(&mut t.spec.sources)),
        SmiObject::TrafficTargetV1alpha3(t) => Some(Sources::Hub(&mut t.spec.sources)),
        _ => None,
    }
}

/// The sources of a TrafficTarget, in the subject type of its version.
enum Sources<'a> {
    Before(&'a mut Option<Vec<a1::IdentityBindingSubject>>),
    Hub(&'a mut Option<Vec<a3::IdentityBindingSubject>>),
}

/// `object`, a TrafficTarget, with one more source, a ServiceAccount that nothing else names;
/// `None` for other kinds.
pub fn with_source_added(object: &SmiObject) -> Option<SmiObject> {
    let mut changed = object.clone();
    let (name, namespace) = ("newcomer".to_owned(), Some("ns0".to_owned()));
    match sources_of(&mut changed)? {
        Sources::Before(sources) => {
            sources
                .get_or_insert_with(Vec::new)
                .push(a1::IdentityBindingSubject {
                    kind: Default::default(),
                    name,
                    namespace,
                    port: None,
                })
        }
        Sources::Hub(sources) => {
            sources
                .get_or_insert_with(Vec::new)
                .push(a3::IdentityBindingSubject {
                    kind: Default::default(),
                    name,
                    namespace,
                })
        }
    }
    Some(changed)
}

/// `object`, a TrafficTarget, with no sources (it then grants nothing); `None` for other kinds.
pub fn without_sources(object: &SmiObject) -> Option<SmiObject> {
    let mut changed = object.clone();
    match sources_of(&mut changed)? {
        Sources::Before(sources) => *sources = None,
        Sources::Hub(sources) => *sources = None,
    }
    Some(changed)
}

/// `deployment` with its pod labels changed three ways: its `version` moved to one no Service
/// selects, its `version` dropped (its labels then include those of its app's other
/// Deployments, which may run as another identity), and one label added.
pub fn relabelled(deployment: &Deployment) -> Vec<Deployment> {
    let with_labels = |change: &dyn Fn(&mut BTreeMap<String, String>)| {
        let mut changed = deployment.clone();
        let labels = (changed
            .spec
            .template
            .metadata
            .get_or_insert_with(Default::default))
        .labels
        .get_or_insert_with(BTreeMap::new);
        change(labels);
        changed
    };
    vec![
        with_labels(&|labels| {
            labels.insert("version".into(), "v9".into());
        }),
        with_labels(&|labels| {
            labels.remove("version");
        }),
        with_labels(&|labels| {
            labels.insert("track".into(), "shadow".into());
        }),
    ]
}

/// `deployment` with its pods running as the ServiceAccount `service_account`.
pub fn running_as(deployment: &Deployment, service_account: &str) -> Deployment {
    let mut changed = deployment.clone();
    (changed
        .spec
        .template
        .spec
        .get_or_insert_with(Default::default))
    .service_account_name = Some(service_account.to_owned());
    changed
}

/// `object` with every backend weight of a TrafficSplit moved (the first to 0: a backend
/// drained), or `None` for other kinds and for v1alpha1 (whose weights are quantities).
pub fn reweighted(object: &SmiObject) -> Option<SmiObject> {
    let mut changed = object.clone();
    let weights: Vec<&mut u32> = match &mut changed {
        SmiObject::TrafficSplitV1alpha2(s) => {
            s.spec.backends.iter_mut().map(|b| &mut b.weight).collect()
        }
        SmiObject::TrafficSplitV1alpha3(s) => {
            s.spec.backends.iter_mut().map(|b| &mut b.weight).collect()
        }
        SmiObject::TrafficSplitV1alpha4(s) => {
            s.spec.backends.iter_mut().map(|b| &mut b.weight).collect()
        }
        _ => return None,
    };
    for (i, weight) in weights.into_iter().enumerate() {
        *weight = if i == 0 {
            0
        } else {
            weight.wrapping_add(7) % 101
        };
    }
    Some(changed)
}
