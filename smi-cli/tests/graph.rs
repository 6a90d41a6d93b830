//! `smi graph`: Mermaid and DOT drawings of the mesh, filters, objects with errors; the DOT is
//! checked by Graphviz itself.

mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use support::{BOOKSTORE, bookstore, json, repo, smi, stderr, stdout, write_temp};

#[test]
fn mermaid_draws_identities_services_access_and_splits() {
    let out = smi(&["graph", BOOKSTORE], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("flowchart LR\n"), "{text}");
    for line in [
        "  n0([\"bookstore/bookbuyer\"]):::identity",
        "  n4[\"bookstore/bookstore<br/>14001 (http)\"]:::service",
        "  n0 -->|\"14001: books-bought, buy-a-book\"| n4",
        "  n4 ==>|\"14001: 90 (90%)\"| n5",
        "  n2 -->|\"3306: any TCP\"| n8",
        "  n4 -.->|\"runs as\"| n1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
}

#[test]
fn objects_with_errors_are_marked() {
    let manifests = bookstore().replace(
        "name: bookwarehouse-service-routes\n  sources",
        "name: no-such-routes\n  sources",
    );
    let path = write_temp("graph-errors", "bookstore.yaml", &manifests);
    let out = smi(&["graph", path.to_str().expect("path")], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let error = text
        .lines()
        .find(|l| l.contains(":::error"))
        .unwrap_or_else(|| panic!("no error node in\n{text}"));
    assert!(
        error.contains("TrafficTarget bookstore/bookstore-to-bookwarehouse<br/>unresolved-route"),
        "{error}"
    );
    // It points at the identity it was meant to open.
    let id = error.trim_start().split(['>', '[']).next().expect("id");
    assert!(
        text.lines()
            .any(|l| l.trim_start().starts_with(&format!("{id} -.-> "))),
        "{text}"
    );
    let view = json(&smi(
        &["graph", "-o", "json", path.to_str().expect("path")],
        None,
    ));
    let node = view["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["kind"] == "error")
        .expect("an error node");
    assert_eq!(
        node["object"],
        "TrafficTarget bookstore/bookstore-to-bookwarehouse"
    );
    assert_eq!(node["codes"], serde_json::json!(["unresolved-route"]));
    assert!(
        view["edges"]
            .as_array()
            .expect("edges")
            .iter()
            .any(|e| e["kind"] == "concerns"
                && e["from"] == "error:TrafficTarget bookstore/bookstore-to-bookwarehouse"
                && e["to"] == "identity:bookstore/bookwarehouse")
    );
}

#[test]
fn focus_keeps_one_hop_and_only_namespace_keeps_a_namespace() {
    let view = json(&smi(
        &[
            "graph",
            "-o",
            "json",
            "--focus",
            "bookstore/mysql",
            BOOKSTORE,
        ],
        None,
    ));
    let keys: Vec<String> = view["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            format!(
                "{}:{}",
                n["kind"].as_str().unwrap_or_default(),
                n["name"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            "identity:bookstore/bookwarehouse",
            "identity:bookstore/mysql",
            "service:bookstore/mysql"
        ]
    );
    let out = smi(&["graph", "--focus", "bookstore/nothing", BOOKSTORE], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no identity or Service `bookstore/nothing`"),
        "{}",
        stderr(&out)
    );
    let elsewhere = smi(&["graph", "--only-namespace", "elsewhere", BOOKSTORE], None);
    assert_eq!(
        stdout(&elsewhere)
            .lines()
            .filter(|l| l.contains(":::"))
            .count(),
        0,
        "{}",
        stdout(&elsewhere)
    );
    let all = smi(&["graph", "--only-namespace", "bookstore", BOOKSTORE], None);
    assert_eq!(stdout(&all), stdout(&smi(&["graph", BOOKSTORE], None)));
}

/// `dot -Tsvg` on `smi graph --format dot`: Graphviz accepts it. Required where
/// `SMI_REQUIRE_GRAPHVIZ` is set (CI installs Graphviz); skipped with a message elsewhere.
#[test]
fn graphviz_draws_the_dot_output() {
    let dot = Command::new("dot").arg("-V").output();
    if dot.is_err() {
        assert!(
            std::env::var_os("SMI_REQUIRE_GRAPHVIZ").is_none(),
            "SMI_REQUIRE_GRAPHVIZ is set but Graphviz's `dot` is not on PATH"
        );
        eprintln!("skipped: Graphviz's `dot` is not installed (apt-get install graphviz)");
        return;
    }
    let manifests = bookstore().replace(
        "name: bookwarehouse-service-routes\n  sources",
        "name: no-such-routes\n  sources",
    );
    let with_errors = write_temp("graph-dot", "bookstore.yaml", &manifests);
    for input in [repo().join(BOOKSTORE), with_errors] {
        let out = smi(
            &["graph", "--format", "dot", input.to_str().expect("path")],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut child = Command::new("dot")
            .arg("-Tsvg")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dot runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&out.stdout)
            .expect("write");
        let svg = child.wait_with_output().expect("dot finishes");
        let (svg_text, warnings) = (
            String::from_utf8_lossy(&svg.stdout),
            String::from_utf8_lossy(&svg.stderr),
        );
        assert!(
            svg.status.success() && warnings.is_empty(),
            "{warnings}\n{}",
            stdout(&out)
        );
        assert!(svg_text.contains("<svg"), "{svg_text}");
        assert!(svg_text.contains("bookstore/bookbuyer"), "{svg_text}");
    }
}

/// The picture in `docs/` shows what `smi graph` draws today (its labels; the layout is
/// Graphviz's).
#[test]
fn the_docs_picture_is_current() {
    let svg = std::fs::read_to_string(repo().join("docs/images/bookstore-graph.svg"))
        .expect("the picture");
    let out = smi(&["graph", "--format", "dot", BOOKSTORE], None);
    for line in stdout(&out).lines().filter(|l| l.contains("label=\"")) {
        let label = line
            .split("label=\"")
            .nth(1)
            .and_then(|l| l.split('"').next())
            .expect("label");
        for part in label.split("\\n") {
            // Graphviz writes these characters as entities.
            let escaped = part
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('-', "&#45;");
            assert!(
                svg.contains(&escaped),
                "`{part}` is not in docs/images/bookstore-graph.svg: regenerate it (docs/queries.md)"
            );
        }
    }
}
