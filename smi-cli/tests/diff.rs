//! `smi diff OLD NEW`: edges, splits and diagnostics compared by meaning; `--fail-on widen`.

mod support;

use std::process::Output;
use support::{BOOKSTORE, bookstore, json, smi, stderr, stdout, write_temp};

/// The bookstore with its documents in reverse order and a TrafficTarget renamed.
fn reordered_and_renamed() -> String {
    let text = bookstore();
    let documents: Vec<&str> = text.split("\n---\n").collect();
    let reversed: Vec<&str> = documents.into_iter().rev().collect();
    let renamed = reversed
        .join("\n---\n")
        .replace("name: bookbuyer-to-bookstore", "name: buyers-may-shop");
    assert!(renamed.contains("buyers-may-shop"));
    renamed
}

/// The bookstore where one more ServiceAccount may call the bookstore.
fn with_intruder() -> String {
    let source =
        "  sources:\n  - kind: ServiceAccount\n    name: bookbuyer\n    namespace: bookstore\n";
    let text = bookstore();
    assert!(text.contains(source));
    text.replace(
        source,
        &format!(
            "{source}  - kind: ServiceAccount\n    name: intruder\n    namespace: bookstore\n"
        ),
    )
}

/// `smi diff ARGS...`.
fn diff(args: &[&str]) -> Output {
    smi(&[&["diff"][..], args].concat(), None)
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().expect("path")
}

#[test]
fn reordering_documents_and_renaming_a_traffic_target_is_no_change() {
    let new = write_temp("diff-same", "new.yaml", &reordered_and_renamed());
    let out = diff(&["--fail-on", "widen", BOOKSTORE, path(&new)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "no change in access, splits or diagnostics\n");
    let out = diff(&["-o", "json", BOOKSTORE, path(&new)]);
    let d = json(&out);
    assert_eq!(d["widens"], false);
    for list in ["added", "removed", "changed", "splits"] {
        assert_eq!(d[list], serde_json::json!([]), "{list}");
    }
}

#[test]
fn a_new_source_is_a_widening_and_fails_the_gate() {
    let new = write_temp("diff-widen", "new.yaml", &with_intruder());
    let out = diff(&["--fail-on", "widen", BOOKSTORE, path(&new)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  + bookstore/intruder → bookstore/bookstore:14001  [bookstore-service-routes/books-bought, bookstore-service-routes/buy-a-book]  widens"),
        "{text}"
    );
    assert!(
        text.contains("3 edges added, 0 removed, 0 changed (3 widen)"),
        "{text}"
    );
    assert!(
        stderr(&out).contains("NEW allows requests that OLD denies"),
        "{}",
        stderr(&out)
    );
    // Without the gate the same report exits 0; the other way round it is a narrowing.
    assert_eq!(diff(&[BOOKSTORE, path(&new)]).status.code(), Some(0));
    let out = diff(&["--fail-on", "widen", "-o", "json", path(&new), BOOKSTORE]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(d["widens"], false);
    assert_eq!(d["removed"][0]["source"], "bookstore/intruder");
    assert_eq!(d["removed"][0]["service"], "bookstore/bookstore");
    assert_eq!(
        d["removed"][0]["granted_by"][0],
        "bookstore/bookbuyer-to-bookstore"
    );
}

#[test]
fn a_narrower_path_is_not_a_widening_and_a_wider_one_is() {
    let narrower = write_temp(
        "diff-paths",
        "narrower.yaml",
        &bookstore().replace("pathRegex: /restock\n", "pathRegex: /restock/books\n"),
    );
    let wider = write_temp(
        "diff-paths",
        "wider.yaml",
        &bookstore().replace("pathRegex: /restock\n", "pathRegex: /re\n"),
    );
    let out = diff(&["--fail-on", "widen", BOOKSTORE, path(&narrower)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("  ~ bookstore/bookstore → bookstore/bookwarehouse:14001  [~bookwarehouse-service-routes/restock-books]  narrows"),
        "{}",
        stdout(&out)
    );
    let out = diff(&["--fail-on", "widen", "-o", "json", BOOKSTORE, path(&wider)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(d["changed"][0]["widens"], true);
    assert_eq!(
        d["changed"][0]["new"]["endpoints"][0]["admits"][0]["conditions"],
        "path `/re`…, POST"
    );
}

#[test]
fn split_weights_and_diagnostics_that_change_are_listed() {
    let changed = bookstore()
        .replace("weight: 90", "weight: 50")
        .replace("weight: 10", "weight: 50")
        .replace(
            "name: bookwarehouse-service-routes\n  sources",
            "name: no-such-routes\n  sources",
        );
    let new = write_temp("diff-splits", "new.yaml", &changed);
    let out = diff(&[BOOKSTORE, path(&new)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  ~ bookstore/bookstore:14001  bookstore/bookstore-v1 90 → 50, bookstore/bookstore-v2 10 → 50"),
        "{text}"
    );
    assert!(text.contains("  - bookstore/bookstore → bookstore/bookwarehouse:14001  [bookwarehouse-service-routes/restock-books]"), "{text}");
    assert!(text.contains("  + error[unresolved-route]"), "{text}");
    let d = json(&diff(&["-o", "json", BOOKSTORE, path(&new)]));
    assert_eq!(d["splits"][0]["old"]["backends"][0]["weight"], 90);
    assert_eq!(d["splits"][0]["new"]["backends"][0]["weight"], 50);
    assert_eq!(d["diagnostics"]["appeared"][0]["code"], "unresolved-route");
    // Weights 1:1 are 50:50 by meaning.
    let same_shares = write_temp(
        "diff-splits",
        "same.yaml",
        &changed.replace("weight: 50", "weight: 1"),
    );
    let d = json(&diff(&["-o", "json", path(&new), path(&same_shares)]));
    assert_eq!(d["splits"], serde_json::json!([]));
}

#[test]
fn old_or_new_may_come_from_stdin_but_not_both() {
    let new = write_temp("diff-stdin", "new.yaml", &with_intruder());
    let out = smi(&["diff", "-", path(&new)], Some(bookstore().as_bytes()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("+ bookstore/intruder"),
        "{}",
        stdout(&out)
    );
    let out = smi(&["diff", "-", "-"], Some(b""));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = diff(&[BOOKSTORE]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("takes two paths, OLD and NEW"),
        "{}",
        stderr(&out)
    );
    let out = diff(&["--fail-on", "narrow", BOOKSTORE, BOOKSTORE]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
