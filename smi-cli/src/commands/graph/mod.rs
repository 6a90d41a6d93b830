//! `smi graph`: who may call whom, splits with their weights, and objects with errors, as a
//! Mermaid or Graphviz DOT diagram (or the drawing's nodes and edges as JSON with `-o json`).

mod dot;
mod mermaid;
mod view;

use super::answer;
use super::lowering::LoweringArgs;
use crate::{Format, InputArgs, Outcome};
use view::View;

/// Diagram languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Diagram {
    /// A Mermaid flowchart: renders in pull requests and Markdown docs.
    Mermaid,
    /// Graphviz DOT: `smi graph --format dot … | dot -Tsvg > mesh.svg`.
    Dot,
}

/// `smi graph` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Diagram language (`-o json` prints the drawing's nodes and edges instead).
    #[arg(long, value_enum, default_value_t = Diagram::Mermaid)]
    format: Diagram,
    /// Draw only what lies in this namespace, with the edges that leave it; repeat for several.
    #[arg(long = "only-namespace", value_name = "NS")]
    only_namespaces: Vec<String>,
    /// Draw only this identity or Service (`NS/NAME`; both when they share the name) and what
    /// is one edge away.
    #[arg(long, value_name = "NS/NAME")]
    focus: Option<String>,
    #[command(flatten)]
    lowering: LoweringArgs,
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi graph`.
pub fn run(args: &Args, format: Format) -> Outcome {
    let lowered = match answer::lower(&args.input, &args.lowering) {
        Ok(lowered) => lowered,
        Err(outcome) => return outcome,
    };
    let mut diagnostics = lowered.inventory_diagnostics;
    diagnostics.extend(lowered.graph.all_diagnostics());
    let mut view = View::of(&lowered.graph, &diagnostics).only_namespaces(&args.only_namespaces);
    if let Some(focus) = &args.focus {
        if !view.has(focus) {
            eprintln!("error: no identity or Service `{focus}` to focus on");
            return Outcome::InputErrors;
        }
        view = view.focus(focus);
    }
    let text = match (format, args.format) {
        (Format::Json, _) => serde_json::to_string_pretty(&view)
            .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |s| s + "\n"),
        (Format::Yaml, Diagram::Mermaid) => mermaid::render(&view),
        (Format::Yaml, Diagram::Dot) => dot::render(&view),
    };
    answer::finish(&text, lowered.load_errors)
}
