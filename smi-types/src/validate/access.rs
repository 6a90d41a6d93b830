//! TrafficTarget rules, every version, through one version-neutral view.

use super::codes::{
    DUPLICATE_SOURCE, EMPTY_MATCH_NAME, EMPTY_RULE_MATCHES, IMPLICIT_NAMESPACE, MATCHES_ON_L4_RULE,
    MISSING_RULES, MISSING_SOURCES, PORT_OUT_OF_RANGE, SOURCE_PORT_IGNORED,
};
use super::names::{self, NameRule};
use super::report::{Report, field, index};
use crate::{SmiObject, Version, access};

/// A destination or source, whatever the version.
pub(super) struct Subject<'a> {
    /// `ServiceAccount` or `IdentityBinding`.
    pub(super) kind: &'static str,
    pub(super) name: &'a str,
    pub(super) namespace: Option<&'a str>,
    /// Only v1alpha1/v1alpha2 have ports.
    pub(super) port: Option<i32>,
}

/// A rule (`specs[]` in v1alpha1, `spec.rules[]` later).
pub(super) struct Rule<'a> {
    /// `HTTPRouteGroup`, `TCPRoute` or `UDPRoute`.
    pub(super) kind: &'static str,
    pub(super) name: &'a str,
    pub(super) matches: Option<&'a [String]>,
}

/// A TrafficTarget of any version.
pub(super) struct Target<'a> {
    pub(super) version: Version,
    /// `""` for v1alpha1 (no `spec` wrapper), else `"spec"`.
    pub(super) base: &'static str,
    /// `specs` in v1alpha1, `rules` later.
    pub(super) rules_field: &'static str,
    pub(super) destination: Subject<'a>,
    pub(super) sources: Option<Vec<Subject<'a>>>,
    pub(super) rules: Option<Vec<Rule<'a>>>,
}

impl<'a> Target<'a> {
    /// Path of rule `i`.
    pub(super) fn rule_path(&self, i: usize) -> String {
        index(&field(self.base, self.rules_field), i)
    }
}

const SERVICE_ACCOUNT: &str = "ServiceAccount";

fn v1_subject(s: &access::v1alpha1::IdentityBindingSubject) -> Subject<'_> {
    Subject {
        kind: SERVICE_ACCOUNT,
        name: &s.name,
        namespace: s.namespace.as_deref(),
        port: s.port,
    }
}

fn v3_subject(s: &access::v1alpha3::IdentityBindingSubject) -> Subject<'_> {
    Subject {
        kind: SERVICE_ACCOUNT,
        name: &s.name,
        namespace: s.namespace.as_deref(),
        port: None,
    }
}

#[cfg(feature = "unreleased")]
fn v4_subject(s: &access::v1alpha4::IdentityBindingSubject) -> Subject<'_> {
    Subject {
        kind: match s.kind {
            access::v1alpha4::SubjectKind::ServiceAccount => SERVICE_ACCOUNT,
            access::v1alpha4::SubjectKind::IdentityBinding => "IdentityBinding",
        },
        name: &s.name,
        namespace: s.namespace.as_deref(),
        port: None,
    }
}

fn v1_rule(r: &access::v1alpha1::TrafficTargetRule) -> Rule<'_> {
    Rule {
        kind: match r.kind {
            access::v1alpha1::RuleKind::HttpRouteGroup => "HTTPRouteGroup",
            access::v1alpha1::RuleKind::TcpRoute => "TCPRoute",
        },
        name: &r.name,
        matches: r.matches.as_deref(),
    }
}

fn v3_rule(r: &access::v1alpha3::TrafficTargetRule) -> Rule<'_> {
    Rule {
        kind: match r.kind {
            access::v1alpha3::RuleKind::HttpRouteGroup => "HTTPRouteGroup",
            access::v1alpha3::RuleKind::TcpRoute => "TCPRoute",
            access::v1alpha3::RuleKind::UdpRoute => "UDPRoute",
        },
        name: &r.name,
        matches: r.matches.as_deref(),
    }
}

/// The [`Target`] view of TrafficTarget `$object` of version `$version`: its subjects read by
/// `$subject`, its rules (the `spec.$rules` field) by `$rule`.
macro_rules! target {
    ($object:ident, $version:ident, $rules:ident, $subject:ident, $rule:ident) => {
        Target {
            version: Version::$version,
            base: spec_wrapper(Version::$version),
            rules_field: stringify!($rules),
            destination: $subject(&$object.spec.destination),
            sources: each(&$object.spec.sources, $subject),
            rules: each(&$object.spec.$rules, $rule),
        }
    };
}

