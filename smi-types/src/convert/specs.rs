//! HTTPRouteGroup, TCPRoute, UDPRoute: hub v1alpha4.

use super::{ConvertError, Loss};
use crate::specs::{v1alpha1, v1alpha2, v1alpha3, v1alpha4};
use crate::{Hub, Version};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

fn hub_http(metadata: &ObjectMeta, matches: Vec<v1alpha4::HttpMatch>) -> (Hub, Vec<Loss>) {
    (
        Hub::HttpRouteGroup(v1alpha4::HttpRouteGroup {
            metadata: metadata.clone(),
            spec: v1alpha4::HttpRouteGroupSpec { matches },
        }),
        Vec::new(),
    )
}

pub(super) fn http_up_v1alpha1(o: &v1alpha1::HttpRouteGroup) -> (Hub, Vec<Loss>) {
    let matches = o
        .spec
        .matches
        .iter()
        .map(|m| v1alpha4::HttpMatch {
            name: m.name.clone(),
            methods: m.methods.clone(),
            path_regex: m.path_regex.clone(),
            headers: None,
        })
        .collect();
    hub_http(&o.metadata, matches)
}

pub(super) fn http_up_v1alpha2(o: &v1alpha2::HttpRouteGroup) -> (Hub, Vec<Loss>) {
    hub_http(&o.metadata, o.spec.matches.clone())
}

pub(super) fn http_up_v1alpha3(o: &v1alpha3::HttpRouteGroup) -> (Hub, Vec<Loss>) {
    hub_http(&o.metadata, o.spec.matches.clone())
}

/// Matches with header filters are dropped whole: removing only the headers would widen them.
pub(super) fn http_down_v1alpha1(
    o: &v1alpha4::HttpRouteGroup,
) -> (v1alpha1::HttpRouteGroup, Vec<Loss>) {
    let mut lost = Vec::new();
    let matches = o
        .spec
        .matches
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            if m.headers.as_ref().is_some_and(|h| !h.is_empty()) {
                lost.push(Loss::new(
                    format!("spec.matches[{i}]"),
                    format!(
                        "match `{}` dropped: v1alpha1 has no header filters, and without them the match would allow more requests",
                        m.name
                    ),
                ));
                return None;
            }
            Some(v1alpha1::HttpMatch {
                name: m.name.clone(),
                methods: m.methods.clone(),
                path_regex: m.path_regex.clone(),
            })
        })
        .collect();
    (
        v1alpha1::HttpRouteGroup {
            metadata: o.metadata.clone(),
            spec: v1alpha1::HttpRouteGroupSpec { matches },
        },
        lost,
    )
}

pub(super) fn http_down_v1alpha2(o: &v1alpha4::HttpRouteGroup) -> v1alpha2::HttpRouteGroup {
    v1alpha2::HttpRouteGroup {
        metadata: o.metadata.clone(),
        spec: v1alpha2::HttpRouteGroupSpec {
            matches: o.spec.matches.clone(),
        },
    }
}

pub(super) fn http_down_v1alpha3(o: &v1alpha4::HttpRouteGroup) -> v1alpha3::HttpRouteGroup {
    v1alpha3::HttpRouteGroup {
        metadata: o.metadata.clone(),
        spec: v1alpha3::HttpRouteGroupSpec {
            matches: o.spec.matches.clone(),
        },
    }
}

/// v1alpha1–v1alpha3 TCPRoutes have no ports: every port, i.e. `ports: []`.
pub(super) fn tcp_up(metadata: &ObjectMeta) -> (Hub, Vec<Loss>) {
    (
        Hub::TcpRoute(v1alpha4::TcpRoute {
            metadata: metadata.clone(),
            spec: v1alpha4::TcpRouteSpec::default(),
        }),
        Vec::new(),
    )
}

/// The metadata of a v1alpha1–v1alpha3 TCPRoute; fails if ports would be dropped.
pub(super) fn tcp_down(
    o: &v1alpha4::TcpRoute,
    to: Version,
) -> Result<(ObjectMeta, Vec<Loss>), ConvertError> {
    let m = &o.spec.matches;
    if !m.ports.is_empty() {
        return Err(ConvertError::Widens {
            path: "spec.matches.ports".into(),
            message: format!(
                "TCPRoute {} has no ports; dropping ports {:?} would match every port",
                to.as_str(),
                m.ports
            ),
        });
    }
    let mut lost = Vec::new();
    if let Some(name) = &m.name {
        lost.push(Loss::new(
            "spec.matches.name",
            format!(
                "name `{name}` dropped: TCPRoute {} has no matches",
                to.as_str()
            ),
        ));
    }
    Ok((o.metadata.clone(), lost))
}
