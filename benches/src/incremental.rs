//! The incremental compiler against a full compile: one-object changes in a generated mesh.

use crate::{SEED, options};
use smi_testkit::changes::{relabelled, upserts, with_source_added};
use smi_testkit::{Scenario, ScenarioSize};
use smi_translate::backend::istio::Istio;
use smi_translate::incremental::{Compiler, InventoryObject, compile};
use smi_types::SmiObject;
use std::sync::Arc;

/// One change measured: its name and the object before and after it.
pub struct Edit {
    /// What the change is (`TrafficSplit weight`).
    pub name: &'static str,
    /// The object as the scenario has it.
    pub before: Input,
    /// The object changed.
    pub after: Input,
}

/// An input object of either sort.
// Three of them per run: boxing would only add a step.
#[allow(clippy::large_enum_variant)]
#[derive(Clone)]
pub enum Input {
    /// An SMI object.
    Smi(SmiObject),
    /// An inventory object.
    Inventory(InventoryObject),
}

impl Input {
    /// Upserts this object.
    pub fn upsert(&self, compiler: &mut Compiler) {
        match self {
            Input::Smi(o) => {
                compiler.upsert(o.clone());
            }
            Input::Inventory(o) => {
                compiler.upsert_inventory(o.clone());
            }
        }
    }
}

/// The smallest generated mesh with at least `services` Services.
pub fn mesh_with_services(services: usize) -> Scenario {
    // About two Services per app, 50 apps per namespace.
    let apps = services.div_ceil(2);
    let namespaces = apps.div_ceil(50);
    let mut size = ScenarioSize {
        namespaces,
        apps_per_namespace: 50,
    };
    loop {
        let scenario = Scenario::generate(SEED, size);
        if scenario.inventory.services.len() >= services {
            return scenario;
        }
        size.namespaces += 1;
    }
}

/// A compiler holding every object of `scenario`.
pub fn loaded(scenario: &Scenario) -> Compiler {
    let mut compiler = Compiler::new(options());
    for change in upserts(scenario) {
        change.apply(&mut compiler);
    }
    compiler
}

/// The changes the ratios binary measures: a TrafficSplit weight, a TrafficTarget source added,
/// a Deployment's pod labels.
pub fn edits(scenario: &Scenario) -> Vec<Edit> {
    let mut edits = Vec::new();
    if let Some((before, after)) = scenario.smi.iter().find_map(|o| {
        let mut changed = o.clone();
        let backends = match &mut changed {
            SmiObject::TrafficSplitV1alpha2(s) => &mut s.spec.backends,
            SmiObject::TrafficSplitV1alpha3(s) => &mut s.spec.backends,
            SmiObject::TrafficSplitV1alpha4(s) => &mut s.spec.backends,
            _ => return None,
        };
        let backend = backends.first_mut()?;
        backend.weight = backend.weight.wrapping_add(7) % 101;
        Some((o.clone(), changed))
    }) {
        edits.push(Edit {
            name: "TrafficSplit weight changed",
            before: Input::Smi(before),
            after: Input::Smi(after),
        });
    }
    if let Some((before, after)) = scenario.smi.iter().find_map(|o| {
        let SmiObject::TrafficTargetV1alpha3(_) = o else {
            return None;
        };
        Some((o.clone(), with_source_added(o)?))
    }) {
        edits.push(Edit {
            name: "TrafficTarget source added",
            before: Input::Smi(before),
            after: Input::Smi(after),
        });
    }
    if let Some(deployment) = scenario.inventory.deployments.first() {
        // Its `version` label moved to one that no Service selects.
        let changed = relabelled(deployment).swap_remove(0);
        edits.push(Edit {
            name: "Deployment labels changed",
            before: Input::Inventory(InventoryObject::Deployment(deployment.clone())),
            after: Input::Inventory(InventoryObject::Deployment(Arc::new(changed))),
        });
    }
    edits
}

/// The full compile of `scenario` with the Istio backend: lower, emit, serialise.
pub fn full_compile(scenario: &Scenario) -> usize {
    compile(
        &scenario.smi,
        &scenario.inventory,
        &options(),
        &Istio::default(),
    )
    .objects
    .len()
}
