//! placeholder until the CRD module lands.
use crate::{ApiVersion, KindName};
/// placeholder
pub fn schema_for(
    _: ApiVersion,
    _: KindName,
) -> Option<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSONSchemaProps> {
    None
}
/// placeholder
#[derive(Default)]
pub struct CrdOptions {
    /// placeholder
    pub webhook: Option<WebhookService>,
}
/// placeholder
#[derive(Default)]
pub struct WebhookService {
    /// placeholder
    pub namespace: String,
    /// placeholder
    pub name: String,
}
/// placeholder
pub fn crds(
    _: &CrdOptions,
) -> Vec<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition>
{
    Vec::new()
}