/// The wire field the spec is under: v1alpha1 keeps its fields at the top level.
fn spec_wrapper(version: Version) -> &'static str {
    if version == Version::V1alpha1 {
        ""
    } else {
        "spec"
    }
}

/// The version-neutral view of each item of an optional list.
fn each<'a, T, V>(items: &'a Option<Vec<T>>, view: fn(&'a T) -> V) -> Option<Vec<V>> {
    items.as_ref().map(|items| items.iter().map(view).collect())
}

/// The TrafficTarget view of `object`, if it is a TrafficTarget.
pub(super) fn target(object: &SmiObject) -> Option<Target<'_>> {
    Some(match object {
        SmiObject::TrafficTargetV1alpha1(o) => target!(o, V1alpha1, specs, v1_subject, v1_rule),
        SmiObject::TrafficTargetV1alpha2(o) => target!(o, V1alpha2, rules, v1_subject, v1_rule),
        SmiObject::TrafficTargetV1alpha3(o) => target!(o, V1alpha3, rules, v3_subject, v3_rule),
        #[cfg(feature = "unreleased")]
        SmiObject::TrafficTargetV1alpha4(o) => target!(o, V1alpha4, rules, v4_subject, v3_rule),
        _ => return None,
    })
}

/// Every per-object TrafficTarget rule.
pub(super) fn check(r: &mut Report, t: &Target<'_>) {
    let strict = t.version >= Version::V1alpha3;
    let dest_path = field(t.base, "destination");
    check_subject(r, &dest_path, &t.destination);
    if let Some(port) = t.destination.port {
        check_port(r, &field(&dest_path, "port"), port);
    }

    let sources_path = field(t.base, "sources");
    let sources = t.sources.as_deref().unwrap_or_default();
    if sources.is_empty() {
        let message = "the TrafficTarget has no sources, so it allows no caller";
        let help = "list at least one ServiceAccount under sources";
        if strict {
            r.error(MISSING_SOURCES, &sources_path, message).help(help);
        } else {
            r.warning(MISSING_SOURCES, &sources_path, message)
                .help(help);
        }
    }
    let mut listed = std::collections::HashSet::new();
    for (i, source) in sources.iter().enumerate() {
        let path = index(&sources_path, i);
        check_subject(r, &path, source);
        if source.port.is_some() {
            r.warning(
                SOURCE_PORT_IGNORED,
                field(&path, "port"),
                "a port on a source means nothing; only the destination port restricts traffic",
            )
            .help("remove the port, or move it to the destination");
        }
        if !listed.insert((source.kind, source.name, source.namespace)) {
            r.warning(
                DUPLICATE_SOURCE,
                &path,
                format!("{} `{}` is listed more than once", source.kind, source.name),
            )
            .help("remove the repeated source");
        }
    }

    let rules_path = field(t.base, t.rules_field);
    let rules = t.rules.as_deref().unwrap_or_default();
    if rules.is_empty() {
        let message = "the TrafficTarget has no rules, so it allows no traffic";
        let help = "reference at least one HTTPRouteGroup, TCPRoute or UDPRoute";
        if strict {
            r.error(MISSING_RULES, &rules_path, message).help(help);
        } else {
            r.warning(MISSING_RULES, &rules_path, message).help(help);
        }
    }
    for (i, rule) in rules.iter().enumerate() {
        check_rule(r, &t.rule_path(i), rule);
    }
}

fn check_subject(r: &mut Report, path: &str, subject: &Subject<'_>) {
    names::check(
        r,
        NameRule::Subdomain,
        &field(path, "name"),
        &format!("{} name", subject.kind),
        subject.name,
    );
    match subject.namespace {
        Some(ns) => names::check_namespace(r, &field(path, "namespace"), ns),
        None => {
            r.warning(
                IMPLICIT_NAMESPACE,
                field(path, "namespace"),
                format!(
                    "{} `{}` has no namespace; the spec leaves this undefined, it is read as the TrafficTarget's namespace",
                    subject.kind, subject.name
                ),
            )
            .help("set the namespace explicitly");
        }
    }
}

/// Reports `port` at `path` unless it is in 1–65535.
pub(super) fn check_port(r: &mut Report, path: &str, port: i32) {
    if !(1..=65535).contains(&port) {
        r.error(
            PORT_OUT_OF_RANGE,
            path,
            format!("port {port} is outside 1-65535"),
        )
        .help("use a port number from 1 to 65535");
    }
}

