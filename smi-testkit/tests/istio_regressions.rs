//! Divergences the differential properties found, as hand-written tests with minimal inputs.
//!
//! KD1, KD2 and KD4 were bugs in `smi-translate`, fixed since: an undeclared-protocol port gets
//! both `http` and `tcp` routes (Istio sniffs), a TLS port is reported as not splittable, and a
//! port number declared for TCP and UDP keeps TCP with a diagnostic. KD3 pins a gap of Istio.

mod support;

use smi_testkit::manifests::{self, stream};
use smi_testkit::{Interpreter, IstioInterpreter, Protocol, Request, Routing, evaluate};
use smi_translate::backend::istio::{Istio, codes};
use smi_translate::graph::{Identity, MeshGraph, ServiceId};
use smi_translate::lower;
use support::{SHOP, default_deny};

fn graph(yaml: &str) -> MeshGraph {
    manifests::lower(yaml, &default_deny())
}

/// A Service `web` split over `web-v1` and `web-v2` (`weights`), all three with the one port
/// `port`, and the Deployments of the two versions.
fn split_web(port: &str, weights: (u32, u32)) -> String {
    let ports = format!("[{port}]");
    stream(&[
        SHOP.service("web", "{app: web}", &ports),
        SHOP.service("web-v1", "{app: web, version: v1}", &ports),
        SHOP.service("web-v2", "{app: web, version: v2}", &ports),
        SHOP.deployment("web-v1", "{app: web, version: v1}", "web"),
        SHOP.deployment("web-v2", "{app: web, version: v2}", "web"),
        SHOP.traffic_split(
            "web",
            "web",
            &[("web-v1", weights.0), ("web-v2", weights.1)],
        ),
    ])
}

/// Asserts that the graph splits `request` over `web-v1` and `web-v2` weighted `weights`; that
/// routing.
fn assert_split_web(g: &MeshGraph, request: &Request, weights: (u64, u64)) -> Routing {
    let expected = evaluate(g, request).routing(request);
    assert_eq!(
        expected,
        Routing::Weighted(
            [
                (ServiceId::new("shop", "web-v1"), weights.0),
                (ServiceId::new("shop", "web-v2"), weights.1)
            ]
            .into()
        )
    );
    expected
}

/// KD1. An unconditional TrafficSplit on a Service port **without a declared protocol**
/// (`name: web`, no `appProtocol`): the Istio backend emits only a `tcp` route for it. Istio
/// sniffs HTTP on such ports and routes sniffed HTTP by the VirtualService's `http` routes,
/// of which there is none for the port, so HTTP requests all go to the root Service. The
/// graph splits every request on the port.
///
/// Fix (backend): for ports whose protocol is unknown, emit the split both as an `http` route
/// (port match) and as a `tcp` route.
#[test]
fn kd1_http_on_an_undeclared_protocol_port_is_split() {
    let g = graph(&split_web(
        "{name: web, port: 8000, targetPort: 8080}",
        (1, 1),
    ));
    let (istio, _) = IstioInterpreter::emit(&g, &Istio::default());
    let request = Request::http(
        Identity::new("shop", "client"),
        ServiceId::new("shop", "web"),
        8000,
    );
    let expected = assert_split_web(&g, &request, (1, 1));
    // Raw TCP is split as the graph says...
    let tcp = Request {
        protocol: Protocol::Tcp,
        ..request.clone()
    };
    assert_eq!(istio.decide(&tcp).routing(&tcp), expected);
    // ...HTTP is not.
    assert_eq!(istio.decide(&request).routing(&request), expected);
}

