//! Differential property: for random scenarios × random requests, a GAMMA mesh configured with
//! the Gateway API backend's routes routes as the graph routes; paired with Istio's or Linkerd's
//! authorization objects (`--authz`) it also decides as the graph decides. GAMMA alone has no
//! authorization, so there a different decision is exempted ([`judge::NO_AUTHORIZATION`]) and
//! only routing is compared.
//!
//! Each scenario draws one of the three set-ups. `SMI_TESTKIT_CASES` sets the number of
//! scenarios (default 250, × 48 requests); `SMI_TESTKIT_SEED` a fixed proptest seed (default:
//! fixed), or `random`; `SMI_TESTKIT_SIZE` the scenario size.

mod support;

use proptest::prelude::*;
use smi_testkit::differential::{self, Count, Subject};
use smi_testkit::judge::{self, Judged, Mesh};
use smi_testkit::{Request, evaluate};
use smi_translate::{MeshGraph, Options};

struct GammaMesh;

impl Subject for GammaMesh {
    type Backend = Mesh;
    type Emitted = Judged;

    fn name(&self) -> &'static str {
        "gamma"
    }

    fn backends(&self) -> BoxedStrategy<Mesh> {
        prop_oneof![
            Just(Mesh::Gamma),
            Just(Mesh::GammaIstio),
            Just(Mesh::GammaLinkerd)
        ]
        .boxed()
    }

    fn options(&self) -> Options {
        Mesh::options(Options::default())
    }

    fn emit(&self, graph: &MeshGraph, mesh: &Mesh) -> Judged {
        mesh.emit(graph)
    }

    fn check(
        &self,
        judged: &Judged,
        graph: &MeshGraph,
        request: &Request,
    ) -> Result<Count, String> {
        judged.check(graph, request).map_err(|d| d.to_string())
    }
}

#[test]
fn gamma_output_means_what_the_graph_means() {
    let tally = differential::run(
        &GammaMesh,
        support::config(support::cases(250)),
        support::size(),
    );
    // Splits were exercised, and GAMMA alone was judged on routing only.
    assert!(tally.split > 0, "{tally:?}");
    assert!(
        tally.exempted.contains_key(judge::NO_AUTHORIZATION),
        "{tally:?}"
    );
}

#[test]
fn gamma_alone_allows_what_the_graph_denies_and_says_so() {
    let shop = support::SHOP;
    let yaml = smi_testkit::manifests::stream(&[
        shop.service("api", "{app: api}", "[{name: http, port: 80}]"),
        shop.app("api"),
        shop.app("web"),
        shop.tcp_route("all", "[]"),
        shop.traffic_target(
            "web-to-api",
            "api",
            &["web"],
            "[{kind: TCPRoute, name: all}]",
        ),
    ]);
    let graph = smi_testkit::manifests::lower(&yaml, &Mesh::options(Options::default()));
    let judged = Mesh::Gamma.emit(&graph);
    let stranger = Request::http(
        smi_translate::graph::Identity::new("shop", "stranger"),
        smi_translate::graph::ServiceId::new("shop", "api"),
        80,
    );
    assert!(!evaluate(&graph, &stranger).allowed);
    assert!(judged.interpreter().decide(&stranger).allowed);
    assert_eq!(
        judged.verdict(&graph, &stranger),
        judge::Verdict::NotExpressible {
            codes: vec!["gamma-no-authorization"],
            routing: false,
        }
    );
    // Paired with Istio, the same request is denied as the graph denies it.
    let paired = Mesh::GammaIstio.emit(&graph);
    assert_eq!(
        paired.verdict(&graph, &stranger),
        judge::Verdict::Exact { allowed: false }
    );
}
