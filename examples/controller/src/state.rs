//! The controller's state and what it decides, with no IO: inputs in, actions out.

use crate::inputs::{INVENTORY_RESOURCES, InputEvent, SMI_RESOURCES, read_smi};
use crate::target::{BackendName, Resource};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::{Value, json};
use smi_translate::Options;
use smi_translate::backend::MANAGED_BY;
use smi_translate::incremental::{Compiler, InputKey, InputKind};
use smi_types::{Diagnostic, ObjectRef, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hash, Hasher};

/// The field manager of every server-side apply.
pub const FIELD_MANAGER: &str = "smi-rs";

/// The annotation holding an SMI object's conditions (JSON): the SMI CRDs define no status, so
/// the API server would prune a `status` the controller wrote.
pub const CONDITIONS_ANNOTATION: &str = "smi-rs.io/conditions";

/// One request the controller makes.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Server-side apply `body` (field manager [`FIELD_MANAGER`], forced).
    Apply {
        /// The resource.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// The whole object.
        body: Value,
    },
    /// Delete the object if it carries the [`MANAGED_BY`] label (read first: never delete what
    /// someone else owns).
    Delete {
        /// The resource.
        resource: Resource,
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// Create a `v1` Event (an existing one of the same name is left as it is).
    Event(Value),
}

/// Ready or Degraded, as written on an SMI object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// `Ready` or `Degraded`.
    pub type_: &'static str,
    /// The codes of the diagnostics about the object (empty when Ready).
    pub codes: Vec<&'static str>,
}

/// The controller's state.
#[derive(Debug)]
pub struct State {
    backend: BackendName,
    compiler: Compiler,
    /// SMI objects that cannot be read, with why: left out of the mesh, reported.
    unreadable: BTreeMap<InputKey, Vec<Diagnostic>>,
    /// Diagnostics already reported as Events.
    reported: BTreeSet<Diagnostic>,
    /// The condition last written on each SMI object.
    conditions: BTreeMap<InputKey, Condition>,
    /// Kinds being relisted, with the keys the list has returned so far.
    relisting: BTreeMap<InputKind, BTreeSet<InputKey>>,
}

impl State {
    /// A controller writing for `backend`, lowering with `options`.
    pub fn new(backend: BackendName, options: Options) -> State {
        State {
            backend,
            compiler: Compiler::new(options),
            unreadable: BTreeMap::new(),
            reported: BTreeSet::new(),
            conditions: BTreeMap::new(),
            relisting: BTreeMap::new(),
        }
    }

    /// Takes one watched change.
    pub fn handle(&mut self, event: InputEvent) {
        match event {
            InputEvent::Smi(mut object) => {
                object.metadata = without_volatile_fields(&object.metadata);
                let (key, read) = read_smi(&object);
                self.seen(&key);
                match read {
                    Ok((object, _warnings)) => {
                        self.unreadable.remove(&key);
                        self.compiler.upsert(object);
                    }
                    Err(diagnostics) => {
                        self.compiler.remove(&key);
                        self.unreadable.insert(key, diagnostics);
                    }
                }
            }
            InputEvent::SmiDeleted(key) => {
                self.compiler.remove(&key);
                self.unreadable.remove(&key);
                self.conditions.remove(&key);
            }
            InputEvent::Inventory(object) => {
                self.seen(&object.key());
                self.compiler.upsert_inventory(object);
            }
            InputEvent::InventoryDeleted(key) => {
                self.compiler.remove_inventory(&key);
            }
            InputEvent::RelistStarted(kind) => {
                self.relisting.insert(kind, BTreeSet::new());
            }
            InputEvent::RelistDone(kind) => {
                let Some(listed) = self.relisting.remove(&kind) else {
                    return;
                };
                let held: Vec<InputKey> = self
                    .compiler
                    .smi_objects()
                    .map(|(key, _)| key)
                    .chain(self.compiler.inventory_objects().map(|(key, _)| key))
                    .chain(self.unreadable.keys())
                    .filter(|key| key.kind == kind && !listed.contains(key))
                    .cloned()
                    .collect();
                for key in held {
                    let event = if matches!(kind, InputKind::Smi(_)) {
                        InputEvent::SmiDeleted(key)
                    } else {
                        InputEvent::InventoryDeleted(key)
                    };
                    self.handle(event);
                }
            }
        }
    }

    fn seen(&mut self, key: &InputKey) {
        if let Some(listed) = self.relisting.get_mut(&key.kind) {
            listed.insert(key.clone());
        }
    }

    /// What to do to bring the cluster to the current inputs: deletes, applies, Events for new
    /// diagnostics, and condition annotations that changed.
    pub fn plan(&mut self) -> Vec<Action> {
        let delta = self.backend.delta(&mut self.compiler);
        let mut actions = Vec::new();
        for key in &delta.delete {
            if let Some(resource) = self.backend.resource_of(key) {
                actions.push(Action::Delete {
                    resource: *resource,
                    namespace: key.namespace.clone(),
                    name: key.name.clone(),
                });
            }
        }
        for (key, text) in &delta.apply {
            let (Some(resource), Ok(body)) = (
                self.backend.resource_of(key),
                serde_json::from_str::<Value>(text),
            ) else {
                continue;
            };
            actions.push(Action::Apply {
                resource: *resource,
                namespace: key.namespace.clone(),
                name: key.name.clone(),
                body,
            });
        }
        let diagnostics = self.diagnostics();
        for diagnostic in &diagnostics {
            if !self.reported.contains(diagnostic)
                && let Some(event) = event(diagnostic)
            {
                actions.push(Action::Event(event));
            }
        }
        self.reported = diagnostics.iter().cloned().collect();
        actions.extend(self.condition_actions(&diagnostics));
        actions
    }

