//! Every diagnostic code of the workspace is declared once, documented, and registered.
//!
//! Constructors take table entries, so a producer cannot emit a code its table lacks; what is
//! left to check is that the tables agree with each other and that no table is missing from the
//! registry, which this test does by reading the workspace's sources.

use smi_translate::codes::{Producer, all};
use smi_types::CodeInfo;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `NAME = "code";`: one entry of a `diagnostic_codes!` invocation.
fn declared_code(line: &str) -> Option<&str> {
    let (name, rest) = line.trim().split_once(" = \"")?;
    let code = rest.strip_suffix("\";")?;
    let is_const_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    (is_const_name && !code.contains('"')).then_some(code)
}

#[test]
fn every_code_is_declared_once_documented_and_registered() {
    let mut failures = Vec::new();

    // One meaning per code: a code in several tables must be one declaration, reused.
    let mut by_code: BTreeMap<&str, (CodeInfo, Vec<Producer>)> = BTreeMap::new();
    for (producer, info) in all() {
        let entry = by_code.entry(info.code).or_insert((*info, Vec::new()));
        if entry.0 != *info {
            failures.push(format!(
                "`{}` is declared twice with different summaries ({} and {producer}): reuse one \
                 declaration",
                info.code,
                entry.1.first().expect("first producer"),
            ));
        }
        if entry.1.contains(&producer) {
            failures.push(format!("`{}` is listed twice by {producer}", info.code));
        }
        entry.1.push(producer);
        let kebab = info.code.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !kebab {
            failures.push(format!("`{}` ({producer}) is not kebab-case", info.code));
        }
        if info.summary.is_empty() || info.summary.contains('\n') {
            failures.push(format!(
                "`{}` ({producer}) needs a one-line summary",
                info.code
            ));
        }
    }

    // Every table is registered, and no code is built by hand: read the sources.
    let root = workspace();
    let mut files = Vec::new();
    for dir in [
        "smi-types/src",
        "smi-translate/src",
        "smi-cli/src",
        "smi-testkit/src",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut examples = Vec::new();
    rust_files(&root.join("examples"), &mut examples);
    // The macro's own file declares codes in its tests and builds `CodeInfo`s by definition.
    let macro_file = root.join("smi-types/src/diagnostic.rs");
    for file in files.iter().chain(&examples) {
        if *file == macro_file {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("readable source");
        let name = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        if text.contains("CodeInfo {") {
            failures.push(format!(
                "{name}: builds a CodeInfo by hand; declare it with diagnostic_codes!"
            ));
        }
        for code in text.lines().filter_map(declared_code) {
            let registered = by_code.contains_key(code);
            if examples.contains(file) {
                // A third-party backend's own table: not the `smi` tool's, but never a clash.
                if registered {
                    failures.push(format!("{name}: `{code}` is already a workspace code"));
                }
            } else if !registered {
                failures.push(format!(
                    "{name}: `{code}` is declared but its table is not in smi_translate::codes"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_source_scan_sees_declarations() {
    assert_eq!(
        declared_code(r#"    NOT_UTF8 = "not-utf8";"#),
        Some("not-utf8")
    );
    assert_eq!(declared_code(r#"    let x = "not-utf8";"#), None);
    assert_eq!(declared_code(r#"    /// X = "y";"#), None);
}
