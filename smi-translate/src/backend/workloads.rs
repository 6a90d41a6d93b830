//! What the backends that select a destination workload's pods by their labels share.

use crate::graph::{Diagnostic, GraphIndex, ObjectRef, Related, SelectorClash, Workload};
use smi_types::CodeInfo;
use std::collections::BTreeMap;

/// The workload's pod labels, when they select pods of its identity alone.
///
/// Otherwise a selector built from them would also govern pods running another identity: the
/// error `code` is reported on `origin` (at `spec.destination`), saying that no `object` (the
/// backend's selecting kind, e.g. `Server`) is emitted for the workload, and the answer is `None`.
pub(crate) fn exclusive_labels<'w>(
    workload: &'w Workload,
    index: &GraphIndex<'_>,
    code: CodeInfo,
    object: &str,
    origin: ObjectRef,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<&'w BTreeMap<String, String>> {
    let Some(clash) = index.selector_clash(workload) else {
        return Some(&workload.pod_labels);
    };
    let why = match clash {
        SelectorClash::Shared(other) => format!(
            "its pod labels also select {} (running as {})",
            other.id, other.identity
        ),
        SelectorClash::NoLabels => {
            "its pods have no labels, so a selector would take the whole namespace".into()
        }
    };
    diagnostics.push(
        Diagnostic::error(
            code,
            origin,
            "spec.destination",
            format!("no {object} for {}: {why}", workload.id),
        )
        .with_help(
            "give the workload's pods a label that no workload of another ServiceAccount has",
        )
        .with_related(Related::Object(workload.id.object_ref())),
    );
    None
}
