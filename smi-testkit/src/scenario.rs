//! A seeded, sized generator of consistent meshes: namespaces, Services, Deployments,
//! ServiceAccounts and SMI objects whose references mostly resolve, and sometimes on purpose
//! do not.
//!
//! Per namespace `ns<i>` and app `app<j>`: a ServiceAccount `sa<j>`, Deployments `app<j>-v1`
//! (and often `app<j>-v2`) with labels `app`/`version` and named container ports
//! (`http` 8080, `metrics` 9090, `db` 5432, `dns` 5353), a Service `app<j>` with 1–3 ports
//! (HTTP, gRPC, TCP, TLS, undeclared, sometimes UDP, sometimes a named `targetPort` that
//! does not resolve), often version Services `app<j>-v1`/`app<j>-v2`, an HTTPRouteGroup `routes<j>`, a
//! TCPRoute `ports<j>`, sometimes a UDPRoute, a TrafficTarget `tt<j>` protecting `sa<j>`, and
//! sometimes a TrafficSplit. Every SMI version appears. Path and header regexes are sometimes
//! expressible by every backend (literals, `literal.*`, `.*literal`) and sometimes not
//! (`[0-9]+`, alternations, `(?i)`); a few are not RE2 at all.
//!
//! Generation is linear in the size and needs no lookups, so 100 000 objects take well under
//! a second.

use crate::rng::SplitMix64;
use crate::strategies::traffic_split;
use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec};
use k8s_openapi::api::core::v1::{
    Container, ContainerPort, PodSpec, PodTemplateSpec, Service, ServiceAccount, ServicePort,
    ServiceSpec,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use proptest::prelude::*;
use smi_translate::{Inventory, MeshGraph, Options};
use smi_types::access::{v1alpha1 as a1, v1alpha2 as a2, v1alpha3 as a3};
use smi_types::specs::{v1alpha1 as s1, v1alpha2 as s2, v1alpha3 as s3, v1alpha4 as s4};
use smi_types::split::{v1alpha1 as t1, v1alpha2 as t2, v1alpha3 as t3, v1alpha4 as t4};
use smi_types::{HttpHeaders, HttpMethod, SmiObject};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

/// How big a scenario is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ScenarioSize {
    /// Number of namespaces.
    pub namespaces: usize,
    /// Apps per namespace (each app is about 8 objects).
    pub apps_per_namespace: usize,
}

impl ScenarioSize {
    /// 2 namespaces × 3 apps: what the differential properties use.
    pub const SMALL: ScenarioSize = ScenarioSize {
        namespaces: 2,
        apps_per_namespace: 3,
    };
    /// 4 namespaces × 10 apps.
    pub const MEDIUM: ScenarioSize = ScenarioSize {
        namespaces: 4,
        apps_per_namespace: 10,
    };

    /// About `objects` objects in total (SMI and inventory), in namespaces of up to 50 apps.
    pub fn objects(objects: usize) -> ScenarioSize {
        let apps = objects.div_ceil(OBJECTS_PER_APP).max(1);
        let namespaces = apps.div_ceil(50).max(1);
        ScenarioSize {
            namespaces,
            apps_per_namespace: apps.div_ceil(namespaces),
        }
    }
}

/// Average objects per app, measured on large scenarios.
const OBJECTS_PER_APP: usize = 8;

/// A generated mesh: SMI objects plus the cluster inventory they refer to.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The seed it was generated from.
    pub seed: u64,
    /// Its size.
    pub size: ScenarioSize,
    /// SMI objects, of every kind and version.
    pub smi: Vec<SmiObject>,
    /// Services, Deployments and ServiceAccounts.
    pub inventory: Inventory,
}

impl Scenario {
    /// Generates the scenario of `seed` and `size`; the same inputs give the same scenario.
    pub fn generate(seed: u64, size: ScenarioSize) -> Scenario {
        let mut g = Generator {
            rng: SplitMix64::new(seed),
            size,
            smi: Vec::new(),
            inventory: Inventory::new(),
        };
        for ns in 0..size.namespaces {
            for app in 0..size.apps_per_namespace {
                g.app(ns, app);
            }
        }
        Scenario {
            seed,
            size,
            smi: g.smi,
            inventory: g.inventory,
        }
    }

