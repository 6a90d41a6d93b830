//! Diagnostics: rustc-style text on stderr, or JSON for tools.

use serde::Serialize;
use smi_types::{Diagnostic, Origin, Related, Severity};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write as _;

/// A diagnostic and where it is.
///
/// As JSON: the diagnostic's own fields (`severity`, `code`, `object`, `origin`, `path`,
/// `message`, `help`, `related`) beside `file`, `line` and `document`, and `also` when the
/// diagnostic concerns other places of the input too (the later copy of a duplicate object).
#[derive(Serialize)]
pub struct Located<'a> {
    /// The diagnostic.
    #[serde(flatten)]
    pub diagnostic: &'a Diagnostic,
    /// Input name.
    pub file: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 0-based document index.
    pub document: usize,
    /// Other places the diagnostic concerns, in the order its `related` entries name them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<Place<'a>>,
}

/// A place in the input: file, line and document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Place<'a> {
    /// Input name.
    pub file: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 0-based document index.
    pub document: usize,
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} (document {})",
            self.file,
            self.line,
            self.document + 1
        )
    }
}

impl<'a> Located<'a> {
    /// `diagnostic` at `place`, concerning no other place.
    pub fn at(diagnostic: &'a Diagnostic, place: Place<'a>) -> Located<'a> {
        Located {
            diagnostic,
            file: place.file,
            line: place.line,
            document: place.document,
            also: Vec::new(),
        }
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// rustc-style text on stderr, each as it is found.
    #[default]
    Text,
    /// One JSON array of every diagnostic, printed once at the end.
    Json,
}

/// The default of `--max-diagnostics`: one per object of a 100,000-object mesh.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 100_000;

/// Counts diagnostics and prints them in one [`DiagnosticFormat`], at most `limit` of them.
pub struct Reporter {
    format: DiagnosticFormat,
    json: Vec<serde_json::Value>,
    /// The most diagnostics shown (`--max-diagnostics`); the rest are counted only.
    limit: usize,
    /// Diagnostics shown so far.
    shown: usize,
    /// Errors reported so far, shown or not.
    pub errors: usize,
    /// Warnings reported so far, shown or not.
    pub warnings: usize,
}

impl Reporter {
    /// A reporter that has seen nothing yet and shows at most `limit` diagnostics.
    pub fn new(format: DiagnosticFormat, limit: usize) -> Reporter {
        Reporter {
            format,
            json: Vec::new(),
            limit,
            shown: 0,
            errors: 0,
            warnings: 0,
        }
    }

    /// Counts `located`, and prints it (text) or keeps it for [`Reporter::finish`], while
    /// fewer than the limit were shown.
    pub fn report(&mut self, located: &Located<'_>) {
        self.count(located.diagnostic);
        if !self.may_show(1) {
            return;
        }
        match self.format {
            DiagnosticFormat::Text => eprint!("{}", format(located)),
            // A diagnostic holds only strings and numbers: it always serialises.
            DiagnosticFormat::Json => self.json.extend(serde_json::to_value(located).ok()),
        }
    }

    /// Whether `count` more diagnostics fit under the limit; counts them as shown if so.
    fn may_show(&mut self, count: usize) -> bool {
        let fits = self.shown + count <= self.limit;
        if fits {
            self.shown += count;
        }
        fits
    }

    /// How many diagnostics were counted but not shown.
    fn omitted(&self) -> usize {
        self.errors + self.warnings - self.shown
    }

