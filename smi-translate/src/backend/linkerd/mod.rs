//! Linkerd (edge-26.x): `policy.linkerd.io` Server, MeshTLSAuthentication, AuthorizationPolicy and
//! HTTPRoute for access; Gateway API HTTPRoute/TCPRoute (or the legacy ServiceProfile) for splits.
//!
//! The Gateway API routes, the match rendering and the CRD limits are shared with the GAMMA
//! backend in [`gateway_api`](super::gateway_api); the output types are generated from the CRDs
//! ([`generated`]).

mod authz;
pub use crate::codes::linkerd as codes;
pub use smi_target_types::linkerd as generated;
mod matches;
mod profile;
mod routing;
pub mod types;

use super::naming::{object_meta, object_name};
use super::{Backend, Emitted};
use crate::graph::{GraphIndex, Identity, MeshGraph};
pub use types::LinkerdObject;

/// How splits are emitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkerdSplitMode {
    /// Gateway API `HTTPRoute` / `TCPRoute` with the root Service as parent (Linkerd ≥ 2.14).
    #[default]
    HttpRoute,
    /// The legacy `linkerd.io/v1alpha2` ServiceProfile with `dstOverrides`, as linkerd-smi wrote.
    /// Never emitted together with routes: a ServiceProfile overrides the routes of its Service.
    ServiceProfile,
}

/// The Linkerd backend.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Linkerd {
    /// How splits are emitted.
    pub split_mode: LinkerdSplitMode,
}

impl Linkerd {
    /// Sets how splits are emitted.
    pub fn split_mode(mut self, split_mode: LinkerdSplitMode) -> Linkerd {
        self.split_mode = split_mode;
        self
    }
}

impl Backend for Linkerd {
    type Output = LinkerdObject;

