//! One test per lowering rule (docs/semantics.md), comparing whole graph values.

mod support;

use smi_testkit::manifests::stream;
use smi_translate::Options;
use smi_translate::graph::*;
use smi_translate::lower::codes;
use smi_types::CodeInfo;
use std::collections::BTreeSet;
use support::{codes, lower_yaml, shop};

fn mk_identity(sa: &str) -> Identity {
    Identity::new("shop", sa)
}

fn mk_match(name: &str, path: &str, methods: MethodSet, headers: &[(&str, &str)]) -> HttpMatch {
    HttpMatch {
        group: ObjectRef::new("HTTPRouteGroup", "shop", "api-routes"),
        name: name.into(),
        path: Some(PathMatch {
            regex: path.into(),
            anchoring: PathAnchoring::Start,
        }),
        methods,
        headers: headers
            .iter()
            .map(|(n, r)| HeaderMatch {
                name: (*n).into(),
                regex: (*r).into(),
            })
            .collect(),
    }
}

fn only(methods: &[Method]) -> MethodSet {
    MethodSet::Only(methods.iter().copied().collect())
}

fn read() -> HttpMatch {
    mk_match("read", "/items", only(&[Method::Get, Method::Head]), &[])
}
fn write() -> HttpMatch {
    mk_match(
        "write",
        "/items",
        only(&[Method::Post]),
        &[("x-role", "admin")],
    )
}
fn metrics() -> HttpMatch {
    mk_match("metrics", "/metrics", MethodSet::Any, &[])
}

fn target(name: &str, sources: &[&str], rules: &str) -> String {
    let sources: String = sources
        .iter()
        .map(|s| format!("  - {{kind: ServiceAccount, name: {s}, namespace: shop}}\n"))
        .collect();
    format!(
        "apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  destination: {{kind: ServiceAccount, name: api, namespace: shop}}\n  sources:\n{sources}  rules:\n{rules}"
    )
}

/// Lowers the `shop` documents and `extra` with the default options.
fn lower_shop(extra: &str) -> MeshGraph {
    lower_yaml(&shop(extra), &Options::default())
}

/// An HTTP grant of `matches` on `ports`.
fn http_grant(ports: PortSet, matches: Vec<HttpMatch>) -> Grant {
    Grant::Http { ports, matches }
}

/// The matches of the first grant of the first authorization, which must be HTTP.
fn first_http_matches(graph: &MeshGraph) -> &Vec<HttpMatch> {
    let Grant::Http { matches, .. } = &graph.authorizations[0].grants[0] else {
        panic!("not http: {:?}", graph.authorizations[0].grants[0])
    };
    matches
}

/// A diagnostic as `support::codes` lists it.
fn diagnostic(code: CodeInfo, object: &str, path: &str) -> (&'static str, String, String) {
    (code.code, object.into(), path.into())
}

#[test]
fn deny_by_default_nothing_is_granted_without_targets() {
    let graph = lower_yaml(&stream(&support::shop_documents()), &Options::default());
    assert_eq!(graph.authorizations, vec![]);
    assert_eq!(graph.all_diagnostics(), vec![]);
}

#[test]
fn a_target_grants_exactly_its_sources_and_rules() {
    let graph = lower_shop(&target(
        "web-reads",
        &["web"],
        "  - {kind: HTTPRouteGroup, name: api-routes, matches: [read]}\n",
    ));
    assert_eq!(
        graph.authorizations,
        vec![Authorization {
            origin: ObjectRef::new("TrafficTarget", "shop", "web-reads"),
            destination: mk_identity("api"),
            sources: BTreeSet::from([mk_identity("web")]),
            grants: vec![http_grant(PortSet::All, vec![read()])],
            diagnostics: vec![],
        }]
    );
}

#[test]
fn a_rule_without_matches_allows_every_match_of_its_group() {
    let graph = lower_shop(&target(
        "all",
        &["web"],
        "  - {kind: HTTPRouteGroup, name: api-routes}\n",
    ));
    let mut expected = vec![read(), write(), metrics()];
    expected.sort();
    assert_eq!(
        graph.authorizations[0].grants,
        vec![http_grant(PortSet::All, expected)]
    );
}

