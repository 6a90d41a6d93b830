use super::*;
use crate::access::{v1alpha1 as a1, v1alpha2 as a2, v1alpha3 as a3};
use crate::metrics::{v1alpha1 as m1, v1alpha2 as m2};
use crate::specs::{v1alpha1 as s1, v1alpha2 as s2, v1alpha3 as s3, v1alpha4 as s4};
use crate::split::{v1alpha1 as t1, v1alpha2 as t2, v1alpha4 as t4};
use crate::{HttpHeaders, HttpMethod, Quantity};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

fn meta() -> ObjectMeta {
    ObjectMeta {
        name: Some("obj".into()),
        namespace: Some("ns".into()),
        labels: Some([("app".to_owned(), "x".to_owned())].into()),
        ..ObjectMeta::default()
    }
}

fn av(group: Group, version: Version) -> ApiVersion {
    ApiVersion { group, version }
}

fn loss(path: &str) -> String {
    path.to_owned()
}

fn paths(lost: &[Loss]) -> Vec<String> {
    lost.iter().map(|l| l.path.clone()).collect()
}

/// `object` converted to `version` of its own group, which must succeed.
fn ok(object: SmiObject, version: Version) -> Converted<SmiObject> {
    let to = av(object.kind().group(), version);
    convert(&object, to).expect("conversion succeeds")
}

// ---------------------------------------------------------------- access

fn sa1(name: &str, port: Option<i32>) -> a1::IdentityBindingSubject {
    a1::IdentityBindingSubject {
        kind: a1::SubjectKind::ServiceAccount,
        name: name.into(),
        namespace: Some("ns".into()),
        port,
    }
}

fn sa3(name: &str) -> a3::IdentityBindingSubject {
    a3::IdentityBindingSubject {
        kind: a3::SubjectKind::ServiceAccount,
        name: name.into(),
        namespace: Some("ns".into()),
    }
}

fn rule1(kind: a1::RuleKind, name: &str) -> a1::TrafficTargetRule {
    a1::TrafficTargetRule {
        kind,
        name: name.into(),
        matches: Some(vec!["m".into()]),
    }
}

fn rule3(kind: a3::RuleKind, name: &str) -> a3::TrafficTargetRule {
    a3::TrafficTargetRule {
        kind,
        name: name.into(),
        matches: Some(vec!["m".into()]),
    }
}

fn mk_tt1(port: Option<i32>) -> a1::TrafficTarget {
    a1::TrafficTarget {
        metadata: meta(),
        spec: a1::TrafficTargetSpec {
            destination: sa1("api", port),
            sources: Some(vec![sa1("web", None)]),
            specs: Some(vec![rule1(a1::RuleKind::HttpRouteGroup, "routes")]),
        },
    }
}

fn mk_tt2(port: Option<i32>) -> a2::TrafficTarget {
    a2::TrafficTarget {
        metadata: meta(),
        spec: a2::TrafficTargetSpec {
            destination: sa1("api", port),
            sources: Some(vec![sa1("web", None)]),
            rules: Some(vec![rule1(a1::RuleKind::HttpRouteGroup, "routes")]),
        },
    }
}

fn mk_tt3(rules: Vec<a3::TrafficTargetRule>) -> a3::TrafficTarget {
    a3::TrafficTarget {
        metadata: meta(),
        spec: a3::TrafficTargetSpec {
            destination: sa3("api"),
            sources: Some(vec![sa3("web")]),
            rules: Some(rules),
        },
    }
}

#[test]
fn traffic_target_up_drops_ports_and_reports_them() {
    let mut source = mk_tt1(Some(8080));
    source.spec.sources = Some(vec![sa1("web", Some(1))]);
    let c = ok(SmiObject::TrafficTargetV1alpha1(source), Version::V1alpha3);
    assert_eq!(
        c.object,
        SmiObject::TrafficTargetV1alpha3(mk_tt3(vec![rule3(
            a3::RuleKind::HttpRouteGroup,
            "routes"
        )]))
    );
    assert_eq!(
        paths(&c.lost),
        vec![loss("destination.port"), loss("sources[0].port")]
    );
    assert!(c.lost[0].message.contains("TCPRoute rule"));

    let c = ok(
        SmiObject::TrafficTargetV1alpha2(mk_tt2(Some(8080))),
        Version::V1alpha3,
    );
    assert_eq!(paths(&c.lost), vec![loss("spec.destination.port")]);
}

