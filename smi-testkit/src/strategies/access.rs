//! Strategies for `access.smi-spec.io`: subjects, rules and TrafficTargets of every version.

use super::{Restrict, Validity, dns_name, object_meta};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use smi_types::access::{v1alpha1 as a1, v1alpha2 as a2, v1alpha3 as a3};

/// A TrafficTarget v1alpha3 from its parts, the shape both the valid and the arbitrary
/// strategies map to.
pub(crate) fn assemble_target_v1alpha3(
    metadata: ObjectMeta,
    destination: a3::IdentityBindingSubject,
    sources: Option<Vec<a3::IdentityBindingSubject>>,
    rules: Option<Vec<a3::TrafficTargetRule>>,
) -> a3::TrafficTarget {
    a3::TrafficTarget {
        metadata,
        spec: a3::TrafficTargetSpec {
            destination,
            sources,
            rules,
        },
    }
}
/// An access v1alpha1/v1alpha2 subject (ServiceAccount); `with_port` lets it carry a port.
pub fn subject_v1alpha1(with_port: bool) -> impl Strategy<Value = a1::IdentityBindingSubject> {
    let port = if with_port {
        option::of(1..=65535i32).boxed()
    } else {
        Just(None).boxed()
    };
    (dns_name(), option::of(dns_name()), port).prop_map(|(name, namespace, port)| {
        a1::IdentityBindingSubject {
            kind: a1::SubjectKind::ServiceAccount,
            name,
            namespace,
            port,
        }
    })
}

/// An access v1alpha3 subject (ServiceAccount), namespace sometimes omitted.
pub fn subject_v1alpha3() -> impl Strategy<Value = a3::IdentityBindingSubject> {
    (dns_name(), option::of(dns_name())).prop_map(|(name, namespace)| a3::IdentityBindingSubject {
        kind: a3::SubjectKind::ServiceAccount,
        name,
        namespace,
    })
}

/// Rule `matches`: absent, or 0–2 match names.
pub fn match_names() -> impl Strategy<Value = Option<Vec<String>>> {
    option::of(vec(dns_name(), 0..3))
}

/// An access v1alpha1/v1alpha2 rule (HTTPRouteGroup or TCPRoute).
pub fn rule_v1alpha1() -> impl Strategy<Value = a1::TrafficTargetRule> {
    (
        prop_oneof![
            Just(a1::RuleKind::HttpRouteGroup),
            Just(a1::RuleKind::TcpRoute)
        ],
        dns_name(),
        match_names(),
    )
        .prop_map(|(kind, name, matches)| a1::TrafficTargetRule {
            kind,
            name,
            matches,
        })
}

/// An access v1alpha3 rule; `no_udp` leaves out UDPRoute rules.
pub fn rule_v1alpha3(no_udp: bool) -> impl Strategy<Value = a3::TrafficTargetRule> {
    let kind = if no_udp {
        prop_oneof![
            Just(a3::RuleKind::HttpRouteGroup),
            Just(a3::RuleKind::TcpRoute)
        ]
        .boxed()
    } else {
        prop_oneof![
            Just(a3::RuleKind::HttpRouteGroup),
            Just(a3::RuleKind::TcpRoute),
            Just(a3::RuleKind::UdpRoute)
        ]
        .boxed()
    };
    (kind, dns_name(), match_names()).prop_map(|(kind, name, matches)| a3::TrafficTargetRule {
        kind,
        name,
        matches,
    })
}

/// `with_port`: ports on the destination and sources (dropped going to the hub).
pub fn traffic_target_v1alpha1(
    validity: Validity,
    with_port: bool,
) -> impl Strategy<Value = a1::TrafficTarget> {
    (
        object_meta(),
        subject_v1alpha1(with_port),
        validity.list(subject_v1alpha1(with_port)),
        validity.list(rule_v1alpha1()),
    )
        .prop_map(
            |(metadata, destination, sources, specs)| a1::TrafficTarget {
                metadata,
                spec: a1::TrafficTargetSpec {
                    destination,
                    sources,
                    specs,
                },
            },
        )
}

