//! Diagnostics: what is wrong, where, and what would fix it.

use crate::ObjectRef;
use serde::Serialize;
use std::fmt;

/// How bad a violation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The object is wrong; a consumer must not act on it as written.
    Error,
    /// The object is accepted but probably does not do what its author meant.
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

/// One broken rule in one object.
///
/// `code` is stable across releases: tests and tools match on it, never on `message`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Violation {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `port-out-of-range`.
    pub code: &'static str,
    /// The object the violation is in.
    pub object: ObjectRef,
    /// Field path inside the object, e.g. `spec.backends[1].weight` (empty: the whole object).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Violation {
    /// An error.
    pub fn error(
        code: &'static str,
        object: ObjectRef,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Violation {
        Violation {
            severity: Severity::Error,
            code,
            object,
            path: path.into(),
            message: message.into(),
            help: None,
        }
    }

    /// A warning.
    pub fn warning(
        code: &'static str,
        object: ObjectRef,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Violation {
        Violation {
            severity: Severity::Warning,
            ..Violation::error(code, object, path, message)
        }
    }

    /// Adds the fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Violation {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        write!(f, "\n  --> {}", self.object)?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}