    /// Total number of objects (SMI and inventory).
    pub fn object_count(&self) -> usize {
        let i = &self.inventory;
        self.smi.len()
            + i.services.len()
            + i.deployments.len()
            + i.stateful_sets.len()
            + i.daemon_sets.len()
            + i.replica_sets.len()
            + i.pods.len()
            + i.service_accounts.len()
    }

    /// This scenario with the Services of about half its apps removed (every Service whose
    /// selector names the app), and the container ports of about half of those apps'
    /// Deployments too; `seed` picks which.
    pub fn without_services(mut self, seed: u64) -> Scenario {
        let mut rng = SplitMix64::new(seed);
        let app_of = |labels: Option<&BTreeMap<String, String>>| {
            labels
                .and_then(|l| l.get("app"))
                .cloned()
                .unwrap_or_default()
        };
        let mut apps: BTreeMap<(String, String), (bool, bool)> = BTreeMap::new();
        for d in &self.inventory.deployments {
            let key = (
                d.metadata.namespace.clone().unwrap_or_default(),
                app_of(d.spec.selector.match_labels.as_ref()),
            );
            apps.entry(key).or_insert_with(|| {
                let serviceless = rng.chance(1, 2);
                (serviceless, serviceless && rng.chance(1, 2))
            });
        }
        let chosen = |namespace: &Option<String>, app: String| {
            apps.get(&(namespace.clone().unwrap_or_default(), app))
                .copied()
                .unwrap_or_default()
        };
        self.inventory.services.retain(|svc| {
            let selector = svc.spec.as_ref().and_then(|s| s.selector.as_ref());
            !chosen(&svc.metadata.namespace, app_of(selector)).0
        });
        for d in &mut self.inventory.deployments {
            let app = app_of(d.spec.selector.match_labels.as_ref());
            if chosen(&d.metadata.namespace, app).1 {
                let mut portless = (**d).clone();
                let containers = portless
                    .spec
                    .template
                    .spec
                    .iter_mut()
                    .flat_map(|p| p.containers.iter_mut());
                for container in containers {
                    container.ports = None;
                }
                *d = Arc::new(portless);
            }
        }
        self
    }

    /// Lowers the scenario with `options`.
    pub fn lower(&self, options: &Options) -> MeshGraph {
        smi_translate::lower(&self.smi, &self.inventory, options)
    }

    /// Every object as JSON, inventory first.
    pub fn to_json_documents(&self) -> Vec<serde_json::Value> {
        let i = &self.inventory;
        let mut docs = Vec::with_capacity(self.object_count());
        let mut push = |v: Result<serde_json::Value, serde_json::Error>| {
            if let Ok(v) = v {
                docs.push(v);
            }
        };
        i.service_accounts
            .iter()
            .for_each(|o| push(serde_json::to_value(o.as_ref())));
        i.services
            .iter()
            .for_each(|o| push(serde_json::to_value(o.as_ref())));
        i.deployments
            .iter()
            .for_each(|o| push(serde_json::to_value(o.as_ref())));
        for o in &self.smi {
            docs.push(o.to_json());
        }
        docs
    }

    /// The whole scenario as one multi-document YAML stream (`---` between documents), as the
    /// CLI reads it.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        for (i, doc) in self.to_json_documents().iter().enumerate() {
            if i > 0 {
                out.push_str("---\n");
            }
            match serde_saphyr::to_string(doc) {
                Ok(yaml) => out.push_str(&yaml),
                // JSON is YAML: never lose a document.
                Err(_) => {
                    let _ = writeln!(out, "{doc}");
                }
            }
            if !out.ends_with('\n') {
                out.push('\n');
            }
        }
        out
    }
}

/// A strategy of scenarios up to `max` size (seed and size shrink).
pub fn scenario(max: ScenarioSize) -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        1..=max.namespaces.max(1),
        1..=max.apps_per_namespace.max(1),
    )
        .prop_map(|(seed, namespaces, apps_per_namespace)| {
            Scenario::generate(
                seed,
                ScenarioSize {
                    namespaces,
                    apps_per_namespace,
                },
            )
        })
}

