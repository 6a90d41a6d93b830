//! Field path → line, by re-reading a YAML document with spans.
//!
//! Only used when there is something to report, so the common path parses each document once.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A YAML node that remembers where each child starts.
enum Node {
    Scalar,
    Seq(Vec<Spanned<Node>>),
    /// Entries with the line of their key.
    Map(Vec<(Spanned<KeyText>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML node")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyText>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key of any scalar type, as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar key")
            }
            fn visit_str<E>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_owned()))
            }
            fn visit_bool<E>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E>(self) -> Result<KeyText, E> {
                Ok(KeyText("null".into()))
            }
        }
        d.deserialize_any(V)
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        // `[n]` suffixes; a field name holding brackets of its own (`a]b`, `]`) is not an
        // index, and ends the walk rather than being sliced out of order.
        while let Some(inner) = rest.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            if let Ok(i) = inner[..close].parse() {
                out.push(Segment::Index(i));
            }
            rest = &inner[close + 1..];
        }
    }
    out
}

/// The 1-based line, within `yaml`, of the deepest node on `path` (`spec.backends[1].weight`).
///
/// Returns the line of the nearest existing ancestor when the path ends in a missing field, and
/// `None` when the text is not YAML. To look up many paths of one document, parse it once with
/// [`DocumentLines::parse`].
pub fn line_of_path(yaml: &str, path: &str) -> Option<usize> {
    DocumentLines::parse(yaml).line_of(path)
}

/// One YAML document parsed with the line of every node, for many [`line_of`](Self::line_of)
/// look-ups: a document with thousands of diagnostics is parsed once, not once per diagnostic.
pub struct DocumentLines {
    /// `None` when the text is not YAML.
    root: Option<Spanned<Node>>,
    breaks: LineBreaks,
}

impl DocumentLines {
    /// Parses `yaml`.
    pub fn parse(yaml: &str) -> DocumentLines {
        DocumentLines {
            root: serde_saphyr::from_str(yaml).ok(),
            breaks: LineBreaks::new(yaml),
        }
    }

    /// The 1-based line of the deepest node on `path`, as [`line_of_path`].
    pub fn line_of(&self, path: &str) -> Option<usize> {
        let root = self.root.as_ref()?;
        line_in(root, path).map(|line| self.breaks.newline_line(line))
    }
}

/// Turns the lines a YAML parser counts into the lines everything else counts.
///
/// A YAML parser ends a line at `\r\n`, `\n` and also at a lone `\r` (YAML's `b-break`);
/// `grep -n`, `sed`, most editors and every other line smi reports count `\n` only. Without a
/// lone `\r` the two agree; with one, a parser's line can lie past the end of the text.
#[derive(Clone, Debug, Default)]
pub(crate) struct LineBreaks {
    /// The `\n`-counted line of each parser line (index 0 is parser line 1); `None` when they
    /// are the same.
    newline_line_of: Option<Vec<usize>>,
}

impl LineBreaks {
    /// The line breaks of `text`.
    pub(crate) fn new(text: &str) -> LineBreaks {
        let bytes = text.as_bytes();
        let lone_cr = |at: usize| bytes[at] == b'\r' && bytes.get(at + 1) != Some(&b'\n');
        if !(0..bytes.len()).any(lone_cr) {
            return LineBreaks::default();
        }
        let mut newline_line = 1;
        let mut table = vec![newline_line];
        for (at, &byte) in bytes.iter().enumerate() {
            if byte == b'\n' {
                newline_line += 1;
                table.push(newline_line);
            } else if lone_cr(at) {
                table.push(newline_line);
            }
        }
        LineBreaks {
            newline_line_of: Some(table),
        }
    }

    /// The `\n`-counted line of the parser's 1-based `yaml_line`.
    pub(crate) fn newline_line(&self, yaml_line: usize) -> usize {
        let Some(table) = &self.newline_line_of else {
            return yaml_line;
        };
        match table.get(yaml_line.saturating_sub(1)) {
            Some(&line) => line,
            // Past the last break (a parser's "end of input"): the lines after it are `\n` lines.
            None => table.last().copied().unwrap_or(1) + yaml_line - table.len(),
        }
    }
}

impl fmt::Debug for DocumentLines {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DocumentLines")
    }
}

fn line_in(root: &Spanned<Node>, path: &str) -> Option<usize> {
    let mut node = root;
    let mut line = node.referenced.line();
    for segment in segments(path) {
        let next = match (&node.value, segment) {
            (Node::Map(entries), Segment::Key(k)) => entries
                .iter()
                .find(|(name, _)| name.value.0 == k)
                .map(|(name, v)| (name.referenced.line(), v)),
            (Node::Seq(items), Segment::Index(i)) => items.get(i).map(|v| (v.referenced.line(), v)),
            _ => None,
        };
        match next {
            Some((at, n)) => {
                node = n;
                line = at;
            }
            None => break,
        }
    }
    usize::try_from(line).ok().filter(|&l| l > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_with_brackets_of_their_own_are_not_indices() {
        for path in [
            "spec.]  matches",
            "a]b[1]",
            "spec.x[",
            "[]]",
            "spec.backends[1]]",
        ] {
            // No panic, whatever the path holds.
            let _ = segments(path);
        }
        assert!(matches!(
            segments("spec.backends[1].weight").as_slice(),
            [
                Segment::Key("spec"),
                Segment::Key("backends"),
                Segment::Index(1),
                Segment::Key("weight")
            ]
        ));
    }

    const DOC: &str = "kind: TrafficSplit\nspec:\n  service: a\n  backends:\n  - service: b\n    weight: 1\n  - service: c\n    weight: x\n";

    #[test]
    fn finds_nested_fields() {
        assert_eq!(line_of_path(DOC, "kind"), Some(1));
        assert_eq!(line_of_path(DOC, "spec.backends[1].weight"), Some(8));
        assert_eq!(line_of_path(DOC, "spec.backends[0]"), Some(5));
    }

    #[test]
    fn a_lone_carriage_return_ends_no_line_of_the_text() {
        // The parser sees four lines (`\r` ends one); the text has two `\n`-ended lines.
        let doc = "kind: a\r\rspec:\r\n  x: 1\n";
        assert_eq!(line_of_path(doc, "spec.x"), Some(2));
        assert_eq!(line_of_path(doc, "spec"), Some(1));
        let breaks = LineBreaks::new(doc);
        assert_eq!(
            (1..=6).map(|l| breaks.newline_line(l)).collect::<Vec<_>>(),
            [1, 1, 1, 2, 3, 4]
        );
        // `\r\n` alone changes nothing.
        assert_eq!(line_of_path("a: 1\r\nb:\r\n  c: 2\r\n", "b.c"), Some(3));
    }

    #[test]
    fn missing_field_points_at_its_parent() {
        assert_eq!(line_of_path(DOC, "spec.matches"), Some(2));
    }
}
