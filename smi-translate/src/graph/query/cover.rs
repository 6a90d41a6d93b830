//! Comparing what edges admit by meaning, and a sound (not complete) test that one admits no
//! more than another.
//!
//! "Within" must never say yes wrongly: a gate built on it would let a widening through. When
//! the reasoning below cannot prove inclusion it answers no, and the change is reported as a
//! widening.

use super::edges::{Admits, SplitView};
use crate::graph::{
    HeaderMatch, HttpMatch, Method, MethodSet, PathAnchoring, PathMatch, ServiceId,
};
use regex_syntax::hir::literal::Extractor;
use regex_syntax::hir::{Class, Hir, HirKind};
use std::collections::{BTreeMap, BTreeSet};

/// The requests one HTTP match accepts, without its name and group.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct RequestClass {
    path: Option<PathMatch>,
    methods: MethodSet,
    headers: Vec<HeaderMatch>,
}

impl RequestClass {
    pub(super) fn of(m: &HttpMatch) -> RequestClass {
        RequestClass {
            path: m.path.clone(),
            methods: m.methods.clone(),
            headers: m.headers.clone(),
        }
    }
}

/// What an endpoint admits, by meaning.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum AdmitsMeaning {
    Everything,
    Http(BTreeSet<RequestClass>),
}

impl AdmitsMeaning {
    pub(super) fn of(admits: &Admits) -> AdmitsMeaning {
        match admits {
            Admits::Everything => AdmitsMeaning::Everything,
            Admits::Http(matches) => {
                AdmitsMeaning::Http(matches.iter().map(RequestClass::of).collect())
            }
        }
    }
}

/// What a split port does, by meaning: its condition and its reduced shares (zero weights
/// dropped, divided by their greatest common divisor; empty: refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SplitMeaning {
    condition: Option<BTreeSet<RequestClass>>,
    shares: BTreeMap<ServiceId, u64>,
}