fn check_rule(r: &mut Report, path: &str, rule: &Rule<'_>) {
    names::check(
        r,
        NameRule::Subdomain,
        &field(path, "name"),
        &format!("{} name", rule.kind),
        rule.name,
    );
    let Some(matches) = rule.matches else { return };
    let matches_path = field(path, "matches");
    if rule.kind != "HTTPRouteGroup" {
        r.warning(
            MATCHES_ON_L4_RULE,
            &matches_path,
            format!(
                "`matches` on a {} rule is not defined by the spec and is ignored",
                rule.kind
            ),
        )
        .help("remove `matches`; TCPRoute and UDPRoute select ports, not named matches");
        return;
    }
    if matches.is_empty() {
        r.warning(
            EMPTY_RULE_MATCHES,
            &matches_path,
            "`matches: []` is ambiguous: omitting `matches` allows every match of the group, an empty list may allow none",
        )
        .help("omit `matches` to allow the whole group, or list the match names");
    }
    for (j, name) in matches.iter().enumerate() {
        if name.is_empty() {
            r.error(
                EMPTY_MATCH_NAME,
                index(&matches_path, j),
                "the match reference is empty",
            )
            .help("name a match of the referenced HTTPRouteGroup");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, meta, pairs};
    use crate::SmiObject;
    use crate::access::{v1alpha1, v1alpha2, v1alpha3};

    fn mk_subject1(name: &str, port: Option<i32>) -> v1alpha1::IdentityBindingSubject {
        v1alpha1::IdentityBindingSubject {
            kind: v1alpha1::SubjectKind::ServiceAccount,
            name: name.into(),
            namespace: Some("default".into()),
            port,
        }
    }

    fn mk_subject3(name: &str, namespace: Option<&str>) -> v1alpha3::IdentityBindingSubject {
        v1alpha3::IdentityBindingSubject {
            kind: v1alpha3::SubjectKind::ServiceAccount,
            name: name.into(),
            namespace: namespace.map(Into::into),
        }
    }

    fn mk_rule3(
        kind: v1alpha3::RuleKind,
        name: &str,
        matches: Option<&[&str]>,
    ) -> v1alpha3::TrafficTargetRule {
        v1alpha3::TrafficTargetRule {
            kind,
            name: name.into(),
            matches: matches.map(|m| m.iter().map(|s| s.to_string()).collect()),
        }
    }

    fn mk_tt3(spec: v1alpha3::TrafficTargetSpec) -> SmiObject {
        let mut o = v1alpha3::TrafficTarget::new("tt", spec);
        o.metadata = meta("tt");
        SmiObject::TrafficTargetV1alpha3(o)
    }

    fn mk_valid_spec3() -> v1alpha3::TrafficTargetSpec {
        v1alpha3::TrafficTargetSpec {
            destination: mk_subject3("api", Some("default")),
            sources: Some(vec![mk_subject3("prometheus", Some("default"))]),
            rules: Some(vec![mk_rule3(
                v1alpha3::RuleKind::HttpRouteGroup,
                "routes",
                Some(&["metrics"]),
            )]),
        }
    }

    fn mk_tt1(
        destination: v1alpha1::IdentityBindingSubject,
        sources: Vec<v1alpha1::IdentityBindingSubject>,
    ) -> SmiObject {
        let mut o = v1alpha1::TrafficTarget::new(
            "tt",
            v1alpha1::TrafficTargetSpec {
                destination,
                sources: Some(sources),
                specs: Some(vec![v1alpha1::TrafficTargetRule {
                    kind: v1alpha1::RuleKind::TcpRoute,
                    name: "tcp".into(),
                    matches: None,
                }]),
            },
        );
        o.metadata = meta("tt");
        SmiObject::TrafficTargetV1alpha1(o)
    }

    #[test]
    fn valid_targets_have_no_violations() {
        assert_eq!(check(&mk_tt3(mk_valid_spec3())), pairs(&[]));
        assert_eq!(
            check(&mk_tt1(
                mk_subject1("api", Some(8080)),
                vec![mk_subject1("web", None)]
            )),
            pairs(&[])
        );
        let mut o = v1alpha2::TrafficTarget::new(
            "tt",
            v1alpha2::TrafficTargetSpec {
                destination: mk_subject1("api", Some(80)),
                sources: Some(vec![mk_subject1("web", None)]),
                rules: Some(vec![v1alpha2::TrafficTargetRule {
                    kind: v1alpha2::RuleKind::HttpRouteGroup,
                    name: "routes".into(),
                    matches: None,
                }]),
            },
        );
        o.metadata = meta("tt");
        assert_eq!(check(&SmiObject::TrafficTargetV1alpha2(o)), pairs(&[]));
    }

    #[test]
    fn v1alpha1_ports_have_no_spec_prefix() {
        let o = mk_tt1(
            mk_subject1("api", Some(0)),
            vec![mk_subject1("web", Some(70000))],
        );
        assert_eq!(
            check(&o),
            pairs(&[
                ("port-out-of-range", "destination.port"),
                ("source-port-ignored", "sources[0].port"),
            ])
        );
    }

    #[test]
    fn v1alpha2_port_out_of_range() {
        let mut o = v1alpha2::TrafficTarget::new(
            "tt",
            v1alpha2::TrafficTargetSpec {
                destination: mk_subject1("api", Some(65536)),
                sources: Some(vec![mk_subject1("web", None)]),
                rules: None,
            },
        );
        o.metadata = meta("tt");
        assert_eq!(
            check(&SmiObject::TrafficTargetV1alpha2(o)),
            pairs(&[
                ("missing-rules", "spec.rules"),
                ("port-out-of-range", "spec.destination.port"),
            ])
        );
    }

    #[test]
    fn v1alpha3_needs_rules_and_sources() {
        let spec = v1alpha3::TrafficTargetSpec {
            sources: Some(vec![]),
            rules: None,
            ..mk_valid_spec3()
        };
        let v = super::super::validate(&mk_tt3(spec));
        let got: Vec<_> = v
            .iter()
            .map(|v| (v.code, v.path.as_str(), v.is_error()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("missing-rules", "spec.rules", true),
                ("missing-sources", "spec.sources", true),
            ]
        );
    }

    #[test]
    fn implicit_and_empty_namespaces() {
        let spec = v1alpha3::TrafficTargetSpec {
            destination: mk_subject3("api", None),
            sources: Some(vec![mk_subject3("web", Some(""))]),
            ..mk_valid_spec3()
        };
        assert_eq!(
            check(&mk_tt3(spec)),
            pairs(&[
                ("implicit-namespace", "spec.destination.namespace"),
                ("empty-namespace", "spec.sources[0].namespace"),
            ])
        );
    }

    #[test]
    fn invalid_subject_and_rule_names() {
        let spec = v1alpha3::TrafficTargetSpec {
            destination: mk_subject3("API", Some("Bad_NS")),
            sources: Some(vec![
                mk_subject3("web", Some("default")),
                mk_subject3("web", Some("default")),
            ]),
            rules: Some(vec![mk_rule3(v1alpha3::RuleKind::TcpRoute, "-tcp", None)]),
        };
        assert_eq!(
            check(&mk_tt3(spec)),
            pairs(&[
                ("invalid-name", "spec.destination.name"),
                ("invalid-name", "spec.destination.namespace"),
                ("invalid-name", "spec.rules[0].name"),
                ("duplicate-source", "spec.sources[1]"),
            ])
        );
    }

    #[test]
    fn rule_matches() {
        let spec = v1alpha3::TrafficTargetSpec {
            rules: Some(vec![
                mk_rule3(v1alpha3::RuleKind::HttpRouteGroup, "routes", Some(&[])),
                mk_rule3(
                    v1alpha3::RuleKind::HttpRouteGroup,
                    "routes",
                    Some(&["a", ""]),
                ),
                mk_rule3(v1alpha3::RuleKind::UdpRoute, "udp", Some(&["a"])),
            ]),
            ..mk_valid_spec3()
        };
        assert_eq!(
            check(&mk_tt3(spec)),
            pairs(&[
                ("empty-rule-matches", "spec.rules[0].matches"),
                ("empty-match-name", "spec.rules[1].matches[1]"),
                ("matches-on-l4-rule", "spec.rules[2].matches"),
            ])
        );
    }

    #[cfg(feature = "unreleased")]
    #[test]
    fn v1alpha4_target() {
        use crate::access::v1alpha4;
        let subject = |kind, name: &str| v1alpha4::IdentityBindingSubject {
            kind,
            name: name.into(),
            namespace: Some("default".into()),
        };
        let mut o = v1alpha4::TrafficTarget::new(
            "tt",
            v1alpha4::TrafficTargetSpec {
                destination: subject(v1alpha4::SubjectKind::IdentityBinding, "api"),
                sources: Some(vec![subject(v1alpha4::SubjectKind::ServiceAccount, "Web")]),
                rules: None,
            },
        );
        o.metadata = meta("tt");
        assert_eq!(
            check(&SmiObject::TrafficTargetV1alpha4(o)),
            pairs(&[
                ("missing-rules", "spec.rules"),
                ("invalid-name", "spec.sources[0].name"),
            ])
        );
    }
}
