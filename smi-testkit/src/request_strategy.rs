//! A request strategy biased to hit granted and denied cases about equally.
//!
//! Requests are built from the graph's own grants and split conditions (a listed source, a
//! Service selecting a destination workload, a port the grant covers, a method, path and
//! headers derived from the match), then often mutated in one respect (another source, method,
//! path, header value or port), mixed with fully random requests. The evaluator, not this
//! module, decides what is allowed.

use crate::request::{Protocol, Request};
use proptest::prelude::*;
use proptest::sample::Index;
use smi_translate::MeshGraph;
use smi_translate::graph::{
    AppProtocol, Grant, HttpMatch, Identity, Method, MethodSet, PortSet, ServiceId, Transport,
    WorkloadId,
};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Paths that hit and narrowly miss the scenario generator's path regexes.
pub const PATHS: &[&str] = &[
    "/",
    "/api",
    "/api/",
    "/api/items",
    "/api/items/7",
    "/apix",
    "/ap",
    "/static/app.js",
    "/health",
    "/health/x",
    "/v1/users",
    "/data.json",
    "/data.json/x",
    "/items/42",
    "/items/",
    "/a",
    "/b",
    "/ADMIN",
    "/admin",
    "/x/items/y",
];

/// Header values that hit and miss the generator's header regexes.
pub const HEADER_VALUES: &[&str] = &[
    "alice",
    "bob",
    "mallory",
    "curl/8.0",
    "curl",
    "Mozilla Android",
    "Android x",
    "Firefox",
    "x Firefox y",
    "42",
    "4x",
    "",
];

/// One Service port a request can address.
#[derive(Clone, Debug)]
struct Target {
    service: ServiceId,
    port: u16,
    protocols: Vec<Protocol>,
    endpoints: Vec<WorkloadId>,
    other_ports: Vec<(u16, Vec<Protocol>)>,
}

/// A way to satisfy one grant: who, where, and what.
#[derive(Clone, Debug)]
struct Example {
    sources: Vec<Identity>,
    target: usize,
    endpoint: WorkloadId,
    what: What,
}

#[derive(Clone, Debug)]
enum What {
    Transport(Protocol),
    Http(Vec<HttpMatch>),
}

#[derive(Debug)]
struct Pool {
    identities: Vec<Identity>,
    targets: Vec<Target>,
    examples: Vec<Example>,
    header_names: Vec<String>,
}

/// Requests for `graph`: about half allowed and half denied on typical scenarios.
pub fn requests(graph: &MeshGraph) -> BoxedStrategy<Request> {
    let pool = Arc::new(pool(graph));
    if pool.targets.is_empty() {
        let pool = pool.clone();
        return (any::<Index>(), any::<Index>())
            .prop_map(move |(a, b)| fallback(&pool, a, b))
            .boxed();
    }
    let knobs = (
        0u8..10,
        0u8..8,
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
    );
    knobs
        .prop_map(move |(mode, mutation, a, b, c, d, e)| {
            if mode < 8 && !pool.examples.is_empty() {
                let mutation = if mode < 5 { 0 } else { mutation };
                from_example(&pool, mutation, a, b, c, d, e)
            } else {
                random(&pool, a, b, c, d, e)
            }
        })
        .boxed()
}

