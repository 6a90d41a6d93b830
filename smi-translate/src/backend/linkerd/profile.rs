//! Splits → the legacy `linkerd.io/v1alpha2` ServiceProfile (what linkerd-smi wrote): one per root
//! Service, named after its FQDN, with `dstOverrides`.
//!
//! A ServiceProfile covers every port of its Service and splits HTTP only. So it is emitted only
//! when the split is unconditional and every split HTTP port has the same backends and weights;
//! otherwise a diagnostic says why nothing is split (requests keep reaching the root).

use super::generated::serviceprofiles::{
    ServiceProfile, ServiceProfileDstOverrides, ServiceProfileSpec,
};
use super::types::LinkerdObject;
use super::{codes, object_meta};
use crate::graph::{Diagnostic, MeshGraph, ServiceId, Split};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;

pub(super) fn emit(graph: &MeshGraph, diagnostics: &mut Vec<Diagnostic>) -> Vec<LinkerdObject> {
    graph
        .splits
        .iter()
        .filter_map(|split| profile(split, graph, diagnostics))
        .map(LinkerdObject::ServiceProfile)
        .collect()
}

fn refuse(split: &Split, why: String, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(
        split
            .error(
                codes::SERVICE_PROFILE_LIMIT,
                "spec",
                format!("{why}; no ServiceProfile is emitted, requests keep reaching the root"),
            )
            .with_help("use the default split mode (Gateway API HTTPRoute/TCPRoute)"),
    );
}

fn profile(
    split: &Split,
    graph: &MeshGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<ServiceProfile> {
    if split.condition.is_some() {
        refuse(
            split,
            "a ServiceProfile cannot split only the requests that match".into(),
            diagnostics,
        );
        return None;
    }
    let mut overrides: Option<Vec<(&ServiceId, u32)>> = None;
    for port in &split.ports {
        if !port.protocol.is_http() {
            diagnostics.push(split.warning(
                codes::SERVICE_PROFILE_LIMIT,
                "spec.service",
                format!(
                    "port {} is not declared HTTP; a ServiceProfile is for HTTP, so this port is left out of the split (its dstOverrides are computed from the HTTP ports)",
                    port.port
                ),
            ));
            continue;
        }
        let these: Vec<(&ServiceId, u32)> = port
            .backends
            .iter()
            .map(|b| (&b.service, b.weight))
            .collect();
        match &overrides {
            None => overrides = Some(these),
            Some(first) if *first == these => {}
            Some(_) => {
                refuse(
                    split,
                    format!(
                        "port {} has other backends than the split's first HTTP port, and a ServiceProfile applies one split to every port",
                        port.port
                    ),
                    diagnostics,
                );
                return None;
            }
        }
    }
    let overrides = overrides?;
    if overrides.iter().all(|(_, w)| *w == 0) {
        let why = if overrides.is_empty() {
            "no backend exists"
        } else {
            "every backend has weight 0"
        };
        refuse(
            split,
            format!("{why}, and a ServiceProfile cannot refuse requests"),
            diagnostics,
        );
        return None;
    }
    Some(ServiceProfile {
        metadata: object_meta(
            &graph.metadata,
            graph.naming.service_host(&split.root),
            split.root.namespace.clone(),
        ),
        spec: ServiceProfileSpec {
            dst_overrides: Some(
                overrides
                    .into_iter()
                    .map(|(service, weight)| ServiceProfileDstOverrides {
                        authority: Some(graph.naming.service_host(service)),
                        weight: Some(IntOrString::Int(i32::try_from(weight).unwrap_or(i32::MAX))),
                    })
                    .collect(),
            ),
            ..Default::default()
        },
    })
}
