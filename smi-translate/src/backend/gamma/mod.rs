//! Gateway API in mesh mode (GAMMA), standard channel of v1.6: `gateway.networking.k8s.io/v1`
//! `HTTPRoute`, `GRPCRoute` and `TCPRoute` whose parent is the root Service port — the migration
//! path from SMI to its successor.
//!
//! Gateway API routes traffic; it has no authorization. Without [`Gamma::authz`] every
//! TrafficTarget is reported once ([`codes::NO_AUTHORIZATION`]); with it, the authorization
//! objects of the Istio or Linkerd backend are emitted beside the routes, so a migration loses
//! nothing silently.

mod authz;
pub mod codes;
mod paths;
mod routing;
pub mod types;

use super::istio::Istio;
use super::linkerd::Linkerd;
use super::naming::{MANAGED_BY, object_name};
use super::{Backend, Emitted};
use crate::graph::MeshGraph;
pub use types::GammaObject;

/// The mesh whose authorization objects accompany the routes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthzBackend {
    /// Istio: `security.istio.io/v1` AuthorizationPolicy (and the allow-nothing policy with
    /// `emit_default_deny`); the Istio backend's VirtualServices are not emitted.
    Istio(Istio),
    /// Linkerd: Server, MeshTLSAuthentication, AuthorizationPolicy and `policy.linkerd.io`
    /// HTTPRoute; the Linkerd backend's split objects are not emitted.
    Linkerd(Linkerd),
}

/// The Gateway API (GAMMA) backend.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gamma {
    /// Whose authorization objects to emit beside the routes; `None`: none (and a diagnostic per
    /// TrafficTarget).
    pub authz: Option<AuthzBackend>,
}

impl Backend for Gamma {
    type Output = GammaObject;

