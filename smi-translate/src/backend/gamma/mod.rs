//! Gateway API in mesh mode (GAMMA), standard channel of v1.6: `gateway.networking.k8s.io/v1`
//! `HTTPRoute`, `GRPCRoute` and `TCPRoute` whose parent is the root Service port — the migration
//! path from SMI to its successor.
//!
//! Gateway API routes traffic; it has no authorization. So every TrafficTarget is reported once
//! ([`codes::NO_AUTHORIZATION`]). To lose nothing silently in a migration, pair the routes with
//! the Istio or Linkerd backend's authorization objects:
//! [`GammaWithAuthz`](super::compose::GammaWithAuthz) in [`compose`](super::compose). The route
//! types, match rendering and limits live in [`gateway_api`](super::gateway_api).

mod authz;
pub use crate::codes::gamma as codes;
mod routing;
pub mod types;

use super::gateway_api::routes::WeightCodes;
use super::{Backend, Emitted};
use crate::graph::{GraphIndex, Identity, MeshGraph, Severity};
pub use types::GammaObject;

/// The Gateway API (GAMMA) backend.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Gamma;

impl Backend for Gamma {
    type Output = GammaObject;

    fn name(&self) -> &'static str {
        "gamma"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<GammaObject> {
        self.emit_reporting_authorization(graph, Severity::Error)
    }

    fn emit_destination(
        &self,
        destination: &Identity,
        _graph: &MeshGraph,
        index: &GraphIndex<'_>,
    ) -> Option<Emitted<GammaObject>> {
        Some(self.destination_reports(destination, index, Severity::Error))
    }
}

impl Gamma {
    /// The routes alone, accepted explicitly as the whole output: every TrafficTarget is still
    /// reported as not carried, as a warning rather than an error (`--authz none`).
    pub fn emit_routes_only(&self, graph: &MeshGraph) -> Emitted<GammaObject> {
        self.emit_reporting_authorization(graph, Severity::Warning)
    }

    fn emit_reporting_authorization(
        &self,
        graph: &MeshGraph,
        severity: Severity,
    ) -> Emitted<GammaObject> {
        let mut emitted = self.emit_routes(graph);
        authz::not_carried(graph, severity, &mut emitted.diagnostics);
        emitted.diagnostics.sort();
        emitted.diagnostics.dedup();
        emitted
    }

