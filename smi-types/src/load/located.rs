//! Field path → line, by re-reading a YAML document with the line of every node.
//!
//! Only used when there is something to report, so the common path parses each document once.
//! The second reading runs the same event parser as the first ([`super::kubectl_yaml`]) and
//! names keys as it does, so a path the loader reports is found under the same key here.

use super::kubectl_yaml::{self, ALIAS_NODE_BUDGET, KeyEvent};
use serde_saphyr::granit_parser::Event;
use std::collections::HashMap;
use std::fmt;

/// A YAML node that remembers the line each child starts on.
#[derive(Clone)]
enum Node {
    Scalar,
    /// Items with the line each starts on.
    Seq(Vec<(usize, Node)>),
    /// Entries with their key as JSON writes it and the line of the key: the mapping's own
    /// entries first, then those `<<` merges in (earlier merged mappings first), so that the
    /// first entry found for a key is the one that sets it.
    Map(Vec<(String, usize, Node)>),
}

impl Node {
    fn size(&self) -> usize {
        match self {
            Node::Scalar => 1,
            Node::Seq(items) => 1 + items.iter().map(|(_, n)| n.size()).sum::<usize>(),
            Node::Map(entries) => 1 + entries.iter().map(|(_, _, n)| n.size()).sum::<usize>(),
        }
    }
}

/// A mapping's key: a scalar named as JSON writes it, the merge key, or one with no JSON
/// name (a collection), whose entry no path can reach.
enum Key {
    Named(String, usize),
    Merge,
    Unnamed,
}

/// A collection being read.
enum Frame {
    Seq {
        anchor: usize,
        line: usize,
        items: Vec<(usize, Node)>,
    },
    Map {
        anchor: usize,
        line: usize,
        entries: Vec<(String, usize, Node)>,
        merged: Vec<(String, usize, Node)>,
        key: Option<Key>,
    },
}

/// Reads `yaml` into nodes with lines; `None` when it is not YAML (or not one the loader
/// reads: over a budget, an alias to nothing).
fn parse(yaml: &str) -> Option<(usize, Node)> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut alias_nodes = 0usize;
    let mut root = None;
    for event in kubectl_yaml::events(yaml) {
        let (event, span) = event.ok()?;
        let line = span.start.line().max(1);
        let (anchor, node) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                if let Some(Frame::Map {
                    key: key @ None, ..
                }) = stack.last_mut()
                {
                    *key = Some(
                        match kubectl_yaml::key_event(&text, style, tag.as_deref()) {
                            KeyEvent::Named(name) => Key::Named(name, line),
                            KeyEvent::Merge => Key::Merge,
                            KeyEvent::Unnamed => Key::Unnamed,
                        },
                    );
                    if anchor != 0 {
                        anchors.insert(anchor, Node::Scalar);
                    }
                    continue;
                }
                (anchor, (line, Node::Scalar))
            }
            Event::SequenceStart(_, anchor, _) => {
                stack.push(Frame::Seq {
                    anchor,
                    line,
                    items: Vec::new(),
                });
                continue;
            }
            Event::MappingStart(_, anchor, _) => {
                stack.push(Frame::Map {
                    anchor,
                    line,
                    entries: Vec::new(),
                    merged: Vec::new(),
                    key: None,
                });
                continue;
            }
            Event::SequenceEnd => match stack.pop()? {
                Frame::Seq {
                    anchor,
                    line,
                    items,
                } => (anchor, (line, Node::Seq(items))),
                Frame::Map { .. } => return None,
            },
            Event::MappingEnd => match stack.pop()? {
                Frame::Map {
                    anchor,
                    line,
                    mut entries,
                    merged,
                    key: None,
                } => {
                    entries.extend(merged);
                    (anchor, (line, Node::Map(entries)))
                }
                _ => return None,
            },
            Event::Alias(id) => {
                let node = anchors.get(&id)?.clone();
                alias_nodes += node.size();
                if alias_nodes > ALIAS_NODE_BUDGET {
                    return None;
                }
                (0, (line, node))
            }
            // Stream and document markers, comments: no data.
            _ => continue,
        };
        if anchor != 0 {
            anchors.insert(anchor, node.1.clone());
        }
        complete(&mut stack, &mut root, node);
    }
    root
}

