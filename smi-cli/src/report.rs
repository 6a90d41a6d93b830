//! Diagnostics on stderr, rustc-style.

use smi_types::Diagnostic;
use std::fmt::Write as _;

/// A diagnostic and where it is.
pub struct Located<'a> {
    /// The diagnostic.
    pub diagnostic: &'a Diagnostic,
    /// Input name.
    pub file: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 0-based document index.
    pub document: usize,
}

/// Formats one diagnostic:
///
/// ```text
/// error[invalid-field]: invalid type: string "ten", expected u32
///   --> canary.yaml:17 (document 2)
///    = object: TrafficSplit default/canary
///    = field: spec.backends[1].weight
///    = help: …
/// ```
pub fn format(d: &Located<'_>) -> String {
    let mut out = d.diagnostic.headline();
    out.push('\n');
    if d.line == 0 {
        let _ = writeln!(out, "  --> {}", d.file);
    } else {
        let _ = writeln!(
            out,
            "  --> {}:{} (document {})",
            d.file,
            d.line,
            d.document + 1
        );
    }
    for (label, note) in d.diagnostic.notes() {
        let _ = writeln!(out, "   = {label}: {note}");
    }
    out
}

/// `N errors, M warnings` for the closing line.
pub fn summary(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
