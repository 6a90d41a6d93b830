//! A pure CRD conversion-webhook handler (`apiextensions.k8s.io/v1` ConversionReview).
//!
//! Serve [`review`] at the CRD's conversion path: it reads every object of the request, converts
//! it with [`super::convert`] and returns the converted objects in request order. If any object
//! cannot be read or converted, the whole response fails with a Status message naming the object
//! (`kind namespace/name`) and the reason. Lossy conversions succeed: the review has no field to
//! carry warnings, so the losses are not reported here (use [`super::convert`] to see them).

use super::convert;
use crate::{ApiVersion, KindName, SmiObject};
use kube::core::Status;
use kube::core::conversion::{ConversionRequest, ConversionResponse, ConversionReview};
use serde_json::Value;

/// Answers a ConversionReview. Never panics; every failure becomes a failed response.
pub fn review(review: ConversionReview) -> ConversionReview {
    let request = match ConversionRequest::from_review(review) {
        Ok(request) => request,
        Err(e) => {
            return ConversionResponse::invalid(Status::failure(&e.to_string(), "BadRequest"))
                .into_review();
        }
    };
    let result = convert_all(&request);
    let response = ConversionResponse::for_request(request);
    match result {
        Ok(objects) => response.success(objects),
        Err(message) => response.failure(Status::failure(&message, "Invalid")),
    }
    .into_review()
}

fn convert_all(request: &ConversionRequest) -> Result<Vec<Value>, String> {
    let to: ApiVersion = request
        .desired_api_version
        .parse()
        .map_err(|e: crate::ParseApiVersionError| e.to_string())?;
    request
        .objects
        .iter()
        .map(|object| convert_one(object, to).map_err(|e| format!("{}: {e}", describe(object))))
        .collect()
}

fn convert_one(object: &Value, to: ApiVersion) -> Result<Value, String> {
    let field = |name: &str| object.get(name).and_then(Value::as_str).unwrap_or_default();
    let api_version: ApiVersion = field("apiVersion")
        .parse()
        .map_err(|e: crate::ParseApiVersionError| e.to_string())?;
    let kind_str = field("kind");
    let kind =
        KindName::parse(kind_str).ok_or_else(|| format!("`{kind_str}` is not an SMI kind"))?;
    let typed = SmiObject::from_json(api_version, kind, object.clone())
        .ok_or_else(|| format!("{kind} is not served in {api_version}"))?
        .map_err(|e| format!("cannot read it as {api_version} {kind}: {e}"))?;
    let converted = convert(&typed, to).map_err(|e| format!("cannot convert it to {to}: {e}"))?;
    Ok(converted.object.to_json())
}

/// `kind namespace/name` from the raw object, as far as it says.
fn describe(object: &Value) -> String {
    let kind = object
        .get("kind")
        .and_then(Value::as_str)
        .unwrap_or("object");
    let meta = object.get("metadata");
    let get = |k: &str| meta.and_then(|m| m.get(k)).and_then(Value::as_str);
    let name = get("name").unwrap_or("<unnamed>");
    match get("namespace") {
        Some(ns) => format!("{kind} {ns}/{name}"),
        None => format!("{kind} {name}"),
    }
}