/// Scenarios of up to `max` in which some apps lost every Service that selected them (and
/// some of those also their Deployments' container ports): destinations that only a workload
/// selector reaches ([`Scenario::without_services`]).
pub fn serviceless_scenario(max: ScenarioSize) -> impl Strategy<Value = Scenario> {
    (scenario(max), any::<u64>()).prop_map(|(s, seed)| s.without_services(seed))
}

/// Path regexes the generator uses: those backends can express exactly, those they cannot,
/// and one that is not RE2.
pub const PATH_REGEXES: &[&str] = &[
    "/",
    "/api",
    "/api/items",
    "/api/.*",
    "/static/.*",
    "/health$",
    "^/v1",
    ".*\\.json$",
    "/items/[0-9]+",
    "/a|/b",
    "(?i)/admin",
    "/api/.+",
    ".*items.*",
    "(",
];

/// Header `(name, value regex)` pairs the generator uses, expressible or not.
pub const HEADERS: &[(&str, &str)] = &[
    ("x-user", "alice"),
    ("x-user", "(bob|carol)"),
    ("user-agent", "curl/.*"),
    ("user-agent", ".*Android"),
    ("user-agent", ".*Firefox.*"),
    ("x-canary", ".*"),
    ("x-canary", "[0-9]+"),
    ("x-user", "["),
    ("bad header", "x"),
];

const METHODS: &[HttpMethod] = &[
    HttpMethod::Get,
    HttpMethod::Post,
    HttpMethod::Put,
    HttpMethod::Delete,
    HttpMethod::Head,
];

/// Named container ports every generated Deployment declares.
const CONTAINER_PORTS: &[(&str, i32)] = &[
    ("http", 8080),
    ("metrics", 9090),
    ("db", 5432),
    ("dns", 5353),
];

struct Generator {
    rng: SplitMix64,
    size: ScenarioSize,
    smi: Vec<SmiObject>,
    inventory: Inventory,
}

fn meta(name: &str, namespace: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(namespace.to_owned()),
        ..ObjectMeta::default()
    }
}

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

impl Generator {
    fn chance(&mut self, n: usize, d: usize) -> bool {
        self.rng.chance(n, d)
    }

    fn app(&mut self, ns_index: usize, j: usize) {
        let ns = format!("ns{ns_index}");
        let app = format!("app{j}");
        let sa = if j > 0 && self.chance(1, 10) {
            format!("sa{}", j - 1)
        } else {
            format!("sa{j}")
        };
        self.inventory
            .service_accounts
            .push(Arc::new(ServiceAccount {
                metadata: meta(&sa, &ns),
                ..ServiceAccount::default()
            }));
        // Workloads.
        let default_sa = self.chance(1, 12);
        let v1_sa = (!default_sa).then(|| sa.clone());
        self.deployment(
            &ns,
            &format!("{app}-v1"),
            &[("app", &app), ("version", "v1")],
            v1_sa.clone(),
        );
        let has_v2 = self.chance(2, 3);
        if has_v2 {
            let v2_sa = if self.chance(1, 10) {
                Some(format!("{sa}-canary"))
            } else {
                v1_sa.clone()
            };
            self.deployment(
                &ns,
                &format!("{app}-v2"),
                &[("app", &app), ("version", "v2")],
                v2_sa,
            );
        }
        if self.chance(1, 15) {
            // Same labels as v1 plus one: another identity behind v1's selector.
            self.deployment(
                &ns,
                &format!("{app}-shadow"),
                &[("app", &app), ("version", "v1"), ("track", "shadow")],
                Some(format!("{sa}-shadow")),
            );
        }
        // Services.
        let ports = self.service_ports();
        self.service(&ns, &app, &[("app", &app)], ports.clone());
        let versioned = self.chance(1, 2);
        if versioned {
            self.service(
                &ns,
                &format!("{app}-v1"),
                &[("app", &app), ("version", "v1")],
                ports.clone(),
            );
            let mut v2_ports = ports.clone();
            if v2_ports.len() > 1 && self.chance(1, 5) {
                v2_ports.pop();
            }
            self.service(
                &ns,
                &format!("{app}-v2"),
                &[("app", &app), ("version", "v2")],
                v2_ports,
            );
        }
        // Routes.
        let match_names = self.route_group(&ns, &format!("routes{j}"));
        self.tcp_route(&ns, &format!("ports{j}"));
        let has_udp = self.chance(1, 8);
        if has_udp {
            let ports = if self.chance(1, 2) {
                vec![5353]
            } else {
                vec![]
            };
            self.smi.push(SmiObject::UdpRouteV1alpha4(s4::UdpRoute {
                metadata: meta(&format!("udp{j}"), &ns),
                spec: s4::UdpRouteSpec {
                    matches: s4::PortMatch { name: None, ports },
                },
            }));
        }
        // Access.
        self.traffic_target(&ns, &format!("tt{j}"), &sa, j, &match_names, has_udp);
        if self.chance(1, 6) {
            self.traffic_target(&ns, &format!("tt{j}b"), &sa, j, &match_names, has_udp);
        }
        // Splits.
        if versioned && self.chance(1, 2) {
            self.split(&ns, &format!("split{j}"), &app, j);
            if self.chance(1, 20) {
                self.split(&ns, &format!("split{j}z"), &app, j);
            }
        }
    }

