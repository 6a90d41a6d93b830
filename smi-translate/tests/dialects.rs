//! Dialects (docs/dialects.md) and TrafficSplit roots in DNS form, on manifests written in the
//! style of each mesh's public demos (`testdata/dialects/`).

mod support;

use smi_testkit::evaluate;
use smi_testkit::interpret::{EnvoyInterpreter, Interpreter, LinkerdInterpreter};
use smi_testkit::request::Request;
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::linkerd::{Linkerd, LinkerdObject};
use smi_translate::graph::{AppProtocol, Identity, MeshGraph, PathAnchoring, ServiceId};
use smi_translate::lower::{Dialect, suggest_dialect};
use smi_translate::{Backend, Options};
use smi_types::load::{LoadOptions, load};
use support::{codes, lower_yaml, repo};

fn manifest(name: &str) -> String {
    let path = repo(&format!("smi-translate/testdata/dialects/{name}"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lower_as(name: &str, dialect: Dialect) -> MeshGraph {
    lower_yaml(&manifest(name), &Options::default().dialect(dialect))
}

fn has_code(graph: &MeshGraph, code: &str) -> bool {
    graph.all_diagnostics().iter().any(|d| d.code == code)
}

fn get(source: Identity, service: ServiceId, port: u16, path: &str) -> Request {
    Request {
        path: path.into(),
        ..Request::http(source, service, port)
    }
}

fn with_header(request: Request, name: &str, value: &str) -> Request {
    let mut request = request;
    request.headers.insert(name.into(), value.into());
    request
}

fn bookbuyer_to_bookstore(path: &str) -> Request {
    get(
        Identity::new("bookbuyer", "bookbuyer"),
        ServiceId::new("bookstore", "bookstore-v1"),
        14001,
        path,
    )
}

fn bookstore_root() -> ServiceId {
    ServiceId::new("bookstore", "bookstore")
}

#[test]
fn an_osm_root_names_the_service_of_the_splits_namespace() {
    let graph = lower_as("osm-bookstore.yaml", Dialect::Spec);
    assert!(!has_code(&graph, "unresolved-root-service"));
    assert!(!has_code(&graph, "invalid-name"));
    assert_eq!(graph.splits.len(), 1);
    assert_eq!(graph.splits[0].root, bookstore_root());
}

#[test]
fn every_dns_form_of_a_root_resolves_and_other_namespaces_or_domains_do_not() {
    let yaml = |root: &str| {
        manifest("osm-bookstore.yaml")
            .replace("service: bookstore.bookstore", &format!("service: {root}"))
    };
    for root in [
        "bookstore",
        "bookstore.bookstore",
        "bookstore.bookstore.svc",
        "bookstore.bookstore.svc.cluster.local",
    ] {
        let graph = lower_yaml(&yaml(root), &Options::default());
        assert_eq!(graph.splits.len(), 1, "{root}");
        assert_eq!(graph.splits[0].root, bookstore_root(), "{root}");
    }
    let graph = lower_yaml(
        &yaml("bookstore.bookstore.svc.corp.example"),
        &Options::default().cluster_domain("corp.example"),
    );
    assert_eq!(graph.splits.len(), 1);
    for (root, code) in [
        ("bookstore.bookbuyer", "root-in-other-namespace"),
        (
            "bookstore.bookstore.svc.corp.example",
            "unresolved-root-service",
        ),
        ("bookstore.bookstore.cluster", "invalid-name"),
    ] {
        let graph = lower_yaml(&yaml(root), &Options::default());
        assert!(graph.splits.is_empty(), "{root}");
        assert_eq!(
            codes(&graph.all_diagnostics()),
            [(
                code,
                "bookstore-split".to_owned(),
                "spec.service".to_owned()
            )],
            "{root}"
        );
    }
}

/// OSM reads a port without `appProtocol` as HTTP: its HTTP grants hold on Envoy, and the split
/// is per request (a Gateway API HTTPRoute) on Linkerd. The spec's reading (opaque) loses both.
#[test]
fn osm_reads_undeclared_ports_as_http() {
    let spec = lower_as("osm-bookstore.yaml", Dialect::Spec);
    let osm = lower_as("osm-bookstore.yaml", Dialect::Osm);
    let protocol = |g: &MeshGraph| g.services[&bookstore_root()].ports[&14001].protocol;
    assert_eq!(protocol(&spec), AppProtocol::Unknown);
    assert_eq!(protocol(&osm), AppProtocol::Http);

    let buy = with_header(
        bookbuyer_to_bookstore("/buy-a-book/new"),
        "user-agent",
        "go-http-client/1.1",
    );
    let allowed_on_envoy = |graph: &MeshGraph| {
        let (envoy, _) = EnvoyInterpreter::emit(graph, &Envoy::default());
        envoy.decide(&buy).allowed
    };
    assert!(allowed_on_envoy(&osm));
    assert!(evaluate(&osm, &buy).allowed);
    assert!(!allowed_on_envoy(&spec));

    let split_kinds = |graph: &MeshGraph| -> Vec<&'static str> {
        Linkerd::default()
            .emit(graph)
            .objects
            .iter()
            .filter_map(|o| match o {
                LinkerdObject::HttpRoute(_) => Some("HTTPRoute"),
                LinkerdObject::TcpRoute(_) => Some("TCPRoute"),
                _ => None,
            })
            .collect()
    };
    assert_eq!(split_kinds(&osm), ["HTTPRoute"]);
    assert_eq!(split_kinds(&spec), ["TCPRoute"]);
    let (linkerd, _) = LinkerdInterpreter::emit(&osm, &Linkerd::default(), Default::default());
    assert!(linkerd.decide(&buy).allowed);
}

/// OSM matches the whole path (Envoy's `safe_regex`); an explicit `--path-match` still wins.
#[test]
fn osm_matches_whole_paths_unless_told_otherwise() {
    let longer = with_header(
        bookbuyer_to_bookstore("/buy-a-book/new/now"),
        "user-agent",
        "go-http-client/1.1",
    );
    let osm = lower_as("osm-bookstore.yaml", Dialect::Osm);
    assert!(!evaluate(&osm, &longer).allowed);
    let overridden = lower_yaml(
        &manifest("osm-bookstore.yaml"),
        &Options::default()
            .dialect(Dialect::Osm)
            .path_anchoring(PathAnchoring::Start),
    );
    assert!(evaluate(&overridden, &longer).allowed);
    // The override changes only the anchoring: the port is still read as HTTP.
    assert_eq!(
        overridden.services[&bookstore_root()].ports[&14001].protocol,
        AppProtocol::Http
    );
}

/// A request of the NGINX demo's client to its root, with header `x-demo: value`.
fn nginx_demo_request(value: &str, path: &str) -> Request {
    let client = Identity::new("default", "client");
    let root = ServiceId::new("default", "target-svc");
    with_header(get(client, root, 80, path), "x-demo", value)
}

/// NGINX Service Mesh reads `pathRegex: "*"` as every path and matches header regexes anywhere
/// in the value; the spec's reading refuses `*` (not a regex), so nothing is split.
#[test]
fn nginx_star_path_and_unanchored_headers() {
    let nginx = lower_as("nginx-canary.yaml", Dialect::Nginx);
    let v2 = ServiceId::new("default", "target-v2-0");
    for (value, split) in [("demo", true), ("demo-2", true), ("other", false)] {
        let request = nginx_demo_request(value, "/any/path");
        let routing = evaluate(&nginx, &request).routing(&request);
        let to_v2 = evaluate::Routing::Weighted([(v2.clone(), 1)].into());
        assert_eq!(routing == to_v2, split, "{value}");
    }
    assert!(
        nginx.all_diagnostics().is_empty(),
        "{:?}",
        nginx.all_diagnostics()
    );

    let spec = lower_as("nginx-canary.yaml", Dialect::Spec);
    assert!(has_code(&spec, "invalid-regex"));
    let request = nginx_demo_request("demo", "/");
    assert_eq!(evaluate(&spec, &request).split, None);
}

/// A request of the Traefik demo's authorized tool, with header `authorized: value`.
fn traefik_request(value: &str, path: &str) -> Request {
    let tool = Identity::new("test", "tool-authorized");
    let server = ServiceId::new("test", "server-http");
    with_header(get(tool, server, 8080, path), "authorized", value)
}

/// Traefik Mesh matches header regexes anywhere (Go's regexp search), so `t|True` admits
/// `true`; its paths stay start-anchored, and its ports default to HTTP.
#[test]
fn traefik_headers_match_anywhere() {
    let traefik = lower_as("traefik-acl.yaml", Dialect::Traefik);
    let spec = lower_as("traefik-acl.yaml", Dialect::Spec);
    let port =
        |g: &MeshGraph| g.services[&ServiceId::new("test", "server-http")].ports[&8080].protocol;
    assert_eq!(port(&traefik), AppProtocol::Http);
    assert!(evaluate(&traefik, &traefik_request("true", "/api/v1")).allowed);
    assert!(!evaluate(&traefik, &traefik_request("false", "/api")).allowed);
    assert!(!evaluate(&spec, &traefik_request("true", "/api")).allowed);
    assert!(evaluate(&spec, &traefik_request("True", "/api")).allowed);
}

/// Consul's Envoy matches the whole path; the spec anchors at the start only.
#[test]
fn consul_matches_whole_paths() {
    let request = |path: &str| {
        get(
            Identity::new("default", "dashboard"),
            ServiceId::new("default", "counting"),
            9001,
            path,
        )
    };
    let consul = lower_as("consul-counting.yaml", Dialect::Consul);
    let spec = lower_as("consul-counting.yaml", Dialect::Spec);
    assert!(evaluate(&consul, &request("/count")).allowed);
    assert!(!evaluate(&consul, &request("/count/more")).allowed);
    assert!(evaluate(&spec, &request("/count/more")).allowed);
}

fn smi_objects(yaml: &str) -> Vec<smi_types::SmiObject> {
    let loaded = load(yaml, &LoadOptions::default());
    loaded
        .objects
        .into_iter()
        .filter_map(|o| match o.object {
            smi_types::Object::Smi(s) => Some(*s),
            smi_types::Object::Other(_) => None,
        })
        .collect()
}

#[test]
fn the_input_shows_its_dialect() {
    let hint = |name| suggest_dialect(&smi_objects(&manifest(name))).map(|h| h.dialect);
    assert_eq!(hint("osm-bookstore.yaml"), Some(Dialect::Osm));
    assert_eq!(hint("nginx-canary.yaml"), Some(Dialect::Nginx));
    assert_eq!(hint("traefik-acl.yaml"), None);
    assert_eq!(hint("consul-counting.yaml"), None);
}
