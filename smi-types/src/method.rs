//! HTTP methods as the SMI specs API spells them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An HTTP method token from `HTTPRouteGroup.matches[].methods`.
///
/// The SMI schemas enumerate exactly these ten values; `*` stands for every method.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
pub enum HttpMethod {
    /// `*`: any method.
    #[serde(rename = "*")]
    Any,
    /// `GET`
    #[serde(rename = "GET")]
    Get,
    /// `HEAD`
    #[serde(rename = "HEAD")]
    Head,
    /// `PUT`
    #[serde(rename = "PUT")]
    Put,
    /// `POST`
    #[serde(rename = "POST")]
    Post,
    /// `DELETE`
    #[serde(rename = "DELETE")]
    Delete,
    /// `CONNECT`
    #[serde(rename = "CONNECT")]
    Connect,
    /// `OPTIONS`
    #[serde(rename = "OPTIONS")]
    Options,
    /// `TRACE`
    #[serde(rename = "TRACE")]
    Trace,
    /// `PATCH`
    #[serde(rename = "PATCH")]
    Patch,
}

impl HttpMethod {
    /// Every method, `*` first, in the order the spec lists them.
    pub const ALL: [HttpMethod; 10] = [
        HttpMethod::Any,
        HttpMethod::Get,
        HttpMethod::Head,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Connect,
        HttpMethod::Options,
        HttpMethod::Trace,
        HttpMethod::Patch,
    ];

    /// The wire token (`"GET"`, `"*"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Any => "*",
            HttpMethod::Get => "GET",
            HttpMethod::Head => "HEAD",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Connect => "CONNECT",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
            HttpMethod::Patch => "PATCH",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_tokens_round_trip() {
        for method in HttpMethod::ALL {
            let json = serde_json::to_value(method).unwrap();
            assert_eq!(json, serde_json::Value::from(method.as_str()));
            assert_eq!(serde_json::from_value::<HttpMethod>(json).unwrap(), method);
        }
    }

    #[test]
    fn lower_case_is_rejected() {
        assert!(serde_json::from_str::<HttpMethod>("\"get\"").is_err());
    }
}
