//! The spec's own prose facts (smi-spec reference §9, and the v1alpha3 examples of §2.1),
//! checked end to end: SMI YAML → `smi_translate::lower` → reference evaluator.

mod support;

use smi_testkit::manifests::{self, stream};
use smi_testkit::{Decision, Protocol, Request, evaluate};
use smi_translate::Options;
use smi_translate::graph::{Identity, MeshGraph, Method, ServiceId};
use support::SHOP;

/// Services `api` (8080 http, 9090 http-admin), `api-v1`/`api-v2` (8080), `api-v3` (9090
/// only), `consul` (8300–8302 TCP), `consul-udp` (8300–8302 UDP, same pods; see
/// `istio_regressions.rs` for why not one Service), Deployments running as
/// `api`, `web`, `prom`, `consul`.
fn cluster() -> String {
    let http = "{name: http, port: 8080, targetPort: 8080}";
    let admin = "{name: http-admin, port: 9090, targetPort: 9090}";
    let consul_ports = |suffix: &str| {
        format!(
            "[{{name: tcp-server, port: 8300{suffix}}}, {{name: tcp-lan, port: 8301{suffix}}}, \
             {{name: tcp-wan, port: 8302{suffix}}}]"
        )
    };
    stream(&[
        SHOP.service("api", "{app: api}", &format!("[{http}, {admin}]")),
        SHOP.service("api-v1", "{app: api, version: v1}", &format!("[{http}]")),
        SHOP.service("api-v2", "{app: api, version: v2}", &format!("[{http}]")),
        SHOP.service("api-v3", "{app: api, version: v3}", &format!("[{admin}]")),
        SHOP.service("consul", "{app: consul}", &consul_ports("")),
        SHOP.service(
            "consul-udp",
            "{app: consul}",
            &consul_ports(", protocol: UDP").replace("tcp-", "udp-"),
        ),
        SHOP.deployment("api-v1", "{app: api, version: v1}", "api"),
        SHOP.deployment("api-v2", "{app: api, version: v2}", "api"),
        SHOP.app("consul"),
        SHOP.app("web"),
        SHOP.app("prom"),
    ])
}

fn graph(smi: &str) -> MeshGraph {
    manifests::lower(&stream(&[cluster(), smi.to_owned()]), &Options::default())
}

fn sa(name: &str) -> Identity {
    Identity::new("shop", name)
}

fn svc(name: &str) -> ServiceId {
    ServiceId::new("shop", name)
}

fn http(from: &str, to: &str, port: u16, method: Method, path: &str) -> Request {
    Request::http(sa(from), svc(to), port)
        .with_method(method)
        .with_path(path)
}

fn allowed(g: &MeshGraph, r: &Request) -> bool {
    evaluate(g, r).allowed
}

fn routes() -> String {
    SHOP.http_route_group(
        "api-routes",
        "[{name: metrics, pathRegex: /metrics, methods: [GET]}, \
         {name: items, pathRegex: /items, methods: [GET, POST]}]",
    )
}

/// The routes above and a TrafficTarget from `prom` to `api` with `rules`.
fn target(rules: &str) -> String {
    stream(&[
        routes(),
        SHOP.traffic_target("api", "api", &["prom"], rules),
    ])
}

/// An access v1alpha2 TrafficTarget from `prom` to `api` (`port` added to its destination)
/// allowing `metrics` of the routes above.
fn v1alpha2_target(port: &str) -> String {
    let spec = format!(
        "{{destination: {{kind: ServiceAccount, name: api, namespace: shop{port}}}, \
         sources: {}, rules: [{{kind: HTTPRouteGroup, name: api-routes, matches: [metrics]}}]}}",
        SHOP.service_accounts(&["prom"])
    );
    let target = SHOP.document("access.smi-spec.io/v1alpha2", "TrafficTarget", "api", &spec);
    stream(&[routes(), target])
}

// §9.1 — deny by default, unlisted source, unlisted route.
#[test]
fn fact_1_no_target_denies_and_only_listed_sources_on_listed_routes_pass() {
    let nothing = graph(&routes());
    assert!(!allowed(
        &nothing,
        &http("web", "api", 8080, Method::Get, "/metrics")
    ));
    let g = graph(&target(
        "[{kind: HTTPRouteGroup, name: api-routes, matches: [metrics]}]",
    ));
    assert!(allowed(
        &g,
        &http("prom", "api", 8080, Method::Get, "/metrics")
    ));
    assert!(
        !allowed(&g, &http("web", "api", 8080, Method::Get, "/metrics")),
        "source not listed"
    );
    assert!(
        !allowed(&g, &http("prom", "api", 8080, Method::Get, "/items")),
        "route not listed"
    );
    assert!(
        !allowed(&g, &http("prom", "api", 8080, Method::Post, "/metrics")),
        "method not listed"
    );
}

