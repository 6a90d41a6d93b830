//! `smi validate`: load, check the schema-level and semantic rules, print diagnostics.

use crate::report::{self, DiagnosticFormat};
use crate::{Format, InputArgs, Outcome};

/// `smi validate` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Read the input as this mesh read SMI (docs/dialects.md); default: the spec.
    #[arg(long, value_name = "DIALECT", value_parser = super::lowering::dialect_parser())]
    dialect: Option<smi_translate::lower::Dialect>,
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi validate`; with `-o json` the diagnostics are one JSON array on stdout.
pub fn run(args: &Args, format: Format) -> Outcome {
    let workspace = match super::Workspace::from_args(&args.input, true) {
        Ok(w) => w,
        Err(outcome) => return outcome,
    };
    let mut reporter = args.input.reporter(match format {
        Format::Yaml => DiagnosticFormat::Text,
        Format::Json => DiagnosticFormat::Json,
    });
    workspace.report_load_problems(&mut reporter);
    let smi: Vec<_> = workspace
        .loaded
        .iter()
        .flat_map(|l| l.smi_objects())
        .cloned()
        .collect();
    let readings = args.dialect.unwrap_or_default().readings();
    let smi = smi_translate::lower::read_as(&smi, &readings);
    let mut diagnostics = smi_types::validate::validate_all(smi.iter());
    diagnostics.extend(
        workspace
            .replaced_pass_through_objects()
            .into_iter()
            .map(|(_, diagnostic)| diagnostic),
    );
    let located: Vec<_> = diagnostics.iter().map(|d| workspace.locate(d)).collect();
    reporter.report_all(&located);
    if let Some(json) = reporter.finish()
        && let Err(outcome) = crate::output::print(&format!("{json}\n"))
    {
        return outcome;
    }
    let (errors, warnings) = (reporter.errors, reporter.warnings);
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
