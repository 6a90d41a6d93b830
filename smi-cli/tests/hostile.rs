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

/// A TrafficSplit that sets `weight` twice: the document is refused, naming the key, its line
/// and what to do, in YAML and in JSON alike.
#[test]
fn a_key_set_twice_is_an_error_in_yaml_and_json() {
    let yaml = "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata: {name: canary, namespace: shop}\nspec:\n  service: web\n  backends:\n  - service: web-v1\n    weight: 1\n    weight: 100\n";
    let json = "{\"apiVersion\": \"split.smi-spec.io/v1alpha4\", \"kind\": \"TrafficSplit\",\n \"metadata\": {\"name\": \"canary\", \"namespace\": \"shop\"},\n \"spec\": {\"service\": \"web\", \"backends\": [{\"service\": \"web-v1\",\n  \"weight\": 1, \"weight\": 100}]}}\n";
    for (input, place) in [(yaml, "<stdin>:9"), (json, "<stdin>:4")] {
        for args in [
            vec!["validate", "-"],
            vec!["translate", "--backend", "istio", "-"],
        ] {
            let out = smi(&args, Some(input.as_bytes()));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains("error[duplicate-key]"), "{args:?}: {err}");
            assert!(err.contains("`weight`"), "{args:?}: {err}");
            assert!(err.contains(place), "{args:?}: {err}");
            assert!(err.contains("kubectl apply"), "{args:?}: {err}");
            assert!(!stdout(&out).contains("web-v1"), "{args:?}");
        }
    }
}

/// `n` Services, one per YAML document.
fn services(n: usize) -> String {
    (0..n)
        .map(|i| format!("---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\n"))
        .collect()
}

#[test]
fn more_documents_than_the_limit_are_an_error_naming_the_flag() {
    let err = assert_limit_error(
        &services(11),
        ["--max-documents", "10"],
        "error[too-many-documents]",
        "more than 10 documents",
    );
    assert!(err.contains("in 0 objects"), "{err}");
    let out = smi(
        &["validate", "--max-documents", "11", "-"],
        Some(services(11).as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_json_document_over_the_node_limit_is_an_error_naming_the_flag() {
    let labels: Vec<String> = (0..100).map(|i| format!("\"l{i}\": \"v\"")).collect();
    let input = format!(
        "{{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {{\"name\": \"s\", \"labels\": {{{}}}}}}}",
        labels.join(", ")
    );
    assert_limit_error(
        &input,
        ["--max-json-nodes", "100"],
        "error[over-budget]",
        "at most 100 values",
    );
}

/// Runs `smi validate` with a limit (`flag`) low enough for `input` to pass it, asserts the
/// error (`code`, stating `limit` and naming the flag), and that `input` is read at the default
/// limit. Returns stderr.
fn assert_limit_error(input: &str, flag: [&str; 2], code: &str, limit: &str) -> String {
    let out = smi(&["validate", flag[0], flag[1], "-"], Some(input.as_bytes()));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    for expected in [code, limit, flag[0]] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    let out = smi(&["validate", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    err
}

/// Twenty invalid splits make twenty errors: with `--max-diagnostics 5` five are shown and one
/// last diagnostic counts the rest; the summary and the exit code still count all twenty.
#[test]
fn diagnostics_past_the_limit_are_counted_not_shown() {
    let input: String = (0..20)
        .map(|i| format!("---\napiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata: {{name: s{i}, namespace: shop}}\nspec: {{service: web, backends: [{{service: web-v1, weight: ten}}]}}\n"))
        .collect();
    let out = smi(
        &["validate", "--max-diagnostics", "5", "-"],
        Some(input.as_bytes()),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("error[invalid-field]").count(), 5, "{err}");
    assert!(err.contains("warning[diagnostics-omitted]"), "{err}");
    assert!(err.contains("15 more diagnostics"), "{err}");
    assert!(err.contains("--max-diagnostics"), "{err}");
    assert!(err.contains("20 errors"), "{err}");
    // As JSON, the notice is the array's last entry.
    let out = smi(
        &["-o", "json", "validate", "--max-diagnostics", "5", "-"],
        Some(input.as_bytes()),
    );
    let shown: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("a JSON array");
    let shown = shown.as_array().expect("an array");
    assert_eq!(shown.len(), 6);
    assert_eq!(shown[5]["code"], "diagnostics-omitted");
    // Under the limit, nothing is left out.
    let out = smi(&["validate", "-"], Some(input.as_bytes()));
    assert_eq!(stderr(&out).matches("error[invalid-field]").count(), 20);
    assert!(!stderr(&out).contains("diagnostics-omitted"));
}

/// A mesh whose route group has one match with `regex` as its path, granted to `web`.
fn mesh_with_path_regex(regex: &str) -> String {
    format!(
        "\
apiVersion: v1
kind: Service
metadata: {{name: api, namespace: shop}}
spec: {{selector: {{app: api}}, ports: [{{name: http, port: 80, targetPort: 8080}}]}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: api, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: api}}}}
  template:
    metadata: {{labels: {{app: api}}}}
    spec: {{serviceAccountName: api, containers: [{{name: app, image: app}}]}}
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {{name: routes, namespace: shop}}
spec:
  matches:
  - name: tokens
    pathRegex: '{regex}'
---
apiVersion: access.smi-spec.io/v1alpha3
kind: TrafficTarget
metadata: {{name: allow, namespace: shop}}
spec:
  destination: {{kind: ServiceAccount, name: api, namespace: shop}}
  sources: [{{kind: ServiceAccount, name: web, namespace: shop}}]
  rules: [{{kind: HTTPRouteGroup, name: routes}}]
"
    )
}

/// The regexes RE2 refuses are invalid for `validate`, whatever the backend.
#[test]
fn regexes_re2_refuses_are_invalid() {
    for (regex, says) in [
        ("a{1001}", "up to 1000"),
        ("(?:a{1000}){1000}", "multiply to more than 1000"),
        ("a{1000}{1000}", "bad repetition operator"),
        ("\\p{L}{1000}", "pattern too large"),
    ] {
        let out = smi(
            &["validate", "-"],
            Some(mesh_with_path_regex(regex).as_bytes()),
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{regex}: {err}");
        assert!(err.contains("error[invalid-regex]"), "{regex}: {err}");
        assert!(err.contains(says), "{regex}: {err}");
    }
}

/// A regex Envoy would refuse for its program size fails closed for its match only: an error
/// naming the size and the limit, and the regex is not in the bootstrap.
#[test]
fn a_regex_over_envoys_program_size_limit_fails_closed() {
    let input = mesh_with_path_regex("/v1/[a-zA-Z0-9_-]{20,40}");
    let out = smi(&["validate", "-"], Some(input.as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = smi(
        &["translate", "--backend", "envoy", "-"],
        Some(input.as_bytes()),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("error[envoy-regex-too-large]"), "{err}");
    assert!(
        err.contains("196 instructions") && err.contains("limit of 100"),
        "{err}"
    );
    assert!(!stdout(&out).contains("{20,40}"), "the regex is left out");
    let out = smi(
        &["translate", "--backend", "envoy", "-"],
        Some(mesh_with_path_regex("/v1/[a-zA-Z0-9_-]+").as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("[a-zA-Z0-9_-]+"));
}