    /// What protecting `destination` gives rise to in [`emit`](Backend::emit) (`severity`
    /// [`Severity::Error`]) or [`emit_routes_only`](Self::emit_routes_only) (`Warning`): no
    /// object, and the report that each authorization protecting it is not carried.
    pub fn destination_reports(
        &self,
        destination: &Identity,
        index: &GraphIndex<'_>,
        severity: Severity,
    ) -> Emitted<GammaObject> {
        let mut diagnostics: Vec<_> = (index.authorizations_to(destination).iter())
            .map(|auth| authz::not_carried_by(auth, severity))
            .collect();
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects: Vec::new(),
            diagnostics,
        }
    }

    /// The routes and their diagnostics, without the report that no TrafficTarget is carried:
    /// for pairing with another backend's authorization objects ([`compose`](super::compose)).
    pub fn emit_routes(&self, graph: &MeshGraph) -> Emitted<GammaObject> {
        let mut diagnostics = Vec::new();
        let objects = routing::emit(graph, &mut diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

/// Diagnostic codes for the weights of the routes.
const WEIGHT_CODES: WeightCodes = WeightCodes {
    too_many_backends: codes::TOO_MANY_BACKENDS,
    weights_scaled: codes::WEIGHTS_SCALED,
};

#[cfg(test)]
mod tests {
    //! Limits of the route CRDs, on graphs built by hand (too big for YAML scenarios).
    use super::*;
    use crate::backend::gateway_api::generated::httproutes::{
        HttpRouteRules, HttpRouteRulesMatchesPathType,
    };
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
    fn shape(objects: &[GammaObject]) -> Vec<(String, String, Vec<usize>)> {
        objects
            .iter()
            .map(|o| {
                let v = serde_json::to_value(o).expect("serialisable");
                let rules = v["spec"]["rules"].as_array().cloned().unwrap_or_default();
                let text = |key: &serde_json::Value| key.as_str().unwrap_or_default().to_owned();
                let matches = match o {
                    GammaObject::TcpRoute(_) => Vec::new(),
                    GammaObject::HttpRoute(_) | GammaObject::GrpcRoute(_) => rules
                        .iter()
                        .map(|r| r["matches"].as_array().map_or(0, Vec::len))
                        .collect(),
                };
                (text(&v["kind"]), text(&v["metadata"]["name"]), matches)
            })
            .collect()
    }

    #[test]
    fn http_routes_hold_127_matches_then_spread() {
        let emitted = Gamma.emit(&graph(
            Some(matches(127, false)),
            AppProtocol::Http,
            &[1, 1],
        ));
        assert_eq!(
            shape(&emitted.objects),
            vec![(
                "HTTPRoute".to_owned(),
                "split-80".to_owned(),
                vec![64, 63, 0]
            )]
        );
        assert!(emitted.diagnostics.is_empty(), "{:?}", emitted.diagnostics);
        let emitted = Gamma.emit(&graph(
            Some(matches(300, false)),
            AppProtocol::Http,
            &[1, 1],
        ));
        assert_eq!(
            shape(&emitted.objects),
            vec![
                (
                    "HTTPRoute".to_owned(),
                    "split-80".to_owned(),
                    vec![64, 63, 0]
                ),
                (
                    "HTTPRoute".to_owned(),
                    "split-80-2".to_owned(),
                    vec![64, 64]
                ),
                ("HTTPRoute".to_owned(), "split-80-3".to_owned(), vec![45]),
            ]
        );
        let codes: Vec<_> = emitted.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![codes::ROUTES_SPREAD]);
    }

    #[test]
    fn grpc_routes_hold_128_matches_then_spread() {
        let emitted = Gamma.emit(&graph(Some(matches(129, true)), AppProtocol::Grpc, &[1]));
        assert_eq!(
            shape(&emitted.objects),
            vec![
                (
                    "GRPCRoute".to_owned(),
                    "split-80".to_owned(),
                    vec![64, 64, 0]
                ),
                ("GRPCRoute".to_owned(), "split-80-2".to_owned(), vec![1]),
            ]
        );
        // The same paths on an HTTP port are HTTPRoute Exact matches.
        let emitted = Gamma.emit(&graph(Some(matches(2, true)), AppProtocol::Http, &[1]));
        let GammaObject::HttpRoute(r) = &emitted.objects[0] else {
            panic!("an HTTPRoute");
        };
        let path = r.spec.rules.as_ref().and_then(|rules| {
            let m = rules[0].matches.as_ref()?;
            m[0].path.as_ref()?.r#type.clone()
        });
        assert_eq!(path, Some(HttpRouteRulesMatchesPathType::Exact));
    }

    #[test]
    fn too_many_backends_or_headers_are_reported_not_emitted() {
        let emitted = Gamma.emit(&graph(None, AppProtocol::Http, &[1; 17]));
        assert!(emitted.objects.is_empty());
        assert_eq!(emitted.diagnostics[0].code, codes::TOO_MANY_BACKENDS);
        let mut many = matches(1, false);
        many[0].headers = (0..17)
            .map(|i| GHeader {
                name: format!("x-{i}"),
                regex: "a".into(),
            })
            .collect();
        let emitted = Gamma.emit(&graph(Some(many), AppProtocol::Http, &[1]));
        assert!(emitted.objects.is_empty());
        assert_eq!(emitted.diagnostics[0].code, codes::MATCH_NOT_EXPRESSIBLE);
    }

    #[test]
    fn weights_are_scaled_and_all_zero_refuses() {
        let emitted = Gamma.emit(&graph(None, AppProtocol::Http, &[4_000_000, 1_000_000]));
        let GammaObject::HttpRoute(r) = &emitted.objects[0] else {
            panic!("an HTTPRoute");
        };
        let weights: Vec<Option<i32>> = r.spec.rules.as_ref().expect("rules")[0]
            .backend_refs
            .iter()
            .flatten()
            .map(|b| b.weight)
            .collect();
        assert_eq!(weights, vec![Some(1_000_000), Some(250_000)]);
        assert_eq!(emitted.diagnostics[0].code, codes::WEIGHTS_SCALED);
        // HTTP: a rule without backendRefs (500 from every implementation).
        let emitted = Gamma.emit(&graph(None, AppProtocol::Http, &[0, 0]));
        let GammaObject::HttpRoute(r) = &emitted.objects[0] else {
            panic!("an HTTPRoute");
        };
        assert_eq!(r.spec.rules, Some(vec![HttpRouteRules::default()]));
        // TCP: no TCPRoute can refuse.
        let emitted = Gamma.emit(&graph(None, AppProtocol::Tcp, &[0, 0]));
        assert!(emitted.objects.is_empty());
        assert_eq!(emitted.diagnostics[0].code, codes::TCP_REFUSAL_UNSUPPORTED);
        // TCP: zero weights are dropped.
        let emitted = Gamma.emit(&graph(None, AppProtocol::Tcp, &[0, 3]));
        let GammaObject::TcpRoute(r) = &emitted.objects[0] else {
            panic!("a TCPRoute");
        };
        assert_eq!(r.spec.rules[0].backend_refs.len(), 1);
    }
}
