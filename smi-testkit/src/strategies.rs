//! Proptest strategies for every SMI kind and version.
//!
//! The functions at the top level are **valid by construction**: every object they produce
//! passes the schema of its version (names are DNS labels, ports are in 1–65535, methods are
//! the spec's tokens). Hub strategies take a [`Restrict`] so conversion tests can generate only
//! what a target version can represent. [`arbitrary`] holds looser variants that often produce
//! invalid objects (bad names, out-of-range ports, non-RE2 regexes, dangling references).

use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use smi_types::access::{v1alpha1 as a1, v1alpha2 as a2, v1alpha3 as a3};
use smi_types::metrics::{v1alpha1 as m1, v1alpha2 as m2};
use smi_types::specs::{v1alpha1 as s1, v1alpha2 as s2, v1alpha3 as s3, v1alpha4 as s4};
use smi_types::split::{v1alpha1 as t1, v1alpha2 as t2, v1alpha3 as t3, v1alpha4 as t4};
use smi_types::{HttpHeaders, HttpMethod, Quantity, SmiObject};

/// What a hub value must leave out to be representable in an older version.
#[derive(Clone, Copy, Debug, Default)]
pub struct Restrict {
    /// No UDPRoute rules (access v1alpha1/v1alpha2).
    pub no_udp_rules: bool,
    /// No header filters (specs v1alpha1).
    pub no_headers: bool,
    /// No ports and no match name (TCPRoute v1alpha1–v1alpha3).
    pub no_ports: bool,
    /// No `matches` (split v1alpha1/v1alpha2).
    pub no_split_matches: bool,
    /// No `edge.side` and no `backend` (metrics v1alpha1).
    pub no_metrics_extras: bool,
}

impl Restrict {
    /// Nothing left out.
    pub const NONE: Restrict = Restrict {
        no_udp_rules: false,
        no_headers: false,
        no_ports: false,
        no_split_matches: false,
        no_metrics_extras: false,
    };
    /// Everything left out.
    pub const ALL: Restrict = Restrict {
        no_udp_rules: true,
        no_headers: true,
        no_ports: true,
        no_split_matches: true,
        no_metrics_extras: true,
    };
}

/// A DNS-1123 label of 1–12 characters.
pub fn dns_name() -> impl Strategy<Value = String> {
    "[a-z]([a-z0-9-]{0,10}[a-z0-9])?"
}

/// Hand-written `ObjectMeta`: DNS name and namespace, sometimes 1–2 labels.
pub fn object_meta() -> impl Strategy<Value = ObjectMeta> {
    (
        dns_name(),
        dns_name(),
        option::of(btree_map("[a-z]{1,8}(/[a-z]{1,8})?", "[a-z0-9]{0,8}", 1..3)),
    )
        .prop_map(|(name, namespace, labels)| ObjectMeta {
            name: Some(name),
            namespace: Some(namespace),
            labels,
            ..ObjectMeta::default()
        })
}

/// Keeps the first element of each key: names that must be unique stay unique.
fn unique_by<T, K: Ord>(items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen = std::collections::BTreeSet::new();
    items.into_iter().filter(|t| seen.insert(key(t))).collect()
}

