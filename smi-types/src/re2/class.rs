//! Character classes as RE2 holds them (code points 0–0x10FFFF, surrogates included, as RE2's
//! runes are), and the UTF-8 byte ranges RE2 compiles them to.

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

/// The largest code point.
const MAX_RUNE: u32 = 0x10FFFF;

/// A set of code points: sorted, merged, inclusive ranges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Class {
    ranges: Vec<(u32, u32)>,
}

/// How RE2 compiles a class: one byte range per ASCII range (an ASCII letter range in both
/// cases is one range that ignores case), the rest as UTF-8 sequences.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct ClassBytes {
    /// Byte ranges for the ASCII part (in Latin-1, for every range).
    pub(super) ascii: usize,
    /// Whether the class holds all of 0x80–0x10FFFF, which RE2 compiles to six instructions:
    /// three leading-byte ranges and three shared continuation ranges.
    pub(super) all_above_ascii: bool,
    /// The length in bytes of each UTF-8 sequence of byte ranges for the rest.
    pub(super) sequences: Vec<usize>,
}

impl ClassBytes {
    /// Whether RE2 compiles the class to exactly these ranges: it shares leading bytes and
    /// continuation bytes between sequences, so with two or more the model (which shares
    /// nothing) over-estimates.
    pub(super) fn exact(&self) -> bool {
        self.sequences.len() <= 1
    }
}

impl Class {
    /// The class of `ranges` (in any order, overlapping or not).
    pub(super) fn from_ranges(ranges: Vec<(u32, u32)>) -> Class {
        let mut class = Class { ranges: Vec::new() };
        for (lo, hi) in ranges {
            class.add(lo, hi);
        }
        class
    }

    /// Adds `lo..=hi`.
    pub(super) fn add(&mut self, lo: u32, hi: u32) {
        let (lo, hi) = (lo.min(hi), hi.max(lo).min(MAX_RUNE));
        self.ranges.push((lo, hi));
        self.ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(lo, hi) in &self.ranges {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        self.ranges = merged;
    }

    /// Adds every code point of `other`.
    pub(super) fn add_class(&mut self, other: &Class) {
        for &(lo, hi) in &other.ranges {
            self.add(lo, hi);
        }
    }

    /// Every code point not in the class.
    pub(super) fn negated(&self) -> Class {
        let mut ranges = Vec::new();
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                ranges.push((next, lo - 1));
            }
            next = hi + 1;
        }
        if next <= MAX_RUNE {
            ranges.push((next, MAX_RUNE));
        }
        Class { ranges }
    }

    /// The code points of the class that are not in `other`.
    pub(super) fn minus(&self, other: &Class) -> Class {
        let mut out = self.negated();
        out.add_class(other);
        out.negated()
    }

    /// The class with every simple case folding of its characters added, as RE2 adds them in
    /// case-insensitive mode.
    pub(super) fn folded(&self) -> Class {
        let chars: Vec<ClassUnicodeRange> = self
            .ranges
            .iter()
            .flat_map(|&(lo, hi)| {
                // Surrogates are not `char`s and have no case.
                [(lo, hi.min(0xD7FF)), (lo.max(0xE000), hi)]
            })
            .filter(|(lo, hi)| lo <= hi)
            .filter_map(|(lo, hi)| {
                Some(ClassUnicodeRange::new(
                    char::from_u32(lo)?,
                    char::from_u32(hi)?,
                ))
            })
            .collect();
        let mut unicode = ClassUnicode::new(chars);
        unicode.case_fold_simple();
        let mut out = self.clone();
        for range in unicode.ranges() {
            out.add(range.start() as u32, range.end() as u32);
        }
        out
    }

    /// The class with the other ASCII case of its ASCII letters added.
    pub(super) fn folded_ascii(&self) -> Class {
        let mut out = self.clone();
        for &(lo, hi) in &self.ranges {
            for c in lo..=hi.min(0x7F) {
                let Some(c) = char::from_u32(c) else { continue };
                if c.is_ascii_alphabetic() {
                    let other = if c.is_ascii_lowercase() {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    };
                    out.add(other as u32, other as u32);
                }
            }
        }
        out
    }

    /// The code points of the class up to `max`.
    pub(super) fn clipped(&self, max: u32) -> Class {
        Class {
            ranges: self
                .ranges
                .iter()
                .filter(|(lo, _)| *lo <= max)
                .map(|&(lo, hi)| (lo, hi.min(max)))
                .collect(),
        }
    }

    /// The one character of the class, if it has one only.
    pub(super) fn single(&self) -> Option<char> {
        match self.ranges.as_slice() {
            [(lo, hi)] if lo == hi => char::from_u32(*lo),
            _ => None,
        }
    }

    /// The lower-case letter of a class that is one ASCII letter in both cases (`[Aa]`).
    pub(super) fn ascii_letter_pair(&self) -> Option<char> {
        match self.ranges.as_slice() {
            [(upper, upper_end), (lower, lower_end)]
                if upper == upper_end
                    && lower == lower_end
                    && (0x41..=0x5A).contains(upper)
                    && *lower == upper + 0x20 =>
            {
                char::from_u32(*lower)
            }
            _ => None,
        }
    }

    /// Whether the class holds each ASCII letter in both cases or in neither.
    fn folds_ascii(&self) -> bool {
        (b'A'..=b'Z').all(|upper| {
            self.contains(u32::from(upper)) == self.contains(u32::from(upper.to_ascii_lowercase()))
        })
    }

    fn contains(&self, c: u32) -> bool {
        self.ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
    }

    /// The byte ranges RE2 compiles the class to, reading `encoding` (a Latin-1 class is
    /// clipped to 0xFF already: one byte range per range).
    pub(super) fn bytes(&self, encoding: super::Encoding) -> ClassBytes {
        let folds_ascii = self.folds_ascii();
        let mut out = ClassBytes {
            ascii: 0,
            all_above_ascii: false,
            sequences: Vec::new(),
        };
        for &(lo, hi) in &self.ranges {
            // The upper-case range is covered by the case-ignoring lower-case one.
            if folds_ascii && 0x41 <= lo && hi <= 0x5A {
                continue;
            }
            match encoding {
                super::Encoding::Utf8 => split_utf8(lo, hi, &mut out),
                super::Encoding::Latin1 => out.ascii += 1,
            }
        }
        out
    }
}

