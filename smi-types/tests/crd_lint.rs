//! Every generated CRD is structural, has one storage version (the hub) and upstream names.
#![allow(clippy::unwrap_used)]

use smi_types::KindName;
use smi_types::crd::{CrdOptions, crd_for, crds};
use smi_types::schema::lint_structural;

fn expected_names(kind: KindName) -> (&'static str, &'static str, &'static str) {
    match kind {
        KindName::TrafficTarget => ("traffictargets", "traffictarget", "tt"),
        KindName::IdentityBinding => ("identitybindings", "identitybinding", "ib"),
        KindName::HttpRouteGroup => ("httproutegroups", "httproutegroup", "htr"),
        KindName::TcpRoute => ("tcproutes", "tcproute", "tr"),
        KindName::UdpRoute => ("udproutes", "udproute", "ur"),
        KindName::TrafficSplit => ("trafficsplits", "trafficsplit", "ts"),
        _ => unreachable!(),
    }
}

fn crd_kinds() -> Vec<KindName> {
    let mut kinds = vec![
        KindName::TrafficTarget,
        KindName::HttpRouteGroup,
        KindName::TcpRoute,
        KindName::UdpRoute,
        KindName::TrafficSplit,
    ];
    if cfg!(feature = "unreleased") {
        kinds.push(KindName::IdentityBinding);
    }
    kinds
}

#[test]
fn every_crd_is_structural() {
    for options in [CrdOptions::default(), CrdOptions::default().webhook(None)] {
        for crd in crds(&options) {
            for v in &crd.spec.versions {
                let schema = v
                    .schema
                    .as_ref()
                    .and_then(|s| s.open_api_v3_schema.as_ref())
                    .unwrap();
                let problems = lint_structural(schema);
                assert!(
                    problems.is_empty(),
                    "{} {}: {problems:#?}",
                    crd.metadata.name.as_deref().unwrap(),
                    v.name
                );
            }
        }
    }
}

#[test]
fn storage_is_hub_and_names_match_upstream() {
    let options = CrdOptions::default();
    for kind in crd_kinds() {
        let crd = crd_for(kind, &options).unwrap();
        let (plural, singular, short) = expected_names(kind);
        let group = kind.group();
        assert_eq!(
            crd.metadata.name.as_deref(),
            Some(format!("{plural}.{}", group.as_str()).as_str())
        );
        assert_eq!(crd.spec.group, group.as_str());
        assert_eq!(crd.spec.scope, "Namespaced");
        let names = &crd.spec.names;
        assert_eq!(names.kind, kind.as_str());
        assert_eq!(names.plural, plural);
        assert_eq!(names.singular.as_deref(), Some(singular));
        assert_eq!(names.short_names.as_deref(), Some(&[short.to_owned()][..]));
        assert_eq!(
            names.list_kind.as_deref(),
            Some(format!("{kind}List").as_str())
        );
        assert!(
            names.categories.as_ref().is_none_or(|c| c.is_empty()),
            "{kind}: no categories"
        );

        let storage: Vec<&str> = crd
            .spec
            .versions
            .iter()
            .filter(|v| v.storage)
            .map(|v| v.name.as_str())
            .collect();
        // IdentityBinding exists only in v1alpha4; every other hub is the group's hub.
        let hub = if kind == KindName::IdentityBinding {
            "v1alpha4"
        } else {
            group.hub().as_str()
        };
        assert_eq!(storage, [hub], "{kind}");
        assert!(
            crd.spec.versions.iter().all(|v| v.served),
            "{kind}: all served"
        );

        let conversion = crd.spec.conversion.as_ref().unwrap();
        assert_eq!(conversion.strategy, "Webhook");
        let webhook = conversion.webhook.as_ref().unwrap();
        assert_eq!(webhook.conversion_review_versions, ["v1"]);
        let service = webhook
            .client_config
            .as_ref()
            .unwrap()
            .service
            .as_ref()
            .unwrap();
        assert_eq!(
            (
                service.namespace.as_str(),
                service.name.as_str(),
                service.path.as_deref(),
                service.port
            ),
            (
                "smi-system",
                "smi-conversion-webhook",
                Some("/convert"),
                Some(443)
            )
        );

        let versions: Vec<&str> = crd.spec.versions.iter().map(|v| v.name.as_str()).collect();
        let expected: &[&str] = match kind {
            KindName::TrafficTarget if cfg!(feature = "unreleased") => {
                &["v1alpha1", "v1alpha2", "v1alpha3", "v1alpha4"]
            }
            KindName::TrafficTarget => &["v1alpha1", "v1alpha2", "v1alpha3"],
            KindName::IdentityBinding | KindName::UdpRoute => &["v1alpha4"],
            _ => &["v1alpha1", "v1alpha2", "v1alpha3", "v1alpha4"],
        };
        assert_eq!(versions, expected, "{kind}");
    }
}

#[test]
fn trafficsplit_has_service_printer_column_everywhere() {
    let crd = crd_for(KindName::TrafficSplit, &CrdOptions::default()).unwrap();
    for v in &crd.spec.versions {
        let cols = v.additional_printer_columns.as_deref().unwrap_or_default();
        assert_eq!(cols.len(), 1, "{}", v.name);
        assert_eq!(
            (cols[0].name.as_str(), cols[0].json_path.as_str()),
            ("Service", ".spec.service")
        );
    }
}

#[test]
fn without_webhook_only_the_hub_is_served() {
    for crd in crds(&CrdOptions::default().webhook(None)) {
        let conversion = crd.spec.conversion.as_ref().unwrap();
        assert_eq!(conversion.strategy, "None");
        assert!(conversion.webhook.is_none());
        for v in &crd.spec.versions {
            assert_eq!(v.served, v.storage, "{} {}", crd.spec.names.kind, v.name);
        }
    }
}

#[test]
fn custom_webhook_service() {
    let options = CrdOptions::default().webhook(Some(smi_types::crd::WebhookService {
        namespace: "mesh".into(),
        name: "conv".into(),
        path: "/c".into(),
        port: 8443,
    }));
    let crd = crd_for(KindName::TcpRoute, &options).unwrap();
    let json = serde_json::to_value(&crd).unwrap();
    assert_eq!(
        json["spec"]["conversion"],
        serde_json::json!({"strategy": "Webhook", "webhook": {"conversionReviewVersions": ["v1"],
            "clientConfig": {"service": {"namespace": "mesh", "name": "conv", "path": "/c", "port": 8443}}}})
    );
}
