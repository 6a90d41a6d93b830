use super::*;
use crate::Version;

fn codes_and_lines(loaded: &Loaded) -> Vec<(&'static str, usize, usize, String)> {
    loaded
        .problems
        .iter()
        .map(|p| {
            (
                p.diagnostic.code,
                p.position.index,
                p.line,
                p.diagnostic.path.clone(),
            )
        })
        .collect()
}

const STREAM: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata:
  name: canary
  namespace: default
spec:
  service: web
  backends:
  - service: web-v1
    weight: 90
  - service: web-v2
    weight: 10
";

#[test]
fn smi_objects_are_typed_and_others_pass_through() {
    let loaded = load(STREAM, &LoadOptions::default());
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.objects.len(), 2);
    assert!(matches!(&loaded.objects[0].object, Object::Other(v) if v["kind"] == "Service"));
    assert_eq!(
        loaded.objects[1].position,
        DocumentPosition {
            index: 1,
            item: None,
            line: 5
        }
    );
    let Object::Smi(smi) = &loaded.objects[1].object else {
        panic!("not an SMI object: {:?}", loaded.objects[1]);
    };
    let SmiObject::TrafficSplitV1alpha4(split) = &**smi else {
        panic!("not a split: {smi:?}");
    };
    assert_eq!(split.spec.backends[1].weight, 10);
}

#[test]
fn a_type_error_names_document_line_and_path() {
    let input = STREAM.replace("weight: 10", "weight: ten");
    let loaded = load(&input, &LoadOptions::default());
    assert_eq!(
        codes_and_lines(&loaded),
        vec![(
            codes::INVALID_FIELD.code,
            1,
            17,
            "spec.backends[1].weight".to_owned()
        )]
    );
    assert_eq!(
        loaded.problems[0].diagnostic.object,
        ObjectRef {
            kind: "TrafficSplit".into(),
            namespace: "default".into(),
            name: "canary".into()
        }
    );
    // The other document is still read.
    assert_eq!(loaded.objects.len(), 1);
}

#[test]
fn a_syntax_error_does_not_hide_other_documents() {
    let input = format!("a: [1, 2\n---\n{STREAM}");
    let loaded = load(&input, &LoadOptions::default());
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].diagnostic.code, codes::YAML_SYNTAX);
    assert_eq!(loaded.problems[0].position.index, 0);
    assert_eq!(loaded.objects.len(), 2);
    assert_eq!(loaded.objects[0].position.line, 2);
}

#[test]
fn a_syntax_error_after_lone_carriage_returns_is_placed_on_a_line_of_the_text() {
    // Found by the `load` fuzz target: YAML ends a line at a lone `\r`, so the parser placed
    // this error on line 5 of a text of three lines.
    let input = "kind: x\r\r\r\nmetadata: {}\na: b: c\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].diagnostic.code, codes::YAML_SYNTAX);
    assert_eq!(loaded.problems[0].line, 3);
}

#[test]
fn a_duplicate_key_after_lone_carriage_returns_is_placed_on_lines_of_the_text() {
    // Found by the `load` fuzz target (F4): the duplicate-key error kept the parser's lines,
    // which a lone `\r` ends, so it named line 8 of a text of six.
    let input = "kind: x\nmetadata:\r  name: a\nmetadata:\r  name: b\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(loaded.problems.len(), 1);
    let problem = &loaded.problems[0];
    assert_eq!(problem.diagnostic.code, codes::DUPLICATE_KEY);
    assert_eq!(problem.line, 3);
    assert!(
        problem.diagnostic.message.contains("(first on line 2)"),
        "{}",
        problem.diagnostic.message
    );
}

