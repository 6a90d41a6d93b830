//! The target types generated from the CRDs (`scripts/generate-target-types.sh`) are Kubernetes
//! resources: a controller can `kube::Api<T>` what the backends emit.

use k8s_openapi::NamespaceResourceScope;
use kube::Resource;
use smi_translate::backend::gateway_api::generated::{grpcroutes, httproutes, tcproutes};
use smi_translate::backend::linkerd::generated::{
    authorizationpolicies, httproutes as policy_httproutes, meshtlsauthentications, servers,
    serviceprofiles,
};

/// `(apiVersion, kind, plural)` of a namespaced resource type: what `kube::Api` needs.
fn identity<K: Resource<DynamicType = (), Scope = NamespaceResourceScope>>()
-> (String, String, String) {
    (
        K::api_version(&()).into_owned(),
        K::kind(&()).into_owned(),
        K::plural(&()).into_owned(),
    )
}

fn expected(api_version: &str, kind: &str, plural: &str) -> (String, String, String) {
    (api_version.to_owned(), kind.to_owned(), plural.to_owned())
}

#[test]
fn gateway_api_routes_are_namespaced_resources() {
    let v1 = "gateway.networking.k8s.io/v1";
    assert_eq!(
        identity::<httproutes::HttpRoute>(),
        expected(v1, "HTTPRoute", "httproutes")
    );
    assert_eq!(
        identity::<grpcroutes::GrpcRoute>(),
        expected(v1, "GRPCRoute", "grpcroutes")
    );
    assert_eq!(
        identity::<tcproutes::TcpRoute>(),
        expected(v1, "TCPRoute", "tcproutes")
    );
}

#[test]
fn linkerd_types_are_namespaced_resources() {
    let alpha = "policy.linkerd.io/v1alpha1";
    let beta = "policy.linkerd.io/v1beta3";
    assert_eq!(
        identity::<servers::Server>(),
        expected(beta, "Server", "servers")
    );
    assert_eq!(
        identity::<policy_httproutes::HttpRoute>(),
        expected(beta, "HTTPRoute", "httproutes")
    );
    assert_eq!(
        identity::<meshtlsauthentications::MeshTlsAuthentication>(),
        expected(alpha, "MeshTLSAuthentication", "meshtlsauthentications")
    );
    assert_eq!(
        identity::<authorizationpolicies::AuthorizationPolicy>(),
        expected(alpha, "AuthorizationPolicy", "authorizationpolicies")
    );
    assert_eq!(
        identity::<serviceprofiles::ServiceProfile>(),
        expected("linkerd.io/v1alpha2", "ServiceProfile", "serviceprofiles")
    );
}

/// What is serialised names the type's own apiVersion and kind, and the metadata is the
/// resource's (`Resource::meta`).
#[test]
fn emitted_objects_carry_their_resource_identity() {
    let mut route = httproutes::HttpRoute::new("web", Default::default());
    route.meta_mut().namespace = Some("shop".into());
    let value = serde_json::to_value(&route).expect("serialisable");
    assert_eq!(value["apiVersion"], "gateway.networking.k8s.io/v1");
    assert_eq!(value["kind"], "HTTPRoute");
    assert_eq!(value["metadata"]["namespace"], "shop");
    assert!(value.get("status").is_none());
}
