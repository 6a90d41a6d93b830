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
