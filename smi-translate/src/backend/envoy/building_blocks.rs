//! Pieces of Envoy configuration that both sides of a proxy (and its bootstrap) build from:
//! endpoints, HTTP/2 upstream options, SDS-backed TLS, the original-destination listener filter,
//! RDS references and network RBAC filters.

use super::types::{
    Address, ApiConfigSource, CertificateValidationContext, ClusterLoadAssignment,
    CombinedValidationContext, CommonTlsContext, ConfigSource, Empty, Endpoint, EnvoyGrpc,
    ExplicitHttpConfig, GrpcService, HttpProtocolOptions, LbEndpoint, LocalityLbEndpoints,
    NamedConfig, NetworkRbac, Rbac, Rds, SdsSecretConfig, TypedConfig, Validation,
};
use super::{CERTIFICATE_SECRET, SDS_CLUSTER, TRUST_BUNDLE_SECRET};
use std::collections::BTreeMap;

/// A single-endpoint load assignment for `cluster`.
pub(super) fn load_assignment(cluster: &str, address: Address) -> ClusterLoadAssignment {
    ClusterLoadAssignment {
        cluster_name: cluster.into(),
        endpoints: vec![LocalityLbEndpoints {
            lb_endpoints: vec![LbEndpoint {
                endpoint: Endpoint { address },
            }],
        }],
    }
}

/// `typed_extension_protocol_options` that make a cluster speak HTTP/2 upstream.
pub(super) fn http2_options() -> BTreeMap<String, TypedConfig> {
    [(
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions".to_owned(),
        TypedConfig::HttpProtocolOptions(HttpProtocolOptions {
            explicit_http_config: ExplicitHttpConfig {
                http2_protocol_options: Empty {},
            },
        }),
    )]
    .into()
}

/// An SDS secret reference served by [`SDS_CLUSTER`].
pub(super) fn sds_secret(name: &str) -> SdsSecretConfig {
    SdsSecretConfig {
        name: name.into(),
        sds_config: ConfigSource {
            resource_api_version: "V3",
            ads: None,
            api_config_source: Some(ApiConfigSource {
                api_type: "GRPC",
                transport_api_version: "V3",
                grpc_services: vec![GrpcService {
                    envoy_grpc: EnvoyGrpc {
                        cluster_name: SDS_CLUSTER.into(),
                    },
                }],
            }),
        },
    }
}

/// The proxy's certificate plus the trust bundle, validated as `validation` says.
pub(super) fn tls_context(validation: Option<CertificateValidationContext>) -> CommonTlsContext {
    CommonTlsContext {
        tls_certificate_sds_secret_configs: vec![sds_secret(CERTIFICATE_SECRET)],
        validation: match validation {
            None => Validation::ValidationContextSdsSecretConfig(sds_secret(TRUST_BUNDLE_SECRET)),
            Some(checks) => Validation::CombinedValidationContext(CombinedValidationContext {
                default_validation_context: checks,
                validation_context_sds_secret_config: sds_secret(TRUST_BUNDLE_SECRET),
            }),
        },
    }
}

/// The original-destination listener filter (traffic arrives redirected).
pub(super) fn original_dst() -> NamedConfig {
    NamedConfig {
        name: "envoy.filters.listener.original_dst".into(),
        typed_config: TypedConfig::OriginalDst {},
    }
}

/// An RDS reference over ADS.
pub(super) fn rds(name: &str) -> Rds {
    Rds {
        config_source: ConfigSource {
            resource_api_version: "V3",
            ads: Some(Empty {}),
            api_config_source: None,
        },
        route_config_name: name.into(),
    }
}

/// A network RBAC filter.
pub(super) fn network_rbac(stat_prefix: String, rules: Rbac) -> NamedConfig {
    NamedConfig {
        name: "envoy.filters.network.rbac".into(),
        typed_config: TypedConfig::NetworkRbac(NetworkRbac { stat_prefix, rules }),
    }
}
