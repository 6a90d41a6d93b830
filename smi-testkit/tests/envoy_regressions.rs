//! Divergences the Envoy differential property found, as hand-written tests with minimal inputs.
//!
//! KE1 was a bug in `smi-translate`'s Envoy backend, fixed since: an unsplit lone Service port
//! goes through the pass-through cluster, so its chain no longer captures other Services on the
//! port. The tests pin the fix.

mod support;

use smi_testkit::interpret::envoy::Outbound;
use smi_testkit::manifests::{self, stream};
use smi_testkit::{EnvoyInterpreter, Interpreter, Request, evaluate};
use smi_translate::Options;
use smi_translate::backend::envoy::Envoy;
use smi_translate::graph::{Identity, MeshGraph, ServiceId};
use support::SHOP;

/// Two TCP Services on port 5432, `db` and `other`; `web` may call `db` only.
fn two_tcp_services_one_port() -> MeshGraph {
    let service = |name: &str| {
        SHOP.service(
            name,
            &format!("{{app: {name}}}"),
            "[{name: tcp-db, port: 5432, targetPort: 5432}]",
        )
    };
    let yaml = stream(&[
        service("db"),
        service("other"),
        SHOP.app("db"),
        SHOP.app("other"),
        SHOP.app("web"),
        SHOP.tcp_route("all", "[]"),
        SHOP.traffic_target("db", "db", &["web"], "[{kind: TCPRoute, name: all}]"),
    ]);
    manifests::lower(&yaml, &Options::default())
}

/// KE1. The outbound listener's filter chains match by destination **port** only. When exactly
/// one Service the source may call had a non-HTTP port 5432 (`db`), its chain was a `tcp_proxy`
/// to `outbound|5432|db.shop` and took **every** connection to port 5432, whatever the original
/// destination IP: a connection `web` opened to `other:5432` (outside `web`'s outbound scope)
/// was delivered to `db`, where `web` is granted, instead of reaching `other` (where it is
/// denied). Fixed in the backend: an unsplit lone Service port goes through the pass-through
/// cluster, to the address the caller dialled.
#[test]
fn ke1_a_tcp_chain_does_not_capture_other_services_on_its_port() {
    let g = two_tcp_services_one_port();
    let (envoy, _) = EnvoyInterpreter::emit(&g, &Envoy::default());
    let request = Request::tcp(
        Identity::new("shop", "web"),
        ServiceId::new("shop", "other"),
        5432,
    );
    assert!(!evaluate(&g, &request).allowed);
    let outbound = envoy.trace(&request).outbound;
    assert!(
        !matches!(&outbound, Outbound::Routed(to) if to.iter().any(|(s, _)| s.name == "db")),
        "a connection to other:5432 is sent to db: {outbound:?}"
    );
}

/// The part of KE1 that already holds: the connection to `db` itself is routed and allowed, and
/// `other`'s own inbound RBAC denies `web`.
#[test]
fn ke1_the_callable_service_is_routed_and_the_other_denies() {
    let g = two_tcp_services_one_port();
    let (envoy, _) = EnvoyInterpreter::emit(&g, &Envoy::default());
    let web = Identity::new("shop", "web");
    let to_db = Request::tcp(web.clone(), ServiceId::new("shop", "db"), 5432);
    assert!(evaluate(&g, &to_db).allowed);
    assert!(envoy.decide(&to_db).allowed);
    let to_other = Request::tcp(web, ServiceId::new("shop", "other"), 5432);
    assert!(!envoy.trace(&to_other).inbound_allowed);
    assert!(!envoy.decide(&to_other).allowed);
}
