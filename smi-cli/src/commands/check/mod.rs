//! `smi check`: may this caller make this request, which rule decides, and where it is sent.

mod backend;
mod print;

use super::answer;
use super::lowering::LoweringArgs;
use crate::{Format, InputArgs, Outcome};
use smi_translate::graph::query::{HttpRequest, Request, RequestError, Traffic};
use smi_translate::graph::{Identity, Method, ServiceId};

/// What the caller sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Protocol {
    /// An HTTP request (method, path and headers count).
    Http,
    /// An opaque TCP connection.
    Tcp,
    /// UDP datagrams.
    Udp,
}

/// `smi check` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The caller: the ServiceAccount its pods run as.
    #[arg(long, value_name = "NS/SA", value_parser = parse_identity)]
    from: Identity,
    /// The Service port called; the port is a number or a port name.
    #[arg(long, value_name = "NS/SERVICE:PORT", value_parser = parse_destination)]
    to: Destination,
    /// What the caller sends.
    #[arg(long, value_enum, default_value_t = Protocol::Http)]
    protocol: Protocol,
    /// HTTP method.
    #[arg(long, default_value = "GET", value_parser = parse_method)]
    method: Method,
    /// HTTP request target in origin form (`/path?query`; the query is not matched).
    #[arg(long, default_value = "/", value_parser = parse_path)]
    path: String,
    /// A request header; repeat for several.
    #[arg(long = "header", value_name = "NAME=VALUE", value_parser = parse_header)]
    headers: Vec<(String, String)>,
    /// Also run this mesh's translation and say what its output does with the request.
    #[arg(long, value_enum)]
    backend: Option<backend::Mesh>,
    #[command(flatten)]
    lowering: LoweringArgs,
    #[command(flatten)]
    input: InputArgs,
}

/// `NS/SERVICE:PORT`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Destination {
    service: ServiceId,
    port: PortRef,
}

/// A Service port by number or by name.
#[derive(Clone, Debug, PartialEq, Eq)]
enum PortRef {
    Number(u16),
    Name(String),
}

fn parse_identity(text: &str) -> Result<Identity, String> {
    match text.split_once('/') {
        Some((ns, sa)) if !ns.is_empty() && !sa.is_empty() && !sa.contains('/') => {
            Ok(Identity::new(ns, sa))
        }
        _ => Err(format!(
            "`{text}` is not NAMESPACE/SERVICEACCOUNT (e.g. shop/web)"
        )),
    }
}

fn parse_destination(text: &str) -> Result<Destination, String> {
    let bad =
        || format!("`{text}` is not NAMESPACE/SERVICE:PORT (e.g. shop/api:80 or shop/api:http)");
    let (service, port) = text.rsplit_once(':').ok_or_else(bad)?;
    let (ns, name) = service.split_once('/').ok_or_else(bad)?;
    if ns.is_empty() || name.is_empty() || name.contains('/') || port.is_empty() {
        return Err(bad());
    }
    let port = match port.parse::<u16>() {
        Ok(0) => return Err(bad()),
        Ok(n) => PortRef::Number(n),
        Err(_) if port.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') => {
            PortRef::Name(port.to_owned())
        }
        Err(_) => return Err(bad()),
    };
    Ok(Destination {
        service: ServiceId::new(ns, name),
        port,
    })
}

fn parse_method(text: &str) -> Result<Method, String> {
    Method::ALL
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(text))
        .ok_or_else(|| {
            let all: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
            format!("`{text}` is not one of {}", all.join(", "))
        })
}

fn parse_path(text: &str) -> Result<String, String> {
    HttpRequest::new(Method::Get, text)
        .map(|_| text.to_owned())
        .map_err(|e| e.to_string())
}

fn parse_header(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not NAME=VALUE (e.g. x-user=alice)"))?;
    // Checked here so that a bad header is a usage error, like a bad path.
    HttpRequest::new(Method::Get, "/")
        .and_then(|r| r.header(name, value))
        .map_err(|e| e.to_string())?;
    Ok((name.to_owned(), value.to_owned()))
}