/// A TrafficTarget v1alpha2; `with_port`: ports on the destination and sources.
pub fn traffic_target_v1alpha2(
    validity: Validity,
    with_port: bool,
) -> impl Strategy<Value = a2::TrafficTarget> {
    traffic_target_v1alpha1(validity, with_port).prop_map(|t| a2::TrafficTarget {
        metadata: t.metadata,
        spec: a2::TrafficTargetSpec {
            destination: t.spec.destination,
            sources: t.spec.sources,
            rules: t.spec.specs,
        },
    })
}

/// A TrafficTarget v1alpha3 (the hub).
pub fn traffic_target_v1alpha3(
    validity: Validity,
    r: Restrict,
) -> impl Strategy<Value = a3::TrafficTarget> {
    (
        object_meta(),
        subject_v1alpha3(),
        validity.list(subject_v1alpha3()),
        validity.list(rule_v1alpha3(r.no_udp_rules)),
    )
        .prop_map(|(metadata, destination, sources, rules)| {
            assemble_target_v1alpha3(metadata, destination, sources, rules)
        })
}

#[cfg(feature = "unreleased")]
#[cfg_attr(docsrs, doc(cfg(feature = "unreleased")))]
/// Strategies for `access.smi-spec.io/v1alpha4` and IdentityBinding (feature `unreleased`).
pub mod unreleased {
    use super::*;
    use proptest::collection::btree_map;
    use smi_types::access::v1alpha4 as a4;

    /// An access v1alpha4 subject; `identity_bindings` allows IdentityBinding subjects.
    pub fn subject_v1alpha4(
        identity_bindings: bool,
    ) -> impl Strategy<Value = a4::IdentityBindingSubject> {
        let kind = if identity_bindings {
            prop_oneof![
                Just(a4::SubjectKind::ServiceAccount),
                Just(a4::SubjectKind::IdentityBinding)
            ]
            .boxed()
        } else {
            Just(a4::SubjectKind::ServiceAccount).boxed()
        };
        (kind, dns_name(), option::of(dns_name())).prop_map(|(kind, name, namespace)| {
            a4::IdentityBindingSubject {
                kind,
                name,
                namespace,
            }
        })
    }

    /// A TrafficTarget v1alpha4 (unreleased).
    pub fn traffic_target_v1alpha4(
        validity: Validity,
        identity_bindings: bool,
    ) -> impl Strategy<Value = a4::TrafficTarget> {
        (
            object_meta(),
            subject_v1alpha4(identity_bindings),
            validity.list(subject_v1alpha4(identity_bindings)),
            validity.list(rule_v1alpha3(false)),
        )
            .prop_map(
                |(metadata, destination, sources, rules)| a4::TrafficTarget {
                    metadata,
                    spec: a4::TrafficTargetSpec {
                        destination,
                        sources,
                        rules,
                    },
                },
            )
    }

    /// An IdentityBinding v1alpha4 (unreleased).
    pub fn identity_binding(validity: Validity) -> impl Strategy<Value = a4::IdentityBinding> {
        let labels = || btree_map("[a-z]{1,8}", "[a-z0-9]{0,8}", 1..3);
        let spiffe = || option::of(vec("[a-z]{1,8}\\.[a-z]{2,4}/ns/[a-z]{1,8}", 1..3));
        let schemes = match validity {
            // `podLabelSelector` and `serviceAccount` are mutually exclusive.
            Validity::Valid => (labels(), spiffe(), dns_name(), any::<bool>())
                .prop_map(|(labels, spiffe, sa, by_labels)| a4::IdentitySchemes {
                    pod_label_selector: by_labels.then_some(a4::PodLabelSelector {
                        match_labels: labels,
                    }),
                    spiffe_identities: spiffe,
                    service_account: (!by_labels).then_some(sa),
                })
                .boxed(),
            Validity::WellFormed => (option::of(labels()), spiffe(), option::of(dns_name()))
                .prop_map(|(labels, spiffe, sa)| a4::IdentitySchemes {
                    pod_label_selector: labels
                        .map(|match_labels| a4::PodLabelSelector { match_labels }),
                    spiffe_identities: spiffe,
                    service_account: sa,
                })
                .boxed(),
        };
        (object_meta(), schemes).prop_map(|(metadata, schemes)| a4::IdentityBinding {
            metadata,
            spec: a4::IdentityBindingSpec { schemes },
        })
    }
}