    /// Every current diagnostic: the compiler's and those of unreadable objects, sorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .compiler
            .diagnostics(self.backend_name())
            .iter()
            .chain(self.unreadable.values().flatten())
            .cloned()
            .collect();
        all.sort();
        all.dedup();
        all
    }

    fn backend_name(&self) -> &'static str {
        match self.backend {
            BackendName::Istio => "istio",
            BackendName::Linkerd => "linkerd",
            BackendName::Envoy => "envoy",
            BackendName::Gamma => "gamma",
        }
    }

    fn condition_actions(&mut self, diagnostics: &[Diagnostic]) -> Vec<Action> {
        let mut codes: BTreeMap<(String, String, String), Vec<&'static str>> = BTreeMap::new();
        for d in diagnostics {
            let o = &d.object;
            codes
                .entry((o.kind.clone(), o.namespace.clone(), o.name.clone()))
                .or_default()
                .push(d.code);
        }
        let keys: Vec<InputKey> = self
            .compiler
            .smi_objects()
            .map(|(key, _)| key.clone())
            .chain(self.unreadable.keys().cloned())
            .collect();
        let mut actions = Vec::new();
        for key in keys {
            let mut object_codes = codes
                .get(&(
                    key.kind.as_str().to_owned(),
                    key.namespace.clone(),
                    key.name.clone(),
                ))
                .cloned()
                .unwrap_or_default();
            object_codes.sort();
            object_codes.dedup();
            let condition = Condition {
                type_: if object_codes.is_empty() {
                    "Ready"
                } else {
                    "Degraded"
                },
                codes: object_codes,
            };
            if self.conditions.get(&key) == Some(&condition) {
                continue;
            }
            if let Some(action) = condition_action(&key, &condition) {
                actions.push(action);
            }
            self.conditions.insert(key, condition);
        }
        actions
    }
}

/// Metadata that changes with every write (resource version, managed fields, the condition
/// annotation) says nothing about the mesh: dropping it keeps a status write from recompiling.
fn without_volatile_fields(meta: &ObjectMeta) -> ObjectMeta {
    ObjectMeta {
        name: meta.name.clone(),
        namespace: meta.namespace.clone(),
        labels: meta.labels.clone(),
        ..ObjectMeta::default()
    }
}

/// The hub resource of an SMI kind.
fn smi_resource(kind: InputKind) -> Option<Resource> {
    SMI_RESOURCES
        .into_iter()
        .find(|r| matches!(kind, InputKind::Smi(k) if k.as_str() == r.kind))
}

fn condition_action(key: &InputKey, condition: &Condition) -> Option<Action> {
    let resource = smi_resource(key.kind)?;
    let (status, reason, message) = if condition.codes.is_empty() {
        (
            "True",
            "Compiled",
            "every part of this object is in the mesh configuration".to_owned(),
        )
    } else {
        (
            "False",
            "Diagnostics",
            format!("see this object's Events: {}", condition.codes.join(", ")),
        )
    };
    let conditions = json!([{
        "type": condition.type_,
        "status": if condition.type_ == "Ready" { status } else { "True" },
        "reason": reason,
        "message": message,
    }]);
    Some(Action::Apply {
        resource,
        namespace: key.namespace.clone(),
        name: key.name.clone(),
        body: json!({
            "apiVersion": resource.api_version(),
            "kind": resource.kind,
            "metadata": {
                "name": key.name,
                "namespace": key.namespace,
                "annotations": { CONDITIONS_ANNOTATION: conditions.to_string() },
            },
        }),
    })
}

/// The `v1` Event reporting `diagnostic` on its object; `None` when the object is of a kind the
/// controller does not know (the diagnostic is still in the conditions and the log).
pub fn event(diagnostic: &Diagnostic) -> Option<Value> {
    let ObjectRef {
        kind,
        namespace,
        name,
        ..
    } = &diagnostic.object;
    let resource = SMI_RESOURCES
        .iter()
        .chain(INVENTORY_RESOURCES.iter())
        .find(|r| r.kind == kind)?;
    let mut hasher = DefaultHasher::new();
    diagnostic.hash(&mut hasher);
    // Kubernetes has Normal and Warning; every diagnostic is something to look at.
    let type_ =
        if diagnostic.severity == Severity::Error || diagnostic.severity == Severity::Warning {
            "Warning"
        } else {
            "Normal"
        };
    let mut message = diagnostic.message.clone();
    if !diagnostic.path.is_empty() {
        message = format!("{}: {message}", diagnostic.path);
    }
    Some(json!({
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {
            "name": format!("{name}.smi-rs.{:016x}", hasher.finish()),
            "namespace": namespace,
            "labels": { MANAGED_BY.0: MANAGED_BY.1 },
        },
        "involvedObject": {
            "apiVersion": resource.api_version(),
            "kind": kind,
            "namespace": namespace,
            "name": name,
        },
        "reason": diagnostic.code,
        "message": message,
        "type": type_,
        "source": { "component": FIELD_MANAGER },
        "reportingComponent": FIELD_MANAGER,
    }))
}