    fn deployment(
        &mut self,
        ns: &str,
        name: &str,
        pod_labels: &[(&str, &str)],
        sa: Option<String>,
    ) {
        let l = labels(pod_labels);
        let ports = CONTAINER_PORTS
            .iter()
            .map(|(n, p)| ContainerPort {
                name: Some((*n).to_owned()),
                container_port: *p,
                ..ContainerPort::default()
            })
            .collect();
        self.inventory.deployments.push(Arc::new(Deployment {
            metadata: meta(name, ns),
            spec: DeploymentSpec {
                selector: LabelSelector {
                    match_labels: Some(l.clone()),
                    ..LabelSelector::default()
                },
                template: PodTemplateSpec {
                    metadata: Some(ObjectMeta {
                        labels: Some(l),
                        ..ObjectMeta::default()
                    }),
                    spec: Some(PodSpec {
                        service_account_name: sa,
                        containers: vec![Container {
                            name: "main".into(),
                            image: Some("example/app".into()),
                            ports: Some(ports),
                            ..Container::default()
                        }],
                        ..PodSpec::default()
                    }),
                },
                ..DeploymentSpec::default()
            },
            ..Deployment::default()
        }));
    }

    fn service_ports(&mut self) -> Vec<ServicePort> {
        let n = 1 + self.rng.below(3);
        let mut ports: Vec<ServicePort> = Vec::new();
        for _ in 0..n {
            let p = match self.rng.below(13) {
                0..=3 => ServicePort {
                    name: Some("http".into()),
                    port: 80,
                    target_port: Some(if self.chance(1, 2) {
                        IntOrString::String("http".into())
                    } else {
                        IntOrString::Int(8080)
                    }),
                    app_protocol: self.chance(1, 3).then(|| "http".into()),
                    ..ServicePort::default()
                },
                4 | 5 => ServicePort {
                    name: Some("grpc-api".into()),
                    port: 9090,
                    target_port: Some(IntOrString::Int(9090)),
                    ..ServicePort::default()
                },
                6 | 7 => ServicePort {
                    name: Some("tcp-db".into()),
                    port: 5432,
                    target_port: Some(if self.chance(1, 2) {
                        IntOrString::String("db".into())
                    } else {
                        IntOrString::Int(5432)
                    }),
                    ..ServicePort::default()
                },
                8 | 9 => ServicePort {
                    name: Some("web".into()),
                    port: 8000,
                    target_port: Some(IntOrString::Int(8080)),
                    ..ServicePort::default()
                },
                10 => ServicePort {
                    name: Some("dns".into()),
                    port: 53,
                    protocol: Some("UDP".into()),
                    target_port: Some(IntOrString::Int(5353)),
                    ..ServicePort::default()
                },
                11 => ServicePort {
                    name: Some("https".into()),
                    port: 443,
                    target_port: Some(IntOrString::Int(8443)),
                    ..ServicePort::default()
                },
                _ => ServicePort {
                    name: Some("http-admin".into()),
                    port: 8081,
                    target_port: Some(IntOrString::String("missing".into())),
                    ..ServicePort::default()
                },
            };
            if !ports.iter().any(|q| q.port == p.port) {
                ports.push(p);
            }
        }
        ports
    }

