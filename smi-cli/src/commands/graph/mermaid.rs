//! The view as a Mermaid flowchart (renders in GitHub and GitLab pull requests and docs).

use super::view::{EdgeKind, Node, View};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Text inside a quoted Mermaid label: entity codes for what would end or confuse it.
fn escape(text: &str) -> String {
    text.replace('&', "#amp;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('|', "#124;")
        .replace('`', "#96;")
}

fn lines(lines: &[String]) -> String {
    lines
        .iter()
        .map(|l| escape(l))
        .collect::<Vec<_>>()
        .join("<br/>")
}

/// The flowchart, left to right; node ids are `n0`, `n1`, … in node order.
pub fn render(view: &View) -> String {
    let ids: BTreeMap<String, String> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.key(), format!("n{i}")))
        .collect();
    let mut out = String::from("flowchart LR\n");
    for node in &view.nodes {
        let id = &ids[&node.key()];
        let label = lines(&node.lines());
        let _ = match node {
            Node::Identity { .. } => writeln!(out, "  {id}([\"{label}\"]):::identity"),
            Node::Service { .. } => writeln!(out, "  {id}[\"{label}\"]:::service"),
            Node::Error { .. } => writeln!(out, "  {id}>\"{label}\"]:::error"),
        };
    }
    for edge in &view.edges {
        let (Some(from), Some(to)) = (ids.get(&edge.from), ids.get(&edge.to)) else {
            continue;
        };
        let arrow = match edge.kind {
            EdgeKind::Access => "-->",
            EdgeKind::Split => "==>",
            EdgeKind::ServedBy | EdgeKind::Concerns => "-.->",
        };
        let label = match edge.kind {
            EdgeKind::ServedBy => vec!["runs as".to_owned()],
            _ => edge.label.clone(),
        };
        if label.is_empty() {
            let _ = writeln!(out, "  {from} {arrow} {to}");
        } else {
            let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", lines(&label));
        }
    }
    out.push_str("  classDef identity fill:#e8f0fe,stroke:#1a56db\n");
    out.push_str("  classDef service fill:#f3f4f6,stroke:#374151\n");
    out.push_str("  classDef error fill:#fde8e8,stroke:#c81e1e,color:#9b1c1c\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_cannot_break_out_of_their_quotes() {
        assert_eq!(escape("a\"b|c<d>`"), "a#quot;b#124;c#lt;d#gt;#96;");
    }
}
