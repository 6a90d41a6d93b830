//! What a mesh implementing Gateway API for service meshes (GAMMA) does with the routes the
//! Gateway API backend emits, alone or paired with another mesh's authorization objects
//! (`smi translate --backend gamma [--authz istio|linkerd]`).
//!
//! **Routing** follows GAMMA, <https://gateway-api.sigs.k8s.io/mesh/>: HTTPRoutes, GRPCRoutes
//! and TCPRoutes whose parent is a Service apply to every request addressed to that Service
//! port; the winning rule's `backendRefs` receive the request by relative weight (the route
//! model, matching and precedence are shared with the Linkerd interpreter).
//!
//! **Authorization**: Gateway API has none. Alone, the routes leave every request the cluster
//! can deliver allowed (the Service port exists, the transport fits it, and it has an endpoint)
//! — which is not SMI's deny by default, and the backend says so for every TrafficTarget
//! (`gamma-no-authorization`). Paired, the authorization objects are interpreted by the Istio or
//! Linkerd interpreter ([`Authorizer`]) and decide alone; the routes still route.

use super::gateway_api::{ServiceRoutes, read_grpc_route, read_http_route, read_tcp_route};
use super::istio::IstioInterpreter;
use super::linkerd::{DefaultInboundPolicy, LinkerdInterpreter};
use super::{Interpreter, sidecar_policy_point};
use crate::evaluate::Decision;
use crate::request::Request;
use smi_translate::MeshGraph;
use smi_translate::backend::compose::{AuthzBackend, ComposedObject, GammaWithAuthz};
use smi_translate::backend::gamma::{Gamma, GammaObject};
use smi_translate::backend::istio::IstioObject;
use smi_translate::backend::linkerd::LinkerdObject;
use smi_translate::backend::{Backend, Emitted};
use smi_translate::graph::Diagnostic;

/// Who decides authorization beside the routes.
#[derive(Clone, Debug)]
pub enum Authorizer {
    /// Nobody: Gateway API alone allows whatever the cluster delivers.
    None,
    /// Istio, configured with the paired AuthorizationPolicies.
    Istio(IstioInterpreter),
    /// Linkerd, configured with the paired Servers, authentications, policies and policy routes.
    Linkerd(LinkerdInterpreter),
}

/// A GAMMA mesh configured with the Gateway API backend's routes (and, paired, another mesh's
/// authorization objects), in a cluster described by a graph's Services and workloads.
#[derive(Clone, Debug)]
pub struct GammaInterpreter {
    cluster: MeshGraph,
    routes: ServiceRoutes,
    authorizer: Authorizer,
}

impl GammaInterpreter {
    /// An interpreter of `routes` with `authorizer` deciding authorization.
    ///
    /// Only the cluster facts of `cluster` are read (Services, workloads, naming), never its
    /// authorizations or splits.
    pub fn new(cluster: &MeshGraph, routes: &[GammaObject], authorizer: Authorizer) -> Self {
        let mut read = ServiceRoutes::default();
        for route in routes {
            match route {
                GammaObject::HttpRoute(r) => read.requests.push(read_http_route!(r)),
                GammaObject::GrpcRoute(r) => read.requests.push(read_grpc_route(r)),
                GammaObject::TcpRoute(r) => read.connections.push(read_tcp_route(r)),
                // Skipping an object would interpret a cluster other than the one emitted.
                other => panic!("the GAMMA interpreter does not know {other:?}"),
            }
        }
        read.sort();
        GammaInterpreter {
            cluster: MeshGraph {
                naming: cluster.naming.clone(),
                services: cluster.services.clone(),
                workloads: cluster.workloads.clone(),
                ..MeshGraph::default()
            },
            routes: read,
            authorizer,
        }
    }

    /// Runs the Gateway API backend alone on `graph` and interprets its routes; also returns the
    /// backend's diagnostics.
    pub fn emit(graph: &MeshGraph) -> (Self, Vec<Diagnostic>) {
        let Emitted {
            objects,
            diagnostics,
        } = Gamma.emit(graph);
        (
            GammaInterpreter::new(graph, &objects, Authorizer::None),
            diagnostics,
        )
    }

