//! `apiextensions.k8s.io/v1` CustomResourceDefinitions for every SMI kind.
//!
//! One CRD per kind, holding every version this build supports:
//!
//! | kind | versions | storage (hub) |
//! |---|---|---|
//! | TrafficTarget | v1alpha1–v1alpha3 (+ v1alpha4 with `unreleased`) | v1alpha3 (the latest released) |
//! | IdentityBinding (`unreleased` only) | v1alpha4 | v1alpha4 |
//! | HTTPRouteGroup, TCPRoute | v1alpha1–v1alpha4 | v1alpha4 |
//! | UDPRoute | v1alpha4 | v1alpha4 |
//! | TrafficSplit | v1alpha1–v1alpha4 | v1alpha4 |
//!
//! The versions have different schemas, so an API server can only serve several of them
//! through a conversion webhook (see [`crate::convert`]). With [`CrdOptions::webhook`] set
//! (the default), every version is served and the CRD declares `spec.conversion.strategy:
//! Webhook`; with `None`, the CRD declares `strategy: None` and serves only the storage version.
//!
//! The metrics kinds are served by an aggregated API, not by CRDs.

use crate::{ApiVersion, Group, KindName, Version};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::{
    CustomResourceConversion, CustomResourceDefinition, JSONSchemaProps, ServiceReference,
    WebhookClientConfig, WebhookConversion,
};
use kube::core::CustomResourceExt;

/// The Service an API server calls to convert between versions (`POST <path>` on port 443).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct WebhookService {
    /// Namespace of the Service.
    pub namespace: String,
    /// Name of the Service.
    pub name: String,
    /// URL path of the conversion endpoint.
    pub path: String,
    /// Service port.
    pub port: i32,
}

impl Default for WebhookService {
    /// `smi-system/smi-conversion-webhook`, path `/convert`, port 443.
    fn default() -> Self {
        WebhookService {
            namespace: "smi-system".to_owned(),
            name: "smi-conversion-webhook".to_owned(),
            path: "/convert".to_owned(),
            port: 443,
        }
    }
}

/// How to build the CRDs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CrdOptions {
    /// The conversion webhook.
    ///
    /// - `Some`: `spec.conversion.strategy: Webhook` pointing at this Service
    ///   (`conversionReviewVersions: [v1]`), and every version served.
    /// - `None`: `spec.conversion.strategy: None`, and only the storage (hub) version served, since
    ///   an API server without a webhook cannot serve several schemas of one kind.
    pub webhook: Option<WebhookService>,
}

impl Default for CrdOptions {
    /// A webhook at [`WebhookService::default`] (`smi-system/smi-conversion-webhook`), every
    /// version served.
    fn default() -> Self {
        CrdOptions {
            webhook: Some(WebhookService::default()),
        }
    }
}

impl CrdOptions {
    /// Sets the conversion webhook (`None`: no webhook, only the hub version served).
    pub fn webhook(mut self, webhook: Option<WebhookService>) -> CrdOptions {
        self.webhook = webhook;
        self
    }
}

/// Every CRD kind of this build, ordered by group then kind name.
fn crd_kinds() -> Vec<KindName> {
    let mut kinds: Vec<KindName> = KindName::ALL
        .into_iter()
        .filter(|k| versions_of(*k).is_some())
        .collect();
    kinds.sort_by_key(|k| (k.group().as_str(), k.as_str()));
    kinds
}

/// One version of a CRD kind: a row of the kind table.
struct CrdVersion {
    kind: KindName,
    version: Version,
    /// Whether this is the kind's hub, the version the API server stores.
    storage: bool,
    /// The kind's CRD holding only this version.
    crd: fn() -> CustomResourceDefinition,
}

