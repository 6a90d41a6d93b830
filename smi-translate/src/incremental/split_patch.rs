//! A changed TrafficSplit patched into the held graph and into a backend's held output, without
//! lowering or emitting the rest of the mesh.
//!
//! Of a TrafficSplit replaced by one that is still valid and still splits the same root, only
//! that root's split can change (the set of roots every split's lowering reads stays as it
//! was), and so only the diagnostics about that root's TrafficSplits, and the objects a backend
//! emits for that split. Anything else (a new or removed split, a root that changes, a split
//! validation rejects, a backend that cannot emit one split alone, objects that appear or
//! disappear) is left to the full compile.

use super::delta::{Delta, HeldOutput, to_json};
use super::keys::{InputKey, InputKind, Keyed, OutputKey};
use crate::backend::{Backend, Emitted};
use crate::graph::{Diagnostic, MeshGraph, ObjectRef, ServiceId, Split};
use crate::lower::{Options, admitted_split_root, relower_splits};
use smi_types::{KindName, SmiObject};
use std::collections::{BTreeMap, BTreeSet};

/// What one TrafficSplit change did to the graph.
#[derive(Debug)]
pub(super) struct SplitPatch {
    /// The root's split before the change (`None`: it had no usable split).
    before: Option<Split>,
    /// The root's split after it.
    after: Option<Split>,
    /// The root's TrafficSplits, as diagnostics name them: every diagnostic about one of them
    /// comes from lowering and emitting this root's split.
    owners: BTreeSet<ObjectRef>,
    /// The graph's own diagnostics about the owners, after the change.
    graph_diagnostics: Vec<Diagnostic>,
}

impl SplitPatch {
    /// Patches `graph` (lowered from the inputs before the change, with `roots` its splits'
    /// root Services) for the TrafficSplit `before` replaced by the one `smi` now holds under
    /// `key`. `None`, with `graph` untouched, when the change may reach beyond one root's split.
    pub(super) fn apply(
        graph: &mut MeshGraph,
        roots: &BTreeSet<ServiceId>,
        smi: &BTreeMap<InputKey, SmiObject>,
        key: &InputKey,
        before: &SmiObject,
        options: &Options,
    ) -> Option<SplitPatch> {
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
        let mut owners = BTreeSet::new();
        for object in splits.iter().copied().chain([before]) {
            let written = object.object_ref();
            owners.insert(written.clone().in_effective_namespace());
            owners.insert(written);
        }
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
        let (mut lowered, diagnostics) = relower_splits(&objects, roots, options, graph);
        let after = lowered.pop();
        if !lowered.is_empty() || after.as_ref().is_some_and(|s| s.root != root) {
            return None;
        }
        let mut graph_diagnostics: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| owners.contains(&d.object))
            .collect();
        graph_diagnostics.sort();
        graph_diagnostics.dedup();

        // Splits are in root order, one per root.
        let position = graph.splits.binary_search_by(|s| s.root.cmp(&root));
        let before = match (position, after.clone()) {
            (Ok(i), Some(split)) => Some(std::mem::replace(&mut graph.splits[i], split)),
            (Ok(i), None) => Some(graph.splits.remove(i)),
            (Err(i), Some(split)) => {
                graph.splits.insert(i, split);
                None
            }
            (Err(_), None) => None,
        };
        graph.diagnostics.retain(|d| !is_about(d, &owners));
        insert_sorted(&mut graph.diagnostics, graph_diagnostics.iter().cloned());
        Some(SplitPatch {
            before,
            after,
            owners,
            graph_diagnostics,
        })
    }

    /// Patches `held`, `backend`'s output of the graph before this patch, into its output of
    /// `graph` (the graph after it), and returns what changed. `None`, with `held` untouched,
    /// when the backend cannot emit the split alone or its objects are not one for one those
    /// it replaces.
    pub(super) fn apply_to_output<B>(
        &self,
        held: &mut HeldOutput,
        graph: &MeshGraph,
        backend: &B,
    ) -> Option<Delta>
    where
        B: Backend,
        B::Output: Keyed,
    {
        let emit = |split: &Option<Split>| match split {
            Some(split) => backend.emit_split(split, graph).map(Some),
            None => Some(None),
        };
        let (before, after) = (emit(&self.before)?, emit(&self.after)?);
        if before.is_none() && after.is_none() {
            // Nothing says whether the backend emits one split alone.
            return None;
        }
        let none = || Emitted {
            objects: Vec::new(),
            diagnostics: Vec::new(),
        };
        let (before, after) = (before.unwrap_or_else(none), after.unwrap_or_else(none));
        let before_keys: Vec<OutputKey> = before.objects.iter().map(Keyed::output_key).collect();
        let after_objects: Vec<(OutputKey, String)> = after
            .objects
            .iter()
            .map(|o| (o.output_key(), to_json(o)))
            .collect();
        if !before_keys
            .iter()
            .eq(after_objects.iter().map(|(key, _)| key))
        {
            return None;
        }
        let positions: Vec<usize> = before_keys
            .iter()
            .map(|key| held.position(key))
            .collect::<Option<_>>()?;
        let owned = |d: &Diagnostic| is_about(d, &self.owners);
        let before_node = self.before.iter().flat_map(|s| &s.diagnostics);
        if !before_node.chain(&before.diagnostics).all(owned) {
            return None;
        }
        let after_owned: BTreeSet<Diagnostic> = self
            .graph_diagnostics
            .iter()
            .chain(self.after.iter().flat_map(|s| &s.diagnostics))
            .chain(&after.diagnostics)
            .cloned()
            .collect();
        if !after_owned.iter().all(owned) {
            return None;
        }

        let output = &mut held.output;
        let before_owned: BTreeSet<Diagnostic> = output
            .diagnostics
            .iter()
            .filter(|d| owned(d))
            .cloned()
            .collect();
        output.diagnostics.retain(|d| !owned(d));
        insert_sorted(&mut output.diagnostics, after_owned.iter().cloned());
        let mut apply = Vec::new();
        for (position, (key, text)) in positions.into_iter().zip(after_objects) {
            let held_text = &mut output.objects[position].1;
            if *held_text != text {
                held_text.clone_from(&text);
                apply.push((key, text));
            }
        }
        Some(Delta {
            apply,
            delete: Vec::new(),
            diagnostics_added: after_owned.difference(&before_owned).cloned().collect(),
            diagnostics_removed: before_owned.difference(&after_owned).cloned().collect(),
        })
    }
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

/// Whether `diagnostic` is about one of `owners` (all TrafficSplits).
fn is_about(diagnostic: &Diagnostic, owners: &BTreeSet<ObjectRef>) -> bool {
    // Most diagnostics are about other kinds: a string comparison settles those.
    diagnostic.object.kind == KindName::TrafficSplit.as_str() && owners.contains(&diagnostic.object)
}

/// Inserts each of `new` into the sorted, deduplicated `held` where it sorts, unless it is
/// there already: a few insertions cost less than sorting everything held again.
fn insert_sorted(held: &mut Vec<Diagnostic>, new: impl IntoIterator<Item = Diagnostic>) {
    for diagnostic in new {
        if let Err(position) = held.binary_search(&diagnostic) {
            held.insert(position, diagnostic);
        }
    }
}
