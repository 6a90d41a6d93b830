//! A scripted API server in process: kube's client over tower-test's mock service.
#![allow(dead_code)]

pub mod fixtures;

use http::{Method, Request, Response, StatusCode};
use kube::Client;
use kube::client::Body;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tokio::task::JoinHandle;

/// One request the controller sent.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    /// Method.
    pub method: Method,
    /// Path and query.
    pub uri: String,
    /// Body (`null` when empty).
    pub body: Value,
}

/// A client whose requests are answered by a task: the requests at the indexes in `failures`
/// get that status; PATCH and POST echo their body (remembered by path), GET returns what was
/// last applied at the path (404 when nothing was), or, for a cluster-wide collection with a
/// `key=value` label selector, a list of the objects stored under it that carry that label;
/// DELETE succeeds. The task returns every request when the client is dropped.
pub fn mock_api(failures: BTreeMap<usize, StatusCode>) -> (Client, JoinHandle<Vec<Sent>>) {
    let (service, mut handle) = tower_test::mock::pair::<Request<Body>, Response<Body>>();
    let server = tokio::spawn(async move {
        let mut sent = Vec::new();
        let mut stored: BTreeMap<String, Value> = BTreeMap::new();
        while let Some((request, respond)) = handle.next_request().await {
            let method = request.method().clone();
            let uri = request.uri().to_string();
            let path = request.uri().path().to_owned();
            let selector = request.uri().query().and_then(label_selector);
            let bytes = request
                .into_body()
                .collect_bytes()
                .await
                .unwrap_or_default();
            let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            let index = sent.len();
            sent.push(Sent {
                method: method.clone(),
                uri,
                body: body.clone(),
            });
            let (status, reply) = if let Some(status) = failures.get(&index) {
                (*status, status_body(*status))
            } else if method == Method::PATCH || method == Method::POST {
                stored.insert(path, body.clone());
                (StatusCode::OK, body)
            } else if method == Method::GET {
                match (stored.get(&path), selector) {
                    (Some(object), _) => (StatusCode::OK, object.clone()),
                    (None, Some((key, value))) => {
                        let items: Vec<Value> = stored
                            .iter()
                            .filter(|(at, object)| {
                                collection_of(at) == path
                                    && object["metadata"]["labels"][&key] == value.as_str()
                            })
                            .map(|(_, object)| object.clone())
                            .collect();
                        let list = json!({
                            "apiVersion": "v1", "kind": "List", "metadata": {}, "items": items,
                        });
                        (StatusCode::OK, list)
                    }
                    (None, None) => (StatusCode::NOT_FOUND, status_body(StatusCode::NOT_FOUND)),
                }
            } else {
                stored.remove(&path);
                (StatusCode::OK, status_body(StatusCode::OK))
            };
            let response = Response::builder()
                .status(status)
                .body(Body::from(serde_json::to_vec(&reply).unwrap_or_default()))
                .expect("a valid response");
            respond.send_response(response);
        }
        sent
    });
    (Client::new(service, "default"), server)
}

fn status_body(status: StatusCode) -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "Status",
        "status": if status.is_success() { "Success" } else { "Failure" },
        "message": status.canonical_reason().unwrap_or_default(),
        "reason": status.canonical_reason().unwrap_or_default(),
        "code": status.as_u16(),
    })
}

/// The `key=value` of a `labelSelector` query parameter.
fn label_selector(query: &str) -> Option<(String, String)> {
    let encoded = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("labelSelector="))?;
    let decoded = encoded.replace("%2F", "/").replace("%3D", "=");
    let (key, value) = decoded.split_once('=')?;
    Some((key.to_owned(), value.to_owned()))
}

/// The cluster-wide collection an object's path is in: `/apis/g/v/namespaces/ns/plural/name`
/// is in `/apis/g/v/plural`.
fn collection_of(object_path: &str) -> String {
    let segments: Vec<&str> = object_path.split('/').collect();
    let Some(at) = segments.iter().position(|s| *s == "namespaces") else {
        return String::new();
    };
    let mut collection: Vec<&str> = segments[..at].to_vec();
    collection.extend(&segments[at + 2..segments.len().saturating_sub(1)]);
    collection.join("/")
}
