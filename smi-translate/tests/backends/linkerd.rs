//! The Linkerd backend: golden outputs of named scenarios, determinism, target schemas (Linkerd's
//! and Gateway API's CRDs), the CEL rules that apply, and linkerd-smi's own fixtures.

use super::support::{
    self, GATEWAY_ROUTE_CRDS, Golden, LINKERD_POLICY_CRDS, SHARED_SCENARIOS,
    assert_backends_are_service_ports, assert_every_scenario_passes_its_schemas, assert_goldens,
    assert_input_order_irrelevant, assert_parents_are_service_ports, crd_schemas, defaults,
    full_paths, repo, schema_for, values,
};
use serde_json::Value;
use smi_translate::Options;
use smi_translate::backend::linkerd::{Linkerd, LinkerdObject, LinkerdSplitMode};
use smi_translate::graph::{Diagnostic, ObjectRef, Related};
use std::collections::BTreeSet;

/// A named scenario: input files (relative to the repository root), options and split mode.
#[derive(Clone, Copy)]
struct Scenario {
    name: &'static str,
    files: &'static [&'static str],
    options: fn() -> Options,
    mode: LinkerdSplitMode,
}

impl Golden for Scenario {
    fn name(&self) -> &'static str {
        self.name
    }

    fn documents(&self) -> Vec<String> {
        support::documents(self.files)
    }

    fn options(&self) -> Options {
        (self.options)()
    }
}

/// The shared scenarios (those of the Istio tests: same inputs, same names) in HTTPRoute split
/// mode, plus Linkerd's own.
fn scenarios() -> Vec<Scenario> {
    let shared = SHARED_SCENARIOS.iter().map(|s| Scenario {
        name: s.name,
        files: s.files,
        options: s.options,
        mode: LinkerdSplitMode::HttpRoute,
    });
    shared.chain(OWN_SCENARIOS.iter().copied()).collect()
}

/// Linkerd's own scenarios.
const OWN_SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "linkerd-smi-leaf-weights-service-profile",
        files: &[
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/application.yaml",
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/traffic-split-leaf-weights.yaml",
        ],
        options: defaults,
        mode: LinkerdSplitMode::ServiceProfile,
    },
    Scenario {
        name: "linkerd-smi-updated-leaf-weights-service-profile",
        files: &[
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/application.yaml",
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/updated-traffic-split-leaf-weights.yaml",
        ],
        options: defaults,
        mode: LinkerdSplitMode::ServiceProfile,
    },
    Scenario {
        name: "shop-every-rule-service-profile",
        files: &["smi-translate/testdata/scenarios/shop-every-rule.yaml"],
        options: defaults,
        mode: LinkerdSplitMode::ServiceProfile,
    },
    Scenario {
        name: "linkerd-overlaps",
        files: &["smi-translate/testdata/scenarios/linkerd-overlaps.yaml"],
        options: defaults,
        mode: LinkerdSplitMode::HttpRoute,
    },
    Scenario {
        name: "linkerd-overlaps-service-profile",
        files: &["smi-translate/testdata/scenarios/linkerd-overlaps.yaml"],
        options: full_paths,
        mode: LinkerdSplitMode::ServiceProfile,
    },
];

fn emit(
    docs: &[String],
    options: &Options,
    mode: LinkerdSplitMode,
) -> (Vec<LinkerdObject>, Vec<Diagnostic>) {
    support::emit(&Linkerd::default().split_mode(mode), docs, options)
}

fn emit_scenario(s: &Scenario) -> (Vec<LinkerdObject>, Vec<Diagnostic>) {
    emit(&s.documents(), &s.options(), s.mode)
}

fn translate(s: &Scenario, docs: &[String]) -> (String, Vec<Diagnostic>) {
    let (objects, diagnostics) = emit(docs, &s.options(), s.mode);
    (support::to_yaml(&objects), diagnostics)
}

