//! A backend's output held serialised, and the difference between two outputs.

use super::keys::{Keyed, OutputKey};
use crate::backend::Backend;
use crate::graph::{Diagnostic, MeshGraph};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A backend's output: each object's key and JSON text, in the backend's order, and every
/// diagnostic (the graph's and the backend's), sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// The emitted objects, as `serde_json::to_string` writes them.
    pub objects: Vec<(OutputKey, String)>,
    /// Diagnostics, sorted and deduplicated.
    pub diagnostics: Vec<Diagnostic>,
}

impl Output {
    /// Emits `graph` with `backend` and serialises the objects.
    pub fn emit<B>(graph: &MeshGraph, backend: &B) -> Output
    where
        B: Backend,
        B::Output: Keyed,
    {
        let emitted = backend.emit(graph);
        let objects = emitted
            .objects
            .iter()
            .map(|object| (object.output_key(), to_json(object)))
            .collect();
        let mut diagnostics = graph.all_diagnostics();
        diagnostics.extend(emitted.diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        Output {
            objects,
            diagnostics,
        }
    }

    /// The objects by key (a later object with a key already seen replaces it, as applying
    /// them in order would).
    pub fn by_key(&self) -> BTreeMap<&OutputKey, &str> {
        self.objects
            .iter()
            .map(|(key, text)| (key, text.as_str()))
            .collect()
    }
}

pub(super) fn to_json<T: serde::Serialize>(object: &T) -> String {
    // The output types are plain structs with string keys: serialising them cannot fail.
    serde_json::to_string(object).expect("emitted objects serialise to JSON")
}

/// What changed in a backend's output between two calls of
/// [`Compiler::delta`](super::Compiler::delta).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Delta {
    /// Objects that are new or changed, in the backend's order, as JSON text.
    pub apply: Vec<(OutputKey, String)>,
    /// Keys of objects no longer emitted, in the order they were emitted.
    pub delete: Vec<OutputKey>,
    /// Diagnostics that appeared, sorted.
    pub diagnostics_added: Vec<Diagnostic>,
    /// Diagnostics that went away, sorted.
    pub diagnostics_removed: Vec<Diagnostic>,
}

impl Delta {
    /// The change from `before` to `after`.
    pub fn between(before: &Output, after: &Output) -> Delta {
        let old = before.by_key();
        let new = after.by_key();
        let mut applied = BTreeSet::new();
        let apply = after
            .objects
            .iter()
            .filter(|(key, _)| {
                let (key, text) = (key, new[key]);
                old.get(key) != Some(&text) && applied.insert(key)
            })
            .map(|(key, _)| (key.clone(), new[key].to_owned()))
            .collect();
        let mut deleted = BTreeSet::new();
        let delete = before
            .objects
            .iter()
            .map(|(key, _)| key)
            .filter(|key| !new.contains_key(key) && deleted.insert(*key))
            .cloned()
            .collect();
        let old_diagnostics: BTreeSet<&Diagnostic> = before.diagnostics.iter().collect();
        let new_diagnostics: BTreeSet<&Diagnostic> = after.diagnostics.iter().collect();
        Delta {
            apply,
            delete,
            diagnostics_added: new_diagnostics
                .difference(&old_diagnostics)
                .map(|d| (*d).clone())
                .collect(),
            diagnostics_removed: old_diagnostics
                .difference(&new_diagnostics)
                .map(|d| (*d).clone())
                .collect(),
        }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.apply.is_empty()
            && self.delete.is_empty()
            && self.diagnostics_added.is_empty()
            && self.diagnostics_removed.is_empty()
    }

    /// Applies this delta to objects by key, as a cluster would: deletes, then applies.
    pub fn apply_to(&self, objects: &mut BTreeMap<OutputKey, String>) {
        for key in &self.delete {
            objects.remove(key);
        }
        for (key, text) in &self.apply {
            objects.insert(key.clone(), text.clone());
        }
    }
}

/// A backend's output as the compiler holds it: the output, the generation of the inputs it is
/// of, and (built when first asked) where each object is.
#[derive(Debug)]
pub(super) struct HeldOutput {
    pub(super) output: Output,
    pub(super) generation: u64,
    /// Each object's position, of the keys emitted once.
    positions: Option<HashMap<OutputKey, usize>>,
}

impl HeldOutput {
    pub(super) fn new(output: Output, generation: u64) -> HeldOutput {
        HeldOutput {
            output,
            generation,
            positions: None,
        }
    }

    /// Where the one object with `key` is; `None` if there is none, or more than one.
    pub(super) fn position(&mut self, key: &OutputKey) -> Option<usize> {
        let objects = &self.output.objects;
        let positions = self.positions.get_or_insert_with(|| {
            let mut positions = HashMap::with_capacity(objects.len());
            let mut repeated = Vec::new();
            for (position, (key, _)) in objects.iter().enumerate() {
                if positions.insert(key.clone(), position).is_some() {
                    repeated.push(key);
                }
            }
            for key in repeated {
                positions.remove(key);
            }
            positions
        });
        positions.get(key).copied()
    }
}
