//! Inventory → graph services, workloads and identities.

use super::codes;
use super::dialect::Readings;
use crate::graph::{
    Diagnostic, Identity, MeshGraph, ObjectRef, Service, ServiceId, ServicePort, TargetPort,
    Transport, Workload, WorkloadId, WorkloadKind,
};
use crate::inventory::Inventory;
use k8s_openapi::api::core::v1::PodTemplateSpec;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// The workloads of each namespace, for the selectors of its Services.
type WorkloadsByNamespace = BTreeMap<String, NamespaceWorkloads>;

/// The workloads of one namespace with their pod labels, and which of them carry each label.
#[derive(Default)]
struct NamespaceWorkloads {
    workloads: Vec<(WorkloadId, BTreeMap<String, String>)>,
    /// Label key → label value → the positions in `workloads` of the workloads carrying it.
    by_label: HashMap<String, HashMap<String, Vec<usize>>>,
}

impl NamespaceWorkloads {
    fn add(&mut self, id: WorkloadId, labels: BTreeMap<String, String>) {
        let position = self.workloads.len();
        for (key, value) in &labels {
            self.by_label
                .entry(key.clone())
                .or_default()
                .entry(value.clone())
                .or_default()
                .push(position);
        }
        self.workloads.push((id, labels));
    }

    /// The workloads whose labels hold every entry of the non-empty `selector`. Only the
    /// workloads carrying its rarest entry are tested, not every workload of the namespace: with
    /// one Service per app, selecting stays linear in the apps.
    fn selected(&self, selector: &BTreeMap<String, String>) -> BTreeSet<WorkloadId> {
        let carrying = |(key, value): (&String, &String)| {
            self.by_label
                .get(key)
                .and_then(|values| values.get(value))
                .map_or(&[][..], Vec::as_slice)
        };
        let Some(candidates) = selector.iter().map(carrying).min_by_key(|c| c.len()) else {
            return BTreeSet::new();
        };
        candidates
            .iter()
            .map(|&position| &self.workloads[position])
            .filter(|(_, labels)| selector.iter().all(|(k, v)| labels.get(k) == Some(v)))
            .map(|(id, _)| id.clone())
            .collect()
    }
}

pub(super) fn lower(inventory: &Inventory, readings: &Readings, graph: &mut MeshGraph) {
    let diagnostics = &mut graph.diagnostics;
    let workloads = workloads(inventory, readings, diagnostics);
    let service_accounts = latest(&inventory.service_accounts, diagnostics);
    let services = latest(&inventory.services, diagnostics);
    for w in workloads {
        graph.identities.insert(w.identity.clone());
        graph.workloads.insert(w.id.clone(), w);
    }
    for sa in service_accounts {
        let (namespace, name) = super::key(&sa.metadata);
        graph.identities.insert(Identity::new(namespace, name));
    }
    // Services select workloads of their own namespace only.
    let mut by_namespace: WorkloadsByNamespace = BTreeMap::new();
    for w in graph.workloads.values() {
        by_namespace
            .entry(w.id.namespace.clone())
            .or_default()
            .add(w.id.clone(), w.pod_labels.clone());
    }
    for svc in services {
        if let Some(service) = service(svc, &by_namespace, readings, graph) {
            graph.services.insert(service.id.clone(), service);
        }
    }
}