#[test]
fn traffic_target_v1alpha1_to_v1alpha2_keeps_the_port() {
    let c = ok(
        SmiObject::TrafficTargetV1alpha1(mk_tt1(Some(8080))),
        Version::V1alpha2,
    );
    assert_eq!(
        c.object,
        SmiObject::TrafficTargetV1alpha2(mk_tt2(Some(8080)))
    );
    assert!(c.lost.is_empty());
    let back = ok(c.object, Version::V1alpha1);
    assert_eq!(
        back.object,
        SmiObject::TrafficTargetV1alpha1(mk_tt1(Some(8080)))
    );
}

#[test]
fn traffic_target_down_drops_udp_rules() {
    let hub = mk_tt3(vec![
        rule3(a3::RuleKind::TcpRoute, "tcp"),
        rule3(a3::RuleKind::UdpRoute, "udp"),
    ]);
    let c = ok(SmiObject::TrafficTargetV1alpha3(hub), Version::V1alpha1);
    let mut expected = mk_tt1(None);
    expected.spec.specs = Some(vec![rule1(a1::RuleKind::TcpRoute, "tcp")]);
    assert_eq!(c.object, SmiObject::TrafficTargetV1alpha1(expected));
    assert_eq!(paths(&c.lost), vec![loss("spec.rules[1]")]);
}

#[cfg(feature = "unreleased")]
mod unreleased {
    use super::*;
    use crate::access::v1alpha4 as a4;

    fn subject(kind: a4::SubjectKind, name: &str) -> a4::IdentityBindingSubject {
        a4::IdentityBindingSubject {
            kind,
            name: name.into(),
            namespace: Some("ns".into()),
        }
    }

    fn mk_tt4(dest: a4::SubjectKind, sources: Vec<a4::SubjectKind>) -> a4::TrafficTarget {
        a4::TrafficTarget {
            metadata: meta(),
            spec: a4::TrafficTargetSpec {
                destination: subject(dest, "api"),
                sources: Some(sources.into_iter().map(|k| subject(k, "web")).collect()),
                rules: Some(vec![rule3(a3::RuleKind::HttpRouteGroup, "routes")]),
            },
        }
    }

    #[test]
    fn identity_binding_sources_are_dropped_and_reported() {
        use a4::SubjectKind::{IdentityBinding as Ib, ServiceAccount as Sa};
        let c = ok(
            SmiObject::TrafficTargetV1alpha4(mk_tt4(Sa, vec![Ib, Sa])),
            Version::V1alpha3,
        );
        assert_eq!(
            c.object,
            SmiObject::TrafficTargetV1alpha3(mk_tt3(vec![rule3(
                a3::RuleKind::HttpRouteGroup,
                "routes"
            )]))
        );
        assert_eq!(paths(&c.lost), vec![loss("spec.sources[0]")]);
    }

    #[test]
    fn identity_binding_destination_is_an_error() {
        use a4::SubjectKind::{IdentityBinding as Ib, ServiceAccount as Sa};
        let e = convert(
            &SmiObject::TrafficTargetV1alpha4(mk_tt4(Ib, vec![Sa])),
            av(Group::Access, Version::V1alpha2),
        )
        .expect_err("must fail");
        assert!(
            matches!(e, ConvertError::NotRepresentable { ref path, .. } if path == "spec.destination")
        );
    }

