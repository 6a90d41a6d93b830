//! A change patched into the held graph, and then into a backend's held output by emitting
//! again only what the change reaches.
//!
//! A patch records what it replaced in the graph, so the graph before the change can be had
//! back for a moment: the objects a backend emits for what the change reaches are emitted from
//! the graph before and after it, and replace one for one the held ones. Diagnostics are
//! replaced by their object: every diagnostic about one of the patch's *owners* (the objects
//! whose lowering changed, and those whose authorizations or splits the reached objects are
//! made of) comes from lowering the owners and from emitting what is reached, so those are
//! the diagnostics to swap. Anything else (objects that appear or disappear, a backend that
//! cannot emit a part alone, a diagnostic about something else that changes) is left to the
//! full compile.

use super::delta::{Delta, HeldOutput, to_json};
use super::keys::{Keyed, OutputKey};
use super::lowered::position;
use crate::backend::{Backend, Emitted};
use crate::graph::{
    Authorization, Diagnostic, GraphIndex, Identity, MeshGraph, ObjectRef, ServiceId, Split,
    Workload, WorkloadId,
};
use smi_types::KindName;
use std::collections::BTreeSet;

/// What one change did to the graph, and what it reaches.
#[derive(Debug, Default)]
pub(super) struct Patch {
    /// What the change replaced, in the order it did: swapped back in the opposite order, they
    /// give the graph before the change; swapped again in order, the graph after it.
    pub(super) replaced: Vec<Replaced>,
    /// The root Services whose splits' objects the change may alter.
    pub(super) roots: BTreeSet<ServiceId>,
    /// The identities whose protecting objects the change may alter.
    pub(super) destinations: BTreeSet<Identity>,
    /// The objects every diagnostic about which comes from lowering them and from emitting the
    /// splits and destinations reached.
    pub(super) owners: BTreeSet<ObjectRef>,
}

/// A part of the graph as it was before a change (or after it, once swapped back).
#[derive(Debug)]
pub(super) enum Replaced {
    /// The split of a root Service (`None`: it has none).
    Split {
        root: ServiceId,
        split: Option<Split>,
    },
    /// The authorization of a TrafficTarget (`None`: it has none).
    Authorization {
        origin: ObjectRef,
        authorization: Option<Authorization>,
    },
    /// A workload (`None`: there is none with this id).
    Workload {
        id: WorkloadId,
        workload: Option<Workload>,
    },
    /// Whether a Service selects a workload: the opposite of what the graph says.
    Selection {
        service: ServiceId,
        workload: WorkloadId,
    },
}

impl Replaced {
    /// Exchanges this part with the one the graph holds in its place.
    pub(super) fn swap(&mut self, graph: &mut MeshGraph) {
        match self {
            Replaced::Split { root, split } => {
                // Splits are in root order, one per root.
                let at = graph.splits.binary_search_by(|s| s.root.cmp(root));
                swap_at(&mut graph.splits, at, split);
            }
            Replaced::Authorization {
                origin,
                authorization,
            } => {
                let at = position(graph, origin);
                swap_at(&mut graph.authorizations, at, authorization);
            }
            Replaced::Workload { id, workload } => {
                *workload = match workload.take() {
                    Some(held) => graph.workloads.insert(id.clone(), held),
                    None => graph.workloads.remove(id),
                };
            }
            Replaced::Selection { service, workload } => {
                if let Some(service) = graph.services.get_mut(service)
                    && !service.workloads.remove(workload)
                {
                    service.workloads.insert(workload.clone());
                }
            }
        }
    }
}

/// Exchanges `held` with the item at `at` of the sorted `items` (found: `Ok`, or where it
/// would go: `Err`).
fn swap_at<T>(items: &mut Vec<T>, at: Result<usize, usize>, held: &mut Option<T>) {
    *held = match (at, held.take()) {
        (Ok(i), Some(item)) => Some(std::mem::replace(&mut items[i], item)),
        (Ok(i), None) => Some(items.remove(i)),
        (Err(i), Some(item)) => {
            items.insert(i, item);
            None
        }
        (Err(_), None) => None,
    };
}

/// What a backend emits for the parts a change reaches, in one graph.
#[derive(Default)]
struct Emission {
    objects: Vec<(OutputKey, String)>,
    /// The backend's diagnostics and those of the graph's nodes it emitted.
    diagnostics: Vec<Diagnostic>,
    /// Whether the backend emitted any part alone (rather than there being none to emit).
    answered: bool,
}

impl Emission {
    fn add<'a, T: Keyed + serde::Serialize>(
        &mut self,
        emitted: Emitted<T>,
        nodes: impl IntoIterator<Item = &'a Diagnostic>,
    ) {
        self.objects.extend(
            emitted
                .objects
                .iter()
                .map(|object| (object.output_key(), to_json(object))),
        );
        self.diagnostics.extend(emitted.diagnostics);
        self.diagnostics.extend(nodes.into_iter().cloned());
        self.answered = true;
    }
}