/// The workloads of `inventory`: one per Deployment, StatefulSet and DaemonSet, and per
/// ReplicaSet and Pod that no controller owns.
pub(super) fn workloads(
    inventory: &Inventory,
    readings: &Readings,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Workload> {
    let deployments = latest(&inventory.deployments, diagnostics);
    let stateful_sets = latest(&inventory.stateful_sets, diagnostics);
    let daemon_sets = latest(&inventory.daemon_sets, diagnostics);
    let replica_sets = latest(&inventory.replica_sets, diagnostics);
    let pods = latest(&inventory.pods, diagnostics);
    let mut workloads = Vec::new();
    let template = |kind, meta: &ObjectMeta, t: Option<&PodTemplateSpec>| {
        t.map(|t| workload(readings, kind, meta, t.metadata.as_ref(), t.spec.as_ref()))
    };
    for d in deployments {
        workloads.extend(template(
            WorkloadKind::Deployment,
            &d.metadata,
            Some(&d.spec.template),
        ));
    }
    for s in stateful_sets {
        workloads.extend(template(
            WorkloadKind::StatefulSet,
            &s.metadata,
            Some(&s.spec.template),
        ));
    }
    for d in daemon_sets {
        workloads.extend(template(
            WorkloadKind::DaemonSet,
            &d.metadata,
            Some(&d.spec.template),
        ));
    }
    for r in replica_sets
        .into_iter()
        .filter(|r| !is_controlled(&r.metadata))
    {
        workloads.extend(template(
            WorkloadKind::ReplicaSet,
            &r.metadata,
            r.spec.template.as_ref(),
        ));
    }
    for p in pods.into_iter().filter(|p| !is_controlled(&p.metadata)) {
        workloads.push(workload(
            readings,
            WorkloadKind::Pod,
            &p.metadata,
            Some(&p.metadata),
            p.spec.as_ref(),
        ));
    }
    workloads
}

/// The objects of one kind that are used, in input order: of several with one namespace and name
/// the last, as `kubectl apply -f` leaves it; each earlier one is reported (`duplicate-object`).
fn latest<'a, K>(objects: &'a [Arc<K>], diagnostics: &mut Vec<Diagnostic>) -> Vec<&'a K>
where
    K: k8s_openapi::Resource + k8s_openapi::Metadata<Ty = ObjectMeta>,
{
    let refs: Vec<ObjectRef> = objects
        .iter()
        .map(|o| ObjectRef::from_meta(K::KIND, o.metadata()))
        .collect();
    let superseded = smi_types::validate::superseded(&refs);
    let mut used = vec![true; objects.len()];
    for (position, diagnostic) in superseded {
        used[position] = false;
        diagnostics.push(diagnostic);
    }
    objects
        .iter()
        .zip(used)
        .filter_map(|(o, used)| used.then_some(o.as_ref()))
        .collect()
}

/// Owned by a controller that the inventory describes instead.
fn is_controlled(meta: &ObjectMeta) -> bool {
    meta.owner_references
        .iter()
        .flatten()
        .any(|o| o.controller == Some(true))
}

fn workload(
    readings: &Readings,
    kind: WorkloadKind,
    meta: &ObjectMeta,
    pod_meta: Option<&ObjectMeta>,
    pod_spec: Option<&k8s_openapi::api::core::v1::PodSpec>,
) -> Workload {
    let (namespace, name) = super::key(meta);
    let service_account = pod_spec
        .and_then(|s| s.service_account_name.clone())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "default".into());
    let declared = || {
        pod_spec
            .into_iter()
            .flat_map(|s| &s.containers)
            .flat_map(|c| c.ports.iter().flatten())
            .filter_map(|p| Some((u16::try_from(p.container_port).ok()?, p)))
    };
    let named_ports = declared()
        .filter_map(|(port, p)| Some((p.name.clone()?, port)))
        .collect();
    let container_ports = declared()
        .filter(|(port, p)| *port > 0 && p.protocol.as_deref().is_none_or(|t| t == "TCP"))
        .map(|(port, p)| {
            let protocol = readings.port_protocol(None, p.name.as_deref(), Transport::Tcp);
            (port, protocol)
        })
        .collect();
    Workload {
        id: WorkloadId {
            kind,
            namespace: namespace.clone(),
            name,
        },
        identity: Identity::new(namespace, service_account),
        pod_labels: pod_meta.and_then(|m| m.labels.clone()).unwrap_or_default(),
        named_ports,
        container_ports,
    }
}

/// Whether `svc` selects pods with `labels` (a Service without a selector selects none).
pub(crate) fn selects(
    svc: &k8s_openapi::api::core::v1::Service,
    labels: &BTreeMap<String, String>,
) -> bool {
    match svc.spec.as_ref().and_then(|spec| spec.selector.as_ref()) {
        Some(selector) if !selector.is_empty() => {
            selector.iter().all(|(k, v)| labels.get(k) == Some(v))
        }
        _ => false,
    }
}

