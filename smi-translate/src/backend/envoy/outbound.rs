//! The outbound side: routes to the Services this identity may call (routing only).

use super::building_blocks::{
    Side, filter_chain, http_connection_manager, http2_options, listener, load_assignment,
    network_rbac, router, tcp_proxy, tls_context,
};
use super::types::{
    Address, CertificateValidationContext, Cluster, ClusterWeight, DirectResponse, HeaderMatcher,
    Listener, NamedConfig, Rbac, RegexMatcher, Route, RouteAction, RouteConfiguration, RouteMatch,
    SanMatcher, SocketAddress, StringMatcher, TcpTarget, TypedConfig, UpstreamTlsContext,
    VirtualHost, WeightedClusters,
};
use super::{Envoy, codes};
use crate::graph::{
    AppProtocol, Diagnostic, GraphIndex, HttpMatch, Identity, MeshGraph, MethodSet, ServiceId,
    ServicePort, Split, SplitPort, Transport,
};
use std::collections::{BTreeMap, BTreeSet};

/// What the outbound side of one proxy consists of.
pub(super) struct Outbound {
    pub listener: Option<Listener>,
    pub clusters: Vec<Cluster>,
    pub route_configurations: Vec<RouteConfiguration>,
}

/// Name of the pass-through cluster (connections go to their original destination).
const PASSTHROUGH: &str = "passthrough";

/// Services `client` may call: those with a workload whose identity grants `client` something,
/// plus split roots whose root or a backend is such a Service.
fn callable(graph: &MeshGraph, index: &GraphIndex<'_>, client: &Identity) -> BTreeSet<ServiceId> {
    let granting: BTreeSet<&Identity> = index
        .authorizations_from(client)
        .iter()
        .filter(|a| !a.grants.is_empty())
        .map(|a| &a.destination)
        .collect();
    let mut out: BTreeSet<ServiceId> = granting
        .iter()
        .flat_map(|identity| index.workloads_of(identity))
        .flat_map(|w| index.services_of(&w.id))
        .map(|s| s.id.clone())
        .collect();
    // A split root is callable when the root or one of its backends is.
    let roots: Vec<ServiceId> = out
        .iter()
        .flat_map(|s| index.splits_touching(s))
        .map(|split| split.root.clone())
        .filter(|root| graph.services.contains_key(root))
        .collect();
    out.extend(roots);
    out
}

/// `outbound|<port>|<name>.<ns>`.
fn cluster_name(service: &ServiceId, port: u16) -> String {
    format!("outbound|{port}|{}.{}", service.name, service.namespace)
}

