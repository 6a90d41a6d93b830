//! Regular expressions must be RE2: parsed with `regex-syntax` (which rejects look-around and
//! back-references as RE2 does), then checked with the RE2 model ([`crate::re2`]) for what RE2
//! alone refuses: counts over 1000, stacked repetition operators, flags and classes RE2 lacks,
//! programs over its memory budget. The backend-specific program-size limits (Envoy's 100) are
//! checked where the backend is known, in smi-translate.

use super::codes::INVALID_REGEX;
use super::report::Report;

/// Why `re` is not an RE2 regular expression, if it is not.
pub(super) fn problem(re: &str) -> Option<String> {
    let Some(err) = regex_syntax::ParserBuilder::new().build().parse(re).err() else {
        return crate::re2::program_size(re).err().map(|r| r.message);
    };
    Some(match &err {
        regex_syntax::Error::Parse(e) => {
            format!("{} (at offset {})", e.kind(), e.span().start.offset)
        }
        regex_syntax::Error::Translate(e) => {
            format!("{} (at offset {})", e.kind(), e.span().start.offset)
        }
        // `regex_syntax::Error` is non-exhaustive; its Display spans several lines.
        other => other
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .to_owned(),
    })
}

/// Reports `re` at `path` when it does not parse; `what` names it ("pathRegex").
pub(super) fn check(r: &mut Report, path: &str, what: &str, re: &str) {
    if let Some(problem) = problem(re) {
        r.error(
            INVALID_REGEX,
            path,
            format!("{what} `{re}` is not a valid RE2 regular expression: {problem}"),
        )
        .help(help(re));
    }
}

/// What would fix `re`: a glob-style `*` (NGINX Service Mesh's demos write `pathRegex: "*"` for
/// any path) has a regex for what it means; what RE2 alone refuses, how to stay within RE2;
/// anything else, RE2 syntax in general.
fn help(re: &str) -> String {
    use crate::re2::RejectionKind;
    if let Some(rest) = re.strip_prefix('*') {
        return match rest {
            "" => "`*` is a glob, not a regex: for any path write `.*`".to_owned(),
            rest => format!(
                "a leading `*` is a glob, not a regex: write `.*{rest}` for anything followed by `{rest}`"
            ),
        };
    }
    match crate::re2::program_size(re).map_err(|r| r.kind) {
        Err(RejectionKind::RepeatSize) => "RE2 allows repetition counts up to 1000, nested ones multiplying to at most 1000: use `+` or `*` for longer runs".to_owned(),
        Err(RejectionKind::BadRepetition) => "group the inner repetition: `(?:a*)*`, not `a**`".to_owned(),
        Err(RejectionKind::TooLarge) => "RE2 cannot compile a program this large: use fewer or smaller counted repetitions, or `+` and `*`".to_owned(),
        _ => "use RE2 syntax: no look-around (`(?=`, `(?!`, `(?<=`), no back-references (`\\1`), no `(?x)`, `\\u`, nested classes or `\\p{Name}` beyond categories and scripts; escape literal metacharacters with `\\`".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glob_star_is_answered_with_its_regex() {
        let mut r = Report::new(crate::ObjectRef::new("HTTPRouteGroup", "default", "all"));
        check(&mut r, "spec.matches[0].pathRegex", "pathRegex", "*");
        check(&mut r, "spec.matches[1].pathRegex", "pathRegex", "*.css");
        let helps: Vec<Option<String>> = r.into_vec().into_iter().map(|d| d.help).collect();
        assert_eq!(
            helps,
            [
                Some("`*` is a glob, not a regex: for any path write `.*`".to_owned()),
                Some(
                    "a leading `*` is a glob, not a regex: write `.*.css` for anything followed by `.css`"
                        .to_owned()
                ),
            ]
        );
    }

    #[test]
    fn re2_syntax() {
        for ok in [
            "/metrics",
            "/api/v[0-9]+/.*",
            ".*Android.*",
            "^/$",
            "(?i)foo",
            "",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "(",
            "[a-",
            "a(?=b)",
            "(?<!a)b",
            "(a)\\1",
            "*a",
            // Refused by RE2 alone.
            "a{1001}",
            "a{1000}{1000}",
            "\\p{L}{1000}",
            "(?x)a",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
