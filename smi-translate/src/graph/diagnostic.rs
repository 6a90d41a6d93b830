//! Diagnostics carried by graph nodes and backend outputs.

use std::fmt;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Input could not be honoured as written; the affected rule was dropped (fail closed).
    Error,
    /// Honoured, but probably not what was meant, or a target could only approximate it.
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

/// The input object a node or diagnostic comes from: `kind namespace/name`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// Object kind (`TrafficTarget`, `Service`, …).
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

impl Origin {
    /// An origin.
    pub fn new(
        kind: impl Into<String>,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> Origin {
        Origin {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// A problem: stable code, the object, a field path, what is wrong and what would fix it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code; tests match on it, never on the message.
    pub code: &'static str,
    /// The object.
    pub origin: Origin,
    /// Field path inside it (`spec.rules[1]`), empty for the whole object.
    pub path: String,
    /// What is wrong, and what the translation did about it.
    pub message: String,
    /// What would fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error.
    pub fn error(
        code: &'static str,
        origin: Origin,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            origin,
            path: path.into(),
            message: message.into(),
            help: None,
        }
    }

    /// A warning.
    pub fn warning(
        code: &'static str,
        origin: Origin,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, origin, path, message)
        }
    }

    /// Adds the fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {} ({}",
            self.severity, self.code, self.message, self.origin
        )?;
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        f.write_str(")")?;
        if let Some(help) = &self.help {
            write!(f, "; help: {help}")?;
        }
        Ok(())
    }
}
