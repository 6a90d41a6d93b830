//! Conversion round trips: hub → v → hub for values v can represent, v → hub → v for every spoke,
//! over every well-formed object (also what validation rejects: conversion must keep it).

use proptest::prelude::*;
use smi_testkit::strategies::{self, Restrict, Validity::WellFormed};
use smi_types::convert::{ConvertError, convert, to_hub_version};
use smi_types::quantity::Decimal;
use smi_types::{ApiVersion, Group, SmiObject, Version};

fn to(group: Group, version: Version) -> ApiVersion {
    ApiVersion { group, version }
}

/// hub → `version` → hub is the identity and loses nothing.
fn hub_round_trip(hub: SmiObject, version: Version) -> Result<(), TestCaseError> {
    let group = hub.api_version().group;
    let down = convert(&hub, to(group, version)).expect("down");
    prop_assert!(down.lost.is_empty(), "lost {:?}", down.lost);
    prop_assert_eq!(down.object.api_version(), to(group, version));
    let up = to_hub_version(&down.object).expect("up");
    prop_assert!(up.lost.is_empty(), "lost {:?}", up.lost);
    prop_assert_eq!(up.object, hub);
    Ok(())
}

/// spoke → hub → spoke is the identity and loses nothing.
fn spoke_round_trip(spoke: SmiObject) -> Result<(), TestCaseError> {
    let from = spoke.api_version();
    let up = to_hub_version(&spoke).expect("up");
    prop_assert!(up.lost.is_empty(), "lost {:?}", up.lost);
    let down = convert(&up.object, from).expect("down");
    prop_assert!(down.lost.is_empty(), "lost {:?}", down.lost);
    prop_assert_eq!(down.object, spoke);
    Ok(())
}

fn decimal_of(q: Option<&smi_types::Quantity>) -> Decimal {
    q.map_or(
        Decimal {
            mantissa: 0,
            exponent: 0,
        },
        |q| q.value(),
    )
}

/// `a[i] : a[j] == b[i] : b[j]` for every pair, exactly.
fn same_ratios(a: &[Decimal], b: &[Decimal]) -> bool {
    let exp = a.iter().chain(b).map(|d| d.exponent).min().unwrap_or(0);
    let scaled = |d: &Decimal| d.scaled_to(exp).expect("small test values");
    let (a, b): (Vec<i128>, Vec<i128>) = (
        a.iter().map(scaled).collect(),
        b.iter().map(scaled).collect(),
    );
    (0..a.len()).all(|i| (0..a.len()).all(|j| a[i] * b[j] == a[j] * b[i]))
        && a.iter().zip(&b).all(|(x, y)| (*x == 0) == (*y == 0))
}