// ------------------------------------------------------------------ access

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
pub fn traffic_target_v1alpha1(with_port: bool) -> impl Strategy<Value = a1::TrafficTarget> {
    (
        object_meta(),
        subject_v1alpha1(with_port),
        vec(subject_v1alpha1(with_port), 1..3).prop_map(Some),
        vec(rule_v1alpha1(), 1..3).prop_map(Some),
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
pub fn traffic_target_v1alpha2(with_port: bool) -> impl Strategy<Value = a2::TrafficTarget> {
    traffic_target_v1alpha1(with_port).prop_map(|t| a2::TrafficTarget {
        metadata: t.metadata,
        spec: a2::TrafficTargetSpec {
            destination: t.spec.destination,
            sources: t.spec.sources,
            rules: t.spec.specs,
        },
    })
}

/// A TrafficTarget v1alpha3 (the hub).
pub fn traffic_target_v1alpha3(r: Restrict) -> impl Strategy<Value = a3::TrafficTarget> {
    (
        object_meta(),
        subject_v1alpha3(),
        vec(subject_v1alpha3(), 1..3).prop_map(Some),
        vec(rule_v1alpha3(r.no_udp_rules), 1..3).prop_map(Some),
    )
        .prop_map(
            |(metadata, destination, sources, rules)| a3::TrafficTarget {
                metadata,
                spec: a3::TrafficTargetSpec {
                    destination,
                    sources,
                    rules,
                },
            },
        )
}

#[cfg(feature = "unreleased")]
/// Strategies for `access.smi-spec.io/v1alpha4` and IdentityBinding (feature `unreleased`).
pub mod unreleased {
    use super::*;
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
        identity_bindings: bool,
    ) -> impl Strategy<Value = a4::TrafficTarget> {
        (
            object_meta(),
            subject_v1alpha4(identity_bindings),
            vec(subject_v1alpha4(identity_bindings), 1..3).prop_map(Some),
            vec(rule_v1alpha3(false), 1..3).prop_map(Some),
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
    pub fn identity_binding() -> impl Strategy<Value = a4::IdentityBinding> {
        (
            object_meta(),
            btree_map("[a-z]{1,8}", "[a-z0-9]{0,8}", 1..3),
            option::of(vec("[a-z]{1,8}\\.[a-z]{2,4}/ns/[a-z]{1,8}", 1..3)),
            dns_name(),
            any::<bool>(),
        )
            .prop_map(
                |(metadata, labels, spiffe, sa, by_labels)| a4::IdentityBinding {
                    metadata,
                    spec: a4::IdentityBindingSpec {
                        // `podLabelSelector` and `serviceAccount` are mutually exclusive.
                        schemes: a4::IdentitySchemes {
                            pod_label_selector: by_labels.then_some(a4::PodLabelSelector {
                                match_labels: labels,
                            }),
                            spiffe_identities: spiffe,
                            service_account: (!by_labels).then_some(sa),
                        },
                    },
                },
            )
    }
}

// ------------------------------------------------------------------ specs

/// One of the spec's method tokens, including `*`.
pub fn method() -> impl Strategy<Value = HttpMethod> {
    prop_oneof![
        Just(HttpMethod::Any),
        Just(HttpMethod::Get),
        Just(HttpMethod::Head),
        Just(HttpMethod::Put),
        Just(HttpMethod::Post),
        Just(HttpMethod::Delete),
        Just(HttpMethod::Connect),
        Just(HttpMethod::Options),
        Just(HttpMethod::Trace),
        Just(HttpMethod::Patch),
    ]
}

/// A path regex: `/`, a literal path, or `literal/.*`.
pub fn path_regex() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("/".to_owned()),
        "/[a-z]{1,8}(/[a-z]{1,8})?",
        "/[a-z]{1,8}/\\.\\*",
    ]
}

/// An HTTPRouteGroup v1alpha1 match.
pub fn http_match_v1alpha1() -> impl Strategy<Value = s1::HttpMatch> {
    (
        dns_name(),
        option::of(vec(method(), 1..3)),
        option::of(path_regex()),
    )
        .prop_map(|(name, methods, path_regex)| s1::HttpMatch {
            name,
            methods,
            path_regex,
        })
}

/// 1–2 header filters with `.*word.*` value regexes.
pub fn headers() -> impl Strategy<Value = HttpHeaders> {
    btree_map("[a-z][a-z-]{0,10}", "\\.\\*[A-Za-z]{1,8}\\.\\*", 1..3).prop_map(HttpHeaders)
}

/// An HTTPRouteGroup v1alpha2+ match; `no_headers` leaves out headers.
pub fn http_match_v1alpha2(no_headers: bool) -> impl Strategy<Value = s2::HttpMatch> {
    let headers = if no_headers {
        Just(None).boxed()
    } else {
        option::of(headers()).boxed()
    };
    (http_match_v1alpha1(), headers).prop_map(|(m, headers)| s2::HttpMatch {
        name: m.name,
        methods: m.methods,
        path_regex: m.path_regex,
        headers,
    })
}

/// An HTTPRouteGroup v1alpha1.
pub fn http_route_group_v1alpha1() -> impl Strategy<Value = s1::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha1(), 0..4)).prop_map(|(metadata, matches)| {
        let matches = unique_by(matches, |m| m.name.clone());
        s1::HttpRouteGroup {
            metadata,
            spec: s1::HttpRouteGroupSpec { matches },
        }
    })
}

