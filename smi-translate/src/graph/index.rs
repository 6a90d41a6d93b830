//! Lookups over a [`MeshGraph`] that backends need per proxy or per workload.
//!
//! Built once per emission, so a backend's cost grows with the edges it walks, not with the
//! number of services times the number of identities.

use super::{
    Authorization, Identity, MeshGraph, Service, ServiceId, Split, Workload, WorkloadId,
    WorkloadKind,
};
use std::collections::BTreeMap;

/// Indexes of one graph.
#[derive(Debug)]
pub struct GraphIndex<'a> {
    workloads_by_identity: BTreeMap<&'a Identity, Vec<&'a Workload>>,
    workloads_by_namespace: BTreeMap<&'a str, Vec<&'a Workload>>,
    services_by_workload: BTreeMap<&'a WorkloadId, Vec<&'a Service>>,
    authorizations_to: BTreeMap<&'a Identity, Vec<&'a Authorization>>,
    authorizations_from: BTreeMap<&'a Identity, Vec<&'a Authorization>>,
    splits_by_service: BTreeMap<&'a ServiceId, Vec<&'a Split>>,
}

/// Why a workload's pod labels cannot serve as a selector for its identity alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SelectorClash<'a> {
    /// Its pods have no labels: a selector would take the whole namespace.
    NoLabels,
    /// Its labels also select the pods of this workload, which runs as another identity.
    Shared(&'a Workload),
}

impl MeshGraph {
    /// Builds the lookups backends use.
    pub fn index(&self) -> GraphIndex<'_> {
        let mut index = GraphIndex::empty();
        index.add_workloads(self.workloads.values());
        index.add_services(self.services.values());
        index.add_authorizations(&self.authorizations);
        index.add_splits(&self.splits);
        index
    }

    /// The lookups of [`index`](Self::index) about one namespace, at the cost of that
    /// namespace: its workloads and the Services that select them (all of its Services), and
    /// the authorizations of `authorizations` (in graph order), which the caller picks, such as
    /// those protecting one identity. Other namespaces, other authorizations and splits are not
    /// indexed, and lookups about them find nothing.
    pub fn namespace_index<'a>(
        &'a self,
        namespace: &str,
        authorizations: impl IntoIterator<Item = &'a Authorization>,
    ) -> GraphIndex<'a> {
        let mut index = GraphIndex::empty();
        index.add_workloads(WorkloadKind::ALL.into_iter().flat_map(|kind| {
            let first = WorkloadId {
                kind,
                namespace: namespace.to_owned(),
                name: String::new(),
            };
            self.workloads
                .range(first..)
                .map(|(_, w)| w)
                .take_while(move |w| w.id.kind == kind && w.id.namespace == namespace)
        }));
        index.add_services(
            self.services
                .range(ServiceId::new(namespace, "")..)
                .map(|(_, s)| s)
                .take_while(|s| s.id.namespace == namespace),
        );
        index.add_authorizations(authorizations);
        index
    }
}

impl<'a> GraphIndex<'a> {
    fn empty() -> GraphIndex<'a> {
        GraphIndex {
            workloads_by_identity: BTreeMap::new(),
            workloads_by_namespace: BTreeMap::new(),
            services_by_workload: BTreeMap::new(),
            authorizations_to: BTreeMap::new(),
            authorizations_from: BTreeMap::new(),
            splits_by_service: BTreeMap::new(),
        }
    }

    /// Indexes `workloads`, given in id order.
    fn add_workloads(&mut self, workloads: impl IntoIterator<Item = &'a Workload>) {
        for w in workloads {
            self.workloads_by_identity
                .entry(&w.identity)
                .or_default()
                .push(w);
            self.workloads_by_namespace
                .entry(w.id.namespace.as_str())
                .or_default()
                .push(w);
        }
    }

    /// Indexes `services`, given in id order.
    fn add_services(&mut self, services: impl IntoIterator<Item = &'a Service>) {
        for s in services {
            for w in &s.workloads {
                self.services_by_workload.entry(w).or_default().push(s);
            }
        }
    }

    /// Indexes `authorizations`, given in graph order.
    fn add_authorizations(&mut self, authorizations: impl IntoIterator<Item = &'a Authorization>) {
        for a in authorizations {
            self.authorizations_to
                .entry(&a.destination)
                .or_default()
                .push(a);
            for source in &a.sources {
                self.authorizations_from.entry(source).or_default().push(a);
            }
        }
    }

    /// Indexes `splits`, given in graph order.
    fn add_splits(&mut self, splits: &'a [Split]) {
        for split in splits {
            let mut touched: Vec<&ServiceId> = vec![&split.root];
            touched.extend(
                split
                    .ports
                    .iter()
                    .flat_map(|p| p.backends.iter().map(|b| &b.service)),
            );
            touched.sort();
            touched.dedup();
            for service in touched {
                self.splits_by_service
                    .entry(service)
                    .or_default()
                    .push(split);
            }
        }
    }
}

impl<'a> GraphIndex<'a> {
    /// Workloads whose pods run as `identity`, in id order.
    pub fn workloads_of(&self, identity: &Identity) -> &[&'a Workload] {
        self.workloads_by_identity
            .get(identity)
            .map_or(&[], Vec::as_slice)
    }

    /// Workloads of a namespace, in id order.
    pub fn workloads_in(&self, namespace: &str) -> &[&'a Workload] {
        self.workloads_by_namespace
            .get(namespace)
            .map_or(&[], Vec::as_slice)
    }

    /// Services that select `workload`, in id order.
    pub fn services_of(&self, workload: &WorkloadId) -> &[&'a Service] {
        self.services_by_workload
            .get(workload)
            .map_or(&[], Vec::as_slice)
    }

    /// Authorizations protecting `identity`, in graph order.
    pub fn authorizations_to(&self, identity: &Identity) -> &[&'a Authorization] {
        self.authorizations_to
            .get(identity)
            .map_or(&[], Vec::as_slice)
    }

    /// Every protected identity, in order, with the authorizations protecting it (in graph order).
    pub fn authorizations_by_destination(
        &self,
    ) -> impl Iterator<Item = (&'a Identity, &[&'a Authorization])> + '_ {
        self.authorizations_to
            .iter()
            .map(|(&identity, auths)| (identity, auths.as_slice()))
    }

    /// Authorizations listing `identity` as a source, in graph order.
    pub fn authorizations_from(&self, identity: &Identity) -> &[&'a Authorization] {
        self.authorizations_from
            .get(identity)
            .map_or(&[], Vec::as_slice)
    }

    /// Splits whose root or a backend is `service`, in graph order.
    pub fn splits_touching(&self, service: &ServiceId) -> &[&'a Split] {
        self.splits_by_service
            .get(service)
            .map_or(&[], Vec::as_slice)
    }

    /// Whether `workload`'s pod labels select only pods of its own identity.
    pub fn selector_clash(&self, workload: &Workload) -> Option<SelectorClash<'a>> {
        let labels = &workload.pod_labels;
        if labels.is_empty() {
            return Some(SelectorClash::NoLabels);
        }
        self.workloads_in(&workload.id.namespace)
            .iter()
            .find(|other| {
                other.identity != workload.identity
                    && labels
                        .iter()
                        .all(|(k, v)| other.pod_labels.get(k) == Some(v))
            })
            .map(|other| SelectorClash::Shared(other))
    }
}