/// Lists every custom-resource row of the kind table as a [`CrdVersion`].
macro_rules! crd_versions {
    ([] $( $(#[$cfg:meta])* $variant:ident: $group:ident $group_name:literal $version:ident
        $kind:ident $wire:literal $plural:literal $list:ident $role:ident; )*) => {
        /// Every CRD version of this build, in the table's order (ascending per kind).
        fn crd_versions() -> Vec<CrdVersion> {
            vec![ $(
                $(#[$cfg])*
                CrdVersion {
                    kind: KindName::$kind,
                    version: crate::kinds::variant_of_module!($version),
                    storage: crate::kinds::is_hub!($role),
                    crd: <crate::$group::$version::$kind as CustomResourceExt>::crd,
                },
            )* ]
        }
    };
}
crate::kinds::smi_kind_table!(custom_resources => crd_versions);

/// The single-version CRDs of `kind` (one per version, ascending) and its storage version, or
/// `None` when `kind` has no CRD version in this build.
fn versions_of(kind: KindName) -> Option<(Vec<CustomResourceDefinition>, Version)> {
    let versions: Vec<CrdVersion> = crd_versions()
        .into_iter()
        .filter(|v| v.kind == kind)
        .collect();
    let storage = versions.iter().find(|v| v.storage)?.version;
    let crds = versions
        .iter()
        .map(|v| {
            let mut crd = (v.crd)();
            // schemars titles the root schema with the Rust type name (`HttpRouteGroup`); use
            // the wire kind instead.
            for v in &mut crd.spec.versions {
                if let Some(root) = v
                    .schema
                    .as_mut()
                    .and_then(|s| s.open_api_v3_schema.as_mut())
                {
                    root.title = Some(kind.as_str().to_owned());
                    // Every upstream TCPRoute CRD leaves `spec` optional (a TCPRoute without
                    // one matches every port), and manifests rely on it.
                    if kind == KindName::TcpRoute
                        && let Some(required) = root.required.as_mut()
                    {
                        required.retain(|field| field != "spec");
                        if required.is_empty() {
                            root.required = None;
                        }
                    }
                }
            }
            crd
        })
        .collect();
    Some((crds, storage))
}

/// The CRD of `kind`, or `None` for the metrics kinds (not CRDs) and for kinds this build does
/// not include (IdentityBinding without the `unreleased` feature).
///
/// Versions are listed in ascending order; exactly one (the hub) has `storage: true`.
pub fn crd_for(kind: KindName, options: &CrdOptions) -> Option<CustomResourceDefinition> {
    let (crds, storage) = versions_of(kind)?;
    let mut crd = kube::core::crd::merge_crds(crds, storage.as_str()).ok()?;
    crd.spec.versions.sort_by(|a, b| a.name.cmp(&b.name));
    // kube-derive leaves `listKind` out (the API server would default it); spell it as upstream.
    crd.spec
        .names
        .list_kind
        .get_or_insert_with(|| format!("{}List", kind.as_str()));
    match &options.webhook {
        Some(service) => {
            for v in &mut crd.spec.versions {
                v.served = true;
            }
            crd.spec.conversion = Some(CustomResourceConversion {
                strategy: "Webhook".to_owned(),
                webhook: Some(WebhookConversion {
                    conversion_review_versions: vec!["v1".to_owned()],
                    client_config: Some(WebhookClientConfig {
                        service: Some(ServiceReference {
                            namespace: service.namespace.clone(),
                            name: service.name.clone(),
                            path: Some(service.path.clone()),
                            port: Some(service.port),
                        }),
                        ..WebhookClientConfig::default()
                    }),
                }),
            });
        }
        None => {
            for v in &mut crd.spec.versions {
                v.served = v.storage;
            }
            crd.spec.conversion = Some(CustomResourceConversion {
                strategy: "None".to_owned(),
                webhook: None,
            });
        }
    }
    Some(crd)
}

/// Every CRD of this build, ordered by group then kind (`access`, `specs`, `split`).
pub fn crds(options: &CrdOptions) -> Vec<CustomResourceDefinition> {
    crd_kinds()
        .into_iter()
        .filter_map(|k| crd_for(k, options))
        .collect()
}

/// The `openAPIV3Schema` of `kind` at `api_version`, or `None` when that pair is not a CRD
/// version of this build (wrong group, unknown version, metrics kinds).
pub fn schema_for(api_version: ApiVersion, kind: KindName) -> Option<JSONSchemaProps> {
    built_schema(api_version, kind).cloned()
}

/// The schema [`schema_for`] returns, built once per process: loading checks every object
/// against its schema, and building the CRDs per object would cost more than reading it.
pub(crate) fn built_schema(
    api_version: ApiVersion,
    kind: KindName,
) -> Option<&'static JSONSchemaProps> {
    static SCHEMAS: std::sync::OnceLock<Vec<(ApiVersion, KindName, JSONSchemaProps)>> =
        std::sync::OnceLock::new();
    SCHEMAS
        .get_or_init(|| {
            // Each kind's CRDs are generated once, for all its versions: generating is most of
            // the cost, and a kind has up to four versions.
            let mut versions_by_kind = std::collections::HashMap::new();
            crate::SmiObject::supported()
                .into_iter()
                .filter_map(|(av, k)| {
                    let versions = versions_by_kind
                        .entry(k)
                        .or_insert_with(|| crd_schemas(av, k));
                    let schema = versions
                        .iter()
                        .find(|(version, _)| *version == av.version.as_str())?;
                    Some((av, k, schema.1.clone()))
                })
                .collect()
        })
        .iter()
        .find(|(av, k, _)| *av == api_version && *k == kind)
        .map(|(_, _, schema)| schema)
}

/// The `openAPIV3Schema` of every CRD version of `kind`, by version name; none when `kind` is
/// not a CRD of `api_version`'s group (the metrics kinds are not CRDs).
fn crd_schemas(api_version: ApiVersion, kind: KindName) -> Vec<(String, JSONSchemaProps)> {
    if kind.group() != api_version.group || api_version.group == Group::Metrics {
        return Vec::new();
    }
    let Some((crds, _)) = versions_of(kind) else {
        return Vec::new();
    };
    crds.into_iter()
        .flat_map(|c| c.spec.versions)
        .filter_map(|v| Some((v.name, v.schema?.open_api_v3_schema?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_stores_one_version_its_groups_hub_when_it_has_that_version() {
        let versions = crd_versions();
        for kind in crd_kinds() {
            let of_kind = || versions.iter().filter(|v| v.kind == kind);
            let storage: Vec<Version> =
                of_kind().filter(|v| v.storage).map(|v| v.version).collect();
            assert_eq!(storage.len(), 1, "{kind}: {storage:?}");
            let hub = kind.group().hub();
            if of_kind().any(|v| v.version == hub) {
                assert_eq!(storage, [hub], "{kind}");
            }
        }
    }

    #[test]
    fn order_is_group_then_kind() {
        let names: Vec<String> = crds(&CrdOptions::default())
            .into_iter()
            .map(|c| c.metadata.name.unwrap_or_default())
            .collect();
        let mut expected = vec![
            "traffictargets.access.smi-spec.io",
            "httproutegroups.specs.smi-spec.io",
            "tcproutes.specs.smi-spec.io",
            "udproutes.specs.smi-spec.io",
            "trafficsplits.split.smi-spec.io",
        ];
        if cfg!(feature = "unreleased") {
            expected.insert(0, "identitybindings.access.smi-spec.io");
        }
        assert_eq!(names, expected);
    }

    #[test]
    fn without_webhook_only_storage_served() {
        let crd =
            crd_for(KindName::TrafficSplit, &CrdOptions::default().webhook(None)).expect("crd");
        let served: Vec<&str> = crd
            .spec
            .versions
            .iter()
            .filter(|v| v.served)
            .map(|v| v.name.as_str())
            .collect();
        assert_eq!(served, ["v1alpha4"]);
        assert_eq!(crd.spec.conversion.expect("conversion").strategy, "None");
    }

    #[test]
    fn metrics_are_not_crds() {
        let o = CrdOptions::default();
        assert!(crd_for(KindName::TrafficMetrics, &o).is_none());
        assert!(crd_for(KindName::TrafficMetricsList, &o).is_none());
        let v = ApiVersion {
            group: Group::Metrics,
            version: Version::V1alpha1,
        };
        assert!(schema_for(v, KindName::TrafficMetrics).is_none());
    }

    #[test]
    fn schema_for_checks_group_and_version() {
        let v = ApiVersion {
            group: Group::Split,
            version: Version::V1alpha4,
        };
        assert!(schema_for(v, KindName::TrafficSplit).is_some());
        assert!(schema_for(v, KindName::TcpRoute).is_none());
        let v = ApiVersion {
            group: Group::Specs,
            version: Version::V1alpha3,
        };
        assert!(schema_for(v, KindName::UdpRoute).is_none());
    }
}