fn service(
    svc: &k8s_openapi::api::core::v1::Service,
    by_namespace: &WorkloadsByNamespace,
    readings: &Readings,
    graph: &mut MeshGraph,
) -> Option<Service> {
    let (namespace, name) = super::key(&svc.metadata);
    let origin = ObjectRef::new("Service", &namespace, &name);
    let spec = svc.spec.as_ref()?;
    let mut ports: BTreeMap<u16, ServicePort> = BTreeMap::new();
    for (i, p) in spec.ports.iter().flatten().enumerate() {
        let Ok(port) = u16::try_from(p.port)
            .map_err(|_| ())
            .and_then(|p| if p == 0 { Err(()) } else { Ok(p) })
        else {
            graph.diagnostics.push(Diagnostic::error(
                codes::INVENTORY_PROBLEM,
                origin.clone(),
                format!("spec.ports[{i}].port"),
                format!("port {} is outside 1–65535; it is left out", p.port),
            ));
            continue;
        };
        let transport = match p.protocol.as_deref() {
            Some("UDP") => Transport::Udp,
            Some("SCTP") => Transport::Sctp,
            _ => Transport::Tcp,
        };
        let target_port = match &p.target_port {
            None => TargetPort::Number(port),
            Some(IntOrString::Int(n)) => match u16::try_from(*n) {
                Ok(n) if n > 0 => TargetPort::Number(n),
                _ => {
                    graph.diagnostics.push(Diagnostic::error(
                        codes::INVENTORY_PROBLEM,
                        origin.clone(),
                        format!("spec.ports[{i}].targetPort"),
                        format!("targetPort {n} is outside 1–65535; the port is left out"),
                    ));
                    continue;
                }
            },
            Some(IntOrString::String(s)) => TargetPort::Named(s.clone()),
        };
        let entry = ServicePort {
            name: p.name.clone(),
            port,
            target_port,
            transport,
            protocol: readings.port_protocol(
                p.app_protocol.as_deref(),
                p.name.as_deref(),
                transport,
            ),
        };
        // The graph keys ports by number. One number for TCP and UDP (DNS does this) keeps the
        // TCP entry: no backend can carry the UDP one, and losing TCP would cut real traffic.
        if let Some(existing) = ports.get(&port) {
            let (kept, dropped) = if existing.transport == Transport::Tcp {
                (existing.transport, entry.transport)
            } else {
                (entry.transport, existing.transport)
            };
            graph.diagnostics.push(
                Diagnostic::warning(
                    codes::INVENTORY_PROBLEM,
                    origin.clone(),
                    format!("spec.ports[{i}]"),
                    format!(
                        "port {port} is declared for {kept:?} and {dropped:?}; the graph keeps the {kept:?} entry and leaves {dropped:?} out"
                    ),
                )
                .with_help("give the second protocol its own port number if the mesh must see it"),
            );
            if existing.transport == Transport::Tcp {
                continue;
            }
        }
        ports.insert(port, entry);
    }
    let workloads: BTreeSet<WorkloadId> = match svc.spec.as_ref().and_then(|s| s.selector.as_ref())
    {
        Some(selector) if !selector.is_empty() => by_namespace
            .get(&namespace)
            .map(|workloads| workloads.selected(selector))
            .unwrap_or_default(),
        _ => BTreeSet::new(),
    };
    Some(Service {
        id: ServiceId::new(namespace, name),
        ports,
        workloads,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn deployment(name: &str) -> WorkloadId {
        WorkloadId {
            kind: WorkloadKind::Deployment,
            namespace: "shop".to_owned(),
            name: name.to_owned(),
        }
    }

    #[test]
    fn a_selector_selects_the_workloads_holding_all_its_labels() {
        let mut workloads = NamespaceWorkloads::default();
        workloads.add(deployment("web-v1"), labels(&[("app", "web"), ("v", "1")]));
        workloads.add(deployment("web-v2"), labels(&[("app", "web"), ("v", "2")]));
        workloads.add(deployment("db"), labels(&[("app", "db"), ("v", "1")]));
        workloads.add(deployment("bare"), labels(&[]));
        let selected = |selector: &[(&str, &str)]| -> Vec<String> {
            workloads
                .selected(&labels(selector))
                .into_iter()
                .map(|id| id.name)
                .collect()
        };
        assert_eq!(selected(&[("app", "web")]), ["web-v1", "web-v2"]);
        assert_eq!(selected(&[("app", "web"), ("v", "1")]), ["web-v1"]);
        assert_eq!(selected(&[("v", "1")]), ["db", "web-v1"]);
        assert!(selected(&[("app", "web"), ("v", "3")]).is_empty());
        assert!(selected(&[("tier", "web")]).is_empty());
    }
}