proptest! {
    #[test]
    fn access_hub_round_trips(
        hub in strategies::traffic_target_v1alpha3(WellFormed, Restrict { no_udp_rules: true, ..Restrict::NONE }),
    ) {
        for v in [Version::V1alpha1, Version::V1alpha2] {
            hub_round_trip(SmiObject::TrafficTargetV1alpha3(hub.clone()), v)?;
        }
    }

    #[test]
    fn access_spokes_round_trip_without_ports(
        t1 in strategies::traffic_target_v1alpha1(WellFormed, false),
        t2 in strategies::traffic_target_v1alpha2(WellFormed, false),
    ) {
        spoke_round_trip(SmiObject::TrafficTargetV1alpha1(t1))?;
        spoke_round_trip(SmiObject::TrafficTargetV1alpha2(t2))?;
    }

    #[test]
    fn access_ports_are_dropped_and_reported(t2 in strategies::traffic_target_v1alpha2(WellFormed, true)) {
        let ports = t2.spec.destination.port.iter().count()
            + t2.spec.sources.iter().flatten().filter(|s| s.port.is_some()).count();
        let up = to_hub_version(&SmiObject::TrafficTargetV1alpha2(t2.clone())).expect("up");
        prop_assert_eq!(up.lost.len(), ports);
        let mut no_ports = t2.clone();
        no_ports.spec.destination.port = None;
        no_ports.spec.sources.iter_mut().flatten().for_each(|s| s.port = None);
        let back = convert(&up.object, to(Group::Access, Version::V1alpha2)).expect("down");
        prop_assert_eq!(back.object, SmiObject::TrafficTargetV1alpha2(no_ports));
        // v1alpha1 ↔ v1alpha2 keeps ports.
        let v1 = convert(&SmiObject::TrafficTargetV1alpha2(t2.clone()), to(Group::Access, Version::V1alpha1)).expect("v1");
        prop_assert!(v1.lost.is_empty());
        let v2 = convert(&v1.object, to(Group::Access, Version::V1alpha2)).expect("v2");
        prop_assert_eq!(v2.object, SmiObject::TrafficTargetV1alpha2(t2));
    }

    #[test]
    fn http_route_group_hub_round_trips(
        plain in strategies::http_route_group_v1alpha4(WellFormed, Restrict::ALL),
        any in strategies::http_route_group_v1alpha4(WellFormed, Restrict::NONE),
    ) {
        hub_round_trip(SmiObject::HttpRouteGroupV1alpha4(plain), Version::V1alpha1)?;
        for v in [Version::V1alpha2, Version::V1alpha3] {
            hub_round_trip(SmiObject::HttpRouteGroupV1alpha4(any.clone()), v)?;
        }
    }

    #[test]
    fn http_route_group_spokes_round_trip(
        h1 in strategies::http_route_group_v1alpha1(WellFormed),
        h2 in strategies::http_route_group_v1alpha2(WellFormed),
        h3 in strategies::http_route_group_v1alpha3(WellFormed),
    ) {
        spoke_round_trip(SmiObject::HttpRouteGroupV1alpha1(h1))?;
        spoke_round_trip(SmiObject::HttpRouteGroupV1alpha2(h2))?;
        spoke_round_trip(SmiObject::HttpRouteGroupV1alpha3(h3))?;
    }

    #[test]
    fn http_route_group_down_never_widens(hub in strategies::http_route_group_v1alpha4(WellFormed, Restrict::NONE)) {
        let down = convert(&SmiObject::HttpRouteGroupV1alpha4(hub.clone()), to(Group::Specs, Version::V1alpha1)).expect("down");
        let SmiObject::HttpRouteGroupV1alpha1(g) = &down.object else { panic!("kind") };
        let with_headers = hub.spec.matches.iter().filter(|m| m.headers.as_ref().is_some_and(|h| !h.is_empty())).count();
        prop_assert_eq!(down.lost.len(), with_headers);
        prop_assert_eq!(g.spec.matches.len() + with_headers, hub.spec.matches.len());
    }

    #[test]
    fn tcp_route_round_trips(
        hub in strategies::tcp_route_v1alpha4(Restrict::ALL),
        any in strategies::tcp_route_v1alpha4(Restrict::NONE),
        r1 in strategies::tcp_route_v1alpha1(),
        r2 in strategies::tcp_route_v1alpha2(),
        r3 in strategies::tcp_route_v1alpha3(),
    ) {
        for v in [Version::V1alpha1, Version::V1alpha2, Version::V1alpha3] {
            hub_round_trip(SmiObject::TcpRouteV1alpha4(hub.clone()), v)?;
            let down = convert(&SmiObject::TcpRouteV1alpha4(any.clone()), to(Group::Specs, v));
            if any.spec.matches.ports.is_empty() {
                prop_assert!(down.is_ok());
            } else {
                let is_widens = matches!(down, Err(ConvertError::Widens { .. }));
                prop_assert!(is_widens);
            }
        }
        spoke_round_trip(SmiObject::TcpRouteV1alpha1(r1))?;
        spoke_round_trip(SmiObject::TcpRouteV1alpha2(r2))?;
        spoke_round_trip(SmiObject::TcpRouteV1alpha3(r3))?;
    }

    #[test]
    fn split_hub_round_trips(
        plain in strategies::split_v1alpha4(WellFormed, Restrict::ALL),
        any in strategies::split_v1alpha4(WellFormed, Restrict::NONE),
    ) {
        for v in [Version::V1alpha1, Version::V1alpha2] {
            hub_round_trip(SmiObject::TrafficSplitV1alpha4(plain.clone()), v)?;
        }
        hub_round_trip(SmiObject::TrafficSplitV1alpha4(any), Version::V1alpha3)?;
    }

    #[test]
    fn split_spokes_round_trip(
        s2 in strategies::split_v1alpha2(WellFormed),
        s3 in strategies::split_v1alpha3(WellFormed),
    ) {
        spoke_round_trip(SmiObject::TrafficSplitV1alpha2(s2))?;
        spoke_round_trip(SmiObject::TrafficSplitV1alpha3(s3))?;
    }

    #[test]
    fn split_v1alpha1_round_trip_keeps_exact_ratios(s1 in strategies::split_v1alpha1(WellFormed)) {
        let up = to_hub_version(&SmiObject::TrafficSplitV1alpha1(s1.clone())).expect("up");
        prop_assert!(up.lost.is_empty(), "lost {:?}", up.lost);
        let down = convert(&up.object, to(Group::Split, Version::V1alpha1)).expect("down");
        prop_assert!(down.lost.is_empty());
        let SmiObject::TrafficSplitV1alpha1(back) = down.object else { panic!("kind") };
        prop_assert_eq!(&back.metadata, &s1.metadata);
        prop_assert_eq!(&back.spec.service, &s1.spec.service);
        let names = |s: &smi_types::split::v1alpha1::TrafficSplit| s.spec.backends.iter().map(|b| b.service.clone()).collect::<Vec<_>>();
        prop_assert_eq!(names(&back), names(&s1));
        let original: Vec<Decimal> = s1.spec.backends.iter().map(|b| decimal_of(b.weight.as_ref())).collect();
        let after: Vec<Decimal> = back.spec.backends.iter().map(|b| decimal_of(b.weight.as_ref())).collect();
        prop_assert!(same_ratios(&original, &after), "{:?} vs {:?}", original, after);
        // A second round trip is the identity.
        let again = to_hub_version(&SmiObject::TrafficSplitV1alpha1(back)).expect("up");
        prop_assert_eq!(again.object, up.object);
    }

    #[test]
    fn metrics_round_trips(
        hub in strategies::traffic_metrics_v1alpha2(Restrict::ALL),
        list in strategies::traffic_metrics_list_v1alpha2(Restrict::ALL),
        m1 in strategies::traffic_metrics_v1alpha1(),
        l1 in strategies::traffic_metrics_list_v1alpha1(),
    ) {
        hub_round_trip(SmiObject::TrafficMetricsV1alpha2(hub), Version::V1alpha1)?;
        hub_round_trip(SmiObject::TrafficMetricsListV1alpha2(list), Version::V1alpha1)?;
        spoke_round_trip(SmiObject::TrafficMetricsV1alpha1(m1))?;
        spoke_round_trip(SmiObject::TrafficMetricsListV1alpha1(l1))?;
    }

    #[test]
    fn converting_anything_anywhere_never_panics(
        object in strategies::any_object(WellFormed),
        group in proptest::sample::select(Group::ALL.to_vec()),
        version in proptest::sample::select(vec![Version::V1alpha1, Version::V1alpha2, Version::V1alpha3, Version::V1alpha4]),
    ) {
        let target = to(group, version);
        match convert(&object, target) {
            Ok(c) => prop_assert_eq!(c.object.api_version(), target),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

#[cfg(feature = "unreleased")]
mod unreleased {
    use super::*;
    use smi_types::access::v1alpha4::SubjectKind;

    proptest! {
        #[test]
        fn access_v1alpha4_round_trips(
            hub in strategies::traffic_target_v1alpha3(WellFormed, Restrict::NONE),
            service_accounts in strategies::unreleased::traffic_target_v1alpha4(WellFormed, false),
        ) {
            hub_round_trip(SmiObject::TrafficTargetV1alpha3(hub), Version::V1alpha4)?;
            spoke_round_trip(SmiObject::TrafficTargetV1alpha4(service_accounts))?;
        }

        #[test]
        fn identity_binding_subjects_fail_closed(t in strategies::unreleased::traffic_target_v1alpha4(WellFormed, true)) {
            let result = to_hub_version(&SmiObject::TrafficTargetV1alpha4(t.clone()));
            if t.spec.destination.kind == SubjectKind::IdentityBinding {
                prop_assert!(result.is_err());
            } else {
                let c = result.expect("up");
                let dropped = t.spec.sources.iter().flatten().filter(|s| s.kind == SubjectKind::IdentityBinding).count();
                prop_assert_eq!(c.lost.len(), dropped);
            }
        }
    }
}
