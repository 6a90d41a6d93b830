//! A pure, IO-free compiler from SMI objects plus a cluster inventory to mesh configuration.
//!
//! ```text
//! SMI objects (any version) ─┐
//!                            ├─ lower ─► MeshGraph ─► Backend::emit ─► typed target objects
//! Inventory (k8s-openapi) ───┘                                          + diagnostics
//! ```
//!
//! Every semantic decision is made once, in [`mod@lower`]; backends read the [`graph`] and report
//! what their target cannot express, as [`smi_types::Diagnostic`]s whose codes [`codes`] lists.
//! No function here reads a file, a clock or randomness.
//!
//! # Lower, emit, apply
//!
//! ```
//! use smi_translate::backend::istio::{Istio, IstioObject};
//! use smi_translate::{Backend, Inventory, Options, lower};
//! use smi_types::load::{LoadOptions, load};
//!
//! // One Service and the Deployment behind it, and an SMI policy: `web` may GET /items on `api`.
//! let manifest = r#"
//! apiVersion: v1
//! kind: Service
//! metadata: { name: api, namespace: shop }
//! spec:
//!   selector: { app: api }
//!   ports: [{ name: http, port: 80, targetPort: 8080 }]
//! ---
//! apiVersion: apps/v1
//! kind: Deployment
//! metadata: { name: api, namespace: shop }
//! spec:
//!   selector: { matchLabels: { app: api } }
//!   template:
//!     metadata: { labels: { app: api } }
//!     spec:
//!       serviceAccountName: api
//!       containers: [{ name: api, image: api, ports: [{ containerPort: 8080 }] }]
//! ---
//! apiVersion: specs.smi-spec.io/v1alpha4
//! kind: HTTPRouteGroup
//! metadata: { name: api-routes, namespace: shop }
//! spec:
//!   matches: [{ name: read, pathRegex: /items, methods: [GET] }]
//! ---
//! apiVersion: access.smi-spec.io/v1alpha3
//! kind: TrafficTarget
//! metadata: { name: web-reads-api, namespace: shop }
//! spec:
//!   destination: { kind: ServiceAccount, name: api, namespace: shop }
//!   sources: [{ kind: ServiceAccount, name: web, namespace: shop }]
//!   rules: [{ kind: HTTPRouteGroup, name: api-routes, matches: [read] }]
//! "#;
//! let loaded = load(manifest, &LoadOptions::default());
//! assert!(!loaded.has_errors());
//! let (smi, inventory, inventory_problems) =
//!     Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
//! assert!(inventory_problems.is_empty());
//!
//! // Lower: every semantic decision, once, into the mesh-neutral graph.
//! let options = Options::default().emit_default_deny(true);
//! let graph = lower(&smi, &inventory, &options);
//! assert!(graph.diagnostics.is_empty(), "{:?}", graph.diagnostics);
//!
//! // Emit: the target's own typed objects, and what the target could not express (nothing).
//! let emitted = Istio::default().emit(&graph);
//! assert!(emitted.diagnostics.is_empty(), "{:?}", emitted.diagnostics);
//! let names: Vec<(String, String)> = emitted
//!     .objects
//!     .iter()
//!     .map(|object| {
//!         let IstioObject::AuthorizationPolicy(policy) = object else {
//!             panic!("no TrafficSplit, so no VirtualService: {object:?}");
//!         };
//!         let meta = &policy.metadata;
//!         (meta.namespace.clone().unwrap_or_default(), meta.name.clone().unwrap_or_default())
//!     })
//!     .collect();
//! assert_eq!(
//!     names,
//!     [
//!         ("istio-system".to_owned(), "allow-nothing".to_owned()),
//!         ("shop".to_owned(), "smi-deployment-api".to_owned()),
//!     ]
//! );
//!
//! // Apply: each object serialises as the manifest `kubectl apply` (or `kube::Api`) takes.
//! let allow = serde_json::to_value(&emitted.objects[1])?;
//! assert_eq!(allow["apiVersion"], "security.istio.io/v1");
//! assert_eq!(allow["kind"], "AuthorizationPolicy");
//! assert_eq!(allow["spec"]["action"], "ALLOW");
//! assert_eq!(
//!     allow["spec"]["rules"][0]["from"][0]["source"]["principals"][0],
//!     "cluster.local/ns/shop/sa/web"
//! );
//! assert_eq!(allow["spec"]["rules"][0]["to"][0]["operation"]["paths"][0], "/items*");
//! # Ok::<(), serde_json::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod backend;
pub mod codes;
pub mod graph;
pub mod incremental;
pub mod inventory;
pub mod lower;

pub use backend::{Backend, Emitted};
pub use graph::MeshGraph;
pub use inventory::Inventory;
pub use lower::{Options, lower};
