//! Every upstream SMI YAML/JSON file under `testdata/upstream/smi`, validated against the
//! generated CRD schemas.
//!
//! [`EXPECTED`] lists every file and document: a file missing from the table, a table entry
//! without a file, or an outcome that differs from the table fails the test. Set
//! `SMI_EXAMPLES_PRINT=1` to print the observed table.
//!
//! - Spec examples carry no `apiVersion`; it is inferred from the path
//!   (`examples/traffic-split/v1alpha4/…` → `split.smi-spec.io/v1alpha4`). An `apiVersion`
//!   without a group (`v1alpha1`) is completed the same way.
//! - `<NAMESPACE>` (conformance suite) is replaced by `default` before parsing.
//! - `Invalid(why)`: `why` must occur in the validation errors (`path: message`, joined by `; `).
//! - `Valid(pruned)`: no errors; `pruned` lists the fields the API server would drop.
//! - access v1alpha4 documents are expected as `Valid`/`Invalid` only with the `unreleased`
//!   feature; without it they are `NotCrd`.
#![allow(clippy::unwrap_used)]

mod upstream_files;

use serde_json::Value;
use smi_types::crd::schema_for;
use smi_types::schema::{pruned_fields, validate};
use smi_types::{ApiVersion, Group, KindName};
use std::path::Path;
use upstream_files::{files, root};