fn pool(graph: &MeshGraph) -> Pool {
    let mut identities: Vec<Identity> = graph.identities.iter().cloned().collect();
    identities.push(Identity::new("elsewhere", "stranger"));
    let mut targets = Vec::new();
    let mut index: BTreeMap<(ServiceId, u16), usize> = BTreeMap::new();
    for service in graph.services.values() {
        for port in service.ports.values() {
            let protocols = match (port.transport, port.protocol) {
                (Transport::Udp, _) => vec![Protocol::Udp],
                (_, AppProtocol::Tcp | AppProtocol::Tls) => vec![Protocol::Tcp],
                (_, AppProtocol::Unknown) => vec![Protocol::Http, Protocol::Tcp],
                _ => vec![Protocol::Http],
            };
            index.insert((service.id.clone(), port.port), targets.len());
            targets.push(Target {
                service: service.id.clone(),
                port: port.port,
                protocols,
                endpoints: service.workloads.iter().cloned().collect(),
                other_ports: Vec::new(),
            });
        }
    }
    // Every target knows its Service's other ports and what they carry.
    let by_service: BTreeMap<ServiceId, Vec<(u16, Vec<Protocol>)>> =
        targets.iter().fold(BTreeMap::new(), |mut m, t| {
            m.entry(t.service.clone())
                .or_default()
                .push((t.port, t.protocols.clone()));
            m
        });
    for t in &mut targets {
        t.other_ports = by_service.get(&t.service).cloned().unwrap_or_default();
    }
    let mut examples = Vec::new();
    let mut header_names = Vec::new();
    'auths: for auth in &graph.authorizations {
        if auth.sources.is_empty() {
            continue;
        }
        let sources: Vec<Identity> = auth.sources.iter().cloned().collect();
        for workload in graph.workloads_of(&auth.destination) {
            for service in graph.services.values() {
                if !service.workloads.contains(&workload.id) {
                    continue;
                }
                for port in service.ports.values() {
                    let Some(pod_port) = workload.resolve(&port.target_port) else {
                        continue;
                    };
                    let Some(&target) = index.get(&(service.id.clone(), port.port)) else {
                        continue;
                    };
                    for grant in &auth.grants {
                        let (ports, what): (&PortSet, What) = match grant {
                            Grant::Tcp { ports } => (ports, What::Transport(Protocol::Tcp)),
                            Grant::Udp { ports } => (ports, What::Transport(Protocol::Udp)),
                            Grant::Http { ports, matches } => {
                                for m in matches {
                                    header_names.extend(m.headers.iter().map(|h| h.name.clone()));
                                }
                                (ports, What::Http(matches.clone()))
                            }
                        };
                        if ports.contains(pod_port) {
                            examples.push(Example {
                                sources: sources.clone(),
                                target,
                                endpoint: workload.id.clone(),
                                what,
                            });
                            if examples.len() > 20_000 {
                                break 'auths;
                            }
                        }
                    }
                }
            }
        }
    }
    // Split conditions: requests that address a root and may match its condition.
    for split in &graph.splits {
        let Some(condition) = &split.condition else {
            continue;
        };
        for port in &split.ports {
            let Some(&target) = index.get(&(split.root.clone(), port.port)) else {
                continue;
            };
            let Some(endpoint) = targets
                .get(target)
                .and_then(|t| t.endpoints.first().cloned())
            else {
                continue;
            };
            if !condition.is_empty() {
                examples.push(Example {
                    sources: identities.clone(),
                    target,
                    endpoint,
                    what: What::Http(condition.clone()),
                });
            }
        }
    }
    header_names.extend(["x-user", "user-agent", "x-canary"].map(String::from));
    header_names.sort();
    header_names.dedup();
    Pool {
        identities,
        targets,
        examples,
        header_names,
    }
}

fn pick<T>(items: &[T], i: Index) -> Option<&T> {
    (!items.is_empty()).then(|| i.get(items))
}

fn fallback(pool: &Pool, a: Index, b: Index) -> Request {
    let source = pick(&pool.identities, a)
        .cloned()
        .unwrap_or_else(|| Identity::new("default", "default"));
    Request::http(source, ServiceId::new("default", "nothing"), 80)
        .with_path(pick(PATHS, b).copied().unwrap_or("/"))
}

/// A string the regex probably matches: anchors dropped, `.*` filled in, escapes undone,
/// classes and alternations replaced by one of their members.
pub fn sample_for_regex(regex: &str, filler: &str) -> String {
    let mut s = regex
        .trim_start_matches('^')
        .trim_end_matches('$')
        .replace("(?i)", "");
    if let Some((first, _)) = s.split_once('|') {
        s = first.to_owned();
    }
    s = s
        .replace(".*", filler)
        .replace(".+", "x")
        .replace("[0-9]+", "42")
        .replace("\\.", ".")
        .replace(['(', ')'], "");
    s
}

const METHODS: [Method; 5] = [
    Method::Get,
    Method::Post,
    Method::Put,
    Method::Delete,
    Method::Head,
];

