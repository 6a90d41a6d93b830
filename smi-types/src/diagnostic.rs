//! Diagnostics: what is wrong, where, and what would fix it.
//!
//! One [`Diagnostic`] type serves every producer in the workspace: loading, validation and
//! conversion here, inventory reading, lowering and every backend in `smi-translate`. Each
//! producer declares its codes once with [`diagnostic_codes!`](crate::diagnostic_codes), which
//! gives a constant per code and the producer's public `CODES` table; the constructors take those
//! constants, so a diagnostic cannot carry a code that no table describes.

use crate::ObjectRef;
use serde::Serialize;
use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// The input is wrong or cannot be honoured as written; a consumer must not act on it as
    /// written (translation drops the affected rule: fail closed).
    Error,
    /// Accepted, but probably not what its author meant, or a target could only approximate it.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Where the object of a diagnostic is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Origin {
    /// An object of the input (a TrafficTarget, a Service): what its author can fix.
    #[default]
    Input,
    /// An object, or a setting, of the translation's output (a generated AuthorizationPolicy,
    /// Linkerd's default inbound policy).
    Output,
}

/// A stable diagnostic code and the one line that explains it.
///
/// Declared with [`diagnostic_codes!`](crate::diagnostic_codes), never by hand: the macro puts
/// every code it declares in its producer's `CODES` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CodeInfo {
    /// Stable kebab-case code, e.g. `port-out-of-range`; tests and tools match on it.
    pub code: &'static str,
    /// What the code means, in one line.
    pub summary: &'static str,
}

/// Lets a diagnostic's code be compared with a table entry: `d.code == codes::FOO`.
impl PartialEq<CodeInfo> for &str {
    fn eq(&self, other: &CodeInfo) -> bool {
        *self == other.code
    }
}

