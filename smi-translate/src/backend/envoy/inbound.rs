//! The inbound side: one filter chain per destination pod port, access decided by RBAC.

use super::building_blocks::{
    Side, filter_chain, http_connection_manager, http2_options, listener, load_assignment,
    network_rbac, router, tcp_proxy, tls_context,
};
use super::types::{
    Address, Authenticated, Cluster, DownstreamTlsContext, HeaderMatcher, HttpRbac, Listener,
    NamedConfig, PathMatcher, Permission, PermissionSet, Policy, Principal, PrincipalSet, Rbac,
    RegexMatcher, Route, RouteAction, RouteConfiguration, RouteMatch, SocketAddress, StringMatcher,
    TcpTarget, TypedConfig, VirtualHost,
};
use super::{Envoy, codes};
use crate::backend::workloads::{report_portless, serviceless_ports};
use crate::graph::{
    AppProtocol, Authorization, Diagnostic, Grant, GraphIndex, HttpMatch, Identity, MeshGraph,
    MethodSet, Related, Transport,
};
use std::collections::{BTreeMap, BTreeSet};

/// What the inbound side of one proxy consists of.
pub(super) struct Inbound {
    pub listener: Option<Listener>,
    pub clusters: Vec<Cluster>,
    pub route_configurations: Vec<RouteConfiguration>,
}

/// The protocols the Services selecting this identity's workloads declare for each pod port;
/// for a workload no Service selects, its declared container ports, when some TrafficTarget
/// protects the identity (grants are carried there; no grant, no listener).
fn pod_ports(index: &GraphIndex<'_>, identity: &Identity) -> BTreeMap<u16, BTreeSet<AppProtocol>> {
    let mut ports: BTreeMap<u16, BTreeSet<AppProtocol>> = BTreeMap::new();
    let protected = !index.authorizations_to(identity).is_empty();
    for workload in index.workloads_of(identity) {
        if protected {
            for (port, protocol) in serviceless_ports(workload, index).into_iter().flatten() {
                ports.entry(*port).or_default().insert(*protocol);
            }
        }
        for service in index.services_of(&workload.id) {
            for port in service.ports.values() {
                if port.transport != Transport::Tcp {
                    continue;
                }
                if let Some(pod_port) = workload.resolve(&port.target_port) {
                    ports.entry(pod_port).or_default().insert(port.protocol);
                }
            }
        }
    }
    ports
}

