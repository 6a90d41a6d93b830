//! The crates as a dependency: everything here goes through the public API only.

use k8s_openapi::api::core::v1::{Service, ServicePort, ServiceSpec};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use smi_translate::backend::MetadataTemplate;
use smi_translate::backend::istio::{Istio, IstioObject};
use smi_translate::graph::PathAnchoring;
use smi_translate::{Backend, Inventory, Options};
use smi_types::convert::{self, Converted};
use smi_types::load::{self, LoadOptions};
use smi_types::split::{v1alpha2, v1alpha4};
use smi_types::{ApiVersion, Group, KindName, Origin, Severity, SmiKind, SmiObject, Version};
use std::sync::Arc;

fn meta(name: &str) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        namespace: Some("shop".into()),
        ..ObjectMeta::default()
    }
}

fn canary() -> v1alpha4::TrafficSplit {
    v1alpha4::TrafficSplit {
        metadata: meta("canary"),
        spec: v1alpha4::TrafficSplitSpec {
            service: "web".into(),
            backends: vec![
                v1alpha4::TrafficSplitBackend {
                    service: "web-v1".into(),
                    weight: 9,
                },
                v1alpha4::TrafficSplitBackend {
                    service: "web-v2".into(),
                    weight: 1,
                },
            ],
            ..Default::default()
        },
    }
}

fn service(name: &str) -> Arc<Service> {
    Arc::new(Service {
        metadata: meta(name),
        spec: Some(ServiceSpec {
            selector: Some([("app".to_owned(), name.to_owned())].into()),
            ports: Some(vec![ServicePort {
                name: Some("http".into()),
                port: 80,
                ..ServicePort::default()
            }]),
            ..ServiceSpec::default()
        }),
        ..Service::default()
    })
}

/// What a consumer writes against enums that grow: a wildcard arm, which keeps compiling when
/// any crate in the build turns on `unreleased` (this crate does).
fn describe(object: &SmiObject) -> &'static str {
    match object {
        SmiObject::TrafficSplitV1alpha4(_) => "a split",
        SmiObject::TrafficTargetV1alpha3(_) => "a target",
        _ => "something else",
    }
}

#[test]
fn objects_are_built_in_code_and_converted_typed() {
    let object = SmiObject::from(canary());
    assert_eq!(describe(&object), "a split");
    assert_eq!(object.kind(), KindName::TrafficSplit);
    assert_eq!(
        object.api_version(),
        ApiVersion {
            group: Group::Split,
            version: Version::V1alpha4
        }
    );
    assert_eq!(v1alpha4::TrafficSplit::API_VERSION, object.api_version());

    let old: Converted<v1alpha2::TrafficSplit> = convert::to(canary()).expect("converts");
    assert_eq!(old.object.spec.service, "web");
    assert!(old.lost.is_empty());
    let back: Converted<v1alpha4::TrafficSplit> = convert::to(old.object).expect("converts");
    assert_eq!(back.object.spec.backends, canary().spec.backends);
    assert!(matches!(
        v1alpha2::TrafficSplit::try_from(object),
        Err(SmiObject::TrafficSplitV1alpha4(_))
    ));
}

#[test]
fn a_controller_passes_its_caches_and_owns_what_is_emitted() {
    let cache: Vec<Arc<Service>> = ["web", "web-v1", "web-v2"].map(service).into();
    let inventory = Inventory::default().with_services(cache.iter().cloned());
    assert!(Arc::ptr_eq(&inventory.services[0], &cache[0]), "not cloned");

    let options = Options::default()
        .trust_domain("example.org")
        .path_anchoring(PathAnchoring::Full)
        .metadata(
            MetadataTemplate::empty()
                .label("app.kubernetes.io/managed-by", "my-controller")
                .annotation("my-controller/generation", "7"),
        );
    // A valid target (lowering refuses what validation rejects): one source, one rule.
    let subject = |name: &str| smi_types::access::v1alpha3::IdentityBindingSubject {
        name: name.into(),
        ..Default::default()
    };
    let target = smi_types::access::v1alpha3::TrafficTarget {
        metadata: meta("web"),
        spec: smi_types::access::v1alpha3::TrafficTargetSpec {
            destination: subject("web"),
            sources: Some(vec![subject("api")]),
            rules: Some(vec![smi_types::access::v1alpha3::TrafficTargetRule {
                kind: smi_types::access::v1alpha3::RuleKind::TcpRoute,
                name: "web-port".into(),
                matches: None,
            }]),
        },
    };
    let graph = smi_translate::lower(&[canary().into(), target.into()], &inventory, &options);
    let emitted = Istio::default().root_namespace("mesh").emit(&graph);
    let virtual_service = emitted
        .objects
        .iter()
        .find_map(|o| match o {
            IstioObject::VirtualService(v) => Some(v),
            _ => None,
        })
        .expect("the split's VirtualService");
    let labels = virtual_service.metadata.labels.as_ref().expect("labels");
    assert_eq!(labels.len(), 1);
    assert_eq!(labels["app.kubernetes.io/managed-by"], "my-controller");
    let annotations = virtual_service.metadata.annotations.as_ref();
    assert_eq!(
        annotations.expect("annotations")["my-controller/generation"],
        "7"
    );

    // An emitted-object diagnostic says so, as data.
    let json = serde_json::to_value(&emitted.diagnostics).expect("serialisable");
    let warning = json
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["origin"] == "output")
        .expect("the mesh-wide default-deny warning");
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["object"]["kind"], "AuthorizationPolicy");
    assert_eq!(warning["object"]["namespace"], "mesh");
}

#[test]
fn diagnostics_losses_and_problems_are_data() {
    let text = "kind: TrafficSplit\nmetadata: {name: canary, namespace: shop}\nspec:\n  service: web\n  backends:\n  - {service: web-v1, weight: 0}\n";
    let options = LoadOptions::default()
        .assume_api_version("split.smi-spec.io/v1alpha4".parse().expect("apiVersion"))
        .report_pruned_fields(true);
    let loaded = load::load(text, &options);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let diagnostics = smi_types::validate::validate_all(loaded.smi_objects());
    let diagnostic = diagnostics.first().expect("all weights are zero");
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "newer",
    };
    let json = serde_json::to_value(diagnostic).expect("serialisable");
    assert_eq!(json["code"], diagnostic.code);
    assert_eq!(json["severity"], severity);
    assert_eq!(json["object"]["kind"], "TrafficSplit");
    assert_eq!(json["object"]["namespace"], "shop");
    assert_eq!(json["object"]["name"], "canary");
    assert_eq!(diagnostic.origin, Origin::Input);
    assert!(
        smi_types::validate::codes::CODES
            .iter()
            .any(|c| c.code == diagnostic.code)
    );

    let with_matches = v1alpha4::TrafficSplit {
        spec: v1alpha4::TrafficSplitSpec {
            matches: Some(vec![Default::default()]),
            ..canary().spec
        },
        ..canary()
    };
    let down: Converted<v1alpha2::TrafficSplit> = convert::to(with_matches).expect("converts");
    let json = serde_json::to_value(&down.lost).expect("serialisable");
    assert_eq!(json[0]["path"], "spec.matches");

    let broken = load::load(
        "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nspec: 3\n",
        &LoadOptions::default(),
    );
    let json = serde_json::to_value(&broken.problems).expect("serialisable");
    assert_eq!(json[0]["diagnostic"]["severity"], "error");
    assert_eq!(json[0]["position"]["index"], 0);
}
