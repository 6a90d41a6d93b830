//! Pieces of Envoy configuration that both sides of a proxy (and its bootstrap) build from:
//! endpoints, HTTP/2 upstream options, SDS-backed TLS, the original-destination listener filter,
//! RDS references, network filters (RBAC, TCP proxy, HTTP connection manager), filter chains
//! and listeners.

use super::types::{
    Address, ApiConfigSource, CertificateValidationContext, ClusterLoadAssignment,
    CombinedValidationContext, CommonTlsContext, ConfigSource, Empty, Endpoint, EnvoyGrpc,
    ExplicitHttpConfig, FilterChain, FilterChainMatch, GrpcService, HttpConnectionManager,
    HttpProtocolOptions, LbEndpoint, Listener, LocalityLbEndpoints, NamedConfig, NetworkRbac, Rbac,
    Rds, RouteSpecifier, SdsSecretConfig, SocketAddress, TcpProxy, TcpTarget, TypedConfig,
    Validation,
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

/// The side of the proxy a listener serves; it names the listener, its chains and their stats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    /// Connections to the proxy's own workload.
    Inbound,
    /// Connections the workload makes.
    Outbound,
}

impl Side {
    /// `inbound` or `outbound`.
    fn name(self) -> &'static str {
        match self {
            Side::Inbound => "inbound",
            Side::Outbound => "outbound",
        }
    }

    /// `inbound|{port}`: the name of this side's filter chain (and route configuration) for `port`.
    pub(super) fn port_name(self, port: u16) -> String {
        format!("{}|{port}", self.name())
    }

    /// `inbound_{port}`: the stats prefix of this side's filters for `port`.
    pub(super) fn stat_prefix(self, port: u16) -> String {
        format!("{}_{port}", self.name())
    }
}

/// The HTTP connection manager network filter: routes from the RDS configuration `routes`,
/// requests through `http_filters` (the router last).
pub(super) fn http_connection_manager(
    stat_prefix: String,
    routes: &str,
    http_filters: Vec<NamedConfig>,
) -> NamedConfig {
    NamedConfig {
        name: "envoy.filters.network.http_connection_manager".into(),
        typed_config: TypedConfig::HttpConnectionManager(HttpConnectionManager {
            stat_prefix,
            codec_type: "AUTO",
            routes: RouteSpecifier::Rds(rds(routes)),
            http_filters,
        }),
    }
}

/// The router HTTP filter, which ends every HTTP filter list.
pub(super) fn router() -> NamedConfig {
    NamedConfig {
        name: "envoy.filters.http.router".into(),
        typed_config: TypedConfig::Router {},
    }
}

/// A TCP proxy network filter forwarding connections to `target`.
pub(super) fn tcp_proxy(stat_prefix: String, target: TcpTarget) -> NamedConfig {
    NamedConfig {
        name: "envoy.filters.network.tcp_proxy".into(),
        typed_config: TypedConfig::TcpProxy(TcpProxy {
            stat_prefix,
            target,
        }),
    }
}

/// The filter chain of `side` taking connections to `port`.
pub(super) fn filter_chain(
    side: Side,
    port: u16,
    filters: Vec<NamedConfig>,
    transport_socket: Option<NamedConfig>,
) -> FilterChain {
    FilterChain {
        name: side.port_name(port),
        filter_chain_match: FilterChainMatch {
            destination_port: port,
        },
        filters,
        transport_socket,
    }
}

/// The listener of `side` on every address at `port`, with the original-destination filter;
/// none when there are no chains.
pub(super) fn listener(side: Side, port: u16, chains: Vec<FilterChain>) -> Option<Listener> {
    (!chains.is_empty()).then(|| Listener {
        name: side.name().into(),
        address: Address::SocketAddress(SocketAddress {
            address: "0.0.0.0".into(),
            port_value: port,
        }),
        listener_filters: vec![original_dst()],
        filter_chains: chains,
    })
}
