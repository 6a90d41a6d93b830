//! The suite's files read as kuttl reads them: test cases (one directory each) of numbered
//! steps, and the objects installed in the case's namespace as the steps run.
//!
//! kuttl's rules, as the suite uses them:
//!
//! - A test case is a directory; its files `NN-<name>.yaml` with the same `NN` form step `NN`,
//!   run in order. `NN-assert.yaml` lists objects that must exist (fields as written),
//!   `NN-errors.yaml` objects that must not; any other file is applied, except a kuttl
//!   `TestStep` document, whose `delete` list is deleted. Meshery's runner (its fork of kuttl)
//!   also runs a Go-coded check registered under the step's `<name>` (`03-trafficDefault.yaml`
//!   → `trafficDefault`), see [`super::checks`].
//! - Every test case runs in a namespace of its own, created for it and shared by all its steps;
//!   the runner replaces the placeholder [`NAMESPACE_PLACEHOLDER`] in every manifest by that
//!   namespace before applying or asserting it. kuttl names it `kuttl-test-<two random words>`;
//!   here it is [`namespace_of`] the case, so reports are reproducible.

use serde_json::Value;
use smi_types::load::{LoadOptions, Problem, load};
use smi_types::{Object, ObjectRef};
use std::collections::BTreeMap;

/// The placeholder the suite writes for the test case's namespace.
pub const NAMESPACE_PLACEHOLDER: &str = "<NAMESPACE>";

/// The namespace the steps of test case `case` run in.
pub fn namespace_of(case: &str) -> String {
    format!("kuttl-test-{case}")
}

/// One file of the suite: its path under the suite root (`traffic-access/02-install.yaml`) and
/// its text.
#[derive(Clone, Copy, Debug)]
pub struct SuiteFile<'a> {
    /// `<case>/<NN>-<name>.yaml`.
    pub path: &'a str,
    /// The file as upstream ships it (placeholder not substituted).
    pub text: &'a str,
}

/// What one file of a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Apply these documents (the placeholder substituted).
    Apply(String),
    /// Delete these objects (a kuttl `TestStep` with `delete`).
    Delete(Vec<ObjectRef>),
    /// These objects must exist.
    Assert(String),
    /// These objects must not exist.
    Errors(String),
    /// Run the runner's Go-coded check of this name.
    Check(String),
}

/// One file of a step and what it does.
#[derive(Clone, Debug, PartialEq)]
pub struct StepFile {
    /// The file name (`04-install.yaml`).
    pub file: String,
    /// What it does.
    pub action: Action,
}

/// A numbered step of a test case.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// `NN`.
    pub index: u32,
    /// Its files, in kuttl's order: applied and deleted, checked, asserted (then by name).
    pub files: Vec<StepFile>,
}

/// A test case: a directory of steps, run in one namespace.
#[derive(Clone, Debug, PartialEq)]
pub struct Case {
    /// The directory (`traffic-access`).
    pub name: String,
    /// The namespace its steps run in.
    pub namespace: String,
    /// Its steps, in order.
    pub steps: Vec<Step>,
}

