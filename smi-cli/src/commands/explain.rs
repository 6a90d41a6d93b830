//! `smi explain`: what a diagnostic code means and what reports it.

use crate::Outcome;
use smi_translate::codes;

/// `smi explain` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A diagnostic code, e.g. `port-out-of-range`; without one, every code is listed.
    #[arg(value_name = "CODE")]
    code: Option<String>,
}

/// How many near matches an unknown code is answered with.
const SUGGESTIONS: usize = 5;

/// Runs `smi explain`.
pub fn run(args: &Args) -> Outcome {
    let Some(code) = &args.code else {
        let mut listed = std::collections::BTreeSet::new();
        let mut text = String::new();
        for (_, info) in codes::all() {
            if listed.insert(info.code) {
                text.push_str(&format!("{}: {}\n", info.code, info.summary));
            }
        }
        return crate::output::print(&text).map_or_else(|outcome| outcome, |()| Outcome::Clean);
    };
    match codes::explain(code) {
        Some((info, producers)) => {
            let producers: Vec<String> = producers.iter().map(ToString::to_string).collect();
            let text = format!(
                "{}: {}\nreported by: {}\n",
                info.code,
                info.summary,
                producers.join(", ")
            );
            crate::output::print(&text).map_or_else(|outcome| outcome, |()| Outcome::Clean)
        }
        None => {
            eprintln!("error: `{code}` is not a diagnostic code");
            let near = near_matches(code);
            if near.is_empty() {
                eprintln!("  = help: `smi explain` lists every code");
            } else {
                eprintln!("  = help: did you mean {}?", near.join(", "));
            }
            Outcome::UsageError
        }
    }
}

/// Known codes close to `code` (a few edits away, or one containing the other), nearest first.
fn near_matches(code: &str) -> Vec<String> {
    let mut scored: Vec<(usize, &str)> = codes::all()
        .map(|(_, info)| info.code)
        .filter_map(|known| {
            let distance = edit_distance(code, known);
            let close = distance <= (known.len() / 3).max(2)
                || known.contains(code)
                || code.contains(known);
            close.then_some((distance, known))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, known)| format!("`{known}`"))
        .collect()
}

/// Levenshtein distance over bytes (codes are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut current = vec![i + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(edit_distance("port", "port"), 0);
        assert_eq!(edit_distance("port", "ports"), 1);
        assert_eq!(edit_distance("port", "pot"), 1);
        assert_eq!(edit_distance("port", "part"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn a_misspelt_code_is_answered_with_the_code_meant() {
        assert_eq!(near_matches("port-out-of-rage")[0], "`port-out-of-range`");
        // One per backend: each has its own `…-weights-scaled`.
        assert_eq!(near_matches("weights-scaled").len(), 4);
        assert!(near_matches("zzzzzzzzzzzzzzzzzzzz").is_empty());
    }
}
