//! Whether an [`HttpMatch`] accepts an [`HttpRequest`].

use super::HttpRequest;
use crate::graph::HttpMatch;
use regex::Regex;

/// Path AND method AND every header (A4); paths and header values must match whole (A12, A13).
/// A regex that does not compile accepts nothing (the graph holds only RE2-valid ones).
pub(super) fn accepts(m: &HttpMatch, request: &HttpRequest) -> bool {
    m.methods.contains(request.method)
        && m.path
            .as_ref()
            .is_none_or(|p| whole(&p.full_match_regex(), &request.path))
        && m.headers.iter().all(|h| {
            request
                .headers
                .get(&h.name)
                .is_some_and(|value| whole(&h.regex, value))
        })
}

fn whole(regex: &str, text: &str) -> bool {
    Regex::new(&format!("^(?:{regex})$")).is_ok_and(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{HeaderMatch, Method, MethodSet, ObjectRef, PathAnchoring, PathMatch};

    fn mk_match(path: Option<(&str, PathAnchoring)>, headers: &[(&str, &str)]) -> HttpMatch {
        HttpMatch {
            group: ObjectRef::new("HTTPRouteGroup", "ns", "g"),
            name: "m".into(),
            path: path.map(|(regex, anchoring)| PathMatch {
                regex: regex.into(),
                anchoring,
            }),
            methods: MethodSet::Only([Method::Get].into()),
            headers: headers
                .iter()
                .map(|(name, regex)| HeaderMatch::new(name, *regex))
                .collect(),
        }
    }

    fn get(path: &str) -> HttpRequest {
        HttpRequest::new(Method::Get, path).unwrap()
    }

    #[test]
    fn paths_follow_their_anchoring() {
        let start = mk_match(Some(("/api", PathAnchoring::Start)), &[]);
        let full = mk_match(Some(("/api", PathAnchoring::Full)), &[]);
        for (path, by_start, by_full) in [
            ("/api", true, true),
            ("/api/x", true, false),
            ("/apix", true, false),
            ("/x/api", false, false),
        ] {
            assert_eq!(accepts(&start, &get(path)), by_start, "{path}");
            assert_eq!(accepts(&full, &get(path)), by_full, "{path}");
        }
    }

    #[test]
    fn methods_and_headers_are_anded() {
        let m = mk_match(None, &[("user-agent", ".*Firefox.*")]);
        let with = |value: &str| get("/").header("User-Agent", value).unwrap();
        assert!(accepts(&m, &with("x Firefox y")));
        assert!(!accepts(&m, &with("curl")));
        assert!(!accepts(&m, &get("/")));
        let post = HttpRequest {
            method: Method::Post,
            ..with("Firefox")
        };
        assert!(!accepts(&m, &post));
    }
}
