//! DNS-1123 / DNS-1035 name rules, as Kubernetes applies them to object names and references.

use super::codes::{EMPTY_NAMESPACE, INVALID_NAME, MISSING_NAME, SERVICE_NAME_NOT_DNS1035};
use super::report::{Report, field};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Which naming rule a value must follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NameRule {
    /// DNS-1123 subdomain: object names (ServiceAccounts, SMI objects), at most 253 characters.
    Subdomain,
    /// DNS-1123 label: namespaces, at most 63 characters.
    Label,
    /// A Service name: a DNS-1123 label; a leading digit is only warned about (DNS-1035).
    Service,
}

const SUBDOMAIN_MAX: usize = 253;
const LABEL_MAX: usize = 63;

impl NameRule {
    fn help(self) -> &'static str {
        match self {
            NameRule::Subdomain => {
                "use at most 253 lower-case letters, digits, '-' and '.', with every '.'-separated part starting and ending with an alphanumeric character"
            }
            NameRule::Label | NameRule::Service => {
                "use at most 63 lower-case letters, digits and '-', starting and ending with an alphanumeric character"
            }
        }
    }

    fn kind(self) -> &'static str {
        match self {
            NameRule::Subdomain => "a DNS-1123 subdomain",
            NameRule::Label | NameRule::Service => "a DNS-1123 label",
        }
    }
}

/// What is wrong with `value` under `rule`, if anything.
pub(super) fn problem(rule: NameRule, value: &str) -> Option<String> {
    if value.is_empty() {
        return Some("it is empty".to_owned());
    }
    let (max, allow_dot) = match rule {
        NameRule::Subdomain => (SUBDOMAIN_MAX, true),
        NameRule::Label | NameRule::Service => (LABEL_MAX, false),
    };
    let len = value.chars().count();
    if len > max {
        return Some(format!("it is {len} characters long; the limit is {max}"));
    }
    if let Some(c) = value.chars().find(|&c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (c == '.' && allow_dot))
    }) {
        return Some(if c.is_ascii_uppercase() {
            format!("it contains the upper-case letter `{c}`")
        } else {
            format!("it contains `{c}`")
        });
    }
    let parts: Vec<&str> = if allow_dot {
        value.split('.').collect()
    } else {
        vec![value]
    };
    for part in parts {
        if part.is_empty() {
            return Some("it has an empty part between dots".to_owned());
        }
        if part.starts_with('-') {
            return Some("a part starts with `-`".to_owned());
        }
        if part.ends_with('-') {
            return Some("a part ends with `-`".to_owned());
        }
    }
    None
}

/// Checks `value` against `rule`; `what` names the field in the message ("Service name").
pub(super) fn check(r: &mut Report, rule: NameRule, path: &str, what: &str, value: &str) {
    if let Some(problem) = problem(rule, value) {
        r.error(
            INVALID_NAME,
            path,
            format!("{what} `{value}` is not {}: {problem}", rule.kind()),
        )
        .help(rule.help());
    } else if rule == NameRule::Service && value.starts_with(|c: char| c.is_ascii_digit()) {
        r.warning(
            SERVICE_NAME_NOT_DNS1035,
            path,
            format!("{what} `{value}` starts with a digit; Kubernetes before 1.34 requires Service names to start with a letter (DNS-1035)"),
        )
        .help("start the Service name with a lower-case letter");
    }
}

/// Checks an optional namespace: the empty string is a warning, anything else must be a label.
pub(super) fn check_namespace(r: &mut Report, path: &str, value: &str) {
    if value.is_empty() {
        r.warning(
            EMPTY_NAMESPACE,
            path,
            "the namespace is the empty string; it is read as absent",
        )
        .help("remove the field or name the namespace");
    } else {
        check(r, NameRule::Label, path, "namespace", value);
    }
}

/// Checks `metadata.name` (required when `name_required`) and `metadata.namespace`.
pub(super) fn check_metadata(r: &mut Report, meta: &ObjectMeta, name_required: bool) {
    let name_path = field("metadata", "name");
    match meta.name.as_deref() {
        Some(name) if !name.is_empty() => {
            check(r, NameRule::Subdomain, &name_path, "the object name", name)
        }
        _ if name_required && meta.generate_name.is_none() => {
            r.error(MISSING_NAME, name_path, "the object has no name")
                .help("set metadata.name");
        }
        _ => {}
    }
    if let Some(ns) = meta.namespace.as_deref() {
        check_namespace(r, "metadata.namespace", ns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains() {
        for ok in ["a", "a-b", "a.b", "0abc", "web.example-1"] {
            assert_eq!(problem(NameRule::Subdomain, ok), None, "{ok}");
        }
        for bad in ["", "A", "a_b", "-a", "a-", "a..b", ".a", "a.", "a.-b"] {
            assert!(problem(NameRule::Subdomain, bad).is_some(), "{bad}");
        }
        assert!(problem(NameRule::Subdomain, &"a".repeat(253)).is_none());
        assert!(problem(NameRule::Subdomain, &"a".repeat(254)).is_some());
    }

    #[test]
    fn labels() {
        for ok in ["a", "a-b", "0abc"] {
            assert_eq!(problem(NameRule::Label, ok), None, "{ok}");
        }
        for bad in ["", "a.b", "A", "-a", "a-"] {
            assert!(problem(NameRule::Label, bad).is_some(), "{bad}");
        }
        assert!(problem(NameRule::Label, &"a".repeat(63)).is_none());
        assert!(problem(NameRule::Label, &"a".repeat(64)).is_some());
    }
}