#[test]
fn star_absorbs_methods_and_headers_stay_anded_within_a_match() {
    let graph = lower_shop(&target(
        "t",
        &["web"],
        "  - {kind: HTTPRouteGroup, name: api-routes, matches: [metrics, write]}\n",
    ));
    let matches = first_http_matches(&graph);
    assert_eq!(matches, &vec![metrics(), write()]);
}

#[test]
fn a_missing_route_group_makes_only_that_rule_grant_nothing() {
    let graph = lower_shop(&target(
        "t",
        &["web"],
        "  - {kind: HTTPRouteGroup, name: nope}\n  - {kind: HTTPRouteGroup, name: api-routes, matches: [read]}\n",
    ));
    let auth = &graph.authorizations[0];
    assert_eq!(auth.grants, vec![http_grant(PortSet::All, vec![read()])]);
    assert_eq!(
        codes(&auth.diagnostics),
        vec![diagnostic(codes::UNRESOLVED_ROUTE, "t", "spec.rules[0]")]
    );
}

#[test]
fn a_missing_match_name_is_reported_and_the_others_apply() {
    let graph = lower_shop(&target(
        "t",
        &["web"],
        "  - {kind: HTTPRouteGroup, name: api-routes, matches: [read, nope]}\n",
    ));
    let auth = &graph.authorizations[0];
    assert_eq!(auth.grants, vec![http_grant(PortSet::All, vec![read()])]);
    assert_eq!(
        codes(&auth.diagnostics),
        vec![diagnostic(
            codes::UNKNOWN_MATCH,
            "t",
            "spec.rules[0].matches[1]"
        )]
    );
}

#[test]
fn a_missing_tcp_route_grants_nothing_and_narrows_http_rules_to_nothing() {
    let graph = lower_shop(&target(
        "t",
        &["web"],
        "  - {kind: TCPRoute, name: nope}\n  - {kind: HTTPRouteGroup, name: api-routes, matches: [read]}\n",
    ));
    let auth = &graph.authorizations[0];
    assert_eq!(auth.grants, vec![]);
    let got: Vec<_> = codes(&auth.diagnostics).into_iter().map(|c| c.0).collect();
    assert_eq!(
        got,
        vec![
            codes::GRANTS_NOTHING.code,
            codes::TCP_RULE_SELECTS_PORTS.code,
            codes::UNRESOLVED_ROUTE.code
        ]
    );
}

#[test]
fn a_tcp_rule_beside_http_rules_selects_their_ports() {
    let graph = lower_shop(&target(
        "t",
        &["prom"],
        "  - {kind: TCPRoute, name: api-port}\n  - {kind: HTTPRouteGroup, name: api-routes, matches: [metrics]}\n",
    ));
    assert_eq!(
        graph.authorizations[0].grants,
        vec![http_grant(PortSet::Only([8080].into()), vec![metrics()])]
    );
}

#[test]
fn tcp_rules_alone_grant_tcp_on_their_ports() {
    let graph = lower_shop(&target(
        "t",
        &["web"],
        "  - {kind: TCPRoute, name: api-port}\n",
    ));
    assert_eq!(
        graph.authorizations[0].grants,
        vec![Grant::Tcp {
            ports: PortSet::Only([8080].into())
        }]
    );
}

#[test]
fn a_target_without_sources_or_rules_is_refused_as_validation_rejects_it() {
    let no_sources = "apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata: {name: t, namespace: shop}\nspec:\n  destination: {kind: ServiceAccount, name: api, namespace: shop}\n  rules: [{kind: TCPRoute, name: api-port}]\n";
    let graph = lower_shop(no_sources);
    assert_eq!(graph.authorizations, vec![]);
    assert_eq!(
        codes(&graph.diagnostics),
        vec![diagnostic(
            smi_types::validate::codes::MISSING_SOURCES,
            "t",
            "spec.sources"
        )]
    );
    let no_rules = target("t", &["web"], "").replace("  rules:\n", "  rules: []\n");
    let graph = lower_shop(&no_rules);
    assert_eq!(graph.authorizations, vec![]);
    assert_eq!(
        codes(&graph.diagnostics),
        vec![diagnostic(
            smi_types::validate::codes::MISSING_RULES,
            "t",
            "spec.rules"
        )]
    );
}

