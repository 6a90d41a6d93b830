//! Rules across objects: duplicates and references between the objects of one set.
//!
//! References resolve in the referring object's namespace (IdentityBinding subjects in their own
//! namespace when given). A reference to an object absent from the set is only a warning: the
//! object may already exist on the cluster.

use super::access;
use super::codes::{
    BACKEND_IS_SPLIT_ROOT, DUPLICATE_OBJECT, EMPTY_ROUTE_GROUP, INCOMPATIBLE_VERSION,
    UNKNOWN_MATCH, UNRESOLVED_REFERENCE,
};
use super::report::{Report, field, index};
use super::specs;
use super::split;
use crate::{KindName, SmiObject, Version, Violation};
use std::collections::{BTreeMap, BTreeSet};

type Key<'a> = (KindName, Option<&'a str>, &'a str);

/// Everything in the set that can be referenced, by kind, namespace and name.
struct Index<'a> {
    objects: BTreeMap<Key<'a>, Vec<&'a SmiObject>>,
    /// `(namespace, root service)` → names of the TrafficSplits with that root.
    split_roots: BTreeMap<(Option<&'a str>, &'a str), BTreeSet<&'a str>>,
}

impl<'a> Index<'a> {
    fn new(objects: &[&'a SmiObject]) -> Index<'a> {
        let mut index = Index {
            objects: BTreeMap::new(),
            split_roots: BTreeMap::new(),
        };
        for &o in objects {
            let meta = o.metadata();
            let (ns, name) = (
                meta.namespace.as_deref(),
                meta.name.as_deref().unwrap_or(""),
            );
            index
                .objects
                .entry((o.kind(), ns, name))
                .or_default()
                .push(o);
            if let Some(s) = split::split(o) {
                index
                    .split_roots
                    .entry((ns, s.service))
                    .or_default()
                    .insert(name);
            }
        }
        index
    }

    fn get(&self, kind: KindName, ns: Option<&'a str>, name: &'a str) -> &[&'a SmiObject] {
        self.objects
            .get(&(kind, ns, name))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// Cross-object violations of `objects`, unsorted.
pub(super) fn check(objects: &[&SmiObject]) -> Vec<Violation> {
    let idx = Index::new(objects);
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for &o in objects {
        let mut r = Report::new(o.object_ref());
        let meta = o.metadata();
        let ns = meta.namespace.as_deref();
        let name = meta.name.as_deref().unwrap_or("");
        let is_metrics = matches!(
            o.kind(),
            KindName::TrafficMetrics | KindName::TrafficMetricsList
        );
        if !is_metrics && !name.is_empty() && !seen.insert((o.kind(), ns, name)) {
            r.error(
                DUPLICATE_OBJECT,
                "metadata.name",
                format!("another {} with this namespace and name is in the set", o.kind()),
            )
            .help("remove one copy, or rename it; one object of a kind per namespace and name exists on a cluster");
        }
        if let Some(t) = access::target(o) {
            check_target(&mut r, &idx, ns, &t);
        }
        if let Some(s) = split::split(o) {
            check_split(&mut r, &idx, ns, name, &s);
        }
        out.extend(r.into_vec());
    }
    out
}

/// The specs versions a referring version is declared to work with (spec §0.2).
fn compatible_specs(kind: KindName, version: Version) -> &'static [Version] {
    match (kind, version) {
        (KindName::TrafficTarget, Version::V1alpha1) => &[Version::V1alpha1, Version::V1alpha2],
        (KindName::TrafficTarget, Version::V1alpha2) => &[Version::V1alpha3],
        (KindName::TrafficSplit, Version::V1alpha3) => &[Version::V1alpha3],
        _ => &[Version::V1alpha4],
    }
}

/// Warns when `found` is empty (unresolved) or has no compatible version; returns whether
/// anything was found.
fn resolve(
    r: &mut Report,
    path: &str,
    kind: KindName,
    name: &str,
    found: &[&SmiObject],
    compatible: Option<(KindName, Version)>,
) -> bool {
    if found.is_empty() {
        r.warning(
            UNRESOLVED_REFERENCE,
            path,
            format!(
                "{kind} `{name}` is not in the validated set; it must exist in the same namespace"
            ),
        )
        .help(format!(
            "include the {kind} in the input, or check that it exists on the cluster"
        ));
        return false;
    }
    if let Some((from_kind, from_version)) = compatible {
        let ok = compatible_specs(from_kind, from_version);
        if !found.iter().any(|o| ok.contains(&o.api_version().version)) {
            let versions: Vec<_> = ok.iter().map(|v| v.as_str()).collect();
            r.warning(
                INCOMPATIBLE_VERSION,
                path,
                format!(
                    "{kind} `{name}` is {}, but a {from_kind} {} works with specs {} only",
                    found[0].api_version(),
                    from_version.as_str(),
                    versions.join(", ")
                ),
            )
            .help(format!(
                "write the {kind} as specs.smi-spec.io/{}",
                versions.join(" or ")
            ));
        }
    }
    true
}

fn check_target<'a>(r: &mut Report, idx: &Index<'a>, ns: Option<&'a str>, t: &access::Target<'a>) {
    for (i, rule) in t.rules.as_deref().unwrap_or_default().iter().enumerate() {
        let path = t.rule_path(i);
        let Some(kind) = KindName::parse(rule.kind) else {
            continue;
        };
        let found = idx.get(kind, ns, rule.name);
        let name_path = field(&path, "name");
        let compatible = Some((KindName::TrafficTarget, t.version));
        if !resolve(r, &name_path, kind, rule.name, found, compatible) {
            continue;
        }
        let (KindName::HttpRouteGroup, Some(matches)) = (kind, rule.matches) else {
            continue;
        };
        let defined: BTreeSet<&str> = found
            .iter()
            .filter_map(|o| specs::group(o))
            .flat_map(|g| g.matches.into_iter().map(|m| m.name))
            .collect();
        for (j, m) in matches.iter().enumerate() {
            if !m.is_empty() && !defined.contains(m.as_str()) {
                r.error(
                    UNKNOWN_MATCH,
                    index_path(&path, j),
                    format!("HTTPRouteGroup `{}` has no match named `{m}`", rule.name),
                )
                .help(format!(
                    "use one of the group's match names: {}",
                    defined.iter().copied().collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    let dest_path = field(t.base, "destination");
    let subjects = std::iter::once((dest_path, &t.destination)).chain(
        t.sources
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, s)| (index(&field(t.base, "sources"), i), s)),
    );
    for (path, subject) in subjects {
        if subject.kind != KindName::IdentityBinding.as_str() {
            continue;
        }
        let subject_ns = subject.namespace.filter(|n| !n.is_empty()).or(ns);
        let found = idx.get(KindName::IdentityBinding, subject_ns, subject.name);
        resolve(
            r,
            &field(&path, "name"),
            KindName::IdentityBinding,
            subject.name,
            found,
            None,
        );
    }
}

fn index_path(rule_path: &str, j: usize) -> String {
    index(&field(rule_path, "matches"), j)
}

fn check_split<'a>(
    r: &mut Report,
    idx: &Index<'a>,
    ns: Option<&'a str>,
    name: &str,
    s: &split::Split<'a>,
) {
    for (i, m) in s.matches.iter().enumerate() {
        if m.kind != KindName::HttpRouteGroup.as_str() {
            continue;
        }
        let path = field(&index("spec.matches", i), "name");
        let found = idx.get(KindName::HttpRouteGroup, ns, &m.name);
        let compatible = Some((KindName::TrafficSplit, s.version));
        if resolve(
            r,
            &path,
            KindName::HttpRouteGroup,
            &m.name,
            found,
            compatible,
        ) && found
            .iter()
            .filter_map(|o| specs::group(o))
            .all(|g| g.matches.is_empty())
        {
            r.warning(
                EMPTY_ROUTE_GROUP,
                &path,
                format!("HTTPRouteGroup `{}` has no matches, so no request is split; all go to the root Service", m.name),
            )
            .help("add matches to the HTTPRouteGroup, or remove the reference");
        }
    }
    for (i, &backend) in s.backends.iter().enumerate() {
        let Some(others) = idx.split_roots.get(&(ns, backend)) else {
            continue;
        };
        if let Some(other) = others.iter().find(|&&other| other != name) {
            r.warning(
                BACKEND_IS_SPLIT_ROOT,
                field(&index("spec.backends", i), "service"),
                format!("backend `{backend}` is the root of TrafficSplit `{other}`; splits are not applied recursively"),
            )
            .help("point the backend at the Services of the other split directly");
        }
    }
}
