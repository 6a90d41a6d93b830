//! Properties of the SMI semantics themselves, through `lower` + the reference evaluator:
//! deny by default, and TrafficTargets only ever add.

mod support;

use proptest::collection::vec;
use proptest::prelude::*;
use smi_testkit::{Scenario, ScenarioSize, evaluate, requests};
use smi_translate::Options;
use support::{extra_targets, is_target};

fn cases() -> impl Strategy<Value = (Scenario, u64, Vec<smi_testkit::Request>)> {
    (any::<u64>(), any::<u64>()).prop_flat_map(|(seed, other)| {
        let scenario = Scenario::generate(seed, ScenarioSize::SMALL);
        let graph = scenario.lower(&Options::default());
        (Just(scenario), Just(other), vec(requests(&graph), 32))
    })
}

proptest! {
    #![proptest_config(support::config(support::cases(64)))]

    /// Adding TrafficTargets never denies a request that was allowed (they only ever add).
    #[test]
    fn traffic_targets_only_add((scenario, other, requests) in cases()) {
        let before = scenario.lower(&Options::default());
        let mut more = scenario.clone();
        more.smi.extend(extra_targets(other, scenario.size));
        let after = more.lower(&Options::default());
        for r in &requests {
            if evaluate(&before, r).allowed {
                prop_assert!(evaluate(&after, r).allowed, "{r}");
            }
        }
    }

    /// Without TrafficTargets nothing is allowed, and splits are unaffected by access.
    #[test]
    fn no_targets_nothing_allowed((scenario, _other, requests) in cases()) {
        let full = scenario.lower(&Options::default());
        let mut bare = scenario.clone();
        bare.smi.retain(|o| !is_target(o));
        let bare = bare.lower(&Options::default());
        for r in &requests {
            let d = evaluate(&bare, r);
            prop_assert!(!d.allowed, "{r}");
            prop_assert_eq!(d.split, evaluate(&full, r).split);
        }
    }
}
