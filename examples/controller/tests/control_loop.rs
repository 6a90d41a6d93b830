//! The watch → compile → apply loop against an in-process API server: the exact requests a
//! scripted sequence of watch events produces, with a bad object and a failing request.

mod support;

use futures::stream;
use http::{Method, StatusCode};
use kube::api::DynamicObject;
use kube::runtime::watcher::Event;
use serde_json::{Value, json};
use smi_controller::apply::Retry;
use smi_controller::inputs::InputEvent;
use smi_controller::run::{Settings, run};
use smi_controller::state::State;
use smi_controller::target::BackendName;
use smi_controller::watch::{inventory_events, smi_events};
use smi_translate::Options;
use smi_translate::incremental::{InputKind, InventoryObject};
use smi_types::KindName;
use std::collections::BTreeMap;
use std::time::Duration;
use support::fixtures::{bad_split, deployment, service, tcp_route, traffic_target};
use support::{Sent, mock_api};

fn watch_events(burst: Vec<Event<DynamicObject>>, kinds: &[KindName]) -> Vec<InputEvent> {
    burst
        .into_iter()
        .zip(kinds.iter().copied())
        .flat_map(|(event, kind)| smi_events(kind, event))
        .collect()
}

fn settings() -> Settings {
    let defaults = Settings::default();
    Settings {
        debounce: Duration::from_millis(50),
        retry: Retry {
            backoff: Duration::from_millis(1),
            ..defaults.retry
        },
        ..defaults
    }
}

const POLICY_PATH: &str =
    "/apis/security.istio.io/v1/namespaces/shop/authorizationpolicies/smi-deployment-api";
const APPLY_QUERY: &str = "?&force=true&fieldManager=smi-rs";
const TARGET_PATH: &str =
    "/apis/access.smi-spec.io/v1alpha3/namespaces/shop/traffictargets/web-to-api";
const TCP_ROUTE_PATH: &str = "/apis/specs.smi-spec.io/v1alpha4/namespaces/shop/tcproutes/any";

/// A server-side apply of the object at `path`.
fn applied(path: &str) -> (Method, String) {
    (Method::PATCH, format!("{path}{APPLY_QUERY}"))
}

/// The guarded delete of the object at `path`: read it, then delete it (it carries the label).
fn owned_delete(path: &str) -> [(Method, String); 2] {
    [
        (Method::GET, path.to_owned()),
        (Method::DELETE, format!("{path}?")),
    ]
}

/// Method and path of each request.
fn requests(sent: &[Sent]) -> Vec<(Method, String)> {
    sent.iter()
        .map(|s| (s.method.clone(), s.uri.clone()))
        .collect()
}

