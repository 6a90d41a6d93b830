//! The Envoy backend: golden bootstraps of named scenarios, determinism, access decisions
//! (osm#5297, OSM's bookstore dump) and references between resources.

use super::envoy_scenarios::{emit_scenario, scenario, scenarios, translate};
use super::support::{assert_goldens, assert_input_order_irrelevant, repo};

#[test]
fn golden_outputs() {
    assert_goldens("envoy", &scenarios(), translate);
}

#[test]
fn input_order_does_not_change_a_byte() {
    assert_input_order_irrelevant(&scenarios(), translate);
}

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One access decision: who may send what to which pod port.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    /// `<ns>/<sa>`.
    principal: String,
    port: u64,
    /// Whole-path regex (`None`: every path).
    path: Option<String>,
    /// `None`: every method.
    method: Option<String>,
    /// Header name → whole-value regex.
    headers: Vec<(String, String)>,
}

fn json(config: &impl serde::Serialize) -> Value {
    serde_json::to_value(config).expect("json")
}

fn spiffe_to_identity(id: &str) -> String {
    // spiffe://<td>/ns/<ns>/sa/<sa>
    let parts: Vec<&str> = id.split('/').collect();
    assert_eq!((parts[3], parts[5]), ("ns", "sa"), "{id}");
    format!("{}/{}", parts[4], parts[6])
}