/// Target `t`'s one rule resolves to nothing, so `t` grants nothing.
fn assert_its_only_rule_grants_nothing(graph: &MeshGraph) {
    assert_eq!(graph.authorizations[0].grants, vec![]);
    assert_eq!(
        codes(&graph.authorizations[0].diagnostics),
        vec![
            diagnostic(codes::GRANTS_NOTHING, "t", "spec"),
            diagnostic(codes::UNRESOLVED_ROUTE, "t", "spec.rules[0]"),
        ]
    );
}

#[test]
fn a_target_whose_rules_all_fail_to_resolve_grants_nothing() {
    let graph = lower_shop(&target(
        "t",
        &["web"],
        "  - {kind: TCPRoute, name: no-such-route}\n",
    ));
    assert_its_only_rule_grants_nothing(&graph);
}

#[test]
fn a_target_for_another_namespace_grants_nothing() {
    let yaml = target("t", &["web"], "  - {kind: TCPRoute, name: api-port}\n").replace(
        "name: api, namespace: shop}",
        "name: api, namespace: other}",
    );
    let graph = lower_shop(&yaml);
    assert_eq!(graph.authorizations[0].grants, vec![]);
    assert_eq!(
        codes(&graph.authorizations[0].diagnostics),
        vec![diagnostic(
            codes::CROSS_NAMESPACE_DESTINATION,
            "t",
            "spec.destination.namespace"
        )]
    );
}

/// Validation rejects a group with an invalid regex, so lowering refuses the whole group with
/// the same code: the rules naming it grant nothing (fail closed).
#[test]
fn an_invalid_regex_refuses_its_route_group() {
    let yaml = "apiVersion: specs.smi-spec.io/v1alpha4\nkind: HTTPRouteGroup\nmetadata: {name: g, namespace: shop}\nspec:\n  matches:\n  - {name: bad, pathRegex: '/(?=x)'}\n  - {name: good, pathRegex: /ok}\n---\n".to_owned()
        + &target("t", &["web"], "  - {kind: HTTPRouteGroup, name: g}\n");
    let graph = lower_shop(&yaml);
    assert_eq!(
        codes(&graph.diagnostics),
        vec![diagnostic(
            codes::INVALID_REGEX,
            "g",
            "spec.matches[0].pathRegex"
        )]
    );
    assert_its_only_rule_grants_nothing(&graph);
    let unresolved = graph.authorizations[0]
        .diagnostics
        .iter()
        .find(|d| d.code == codes::UNRESOLVED_ROUTE)
        .expect("the rule is unresolved");
    assert!(
        unresolved
            .message
            .contains("is refused, as validation rejects it"),
        "{unresolved:?}"
    );
}

#[test]
fn full_path_match_mode_is_opt_in() {
    let options = Options::default().path_anchoring(PathAnchoring::Full);
    let graph = lower_yaml(
        &shop(&target(
            "t",
            &["web"],
            "  - {kind: HTTPRouteGroup, name: api-routes, matches: [read]}\n",
        )),
        &options,
    );
    let matches = first_http_matches(&graph);
    assert_eq!(
        matches[0].path.as_ref().map(|p| p.anchoring),
        Some(PathAnchoring::Full)
    );
    assert_eq!(
        matches[0].path.as_ref().map(PathMatch::full_match_regex),
        Some("(?:/items)".to_owned())
    );
}

fn split(name: &str, root: &str, backends: &[(&str, u32)], matches: &str) -> String {
    let backends: String = backends
        .iter()
        .map(|(s, w)| format!("  - {{service: {s}, weight: {w}}}\n"))
        .collect();
    format!(
        "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata: {{name: {name}, namespace: shop}}\nspec:\n  service: {root}\n  backends:\n{backends}{matches}"
    )
}

fn backend(service: &str, port: u16, weight: u32) -> WeightedBackend {
    WeightedBackend {
        service: ServiceId::new("shop", service),
        port,
        weight,
    }
}