    #[test]
    fn v1alpha3_to_v1alpha4_and_back_is_lossless() {
        use a4::SubjectKind::ServiceAccount as Sa;
        let hub = mk_tt3(vec![rule3(a3::RuleKind::HttpRouteGroup, "routes")]);
        let c = ok(
            SmiObject::TrafficTargetV1alpha3(hub.clone()),
            Version::V1alpha4,
        );
        assert_eq!(
            c.object,
            SmiObject::TrafficTargetV1alpha4(mk_tt4(Sa, vec![Sa]))
        );
        assert_eq!(
            to_hub_version(&c.object).expect("up").object,
            SmiObject::TrafficTargetV1alpha3(hub)
        );
    }

    #[test]
    fn identity_binding_converts_only_to_itself() {
        let ib = a4::IdentityBinding {
            metadata: meta(),
            spec: a4::IdentityBindingSpec {
                schemes: a4::IdentitySchemes {
                    service_account: Some("sa".into()),
                    ..Default::default()
                },
            },
        };
        let object = SmiObject::IdentityBindingV1alpha4(ib);
        assert_eq!(ok(object.clone(), Version::V1alpha4).object, object);
        assert_eq!(
            convert(&object, av(Group::Access, Version::V1alpha3)),
            Err(ConvertError::KindNotServed {
                kind: KindName::IdentityBinding,
                to: av(Group::Access, Version::V1alpha3)
            })
        );
        assert!(to_hub(&object).is_err());
    }
}

#[cfg(not(feature = "unreleased"))]
#[test]
fn access_v1alpha4_is_not_served_without_the_feature() {
    let e = convert(
        &SmiObject::TrafficTargetV1alpha3(mk_tt3(vec![])),
        av(Group::Access, Version::V1alpha4),
    );
    assert!(matches!(e, Err(ConvertError::KindNotServed { .. })));
}

// ---------------------------------------------------------------- specs

fn http_match(name: &str, headers: Option<&[(&str, &str)]>) -> s2::HttpMatch {
    s2::HttpMatch {
        name: name.into(),
        methods: Some(vec![HttpMethod::Get]),
        path_regex: Some("/api".into()),
        headers: headers.map(|h| HttpHeaders::from_pairs(h.iter().copied())),
    }
}

fn mk_http4(matches: Vec<s2::HttpMatch>) -> s4::HttpRouteGroup {
    s4::HttpRouteGroup {
        metadata: meta(),
        spec: s4::HttpRouteGroupSpec { matches },
    }
}

#[test]
fn http_route_group_down_to_v1alpha1_drops_matches_with_headers() {
    let mut only_headers = http_match("h", Some(&[("user-agent", ".*Android.*")]));
    only_headers.methods = None;
    only_headers.path_regex = None;
    let hub = mk_http4(vec![
        http_match("plain", None),
        only_headers,
        http_match("both", Some(&[("cookie", "x")])),
        http_match("empty", Some(&[])),
    ]);
    let c = ok(SmiObject::HttpRouteGroupV1alpha4(hub), Version::V1alpha1);
    let v1 = |name: &str| s1::HttpMatch {
        name: name.into(),
        methods: Some(vec![HttpMethod::Get]),
        path_regex: Some("/api".into()),
    };
    assert_eq!(
        c.object,
        SmiObject::HttpRouteGroupV1alpha1(s1::HttpRouteGroup {
            metadata: meta(),
            spec: s1::HttpRouteGroupSpec {
                matches: vec![v1("plain"), v1("empty")]
            }
        })
    );
    assert_eq!(
        paths(&c.lost),
        vec![loss("spec.matches[1]"), loss("spec.matches[2]")]
    );
}

#[test]
fn http_route_group_loss_paths_follow_the_source_layout() {
    let source = s2::HttpRouteGroup {
        metadata: meta(),
        spec: s2::HttpRouteGroupSpec {
            matches: vec![http_match("h", Some(&[("a", "b")]))],
        },
    };
    let c = ok(SmiObject::HttpRouteGroupV1alpha2(source), Version::V1alpha1);
    assert_eq!(paths(&c.lost), vec![loss("matches[0]")]);
}

