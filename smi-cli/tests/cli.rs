//! The `smi` binary end to end: exit codes, diagnostics, outputs.

mod support;

use std::process::{Command, Stdio};
use support::{repo, smi, stderr, stdout};

#[test]
fn bundled_examples_validate_cleanly() {
    let out = smi(&["validate", "examples/manifests/bookstore.yaml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("ok: 0 errors"), "{}", stderr(&out));
}

#[test]
fn errors_exit_1_with_file_line_object_and_path() {
    let input = b"apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: canary\n  namespace: default\nspec:\n  service: web\n  backends:\n  - service: web-v1\n    weight: ten\n";
    let out = smi(&["validate", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("error[invalid-field]"), "{err}");
    assert!(err.contains("<stdin>:14 (document 2)"), "{err}");
    assert!(
        err.contains("= object: TrafficSplit default/canary"),
        "{err}"
    );
    assert!(err.contains("= field: spec.backends[0].weight"), "{err}");
    assert!(err.contains("= help:"), "{err}");
}

#[test]
fn validate_prints_diagnostics_as_json_with_o_json() {
    let input = b"apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: canary\n  namespace: default\nspec:\n  service: web\n  backends:\n  - service: web-v1\n    weight: ten\n";
    let out = smi(&["validate", "-o", "json", "-"], Some(input));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diagnostics: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let first = &diagnostics[0];
    assert_eq!(first["code"], "invalid-field");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["object"]["kind"], "TrafficSplit");
    assert_eq!(first["object"]["name"], "canary");
    assert_eq!(first["origin"], "input");
    assert_eq!(first["path"], "spec.backends[0].weight");
    assert_eq!(
        (first["file"].as_str(), first["line"].as_u64()),
        (Some("<stdin>"), Some(10))
    );
    assert!(
        !stderr(&out).contains("error[invalid-field]"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn translate_prints_diagnostics_as_json_on_stderr() {
    let out = smi(
        &[
            "translate",
            "--backend",
            "istio",
            "--diagnostics",
            "json",
            "examples/manifests/bookstore.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let json = &err[..err.rfind(']').expect("a JSON array") + 1];
    let diagnostics: serde_json::Value = serde_json::from_str(json).expect("JSON");
    let no_default_deny = diagnostics
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["code"] == "istio-no-default-deny")
        .expect("the default-deny warning");
    assert_eq!(no_default_deny["origin"], "output");
    assert_eq!(no_default_deny["object"]["kind"], "AuthorizationPolicy");
    assert!(stdout(&out).contains("kind: AuthorizationPolicy"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(smi(&["validate"], None).status.code(), Some(2));
    assert_eq!(smi(&["frobnicate"], None).status.code(), Some(2));
    assert_eq!(
        smi(&["validate", "does/not/exist.yaml"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        smi(&["convert", "--to", "nonsense", "examples/manifests"], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn garbage_is_an_error_not_a_panic() {
    let inputs: [&[u8]; 5] = [
        b"\x00\x01\x02\xff\xfe",
        b"{{{{",
        b": : :\n- [",
        b"apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nspec: 7\n",
        b"[1, 2, {\"kind\": 3}]",
    ];
    for input in inputs {
        let out = smi(&["validate", "-"], Some(input));
        assert_eq!(
            out.status.code(),
            Some(1),
            "input {:?}: {}",
            String::from_utf8_lossy(input),
            stderr(&out)
        );
    }
}

#[test]
fn crds_prints_one_crd_per_kind() {
    let out = smi(&["crds"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for name in [
        "traffictargets.access.smi-spec.io",
        "httproutegroups.specs.smi-spec.io",
        "tcproutes.specs.smi-spec.io",
        "udproutes.specs.smi-spec.io",
        "trafficsplits.split.smi-spec.io",
    ] {
        assert!(text.contains(&format!("name: {name}")), "{name} missing");
    }
    let json = smi(&["crds", "-o", "json"], None);
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON List");
    assert_eq!(list["kind"], "List");
    assert!(list["items"].as_array().expect("items").len() >= 5);
}

#[test]
fn convert_to_latest_reports_losses_and_prints_hub_objects() {
    let out = smi(
        &[
            "convert",
            "--to",
            "latest",
            "-o",
            "json",
            "examples/manifests/legacy-versions.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON List");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items[0]["apiVersion"], "split.smi-spec.io/v1alpha4");
    // 1 and 500m are 2:1, not 1:500.
    assert_eq!(items[0]["spec"]["backends"][0]["weight"], 2);
    assert_eq!(items[0]["spec"]["backends"][1]["weight"], 1);
    assert_eq!(items[1]["apiVersion"], "specs.smi-spec.io/v1alpha4");
    assert_eq!(items[2]["apiVersion"], "access.smi-spec.io/v1alpha3");
    let err = stderr(&out);
    assert!(err.contains("warning[conversion-loss]"), "{err}");
    assert!(err.contains("spec.destination.port"), "{err}");
}

#[test]
fn convert_to_one_version_leaves_other_groups_alone() {
    let out = smi(
        &[
            "convert",
            "--to",
            "split.smi-spec.io/v1alpha1",
            "examples/manifests/bookstore.yaml",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("apiVersion: split.smi-spec.io/v1alpha1"),
        "{text}"
    );
    assert!(
        text.contains("apiVersion: access.smi-spec.io/v1alpha3"),
        "{text}"
    );
    assert!(text.contains("kind: Deployment"), "{text}");
}

#[test]
fn explain_prints_what_a_code_means_and_who_reports_it() {
    let out = smi(&["explain", "duplicate-object"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "duplicate-object: two objects have the same kind, namespace and name\n\
         reported by: validation, lowering\n"
    );
    let out = smi(&["explain", "istio-udp-unsupported"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("reported by: istio backend\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn explain_lists_every_code_without_one() {
    let out = smi(&["explain"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for code in [
        "not-utf8",
        "port-out-of-range",
        "conversion-loss",
        "gamma-routes-spread",
    ] {
        let prefix = format!("{code}: ");
        assert!(
            text.lines().any(|l| l.starts_with(&prefix)),
            "{code} missing"
        );
    }
}

#[test]
fn explain_of_an_unknown_code_is_a_usage_error_with_near_matches() {
    let out = smi(&["explain", "port-out-of-rang"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    let err = stderr(&out);
    assert!(
        err.contains("error: `port-out-of-rang` is not a diagnostic code"),
        "{err}"
    );
    assert!(err.contains("did you mean `port-out-of-range`"), "{err}");
}

/// `smi translate` on the bookstore example, run by `sh` with stdout redirected by `redirect`.
#[cfg(unix)]
fn translate_with_stdout_redirected(redirect: &str) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' translate --backend istio examples/manifests/bookstore.yaml {redirect}",
            env!("CARGO_BIN_EXE_smi")
        ))
        .current_dir(repo())
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .expect("sh runs")
}

/// `smi … | head`: a reader that goes away before the output is written ends the command as Unix
/// tools end, without a panic (exit 101) and with the exit code the command would have had.
#[test]
fn a_reader_that_goes_away_is_not_a_crash() {
    for args in [
        &["crds"][..],
        &[
            "translate",
            "--backend",
            "istio",
            "examples/manifests/bookstore.yaml",
        ],
        &["convert", "--to", "latest", "examples/manifests"],
        &["explain"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_smi"))
            .args(args)
            .current_dir(repo())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("smi runs");
        // Close the read end before smi writes: its first write meets a pipe with no reader.
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("smi finishes");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// `smi … >&-`: with standard output closed the output cannot go anywhere; that is a failure
/// (exit 3), not a success whose output vanished.
#[cfg(unix)]
#[test]
fn a_closed_standard_output_is_an_output_failure() {
    let out = translate_with_stdout_redirected(">&-");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("cannot write to standard output"), "{err}");
}

/// `smi … > /dev/null` is a choice to drop the output: exit 0.
#[cfg(unix)]
#[test]
fn output_sent_to_dev_null_on_purpose_is_a_success() {
    let out = translate_with_stdout_redirected("> /dev/null");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `--backend gamma` refuses to drop TrafficTargets silently; `--authz none` accepts routes-only
/// output explicitly, each TrafficTarget then a warning.
#[test]
fn gamma_routes_only_output_is_accepted_only_when_asked_for() {
    let args = ["translate", "--backend", "gamma"];
    let file = "examples/manifests/bookstore.yaml";
    let refused = smi(&[&args[..], &[file]].concat(), None);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("error[gamma-no-authorization]"));
    let accepted = smi(&[&args[..], &["--authz", "none", file]].concat(), None);
    let err = stderr(&accepted);
    assert_eq!(accepted.status.code(), Some(0), "{err}");
    assert!(err.contains("warning[gamma-no-authorization]"), "{err}");
    assert!(!err.contains("error[gamma-no-authorization]"), "{err}");
    // The same routes either way.
    assert_eq!(stdout(&accepted), stdout(&refused));
    assert!(stdout(&accepted).contains("kind: HTTPRoute"));
}

const OSM_DEMO: &str = "smi-translate/testdata/dialects/osm-bookstore.yaml";

/// An OSM-style root resolves; without `--dialect` one hint names the dialect the input shows.
#[test]
fn an_osm_demo_translates_and_hints_at_its_dialect_once() {
    let out = smi(&["translate", "--backend", "linkerd", OSM_DEMO], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("hint:").count(), 1, "{err}");
    assert!(err.contains("--dialect osm"), "{err}");
    assert!(!err.contains("unresolved-root-service"), "{err}");
    // Read as OSM read it: the split is per request.
    for dialect in ["osm", "spec"] {
        let out = smi(
            &[
                "translate",
                "--backend",
                "linkerd",
                "--dialect",
                dialect,
                OSM_DEMO,
            ],
            None,
        );
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "{err}");
        assert!(!err.contains("hint:"), "{err}");
        let split_kind = if dialect == "osm" {
            "kind: HTTPRoute"
        } else {
            "kind: TCPRoute"
        };
        assert!(stdout(&out).contains(split_kind), "{dialect}");
    }
}

/// `convert` writes headers as the dialect's CRDs take them; `--header-form` overrides.
#[test]
fn convert_writes_the_header_form_of_the_dialect() {
    let convert = |extra: &[&str]| {
        let out = smi(
            &[&["convert", "--to", "latest"], extra, &[OSM_DEMO]].concat(),
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        stdout(&out)
    };
    let list = "headers:\n    - user-agent: .*-http-client/*.*";
    let map = "headers:\n      user-agent: .*-http-client/*.*";
    assert!(convert(&["--dialect", "osm"]).contains(list));
    assert!(convert(&["--header-form", "list"]).contains(list));
    assert!(convert(&[]).contains(map));
    assert!(convert(&["--dialect", "osm", "--header-form", "map"]).contains(map));
}

/// NGINX Service Mesh's `pathRegex: "*"`: the spec's reading rejects it (and says what to write);
/// read as NGINX read it, validate and translate both accept it as every path.
#[test]
fn validate_and_translate_agree_on_a_dialect_reading() {
    let file = "smi-translate/testdata/dialects/nginx-canary.yaml";
    let spec = smi(&["validate", file], None);
    assert_eq!(spec.status.code(), Some(1), "{}", stderr(&spec));
    assert!(
        stderr(&spec).contains("error[invalid-regex]"),
        "{}",
        stderr(&spec)
    );
    let nginx = smi(&["validate", "--dialect", "nginx", file], None);
    assert_eq!(nginx.status.code(), Some(0), "{}", stderr(&nginx));
    let translated = smi(
        &[
            "translate",
            "--backend",
            "istio",
            "--dialect",
            "nginx",
            file,
        ],
        None,
    );
    assert!(
        !stderr(&translated).contains("invalid-regex"),
        "{}",
        stderr(&translated)
    );
}
