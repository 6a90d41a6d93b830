//! [`diff`]: what changed between two graphs, by meaning.

use super::edges::{self, AccessEdge, SplitView};
use crate::graph::{Diagnostic, MeshGraph, ServiceId};
use std::collections::{BTreeMap, BTreeSet};

/// What changed from one graph to another: access edges, split ports and diagnostics.
///
/// Edges and splits are compared by what they admit and where they send, never by the names of
/// the objects that say so: reordering documents or renaming a TrafficTarget changes nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphDiff {
    /// Edges only the new graph has (each a widening: the old graph denied all of it).
    pub added: Vec<AccessEdge>,
    /// Edges only the old graph has.
    pub removed: Vec<AccessEdge>,
    /// Edges both have that admit different requests.
    pub changed: Vec<EdgeChange>,
    /// Split ports that appeared, disappeared, or changed condition or shares.
    pub splits: Vec<SplitChange>,
    /// Diagnostics that appeared or disappeared.
    pub diagnostics: Vec<DiagnosticChange>,
}

/// An edge whose admitted requests changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeChange {
    /// Before.
    pub old: AccessEdge,
    /// After.
    pub new: AccessEdge,
    /// Whether the new edge may admit a request the old one denied. Answered soundly: `false`
    /// only when inclusion is proved (for example a narrower path under the same prefix).
    pub widens: bool,
}

/// A split port that changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitChange {
    /// The root Service.
    pub root: ServiceId,
    /// The root port.
    pub port: u16,
    /// Before (`None`: not split).
    pub old: Option<SplitView>,
    /// After (`None`: not split).
    pub new: Option<SplitView>,
}

/// A diagnostic of one graph that the other lacks.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DiagnosticChange {
    /// Only the new graph reports it.
    Appeared(Diagnostic),
    /// Only the old graph reports it.
    Disappeared(Diagnostic),
}

impl GraphDiff {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.splits.is_empty()
            && self.diagnostics.is_empty()
    }

    /// The new edges that may admit requests the old graph denied.
    pub fn widenings(&self) -> Vec<&AccessEdge> {
        self.added
            .iter()
            .chain(self.changed.iter().filter(|c| c.widens).map(|c| &c.new))
            .collect()
    }

    /// Whether any request the old graph denies may be allowed by the new one.
    pub fn widens(&self) -> bool {
        !self.widenings().is_empty()
    }
}

/// Compares `old` with `new`.
pub fn diff(old: &MeshGraph, new: &MeshGraph) -> GraphDiff {
    let (old_edges, new_edges) = (old.access_edges(), new.access_edges());
    let (old_by_key, new_by_key) = (edges::by_key(&old_edges), edges::by_key(&new_edges));
    let mut result = GraphDiff::default();
    for (key, edge) in &new_by_key {
        match old_by_key.get(key) {
            None => result.added.push((*edge).clone()),
            Some(before) if before.meaning() != edge.meaning() => {
                result.changed.push(EdgeChange {
                    old: (*before).clone(),
                    new: (*edge).clone(),
                    widens: !edges::within(edge, Some(before)),
                });
            }
            Some(_) => {}
        }
    }
    result.removed = old_by_key
        .iter()
        .filter(|(key, _)| !new_by_key.contains_key(*key))
        .map(|(_, edge)| (*edge).clone())
        .collect();
    result.splits = split_changes(&old.split_views(), &new.split_views());
    let (before, after): (BTreeSet<Diagnostic>, BTreeSet<Diagnostic>) = (
        old.all_diagnostics().into_iter().collect(),
        new.all_diagnostics().into_iter().collect(),
    );
    result.diagnostics = after
        .difference(&before)
        .cloned()
        .map(DiagnosticChange::Appeared)
        .chain(
            before
                .difference(&after)
                .cloned()
                .map(DiagnosticChange::Disappeared),
        )
        .collect();
    result.diagnostics.sort();
    result
}

fn split_changes(old: &[SplitView], new: &[SplitView]) -> Vec<SplitChange> {
    let index = |views: &[SplitView]| -> BTreeMap<(ServiceId, u16), SplitView> {
        views
            .iter()
            .map(|v| ((v.root.clone(), v.port), v.clone()))
            .collect()
    };
    let (mut old, mut new) = (index(old), index(new));
    let keys: BTreeSet<(ServiceId, u16)> = old.keys().chain(new.keys()).cloned().collect();
    keys.into_iter()
        .filter_map(|key| {
            let (before, after) = (old.remove(&key), new.remove(&key));
            let same = match (&before, &after) {
                (Some(b), Some(a)) => b.meaning() == a.meaning(),
                _ => false,
            };
            (!same).then_some(SplitChange {
                root: key.0,
                port: key.1,
                old: before,
                new: after,
            })
        })
        .collect()
}
