//! Rules across objects: duplicates and references between the objects of one set.
//!
//! References resolve in the referring object's namespace (IdentityBinding subjects in their own
//! namespace when given), read by the one namespace rule ([`crate::namespace_of`]): an object
//! without a namespace is in `default`, as lowering reads it. A reference to an object absent
//! from the set is only a warning: the object may already exist on the cluster.

use super::access;
use super::codes::{
    BACKEND_IS_SPLIT_ROOT, EMPTY_ROUTE_GROUP, INCOMPATIBLE_VERSION, UNKNOWN_MATCH,
    UNRESOLVED_REFERENCE,
};
use super::report::{Report, field, index};
use super::specs;
use super::split;
use crate::{Diagnostic, KindName, SmiObject, Version, namespace_of};
use std::collections::{BTreeMap, BTreeSet};

type Key<'a> = (KindName, &'a str, &'a str);

/// Everything in the set that can be referenced, by kind, namespace and name.
struct Index<'a> {
    objects: BTreeMap<Key<'a>, Vec<&'a SmiObject>>,
    /// `(namespace, root service)` → names of the TrafficSplits with that root.
    split_roots: BTreeMap<(&'a str, &'a str), BTreeSet<&'a str>>,
}

impl<'a> Index<'a> {
    fn new(objects: &[&'a SmiObject]) -> Index<'a> {
        let mut index = Index {
            objects: BTreeMap::new(),
            split_roots: BTreeMap::new(),
        };
        for &o in objects {
            let meta = o.metadata();
            let (ns, name) = (namespace_of(meta), meta.name.as_deref().unwrap_or(""));
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

    fn get(&self, kind: KindName, ns: &'a str, name: &'a str) -> &[&'a SmiObject] {
        self.objects
            .get(&(kind, ns, name))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

/// Cross-object violations of `objects` (the admitted ones: no duplicates), unsorted.
pub(super) fn check(objects: &[&SmiObject]) -> Vec<Diagnostic> {
    let idx = Index::new(objects);
    let mut out = Vec::new();
    for &o in objects {
        let mut r = Report::new(o.object_ref());
        let meta = o.metadata();
        let ns = namespace_of(meta);
        let name = meta.name.as_deref().unwrap_or("");
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

fn check_target<'a>(r: &mut Report, idx: &Index<'a>, ns: &'a str, t: &access::Target<'a>) {
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
        let subject_ns = subject.namespace.filter(|n| !n.is_empty()).unwrap_or(ns);
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

fn check_split<'a>(r: &mut Report, idx: &Index<'a>, ns: &'a str, name: &str, s: &split::Split<'a>) {
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

#[cfg(test)]
mod tests {
    use super::super::testing::{check_all, meta, triples};
    use crate::SmiObject;
    use crate::access::v1alpha3 as access3;
    use crate::specs::{v1alpha2 as specs2, v1alpha3 as specs3, v1alpha4 as specs4};
    use crate::split::{v1alpha3 as split3, v1alpha4 as split4};

    fn mk_http_match(name: &str) -> specs2::HttpMatch {
        specs2::HttpMatch {
            name: name.into(),
            methods: None,
            path_regex: Some("/".into()),
            headers: None,
        }
    }

    fn mk_group4(name: &str, namespace: &str, matches: &[&str]) -> SmiObject {
        let mut o = specs4::HttpRouteGroup::new(
            name,
            specs4::HttpRouteGroupSpec {
                matches: matches.iter().map(|m| mk_http_match(m)).collect(),
            },
        );
        o.metadata = meta(name);
        o.metadata.namespace = Some(namespace.into());
        SmiObject::HttpRouteGroupV1alpha4(o)
    }

    fn mk_group2(name: &str, matches: &[&str]) -> SmiObject {
        let mut o = specs2::HttpRouteGroup::new(
            name,
            specs2::HttpRouteGroupSpec {
                matches: matches.iter().map(|m| mk_http_match(m)).collect(),
            },
        );
        o.metadata = meta(name);
        SmiObject::HttpRouteGroupV1alpha2(o)
    }

    fn mk_tcp4(name: &str) -> SmiObject {
        let mut o = specs4::TcpRoute::new(name, Default::default());
        o.metadata = meta(name);
        SmiObject::TcpRouteV1alpha4(o)
    }

    fn mk_subject(name: &str) -> access3::IdentityBindingSubject {
        access3::IdentityBindingSubject {
            kind: access3::SubjectKind::ServiceAccount,
            name: name.into(),
            namespace: Some("default".into()),
        }
    }

    fn mk_tt3(rules: &[(access3::RuleKind, &str, Option<&[&str]>)]) -> SmiObject {
        let mut o = access3::TrafficTarget::new(
            "tt",
            access3::TrafficTargetSpec {
                destination: mk_subject("api"),
                sources: Some(vec![mk_subject("web")]),
                rules: Some(
                    rules
                        .iter()
                        .map(|&(kind, name, matches)| access3::TrafficTargetRule {
                            kind,
                            name: name.into(),
                            matches: matches.map(|m| m.iter().map(|s| s.to_string()).collect()),
                        })
                        .collect(),
                ),
            },
        );
        o.metadata = meta("tt");
        SmiObject::TrafficTargetV1alpha3(o)
    }

    fn mk_split4(name: &str, root: &str, backends: &[&str], groups: &[&str]) -> SmiObject {
        let mut o = split4::TrafficSplit::new(
            name,
            split4::TrafficSplitSpec {
                service: root.into(),
                backends: backends
                    .iter()
                    .map(|b| split4::TrafficSplitBackend {
                        service: b.to_string(),
                        weight: 1,
                    })
                    .collect(),
                matches: (!groups.is_empty()).then(|| {
                    groups
                        .iter()
                        .map(|g| split3::TrafficSplitMatch {
                            api_group: None,
                            kind: "HTTPRouteGroup".into(),
                            name: g.to_string(),
                        })
                        .collect()
                }),
            },
        );
        o.metadata = meta(name);
        SmiObject::TrafficSplitV1alpha4(o)
    }

    #[test]
    fn a_consistent_set_has_no_violations() {
        let objects = [
            mk_group4("routes", "default", &["metrics", "health"]),
            mk_tcp4("tcp"),
            mk_tt3(&[
                (
                    access3::RuleKind::HttpRouteGroup,
                    "routes",
                    Some(&["metrics"]),
                ),
                (access3::RuleKind::TcpRoute, "tcp", None),
            ]),
            mk_split4("ts", "web", &["web-v1", "web-v2"], &["routes"]),
        ];
        assert_eq!(check_all(&objects), triples(&[]));
    }

    #[test]
    fn duplicate_objects() {
        let mut v3 = specs3::HttpRouteGroup::new(
            "routes",
            specs3::HttpRouteGroupSpec {
                matches: vec![mk_http_match("a")],
            },
        );
        v3.metadata = meta("routes");
        let objects = [
            mk_group4("routes", "default", &["a"]),
            SmiObject::HttpRouteGroupV1alpha3(v3),
            mk_group4("routes", "other", &["a"]),
        ];
        assert_eq!(
            check_all(&objects),
            triples(&[("routes", "duplicate-object", "metadata.name")])
        );
    }

    /// One namespace rule: an object without a namespace is in `default`, as lowering reads it,
    /// so a route without one resolves from a TrafficTarget in `default`, and the other way round.
    #[test]
    fn references_resolve_by_the_one_namespace_rule() {
        let mut group = mk_group4("routes", "default", &["a"]);
        if let SmiObject::HttpRouteGroupV1alpha4(g) = &mut group {
            g.metadata.namespace = None;
        }
        let mut tcp = mk_tcp4("tcp");
        if let SmiObject::TcpRouteV1alpha4(r) = &mut tcp {
            r.metadata.namespace = None;
        }
        let target = mk_tt3(&[
            (access3::RuleKind::HttpRouteGroup, "routes", Some(&["a"])),
            (access3::RuleKind::TcpRoute, "tcp", None),
        ]);
        let mut namespace_less_target = target.clone();
        if let SmiObject::TrafficTargetV1alpha3(t) = &mut namespace_less_target {
            t.metadata.namespace = None;
        }
        assert_eq!(
            check_all(&[group.clone(), tcp.clone(), target]),
            triples(&[])
        );
        assert_eq!(
            check_all(&[group, tcp, namespace_less_target]),
            triples(&[])
        );
    }

    #[test]
    fn rule_references() {
        let objects = [
            mk_group4("routes", "default", &["a"]),
            mk_group4("elsewhere", "other", &["a"]),
            mk_tt3(&[
                (
                    access3::RuleKind::HttpRouteGroup,
                    "routes",
                    Some(&["a", "b"]),
                ),
                (access3::RuleKind::TcpRoute, "tcp", None),
                (access3::RuleKind::HttpRouteGroup, "elsewhere", Some(&["a"])),
            ]),
        ];
        assert_eq!(
            check_all(&objects),
            triples(&[
                ("tt", "unknown-match", "spec.rules[0].matches[1]"),
                ("tt", "unresolved-reference", "spec.rules[1].name"),
                ("tt", "unresolved-reference", "spec.rules[2].name"),
            ])
        );
    }

    #[test]
    fn incompatible_versions() {
        let objects = [
            mk_group2("routes", &["a"]),
            mk_tt3(&[(access3::RuleKind::HttpRouteGroup, "routes", Some(&["a"]))]),
        ];
        assert_eq!(
            check_all(&objects),
            triples(&[("tt", "incompatible-version", "spec.rules[0].name")])
        );
    }

    #[test]
    fn split_references() {
        let objects = [
            mk_group4("empty", "default", &[]),
            mk_split4("ts", "web", &["web-v1", "api"], &["empty", "missing"]),
            mk_split4("api-split", "api", &["api-v1"], &[]),
        ];
        assert_eq!(
            check_all(&objects),
            triples(&[
                ("empty", "empty-matches", "spec.matches"),
                ("ts", "empty-route-group", "spec.matches[0].name"),
                ("ts", "unresolved-reference", "spec.matches[1].name"),
                ("ts", "backend-is-split-root", "spec.backends[1].service"),
            ])
        );
    }

    #[cfg(feature = "unreleased")]
    #[test]
    fn identity_binding_subjects() {
        use crate::access::v1alpha4 as access4;
        let subject = |name: &str, namespace: Option<&str>| access4::IdentityBindingSubject {
            kind: access4::SubjectKind::IdentityBinding,
            name: name.into(),
            namespace: namespace.map(Into::into),
        };
        let mut tt = access4::TrafficTarget::new(
            "tt",
            access4::TrafficTargetSpec {
                destination: subject("api", Some("default")),
                sources: Some(vec![subject("web", Some("default"))]),
                rules: Some(vec![access4::TrafficTargetRule {
                    kind: access4::RuleKind::TcpRoute,
                    name: "tcp".into(),
                    matches: None,
                }]),
            },
        );
        tt.metadata = meta("tt");
        let mut ib = access4::IdentityBinding::new(
            "api",
            access4::IdentityBindingSpec {
                schemes: access4::IdentitySchemes {
                    service_account: Some("api".into()),
                    ..Default::default()
                },
            },
        );
        ib.metadata = meta("api");
        let objects = [
            SmiObject::TrafficTargetV1alpha4(tt),
            SmiObject::IdentityBindingV1alpha4(ib),
            mk_tcp4("tcp"),
        ];
        assert_eq!(
            check_all(&objects),
            triples(&[("tt", "unresolved-reference", "spec.sources[0].name")])
        );
    }
}