#[test]
fn http_route_group_v1alpha2_to_v1alpha3_adds_the_wrapper_only() {
    let matches = vec![http_match("h", Some(&[("a", "b")]))];
    let c = ok(
        SmiObject::HttpRouteGroupV1alpha2(s2::HttpRouteGroup {
            metadata: meta(),
            spec: s2::HttpRouteGroupSpec {
                matches: matches.clone(),
            },
        }),
        Version::V1alpha3,
    );
    assert_eq!(
        c.object,
        SmiObject::HttpRouteGroupV1alpha3(s3::HttpRouteGroup {
            metadata: meta(),
            spec: s3::HttpRouteGroupSpec { matches }
        })
    );
    assert!(c.lost.is_empty());
}

fn mk_tcp4(name: Option<&str>, ports: Vec<i32>) -> s4::TcpRoute {
    s4::TcpRoute {
        metadata: meta(),
        spec: s4::TcpRouteSpec {
            matches: s4::PortMatch {
                name: name.map(Into::into),
                ports,
            },
        },
    }
}

#[test]
fn tcp_route_up_means_every_port() {
    let c = ok(
        SmiObject::TcpRouteV1alpha1(s1::TcpRoute {
            metadata: meta(),
            spec: s1::TcpRouteSpec {},
        }),
        Version::V1alpha4,
    );
    assert_eq!(c.object, SmiObject::TcpRouteV1alpha4(mk_tcp4(None, vec![])));
    assert!(c.lost.is_empty());
}

#[test]
fn tcp_route_down_with_ports_is_an_error() {
    let e = convert(
        &SmiObject::TcpRouteV1alpha4(mk_tcp4(None, vec![8080])),
        av(Group::Specs, Version::V1alpha3),
    );
    assert!(
        matches!(e, Err(ConvertError::Widens { ref path, .. }) if path == "spec.matches.ports")
    );
}

#[test]
fn tcp_route_down_without_ports_loses_the_name() {
    let c = ok(
        SmiObject::TcpRouteV1alpha4(mk_tcp4(Some("all"), vec![])),
        Version::V1alpha2,
    );
    assert_eq!(
        c.object,
        SmiObject::TcpRouteV1alpha2(s2::TcpRoute {
            metadata: meta(),
            spec: s2::TcpRouteSpec {}
        })
    );
    assert_eq!(paths(&c.lost), vec![loss("spec.matches.name")]);
}

#[test]
fn udp_route_exists_only_in_v1alpha4() {
    let udp = SmiObject::UdpRouteV1alpha4(s4::UdpRoute {
        metadata: meta(),
        spec: s4::UdpRouteSpec::default(),
    });
    assert_eq!(
        convert(&udp, av(Group::Specs, Version::V1alpha3)),
        Err(ConvertError::KindNotServed {
            kind: KindName::UdpRoute,
            to: av(Group::Specs, Version::V1alpha3)
        })
    );
    assert_eq!(
        to_hub(&udp).expect("hub").object,
        match udp {
            SmiObject::UdpRouteV1alpha4(u) => Hub::UdpRoute(u),
            _ => unreachable!(),
        }
    );
}

#[test]
fn group_mismatch_is_an_error() {
    let e = convert(
        &SmiObject::TcpRouteV1alpha4(mk_tcp4(None, vec![])),
        av(Group::Split, Version::V1alpha2),
    );
    assert!(matches!(e, Err(ConvertError::GroupMismatch { .. })));
}

// ---------------------------------------------------------------- split

fn q(s: &str) -> Quantity {
    s.parse().expect("quantity")
}

fn mk_split1(weights: &[Option<&str>]) -> t1::TrafficSplit {
    t1::TrafficSplit {
        metadata: meta(),
        spec: t1::TrafficSplitSpec {
            service: "root".into(),
            backends: weights
                .iter()
                .enumerate()
                .map(|(i, w)| t1::TrafficSplitBackend {
                    service: format!("b{i}"),
                    weight: w.map(q),
                })
                .collect(),
        },
    }
}

fn mk_split4(weights: &[u32], matches: Option<Vec<t4::TrafficSplitMatch>>) -> t4::TrafficSplit {
    t4::TrafficSplit {
        metadata: meta(),
        spec: t4::TrafficSplitSpec {
            service: "root".into(),
            backends: weights
                .iter()
                .enumerate()
                .map(|(i, &weight)| t4::TrafficSplitBackend {
                    service: format!("b{i}"),
                    weight,
                })
                .collect(),
            matches,
        },
    }
}

