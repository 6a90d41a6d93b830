//! Envoy: per-proxy Envoy v3 resources (listeners, clusters, route configurations).
//!
//! One proxy per workload identity that runs at least one workload. Each proxy gets:
//!
//! - an **inbound** listener with one filter chain per destination pod port: downstream mTLS
//!   (client certificates required, from SDS), then for HTTP ports an HTTP connection manager
//!   whose HTTP RBAC filter decides access *before* routing (one policy per granted match), and
//!   for other ports a network RBAC filter and a `tcp_proxy` to the local application;
//! - an **outbound** listener with one filter chain per port of the Services this identity may
//!   call (routing only; the callee's inbound RBAC enforces), with weighted clusters for splits;
//! - clusters: `inbound|<port>` (the local application), `outbound|<port>|<svc>.<ns>`
//!   (`STRICT_DNS` on the Service FQDN, upstream mTLS).
//!
//! [`EnvoyProxyConfig::bootstrap`] wraps one proxy into a complete [`types::Bootstrap`].

mod building_blocks;
pub use crate::codes::envoy as codes;
mod inbound;
mod outbound;
pub mod types;

use super::{Backend, Emitted};
use crate::graph::{Identity, MeshGraph};
use building_blocks::{http2_options, load_assignment};
use serde::Serialize;
use types::{
    Address, Bootstrap, Cluster, Listener, Node, Pipe, RouteConfiguration, RouteSpecifier,
    StaticResources, TypedConfig,
};

/// Name of the cluster that serves SDS (certificates) to every proxy.
pub const SDS_CLUSTER: &str = "sds-grpc";
/// SDS secret name of the proxy's own certificate and key.
pub const CERTIFICATE_SECRET: &str = "default";
/// SDS secret name of the mesh trust bundle.
pub const TRUST_BUNDLE_SECRET: &str = "ROOTCA";

/// The Envoy backend.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Envoy {
    /// Unix socket of the SDS server that issues each proxy its SPIFFE certificate.
    pub sds_socket_path: String,
    /// Port the inbound listener binds (traffic to pod ports is redirected here).
    pub inbound_port: u16,
    /// Port the outbound listener binds (the application's outgoing traffic is redirected here).
    pub outbound_port: u16,
    /// The largest RE2 program a regex may compile to: Envoy's `re2.max_program_size.error_level`
    /// ([`crate::backend::regex_limit::ENVOY_DEFAULT`] unless the proxies' runtime raises it).
    /// A match with a larger one is left out (`envoy-regex-too-large`).
    pub regex_program_size_limit: usize,
}

impl Default for Envoy {
    fn default() -> Self {
        Envoy {
            sds_socket_path: "/var/run/smi/sds.sock".into(),
            inbound_port: 15006,
            outbound_port: 15001,
            regex_program_size_limit: crate::backend::regex_limit::ENVOY_DEFAULT,
        }
    }
}

impl Envoy {
    /// Sets the Unix socket of the SDS server.
    pub fn sds_socket_path(mut self, path: impl Into<String>) -> Envoy {
        self.sds_socket_path = path.into();
        self
    }

    /// Sets the port the inbound listener binds.
    pub fn inbound_port(mut self, port: u16) -> Envoy {
        self.inbound_port = port;
        self
    }

    /// Sets the largest RE2 program size the proxies accept (their runtime's
    /// `re2.max_program_size.error_level`).
    pub fn regex_program_size_limit(mut self, limit: usize) -> Envoy {
        self.regex_program_size_limit = limit;
        self
    }

    /// Sets the port the outbound listener binds.
    pub fn outbound_port(mut self, port: u16) -> Envoy {
        self.outbound_port = port;
        self
    }
}

/// The xDS resources of one proxy (one workload identity).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EnvoyProxyConfig {
    /// The workload identity the proxy runs as.
    #[serde(skip)]
    pub identity: Identity,
    /// The node id: the identity's SPIFFE ID.
    pub node_id: String,
    /// Listeners (`inbound`, `outbound`; a listener without filter chains is left out).
    pub listeners: Vec<Listener>,
    /// Clusters, sorted by name. The SDS cluster ([`SDS_CLUSTER`]) is not among them: it
    /// belongs in the proxy's bootstrap.
    pub clusters: Vec<Cluster>,
    /// Route configurations the listeners' HTTP connection managers name via RDS.
    pub route_configurations: Vec<RouteConfiguration>,
    /// The SDS socket path (for the bootstrap's SDS cluster).
    #[serde(skip)]
    pub sds_socket_path: String,
}

