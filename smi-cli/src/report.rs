//! Diagnostics on stderr, rustc-style.

use smi_types::Violation;
use std::fmt::Write as _;

/// A violation and where it is.
pub struct Located<'a> {
    /// The violation.
    pub violation: &'a Violation,
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
    let v = d.violation;
    let mut out = format!("{}[{}]: {}\n", v.severity, v.code, v.message);
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
    if !v.object.kind.is_empty() {
        let _ = writeln!(out, "   = object: {}", v.object);
    }
    if !v.path.is_empty() {
        let _ = writeln!(out, "   = field: {}", v.path);
    }
    if let Some(help) = &v.help {
        let _ = writeln!(out, "   = help: {help}");
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
