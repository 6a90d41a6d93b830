//! A TrafficTarget added, changed or removed, patched into the held graph without lowering the
//! rest of the mesh.
//!
//! A TrafficTarget's authorization reads only the TrafficTarget and the route objects its
//! rules name, so it is lowered again alone; the graph also counts the identities it names in
//! or out (a source no one else names leaves the identity set) and says again whether anything
//! runs as its destination. What it reaches is the protection of its destination, before and
//! after: the objects a backend emits for that identity, made of every authorization
//! protecting it. Left to the full compile: the first authorization of the mesh, or the last
//! one going (backends say once whether there is any).

use super::keys::{InputKey, InputKind};
use super::lowered::{Lowered, position};
use super::patch::{Patch, Replaced, insert_sorted, refs_of};
use crate::graph::{Diagnostic, Identity, ObjectRef};
use crate::lower::{Options, relower_target, target_routes, unprotected_destination};
use smi_types::{KindName, SmiObject};
use std::collections::{BTreeMap, BTreeSet};

/// Patches the held graph (lowered from the inputs before the change) for the TrafficTarget
/// `before` (`None`: it is new) replaced by the one `smi` now holds under `key` (none: it is
/// removed). `None`, with the graph untouched, when the change reaches further than its
/// destination's protection.
pub(super) fn patch_target(
    lowered: &mut Lowered,
    smi: &BTreeMap<InputKey, SmiObject>,
    key: &InputKey,
    before: Option<&SmiObject>,
    options: &Options,
) -> Option<Patch> {
    if key.kind != InputKind::Smi(KindName::TrafficTarget) {
        return None;
    }
    let after = smi.get(key);
    let origin = ObjectRef::new(KindName::TrafficTarget.as_str(), &key.namespace, &key.name);
    let (authorization, diagnostics) = match after {
        Some(object) => {
            let routes = target_routes(object)
                .into_iter()
                .filter_map(|(kind, name)| {
                    smi.get(&InputKey::new(InputKind::Smi(kind), &key.namespace, name))
                });
            let objects: Vec<SmiObject> = [object].into_iter().chain(routes).cloned().collect();
            relower_target(&objects, options)
        }
        None => (None, Vec::new()),
    };
    let graph = &lowered.graph;
    let replaced = position(graph, &origin)
        .ok()
        .map(|at| graph.authorizations[at].clone());
    let count = graph.authorizations.len() - usize::from(replaced.is_some())
        + usize::from(authorization.is_some());
    if (count == 0) != graph.authorizations.is_empty() {
        return None;
    }

    // The TrafficTarget's own diagnostics outside its authorization come from lowering it
    // alone; every other object's stay.
    let mut refs = refs_of(before.into_iter().chain(after));
    refs.insert(origin.clone());
    let mut own: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| refs.contains(&d.object))
        .collect();
    if let Some(auth) = &authorization
        && !lowered.counts.runs(&auth.destination)
    {
        own.push(unprotected_destination(auth));
    }

    let destinations: BTreeSet<Identity> = (replaced.iter())
        .chain(&authorization)
        .map(|auth| auth.destination.clone())
        .collect();
    let mut owners = refs.clone();
    for destination in &destinations {
        owners.extend(lowered.counts.protecting(destination).cloned());
    }

    let graph = &mut lowered.graph;
    if let Some(replaced) = &replaced {
        lowered
            .counts
            .authorization(replaced, false, &mut graph.identities);
    }
    if let Some(auth) = &authorization {
        lowered
            .counts
            .authorization(auth, true, &mut graph.identities);
    }
    graph.diagnostics.retain(|d| !refs.contains(&d.object));
    insert_sorted(&mut graph.diagnostics, own);
    let mut replaced = Replaced::Authorization {
        origin,
        authorization,
    };
    replaced.swap(graph);
    Some(Patch {
        replaced: vec![replaced],
        destinations,
        owners,
        ..Patch::default()
    })
}