/// KD2. A Service that uses one port number for both TCP and UDP (DNS: `53/TCP` + `53/UDP`,
/// a common shape) loses one of the two in the graph: `Service::ports` is keyed by the port
/// number alone, so the later entry silently replaces the earlier one, with no diagnostic.
/// Here TCP on 53 becomes unaddressable, so the TCP grant below cannot be used.
///
/// Fix (graph/lowering): key Service ports by (number, transport), or at least report the
/// collision.
#[test]
fn kd2_one_port_number_for_tcp_and_udp_is_not_lost_silently() {
    let yaml = stream(&[
        SHOP.service(
            "dns",
            "{app: dns}",
            "[{name: tcp-dns, port: 53, protocol: TCP}, {name: dns, port: 53, protocol: UDP}]",
        ),
        SHOP.app("dns"),
        SHOP.tcp_route("all", "[]"),
        SHOP.traffic_target("dns", "dns", &["web"], "[{kind: TCPRoute, name: all}]"),
    ]);
    let g = graph(&yaml);
    let request = Request::tcp(
        Identity::new("shop", "web"),
        ServiceId::new("shop", "dns"),
        53,
    );
    assert!(
        evaluate(&g, &request).allowed,
        "TCP 53 vanished from the graph: {:?}",
        g.services
            .get(&ServiceId::new("shop", "dns"))
            .map(|s| &s.ports)
    );
    let diagnostics = g.all_diagnostics();
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == lower::codes::INVENTORY_PROBLEM
                && d.object == smi_types::ObjectRef::new("Service", "shop", "dns")
                && d.path == "spec.ports[1]"),
        "the UDP entry is dropped without a diagnostic: {diagnostics:?}"
    );
}

/// KD3 (a gap, pinned): Istio sidecars do not intercept UDP, so SMI's deny-by-default cannot
/// hold for UDP. The backend says so (`istio-udp-unsupported`) only when a TrafficTarget has a
/// UDP grant; UDP to a destination with no UDP grant at all is silently open.
#[test]
fn kd3_udp_is_open_under_istio_and_diagnosed_only_with_a_udp_grant() {
    let yaml = stream(&[
        SHOP.service(
            "dns",
            "{app: dns}",
            "[{name: dns, port: 53, protocol: UDP}]",
        ),
        SHOP.app("dns"),
    ]);
    let g = graph(&yaml);
    let (istio, diagnostics) = IstioInterpreter::emit(&g, &Istio::default());
    let udp = Request {
        protocol: Protocol::Udp,
        ..Request::tcp(
            Identity::new("shop", "web"),
            ServiceId::new("shop", "dns"),
            53,
        )
    };
    assert!(!evaluate(&g, &udp).allowed, "the graph denies");
    assert!(istio.decide(&udp).allowed, "Istio does not intercept UDP");
    assert!(
        diagnostics.iter().all(|d| !d.code.contains("udp")),
        "and nothing says so: {diagnostics:?}"
    );
}

/// KD4. A TrafficSplit on a **TLS** Service port (`name: https`, or `appProtocol: https`/`tls`):
/// the Istio backend emits a `tcp` route for it. Istio applies `tcp` routes only to ports that
/// are neither HTTP nor TLS ("TCP routes will be applied to any port that is not a HTTP or TLS
/// port", VirtualService reference); TLS ports take `tls` routes matched by SNI. So TLS
/// connections are not split at all.
///
/// Fix (backend): for TLS ports emit a `tls` route with `sniHosts` = the root's FQDN (and the
/// port), or report that the port cannot be split.
#[test]
fn kd4_a_split_on_a_tls_port_is_applied() {
    let g = graph(&split_web(
        "{name: https, port: 443, targetPort: 8443}",
        (3, 1),
    ));
    let (istio, diagnostics) = IstioInterpreter::emit(&g, &Istio::default());
    let request = Request::tcp(
        Identity::new("shop", "client"),
        ServiceId::new("shop", "web"),
        443,
    );
    let expected = assert_split_web(&g, &request, (3, 1));
    assert!(
        istio.decide(&request).routing(&request) == expected
            || diagnostics
                .iter()
                .any(|d| d.code == codes::TLS_SPLIT_UNSUPPORTED && d.object.name == "web"),
        "TLS on 443 is not split, and no {} for the split says so: {diagnostics:?}",
        codes::TLS_SPLIT_UNSUPPORTED.code
    );
}
