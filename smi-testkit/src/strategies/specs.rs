//! Strategies for `specs.smi-spec.io`: HTTPRouteGroups, TCPRoutes and UDPRoutes of every version.

use super::{Restrict, Validity, dns_name, object_meta};
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use smi_types::specs::{v1alpha1 as s1, v1alpha2 as s2, v1alpha3 as s3, v1alpha4 as s4};
use smi_types::{HttpHeaders, HttpMethod};

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
pub fn http_route_group_v1alpha1(validity: Validity) -> impl Strategy<Value = s1::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha1(), 0..4)).prop_map(move |(metadata, matches)| {
        let matches = validity.unique_by(matches, |m| m.name.clone());
        s1::HttpRouteGroup {
            metadata,
            spec: s1::HttpRouteGroupSpec { matches },
        }
    })
}

/// An HTTPRouteGroup v1alpha2.
pub fn http_route_group_v1alpha2(validity: Validity) -> impl Strategy<Value = s2::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha2(false), 0..4)).prop_map(move |(metadata, matches)| {
        let matches = validity.unique_by(matches, |m| m.name.clone());
        s2::HttpRouteGroup {
            metadata,
            spec: s2::HttpRouteGroupSpec { matches },
        }
    })
}

/// An HTTPRouteGroup v1alpha3.
pub fn http_route_group_v1alpha3(validity: Validity) -> impl Strategy<Value = s3::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha2(false), 0..4)).prop_map(move |(metadata, matches)| {
        let matches = validity.unique_by(matches, |m| m.name.clone());
        s3::HttpRouteGroup {
            metadata,
            spec: s3::HttpRouteGroupSpec { matches },
        }
    })
}

/// An HTTPRouteGroup v1alpha4 (the hub).
pub fn http_route_group_v1alpha4(
    validity: Validity,
    r: Restrict,
) -> impl Strategy<Value = s4::HttpRouteGroup> {
    (object_meta(), vec(http_match_v1alpha2(r.no_headers), 0..4)).prop_map(
        move |(metadata, matches)| {
            let matches = validity.unique_by(matches, |m| m.name.clone());
            s4::HttpRouteGroup {
                metadata,
                spec: s4::HttpRouteGroupSpec { matches },
            }
        },
    )
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