fn from_example(
    pool: &Pool,
    mutation: u8,
    a: Index,
    b: Index,
    c: Index,
    d: Index,
    e: Index,
) -> Request {
    let Some(example) = pick(&pool.examples, a) else {
        return fallback(pool, a, b);
    };
    let Some(target) = pool.targets.get(example.target) else {
        return fallback(pool, a, b);
    };
    let source = pick(&example.sources, b)
        .cloned()
        .unwrap_or_else(|| Identity::new("default", "default"));
    let mut request =
        Request::http(source, target.service.clone(), target.port).on(example.endpoint.clone());
    match &example.what {
        What::Transport(p) => {
            // A TCP grant also covers HTTP: speak what the port carries.
            request.protocol = match p {
                Protocol::Tcp => pick(&target.protocols, c).copied().unwrap_or(Protocol::Tcp),
                other => *other,
            };
            request.path = pick(PATHS, d).copied().unwrap_or("/").to_owned();
        }
        What::Http(matches) => {
            if let Some(m) = pick(matches, c) {
                request.method = match &m.methods {
                    MethodSet::Any => *d.get(&METHODS),
                    MethodSet::Only(set) => {
                        let v: Vec<Method> = set.iter().copied().collect();
                        pick(&v, d).copied().unwrap_or(Method::Get)
                    }
                };
                let fillers = ["", "x", "/1", "/a/b"];
                request.path = match &m.path {
                    None => pick(PATHS, e).copied().unwrap_or("/").to_owned(),
                    Some(p) => sample_for_regex(&p.regex, e.get::<&str>(&fillers)),
                };
                if !request.path.starts_with('/') {
                    request.path.insert(0, '/');
                }
                let values = ["Mozilla", "", "7"];
                for h in &m.headers {
                    request.headers.insert(
                        h.name.clone(),
                        sample_for_regex(&h.regex, e.get::<&str>(&values)),
                    );
                }
            }
        }
    }
    mutate(pool, target, request, mutation, d, e)
}

fn mutate(
    pool: &Pool,
    target: &Target,
    mut request: Request,
    mutation: u8,
    d: Index,
    e: Index,
) -> Request {
    match mutation {
        1 => {
            if let Some(s) = pick(&pool.identities, d) {
                request.source = s.clone();
            }
        }
        2 => request.method = *d.get(&METHODS),
        3 => match e.index(4) {
            0 => request.path.push('x'),
            1 => {
                request.path.pop();
            }
            2 => request.path = format!("/x{}", request.path),
            _ => request.path = request.path.to_ascii_uppercase(),
        },
        4 => {
            if let Some(name) = pick(&pool.header_names, d) {
                if e.index(2) == 0 {
                    request.headers.remove(name);
                } else {
                    request
                        .headers
                        .insert(name.clone(), e.get(HEADER_VALUES).to_string());
                }
            }
        }
        5 => {
            // Another port of the Service, speaking what that port carries.
            if let Some((port, protocols)) = pick(&target.other_ports, d) {
                request.port = *port;
                if !protocols.contains(&request.protocol) {
                    request.protocol = protocols.first().copied().unwrap_or(Protocol::Tcp);
                }
            }
        }
        6 => request.endpoint = None,
        7 => {
            if let Some(p) = pick(&target.protocols, d) {
                request.protocol = *p;
            }
        }
        _ => {}
    }
    request
}

fn random(pool: &Pool, a: Index, b: Index, c: Index, d: Index, e: Index) -> Request {
    let Some(target) = pick(&pool.targets, a) else {
        return fallback(pool, a, b);
    };
    let source = pick(&pool.identities, b)
        .cloned()
        .unwrap_or_else(|| Identity::new("default", "default"));
    let mut request = Request::http(source, target.service.clone(), target.port);
    request.endpoint = pick(&target.endpoints, c).cloned();
    request.protocol = pick(&target.protocols, d).copied().unwrap_or(Protocol::Tcp);
    request.method = *c.get(&METHODS);
    request.path = e.get(PATHS).to_string();
    if let Some(name) = pick(&pool.header_names, d) {
        request
            .headers
            .insert(name.clone(), e.get(HEADER_VALUES).to_string());
    }
    request
}
