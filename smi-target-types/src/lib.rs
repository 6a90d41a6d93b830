//! The Kubernetes resource types of the meshes smi-rs translates to, generated from each mesh's
//! own CRDs so that what the backends emit is, by construction, shaped as the target reads it.
//!
//! * [`istio`]: `security.istio.io/v1` AuthorizationPolicy, `networking.istio.io/v1`
//!   VirtualService;
//! * [`linkerd`]: `policy.linkerd.io` Server, MeshTLSAuthentication, AuthorizationPolicy and
//!   HTTPRoute, `linkerd.io/v1alpha2` ServiceProfile;
//! * [`gateway_api`]: Gateway API v1.6.1 standard-channel HTTPRoute, GRPCRoute and TCPRoute.
//!
//! Every root type implements `kube::Resource`, so a controller can `kube::Api<AuthorizationPolicy>`
//! the objects `smi-translate` emits.
//!
//! Everything below the three modules is written by `scripts/generate-target-types.sh` (kopium,
//! version pinned there) from the CRD files in `testdata/upstream/crds/`; each file names the
//! command that made it. Never edit them: change the script and regenerate. CI regenerates and
//! fails on any difference. The types live in a crate of their own so that the hand-written
//! translator is not mixed with generated code, and so that a controller can depend on the types
//! alone.
//!
//! # Building an object
//!
//! ```
//! use kube::Resource;
//! use smi_target_types::istio::authorization_policy::{AuthorizationPolicy, AuthorizationPolicySpec};
//!
//! // Istio reads an ALLOW policy without rules as "allow nothing": the workload's deny-all.
//! let mut policy = AuthorizationPolicy::new("allow-nothing", AuthorizationPolicySpec::default());
//! policy.meta_mut().namespace = Some("shop".to_owned());
//!
//! assert_eq!(AuthorizationPolicy::kind(&()), "AuthorizationPolicy");
//! assert_eq!(AuthorizationPolicy::api_version(&()), "security.istio.io/v1");
//! assert_eq!(AuthorizationPolicy::plural(&()), "authorizationpolicies");
//!
//! let json = serde_json::to_value(&policy)?;
//! assert_eq!(
//!     json,
//!     serde_json::json!({
//!         "apiVersion": "security.istio.io/v1",
//!         "kind": "AuthorizationPolicy",
//!         "metadata": { "name": "allow-nothing", "namespace": "shop" },
//!         "spec": {},
//!     })
//! );
//! # Ok::<(), serde_json::Error>(())
//! ```

#![forbid(unsafe_code)]

pub mod gateway_api;
pub mod istio;
pub mod linkerd;
