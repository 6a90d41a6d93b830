//! Every backend judged against the graph, one request at a time, as the differential
//! properties judge it: [`Mesh`] names a backend (and how its cluster is set up), [`Judged`] is
//! its output for one graph, interpreted, and [`Judged::verdict`] says what it does with a
//! request compared with the reference evaluator.
//!
//! The rule is [`compare`]'s: never allow what the graph denies; deny what it allows only where
//! an error diagnostic says the backend fails closed there; route as the graph does except where
//! a warning says the backend routes differently (each mesh's `TOLERATED_ROUTING` codes). On top:
//!
//! - Envoy ([`envoy_check`]): a request from an identity that runs no workload has no proxy to
//!   leave from (not compared); the outbound side not routing a request the graph denies is a
//!   denial; routing outside the source's outbound scope is not compared.
//! - GAMMA alone ([`Mesh::Gamma`]): Gateway API has no authorization, so a different
//!   authorization decision is "not expressible" (`gamma-no-authorization`); routing is judged.
//!   Paired ([`Mesh::GammaIstio`], [`Mesh::GammaLinkerd`]) the paired mesh's authorization is
//!   judged by its own rule.
//!
//! Every mesh is set up for SMI's deny by default: the graph is lowered with
//! `emit_default_deny` ([`Mesh::options`]) and Linkerd's cluster runs
//! `proxy.defaultInboundPolicy: deny`.

use crate::differential::{Count, Divergence, Outcome, compare, show};
use crate::evaluate::{Grantor, explain};
use crate::interpret::envoy::{Outbound, reported_fail_closed as envoy_reported};
use crate::interpret::gamma::Authorizer;
use crate::interpret::istio::reported_fail_closed as istio_reported;
use crate::interpret::linkerd::{DefaultInboundPolicy, reported_fail_closed as linkerd_reported};
use crate::interpret::{
    EnvoyInterpreter, GammaInterpreter, Interpreter, IstioInterpreter, LinkerdInterpreter,
};
use crate::request::{Protocol, Request};
use smi_translate::backend::compose::{AuthzBackend, GammaWithAuthz};
use smi_translate::backend::envoy::{Envoy, codes as envoy_codes};
use smi_translate::backend::gamma::codes as gamma_codes;
use smi_translate::backend::istio::{Istio, codes as istio_codes};
use smi_translate::backend::linkerd::{Linkerd, codes as linkerd_codes};
use smi_translate::graph::{Diagnostic, ObjectRef, Severity};
use smi_translate::{MeshGraph, Options};
use smi_types::CodeInfo;
use std::fmt;

/// The warning codes under which the Istio backend documents that it routes differently.
pub const ISTIO_TOLERATED_ROUTING: &[CodeInfo] = &[
    istio_codes::TCP_REFUSAL_UNSUPPORTED,
    istio_codes::UDP_SPLIT_UNSUPPORTED,
    istio_codes::TLS_SPLIT_UNSUPPORTED,
    istio_codes::REGEX_TOO_LARGE,
];

/// Warning and error codes under which the Linkerd backend documents that Linkerd routes
/// differently from the graph for a split.
pub const LINKERD_TOLERATED_ROUTING: &[CodeInfo] = &[
    linkerd_codes::UDP_UNSUPPORTED,
    linkerd_codes::SPLIT_PROTOCOL_UNKNOWN,
    linkerd_codes::SERVICE_PROFILE_LIMIT,
    linkerd_codes::MATCH_NOT_EXPRESSIBLE,
    linkerd_codes::TOO_MANY_MATCHES,
    linkerd_codes::TOO_MANY_BACKENDS,
    linkerd_codes::WEIGHTS_SCALED,
];

/// The warning codes under which the Envoy backend documents that it routes differently.
pub const ENVOY_TOLERATED_ROUTING: &[CodeInfo] = &[
    envoy_codes::OUTBOUND_PORT_SHARED,
    envoy_codes::UDP_SPLIT_UNSUPPORTED,
    envoy_codes::WEIGHTS_SCALED,
    envoy_codes::REGEX_TOO_LARGE,
];

