//! HTTPRouteGroup, TCPRoute and UDPRoute rules.

use super::access::check_port;
use super::codes::{
    DUPLICATE_HEADER, DUPLICATE_MATCH_NAME, DUPLICATE_METHOD, DUPLICATE_PORT, EMPTY_MATCH_NAME,
    EMPTY_MATCHES, INCOMPLETE_MATCH, INVALID_HEADER_NAME, REDUNDANT_WILDCARD_METHOD,
};
use super::regex;
use super::report::{Report, field, index};
use crate::specs::v1alpha4::PortMatch;
use crate::{HttpHeaders, HttpMethod, SmiObject, Version, specs};

/// One HTTP match, whatever the version.
pub(super) struct Match<'a> {
    pub(super) name: &'a str,
    pub(super) methods: Option<&'a [HttpMethod]>,
    pub(super) path_regex: Option<&'a str>,
    pub(super) headers: Option<&'a HttpHeaders>,
}

/// An HTTPRouteGroup of any version.
pub(super) struct Group<'a> {
    pub(super) version: Version,
    /// `""` for v1alpha1/v1alpha2 (no `spec` wrapper), else `"spec"`.
    pub(super) base: &'static str,
    pub(super) matches: Vec<Match<'a>>,
}

fn v1_match(m: &specs::v1alpha1::HttpMatch) -> Match<'_> {
    Match {
        name: &m.name,
        methods: m.methods.as_deref(),
        path_regex: m.path_regex.as_deref(),
        headers: None,
    }
}

fn v2_match(m: &specs::v1alpha2::HttpMatch) -> Match<'_> {
    Match {
        name: &m.name,
        methods: m.methods.as_deref(),
        path_regex: m.path_regex.as_deref(),
        headers: m.headers.as_ref(),
    }
}

/// The HTTPRouteGroup view of `object`, if it is one.
pub(super) fn group(object: &SmiObject) -> Option<Group<'_>> {
    let (version, base, matches) = match object {
        SmiObject::HttpRouteGroupV1alpha1(o) => (
            Version::V1alpha1,
            "",
            o.spec.matches.iter().map(v1_match).collect(),
        ),
        SmiObject::HttpRouteGroupV1alpha2(o) => (
            Version::V1alpha2,
            "",
            o.spec.matches.iter().map(v2_match).collect(),
        ),
        SmiObject::HttpRouteGroupV1alpha3(o) => (
            Version::V1alpha3,
            "spec",
            o.spec.matches.iter().map(v2_match).collect(),
        ),
        SmiObject::HttpRouteGroupV1alpha4(o) => (
            Version::V1alpha4,
            "spec",
            o.spec.matches.iter().map(v2_match).collect(),
        ),
        _ => return None,
    };
    Some(Group {
        version,
        base,
        matches,
    })
}

/// Every per-object HTTPRouteGroup rule.
pub(super) fn check_group(r: &mut Report, g: &Group<'_>) {
    let matches_path = field(g.base, "matches");
    if g.matches.is_empty() {
        r.warning(
            EMPTY_MATCHES,
            &matches_path,
            "the HTTPRouteGroup has no matches, so it matches no request",
        )
        .help("add at least one match");
    }
    let mut names = std::collections::HashSet::new();
    for (i, m) in g.matches.iter().enumerate() {
        let path = index(&matches_path, i);
        if m.name.is_empty() {
            r.error(
                EMPTY_MATCH_NAME,
                field(&path, "name"),
                "the match has an empty name, so no rule can reference it",
            )
            .help("give the match a name");
        } else if !names.insert(m.name) {
            r.error(
                DUPLICATE_MATCH_NAME,
                field(&path, "name"),
                format!("match name `{}` is used by an earlier match", m.name),
            )
            .help("give every match of the group a different name");
        }
        check_match(r, g.version, &path, m);
    }
}

fn check_match(r: &mut Report, version: Version, path: &str, m: &Match<'_>) {
    if version == Version::V1alpha1 {
        for (present, name) in [
            (m.path_regex.is_some(), "pathRegex"),
            (m.methods.is_some(), "methods"),
        ] {
            if !present {
                r.warning(
                    INCOMPLETE_MATCH,
                    field(path, name),
                    format!("v1alpha1 requires every match field, and `{name}` is missing"),
                )
                .help(format!(
                    "add `{name}` (`.*` or `[\"*\"]` match everything), or use v1alpha2 or later"
                ));
            }
        }
    }
    if let Some(re) = m.path_regex {
        regex::check(r, &field(path, "pathRegex"), "pathRegex", re);
    }
    if let Some(methods) = m.methods {
        check_methods(r, &field(path, "methods"), methods);
    }
    if let Some(headers) = m.headers {
        let headers_path = field(path, "headers");
        // Where each case-folded header name is first written, and how.
        let mut first_names: std::collections::HashMap<String, (usize, &str)> = Default::default();
        for (i, (name, re)) in headers.iter().enumerate() {
            let header_path = field(&headers_path, name);
            let (first, other) = *first_names
                .entry(name.to_ascii_lowercase())
                .or_insert((i, name));
            if first != i {
                r.warning(
                    DUPLICATE_HEADER,
                    &header_path,
                    format!("header `{name}` is the same header as `{other}`: HTTP header names are case-insensitive"),
                )
                .help("merge the two filters into one entry");
            }
            if !is_token(name) {
                r.error(
                    INVALID_HEADER_NAME,
                    &header_path,
                    format!("header name `{name}` is not an HTTP token"),
                )
                .help("use letters, digits and !#$%&'*+-.^_`|~ only, with no spaces or ':'");
            }
            regex::check(r, &header_path, &format!("header `{name}` regex"), re);
        }
    }
}

