//! Interpreters of backend output: what a mesh would do with a request, given the objects a
//! backend emitted.
//!
//! Each interpreter reads only the backend's output objects plus the cluster facts a mesh
//! itself would know (Services, their ports and selected workloads, workload labels and
//! ServiceAccounts); it never reads the graph's authorizations or splits. The differential
//! properties in `tests/` compare [`Interpreter::decide`] with [`crate::evaluate()`].
//!
//! One module per mesh: [`istio`], [`linkerd`] and [`envoy`], each implementing [`Interpreter`]
//! and writing a `reported_fail_closed` for its backend's diagnostics; [`gamma`] for the
//! Gateway API backend's routes (and, paired, another mesh's authorization objects). The Gateway
//! API route model Linkerd and GAMMA share is in `gateway_api`.

pub mod envoy;
pub mod gamma;
mod gateway_api;
pub mod istio;
pub mod linkerd;

use crate::evaluate::Decision;
use crate::request::Protocol;
use crate::request::Request;
use smi_translate::graph::{
    Diagnostic, MeshGraph, ObjectRef, Related, ServicePort, Severity, Transport, Workload,
    WorkloadId,
};
use smi_types::CodeInfo;

/// A mesh, configured by a backend's output, deciding about requests.
pub trait Interpreter {
    /// A short name (`istio`).
    fn name(&self) -> &'static str;

    /// What the mesh does with `request`.
    fn decide(&self, request: &Request) -> Decision;
}

/// A Service port a request addresses and the workloads it may reach there.
type Reached<'c> = (&'c ServicePort, Vec<&'c Workload>);

/// What any mesh knows of `request` from the cluster alone, before any policy: the Service port
/// it addresses and the workloads it may reach there (the endpoint it names, if the Service
/// selects it, else every workload the Service selects; possibly none). `None` when the
/// Service or the port does not exist.
fn addressed<'c>(cluster: &'c MeshGraph, request: &Request) -> Option<Reached<'c>> {
    let service = cluster.services.get(&request.destination)?;
    let port = service.ports.get(&request.port)?;
    let endpoints = match &request.endpoint {
        Some(id) if service.workloads.contains(id) => {
            cluster.workloads.get(id).into_iter().collect()
        }
        Some(_) => Vec::new(),
        None => service
            .workloads
            .iter()
            .filter_map(|id| cluster.workloads.get(id))
            .collect(),
    };
    Some((port, endpoints))
}

/// Where a request meets a sidecar mesh's policy (Istio's, Linkerd's): the port and endpoints
/// [`addressed`] finds, when the transport fits the port and there is an endpoint. `Err` holds
/// the decision the mesh takes without policy: denied when nothing is reached, allowed for UDP,
/// which neither sidecar intercepts.
fn sidecar_policy_point<'c>(
    cluster: &'c MeshGraph,
    request: &Request,
) -> Result<Reached<'c>, bool> {
    let Some((port, endpoints)) = addressed(cluster, request) else {
        return Err(false);
    };
    let udp = request.protocol == Protocol::Udp;
    if (port.transport == Transport::Udp) != udp || port.transport == Transport::Sctp {
        return Err(false);
    }
    if endpoints.is_empty() {
        return Err(false);
    }
    if udp {
        return Err(true);
    }
    Ok((port, endpoints))
}

/// Whether an error `code` says that `workload` gets no selecting policy object (its pod labels
/// are not its own), so the mesh's default applies to it.
fn reported_no_selector(diagnostics: &[Diagnostic], code: CodeInfo, workload: &WorkloadId) -> bool {
    let workload = Related::Object(workload.object_ref());
    diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.code == code && d.related.contains(&workload))
}

/// Whether the diagnostic concerns the match `name` of the route group `group`.
fn relates_match(d: &Diagnostic, group: &ObjectRef, name: &str) -> bool {
    d.related
        .iter()
        .any(|r| matches!(r, Related::Match { group: g, name: n } if g == group && n == name))
}

pub use envoy::EnvoyInterpreter;
pub use gamma::GammaInterpreter;
pub use istio::IstioInterpreter;
pub use linkerd::LinkerdInterpreter;