/// Warning and error codes under which the Gateway API backend documents that a GAMMA mesh
/// routes differently from the graph for a split.
pub const GAMMA_TOLERATED_ROUTING: &[CodeInfo] = &[
    gamma_codes::PORT_NOT_ROUTABLE,
    gamma_codes::MATCH_NOT_EXPRESSIBLE,
    gamma_codes::TOO_MANY_BACKENDS,
    gamma_codes::WEIGHTS_SCALED,
    gamma_codes::TCP_REFUSAL_UNSUPPORTED,
    gamma_codes::SPLIT_PROTOCOL_UNKNOWN,
];

/// Envoy exemption: routing differs by the known capture of a split non-HTTP port (KE1 in
/// `tests/envoy_regressions.rs`; the backend warns `envoy-outbound-port-shared`).
pub const KNOWN_PORT_CAPTURE: &str = "KE1 port capture";
/// Envoy exemption: denied by both, addressed outside the source's outbound scope.
pub const OUT_OF_SCOPE: &str = "outside the outbound scope";
/// GAMMA exemption: the authorization decision differs because Gateway API has none.
pub const NO_AUTHORIZATION: &str = "GAMMA has no authorization";

/// A backend, as it is judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mesh {
    /// Istio (AuthorizationPolicy, VirtualService), with the allow-nothing policy.
    Istio,
    /// Linkerd (Server, AuthorizationPolicy, routes), cluster default inbound policy `deny`.
    Linkerd,
    /// Envoy proxies, one bootstrap per identity.
    Envoy,
    /// Gateway API routes alone (no authorization).
    Gamma,
    /// Gateway API routes with Istio's AuthorizationPolicies.
    GammaIstio,
    /// Gateway API routes with Linkerd's authorization objects.
    GammaLinkerd,
}

impl Mesh {
    /// The four backends `smi translate` offers, GAMMA alone.
    pub const BACKENDS: [Mesh; 4] = [Mesh::Istio, Mesh::Linkerd, Mesh::Envoy, Mesh::Gamma];

    /// A short name: `istio`, `gamma+linkerd`.
    pub fn name(self) -> &'static str {
        match self {
            Mesh::Istio => "istio",
            Mesh::Linkerd => "linkerd",
            Mesh::Envoy => "envoy",
            Mesh::Gamma => "gamma",
            Mesh::GammaIstio => "gamma+istio",
            Mesh::GammaLinkerd => "gamma+linkerd",
        }
    }

    /// `base` with what every judged mesh needs: the default-deny objects (SMI denies by
    /// default; Istio and Linkerd do not unless told).
    pub fn options(base: Options) -> Options {
        base.emit_default_deny(true)
    }

    /// Emits `graph` with this backend and interprets the output.
    pub fn emit(self, graph: &MeshGraph) -> Judged {
        let paired = |authz| GammaWithAuthz { authz };
        let (emitted, diagnostics) = match self {
            Mesh::Istio => {
                let (i, d) = IstioInterpreter::emit(graph, &Istio::default());
                (Emitted::Istio(i), d)
            }
            Mesh::Linkerd => {
                let (i, d) = LinkerdInterpreter::emit(
                    graph,
                    &Linkerd::default(),
                    DefaultInboundPolicy::Deny,
                );
                (Emitted::Linkerd(i), d)
            }
            Mesh::Envoy => {
                let (i, d) = EnvoyInterpreter::emit(graph, &Envoy::default());
                (Emitted::Envoy(i), d)
            }
            Mesh::Gamma => {
                let (i, d) = GammaInterpreter::emit(graph);
                (Emitted::Gamma(Box::new(i)), d)
            }
            Mesh::GammaIstio | Mesh::GammaLinkerd => {
                let authz = if self == Mesh::GammaIstio {
                    AuthzBackend::Istio(Istio::default())
                } else {
                    AuthzBackend::Linkerd(Linkerd::default())
                };
                let (i, d) = GammaInterpreter::emit_paired(
                    graph,
                    &paired(authz),
                    DefaultInboundPolicy::Deny,
                );
                (Emitted::Gamma(Box::new(i)), d)
            }
        };
        Judged {
            mesh: self,
            emitted,
            diagnostics,
        }
    }
}

