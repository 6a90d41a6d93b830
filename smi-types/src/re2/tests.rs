use super::*;

#[test]
fn sizes_of_small_regexes() {
    for (regex, size) in [
        ("", 4),
        ("a", 5),
        ("^abc", 4),
        ("a+", 6),
        ("(a)", 7),
        ("[a-zA-Z0-9_-]", 8),
        (".", 12),
        ("(?:/api/.*).*", 17),
    ] {
        assert_eq!(
            program_size(regex),
            Ok(ProgramSize {
                instructions: size,
                exact: true
            }),
            "{regex}"
        );
    }
}

#[test]
fn shared_utf8_sequences_are_over_estimated() {
    let size = program_size("\\p{Greek}").expect("compiles");
    assert!(!size.exact);
    assert!(size.instructions >= 66, "{size:?}");
}

#[test]
fn what_re2_refuses() {
    for (regex, kind) in [
        ("a{1001}", RejectionKind::RepeatSize),
        ("(a{100}){11}", RejectionKind::RepeatSize),
        ("a**", RejectionKind::BadRepetition),
        ("(?x)a", RejectionKind::Unsupported),
        ("\\p{Letter}", RejectionKind::Unsupported),
        ("[[a]]", RejectionKind::Unsupported),
        ("(?=a)", RejectionKind::Syntax),
    ] {
        assert_eq!(
            program_size(regex).map_err(|r| r.kind),
            Err(kind),
            "{regex}"
        );
    }
    assert!(program_size("(a{100}){10}").is_ok());
}

proptest::proptest! {
    /// Any text gets an answer, never a panic: a size (at least the fail and match
    /// instructions, unless nothing can match) or a refusal; the larger of two readings never
    /// comes from a refused one.
    #[test]
    fn any_text_gets_an_answer(regex in "[ -~éλ→]{0,24}") {
        for encoding in [Encoding::Utf8, Encoding::Latin1] {
            if let Ok(size) = program_size_in(&regex, encoding) {
                proptest::prop_assert!(size.instructions >= 1, "{regex:?}: {size:?}");
            }
        }
    }

    /// Repetitions of an ASCII literal cost one instruction per copy, as RE2 counts them: the
    /// unanchored program is the fail instruction, the any-byte loop (two), the copies and the
    /// match instruction.
    #[test]
    fn counted_literals_cost_one_instruction_each(count in 2u32..=1000) {
        let size = program_size(&format!("x{{{count}}}")).expect("compiles");
        proptest::prop_assert_eq!(size, ProgramSize { instructions: count as usize + 4, exact: true });
    }
}
