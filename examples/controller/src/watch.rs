//! Watches of every input resource, merged into one stream of [`InputEvent`]s.

use crate::inputs::{InputEvent, SMI_RESOURCES};
use futures::stream::{self, BoxStream};
use futures::{Stream, StreamExt};
use k8s_openapi::api::apps::v1::{DaemonSet, Deployment, ReplicaSet, StatefulSet};
use k8s_openapi::api::core::v1::{Pod, Service, ServiceAccount};
use kube::api::{Api, DynamicObject};
use kube::runtime::watcher::{self, Event};
use kube::{Client, Resource};
use smi_translate::incremental::{InputKey, InputKind, InventoryObject};
use smi_types::KindName;
use std::sync::Arc;

/// The input events of one watch event of an SMI resource.
///
/// A watch (re)start lists every object: `Init`, an `InitApply` per object, `InitDone`; what
/// the list lacks was deleted while the watch was down ([`InputEvent::RelistDone`]).
pub fn smi_events(kind: KindName, event: Event<DynamicObject>) -> Vec<InputEvent> {
    match event {
        Event::Apply(o) | Event::InitApply(o) => vec![InputEvent::Smi(Box::new(o))],
        Event::Delete(o) => vec![InputEvent::SmiDeleted(key(
            InputKind::Smi(kind),
            &o.metadata,
        ))],
        Event::Init => vec![InputEvent::RelistStarted(InputKind::Smi(kind))],
        Event::InitDone => vec![InputEvent::RelistDone(InputKind::Smi(kind))],
    }
}

/// The input events of one watch event of an inventory resource.
pub fn inventory_events<K>(
    kind: InputKind,
    wrap: fn(Arc<K>) -> InventoryObject,
    event: Event<K>,
) -> Vec<InputEvent>
where
    K: Resource,
{
    match event {
        Event::Apply(o) | Event::InitApply(o) => vec![InputEvent::Inventory(wrap(Arc::new(o)))],
        Event::Delete(o) => vec![InputEvent::InventoryDeleted(key(kind, o.meta()))],
        Event::Init => vec![InputEvent::RelistStarted(kind)],
        Event::InitDone => vec![InputEvent::RelistDone(kind)],
    }
}

fn key(
    kind: InputKind,
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> InputKey {
    InputKey::new(
        kind,
        meta.namespace.clone().unwrap_or_else(|| "default".into()),
        meta.name.clone().unwrap_or_default(),
    )
}

/// Logs a watch error and goes on: the watcher retries with its own backoff.
fn logged<T>(result: Result<T, watcher::Error>) -> Option<T> {
    match result {
        Ok(event) => Some(event),
        Err(e) => {
            eprintln!("smi-controller: watch error (retrying): {e}");
            None
        }
    }
}

fn watch_inventory<K>(
    client: &Client,
    kind: InputKind,
    wrap: fn(Arc<K>) -> InventoryObject,
) -> BoxStream<'static, InputEvent>
where
    K: Resource<DynamicType = ()>
        + Clone
        + std::fmt::Debug
        + serde::de::DeserializeOwned
        + Send
        + Sync
        + 'static,
{
    let api: Api<K> = Api::all(client.clone());
    watcher::watcher(api, watcher::Config::default())
        .filter_map(|r| async move { logged(r) })
        .flat_map(move |event| stream::iter(inventory_events(kind, wrap, event)))
        .boxed()
}

/// Every input resource's watch, merged.
pub fn watch_all(client: &Client) -> impl Stream<Item = InputEvent> + use<> {
    let mut streams: Vec<BoxStream<'static, InputEvent>> = Vec::new();
    for resource in SMI_RESOURCES {
        let Some(kind) = KindName::parse(resource.kind) else {
            continue;
        };
        let api: Api<DynamicObject> = Api::all_with(client.clone(), &resource.api_resource());
        streams.push(
            watcher::watcher(api, watcher::Config::default())
                .filter_map(|r| async move { logged(r) })
                .flat_map(move |event| stream::iter(smi_events(kind, event)))
                .boxed(),
        );
    }
    streams.push(watch_inventory::<Service>(
        client,
        InputKind::Service,
        InventoryObject::Service,
    ));
    streams.push(watch_inventory::<ServiceAccount>(
        client,
        InputKind::ServiceAccount,
        InventoryObject::ServiceAccount,
    ));
    streams.push(watch_inventory::<Pod>(
        client,
        InputKind::Pod,
        InventoryObject::Pod,
    ));
    streams.push(watch_inventory::<Deployment>(
        client,
        InputKind::Deployment,
        InventoryObject::Deployment,
    ));
    streams.push(watch_inventory::<StatefulSet>(
        client,
        InputKind::StatefulSet,
        InventoryObject::StatefulSet,
    ));
    streams.push(watch_inventory::<DaemonSet>(
        client,
        InputKind::DaemonSet,
        InventoryObject::DaemonSet,
    ));
    streams.push(watch_inventory::<ReplicaSet>(
        client,
        InputKind::ReplicaSet,
        InventoryObject::ReplicaSet,
    ));
    stream::select_all(streams)
}