fn split_up(weights: &[Option<&str>]) -> Result<Converted<Hub>, ConvertError> {
    to_hub(&SmiObject::TrafficSplitV1alpha1(mk_split1(weights)))
}

fn hub_weights(weights: &[Option<&str>]) -> Vec<u32> {
    match split_up(weights).expect("up").object {
        Hub::TrafficSplit(s) => s.spec.backends.iter().map(|b| b.weight).collect(),
        other => panic!("not a split: {other:?}"),
    }
}

#[test]
fn split_quantities_keep_exact_ratios() {
    assert_eq!(
        split_up(&[Some("1"), Some("500m")]).expect("up"),
        Converted {
            object: Hub::TrafficSplit(mk_split4(&[2, 1], None)),
            lost: vec![]
        }
    );
    assert_eq!(
        hub_weights(&[Some("10m"), Some("100m"), Some("1500m")]),
        [1, 10, 150]
    );
    assert_eq!(hub_weights(&[Some("0m"), Some("1")]), [0, 1]);
    assert_eq!(hub_weights(&[Some("0m")]), [0]);
    assert_eq!(hub_weights(&[None, Some("3")]), [0, 3]);
    // Whole weights stay as written.
    assert_eq!(hub_weights(&[Some("2"), Some("4")]), [2, 4]);
    assert_eq!(hub_weights(&[Some("1.5"), Some("0.5")]), [3, 1]);
    assert_eq!(hub_weights(&[Some("1Ki"), Some("1k")]), [1024, 1000]);
    // Too large for u32 but exactly reducible.
    assert_eq!(hub_weights(&[Some("5G"), Some("10G")]), [1, 2]);
}

#[test]
fn split_quantities_round_when_not_representable() {
    let c = split_up(&[Some("1n"), Some("10")]).expect("up");
    let Hub::TrafficSplit(s) = &c.object else {
        panic!("not a split")
    };
    let w: Vec<u32> = s.spec.backends.iter().map(|b| b.weight).collect();
    assert_eq!(w, [0, 1_000_000]);
    assert_eq!(
        paths(&c.lost),
        vec![
            loss("spec.backends[0].weight"),
            loss("spec.backends[1].weight")
        ]
    );
}

#[test]
fn negative_split_weight_is_an_error() {
    assert!(matches!(
        split_up(&[Some("-1"), Some("1")]),
        Err(ConvertError::NotRepresentable { ref path, .. }) if path == "spec.backends[0].weight"
    ));
}

#[test]
fn split_down_to_v1alpha1_writes_integers_and_drops_matches() {
    let matches = vec![t4::TrafficSplitMatch {
        api_group: None,
        kind: "HTTPRouteGroup".into(),
        name: "firefox".into(),
    }];
    let c = ok(
        SmiObject::TrafficSplitV1alpha4(mk_split4(&[90, 10], Some(matches))),
        Version::V1alpha1,
    );
    assert_eq!(
        c.object,
        SmiObject::TrafficSplitV1alpha1(mk_split1(&[Some("90"), Some("10")]))
    );
    assert_eq!(paths(&c.lost), vec![loss("spec.matches")]);
    let json = c.object.to_json();
    assert_eq!(
        json["spec"]["backends"][0]["weight"],
        serde_json::json!("90")
    );

    let c = ok(
        SmiObject::TrafficSplitV1alpha4(mk_split4(&[1], Some(vec![]))),
        Version::V1alpha2,
    );
    assert_eq!(
        c.object,
        SmiObject::TrafficSplitV1alpha2(t2::TrafficSplit {
            metadata: meta(),
            spec: t2::TrafficSplitSpec {
                service: "root".into(),
                backends: vec![t2::TrafficSplitBackend {
                    service: "b0".into(),
                    weight: 1
                }],
            }
        })
    );
    assert!(c.lost.is_empty());
}

