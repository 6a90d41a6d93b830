//! Manifests written in the style of OSM, NGINX Service Mesh, Consul and Meshery demos, through
//! every command: duplicates, invalid objects, YAML 1.1 numbers, namespaces, messages.

mod support;

use support::{smi, stderr, stdout};

const OSM: &str = "smi-translate/testdata/osm-access-alternatives";
const MANIFESTS: &str = "smi-cli/tests/manifests";

fn manifest(file: &str) -> String {
    format!("{MANIFESTS}/{file}")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON")
}

/// The principals an Istio translation allows, as `ns/sa`.
fn istio_principals(args: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let mut all = vec!["translate", "--backend", "istio", "-o", "json"];
    all.extend(args);
    let out = smi(&all, None);
    let list = json(&stdout(&out));
    let principals = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .flat_map(|p| p["spec"]["rules"].as_array().cloned().unwrap_or_default())
        .flat_map(|r| {
            r["from"][0]["source"]["principals"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|p| {
            p.as_str()
                .map(|p| p.trim_start_matches("cluster.local/").to_owned())
        })
        .collect();
    (out.status.code(), principals, stderr(&out))
}

#[test]
fn of_two_access_files_defining_one_target_the_later_one_applies() {
    let later = |files: [&str; 2]| {
        let paths: Vec<String> = std::iter::once(format!("{OSM}/0-bookstore.yaml"))
            .chain(files.iter().map(|f| format!("{OSM}/{f}")))
            .collect();
        let args: Vec<&str> = paths.iter().map(String::as_str).collect();
        istio_principals(&args)
    };
    let (code, principals, err) = later(["1-bookbuyer.yaml", "2-bookbuyer-and-bookthief.yaml"]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(
        principals,
        ["ns/bookbuyer/sa/bookbuyer", "ns/bookthief/sa/bookthief"]
    );
    assert!(err.contains("error[duplicate-object]"), "{err}");
    assert!(
        err.contains(&format!("--> {OSM}/1-bookbuyer.yaml:4 (document 1)")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "= also: {OSM}/2-bookbuyer-and-bookthief.yaml:4 (document 1)"
        )),
        "{err}"
    );
    let (_, principals, err) = later(["2-bookbuyer-and-bookthief.yaml", "1-bookbuyer.yaml"]);
    assert_eq!(principals, ["ns/bookbuyer/sa/bookbuyer"], "{err}");
    // A directory is read in name order, as kubectl apply -f reads it.
    let (_, principals, _) = istio_principals(&[OSM]);
    assert_eq!(
        principals,
        ["ns/bookbuyer/sa/bookbuyer", "ns/bookthief/sa/bookthief"]
    );
    // validate and convert agree: the earlier copy is the one reported, and convert drops it.
    let validate = smi(&["validate", OSM], None);
    assert_eq!(validate.status.code(), Some(1));
    assert_eq!(
        stderr(&validate).matches("error[duplicate-object]").count(),
        2
    );
    let convert = smi(&["convert", "--to", "latest", "-o", "json", OSM], None);
    let items = json(&stdout(&convert))["items"].clone();
    let targets: Vec<&serde_json::Value> = items
        .as_array()
        .expect("items")
        .iter()
        .filter(|o| o["kind"] == "TrafficTarget")
        .collect();
    assert_eq!(targets.len(), 1);
    assert_eq!(
        targets[0]["spec"]["sources"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn an_unsubstituted_placeholder_is_refused_by_every_command_with_one_code() {
    let file = manifest("meshery-placeholder.yaml");
    let validate = smi(&["validate", "-o", "json", &file], None);
    assert_eq!(validate.status.code(), Some(1));
    let codes = |d: &serde_json::Value| -> Vec<String> {
        d.as_array()
            .expect("array")
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let validation = codes(&json(&stdout(&validate)));
    assert!(
        validation.iter().all(|c| c == "invalid-name"),
        "{validation:?}"
    );
    let translate = smi(
        &[
            "translate",
            "--backend",
            "istio",
            "--diagnostics",
            "json",
            &file,
        ],
        None,
    );
    assert_eq!(translate.status.code(), Some(1));
    assert!(
        !stdout(&translate).contains("NAMESPACE"),
        "{}",
        stdout(&translate)
    );
    let err = stderr(&translate);
    let translation = codes(&json(&err[..err.rfind(']').expect("JSON") + 1]));
    assert_eq!(translation, validation);
    let convert = smi(&["convert", "--to", "latest", &file], None);
    assert_eq!(convert.status.code(), Some(1));
    assert!(
        !stdout(&convert).contains("NAMESPACE"),
        "{}",
        stdout(&convert)
    );
    assert!(stderr(&convert).contains("error[invalid-name]"));
}

#[test]
fn yaml_1_1_octal_numbers_pass_through_as_kubectl_sends_them() {
    let file = manifest("osm-bookstore-config-volume.yaml");
    let convert = smi(&["convert", "--to", "latest", "-o", "json", &file], None);
    assert_eq!(convert.status.code(), Some(0), "{}", stderr(&convert));
    let items = json(&stdout(&convert))["items"].clone();
    assert_eq!(
        items[1]["spec"]["template"]["spec"]["volumes"][0]["configMap"]["defaultMode"],
        493
    );
    // The Deployment stays in the inventory, so the bookstore gets its policy.
    let (code, principals, err) = istio_principals(&[&file]);
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("invalid-inventory-object"), "{err}");
    assert_eq!(principals, ["ns/bookbuyer/sa/bookbuyer"]);
}

#[test]
fn a_tcp_route_without_spec_grants_every_port() {
    let file = manifest("nginx-tcp-route-without-spec.yaml");
    let validate = smi(&["validate", &file], None);
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    let (code, principals, err) = istio_principals(&[&file]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(principals, ["ns/default/sa/tcp-client"]);
}

#[test]
fn namespace_less_objects_resolve_alike_and_dash_n_places_them() {
    let file = manifest("consul-namespace-less.yaml");
    let validate = smi(&["validate", &file], None);
    assert_eq!(validate.status.code(), Some(0), "{}", stderr(&validate));
    assert!(!stderr(&validate).contains("unresolved-reference"));
    // -n consul: namespace-less objects are in `consul`, as kubectl apply -n places them; the
    // subjects naming `default` stay there (so the target is for another namespace).
    let placed = smi(
        &[
            "convert", "--to", "latest", "-n", "consul", "-o", "json", &file,
        ],
        None,
    );
    assert_eq!(placed.status.code(), Some(0), "{}", stderr(&placed));
    let items = json(&stdout(&placed))["items"].clone();
    for item in items.as_array().expect("items") {
        assert_eq!(item["metadata"]["namespace"], "consul");
    }
    // An object in another namespace than -n is refused, as kubectl apply -n refuses it.
    let mismatch = smi(
        &[
            "validate",
            "--namespace",
            "shop",
            &format!("{OSM}/0-bookstore.yaml"),
        ],
        None,
    );
    assert_eq!(mismatch.status.code(), Some(1));
    assert!(
        stderr(&mismatch).contains("error[namespace-mismatch]"),
        "{}",
        stderr(&mismatch)
    );
    let translate = smi(
        &["translate", "--backend", "linkerd", "-n", "bookstore", OSM],
        None,
    );
    assert!(
        !stderr(&translate).contains("namespace-mismatch"),
        "{}",
        stderr(&translate)
    );
}

#[test]
fn a_glob_path_is_answered_with_its_regex() {
    let out = smi(&["validate", &manifest("nginx-any-path.yaml")], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("error[invalid-regex]"), "{err}");
    assert!(err.contains("for any path write `.*`"), "{err}");
}

#[test]
fn unreleased_kinds_say_which_feature_reads_them() {
    let input = b"apiVersion: access.smi-spec.io/v1alpha4\nkind: IdentityBinding\nmetadata: {name: api, namespace: shop}\nspec:\n  schemes:\n    serviceAccount: api\n";
    let out = smi(&["validate", "-"], Some(input));
    let err = stderr(&out);
    if cfg!(feature = "unreleased") {
        assert_eq!(out.status.code(), Some(0), "{err}");
    } else {
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("`unreleased` cargo feature"), "{err}");
    }
}

#[test]
fn a_diagnostic_repeated_for_several_targets_is_printed_once() {
    let out = smi(
        &[
            "translate",
            "--backend",
            "istio",
            "--assume-api-version",
            "access.smi-spec.io/v1alpha3",
            "--assume-api-version",
            "specs.smi-spec.io/v1alpha4",
            "--assume-api-version",
            "split.smi-spec.io/v1alpha2",
            "smi-translate/testdata/scenarios/osm-bookstore.yaml",
        ],
        None,
    );
    let err = stderr(&out);
    assert_eq!(
        err.matches("error[istio-path-not-expressible]").count(),
        1,
        "{err}"
    );
    assert!(err.contains("   = objects (2):"), "{err}");
    assert!(
        err.contains("     TrafficTarget bookstore/bookbuyer-access-bookstore-v1  --> "),
        "{err}"
    );
    // Counted once per object.
    assert!(err.contains("4 errors"), "{err}");
}
