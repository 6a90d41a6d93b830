//! YAML scalars are read as kubectl reads them: the checked-in answer of kubectl for
//! `testdata/kubectl-yaml/scalars.yaml`, and kubectl itself when it is installed.

use serde_json::Value;
use smi_types::Object;
use smi_types::load::{LoadOptions, load};
use std::path::{Path, PathBuf};
use std::process::Command;

fn testdata(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/kubectl-yaml")
        .join(file)
}

/// The one pass-through object `smi_types::load` reads from `yaml`, or its problem codes.
fn smi_reads(yaml: &str) -> Result<Value, Vec<&'static str>> {
    let loaded = load(yaml, &LoadOptions::default());
    if !loaded.problems.is_empty() {
        return Err(loaded.problems.iter().map(|p| p.diagnostic.code).collect());
    }
    match loaded.objects.as_slice() {
        [object] => match &object.object {
            Object::Other(value) => Ok(value.clone()),
            Object::Smi(s) => panic!("not a pass-through object: {s:?}"),
        },
        other => panic!("one object expected, got {other:?}"),
    }
}

/// Equal as the API server sees them: numbers compare by value, whether written as an integer
/// or (beyond 64 bits) as a float.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x.as_i64().zip(y.as_i64()).is_some_and(|(x, y)| x == y)
                || (x.as_i64().is_none() || y.as_i64().is_none()) && x.as_f64() == y.as_f64()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Field by field, so that a failure names the scalar.
fn assert_same_spec(ours: &Value, kubectl: &Value, who: &str) {
    let (Some(ours), Some(kubectl)) = (ours["spec"].as_object(), kubectl["spec"].as_object())
    else {
        panic!("no spec: {ours} / {kubectl}");
    };
    for (field, want) in kubectl {
        let got = ours.get(field).unwrap_or(&Value::Null);
        assert!(same(got, want), "{field}: {who} {got}, kubectl {want}");
    }
    let extra: Vec<&String> = ours.keys().filter(|k| !kubectl.contains_key(*k)).collect();
    assert!(extra.is_empty(), "fields kubectl does not have: {extra:?}");
}