/// A node is read: it goes into the collection being read, or is the document.
fn complete(stack: &mut [Frame], root: &mut Option<(usize, Node)>, (line, node): (usize, Node)) {
    match stack.last_mut() {
        None => *root = Some((line, node)),
        Some(Frame::Seq { items, .. }) => items.push((line, node)),
        Some(Frame::Map {
            key: key @ None, ..
        }) => {
            // A collection as a key: no JSON name.
            *key = Some(Key::Unnamed);
        }
        Some(Frame::Map {
            entries,
            merged,
            key,
            ..
        }) => match key.take() {
            Some(Key::Named(name, key_line)) => entries.push((name, key_line, node)),
            Some(Key::Merge) => match node {
                Node::Map(from) => merged.extend(from),
                Node::Seq(maps) => {
                    for (_, map) in maps {
                        if let Node::Map(from) = map {
                            merged.extend(from);
                        }
                    }
                }
                Node::Scalar => {}
            },
            Some(Key::Unnamed) | None => {}
        },
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
    /// The document's node and the line it starts on; `None` when the text is not YAML.
    root: Option<(usize, Node)>,
    breaks: LineBreaks,
}

impl DocumentLines {
    /// Parses `yaml`.
    pub fn parse(yaml: &str) -> DocumentLines {
        DocumentLines {
            root: parse(yaml),
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

fn line_in(root: &(usize, Node), path: &str) -> Option<usize> {
    let (mut line, mut node) = (root.0, &root.1);
    for segment in segments(path) {
        let next = match (node, segment) {
            (Node::Map(entries), Segment::Key(k)) => entries
                .iter()
                .find(|(name, _, _)| name == k)
                .map(|(_, at, v)| (*at, v)),
            (Node::Seq(items), Segment::Index(i)) => items.get(i).map(|(at, v)| (*at, v)),
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
    Some(line).filter(|&l| l > 0)
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
    fn keys_are_named_as_the_loader_names_them() {
        // go-yaml v2 reads `on` as true and `0x1F` as 31; the loader's paths say so.
        let doc = "spec:\n  on:\n    x: 1\n  0x1F: a\n  \"0x1F\": b\n";
        assert_eq!(line_of_path(doc, "spec.true.x"), Some(3));
        assert_eq!(line_of_path(doc, "spec.31"), Some(4));
        assert_eq!(line_of_path(doc, "spec.0x1F"), Some(5));
        // A key with no JSON name leads nowhere: its parent's line.
        assert_eq!(line_of_path("a:\n  [1]: x\n  ~: y\n", "a.null"), Some(1));
    }

    #[test]
    fn merged_and_aliased_fields_are_found_where_they_are_written() {
        let doc = "base: &b\n  port: 80\n  name: x\nspec:\n  <<: *b\n  name: y\nlist:\n- *b\n";
        // The mapping's own key wins over a merged one; a merged one is at its definition.
        assert_eq!(line_of_path(doc, "spec.name"), Some(6));
        assert_eq!(line_of_path(doc, "spec.port"), Some(2));
        assert_eq!(line_of_path(doc, "list[0].port"), Some(2));
        assert_eq!(line_of_path(doc, "list[0]"), Some(8));
        let earlier_wins = "a: &a {k: 1}\nb: &b {k: 2}\nc:\n  <<: [*a, *b]\n";
        assert_eq!(line_of_path(earlier_wins, "c.k"), Some(1));
    }

    #[test]
    fn text_that_is_not_yaml_has_no_lines() {
        assert_eq!(line_of_path("a: [1", "a"), None);
        assert_eq!(line_of_path("a: *nowhere", "a"), None);
        assert_eq!(line_of_path("", "a"), None);
    }

    #[test]
    fn missing_field_points_at_its_parent() {
        assert_eq!(line_of_path(DOC, "spec.matches"), Some(2));
    }
}