#[test]
fn golden_outputs() {
    assert_goldens("linkerd", &scenarios(), translate);
}

#[test]
fn input_order_does_not_change_a_byte() {
    assert_input_order_irrelevant(&scenarios(), translate);
}

/// Linkerd's own CRDs (templating stripped, see `testdata/upstream/crds/SOURCES.md`).
fn linkerd_crds() -> Vec<&'static str> {
    let mut files = LINKERD_POLICY_CRDS.to_vec();
    files.push("testdata/upstream/crds/linkerd/serviceprofile.yaml");
    files
}

/// CRD files the emitted kinds are checked against.
fn crd_files() -> Vec<&'static str> {
    [linkerd_crds(), GATEWAY_ROUTE_CRDS.to_vec()].concat()
}

#[test]
fn every_emitted_object_passes_its_crd_schema() {
    let checked = assert_every_scenario_passes_its_schemas(&crd_files(), &scenarios(), |s| {
        emit_scenario(s).0
    });
    // Every kind the backend emits was seen at least once.
    let kinds: BTreeSet<&str> = checked.keys().map(String::as_str).collect();
    assert_eq!(
        kinds,
        BTreeSet::from([
            "gateway.networking.k8s.io/v1 HTTPRoute",
            "gateway.networking.k8s.io/v1 TCPRoute",
            "linkerd.io/v1alpha2 ServiceProfile",
            "policy.linkerd.io/v1alpha1 AuthorizationPolicy",
            "policy.linkerd.io/v1alpha1 MeshTLSAuthentication",
            "policy.linkerd.io/v1beta3 HTTPRoute",
            "policy.linkerd.io/v1beta3 Server",
        ]),
        "{checked:?}"
    );
    assert!(checked.values().sum::<usize>() > 50, "{checked:?}");
}

#[test]
fn the_schema_check_catches_a_broken_object() {
    // Guards the test above: a wrong type and a missing required field must be reported,
    // and a misspelt field must show up as pruned.
    let schemas = crd_schemas(&crd_files());
    let schema = schema_for(
        &schemas,
        "policy.linkerd.io/v1alpha1",
        "AuthorizationPolicy",
    );
    let bad = serde_json::json!({
        "apiVersion": "policy.linkerd.io/v1alpha1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": "x"},
        "spec": {"targetRef": {"group": "policy.linkerd.io", "kind": "Server", "name": 5}}
    });
    assert_eq!(smi_types::schema::validate(schema, &bad).len(), 2);
    let server = schema_for(&schemas, "policy.linkerd.io/v1beta3", "Server");
    let misspelt = serde_json::json!({
        "apiVersion": "policy.linkerd.io/v1beta3",
        "kind": "Server",
        "metadata": {"name": "x"},
        "spec": {"podSelector": {"matchLabels": {"app": "x"}}, "port": 80, "protocol": "HTTP/1"}
    });
    assert_eq!(smi_types::schema::validate(server, &misspelt), vec![]);
    assert_eq!(
        smi_types::schema::pruned_fields(server, &misspelt),
        vec!["spec.protocol".to_owned()]
    );
    let route = schema_for(&schemas, "gateway.networking.k8s.io/v1", "TCPRoute");
    let two_rules = serde_json::json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "TCPRoute",
        "metadata": {"name": "x"},
        "spec": {"rules": [
            {"backendRefs": [{"name": "a", "port": 1}]},
            {"backendRefs": [{"name": "b", "port": 1}]}
        ]}
    });
    assert_eq!(smi_types::schema::validate(route, &two_rules).len(), 1);
}

