//! One module per subcommand.

pub mod answer;
pub mod check;
pub mod compare;
pub mod conformance;
pub mod convert;
pub mod crds;
pub mod describe;
pub mod diff;
pub mod explain;
pub mod graph;
pub mod judging;
pub mod lowering;
pub mod translate;
pub mod validate;

use crate::input::Input;
use crate::report::{Located, Place, Reporter};
use smi_translate::Inventory;
use smi_types::load::{self, LoadOptions, Loaded, LoadedObject};
use smi_types::{Diagnostic, Object, ObjectRef, Related};
use std::collections::HashMap;

/// Every input, loaded.
pub struct Workspace {
    /// The inputs, in command-line order.
    pub inputs: Vec<Input>,
    /// What was loaded from each input.
    pub loaded: Vec<Loaded>,
    /// Places paths at lines, one per input.
    locators: Vec<load::Locator>,
    /// The loaded objects (input, index in its `loaded`) by object, namespaces read by the one
    /// namespace rule, in input order: built on the first [`Workspace::locate`], so placing
    /// each diagnostic looks up its object instead of scanning them all.
    by_object: std::cell::OnceCell<HashMap<ObjectRef, Vec<(usize, usize)>>>,
}

impl Workspace {
    /// Reads and loads the inputs named on the command line; prints why when they cannot be
    /// read (a usage error).
    pub fn from_args(
        args: &crate::InputArgs,
        report_pruned_fields: bool,
    ) -> Result<Workspace, crate::Outcome> {
        let (inputs, options) = read_args(args, report_pruned_fields)?;
        Ok(Workspace::load(inputs, &options))
    }

    /// Reads the inputs named on the command line and loads them, reading the inventory
    /// ([`Workspace::load_with_inventory`]) on the way; prints why when they cannot be read.
    pub fn from_args_with_inventory(
        args: &crate::InputArgs,
    ) -> Result<(Workspace, Inventory, Vec<Diagnostic>), crate::Outcome> {
        let (inputs, options) = read_args(args, false)?;
        Ok(Workspace::load_with_inventory(inputs, &options))
    }

    /// Loads every input.
    pub fn load(inputs: Vec<Input>, options: &LoadOptions) -> Workspace {
        let loaded = inputs
            .iter()
            .map(|input| load::load(&input.text, options))
            .collect();
        Workspace::new(inputs, loaded, Default::default())
    }

    /// Loads every input and reads the objects that are not SMI objects into an [`Inventory`]
    /// document by document, as [`Inventory::from_objects`] would read them all at the end: each
    /// manifest's untyped value is dropped once its typed object is read, so a large input is
    /// never held twice. The workspace keeps the SMI objects and, of the others, only what
    /// placing diagnostics needs ([`Workspace::locate`]); commands that write objects back
    /// ([`Workspace::admission`]) need them whole and load with [`Workspace::load`].
    pub fn load_with_inventory(
        inputs: Vec<Input>,
        options: &LoadOptions,
    ) -> (Workspace, Inventory, Vec<Diagnostic>) {
        let mut inventory = Inventory::new();
        let mut diagnostics = Vec::new();
        let mut by_object: HashMap<ObjectRef, Vec<(usize, usize)>> = HashMap::new();
        let loaded = inputs
            .iter()
            .enumerate()
            .map(|(input, text)| {
                let mut index = 0;
                load::load_each(&text.text, options, |loaded| {
                    by_object
                        .entry(object_ref(&loaded.object).in_effective_namespace())
                        .or_default()
                        .push((input, index));
                    index += 1;
                    if let Object::Other(manifest) = &mut loaded.object {
                        diagnostics.extend(inventory.add_manifest(std::mem::take(manifest)));
                    }
                })
            })
            .collect();
        let workspace = Workspace::new(inputs, loaded, by_object.into());
        (workspace, inventory, diagnostics)
    }

    fn new(
        inputs: Vec<Input>,
        loaded: Vec<Loaded>,
        by_object: std::cell::OnceCell<HashMap<ObjectRef, Vec<(usize, usize)>>>,
    ) -> Workspace {
        let locators = inputs
            .iter()
            .map(|input| load::Locator::new(&input.text))
            .collect();
        Workspace {
            inputs,
            loaded,
            locators,
            by_object,
        }
    }