/// The access decisions of one of our bootstraps: every HTTP RBAC policy of the inbound listener,
/// one entry per principal and method.
fn our_grants(bootstrap: &Value, strip_full_anchor: bool) -> BTreeSet<Grant> {
    let mut out = BTreeSet::new();
    let listeners = bootstrap["static_resources"]["listeners"]
        .as_array()
        .expect("listeners");
    for listener in listeners.iter().filter(|l| l["name"] == "inbound") {
        for chain in listener["filter_chains"].as_array().expect("chains") {
            let port = chain["filter_chain_match"]["destination_port"]
                .as_u64()
                .expect("port");
            for filter in chain["filters"].as_array().expect("filters") {
                let Some(http_filters) = filter["typed_config"]["http_filters"].as_array() else {
                    continue;
                };
                for f in http_filters
                    .iter()
                    .filter(|f| f["name"] == "envoy.filters.http.rbac")
                {
                    let rules = &f["typed_config"]["rules"];
                    assert_eq!(rules["action"], "ALLOW");
                    let Some(policies) = rules["policies"].as_object() else {
                        continue;
                    };
                    for policy in policies.values() {
                        let mut path = None;
                        let mut methods = vec![None];
                        let mut headers = Vec::new();
                        let [permission] = policy["permissions"].as_array().expect("p").as_slice()
                        else {
                            panic!("one permission per policy")
                        };
                        for rule in permission["and_rules"]["rules"].as_array().expect("and") {
                            if let Some(p) = rule.get("destination_port") {
                                assert_eq!(p.as_u64(), Some(port));
                            } else if let Some(p) = rule.get("url_path") {
                                let regex = p["path"]["safe_regex"]["regex"]
                                    .as_str()
                                    .expect("regex")
                                    .to_owned();
                                path = Some(if strip_full_anchor {
                                    regex
                                        .strip_prefix("(?:")
                                        .and_then(|r| r.strip_suffix(')'))
                                        .expect("(?:…)")
                                        .to_owned()
                                } else {
                                    regex
                                });
                            } else if let Some(or) = rule.get("or_rules") {
                                methods = or["rules"]
                                    .as_array()
                                    .expect("methods")
                                    .iter()
                                    .map(|m| {
                                        assert_eq!(m["header"]["name"], ":method");
                                        Some(
                                            m["header"]["string_match"]["exact"]
                                                .as_str()
                                                .expect("exact")
                                                .to_owned(),
                                        )
                                    })
                                    .collect();
                            } else if let Some(h) = rule.get("header") {
                                headers.push((
                                    h["name"].as_str().expect("name").to_owned(),
                                    h["string_match"]["safe_regex"]["regex"]
                                        .as_str()
                                        .expect("regex")
                                        .to_owned(),
                                ));
                            } else {
                                panic!("unexpected permission {rule}");
                            }
                        }
                        headers.sort();
                        for principal in principals(&policy["principals"]) {
                            for method in &methods {
                                out.insert(Grant {
                                    principal: principal.clone(),
                                    port,
                                    path: path.clone(),
                                    method: method.clone(),
                                    headers: headers.clone(),
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// `<ns>/<sa>` of every principal of a policy (or_ids of authenticated principal names).
fn principals(principals: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for p in principals.as_array().expect("principals") {
        for id in p["or_ids"]["ids"].as_array().expect("or_ids") {
            let name = id["authenticated"]["principal_name"]["exact"]
                .as_str()
                .expect("exact");
            out.push(if name.starts_with("spiffe://") {
                spiffe_to_identity(name)
            } else {
                // OSM: <sa>.<ns>.<trust-domain>
                let parts: Vec<&str> = name.splitn(3, '.').collect();
                format!("{}/{}", parts[1], parts[0])
            });
        }
    }
    out
}

fn bootstrap_of(proxies: &[smi_translate::backend::envoy::EnvoyProxyConfig], id: &str) -> Value {
    let proxy = proxies
        .iter()
        .find(|p| p.identity.to_string() == id)
        .unwrap_or_else(|| panic!("no proxy for {id}"));
    json(&proxy.bootstrap())
}

#[test]
fn overlapping_targets_each_keep_their_grant_osm_5297() {
    // admin-to-api grants everything, reader-to-api only GET/HEAD /items with x-tenant. In OSM
    // the catch-all route came first and its per-route RBAC shadowed the reader's route.
    let (proxies, _) = emit_scenario(&scenario("envoy-edges"));
    let grants = our_grants(&bootstrap_of(&proxies, "edge/api"), false);
    let tenant = vec![("x-tenant".to_owned(), "t-[0-9]+".to_owned())];
    let expected: BTreeSet<Grant> = [
        Grant {
            principal: "edge/admin".into(),
            port: 8081,
            path: None,
            method: None,
            headers: vec![],
        },
        Grant {
            principal: "edge/reader".into(),
            port: 8081,
            path: Some("(?:/items).*".into()),
            method: Some("GET".into()),
            headers: tenant.clone(),
        },
        Grant {
            principal: "edge/reader".into(),
            port: 8081,
            path: Some("(?:/items).*".into()),
            method: Some("HEAD".into()),
            headers: tenant,
        },
    ]
    .into();
    assert_eq!(grants, expected);
    // Access is decided by RBAC before routing: the inbound routes are a single catch-all.
    let api = bootstrap_of(&proxies, "edge/api");
    let routes: Vec<&Value> = api["static_resources"]["listeners"][0]["filter_chains"]
        .as_array()
        .expect("chains")
        .iter()
        .flat_map(|c| c["filters"].as_array().expect("filters"))
        .filter_map(|f| f["typed_config"]["route_config"]["virtual_hosts"].as_array())
        .flatten()
        .flat_map(|vh| vh["routes"].as_array().expect("routes"))
        .collect();
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0]["match"], serde_json::json!({"prefix": "/"}));
    assert!(routes[0].get("typed_per_filter_config").is_none());
}

/// OSM's access decisions from its inbound route configuration `rds-inbound`: per-route RBAC.
fn osm_grants(dump: &Value, port: u64) -> BTreeSet<Grant> {
    let mut out = BTreeSet::new();
    let routes = dump["configs"]
        .as_array()
        .expect("configs")
        .iter()
        .find(|c| c["@type"] == "type.googleapis.com/envoy.admin.v3.RoutesConfigDump")
        .expect("routes dump");
    for rc in routes["dynamic_route_configs"].as_array().expect("rds") {
        let rc = &rc["route_config"];
        if rc["name"] != "rds-inbound" {
            continue;
        }
        for vh in rc["virtual_hosts"].as_array().expect("vhosts") {
            for route in vh["routes"].as_array().expect("routes") {
                let m = &route["match"];
                let path = m["safe_regex"]["regex"]
                    .as_str()
                    .filter(|r| *r != ".*")
                    .map(str::to_owned);
                let mut method = None;
                let mut headers = Vec::new();
                for h in m["headers"].as_array().into_iter().flatten() {
                    let regex = h["safe_regex_match"]["regex"]
                        .as_str()
                        .expect("regex")
                        .to_owned();
                    if h["name"] == ":method" {
                        method = (regex != ".*").then_some(regex);
                    } else {
                        headers.push((h["name"].as_str().expect("name").to_owned(), regex));
                    }
                }
                headers.sort();
                let policies = route["typed_per_filter_config"]["envoy.filters.http.rbac"]["rbac"]
                    ["rules"]["policies"]
                    .as_object()
                    .expect("per-route RBAC");
                for policy in policies.values() {
                    assert_eq!(policy["permissions"], serde_json::json!([{"any": true}]));
                    for principal in principals(&policy["principals"]) {
                        out.insert(Grant {
                            principal,
                            port,
                            path: path.clone(),
                            method: method.clone(),
                            headers: headers.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

fn osm_dump(name: &str) -> Value {
    let path = repo(&format!(
        "testdata/upstream/fixtures/osm/pkg/cli/verifier/testdata/sample-envoy-config-dump-{name}.json"
    ));
    serde_json::from_str(&std::fs::read_to_string(path).expect("dump")).expect("dump json")
}

#[test]
fn osm_bookstore_grants_the_same_access_as_osms_envoy() {
    let (proxies, _) = emit_scenario(&scenario("osm-bookstore-full-path-match"));
    // bookstore-v1: who may send which requests to pod port 14001.
    let ours = our_grants(&bootstrap_of(&proxies, "bookstore/bookstore-v1"), true);
    let osm = osm_grants(&osm_dump("bookstore"), 14001);
    assert_eq!(osm.len(), 2, "{osm:#?}");
    assert_eq!(ours, osm);
    // No one else is let in anywhere: bookthief has no proxy with grants, bookwarehouse only
    // admits the bookstores.
    for proxy in &proxies {
        let grants = our_grants(&json(&proxy.bootstrap()), true);
        let callers: BTreeSet<String> = grants.into_iter().map(|g| g.principal).collect();
        let expected: BTreeSet<String> = match proxy.identity.to_string().as_str() {
            "bookstore/bookstore-v1" | "bookstore/bookstore-v2" => {
                ["bookbuyer/bookbuyer".into()].into()
            }
            "bookwarehouse/bookwarehouse" => [
                "bookstore/bookstore-v1".into(),
                "bookstore/bookstore-v2".into(),
            ]
            .into(),
            _ => BTreeSet::new(),
        };
        assert_eq!(callers, expected, "{}", proxy.identity);
    }
}

/// Weighted clusters of the outbound route for `host` as `(namespace/service, weight)`.
fn split_of(bootstrap: &Value, host: &str) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for listener in bootstrap["static_resources"]["listeners"]
        .as_array()
        .expect("l")
    {
        for chain in listener["filter_chains"].as_array().expect("c") {
            for filter in chain["filters"].as_array().expect("f") {
                for vh in filter["typed_config"]["route_config"]["virtual_hosts"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|vh| {
                        vh["domains"]
                            .as_array()
                            .expect("d")
                            .iter()
                            .any(|d| d == host)
                    })
                {
                    for c in vh["routes"][0]["route"]["weighted_clusters"]["clusters"]
                        .as_array()
                        .expect("weighted")
                    {
                        // ours: outbound|<port>|<svc>.<ns>
                        let name = c["name"].as_str().expect("name");
                        let svc = name.rsplit('|').next().expect("svc");
                        let (svc, ns) = svc.split_once('.').expect("svc.ns");
                        out.insert(format!("{ns}/{svc}"), c["weight"].as_u64().expect("w"));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn osm_bookstore_splits_like_osms_envoy() {
    let (proxies, _) = emit_scenario(&scenario("osm-bookstore-full-path-match"));
    let ours = split_of(
        &bootstrap_of(&proxies, "bookbuyer/bookbuyer"),
        "bookstore.bookstore.svc.cluster.local",
    );
    // OSM's outbound route for the root (in the bookstore dump): clusters `<ns>/<svc>`.
    let dump = osm_dump("bookstore");
    let routes = dump["configs"]
        .as_array()
        .expect("configs")
        .iter()
        .find(|c| c["@type"] == "type.googleapis.com/envoy.admin.v3.RoutesConfigDump")
        .expect("routes");
    let mut osm = BTreeMap::new();
    for rc in routes["dynamic_route_configs"].as_array().expect("rds") {
        for vh in rc["route_config"]["virtual_hosts"].as_array().expect("vh") {
            if vh["name"] == "outbound_virtual-host|bookstore.bookstore.svc.cluster.local" {
                for c in vh["routes"][0]["route"]["weighted_clusters"]["clusters"]
                    .as_array()
                    .expect("clusters")
                {
                    osm.insert(
                        c["name"].as_str().expect("name").to_owned(),
                        c["weight"].as_u64().expect("weight"),
                    );
                }
            }
        }
    }
    assert_eq!(osm.len(), 2);
    assert_eq!(ours, osm);
}

#[test]
fn every_referenced_cluster_exists() {
    // Envoy resolves tcp_proxy clusters at run time, so `--mode validate` does not catch a
    // dangling one; check every reference here.
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, x) in map {
                    match (k.as_str(), x) {
                        ("cluster" | "cluster_name", Value::String(s)) => out.push(s.clone()),
                        ("weighted_clusters", w) => {
                            for c in w["clusters"].as_array().expect("clusters") {
                                out.push(c["name"].as_str().expect("name").to_owned());
                            }
                        }
                        _ => walk(x, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    for s in &scenarios() {
        let (proxies, _) = emit_scenario(s);
        for proxy in &proxies {
            let bootstrap = json(&proxy.bootstrap());
            let defined: BTreeSet<&str> = bootstrap["static_resources"]["clusters"]
                .as_array()
                .expect("clusters")
                .iter()
                .map(|c| c["name"].as_str().expect("name"))
                .collect();
            let mut used = Vec::new();
            walk(&bootstrap["static_resources"]["listeners"], &mut used);
            for name in used {
                assert!(
                    defined.contains(name.as_str()),
                    "{}: {} references undefined cluster {name}",
                    s.name,
                    proxy.file_name()
                );
            }
            // The xDS form names its route configurations by RDS; all of them exist.
            let xds = json(proxy);
            let names: BTreeSet<&str> = xds["route_configurations"]
                .as_array()
                .expect("rc")
                .iter()
                .map(|r| r["name"].as_str().expect("name"))
                .collect();
            assert_eq!(names.len(), proxy.route_configurations.len());
        }
    }
}

#[test]
fn one_proxy_per_identity_with_workloads() {
    let s = scenario("osm-bookstore-full-path-match");
    let (proxies, _) = emit_scenario(&s);
    let ids: Vec<String> = proxies.iter().map(|p| p.identity.to_string()).collect();
    assert_eq!(
        ids,
        [
            "bookbuyer/bookbuyer",
            "bookstore/bookstore-v1",
            "bookstore/bookstore-v2",
            "bookthief/bookthief",
            "bookwarehouse/bookwarehouse"
        ]
    );
    assert_eq!(
        proxies[1].node_id,
        "spiffe://cluster.local/ns/bookstore/sa/bookstore-v1"
    );
    assert_eq!(proxies[1].file_name(), "bookstore.bookstore-v1.yaml");
    // bookthief is granted nothing: no outbound routes, no inbound ports, so no listeners.
    assert!(proxies[3].listeners.is_empty());
}