impl fmt::Display for Mesh {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Debug)]
enum Emitted {
    Istio(IstioInterpreter),
    Linkerd(LinkerdInterpreter),
    Envoy(EnvoyInterpreter),
    Gamma(Box<GammaInterpreter>),
}

/// One backend's output for one graph, interpreted, with the backend's diagnostics.
#[derive(Clone, Debug)]
pub struct Judged {
    /// The backend.
    pub mesh: Mesh,
    emitted: Emitted,
    /// What the backend reported.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a backend does with one request, compared with the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The same decision and routing as the graph.
    Exact {
        /// Whether the request is allowed.
        allowed: bool,
    },
    /// Denied where the graph allows, as the backend reported (the codes of the errors about
    /// the TrafficTargets or workloads concerned).
    FailedClosed {
        /// The diagnostic codes.
        codes: Vec<&'static str>,
    },
    /// Different where the backend said it cannot express the graph (routing under a warning, or
    /// an exemption): the codes, or the exemption.
    NotExpressible {
        /// The diagnostic codes, or the exemption's name.
        codes: Vec<&'static str>,
        /// Whether the routing differs (else the authorization decision).
        routing: bool,
    },
    /// Different, and nothing reported: a bug in the backend (or a silent limit).
    Differs {
        /// What differs.
        what: String,
        /// Whether the routing differs (else the authorization decision).
        routing: bool,
    },
    /// Not compared (UDP; no source proxy), for the reason named.
    NotCompared {
        /// Why.
        why: &'static str,
    },
}

impl Judged {
    /// A GAMMA mesh's routes interpreted by `interpreter` (built from objects of your own, or
    /// the backend's changed on purpose), judged with `diagnostics` as the backend's report.
    pub fn gamma(interpreter: GammaInterpreter, diagnostics: Vec<Diagnostic>) -> Judged {
        let mesh = match interpreter.authorizer() {
            Authorizer::None => Mesh::Gamma,
            Authorizer::Istio(_) => Mesh::GammaIstio,
            Authorizer::Linkerd(_) => Mesh::GammaLinkerd,
        };
        Judged {
            mesh,
            emitted: Emitted::Gamma(Box::new(interpreter)),
            diagnostics,
        }
    }

    /// The interpreter of the output.
    pub fn interpreter(&self) -> &dyn Interpreter {
        match &self.emitted {
            Emitted::Istio(i) => i,
            Emitted::Linkerd(i) => i,
            Emitted::Envoy(i) => i,
            Emitted::Gamma(i) => i.as_ref(),
        }
    }

    /// Judges `request` as the differential property does.
    pub fn check(&self, graph: &MeshGraph, request: &Request) -> Result<Count, Box<Divergence>> {
        let d = &self.diagnostics;
        match &self.emitted {
            Emitted::Istio(i) => compare(
                graph,
                i,
                &istio_reported(d),
                d,
                ISTIO_TOLERATED_ROUTING,
                request,
            )
            .map(Count::Compared),
            Emitted::Linkerd(i) => compare(
                graph,
                i,
                &linkerd_reported(d, i),
                d,
                LINKERD_TOLERATED_ROUTING,
                request,
            )
            .map(Count::Compared),
            Emitted::Envoy(i) => envoy_check(i, d, graph, request),
            Emitted::Gamma(i) => gamma_check(i, d, graph, request),
        }
    }

