//! The incremental compiler equals a full compile after every change, and its deltas replay
//! to its output, for every backend, over generated sequences of upserts and removals.

mod support;

use proptest::prelude::*;
use smi_testkit::Scenario;
use smi_testkit::changes::{
    Change, access_edits, reweighted, scenario_and_access_edits, scenario_and_changes,
    scenario_and_split_edits, upserts,
};
use smi_translate::backend::compose::{AuthzBackend, GammaWithAuthz};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::{Istio, IstioObject};
use smi_translate::backend::linkerd::{Linkerd, LinkerdSplitMode};
use smi_translate::graph::{GraphIndex, Identity, Split};
use smi_translate::incremental::{Compiler, InputKey, Keyed, Output, OutputKey, smi_key};
use smi_translate::{Backend, Emitted, Inventory, MeshGraph, Options, lower};
use smi_types::SmiObject;
use std::cell::Cell;
use std::collections::BTreeMap;

/// The inputs as a plain model: what the compiler should hold after the same changes.
#[derive(Default)]
struct Model {
    smi: BTreeMap<InputKey, SmiObject>,
    inventory: BTreeMap<InputKey, smi_translate::incremental::InventoryObject>,
}

impl Model {
    fn apply(&mut self, change: &Change) {
        match change {
            Change::Upsert(o) => {
                self.smi.insert(smi_key(o), o.clone());
            }
            Change::Remove(key) => {
                self.smi.remove(key);
            }
            Change::UpsertInventory(o) => {
                self.inventory.insert(o.key(), o.clone());
            }
            Change::RemoveInventory(key) => {
                self.inventory.remove(key);
            }
        }
    }

    /// `lower` of the current inputs, written here without the compiler's help.
    fn lower(&self, options: &Options) -> MeshGraph {
        let smi: Vec<SmiObject> = self.smi.values().cloned().collect();
        let objects: Vec<_> = self.inventory.values().cloned().collect();
        let mut inventory = Inventory::new();
        for object in objects {
            use smi_translate::incremental::InventoryObject as I;
            inventory = match object {
                I::Service(o) => inventory.with_services([o]),
                I::Deployment(o) => inventory.with_deployments([o]),
                I::StatefulSet(o) => inventory.with_stateful_sets([o]),
                I::DaemonSet(o) => inventory.with_daemon_sets([o]),
                I::ReplicaSet(o) => inventory.with_replica_sets([o]),
                I::Pod(o) => inventory.with_pods([o]),
                I::ServiceAccount(o) => inventory.with_service_accounts([o]),
                _ => inventory,
            };
        }
        lower(&smi, &inventory, options)
    }

    /// `lower` + `emit` of the current inputs, each object serialised on its own.
    fn full_compile<B>(&self, backend: &B, options: &Options) -> (Vec<(OutputKey, String)>, String)
    where
        B: Backend,
        B::Output: Keyed,
    {
        let graph = self.lower(options);
        let emitted = backend.emit(&graph);
        let objects = emitted
            .objects
            .iter()
            .map(|o| (o.output_key(), serde_json::to_string(o).unwrap_or_default()))
            .collect();
        let mut diagnostics = graph.all_diagnostics();
        diagnostics.extend(emitted.diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        (
            objects,
            serde_json::to_string(&diagnostics).unwrap_or_default(),
        )
    }
}

fn check<B>(backend: &B, scenario: &Scenario, changes: &[Change]) -> Result<(), TestCaseError>
where
    B: Backend,
    B::Output: Keyed,
{
    let options = support::default_deny();
    let mut compiler = Compiler::new(options.clone());
    let mut model = Model::default();
    for change in upserts(scenario) {
        change.apply(&mut compiler);
        model.apply(&change);
    }
    let first = compiler.delta(backend);
    let mut replayed = BTreeMap::new();
    first.apply_to(&mut replayed);
    for (step, change) in changes.iter().enumerate() {
        change.apply(&mut compiler);
        model.apply(change);
        let delta = compiler.delta(backend);
        delta.apply_to(&mut replayed);
        let output: &Output = compiler
            .last_output(backend.name())
            .ok_or_else(|| TestCaseError::fail("no output after a delta"))?;
        let (objects, diagnostics) = model.full_compile(backend, &options);
        prop_assert_eq!(
            &output.objects,
            &objects,
            "{}: objects differ after step {} ({:?})",
            backend.name(),
            step,
            change
        );
        prop_assert_eq!(
            serde_json::to_string(&output.diagnostics).unwrap_or_default(),
            diagnostics,
            "{}: diagnostics differ after step {}",
            backend.name(),
            step
        );
        // The graph a change was patched into is the graph of the inputs.
        prop_assert!(
            compiler.graph() == &model.lower(&options),
            "{}: the held graph differs from lowering the inputs after step {} ({:?})",
            backend.name(),
            step,
            change
        );
        let expected: BTreeMap<OutputKey, String> = objects.into_iter().collect();
        prop_assert_eq!(
            &replayed,
            &expected,
            "{}: replayed deltas differ",
            backend.name()
        );
    }
    Ok(())
}

/// [`check`] for every backend.
fn check_every_backend(scenario: &Scenario, changes: &[Change]) -> Result<(), TestCaseError> {
    let linkerd = Linkerd::default();
    check(&Istio::default(), scenario, changes)?;
    check(&linkerd, scenario, changes)?;
    check(
        &linkerd.clone().split_mode(LinkerdSplitMode::ServiceProfile),
        scenario,
        changes,
    )?;
    check(&Envoy::default(), scenario, changes)?;
    check(&Gamma, scenario, changes)?;
    for authz in [
        AuthzBackend::Istio(Istio::default()),
        AuthzBackend::Linkerd(linkerd),
        AuthzBackend::None,
    ] {
        check(&GammaWithAuthz { authz }, scenario, changes)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(support::config(support::cases(12)))]

    #[test]
    fn incremental_output_equals_a_full_compile_after_every_change(
        (scenario, changes) in scenario_and_changes(support::size(), 12)
    ) {
        check_every_backend(&scenario, &changes)?;
    }

    // TrafficTarget and workload edits are patched into the graph, and into the output of a
    // backend that emits per destination.
    #[test]
    fn access_edits_equal_a_full_compile_after_every_change(
        (scenario, changes) in scenario_and_access_edits(support::size(), 12)
    ) {
        check_every_backend(&scenario, &changes)?;
    }

    // Split edits are what the compiler patches in place rather than lowering again.
    #[test]
    fn split_edits_equal_a_full_compile_after_every_change(
        (scenario, changes) in scenario_and_split_edits(support::size(), 12)
    ) {
        check_every_backend(&scenario, &changes)?;
    }
}

#[test]
fn a_delta_names_only_what_changed() {
    let scenario = Scenario::generate(3, support::size());
    let mut compiler = Compiler::new(support::default_deny());
    for change in upserts(&scenario) {
        change.apply(&mut compiler);
    }
    let first = compiler.delta(&Istio::default());
    assert!(!first.apply.is_empty());
    assert!(first.delete.is_empty());
    assert!(compiler.delta(&Istio::default()).is_empty());
    // Re-upserting what is held changes nothing.
    for change in upserts(&scenario) {
        change.apply(&mut compiler);
    }
    assert!(compiler.delta(&Istio::default()).is_empty());
}

#[test]
fn a_split_edit_changes_its_virtual_service_alone() {
    let scenario = Scenario::generate(3, support::size());
    let mut compiler = Compiler::new(support::default_deny());
    for change in upserts(&scenario) {
        change.apply(&mut compiler);
    }
    compiler.delta(&Istio::default());
    let edited: Vec<SmiObject> = scenario.smi.iter().filter_map(reweighted).collect();
    assert!(!edited.is_empty(), "the scenario has TrafficSplits");
    for split in edited {
        compiler.upsert(split);
        let delta = compiler.delta(&Istio::default());
        assert!(delta.delete.is_empty());
        assert!(delta.apply.len() <= 1, "{:?}", delta.apply);
        assert!(
            delta
                .apply
                .iter()
                .all(|(key, _)| key.kind == "VirtualService")
        );
    }
}

/// Istio, counting how often it emits the whole graph.
#[derive(Default)]
struct Counting {
    istio: Istio,
    whole: Cell<usize>,
}

impl Backend for Counting {
    type Output = IstioObject;

