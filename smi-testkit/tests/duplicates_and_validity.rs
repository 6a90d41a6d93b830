//! Duplicates and validity, for every backend: of several objects with one kind, namespace and
//! name the later is used and the earlier contributes nothing; no two emitted objects share
//! apiVersion, kind, namespace and name; every error validation reports, translation reports.

mod support;

use proptest::collection::vec;
use proptest::prelude::*;
use smi_testkit::Scenario;
use smi_testkit::strategies::arbitrary;
use smi_translate::backend::compose::{AuthzBackend, GammaWithAuthz};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::{Backend, Inventory, MeshGraph, Options, lower};
use smi_types::{ObjectRef, Resource, SmiObject};
use std::collections::BTreeSet;

/// apiVersion, kind, namespace and name of every object `backend` emits for `graph` (an Envoy
/// proxy, which is not a Kubernetes object, by its file name).
fn emitted_keys(graph: &MeshGraph) -> Vec<(&'static str, Vec<String>)> {
    fn keys(values: impl Iterator<Item = serde_json::Result<serde_json::Value>>) -> Vec<String> {
        values
            .map(|v| {
                let v = v.expect("serialisable");
                let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_owned();
                format!(
                    "{} {} {}/{}",
                    text(&v["apiVersion"]),
                    text(&v["kind"]),
                    text(&v["metadata"]["namespace"]),
                    text(&v["metadata"]["name"])
                )
            })
            .collect()
    }
    let composed = |authz| {
        keys(
            GammaWithAuthz { authz }
                .emit(graph)
                .objects
                .iter()
                .map(serde_json::to_value),
        )
    };
    vec![
        (
            "istio",
            keys(
                Istio::default()
                    .emit(graph)
                    .objects
                    .iter()
                    .map(serde_json::to_value),
            ),
        ),
        (
            "linkerd",
            keys(
                Linkerd::default()
                    .emit(graph)
                    .objects
                    .iter()
                    .map(serde_json::to_value),
            ),
        ),
        (
            "envoy",
            Envoy::default()
                .emit(graph)
                .objects
                .iter()
                .map(|proxy| proxy.file_name())
                .collect(),
        ),
        (
            "gamma",
            keys(Gamma.emit(graph).objects.iter().map(serde_json::to_value)),
        ),
        (
            "gamma+istio",
            composed(AuthzBackend::Istio(Istio::default())),
        ),
        (
            "gamma+linkerd",
            composed(AuthzBackend::Linkerd(Linkerd::default())),
        ),
    ]
}

fn key_of(o: &SmiObject) -> ObjectRef {
    o.object_ref().in_effective_namespace()
}

/// A copy of `original` that differs from it: another version of its sources, rules or backends
/// taken from `donor` when it is of the same kind, else the original with a label.
fn variant(original: &SmiObject, donor: &SmiObject) -> SmiObject {
    let mut copy = if donor.kind() == original.kind() {
        donor.clone()
    } else {
        original.clone()
    };
    let (namespace, name) = (
        original.metadata().namespace.clone(),
        original.metadata().name.clone(),
    );
    macro_rules! rename {
        ($($variant:ident),*) => {
            match &mut copy {
                $(SmiObject::$variant(o) => {
                    o.meta_mut().namespace = namespace;
                    o.meta_mut().name = name;
                    o.meta_mut().labels.get_or_insert_default().insert("copy".into(), "later".into());
                })*
                _ => {}
            }
        };
    }
    rename!(
        TrafficTargetV1alpha1,
        TrafficTargetV1alpha2,
        TrafficTargetV1alpha3,
        HttpRouteGroupV1alpha1,
        HttpRouteGroupV1alpha2,
        HttpRouteGroupV1alpha3,
        HttpRouteGroupV1alpha4,
        TcpRouteV1alpha4,
        UdpRouteV1alpha4,
        TrafficSplitV1alpha1,
        TrafficSplitV1alpha2,
        TrafficSplitV1alpha3,
        TrafficSplitV1alpha4
    );
    copy
}