    /// What the backend does with `request`, compared with the graph, with the diagnostics that
    /// explain a difference.
    pub fn verdict(&self, graph: &MeshGraph, request: &Request) -> Verdict {
        match self.check(graph, request) {
            Ok(Count::Compared(Outcome::Agree { allowed })) => Verdict::Exact { allowed },
            Ok(Count::Compared(Outcome::FailedClosed)) => Verdict::FailedClosed {
                codes: self.fail_closed_codes(graph, request),
            },
            Ok(Count::Compared(Outcome::ToleratedRouting)) => Verdict::NotExpressible {
                codes: self.routing_codes(graph, request),
                routing: true,
            },
            Ok(Count::Compared(Outcome::Skipped)) => Verdict::NotCompared { why: "UDP" },
            Ok(Count::Exempted(NO_AUTHORIZATION)) => Verdict::NotExpressible {
                codes: vec![gamma_codes::NO_AUTHORIZATION.code],
                routing: false,
            },
            // Denied by both; the backend does not route what the source may not call, so there
            // is no routing to compare.
            Ok(Count::Exempted(OUT_OF_SCOPE)) => Verdict::Exact { allowed: false },
            Ok(Count::Exempted(why)) => Verdict::NotExpressible {
                codes: vec![why],
                routing: true,
            },
            Ok(Count::NotCompared(why)) => Verdict::NotCompared { why },
            Err(d) => Verdict::Differs {
                what: d.what,
                routing: d.routing,
            },
        }
    }

    /// Error codes about what admits `request` in the graph: its TrafficTargets and endpoint
    /// workloads.
    fn fail_closed_codes(&self, graph: &MeshGraph, request: &Request) -> Vec<&'static str> {
        let granted = explain(graph, request).granted_by;
        let concerns = |d: &Diagnostic| {
            granted.iter().any(|g: &Grantor| {
                d.object == g.origin
                    || d.related.contains(&smi_translate::graph::Related::Object(
                        g.workload.object_ref(),
                    ))
            })
        };
        codes_of(
            self.diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error && concerns(d)),
        )
    }

    /// Codes about the split of the addressed Service.
    fn routing_codes(&self, graph: &MeshGraph, request: &Request) -> Vec<&'static str> {
        let split: Option<&ObjectRef> = graph
            .splits
            .iter()
            .find(|s| s.root == request.destination)
            .map(|s| &s.origin);
        codes_of(
            self.diagnostics
                .iter()
                .filter(|d| split.is_some_and(|origin| &d.object == origin)),
        )
    }
}

fn codes_of<'a>(diagnostics: impl Iterator<Item = &'a Diagnostic>) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = diagnostics.map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Whether the outbound trace of `request` sends it away from its own destination, which only
/// KE1's port capture does (see [`KNOWN_PORT_CAPTURE`]).
fn known_port_capture(interpreter: &EnvoyInterpreter, request: &Request) -> bool {
    matches!(interpreter.trace(request).outbound, Outbound::Routed(ref to)
            if !to.is_empty() && to.iter().all(|(s, _)| *s != request.destination))
}