// ---------------------------------------------------------------- metrics

fn mk_metrics2(side: Option<m2::Side>, backend: bool) -> m2::TrafficMetrics {
    m2::TrafficMetrics {
        metadata: meta(),
        timestamp: None,
        window: Some("30s".into()),
        resource: None,
        edge: Some(m2::Edge {
            direction: m2::Direction::To,
            side,
            resource: None,
        }),
        backend: backend.then(|| m2::Backend {
            apex: "root".into(),
            name: "b0".into(),
            weight: 1,
        }),
        metrics: vec![m2::Metric {
            name: "success_count".into(),
            unit: None,
            value: k8s_openapi::apimachinery::pkg::api::resource::Quantity("10".into()),
        }],
    }
}

fn mk_metrics1() -> m1::TrafficMetrics {
    m1::TrafficMetrics {
        metadata: meta(),
        timestamp: None,
        window: Some("30s".into()),
        resource: None,
        edge: Some(m1::Edge {
            direction: m1::Direction::To,
            resource: None,
        }),
        metrics: vec![m1::Metric {
            name: "success_count".into(),
            unit: None,
            value: k8s_openapi::apimachinery::pkg::api::resource::Quantity("10".into()),
        }],
    }
}

#[test]
fn metrics_down_loses_side_and_backend() {
    let c = ok(
        SmiObject::TrafficMetricsV1alpha2(mk_metrics2(Some(m2::Side::Server), true)),
        Version::V1alpha1,
    );
    assert_eq!(c.object, SmiObject::TrafficMetricsV1alpha1(mk_metrics1()));
    assert_eq!(paths(&c.lost), vec![loss("edge.side"), loss("backend")]);

    let list = m2::TrafficMetricsList {
        items: vec![
            mk_metrics2(None, false),
            mk_metrics2(Some(m2::Side::Client), false),
        ],
        ..Default::default()
    };
    let c = ok(
        SmiObject::TrafficMetricsListV1alpha2(list),
        Version::V1alpha1,
    );
    assert_eq!(paths(&c.lost), vec![loss("items[1].edge.side")]);
}

#[test]
fn metrics_up_is_lossless_and_has_no_hub_variant() {
    let object = SmiObject::TrafficMetricsV1alpha1(mk_metrics1());
    let c = to_hub_version(&object).expect("up");
    assert_eq!(
        c.object,
        SmiObject::TrafficMetricsV1alpha2(mk_metrics2(None, false))
    );
    assert!(c.lost.is_empty());
    assert_eq!(
        to_hub(&object),
        Err(ConvertError::NoHub(KindName::TrafficMetrics))
    );
}

// ---------------------------------------------------------------- webhook

/// A ConversionReview as the API server sends it: convert `objects` (a JSON array) to `desired`.
fn review_request(
    uid: &str,
    desired: &str,
    objects: serde_json::Value,
) -> kube::core::conversion::ConversionReview {
    serde_json::from_value(serde_json::json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "ConversionReview",
        "request": {"uid": uid, "desiredAPIVersion": desired, "objects": objects}
    }))
    .expect("review")
}

#[test]
fn webhook_converts_every_object_in_order() {
    let objects = serde_json::json!([
        {"apiVersion": "split.smi-spec.io/v1alpha1", "kind": "TrafficSplit",
         "metadata": {"name": "a", "namespace": "ns"},
         "spec": {"service": "root", "backends": [
             {"service": "v1", "weight": 1}, {"service": "v2", "weight": "500m"}]}},
        {"apiVersion": "split.smi-spec.io/v1alpha2", "kind": "TrafficSplit",
         "metadata": {"name": "b", "namespace": "ns"},
         "spec": {"service": "root", "backends": [{"service": "v1", "weight": 3}]}}
    ]);
    let review = review_request("u1", "split.smi-spec.io/v1alpha4", objects);
    let out = webhook::review(review);
    let response = out.response.expect("response");
    assert_eq!(response.uid, "u1");
    assert!(response.result.is_success(), "{:?}", response.result);
    assert_eq!(
        response.converted_objects,
        vec![
            serde_json::json!({"apiVersion": "split.smi-spec.io/v1alpha4", "kind": "TrafficSplit",
                "metadata": {"name": "a", "namespace": "ns"},
                "spec": {"service": "root", "backends": [
                    {"service": "v1", "weight": 2}, {"service": "v2", "weight": 1}]}}),
            serde_json::json!({"apiVersion": "split.smi-spec.io/v1alpha4", "kind": "TrafficSplit",
                "metadata": {"name": "b", "namespace": "ns"},
                "spec": {"service": "root", "backends": [{"service": "v1", "weight": 3}]}}),
        ]
    );
}

