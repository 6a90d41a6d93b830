//! placeholder until the CRD module lands.
use crate::{ApiVersion, KindName};
/// placeholder
pub fn schema_for(
    _: ApiVersion,
    _: KindName,
) -> Option<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSONSchemaProps> {
    None
}