    /// Every loaded object with the index of its input.
    pub fn objects(&self) -> impl Iterator<Item = (usize, &LoadedObject)> {
        self.loaded
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.objects.iter().map(move |o| (i, o)))
    }

    /// Every loaded SMI object, in input order.
    pub fn smi_objects(&self) -> impl Iterator<Item = &smi_types::SmiObject> {
        self.loaded.iter().flat_map(Loaded::smi_objects)
    }

    /// Calls `f` with every loaded SMI object side by side, in input order (what
    /// [`smi_translate::lower()`] takes), by moving them out of their slots for the call and back
    /// after it: a mesh's objects are not copied for it.
    pub fn with_smi_objects<R>(&mut self, f: impl FnOnce(&[smi_types::SmiObject]) -> R) -> R {
        let mut slots = Vec::new();
        let mut objects = Vec::new();
        for (input, loaded) in self.loaded.iter_mut().enumerate() {
            for (index, object) in loaded.objects.iter_mut().enumerate() {
                if matches!(object.object, Object::Smi(_)) {
                    let placeholder = Object::Other(serde_json::Value::Null);
                    if let Object::Smi(smi) = std::mem::replace(&mut object.object, placeholder) {
                        slots.push((input, index));
                        objects.push(*smi);
                    }
                }
            }
        }
        let result = f(&objects);
        for ((input, index), smi) in slots.into_iter().zip(objects) {
            self.loaded[input].objects[index].object = Object::Smi(Box::new(smi));
        }
        result
    }

    /// The YAML documents that placing `diagnostics` ([`Workspace::locate`]) reads and no
    /// look-up has parsed yet, each once: (input, start, text), for parsing them elsewhere and
    /// handing them back with [`Workspace::insert_parsed`].
    pub fn unparsed_documents(&self, diagnostics: &[Diagnostic]) -> Vec<(usize, usize, &str)> {
        let mut seen = std::collections::HashSet::new();
        let mut documents = Vec::new();
        for diagnostic in diagnostics {
            let wanted = diagnostic.object.clone().in_effective_namespace();
            for &(input, index) in self.by_object().get(&wanted).into_iter().flatten() {
                let object = &self.loaded[input].objects[index];
                let text = &self.inputs[input].text;
                if let Some((start, document)) =
                    self.locators[input].unparsed_document(text, object)
                    && seen.insert((input, start))
                {
                    documents.push((input, start, document));
                }
            }
        }
        documents
    }

    /// Adds documents parsed elsewhere, as [`Workspace::unparsed_documents`] named them.
    pub fn insert_parsed(&self, parsed: Vec<(usize, usize, load::DocumentLines)>) {
        for (input, start, lines) in parsed {
            self.locators[input].insert(start, lines);
        }
    }

    /// Where `diagnostic` is: the input object it names (namespaces read by the one namespace
    /// rule, [`smi_types::namespace_of`]). Of several objects with that kind, namespace and name,
    /// the [`Occurrence`](Related::Occurrence)s it relates to: the first is where it is, the others
    /// are the places it also concerns. A diagnostic about no input object is placed nowhere.
    pub fn locate<'a>(&'a self, diagnostic: &'a Diagnostic) -> Located<'a> {
        let wanted = diagnostic.object.clone().in_effective_namespace();
        let candidates: Vec<(usize, &LoadedObject)> = self
            .by_object()
            .get(&wanted)
            .into_iter()
            .flatten()
            .map(|&(input, object)| (input, &self.loaded[input].objects[object]))
            .collect();
        let place = |(input, object): (usize, &LoadedObject)| Place {
            file: &self.inputs[input].name,
            line: self.locators[input].locate(&self.inputs[input].text, object, &diagnostic.path),
            document: object.position.index,
        };
        let mut places: Vec<Place<'a>> = diagnostic
            .related
            .iter()
            .filter_map(|r| match r {
                Related::Occurrence(n) => candidates.get(*n).copied().map(place),
                _ => None,
            })
            .collect();
        if places.is_empty() {
            places.extend(candidates.first().copied().map(place));
        }
        let mut places = places.into_iter();
        match places.next() {
            Some(first) => Located {
                also: places.collect(),
                ..Located::at(diagnostic, first)
            },
            None => Located::at(
                diagnostic,
                Place {
                    file: "(not an input object)",
                    line: 0,
                    document: 0,
                },
            ),
        }
    }

    fn by_object(&self) -> &HashMap<ObjectRef, Vec<(usize, usize)>> {
        self.by_object.get_or_init(|| {
            let mut by_object: HashMap<ObjectRef, Vec<(usize, usize)>> = HashMap::new();
            for (input, loaded) in self.loaded.iter().enumerate() {
                for (index, object) in loaded.objects.iter().enumerate() {
                    by_object
                        .entry(object_ref(&object.object).in_effective_namespace())
                        .or_default()
                        .push((input, index));
                }
            }
            by_object
        })
    }

    /// The objects that are not SMI objects (passed through) which a later object with the same
    /// apiVersion group, kind, namespace and name replaces, by position in [`Self::objects`],
    /// each with its `duplicate-object` error.
    pub fn replaced_pass_through_objects(&self) -> Vec<(usize, Diagnostic)> {
        let mut by_group: std::collections::BTreeMap<&str, Vec<(usize, ObjectRef)>> =
            Default::default();
        for (position, (_, loaded)) in self.objects().enumerate() {
            if let Object::Other(value) = &loaded.object {
                let api_version = value
                    .get("apiVersion")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default();
                let group = api_version.rsplit_once('/').map_or("", |(group, _)| group);
                by_group
                    .entry(group)
                    .or_default()
                    .push((position, object_ref(&loaded.object)));
            }
        }
        let mut out = Vec::new();
        for objects in by_group.values() {
            let refs: Vec<ObjectRef> = objects.iter().map(|(_, r)| r.clone()).collect();
            out.extend(
                smi_types::validate::superseded(&refs)
                    .into_iter()
                    .map(|(i, diagnostic)| (objects[i].0, diagnostic)),
            );
        }
        out.sort_by_key(|(position, _)| *position);
        out
    }

    /// Which objects (by position in [`Self::objects`]) a command that writes objects back
    /// writes: the SMI objects lowering would use ([`smi_types::validate::admit`]: valid, not
    /// replaced by a later copy) and the other objects no later copy replaces; with the errors
    /// that refuse the rest.
    pub fn admission(&self) -> (Vec<bool>, Vec<Diagnostic>) {
        let positions: Vec<usize> = self
            .objects()
            .enumerate()
            .filter(|(_, (_, o))| matches!(o.object, Object::Smi(_)))
            .map(|(position, _)| position)
            .collect();
        let smi = self.objects().filter_map(|(_, o)| match &o.object {
            Object::Smi(s) => Some(&**s),
            Object::Other(_) => None,
        });
        let admission = smi_types::validate::admit(smi);
        let mut admitted = vec![true; self.objects().count()];
        for (&position, &used) in positions.iter().zip(&admission.admitted) {
            admitted[position] = used;
        }
        let mut diagnostics = admission.diagnostics;
        for (position, diagnostic) in self.replaced_pass_through_objects() {
            admitted[position] = false;
            diagnostics.push(diagnostic);
        }
        (admitted, diagnostics)
    }

    /// Reports every load problem.
    pub fn report_load_problems(&self, reporter: &mut Reporter) {
        for (input, loaded) in self.inputs.iter().zip(&self.loaded) {
            if let Some(why) = &input.unreadable {
                let diagnostic =
                    Diagnostic::error(load::codes::NOT_UTF8, Default::default(), "", why.clone())
                        .with_help("Kubernetes manifests are UTF-8 YAML or JSON");
                reporter.report(&Located::at(
                    &diagnostic,
                    Place {
                        file: &input.name,
                        line: 1,
                        document: 0,
                    },
                ));
            }
            for problem in &loaded.problems {
                reporter.report(&Located::at(
                    &problem.diagnostic,
                    Place {
                        file: &input.name,
                        line: problem.line,
                        document: problem.position.index,
                    },
                ));
            }
        }
    }
}