#[tokio::test]
async fn a_burst_compiles_once_and_applies_what_changed() {
    // The first request (the policy's apply) fails with a server error and is retried.
    let (client, server) = mock_api(BTreeMap::from([(0, StatusCode::INTERNAL_SERVER_ERROR)]));
    let mut events = Vec::new();
    events.extend(inventory_events(
        InputKind::Service,
        InventoryObject::Service,
        Event::InitApply(service()),
    ));
    events.extend(inventory_events(
        InputKind::Deployment,
        InventoryObject::Deployment,
        Event::Apply(deployment()),
    ));
    events.extend(watch_events(
        vec![
            Event::Apply(traffic_target()),
            Event::Apply(tcp_route()),
            Event::Apply(bad_split()),
        ],
        &[
            KindName::TrafficTarget,
            KindName::TcpRoute,
            KindName::TrafficSplit,
        ],
    ));
    let state = run(
        client,
        State::new(BackendName::Istio, Options::default()),
        stream::iter(events),
        settings(),
    )
    .await;
    drop(state);
    let sent = server.await.expect("the server task");
    assert_eq!(
        requests(&sent),
        [
            applied(POLICY_PATH),
            applied(POLICY_PATH),
            (Method::POST, "/api/v1/namespaces/shop/events?".to_owned()),
            applied(TARGET_PATH),
            applied(TCP_ROUTE_PATH),
            (
                Method::PATCH,
                format!(
                    "/apis/split.smi-spec.io/v1alpha4/namespaces/shop/trafficsplits/broken{APPLY_QUERY}"
                )
            ),
        ]
    );
    let policy = &sent[1].body;
    assert_eq!(policy["apiVersion"], "security.istio.io/v1");
    assert_eq!(policy["kind"], "AuthorizationPolicy");
    assert_eq!(
        policy["metadata"],
        json!({
            "name": "smi-deployment-api",
            "namespace": "shop",
            "labels": { "app.kubernetes.io/managed-by": "smi-rs" },
        })
    );
    assert_eq!(
        policy["spec"]["selector"],
        json!({ "matchLabels": { "app": "api" } })
    );
    assert_eq!(
        policy["spec"]["rules"][0]["from"][0]["source"]["principals"],
        json!(["cluster.local/ns/shop/sa/web"])
    );
    let event = &sent[2].body;
    assert_eq!(event["reason"], "unreadable-object");
    assert_eq!(event["type"], "Warning");
    assert_eq!(
        event["involvedObject"],
        json!({ "apiVersion": "split.smi-spec.io/v1alpha4", "kind": "TrafficSplit", "namespace": "shop", "name": "broken" })
    );
    assert!(
        event["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("spec.backends[0].weight: ")
    );
    let conditions = |s: &Sent| -> Value {
        let text = s.body["metadata"]["annotations"]["smi-rs.io/conditions"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    assert_eq!(conditions(&sent[3])[0]["type"], "Ready");
    assert_eq!(conditions(&sent[4])[0]["type"], "Ready");
    assert_eq!(conditions(&sent[5])[0]["type"], "Degraded");
    assert_eq!(
        conditions(&sent[5])[0]["message"],
        "see this object's Events: unreadable-object"
    );
    // Only the condition annotation: the controller never writes an SMI object's spec.
    assert_eq!(sent[5].body.get("spec"), None);
}

/// The Service, its Deployment, a TrafficTarget and its TCPRoute, compiled and applied once
/// (three requests: the policy and two conditions), as an earlier run of the loop did.
async fn compiled_once(client: &kube::Client) -> State {
    let mut state = State::new(BackendName::Istio, Options::default());
    for event in [
        InputEvent::Inventory(InventoryObject::Service(service().into())),
        InputEvent::Inventory(InventoryObject::Deployment(deployment().into())),
    ]
    .into_iter()
    .chain(watch_events(
        vec![Event::Apply(traffic_target()), Event::Apply(tcp_route())],
        &[KindName::TrafficTarget, KindName::TcpRoute],
    )) {
        state.handle(event);
    }
    let first = state.plan();
    smi_controller::apply::execute_all(client, first, settings().retry).await;
    state
}

#[tokio::test]
async fn a_removed_target_deletes_the_policy_it_compiled_to_and_only_if_owned() {
    let (client, server) = mock_api(BTreeMap::new());
    let state = compiled_once(&client).await;
    // Then the TrafficTarget goes away, and the same object is re-sent unchanged.
    let events = watch_events(
        vec![Event::Delete(traffic_target()), Event::Apply(tcp_route())],
        &[KindName::TrafficTarget, KindName::TcpRoute],
    );
    run(client, state, stream::iter(events), settings()).await;
    let sent = server.await.expect("the server task");
    assert_eq!(requests(&sent[3..]), owned_delete(POLICY_PATH));
}

#[tokio::test]
async fn an_object_someone_else_owns_is_never_deleted() {
    let (client, server) = mock_api(BTreeMap::new());
    // The live object lost the managed-by label: someone else took it over.
    let foreign = json!({
        "apiVersion": "security.istio.io/v1", "kind": "AuthorizationPolicy",
        "metadata": { "name": "smi-deployment-api", "namespace": "shop", "labels": { "team": "payments" } },
    });
    let api: kube::Api<DynamicObject> = kube::Api::namespaced_with(
        client.clone(),
        "shop",
        &kube::discovery::ApiResource::from_gvk_with_plural(
            &kube::core::GroupVersionKind::gvk("security.istio.io", "v1", "AuthorizationPolicy"),
            "authorizationpolicies",
        ),
    );
    api.patch(
        "smi-deployment-api",
        &kube::api::PatchParams::apply("someone-else"),
        &kube::api::Patch::Apply(&foreign),
    )
    .await
    .expect("stored");
    let delete = smi_controller::state::Action::Delete {
        resource: BackendName::Istio.outputs()[0],
        namespace: "shop".into(),
        name: "smi-deployment-api".into(),
    };
    let failed = smi_controller::apply::execute_all(&client, vec![delete], settings().retry).await;
    assert!(failed.is_empty());
    drop(api);
    drop(client);
    let sent = server.await.expect("the server task");
    let methods: Vec<Method> = sent.iter().map(|s| s.method.clone()).collect();
    assert_eq!(methods, [Method::PATCH, Method::GET]);
}

#[tokio::test]
async fn a_relist_that_lacks_an_object_deletes_what_it_compiled_to() {
    let (client, server) = mock_api(BTreeMap::new());
    let state = compiled_once(&client).await;
    // The TrafficTarget watch restarts; the TrafficTarget was deleted meanwhile. The TCPRoute
    // watch restarts too and lists its object again.
    let events = watch_events(
        vec![
            Event::Init,
            Event::InitDone,
            Event::Init,
            Event::InitApply(tcp_route()),
            Event::InitDone,
        ],
        &[
            KindName::TrafficTarget,
            KindName::TrafficTarget,
            KindName::TcpRoute,
            KindName::TcpRoute,
            KindName::TcpRoute,
        ],
    );
    run(client, state, stream::iter(events), settings()).await;
    let sent = server.await.expect("the server task");
    assert_eq!(requests(&sent[3..]), owned_delete(POLICY_PATH));
}

/// Stores `object` in the API server by server-side apply (one PATCH).
async fn store(client: &kube::Client, object: Value, plural: &str) {
    let types: kube::core::TypeMeta = serde_json::from_value(object.clone()).expect("typed");
    let (group, version) = types
        .api_version
        .split_once('/')
        .unwrap_or(("", &types.api_version));
    let resource = kube::discovery::ApiResource::from_gvk_with_plural(
        &kube::core::GroupVersionKind::gvk(group, version, &types.kind),
        plural,
    );
    let namespace = object["metadata"]["namespace"]
        .as_str()
        .unwrap_or("default");
    let name = object["metadata"]["name"].as_str().unwrap_or_default();
    let api: kube::Api<DynamicObject> =
        kube::Api::namespaced_with(client.clone(), namespace, &resource);
    api.patch(
        name,
        &kube::api::PatchParams::apply("an-earlier-run"),
        &kube::api::Patch::Apply(&object),
    )
    .await
    .expect("stored");
}

fn istio_object(kind: &str, name: &str, labels: Value) -> Value {
    let api_version = if kind == "VirtualService" {
        "networking.istio.io/v1"
    } else {
        "security.istio.io/v1"
    };
    json!({
        "apiVersion": api_version, "kind": kind,
        "metadata": { "name": name, "namespace": "shop", "labels": labels },
    })
}

/// Every watched kind listed: the Service, its Deployment, the TrafficTarget and its TCPRoute,
/// nothing else.
fn initial_lists() -> Vec<InputEvent> {
    let mut events = Vec::new();
    for kind in smi_controller::inputs::INVENTORY_KINDS {
        events.push(InputEvent::RelistStarted(kind));
        match kind {
            InputKind::Service => events.push(InputEvent::Inventory(InventoryObject::Service(
                service().into(),
            ))),
            InputKind::Deployment => events.push(InputEvent::Inventory(
                InventoryObject::Deployment(deployment().into()),
            )),
            _ => {}
        }
        events.push(InputEvent::RelistDone(kind));
    }
    for kind in [
        KindName::TrafficTarget,
        KindName::HttpRouteGroup,
        KindName::TcpRoute,
        KindName::UdpRoute,
        KindName::TrafficSplit,
    ] {
        let mut list = vec![Event::Init];
        match kind {
            KindName::TrafficTarget => list.push(Event::InitApply(traffic_target())),
            KindName::TcpRoute => list.push(Event::InitApply(tcp_route())),
            _ => {}
        }
        list.push(Event::InitDone);
        events.extend(list.into_iter().flat_map(|event| smi_events(kind, event)));
    }
    events
}

const OWNED_SELECTOR: &str = "?&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dsmi-rs";

#[tokio::test]
async fn on_start_owned_objects_the_inputs_no_longer_produce_are_deleted() {
    let (client, server) = mock_api(BTreeMap::new());
    let owned = json!({ "app.kubernetes.io/managed-by": "smi-rs" });
    // What an earlier run left: the policy the inputs still produce, one they no longer do and a
    // route; and a policy someone else wrote, without the label.
    for (kind, name, labels, plural) in [
        (
            "AuthorizationPolicy",
            "smi-deployment-api",
            owned.clone(),
            "authorizationpolicies",
        ),
        (
            "AuthorizationPolicy",
            "smi-deployment-gone",
            owned.clone(),
            "authorizationpolicies",
        ),
        (
            "AuthorizationPolicy",
            "team-policy",
            json!({ "team": "payments" }),
            "authorizationpolicies",
        ),
        ("VirtualService", "smi-split-gone", owned, "virtualservices"),
    ] {
        store(&client, istio_object(kind, name, labels), plural).await;
    }
    let state = State::new(BackendName::Istio, Options::default());
    run(client, state, stream::iter(initial_lists()), settings()).await;
    let sent = server.await.expect("the server task");
    let after_seeding = requests(&sent[4..]);
    assert_eq!(
        after_seeding,
        [
            applied(POLICY_PATH),
            applied(TARGET_PATH),
            applied(TCP_ROUTE_PATH),
            (
                Method::GET,
                format!("/apis/security.istio.io/v1/authorizationpolicies{OWNED_SELECTOR}")
            ),
            (
                Method::DELETE,
                "/apis/security.istio.io/v1/namespaces/shop/authorizationpolicies/smi-deployment-gone?"
                    .to_owned()
            ),
            (
                Method::GET,
                format!("/apis/networking.istio.io/v1/virtualservices{OWNED_SELECTOR}")
            ),
            (
                Method::DELETE,
                "/apis/networking.istio.io/v1/namespaces/shop/virtualservices/smi-split-gone?"
                    .to_owned()
            ),
        ]
    );
}

#[tokio::test]
async fn no_cleanup_before_every_watched_kind_is_listed() {
    let (client, server) = mock_api(BTreeMap::new());
    // Every list but the ReplicaSets'.
    let events: Vec<InputEvent> = initial_lists()
        .into_iter()
        .filter(|event| !matches!(event, InputEvent::RelistDone(InputKind::ReplicaSet)))
        .collect();
    let state = State::new(BackendName::Istio, Options::default());
    run(client, state, stream::iter(events), settings()).await;
    let sent = server.await.expect("the server task");
    let methods: Vec<Method> = sent.iter().map(|s| s.method.clone()).collect();
    assert_eq!(methods, [Method::PATCH, Method::PATCH, Method::PATCH]);
}

/// [`settings`] with two tries per request.
fn two_tries() -> Settings {
    Settings {
        retry: Retry {
            attempts: 2,
            ..settings().retry
        },
        ..settings()
    }
}

/// `first`, then, after a quiet time longer than the debounce, `then`.
fn two_bursts(
    first: Vec<InputEvent>,
    then: Vec<InputEvent>,
) -> impl futures::Stream<Item = InputEvent> {
    use futures::StreamExt;
    stream::iter(first).chain(
        stream::once(tokio::time::sleep(Duration::from_millis(300)))
            .flat_map(move |()| stream::iter(then.clone())),
    )
}

#[tokio::test]
async fn a_failed_apply_is_not_retried_once_its_input_is_gone() {
    // The policy's apply fails on both tries.
    let failing = StatusCode::INTERNAL_SERVER_ERROR;
    let (client, server) = mock_api(BTreeMap::from([(0, failing), (1, failing)]));
    let mut first = vec![
        InputEvent::Inventory(InventoryObject::Service(service().into())),
        InputEvent::Inventory(InventoryObject::Deployment(deployment().into())),
    ];
    first.extend(watch_events(
        vec![Event::Apply(traffic_target()), Event::Apply(tcp_route())],
        &[KindName::TrafficTarget, KindName::TcpRoute],
    ));
    // Then the TrafficTarget is deleted, and the next plan retries what failed.
    let then = watch_events(
        vec![Event::Delete(traffic_target())],
        &[KindName::TrafficTarget],
    );
    let state = State::new(BackendName::Istio, Options::default());
    run(client, state, two_bursts(first, then), two_tries()).await;
    let sent = server.await.expect("the server task");
    assert_eq!(
        requests(&sent),
        [
            applied(POLICY_PATH),
            applied(POLICY_PATH),
            applied(TARGET_PATH),
            applied(TCP_ROUTE_PATH),
            // The delete the removal plans (nothing is there: the apply never went through);
            // the failed apply is not sent again.
            (Method::GET, POLICY_PATH.to_owned()),
        ]
    );
}

#[tokio::test]
async fn a_failed_delete_is_not_retried_once_the_object_is_emitted_again() {
    // After the three requests of the first compile, the delete's read fails on both tries.
    let failing = StatusCode::INTERNAL_SERVER_ERROR;
    let (client, server) = mock_api(BTreeMap::from([(3, failing), (4, failing)]));
    let state = compiled_once(&client).await;
    let removed = watch_events(
        vec![Event::Delete(traffic_target())],
        &[KindName::TrafficTarget],
    );
    let back = watch_events(
        vec![Event::Apply(traffic_target())],
        &[KindName::TrafficTarget],
    );
    run(client, state, two_bursts(removed, back), two_tries()).await;
    let sent = server.await.expect("the server task");
    assert_eq!(
        requests(&sent[3..]),
        [
            (Method::GET, POLICY_PATH.to_owned()),
            (Method::GET, POLICY_PATH.to_owned()),
            // The TrafficTarget is back: the policy is applied again, the failed delete dropped.
            applied(POLICY_PATH),
            applied(TARGET_PATH),
        ]
    );
}