/// `name` with every byte outside `[a-z0-9-]` (and `.` when `keep_dots`) written as `%XX`.
fn escape_file_component(name: &str, keep_dots: bool) -> String {
    let mut out = String::with_capacity(name.len());
    for byte in name.bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => out.push(char::from(byte)),
            b'.' if keep_dots => out.push('.'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    if out.is_empty() {
        // An empty component would make `.sa.yaml` (hidden) or `ns..yaml`; `%` alone never
        // comes out of the escaping above, so it cannot collide.
        out.push('%');
    }
    out
}

/// The longest file name [`EnvoyProxyConfig::file_name`] gives: ext4's, XFS's and tmpfs's limit.
pub const LONGEST_FILE_NAME: usize = 255;

/// `<ns>.<sa>.yaml`, escaped, and shortened to [`LONGEST_FILE_NAME`] bytes when longer.
fn file_name(namespace: &str, service_account: &str) -> String {
    const SUFFIX: &str = ".yaml";
    let stem = format!(
        "{}.{}",
        escape_file_component(namespace, false),
        escape_file_component(service_account, true)
    );
    if stem.len() + SUFFIX.len() <= LONGEST_FILE_NAME {
        return stem + SUFFIX;
    }
    let hash = format!("~{:016x}", fnv1a(stem.as_bytes()));
    // The stem is ASCII (escaped), so any byte offset is a character boundary.
    let keep = LONGEST_FILE_NAME - SUFFIX.len() - hash.len();
    format!("{}{hash}{SUFFIX}", &stem[..keep])
}

/// 64-bit FNV-1a: stable across Rust releases and platforms, so a proxy keeps its file name
/// from one run to the next (the owned list of `--out-dir` relies on that).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

impl EnvoyProxyConfig {
    /// A file name for this proxy's bootstrap: `<ns>.<sa>.yaml`.
    ///
    /// Safe to join to a directory whatever the names hold: every byte outside `[a-z0-9-]` (in
    /// the namespace) or `[a-z0-9.-]` (in the service account) is written as `%XX`, so the name
    /// has no `/`, is never `.` or `..`, and two identities never share a file (a namespace
    /// has no unescaped `.`, so the first `.` ends it). Valid Kubernetes names are unchanged.
    ///
    /// At most [`LONGEST_FILE_NAME`] bytes, what file systems take: a longer name (valid names
    /// can make 322 bytes) keeps its start and ends in `~` and a hash of the whole name. `~` is
    /// never left unescaped, so a shortened name cannot be another proxy's full name.
    pub fn file_name(&self) -> String {
        file_name(&self.identity.namespace, &self.identity.service_account)
    }

    /// A complete bootstrap for this proxy, loadable by `envoy -c`: routes inlined into the HTTP
    /// connection managers, plus the SDS cluster.
    pub fn bootstrap(&self) -> Bootstrap {
        let mut listeners = self.listeners.clone();
        for listener in &mut listeners {
            for chain in &mut listener.filter_chains {
                for filter in &mut chain.filters {
                    if let TypedConfig::HttpConnectionManager(hcm) = &mut filter.typed_config
                        && let RouteSpecifier::Rds(rds) = &hcm.routes
                        && let Some(routes) = self
                            .route_configurations
                            .iter()
                            .find(|r| r.name == rds.route_config_name)
                    {
                        hcm.routes = RouteSpecifier::RouteConfig(routes.clone());
                    }
                }
            }
        }
        let mut clusters = self.clusters.clone();
        clusters.push(sds_cluster(&self.sds_socket_path));
        clusters.sort_by(|a, b| a.name.cmp(&b.name));
        Bootstrap {
            node: Node {
                id: self.node_id.clone(),
                cluster: format!(
                    "{}.{}",
                    self.identity.service_account, self.identity.namespace
                ),
            },
            static_resources: StaticResources {
                listeners,
                clusters,
            },
        }
    }
}

impl Backend for Envoy {
    type Output = EnvoyProxyConfig;

    fn name(&self) -> &'static str {
        "envoy"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<EnvoyProxyConfig> {
        let mut diagnostics = Vec::new();
        let mut objects = Vec::new();
        let index = graph.index();
        for identity in &graph.identities {
            if index.workloads_of(identity).is_empty() {
                continue;
            }
            let mut listeners = Vec::new();
            let mut clusters = std::collections::BTreeMap::new();
            let mut route_configurations = Vec::new();
            let inbound = inbound::emit(graph, &index, identity, self, &mut diagnostics);
            listeners.extend(inbound.listener);
            clusters.extend(inbound.clusters.into_iter().map(|c| (c.name.clone(), c)));
            let outbound = outbound::emit(graph, &index, identity, self, &mut diagnostics);
            listeners.extend(outbound.listener);
            clusters.extend(outbound.clusters.into_iter().map(|c| (c.name.clone(), c)));
            route_configurations.extend(outbound.route_configurations);
            route_configurations.extend(inbound.route_configurations);
            route_configurations.sort_by(|a, b| a.name.cmp(&b.name));
            objects.push(EnvoyProxyConfig {
                identity: identity.clone(),
                node_id: identity.spiffe_id(&graph.naming.trust_domain),
                listeners,
                clusters: clusters.into_values().collect(),
                route_configurations,
                sds_socket_path: self.sds_socket_path.clone(),
            });
        }
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

/// The SDS cluster: HTTP/2 (gRPC) over the Unix socket.
fn sds_cluster(path: &str) -> Cluster {
    Cluster {
        name: SDS_CLUSTER.into(),
        type_: "STATIC",
        connect_timeout: "5s",
        lb_policy: None,
        dns_lookup_family: None,
        load_assignment: Some(load_assignment(
            SDS_CLUSTER,
            Address::Pipe(Pipe { path: path.into() }),
        )),
        typed_extension_protocol_options: http2_options(),
        transport_socket: None,
    }
}

#[cfg(test)]
mod tests {
    use super::{LONGEST_FILE_NAME, file_name};

    #[test]
    fn valid_names_are_kept_as_they_are() {
        assert_eq!(
            file_name("bookstore", "bookstore-v1.api"),
            "bookstore.bookstore-v1.api.yaml"
        );
    }

    #[test]
    fn names_never_leave_the_directory_nor_share_a_file() {
        let hostile = [
            ("../../x", "sa"),
            ("/abs/path", "sa"),
            ("a.b", "c"),
            ("a", "b.c"),
            ("a/b", "c"),
            ("a", "b/c"),
            ("", ".."),
            ("..", ""),
            ("%2E", "x"),
            (".", "x"),
            ("Ünïcode", "名前"),
        ];
        let names: Vec<String> = hostile.iter().map(|(ns, sa)| file_name(ns, sa)).collect();
        for name in &names {
            assert!(!name.contains('/'), "{name}");
            assert!(!name.starts_with('.'), "{name}");
            assert!(name.is_ascii(), "{name}");
        }
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
    }

    #[test]
    fn the_longest_valid_names_fit_a_file_system() {
        // Found while fuzzing `--out-dir`: a 63-byte namespace and a 253-byte ServiceAccount
        // (both valid) made a 322-byte name, which the writer refused (exit 3).
        let namespace = "n".repeat(63);
        let long = |c: &str| format!("{}.{}", c.repeat(126), c.repeat(126));
        let names = [
            file_name(&namespace, &long("a")),
            file_name(&namespace, &long("b")),
            file_name(&namespace, &format!("{}x", long("a"))),
            file_name(&"%".repeat(200), "sa"),
        ];
        for name in &names {
            assert_eq!(name.len(), LONGEST_FILE_NAME, "{name}");
            assert!(name.ends_with(".yaml") && name.contains('~'), "{name}");
            assert!(!name.starts_with('.') && !name.contains('/'), "{name}");
        }
        // The same start, different ends: different files.
        assert_ne!(names[0], names[2]);
        assert_eq!(
            names[0],
            file_name(&namespace, &long("a")),
            "stable from run to run"
        );
        let short = file_name("bookstore", "api");
        assert_eq!(short, "bookstore.api.yaml");
    }
}
