//! The graph the compiler holds, with the bookkeeping that lets a change be patched into it:
//! what puts each identity in the graph's identity set, what runs as each identity, and which
//! TrafficTargets protect it.

use crate::graph::{Authorization, Identity, MeshGraph, ObjectRef, ServiceId};
use std::collections::{BTreeMap, BTreeSet};

/// A graph and what patching it needs.
#[derive(Debug)]
pub(super) struct Lowered {
    /// The generation of the inputs it is the graph of.
    pub(super) generation: u64,
    pub(super) graph: MeshGraph,
    /// The root Services of every admitted TrafficSplit.
    pub(super) split_roots: BTreeSet<ServiceId>,
    pub(super) counts: Counts,
}

/// Who uses each identity of a graph.
#[derive(Debug, Default)]
pub(super) struct Counts {
    /// For each identity of the graph's set, how many things put it there (each workload
    /// running as it, its ServiceAccount, each authorization naming it as the destination or a
    /// source): the identity leaves the set when the last one goes.
    uses: BTreeMap<Identity, usize>,
    /// How many workloads run as each identity.
    running: BTreeMap<Identity, usize>,
    /// The TrafficTargets whose authorizations protect each identity.
    protecting: BTreeMap<Identity, BTreeSet<ObjectRef>>,
}

impl Lowered {
    /// `graph`, lowered from the inputs of `generation`, with `service_accounts` the identities
    /// of the inventory's ServiceAccounts.
    pub(super) fn new(
        generation: u64,
        graph: MeshGraph,
        split_roots: BTreeSet<ServiceId>,
        service_accounts: impl IntoIterator<Item = Identity>,
    ) -> Lowered {
        let mut counts = Counts::default();
        let mut identities = BTreeSet::new();
        for workload in graph.workloads.values() {
            counts.running(&workload.identity, true, &mut identities);
        }
        for identity in service_accounts {
            counts.service_account(&identity, true, &mut identities);
        }
        for auth in &graph.authorizations {
            counts.authorization(auth, true, &mut identities);
        }
        debug_assert_eq!(identities, graph.identities);
        Lowered {
            generation,
            graph,
            split_roots,
            counts,
        }
    }
}

impl Counts {
    /// Counts a workload running as `identity` in (`add`) or out of `identities`.
    pub(super) fn running(
        &mut self,
        identity: &Identity,
        add: bool,
        identities: &mut BTreeSet<Identity>,
    ) {
        self.uses(identity, add, identities);
        count(&mut self.running, identity, add);
    }

    /// Counts a ServiceAccount's identity in (`add`) or out of `identities`.
    pub(super) fn service_account(
        &mut self,
        identity: &Identity,
        add: bool,
        identities: &mut BTreeSet<Identity>,
    ) {
        self.uses(identity, add, identities);
    }

    /// Counts `auth` in (`add`) or out: the identities it names (in or out of `identities`),
    /// and what it protects.
    pub(super) fn authorization(
        &mut self,
        auth: &Authorization,
        add: bool,
        identities: &mut BTreeSet<Identity>,
    ) {
        self.uses(&auth.destination, add, identities);
        for source in &auth.sources {
            self.uses(source, add, identities);
        }
        let protecting = self.protecting.entry(auth.destination.clone()).or_default();
        if add {
            protecting.insert(auth.origin.clone());
        } else {
            protecting.remove(&auth.origin);
            if protecting.is_empty() {
                self.protecting.remove(&auth.destination);
            }
        }
    }

    fn uses(&mut self, identity: &Identity, add: bool, identities: &mut BTreeSet<Identity>) {
        match count(&mut self.uses, identity, add) {
            Presence::Entered => {
                identities.insert(identity.clone());
            }
            Presence::Left => {
                identities.remove(identity);
            }
            Presence::Unchanged => {}
        }
    }

    /// Whether a workload runs as `identity`.
    pub(super) fn runs(&self, identity: &Identity) -> bool {
        self.running.contains_key(identity)
    }

    /// The TrafficTargets whose authorizations protect `identity`.
    pub(super) fn protecting(&self, identity: &Identity) -> impl Iterator<Item = &ObjectRef> {
        self.protecting.get(identity).into_iter().flatten()
    }
}

/// Where the authorization of the TrafficTarget `origin` is, or would be, in `graph`'s
/// authorizations (which are in namespace and name order).
pub(super) fn position(graph: &MeshGraph, origin: &ObjectRef) -> Result<usize, usize> {
    graph.authorizations.binary_search_by(|auth| {
        (auth.origin.namespace.as_str(), auth.origin.name.as_str())
            .cmp(&(origin.namespace.as_str(), origin.name.as_str()))
    })
}

/// What counting one in or out did to a key's presence.
enum Presence {
    Entered,
    Left,
    Unchanged,
}

fn count(counts: &mut BTreeMap<Identity, usize>, identity: &Identity, add: bool) -> Presence {
    if add {
        let count = counts.entry(identity.clone()).or_default();
        *count += 1;
        return if *count == 1 {
            Presence::Entered
        } else {
            Presence::Unchanged
        };
    }
    match counts.get_mut(identity) {
        Some(count) if *count > 1 => {
            *count -= 1;
            Presence::Unchanged
        }
        Some(_) => {
            counts.remove(identity);
            Presence::Left
        }
        None => Presence::Unchanged,
    }
}
