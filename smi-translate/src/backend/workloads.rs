//! What the backends that select a destination workload's pods by their labels share: the
//! selector, and the pod ports of a workload no Service selects.

use crate::graph::{
    AppProtocol, Authorization, Diagnostic, Grant, GraphIndex, ObjectRef, Related, SelectorClash,
    Workload,
};
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

/// The pod ports grants land on when no Service selects `workload`: the TCP container ports its
/// pods declare, with the protocol their names give. `None` when a Service selects it (the
/// Services' target ports are used then).
pub(crate) fn serviceless_ports<'w>(
    workload: &'w Workload,
    index: &GraphIndex<'_>,
) -> Option<&'w BTreeMap<u16, AppProtocol>> {
    index
        .services_of(&workload.id)
        .is_empty()
        .then_some(&workload.container_ports)
}

/// Reports, with `code`, each TrafficTarget of `auths` whose TCP or HTTP grants find no pod
/// port on `workload`: no Service selects it and its pods declare no container port.
pub(crate) fn report_portless(
    workload: &Workload,
    index: &GraphIndex<'_>,
    auths: &[&Authorization],
    code: CodeInfo,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if serviceless_ports(workload, index).is_none_or(|ports| !ports.is_empty()) {
        return;
    }
    for auth in auths {
        if auth.sources.is_empty() || auth.grants.iter().all(|g| matches!(g, Grant::Udp { .. })) {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                code,
                auth.origin.clone(),
                "spec.destination",
                format!(
                    "no Service selects {} and its pods declare no container port, so there is no port to carry this TrafficTarget's grants on; they grant nothing there",
                    workload.id
                ),
            )
            .with_help("declare the container ports the workload serves (containerPort), or select it with a Service")
            .with_related(Related::Object(workload.id.object_ref())),
        );
    }
}
