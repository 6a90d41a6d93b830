//! placeholder until the schema module lands.
/// placeholder
pub fn pruned_fields(
    _: &k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::JSONSchemaProps,
    _: &serde_json::Value,
) -> Vec<String> {
    Vec::new()
}
