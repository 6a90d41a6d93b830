//! Graph regexes → route regexes a target's engines read as the graph means them.
//!
//! The graph's regexes are RE2's dialect: its Perl classes (`\d`, `\w`, `\s`) and word boundaries
//! are ASCII, where the Rust `regex` crate's are Unicode (`\d` also matches `٣`). Both targets
//! therefore get the Perl classes spelt out in ASCII. They differ in who reads the route:
//!
//! * [`Readers::RustRegex`]: only the Rust `regex` crate (Linkerd's route engine). Whatever it
//!   accepts is kept as written; word boundaries become ASCII ones (`(?-u:\b)`), and a Perl class
//!   inside brackets becomes a nested class (`[\d.]` → `[[0-9].]`), which Rust accepts.
//! * [`Readers::Re2AndRustRegex`]: any Gateway API implementation, so RE2 (Envoy-based meshes)
//!   and Rust alike. Also written as RE2 means it where the two read the same text differently
//!   (a `[` inside brackets is a literal, `&&` and `~~` are literals), and refused where no
//!   spelling is read alike: word boundaries, `\Q…\E`, octal escapes, `--` inside brackets, a
//!   negated Perl class inside brackets.

/// Which regex engines must read a route regex as the graph means it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Readers {
    /// The Rust `regex` crate only (Linkerd).
    RustRegex,
    /// RE2 and the Rust `regex` crate (any Gateway API implementation).
    Re2AndRustRegex,
}

/// A Perl class escape's ASCII set, and whether it is negated (`\D`).
fn perl_class(escape: char) -> Option<(&'static str, bool)> {
    match escape {
        'd' => Some(("0-9", false)),
        'D' => Some(("0-9", true)),
        'w' => Some(("0-9A-Za-z_", false)),
        'W' => Some(("0-9A-Za-z_", true)),
        's' => Some(("\\t\\n\\f\\r ", false)),
        'S' => Some(("\\t\\n\\f\\r ", true)),
        _ => None,
    }
}

/// What makes an escape read differently by RE2 and Rust, if anything.
fn unportable_escape(escape: char) -> Option<&'static str> {
    match escape {
        'b' | 'B' => Some("a word boundary"),
        'Q' | 'E' => Some("`\\Q…\\E` quoting"),
        'C' => Some("`\\C`"),
        '0'..='9' => Some("an octal or back-reference escape"),
        'a' | 'f' | 't' | 'n' | 'r' | 'v' | 'A' | 'z' | 'p' | 'P' | 'x' => None,
        e if e.is_ascii_alphanumeric() => Some("an unknown escape"),
        _ => None,
    }
}