#[test]
fn webhook_fails_cleanly_and_names_the_object() {
    let objects = serde_json::json!([
        {"apiVersion": "specs.smi-spec.io/v1alpha4", "kind": "TCPRoute",
         "metadata": {"name": "db", "namespace": "ns"},
         "spec": {"matches": {"ports": [5432]}}}
    ]);
    let review = review_request("u2", "specs.smi-spec.io/v1alpha1", objects);
    let response = webhook::review(review).response.expect("response");
    assert!(response.result.is_failure());
    assert!(response.converted_objects.is_empty());
    assert!(
        response.result.message.starts_with("TCPRoute ns/db: "),
        "{}",
        response.result.message
    );
    assert!(response.result.message.contains("spec.matches.ports"));

    for garbage in [
        serde_json::json!({"apiVersion": "split.smi-spec.io/v1alpha4", "kind": "TrafficSplit", "spec": 7}),
        serde_json::json!({"apiVersion": "nope/v1", "kind": "TrafficSplit"}),
        serde_json::json!({"kind": "Pod"}),
        serde_json::json!("garbage"),
        serde_json::json!(null),
    ] {
        let review = kube::core::conversion::ConversionReview {
            types: Default::default(),
            request: Some(kube::core::conversion::ConversionRequest {
                types: None,
                uid: "u3".into(),
                desired_api_version: "split.smi-spec.io/v1alpha4".into(),
                objects: vec![garbage],
            }),
            response: None,
        };
        let response = webhook::review(review).response.expect("response");
        assert!(response.result.is_failure());
        assert_eq!(response.uid, "u3");
    }

    let no_request = kube::core::conversion::ConversionReview {
        types: Default::default(),
        request: None,
        response: None,
    };
    let response = webhook::review(no_request).response.expect("response");
    assert!(response.result.is_failure());
}

#[test]
fn a_typed_conversion_returns_the_target_type_and_what_it_lost() {
    let with_matches = mk_split4(
        &[2, 1],
        Some(vec![t4::TrafficSplitMatch {
            kind: "HTTPRouteGroup".into(),
            name: "canary-users".into(),
            ..Default::default()
        }]),
    );
    let down: Converted<t2::TrafficSplit> = to(with_matches.clone()).expect("down");
    assert_eq!(down.object.spec.service, "root");
    assert_eq!(paths(&down.lost), vec![loss("spec.matches")]);
    let up: Converted<t4::TrafficSplit> = to(down.object).expect("up");
    assert_eq!(up.object.spec.backends, with_matches.spec.backends);
}

#[test]
fn a_typed_conversion_keeps_the_kind() {
    let split = mk_split4(&[1], None);
    assert_eq!(
        to::<s4::TcpRoute>(split),
        Err(ConvertError::KindMismatch {
            from: KindName::TrafficSplit,
            to: KindName::TcpRoute,
        })
    );
}

#[test]
fn every_kind_wraps_into_and_unwraps_from_the_enum() {
    let split = mk_split4(&[1], None);
    let object = SmiObject::from(split.clone());
    assert_eq!(object.api_version(), t4::TrafficSplit::API_VERSION);
    assert_eq!(object.kind(), <t4::TrafficSplit as SmiKind>::KIND);
    assert_eq!(t4::TrafficSplit::try_from(object.clone()), Ok(split));
    assert_eq!(t2::TrafficSplit::try_from(object.clone()), Err(object));
}