#[test]
fn missing_api_version_is_an_error_unless_a_default_is_given() {
    let input = "kind: TCPRoute\nmetadata:\n  name: r\nspec:\n  matches:\n    ports: [80]\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(
        codes_and_lines(&loaded),
        vec![(
            codes::MISSING_API_VERSION.code,
            0,
            1,
            "apiVersion".to_owned()
        )]
    );
    let options = LoadOptions {
        assumed_api_versions: vec![
            "split.smi-spec.io/v1alpha2".parse().unwrap(),
            ApiVersion {
                group: Group::Specs,
                version: Version::V1alpha4,
            },
        ],
        ..LoadOptions::default()
    };
    let loaded = load(input, &options);
    assert_eq!(loaded.problems, vec![]);
    assert!(matches!(
        &loaded.objects[0].object,
        Object::Smi(smi) if matches!(**smi, SmiObject::TcpRouteV1alpha4(_))
    ));
}

#[test]
fn unknown_smi_versions_and_kinds_are_errors() {
    let loaded = load(
        "apiVersion: split.smi-spec.io/v1alpha9\nkind: TrafficSplit\nmetadata: {name: a}\n---\napiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficMirror\nmetadata: {name: b}\n",
        &LoadOptions::default(),
    );
    let got: Vec<_> = codes_and_lines(&loaded)
        .into_iter()
        .map(|(c, i, l, _)| (c, i, l))
        .collect();
    assert_eq!(
        got,
        vec![
            (codes::UNSUPPORTED_VERSION.code, 0, 1),
            (codes::UNSUPPORTED_VERSION.code, 1, 6)
        ]
    );
}

