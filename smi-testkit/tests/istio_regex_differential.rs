//! Focused differential property: path and header regexes of every shape the Istio backend
//! might translate to `exact`/`prefix*`/`*suffix`/`*`, against paths and values built from the
//! same alphabet. The backend may refuse a regex (fail closed, with a diagnostic); whenever it
//! translates one, Istio must decide exactly as the evaluator does.

mod support;

use proptest::collection::vec;
use proptest::prelude::*;
use smi_testkit::differential::{Outcome, compare};
use smi_testkit::interpret::istio::reported_fail_closed;
use smi_testkit::manifests::stream;
use smi_testkit::{IstioInterpreter, Request};
use smi_translate::backend::istio::Istio;
use smi_translate::graph::{Identity, MeshGraph, PathAnchoring, ServiceId};
use smi_translate::{Inventory, lower};
use smi_types::load::{LoadOptions, load};
use support::{SHOP, default_deny};

/// Lowers a one-target mesh whose only match has this path and header regex.
pub fn graph(path: Option<&str>, header: Option<&str>, anchoring: PathAnchoring) -> MeshGraph {
    let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let mut m = String::from("{name: m");
    if let Some(p) = path {
        m.push_str(&format!(", pathRegex: {}", q(p)));
    }
    if let Some(h) = header {
        m.push_str(&format!(", headers: {{x-h: {}}}", q(h)));
    }
    m.push('}');
    let yaml = stream(&[
        SHOP.service(
            "api",
            "{app: api}",
            "[{name: http, port: 80, targetPort: 8080}]",
        ),
        SHOP.app("api"),
        SHOP.app("web"),
        SHOP.http_route_group("g", &format!("[{m}]")),
        SHOP.traffic_target("t", "api", &["web"], "[{kind: HTTPRouteGroup, name: g}]"),
    ]);
    // Unlike `manifests::lower`, load problems are not fatal: the regexes are generated, and
    // whatever the loader makes of one, the backend must agree with the graph or fail closed.
    let loaded = load(&yaml, &LoadOptions::default());
    let (objects, inventory, _) = Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    lower(
        &objects,
        &inventory,
        &default_deny().path_anchoring(anchoring),
    )
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "/", "a", "b", "/a", ".*", ".*", ".+", "\\.", ".", "^", "$", "(?:", "(", ")", "\\*", "*",
        "?", "|", "[ab]", "(?s:.)*", "\\A", "\\z", "(?i)", "x{2}", "",
    ])
}

fn regex() -> impl Strategy<Value = String> {
    vec(piece(), 0..6).prop_map(|p| p.concat())
}

fn text() -> impl Strategy<Value = String> {
    // Paths and header values hold no newline (RFC 9110 forbids CR/LF in field values).
    vec(
        prop::sample::select(vec!["/", "a", "b", ".", "*", "x", "A", "%"]),
        0..6,
    )
    .prop_map(|p| p.concat())
}

fn check(g: &MeshGraph, request: &Request) -> Result<Outcome, TestCaseError> {
    let (istio, diagnostics) = IstioInterpreter::emit(g, &Istio::default());
    compare(
        g,
        &istio,
        &reported_fail_closed(&diagnostics),
        &diagnostics,
        &[],
        request,
    )
    .map_err(|d| TestCaseError::fail(d.to_string()))
}

fn request(path: String, header: Option<String>) -> Request {
    let mut r = Request::http(
        Identity::new("shop", "web"),
        ServiceId::new("shop", "api"),
        80,
    )
    .with_path(path);
    if let Some(h) = header {
        r = r.with_header("x-h", h);
    }
    r
}

proptest! {
    #![proptest_config(support::config(support::cases(500)))]

    #[test]
    fn path_regexes_translate_exactly_or_fail_closed(
        re in regex(),
        full in any::<bool>(),
        paths in vec(text(), 1..8),
    ) {
        let anchoring = if full { PathAnchoring::Full } else { PathAnchoring::Start };
        let g = graph(Some(&re), None, anchoring);
        for p in paths {
            // Paths start with `/` and hold no newline.
            let p = format!("/{}", p.replace('\n', ""));
            check(&g, &request(p, None))?;
        }
    }

    #[test]
    fn header_regexes_translate_exactly_or_fail_closed(
        re in regex(),
        values in vec(option::of(text()), 1..8),
    ) {
        let g = graph(None, Some(&re), PathAnchoring::Start);
        for v in values {
            check(&g, &request("/".into(), v))?;
        }
    }
}

use proptest::option;
