//! A changed TrafficSplit patched into the held graph, without lowering the rest of the mesh.
//!
//! Of a TrafficSplit replaced by one that is still valid and still splits the same root, only
//! that root's split can change (the set of roots every split's lowering reads stays as it
//! was), and so only the diagnostics about that root's TrafficSplits, and the objects a backend
//! emits for that split. Anything else (a new or removed split, a root that changes, a split
//! validation rejects) is left to the full compile.

use super::keys::{InputKey, InputKind};
use super::lowered::Lowered;
use super::patch::{Patch, Replaced, insert_sorted, refs_of};
use crate::lower::{Options, admitted_split_root, relower_splits};
use smi_types::{KindName, SmiObject};
use std::collections::{BTreeMap, BTreeSet};

/// Patches the held graph (lowered from the inputs before the change) for the TrafficSplit
/// `before` replaced by the one `smi` now holds under `key`. `None`, with the graph untouched,
/// when the change may reach beyond one root's split.
pub(super) fn patch_split(
    lowered: &mut Lowered,
    smi: &BTreeMap<InputKey, SmiObject>,
    key: &InputKey,
    before: &SmiObject,
    options: &Options,
) -> Option<Patch> {
    let after = smi.get(key)?;
    if key.kind != InputKind::Smi(KindName::TrafficSplit) || before.kind() != after.kind() {
        return None;
    }
    let (root, _) = admitted_split_root(before, options)?;
    if admitted_split_root(after, options)?.0 != root {
        return None;
    }
    let mut route_groups = BTreeSet::new();
    let splits: Vec<&SmiObject> = of_namespace(smi, KindName::TrafficSplit, &root.namespace)
        .filter(|o| match admitted_split_root(o, options) {
            Some((of, names)) if of == root => {
                route_groups.extend(names);
                true
            }
            _ => false,
        })
        .collect();
    // Every diagnostic about one of the root's TrafficSplits comes from lowering and emitting
    // the root's split.
    let owners = refs_of(splits.iter().copied().chain([before]));
    // A split reads the HTTPRouteGroups of its namespace it names, and nothing else of the
    // input.
    let group_key = |name: String| {
        InputKey::new(
            InputKind::Smi(KindName::HttpRouteGroup),
            &root.namespace,
            name,
        )
    };
    let objects: Vec<SmiObject> = splits
        .into_iter()
        .chain(
            route_groups
                .into_iter()
                .filter_map(|name| smi.get(&group_key(name))),
        )
        .cloned()
        .collect();
    let graph = &mut lowered.graph;
    let (mut relowered, diagnostics) =
        relower_splits(&objects, &lowered.split_roots, options, graph);
    let after = relowered.pop();
    if !relowered.is_empty() || after.as_ref().is_some_and(|s| s.root != root) {
        return None;
    }
    graph.diagnostics.retain(|d| !owners.contains(&d.object));
    insert_sorted(
        &mut graph.diagnostics,
        diagnostics
            .into_iter()
            .filter(|d| owners.contains(&d.object)),
    );
    let mut replaced = Replaced::Split {
        root: root.clone(),
        split: after,
    };
    replaced.swap(graph);
    Some(Patch {
        replaced: vec![replaced],
        roots: BTreeSet::from([root]),
        owners,
        ..Patch::default()
    })
}

/// The SMI objects of `kind` in `namespace`, in name order.
fn of_namespace<'a>(
    smi: &'a BTreeMap<InputKey, SmiObject>,
    kind: KindName,
    namespace: &'a str,
) -> impl Iterator<Item = &'a SmiObject> {
    let kind = InputKind::Smi(kind);
    smi.range(InputKey::new(kind, namespace, "")..)
        .take_while(move |(key, _)| key.kind == kind && key.namespace == namespace)
        .map(|(_, object)| object)
}
