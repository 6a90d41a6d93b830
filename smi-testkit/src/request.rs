//! Requests: who calls which Service port, and with what.

use smi_translate::graph::{Identity, Method, ServiceId, WorkloadId};
use std::collections::BTreeMap;
use std::fmt;

/// What the caller sends on the connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Protocol {
    /// An HTTP request (HTTP/1.1, HTTP/2 or gRPC): method, path and headers are meaningful.
    Http,
    /// Opaque bytes over TCP: method, path and headers are ignored.
    Tcp,
    /// UDP datagrams: method, path and headers are ignored.
    Udp,
}

/// One request (or connection) from a workload identity to a Service port.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Request {
    /// The caller's identity (its pods' ServiceAccount).
    pub source: Identity,
    /// The Service the caller addresses.
    pub destination: ServiceId,
    /// The Service port (not the pod port).
    pub port: u16,
    /// The destination workload the request is delivered to; `None`: it may land on any of the
    /// Service's workloads, so it is allowed only if every one of them allows it.
    pub endpoint: Option<WorkloadId>,
    /// What is sent.
    pub protocol: Protocol,
    /// HTTP method (ignored unless `protocol` is [`Protocol::Http`]).
    pub method: Method,
    /// HTTP path, without the query string (ignored unless HTTP).
    pub path: String,
    /// HTTP headers, names lower-case (ignored unless HTTP).
    pub headers: BTreeMap<String, String>,
}

impl Request {
    /// A `GET /` HTTP request from `source` to `destination:port`, landing on any endpoint.
    pub fn http(source: Identity, destination: ServiceId, port: u16) -> Request {
        Request {
            source,
            destination,
            port,
            endpoint: None,
            protocol: Protocol::Http,
            method: Method::Get,
            path: "/".into(),
            headers: BTreeMap::new(),
        }
    }

    /// An opaque TCP connection from `source` to `destination:port`, landing on any endpoint.
    pub fn tcp(source: Identity, destination: ServiceId, port: u16) -> Request {
        Request {
            protocol: Protocol::Tcp,
            ..Request::http(source, destination, port)
        }
    }

    /// Sets the method.
    pub fn with_method(mut self, method: Method) -> Request {
        self.method = method;
        self
    }

    /// Sets the path.
    pub fn with_path(mut self, path: impl Into<String>) -> Request {
        self.path = path.into();
        self
    }

    /// Adds a header (the name is lower-cased).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> Request {
        self.headers.insert(name.to_ascii_lowercase(), value.into());
        self
    }

    /// Sets the endpoint workload.
    pub fn on(mut self, endpoint: WorkloadId) -> Request {
        self.endpoint = Some(endpoint);
        self
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} -> {}:{} ({:?}",
            self.source, self.destination, self.port, self.protocol
        )?;
        if self.protocol == Protocol::Http {
            write!(f, " {} {}", self.method, self.path)?;
            for (k, v) in &self.headers {
                write!(f, " {k}={v:?}")?;
            }
        }
        if let Some(e) = &self.endpoint {
            write!(f, " on {e}")?;
        }
        f.write_str(")")
    }
}
