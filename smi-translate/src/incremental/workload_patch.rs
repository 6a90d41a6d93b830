//! A workload (Deployment, StatefulSet, DaemonSet, ReplicaSet or Pod) or a ServiceAccount
//! added, changed or removed, patched into the held graph without lowering the rest of the
//! mesh.
//!
//! A workload is lowered again alone. The Services of its namespace that select it before or
//! after take it out or in; the identities it runs as before and after are counted, and when
//! one starts or stops running, the warnings about the authorizations protecting it are said
//! again. Splits and authorizations do not read workloads. What it reaches is the protection
//! of the identities it runs as, and of every identity of its namespace with a workload whose
//! pod labels its own include, before or after (their policies' selectors may now take its
//! pods too). A ServiceAccount only counts its identity in or out.

use super::InventoryObject;
use super::keys::{InputKey, InputKind};
use super::lowered::{Lowered, position};
use super::patch::{Patch, Replaced, insert_sorted};
use crate::graph::{Identity, ServiceId, Workload, WorkloadId, WorkloadKind};
use crate::inventory::Inventory;
use crate::lower::{Options, lower_workloads, selects, unprotected_destination};
use std::collections::{BTreeMap, BTreeSet};

/// The workload kind of an input kind, if it is one.
fn workload_kind(kind: InputKind) -> Option<WorkloadKind> {
    match kind {
        InputKind::Deployment => Some(WorkloadKind::Deployment),
        InputKind::StatefulSet => Some(WorkloadKind::StatefulSet),
        InputKind::DaemonSet => Some(WorkloadKind::DaemonSet),
        InputKind::ReplicaSet => Some(WorkloadKind::ReplicaSet),
        InputKind::Pod => Some(WorkloadKind::Pod),
        _ => None,
    }
}

/// Patches the held graph (lowered from the inputs before the change) for the inventory object
/// under `key` replaced by the one `inventory` now holds (none: it is removed). `None`, with
/// the graph untouched, for kinds other than workloads and ServiceAccounts.
pub(super) fn patch_inventory(
    lowered: &mut Lowered,
    inventory: &BTreeMap<InputKey, InventoryObject>,
    key: &InputKey,
    had_before: bool,
    options: &Options,
) -> Option<Patch> {
    if key.kind == InputKind::ServiceAccount {
        return Some(patch_service_account(lowered, key, had_before, inventory));
    }
    let kind = workload_kind(key.kind)?;
    let id = WorkloadId {
        kind,
        namespace: key.namespace.clone(),
        name: key.name.clone(),
    };
    let after = inventory.get(key).and_then(|object| {
        let mut alone = Inventory::new();
        object.add_to(&mut alone);
        lower_workloads(&alone, options).pop()
    });
    let graph = &mut lowered.graph;
    let before = graph.workloads.get(&id).cloned();
    if before == after {
        // Nothing lowering reads of it changed (replicas, say).
        return Some(Patch::default());
    }
    let labels = |w: &Option<Workload>| w.as_ref().map(|w| w.pod_labels.clone());
    let (labels_before, labels_after) = (labels(&before), labels(&after));
    let identities: BTreeSet<Identity> = (before.iter().chain(&after))
        .map(|w| w.identity.clone())
        .collect();

    let mut replaced = Vec::new();
    let services = (inventory.range(InputKey::new(InputKind::Service, &key.namespace, "")..))
        .take_while(|(k, _)| k.kind == InputKind::Service && k.namespace == key.namespace);
    for (service_key, object) in services {
        let InventoryObject::Service(service) = object else {
            continue;
        };
        let id_of = ServiceId::new(&key.namespace, &service_key.name);
        if !graph.services.contains_key(&id_of) {
            continue;
        }
        let selected = |labels: &Option<BTreeMap<String, String>>| {
            labels.as_ref().is_some_and(|l| selects(service, l))
        };
        if selected(&labels_before) != selected(&labels_after) {
            replaced.push(Replaced::Selection {
                service: id_of,
                workload: id.clone(),
            });
        }
    }

    // Another workload's policy selects by its pod labels: pods of this one whose labels
    // include them are taken too, which its backend must refuse.
    let included = |other: &Workload| {
        !other.pod_labels.is_empty()
            && [&labels_before, &labels_after]
                .into_iter()
                .flatten()
                .any(|l| (other.pod_labels.iter()).all(|(k, v)| l.get(k) == Some(v)))
    };
    let mut destinations = identities.clone();
    destinations.extend(
        graph
            .namespace_index(&key.namespace, [])
            .workloads_in(&key.namespace)
            .iter()
            .filter(|other| other.id != id && included(other))
            .map(|other| other.identity.clone())
            .filter(|identity| lowered.counts.protecting(identity).next().is_some()),
    );

    let ran: Vec<bool> = (identities.iter())
        .map(|i| lowered.counts.runs(i))
        .collect();
    if let Some(w) = &before {
        lowered
            .counts
            .running(&w.identity, false, &mut graph.identities);
    }
    if let Some(w) = &after {
        lowered
            .counts
            .running(&w.identity, true, &mut graph.identities);
    }
    for (identity, ran) in identities.iter().zip(ran) {
        if ran == lowered.counts.runs(identity) {
            continue;
        }
        for origin in lowered.counts.protecting(identity) {
            let Ok(at) = position(graph, origin) else {
                continue;
            };
            let warning = unprotected_destination(&graph.authorizations[at]);
            if ran {
                insert_sorted(&mut graph.diagnostics, [warning]);
            } else if let Ok(at) = graph.diagnostics.binary_search(&warning) {
                graph.diagnostics.remove(at);
            }
        }
    }

    replaced.push(Replaced::Workload {
        id,
        workload: after,
    });
    for part in &mut replaced {
        part.swap(graph);
    }
    let owners = (destinations.iter())
        .flat_map(|d| lowered.counts.protecting(d).cloned())
        .collect();
    Some(Patch {
        replaced,
        destinations,
        owners,
        ..Patch::default()
    })
}

/// A ServiceAccount only puts its identity in the identity set, which the backends that emit
/// per destination do not read; its identity's protection is still what it reaches, so that a
/// backend that cannot emit per destination emits the whole graph again.
fn patch_service_account(
    lowered: &mut Lowered,
    key: &InputKey,
    had_before: bool,
    inventory: &BTreeMap<InputKey, InventoryObject>,
) -> Patch {
    let identity = Identity::new(&key.namespace, &key.name);
    let has = inventory.contains_key(key);
    if had_before != has {
        (lowered.counts).service_account(&identity, has, &mut lowered.graph.identities);
    }
    Patch {
        owners: lowered.counts.protecting(&identity).cloned().collect(),
        destinations: BTreeSet::from([identity]),
        ..Patch::default()
    }
}