    fn service(
        &mut self,
        ns: &str,
        name: &str,
        selector: &[(&str, &str)],
        ports: Vec<ServicePort>,
    ) {
        self.inventory.services.push(Arc::new(Service {
            metadata: meta(name, ns),
            spec: Some(ServiceSpec {
                selector: Some(labels(selector)),
                ports: Some(ports),
                ..ServiceSpec::default()
            }),
            ..Service::default()
        }));
    }

    fn methods(&mut self) -> Option<Vec<HttpMethod>> {
        match self.rng.below(6) {
            0 => None,
            1 => Some(vec![HttpMethod::Any]),
            2 => Some(vec![HttpMethod::Get, HttpMethod::Any]),
            _ => {
                let mut m: Vec<HttpMethod> = (0..1 + self.rng.below(2))
                    .filter_map(|_| self.rng.pick(METHODS).copied())
                    .collect();
                m.dedup();
                Some(m)
            }
        }
    }

    fn path(&mut self) -> Option<String> {
        if self.chance(1, 6) {
            return None;
        }
        // Mostly expressible; the last (invalid) one rarely.
        let n = PATH_REGEXES.len();
        let i = if self.chance(1, 40) {
            n - 1
        } else if self.chance(2, 3) {
            self.rng.below(8)
        } else {
            self.rng.below(n - 1)
        };
        PATH_REGEXES.get(i).map(|s| (*s).to_owned())
    }

    fn headers(&mut self) -> Option<HttpHeaders> {
        if !self.chance(1, 3) {
            return None;
        }
        let mut map = BTreeMap::new();
        for _ in 0..1 + self.rng.below(2) {
            let n = HEADERS.len();
            let i = if self.chance(1, 25) {
                n - 1 - self.rng.below(2)
            } else {
                self.rng.below(n - 2)
            };
            if let Some((k, v)) = HEADERS.get(i) {
                map.insert((*k).to_owned(), (*v).to_owned());
            }
        }
        Some(HttpHeaders(map))
    }

    /// An HTTPRouteGroup of 1–3 matches in a random version; returns the match names.
    fn route_group(&mut self, ns: &str, name: &str) -> Vec<String> {
        let count = 1 + self.rng.below(3);
        let matches: Vec<s2::HttpMatch> = (0..count)
            .map(|k| s2::HttpMatch {
                name: format!("m{k}"),
                methods: self.methods(),
                path_regex: self.path(),
                headers: self.headers(),
            })
            .collect();
        let names = matches.iter().map(|m| m.name.clone()).collect();
        let metadata = meta(name, ns);
        let object = match self.rng.below(8) {
            0 => SmiObject::HttpRouteGroupV1alpha1(s1::HttpRouteGroup {
                metadata,
                spec: s1::HttpRouteGroupSpec {
                    matches: matches
                        .into_iter()
                        .map(|m| s1::HttpMatch {
                            name: m.name,
                            methods: m.methods,
                            path_regex: m.path_regex,
                        })
                        .collect(),
                },
            }),
            1 => SmiObject::HttpRouteGroupV1alpha2(s2::HttpRouteGroup {
                metadata,
                spec: s2::HttpRouteGroupSpec { matches },
            }),
            2 => SmiObject::HttpRouteGroupV1alpha3(s3::HttpRouteGroup {
                metadata,
                spec: s3::HttpRouteGroupSpec { matches },
            }),
            _ => SmiObject::HttpRouteGroupV1alpha4(s4::HttpRouteGroup {
                metadata,
                spec: s4::HttpRouteGroupSpec { matches },
            }),
        };
        self.smi.push(object);
        names
    }