    fn name(&self) -> &'static str {
        "linkerd"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<LinkerdObject> {
        let mut diagnostics = Vec::new();
        let mut objects = authz::emit(graph, &mut diagnostics);
        match self.split_mode {
            LinkerdSplitMode::HttpRoute => objects.extend(routing::emit(graph, &mut diagnostics)),
            LinkerdSplitMode::ServiceProfile => {
                objects.extend(profile::emit(graph, &mut diagnostics))
            }
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
    ) -> Option<Emitted<LinkerdObject>> {
        let mut diagnostics = Vec::new();
        let objects = authz::destination_objects(graph, index, destination, &mut diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        Some(Emitted {
            objects,
            diagnostics,
        })
    }
}

impl Linkerd {
    /// The authorization objects alone (Server, MeshTLSAuthentication, AuthorizationPolicy and
    /// policy HTTPRoute) with their diagnostics: exactly [`Backend::emit`]'s authorization objects,
    /// for pairing with another backend's routes ([`compose`](super::compose)).
    pub fn emit_authorization(&self, graph: &MeshGraph) -> Emitted<LinkerdObject> {
        let mut diagnostics = Vec::new();
        let objects = authz::emit(graph, &mut diagnostics);
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

/// The identity string Linkerd's proxies present: `<sa>.<ns>.serviceaccount.identity.linkerd.<td>`.
pub fn identity_string(identity: &crate::graph::Identity, trust_domain: &str) -> String {
    format!(
        "{}.{}.serviceaccount.identity.linkerd.{trust_domain}",
        identity.service_account, identity.namespace
    )
}

/// Diagnostic codes for the weights of Gateway API routes.
const WEIGHT_CODES: super::gateway_api::routes::WeightCodes =
    super::gateway_api::routes::WeightCodes {
        too_many_backends: codes::TOO_MANY_BACKENDS,
        weights_scaled: codes::WEIGHTS_SCALED,
    };

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_stably() {
        let long = "a".repeat(70);
        let name = object_name(&[&long, "8080"]);
        assert_eq!(name.len(), 63);
        assert_eq!(name, object_name(&[&long, "8080"]));
        assert_ne!(name, object_name(&[&long, "8081"]));
        assert_eq!(object_name(&["smi", "Web", "80"]), "smi-web-80");
    }

    #[test]
    fn identities_use_linkerds_format() {
        let id = crate::graph::Identity::new("shop", "web");
        assert_eq!(
            identity_string(&id, "cluster.local"),
            "web.shop.serviceaccount.identity.linkerd.cluster.local"
        );
    }
}

#[cfg(test)]
mod limit_tests {
    //! Limits of the route CRDs, on graphs built by hand (too big for YAML scenarios).
    use super::*;
    use crate::graph::{
        AppProtocol, Authorization, Grant, HttpMatch, Identity, Method, MethodSet, ObjectRef,
        PathAnchoring, PathMatch, PortSet, Service, ServiceId, ServicePort, Split, SplitPort,
        TargetPort, Transport, WeightedBackend, Workload, WorkloadId, WorkloadKind,
    };

    fn matches(n: usize) -> Vec<HttpMatch> {
        (0..n)
            .map(|i| HttpMatch {
                group: ObjectRef::new("HTTPRouteGroup", "ns", "g"),
                name: format!("m{i}"),
                path: Some(PathMatch {
                    regex: format!("/p{i}"),
                    anchoring: PathAnchoring::Full,
                }),
                methods: MethodSet::Only([Method::Get].into()),
                headers: Vec::new(),
            })
            .collect()
    }

    fn graph(n: usize) -> MeshGraph {
        let id = WorkloadId {
            kind: WorkloadKind::Deployment,
            namespace: "ns".into(),
            name: "api".into(),
        };
        let api = Identity::new("ns", "api");
        let svc = ServiceId::new("ns", "api");
        let mut graph = MeshGraph::default();
        graph.workloads.insert(
            id.clone(),
            Workload {
                id: id.clone(),
                identity: api.clone(),
                pod_labels: [("app".to_owned(), "api".to_owned())].into(),
                named_ports: Default::default(),
                container_ports: Default::default(),
            },
        );
        graph.services.insert(
            svc.clone(),
            Service {
                id: svc.clone(),
                ports: [(
                    80,
                    ServicePort {
                        name: Some("http".into()),
                        port: 80,
                        target_port: TargetPort::Number(8080),
                        transport: Transport::Tcp,
                        protocol: AppProtocol::Http,
                    },
                )]
                .into(),
                workloads: [id].into(),
            },
        );
        graph.authorizations.push(Authorization {
            origin: ObjectRef::new("TrafficTarget", "ns", "tt"),
            destination: api,
            sources: [Identity::new("ns", "web")].into(),
            grants: vec![Grant::Http {
                ports: PortSet::All,
                matches: matches(n),
            }],
            diagnostics: Vec::new(),
        });
        graph.splits.push(Split {
            origin: ObjectRef::new("TrafficSplit", "ns", "split"),
            root: svc.clone(),
            ports: vec![SplitPort {
                port: 80,
                protocol: AppProtocol::Http,
                transport: Transport::Tcp,
                backends: vec![WeightedBackend {
                    service: svc,
                    port: 80,
                    weight: 1,
                }],
            }],
            condition: Some(matches(n)),
            diagnostics: Vec::new(),
        });
        graph
    }

    /// `(name, matches per rule)` of the policy HTTPRoutes, and of the Gateway API HTTPRoutes.
    type RouteShapes = Vec<(String, Vec<usize>)>;

    fn routes(objects: &[LinkerdObject]) -> (RouteShapes, RouteShapes) {
        let (mut policy, mut gateway) = (Vec::new(), Vec::new());
        for o in objects {
            let shape = || {
                let v = serde_json::to_value(o).expect("serialisable");
                let rules = v["spec"]["rules"].as_array().cloned().unwrap_or_default();
                (
                    v["metadata"]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    rules
                        .iter()
                        .map(|r| r["matches"].as_array().map_or(0, Vec::len))
                        .collect(),
                )
            };
            match o {
                LinkerdObject::PolicyHttpRoute(_) => policy.push(shape()),
                LinkerdObject::HttpRoute(_) => gateway.push(shape()),
                _ => {}
            }
        }
        (policy, gateway)
    }

    #[test]
    fn policy_routes_are_split_at_16_rules_of_8_matches() {
        let emitted = Linkerd::default().emit(&graph(150));
        let (policy, gateway) = routes(&emitted.objects);
        assert_eq!(policy.len(), 2);
        assert_eq!(policy[0].1, vec![8; 16]);
        assert_eq!(policy[1].1, vec![8, 8, 6]);
        assert_eq!(policy[0].0, "smi-deployment-api-8080-r0-0");
        // Each route has its own AuthorizationPolicy.
        let targets: Vec<&str> = emitted
            .objects
            .iter()
            .filter_map(|o| match o {
                LinkerdObject::AuthorizationPolicy(p) => Some(p.spec.target_ref.name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            targets,
            vec![
                "smi-deployment-api-8080-r0-0",
                "smi-deployment-api-8080-r0-1"
            ]
        );
        // 150 matches are too many for one Gateway API HTTPRoute: the split is not applied.
        assert!(gateway.is_empty());
        assert!(
            emitted
                .diagnostics
                .iter()
                .any(|d| d.code == codes::TOO_MANY_MATCHES)
        );
    }

    #[test]
    fn gateway_routes_take_127_matches_in_rules_of_64_plus_the_root_rule() {
        let emitted = Linkerd::default().emit(&graph(127));
        let (_, gateway) = routes(&emitted.objects);
        assert_eq!(gateway, vec![("split-80".to_owned(), vec![64, 63, 0])]);
    }
}