/// An HTTPRouteGroup v1alpha2.
pub fn http_route_group_v1alpha2() -> impl Strategy<Value = s2::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha2(false), 0..4)).prop_map(|(metadata, matches)| {
        let matches = unique_by(matches, |m| m.name.clone());
        s2::HttpRouteGroup {
            metadata,
            spec: s2::HttpRouteGroupSpec { matches },
        }
    })
}

/// An HTTPRouteGroup v1alpha3.
pub fn http_route_group_v1alpha3() -> impl Strategy<Value = s3::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha2(false), 0..4)).prop_map(|(metadata, matches)| {
        let matches = unique_by(matches, |m| m.name.clone());
        s3::HttpRouteGroup {
            metadata,
            spec: s3::HttpRouteGroupSpec { matches },
        }
    })
}

/// An HTTPRouteGroup v1alpha4 (the hub).
pub fn http_route_group_v1alpha4(r: Restrict) -> impl Strategy<Value = s4::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha2(r.no_headers), 0..4)).prop_map(|(metadata, matches)| {
        let matches = unique_by(matches, |m| m.name.clone());
        s4::HttpRouteGroup {
            metadata,
            spec: s4::HttpRouteGroupSpec { matches },
        }
    })
}

/// TCPRoute/UDPRoute v1alpha4 ports (0–3 valid ports); `no_ports`: none and no name.
pub fn port_match(no_ports: bool) -> impl Strategy<Value = s4::PortMatch> {
    if no_ports {
        Just(s4::PortMatch::default()).boxed()
    } else {
        (option::of(dns_name()), vec(1..=65535i32, 0..4))
            .prop_map(|(name, ports)| s4::PortMatch { name, ports })
            .boxed()
    }
}

/// A TCPRoute v1alpha1 (metadata only).
pub fn tcp_route_v1alpha1() -> impl Strategy<Value = s1::TcpRoute> {
    object_meta().prop_map(|metadata| s1::TcpRoute {
        metadata,
        spec: s1::TcpRouteSpec {},
    })
}

/// A TCPRoute v1alpha2 (metadata only).
pub fn tcp_route_v1alpha2() -> impl Strategy<Value = s2::TcpRoute> {
    object_meta().prop_map(|metadata| s2::TcpRoute {
        metadata,
        spec: s2::TcpRouteSpec {},
    })
}

/// A TCPRoute v1alpha3 (empty spec).
pub fn tcp_route_v1alpha3() -> impl Strategy<Value = s3::TcpRoute> {
    object_meta().prop_map(|metadata| s3::TcpRoute {
        metadata,
        spec: s3::TcpRouteSpec {},
    })
}

/// A TCPRoute v1alpha4 (the hub).
pub fn tcp_route_v1alpha4(r: Restrict) -> impl Strategy<Value = s4::TcpRoute> {
    (object_meta(), port_match(r.no_ports)).prop_map(|(metadata, matches)| s4::TcpRoute {
        metadata,
        spec: s4::TcpRouteSpec { matches },
    })
}

/// A UDPRoute v1alpha4.
pub fn udp_route_v1alpha4() -> impl Strategy<Value = s4::UdpRoute> {
    (object_meta(), port_match(false)).prop_map(|(metadata, matches)| s4::UdpRoute {
        metadata,
        spec: s4::UdpRouteSpec { matches },
    })
}

// ------------------------------------------------------------------ split

/// A v1alpha1 weight: an integer, a milli value, or a decimal with up to three digits, all at
/// most 10000 (so every ratio is exact in `u32` after conversion).
pub fn quantity() -> impl Strategy<Value = Quantity> {
    prop_oneof![
        (0u32..10_000).prop_map(|n| n.to_string()),
        (0u32..10_000).prop_map(|n| format!("{n}m")),
        (0u32..10, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b:03}")),
        (0u32..10).prop_map(|n| format!("{n}k")),
    ]
    .prop_filter_map("quantity grammar", |s| s.parse().ok())
}

/// A v1alpha1 weight as JSON: a bare integer or a string.
pub fn quantity_json() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        (0u32..10_000).prop_map(serde_json::Value::from),
        quantity().prop_map(|q| serde_json::Value::from(q.as_str().to_owned())),
    ]
}