/// The CEL rules (`x-kubernetes-validations`) of the Gateway API CRDs that touch fields this
/// backend writes, checked by hand (the schema checker does not evaluate CEL). Linkerd's own
/// policy CRDs have no CEL rules.
#[test]
fn the_cel_rules_that_apply_hold() {
    for file in &linkerd_crds() {
        let text = std::fs::read_to_string(repo(file)).expect("CRD");
        assert!(
            !text.contains("x-kubernetes-validations"),
            "{file} has CEL rules now"
        );
    }
    for s in &scenarios() {
        let (objects, _) = emit_scenario(s);
        for v in values(&objects) {
            let name = format!("scenario {}: {v:#}", s.name);
            let spec = &v["spec"];
            let is_gateway = v["apiVersion"]
                .as_str()
                .is_some_and(|a| a.starts_with("gateway.networking.k8s.io/"));
            if !is_gateway && v["kind"] != "HTTPRoute" {
                continue;
            }
            // parentRefs: no two identical (group, kind, namespace, name, sectionName, port).
            let parents = spec["parentRefs"].as_array().expect("parentRefs");
            let unique: BTreeSet<String> = parents.iter().map(Value::to_string).collect();
            assert_eq!(unique.len(), parents.len(), "{name}");
            let rules = spec["rules"].as_array().expect("rules");
            assert!(!rules.is_empty() && rules.len() <= 16, "{name}");
            let mut total_matches = 0;
            for rule in rules {
                // "Must have port for Service reference" (group "" and kind Service by default).
                let backends = rule["backendRefs"].as_array().cloned().unwrap_or_default();
                assert_backends_are_service_ports(&backends, &name);
                let matches = rule["matches"].as_array().cloned().unwrap_or_default();
                // A rule without matches counts the CRD default `PathPrefix /`.
                total_matches += matches.len().max(1);
                for m in &matches {
                    // Exact/PathPrefix values must start with `/` and hold no `//`, `/./`, …:
                    // the only prefix written is `/` itself.
                    if m["path"]["type"] == "PathPrefix" {
                        assert_eq!(m["path"]["value"], "/", "{name}");
                    } else {
                        assert_eq!(m["path"]["type"], "RegularExpression", "{name}");
                    }
                    // Headers are a list-map keyed by name: names unique (case-insensitively).
                    let headers: Vec<String> = m["headers"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|h| h["name"].as_str().expect("name").to_ascii_lowercase())
                        .collect();
                    let unique: BTreeSet<&String> = headers.iter().collect();
                    assert_eq!(unique.len(), headers.len(), "{name}");
                    // `pattern` is not checked by the schema checker either: header names must
                    // be HTTP tokens (`^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$`).
                    for h in &headers {
                        assert!(
                            !h.is_empty()
                                && h.chars()
                                    .all(|c| c.is_ascii_alphanumeric()
                                        || "!#$%&'*+-.^_`|~".contains(c)),
                            "{name}"
                        );
                    }
                }
            }
            if is_gateway {
                // At most 128 matches over all rules of a Gateway API HTTPRoute.
                assert!(total_matches <= 128, "{name}");
                assert_parents_are_service_ports(parents, &name);
            } else {
                // Linkerd's policy HTTPRoute: at most 8 matches per rule, parents are Servers.
                for rule in rules {
                    assert!(
                        rule["matches"].as_array().expect("matches").len() <= 8,
                        "{name}"
                    );
                    assert!(rule.get("backendRefs").is_none(), "{name}");
                }
                for p in parents {
                    assert_eq!(p["group"], "policy.linkerd.io", "{name}");
                    assert_eq!(p["kind"], "Server", "{name}");
                }
            }
        }
    }
}

