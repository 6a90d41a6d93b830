//! The RE2 program-size limit of a backend's data plane: a match whose regex compiles to a
//! larger program is left out (it grants or routes nothing), with an error naming the size and
//! the limit, rather than emitted for the proxy to refuse along with its whole configuration.

use crate::graph::{Diagnostic, HttpMatch, Split};
use smi_types::CodeInfo;
use smi_types::re2::{Encoding, ProgramSize, Rejection, program_size_in};

/// What to do about a regex over a program-size limit.
pub(crate) const HELP: &str = "simplify the regex (a counted repetition such as `[a-z0-9]{20,40}` costs one copy per count: `[a-z0-9]+` is far smaller), or raise the proxies' limit and the backend's together";

/// The error for `m`, a condition of `split`, left out because of its regex (`why`, from
/// [`over_limit`] or [`over_istio_limits`]): `refuser` would have refused it.
pub(crate) fn condition_left_out(
    split: &Split,
    m: &HttpMatch,
    code: CodeInfo,
    why: &str,
    refuser: &str,
) -> Diagnostic {
    split
        .error(
            code,
            "spec.matches",
            format!(
                "{why}: {refuser}, so the split does not apply to match `{}` (its requests go to the root Service)",
                m.name
            ),
        )
        .with_help(HELP)
        .with_related(m.related())
}

/// Envoy's limit when nothing raises it: the default of its runtime key
/// `re2.max_program_size.error_level`, past which it refuses the configuration.
pub const ENVOY_DEFAULT: usize = 100;

/// The Istio backend's limit, on both a regex's program size and its length in bytes: Istio's
/// proxies run Envoy with `re2.max_program_size.error_level` raised (1024 from Istio 1.7, 32768
/// in current releases), and Istio's validation webhook refuses a regex longer than 1024 bytes.
/// 1024 fits every release since the limit became a runtime key.
pub const ISTIO: usize = 1024;

/// Why `m` cannot be emitted for Istio: a regex longer than Istio's webhook accepts, or over
/// its proxies' program-size limit ([`ISTIO`]).
pub(crate) fn over_istio_limits(m: &HttpMatch) -> Option<String> {
    let path = m.path.as_ref().map(|p| p.full_match_regex());
    let too_long = path
        .iter()
        .chain(m.headers.iter().map(|h| &h.regex))
        .find(|regex| regex.len() > ISTIO);
    match too_long {
        Some(regex) => Some(format!(
            "a regex of {} bytes is longer than Istio's validation accepts ({ISTIO})",
            regex.len()
        )),
        None => over_limit(m, ISTIO),
    }
}

/// Why the first regex of `m` (as the data plane receives it: a path as its full-match form)
/// cannot be emitted under `limit`, if one cannot.
pub(crate) fn over_limit(m: &HttpMatch, limit: usize) -> Option<String> {
    let path = m.path.as_ref().map(|p| p.full_match_regex());
    path.iter()
        .chain(m.headers.iter().map(|h| &h.regex))
        .find_map(|regex| regex_over_limit(regex, limit))
}

/// The size Envoy may find for `regex`'s RE2 program: the larger of RE2's two readings. RE2's
/// options as Envoy's code passes them read UTF-8, while Envoy 1.40 as released reports the
/// sizes of the Latin-1 reading (smaller for `.` and non-ASCII classes, larger for some
/// case-insensitive non-ASCII text); a regex within the limit under both is accepted by either
/// build. A regex either reading refuses is refused.
pub fn envoy_program_size(regex: &str) -> Result<ProgramSize, Rejection> {
    let utf8 = program_size_in(regex, Encoding::Utf8)?;
    let latin1 = program_size_in(regex, Encoding::Latin1)?;
    Ok(if latin1.instructions > utf8.instructions {
        latin1
    } else {
        utf8
    })
}

/// Why `regex` cannot be emitted under `limit`, if it cannot.
fn regex_over_limit(regex: &str, limit: usize) -> Option<String> {
    match envoy_program_size(regex) {
        Ok(size) if size.instructions <= limit => None,
        Ok(size) if size.exact => Some(format!(
            "the regex `{regex}` compiles to an RE2 program of {} instructions, over the limit of {limit}",
            size.instructions
        )),
        Ok(size) => Some(format!(
            "the regex `{regex}` compiles to an RE2 program of up to {} instructions (an upper estimate: RE2 shares some of them), over the limit of {limit}",
            size.instructions
        )),
        Err(rejection) => Some(format!(
            "RE2 refuses the regex `{regex}`: {}",
            rejection.message
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_match(regex: &str) -> HttpMatch {
        HttpMatch {
            group: crate::graph::ObjectRef::new("HTTPRouteGroup", "shop", "routes"),
            name: "m".into(),
            path: Some(crate::graph::PathMatch {
                regex: regex.into(),
                anchoring: crate::graph::PathAnchoring::Start,
            }),
            methods: crate::graph::MethodSet::Any,
            headers: Vec::new(),
        }
    }

    #[test]
    fn istio_refuses_long_regexes_and_large_programs() {
        assert_eq!(
            over_istio_limits(&path_match("/v1/[a-zA-Z0-9_-]{20,40}")),
            None
        );
        let long = "/a".repeat(600);
        let why = over_istio_limits(&path_match(&long)).expect("too long");
        assert!(why.contains("1206 bytes"), "{why}");
        let why = over_istio_limits(&path_match("[a-zA-Z0-9_-]{300}")).expect("too large");
        assert!(why.contains("limit of 1024"), "{why}");
    }

    #[test]
    fn the_limit_is_inclusive() {
        assert_eq!(regex_over_limit("x{96}", ENVOY_DEFAULT), None);
        let why = regex_over_limit("x{97}", ENVOY_DEFAULT).expect("over");
        assert!(
            why.contains("101 instructions") && why.contains("limit of 100"),
            "{why}"
        );
    }
}
