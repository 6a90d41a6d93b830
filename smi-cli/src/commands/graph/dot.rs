//! The view in Graphviz DOT (`dot -Tsvg` draws it).

use super::view::{EdgeKind, Node, View};
use std::fmt::Write as _;

/// A DOT double-quoted string, label lines joined with `\n`.
fn quote(lines: &[String]) -> String {
    let escaped: Vec<String> = lines
        .iter()
        .map(|l| l.replace('\\', "\\\\").replace('"', "\\\""))
        .collect();
    format!("\"{}\"", escaped.join("\\n"))
}

fn id(key: &str) -> String {
    quote(&[key.to_owned()])
}

/// The digraph, left to right.
pub fn render(view: &View) -> String {
    let mut out = String::from(
        "digraph smi {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for node in &view.nodes {
        let style = match node {
            Node::Identity { .. } => {
                "shape=ellipse, style=filled, fillcolor=\"#e8f0fe\", color=\"#1a56db\""
            }
            Node::Service { .. } => {
                "shape=box, style=filled, fillcolor=\"#f3f4f6\", color=\"#374151\""
            }
            Node::Error { .. } => {
                "shape=note, style=filled, fillcolor=\"#fde8e8\", color=\"#c81e1e\", fontcolor=\"#9b1c1c\""
            }
        };
        let _ = writeln!(
            out,
            "  {} [label={}, {style}];",
            id(&node.key()),
            quote(&node.lines())
        );
    }
    for edge in &view.edges {
        let style = match edge.kind {
            EdgeKind::Access => "color=\"#1a56db\"",
            EdgeKind::Split => "style=bold, color=\"#047857\", fontcolor=\"#047857\"",
            EdgeKind::ServedBy => "style=dashed, color=\"#6b7280\", fontcolor=\"#6b7280\"",
            EdgeKind::Concerns => "style=dotted, color=\"#c81e1e\"",
        };
        let label = match edge.kind {
            EdgeKind::ServedBy => vec!["runs as".to_owned()],
            _ => edge.label.clone(),
        };
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, {style}];",
            id(&edge.from),
            id(&edge.to),
            quote(&label)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(
            quote(&["a\"b".into(), "c\\d".into()]),
            "\"a\\\"b\\nc\\\\d\""
        );
    }
}