/// Reads the suite's files into test cases, in name order; a file whose name does not start
/// with a step number is ignored, as kuttl ignores it.
pub fn read(files: &[SuiteFile<'_>]) -> Vec<Case> {
    let mut cases: BTreeMap<&str, BTreeMap<u32, Vec<StepFile>>> = BTreeMap::new();
    for f in files {
        let Some((case, file)) = f.path.rsplit_once('/') else {
            continue;
        };
        let Some((number, rest)) = file.split_once('-') else {
            continue;
        };
        let Ok(index) = number.parse::<u32>() else {
            continue;
        };
        let name = rest.trim_end_matches(".yaml").trim_end_matches(".yml");
        let text = f.text.replace(
            NAMESPACE_PLACEHOLDER,
            &namespace_of(case.rsplit('/').next().unwrap_or(case)),
        );
        let action = match name {
            "assert" => Action::Assert(text),
            "errors" => Action::Errors(text),
            _ => test_step(&text).unwrap_or_else(|| {
                if name == "install" {
                    Action::Apply(text)
                } else {
                    Action::Apply(text).check_named(name)
                }
            }),
        };
        cases
            .entry(case)
            .or_default()
            .entry(index)
            .or_default()
            .push(StepFile {
                file: file.to_owned(),
                action,
            });
    }
    cases
        .into_iter()
        .map(|(case, steps)| {
            let name = case.rsplit('/').next().unwrap_or(case).to_owned();
            Case {
                namespace: namespace_of(&name),
                name,
                steps: steps
                    .into_iter()
                    .map(|(index, mut files)| {
                        files.sort_by(|a, b| {
                            (a.action.order(), &a.file).cmp(&(b.action.order(), &b.file))
                        });
                        Step { index, files }
                    })
                    .collect(),
            }
        })
        .collect()
}

impl Action {
    /// kuttl's order within a step: apply and delete, then the check, then the asserts.
    fn order(&self) -> u8 {
        match self {
            Action::Apply(_) | Action::Delete(_) => 0,
            Action::Check(_) => 1,
            Action::Assert(_) | Action::Errors(_) => 2,
        }
    }

    /// A file applied under a name other than `install`: if it holds nothing but an empty kuttl
    /// `TestStep`, it only triggers the check of that name.
    fn check_named(self, name: &str) -> Action {
        match self {
            Action::Apply(text) if is_bare_test_step(&text) => Action::Check(name.to_owned()),
            other => other,
        }
    }
}

/// Every document of `text` as written, whether or not it is a valid object (an assert may name
/// an object that could not be installed). A file that is not YAML has none.
fn documents(text: &str) -> Vec<Value> {
    serde_saphyr::from_multiple::<Value>(text)
        .unwrap_or_default()
        .into_iter()
        .filter(|v| !v.is_null())
        .collect()
}

fn is_test_step(v: &Value) -> bool {
    v.get("kind").and_then(Value::as_str) == Some("TestStep")
}

/// A file that is one kuttl `TestStep` and nothing else.
fn is_bare_test_step(text: &str) -> bool {
    let docs = documents(text);
    docs.len() == 1 && is_test_step(&docs[0]) && docs[0].get("delete").is_none()
}

/// A `TestStep` with a `delete` list: the objects it deletes.
fn test_step(text: &str) -> Option<Action> {
    let docs = documents(text);
    let [step] = docs.as_slice() else {
        return None;
    };
    if !is_test_step(step) {
        return None;
    }
    let delete = step.get("delete")?.as_array()?;
    Some(Action::Delete(
        delete
            .iter()
            .map(|d| {
                let field = |f: &str| d.get(f).and_then(Value::as_str).unwrap_or_default();
                ObjectRef::new(field("kind"), field("namespace"), field("name"))
            })
            .collect(),
    ))
}

/// The objects installed in a namespace so far, by kind, namespace and name (a later apply of
/// the same object replaces it).
#[derive(Clone, Debug, Default)]
pub struct Installed {
    objects: BTreeMap<(String, String, String), Object>,
}

/// Whether an asserted object is there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Installed by an earlier step.
    Installed,
    /// Not installed.
    Missing,
    /// Cluster state (a CRD, a Deployment's status): not known offline.
    ClusterState,
}

/// `(kind, namespace, name)` of an object.
fn key(object: &Object) -> (String, String, String) {
    let r = match object {
        Object::Smi(s) => s.object_ref(),
        Object::Other(v) => raw_ref(v),
    };
    (r.kind, r.namespace, r.name)
}