#[test]
fn splits_are_relative_per_port_and_skip_backends_without_the_port() {
    let graph = lower_shop(&split(
        "s",
        "api",
        &[("api-v1", 3), ("api-v2", 0), ("api-v3", 1)],
        "",
    ));
    let s = &graph.splits[0];
    assert_eq!(
        s.ports,
        vec![
            SplitPort {
                port: 8080,
                protocol: AppProtocol::Http,
                transport: Transport::Tcp,
                backends: vec![backend("api-v1", 8080, 3), backend("api-v2", 8080, 0)],
            },
            SplitPort {
                port: 9090,
                protocol: AppProtocol::Http,
                transport: Transport::Tcp,
                backends: vec![backend("api-v3", 9090, 1)],
            },
        ]
    );
    let got: Vec<_> = codes(&s.diagnostics)
        .into_iter()
        .map(|c| (c.0, c.2))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                codes::BACKEND_MISSING_PORT.code,
                "spec.backends[0].service".into()
            ),
            (
                codes::BACKEND_MISSING_PORT.code,
                "spec.backends[1].service".into()
            ),
            (
                codes::BACKEND_MISSING_PORT.code,
                "spec.backends[2].service".into()
            ),
        ]
    );
}

#[test]
fn all_zero_weights_are_diagnosed_and_kept_for_backends_to_refuse() {
    let graph = lower_shop(&split("s", "db", &[("db", 0)], ""));
    let s = &graph.splits[0];
    assert_eq!(s.ports[0].total_weight(), 0);
    let got: Vec<_> = codes(&s.diagnostics).into_iter().map(|c| c.0).collect();
    assert_eq!(
        got,
        vec![codes::ALL_WEIGHTS_ZERO.code, codes::ROOT_IS_BACKEND.code]
    );
}

#[test]
fn several_splits_on_one_root_keep_the_first_by_name() {
    let yaml = split("b-second", "api", &[("api-v2", 1)], "")
        + "---\n"
        + &split("a-first", "api", &[("api-v1", 1)], "");
    let graph = lower_shop(&yaml);
    assert_eq!(graph.splits.len(), 1);
    assert_eq!(graph.splits[0].origin.name, "a-first");
    assert_eq!(
        codes(&graph.diagnostics),
        vec![diagnostic(
            codes::CONFLICTING_SPLITS,
            "b-second",
            "spec.service"
        )]
    );
}

#[test]
fn nested_splits_are_not_resolved() {
    let yaml = split("outer", "api", &[("api-v1", 1)], "")
        + "---\n"
        + &split("inner", "api-v1", &[("api-v2", 1)], "");
    let graph = lower_shop(&yaml);
    let outer = graph
        .splits
        .iter()
        .find(|s| s.origin.name == "outer")
        .unwrap();
    assert_eq!(outer.ports[0].backends, vec![backend("api-v1", 8080, 1)]);
    assert!(
        codes(&outer.diagnostics)
            .iter()
            .any(|c| c.0 == codes::NESTED_SPLIT.code)
    );
}

#[test]
fn conditional_splits_carry_their_matches_and_skip_non_http_ports() {
    let matches = "  matches:\n  - {kind: HTTPRouteGroup, name: api-routes}\n";
    let graph = lower_shop(&split("s", "api", &[("api-v1", 1), ("api-v2", 1)], matches));
    let mut expected = vec![read(), write(), metrics()];
    expected.sort();
    assert_eq!(graph.splits[0].condition, Some(expected));

    let db = lower_shop(&split("s", "db", &[("db", 1)], matches));
    assert_eq!(db.splits[0].ports, vec![]);
    let got: Vec<_> = codes(&db.splits[0].diagnostics)
        .into_iter()
        .map(|c| c.0)
        .collect();
    assert_eq!(
        got,
        vec![
            codes::CONDITION_ON_NON_HTTP_PORT.code,
            codes::ROOT_IS_BACKEND.code,
            codes::SPLIT_HAS_NO_PORTS.code
        ]
    );
}

#[test]
fn a_split_without_its_root_service_is_not_applied() {
    let graph = lower_shop(&split("s", "ghost", &[("api-v1", 1)], ""));
    assert_eq!(graph.splits, vec![]);
    assert_eq!(
        codes(&graph.diagnostics),
        vec![diagnostic(codes::UNRESOLVED_ROOT, "s", "spec.service")]
    );
}