/// A TrafficSplit v1alpha1 (Quantity weights).
pub fn split_v1alpha1() -> impl Strategy<Value = t1::TrafficSplit> {
    (
        object_meta(),
        dns_name(),
        vec((dns_name(), option::of(quantity())), 1..4).prop_map(|b| unique_by(b, |x| x.0.clone())),
    )
        .prop_map(|(metadata, service, backends)| t1::TrafficSplit {
            metadata,
            spec: t1::TrafficSplitSpec {
                service,
                backends: backends
                    .into_iter()
                    .map(|(service, weight)| t1::TrafficSplitBackend { service, weight })
                    .collect(),
            },
        })
}

/// 1–3 `(service, weight)` pairs with integer weights.
pub fn backends() -> impl Strategy<Value = Vec<(String, u32)>> {
    vec((dns_name(), 0u32..100_000), 1..4).prop_map(|b| unique_by(b, |x| x.0.clone()))
}

/// A TrafficSplit `matches` entry naming an HTTPRouteGroup.
pub fn split_match() -> impl Strategy<Value = t3::TrafficSplitMatch> {
    (option::of(Just("specs.smi-spec.io".to_owned())), dns_name()).prop_map(|(api_group, name)| {
        t3::TrafficSplitMatch {
            api_group,
            kind: "HTTPRouteGroup".into(),
            name,
        }
    })
}

/// A TrafficSplit v1alpha2.
pub fn split_v1alpha2() -> impl Strategy<Value = t2::TrafficSplit> {
    (object_meta(), dns_name(), backends()).prop_map(|(metadata, service, backends)| {
        t2::TrafficSplit {
            metadata,
            spec: t2::TrafficSplitSpec {
                service,
                backends: backends
                    .into_iter()
                    .map(|(service, weight)| t2::TrafficSplitBackend { service, weight })
                    .collect(),
            },
        }
    })
}

/// A TrafficSplit v1alpha3.
pub fn split_v1alpha3() -> impl Strategy<Value = t3::TrafficSplit> {
    (
        object_meta(),
        dns_name(),
        backends(),
        option::of(vec(split_match(), 0..3)),
    )
        .prop_map(|(metadata, service, backends, matches)| t3::TrafficSplit {
            metadata,
            spec: t3::TrafficSplitSpec {
                service,
                backends: backends
                    .into_iter()
                    .map(|(service, weight)| t3::TrafficSplitBackend { service, weight })
                    .collect(),
                matches,
            },
        })
}

/// A TrafficSplit v1alpha4 (the hub).
pub fn split_v1alpha4(r: Restrict) -> impl Strategy<Value = t4::TrafficSplit> {
    let matches = if r.no_split_matches {
        Just(None).boxed()
    } else {
        option::of(vec(split_match(), 0..3)).boxed()
    };
    (object_meta(), dns_name(), backends(), matches).prop_map(
        |(metadata, service, backends, matches)| t4::TrafficSplit {
            metadata,
            spec: t4::TrafficSplitSpec {
                service,
                backends: backends
                    .into_iter()
                    .map(|(service, weight)| t4::TrafficSplitBackend { service, weight })
                    .collect(),
                matches,
            },
        },
    )
}

// ------------------------------------------------------------------ metrics

/// A metrics `ObjectReference`.
pub fn object_reference() -> impl Strategy<Value = ObjectReference> {
    (
        option::of(prop_oneof![
            Just("Pod".to_owned()),
            Just("Deployment".to_owned()),
            Just("TrafficSplit".to_owned())
        ]),
        option::of(dns_name()),
        option::of(dns_name()),
    )
        .prop_map(|(kind, namespace, name)| ObjectReference {
            kind,
            namespace,
            name,
            ..ObjectReference::default()
        })
}

/// A metrics timestamp.
pub fn time() -> impl Strategy<Value = Time> {
    (0i64..2_000_000_000).prop_filter_map("timestamp in range", |s| {
        k8s_openapi::jiff::Timestamp::from_second(s).ok().map(Time)
    })
}

/// A metric: name, unit, value.
pub fn metric_parts() -> impl Strategy<Value = (String, Option<String>, K8sQuantity)> {
    (
        prop_oneof![
            Just("p99_response_latency".to_owned()),
            Just("success_count".to_owned()),
            Just("failure_count".to_owned())
        ],
        option::of(Just("ms".to_owned())),
        prop_oneof![
            (0u32..100_000).prop_map(|n| n.to_string()),
            (0u32..100_000).prop_map(|n| format!("{n}m")),
        ]
        .prop_map(K8sQuantity),
    )
}

