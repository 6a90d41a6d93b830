//! TrafficTarget: hub v1alpha3.

use super::{Converted, Loss, Step};
use crate::access::{v1alpha1, v1alpha2, v1alpha3};
use crate::{Hub, SmiObject, Version};

const PORT_LOST: &str = "v1alpha3 has no port: the target now allows every port of the destination; v1alpha3 restricts ports with a TCPRoute rule";
const SOURCE_PORT_LOST: &str = "v1alpha3 has no port (a port on a source never had a meaning)";

/// v1alpha1 ↔ v1alpha2 directly: both have ports, nothing is lost.
pub(super) fn direct(object: &SmiObject, to: Version) -> Option<Converted<SmiObject>> {
    let object = match (object, to) {
        (SmiObject::TrafficTargetV1alpha1(o), Version::V1alpha2) => {
            SmiObject::TrafficTargetV1alpha2(v1alpha2::TrafficTarget {
                metadata: o.metadata.clone(),
                spec: v1alpha2::TrafficTargetSpec {
                    destination: o.spec.destination.clone(),
                    sources: o.spec.sources.clone(),
                    rules: o.spec.specs.clone(),
                },
            })
        }
        (SmiObject::TrafficTargetV1alpha2(o), Version::V1alpha1) => {
            SmiObject::TrafficTargetV1alpha1(v1alpha1::TrafficTarget {
                metadata: o.metadata.clone(),
                spec: v1alpha1::TrafficTargetSpec {
                    destination: o.spec.destination.clone(),
                    sources: o.spec.sources.clone(),
                    specs: o.spec.rules.clone(),
                },
            })
        }
        _ => return None,
    };
    Some(Converted {
        object,
        lost: Vec::new(),
    })
}

fn subject_up(
    s: &v1alpha1::IdentityBindingSubject,
    path: String,
    message: &str,
    lost: &mut Vec<Loss>,
) -> v1alpha3::IdentityBindingSubject {
    if let Some(port) = s.port {
        lost.push(Loss::new(
            format!("{path}.port"),
            format!("port {port} dropped: {message}"),
        ));
    }
    v1alpha3::IdentityBindingSubject {
        kind: match s.kind {
            v1alpha1::SubjectKind::ServiceAccount => v1alpha3::SubjectKind::ServiceAccount,
        },
        name: s.name.clone(),
        namespace: s.namespace.clone(),
    }
}

fn rule_up(r: &v1alpha1::TrafficTargetRule) -> v1alpha3::TrafficTargetRule {
    v1alpha3::TrafficTargetRule {
        kind: match r.kind {
            v1alpha1::RuleKind::HttpRouteGroup => v1alpha3::RuleKind::HttpRouteGroup,
            v1alpha1::RuleKind::TcpRoute => v1alpha3::RuleKind::TcpRoute,
        },
        name: r.name.clone(),
        matches: r.matches.clone(),
    }
}

fn spec_up(
    prefix: &str,
    destination: &v1alpha1::IdentityBindingSubject,
    sources: &Option<Vec<v1alpha1::IdentityBindingSubject>>,
    rules: &Option<Vec<v1alpha1::TrafficTargetRule>>,
) -> (v1alpha3::TrafficTargetSpec, Vec<Loss>) {
    let mut lost = Vec::new();
    let destination = subject_up(
        destination,
        format!("{prefix}destination"),
        PORT_LOST,
        &mut lost,
    );
    let sources = sources.as_ref().map(|sources| {
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                subject_up(
                    s,
                    format!("{prefix}sources[{i}]"),
                    SOURCE_PORT_LOST,
                    &mut lost,
                )
            })
            .collect()
    });
    let rules = rules.as_ref().map(|r| r.iter().map(rule_up).collect());
    (
        v1alpha3::TrafficTargetSpec {
            destination,
            sources,
            rules,
        },
        lost,
    )
}

pub(super) fn up_v1alpha1(o: &v1alpha1::TrafficTarget) -> Step<Hub> {
    let (spec, lost) = spec_up("", &o.spec.destination, &o.spec.sources, &o.spec.specs);
    Ok((
        Hub::TrafficTarget(v1alpha3::TrafficTarget {
            metadata: o.metadata.clone(),
            spec,
        }),
        lost,
    ))
}

pub(super) fn up_v1alpha2(o: &v1alpha2::TrafficTarget) -> Step<Hub> {
    let (spec, lost) = spec_up("spec.", &o.spec.destination, &o.spec.sources, &o.spec.rules);
    Ok((
        Hub::TrafficTarget(v1alpha3::TrafficTarget {
            metadata: o.metadata.clone(),
            spec,
        }),
        lost,
    ))
}

fn subject_down(s: &v1alpha3::IdentityBindingSubject) -> v1alpha1::IdentityBindingSubject {
    v1alpha1::IdentityBindingSubject {
        kind: match s.kind {
            v1alpha3::SubjectKind::ServiceAccount => v1alpha1::SubjectKind::ServiceAccount,
        },
        name: s.name.clone(),
        namespace: s.namespace.clone(),
        port: None,
    }
}

