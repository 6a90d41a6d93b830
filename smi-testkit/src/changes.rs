//! Generated sequences of changes to a mesh, for the incremental compiler's properties.
//!
//! A change upserts or removes one object. The objects come from two scenarios of one size with
//! different seeds: their names coincide (`ns<i>`/`app<j>`, `tt<j>`, …), so an upsert from the
//! second replaces an object of the first with different content, as an edit in a cluster
//! does, and a removal takes out an object the mesh refers to. The pool also holds each
//! TrafficSplit of the first scenario with its weights changed, the edit a rollout makes most.

use crate::scenario::{Scenario, ScenarioSize};
use proptest::prelude::*;
use smi_translate::incremental::{Compiler, InputKey, InventoryObject, inventory_objects, smi_key};
use smi_types::SmiObject;

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
            .chain(
                scenario
                    .smi
                    .iter()
                    .filter_map(reweighted)
                    .map(Change::Upsert),
            )
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
