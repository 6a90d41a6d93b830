//! `smi validate`: load, check the schema-level and semantic rules, print diagnostics.

use crate::report;
use crate::{InputArgs, Outcome};

/// `smi validate` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi validate`.
pub fn run(args: &Args) -> Outcome {
    let workspace = match super::Workspace::from_args(&args.input, true) {
        Ok(w) => w,
        Err(outcome) => return outcome,
    };
    let (mut errors, mut warnings) = workspace.print_load_problems();
    let smi: Vec<_> = workspace
        .loaded
        .iter()
        .flat_map(|l| l.smi_objects())
        .collect();
    let diagnostics = smi_types::validate::validate_all(smi.iter().copied());
    for diagnostic in &diagnostics {
        if diagnostic.is_error() {
            errors += 1;
        } else {
            warnings += 1;
        }
        eprint!("{}", report::format(&workspace.locate(diagnostic)));
    }
    let objects = workspace.objects().count();
    eprintln!(
        "{}: {} in {objects} object{}",
        if errors > 0 { "failed" } else { "ok" },
        report::summary(errors, warnings),
        if objects == 1 { "" } else { "s" }
    );
    if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    }
}