pub(super) fn emit(
    graph: &MeshGraph,
    index: &GraphIndex<'_>,
    client: &Identity,
    envoy: &Envoy,
    diagnostics: &mut Vec<Diagnostic>,
) -> Outbound {
    let callable = callable(graph, index, client);
    // The splits rooted at a callable Service, found through the index (not a scan per proxy).
    let splits: BTreeMap<&ServiceId, &Split> = callable
        .iter()
        .flat_map(|id| index.splits_touching(id))
        .filter(|s| callable.contains(&s.root))
        .map(|s| (&s.root, *s))
        .collect();
    // Port number → the callable Services with that port.
    let mut by_port: BTreeMap<u16, Vec<(&ServiceId, &ServicePort)>> = BTreeMap::new();
    for id in &callable {
        let Some(service) = graph.services.get(id) else {
            continue;
        };
        for port in service.ports.values() {
            if port.transport == Transport::Tcp {
                by_port
                    .entry(port.port)
                    .or_default()
                    .push((&service.id, port));
            } else if let Some(split) = splits.get(&service.id)
                && split.ports.iter().any(|p| p.port == port.port)
            {
                diagnostics.push(split.warning(
                    codes::UDP_SPLIT_UNSUPPORTED,
                    "spec.service",
                    format!(
                        "port {} is not TCP, which the Envoy backend does not proxy; it is not split",
                        port.port
                    ),
                ));
            }
        }
    }
    let mut clusters: BTreeMap<String, Cluster> = BTreeMap::new();
    let mut add_cluster = |service: &ServiceId, port: u16| -> String {
        let name = cluster_name(service, port);
        clusters
            .entry(name.clone())
            .or_insert_with(|| service_cluster(graph, service, port, &name));
        name
    };
    let mut chains = Vec::new();
    let mut route_configurations = Vec::new();
    let mut passthrough = false;
    for (port, services) in by_port {
        let split_port = |id: &ServiceId| -> Option<(&Split, &SplitPort)> {
            let split = splits.get(id)?;
            let sp = split.ports.iter().find(|p| p.port == port)?;
            Some((*split, sp))
        };
        let filters = if services.iter().all(|(_, p)| p.protocol.is_http()) {
            let mut virtual_hosts = Vec::new();
            for (id, _) in &services {
                let routes = match split_port(id) {
                    None => vec![Route {
                        name: "default".into(),
                        match_: every_path(),
                        route: Some(RouteAction::Cluster(add_cluster(id, port))),
                        direct_response: None,
                    }],
                    Some((split, sp)) => {
                        let weights = weights(split, sp, diagnostics);
                        let weighted = http_weighted(sp, &weights, &mut add_cluster);
                        let action = |route: Route| match &weighted {
                            Some(w) => Route {
                                route: Some(RouteAction::WeightedClusters(w.clone())),
                                ..route
                            },
                            None => Route {
                                direct_response: Some(DirectResponse { status: 503 }),
                                ..route
                            },
                        };
                        let blank = |name: String, match_: RouteMatch| Route {
                            name,
                            match_,
                            route: None,
                            direct_response: None,
                        };
                        match &split.condition {
                            None => vec![action(blank("split".into(), every_path()))],
                            Some(matches) => {
                                let mut routes: Vec<Route> = matches
                                    .iter()
                                    .filter(|m| within_regex_limit(split, m, envoy, diagnostics))
                                    .flat_map(route_matches)
                                    .enumerate()
                                    .map(|(i, m)| action(blank(format!("split-{i}"), m)))
                                    .collect();
                                // Requests that match no condition go to the root Service.
                                routes.push(Route {
                                    name: "root".into(),
                                    match_: every_path(),
                                    route: Some(RouteAction::Cluster(add_cluster(id, port))),
                                    direct_response: None,
                                });
                                routes
                            }
                        }
                    }
                };
                virtual_hosts.push(VirtualHost {
                    name: format!("{}:{port}", graph.naming.service_host(id)),
                    domains: domains(graph, id, port, client),
                    routes,
                });
            }
            let routes = RouteConfiguration {
                name: Side::Outbound.port_name(port),
                virtual_hosts,
            };
            let hcm = http_connection_manager(
                Side::Outbound.stat_prefix(port),
                &routes.name,
                vec![router()],
            );
            route_configurations.push(routes);
            vec![hcm]
        } else if let [(id, _)] = services.as_slice()
            && split_port(id).is_some()
        {
            // Without Service IPs a chain matches the port only, so this chain also takes
            // connections this proxy makes to other Services on the port; say so.
            if let Some((split, _)) = split_port(id) {
                diagnostics.push(split.warning(
                    codes::OUTBOUND_PORT_SHARED,
                    "",
                    format!(
                        "{client}'s connections to port {port} are split as for {id}: without Service IPs, a connection to another Service on that port would be split too"
                    ),
                ));
            }
            let mut filters = Vec::new();
            let target = match split_port(id) {
                None => TcpTarget::Cluster(add_cluster(id, port)),
                Some((split, sp)) => {
                    let weights = weights(split, sp, diagnostics);
                    let kept: Vec<ClusterWeight> = sp
                        .backends
                        .iter()
                        .zip(weights)
                        .filter(|(_, w)| *w > 0)
                        .map(|(b, w)| ClusterWeight {
                            name: add_cluster(&b.service, b.port),
                            weight: w,
                        })
                        .collect();
                    match kept.as_slice() {
                        [] => {
                            // Every weight is 0: refuse connections (an RBAC that allows nothing).
                            filters.push(network_rbac(
                                format!("outbound_{port}_refused"),
                                Rbac {
                                    action: "ALLOW",
                                    policies: BTreeMap::new(),
                                },
                            ));
                            TcpTarget::Cluster(add_cluster(id, port))
                        }
                        [one] => TcpTarget::Cluster(one.name.clone()),
                        _ => TcpTarget::WeightedClusters(WeightedClusters { clusters: kept }),
                    }
                }
            };
            filters.push(tcp_proxy(Side::Outbound.stat_prefix(port), target));
            filters
        } else if let [(_, _)] = services.as_slice() {
            // One unsplit non-HTTP Service: connections go to the address the caller dialled,
            // so a connection to another Service on this port is not captured by this one.
            passthrough = true;
            vec![tcp_proxy(
                Side::Outbound.stat_prefix(port),
                TcpTarget::Cluster(PASSTHROUGH.into()),
            )]
        } else {
            for (id, _) in &services {
                let origin = match split_port(id) {
                    Some((split, _)) => split.origin.clone(),
                    None => crate::graph::ObjectRef::new("Service", &id.namespace, &id.name),
                };
                diagnostics.push(Diagnostic::warning(
                    codes::OUTBOUND_PORT_SHARED,
                    origin,
                    "",
                    format!(
                        "{client} may call several Services on port {port}, not all HTTP; without Service IPs they cannot be told apart, so {id} on that port is passed through to its original destination without routing or splitting"
                    ),
                ));
            }
            passthrough = true;
            vec![tcp_proxy(
                Side::Outbound.stat_prefix(port),
                TcpTarget::Cluster(PASSTHROUGH.into()),
            )]
        };
        chains.push(filter_chain(Side::Outbound, port, filters, None));
    }
    if passthrough {
        clusters.insert(PASSTHROUGH.into(), passthrough_cluster());
    }
    Outbound {
        listener: listener(Side::Outbound, envoy.outbound_port, chains),
        clusters: clusters.into_values().collect(),
        route_configurations,
    }
}

