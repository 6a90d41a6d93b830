//! Serde JSON round trips for every SMI kind and version, over every well-formed object.

use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use smi_testkit::strategies::{self, Validity::WellFormed};
use smi_types::SmiObject;
use std::collections::BTreeSet;

fn from_json(json: serde_json::Value, like: &SmiObject) -> SmiObject {
    SmiObject::from_json(like.api_version(), like.kind(), json.clone())
        .expect("supported kind")
        .unwrap_or_else(|e| panic!("cannot read back {json}: {e}"))
}

#[test]
fn the_strategies_cover_every_supported_kind_and_version() {
    let mut runner = TestRunner::deterministic();
    let strategy = strategies::any_object(WellFormed);
    let mut seen = BTreeSet::new();
    for _ in 0..3000 {
        let object = strategy.new_tree(&mut runner).expect("value").current();
        seen.insert((object.api_version(), object.kind()));
    }
    let supported: BTreeSet<_> = SmiObject::supported().into_iter().collect();
    assert_eq!(seen, supported);
}

proptest! {
    #[test]
    fn value_json_value(object in strategies::any_object(WellFormed)) {
        let json = object.to_json();
        prop_assert_eq!(from_json(json, &object), object);
    }

    #[test]
    fn json_value_json(object in strategies::any_object(WellFormed)) {
        let json = object.to_json();
        let again = from_json(json.clone(), &object).to_json();
        prop_assert_eq!(again, json);
    }

    #[test]
    fn split_v1alpha1_weights_read_as_numbers_or_strings(
        weights in proptest::collection::vec(strategies::quantity_json(), 0..4)
    ) {
        let json = serde_json::json!({
            "apiVersion": "split.smi-spec.io/v1alpha1",
            "kind": "TrafficSplit",
            "metadata": {"name": "s", "namespace": "ns"},
            "spec": {
                "service": "root",
                "backends": weights.iter().enumerate()
                    .map(|(i, w)| serde_json::json!({"service": format!("b{i}"), "weight": w}))
                    .collect::<Vec<_>>(),
            }
        });
        let object: smi_types::split::v1alpha1::TrafficSplit =
            serde_json::from_value(json.clone()).expect("reads");
        prop_assert_eq!(serde_json::to_value(&object).expect("writes"), json);
    }
}