impl Args {
    /// The request asked about, with the port resolved on the Service.
    fn request(&self, port: u16) -> Result<Request, RequestError> {
        let traffic = match self.protocol {
            Protocol::Tcp => Traffic::Tcp,
            Protocol::Udp => Traffic::Udp,
            Protocol::Http => Traffic::Http(self.headers.iter().try_fold(
                HttpRequest::new(self.method, &self.path)?,
                |r, (name, value)| r.header(name, value),
            )?),
        };
        Ok(Request {
            source: self.from.clone(),
            destination: self.to.service.clone(),
            port,
            endpoint: None,
            traffic,
        })
    }
}

/// Runs `smi check`.
pub fn run(args: &Args, format: Format) -> Outcome {
    let lowered = match answer::lower(&args.input, &args.lowering) {
        Ok(lowered) => lowered,
        Err(outcome) => return outcome,
    };
    let graph = &lowered.graph;
    let Some(service) = graph.services.get(&args.to.service) else {
        let known: Vec<String> = graph.services.keys().map(ToString::to_string).collect();
        eprintln!(
            "error: Service {} is not in the input (Services: {})",
            args.to.service,
            if known.is_empty() {
                "none".into()
            } else {
                known.join(", ")
            }
        );
        return Outcome::InputErrors;
    };
    let port = match &args.to.port {
        PortRef::Number(n) => Some(*n),
        PortRef::Name(name) => service
            .ports
            .values()
            .find(|p| p.name.as_deref() == Some(name))
            .map(|p| p.port),
    };
    let Some(port) = port.filter(|p| service.ports.contains_key(p)) else {
        let known: Vec<String> = service
            .ports
            .values()
            .map(|p| match &p.name {
                Some(name) => format!("{} ({name})", p.port),
                None => p.port.to_string(),
            })
            .collect();
        eprintln!(
            "error: Service {} has no port {} (ports: {})",
            args.to.service,
            match &args.to.port {
                PortRef::Number(n) => n.to_string(),
                PortRef::Name(name) => name.clone(),
            },
            known.join(", ")
        );
        return Outcome::InputErrors;
    };
    let request = match args.request(port) {
        Ok(request) => request,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::UsageError;
        }
    };
    let decision = graph.decide(&request);
    let backend = args
        .backend
        .map(|mesh| backend::compare(mesh, graph, &request, &decision));
    let text = match format {
        Format::Json => print::json(&request, &decision, backend.as_ref()),
        Format::Yaml => print::text(graph, &request, &decision, backend.as_ref()),
    };
    answer::finish(&text, lowered.load_errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_parse_or_explain() {
        assert_eq!(parse_identity("shop/web"), Ok(Identity::new("shop", "web")));
        for bad in ["web", "/web", "shop/", "a/b/c"] {
            assert!(parse_identity(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_destination("shop/api:80"),
            Ok(Destination {
                service: ServiceId::new("shop", "api"),
                port: PortRef::Number(80)
            })
        );
        assert_eq!(
            parse_destination("shop/api:http-web").map(|d| d.port),
            Ok(PortRef::Name("http-web".into()))
        );
        for bad in [
            "shop/api",
            "api:80",
            "shop/api:",
            "shop/api:0",
            "shop/api:a b",
            "/api:80",
        ] {
            assert!(parse_destination(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_method("post"), Ok(Method::Post));
        assert!(parse_method("PROPFIND").is_err());
        assert_eq!(
            parse_header("X-User=alice=bob"),
            Ok(("X-User".into(), "alice=bob".into()))
        );
        assert!(parse_header("x-user").is_err());
        assert!(parse_header("bad name=x").is_err());
        assert!(parse_path("/a?b").is_ok());
        assert!(parse_path("api").is_err());
    }
}
