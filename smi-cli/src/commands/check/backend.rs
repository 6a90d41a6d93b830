//! `smi check --backend`: what a mesh, configured with the backend's output, does with the
//! request (through the testkit's interpreters), and whether that is what the graph says.

use smi_testkit::interpret::linkerd::DefaultInboundPolicy;
use smi_testkit::interpret::{envoy, istio, linkerd};
use smi_testkit::{
    EnvoyInterpreter, Grantor, Interpreter, IstioInterpreter, LinkerdInterpreter, Routing,
};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::graph::query::{Decision, Request, Traffic};
use smi_translate::graph::{Diagnostic, MeshGraph, Related};

/// A mesh whose output can be asked about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Mesh {
    /// Istio (with the mesh-wide allow-nothing policy, SMI's deny by default).
    Istio,
    /// Linkerd (in a cluster whose default inbound policy is deny).
    Linkerd,
    /// Envoy (one bootstrap per identity).
    Envoy,
    /// Gateway API (GAMMA): no interpreter of its output yet.
    Gamma,
}

impl Mesh {
    /// The name the flag takes.
    pub fn name(self) -> &'static str {
        match self {
            Mesh::Istio => "istio",
            Mesh::Linkerd => "linkerd",
            Mesh::Envoy => "envoy",
            Mesh::Gamma => "gamma",
        }
    }
}

/// What the backend's output does, or why that cannot be said.
pub struct BackendAnswer {
    /// The mesh.
    pub mesh: Mesh,
    /// `Err`: why the mesh cannot be asked (no interpreter of this backend's output, …).
    pub seen: Result<Seen, String>,
}

/// The interpreted output's decision, and how it compares with the graph's.
pub struct Seen {
    /// Whether the mesh lets the request through.
    pub allowed: bool,
    /// Where the mesh sends it (reduced weights).
    pub routing: Routing,
    /// The comparison.
    pub verdict: Verdict,
}

/// How the backend's answer compares with the graph's.
pub enum Verdict {
    /// The same decision and, when allowed, the same routing.
    Agrees,
    /// Denied where the graph allows, as the backend reported it would (these diagnostics).
    FailsClosed(Vec<Diagnostic>),
    /// Routed otherwise than the graph says, as the backend warned (these diagnostics).
    RoutesAsWarned(Vec<Diagnostic>),
    /// A difference the backend did not report: a bug in the backend or in the translation.
    Disagrees(String),
}

/// Emits `graph` with `mesh`'s backend, interprets the output, and compares.
pub fn compare(
    mesh: Mesh,
    graph: &MeshGraph,
    request: &Request,
    decision: &Decision,
) -> BackendAnswer {
    let request = to_testkit(request);
    let grantors = smi_testkit::explain(graph, &request).granted_by;
    let (interpreted, diagnostics, reported): (_, Vec<Diagnostic>, Vec<bool>) = match mesh {
        Mesh::Gamma => {
            return BackendAnswer {
                mesh,
                seen: Err("no interpreter of its output yet".into()),
            };
        }
        Mesh::Istio => {
            // Only with the allow-nothing policy does Istio deny by default, as SMI does.
            let mut denying = graph.clone();
            denying.emit_default_deny = true;
            let (interpreter, diagnostics) = IstioInterpreter::emit(&denying, &Istio::default());
            let reported = grantors
                .iter()
                .map(istio::reported_fail_closed(&diagnostics))
                .collect();
            (interpreter.decide(&request), diagnostics, reported)
        }
        Mesh::Linkerd => {
            let (interpreter, diagnostics) =
                LinkerdInterpreter::emit(graph, &Linkerd::default(), DefaultInboundPolicy::Deny);
            let reported = grantors
                .iter()
                .map(linkerd::reported_fail_closed(&diagnostics, &interpreter))
                .collect();
            (interpreter.decide(&request), diagnostics, reported)
        }
        Mesh::Envoy => {
            let (interpreter, diagnostics) = EnvoyInterpreter::emit(graph, &Envoy::default());
            // Envoy runs beside the caller too: a caller no workload runs as has no proxy.
            if interpreter.trace(&request).outbound == envoy::Outbound::NoSourceProxy {
                let why = format!(
                    "no workload runs as {}, so no Envoy sends the request",
                    request.source
                );
                return BackendAnswer {
                    mesh,
                    seen: Err(why),
                };
            }
            let reported = grantors
                .iter()
                .map(envoy::reported_fail_closed(graph, &diagnostics, &request))
                .collect();
            (interpreter.decide(&request), diagnostics, reported)
        }
    };
    let routing = interpreted.routing(&request);
    let split: Option<Vec<_>> = decision
        .route
        .backends()
        .map(|b| b.iter().map(|b| (b.service.clone(), b.weight)).collect());
    let graph_routing = Routing::from_split(split.as_deref(), &request.destination);
    let verdict = match (decision.allowed, interpreted.allowed) {
        (false, true) => {
            Verdict::Disagrees(format!("{} allows a request the graph denies", mesh.name()))
        }
        (true, false) if reported.iter().all(|r| *r) => {
            Verdict::FailsClosed(concerning_grantors(&diagnostics, &grantors))
        }
        (true, false) => Verdict::Disagrees(format!(
            "{} denies a request the graph allows, without reporting why",
            mesh.name()
        )),
        (false, false) => Verdict::Agrees,
        (true, true) if routing == graph_routing => Verdict::Agrees,
        (true, true) => {
            let warned: Vec<Diagnostic> = decision
                .route
                .split()
                .map(|origin| {
                    diagnostics
                        .iter()
                        .filter(|d| &d.object == origin)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            if warned.is_empty() {
                Verdict::Disagrees(format!(
                    "{} routes it otherwise than the graph",
                    mesh.name()
                ))
            } else {
                Verdict::RoutesAsWarned(warned)
            }
        }
    };
    BackendAnswer {
        mesh,
        seen: Ok(Seen {
            allowed: interpreted.allowed,
            routing,
            verdict,
        }),
    }
}

/// The request as the testkit's interpreters take it.
fn to_testkit(r: &Request) -> smi_testkit::Request {
    let http = smi_testkit::Request::http(r.source.clone(), r.destination.clone(), r.port);
    match &r.traffic {
        Traffic::Http(h) => smi_testkit::Request {
            method: h.method,
            path: h.path.clone(),
            headers: h.headers.clone(),
            ..http
        },
        Traffic::Tcp => smi_testkit::Request {
            protocol: smi_testkit::Protocol::Tcp,
            ..http
        },
        Traffic::Udp => smi_testkit::Request {
            protocol: smi_testkit::Protocol::Udp,
            ..http
        },
    }
}

/// The backend's errors about the granting TrafficTargets or their endpoint workloads.
fn concerning_grantors(diagnostics: &[Diagnostic], grantors: &[Grantor]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .filter(|d| {
            grantors.iter().any(|g| {
                d.object == g.origin
                    || d.related
                        .contains(&Related::Object(g.workload.object_ref()))
            })
        })
        .cloned()
        .collect()
}