fn check_methods(r: &mut Report, path: &str, methods: &[HttpMethod]) {
    if methods.contains(&HttpMethod::Any) && methods.len() > 1 {
        r.warning(
            REDUNDANT_WILDCARD_METHOD,
            path,
            "`*` already matches every method; the other methods are redundant",
        )
        .help("keep only `*`, or list the methods without `*`");
    }
    let mut listed = std::collections::HashSet::new();
    for (i, method) in methods.iter().enumerate() {
        if !listed.insert(method) {
            r.warning(
                DUPLICATE_METHOD,
                index(path, i),
                format!("method {method} is listed more than once"),
            )
            .help("remove the repeated method");
        }
    }
}

/// Whether `name` is an HTTP token (RFC 9110 `tchar`s, at least one).
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// TCPRoute/UDPRoute v1alpha4 ports: each in range, none repeated.
pub(super) fn check_ports(r: &mut Report, m: &PortMatch) {
    let path = "spec.matches.ports";
    let mut listed = std::collections::HashSet::new();
    for (i, &port) in m.ports.iter().enumerate() {
        let port_path = index(path, i);
        check_port(r, &port_path, port);
        if !listed.insert(port) {
            r.warning(
                DUPLICATE_PORT,
                port_path,
                format!("port {port} is listed more than once"),
            )
            .help("remove the repeated port");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, meta, pairs};
    use crate::specs::{v1alpha1, v1alpha2, v1alpha3, v1alpha4};
    use crate::{HttpHeaders, HttpMethod, SmiObject};

    fn mk_match(
        name: &str,
        path: Option<&str>,
        methods: Option<&[HttpMethod]>,
        headers: &[(&str, &str)],
    ) -> v1alpha2::HttpMatch {
        v1alpha2::HttpMatch {
            name: name.into(),
            methods: methods.map(<[_]>::to_vec),
            path_regex: path.map(Into::into),
            headers: (!headers.is_empty())
                .then(|| HttpHeaders::from_pairs(headers.iter().copied())),
        }
    }

    fn mk_group4(matches: Vec<v1alpha2::HttpMatch>) -> SmiObject {
        let mut o =
            v1alpha4::HttpRouteGroup::new("routes", v1alpha4::HttpRouteGroupSpec { matches });
        o.metadata = meta("routes");
        SmiObject::HttpRouteGroupV1alpha4(o)
    }

    fn mk_group2(matches: Vec<v1alpha2::HttpMatch>) -> SmiObject {
        let mut o =
            v1alpha2::HttpRouteGroup::new("routes", v1alpha2::HttpRouteGroupSpec { matches });
        o.metadata = meta("routes");
        SmiObject::HttpRouteGroupV1alpha2(o)
    }

    fn mk_ports4(ports: &[i32]) -> v1alpha4::PortMatch {
        v1alpha4::PortMatch {
            name: None,
            ports: ports.to_vec(),
        }
    }

    #[test]
    fn valid_groups_and_routes() {
        let m = mk_match(
            "metrics",
            Some("/metrics"),
            Some(&[HttpMethod::Get]),
            &[("user-agent", ".*Android.*")],
        );
        assert_eq!(check(&mk_group4(vec![m.clone()])), pairs(&[]));
        assert_eq!(check(&mk_group2(vec![m.clone()])), pairs(&[]));
        let mut g3 = v1alpha3::HttpRouteGroup::new(
            "routes",
            v1alpha3::HttpRouteGroupSpec { matches: vec![m] },
        );
        g3.metadata = meta("routes");
        assert_eq!(check(&SmiObject::HttpRouteGroupV1alpha3(g3)), pairs(&[]));

        let mut g1 = v1alpha1::HttpRouteGroup::new(
            "routes",
            v1alpha1::HttpRouteGroupSpec {
                matches: vec![v1alpha1::HttpMatch {
                    name: "all".into(),
                    methods: Some(vec![HttpMethod::Any]),
                    path_regex: Some(".*".into()),
                }],
            },
        );
        g1.metadata = meta("routes");
        assert_eq!(check(&SmiObject::HttpRouteGroupV1alpha1(g1)), pairs(&[]));

        let mut t = v1alpha4::TcpRoute::new(
            "tcp",
            v1alpha4::TcpRouteSpec {
                matches: mk_ports4(&[80, 443]),
            },
        );
        t.metadata = meta("tcp");
        assert_eq!(check(&SmiObject::TcpRouteV1alpha4(t)), pairs(&[]));
        let mut u = v1alpha4::UdpRoute::new(
            "udp",
            v1alpha4::UdpRouteSpec {
                matches: mk_ports4(&[]),
            },
        );
        u.metadata = meta("udp");
        assert_eq!(check(&SmiObject::UdpRouteV1alpha4(u)), pairs(&[]));
        for t in [
            SmiObject::TcpRouteV1alpha1(v1alpha1::TcpRoute {
                metadata: meta("t"),
                spec: Default::default(),
            }),
            SmiObject::TcpRouteV1alpha2(v1alpha2::TcpRoute {
                metadata: meta("t"),
                spec: Default::default(),
            }),
            SmiObject::TcpRouteV1alpha3(v1alpha3::TcpRoute {
                metadata: meta("t"),
                spec: Default::default(),
            }),
        ] {
            assert_eq!(check(&t), pairs(&[]));
        }
    }

    #[test]
    fn match_names() {
        let g = mk_group4(vec![
            mk_match("a", None, None, &[]),
            mk_match("", None, None, &[]),
            mk_match("a", None, None, &[]),
        ]);
        assert_eq!(
            check(&g),
            pairs(&[
                ("empty-match-name", "spec.matches[1].name"),
                ("duplicate-match-name", "spec.matches[2].name"),
            ])
        );
        assert_eq!(
            check(&mk_group4(vec![])),
            pairs(&[("empty-matches", "spec.matches")])
        );
        assert_eq!(
            check(&mk_group2(vec![])),
            pairs(&[("empty-matches", "matches")])
        );
    }

    #[test]
    fn v1alpha1_incomplete_match() {
        let mut g1 = v1alpha1::HttpRouteGroup::new(
            "routes",
            v1alpha1::HttpRouteGroupSpec {
                matches: vec![v1alpha1::HttpMatch {
                    name: "m".into(),
                    methods: None,
                    path_regex: None,
                }],
            },
        );
        g1.metadata = meta("routes");
        assert_eq!(
            check(&SmiObject::HttpRouteGroupV1alpha1(g1)),
            pairs(&[
                ("incomplete-match", "matches[0].methods"),
                ("incomplete-match", "matches[0].pathRegex"),
            ])
        );
    }

    #[test]
    fn methods() {
        let g = mk_group4(vec![
            mk_match("a", None, Some(&[HttpMethod::Any, HttpMethod::Get]), &[]),
            mk_match(
                "b",
                None,
                Some(&[HttpMethod::Get, HttpMethod::Post, HttpMethod::Get]),
                &[],
            ),
        ]);
        assert_eq!(
            check(&g),
            pairs(&[
                ("redundant-wildcard-method", "spec.matches[0].methods"),
                ("duplicate-method", "spec.matches[1].methods[2]"),
            ])
        );
    }

    #[test]
    fn regexes_and_header_names() {
        let g = mk_group4(vec![
            mk_match("ok", Some("/ok"), None, &[]),
            mk_match("look", Some("/a(?=b)"), None, &[]),
            mk_match(
                "h",
                None,
                None,
                &[("user-agent", "(a)\\1"), ("bad name", "x"), ("x:y", "(")],
            ),
        ]);
        assert_eq!(
            check(&g),
            pairs(&[
                ("invalid-regex", "spec.matches[1].pathRegex"),
                ("invalid-regex", "spec.matches[2].headers.user-agent"),
                ("invalid-header-name", "spec.matches[2].headers.bad name"),
                ("invalid-header-name", "spec.matches[2].headers.x:y"),
                ("invalid-regex", "spec.matches[2].headers.x:y"),
            ])
        );
    }

    #[test]
    fn header_names_differing_in_case() {
        let g = mk_group4(vec![mk_match(
            "h",
            None,
            None,
            &[("x-v", "1"), ("X-V", "2")],
        )]);
        assert_eq!(
            check(&g),
            pairs(&[("duplicate-header", "spec.matches[0].headers.x-v")])
        );
    }

    #[test]
    fn ports() {
        let mut t = v1alpha4::TcpRoute::new(
            "tcp",
            v1alpha4::TcpRouteSpec {
                matches: mk_ports4(&[0, 80, 65536, 80]),
            },
        );
        t.metadata = meta("tcp");
        assert_eq!(
            check(&SmiObject::TcpRouteV1alpha4(t)),
            pairs(&[
                ("port-out-of-range", "spec.matches.ports[0]"),
                ("port-out-of-range", "spec.matches.ports[2]"),
                ("duplicate-port", "spec.matches.ports[3]"),
            ])
        );
        let mut u = v1alpha4::UdpRoute::new(
            "udp",
            v1alpha4::UdpRouteSpec {
                matches: mk_ports4(&[-1]),
            },
        );
        u.metadata = meta("udp");
        assert_eq!(
            check(&SmiObject::UdpRouteV1alpha4(u)),
            pairs(&[("port-out-of-range", "spec.matches.ports[0]")])
        );
    }

    #[test]
    fn token_chars() {
        assert!(super::is_token("x-Version_2"));
        assert!(!super::is_token(""));
        assert!(!super::is_token("a b"));
        assert!(!super::is_token("é"));
    }
}