impl SplitMeaning {
    pub(super) fn of(view: &SplitView) -> SplitMeaning {
        let mut shares: BTreeMap<ServiceId, u64> = BTreeMap::new();
        for b in view.backends.iter().filter(|b| b.weight > 0) {
            *shares.entry(b.service.clone()).or_default() += u64::from(b.weight);
        }
        let divisor = shares.values().fold(0, |g, w| gcd(g, *w)).max(1);
        shares.values_mut().for_each(|w| *w /= divisor);
        SplitMeaning {
            condition: view
                .condition
                .as_ref()
                .map(|c| c.iter().map(RequestClass::of).collect()),
            shares,
        }
    }
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Whether an edge admitting `new` (every endpoint must admit) admits nothing `old` denies:
/// each of `old`'s endpoints is at least as permissive as one of `new`'s.
pub(super) fn edge_within(new: &[AdmitsMeaning], old: &[AdmitsMeaning]) -> bool {
    !new.is_empty() && old.iter().all(|q| new.iter().any(|p| admits_within(p, q)))
}

fn admits_within(new: &AdmitsMeaning, old: &AdmitsMeaning) -> bool {
    match (new, old) {
        (_, AdmitsMeaning::Everything) => true,
        (AdmitsMeaning::Everything, AdmitsMeaning::Http(_)) => false,
        (AdmitsMeaning::Http(new), AdmitsMeaning::Http(old)) => {
            new.iter().all(|m| old.iter().any(|o| class_within(m, o)))
        }
    }
}

fn class_within(new: &RequestClass, old: &RequestClass) -> bool {
    methods_within(&new.methods, &old.methods)
        && old.headers.iter().all(|o| {
            new.headers
                .iter()
                .any(|n| n.name == o.name && value_within(&n.regex, &o.regex))
        })
        && match (&new.path, &old.path) {
            (_, None) => true,
            (None, Some(old)) => path_is_universal(old),
            (Some(new), Some(old)) => path_within(new, old),
        }
}

fn methods_within(new: &MethodSet, old: &MethodSet) -> bool {
    match (new, old) {
        (_, MethodSet::Any) => true,
        (MethodSet::Any, MethodSet::Only(old)) => Method::ALL.iter().all(|m| old.contains(m)),
        (MethodSet::Only(new), MethodSet::Only(old)) => new.is_subset(old),
    }
}

/// Whether a header value regex (whole-value match) accepts only values `old` accepts.
fn value_within(new: &str, old: &str) -> bool {
    new == old
        || old == ".*"
        || finite_language(new).is_some_and(|values| values.iter().all(|v| whole(old, v)))
}

fn path_within(new: &PathMatch, old: &PathMatch) -> bool {
    if new == old || path_is_universal(old) {
        return true;
    }
    match old.anchoring {
        // Full match: only a finite set of paths, each accepted, is provably inside.
        PathAnchoring::Full => {
            new.anchoring == PathAnchoring::Full
                && finite_language(&new.regex)
                    .is_some_and(|paths| paths.iter().all(|p| whole(&old.full_match_regex(), p)))
        }
        // Start-anchored `old` accepts every path that begins with a string it matches whole;
        // `new` is inside when every path it accepts begins with one of those.
        PathAnchoring::Start => {
            let starts = whole_matches_at_start(&old.regex);
            prefixes(&new.regex).is_some_and(|prefixes| {
                !prefixes.is_empty()
                    && prefixes
                        .iter()
                        .all(|p| starts.iter().any(|s| p.starts_with(s.as_bytes())))
            })
        }
    }
}

/// Whether the path condition accepts every path.
fn path_is_universal(p: &PathMatch) -> bool {
    match p.anchoring {
        // `^(?:re)` matches every path as soon as `re` matches the empty string (and no
        // assertion such as `$` restricts where).
        PathAnchoring::Start => parse(&p.regex).is_some_and(|hir| {
            hir.properties().minimum_len() == Some(0) && hir.properties().look_set().is_empty()
        }),
        PathAnchoring::Full => p.regex == ".*",
    }
}

fn parse(regex: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new().build().parse(regex).ok()
}

/// Byte strings every match of `regex` begins with (`None`: no finite set is known).
fn prefixes(regex: &str) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().extract(&parse(regex)?);
    seq.literals()
        .map(|lits| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Some strings `regex` matches whole: those of its longest leading part with a finite language
/// whose rest may match nothing (`/api` in `/api(/.*)?`). Empty when unknown.
fn whole_matches_at_start(regex: &str) -> BTreeSet<String> {
    let Some(hir) = parse(regex).filter(|h| h.properties().look_set().is_empty()) else {
        return BTreeSet::new();
    };
    let parts: Vec<Hir> = match hir.kind() {
        HirKind::Concat(parts) => parts.clone(),
        _ => vec![hir],
    };
    (0..=parts.len())
        .rev()
        .find_map(|k| {
            let rest = Hir::concat(parts[k..].to_vec());
            (rest.properties().minimum_len() == Some(0))
                .then(|| language(&Hir::concat(parts[..k].to_vec())))
                .flatten()
        })
        .unwrap_or_default()
}

/// Every string `regex` matches whole, when they are few and known.
fn finite_language(regex: &str) -> Option<BTreeSet<String>> {
    language(&parse(regex)?)
}

/// The language of `hir` when it is finite and small; `None` otherwise, and for any assertion.
fn language(hir: &Hir) -> Option<BTreeSet<String>> {
    const LIMIT: usize = 64;
    let small = |set: BTreeSet<String>| (set.len() <= LIMIT).then_some(set);
    match hir.kind() {
        HirKind::Empty => Some([String::new()].into()),
        HirKind::Literal(lit) => Some([String::from_utf8(lit.0.to_vec()).ok()?].into()),
        HirKind::Class(Class::Unicode(class)) => {
            let mut out = BTreeSet::new();
            for range in class.ranges() {
                for c in range.start()..=range.end() {
                    out.insert(c.to_string());
                    if out.len() > LIMIT {
                        return None;
                    }
                }
            }
            Some(out)
        }
        HirKind::Class(Class::Bytes(class)) => {
            let mut out = BTreeSet::new();
            for range in class.ranges() {
                for b in range.start()..=range.end() {
                    out.insert(char::from(b.is_ascii().then_some(b)?).to_string());
                    if out.len() > LIMIT {
                        return None;
                    }
                }
            }
            Some(out)
        }
        HirKind::Look(_) => None,
        HirKind::Capture(capture) => language(&capture.sub),
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|m| *m <= 8)?;
            let once = language(&rep.sub)?;
            let mut out = BTreeSet::new();
            let mut power: BTreeSet<String> = [String::new()].into();
            for k in 0..=max {
                if k >= rep.min {
                    out.extend(power.iter().cloned());
                }
                if k < max {
                    power = small(product(&power, &once))?;
                }
            }
            small(out)
        }
        HirKind::Concat(parts) => parts
            .iter()
            .try_fold([String::new()].into(), |acc: BTreeSet<String>, part| {
                small(product(&acc, &language(part)?))
            }),
        HirKind::Alternation(alternatives) => {
            let mut out = BTreeSet::new();
            for alternative in alternatives {
                out.extend(language(alternative)?);
            }
            small(out)
        }
    }
}

