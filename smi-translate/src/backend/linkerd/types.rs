//! The objects this backend emits: types generated from Linkerd's and Gateway API's CRDs.

use super::generated::authorizationpolicies::AuthorizationPolicy;
use super::generated::httproutes::HttpRoute as PolicyHttpRoute;
use super::generated::meshtlsauthentications::MeshTlsAuthentication;
use super::generated::servers::Server;
use super::generated::serviceprofiles::ServiceProfile;
use crate::backend::gateway_api::generated::httproutes::HttpRoute;
use crate::backend::gateway_api::generated::tcproutes::TcpRoute;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;

/// Any object this backend emits.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum LinkerdObject {
    /// `policy.linkerd.io/v1beta3` Server.
    Server(Server),
    /// `policy.linkerd.io/v1alpha1` MeshTLSAuthentication.
    MeshTlsAuthentication(MeshTlsAuthentication),
    /// `policy.linkerd.io/v1alpha1` AuthorizationPolicy.
    AuthorizationPolicy(AuthorizationPolicy),
    /// `policy.linkerd.io/v1beta3` HTTPRoute: inbound authorization, parent a Server.
    PolicyHttpRoute(PolicyHttpRoute),
    /// `gateway.networking.k8s.io/v1` HTTPRoute: an outbound split, parent a Service port.
    HttpRoute(HttpRoute),
    /// `gateway.networking.k8s.io/v1` TCPRoute: an outbound split, parent a Service port.
    TcpRoute(TcpRoute),
    /// `linkerd.io/v1alpha2` ServiceProfile: a legacy split.
    ServiceProfile(ServiceProfile),
}

impl LinkerdObject {
    /// The object's metadata.
    pub fn metadata(&self) -> &ObjectMeta {
        match self {
            LinkerdObject::Server(o) => &o.metadata,
            LinkerdObject::MeshTlsAuthentication(o) => &o.metadata,
            LinkerdObject::AuthorizationPolicy(o) => &o.metadata,
            LinkerdObject::PolicyHttpRoute(o) => &o.metadata,
            LinkerdObject::HttpRoute(o) => &o.metadata,
            LinkerdObject::TcpRoute(o) => &o.metadata,
            LinkerdObject::ServiceProfile(o) => &o.metadata,
        }
    }

    /// Whether this is an authorization object (Server, MeshTLSAuthentication,
    /// AuthorizationPolicy, policy HTTPRoute) rather than a split.
    pub fn is_authorization(&self) -> bool {
        match self {
            LinkerdObject::Server(_)
            | LinkerdObject::MeshTlsAuthentication(_)
            | LinkerdObject::AuthorizationPolicy(_)
            | LinkerdObject::PolicyHttpRoute(_) => true,
            LinkerdObject::HttpRoute(_)
            | LinkerdObject::TcpRoute(_)
            | LinkerdObject::ServiceProfile(_) => false,
        }
    }
}