/// Judges `request` for the Envoy backend (see the module documentation).
pub fn envoy_check(
    interpreter: &EnvoyInterpreter,
    diagnostics: &[Diagnostic],
    graph: &MeshGraph,
    request: &Request,
) -> Result<Count, Box<Divergence>> {
    let diverge = |what: String| {
        Box::new(Divergence {
            request: request.clone(),
            what,
            routing: false,
        })
    };
    if let Some(count) = not_sent(request) {
        return Ok(count);
    }
    let graph_allows = explain(graph, request).decision.allowed;
    match interpreter.trace(request).outbound {
        Outbound::NoSourceProxy => return Ok(Count::NotCompared("no source proxy")),
        Outbound::Unroutable(why) if graph_allows => {
            return Err(diverge(format!(
                "the graph allows it, but the source's outbound Envoy does not route it ({why})"
            )));
        }
        Outbound::Unroutable(_) => return Ok(Count::Compared(Outcome::Agree { allowed: false })),
        Outbound::Routed(_) => {}
    }
    let compared = compare(
        graph,
        interpreter,
        &envoy_reported(graph, diagnostics, request),
        diagnostics,
        ENVOY_TOLERATED_ROUTING,
        request,
    );
    match compared {
        Ok(outcome) => Ok(Count::Compared(outcome)),
        // The backend's documented outbound scope: only Services the source may call are routed
        // (and split). A Service outside it is one no workload of which grants the source, so
        // the graph denies; its routing is not compared (authorization was, and agreed), except
        // for KE1.
        Err(d) if d.routing && !graph_allows => {
            let in_scope = interpreter
                .outbound_scope(&request.source)
                .contains(&request.destination);
            if in_scope {
                Err(d)
            } else if known_port_capture(interpreter, request) {
                Ok(Count::Exempted(KNOWN_PORT_CAPTURE))
            } else {
                Ok(Count::Exempted(OUT_OF_SCOPE))
            }
        }
        Err(d) => Err(d),
    }
}

/// UDP (not proxied) and HTTP without a path: an HTTP request target is at least `/`
/// (RFC 9112 origin-form; Envoy rejects an empty `:path`, Gateway API matches paths only), and a
/// shrinker can produce an empty path, which no client sends.
fn not_sent(request: &Request) -> Option<Count> {
    if request.protocol == Protocol::Udp {
        return Some(Count::Compared(Outcome::Skipped));
    }
    if request.protocol == Protocol::Http && !request.path.starts_with('/') {
        return Some(Count::NotCompared("HTTP without a path"));
    }
    None
}

/// Judges `request` for the Gateway API backend, alone or paired.
fn gamma_check(
    interpreter: &GammaInterpreter,
    diagnostics: &[Diagnostic],
    graph: &MeshGraph,
    request: &Request,
) -> Result<Count, Box<Divergence>> {
    if let Some(count) = not_sent(request) {
        return Ok(count);
    }
    match interpreter.authorizer() {
        Authorizer::Istio(_) => compare(
            graph,
            interpreter,
            &istio_reported(diagnostics),
            diagnostics,
            GAMMA_TOLERATED_ROUTING,
            request,
        )
        .map(Count::Compared),
        Authorizer::Linkerd(linkerd) => compare(
            graph,
            interpreter,
            &linkerd_reported(diagnostics, linkerd),
            diagnostics,
            GAMMA_TOLERATED_ROUTING,
            request,
        )
        .map(Count::Compared),
        Authorizer::None => {
            let expected = explain(graph, request).decision;
            let actual = interpreter.decide(request);
            if expected.allowed == actual.allowed {
                return compare(
                    graph,
                    interpreter,
                    &|_| false,
                    diagnostics,
                    GAMMA_TOLERATED_ROUTING,
                    request,
                )
                .map(Count::Compared);
            }
            // Authorization cannot be judged; routing still is.
            let (want, got) = (expected.routing(request), actual.routing(request));
            if want == got || tolerated(graph, diagnostics, request) {
                Ok(Count::Exempted(NO_AUTHORIZATION))
            } else {
                Err(Box::new(Divergence {
                    request: request.clone(),
                    what: format!(
                        "routing differs: graph {}, gamma {}",
                        show(&want),
                        show(&got)
                    ),
                    routing: true,
                }))
            }
        }
    }
}

/// Whether the Gateway API backend warned that it routes the split of `request`'s Service
/// differently.
fn tolerated(graph: &MeshGraph, diagnostics: &[Diagnostic], request: &Request) -> bool {
    graph
        .splits
        .iter()
        .filter(|s| s.root == request.destination)
        .any(|s| {
            diagnostics.iter().any(|d| {
                d.object == s.origin && GAMMA_TOLERATED_ROUTING.iter().any(|c| d.code == *c)
            })
        })
}