/// A TrafficMetrics v1alpha1.
pub fn traffic_metrics_v1alpha1() -> impl Strategy<Value = m1::TrafficMetrics> {
    (
        object_meta(),
        option::of(time()),
        option::of(Just("30s".to_owned())),
        option::of(object_reference()),
        option::of((
            prop_oneof![Just(m1::Direction::To), Just(m1::Direction::From)],
            option::of(object_reference()),
        )),
        vec(metric_parts(), 0..3),
    )
        .prop_map(|(metadata, timestamp, window, resource, edge, metrics)| {
            m1::TrafficMetrics {
                metadata,
                timestamp,
                window,
                resource,
                edge: edge.map(|(direction, resource)| m1::Edge {
                    direction,
                    resource,
                }),
                metrics: metrics
                    .into_iter()
                    .map(|(name, unit, value)| m1::Metric { name, unit, value })
                    .collect(),
            }
        })
}

/// A TrafficMetrics v1alpha2.
pub fn traffic_metrics_v1alpha2(r: Restrict) -> impl Strategy<Value = m2::TrafficMetrics> {
    let side = if r.no_metrics_extras {
        Just(None).boxed()
    } else {
        option::of(prop_oneof![Just(m2::Side::Client), Just(m2::Side::Server)]).boxed()
    };
    let backend = if r.no_metrics_extras {
        Just(None).boxed()
    } else {
        option::of((dns_name(), dns_name(), 0i64..1000))
            .prop_map(|b| b.map(|(apex, name, weight)| m2::Backend { apex, name, weight }))
            .boxed()
    };
    (traffic_metrics_v1alpha1(), side, backend).prop_map(|(m, side, backend)| m2::TrafficMetrics {
        metadata: m.metadata,
        timestamp: m.timestamp,
        window: m.window,
        resource: m.resource,
        edge: m.edge.map(|e| m2::Edge {
            direction: match e.direction {
                m1::Direction::To => m2::Direction::To,
                m1::Direction::From => m2::Direction::From,
            },
            side,
            resource: e.resource,
        }),
        backend,
        metrics: m
            .metrics
            .into_iter()
            .map(|x| m2::Metric {
                name: x.name,
                unit: x.unit,
                value: x.value,
            })
            .collect(),
    })
}

/// A TrafficMetricsList v1alpha1.
pub fn traffic_metrics_list_v1alpha1() -> impl Strategy<Value = m1::TrafficMetricsList> {
    (
        option::of(object_reference()),
        vec(traffic_metrics_v1alpha1(), 0..3),
    )
        .prop_map(|(resource, items)| m1::TrafficMetricsList {
            resource,
            items,
            ..Default::default()
        })
}

/// A TrafficMetricsList v1alpha2.
pub fn traffic_metrics_list_v1alpha2(r: Restrict) -> impl Strategy<Value = m2::TrafficMetricsList> {
    (
        option::of(object_reference()),
        vec(traffic_metrics_v1alpha2(r), 0..3),
    )
        .prop_map(|(resource, items)| m2::TrafficMetricsList {
            resource,
            items,
            ..Default::default()
        })
}

// ------------------------------------------------------------------ any