/// `re` rewritten so that `readers` read it as RE2 means it (see the module documentation).
pub(crate) fn rewrite(re: &str, readers: Readers) -> Result<String, String> {
    let portable = readers == Readers::Re2AndRustRegex;
    let refuse = |what: &str| {
        Err(format!(
            "the regex `{re}` uses {what}, which regex engines of Gateway API implementations read differently"
        ))
    };
    let mut out = String::with_capacity(re.len());
    let mut chars = re.chars().peekable();
    // Inside a bracket class, and whether the class just started (a `]` there is literal). Only
    // tracked for RE2 and Rust together: Rust alone reads brackets as written.
    let mut in_class = false;
    let mut class_start = false;
    while let Some(c) = chars.next() {
        let started = class_start;
        class_start = false;
        if c == '\\' {
            let Some(e) = chars.next() else {
                if portable {
                    return refuse("a trailing backslash");
                }
                // Rust rejects it when the route regex is parsed.
                out.push('\\');
                continue;
            };
            if let Some((set, negated)) = perl_class(e) {
                if portable && in_class {
                    if negated {
                        return refuse("a negated Perl class inside brackets");
                    }
                    out.push_str(set);
                } else {
                    out.push('[');
                    if negated {
                        out.push('^');
                    }
                    out.push_str(set);
                    out.push(']');
                }
                continue;
            }
            match readers {
                Readers::RustRegex if e == 'b' || e == 'B' => {
                    out.push_str("(?-u:\\");
                    out.push(e);
                    out.push(')');
                }
                Readers::RustRegex => {
                    out.push('\\');
                    out.push(e);
                }
                Readers::Re2AndRustRegex => {
                    if let Some(what) = unportable_escape(e) {
                        return refuse(what);
                    }
                    out.push('\\');
                    out.push(e);
                }
            }
            continue;
        }
        if !portable {
            out.push(c);
            continue;
        }
        match c {
            '[' if !in_class => {
                in_class = true;
                class_start = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    chars.next();
                    out.push('^');
                }
            }
            '[' => {
                if chars.peek() == Some(&':') {
                    // A POSIX class `[:alpha:]`: the same in both.
                    out.push('[');
                    for p in chars.by_ref() {
                        out.push(p);
                        if p == ']' {
                            break;
                        }
                    }
                } else {
                    // RE2: a literal `[`; Rust: a nested class.
                    out.push_str("\\[");
                }
            }
            ']' if in_class && !started => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' if in_class => {
                // Rust reads `&&` and `~~` as class set operations; RE2 as literals.
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && chars.peek() == Some(&'-') => {
                return refuse("`--` inside brackets");
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

/// `^(?:re)$` rewritten for `readers`, within `limit` characters, and parsed to be sure.
pub(crate) fn anchored(re: &str, limit: usize, readers: Readers) -> Result<String, String> {
    let wrapped = format!("^(?:{})$", rewrite(re, readers)?);
    if wrapped.len() > limit {
        return Err(format!(
            "the regex `{re}` is longer than the CRD allows ({limit} characters once anchored)"
        ));
    }
    regex_syntax::Parser::new()
        .parse(&wrapped)
        .map_err(|e| match readers {
            Readers::RustRegex => {
                format!("the regex `{re}` is not valid for Linkerd's regex engine: {e}")
            }
            Readers::Re2AndRustRegex => {
                format!("the regex `{re}` does not parse once made portable: {e}")
            }
        })?;
    Ok(wrapped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::gateway_api::MAX_PATH;
    use Readers::{Re2AndRustRegex, RustRegex};

    fn rust(re: &str) -> String {
        rewrite(re, RustRegex).expect("Rust takes every regex here")
    }

    #[test]
    fn perl_classes_are_ascii_as_in_re2_for_rust() {
        assert_eq!(rust(r"/v\d+/\w"), "/v[0-9]+/[0-9A-Za-z_]");
        assert_eq!(rust(r"[\d.]\\d\b"), r"[[0-9].]\\d(?-u:\b)");
        assert_eq!(rust(r"\S\.x\"), r"[^\t\n\f\r ]\.x\");
        assert_eq!(rust(r"[a[b]&&~~--\Q\1"), r"[a[b]&&~~--\Q\1");
        for re in [r"/v\d+", r"[\d\W]", r"a\bb\B", r"\s*"] {
            // Still valid Rust regex syntax (nested classes, ASCII word boundaries).
            anchored(re, MAX_PATH, RustRegex).expect("valid for Rust regex");
        }
        assert!(anchored(r"a\", MAX_PATH, RustRegex).is_err());
        assert!(anchored(r"(?<=a)b", MAX_PATH, RustRegex).is_err());
    }

    #[test]
    fn regexes_are_made_portable_as_re2_reads_them() {
        let portable = |re| rewrite(re, Re2AndRustRegex);
        assert_eq!(
            portable(r"/v\d+/\w").as_deref(),
            Ok("/v[0-9]+/[0-9A-Za-z_]")
        );
        assert_eq!(portable(r"[\d.]x").as_deref(), Ok("[0-9.]x"));
        assert_eq!(portable(r"[a[b]").as_deref(), Ok(r"[a\[b]"));
        assert_eq!(portable(r"[]a]").as_deref(), Ok("[]a]"));
        assert_eq!(portable(r"[[:alpha:]]").as_deref(), Ok("[[:alpha:]]"));
        assert_eq!(portable(r"[a&&b]").as_deref(), Ok(r"[a\&\&b]"));
        for unportable in [r"a\bb", r"[\D]", r"\Qa.b\E", r"\1", r"a\", r"[a--b]", r"\y"] {
            assert!(portable(unportable).is_err(), "{unportable}");
        }
        for re in [r"/v\d+", r"[\d.]", r"[a[b]", r"[a&&b]", r"\S+"] {
            anchored(re, MAX_PATH, Re2AndRustRegex).expect("parses");
        }
    }

    #[test]
    fn anchored_regexes_respect_the_limit() {
        let long = "a".repeat(1100);
        for readers in [RustRegex, Re2AndRustRegex] {
            assert!(anchored(&long, MAX_PATH, readers).is_err());
            assert_eq!(
                anchored("a|ab", MAX_PATH, readers).as_deref(),
                Ok("^(?:a|ab)$")
            );
        }
    }
}