fn product(left: &BTreeSet<String>, right: &BTreeSet<String>) -> BTreeSet<String> {
    left.iter()
        .flat_map(|l| right.iter().map(move |r| format!("{l}{r}")))
        .collect()
}

fn whole(regex: &str, text: &str) -> bool {
    regex::Regex::new(&format!("^(?:{regex})$")).is_ok_and(|re| re.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(regex: &str, anchoring: PathAnchoring) -> PathMatch {
        PathMatch {
            regex: regex.into(),
            anchoring,
        }
    }

    use PathAnchoring::{Full, Start};

    #[test]
    fn path_inclusion_is_proved_or_refused() {
        for (new, old, within) in [
            (path("/api", Start), path("/api", Start), true),
            (path("/api", Full), path("/api", Start), true),
            (path("/api/items", Start), path("/api", Start), true),
            (path("/api/.*", Full), path("/api", Start), true),
            (
                path("/api/(a|b)", Start),
                path("/api/a|/api/b", Start),
                true,
            ),
            (path("/api/x", Start), path("/api.*", Start), true),
            (path("/ap", Start), path("/api", Start), false),
            (path("/api", Start), path("/api", Full), false),
            (path("/a|/b", Full), path("/[ab]", Full), true),
            (path("/a.*", Full), path("/a", Full), false),
            (path("/x", Start), path(".*", Start), true),
            (path("/api/x", Start), path("/api(/.*)?", Start), true),
            (path("/api", Start), path("/api$", Start), false),
            (path("/x", Start), path("$", Start), false),
            (path(".*", Full), path("/api", Start), false),
            (path("/ap?i", Start), path("/api", Start), false),
            (path("(?i)/api", Start), path("/api", Start), false),
        ] {
            assert_eq!(path_within(&new, &old), within, "{new:?} within {old:?}");
        }
    }

    #[test]
    fn header_and_method_inclusion() {
        assert!(value_within("alice", "alice|bob"));
        assert!(value_within("a.*", ".*"));
        assert!(!value_within("a.*", "a.*b|a.*"));
        assert!(!value_within("alice|mallory", "alice|bob"));
        let only = |m: &[Method]| MethodSet::Only(m.iter().copied().collect());
        assert!(methods_within(
            &only(&[Method::Get]),
            &only(&[Method::Get, Method::Post])
        ));
        assert!(!methods_within(&MethodSet::Any, &only(&[Method::Get])));
        assert!(methods_within(&MethodSet::Any, &only(&Method::ALL)));
    }

    #[test]
    fn a_narrower_match_is_within_and_a_missing_header_is_not() {
        let class = |path: Option<PathMatch>, headers: &[(&str, &str)]| RequestClass {
            path,
            methods: MethodSet::Any,
            headers: headers
                .iter()
                .map(|(name, regex)| HeaderMatch::new(name, *regex))
                .collect(),
        };
        let old = class(Some(path("/api", Start)), &[("x-user", "alice|bob")]);
        let narrower = class(
            Some(path("/api/items", Start)),
            &[("x-user", "alice"), ("x-b", "1")],
        );
        let no_header = class(Some(path("/api/items", Start)), &[]);
        assert!(class_within(&narrower, &old));
        assert!(!class_within(&no_header, &old));
        assert!(class_within(&no_header, &class(None, &[])));
        assert!(!class_within(&class(None, &[]), &no_header));
        let http = |c: &RequestClass| AdmitsMeaning::Http([c.clone()].into());
        assert!(admits_within(&http(&narrower), &AdmitsMeaning::Everything));
        assert!(!admits_within(&AdmitsMeaning::Everything, &http(&old)));
        // Every endpoint of the old edge must be at least as wide as one of the new edge's.
        assert!(edge_within(
            &[http(&narrower)],
            &[http(&old), AdmitsMeaning::Everything]
        ));
        assert!(!edge_within(&[http(&no_header)], &[http(&old)]));
        assert!(!edge_within(&[], &[http(&old)]));
    }
}