#[test]
fn json_lists_and_streams() {
    let list = r#"{"apiVersion":"v1","kind":"List","items":[
        {"apiVersion":"specs.smi-spec.io/v1alpha4","kind":"TCPRoute","metadata":{"name":"a"},"spec":{"matches":{"ports":[]}}},
        {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa"}}]}
        {"apiVersion":"specs.smi-spec.io/v1alpha1","kind":"TCPRoute","metadata":{"name":"b"}}"#;
    let loaded = load(list, &LoadOptions::default());
    assert_eq!(loaded.problems, vec![]);
    let positions: Vec<_> = loaded
        .objects
        .iter()
        .map(|o| (o.position.index, o.position.item))
        .collect();
    assert_eq!(positions, vec![(0, Some(0)), (0, Some(1)), (1, None)]);
}

#[test]
fn typed_smi_lists_fill_in_kind_and_api_version() {
    let input = "apiVersion: split.smi-spec.io/v1alpha2\nkind: TrafficSplitList\nitems:\n- metadata: {name: a}\n  spec:\n    service: web\n    backends: [{service: b, weight: 1}]\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.objects[0].position.item, Some(0));
    assert_eq!(loaded.objects[0].position.line, 4);
    assert!(matches!(
        &loaded.objects[0].object,
        Object::Smi(smi) if matches!(**smi, SmiObject::TrafficSplitV1alpha2(_))
    ));
}

#[test]
fn non_objects_are_reported() {
    let loaded = load("- a\n- b\n---\njust a string\n", &LoadOptions::default());
    let got: Vec<_> = loaded.problems.iter().map(|p| p.diagnostic.code).collect();
    assert_eq!(got, vec![codes::NOT_AN_OBJECT, codes::NOT_AN_OBJECT]);
}

#[test]
fn documents_without_kind_are_reported() {
    let loaded = load("metadata:\n  name: x\n", &LoadOptions::default());
    assert_eq!(loaded.problems[0].diagnostic.code, codes::MISSING_KIND);
}

#[test]
fn empty_and_comment_only_documents_are_skipped() {
    let loaded = load("---\n# nothing\n---\n\n---\n", &LoadOptions::default());
    assert_eq!(loaded, Loaded::default());
}

#[test]
fn yaml_1_1_booleans_are_read_as_kubectl_reads_them() {
    // `on` unquoted is a boolean to kubectl; a service named `on` must be quoted.
    let input = "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata: {name: a}\nspec:\n  service: on\n  backends: []\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(loaded.problems[0].diagnostic.code, codes::INVALID_FIELD);
    assert_eq!(loaded.problems[0].diagnostic.path, "spec.service");
}

#[test]
fn document_markers_with_content_and_end_markers() {
    let input = "--- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n...\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(loaded.problems, vec![]);
    let lines: Vec<_> = loaded.objects.iter().map(|o| o.position.line).collect();
    assert_eq!(lines, vec![1, 3]);
}

/// NGINX Service Mesh's demos write TCPRoutes with metadata only; every upstream TCPRoute CRD
/// leaves `spec` optional, so each version reads such a document as "every port".
#[test]
fn a_tcp_route_without_spec_matches_every_port_in_every_version() {
    for version in ["v1alpha1", "v1alpha2", "v1alpha3", "v1alpha4"] {
        let input = format!(
            "apiVersion: specs.smi-spec.io/{version}\nkind: TCPRoute\nmetadata:\n  name: tcp-route\n  namespace: bookstore\n"
        );
        // The CRDs of `smi crds` still require `spec` for v1alpha3 and v1alpha4: that is only a
        // warning about those CRDs.
        let checked = load(&input, &LoadOptions::default().report_pruned_fields(true));
        assert!(!checked.has_errors(), "{version}: {:?}", checked.problems);
        let loaded = load(&input, &LoadOptions::default());
        assert_eq!(codes_and_lines(&loaded), vec![], "{version}");
        let [
            LoadedObject {
                object: Object::Smi(route),
                ..
            },
        ] = loaded.objects.as_slice()
        else {
            panic!("{version}: one TCPRoute expected: {:?}", loaded.objects);
        };
        let hub = crate::convert::to_hub(route).expect("converts");
        let crate::Hub::TcpRoute(route) = hub.object else {
            panic!("{version}: not a TCPRoute");
        };
        assert_eq!(route.spec.matches.ports, Vec::<i32>::new(), "{version}");
    }
}

const TWO_NAMESPACES: &str = "\
apiVersion: v1
kind: Service
metadata:
  name: web
---
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata:
  name: canary
  namespace: other
spec:
  service: web
  backends:
  - service: web-v1
    weight: 1
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: TCPRoute
metadata:
  name: db
  namespace: shop
";

/// `--namespace`, as `kubectl apply -n`: fills namespace-less namespaced objects and refuses an
/// object in another namespace.
#[test]
fn a_namespace_to_read_for_fills_the_missing_ones_and_refuses_others() {
    let loaded = load(TWO_NAMESPACES, &LoadOptions::default().namespace("shop"));
    let namespaces: Vec<Option<&str>> = loaded
        .objects
        .iter()
        .map(|o| match &o.object {
            Object::Smi(s) => s.metadata().namespace.as_deref(),
            Object::Other(v) => v["metadata"].get("namespace").and_then(Value::as_str),
        })
        .collect();
    assert_eq!(namespaces, [Some("shop"), None, Some("shop")]);
    assert_eq!(
        codes_and_lines(&loaded),
        vec![(
            codes::NAMESPACE_MISMATCH.code,
            1,
            10,
            "metadata.namespace".to_owned()
        )]
    );
    let unchanged = load(TWO_NAMESPACES, &LoadOptions::default());
    assert_eq!(unchanged.problems, vec![]);
    assert_eq!(unchanged.objects.len(), 4);
}

/// Without the `unreleased` feature, an unreleased kind says which feature reads it; with it, the
/// object is read.
#[test]
fn unreleased_kinds_name_the_feature_that_reads_them() {
    let inputs = [
        "apiVersion: access.smi-spec.io/v1alpha4\nkind: IdentityBinding\nmetadata: {name: api}\nspec:\n  schemes:\n    serviceAccount: api\n",
        "apiVersion: access.smi-spec.io/v1alpha4\nkind: TrafficTarget\nmetadata: {name: t}\nspec:\n  destination: {kind: ServiceAccount, name: api}\n  sources: [{kind: ServiceAccount, name: web}]\n  rules: [{kind: TCPRoute, name: tcp}]\n",
    ];
    for input in inputs {
        let loaded = load(input, &LoadOptions::default());
        if cfg!(feature = "unreleased") {
            assert_eq!(loaded.problems, vec![], "{input}");
        } else {
            let [problem] = loaded.problems.as_slice() else {
                panic!("one problem expected: {:?}", loaded.problems);
            };
            assert_eq!(problem.diagnostic.code, codes::UNSUPPORTED_VERSION.code);
            assert!(
                problem.diagnostic.message.contains("unreleased"),
                "{problem:?}"
            );
            let help = problem.diagnostic.help.as_deref().unwrap_or_default();
            assert!(help.contains("`unreleased` cargo feature"), "{help}");
        }
    }
}

#[test]
fn an_unknown_kind_lists_only_the_kinds_this_build_reads() {
    let loaded = load(
        "apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficPolicy\nmetadata: {name: p}\n",
        &LoadOptions::default(),
    );
    let help = loaded.problems[0]
        .diagnostic
        .help
        .clone()
        .unwrap_or_default();
    assert!(help.contains("TrafficTarget, "), "{help}");
    assert_eq!(
        help.contains("IdentityBinding"),
        cfg!(feature = "unreleased"),
        "{help}"
    );
}

/// A misspelt field inside a route match, a TrafficTarget rule or a TrafficSplit would drop a
/// condition and widen the result: the object is refused with an error. Elsewhere the field is
/// only reported (when asked) as an API server would prune it.
#[test]
fn unknown_fields_that_could_widen_refuse_the_object() {
    let cases = [
        (
            "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata:\n  name: routes\nspec:\n  matches:\n  - name: metrics\n    pathregex: /metrics\n",
            "spec.matches[0].pathregex",
            8,
        ),
        (
            "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: canary\nspec:\n  service: web\n  backends:\n  - service: web-v2\n    weight: 10\n  match:\n  - kind: HTTPRouteGroup\n    name: routes\n",
            "spec.match",
            10,
        ),
        (
            "apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata:\n  name: target\nspec:\n  destination:\n    kind: ServiceAccount\n    name: api\n  sources:\n  - kind: ServiceAccount\n    name: web\n  rules:\n  - kind: HTTPRouteGroup\n    name: routes\n    match: [metrics]\n",
            "spec.rules[0].match",
            15,
        ),
        (
            "apiVersion: specs.smi-spec.io/v1alpha4\nkind: TCPRoute\nmetadata:\n  name: db\nspec:\n  matches:\n    port: [5432]\n",
            "spec.matches.port",
            7,
        ),
    ];
    for (input, path, line) in cases {
        for options in [
            LoadOptions::default(),
            LoadOptions::default().report_pruned_fields(true),
        ] {
            let loaded = load(input, &options);
            assert_eq!(
                codes_and_lines(&loaded),
                vec![(
                    codes::UNKNOWN_CONDITION_FIELD.code,
                    0,
                    line,
                    path.to_owned()
                )],
                "{input}"
            );
            assert!(loaded.has_errors());
            assert!(loaded.objects.is_empty(), "{input}");
        }
    }
}

#[test]
fn unknown_fields_elsewhere_are_warnings_when_asked_for() {
    let input = "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata:\n  name: routes\n  labelz: {a: b}\nspec:\n  matchez: []\n  matches:\n  - name: metrics\n    pathRegex: /metrics\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(codes_and_lines(&loaded), vec![]);
    assert_eq!(loaded.objects.len(), 1);
    let checked = load(input, &LoadOptions::default().report_pruned_fields(true));
    assert_eq!(
        codes_and_lines(&checked),
        vec![(codes::PRUNED_FIELD.code, 0, 7, "spec.matchez".to_owned())]
    );
    assert!(!checked.has_errors());
}

#[test]
fn a_yaml_directive_belongs_to_the_document_after_it() {
    let input = "%YAML 1.2\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n...\n%YAML 1.1\n%TAG ! tag:example.com,2000:\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  labels: [x]\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(codes_and_lines(&loaded), vec![]);
    let names: Vec<_> = loaded
        .objects
        .iter()
        .map(|o| match &o.object {
            Object::Other(v) => v["metadata"]["name"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            Object::Smi(s) => s.object_ref().name,
        })
        .collect();
    assert_eq!(names, vec!["a", "b"]);
    // Lines inside a document with directives still count from the input's start.
    assert_eq!(locate(input, &loaded.objects[1], "metadata.labels"), 14);
}

#[test]
fn budget_breaches_name_the_budget() {
    let deep = format!("a: {}{}\n", "[".repeat(5_000), "]".repeat(5_000));
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        bomb.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
    }
    for (input, budget) in [(deep, "depth budget"), (bomb, "alias budget")] {
        let loaded = load(&input, &LoadOptions::default());
        let [problem] = loaded.problems.as_slice() else {
            panic!("one problem expected: {:?}", loaded.problems);
        };
        assert_eq!(
            problem.diagnostic.code,
            codes::OVER_BUDGET.code,
            "{}",
            problem.diagnostic.message
        );
        assert!(
            problem.diagnostic.message.contains(budget),
            "{}",
            problem.diagnostic.message
        );
        let help = problem.diagnostic.help.as_deref().unwrap_or_default();
        assert!(!help.contains("syntax"), "{help}");
    }
}

/// A syntax error in a document that also repeats a key is reported as the syntax error (it is
/// the first thing to fix), and no library option is suggested.
#[test]
fn a_syntax_error_beside_a_repeated_key_names_the_syntax() {
    let loaded = load("kind: A\nkind: B\nmetadata: [\n", &LoadOptions::default());
    let [problem] = loaded.problems.as_slice() else {
        panic!("one problem expected: {:?}", loaded.problems);
    };
    assert_eq!(problem.diagnostic.code, codes::YAML_SYNTAX.code);
    let text = format!(
        "{} {:?}",
        problem.diagnostic.message, problem.diagnostic.help
    );
    assert!(!text.to_lowercase().contains("duplicate"), "{text}");
    assert!(!text.contains("DuplicateKeyPolicy"), "{text}");
}

#[test]
fn a_locator_places_paths_as_locate_does() {
    let input = format!(
        "{STREAM}---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: listed\n"
    );
    let loaded = load(&input, &LoadOptions::default());
    let locator = Locator::new(&input);
    for object in &loaded.objects {
        for path in [
            "",
            "metadata.name",
            "spec.backends[1].weight",
            "spec.missing",
        ] {
            assert_eq!(
                locator.locate(&input, object, path),
                locate(&input, object, path),
                "{path}"
            );
        }
    }
    assert_eq!(
        locator.locate(&input, &loaded.objects[1], "spec.backends[1].weight"),
        17
    );
    assert_eq!(
        locator.locate(&input, &loaded.objects[2], "metadata.name"),
        25
    );
}

#[test]
fn json_stream_documents_keep_their_lines() {
    let input = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}}\n\n{\"apiVersion\": \"v1\",\n \"kind\": \"Service\", \"metadata\": {\"name\": \"b\"}}\n{\"kind\": 5}\n";
    let loaded = load(input, &LoadOptions::default());
    let lines: Vec<_> = loaded.objects.iter().map(|o| o.position.line).collect();
    assert_eq!(lines, vec![1, 3]);
    assert_eq!(loaded.problems.len(), 1);
    assert_eq!(loaded.problems[0].position.line, 5);
}

