//! Port sets and protocols.

use std::collections::BTreeSet;

/// A set of ports: all of them, or some.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PortSet {
    /// Every port.
    All,
    /// These ports (never empty).
    Only(BTreeSet<u16>),
}

impl PortSet {
    /// The set of `ports`, or `All` when empty (the SMI reading of `ports: []`).
    pub fn from_ports(ports: impl IntoIterator<Item = u16>) -> PortSet {
        let set: BTreeSet<u16> = ports.into_iter().collect();
        if set.is_empty() {
            PortSet::All
        } else {
            PortSet::Only(set)
        }
    }

    /// Whether `port` is in the set.
    pub fn contains(&self, port: u16) -> bool {
        match self {
            PortSet::All => true,
            PortSet::Only(set) => set.contains(&port),
        }
    }

    /// Ports in both sets; `None` when they share none.
    pub fn intersect(&self, other: &PortSet) -> Option<PortSet> {
        match (self, other) {
            (PortSet::All, x) | (x, PortSet::All) => Some(x.clone()),
            (PortSet::Only(a), PortSet::Only(b)) => {
                let both: BTreeSet<u16> = a.intersection(b).copied().collect();
                (!both.is_empty()).then_some(PortSet::Only(both))
            }
        }
    }

    /// Ports in either set.
    pub fn union(&self, other: &PortSet) -> PortSet {
        match (self, other) {
            (PortSet::All, _) | (_, PortSet::All) => PortSet::All,
            (PortSet::Only(a), PortSet::Only(b)) => PortSet::Only(a.union(b).copied().collect()),
        }
    }
}

/// Transport protocol of a Service port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Transport {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// SCTP.
    Sctp,
}

/// Application protocol of a Service port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AppProtocol {
    /// HTTP/1.1 (or auto-detected HTTP).
    Http,
    /// HTTP/2 cleartext.
    Http2,
    /// gRPC.
    Grpc,
    /// TLS passthrough (HTTPS to the application).
    Tls,
    /// Opaque TCP.
    Tcp,
    /// UDP datagrams.
    Udp,
    /// Not declared: meshes sniff or treat as TCP.
    Unknown,
}

impl AppProtocol {
    /// Whether HTTP routing and HTTP authorization apply.
    pub fn is_http(self) -> bool {
        matches!(
            self,
            AppProtocol::Http | AppProtocol::Http2 | AppProtocol::Grpc
        )
    }

    /// From a Service port's `appProtocol`, else its name's prefix (`http-web`), else its transport.
    pub fn detect(
        app_protocol: Option<&str>,
        port_name: Option<&str>,
        transport: Transport,
    ) -> Self {
        if transport == Transport::Udp {
            return AppProtocol::Udp;
        }
        let from = |token: &str| -> Option<AppProtocol> {
            let token = token.to_ascii_lowercase();
            Some(match token.as_str() {
                "http" | "http1" | "http/1.1" => AppProtocol::Http,
                "http2" | "h2c" | "kubernetes.io/h2c" => AppProtocol::Http2,
                "grpc" | "grpc-web" => AppProtocol::Grpc,
                "https" | "tls" | "kubernetes.io/wss" => AppProtocol::Tls,
                "tcp" | "mysql" | "mongo" | "redis" => AppProtocol::Tcp,
                _ => return None,
            })
        };
        if let Some(p) = app_protocol.and_then(from) {
            return p;
        }
        if let Some(name) = port_name {
            let prefix = name.split('-').next().unwrap_or(name);
            if let Some(p) = from(prefix) {
                return p;
            }
        }
        AppProtocol::Unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only(ports: &[u16]) -> PortSet {
        PortSet::Only(ports.iter().copied().collect())
    }

    #[test]
    fn empty_means_all() {
        assert_eq!(PortSet::from_ports([]), PortSet::All);
    }

    #[test]
    fn set_algebra() {
        assert_eq!(only(&[1, 2]).intersect(&only(&[2, 3])), Some(only(&[2])));
        assert_eq!(only(&[1]).intersect(&only(&[3])), None);
        assert_eq!(PortSet::All.intersect(&only(&[3])), Some(only(&[3])));
        assert_eq!(only(&[1]).union(&only(&[3])), only(&[1, 3]));
        assert_eq!(only(&[1]).union(&PortSet::All), PortSet::All);
    }

    #[test]
    fn protocol_detection() {
        use AppProtocol::*;
        assert_eq!(
            AppProtocol::detect(Some("http"), Some("tcp-x"), Transport::Tcp),
            Http
        );
        assert_eq!(
            AppProtocol::detect(None, Some("grpc-api"), Transport::Tcp),
            Grpc
        );
        assert_eq!(
            AppProtocol::detect(None, Some("web"), Transport::Tcp),
            Unknown
        );
        assert_eq!(AppProtocol::detect(Some("http"), None, Transport::Udp), Udp);
        assert_eq!(
            AppProtocol::detect(Some("kubernetes.io/h2c"), None, Transport::Tcp),
            Http2
        );
    }
}