/// The backends' weights, scaled down (ratios rounded) when their sum exceeds Envoy's limit.
fn weights(split: &Split, sp: &SplitPort, diagnostics: &mut Vec<Diagnostic>) -> Vec<u32> {
    // Envoy: "The sum of weights of all weighted clusters of route exceeds 4294967295".
    let limit = u64::from(u32::MAX);
    let total = sp.total_weight();
    if total <= limit {
        return sp.backends.iter().map(|b| b.weight).collect();
    }
    diagnostics.push(split.warning(
        codes::WEIGHTS_SCALED,
        "spec.backends",
        format!(
            "the weights of port {} add up to more than Envoy allows (2^32 - 1); they were scaled down, ratios rounded",
            sp.port
        ),
    ));
    sp.backends
        .iter()
        .map(|b| u32::try_from(u64::from(b.weight) * limit / total).unwrap_or(u32::MAX))
        .collect()
}

/// Weighted clusters of an HTTP split port, zeros kept; `None` when every weight is 0.
fn http_weighted(
    sp: &SplitPort,
    weights: &[u32],
    add_cluster: &mut impl FnMut(&ServiceId, u16) -> String,
) -> Option<WeightedClusters> {
    if weights.iter().all(|w| *w == 0) {
        return None;
    }
    Some(WeightedClusters {
        clusters: sp
            .backends
            .iter()
            .zip(weights)
            .map(|(b, w)| ClusterWeight {
                name: add_cluster(&b.service, b.port),
                weight: *w,
            })
            .collect(),
    })
}

fn every_path() -> RouteMatch {
    RouteMatch {
        prefix: Some("/".into()),
        ..RouteMatch::default()
    }
}

/// Whether the regexes of `m`, a condition of `split`, are within Envoy's program-size limit;
/// if not the condition is left out (the requests it selects go to the root Service, unsplit)
/// and an error says so.
fn within_regex_limit(
    split: &Split,
    m: &HttpMatch,
    envoy: &Envoy,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let Some(why) = crate::backend::regex_limit::over_limit(m, envoy.regex_program_size_limit)
    else {
        return true;
    };
    diagnostics.push(crate::backend::regex_limit::condition_left_out(
        split,
        m,
        codes::REGEX_TOO_LARGE,
        &why,
        "Envoy would refuse the whole configuration",
    ));
    false
}