#[test]
fn a_key_set_twice_names_the_key_and_both_lines() {
    let input = format!("{STREAM}  - service: web-v3\n    weight: 5\n    weight: 6\n");
    let loaded = load(&input, &LoadOptions::default());
    assert_eq!(loaded.objects.len(), 1, "the other document is read");
    let [problem] = loaded.problems.as_slice() else {
        panic!("one problem expected: {:?}", loaded.problems);
    };
    assert_eq!(
        (
            problem.diagnostic.code,
            problem.position.index,
            problem.line
        ),
        (codes::DUPLICATE_KEY.code, 1, 20)
    );
    assert!(
        problem.diagnostic.message.contains("`weight`")
            && problem.diagnostic.message.contains("first on line 19"),
        "{}",
        problem.diagnostic.message
    );
    let help = problem.diagnostic.help.as_deref().unwrap_or_default();
    assert!(help.contains("kubectl apply"), "{help}");
}

#[test]
fn merged_keys_may_be_overridden_and_equal_keys_of_other_mappings_are_not_duplicates() {
    let input = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {name: a}}\nbase: &b {k: 1}\ndata:\n  <<: *b\n  k: \"2\"\n";
    let loaded = load(input, &LoadOptions::default());
    assert_eq!(loaded.problems, vec![]);
}

