//! Every upstream SMI YAML/JSON file under `testdata/upstream/smi`, read with the library's own
//! loader, validated, and round-tripped through the typed values.
//!
//! [`upstream_expectations::TABLE`] lists every file with its expected outcome and, for every
//! outcome other than [`Expect::Clean`], why upstream ships it that way. A file missing from the
//! table, a table entry without a file, or an outcome that differs from the table fails the test.
//! Set `SMI_UPSTREAM_PRINT=1` to print the observed table instead.
//!
//! Per file:
//! 1. [`load`] with `report_pruned_fields: true`. Spec examples carry no `apiVersion`; the one
//!    their path implies (`examples/traffic-split/v1alpha4/…` → `split.smi-spec.io/v1alpha4`) is
//!    passed as `assumed_api_versions`. The text is loaded as is: the conformance suite's
//!    `<NAMESPACE>` placeholder is not replaced (it is an invalid namespace, and the table says
//!    so).
//! 2. [`validate::validate_all`] over the file's SMI objects.
//! 3. The observed codes are the sorted set of the load problems' and the violations' codes,
//!    errors and warnings both.
//! 4. For every SMI object, whatever the table says:
//!    - `SmiObject::to_json()` read back with `SmiObject::from_json` is the same object;
//!    - the JSON is equivalent to the input document, after normalising both sides (see
//!      [`normalise`]): null values dropped; header filters in list form (`[{name: value}]`,
//!      the released v0.6.0 docs) turned into map form (the one form we write); fields the
//!      loader reported as `pruned-field` removed from the input (the typed values do not keep
//!      them, and the table already names the diagnostic); the `apiVersion` the loader assumed
//!      written into the input; and, for items of a `List`, the `kind`/`apiVersion` the loader
//!      copies from the list.
//!    - [`convert::to_hub_version`] succeeds for every object that has another version (all but
//!      IdentityBinding).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod upstream_expectations;

mod upstream_files;

use serde_json::{Map, Value};
use smi_types::load::{LoadOptions, Loaded, codes, load};
use smi_types::{ApiVersion, Group, KindName, Object, SmiObject, Version, convert, validate};
use std::collections::BTreeSet;
use upstream_expectations::{Expect, TABLE};
use upstream_files::{files, root};

fn inferred(path: &str) -> Option<ApiVersion> {
    if path.starts_with("smi-spec/examples/traffic-metrics/v1alpha1/") {
        return "metrics.smi-spec.io/v1alpha2".parse().ok();
    }
    let group = if path.contains("traffic-access") {
        Group::Access
    } else if path.contains("traffic-specs") || path.contains("traffic-spec/") {
        Group::Specs
    } else if path.contains("traffic-split") {
        Group::Split
    } else if path.contains("traffic-metrics") {
        Group::Metrics
    } else {
        return None;
    };
    let version = ["v1alpha1", "v1alpha2", "v1alpha3", "v1alpha4"]
        .into_iter()
        .find(|v| path.split('/').any(|seg| seg == *v))?;
    format!("{}/{version}", group.as_str()).parse().ok()
}

