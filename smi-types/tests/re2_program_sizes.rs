//! The RE2 model against RE2 itself: `testdata/re2/program-sizes.json` holds RE2's verdict on
//! each regex (written by `testdata/re2/generate.py`). Where the model claims an exact size it
//! must be RE2's; where it over-estimates it must be at least RE2's; what RE2 refuses, the
//! model refuses. When the script's Python environment is present (`SMI_RE2_PYTHON`, else
//! `~/.cache/smi-re2-venv/bin/python`) the table is regenerated and must be unchanged.

use serde_json::Value;
use smi_types::re2::{Encoding, RejectionKind, program_size, program_size_in};
use std::path::{Path, PathBuf};

fn testdata(file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/re2")
        .join(file)
}

fn table() -> Value {
    let text = std::fs::read_to_string(testdata("program-sizes.json")).expect("the table");
    serde_json::from_str(&text).expect("JSON")
}

/// Regexes RE2 accepts but `regex-syntax` refuses or reads differently (and so SMI's reading
/// differs): the model refuses them rather than guess which reading a manifest meant.
const READ_DIFFERENTLY: [&str; 3] = ["[[a]]", "[a&&b]", "a{,3}"];

#[test]
fn the_model_agrees_with_re2() {
    let table = table();
    let cases = table["cases"].as_array().expect("cases");
    assert!(cases.len() > 150, "{} cases", cases.len());
    let mut failures = Vec::new();
    let (mut exact, mut over) = (0, 0);
    for case in cases {
        let regex = case["regex"].as_str().expect("regex");
        for (encoding, key) in [(Encoding::Utf8, "utf8"), (Encoding::Latin1, "latin1")] {
            let re2 = &case[key];
            let model = program_size_in(regex, encoding);
            let place = format!("{regex:?} ({key})");
            match (re2["program_size"].as_u64(), &model) {
                (Some(re2), Ok(size)) if size.exact => {
                    exact += 1;
                    if size.instructions as u64 != re2 {
                        failures.push(format!(
                            "{place}: RE2 {re2}, model {} (exact)",
                            size.instructions
                        ));
                    }
                }
                (Some(re2), Ok(size)) => {
                    over += 1;
                    if (size.instructions as u64) < re2 {
                        failures.push(format!(
                            "{place}: RE2 {re2}, model {} (claimed an over-estimate)",
                            size.instructions
                        ));
                    }
                }
                (Some(_), Err(rejection))
                    if READ_DIFFERENTLY.contains(&regex)
                        && matches!(
                            rejection.kind,
                            RejectionKind::Unsupported | RejectionKind::Syntax
                        ) => {}
                (Some(re2), Err(rejection)) => {
                    failures.push(format!("{place}: RE2 {re2}, model refuses: {rejection:?}"))
                }
                (None, Ok(size)) => failures.push(format!(
                    "{place}: RE2 refuses ({}), model accepts: {size:?}",
                    re2["error"]
                )),
                (None, Err(_)) => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Most of the table is modelled exactly; the over-estimates are the documented kinds.
    assert!(exact > 4 * over, "{exact} exact, {over} over-estimated");
}

/// What RE2 says of the issue's examples, and the boundary of Envoy's default limit (100).
#[test]
fn the_issues_examples() {
    let size = |regex: &str| program_size(regex).map(|s| (s.instructions, s.exact));
    assert_eq!(size("/v1/[a-zA-Z0-9_-]{20,40}"), Ok((188, true)));
    assert_eq!(size("x{96}"), Ok((100, true)));
    assert_eq!(size("x{97}"), Ok((101, true)));
    for (regex, kind) in [
        ("a{1001}", RejectionKind::RepeatSize),
        ("a{1000}{1000}", RejectionKind::BadRepetition),
        ("\\p{L}{1000}", RejectionKind::TooLarge),
    ] {
        assert_eq!(
            program_size(regex).map_err(|r| r.kind),
            Err(kind),
            "{regex}"
        );
    }
}

/// The table is what RE2 answers now, when the script's environment is installed.
#[test]
fn the_table_is_what_re2_says() {
    let python = std::env::var_os("SMI_RE2_PYTHON")
        .map(PathBuf::from)
        .or_else(|| {
            let home = std::env::var_os("HOME")?;
            Some(Path::new(&home).join(".cache/smi-re2-venv/bin/python"))
        });
    let Some(python) = python.filter(|p| p.exists()) else {
        eprintln!("no google-re2 environment: the checked-in table is not regenerated");
        return;
    };
    let out = std::process::Command::new(&python)
        .arg(testdata("generate.py"))
        .output()
        .expect("the generator runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let now: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        now["cases"],
        table()["cases"],
        "regenerate testdata/re2/program-sizes.json"
    );
}
