//! `smi conformance` and `smi compare` end to end: exit codes, tables, JSON.

mod support;

use serde_json::Value;
use support::{smi, stderr, stdout};

/// `web` may `GET /items` on `api`, and `GET /v2…` with an `x-version` header matched by regex
/// (which Istio cannot express), and `api` is split 3:1 over two versions.
const SHOP: &str = "\
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: api-v1, namespace: shop}
spec: {selector: {app: api, version: v1}, ports: [{name: http, port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: api-v2, namespace: shop}
spec: {selector: {app: api, version: v2}, ports: [{name: http, port: 80}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v1, namespace: shop}
spec: {selector: {matchLabels: {app: api, version: v1}}, template: {metadata: {labels: {app: api, version: v1}}, spec: {serviceAccountName: api, containers: [{name: app, image: app}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api-v2, namespace: shop}
spec: {selector: {matchLabels: {app: api, version: v2}}, template: {metadata: {labels: {app: api, version: v2}}, spec: {serviceAccountName: api, containers: [{name: app, image: app}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {serviceAccountName: web, containers: [{name: app, image: app}]}}}
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {name: routes, namespace: shop}
spec:
  matches:
  - {name: read, pathRegex: /items, methods: [GET]}
  - {name: versioned, pathRegex: /v2, methods: [GET], headers: {x-version: 'v[0-9]+'}}
---
apiVersion: access.smi-spec.io/v1alpha3
kind: TrafficTarget
metadata: {name: web-to-api, namespace: shop}
spec:
  destination: {kind: ServiceAccount, name: api, namespace: shop}
  sources: [{kind: ServiceAccount, name: web, namespace: shop}]
  rules: [{kind: HTTPRouteGroup, name: routes}]
---
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata: {name: canary, namespace: shop}
spec: {service: api, backends: [{service: api-v1, weight: 3}, {service: api-v2, weight: 1}]}
";

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).expect("one JSON document")
}

#[test]
fn conformance_runs_from_anywhere_and_prints_a_table() {
    let out = smi(&["conformance"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for row in [
        "traffic-access/05",
        "traffic-spec/06",
        "traffic-split/09",
        "istio: 12 pass, 0 fail, 0 not expressible",
        "linkerd: 12 pass, 0 fail, 0 not expressible",
        "envoy: 12 pass, 0 fail, 0 not expressible",
        "gamma: 2 pass, 0 fail, 10 not expressible",
        "Where the suite is wrong against the SMI spec",
    ] {
        assert!(text.contains(row), "{row} in\n{text}");
    }
    // The binary embeds the suite: it runs outside the repository as well.
    let elsewhere = std::process::Command::new(env!("CARGO_BIN_EXE_smi"))
        .args(["conformance", "--backend", "istio"])
        .current_dir(std::env::temp_dir())
        .output()
        .expect("smi runs");
    assert_eq!(elsewhere.status.code(), Some(0));
    assert!(stdout(&elsewhere).contains("istio: 12 pass"));
}

#[test]
fn conformance_json_has_every_request_per_backend() {
    for args in [
        &[
            "conformance",
            "-o",
            "json",
            "--backend",
            "linkerd",
            "--backend",
            "gamma",
        ][..],
        &[
            "conformance",
            "--format",
            "json",
            "--backend",
            "linkerd",
            "--backend",
            "gamma",
        ],
    ] {
        let out = smi(args, None);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let report = json(&out);
        assert_eq!(report["backends"], serde_json::json!(["linkerd", "gamma"]));
        let probes: Vec<&Value> = report["cases"]
            .as_array()
            .expect("cases")
            .iter()
            .flat_map(|c| c["steps"].as_array().expect("steps"))
            .flat_map(|s| s["probes"].as_array().expect("probes"))
            .collect();
        assert_eq!(probes.len(), 12);
        assert!(
            probes
                .iter()
                .all(|p| p["results"].as_array().map(Vec::len) == Some(2))
        );
        let disagreeing = probes.iter().filter(|p| p["suite_agrees"] == false).count();
        assert_eq!(
            disagreeing, 6,
            "spec step 04 /metrics and the five split steps"
        );
        assert_eq!(report["summary"][1]["not_expressible"], 10);
    }
}

#[test]
fn conformance_pairs_gamma_with_authorization() {
    let out = smi(
        &["conformance", "--backend", "gamma", "--authz", "istio"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("gamma+istio: 12 pass, 0 fail, 0 not expressible"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn compare_says_per_rule_and_split_how_each_backend_carries_them() {
    let out = smi(
        &["compare", "--requests", "300", "-"],
        Some(SHOP.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "istio: 1/2 rules exact, 1 failed closed (istio-header-not-expressible); 1/1 splits exact; deny by default exact",
        "linkerd: 2/2 rules exact; 1/1 splits exact; deny by default exact",
        "envoy: 2/2 rules exact; 1/1 splits exact; deny by default exact",
        "gamma: 0/2 rules exact, 2 not expressible (gamma-no-authorization); 1/1 splits exact; deny by default not expressible (gamma-no-authorization)",
    ] {
        assert!(text.contains(line), "{line} in\n{text}");
    }
}

#[test]
fn compare_json_counts_units_per_backend() {
    let out = smi(
        &[
            "compare",
            "-o",
            "json",
            "--requests",
            "200",
            "--backend",
            "istio",
            "-",
        ],
        Some(SHOP.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report = json(&out);
    assert_eq!(report["requests"], 200);
    let istio = &report["summary"][0];
    assert_eq!(istio["backend"], "istio");
    assert_eq!(istio["rules"]["total"], 2);
    assert_eq!(istio["rules"]["failed_closed"], 1);
    assert_eq!(istio["rules"]["codes"]["istio-header-not-expressible"], 1);
    assert_eq!(istio["splits"]["exact"], 1);
    let units = report["units"].as_array().expect("units");
    assert_eq!(units.len(), 4);
    assert!(
        units.iter().all(|u| u["requests"].as_u64() > Some(0)),
        "{units:#?}"
    );
}

#[test]
fn compare_of_unreadable_input_is_a_usage_error() {
    let out = smi(&["compare", "no/such/file.yaml"], None);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