/// Every reference between emitted objects resolves, in the same namespace, and kinds match.
#[test]
fn references_resolve() {
    for s in &scenarios() {
        let (objects, _) = emit_scenario(s);
        let vs = values(&objects);
        let exists = |api_group: &str, kind: &str, ns: &str, name: &str| {
            vs.iter().any(|v| {
                v["kind"] == kind
                    && v["apiVersion"]
                        .as_str()
                        .is_some_and(|a| a.starts_with(&format!("{api_group}/")))
                    && v["metadata"]["namespace"] == ns
                    && v["metadata"]["name"] == name
            })
        };
        let mut names = BTreeSet::new();
        for v in &vs {
            let ns = v["metadata"]["namespace"].as_str().expect("namespace");
            let key = format!(
                "{} {} {ns}/{}",
                v["apiVersion"], v["kind"], v["metadata"]["name"]
            );
            assert!(
                names.insert(key.clone()),
                "scenario {}: duplicate {key}",
                s.name
            );
            // Names are DNS-1123 subdomains (what the API server checks for custom resources).
            let object_name = v["metadata"]["name"].as_str().expect("name");
            assert!(
                object_name.len() <= 253
                    && object_name.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && object_name.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && object_name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-.".contains(c)),
                "scenario {}: bad name {key}",
                s.name
            );
            if v["kind"] == "AuthorizationPolicy" {
                let t = &v["spec"]["targetRef"];
                assert!(
                    exists(
                        "policy.linkerd.io",
                        t["kind"].as_str().expect("kind"),
                        ns,
                        t["name"].as_str().expect("name")
                    ),
                    "scenario {}: dangling target {t}",
                    s.name
                );
                for r in v["spec"]["requiredAuthenticationRefs"]
                    .as_array()
                    .expect("refs")
                {
                    assert!(
                        exists(
                            "policy.linkerd.io",
                            "MeshTLSAuthentication",
                            ns,
                            r["name"].as_str().expect("name")
                        ),
                        "scenario {}: dangling authentication {r}",
                        s.name
                    );
                }
            }
            if v["apiVersion"] == "policy.linkerd.io/v1beta3" && v["kind"] == "HTTPRoute" {
                for p in v["spec"]["parentRefs"].as_array().expect("parents") {
                    assert!(
                        exists(
                            "policy.linkerd.io",
                            "Server",
                            ns,
                            p["name"].as_str().expect("name")
                        ),
                        "scenario {}: dangling parent {p}",
                        s.name
                    );
                }
            }
        }
        // Never both a ServiceProfile and a Gateway API route.
        let profiles = vs.iter().any(|v| v["kind"] == "ServiceProfile");
        let gateway = vs.iter().any(|v| {
            v["apiVersion"]
                .as_str()
                .is_some_and(|a| a.starts_with("gateway.networking.k8s.io/"))
        });
        assert!(!(profiles && gateway), "scenario {}", s.name);
    }
}

/// A Kubernetes quantity as milli-units (`500m` → 500, `1` → 1000): enough for the fixtures.
fn milli(q: &Value) -> u64 {
    match q {
        Value::Number(n) => n.as_u64().expect("integer") * 1000,
        Value::String(s) => match s.strip_suffix('m') {
            Some(m) => m.parse().expect("milli"),
            None => s.parse::<u64>().expect("integer") * 1000,
        },
        other => panic!("not a quantity: {other}"),
    }
}

