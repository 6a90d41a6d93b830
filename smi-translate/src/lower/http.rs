//! HTTPRouteGroup matches → graph [`HttpMatch`]es.

use super::codes;
use super::dialect::{HeaderAnchoring, Readings};
use crate::graph::{Diagnostic, HeaderMatch, HttpMatch, Method, MethodSet, ObjectRef, PathMatch};
use smi_types::HttpMethod;
use smi_types::specs::v1alpha4::HttpMatch as SmiMatch;
use std::collections::BTreeSet;

/// Lowers match `index` of the group `group`; `None` (with a diagnostic) when it cannot be
/// honoured exactly, so the caller grants nothing for it.
pub(super) fn lower_match(
    group: &ObjectRef,
    index: usize,
    m: &SmiMatch,
    readings: &Readings,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<HttpMatch> {
    let path = match &m.path_regex {
        None => None,
        Some(regex) => {
            if let Err(e) = check_regex(regex) {
                diagnostics.push(
                    Diagnostic::error(
                        codes::INVALID_REGEX,
                        group.clone(),
                        format!("spec.matches[{index}].pathRegex"),
                        format!(
                            "`{regex}` is not an RE2 regex ({e}); match `{}` grants nothing",
                            m.name
                        ),
                    )
                    .with_help("write the path in RE2 syntax: no look-around, no back-references"),
                );
                return None;
            }
            Some(PathMatch {
                regex: regex.clone(),
                anchoring: readings.path_anchoring,
            })
        }
    };
    let methods = lower_methods(m.methods.as_deref());
    let mut headers = Vec::new();
    for (name, regex) in m.headers.iter().flat_map(|h| h.iter()) {
        if !is_token(name) {
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_HEADER_NAME,
                    group.clone(),
                    format!("spec.matches[{index}].headers.{name}"),
                    format!(
                        "`{name}` is not an HTTP header name; match `{}` grants nothing",
                        m.name
                    ),
                )
                .with_help("header names are tokens: letters, digits and !#$%&'*+-.^_`|~"),
            );
            return None;
        }
        if let Err(e) = check_regex(regex) {
            diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_REGEX,
                    group.clone(),
                    format!("spec.matches[{index}].headers.{name}"),
                    format!(
                        "`{regex}` is not an RE2 regex ({e}); match `{}` grants nothing",
                        m.name
                    ),
                )
                .with_help("write the header value regex in RE2 syntax"),
            );
            return None;
        }
        headers.push(HeaderMatch {
            name: name.to_ascii_lowercase(),
            regex: match readings.header_anchoring {
                HeaderAnchoring::Full => regex.to_owned(),
                // A search for the regex anywhere is a full match of it between any two strings.
                HeaderAnchoring::Anywhere => format!(".*(?:{regex}).*"),
            },
        });
    }
    headers.sort();
    Some(HttpMatch {
        group: group.clone(),
        name: m.name.clone(),
        path,
        methods,
        headers,
    })
}

/// `*` anywhere absorbs the rest; no methods at all also means every method.
pub(super) fn lower_methods(methods: Option<&[HttpMethod]>) -> MethodSet {
    let Some(methods) = methods.filter(|m| !m.is_empty()) else {
        return MethodSet::Any;
    };
    let mut set = BTreeSet::new();
    for method in methods {
        set.insert(match method {
            HttpMethod::Any => return MethodSet::Any,
            HttpMethod::Get => Method::Get,
            HttpMethod::Head => Method::Head,
            HttpMethod::Put => Method::Put,
            HttpMethod::Post => Method::Post,
            HttpMethod::Delete => Method::Delete,
            HttpMethod::Connect => Method::Connect,
            HttpMethod::Options => Method::Options,
            HttpMethod::Trace => Method::Trace,
            HttpMethod::Patch => Method::Patch,
        });
    }
    MethodSet::Only(set)
}

/// RE2 rejects look-around and back-references, and so does this parser; what RE2 alone
/// refuses (counts over 1000, flags and classes it lacks) the RE2 model finds.
pub(crate) fn check_regex(regex: &str) -> Result<(), String> {
    regex_syntax::ParserBuilder::new()
        .build()
        .parse(regex)
        .map_err(|e| {
            e.to_string()
                .lines()
                .last()
                .unwrap_or("invalid regex")
                .trim()
                .trim_start_matches("error: ")
                .to_owned()
        })?;
    smi_types::re2::program_size(regex)
        .map(|_| ())
        .map_err(|rejection| rejection.message)
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_absorbs_other_methods() {
        assert_eq!(
            lower_methods(Some(&[HttpMethod::Get, HttpMethod::Any])),
            MethodSet::Any
        );
        assert_eq!(lower_methods(None), MethodSet::Any);
        assert_eq!(lower_methods(Some(&[])), MethodSet::Any);
        assert_eq!(
            lower_methods(Some(&[HttpMethod::Post, HttpMethod::Get, HttpMethod::Get])),
            MethodSet::Only([Method::Get, Method::Post].into())
        );
    }

    #[test]
    fn re2_rules() {
        assert!(check_regex("/api/.*").is_ok());
        assert!(check_regex("^(.*?;)?(type=insider)(;.*)?$").is_ok());
        assert!(check_regex("(?=x)").is_err());
        assert!(check_regex("(a)\\1").is_err());
        assert!(check_regex("[").is_err());
        assert!(check_regex("a{1001}").is_err());
    }
}