#[test]
fn keys_that_json_writes_alike_are_duplicates() {
    // `on` is the key "true" once sent as JSON.
    let loaded = load(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n  on: x\n  \"true\": y\n",
        &LoadOptions::default(),
    );
    assert_eq!(
        codes_and_lines(&loaded),
        vec![(codes::DUPLICATE_KEY.code, 0, 6, String::new())]
    );
}

/// Asserts that `problem` states the limit (`limit`, in its message) and the flag that raises it.
fn assert_names_limit(problem: &Problem, limit: &str, flag: &str) {
    let diagnostic = &problem.diagnostic;
    assert!(diagnostic.message.contains(limit), "{}", diagnostic.message);
    let help = diagnostic.help.as_deref().unwrap_or_default();
    assert!(help.contains(flag), "{help}");
}

#[test]
fn more_documents_than_the_limit_refuse_the_input() {
    let limits = Limits::default().documents(1);
    let options = LoadOptions::default().limits(limits);
    let json = "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}}\n{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"b\"}}\n";
    for (input, line) in [(STREAM, 5), (json, 2)] {
        let loaded = load(input, &options);
        assert!(loaded.objects.is_empty(), "{input}");
        assert_eq!(
            codes_and_lines(&loaded),
            vec![(codes::TOO_MANY_DOCUMENTS.code, 1, line, String::new())]
        );
        assert_names_limit(
            &loaded.problems[0],
            "more than 1 documents",
            "--max-documents",
        );
        // At the limit, everything is read.
        let at_limit = load(input, &LoadOptions::default().limits(limits.documents(2)));
        assert_eq!(at_limit.objects.len(), 2, "{input}");
    }
}