/// kubectl, when installed: `KUBECTL`, else `kubectl` on `PATH`. With `SMI_REQUIRE_KUBECTL=1`
/// (set by CI) a missing kubectl fails the test instead of skipping the comparison.
fn kubectl() -> Option<PathBuf> {
    let candidate =
        std::env::var_os("KUBECTL").map_or_else(|| PathBuf::from("kubectl"), PathBuf::from);
    let works = Command::new(&candidate)
        .args(["version", "--client"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !works && std::env::var("SMI_REQUIRE_KUBECTL").is_ok_and(|v| v == "1") {
        panic!(
            "SMI_REQUIRE_KUBECTL=1 but {} does not run",
            candidate.display()
        );
    }
    works.then_some(candidate)
}

/// What kubectl makes of `file` offline, or its error.
fn kubectl_reads(kubectl: &Path, file: &Path) -> Result<Value, String> {
    let out = Command::new(kubectl)
        .args(["annotate", "--local", "-o", "json", "-f"])
        .arg(file)
        .arg("x=y")
        .output()
        .expect("kubectl runs");
    if out.status.success() {
        Ok(serde_json::from_slice(&out.stdout).expect("kubectl prints JSON"))
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

#[test]
fn scalars_read_as_the_checked_in_kubectl_answer() {
    let yaml = std::fs::read_to_string(testdata("scalars.yaml")).expect("scalars.yaml");
    let answer: Value = serde_json::from_str(
        &std::fs::read_to_string(testdata("scalars.kubectl.json")).expect("the answer"),
    )
    .expect("JSON");
    let ours = smi_reads(&yaml).expect("loads");
    assert_same_spec(&ours, &answer, "smi");
}

#[test]
fn the_checked_in_answer_is_what_kubectl_says() {
    let Some(kubectl) = kubectl() else {
        eprintln!("kubectl is not installed: the checked-in answer is not re-checked");
        return;
    };
    let asked = kubectl_reads(&kubectl, &testdata("scalars.yaml")).expect("kubectl reads it");
    let answer: Value = serde_json::from_str(
        &std::fs::read_to_string(testdata("scalars.kubectl.json")).expect("the answer"),
    )
    .expect("JSON");
    assert_same_spec(&asked, &answer, "kubectl now");
}

/// Documents kubectl refuses to turn into JSON are refused, never read differently.
#[test]
fn what_kubectl_refuses_is_refused() {
    let refused = [
        "infinity: .inf",
        "negativeInfinity: -.inf",
        "notANumber: .nan",
        "tagMismatch: !!int abc",
        "nullKey: {~: x}",
        "mergeOfAScalar: {<<: 1}",
    ];
    let kubectl = kubectl();
    let dir = std::env::temp_dir().join(format!("smi-kubectl-yaml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for field in refused {
        let yaml = format!(
            "apiVersion: example.com/v1\nkind: ScalarProbe\nmetadata: {{name: refused}}\nspec:\n  {field}\n"
        );
        assert_eq!(
            smi_reads(&yaml),
            Err(vec!["unrepresentable-value"]),
            "{field}"
        );
        if let Some(kubectl) = &kubectl {
            let file = dir.join("refused.yaml");
            std::fs::write(&file, &yaml).expect("write");
            assert!(
                kubectl_reads(kubectl, &file).is_err(),
                "kubectl reads {field}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A key set twice is refused in YAML and in JSON (`duplicate-key`, naming the key and its
/// line). This departs from `kubectl annotate --local`, which lets the later key win (checked
/// when kubectl is installed): `kubectl apply`'s default strict field validation refuses it.
#[test]
fn a_key_set_twice_is_refused_where_kubectl_annotate_reads_the_later_one() {
    let yaml = "apiVersion: example.com/v1\nkind: ScalarProbe\nmetadata: {name: twice}\nspec:\n  k: 1\n  k: 2\n";
    let json = "{\"apiVersion\": \"example.com/v1\", \"kind\": \"ScalarProbe\",\n \"metadata\": {\"name\": \"twice\"},\n \"spec\": {\"k\": 1,\n  \"k\": 2}}\n";
    for (input, line) in [(yaml, 6), (json, 4)] {
        let loaded = load(input, &LoadOptions::default());
        assert!(loaded.objects.is_empty(), "{input}");
        let [problem] = loaded.problems.as_slice() else {
            panic!("one problem expected: {:?}", loaded.problems);
        };
        assert_eq!(problem.diagnostic.code, "duplicate-key", "{input}");
        assert_eq!(problem.line, line, "{input}");
        assert!(
            problem.diagnostic.message.contains("`k`"),
            "{}",
            problem.diagnostic.message
        );
    }
    if let Some(kubectl) = kubectl() {
        let dir = std::env::temp_dir().join(format!("smi-kubectl-twice-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("twice.yaml");
        std::fs::write(&file, yaml).expect("write");
        let read = kubectl_reads(&kubectl, &file).expect("kubectl annotate reads it");
        assert_eq!(read["spec"]["k"], 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The case: a ConfigMap volume's `defaultMode: 0755` is 493 for the inventory too.
#[test]
fn an_octal_file_mode_is_read_as_its_value() {
    let yaml = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bookstore, namespace: bookstore}\nspec:\n  selector: {matchLabels: {app: bookstore}}\n  template:\n    metadata: {labels: {app: bookstore}}\n    spec:\n      containers: [{name: bookstore, image: bookstore, ports: [{containerPort: 0x36B1}]}]\n      volumes: [{name: config, configMap: {name: bookstore, defaultMode: 0755}}]\n";
    let value = smi_reads(yaml).expect("loads");
    let pod = &value["spec"]["template"]["spec"];
    assert_eq!(pod["volumes"][0]["configMap"]["defaultMode"], 493);
    assert_eq!(pod["containers"][0]["ports"][0]["containerPort"], 14001);
}