pub(super) fn emit(
    graph: &MeshGraph,
    index: &GraphIndex<'_>,
    identity: &Identity,
    envoy: &Envoy,
    diagnostics: &mut Vec<Diagnostic>,
) -> Inbound {
    let trust_domain = &graph.naming.trust_domain;
    let authorizations: Vec<&Authorization> = index
        .authorizations_to(identity)
        .iter()
        .copied()
        .filter(|a| !a.sources.is_empty())
        .collect();
    for auth in &authorizations {
        for (gi, grant) in auth.grants.iter().enumerate() {
            if matches!(grant, Grant::Udp { .. }) {
                diagnostics.push(
                    Diagnostic::warning(
                        codes::UDP_UNSUPPORTED,
                        auth.origin.clone(),
                        format!("grants[{gi}]"),
                        "UDP cannot be enforced by the Envoy backend (no UDP listeners); UDP to this destination stays closed",
                    ),
                );
            }
        }
    }
    for workload in index.workloads_of(identity) {
        report_portless(
            workload,
            index,
            &authorizations,
            codes::NO_DESTINATION_PORTS,
            diagnostics,
        );
    }
    let mut chains = Vec::new();
    let mut clusters = Vec::new();
    let mut route_configurations = Vec::new();
    for (port, protocols) in pod_ports(index, identity) {
        let http = protocols.iter().all(|p| p.is_http());
        if !http && protocols.iter().any(|p| p.is_http()) {
            for auth in &authorizations {
                diagnostics.push(Diagnostic::warning(
                    codes::PORT_PROTOCOL_CONFLICT,
                    auth.origin.clone(),
                    "spec.destination",
                    format!(
                        "Services disagree on whether pod port {port} of {identity} carries HTTP; it is treated as opaque TCP"
                    ),
                ));
            }
        }
        let http2 = protocols
            .iter()
            .all(|p| matches!(p, AppProtocol::Http2 | AppProtocol::Grpc));
        let cluster = format!("inbound|{port}");
        clusters.push(Cluster {
            name: cluster.clone(),
            type_: "STATIC",
            connect_timeout: "5s",
            lb_policy: None,
            dns_lookup_family: None,
            load_assignment: Some(load_assignment(
                &cluster,
                Address::SocketAddress(SocketAddress {
                    address: "127.0.0.1".into(),
                    port_value: port,
                }),
            )),
            typed_extension_protocol_options: if http && http2 {
                http2_options()
            } else {
                BTreeMap::new()
            },
            transport_socket: None,
        });
        let mut policies = BTreeMap::new();
        for auth in &authorizations {
            let principals = principals(&auth.sources, trust_domain);
            for (gi, grant) in auth.grants.iter().enumerate() {
                let name = |suffix: &str| {
                    format!(
                        "{}/{}/grants[{gi}]{suffix}",
                        auth.origin.namespace, auth.origin.name
                    )
                };
                match grant {
                    Grant::Tcp { ports } if ports.contains(port) => {
                        // Raw TCP on the port admits every byte, so every request on HTTP ports.
                        policies.insert(
                            name(""),
                            Policy {
                                permissions: vec![Permission::DestinationPort(port)],
                                principals: principals.clone(),
                            },
                        );
                    }
                    Grant::Http { ports, matches } if ports.contains(port) => {
                        if !http {
                            diagnostics.push(
                                Diagnostic::error(
                                    codes::HTTP_GRANT_ON_OPAQUE_PORT,
                                    auth.origin.clone(),
                                    format!("grants[{gi}]"),
                                    format!(
                                        "pod port {port} of {identity} is not declared HTTP, so its requests cannot be checked; this grant gives nothing there"
                                    ),
                                )
                                .with_help("declare the Service port's protocol (appProtocol: http, or a port name like http-web)")
                                .with_related(Related::Object(identity.object_ref()))
                                .with_related(Related::PodPort(port)),
                            );
                            continue;
                        }
                        for (mi, m) in matches.iter().enumerate() {
                            if let Some(why) = crate::backend::regex_limit::over_limit(
                                m,
                                envoy.regex_program_size_limit,
                            ) {
                                diagnostics.push(
                                    Diagnostic::error(
                                        codes::REGEX_TOO_LARGE,
                                        auth.origin.clone(),
                                        format!("grants[{gi}].matches[{mi}]"),
                                        format!(
                                            "{why}: Envoy would refuse the whole configuration, so match `{}` grants nothing",
                                            m.name
                                        ),
                                    )
                                    .with_help(crate::backend::regex_limit::HELP)
                                    .with_related(m.related()),
                                );
                                continue;
                            }
                            policies.insert(
                                name(&format!(".matches[{mi}]")),
                                Policy {
                                    permissions: vec![request_permission(port, m)],
                                    principals: principals.clone(),
                                },
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
        let rules = Rbac {
            action: "ALLOW",
            policies,
        };
        let filters = if http {
            let routes = RouteConfiguration {
                name: Side::Inbound.port_name(port),
                virtual_hosts: vec![VirtualHost {
                    name: Side::Inbound.port_name(port),
                    domains: vec!["*".into()],
                    routes: vec![Route {
                        name: "local".into(),
                        match_: RouteMatch {
                            prefix: Some("/".into()),
                            ..RouteMatch::default()
                        },
                        route: Some(RouteAction::Cluster(cluster.clone())),
                        direct_response: None,
                    }],
                }],
            };
            let rbac = NamedConfig {
                name: "envoy.filters.http.rbac".into(),
                typed_config: TypedConfig::HttpRbac(HttpRbac { rules }),
            };
            let hcm = http_connection_manager(
                Side::Inbound.stat_prefix(port),
                &routes.name,
                vec![rbac, router()],
            );
            route_configurations.push(routes);
            vec![hcm]
        } else {
            vec![
                network_rbac(Side::Inbound.stat_prefix(port), rules),
                tcp_proxy(Side::Inbound.stat_prefix(port), TcpTarget::Cluster(cluster)),
            ]
        };
        let tls = NamedConfig {
            name: "envoy.transport_sockets.tls".into(),
            typed_config: TypedConfig::DownstreamTlsContext(DownstreamTlsContext {
                require_client_certificate: true,
                common_tls_context: tls_context(None),
            }),
        };
        chains.push(filter_chain(Side::Inbound, port, filters, Some(tls)));
    }
    Inbound {
        listener: listener(Side::Inbound, envoy.inbound_port, chains),
        clusters,
        route_configurations,
    }
}

/// The sources, as SPIFFE IDs on the peer certificate.
fn principals(sources: &BTreeSet<Identity>, trust_domain: &str) -> Vec<Principal> {
    vec![Principal::OrIds(PrincipalSet {
        ids: sources
            .iter()
            .map(|s| {
                Principal::Authenticated(Authenticated {
                    principal_name: StringMatcher::Exact(s.spiffe_id(trust_domain)),
                })
            })
            .collect(),
    })]
}

/// Port AND path AND methods AND every header of one match.
fn request_permission(port: u16, m: &HttpMatch) -> Permission {
    let mut rules = vec![Permission::DestinationPort(port)];
    if let Some(path) = &m.path {
        rules.push(Permission::UrlPath(PathMatcher {
            path: StringMatcher::SafeRegex(RegexMatcher {
                regex: path.full_match_regex(),
            }),
        }));
    }
    if let MethodSet::Only(methods) = &m.methods {
        rules.push(Permission::OrRules(PermissionSet {
            rules: methods
                .iter()
                .map(|method| {
                    Permission::Header(HeaderMatcher {
                        name: ":method".into(),
                        string_match: StringMatcher::Exact(method.as_str().into()),
                    })
                })
                .collect(),
        }));
    }
    for header in &m.headers {
        rules.push(Permission::Header(HeaderMatcher {
            name: header.name.clone(),
            string_match: StringMatcher::SafeRegex(RegexMatcher {
                regex: header.regex.clone(),
            }),
        }));
    }
    Permission::AndRules(PermissionSet { rules })
}