    fn name(&self) -> &'static str {
        self.istio.name()
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<IstioObject> {
        self.whole.set(self.whole.get() + 1);
        self.istio.emit(graph)
    }

    fn emit_split(&self, split: &Split, graph: &MeshGraph) -> Option<Emitted<IstioObject>> {
        self.istio.emit_split(split, graph)
    }

    fn emit_destination(
        &self,
        destination: &Identity,
        graph: &MeshGraph,
        index: &GraphIndex<'_>,
    ) -> Option<Emitted<IstioObject>> {
        self.istio.emit_destination(destination, graph, index)
    }
}

// An edit of what protects an identity that leaves the set of objects as it is replaces the
// AuthorizationPolicies of the identities it reaches, without emitting the whole graph.
#[test]
fn an_access_edit_emits_only_the_policies_it_reaches() {
    let scenario = Scenario::generate(3, support::size());
    let options = support::default_deny();
    let backend = Counting::default();
    let mut compiler = Compiler::new(options.clone());
    let mut model = Model::default();
    let originals: BTreeMap<InputKey, Change> = upserts(&scenario)
        .into_iter()
        .map(|change| (change_key(&change), change))
        .collect();
    for change in originals.values() {
        change.apply(&mut compiler);
        model.apply(change);
    }
    compiler.delta(&backend);
    let mut patched = 0;
    for edit in access_edits(&scenario) {
        let undo = originals[&change_key(&edit)].clone();
        for change in [edit, undo] {
            let keys_before: Vec<OutputKey> = compiler
                .last_output(backend.name())
                .map(|o| o.objects.iter().map(|(key, _)| key.clone()).collect())
                .unwrap_or_default();
            change.apply(&mut compiler);
            model.apply(&change);
            let whole = backend.whole.get();
            let delta = compiler.delta(&backend);
            let (objects, _) = model.full_compile(&backend.istio, &options);
            let output = compiler.last_output(backend.name());
            assert_eq!(output.map(|o| &o.objects), Some(&objects), "{change:?}");
            if keys_before.iter().eq(objects.iter().map(|(key, _)| key)) {
                assert_eq!(backend.whole.get(), whole, "{change:?}: the whole graph");
                assert!(delta.delete.is_empty());
                assert!(
                    delta
                        .apply
                        .iter()
                        .all(|(key, _)| key.kind == "AuthorizationPolicy"),
                    "{:?}",
                    delta.apply
                );
                patched += 1;
            }
        }
    }
    assert!(patched > 0, "no edit kept the objects");
}

/// The key of the object a change upserts or removes.
fn change_key(change: &Change) -> InputKey {
    match change {
        Change::Upsert(object) => smi_key(object),
        Change::UpsertInventory(object) => object.key(),
        Change::Remove(key) | Change::RemoveInventory(key) => key.clone(),
    }
}