    fn name(&self) -> &'static str {
        "gamma"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<GammaObject> {
        let mut diagnostics = Vec::new();
        let mut objects = routing::emit(graph, &mut diagnostics);
        objects.extend(authz::emit(graph, self.authz.as_ref(), &mut diagnostics));
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

fn metadata(name: String, namespace: String) -> types::Metadata {
    types::Metadata {
        name,
        namespace,
        labels: [(MANAGED_BY.0.to_owned(), MANAGED_BY.1.to_owned())].into(),
    }
}

#[cfg(test)]
mod tests {
    //! Limits of the route CRDs, on graphs built by hand (too big for YAML scenarios).
    use super::types::*;
    use super::*;
    use crate::graph::{
        AppProtocol, HeaderMatch as GHeader, HttpMatch, Method, MethodSet, ObjectRef,
        PathAnchoring, PathMatch as GPath, ServiceId, Split, SplitPort, Transport, WeightedBackend,
    };

    fn matches(n: usize, grpc: bool) -> Vec<HttpMatch> {
        (0..n)
            .map(|i| HttpMatch {
                group: ObjectRef::new("HTTPRouteGroup", "ns", "g"),
                name: format!("m{i}"),
                path: Some(GPath {
                    regex: if grpc {
                        format!(r"/pkg\.Svc/M{i}")
                    } else {
                        format!("/p{i}")
                    },
                    anchoring: PathAnchoring::Full,
                }),
                methods: MethodSet::Only([Method::Post].into()),
                headers: Vec::new(),
            })
            .collect()
    }

    fn graph(
        condition: Option<Vec<HttpMatch>>,
        protocol: AppProtocol,
        weights: &[u32],
    ) -> MeshGraph {
        let mut graph = MeshGraph::default();
        graph.splits.push(Split {
            origin: ObjectRef::new("TrafficSplit", "ns", "split"),
            root: ServiceId::new("ns", "api"),
            ports: vec![SplitPort {
                port: 80,
                protocol,
                transport: Transport::Tcp,
                backends: weights
                    .iter()
                    .enumerate()
                    .map(|(i, w)| WeightedBackend {
                        service: ServiceId::new("ns", format!("api-v{i}")),
                        port: 80,
                        weight: *w,
                    })
                    .collect(),
            }],
            condition,
            diagnostics: Vec::new(),
        });
        graph
    }

    /// `(kind, name, matches per rule)` of every route.
    fn shape(objects: &[GammaObject]) -> Vec<(&'static str, String, Vec<usize>)> {
        objects
            .iter()
            .map(|o| match o {
                GammaObject::HttpRoute(r) => (
                    "HTTPRoute",
                    r.metadata.name.clone(),
                    r.spec.rules.iter().map(|x| x.matches.len()).collect(),
                ),
                GammaObject::GrpcRoute(r) => (
                    "GRPCRoute",
                    r.metadata.name.clone(),
                    r.spec.rules.iter().map(|x| x.matches.len()).collect(),
                ),
                GammaObject::TcpRoute(r) => ("TCPRoute", r.metadata.name.clone(), vec![]),
                _ => ("other", String::new(), vec![]),
            })
            .collect()
    }

    #[test]
    fn long_names_are_shortened_stably() {
        let long = "a".repeat(70);
        let name = object_name(&[&long, "8080"]);
        assert_eq!(name.len(), 63);
        assert_eq!(name, object_name(&[&long, "8080"]));
        assert_ne!(name, object_name(&[&long, "8081"]));
    }

    #[test]
    fn http_routes_hold_127_matches_then_spread() {
        let emitted = Gamma::default().emit(&graph(
            Some(matches(127, false)),
            AppProtocol::Http,
            &[1, 1],
        ));
        assert_eq!(
            shape(&emitted.objects),
            vec![("HTTPRoute", "split-80".to_owned(), vec![64, 63, 0])]
        );
        assert!(emitted.diagnostics.is_empty(), "{:?}", emitted.diagnostics);
        let emitted = Gamma::default().emit(&graph(
            Some(matches(300, false)),
            AppProtocol::Http,
            &[1, 1],
        ));
        assert_eq!(
            shape(&emitted.objects),
            vec![
                ("HTTPRoute", "split-80".to_owned(), vec![64, 63, 0]),
                ("HTTPRoute", "split-80-2".to_owned(), vec![64, 64]),
                ("HTTPRoute", "split-80-3".to_owned(), vec![45]),
            ]
        );
        let codes: Vec<_> = emitted.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![codes::ROUTES_SPREAD]);
    }

    #[test]
    fn grpc_routes_hold_128_matches_then_spread() {
        let emitted =
            Gamma::default().emit(&graph(Some(matches(129, true)), AppProtocol::Grpc, &[1]));
        assert_eq!(
            shape(&emitted.objects),
            vec![
                ("GRPCRoute", "split-80".to_owned(), vec![64, 64, 0]),
                ("GRPCRoute", "split-80-2".to_owned(), vec![1]),
            ]
        );
        // The same paths on an HTTP port are HTTPRoute Exact matches.
        let emitted =
            Gamma::default().emit(&graph(Some(matches(2, true)), AppProtocol::Http, &[1]));
        let GammaObject::HttpRoute(r) = &emitted.objects[0] else {
            panic!("an HTTPRoute");
        };
        assert_eq!(r.spec.rules[0].matches[0].path.kind, "Exact");
    }

    #[test]
    fn too_many_backends_or_headers_are_reported_not_emitted() {
        let emitted = Gamma::default().emit(&graph(None, AppProtocol::Http, &[1; 17]));
        assert!(emitted.objects.is_empty());
        assert_eq!(emitted.diagnostics[0].code, codes::TOO_MANY_BACKENDS);
        let mut many = matches(1, false);
        many[0].headers = (0..17)
            .map(|i| GHeader {
                name: format!("x-{i}"),
                regex: "a".into(),
            })
            .collect();
        let emitted = Gamma::default().emit(&graph(Some(many), AppProtocol::Http, &[1]));
        assert!(emitted.objects.is_empty());
        assert_eq!(emitted.diagnostics[0].code, codes::MATCH_NOT_EXPRESSIBLE);
    }

    #[test]
    fn weights_are_scaled_and_all_zero_refuses() {
        let emitted =
            Gamma::default().emit(&graph(None, AppProtocol::Http, &[4_000_000, 1_000_000]));
        let GammaObject::HttpRoute(r) = &emitted.objects[0] else {
            panic!("an HTTPRoute");
        };
        let weights: Vec<u32> = r.spec.rules[0]
            .backend_refs
            .iter()
            .map(|b| b.weight)
            .collect();
        assert_eq!(weights, vec![1_000_000, 250_000]);
        assert_eq!(emitted.diagnostics[0].code, codes::WEIGHTS_SCALED);
        // HTTP: a rule without backendRefs (500 from every implementation).
        let emitted = Gamma::default().emit(&graph(None, AppProtocol::Http, &[0, 0]));
        let GammaObject::HttpRoute(r) = &emitted.objects[0] else {
            panic!("an HTTPRoute");
        };
        assert_eq!(r.spec.rules, vec![HttpRouteRule::default()]);
        // TCP: no TCPRoute can refuse.
        let emitted = Gamma::default().emit(&graph(None, AppProtocol::Tcp, &[0, 0]));
        assert!(emitted.objects.is_empty());
        assert_eq!(emitted.diagnostics[0].code, codes::TCP_REFUSAL_UNSUPPORTED);
        // TCP: zero weights are dropped.
        let emitted = Gamma::default().emit(&graph(None, AppProtocol::Tcp, &[0, 3]));
        let GammaObject::TcpRoute(r) = &emitted.objects[0] else {
            panic!("a TCPRoute");
        };
        assert_eq!(r.spec.rules[0].backend_refs.len(), 1);
    }
}
