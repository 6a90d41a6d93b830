//! `smi check`: the answer, why, the split, a backend's view, and bad input.

mod support;

use std::process::Output;
use support::{BOOKSTORE, bookstore, json, smi, stderr, stdout, write_temp};

const BUYER: &str = "bookstore/bookbuyer";
const STORE: &str = "bookstore/bookstore:14001";
const CLIENT: &str = "user-agent=bookbuyer-http-client/1.0";

/// `smi check --from FROM --to TO REST...`.
fn ask(from: &str, to: &str, rest: &[&str]) -> Output {
    smi(
        &[&["check", "--from", from, "--to", to][..], rest].concat(),
        None,
    )
}

#[test]
fn an_allowed_request_names_the_traffic_target_the_match_and_the_split() {
    let out = ask(
        BUYER,
        STORE,
        &[
            "--path",
            "/books-bought?page=2",
            "--header",
            CLIENT,
            BOOKSTORE,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(
            "allowed: bookstore/bookbuyer → bookstore/bookstore:14001 (GET /books-bought"
        ),
        "{text}"
    );
    assert!(
        text.contains("granted by TrafficTarget bookstore/bookbuyer-to-bookstore"),
        "{text}"
    );
    assert!(
        text.contains("match books-bought of HTTPRouteGroup bookstore/bookstore-service-routes"),
        "{text}"
    );
    assert!(
        text.contains("route: split by TrafficSplit bookstore/bookstore-canary"),
        "{text}"
    );
    assert!(
        text.contains("bookstore/bookstore-v1  weight 90 (90%)"),
        "{text}"
    );
}

#[test]
fn json_gives_allowed_granted_by_and_split() {
    let out = ask(
        BUYER,
        "bookstore/bookstore:http",
        &[
            "-o",
            "json",
            "--path",
            "/books-bought",
            "--header",
            CLIENT,
            BOOKSTORE,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer = json(&out);
    assert_eq!(answer["allowed"], true);
    assert_eq!(answer["reason"], "granted");
    assert_eq!(answer["request"]["port"], 14001);
    let granted = answer["granted_by"].as_array().expect("granted_by");
    // Both workloads behind the Service grant it, through the same TrafficTarget and match.
    assert_eq!(granted.len(), 2, "{granted:?}");
    for g in granted {
        assert_eq!(g["traffic_target"], "bookstore/bookbuyer-to-bookstore");
        assert_eq!(g["by"], "http");
        assert_eq!(g["matches"][0]["match"], "books-bought");
        assert_eq!(
            g["matches"][0]["route_group"],
            "bookstore/bookstore-service-routes"
        );
    }
    assert_eq!(answer["route"], "split");
    assert_eq!(
        answer["split"],
        serde_json::json!([
            {"service": "bookstore/bookstore-v1", "weight": 90},
            {"service": "bookstore/bookstore-v2", "weight": 10},
        ])
    );
}

#[test]
fn a_denied_request_says_no_traffic_target_grants_it_and_what_would() {
    // The match needs a user-agent header.
    let out = ask(BUYER, STORE, &["--path", "/books-bought", BOOKSTORE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("denied:"), "{text}");
    assert!(text.contains("no TrafficTarget grants it"), "{text}");
    assert!(text.contains("TrafficTarget bookstore/bookbuyer-to-bookstore lists the source, but none of its rules fits"), "{text}");
    assert!(
        text.contains("header user-agent `bookbuyer-http-client/.*`"),
        "{text}"
    );
    // Another caller is listed by no TrafficTarget.
    let out = ask("bookstore/mysql", STORE, &["-o", "json", BOOKSTORE]);
    let answer = json(&out);
    assert_eq!(answer["allowed"], false);
    assert_eq!(answer["reason"], "not-granted");
    assert_eq!(answer["granted_by"], serde_json::json!([]));
    assert_eq!(
        answer["endpoints"][0]["listing_source"],
        serde_json::json!([])
    );
}

#[test]
fn a_rule_that_failed_closed_is_named_with_its_diagnostic() {
    let manifests = bookstore().replace(
        "name: bookwarehouse-service-routes\n  sources",
        "name: no-such-routes\n  sources",
    );
    assert!(manifests.contains("no-such-routes"));
    let path = write_temp("failed-closed", "bookstore.yaml", &manifests);
    let out = ask(
        "bookstore/bookstore",
        "bookstore/bookwarehouse:14001",
        &[
            "-o",
            "json",
            "--method",
            "POST",
            "--path",
            "/restock",
            path.to_str().expect("path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer = json(&out);
    assert_eq!(answer["allowed"], false);
    let endpoint = &answer["endpoints"][0];
    assert_eq!(
        endpoint["listing_source"][0],
        "bookstore/bookstore-to-bookwarehouse"
    );
    assert_eq!(endpoint["failed_closed"][0]["code"], "unresolved-route");
    assert_eq!(endpoint["failed_closed"][0]["path"], "spec.rules[0]");
    let text = stdout(&ask(
        "bookstore/bookstore",
        "bookstore/bookwarehouse:14001",
        &[
            "--method",
            "POST",
            "--path",
            "/restock",
            path.to_str().expect("path"),
        ],
    ));
    assert!(
        text.contains("failed closed: error[unresolved-route]"),
        "{text}"
    );
}

#[test]
fn tcp_grants_admit_connections() {
    let out = ask(
        "bookstore/bookwarehouse",
        "bookstore/mysql:3306",
        &["--protocol", "tcp", BOOKSTORE],
    );
    let text = stdout(&out);
    assert!(
        text.starts_with("allowed: bookstore/bookwarehouse → bookstore/mysql:3306 (TCP)"),
        "{text}"
    );
    assert!(
        text.contains("a TCPRoute rule: any traffic on this port"),
        "{text}"
    );
    assert!(
        text.contains("route: to the Service itself (no TrafficSplit)"),
        "{text}"
    );
}

#[test]
fn a_backend_s_output_is_asked_too_and_agrees() {
    for backend in ["istio", "linkerd", "envoy"] {
        for (path, allowed) in [("/books-bought", true), ("/admin", false)] {
            let out = ask(
                BUYER,
                STORE,
                &[
                    "-o",
                    "json",
                    "--backend",
                    backend,
                    "--path",
                    path,
                    "--header",
                    CLIENT,
                    BOOKSTORE,
                ],
            );
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            let answer = json(&out);
            assert_eq!(answer["allowed"], allowed, "{backend} {path}");
            let b = &answer["backend"];
            assert_eq!(b["name"], backend);
            assert_eq!(b["available"], true);
            assert_eq!(b["allowed"], allowed, "{backend} {path}: {b}");
            assert_eq!(b["verdict"], "agrees", "{backend} {path}: {b}");
            assert_eq!(b["agrees"], true);
        }
    }
    let out = ask(BUYER, STORE, &["--backend", "gamma", BOOKSTORE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("gamma: not available"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn envoy_cannot_be_asked_for_a_caller_no_workload_runs_as() {
    let source =
        "  sources:\n  - kind: ServiceAccount\n    name: bookbuyer\n    namespace: bookstore\n";
    let manifests = bookstore().replace(
        source,
        &format!("{source}  - kind: ServiceAccount\n    name: ghost\n    namespace: bookstore\n"),
    );
    let path = write_temp("envoy-no-proxy", "bookstore.yaml", &manifests);
    let path = path.to_str().expect("path");
    let out = ask(
        "bookstore/ghost",
        STORE,
        &["-o", "json", "--backend", "envoy", "--path", "/buy", path],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer = json(&out);
    assert_eq!(answer["allowed"], true);
    assert_eq!(answer["backend"]["available"], false);
    assert!(
        answer["backend"]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no workload runs as bookstore/ghost")),
        "{answer}"
    );
}

#[test]
fn an_unknown_service_or_port_is_an_input_error() {
    let out = ask(BUYER, "bookstore/bookshop:80", &[BOOKSTORE]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("Service bookstore/bookshop is not in the input"),
        "{err}"
    );
    assert!(err.contains("bookstore/bookstore,"), "{err}");
    let out = ask(BUYER, "bookstore/bookstore:80", &[BOOKSTORE]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("has no port 80 (ports: 14001 (http))"),
        "{}",
        stderr(&out)
    );
    let out = ask(BUYER, "bookstore/bookstore:grpc", &[BOOKSTORE]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn malformed_flags_are_usage_errors() {
    for (flag, value, why) in [
        ("--header", "user-agent", "is not NAME=VALUE"),
        ("--header", "user agent=x", "is not an HTTP header name"),
        ("--path", "books-bought", "is not a path in origin form"),
        (
            "--path",
            "http://bookstore/books-bought",
            "is not a path in origin form",
        ),
        ("--path", "/books bought", "is not a path in origin form"),
        ("--from", "bookbuyer", "is not NAMESPACE/SERVICEACCOUNT"),
        ("--method", "FETCH", "is not one of GET"),
    ] {
        let mut args = vec!["check", "--from", BUYER, "--to", STORE, BOOKSTORE];
        if flag == "--from" {
            args[2] = value;
        } else {
            args.extend([flag, value]);
        }
        let out = smi(&args, None);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{flag} {value}: {}",
            stderr(&out)
        );
        assert!(
            stderr(&out).contains(why),
            "{flag} {value}: {}",
            stderr(&out)
        );
    }
    let out = ask(BUYER, "bookstore/bookstore", &[BOOKSTORE]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not NAMESPACE/SERVICE:PORT"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_backend_that_fails_closed_says_under_which_diagnostic() {
    // Istio matches paths by prefix or exact value only: this regex is refused.
    let manifests = bookstore().replace("pathRegex: /buy\n", "pathRegex: /buy/[0-9]+\n");
    let path = write_temp("backend-fails-closed", "bookstore.yaml", &manifests);
    let path = path.to_str().expect("path");
    let args = [
        "check",
        "--backend",
        "istio",
        "--from",
        BUYER,
        "--to",
        STORE,
        "--path",
        "/buy/7",
        path,
    ];
    let out = smi(&[&["-o", "json"][..], &args].concat(), None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let answer = json(&out);
    assert_eq!(answer["allowed"], true);
    assert_eq!(answer["backend"]["allowed"], false);
    assert_eq!(answer["backend"]["verdict"], "fails-closed");
    assert_eq!(answer["backend"]["agrees"], true);
    assert_eq!(
        answer["backend"]["diagnostics"][0]["code"],
        "istio-path-not-expressible"
    );
    let text = stdout(&smi(&args, None));
    assert!(text.contains("istio: denied"), "{text}");
    assert!(
        text.contains("fails closed where the graph allows, as it reported"),
        "{text}"
    );
}