/// The doc comment of a code, joined by [`diagnostic_codes!`](crate::diagnostic_codes), as
/// one line: every `///` line starts with a space, so only the ends need trimming.
#[doc(hidden)]
pub const fn one_line(doc: &'static str) -> &'static str {
    doc.trim_ascii()
}

/// Declares a producer's diagnostic codes: one [`CodeInfo`] constant per code, whose doc
/// comment is also its summary, and `pub const CODES: &[CodeInfo]` listing them all.
///
/// Codes another producer already declares, with the same meaning, are listed under
/// `reused: [...]` (they must be in scope, e.g. by `pub use`): they join this producer's table
/// without being declared twice.
///
/// ```
/// mod codes {
///     smi_types::diagnostic_codes! {
///         /// A widget has no name.
///         MISSING_NAME = "widget-missing-name";
///     }
/// }
/// assert_eq!(codes::MISSING_NAME.code, "widget-missing-name");
/// assert_eq!(codes::CODES, &[codes::MISSING_NAME]);
/// assert_eq!(codes::MISSING_NAME.summary, "A widget has no name.");
/// ```
#[macro_export]
macro_rules! diagnostic_codes {
    (
        $(reused: [$($reused:ident),* $(,)?];)?
        $( $(#[doc = $doc:literal])+ $name:ident = $code:literal; )*
    ) => {
        $(
            $(#[doc = $doc])+
            pub const $name: $crate::CodeInfo = $crate::CodeInfo {
                code: $code,
                summary: $crate::diagnostic::one_line(concat!($($doc),+)),
            };
        )*
        /// Every code this producer reports, with its one-line summary, in a stable order.
        pub const CODES: &[$crate::CodeInfo] = &[$($name,)* $($($reused,)*)?];
    };
}

/// One problem in one object: stable code, severity, the object, a field path, what is wrong and
/// what would fix it.
///
/// `code` is stable across releases: tests and tools match on it, never on `message`. The field
/// order is the sort order: errors first, then by code, object and path.
///
/// Serialises as a flat JSON object (`severity`, `code`, `object`, `origin`, `path`, `message`,
/// `help`, `related`), so tools can print or read diagnostics without a type of their own.
///
/// [`related`](Self::related) names, as data, what the message names in prose (the workload,
/// the match, the Server, the other TrafficTargets), so that tools can match a diagnostic by
/// code and fields alone.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code from a producer's `CODES` table, e.g. `port-out-of-range`.
    pub code: &'static str,
    /// The object the problem is in.
    pub object: ObjectRef,
    /// Whether [`object`](Self::object) is an input object or one the translation emits.
    pub origin: Origin,
    /// Field path inside the object, e.g. `spec.backends[1].weight` (empty: the whole object).
    pub path: String,
    /// What is wrong (and, from translation, what was done about it).
    pub message: String,
    /// What would fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// What else the problem concerns, besides [`object`](Self::object), in the order the
    /// message names them (empty: nothing else).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<Related>,
}

/// Something a diagnostic concerns besides its object.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Related {
    /// Another object: a workload, the ServiceAccount it runs as, a Server, another
    /// TrafficTarget.
    Object(ObjectRef),
    /// One named match of a route group (an HTTPRouteGroup).
    Match {
        /// The route group.
        group: ObjectRef,
        /// The match's name in it.
        name: String,
    },
    /// A port of the pods the problem is on.
    PodPort(u16),
    /// One of several input objects that share the diagnostic's kind, namespace and name: the
    /// `n`-th of them (0-based) in input order. A `duplicate-object` names the one it reports,
    /// then the later one that replaces it.
    Occurrence(usize),
}

impl Diagnostic {
    /// An error.
    pub fn error(
        code: CodeInfo,
        object: ObjectRef,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: code.code,
            object,
            origin: Origin::Input,
            path: path.into(),
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// A warning.
    pub fn warning(
        code: CodeInfo,
        object: ObjectRef,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, object, path, message)
        }
    }

    /// Adds the fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds something else the problem concerns (see [`related`](Self::related)).
    pub fn with_related(mut self, related: Related) -> Diagnostic {
        self.related.push(related);
        self
    }

    /// Says that the object is one the translation emits (a generated policy, the target
    /// mesh's default), not an input object.
    pub fn about_output(mut self) -> Diagnostic {
        self.origin = Origin::Output;
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `severity[code]: message`, the first line of every rendering.
    pub fn headline(&self) -> String {
        format!(
            "{}[{}]: {}",
            self.severity,
            self.code,
            shorten_long_values(&self.message)
        )
    }

    /// The labelled notes under the headline, in order: `object`, `field`, `help` (each only
    /// when there is something to say).
    pub fn notes(&self) -> Vec<(&'static str, String)> {
        let mut notes = Vec::new();
        if !self.object.kind.is_empty() {
            let label = match self.origin {
                Origin::Input => "object",
                Origin::Output => "emitted object",
            };
            notes.push((label, self.object.to_string()));
        }
        if !self.path.is_empty() {
            notes.push(("field", shorten_long_values(&self.path).into_owned()));
        }
        if let Some(help) = &self.help {
            notes.push(("help", shorten_long_values(help).into_owned()));
        }
        notes
    }
}

/// The most bytes of one value (a run of non-whitespace) a rendered diagnostic shows whole.
///
/// No valid Kubernetes name comes near it (names have at most 253 bytes); a longer value (a
/// 50 MB name) would otherwise be copied into every message that quotes it.
pub const LONGEST_SHOWN_VALUE: usize = 512;

/// `text` with every run of non-whitespace longer than [`LONGEST_SHOWN_VALUE`] bytes cut in the
/// middle: its start and end around `…[N bytes left out]…`.
///
/// The text forms of a diagnostic ([`Diagnostic::headline`], [`Diagnostic::notes`], the
/// [`ObjectRef`] display) go through this; the diagnostic itself keeps every byte.
pub fn shorten_long_values(text: &str) -> std::borrow::Cow<'_, str> {
    let too_long = |word: &&str| word.len() > LONGEST_SHOWN_VALUE;
    if !text.split_whitespace().any(|word| too_long(&word)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_start = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..word_start]);
        rest = &rest[word_start..];
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..word_end];
        if too_long(&word) {
            let head = floor_char_boundary(word, LONGEST_SHOWN_VALUE / 2);
            let tail = ceil_char_boundary(word, word.len() - LONGEST_SHOWN_VALUE / 8);
            out.push_str(&word[..head]);
            out.push_str(&format!("…[{} bytes left out]…", tail - head));
            out.push_str(&word[tail..]);
        } else {
            out.push_str(word);
        }
        rest = &rest[word_end..];
    }
    std::borrow::Cow::Owned(out)
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Renders like rustc, without a source location (the IO edge adds that line):
///
/// ```text
/// error[port-out-of-range]: port 0 is outside 1-65535
///    = object: TCPRoute shop/db
///    = field: spec.matches.ports[0]
/// ```
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        for (label, note) in self.notes() {
            write!(f, "\n   = {label}: {note}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_cut_in_the_middle_and_short_ones_kept() {
        assert!(matches!(
            shorten_long_values("name `a-b` is fine"),
            std::borrow::Cow::Borrowed(_)
        ));
        let name = format!("{}é{}", "a".repeat(300), "z".repeat(1_000_000));
        let message = format!("`{name}` is not a DNS-1123 label; rename it");
        let short = shorten_long_values(&message);
        assert!(short.len() < 2 * LONGEST_SHOWN_VALUE, "{}", short.len());
        assert!(short.starts_with("`aaa"), "{short}");
        assert!(
            short.ends_with("zzz` is not a DNS-1123 label; rename it"),
            "{short}"
        );
        assert!(short.contains("bytes left out]…"), "{short}");
        let d = Diagnostic::error(
            TWO_LINES,
            ObjectRef::new("TrafficSplit", "shop", name.clone()),
            "metadata.name",
            message,
        );
        let rendered = d.to_string();
        assert!(
            rendered.len() < 4 * LONGEST_SHOWN_VALUE,
            "{}",
            rendered.len()
        );
        // The diagnostic itself keeps every byte.
        assert_eq!(d.object.name, name);
    }

    crate::diagnostic_codes! {
        /// A test code whose doc comment
        /// spans two lines.
        TWO_LINES = "two-lines";
    }

    #[test]
    fn a_multi_line_doc_comment_is_a_one_line_summary() {
        assert_eq!(
            TWO_LINES.summary,
            "A test code whose doc comment spans two lines."
        );
        assert_eq!(CODES, &[TWO_LINES]);
    }

    #[test]
    fn display_is_the_headline_then_the_notes() {
        let d = Diagnostic::warning(
            TWO_LINES,
            ObjectRef::new("TrafficSplit", "shop", "canary"),
            "spec.backends[0]",
            "what is wrong",
        )
        .with_help("what fixes it");
        assert_eq!(
            d.to_string(),
            "warning[two-lines]: what is wrong\n   = object: TrafficSplit shop/canary\n   \
             = field: spec.backends[0]\n   = help: what fixes it"
        );
        assert!(d.code == TWO_LINES);
    }

    #[test]
    fn serialises_as_flat_data_with_its_origin() {
        let d = Diagnostic::error(
            TWO_LINES,
            ObjectRef::new("AuthorizationPolicy", "istio-system", "allow-nothing"),
            "",
            "what is wrong",
        )
        .about_output();
        assert_eq!(
            serde_json::to_value(&d).expect("serialisable"),
            serde_json::json!({
                "severity": "error",
                "code": "two-lines",
                "object": {"kind": "AuthorizationPolicy", "namespace": "istio-system", "name": "allow-nothing"},
                "origin": "output",
                "path": "",
                "message": "what is wrong",
            })
        );
        assert!(
            d.to_string()
                .contains("= emitted object: AuthorizationPolicy istio-system/allow-nothing")
        );
    }

    #[test]
    fn related_things_serialise_as_data_and_stay_out_of_the_text() {
        let d = Diagnostic::error(
            TWO_LINES,
            ObjectRef::new("TrafficTarget", "shop", "to-db"),
            "spec.rules",
            "what is wrong",
        )
        .with_related(Related::Match {
            group: ObjectRef::new("HTTPRouteGroup", "shop", "routes"),
            name: "reads".into(),
        })
        .with_related(Related::Object(ObjectRef::new("Server", "shop", "db")))
        .with_related(Related::PodPort(8080));
        assert_eq!(
            serde_json::to_value(&d).expect("serialisable")["related"],
            serde_json::json!([
                {"match": {"group": {"kind": "HTTPRouteGroup", "namespace": "shop", "name": "routes"}, "name": "reads"}},
                {"object": {"kind": "Server", "namespace": "shop", "name": "db"}},
                {"pod_port": 8080},
            ])
        );
        assert_eq!(
            d.to_string(),
            "error[two-lines]: what is wrong\n   = object: TrafficTarget shop/to-db\n   \
             = field: spec.rules"
        );
    }
}
