//! The Istio backend: golden outputs of named scenarios, determinism, and target schemas.

use super::support::{
    self, Golden, SHARED_SCENARIOS, Scenario, assert_every_scenario_passes_its_schemas,
    assert_goldens, assert_input_order_irrelevant, crd_schemas, schema_for,
};
use smi_translate::Options;
use smi_translate::backend::MANAGED_BY;
use smi_translate::backend::istio::{AuthorizationPolicy, Istio, IstioObject, VirtualService};
use smi_translate::graph::Diagnostic;

fn emit(docs: &[String], options: &Options) -> (Vec<IstioObject>, Vec<Diagnostic>) {
    support::emit(&Istio::default(), docs, options)
}

fn translate(s: &Scenario, docs: &[String]) -> (String, Vec<Diagnostic>) {
    let (objects, diagnostics) = emit(docs, &(s.options)());
    (support::to_yaml(&objects), diagnostics)
}

#[test]
fn golden_outputs() {
    assert_goldens("istio", SHARED_SCENARIOS, translate);
}

#[test]
fn input_order_does_not_change_a_byte() {
    assert_input_order_irrelevant(SHARED_SCENARIOS, translate);
}

/// Istio's CRD bundle (copied in testdata/).
const CRD_FILES: &[&str] = &["testdata/upstream/crds/istio/customresourcedefinitions.gen.yaml"];

#[test]
fn every_emitted_object_passes_istios_crd_schema() {
    let checked: usize =
        assert_every_scenario_passes_its_schemas(CRD_FILES, SHARED_SCENARIOS, |s| {
            emit(&s.documents(), &(s.options)()).0
        })
        .values()
        .sum();
    assert!(checked > 20, "only {checked} objects checked");
}

#[test]
fn the_schema_check_catches_a_broken_object() {
    // Guards the test above: a wrong enum value must be reported.
    let schemas = crd_schemas(CRD_FILES);
    let schema = schema_for(&schemas, "security.istio.io/v1", "AuthorizationPolicy");
    let bad = serde_json::json!({
        "apiVersion": "security.istio.io/v1",
        "kind": "AuthorizationPolicy",
        "metadata": {"name": "x"},
        "spec": {"action": "PERMIT", "rules": [{"to": [{"operation": {"ports": [80]}}]}]}
    });
    assert_eq!(smi_types::schema::validate(schema, &bad).len(), 2);
}

/// What `kube::Api::namespaced` and its get/list/apply methods ask of a resource type.
fn usable_with_a_namespaced_kube_api<K>()
where
    K: kube::Resource<DynamicType = (), Scope = k8s_openapi::NamespaceResourceScope>
        + Clone
        + serde::de::DeserializeOwned
        + std::fmt::Debug,
{
}

#[test]
fn emitted_kinds_are_kube_resources() {
    use kube::Resource;
    usable_with_a_namespaced_kube_api::<AuthorizationPolicy>();
    usable_with_a_namespaced_kube_api::<VirtualService>();
    assert_eq!(AuthorizationPolicy::kind(&()), "AuthorizationPolicy");
    assert_eq!(
        AuthorizationPolicy::api_version(&()),
        "security.istio.io/v1"
    );
    assert_eq!(AuthorizationPolicy::plural(&()), "authorizationpolicies");
    assert_eq!(VirtualService::kind(&()), "VirtualService");
    assert_eq!(VirtualService::api_version(&()), "networking.istio.io/v1");
    assert_eq!(VirtualService::plural(&()), "virtualservices");
    // Every emitted object reads back, through kube's trait, as the object it was written as.
    let mut kinds = std::collections::BTreeSet::new();
    for s in SHARED_SCENARIOS {
        let (objects, _) = emit(&s.documents(), &(s.options)());
        for object in objects {
            let value = serde_json::to_value(&object).expect("serialisable");
            let (kind, meta) = match &object {
                IstioObject::AuthorizationPolicy(p) => (AuthorizationPolicy::kind(&()), p.meta()),
                IstioObject::VirtualService(v) => (VirtualService::kind(&()), v.meta()),
                other => panic!("an object kind this test does not know: {other:?}"),
            };
            assert_eq!(value["kind"], *kind, "scenario {}", s.name);
            assert_eq!(
                value["metadata"]["name"],
                meta.name.as_deref().expect("name")
            );
            assert_eq!(
                value["metadata"]["namespace"],
                meta.namespace.as_deref().expect("namespace")
            );
            let labels = meta.labels.as_ref().expect("labels");
            assert_eq!(
                labels.get(MANAGED_BY.0).map(String::as_str),
                Some(MANAGED_BY.1)
            );
            kinds.insert(kind.into_owned());
        }
    }
    assert_eq!(kinds.len(), 2, "{kinds:?}");
}
