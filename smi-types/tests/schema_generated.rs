//! `schema::validate` and `schema::pruned_fields` against the generated CRD schemas.
#![allow(clippy::unwrap_used)]

use serde_json::{Value, json};
use smi_types::crd::schema_for;
use smi_types::schema::{pruned_fields, validate};
use smi_types::{ApiVersion, KindName};

fn errors(api_version: &str, kind: KindName, value: Value) -> Vec<String> {
    let schema = schema_for(api_version.parse::<ApiVersion>().unwrap(), kind).unwrap();
    validate(&schema, &value)
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn pruned(api_version: &str, kind: KindName, value: Value) -> Vec<String> {
    let schema = schema_for(api_version.parse::<ApiVersion>().unwrap(), kind).unwrap();
    pruned_fields(&schema, &value)
}

fn split(api_version: &str, backends: Value) -> Value {
    json!({"apiVersion": api_version, "kind": "TrafficSplit", "metadata": {"name": "s"},
           "spec": {"service": "root", "backends": backends}})
}

#[test]
fn trafficsplit_weights() {
    let v4 = "split.smi-spec.io/v1alpha4";
    assert!(
        errors(
            v4,
            KindName::TrafficSplit,
            split(v4, json!([{"service": "a", "weight": 0}]))
        )
        .is_empty()
    );
    assert_eq!(
        errors(
            v4,
            KindName::TrafficSplit,
            split(
                v4,
                json!([{"service": "a", "weight": -1}, {"service": "b", "weight": "50"}])
            )
        ),
        [
            "spec.backends[0].weight: must be greater than or equal to 0",
            "spec.backends[1].weight: must be of type integer, got string"
        ]
    );
    assert_eq!(
        errors(
            v4,
            KindName::TrafficSplit,
            split(v4, json!([{"service": "a"}]))
        ),
        ["spec.backends[0].weight: required field is missing"]
    );

    let v1 = "split.smi-spec.io/v1alpha1";
    let ok = split(
        v1,
        json!([{"service": "a", "weight": "500m"}, {"service": "b", "weight": 5}, {"service": "c"}]),
    );
    assert!(errors(v1, KindName::TrafficSplit, ok).is_empty());
    assert_eq!(
        errors(
            v1,
            KindName::TrafficSplit,
            split(v1, json!([{"service": "a", "weight": "half"}]))
        ),
        ["spec.backends[0].weight: `half` does not match the quantity pattern"]
    );
}

#[test]
fn httproutegroup_methods_and_headers() {
    let v4 = "specs.smi-spec.io/v1alpha4";
    let hrg = |m: Value| json!({"kind": "HTTPRouteGroup", "metadata": {"name": "r"}, "spec": {"matches": [m]}});
    assert!(
        errors(
            v4,
            KindName::HttpRouteGroup,
            hrg(json!({"name": "a", "methods": ["GET", "*"], "headers": {"x": "y"}}))
        )
        .is_empty()
    );
    let e = errors(
        v4,
        KindName::HttpRouteGroup,
        hrg(json!({"name": "a", "methods": ["FETCH"]})),
    );
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("spec.matches[0].methods[0]: must be one of ["),
        "{e:?}"
    );
    // The smi-controller-sdk sample writes a header value as the integer 1.
    assert_eq!(
        errors(
            v4,
            KindName::HttpRouteGroup,
            hrg(json!({"name": "a", "headers": {"x-version": 1}}))
        ),
        ["spec.matches[0].headers.x-version: must be of type string, got integer"]
    );
    // The list form (v0.6.0 docs, smi-sdk-go) is not what the generated CRD declares.
    assert_eq!(
        errors(
            v4,
            KindName::HttpRouteGroup,
            hrg(json!({"name": "a", "headers": [{"x": "y"}]}))
        ),
        ["spec.matches[0].headers: must be of type object, got array"]
    );
    // Top-level `matches` without `spec` (conformance traffic-spec step 03).
    let flat =
        json!({"kind": "HTTPRouteGroup", "metadata": {"name": "r"}, "matches": [{"name": "a"}]});
    assert_eq!(
        errors(v4, KindName::HttpRouteGroup, flat.clone()),
        ["spec: required field is missing"]
    );
    assert_eq!(pruned(v4, KindName::HttpRouteGroup, flat), ["matches"]);
}

#[test]
fn traffictarget_rules_and_pruning() {
    let v3 = "access.smi-spec.io/v1alpha3";
    let tt = json!({"kind": "TrafficTarget", "metadata": {"name": "t"}, "spec": {
        "destination": {"kind": "ServiceAccount", "name": "api", "port": "9091"},
        "sources": [{"kind": "ServiceAccount", "name": "web"}],
        "rules": [{"kind": "HTTPRouteGroup", "name": "r", "matches": ["a"]}]}});
    assert!(errors(v3, KindName::TrafficTarget, tt.clone()).is_empty());
    assert_eq!(
        pruned(v3, KindName::TrafficTarget, tt),
        ["spec.destination.port"]
    );
    let bad = json!({"kind": "TrafficTarget", "spec": {
        "destination": {"kind": "Pod", "name": "api"},
        "rules": [{"kind": "HTTPRoute", "name": "r"}]}});
    let e = errors(v3, KindName::TrafficTarget, bad);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with("spec.destination.kind: must be one of [\"ServiceAccount\"]"),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("spec.rules[0].kind: must be one of ["),
        "{e:?}"
    );
}

#[test]
fn tcproute_matches_is_one_object() {
    let v4 = "specs.smi-spec.io/v1alpha4";
    let ok = json!({"kind": "TCPRoute", "spec": {"matches": {"ports": [8080, 9090]}}});
    assert!(errors(v4, KindName::TcpRoute, ok).is_empty());
    let list = json!({"kind": "TCPRoute", "spec": {"matches": [{"ports": [8080]}]}});
    assert_eq!(
        errors(v4, KindName::TcpRoute, list),
        ["spec.matches: must be of type object, got array"]
    );
}