/// `kind namespace/name` of a raw document.
fn raw_ref(v: &Value) -> ObjectRef {
    let field = |o: Option<&Value>, f: &str| {
        o.and_then(|m| m.get(f))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let meta = v.get("metadata");
    ObjectRef::new(
        field(Some(v), "kind"),
        field(meta, "namespace"),
        field(meta, "name"),
    )
}

impl Installed {
    /// Applies `text`; returns what loading it reported (a document that does not load is not
    /// installed, as a cluster would reject or prune it).
    pub fn apply(&mut self, text: &str) -> Vec<Problem> {
        let loaded = load(text, &LoadOptions::default().report_pruned_fields(true));
        for o in loaded.objects {
            self.objects.insert(key(&o.object), o.object);
        }
        loaded.problems
    }

    /// Deletes the objects `refs` names; returns those that were not there.
    pub fn delete(&mut self, refs: &[ObjectRef]) -> Vec<ObjectRef> {
        refs.iter()
            .filter(|r| {
                self.objects
                    .remove(&(r.kind.clone(), r.namespace.clone(), r.name.clone()))
                    .is_none()
            })
            .cloned()
            .collect()
    }

    /// Whether each object of `text` is installed. CustomResourceDefinitions and documents
    /// that assert a `status` describe the cluster, which only a cluster can say.
    pub fn presence(&self, text: &str) -> Vec<(ObjectRef, Presence)> {
        documents(text)
            .iter()
            .map(|v| {
                let r = raw_ref(v);
                let presence = if r.kind == "CustomResourceDefinition" || v.get("status").is_some()
                {
                    Presence::ClusterState
                } else if self.objects.contains_key(&(
                    r.kind.clone(),
                    r.namespace.clone(),
                    r.name.clone(),
                )) {
                    Presence::Installed
                } else {
                    Presence::Missing
                };
                (r, presence)
            })
            .collect()
    }

    /// Every installed object.
    pub fn objects(&self) -> impl Iterator<Item = &Object> {
        self.objects.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: &[SuiteFile<'static>] = &[
        SuiteFile {
            path: "demo/02-install.yaml",
            text: "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: <NAMESPACE>}\n",
        },
        SuiteFile {
            path: "demo/03-trafficDefault.yaml",
            text: "apiVersion: kudo.dev/v1alpha1\nkind: TestStep",
        },
        SuiteFile {
            path: "demo/04-install.yaml",
            text: "apiVersion: kudo.dev/v1alpha1\nkind: TestStep\ndelete:\n- {apiVersion: v1, kind: ServiceAccount, namespace: <NAMESPACE>, name: a}\n",
        },
        SuiteFile {
            path: "demo/04-errors.yaml",
            text: "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: a, namespace: <NAMESPACE>}\n",
        },
        SuiteFile {
            path: "demo/Tests.md",
            text: "ignored",
        },
    ];

    #[test]
    fn steps_are_numbered_files_with_the_namespace_substituted() {
        let cases = read(FILES);
        assert_eq!(cases.len(), 1);
        let case = &cases[0];
        assert_eq!(case.namespace, "kuttl-test-demo");
        let indices: Vec<u32> = case.steps.iter().map(|s| s.index).collect();
        assert_eq!(indices, vec![2, 3, 4]);
        assert_eq!(
            case.steps[1].files[0].action,
            Action::Check("trafficDefault".into())
        );
        let Action::Apply(text) = &case.steps[0].files[0].action else {
            panic!("an apply");
        };
        assert!(text.contains("namespace: kuttl-test-demo"), "{text}");
        // Step 04: the delete, then the errors file (kuttl's order, not the names').
        assert_eq!(
            case.steps[2].files[0].action,
            Action::Delete(vec![ObjectRef::new(
                "ServiceAccount",
                "kuttl-test-demo",
                "a"
            )])
        );
        assert!(matches!(case.steps[2].files[1].action, Action::Errors(_)));
    }

    #[test]
    fn installed_objects_are_applied_deleted_and_asserted() {
        let cases = read(FILES);
        let mut installed = Installed::default();
        let Action::Apply(text) = &cases[0].steps[0].files[0].action else {
            panic!("an apply");
        };
        assert!(installed.apply(text).is_empty());
        assert_eq!(installed.presence(text)[0].1, Presence::Installed);
        let gone = ObjectRef::new("ServiceAccount", "kuttl-test-demo", "a");
        assert!(installed.delete(std::slice::from_ref(&gone)).is_empty());
        assert_eq!(
            installed.presence(text),
            vec![(gone.clone(), Presence::Missing)]
        );
        assert_eq!(installed.delete(std::slice::from_ref(&gone)), vec![gone]);
    }
}