impl Patch {
    /// Whether a diagnostic is about one of the owners.
    fn owner_test(&self) -> impl Fn(&Diagnostic) -> bool + '_ {
        // The owners are few, in one namespace or a few: comparing the namespace first
        // settles most of the many diagnostics an output holds with a short string comparison.
        let namespaces: BTreeSet<&str> = self.owners.iter().map(|o| o.namespace.as_str()).collect();
        move |diagnostic| {
            let object = &diagnostic.object;
            namespaces.contains(object.namespace.as_str()) && self.owners.contains(object)
        }
    }

    /// Swaps every replaced part: back to the graph before the change (`back`), or forth again.
    fn swap(&mut self, graph: &mut MeshGraph, back: bool) {
        if back {
            self.replaced.iter_mut().rev().for_each(|r| r.swap(graph));
        } else {
            self.replaced.iter_mut().for_each(|r| r.swap(graph));
        }
    }

    /// Patches `held`, `backend`'s output of the graph before this change, into its output of
    /// `graph` (the graph after it), and returns what changed. `None`, with `held` untouched,
    /// when the backend cannot emit the parts reached alone or its objects are not one for one
    /// those they replace.
    pub(super) fn apply_to_output<B>(
        &mut self,
        held: &mut HeldOutput,
        graph: &mut MeshGraph,
        backend: &B,
    ) -> Option<Delta>
    where
        B: Backend,
        B::Output: Keyed,
    {
        self.swap(graph, true);
        let before = self.emission(graph, backend);
        self.swap(graph, false);
        let (before, after) = (before?, self.emission(graph, backend)?);
        let reaches = !self.roots.is_empty() || !self.destinations.is_empty();
        if reaches && !before.answered && !after.answered {
            // Nothing says whether the backend emits these parts alone.
            return None;
        }
        let before_keys = before.objects.iter().map(|(key, _)| key);
        if !before_keys.eq(after.objects.iter().map(|(key, _)| key)) {
            return None;
        }
        let positions: Vec<usize> = before
            .objects
            .iter()
            .map(|(key, _)| held.position(key))
            .collect::<Option<_>>()?;
        let owns = self.owner_test();
        let others = |emission: &Emission| -> BTreeSet<Diagnostic> {
            (emission.diagnostics.iter())
                .filter(|d| !owns(d))
                .cloned()
                .collect()
        };
        if others(&before) != others(&after) {
            return None;
        }
        let after_owned: BTreeSet<Diagnostic> = (graph.diagnostics.iter())
            .chain(&after.diagnostics)
            .filter(|d| owns(d))
            .cloned()
            .collect();

        let output = &mut held.output;
        let before_owned: BTreeSet<Diagnostic> = (output.diagnostics.iter())
            .filter(|d| owns(d))
            .cloned()
            .collect();
        if before_owned != after_owned {
            output.diagnostics.retain(|d| !owns(d));
            insert_sorted(&mut output.diagnostics, after_owned.iter().cloned());
        }
        let mut apply = Vec::new();
        for (position, (key, text)) in positions.into_iter().zip(after.objects) {
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

    /// What `backend` emits of `graph` for the parts reached; `None` when it cannot emit one
    /// alone.
    fn emission<B>(&self, graph: &MeshGraph, backend: &B) -> Option<Emission>
    where
        B: Backend,
        B::Output: Keyed,
    {
        let mut emission = Emission::default();
        for root in &self.roots {
            let Ok(at) = graph.splits.binary_search_by(|s| s.root.cmp(root)) else {
                continue;
            };
            let split = &graph.splits[at];
            emission.add(backend.emit_split(split, graph)?, &split.diagnostics);
        }
        for destination in &self.destinations {
            let index = self.destination_index(graph, destination);
            let emitted = backend.emit_destination(destination, graph, &index)?;
            let nodes = index.authorizations_to(destination);
            emission.add(emitted, nodes.iter().flat_map(|a| &a.diagnostics));
        }
        Some(emission)
    }

    /// The index of `destination`'s namespace and the authorizations protecting it, which are
    /// among the owners before and after the change.
    fn destination_index<'g>(
        &self,
        graph: &'g MeshGraph,
        destination: &Identity,
    ) -> GraphIndex<'g> {
        let mut positions: Vec<usize> = (self.owners.iter())
            .filter(|o| o.kind == KindName::TrafficTarget.as_str())
            .filter_map(|origin| position(graph, origin).ok())
            .filter(|&at| graph.authorizations[at].destination == *destination)
            .collect();
        positions.sort_unstable();
        positions.dedup();
        graph.namespace_index(
            &destination.namespace,
            positions.into_iter().map(|at| &graph.authorizations[at]),
        )
    }
}

/// Inserts each of `new` into the sorted, deduplicated `held` where it sorts, unless it is
/// there already: a few insertions cost less than sorting everything held again.
pub(super) fn insert_sorted(held: &mut Vec<Diagnostic>, new: impl IntoIterator<Item = Diagnostic>) {
    for diagnostic in new {
        if let Err(position) = held.binary_search(&diagnostic) {
            held.insert(position, diagnostic);
        }
    }
}

/// Both ways an object's diagnostics may name it: as written, and in the namespace it is in.
pub(super) fn refs_of<'a>(
    objects: impl IntoIterator<Item = &'a smi_types::SmiObject>,
) -> BTreeSet<ObjectRef> {
    let mut refs = BTreeSet::new();
    for object in objects {
        let written = object.object_ref();
        refs.insert(written.clone().in_effective_namespace());
        refs.insert(written);
    }
    refs
}
