//! A TrafficSplit none of whose backends exists (docs/semantics.md, "Splits whose backends are
//! all missing"): each backend is reported `unresolved-backend`, never `all-weights-zero`, and
//! every backend refuses the root's requests.

mod support;

use serde_json::Value;
use smi_testkit::evaluate::{Routing, evaluate};
use smi_testkit::interpret::{EnvoyInterpreter, Interpreter, IstioInterpreter, LinkerdInterpreter};
use smi_testkit::request::Request;
use smi_translate::Backend;
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::graph::{Identity, MeshGraph, ServiceId};
use support::{codes, defaults, lower_yaml, values};

/// A canary written before its versions were deployed: weights 0 and 100, neither backend
/// exists; the root serves HTTP on 80 and opaque TCP on 9000, and `client` may call it.
const CANARY_AHEAD_OF_ITS_BACKENDS: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata: {name: client, namespace: shop}
spec:
  selector: {matchLabels: {app: client}}
  template:
    metadata: {labels: {app: client}}
    spec: {serviceAccountName: client, containers: [{name: client, image: example/client}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers: [{name: web, image: example/web, ports: [{containerPort: 8080}, {containerPort: 9000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: 8080, appProtocol: http}
  - {name: tcp-raw, port: 9000, targetPort: 9000}
---
apiVersion: split.smi-spec.io/v1alpha4
kind: TrafficSplit
metadata: {name: web-canary, namespace: shop}
spec:
  service: web
  backends:
  - {service: web-v1, weight: 0}
  - {service: web-v2, weight: 100}
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: TCPRoute
metadata: {name: every-port, namespace: shop}
spec: {matches: {ports: []}}
---
apiVersion: access.smi-spec.io/v1alpha3
kind: TrafficTarget
metadata: {name: client-to-web, namespace: shop}
spec:
  destination: {kind: ServiceAccount, name: web, namespace: shop}
  sources: [{kind: ServiceAccount, name: client, namespace: shop}]
  rules: [{kind: TCPRoute, name: every-port}]
"#;

fn graph() -> MeshGraph {
    lower_yaml(CANARY_AHEAD_OF_ITS_BACKENDS, &defaults())
}

fn http_to_web() -> Request {
    Request::http(
        Identity::new("shop", "client"),
        ServiceId::new("shop", "web"),
        80,
    )
}

#[test]
fn each_missing_backend_is_reported_and_no_weight_is_blamed() {
    let graph = graph();
    let split = |i: usize| {
        (
            "unresolved-backend",
            "web-canary".to_owned(),
            format!("spec.backends[{i}].service"),
        )
    };
    assert_eq!(codes(&graph.all_diagnostics()), [split(0), split(1)]);
    // The split stays in the graph, with no backend on either port: requests are refused.
    assert_eq!(graph.splits.len(), 1);
    assert!(graph.splits[0].ports.iter().all(|p| p.backends.is_empty()));
    assert_eq!(
        evaluate(&graph, &http_to_web()).routing(&http_to_web()),
        Routing::Refused
    );
}

#[test]
fn every_backend_refuses_the_roots_http_requests() {
    let graph = graph();
    let request = http_to_web();
    let interpreters: Vec<Box<dyn Interpreter>> = vec![
        Box::new(IstioInterpreter::emit(&graph, &Istio::default()).0),
        Box::new(EnvoyInterpreter::emit(&graph, &Envoy::default()).0),
        Box::new(LinkerdInterpreter::emit(&graph, &Linkerd::default(), Default::default()).0),
    ];
    for mesh in interpreters {
        assert_eq!(
            mesh.decide(&request).routing(&request),
            Routing::Refused,
            "{}",
            mesh.name()
        );
    }
    // Gateway API: the port-80 rule forwards nowhere (no backendRefs), answered with a 500.
    let routes = values(&Gamma.emit(&graph).objects);
    let http: Vec<&Value> = routes.iter().filter(|r| r["kind"] == "HTTPRoute").collect();
    assert_eq!(http.len(), 1, "{routes:#?}");
    let rules = http[0]["spec"]["rules"].as_array().expect("rules");
    assert!(
        rules.iter().all(|r| r
            .get("backendRefs")
            .is_none_or(|b| b.as_array().is_some_and(Vec::is_empty))),
        "{rules:#?}"
    );
}

/// TCP connections cannot be refused by a route on Istio or Gateway API; each says so.
#[test]
fn a_target_that_cannot_refuse_tcp_says_so() {
    let graph = graph();
    let istio = Istio::default().emit(&graph).diagnostics;
    assert!(
        istio
            .iter()
            .any(|d| d.code == "istio-tcp-refusal-unsupported"),
        "{istio:#?}"
    );
    let gamma = Gamma.emit(&graph).diagnostics;
    assert!(
        gamma
            .iter()
            .any(|d| d.code == "gamma-tcp-refusal-unsupported"),
        "{gamma:#?}"
    );
}