/// What happened to one file.
#[derive(Debug, PartialEq)]
enum Observed {
    Clean,
    Diagnostics(Vec<&'static str>),
    NotSmi,
}

struct FileResult {
    observed: Observed,
    /// Round-trip and conversion failures: always a test failure.
    roundtrip_failures: Vec<String>,
}

fn check_file(rel: &str, text: &str) -> FileResult {
    let options = inferred(rel)
        .into_iter()
        .fold(LoadOptions::default(), LoadOptions::assume_api_version)
        .report_pruned_fields(true);
    let loaded = load(text, &options);
    let smi: Vec<&SmiObject> = loaded.smi_objects().collect();
    let violations = validate::validate_all(smi.iter().copied());
    let codes: BTreeSet<&'static str> = loaded
        .problems
        .iter()
        .map(|p| p.diagnostic.code)
        .chain(violations.iter().map(|v| v.code))
        .collect();
    let observed = if smi.is_empty() && codes.is_empty() {
        Observed::NotSmi
    } else if codes.is_empty() {
        Observed::Clean
    } else {
        Observed::Diagnostics(codes.into_iter().collect())
    };
    if std::env::var("SMI_UPSTREAM_DEBUG").is_ok_and(|d| rel.contains(&d)) {
        for p in &loaded.problems {
            println!(
                "{rel}: {} {}: {}",
                p.diagnostic.code, p.diagnostic.path, p.diagnostic.message
            );
        }
        for v in &violations {
            println!("{rel}: {} {} {}: {}", v.code, v.object, v.path, v.message);
        }
    }
    let roundtrip_failures = roundtrip(text, &loaded);
    FileResult {
        observed,
        roundtrip_failures,
    }
}

/// The input documents, as the loader saw them: YAML documents by byte range, JSON by index.
fn input_document(text: &str, object: &smi_types::load::LoadedObject) -> Value {
    let doc: Value = match &object.yaml_range {
        Some(range) => serde_saphyr::from_str(&text[range.clone()]).unwrap(),
        None => serde_json::Deserializer::from_str(text)
            .into_iter::<Value>()
            .nth(object.position.index)
            .unwrap()
            .unwrap(),
    };
    let Some(item) = object.position.item else {
        return doc;
    };
    let list = doc.as_object().unwrap();
    let mut value = match doc.get("items") {
        Some(Value::Array(items)) => items[item].clone(),
        // A bare JSON array is a list of documents.
        _ => doc.as_array().unwrap()[item].clone(),
    };
    if let (Some(obj), Some(kind)) = (
        value.as_object_mut(),
        list.get("kind")
            .and_then(Value::as_str)
            .and_then(|k| k.strip_suffix("List"))
            .filter(|k| !k.is_empty()),
    ) {
        obj.entry("kind").or_insert_with(|| kind.into());
        if let Some(av) = list.get("apiVersion") {
            obj.entry("apiVersion").or_insert_with(|| av.clone());
        }
    }
    value
}

fn roundtrip(text: &str, loaded: &Loaded) -> Vec<String> {
    let mut failures = Vec::new();
    for object in &loaded.objects {
        let Object::Smi(smi) = &object.object else {
            continue;
        };
        let at = format!(
            "document {} item {:?}",
            object.position.index, object.position.item
        );
        let json = smi.to_json();
        match SmiObject::from_json(smi.api_version(), smi.kind(), json.clone()) {
            Some(Ok(again)) if again == **smi => {}
            Some(Ok(again)) => failures.push(format!("{at}: read back differs: {again:?}")),
            Some(Err(e)) => failures.push(format!("{at}: cannot read back {json}: {e}")),
            None => failures.push(format!("{at}: unsupported on read back")),
        }

        let mut input = input_document(text, object);
        if let Some(obj) = input.as_object_mut() {
            obj.insert("apiVersion".into(), smi.api_version().to_string().into());
        }
        for p in &loaded.problems {
            if p.position == object.position && p.diagnostic.code == codes::PRUNED_FIELD {
                remove_path(&mut input, &p.diagnostic.path);
            }
        }
        // The spec's metrics lists show a label `selector`; the SDK type (and ours) has none.
        if let Some(obj) = input.as_object_mut()
            && smi.kind() == KindName::TrafficMetricsList
        {
            obj.remove("selector");
        }
        let (input, output) = (normalise(input), normalise(json));
        if input != output {
            failures.push(format!(
                "{at}: JSON differs from the input\n  input:  {input}\n  output: {output}"
            ));
        }

        // access v1alpha4 is skipped: IdentityBinding has no other version, and a v1alpha4
        // TrafficTarget whose destination is an IdentityBinding cannot be written in v1alpha3
        // (the hub) by design (see `convert`).
        let access_v1alpha4 = smi.api_version().group == Group::Access
            && smi.api_version().version == Version::V1alpha4;
        if !access_v1alpha4 && let Err(e) = convert::to_hub_version(smi) {
            failures.push(format!("{at}: to_hub_version fails: {e}"));
        }
    }
    failures
}

/// Normalises one side of the JSON comparison, recursively:
/// - null values are dropped (absent and `null` read the same);
/// - an empty `metadata` map and an empty `items` list are dropped (metrics objects are written
///   with `metadata: {}`, and lists with `items: []`, where the spec's examples have none);
/// - `headers` in list form (`[{name: regex}]`) becomes the map form we write;
/// - a metric `value` written as a YAML number becomes a string: it is a Quantity, which is a
///   string on the wire (smi-spec.md §5.3).
fn normalise(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let empty = match &v {
                    Value::Null => true,
                    Value::Object(m) => k == "metadata" && m.is_empty(),
                    Value::Array(a) => k == "items" && a.is_empty(),
                    _ => false,
                };
                if empty {
                    continue;
                }
                let v = match (k.as_str(), v) {
                    ("headers", v) => headers_as_map(v),
                    ("metrics", Value::Array(items)) => {
                        Value::Array(items.into_iter().map(metric_value_as_string).collect())
                    }
                    (_, v) => v,
                };
                out.insert(k, normalise(v));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalise).collect()),
        other => other,
    }
}

