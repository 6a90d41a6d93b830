//! Shared by the integration tests: case counts, seeds and scenario sizes from the environment,
//! the namespace of hand-written manifests, lowering options.
#![allow(dead_code)]

use proptest::test_runner::{Config, RngSeed};
use smi_testkit::Scenario;
use smi_testkit::ScenarioSize;
use smi_testkit::manifests::Manifests;
use smi_translate::Options;
use smi_types::{Resource, SmiObject};

/// The namespace of the hand-written manifests.
pub const SHOP: Manifests = Manifests::new("shop");

/// `--default-deny`.
pub fn default_deny() -> Options {
    Options::default().emit_default_deny(true)
}

/// `SMI_TESTKIT_CASES` (a number), else `default`.
pub fn cases(default: u32) -> u32 {
    std::env::var("SMI_TESTKIT_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default)
}

/// `SMI_TESTKIT_SEED`: a number, or `random`; fixed by default so CI is reproducible.
pub fn seed() -> RngSeed {
    match std::env::var("SMI_TESTKIT_SEED").ok().as_deref() {
        Some("random") => RngSeed::Random,
        Some(s) => RngSeed::Fixed(s.parse().unwrap_or(0x5e1)),
        None => RngSeed::Fixed(0x5e1),
    }
}

/// A proptest config with `cases` cases, the seed above, no failure files.
pub fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: seed(),
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    }
}

/// `SMI_TESTKIT_SIZE`: `small` (default, 2 namespaces × 3 apps), `medium` (4 × 10), or
/// `<namespaces>x<apps>`.
pub fn size() -> smi_testkit::ScenarioSize {
    use smi_testkit::ScenarioSize;
    match std::env::var("SMI_TESTKIT_SIZE").ok().as_deref() {
        Some("medium") => ScenarioSize::MEDIUM,
        Some(s) => s
            .split_once('x')
            .and_then(|(n, a)| Some((n.parse().ok()?, a.parse().ok()?)))
            .map_or(ScenarioSize::SMALL, |(namespaces, apps_per_namespace)| {
                ScenarioSize {
                    namespaces,
                    apps_per_namespace,
                }
            }),
        None => ScenarioSize::SMALL,
    }
}

/// Whether `o` is a TrafficTarget of any released version.
pub fn is_target(o: &SmiObject) -> bool {
    matches!(
        o,
        SmiObject::TrafficTargetV1alpha1(_)
            | SmiObject::TrafficTargetV1alpha2(_)
            | SmiObject::TrafficTargetV1alpha3(_)
    )
}

/// The TrafficTargets of another scenario of the same size, renamed: their references use the
/// same names, so they resolve against this scenario's routes.
pub fn extra_targets(seed: u64, size: ScenarioSize) -> Vec<SmiObject> {
    let rename = |name: &mut Option<String>| {
        *name = name.as_ref().map(|n| format!("extra-{n}"));
    };
    Scenario::generate(seed, size)
        .smi
        .into_iter()
        .filter(is_target)
        .map(|mut o| {
            match &mut o {
                SmiObject::TrafficTargetV1alpha1(t) => rename(&mut t.meta_mut().name),
                SmiObject::TrafficTargetV1alpha2(t) => rename(&mut t.meta_mut().name),
                SmiObject::TrafficTargetV1alpha3(t) => rename(&mut t.meta_mut().name),
                _ => {}
            }
            o
        })
        .collect()
}