    /// Runs the Gateway API backend paired with `composed`'s authorization objects and interprets
    /// both (Linkerd's in a cluster whose default inbound policy is `default_policy`); also
    /// returns the diagnostics.
    pub fn emit_paired(
        graph: &MeshGraph,
        composed: &GammaWithAuthz,
        default_policy: DefaultInboundPolicy,
    ) -> (Self, Vec<Diagnostic>) {
        let Emitted {
            objects,
            diagnostics,
        } = composed.emit(graph);
        let mut routes = Vec::new();
        let mut istio: Vec<IstioObject> = Vec::new();
        let mut linkerd: Vec<LinkerdObject> = Vec::new();
        for object in objects {
            match object {
                ComposedObject::Gamma(r) => routes.push(r),
                ComposedObject::Istio(o) => istio.push(o),
                ComposedObject::Linkerd(o) => linkerd.push(o),
                other => panic!("the GAMMA interpreter does not know {other:?}"),
            }
        }
        let authorizer = match &composed.authz {
            AuthzBackend::Istio(backend) => Authorizer::Istio(IstioInterpreter::new(
                graph,
                &backend.root_namespace,
                &istio,
            )),
            AuthzBackend::Linkerd(_) => {
                Authorizer::Linkerd(LinkerdInterpreter::new(graph, default_policy, &linkerd))
            }
            AuthzBackend::None => Authorizer::None,
        };
        (
            GammaInterpreter::new(graph, &routes, authorizer),
            diagnostics,
        )
    }

    /// Who decides authorization.
    pub fn authorizer(&self) -> &Authorizer {
        &self.authorizer
    }

    fn allowed(&self, request: &Request) -> bool {
        match &self.authorizer {
            Authorizer::None => sidecar_policy_point(&self.cluster, request)
                .map_or_else(|delivered| delivered, |_| true),
            Authorizer::Istio(istio) => istio.decide(request).allowed,
            Authorizer::Linkerd(linkerd) => linkerd.decide(request).allowed,
        }
    }
}

impl Interpreter for GammaInterpreter {
    fn name(&self) -> &'static str {
        "gamma"
    }

    fn decide(&self, request: &Request) -> Decision {
        Decision {
            allowed: self.allowed(request),
            split: self.routes.route(&self.cluster, request),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Protocol;
    use crate::evaluate::evaluate;
    use crate::manifests::{Manifests, lower, stream};
    use smi_translate::Options;
    use smi_translate::graph::{Identity, ServiceId};

    const SHOP: Manifests = Manifests::new("shop");

    /// `web` split over `web-v1` and `web-v2` (HTTP port 80), and a client.
    fn split_graph(weights: (u32, u32)) -> MeshGraph {
        let http = "[{name: http, port: 80}]";
        let yaml = stream(&[
            SHOP.service("web", "{app: web}", http),
            SHOP.service("web-v1", "{app: web, version: v1}", http),
            SHOP.service("web-v2", "{app: web, version: v2}", http),
            SHOP.deployment("web-v1", "{app: web, version: v1}", "web"),
            SHOP.deployment("web-v2", "{app: web, version: v2}", "web"),
            SHOP.app("client"),
            SHOP.traffic_split(
                "web",
                "web",
                &[("web-v1", weights.0), ("web-v2", weights.1)],
            ),
        ]);
        lower(&yaml, &Options::default())
    }

    #[test]
    fn routes_split_by_weight_as_the_graph_does() {
        let graph = split_graph((75, 25));
        let (gamma, _) = GammaInterpreter::emit(&graph);
        let request = Request::http(
            Identity::new("shop", "client"),
            ServiceId::new("shop", "web"),
            80,
        );
        let got = gamma.decide(&request);
        assert_eq!(
            got.routing(&request),
            evaluate(&graph, &request).routing(&request)
        );
        assert_eq!(got.split.map(|s| s.len()), Some(2));
        // All to one backend.
        let graph = split_graph((0, 1));
        let (gamma, _) = GammaInterpreter::emit(&graph);
        assert_eq!(
            gamma.decide(&request).routing(&request),
            evaluate(&graph, &request).routing(&request)
        );
    }

    #[test]
    fn without_authorization_everything_delivered_is_allowed() {
        let graph = split_graph((1, 0));
        let (gamma, diagnostics) = GammaInterpreter::emit(&graph);
        let to_v1 = Request::tcp(
            Identity::new("shop", "stranger"),
            ServiceId::new("shop", "web-v1"),
            80,
        );
        assert!(gamma.decide(&to_v1).allowed);
        assert!(!evaluate(&graph, &to_v1).allowed);
        // No port there: nothing to deliver to.
        let nowhere = Request {
            protocol: Protocol::Tcp,
            ..Request::http(to_v1.source.clone(), to_v1.destination.clone(), 81)
        };
        assert!(!gamma.decide(&nowhere).allowed);
        // No TrafficTarget, so nothing reported as not carried.
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }
}
