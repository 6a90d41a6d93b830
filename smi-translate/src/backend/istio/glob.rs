//! RE2 regexes → Istio's string matches (exact, `prefix*`, `*suffix`, `*`), only when exact.
//!
//! Istio AuthorizationPolicy paths and header values are not regexes. A regex is translated only
//! if it is provably the same set of strings; anything else is refused, and the caller fails
//! closed for that rule.

use regex_syntax::hir::{Hir, HirKind, Look};

/// An Istio string match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Glob {
    /// The whole string equals this.
    Exact(String),
    /// Starts with this.
    Prefix(String),
    /// Ends with this.
    Suffix(String),
    /// Any string.
    Any,
}

impl Glob {
    /// Istio's spelling.
    pub fn render(&self) -> String {
        match self {
            Glob::Exact(s) => s.clone(),
            Glob::Prefix(s) => format!("{s}*"),
            Glob::Suffix(s) => format!("*{s}"),
            Glob::Any => "*".into(),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Piece {
    Literal(String),
    AnyRun,
    Start,
    End,
}

/// The glob matching exactly the strings that `regex` matches, anchored at the start always and
/// at the end when `full` (else any suffix is allowed after the match).
pub fn to_glob(regex: &str, full: bool) -> Option<Glob> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(regex)
        .ok()?;
    let mut pieces = Vec::new();
    flatten(&hir, &mut pieces)?;
    // Anchors: `^` only first, `$` only last.
    if pieces.first() == Some(&Piece::Start) {
        pieces.remove(0);
    }
    let mut ends = full;
    if pieces.last() == Some(&Piece::End) {
        pieces.pop();
        ends = true;
    }
    if pieces
        .iter()
        .any(|p| matches!(p, Piece::Start | Piece::End))
    {
        return None;
    }
    if !ends {
        pieces.push(Piece::AnyRun);
    }
    // Normalise: merge literals, collapse runs.
    let mut shape: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (shape.last_mut(), piece) {
            (Some(Piece::Literal(a)), Piece::Literal(b)) => a.push_str(&b),
            (Some(Piece::AnyRun), Piece::AnyRun) => {}
            (_, p) => shape.push(p),
        }
    }
    let glob = match shape.as_slice() {
        [Piece::AnyRun] => Glob::Any,
        [Piece::Literal(l)] => Glob::Exact(l.clone()),
        [Piece::Literal(l), Piece::AnyRun] => Glob::Prefix(l.clone()),
        [Piece::AnyRun, Piece::Literal(l)] => Glob::Suffix(l.clone()),
        _ => return None,
    };
    // A literal `*` would be read as a wildcard by Istio; an empty literal means nothing useful.
    match &glob {
        Glob::Exact(l) | Glob::Prefix(l) | Glob::Suffix(l) if l.contains('*') || l.is_empty() => {
            None
        }
        _ => Some(glob),
    }
}

fn flatten(hir: &Hir, out: &mut Vec<Piece>) -> Option<()> {
    match hir.kind() {
        HirKind::Empty => Some(()),
        HirKind::Literal(lit) => {
            out.push(Piece::Literal(String::from_utf8(lit.0.to_vec()).ok()?));
            Some(())
        }
        HirKind::Concat(items) => items.iter().try_for_each(|h| flatten(h, out)),
        HirKind::Capture(cap) => flatten(&cap.sub, out),
        HirKind::Look(Look::Start) => {
            out.push(Piece::Start);
            Some(())
        }
        HirKind::Look(Look::End) => {
            out.push(Piece::End);
            Some(())
        }
        HirKind::Repetition(rep) if rep.min == 0 && rep.max.is_none() && is_any_char(&rep.sub) => {
            out.push(Piece::AnyRun);
            Some(())
        }
        _ => None,
    }
}

/// `.` (any character but newline) or `(?s:.)`: paths and header values hold no newline.
fn is_any_char(hir: &Hir) -> bool {
    let parse = |re: &str| regex_syntax::ParserBuilder::new().build().parse(re).ok();
    parse(".").as_ref() == Some(hir) || parse("(?s:.)").as_ref() == Some(hir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_anchored_paths() {
        assert_eq!(
            to_glob("/metrics", false),
            Some(Glob::Prefix("/metrics".into()))
        );
        assert_eq!(
            to_glob("/api/.*", false),
            Some(Glob::Prefix("/api/".into()))
        );
        assert_eq!(to_glob(".*", false), Some(Glob::Any));
        assert_eq!(to_glob("/ping$", false), Some(Glob::Exact("/ping".into())));
        assert_eq!(
            to_glob("^/v1\\.0/x", false),
            Some(Glob::Prefix("/v1.0/x".into()))
        );
    }

    #[test]
    fn full_match_values() {
        assert_eq!(
            to_glob("/metrics", true),
            Some(Glob::Exact("/metrics".into()))
        );
        assert_eq!(
            to_glob(".*Android", true),
            Some(Glob::Suffix("Android".into()))
        );
        assert_eq!(to_glob("curl/.*", true), Some(Glob::Prefix("curl/".into())));
        assert_eq!(to_glob(".*", true), Some(Glob::Any));
    }

    #[test]
    fn refuses_what_globs_cannot_say() {
        for re in [
            ".*Android.*",
            "/api/[0-9]+",
            "/a|/b",
            "(?i)/api",
            "/a.b",
            "^(.*?;)?(type=insider)(;.*)?$",
            "/a\\*",
            "",
            "a^b",
        ] {
            assert_eq!(to_glob(re, true), None, "{re}");
        }
        // Start-anchored contains is still a contains.
        assert_eq!(to_glob(".*x", false), None);
    }
}
