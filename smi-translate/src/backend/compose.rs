//! Backends composed: GAMMA's routes paired with another mesh's authorization objects.
//!
//! Gateway API routes traffic and has no authorization; a migration from SMI keeps its
//! TrafficTargets by emitting the Istio or Linkerd backend's authorization objects beside the
//! routes (`smi translate --backend gamma --authz istio|linkerd`). Each backend stays on its own:
//! this module asks GAMMA for its routes alone and the paired backend for its authorization
//! objects alone, so nothing is split twice and no TrafficTarget is reported as not carried.

use super::gamma::{Gamma, GammaObject};
use super::istio::{Istio, IstioObject};
use super::linkerd::{Linkerd, LinkerdObject};
use super::{Backend, Emitted};
use crate::graph::{GraphIndex, Identity, MeshGraph, Severity};
use serde::Serialize;

/// The mesh whose authorization objects accompany the routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthzBackend {
    /// Istio: `security.istio.io/v1` AuthorizationPolicy (and the allow-nothing policy with
    /// `emit_default_deny`); the Istio backend's VirtualServices are not emitted.
    Istio(Istio),
    /// Linkerd: Server, MeshTLSAuthentication, AuthorizationPolicy and `policy.linkerd.io`
    /// HTTPRoute; the Linkerd backend's split objects are not emitted.
    Linkerd(Linkerd),
    /// No authorization objects: routes-only output, accepted explicitly. Every TrafficTarget is
    /// still reported as not carried, as a warning.
    None,
}

/// GAMMA's routes with the authorization objects of [`AuthzBackend`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GammaWithAuthz {
    /// Whose authorization objects to emit beside the routes.
    pub authz: AuthzBackend,
}

/// Any object of a composed translation: a route, or a paired authorization object.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ComposedObject {
    /// A Gateway API route.
    Gamma(GammaObject),
    /// An Istio AuthorizationPolicy.
    Istio(IstioObject),
    /// A Linkerd Server, MeshTLSAuthentication, AuthorizationPolicy or policy HTTPRoute.
    Linkerd(LinkerdObject),
}

impl Backend for GammaWithAuthz {
    type Output = ComposedObject;

    fn name(&self) -> &'static str {
        "gamma"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<ComposedObject> {
        let routes = match self.authz {
            AuthzBackend::None => Gamma.emit_routes_only(graph),
            _ => Gamma.emit_routes(graph),
        };
        let mut objects: Vec<ComposedObject> = routes
            .objects
            .into_iter()
            .map(ComposedObject::Gamma)
            .collect();
        let mut diagnostics = routes.diagnostics;
        match &self.authz {
            AuthzBackend::Istio(istio) => {
                let paired = istio.emit_authorization(graph);
                objects.extend(paired.objects.into_iter().map(ComposedObject::Istio));
                diagnostics.extend(paired.diagnostics);
            }
            AuthzBackend::Linkerd(linkerd) => {
                let paired = linkerd.emit_authorization(graph);
                objects.extend(paired.objects.into_iter().map(ComposedObject::Linkerd));
                diagnostics.extend(paired.diagnostics);
            }
            AuthzBackend::None => {}
        }
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }

    fn emit_destination(
        &self,
        destination: &Identity,
        graph: &MeshGraph,
        index: &GraphIndex<'_>,
    ) -> Option<Emitted<ComposedObject>> {
        let (objects, diagnostics) = match &self.authz {
            AuthzBackend::Istio(istio) => {
                let emitted = istio.emit_destination(destination, graph, index)?;
                let objects = emitted.objects.into_iter().map(ComposedObject::Istio);
                (objects.collect(), emitted.diagnostics)
            }
            AuthzBackend::Linkerd(linkerd) => {
                let emitted = linkerd.emit_destination(destination, graph, index)?;
                let objects = emitted.objects.into_iter().map(ComposedObject::Linkerd);
                (objects.collect(), emitted.diagnostics)
            }
            AuthzBackend::None => {
                let reports = Gamma.destination_reports(destination, index, Severity::Warning);
                (Vec::new(), reports.diagnostics)
            }
        };
        Some(Emitted {
            objects,
            diagnostics,
        })
    }
}