/// Route matches for one HTTP match: one per method (routing only; access is RBAC's).
fn route_matches(m: &HttpMatch) -> Vec<RouteMatch> {
    let headers: Vec<HeaderMatcher> = m
        .headers
        .iter()
        .map(|h| HeaderMatcher {
            name: h.name.clone(),
            string_match: StringMatcher::SafeRegex(RegexMatcher {
                regex: h.regex.clone(),
            }),
        })
        .collect();
    let base = |headers: Vec<HeaderMatcher>| RouteMatch {
        prefix: m.path.is_none().then(|| "/".into()),
        safe_regex: m.path.as_ref().map(|p| RegexMatcher {
            regex: p.full_match_regex(),
        }),
        headers,
    };
    match &m.methods {
        MethodSet::Any => vec![base(headers)],
        MethodSet::Only(methods) => methods
            .iter()
            .map(|method| {
                let mut with_method = vec![HeaderMatcher {
                    name: ":method".into(),
                    string_match: StringMatcher::Exact(method.as_str().into()),
                }];
                with_method.extend(headers.iter().cloned());
                base(with_method)
            })
            .collect(),
    }
}

/// The host names a client may use for `service`: FQDN forms always, the bare name only from
/// the Service's own namespace (elsewhere it means another Service); each also with `:port`.
fn domains(graph: &MeshGraph, service: &ServiceId, port: u16, client: &Identity) -> Vec<String> {
    let mut names = Vec::new();
    if client.namespace == service.namespace {
        names.push(service.name.clone());
    }
    names.push(format!("{}.{}", service.name, service.namespace));
    names.push(format!("{}.{}.svc", service.name, service.namespace));
    names.push(graph.naming.service_host(service));
    names
        .iter()
        .flat_map(|n| [n.clone(), format!("{n}:{port}")])
        .collect()
}

/// A `STRICT_DNS` cluster on the Service FQDN, upstream mTLS checking the callee's identities.
fn service_cluster(graph: &MeshGraph, service: &ServiceId, port: u16, name: &str) -> Cluster {
    let found = graph.services.get(service);
    let identities: BTreeSet<String> = found
        .into_iter()
        .flat_map(|s| &s.workloads)
        .filter_map(|w| graph.workloads.get(w))
        .map(|w| w.identity.spiffe_id(&graph.naming.trust_domain))
        .collect();
    let http2 = found
        .and_then(|s| s.ports.get(&port))
        .is_some_and(|p| matches!(p.protocol, AppProtocol::Http2 | AppProtocol::Grpc));
    let checks = (!identities.is_empty()).then(|| CertificateValidationContext {
        match_typed_subject_alt_names: identities
            .into_iter()
            .map(|id| SanMatcher {
                san_type: "URI",
                matcher: StringMatcher::Exact(id),
            })
            .collect(),
    });
    Cluster {
        name: name.into(),
        type_: "STRICT_DNS",
        connect_timeout: "5s",
        lb_policy: None,
        dns_lookup_family: Some("V4_ONLY"),
        load_assignment: Some(load_assignment(
            name,
            Address::SocketAddress(SocketAddress {
                address: graph.naming.service_host(service),
                port_value: port,
            }),
        )),
        typed_extension_protocol_options: if http2 {
            http2_options()
        } else {
            BTreeMap::new()
        },
        transport_socket: Some(upstream_tls(checks)),
    }
}

fn upstream_tls(checks: Option<CertificateValidationContext>) -> NamedConfig {
    NamedConfig {
        name: "envoy.transport_sockets.tls".into(),
        typed_config: TypedConfig::UpstreamTlsContext(UpstreamTlsContext {
            common_tls_context: tls_context(checks),
        }),
    }
}

/// Connections go where the application sent them, still over mTLS.
fn passthrough_cluster() -> Cluster {
    Cluster {
        name: PASSTHROUGH.into(),
        type_: "ORIGINAL_DST",
        connect_timeout: "5s",
        lb_policy: Some("CLUSTER_PROVIDED"),
        dns_lookup_family: None,
        load_assignment: None,
        typed_extension_protocol_options: BTreeMap::new(),
        transport_socket: Some(upstream_tls(None)),
    }
}