// §9.2 — a rule without `matches` allows the whole group.
#[test]
fn fact_2_rule_without_matches_allows_the_whole_group() {
    let g = graph(&target("[{kind: HTTPRouteGroup, name: api-routes}]"));
    assert!(allowed(
        &g,
        &http("prom", "api", 8080, Method::Get, "/metrics")
    ));
    assert!(allowed(
        &g,
        &http("prom", "api", 8080, Method::Post, "/items")
    ));
    assert!(!allowed(
        &g,
        &http("prom", "api", 8080, Method::Delete, "/items")
    ));
}

// §9.3 — no port on access v1alpha1/v1alpha2 = all ports; `ports: []` on a TCPRoute = all ports.
#[test]
fn fact_3_absent_or_empty_ports_mean_all_ports() {
    let v1alpha2 = graph(&v1alpha2_target(""));
    for port in [8080, 9090] {
        assert!(allowed(
            &v1alpha2,
            &http("prom", "api", port, Method::Get, "/metrics")
        ));
    }
    let with_port = graph(&v1alpha2_target(", port: 9090"));
    assert!(allowed(
        &with_port,
        &http("prom", "api", 9090, Method::Get, "/metrics")
    ));
    assert!(!allowed(
        &with_port,
        &http("prom", "api", 8080, Method::Get, "/metrics")
    ));
    let all_tcp = graph(&stream(&[
        SHOP.tcp_route("any-port", "[]"),
        SHOP.traffic_target(
            "consul",
            "consul",
            &["web"],
            "[{kind: TCPRoute, name: any-port}]",
        ),
    ]));
    for port in [8300, 8301, 8302] {
        assert!(allowed(
            &all_tcp,
            &Request::tcp(sa("web"), svc("consul"), port)
        ));
    }
}

// §9.4 — a match with only headers applies to any path and any method.
#[test]
fn fact_4_header_only_match_applies_to_any_path_and_method() {
    let g = graph(&stream(&[
        SHOP.http_route_group(
            "android",
            r#"[{name: android, headers: {user-agent: ".*Android.*"}}]"#,
        ),
        SHOP.traffic_target(
            "api",
            "api",
            &["web"],
            "[{kind: HTTPRouteGroup, name: android}]",
        ),
    ]));
    for (method, path) in [
        (Method::Get, "/"),
        (Method::Delete, "/x/y"),
        (Method::Patch, "/items"),
    ] {
        let r =
            http("web", "api", 8080, method, path).with_header("User-Agent", "Mozilla Android 14");
        assert!(allowed(&g, &r), "{r}");
    }
    assert!(!allowed(&g, &http("web", "api", 8080, Method::Get, "/")));
}

// §9.5 — headers AND within a match, OR across matches; values are regexes.
#[test]
fn fact_5_headers_and_within_or_across_matches() {
    let g = graph(&stream(&[
        SHOP.http_route_group(
            "hdr",
            r#"[{name: both, headers: {x-a: "a[0-9]+", x-b: "b"}}, {name: other, headers: {x-c: "c|d"}}]"#,
        ),
        SHOP.traffic_target(
            "api",
            "api",
            &["web"],
            "[{kind: HTTPRouteGroup, name: hdr}]",
        ),
    ]));
    let r = || http("web", "api", 8080, Method::Get, "/");
    assert!(allowed(
        &g,
        &r().with_header("x-a", "a12").with_header("x-b", "b")
    ));
    assert!(
        !allowed(&g, &r().with_header("x-a", "a12")),
        "AND within a match"
    );
    assert!(
        !allowed(&g, &r().with_header("x-a", "ax").with_header("x-b", "b")),
        "regex"
    );
    assert!(
        allowed(&g, &r().with_header("x-c", "d")),
        "OR across matches"
    );
}

// §9.6 — pathRegex is anchored at the start only.
#[test]
fn fact_6_path_regex_is_start_anchored() {
    let g = graph(&target(
        "[{kind: HTTPRouteGroup, name: api-routes, matches: [metrics]}]",
    ));
    for path in ["/metrics", "/metrics/x", "/metricsfoo"] {
        assert!(
            allowed(&g, &http("prom", "api", 8080, Method::Get, path)),
            "{path}"
        );
    }
    for path in ["/x/metrics", "/", "/metric"] {
        assert!(
            !allowed(&g, &http("prom", "api", 8080, Method::Get, path)),
            "{path}"
        );
    }
}

fn split_of(g: &MeshGraph, r: &Request) -> Option<Vec<(String, u32)>> {
    evaluate(g, r)
        .split
        .map(|s| s.into_iter().map(|(svc, w)| (svc.name, w)).collect())
}

// §9.7 — weights are relative; v1alpha1 weights are quantities (`1 = 1000m`).
#[test]
fn fact_7_weights_are_relative_and_v1alpha1_weights_are_quantities() {
    let g = graph(
        r#"
apiVersion: split.smi-spec.io/v1alpha1
kind: TrafficSplit
metadata: {name: api, namespace: shop}
spec:
  service: api
  backends:
  - {service: api-v1, weight: 1}
  - {service: api-v2, weight: 500m}
"#,
    );
    let r = http("web", "api", 8080, Method::Get, "/");
    let d: Decision = evaluate(&g, &r);
    let routing = d.routing(&r);
    assert_eq!(
        routing,
        smi_testkit::Routing::Weighted([(svc("api-v1"), 2), (svc("api-v2"), 1)].into()),
        "1 : 500m = 2 : 1"
    );
    let g = graph(&SHOP.traffic_split("api", "api", &[("api-v1", 1000), ("api-v2", 500)]));
    assert_eq!(
        evaluate(&g, &r).routing(&r),
        smi_testkit::Routing::Weighted([(svc("api-v1"), 2), (svc("api-v2"), 1)].into())
    );
}