/// What happens to one document.
#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    /// Matches the schema; these fields would be pruned.
    Valid(&'static [&'static str]),
    /// Fails validation; the string is part of the error text.
    Invalid(&'static str),
    /// Not a document of an SMI CRD kind and version (other kinds, metrics, fragments, drafts).
    NotCrd,
    /// The file does not parse as YAML; the string says why. No file needs it today:
    /// serde-saphyr reads `traffic-metrics-v1alpha1-ex9.yaml`, whose literal `...` line is a
    /// YAML 1.2 document-end marker, as two documents.
    #[allow(dead_code)]
    Unparseable(&'static str),
}
use Outcome::*;

#[derive(Debug, PartialEq)]
enum Observed {
    Valid(Vec<String>),
    Invalid(String),
    NotCrd,
    Unparseable(String),
}

fn inferred(path: &str) -> (Option<Group>, Option<&'static str>) {
    let group = if path.contains("traffic-access") {
        Some(Group::Access)
    } else if path.contains("traffic-specs") || path.contains("traffic-spec/") {
        Some(Group::Specs)
    } else if path.contains("traffic-split") {
        Some(Group::Split)
    } else if path.contains("traffic-metrics") {
        Some(Group::Metrics)
    } else {
        None
    };
    let version = ["v1alpha1", "v1alpha2", "v1alpha3", "v1alpha4"]
        .into_iter()
        .find(|v| path.split('/').any(|seg| seg == *v));
    (group, version)
}

fn api_version(path: &str, doc: &Value) -> Option<ApiVersion> {
    let (group, version) = inferred(path);
    match doc.get("apiVersion").and_then(Value::as_str) {
        Some(av) if av.contains('/') => av.parse().ok(),
        Some(v) => format!("{}/{v}", group?.as_str()).parse().ok(),
        None => format!("{}/{}", group?.as_str(), version?).parse().ok(),
    }
}

fn observe(path: &str, doc: &Value) -> Observed {
    let Some(kind) = doc
        .get("kind")
        .and_then(Value::as_str)
        .and_then(KindName::parse)
    else {
        return Observed::NotCrd;
    };
    let Some(av) = api_version(path, doc) else {
        return Observed::NotCrd;
    };
    let Some(schema) = schema_for(av, kind) else {
        return Observed::NotCrd;
    };
    let errors = validate(&schema, doc);
    if errors.is_empty() {
        Observed::Valid(pruned_fields(&schema, doc))
    } else {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        Observed::Invalid(text.join("; "))
    }
}

fn observe_file(path: &Path) -> Vec<Observed> {
    let text = std::fs::read_to_string(path)
        .unwrap()
        .replace("<NAMESPACE>", "default");
    match serde_saphyr::from_multiple::<Value>(&text) {
        Ok(docs) => {
            let rel = path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            docs.iter().map(|d| observe(&rel, d)).collect()
        }
        Err(e) => vec![Observed::Unparseable(e.to_string())],
    }
}

fn matches(expected: &Outcome, observed: &Observed) -> bool {
    match (expected, observed) {
        (Valid(p), Observed::Valid(o)) => p.iter().map(|s| s.to_string()).eq(o.iter().cloned()),
        (Invalid(why), Observed::Invalid(text)) => text.contains(why),
        (NotCrd, Observed::NotCrd) => true,
        (Unparseable(_), Observed::Unparseable(_)) => true,
        _ => false,
    }
}

fn is_access_v1alpha4(file: &str, index: usize) -> bool {
    let text = std::fs::read_to_string(root().join(file)).unwrap_or_default();
    let docs = serde_saphyr::from_multiple::<Value>(&text).unwrap_or_default();
    docs.get(index)
        .and_then(|d| api_version(file, d))
        .is_some_and(|av| av.group == Group::Access && av.version == smi_types::Version::V1alpha4)
}

#[test]
fn upstream_examples_match_expectations() {
    let mut all = Vec::new();
    files(&root(), &mut all);
    assert!(
        all.len() > 150,
        "testdata missing? found {} files",
        all.len()
    );

    let print = std::env::var_os("SMI_EXAMPLES_PRINT").is_some();
    let mut failures = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for path in &all {
        let rel = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for (i, observed) in observe_file(path).iter().enumerate() {
            seen.insert((rel.clone(), i));
            if print {
                let row = match observed {
                    Observed::Valid(p) => format!("Valid(&{p:?})"),
                    Observed::Invalid(t) => format!("Invalid({t:?})"),
                    Observed::NotCrd => "NotCrd".to_owned(),
                    Observed::Unparseable(t) => format!("Unparseable({t:?})"),
                };
                println!("    ({rel:?}, {i}, {row}),");
                continue;
            }
            let Some((_, _, expected)) = EXPECTED.iter().find(|(f, d, _)| *f == rel && *d == i)
            else {
                failures.push(format!(
                    "{rel} #{i}: not in the table (observed {observed:?})"
                ));
                continue;
            };
            let expected = if !cfg!(feature = "unreleased")
                && matches!(expected, Valid(_) | Invalid(_))
                && is_access_v1alpha4(&rel, i)
            {
                &NotCrd
            } else {
                expected
            };
            if !matches(expected, observed) {
                failures.push(format!(
                    "{rel} #{i}: expected {expected:?}, observed {observed:?}"
                ));
            }
        }
    }
    for (f, d, _) in EXPECTED {
        if !seen.contains(&(f.to_string(), *d)) {
            failures.push(format!("{f} #{d}: in the table but no such file/document"));
        }
    }
    assert!(
        !print,
        "printed the observed table; unset SMI_EXAMPLES_PRINT"
    );
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// (file under testdata/upstream/smi, document index, outcome)
#[rustfmt::skip]
const EXPECTED: &[(&str, usize, Outcome)] = &[
    ("conformance/learn-layer5/deploy/linkerd/traffic.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/deploy/traffic-crd.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/deploy/traffic-crd.yaml", 1, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/01-assert.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 1, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 2, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 3, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 4, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 5, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 6, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 7, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-assert.yaml", 8, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 1, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 2, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 3, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 4, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 5, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 6, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 7, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/02-install.yaml", 8, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/03-trafficDefault.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/04-assert.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/04-assert.yaml", 1, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/04-install.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/04-install.yaml", 1, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/05-trafficAllowed.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/06-errors.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/06-errors.yaml", 1, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/06-install.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-access/07-trafficBlocked.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/01-assert.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 1, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 2, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 3, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 4, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 5, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 6, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 7, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-assert.yaml", 8, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 1, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 2, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 3, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 4, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 5, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 6, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 7, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/02-install.yaml", 8, NotCrd),
    // HTTPRouteGroup v1alpha4 with top-level `matches` and no `spec` (smi-spec.md §12): spec is required;
    // the TrafficTarget v1alpha3 that follows keeps `destination.port: "9091"`, dropped by pruning.
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/03-assert.yaml", 0, Invalid("spec: required field is missing")),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/03-assert.yaml", 1, Valid(&["spec.destination.port"])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/03-install.yaml", 0, Invalid("spec: required field is missing")),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/03-install.yaml", 1, Valid(&["spec.destination.port"])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/04-trafficPath.yaml", 0, NotCrd),
    // TrafficTarget v1alpha3 with `destination.port` (removed in v1alpha3): valid, but pruned.
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/05-assert.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/05-assert.yaml", 1, Valid(&["spec.destination.port"])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/05-install.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/05-install.yaml", 1, Valid(&["spec.destination.port"])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-spec/06-trafficMethod.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/01-assert.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 1, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 2, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 3, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 4, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 5, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-assert.yaml", 6, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 1, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 2, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 3, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 4, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 5, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/02-install.yaml", 6, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/03-trafficDefault.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/04-assert.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/04-install.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/05-trafficOnlyB.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/06-assert.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/06-install.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/07-trafficOnlyC.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/08-assert.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/08-install.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/09-trafficBGrtC.yaml", 0, NotCrd),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/10-assert.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/10-install.yaml", 0, Valid(&[])),
    ("conformance/learn-layer5/smi-conformance/test-gen/test-yamls/traffic-split/11-trafficCGrtB.yaml", 0, NotCrd),
    ("linkerd-smi/charts/linkerd-smi/templates/trafficsplit-crd.yaml", 0, NotCrd),
    ("linkerd-smi/test/testdata/traffic-split-leaf-weights.yaml", 0, Valid(&[])),
    ("linkerd-smi/test/testdata/updated-traffic-split-leaf-weights.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-trafficsplit/manifests/02-traffic-split-1000-0.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-trafficsplit/manifests/04-traffic-split-900-100.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-trafficsplit/manifests/05-traffic-split-750-250.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-trafficsplit/manifests/06-traffic-split-200-800.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-trafficsplit/manifests/07-traffic-split-0-1000.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget-reviews-v2.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget.yaml", 1, Valid(&[])),
    ("smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget.yaml", 2, Valid(&[])),
    ("smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget.yaml", 3, Valid(&[])),
    ("smi-adapter-istio/docs/smi-traffictarget/manifests/traffictarget.yaml", 4, Valid(&[])),
    ("smi-adapter-istio/test/manual/02-traffic-split-1000-0-output.yaml", 0, NotCrd),
    ("smi-adapter-istio/test/manual/02-traffic-split-1000-0.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/test/manual/04-traffic-split-1000-500-output.yaml", 0, NotCrd),
    ("smi-adapter-istio/test/manual/04-traffic-split-1000-500.yaml", 0, Valid(&[])),
    ("smi-adapter-istio/test/manual/05-traffic-split-0-1000-output.yaml", 0, NotCrd),
    ("smi-adapter-istio/test/manual/05-traffic-split-0-1000.yaml", 0, Valid(&[])),
    ("smi-metrics/README-ex1.json", 0, NotCrd),
    ("smi-metrics/README-ex2.json", 0, NotCrd),
    ("smi-sdk-go/crds/access.yaml", 0, NotCrd),
    ("smi-sdk-go/crds/httproutegroup.yaml", 0, NotCrd),
    ("smi-sdk-go/crds/split.yaml", 0, NotCrd),
    ("smi-sdk-go/crds/tcproute.yaml", 0, NotCrd),
    ("smi-sdk-go/crds/udproute.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.1.0/access.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.1.0/spec.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.1.0/spec.yaml", 1, NotCrd),
    ("smi-sdk-go/crds-history/v0.1.0/split.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.2.0/access.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.2.0/spec.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.2.0/spec.yaml", 1, NotCrd),
    ("smi-sdk-go/crds-history/v0.2.0/split.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.3.0/access.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.3.0/specs.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.3.0/specs.yaml", 1, NotCrd),
    ("smi-sdk-go/crds-history/v0.3.0/split.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.4.1/access.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.4.1/specs.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.4.1/specs.yaml", 1, NotCrd),
    ("smi-sdk-go/crds-history/v0.4.1/split.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.5.0/access.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.5.0/specs.yaml", 0, NotCrd),
    ("smi-sdk-go/crds-history/v0.5.0/specs.yaml", 1, NotCrd),
    ("smi-sdk-go/crds-history/v0.5.0/specs.yaml", 2, NotCrd),
    ("smi-sdk-go/crds-history/v0.5.0/split.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha1/traffic-access-v1alpha1-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha1/traffic-access-v1alpha1-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha1/traffic-access-v1alpha1-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha1/traffic-access-v1alpha1-ex3.yaml", 1, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha1/traffic-access-v1alpha1-ex3.yaml", 2, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha2/traffic-access-v1alpha2-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha2/traffic-access-v1alpha2-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha2/traffic-access-v1alpha2-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha2/traffic-access-v1alpha2-ex3.yaml", 1, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha2/traffic-access-v1alpha2-ex3.yaml", 2, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex1.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex3.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex3.yaml", 2, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex3.yaml", 3, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex4.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha3/traffic-access-v1alpha3-ex4.yaml", 2, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex2.yaml", 1, NotCrd),
    // Unreleased v1alpha4 subjects carry `group`, which our v1alpha4 schema does not declare: pruned.
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex3.yaml", 0, Valid(&["spec.destination.group", "spec.sources[0].group"])),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex4.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex4.yaml", 2, Valid(&["spec.destination.group", "spec.sources[0].group"])),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex4.yaml", 3, Valid(&["spec.destination.group", "spec.sources[0].group", "spec.sources[1].group"])),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex5.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex5.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-access/v1alpha4/traffic-access-v1alpha4-ex5.yaml", 2, Valid(&["spec.destination.group", "spec.sources[0].group"])),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex10.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex11.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex12.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex5.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex6.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex7.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex8.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex9.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-metrics/v1alpha1/traffic-metrics-v1alpha1-ex9.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-specs/v1alpha1/traffic-specs-v1alpha1-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha1/traffic-specs-v1alpha1-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha1/traffic-specs-v1alpha1-ex3.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex3.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex4.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex3.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex4.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex3.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex4.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex7.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex8.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex9.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex2.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex2.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex3.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex3.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex4.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex7.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha1/traffic-split-v1alpha1-ex8.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex2.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex2.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex3.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex3.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex4.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex7.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha2/traffic-split-v1alpha2-ex8.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex2.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex3.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex3.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex4.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex4.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex7.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex8.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha3/traffic-split-v1alpha3-ex9.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex1.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex2.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex3.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex3.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex4.yaml", 1, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex4.yaml", 2, NotCrd),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex5.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex6.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex7.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex8.yaml", 0, Valid(&[])),
    ("smi-spec/examples/traffic-split/v1alpha4/traffic-split-v1alpha4-ex9.yaml", 0, Valid(&[])),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex5.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex6.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex7.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex8.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-specs/traffic-specs-v1alpha5draft-ex9.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex2.yaml", 1, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex3.yaml", 1, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex3.yaml", 2, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex4.yaml", 1, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex4.yaml", 2, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex5.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex6.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex7.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex8.yaml", 0, NotCrd),
    ("smi-spec/examples-draft-v1alpha5/traffic-split/traffic-split-v1alpha5draft-ex9.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex1.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex10.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex11.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex2.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex3.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex4.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex5.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex6.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex7.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex8.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex9.yaml", 0, NotCrd),
    ("smi-spec/examples-history/traffic-metrics-v1alpha1-original/traffic-metrics-v1alpha1orig-ex9.yaml", 1, NotCrd),
    // Released v0.6.0 docs: header filters in LIST form. HttpHeaders reads both forms, but the CRD
    // declares the map form (as the spec on main), so an API server rejects these.
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex3.yaml", 0, Invalid("matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex4.yaml", 0, Invalid("matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha2/traffic-specs-v1alpha2-ex5.yaml", 0, Invalid("matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex3.yaml", 0, Invalid("spec.matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex4.yaml", 0, Invalid("spec.matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha3/traffic-specs-v1alpha3-ex5.yaml", 0, Invalid("spec.matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex3.yaml", 0, Invalid("spec.matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex4.yaml", 0, Invalid("spec.matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-specs/v1alpha4/traffic-specs-v1alpha4-ex5.yaml", 0, Invalid("spec.matches[0].headers: must be of type object, got array")),
    ("smi-spec/examples-v0.6.0-release/traffic-split/v1alpha3/traffic-split-v1alpha3-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples-v0.6.0-release/traffic-split/v1alpha3/traffic-split-v1alpha3-ex2.yaml", 1, NotCrd),
    ("smi-spec/examples-v0.6.0-release/traffic-split/v1alpha4/traffic-split-v1alpha4-ex2.yaml", 0, Valid(&[])),
    ("smi-spec/examples-v0.6.0-release/traffic-split/v1alpha4/traffic-split-v1alpha4-ex2.yaml", 1, NotCrd),
];