/// The hub spec in v1alpha2 terms (v1alpha1 has the same fields): UDPRoute rules are dropped.
fn spec_down(spec: &v1alpha3::TrafficTargetSpec) -> (v1alpha2::TrafficTargetSpec, Vec<Loss>) {
    let mut lost = Vec::new();
    let rules = spec.rules.as_ref().map(|rules| {
        rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let kind = match r.kind {
                    v1alpha3::RuleKind::HttpRouteGroup => v1alpha1::RuleKind::HttpRouteGroup,
                    v1alpha3::RuleKind::TcpRoute => v1alpha1::RuleKind::TcpRoute,
                    v1alpha3::RuleKind::UdpRoute => {
                        lost.push(Loss::new(
                            format!("spec.rules[{i}]"),
                            format!(
                                "UDPRoute rule `{}` dropped: rules reference UDPRoutes only from v1alpha3 on (the target now allows less)",
                                r.name
                            ),
                        ));
                        return None;
                    }
                };
                Some(v1alpha1::TrafficTargetRule {
                    kind,
                    name: r.name.clone(),
                    matches: r.matches.clone(),
                })
            })
            .collect()
    });
    let spec = v1alpha2::TrafficTargetSpec {
        destination: subject_down(&spec.destination),
        sources: spec
            .sources
            .as_ref()
            .map(|s| s.iter().map(subject_down).collect()),
        rules,
    };
    (spec, lost)
}

pub(super) fn down_v1alpha1(o: &v1alpha3::TrafficTarget) -> Step<v1alpha1::TrafficTarget> {
    let (spec, lost) = spec_down(&o.spec);
    Ok((
        v1alpha1::TrafficTarget {
            metadata: o.metadata.clone(),
            spec: v1alpha1::TrafficTargetSpec {
                destination: spec.destination,
                sources: spec.sources,
                specs: spec.rules,
            },
        },
        lost,
    ))
}

pub(super) fn down_v1alpha2(o: &v1alpha3::TrafficTarget) -> Step<v1alpha2::TrafficTarget> {
    let (spec, lost) = spec_down(&o.spec);
    Ok((
        v1alpha2::TrafficTarget {
            metadata: o.metadata.clone(),
            spec,
        },
        lost,
    ))
}

#[cfg(feature = "unreleased")]
pub(super) use unreleased::{down_v1alpha4, up_v1alpha4};

#[cfg(feature = "unreleased")]
mod unreleased {
    use super::*;
    use crate::access::v1alpha4;
    use crate::convert::ConvertError;

    pub(in crate::convert) fn up_v1alpha4(o: &v1alpha4::TrafficTarget) -> Step<Hub> {
        let d = &o.spec.destination;
        if d.kind == v1alpha4::SubjectKind::IdentityBinding {
            return Err(ConvertError::NotRepresentable {
                path: "spec.destination".into(),
                message: format!(
                    "destination is IdentityBinding `{}`, which v1alpha3 cannot name (dropping it would change what the target protects)",
                    d.name
                ),
            });
        }
        let mut lost = Vec::new();
        let sources = o.spec.sources.as_ref().map(|sources| {
            sources
                .iter()
                .enumerate()
                .filter_map(|(i, s)| match s.kind {
                    v1alpha4::SubjectKind::ServiceAccount => Some(subject(s)),
                    v1alpha4::SubjectKind::IdentityBinding => {
                        lost.push(Loss::new(
                            format!("spec.sources[{i}]"),
                            format!(
                                "IdentityBinding source `{}` dropped: v1alpha3 has only ServiceAccount subjects (the target now allows less)",
                                s.name
                            ),
                        ));
                        None
                    }
                })
                .collect()
        });
        Ok((
            Hub::TrafficTarget(v1alpha3::TrafficTarget {
                metadata: o.metadata.clone(),
                spec: v1alpha3::TrafficTargetSpec {
                    destination: subject(d),
                    sources,
                    rules: o.spec.rules.clone(),
                },
            }),
            lost,
        ))
    }

    fn subject(s: &v1alpha4::IdentityBindingSubject) -> v1alpha3::IdentityBindingSubject {
        v1alpha3::IdentityBindingSubject {
            kind: v1alpha3::SubjectKind::ServiceAccount,
            name: s.name.clone(),
            namespace: s.namespace.clone(),
        }
    }

    pub(in crate::convert) fn down_v1alpha4(
        o: &v1alpha3::TrafficTarget,
    ) -> v1alpha4::TrafficTarget {
        let subject = |s: &v1alpha3::IdentityBindingSubject| v1alpha4::IdentityBindingSubject {
            kind: v1alpha4::SubjectKind::ServiceAccount,
            name: s.name.clone(),
            namespace: s.namespace.clone(),
        };
        v1alpha4::TrafficTarget {
            metadata: o.metadata.clone(),
            spec: v1alpha4::TrafficTargetSpec {
                destination: subject(&o.spec.destination),
                sources: o
                    .spec
                    .sources
                    .as_ref()
                    .map(|s| s.iter().map(subject).collect()),
                rules: o.spec.rules.clone(),
            },
        }
    }
}