/// `objects` without the ones a later object of the same kind, namespace and name replaces.
fn last_of_each(objects: &[SmiObject]) -> Vec<SmiObject> {
    let mut seen = BTreeSet::new();
    let mut kept: Vec<SmiObject> = objects
        .iter()
        .rev()
        .filter(|o| o.metadata().name.is_none() || seen.insert(key_of(o)))
        .cloned()
        .collect();
    kept.reverse();
    kept
}

/// A scenario whose SMI objects are interleaved with differing copies of some of them, and
/// whose inventory lists some Services twice.
fn with_duplicates() -> impl Strategy<Value = (Scenario, Vec<SmiObject>, Inventory)> {
    (
        any::<u64>(),
        vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
            ),
            1..6,
        ),
    )
        .prop_map(|(seed, picks)| {
            let scenario = Scenario::generate(seed, support::size());
            let mut objects = scenario.smi.clone();
            for (original, donor, at) in picks {
                if objects.is_empty() {
                    break;
                }
                let copy = variant(original.get(&objects), donor.get(&objects));
                let at = at.index(objects.len() + 1);
                objects.insert(at, copy);
            }
            let mut inventory = scenario.inventory.clone();
            let again: Vec<_> = inventory.services.iter().step_by(2).cloned().collect();
            inventory.services.extend(again);
            (scenario, objects, inventory)
        })
}

/// The graph without its diagnostics: what it grants and splits.
fn meaning(graph: &MeshGraph) -> String {
    let mut authorizations = graph.authorizations.clone();
    for a in &mut authorizations {
        a.diagnostics.clear();
    }
    let splits: Vec<String> = graph.splits.iter().map(|s| format!("{s:?}")).collect();
    format!("{authorizations:?}\n{splits:?}")
}

proptest! {
    #![proptest_config(support::config(support::cases(48)))]

    /// The earlier of two objects with one kind, namespace and name contributes nothing: the
    /// graph means what it means without it; each earlier one is reported; no backend emits two
    /// objects with one apiVersion, kind, namespace and name.
    #[test]
    fn the_later_duplicate_wins_and_outputs_are_unique((_scenario, objects, inventory) in with_duplicates()) {
        let options = Options::default();
        let graph = lower(&objects, &inventory, &options);
        let without = lower(&last_of_each(&objects), &inventory, &options);
        prop_assert_eq!(meaning(&graph), meaning(&without));
        let replaced = objects.len() - last_of_each(&objects).len();
        let reported: Vec<String> = graph
            .diagnostics
            .iter()
            .filter(|d| d.code == smi_translate::lower::codes::DUPLICATE_OBJECT && smi_types::KindName::parse(&d.object.kind).is_some())
            .map(|d| format!("{} {:?}", d.object, d.related))
            .collect();
        prop_assert_eq!(reported.len(), replaced, "{:?}", reported);
        for (backend, keys) in emitted_keys(&graph) {
            let unique: BTreeSet<&String> = keys.iter().collect();
            prop_assert_eq!(unique.len(), keys.len(), "{} emits one key twice: {:?}", backend, keys);
        }
    }

    /// For any input, valid or not, every error validation reports, translation reports too
    /// (same code, same object).
    #[test]
    fn every_validation_error_is_a_translation_error(
        seed in any::<u64>(),
        extra in vec(arbitrary::any_object(), 0..8),
    ) {
        let scenario = Scenario::generate(seed, support::size());
        let mut objects = scenario.smi.clone();
        objects.extend(extra);
        let validation: BTreeSet<(&str, ObjectRef)> = smi_types::validate::validate_all(&objects)
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.object.in_effective_namespace()))
            .collect();
        let graph = lower(&objects, &scenario.inventory, &Options::default());
        let translation: BTreeSet<(&str, ObjectRef)> = graph
            .all_diagnostics()
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.object.clone().in_effective_namespace()))
            .collect();
        let missing: Vec<_> = validation.difference(&translation).collect();
        prop_assert!(missing.is_empty(), "validation errors translation does not report: {:?}", missing);
    }
}