/// The inputs named on the command line, and how to load them; prints why when they cannot be
/// read (a usage error).
fn read_args(
    args: &crate::InputArgs,
    report_pruned_fields: bool,
) -> Result<(Vec<Input>, LoadOptions), crate::Outcome> {
    let inputs = crate::input::read_all(&args.paths, args.max_input_bytes).map_err(|e| {
        eprintln!("error: {e}");
        crate::Outcome::UsageError
    })?;
    let mut options = args
        .assume_api_version
        .iter()
        .fold(LoadOptions::default(), |options, api_version| {
            options.assume_api_version(*api_version)
        })
        .report_pruned_fields(report_pruned_fields)
        .parse_threads(parse_threads())
        .limits(
            load::Limits::default()
                .documents(args.max_documents)
                .json_nodes(args.max_json_nodes),
        );
    if let Some(namespace) = &args.namespace {
        options = options.namespace(namespace);
    }
    Ok((inputs, options))
}

/// Threads that parse YAML documents ahead of the loader: one per core, at most
/// [`MAX_PARSE_THREADS`].
pub(crate) fn parse_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_PARSE_THREADS))
}

/// Parsing is about three quarters of loading (docs/performance.md): past four parsing threads
/// the one thread reading their documents into objects is what everything waits for.
const MAX_PARSE_THREADS: usize = 4;

/// `kind namespace/name` of a loaded object, SMI or not.
fn object_ref(object: &Object) -> ObjectRef {
    match object {
        Object::Smi(s) => s.object_ref(),
        Object::Other(value) => {
            let text = |object: Option<&serde_json::Value>, field: &str| {
                object
                    .and_then(|m| m.get(field))
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let meta = value.get("metadata");
            ObjectRef::new(
                text(Some(value), "kind"),
                text(meta, "namespace"),
                text(meta, "name"),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, text: &str) -> Input {
        Input {
            name: name.into(),
            text: text.into(),
            unreadable: None,
        }
    }

    #[test]
    fn smi_objects_lent_side_by_side_come_back_to_their_slots() {
        let split = |name: &str| {
            format!(
                "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: {name}\nspec:\n  service: web\n  backends:\n  - service: b\n    weight: 1\n"
            )
        };
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n";
        let inputs = vec![
            input(
                "a.yaml",
                &format!("{}---\n{service}---\n{}", split("s1"), split("s2")),
            ),
            input("b.yaml", &format!("{service}---\n{}", split("s3"))),
        ];
        let mut workspace = Workspace::load(inputs, &LoadOptions::default());
        let before = workspace.loaded.clone();
        let names = workspace
            .with_smi_objects(|smi| smi.iter().map(|o| o.object_ref().name).collect::<Vec<_>>());
        assert_eq!(names, ["s1", "s2", "s3"]);
        assert_eq!(workspace.loaded, before);
    }
}
