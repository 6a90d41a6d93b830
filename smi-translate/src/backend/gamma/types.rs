//! The objects this backend emits: Gateway API route types generated from the v1.6.1
//! standard-channel CRDs, in mesh mode (parent a Service port).

use crate::backend::gateway_api::generated::grpcroutes::GrpcRoute;
use crate::backend::gateway_api::generated::httproutes::HttpRoute;
use crate::backend::gateway_api::generated::tcproutes::TcpRoute;
use serde::Serialize;

/// Any object this backend emits.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum GammaObject {
    /// `gateway.networking.k8s.io/v1` HTTPRoute.
    HttpRoute(HttpRoute),
    /// `gateway.networking.k8s.io/v1` GRPCRoute.
    GrpcRoute(GrpcRoute),
    /// `gateway.networking.k8s.io/v1` TCPRoute.
    TcpRoute(TcpRoute),
}