/// The largest code point of each UTF-8 length.
const MAX_OF_LENGTH: [u32; 3] = [0x7F, 0x7FF, 0xFFFF];

/// Splits `lo..=hi` as RE2 does into ranges whose UTF-8 forms are one sequence of byte ranges.
fn split_utf8(lo: u32, hi: u32, out: &mut ClassBytes) {
    if lo > hi {
        return;
    }
    if lo == 0x80 && hi == MAX_RUNE {
        out.all_above_ascii = true;
        return;
    }
    for max in MAX_OF_LENGTH {
        if lo <= max && max < hi {
            split_utf8(lo, max, out);
            split_utf8(max + 1, hi, out);
            return;
        }
    }
    if hi < 0x80 {
        out.ascii += 1;
        return;
    }
    for i in 1..4 {
        let m = (1u32 << (6 * i)) - 1;
        if lo & !m != hi & !m {
            if lo & m != 0 {
                split_utf8(lo, lo | m, out);
                split_utf8((lo | m) + 1, hi, out);
                return;
            }
            if hi & m != m {
                split_utf8(lo, (hi & !m) - 1, out);
                split_utf8(hi & !m, hi, out);
                return;
            }
        }
    }
    out.sequences.push(utf8_length(lo));
}

/// The length of `c`'s UTF-8 form (surrogates as three bytes, as RE2 encodes them).
pub(super) fn utf8_length(c: u32) -> usize {
    match c {
        0..=0x7F => 1,
        0x80..=0x7FF => 2,
        0x800..=0xFFFF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_letters_in_both_cases_are_one_range() {
        let word = Class::from_ranges(vec![(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)]);
        assert_eq!(word.bytes(crate::re2::Encoding::Utf8).ascii, 3);
        let upper = Class::from_ranges(vec![(0x41, 0x5A)]);
        assert_eq!(upper.bytes(crate::re2::Encoding::Utf8).ascii, 1);
    }

    #[test]
    fn everything_but_newline_is_two_ascii_ranges_and_the_shared_rest() {
        let dot =
            Class::from_ranges(vec![(0, MAX_RUNE)]).minus(&Class::from_ranges(vec![(10, 10)]));
        assert_eq!(
            dot.bytes(crate::re2::Encoding::Utf8),
            ClassBytes {
                ascii: 2,
                all_above_ascii: true,
                sequences: vec![]
            }
        );
    }

    #[test]
    fn ranges_split_where_their_utf8_forms_differ_in_length_or_leading_bytes() {
        // U+00E0–U+00FF is C3 A0–BF: one sequence of two bytes.
        assert_eq!(
            Class::from_ranges(vec![(0xE0, 0xFF)])
                .bytes(crate::re2::Encoding::Utf8)
                .sequences,
            vec![2]
        );
        // U+07F0–U+0800 crosses from two bytes to three.
        assert_eq!(
            Class::from_ranges(vec![(0x7F0, 0x800)])
                .bytes(crate::re2::Encoding::Utf8)
                .sequences,
            vec![2, 3]
        );
    }

    #[test]
    fn case_folding_adds_the_other_cases() {
        let k = Class::from_ranges(vec![(0x6B, 0x6B)]).folded();
        assert_eq!(k.ranges, vec![(0x4B, 0x4B), (0x6B, 0x6B), (0x212A, 0x212A)]);
        assert_eq!(
            Class::from_ranges(vec![(0x61, 0x61)])
                .folded()
                .ascii_letter_pair(),
            Some('a')
        );
    }
}