// §9.8 — a backend without the root's port is left out for that port.
#[test]
fn fact_8_backend_missing_the_port_is_excluded_for_that_port() {
    let g = graph(&SHOP.traffic_split("api", "api", &[("api-v1", 50), ("api-v3", 50)]));
    assert_eq!(
        split_of(&g, &http("web", "api", 8080, Method::Get, "/")),
        Some(vec![("api-v1".into(), 50)])
    );
    assert_eq!(
        split_of(&g, &http("web", "api", 9090, Method::Get, "/")),
        Some(vec![("api-v3".into(), 50)])
    );
}

// §9.9 — A/B: non-matching requests go to the root; several groups are merged.
#[test]
fn fact_9_ab_non_matching_requests_go_to_the_root_and_groups_merge() {
    let g = graph(&stream(&[
        SHOP.http_route_group(
            "firefox",
            r#"[{name: ff, headers: {user-agent: ".*Firefox.*"}}]"#,
        ),
        SHOP.http_route_group("beta", "[{name: beta, pathRegex: /beta}]"),
        SHOP.conditional_traffic_split("ab", "api", &["firefox", "beta"], &[("api-v2", 100)]),
    ]));
    let plain = http("web", "api", 8080, Method::Get, "/");
    assert_eq!(split_of(&g, &plain), None, "non-matching → root");
    let ff = plain.clone().with_header("user-agent", "Mozilla Firefox/1");
    assert_eq!(split_of(&g, &ff), Some(vec![("api-v2".into(), 100)]));
    let beta = http("web", "api", 8080, Method::Get, "/beta/x");
    assert_eq!(
        split_of(&g, &beta),
        Some(vec![("api-v2".into(), 100)]),
        "merged"
    );
}

// §9.10 — the root as its own backend is accepted.
#[test]
fn fact_10_root_as_its_own_backend_is_accepted() {
    let g = graph(&SHOP.traffic_split("api", "api", &[("api", 90), ("api-v2", 10)]));
    assert_eq!(
        split_of(&g, &http("web", "api", 8080, Method::Get, "/")),
        Some(vec![("api".into(), 90), ("api-v2".into(), 10)])
    );
}

// §2.1, v1alpha3 L7 example: TCPRoute 8080 + HTTPRouteGroup `metrics` → only GET /metrics on 8080.
#[test]
fn l7_example_tcp_rule_selects_the_port_of_the_http_rule() {
    let g = graph(&stream(&[
        routes(),
        SHOP.tcp_route("api-service-port", "[8080]"),
        SHOP.traffic_target(
            "api",
            "api",
            &["prom"],
            "[{kind: TCPRoute, name: api-service-port}, \
             {kind: HTTPRouteGroup, name: api-routes, matches: [metrics]}]",
        ),
    ]));
    assert!(allowed(
        &g,
        &http("prom", "api", 8080, Method::Get, "/metrics")
    ));
    assert!(!allowed(
        &g,
        &http("prom", "api", 8080, Method::Get, "/items")
    ));
    assert!(
        !allowed(&g, &http("prom", "api", 9090, Method::Get, "/metrics")),
        "port not selected"
    );
    let mut raw = Request::tcp(sa("prom"), svc("api"), 8080);
    raw.protocol = Protocol::Tcp;
    assert!(!allowed(&g, &raw), "no raw TCP");
}

// §2.1, L4 example: TCP 8300–8302 + UDP 8301/8302 → UDP blocked on 8300.
#[test]
fn l4_example_tcp_and_udp_ports() {
    let g = graph(&stream(&[
        SHOP.tcp_route("tcp-ports", "[8301, 8302, 8300]"),
        SHOP.udp_route("udp-ports", "[8301, 8302]"),
        SHOP.traffic_target(
            "consul",
            "consul",
            &["web"],
            "[{kind: TCPRoute, name: tcp-ports}, {kind: UDPRoute, name: udp-ports}]",
        ),
    ]));
    for port in [8300, 8301, 8302] {
        assert!(
            allowed(&g, &Request::tcp(sa("web"), svc("consul"), port)),
            "tcp {port}"
        );
    }
    let udp = |port| Request {
        protocol: Protocol::Udp,
        ..Request::tcp(sa("web"), svc("consul-udp"), port)
    };
    assert!(allowed(&g, &udp(8301)));
    assert!(allowed(&g, &udp(8302)));
    assert!(!allowed(&g, &udp(8300)), "UDP blocked on 8300");
    assert!(
        !allowed(&g, &Request::tcp(sa("prom"), svc("consul"), 8300)),
        "unlisted source"
    );
}