fn metric_value_as_string(mut metric: Value) -> Value {
    if let Some(v) = metric.get_mut("value")
        && let Value::Number(n) = v
    {
        *v = Value::String(n.to_string());
    }
    metric
}

fn headers_as_map(v: Value) -> Value {
    match v {
        Value::Array(items)
            if items
                .iter()
                .all(|i| i.as_object().is_some_and(|o| o.len() == 1)) =>
        {
            let mut map = Map::new();
            for item in items {
                if let Value::Object(o) = item {
                    map.extend(o);
                }
            }
            Value::Object(map)
        }
        other => other,
    }
}

/// Removes the field at a path like `spec.sources[0].group`.
fn remove_path(value: &mut Value, path: &str) {
    let mut segments: Vec<(String, Vec<usize>)> = Vec::new();
    for seg in path.split('.') {
        let mut parts = seg.split('[');
        let name = parts.next().unwrap_or_default().to_owned();
        let idx = parts
            .map(|p| p.trim_end_matches(']').parse().unwrap())
            .collect();
        segments.push((name, idx));
    }
    let Some((last, last_idx)) = segments.pop() else {
        return;
    };
    assert!(
        last_idx.is_empty(),
        "cannot remove an array element: {path}"
    );
    let mut cur = value;
    for (name, idx) in segments {
        let Some(next) = cur.get_mut(&name) else {
            return;
        };
        cur = next;
        for i in idx {
            let Some(next) = cur.get_mut(i) else {
                return;
            };
            cur = next;
        }
    }
    if let Some(obj) = cur.as_object_mut() {
        obj.remove(&last);
    }
}

fn expected_here(expect: &Expect) -> &Expect {
    match expect {
        Expect::Unreleased { with, without } => expected_here(if cfg!(feature = "unreleased") {
            with
        } else {
            without
        }),
        other => other,
    }
}

fn matches(expect: &Expect, observed: &Observed) -> bool {
    match (expected_here(expect), observed) {
        (Expect::Clean, Observed::Clean) | (Expect::NotSmi, Observed::NotSmi) => true,
        (Expect::Diagnostics(e), Observed::Diagnostics(o)) => e.iter().eq(o.iter()),
        _ => false,
    }
}

#[test]
fn every_upstream_file_has_an_explicit_outcome() {
    let mut all = Vec::new();
    files(&root(), &mut all);
    assert!(all.len() > 150, "testdata missing? found {}", all.len());

    let print = std::env::var_os("SMI_UPSTREAM_PRINT").is_some();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    for path in &all {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).unwrap();
        let result = check_file(&rel, &text);
        for f in &result.roundtrip_failures {
            failures.push(format!("{rel}: {f}"));
        }
        seen.insert(rel.clone());
        if print {
            let row = match &result.observed {
                Observed::Clean => "Clean".to_owned(),
                Observed::NotSmi => "NotSmi".to_owned(),
                Observed::Diagnostics(c) => format!("Diagnostics(&{c:?})"),
            };
            println!("    e({rel:?}, {row}, \"\"),");
            continue;
        }
        let Some(entry) = TABLE.iter().find(|e| e.file == rel) else {
            failures.push(format!(
                "{rel}: not in the table (observed {:?})",
                result.observed
            ));
            continue;
        };
        if !matches(&entry.expect, &result.observed) {
            failures.push(format!(
                "{rel}: expected {:?}, observed {:?}",
                expected_here(&entry.expect),
                result.observed
            ));
        }
    }
    let mut listed = BTreeSet::new();
    for entry in TABLE {
        if !listed.insert(entry.file) {
            failures.push(format!("{}: listed twice", entry.file));
        }
        if !seen.contains(entry.file) {
            failures.push(format!("{}: in the table but no such file", entry.file));
        }
        if !matches!(entry.expect, Expect::Clean) && entry.why.trim().is_empty() {
            failures.push(format!("{}: a non-Clean entry needs a why", entry.file));
        }
    }
    if !print {
        let known: BTreeSet<&str> = validate::CODES
            .iter()
            .chain(codes::CODES)
            .map(|c| c.code)
            .collect();
        for entry in TABLE {
            for e in [&entry.expect, expected_here(&entry.expect)] {
                if let Expect::Diagnostics(c) = e {
                    for code in *c {
                        if !known.contains(code) {
                            failures.push(format!("{}: unknown code {code}", entry.file));
                        }
                    }
                    if !c.windows(2).all(|w| w[0] < w[1]) {
                        failures.push(format!("{}: codes not sorted and unique", entry.file));
                    }
                }
            }
        }
    }
    assert!(
        !print,
        "printed the observed table; unset SMI_UPSTREAM_PRINT\n{}",
        failures.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