#[test]
fn an_old_destination_port_still_restricts_every_rule() {
    let yaml = "apiVersion: access.smi-spec.io/v1alpha2\nkind: TrafficTarget\nmetadata: {name: old, namespace: shop}\nspec:\n  destination: {kind: ServiceAccount, name: api, namespace: shop, port: 9090}\n  sources: [{kind: ServiceAccount, name: prom, namespace: shop}]\n  rules: [{kind: HTTPRouteGroup, name: api-routes, matches: [metrics]}]\n";
    let graph = lower_shop(yaml);
    assert_eq!(
        graph.authorizations[0].grants,
        vec![http_grant(PortSet::Only([9090].into()), vec![metrics()])]
    );
    // The port is honoured, so it is not reported as lost.
    assert_eq!(graph.all_diagnostics(), vec![]);
}

#[test]
fn a_v1alpha1_split_with_quantities_keeps_its_ratio() {
    let yaml = "apiVersion: split.smi-spec.io/v1alpha1\nkind: TrafficSplit\nmetadata: {name: s, namespace: shop}\nspec:\n  service: api\n  backends:\n  - {service: api-v1, weight: 1}\n  - {service: api-v2, weight: 500m}\n";
    let graph = lower_shop(yaml);
    assert_eq!(
        graph.splits[0].ports[0].backends,
        vec![backend("api-v1", 8080, 2), backend("api-v2", 8080, 1)]
    );
}

/// The OSM bookstore's two alternative access files, read in `order` (as `kubectl apply -f`
/// would read them from the command line).
fn osm_alternatives(order: &[&str]) -> MeshGraph {
    let read = |file: &str| {
        std::fs::read_to_string(support::repo(&format!(
            "smi-translate/testdata/osm-access-alternatives/{file}"
        )))
        .expect("readable")
    };
    let mut yaml = read("0-bookstore.yaml");
    for file in order {
        yaml.push_str("\n---\n");
        yaml.push_str(&read(file));
    }
    lower_yaml(&yaml, &Options::default())
}

fn sources(graph: &MeshGraph) -> Vec<String> {
    graph
        .authorizations
        .iter()
        .flat_map(|a| a.sources.iter().map(|s| s.service_account.clone()))
        .collect()
}

#[test]
fn of_two_targets_with_one_name_the_later_is_used_and_the_earlier_reported() {
    let added = osm_alternatives(&["1-bookbuyer.yaml", "2-bookbuyer-and-bookthief.yaml"]);
    assert_eq!(added.authorizations.len(), 1);
    assert_eq!(sources(&added), ["bookbuyer", "bookthief"]);
    // The other way round, the source only the earlier file lists is not granted.
    let removed = osm_alternatives(&["2-bookbuyer-and-bookthief.yaml", "1-bookbuyer.yaml"]);
    assert_eq!(removed.authorizations.len(), 1);
    assert_eq!(sources(&removed), ["bookbuyer"]);
    for graph in [&added, &removed] {
        let duplicates: Vec<_> = graph
            .diagnostics
            .iter()
            .filter(|d| d.code == codes::DUPLICATE_OBJECT)
            .map(|d| (d.object.kind.as_str(), d.object.name.as_str(), &d.related))
            .collect();
        let earlier_then_later = vec![
            smi_types::Related::Occurrence(0),
            smi_types::Related::Occurrence(1),
        ];
        assert_eq!(
            duplicates,
            vec![
                (
                    "HTTPRouteGroup",
                    "bookstore-service-routes",
                    &earlier_then_later
                ),
                ("TrafficTarget", "bookstore", &earlier_then_later),
            ]
        );
        assert!(
            graph
                .diagnostics
                .iter()
                .all(|d| d.code != codes::DUPLICATE_OBJECT || d.is_error())
        );
    }
}

#[test]
fn a_later_inventory_object_replaces_an_earlier_one_with_its_name() {
    let service = |port: u16| {
        format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: api, namespace: shop}}\nspec:\n  selector: {{app: api}}\n  ports: [{{name: http, port: {port}}}]\n---\n"
        )
    };
    let (graph, _) = support::lower_stream(
        &format!("{}{}", service(80), service(8080)),
        &Options::default(),
    );
    let ports: Vec<u16> = graph
        .services
        .values()
        .flat_map(|s| s.ports.keys().copied())
        .collect();
    assert_eq!(ports, [8080]);
    assert_eq!(
        codes(&graph.diagnostics),
        vec![diagnostic(codes::DUPLICATE_OBJECT, "api", "metadata.name")]
    );
}