/// linkerd-smi writes a ServiceProfile named after the root's FQDN with one dstOverride per
/// backend (`<svc>.<ns>.svc.cluster.local`, the SMI weight as written). Ours must send the same
/// shares, and the HTTPRoute mode must too.
#[test]
fn linkerd_smi_fixtures_give_the_same_split() {
    for fixture in [
        "traffic-split-leaf-weights.yaml",
        "updated-traffic-split-leaf-weights.yaml",
    ] {
        let path = format!("testdata/upstream/fixtures/linkerd-smi/test/testdata/{fixture}");
        let text = std::fs::read_to_string(repo(&path)).expect("fixture");
        let split: Value = serde_saphyr::from_str(&text).expect("yaml");
        let ns = "default";
        let expected: Vec<(String, u64)> = split["spec"]["backends"]
            .as_array()
            .expect("backends")
            .iter()
            .map(|b| {
                (
                    format!(
                        "{}.{ns}.svc.cluster.local",
                        b["service"].as_str().expect("service")
                    ),
                    milli(&b["weight"]),
                )
            })
            .collect();
        let root = format!(
            "{}.{ns}.svc.cluster.local",
            split["spec"]["service"].as_str().expect("service")
        );
        let same_shares = |got: &[(String, u64)]| {
            assert_eq!(got.len(), expected.len(), "{fixture}: {got:?}");
            for ((ga, gw), (ea, ew)) in got.iter().zip(&expected) {
                assert_eq!(ga, ea, "{fixture}");
                // w_got / sum_got == w_expected / sum_expected
                let (gs, es): (u64, u64) = (
                    got.iter().map(|g| g.1).sum(),
                    expected.iter().map(|e| e.1).sum(),
                );
                assert_eq!(gw * es, ew * gs, "{fixture}: {got:?} vs {expected:?}");
            }
        };
        let application = std::fs::read_to_string(repo(
            "testdata/upstream/fixtures/linkerd-smi/test/testdata/application.yaml",
        ))
        .expect("application");
        let docs = vec![application, text.clone()];

        let (objects, _) = emit(&docs, &Options::default(), LinkerdSplitMode::ServiceProfile);
        let vs = values(&objects);
        let profiles: Vec<&Value> = vs
            .iter()
            .filter(|v| v["kind"] == "ServiceProfile")
            .collect();
        assert_eq!(profiles.len(), 1, "{fixture}");
        assert_eq!(profiles[0]["metadata"]["name"], root.as_str());
        assert_eq!(profiles[0]["metadata"]["namespace"], ns);
        let got: Vec<(String, u64)> = profiles[0]["spec"]["dstOverrides"]
            .as_array()
            .expect("dstOverrides")
            .iter()
            .map(|d| {
                (
                    d["authority"].as_str().expect("authority").to_owned(),
                    d["weight"].as_u64().expect("weight"),
                )
            })
            .collect();
        same_shares(&got);

        let (objects, _) = emit(&docs, &Options::default(), LinkerdSplitMode::HttpRoute);
        let vs = values(&objects);
        let routes: Vec<&Value> = vs
            .iter()
            .filter(|v| {
                v["apiVersion"] == "gateway.networking.k8s.io/v1" && v["kind"] == "HTTPRoute"
            })
            .collect();
        assert_eq!(routes.len(), 1, "{fixture}");
        let rules = routes[0]["spec"]["rules"].as_array().expect("rules");
        assert_eq!(rules.len(), 1, "{fixture}: unconditional split, one rule");
        let got: Vec<(String, u64)> = rules[0]["backendRefs"]
            .as_array()
            .expect("backendRefs")
            .iter()
            .map(|b| {
                (
                    format!(
                        "{}.{ns}.svc.cluster.local",
                        b["name"].as_str().expect("name")
                    ),
                    b["weight"].as_u64().expect("weight"),
                )
            })
            .collect();
        same_shares(&got);
    }
}

/// The routes of a Server, each with the TrafficTargets (by MeshTLSAuthentication) it authorizes.
fn route_grants(objects: &[LinkerdObject], server: &str) -> Vec<(Vec<Value>, BTreeSet<String>)> {
    let vs = values(objects);
    vs.iter()
        .filter(|v| {
            v["apiVersion"] == "policy.linkerd.io/v1beta3"
                && v["kind"] == "HTTPRoute"
                && v["spec"]["parentRefs"][0]["name"] == server
        })
        .map(|route| {
            let matches: Vec<Value> = route["spec"]["rules"]
                .as_array()
                .expect("rules")
                .iter()
                .flat_map(|r| r["matches"].as_array().cloned().unwrap_or_default())
                .collect();
            let authns = vs
                .iter()
                .filter(|p| {
                    p["kind"] == "AuthorizationPolicy"
                        && p["spec"]["targetRef"]["name"] == route["metadata"]["name"]
                })
                .map(|p| {
                    p["spec"]["requiredAuthenticationRefs"][0]["name"]
                        .as_str()
                        .expect("name")
                        .to_owned()
                })
                .collect();
            (matches, authns)
        })
        .collect()
}