    fn tcp_route(&mut self, ns: &str, name: &str) {
        let metadata = meta(name, ns);
        let object = if self.chance(1, 8) {
            SmiObject::TcpRouteV1alpha3(s3::TcpRoute {
                metadata,
                spec: s3::TcpRouteSpec {},
            })
        } else {
            let ports = match self.rng.below(10) {
                0 | 1 => vec![],
                2 => vec![8080, 5432],
                3 => vec![5432],
                4 => vec![9090],
                5 => vec![1234, 8443],
                6 if self.chance(1, 4) => vec![70000],
                _ => vec![8080],
            };
            SmiObject::TcpRouteV1alpha4(s4::TcpRoute {
                metadata,
                spec: s4::TcpRouteSpec {
                    matches: s4::PortMatch { name: None, ports },
                },
            })
        };
        self.smi.push(object);
    }

    /// A subject name somewhere in the mesh: mostly existing ServiceAccounts.
    fn some_identity(&mut self, ns: &str) -> (String, Option<String>) {
        let namespace = if self.chance(2, 3) {
            ns.to_owned()
        } else {
            format!("ns{}", self.rng.below(self.size.namespaces))
        };
        let name = match self.rng.below(12) {
            0 => "default".to_owned(),
            1 => "ghost".to_owned(),
            _ => format!("sa{}", self.rng.below(self.size.apps_per_namespace)),
        };
        let namespace = (!self.chance(1, 12)).then_some(namespace);
        (name, namespace)
    }

    fn traffic_target(
        &mut self,
        ns: &str,
        name: &str,
        sa: &str,
        j: usize,
        match_names: &[String],
        has_udp: bool,
    ) {
        let destination_ns = match self.rng.below(30) {
            0..=2 => None,
            3 => Some(format!("ns{}", self.rng.below(self.size.namespaces) + 1)),
            _ => Some(ns.to_owned()),
        };
        let source_count = if self.chance(1, 30) {
            0
        } else {
            1 + self.rng.below(3)
        };
        let sources: Vec<(String, Option<String>)> =
            (0..source_count).map(|_| self.some_identity(ns)).collect();
        // Rules: (kind 0 = HTTP, 1 = TCP, 2 = UDP, name, matches).
        let mut rules: Vec<(u8, String, Option<Vec<String>>)> = Vec::new();
        if self.chance(4, 5) {
            let group = if self.chance(1, 15) {
                "nope".to_owned()
            } else {
                format!("routes{j}")
            };
            let matches = if self.chance(1, 3) {
                None
            } else {
                let mut chosen: Vec<String> = match_names
                    .iter()
                    .filter(|_| self.rng.chance(1, 2))
                    .cloned()
                    .collect();
                if chosen.is_empty() {
                    chosen.extend(match_names.first().cloned());
                }
                if self.chance(1, 15) {
                    chosen.push("missing-match".into());
                }
                Some(chosen)
            };
            rules.push((0, group, matches));
        }
        if self.chance(2, 5) {
            let route = if self.chance(1, 20) {
                "nope".to_owned()
            } else {
                format!("ports{j}")
            };
            rules.push((1, route, None));
        }
        if has_udp && self.chance(1, 2) {
            rules.push((2, format!("udp{j}"), None));
        }
        let metadata = meta(name, ns);
        let version = self.rng.below(6);
        let object = if version < 2 && !rules.iter().any(|r| r.0 == 2) {
            let port = if self.chance(1, 3) {
                self.rng.pick(&[8080, 5432, 9090, 5353]).copied()
            } else {
                None
            };
            let subject =
                |name: &str, namespace: Option<String>, port| a1::IdentityBindingSubject {
                    kind: a1::SubjectKind::ServiceAccount,
                    name: name.to_owned(),
                    namespace,
                    port,
                };
            let destination = subject(sa, destination_ns, port);
            let sources: Vec<_> = sources
                .iter()
                .map(|(n, ns)| subject(n, ns.clone(), None))
                .collect();
            let rules: Vec<a1::TrafficTargetRule> = rules
                .into_iter()
                .map(|(k, name, matches)| a1::TrafficTargetRule {
                    kind: if k == 0 {
                        a1::RuleKind::HttpRouteGroup
                    } else {
                        a1::RuleKind::TcpRoute
                    },
                    name,
                    matches,
                })
                .collect();
            if version == 0 {
                SmiObject::TrafficTargetV1alpha1(a1::TrafficTarget {
                    metadata,
                    spec: a1::TrafficTargetSpec {
                        destination,
                        sources: Some(sources),
                        specs: Some(rules),
                    },
                })
            } else {
                SmiObject::TrafficTargetV1alpha2(a2::TrafficTarget {
                    metadata,
                    spec: a2::TrafficTargetSpec {
                        destination,
                        sources: Some(sources),
                        rules: Some(rules),
                    },
                })
            }
        } else {
            let subject = |name: &str, namespace: Option<String>| a3::IdentityBindingSubject {
                kind: a3::SubjectKind::ServiceAccount,
                name: name.to_owned(),
                namespace,
            };
            SmiObject::TrafficTargetV1alpha3(a3::TrafficTarget {
                metadata,
                spec: a3::TrafficTargetSpec {
                    destination: subject(sa, destination_ns),
                    sources: Some(
                        sources
                            .iter()
                            .map(|(n, ns)| subject(n, ns.clone()))
                            .collect(),
                    ),
                    rules: Some(
                        rules
                            .into_iter()
                            .map(|(k, name, matches)| a3::TrafficTargetRule {
                                kind: match k {
                                    0 => a3::RuleKind::HttpRouteGroup,
                                    1 => a3::RuleKind::TcpRoute,
                                    _ => a3::RuleKind::UdpRoute,
                                },
                                name,
                                matches,
                            })
                            .collect(),
                    ),
                },
            })
        };
        self.smi.push(object);
    }