#[test]
fn a_json_document_over_the_node_budget_is_refused_and_the_next_is_read() {
    let big = format!(
        "{{\"kind\": \"ConfigMap\", \"apiVersion\": \"v1\", \"metadata\": {{\"name\": \"big\"}}, \"data\": [{}]}}",
        vec!["1"; 100].join(",")
    );
    let input = format!(
        "{big}\n{{\"kind\": \"Service\", \"apiVersion\": \"v1\", \"metadata\": {{\"name\": \"small\"}}}}\n"
    );
    let options = LoadOptions::default().limits(Limits::default().json_nodes(50));
    let loaded = load(&input, &options);
    assert_eq!(
        codes_and_lines(&loaded),
        vec![(codes::OVER_BUDGET.code, 0, 1, String::new())]
    );
    assert_names_limit(&loaded.problems[0], "at most 50 values", "--max-json-nodes");
    assert_eq!(loaded.objects.len(), 1);
    assert_eq!(load(&input, &LoadOptions::default()).objects.len(), 2);
}

#[test]
fn load_each_hands_every_object_over_in_order_and_keeps_what_it_leaves() {
    let input = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: b}}\n- {apiVersion: v1, kind: Pod, metadata: {name: c}}\n---\nkind: [\n";
    let mut seen = Vec::new();
    let loaded = load_each(input, &LoadOptions::default(), |object| {
        if let Object::Other(value) = &mut object.object {
            seen.push((object.position, std::mem::take(value)));
        }
    });
    let names: Vec<&str> = seen
        .iter()
        .map(|(_, v)| v["metadata"]["name"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
    let positions: Vec<DocumentPosition> = loaded.objects.iter().map(|o| o.position).collect();
    assert_eq!(positions, seen.iter().map(|(p, _)| *p).collect::<Vec<_>>());
    assert!(
        loaded
            .objects
            .iter()
            .all(|o| o.object == Object::Other(Value::Null))
    );
    // The document that cannot be read is still reported, as `load` reports it.
    assert_eq!(
        loaded.problems,
        load(input, &LoadOptions::default()).problems
    );
    assert_eq!(loaded.problems.len(), 1);
}

#[test]
fn an_input_over_the_document_limit_hands_nothing_over() {
    let options = LoadOptions::default().limits(Limits::default().documents(2));
    for input in [
        "{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"a\"}}\n{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"b\"}}\n\n{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {\"name\": \"c\"}}\n",
        "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n",
    ] {
        let mut handed = 0;
        let loaded = load_each(input, &options, |_| handed += 1);
        assert_eq!(handed, 0, "{input}");
        assert!(loaded.objects.is_empty());
        let codes: Vec<_> = loaded
            .problems
            .iter()
            .map(|p| (p.diagnostic.code, p.line))
            .collect();
        // A YAML document starts at its `---` line.
        let third_line = if input.starts_with('{') { 4 } else { 8 };
        assert_eq!(
            codes,
            [(codes::TOO_MANY_DOCUMENTS.code, third_line)],
            "{input}"
        );
    }
}

/// Documents of every outcome: objects, a `List`, a syntax error, a duplicate key, a value
/// kubectl refuses, an empty document, an invalid SMI object.
const MIXED_STREAM: &[&str] = &[
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n",
    "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: s\nspec:\n  service: web\n  backends:\n  - service: b\n    weight: 1\n",
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ServiceAccount\n  metadata: {name: sa}\n",
    "a: [1\n",
    "kind: Service\nkind: Pod\n",
    "a: .inf\n",
    "",
    "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: bad\nspec:\n  backends: 3\n",
];

fn stream_of(picks: &[usize]) -> String {
    picks
        .iter()
        .map(|&i| MIXED_STREAM[i % MIXED_STREAM.len()])
        .collect::<Vec<_>>()
        .join("---\n")
}

#[test]
fn documents_parsed_ahead_in_threads_load_as_in_line() {
    // More documents than the threads may hold parsed ahead, so that they wait for the reader.
    let picks: Vec<usize> = (0..LoadOptions::PARSED_AHEAD * 5).collect();
    let input = stream_of(&picks);
    let options = LoadOptions::default().report_pruned_fields(true);
    let in_line = load(&input, &options);
    assert!(in_line.objects.len() > 100 && in_line.problems.len() > 100);
    for threads in [1, 2, 3, 7] {
        let mut handed = Vec::new();
        let ahead = load_each(&input, &options.clone().parse_threads(threads), |o| {
            handed.push(o.position)
        });
        assert_eq!(ahead, in_line, "{threads} threads");
        let in_order: Vec<_> = in_line.objects.iter().map(|o| o.position).collect();
        assert_eq!(handed, in_order, "{threads} threads");
    }
}

proptest::proptest! {
    #[test]
    fn any_stream_parsed_ahead_loads_as_in_line(
        picks in proptest::collection::vec(0usize..MIXED_STREAM.len(), 0..24),
        threads in 1usize..5,
    ) {
        let input = stream_of(&picks);
        let options = LoadOptions::default().report_pruned_fields(true);
        proptest::prop_assert_eq!(
            load(&input, &options.clone().parse_threads(threads)),
            load(&input, &options)
        );
    }
}
