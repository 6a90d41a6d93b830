//! How graph things read in the text that `check`, `diff` and `graph` print.

use smi_translate::graph::{
    HttpMatch, MethodSet, ObjectRef, PathAnchoring, PortSet, WeightedBackend,
};

/// `Kind namespace/name`.
pub fn object(r: &ObjectRef) -> String {
    format!("{} {}/{}", r.kind, r.namespace, r.name)
}

/// `group/match`: the short name of a match (the group is in the match's namespace).
pub fn match_name(m: &HttpMatch) -> String {
    format!("{}/{}", m.group.name, m.name)
}

/// What a match asks of a request (``path `/api`…, GET|POST, header x-user `alice` ``, regexes
/// in backticks, `…` when only the start of the path must match); `any request` for a
/// catch-all.
pub fn conditions(m: &HttpMatch) -> String {
    let mut parts = Vec::new();
    if let Some(path) = &m.path {
        parts.push(match path.anchoring {
            PathAnchoring::Start => format!("path `{}`…", path.regex),
            PathAnchoring::Full => format!("path `{}`", path.regex),
        });
    }
    if let MethodSet::Only(methods) = &m.methods {
        let tokens: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
        parts.push(tokens.join("|"));
    }
    for h in &m.headers {
        parts.push(format!("header {} `{}`", h.name, h.regex));
    }
    if parts.is_empty() {
        "any request".into()
    } else {
        parts.join(", ")
    }
}

/// `all` or `80, 8080`.
pub fn ports(ports: &PortSet) -> String {
    match ports {
        PortSet::All => "all".into(),
        PortSet::Only(set) => set
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Each backend with its weight and its share of the total, in percent (one decimal).
pub fn shares(backends: &[WeightedBackend]) -> Vec<(String, u32, f64)> {
    let total: u64 = backends.iter().map(|b| u64::from(b.weight)).sum();
    backends
        .iter()
        .map(|b| {
            let percent = if total == 0 {
                0.0
            } else {
                (f64::from(b.weight) * 1000.0 / total as f64).round() / 10.0
            };
            (b.service.to_string(), b.weight, percent)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use smi_translate::graph::{HeaderMatch, Method, PathMatch, ServiceId};

    #[test]
    fn a_match_reads_as_its_conditions() {
        let m = HttpMatch {
            group: ObjectRef::new("HTTPRouteGroup", "shop", "routes"),
            name: "read".into(),
            path: Some(PathMatch {
                regex: "/items".into(),
                anchoring: PathAnchoring::Start,
            }),
            methods: MethodSet::Only([Method::Get, Method::Head].into()),
            headers: vec![HeaderMatch::new("x-user", "alice")],
        };
        assert_eq!(match_name(&m), "routes/read");
        assert_eq!(
            conditions(&m),
            "path `/items`…, GET|HEAD, header x-user `alice`"
        );
        let any = HttpMatch {
            path: None,
            methods: MethodSet::Any,
            headers: vec![],
            ..m
        };
        assert_eq!(conditions(&any), "any request");
    }

    #[test]
    fn shares_are_percentages_of_the_total() {
        let b = |name: &str, weight| WeightedBackend {
            service: ServiceId::new("shop", name),
            port: 80,
            weight,
        };
        assert_eq!(
            shares(&[b("v1", 2), b("v2", 1)]),
            [("shop/v1".into(), 2, 66.7), ("shop/v2".into(), 1, 33.3)]
        );
        assert_eq!(shares(&[b("v1", 0)]), [("shop/v1".into(), 0, 0.0)]);
    }
}
