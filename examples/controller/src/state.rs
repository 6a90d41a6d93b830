//! The controller's state and what it decides, with no IO: inputs in, actions out.

use crate::inputs::{INVENTORY_RESOURCES, InputEvent, SMI_RESOURCES, read_smi, watched_kinds};
use crate::target::{BackendName, Resource};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::{Value, json};
use smi_translate::Options;
use smi_translate::backend::MANAGED_BY;
use smi_translate::incremental::{Compiler, InputKey, InputKind, OutputKey};
use smi_types::{Diagnostic, KindName, ObjectRef, Severity};
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
    /// List every object of `resource` carrying the [`MANAGED_BY`] label and delete those not
    /// in `keep`: what an earlier run wrote and the current inputs no longer produce.
    Prune {
        /// The resource.
        resource: Resource,
        /// Namespace and name of each object the compiler emits now.
        keep: BTreeSet<(String, String)>,
    },
}

/// Ready or Degraded, as written on an SMI object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// `Ready` or `Degraded`.
    pub type_: &'static str,
    /// The codes of the diagnostics about the object (empty when Ready).
    pub codes: Vec<&'static str>,
}

/// The clean-up of what an earlier run left behind, which must wait for the first list of every
/// watched kind: with part of the inventory missing, the compiler would not emit objects that
/// are still wanted, and they would be deleted.
#[derive(Debug)]
enum StartupCleanup {
    /// The kinds whose first list has not completed yet.
    Waiting(BTreeSet<InputKind>),
    /// Every first list has completed: the next plan prunes.
    Due,
    /// Pruned.
    Done,
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
    /// What the compiler emits now, with a hash of each object's body: retries are checked
    /// against it, and the startup clean-up keeps it.
    emitted: BTreeMap<OutputKey, u64>,
    startup_cleanup: StartupCleanup,
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
            emitted: BTreeMap::new(),
            startup_cleanup: StartupCleanup::Waiting(watched_kinds()),
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
                self.listed_once(kind);
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

    fn listed_once(&mut self, kind: InputKind) {
        if let StartupCleanup::Waiting(pending) = &mut self.startup_cleanup {
            pending.remove(&kind);
            if pending.is_empty() {
                self.startup_cleanup = StartupCleanup::Due;
            }
        }
    }

    fn seen(&mut self, key: &InputKey) {
        if let Some(listed) = self.relisting.get_mut(&key.kind) {
            listed.insert(key.clone());
        }
    }

    /// What to do to bring the cluster to the current inputs: deletes, applies, Events for new
    /// diagnostics, condition annotations that changed, and, once every watched kind has been
    /// listed, the pruning of what an earlier run left behind.
    pub fn plan(&mut self) -> Vec<Action> {
        let delta = self.backend.delta(&mut self.compiler);
        let mut actions = Vec::new();
        for key in &delta.delete {
            self.emitted.remove(key);
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
            self.emitted.insert(key.clone(), body_hash(&body));
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
        if matches!(self.startup_cleanup, StartupCleanup::Due) {
            self.startup_cleanup = StartupCleanup::Done;
            for resource in self.backend.outputs() {
                actions.push(Action::Prune {
                    resource: *resource,
                    keep: self.emitted_of(resource),
                });
            }
        }
        actions
    }

    /// `action` as it should be retried now, or `None` when it is stale: an apply of an object
    /// the compiler no longer emits, or emits in another version (that version's own apply
    /// carries it); a delete of an object emitted again; a condition that changed since. A
    /// prune keeps what is emitted now.
    pub fn current(&self, action: Action) -> Option<Action> {
        let fresh = match &action {
            Action::Apply {
                resource,
                namespace,
                name,
                body,
            } => {
                if self.backend.outputs().contains(resource) {
                    let key = output_key(resource, namespace, name);
                    self.emitted.get(&key) == Some(&body_hash(body))
                } else {
                    smi_key_of(resource, namespace, name)
                        .and_then(|key| {
                            let condition = self.conditions.get(&key)?;
                            condition_action(&key, condition)
                        })
                        .is_some_and(|now| now == action)
                }
            }
            Action::Delete {
                resource,
                namespace,
                name,
            } => !self
                .emitted
                .contains_key(&output_key(resource, namespace, name)),
            Action::Prune { resource, .. } => {
                return Some(Action::Prune {
                    resource: *resource,
                    keep: self.emitted_of(resource),
                });
            }
            Action::Event(_) => true,
        };
        fresh.then_some(action)
    }

    /// Namespace and name of every emitted object of `resource`.
    fn emitted_of(&self, resource: &Resource) -> BTreeSet<(String, String)> {
        self.emitted
            .keys()
            .filter(|key| self.backend.resource_of(key) == Some(resource))
            .map(|key| (key.namespace.clone(), key.name.clone()))
            .collect()
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

/// A hash of an object's body: enough to tell whether a retried apply is the latest version,
/// without holding every emitted object a second time.
fn body_hash(body: &Value) -> u64 {
    let mut hasher = DefaultHasher::new();
    body.to_string().hash(&mut hasher);
    hasher.finish()
}

fn output_key(resource: &Resource, namespace: &str, name: &str) -> OutputKey {
    OutputKey {
        api_version: resource.api_version(),
        kind: resource.kind.to_owned(),
        namespace: namespace.to_owned(),
        name: name.to_owned(),
    }
}

/// The input key of an SMI object of `resource`.
fn smi_key_of(resource: &Resource, namespace: &str, name: &str) -> Option<InputKey> {
    let kind = KindName::parse(resource.kind)?;
    Some(InputKey::new(InputKind::Smi(kind), namespace, name))
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
