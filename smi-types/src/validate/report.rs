//! Collecting diagnostics for one object, and building field paths.

use crate::{CodeInfo, Diagnostic, ObjectRef};

/// The violations found in one object so far.
pub(super) struct Report {
    object: ObjectRef,
    out: Vec<Diagnostic>,
}

/// A just-recorded violation, to attach the fix to.
pub(super) struct Recorded<'a>(&'a mut Diagnostic);

impl Recorded<'_> {
    /// Adds what would fix it.
    pub(super) fn help(self, help: impl Into<String>) {
        self.0.help = Some(help.into());
    }
}

impl Report {
    /// An empty report about `object`.
    pub(super) fn new(object: ObjectRef) -> Report {
        Report {
            object,
            out: Vec::new(),
        }
    }

    /// Records an error.
    pub(super) fn error(
        &mut self,
        code: CodeInfo,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Recorded<'_> {
        let v = Diagnostic::error(code, self.object.clone(), path, message);
        self.push(v)
    }

    /// Records a warning.
    pub(super) fn warning(
        &mut self,
        code: CodeInfo,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Recorded<'_> {
        let v = Diagnostic::warning(code, self.object.clone(), path, message);
        self.push(v)
    }

    fn push(&mut self, v: Diagnostic) -> Recorded<'_> {
        self.out.push(v);
        let last = self.out.len() - 1;
        Recorded(&mut self.out[last])
    }

    /// The violations, in the order found.
    pub(super) fn into_vec(self) -> Vec<Diagnostic> {
        self.out
    }
}

/// `base.name`, or `name` when `base` is empty (objects without a `spec` wrapper).
pub(super) fn field(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_owned()
    } else {
        format!("{base}.{name}")
    }
}

/// `base[index]`.
pub(super) fn index(base: &str, index: usize) -> String {
    format!("{base}[{index}]")
}
