//! Looser strategies: objects that deserialize into the Rust types but are often **invalid**
//! (names that are not DNS labels, ports outside 1–65535, regexes that are not RE2, header
//! names that are not tokens, empty sources or rules, references to objects that do not exist).
//!
//! Use them to check that a consumer never panics and fails closed on bad input.

use super::assemble_target_v1alpha3;
use super::split::traffic_split;
use super::{dns_name, method};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use smi_types::access::{v1alpha1 as a1, v1alpha2 as a2, v1alpha3 as a3};
use smi_types::specs::v1alpha4 as s4;
use smi_types::split::{v1alpha3 as t3, v1alpha4 as t4};
use smi_types::{HttpHeaders, SmiObject};

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
    (object_meta(), vec(http_match(), 0..4)).prop_map(|(metadata, matches)| s4::HttpRouteGroup {
        metadata,
        spec: s4::HttpRouteGroupSpec { matches },
    })
}

/// A TCPRoute v1alpha4 whose ports may be out of range.
pub fn tcp_route() -> impl Strategy<Value = s4::TcpRoute> {
    (object_meta(), option::of(name()), vec(port(), 0..4)).prop_map(|(metadata, name, ports)| {
        s4::TcpRoute {
            metadata,
            spec: s4::TcpRouteSpec {
                matches: s4::PortMatch { name, ports },
            },
        }
    })
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
        .prop_map(|(metadata, destination, sources, rules)| {
            assemble_target_v1alpha3(metadata, destination, sources, rules)
        })
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
        .prop_map(|(metadata, service, backends, matches)| {
            traffic_split!(t4, metadata, service, backends, matches)
        })
}

/// Any SMI object, valid or not: the valid strategies mixed with the loose ones above.
pub fn any_object() -> BoxedStrategy<SmiObject> {
    use SmiObject as S;
    prop_oneof![
        2 => super::any_object(super::Validity::Valid),
        1 => http_route_group().prop_map(S::HttpRouteGroupV1alpha4),
        1 => tcp_route().prop_map(S::TcpRouteV1alpha4),
        1 => traffic_target().prop_map(S::TrafficTargetV1alpha3),
        1 => traffic_target_v1alpha2().prop_map(S::TrafficTargetV1alpha2),
        1 => split().prop_map(S::TrafficSplitV1alpha4),
    ]
    .boxed()
}