/// Any SMI object of any kind and version this build supports.
pub fn any_object() -> BoxedStrategy<SmiObject> {
    use SmiObject as S;
    let r = Restrict::NONE;
    #[allow(unused_mut)]
    let mut all: Vec<BoxedStrategy<SmiObject>> = vec![
        traffic_target_v1alpha1(true)
            .prop_map(S::TrafficTargetV1alpha1)
            .boxed(),
        traffic_target_v1alpha2(true)
            .prop_map(S::TrafficTargetV1alpha2)
            .boxed(),
        traffic_target_v1alpha3(r)
            .prop_map(S::TrafficTargetV1alpha3)
            .boxed(),
        http_route_group_v1alpha1()
            .prop_map(S::HttpRouteGroupV1alpha1)
            .boxed(),
        http_route_group_v1alpha2()
            .prop_map(S::HttpRouteGroupV1alpha2)
            .boxed(),
        http_route_group_v1alpha3()
            .prop_map(S::HttpRouteGroupV1alpha3)
            .boxed(),
        http_route_group_v1alpha4(r)
            .prop_map(S::HttpRouteGroupV1alpha4)
            .boxed(),
        tcp_route_v1alpha1().prop_map(S::TcpRouteV1alpha1).boxed(),
        tcp_route_v1alpha2().prop_map(S::TcpRouteV1alpha2).boxed(),
        tcp_route_v1alpha3().prop_map(S::TcpRouteV1alpha3).boxed(),
        tcp_route_v1alpha4(r).prop_map(S::TcpRouteV1alpha4).boxed(),
        udp_route_v1alpha4().prop_map(S::UdpRouteV1alpha4).boxed(),
        split_v1alpha1().prop_map(S::TrafficSplitV1alpha1).boxed(),
        split_v1alpha2().prop_map(S::TrafficSplitV1alpha2).boxed(),
        split_v1alpha3().prop_map(S::TrafficSplitV1alpha3).boxed(),
        split_v1alpha4(r).prop_map(S::TrafficSplitV1alpha4).boxed(),
        traffic_metrics_v1alpha1()
            .prop_map(S::TrafficMetricsV1alpha1)
            .boxed(),
        traffic_metrics_v1alpha2(r)
            .prop_map(S::TrafficMetricsV1alpha2)
            .boxed(),
        traffic_metrics_list_v1alpha1()
            .prop_map(S::TrafficMetricsListV1alpha1)
            .boxed(),
        traffic_metrics_list_v1alpha2(r)
            .prop_map(S::TrafficMetricsListV1alpha2)
            .boxed(),
    ];
    #[cfg(feature = "unreleased")]
    {
        all.push(
            unreleased::traffic_target_v1alpha4(true)
                .prop_map(S::TrafficTargetV1alpha4)
                .boxed(),
        );
        all.push(
            unreleased::identity_binding()
                .prop_map(S::IdentityBindingV1alpha4)
                .boxed(),
        );
    }
    proptest::strategy::Union::new(all).boxed()
}

// ------------------------------------------------------------------ arbitrary (often invalid)

/// Looser strategies: objects that deserialize into the Rust types but are often **invalid**
/// (names that are not DNS labels, ports outside 1–65535, regexes that are not RE2, header
/// names that are not tokens, empty sources or rules, references to objects that do not exist).
///
/// Use them to check that a consumer never panics and fails closed on bad input.
pub mod arbitrary {
    use super::*;

