//! What `check`, `diff` and `graph` share: the inputs read into the mesh graph with their load
//! problems reported, and the answer printed with the exit status it earns.

use super::Workspace;
use super::lowering::{self, LoweringArgs};
use crate::{InputArgs, Outcome};
use smi_translate::MeshGraph;
use smi_types::Diagnostic;

/// The inputs, lowered.
pub struct Lowered {
    /// The mesh graph.
    pub graph: MeshGraph,
    /// What reading the inventory reported (the graph's own diagnostics are in the graph).
    pub inventory_diagnostics: Vec<Diagnostic>,
    /// How many load errors were reported (objects that could not be read).
    pub load_errors: usize,
}

/// Reads the inputs, reports their load problems on stderr, and lowers them.
pub fn lower(input: &InputArgs, lowering: &LoweringArgs) -> Result<Lowered, Outcome> {
    let workspace = Workspace::from_args(input, false)?;
    let mut reporter = input.reporter(Default::default());
    workspace.report_load_problems(&mut reporter);
    reporter.finish();
    if let Some(hint) = lowering.dialect_hint(&workspace) {
        eprintln!("{hint}");
    }
    let (graph, inventory_diagnostics) = lowering::lower(&workspace, &lowering.options());
    Ok(Lowered {
        graph,
        inventory_diagnostics,
        load_errors: reporter.errors,
    })
}

/// Prints `text`; exit 1 when inputs had load errors (the answer is about what could be read).
pub fn finish(text: &str, load_errors: usize) -> Outcome {
    if let Err(outcome) = crate::output::print(text) {
        return outcome;
    }
    if load_errors > 0 {
        eprintln!("the input has errors: the answer is about the objects that could be read");
        Outcome::InputErrors
    } else {
        Outcome::Clean
    }
}
