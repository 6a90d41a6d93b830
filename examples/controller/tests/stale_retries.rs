//! Retries and the startup prune, decided by the state with no IO: a retry is checked against
//! the compiler's current output, and the prune waits for every first list.

mod support;

use smi_controller::inputs::{InputEvent, watched_kinds};
use smi_controller::state::{Action, State};
use smi_controller::target::BackendName;
use smi_translate::Options;
use smi_translate::incremental::{InputKey, InputKind, InventoryObject};
use smi_types::KindName;
use std::collections::BTreeSet;
use support::fixtures::{deployment, service, tcp_route, traffic_target, traffic_target_from};

/// The Service, its Deployment, the TrafficTarget from `sources` and its TCPRoute.
fn mesh_inputs(sources: &[&str]) -> Vec<InputEvent> {
    vec![
        InputEvent::Inventory(InventoryObject::Service(service().into())),
        InputEvent::Inventory(InventoryObject::Deployment(deployment().into())),
        InputEvent::Smi(Box::new(traffic_target_from(sources))),
        InputEvent::Smi(Box::new(tcp_route())),
    ]
}

fn target_key() -> InputKey {
    InputKey::new(
        InputKind::Smi(KindName::TrafficTarget),
        "shop",
        "web-to-api",
    )
}

fn state_with(events: Vec<InputEvent>) -> State {
    let mut state = State::new(BackendName::Istio, Options::default());
    for event in events {
        state.handle(event);
    }
    state
}

fn policy_applies(actions: &[Action]) -> Vec<Action> {
    actions
        .iter()
        .filter(|a| matches!(a, Action::Apply { resource, .. } if resource.kind == "AuthorizationPolicy"))
        .cloned()
        .collect()
}

#[test]
fn an_apply_superseded_by_a_newer_version_is_stale_and_the_newer_one_is_not() {
    let mut state = state_with(mesh_inputs(&["web"]));
    let first = policy_applies(&state.plan());
    assert_eq!(first.len(), 1);
    assert_eq!(state.current(first[0].clone()), Some(first[0].clone()));
    state.handle(InputEvent::Smi(Box::new(traffic_target_from(&[
        "web", "admin",
    ]))));
    let second = policy_applies(&state.plan());
    assert_eq!(second.len(), 1);
    assert_ne!(first, second);
    assert_eq!(state.current(first[0].clone()), None);
    assert_eq!(state.current(second[0].clone()), Some(second[0].clone()));
}

#[test]
fn a_delete_of_an_object_emitted_again_is_stale() {
    let mut state = state_with(mesh_inputs(&["web"]));
    let first = state.plan();
    let condition = first
        .iter()
        .find(|a| matches!(a, Action::Apply { resource, .. } if resource.kind == "TrafficTarget"))
        .cloned()
        .expect("the TrafficTarget's condition");
    state.handle(InputEvent::SmiDeleted(target_key()));
    let removal = state.plan();
    let delete = removal
        .iter()
        .find(|a| matches!(a, Action::Delete { .. }))
        .cloned()
        .expect("the policy's delete");
    assert_eq!(state.current(delete.clone()), Some(delete.clone()));
    // The condition of an object that is gone would recreate it.
    assert_eq!(state.current(condition), None);
    state.handle(InputEvent::Smi(Box::new(traffic_target())));
    assert_eq!(policy_applies(&state.plan()).len(), 1);
    assert_eq!(state.current(delete), None);
}

#[test]
fn the_prune_waits_for_every_first_list_then_keeps_what_is_emitted() {
    let mut state = state_with(mesh_inputs(&["web"]));
    let mut others: Vec<InputKind> = watched_kinds().into_iter().collect();
    let last = others.pop().expect("watched kinds");
    for kind in others {
        state.handle(InputEvent::RelistDone(kind));
    }
    let prunes = |actions: &[Action]| -> Vec<Action> {
        actions
            .iter()
            .filter(|a| matches!(a, Action::Prune { .. }))
            .cloned()
            .collect()
    };
    assert_eq!(prunes(&state.plan()), []);
    state.handle(InputEvent::RelistDone(last));
    let pruned = prunes(&state.plan());
    let keep =
        |namespace: &str, name: &str| BTreeSet::from([(namespace.to_owned(), name.to_owned())]);
    assert_eq!(
        pruned,
        [
            Action::Prune {
                resource: BackendName::Istio.outputs()[0],
                keep: keep("shop", "smi-deployment-api"),
            },
            Action::Prune {
                resource: BackendName::Istio.outputs()[1],
                keep: BTreeSet::new(),
            },
        ]
    );
    // Once: a later relist does not prune again.
    state.handle(InputEvent::RelistDone(last));
    assert_eq!(prunes(&state.plan()), []);
    // A retried prune keeps what is emitted when it runs.
    state.handle(InputEvent::SmiDeleted(target_key()));
    state.plan();
    assert_eq!(
        state.current(pruned[0].clone()),
        Some(Action::Prune {
            resource: BackendName::Istio.outputs()[0],
            keep: BTreeSet::new(),
        })
    );
}
