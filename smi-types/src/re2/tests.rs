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