    /// Any short string: empty, upper case, spaces, punctuation, non-ASCII.
    pub fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => dns_name(),
            1 => Just(String::new()),
            1 => "[A-Za-z0-9 ._/-]{1,12}",
            1 => "\\PC{0,6}",
        ]
    }

    /// Hand-written `ObjectMeta` with an arbitrary name, and a namespace that may be absent.
    pub fn object_meta() -> impl Strategy<Value = ObjectMeta> {
        (name(), option::of(name())).prop_map(|(name, namespace)| ObjectMeta {
            name: Some(name),
            namespace,
            ..ObjectMeta::default()
        })
    }

    /// A port number of any `i32` value, mostly near the valid range's edges.
    pub fn port() -> impl Strategy<Value = i32> {
        prop_oneof![
            3 => 1..=65535i32,
            1 => Just(0),
            1 => Just(65536),
            1 => any::<i32>(),
        ]
    }

    /// A regex: valid RE2, RE2 that meshes cannot express, or not RE2 at all.
    pub fn regex() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("/api".to_owned()),
            Just("/api/.*".to_owned()),
            Just(".*\\.json$".to_owned()),
            Just("/items/[0-9]+".to_owned()),
            Just("(?i)/admin".to_owned()),
            Just("/a|/b".to_owned()),
            Just("(".to_owned()),
            Just("(?=x)".to_owned()),
            Just("(a)\\1".to_owned()),
            Just(String::new()),
            "[ -~]{0,8}",
        ]
    }

    /// An HTTPRouteGroup v1alpha4 match with arbitrary name, regexes and header names.
    pub fn http_match() -> impl Strategy<Value = s4::HttpMatch> {
        (
            name(),
            option::of(vec(method(), 0..3)),
            option::of(regex()),
            option::of(btree_map(name(), regex(), 0..3)),
        )
            .prop_map(|(name, methods, path_regex, headers)| s4::HttpMatch {
                name,
                methods,
                path_regex,
                headers: headers.map(HttpHeaders),
            })
    }

    /// An HTTPRouteGroup v1alpha4 whose matches may be invalid or share names.
    pub fn http_route_group() -> impl Strategy<Value = s4::HttpRouteGroup> {
        (object_meta(), vec(http_match(), 0..4)).prop_map(|(metadata, matches)| {
            s4::HttpRouteGroup {
                metadata,
                spec: s4::HttpRouteGroupSpec { matches },
            }
        })
    }

    /// A TCPRoute v1alpha4 whose ports may be out of range.
    pub fn tcp_route() -> impl Strategy<Value = s4::TcpRoute> {
        (object_meta(), option::of(name()), vec(port(), 0..4)).prop_map(
            |(metadata, name, ports)| s4::TcpRoute {
                metadata,
                spec: s4::TcpRouteSpec {
                    matches: s4::PortMatch { name, ports },
                },
            },
        )
    }

    /// A TrafficTarget v1alpha3 with arbitrary subjects, possibly no sources or rules.
    pub fn traffic_target() -> impl Strategy<Value = a3::TrafficTarget> {
        let subject = || {
            (name(), option::of(name())).prop_map(|(name, namespace)| a3::IdentityBindingSubject {
                kind: a3::SubjectKind::ServiceAccount,
                name,
                namespace,
            })
        };
        let rule = (
            prop_oneof![
                Just(a3::RuleKind::HttpRouteGroup),
                Just(a3::RuleKind::TcpRoute),
                Just(a3::RuleKind::UdpRoute)
            ],
            name(),
            option::of(vec(name(), 0..3)),
        )
            .prop_map(|(kind, name, matches)| a3::TrafficTargetRule {
                kind,
                name,
                matches,
            });
        (
            object_meta(),
            subject(),
            option::of(vec(subject(), 0..3)),
            option::of(vec(rule, 0..3)),
        )
            .prop_map(
                |(metadata, destination, sources, rules)| a3::TrafficTarget {
                    metadata,
                    spec: a3::TrafficTargetSpec {
                        destination,
                        sources,
                        rules,
                    },
                },
            )
    }

    /// A TrafficTarget v1alpha2 whose destination port may be out of range.
    pub fn traffic_target_v1alpha2() -> impl Strategy<Value = a2::TrafficTarget> {
        (traffic_target(), option::of(port())).prop_map(|(t, port)| a2::TrafficTarget {
            metadata: t.metadata,
            spec: a2::TrafficTargetSpec {
                destination: a1::IdentityBindingSubject {
                    kind: a1::SubjectKind::ServiceAccount,
                    name: t.spec.destination.name,
                    namespace: t.spec.destination.namespace,
                    port,
                },
                sources: t.spec.sources.map(|s| {
                    s.into_iter()
                        .map(|s| a1::IdentityBindingSubject {
                            kind: a1::SubjectKind::ServiceAccount,
                            name: s.name,
                            namespace: s.namespace,
                            port: None,
                        })
                        .collect()
                }),
                rules: None,
            },
        })
    }

    /// A TrafficSplit v1alpha4 with arbitrary names, duplicate backends and references of any
    /// kind in `matches`.
    pub fn split() -> impl Strategy<Value = t4::TrafficSplit> {
        let reference = (
            prop_oneof![
                Just("HTTPRouteGroup".to_owned()),
                Just("TCPRoute".to_owned()),
                name()
            ],
            name(),
        )
            .prop_map(|(kind, name)| t3::TrafficSplitMatch {
                api_group: None,
                kind,
                name,
            });
        (
            object_meta(),
            name(),
            vec((name(), any::<u32>()), 0..4),
            option::of(vec(reference, 0..3)),
        )
            .prop_map(|(metadata, service, backends, matches)| t4::TrafficSplit {
                metadata,
                spec: t4::TrafficSplitSpec {
                    service,
                    backends: backends
                        .into_iter()
                        .map(|(service, weight)| t4::TrafficSplitBackend { service, weight })
                        .collect(),
                    matches,
                },
            })
    }

    /// Any SMI object, valid or not: the valid strategies mixed with the loose ones above.
    pub fn any_object() -> BoxedStrategy<SmiObject> {
        use SmiObject as S;
        prop_oneof![
            2 => super::any_object(),
            1 => http_route_group().prop_map(S::HttpRouteGroupV1alpha4),
            1 => tcp_route().prop_map(S::TcpRouteV1alpha4),
            1 => traffic_target().prop_map(S::TrafficTargetV1alpha3),
            1 => traffic_target_v1alpha2().prop_map(S::TrafficTargetV1alpha2),
            1 => split().prop_map(S::TrafficSplitV1alpha4),
        ]
        .boxed()
    }
}
