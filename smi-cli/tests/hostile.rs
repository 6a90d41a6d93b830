//! Input written to mislead or overwhelm `smi`: misspelt conditions that must not widen access,
//! YAML directives, budgets and huge values in messages.

mod support;

use support::{smi, stderr, stdout};

/// A route group whose only match misspells `pathRegex`, a TrafficTarget granting it, and a
/// canary split whose `matches` is misspelt.
const MISSPELT: &str = "\
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata:
  name: routes
  namespace: shop
spec:
  matches:
  - name: metrics
    pathregex: /metrics
---
apiVersion: access.smi-spec.io/v1alpha3
kind: TrafficTarget
metadata:
  name: scrape
  namespace: shop
spec:
  destination:
    kind: ServiceAccount
    name: api
  sources:
  - kind: ServiceAccount
    name: prometheus
  rules:
  - kind: HTTPRouteGroup
    name: routes
    matches: [metrics]
---
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata:
  name: canary
  namespace: shop
spec:
  service: api
  backends:
  - service: api-v2
    weight: 10
  match:
  - kind: HTTPRouteGroup
    name: routes
";

#[test]
fn a_misspelt_condition_is_refused_by_every_command() {
    for args in [
        vec!["validate", "-"],
        vec!["convert", "--to", "latest", "-"],
        vec!["translate", "--backend", "istio", "-"],
        vec!["translate", "--backend", "gamma", "-"],
    ] {
        let out = smi(&args, Some(MISSPELT.as_bytes()));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        for path in ["spec.matches[0].pathregex", "spec.match"] {
            assert!(
                err.contains("unknown-condition-field") && err.contains(path),
                "{args:?}: {err}"
            );
        }
        // Neither refused object reaches the output.
        let text = stdout(&out);
        assert!(!text.contains("canary"), "{args:?}: {text}");
        assert!(!text.contains("api-v2"), "{args:?}: {text}");
    }
}

/// A name of a megabyte is refused, and stderr quotes it shortened, not whole (once per place
/// it is named).
#[test]
fn a_huge_name_is_not_echoed_whole() {
    let name = "a".repeat(1 << 20);
    let input = format!(
        "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: {name}\n  namespace: shop\nspec:\n  service: web\n  backends:\n  - service: web-v1\n    weight: 1\n"
    );
    let out = smi(&["validate", "-"], Some(input.as_bytes()));
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        &err[..err.len().min(2_000)]
    );
    assert!(
        err.contains("invalid-name"),
        "{}",
        &err[..err.len().min(2_000)]
    );
    assert!(
        err.contains("bytes left out"),
        "{}",
        &err[..err.len().min(2_000)]
    );
    assert!(err.len() < 16 * 1024, "stderr holds {} bytes", err.len());
}

/// `%YAML 1.2` before a document is the document's directive, not a document of its own.
#[test]
fn a_yaml_directive_is_read_with_its_document() {
    let input = "%YAML 1.2\n---\napiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: canary\n  namespace: shop\nspec:\n  service: web\n  backends:\n  - service: web-v1\n    weight: 1\n";
    let out = smi(&["validate", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
