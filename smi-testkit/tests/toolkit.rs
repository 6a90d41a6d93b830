//! The kit itself: scenarios are reproducible, load back, scale linearly; strategies produce
//! what they promise; nothing panics on invalid input.

mod support;

use proptest::collection::vec;
use proptest::prelude::*;
use smi_testkit::strategies::{self, Validity, arbitrary};
use smi_testkit::{IstioInterpreter, Scenario, ScenarioSize, evaluate, requests};
use smi_translate::backend::Backend;
use smi_translate::backend::istio::Istio;
use smi_translate::{Inventory, Options, lower};
use smi_types::Severity;
use smi_types::load::{LoadOptions, load};
use std::time::Instant;

#[test]
fn same_seed_same_scenario_other_seed_other_scenario() {
    let a = Scenario::generate(7, ScenarioSize::MEDIUM).to_yaml();
    let b = Scenario::generate(7, ScenarioSize::MEDIUM).to_yaml();
    let c = Scenario::generate(8, ScenarioSize::MEDIUM).to_yaml();
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn the_yaml_stream_loads_back_completely() {
    let scenario = Scenario::generate(3, ScenarioSize::MEDIUM);
    let yaml = scenario.to_yaml();
    let loaded = load(&yaml, &LoadOptions::default());
    assert!(!loaded.has_errors(), "{:#?}", loaded.problems);
    assert_eq!(loaded.objects.len(), scenario.object_count());
    assert_eq!(loaded.smi_objects().count(), scenario.smi.len());
}

#[test]
fn references_mostly_resolve_and_sometimes_do_not() {
    let (mut targets, mut granting, mut splits) = (0, 0, 0);
    let mut codes = std::collections::BTreeMap::<&str, usize>::new();
    for seed in 0..8 {
        let graph = Scenario::generate(seed, ScenarioSize::MEDIUM).lower(&Options::default());
        targets += graph.authorizations.len();
        granting += graph
            .authorizations
            .iter()
            .filter(|a| !a.grants.is_empty())
            .count();
        splits += graph.splits.len();
        let (_, istio) = IstioInterpreter::emit(&graph, &Istio::default());
        for d in graph.all_diagnostics().iter().chain(&istio) {
            *codes.entry(d.code).or_default() += 1;
        }
    }
    assert!(
        granting * 2 > targets,
        "most targets grant: {granting}/{targets}"
    );
    assert!(splits > 0);
    for code in [
        "unresolved-route",
        "unknown-match",
        "invalid-regex",
        "unresolved-backend",
        "istio-path-not-expressible",
        "istio-header-not-expressible",
    ] {
        assert!(codes.contains_key(code), "{code} never produced: {codes:?}");
    }
}

#[test]
fn generation_is_linear_and_fast() {
    let time = |n| {
        let start = Instant::now();
        let s = Scenario::generate(1, ScenarioSize::objects(n));
        (s.object_count(), start.elapsed())
    };
    let (small, t_small) = time(5_000);
    let (large, t_large) = time(20_000);
    assert!((4_000..6_500).contains(&small), "{small}");
    assert!((16_000..26_000).contains(&large), "{large}");
    eprintln!("5k objects: {t_small:?}, 20k objects: {t_large:?}");
    // Linear with generous slack for noisy machines.
    assert!(t_large < t_small * 12 + std::time::Duration::from_millis(50));
    let scenario = Scenario::generate(1, ScenarioSize::objects(20_000));
    let start = Instant::now();
    let yaml = scenario.to_yaml();
    eprintln!(
        "20k objects as YAML: {} bytes in {:?}",
        yaml.len(),
        start.elapsed()
    );
    assert_eq!(yaml.matches("\n---\n").count() + 1, scenario.object_count());
}

#[test]
fn the_request_strategy_hits_both_sides() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let graph = Scenario::generate(5, ScenarioSize::SMALL).lower(&Options::default());
    let strategy = requests(&graph);
    let mut runner = TestRunner::deterministic();
    let mut allowed = 0;
    for _ in 0..1000 {
        let Ok(tree) = strategy.new_tree(&mut runner) else {
            continue;
        };
        allowed += usize::from(evaluate(&graph, &tree.current()).allowed);
    }
    assert!((250..=750).contains(&allowed), "{allowed} of 1000 allowed");
}

proptest! {
    #![proptest_config(support::config(support::cases(128)))]

    #[test]
    fn valid_strategies_pass_per_object_validation(object in strategies::any_object(Validity::Valid)) {
        let errors: Vec<_> = smi_types::validate::validate(&object)
            .into_iter()
            .filter(|v| v.severity == Severity::Error)
            .map(|v| v.code)
            .collect();
        prop_assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn invalid_input_never_panics(objects in vec(arbitrary::any_object(), 0..12), seed in any::<u64>()) {
        let inventory = Scenario::generate(seed, ScenarioSize { namespaces: 1, apps_per_namespace: 2 }).inventory;
        for inv in [inventory, Inventory::new()] {
            let graph = lower(&objects, &inv, &Options::default().emit_default_deny(true));
            let _ = Istio::default().emit(&graph);
        }
    }

    #[test]
    fn scenario_strategy_scenarios_lower_and_emit(s in smi_testkit::scenario(ScenarioSize::SMALL)) {
        let graph = s.lower(&Options::default());
        let emitted = Istio::default().emit(&graph);
        for object in &emitted.objects {
            // What the CLI writes (YAML) reads back as the object's JSON, named.
            let json = serde_json::to_value(object).expect("serialisable");
            let yaml = serde_saphyr::to_string(object).expect("serialisable");
            let back: serde_json::Value = serde_saphyr::from_str(&yaml).expect("YAML reads back");
            prop_assert_eq!(&back, &json);
            prop_assert!(json["metadata"]["name"].as_str().is_some_and(|n| !n.is_empty()), "{json:#}");
        }
    }
}