#[test]
fn overlapping_targets_each_get_exactly_their_grant() {
    let s = OWN_SCENARIOS
        .iter()
        .find(|s| s.name == "linkerd-overlaps")
        .expect("scenario");
    let (objects, diagnostics) = emit_scenario(s);
    let routes = route_grants(&objects, "smi-deployment-books-8080");
    let summary: Vec<(Vec<String>, Vec<String>)> = routes
        .iter()
        .map(|(ms, authns)| {
            (
                ms.iter()
                    .map(|m| {
                        format!(
                            "{} {}",
                            m["method"].as_str().unwrap_or("*"),
                            m["path"]["value"]
                        )
                    })
                    .collect(),
                authns.iter().cloned().collect(),
            )
        })
        .collect();
    // GET /books is contained in `* /books`, so writer may send it too; it then has the clients
    // of GET|POST /authors (reader and writer) and shares their route. `* /books` is writer's
    // alone: Gateway API precedence prefers the GET route for GET requests, so both are exact.
    // `debugger` has raw TCP on the port: it passes every route, and a route for every request
    // keeps its other requests from being refused as matching no route.
    // `http-on-admin` grants its HTTP match on port 9000 only (its TCPRoute selects the port),
    // which is opaque: nothing there.
    let debugger = "smi-debugger-clients".to_owned();
    assert_eq!(
        summary,
        vec![
            (
                vec![r#"GET "^(?:(?:/b[a-z]+).*)$""#.to_owned()],
                vec!["smi-browser-clients".to_owned(), debugger.clone()],
            ),
            (vec![r#"* "/""#.to_owned()], vec![debugger.clone()]),
            (
                vec![
                    r#"GET "^(?:(?:/authors).*)$""#.to_owned(),
                    r#"POST "^(?:(?:/authors).*)$""#.to_owned(),
                    r#"GET "^(?:(?:/books).*)$""#.to_owned(),
                ],
                vec![
                    debugger.clone(),
                    "smi-reader-clients".to_owned(),
                    "smi-writer-clients".to_owned(),
                ],
            ),
            (
                vec![r#"* "^(?:(?:/books).*)$""#.to_owned()],
                vec![debugger.clone(), "smi-writer-clients".to_owned()],
            ),
        ]
    );
    // And a Server-level policy for it (connections, and the Server without routes).
    assert!(
        values(&objects)
            .iter()
            .any(|v| v["kind"] == "AuthorizationPolicy"
                && v["spec"]["targetRef"]["kind"] == "Server"
                && v["spec"]["targetRef"]["name"] == "smi-deployment-books-8080"
                && v["spec"]["requiredAuthenticationRefs"][0]["name"] == debugger.as_str())
    );
    let codes = support::codes(&diagnostics);
    assert!(
        codes.contains(&(
            "linkerd-http-grant-on-opaque-port",
            "http-on-admin".to_owned(),
            "spec.rules".to_owned()
        )),
        "{codes:#?}"
    );
    // `/b[a-z]+` and `/` may overlap the `/books` routes, which have other clients: said so, once
    // per Server (books:8080, books-v2:8081, and books-v2:8080, which debugger's TCPRoute names:
    // a grant's explicit pod port gets a Server even where no Service exposes it).
    let overlaps: Vec<_> = codes
        .iter()
        .filter(|c| c.0 == "linkerd-overlapping-routes")
        .collect();
    assert_eq!(overlaps.len(), 3, "{codes:#?}");
    // The shelf workload's labels also select the books pods: no Server for it.
    let shelf = Related::Object(ObjectRef::new("Deployment", "lib", "shelf"));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == "linkerd-selector-not-exclusive"
                && d.object == ObjectRef::new("TrafficTarget", "lib", "to-shelf")
                && d.related.contains(&shelf)),
        "{diagnostics:#?}"
    );
}