    /// Counts and prints every diagnostic of `all`. As text, diagnostics that say the same thing
    /// (code, message, field, help) about several objects of one kind — one per TrafficTarget,
    /// say — are printed once, listing the objects; as JSON each stays its own entry, so tools
    /// still find one per object.
    pub fn report_all(&mut self, all: &[Located<'_>]) {
        if self.format == DiagnosticFormat::Json {
            for located in all {
                self.report(located);
            }
            return;
        }
        let mut groups: Vec<Vec<&Located<'_>>> = Vec::new();
        // The first group of each key. A diagnostic joins a group whose first diagnostic has its
        // key and another object; so a second group of a key starts only with the first group's
        // own object, every group of a key starts with that object, and the first group is the
        // only one a diagnostic can join: one look-up per diagnostic, not a scan of every group.
        let mut first_group_of: HashMap<GroupKey<'_>, usize> = HashMap::new();
        for located in all {
            let diagnostic = located.diagnostic;
            match first_group_of.entry(group_key(diagnostic)) {
                Entry::Occupied(first)
                    if groups[*first.get()][0].diagnostic.object != diagnostic.object =>
                {
                    groups[*first.get()].push(located);
                }
                Entry::Occupied(_) => groups.push(vec![located]),
                Entry::Vacant(first) => {
                    first.insert(groups.len());
                    groups.push(vec![located]);
                }
            }
        }
        for group in groups {
            if let [one] = group.as_slice() {
                self.report(one);
                continue;
            }
            for located in &group {
                self.count(located.diagnostic);
            }
            if self.may_show(group.len()) {
                eprint!("{}", format_group(&group));
            }
        }
    }

    fn count(&mut self, diagnostic: &Diagnostic) {
        if diagnostic.is_error() {
            self.errors += 1;
        } else {
            self.warnings += 1;
        }
    }

    /// Ends the report: when diagnostics were left out, one last diagnostic says how many
    /// (printed as text, or the last entry of the JSON array). Returns the JSON array of every
    /// diagnostic shown, when the format is JSON.
    pub fn finish(&mut self) -> Option<String> {
        if let Some(notice) = self.omitted_notice() {
            let place = Place {
                file: "(all inputs)",
                line: 0,
                document: 0,
            };
            let located = Located::at(&notice, place);
            match self.format {
                DiagnosticFormat::Text => eprint!("{}", format(&located)),
                DiagnosticFormat::Json => self.json.extend(serde_json::to_value(&located).ok()),
            }
        }
        match self.format {
            DiagnosticFormat::Text => None,
            DiagnosticFormat::Json => serde_json::to_string_pretty(&self.json).ok(),
        }
    }

    /// The diagnostic saying how many were left out, if any were.
    fn omitted_notice(&self) -> Option<Diagnostic> {
        let omitted = self.omitted();
        (omitted > 0).then(|| {
            Diagnostic::warning(
                smi_types::load::codes::DIAGNOSTICS_OMITTED,
                Default::default(),
                "",
                format!(
                    "{omitted} more diagnostics were found and not shown: the limit is {} \
                     ({} errors and {} warnings in all)",
                    self.limit, self.errors, self.warnings
                ),
            )
            .with_help("raise the limit with `--max-diagnostics N` to see them")
        })
    }
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
    for place in &d.also {
        let _ = writeln!(out, "   = also: {place}");
    }
    out
}

/// What two diagnostics about objects of one kind must share to be printed as one: all but the
/// object's namespace and name.
type GroupKey<'a> = (
    Severity,
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    Origin,
    &'a str,
    &'a [Related],
);

/// The [`GroupKey`] of `d`: severity, code, message, field, help, origin, kind and related.
fn group_key(d: &Diagnostic) -> GroupKey<'_> {
    (
        d.severity,
        d.code,
        &d.message,
        &d.path,
        d.help.as_deref(),
        d.origin,
        &d.object.kind,
        &d.related,
    )
}

/// Formats diagnostics that say the same thing about several objects, once:
///
/// ```text
/// error[gamma-no-authorization]: Gateway API has no authorization: it grants nothing, …
///    = objects (2):
///      TrafficTarget shop/a  --> shop.yaml:12 (document 3)
///      TrafficTarget shop/b  --> shop.yaml:30 (document 4)
///    = field: spec
///    = help: …
/// ```
pub fn format_group(group: &[&Located<'_>]) -> String {
    let Some(first) = group.first() else {
        return String::new();
    };
    let mut out = first.diagnostic.headline();
    out.push('\n');
    let _ = writeln!(out, "   = objects ({}):", group.len());
    for located in group {
        let place = if located.line == 0 {
            located.file.to_owned()
        } else {
            format!(
                "{}:{} (document {})",
                located.file,
                located.line,
                located.document + 1
            )
        };
        let _ = writeln!(out, "     {}  --> {place}", located.diagnostic.object);
    }
    for (label, note) in first.diagnostic.notes() {
        if label != "object" && label != "emitted object" {
            let _ = writeln!(out, "   = {label}: {note}");
        }
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
