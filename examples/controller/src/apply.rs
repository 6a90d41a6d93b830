//! Carrying out [`Action`]s against the API server, with retries.

use crate::state::{Action, FIELD_MANAGER};
use crate::target::Resource;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use kube::api::{
    Api, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams, Preconditions,
};
use kube::{Client, Error};
use smi_translate::backend::MANAGED_BY;
use std::time::Duration;

/// How failed requests are retried: `attempts` tries, waiting `backoff`, then twice as long, …
#[derive(Clone, Copy, Debug)]
pub struct Retry {
    /// Tries per request.
    pub attempts: u32,
    /// The first wait.
    pub backoff: Duration,
}

impl Default for Retry {
    fn default() -> Self {
        Retry {
            attempts: 5,
            backoff: Duration::from_millis(200),
        }
    }
}

fn api(client: &Client, resource: &Resource, namespace: &str) -> Api<DynamicObject> {
    Api::namespaced_with(client.clone(), namespace, &resource.api_resource())
}

/// Carries out one action once.
pub async fn execute(client: &Client, action: &Action) -> Result<(), Error> {
    match action {
        Action::Apply {
            resource,
            namespace,
            name,
            body,
        } => {
            let params = PatchParams::apply(FIELD_MANAGER).force();
            api(client, resource, namespace)
                .patch(name, &params, &Patch::Apply(body))
                .await?;
        }
        Action::Delete {
            resource,
            namespace,
            name,
        } => {
            let api = api(client, resource, namespace);
            let Some(live) = api.get_opt(name).await? else {
                return Ok(());
            };
            if carries_managed_by(&live.metadata) {
                api.delete(name, &DeleteParams::default()).await?;
            }
        }
        Action::Prune { resource, keep } => {
            let all: Api<DynamicObject> = Api::all_with(client.clone(), &resource.api_resource());
            let selector = format!("{}={}", MANAGED_BY.0, MANAGED_BY.1);
            let owned = all.list(&ListParams::default().labels(&selector)).await?;
            for object in owned.items {
                let meta = &object.metadata;
                let (Some(namespace), Some(name)) = (&meta.namespace, &meta.name) else {
                    continue;
                };
                if keep.contains(&(namespace.clone(), name.clone())) || !carries_managed_by(meta) {
                    continue;
                }
                // Only the object as listed: one changed since (relabelled, recreated) stays.
                let params = DeleteParams {
                    preconditions: Some(Preconditions {
                        resource_version: meta.resource_version.clone(),
                        uid: meta.uid.clone(),
                    }),
                    ..DeleteParams::default()
                };
                match api(client, resource, namespace).delete(name, &params).await {
                    Err(Error::Api(status)) if status.code == 404 || status.code == 409 => {}
                    other => {
                        other?;
                    }
                }
            }
        }
        Action::Event(body) => {
            let namespace = body["metadata"]["namespace"].as_str().unwrap_or("default");
            let events: Api<DynamicObject> = api(client, &EVENTS, namespace);
            let event: DynamicObject =
                serde_json::from_value(body.clone()).map_err(Error::SerdeError)?;
            match events.create(&PostParams::default(), &event).await {
                // The same diagnostic, reported before: the Event is already there.
                Err(Error::Api(status)) if status.code == 409 => {}
                other => {
                    other?;
                }
            }
        }
    }
    Ok(())
}

fn carries_managed_by(meta: &ObjectMeta) -> bool {
    meta.labels
        .as_ref()
        .and_then(|l| l.get(MANAGED_BY.0))
        .is_some_and(|v| v == MANAGED_BY.1)
}

/// `v1` Events.
pub const EVENTS: Resource = Resource::new("", "v1", "Event", "events");

/// Carries out every action, each retried on failure; one that still fails is returned (and the
/// rest still run), so that the caller can try it again later.
pub async fn execute_all(
    client: &Client,
    actions: Vec<Action>,
    retry: Retry,
) -> Vec<(Action, Error)> {
    let mut failed = Vec::new();
    for action in actions {
        let mut wait = retry.backoff;
        let mut attempt = 1;
        loop {
            match execute(client, &action).await {
                Ok(()) => break,
                Err(e) if attempt < retry.attempts && retryable(&e) => {
                    tokio::time::sleep(wait).await;
                    wait *= 2;
                    attempt += 1;
                }
                Err(e) => {
                    eprintln!("smi-controller: {action:?} failed: {e}");
                    failed.push((action, e));
                    break;
                }
            }
        }
    }
    failed
}

/// Whether trying again can help: server errors, conflicts, throttling and transport errors do;
/// a request the server refuses as invalid does not.
pub fn retryable(error: &Error) -> bool {
    match error {
        Error::Api(status) => status.code >= 500 || status.code == 409 || status.code == 429,
        Error::SerdeError(_) => false,
        _ => true,
    }
}