    fn split(&mut self, ns: &str, name: &str, app: &str, j: usize) {
        let all_zero = self.chance(1, 8);
        let weight = |g: &mut Self| if all_zero { 0 } else { g.rng.below(101) as u32 };
        let mut backends: Vec<(String, u32)> = vec![
            (format!("{app}-v1"), weight(self)),
            (format!("{app}-v2"), weight(self)),
        ];
        if self.chance(1, 10) {
            backends.push((format!("{app}-v3"), weight(self)));
        }
        if self.chance(1, 15) {
            backends.push((app.to_owned(), weight(self)));
        }
        let matches = if self.chance(1, 3) {
            let (kind, group) = match self.rng.below(10) {
                0 => ("HTTPRouteGroup", "nope".to_owned()),
                1 => ("TCPRoute", format!("ports{j}")),
                _ => ("HTTPRouteGroup", format!("routes{j}")),
            };
            Some(vec![t3::TrafficSplitMatch {
                api_group: Some("specs.smi-spec.io".into()),
                kind: kind.into(),
                name: group,
            }])
        } else {
            None
        };
        let metadata = meta(name, ns);
        let service = app.to_owned();
        let object = match (matches.is_some(), self.rng.below(4)) {
            (false, 0) => SmiObject::TrafficSplitV1alpha1(t1::TrafficSplit {
                metadata,
                spec: t1::TrafficSplitSpec {
                    service,
                    backends: backends
                        .into_iter()
                        .map(|(service, w)| t1::TrafficSplitBackend {
                            service,
                            // Milli-units: `500m`; the ratio is the same.
                            weight: format!("{w}m").parse().ok(),
                        })
                        .collect(),
                },
            }),
            (false, 1) => {
                SmiObject::TrafficSplitV1alpha2(traffic_split!(t2, metadata, service, backends))
            }
            (_, 2) => SmiObject::TrafficSplitV1alpha3(traffic_split!(
                t3, metadata, service, backends, matches
            )),
            _ => SmiObject::TrafficSplitV1alpha4(traffic_split!(
                t4, metadata, service, backends, matches
            )),
        };
        self.smi.push(object);
    }
}
