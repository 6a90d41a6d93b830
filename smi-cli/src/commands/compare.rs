//! `smi compare`: for the user's manifests, per rule and per split, how each backend carries
//! them (see `smi_testkit::fidelity` and `docs/conformance.md`).

use super::judging::{self, MeshArgs, ReportFormat};
use crate::report::DiagnosticFormat;
use crate::{Format, InputArgs, Outcome};
use smi_testkit::Mesh;
use smi_testkit::fidelity::{self, Carried, Report, Totals, Unit};

/// `smi compare` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    meshes: MeshArgs,
    #[command(flatten)]
    lowering: super::lowering::LoweringArgs,
    /// How many generated requests each backend is judged on (a fixed seed: the same input gives
    /// the same report).
    #[arg(long, default_value_t = 1000)]
    requests: usize,
    /// How the report is printed (`-o json` also selects JSON).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi compare`: exit 1 when a backend differs from the graph without saying so (or the
/// input has errors), else 0.
pub fn run(args: &Args, output: Format) -> Outcome {
    let workspace = match super::Workspace::from_args(&args.input, false) {
        Ok(w) => w,
        Err(outcome) => return outcome,
    };
    let mut reporter = args.input.reporter(DiagnosticFormat::Text);
    workspace.report_load_problems(&mut reporter);
    reporter.finish();
    let (graph, _) = super::lowering::lower(&workspace, &Mesh::options(args.lowering.options()));
    let report = fidelity::compare(&graph, &args.meshes.meshes(), args.requests);
    let format = judging::format(args.format, output);
    if let Err(outcome) = judging::print(&report, format, || render(&report)) {
        return outcome;
    }
    if report.differs() || reporter.errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    }
}

/// A unit in words.
fn unit_name(unit: &Unit) -> String {
    match unit {
        Unit::HttpMatch {
            target,
            group,
            name,
        } => format!("{target}: {group} match {name}"),
        Unit::Transport { target } => format!("{target}: TCP/UDP rules"),
        Unit::Split { split } => split.clone(),
        Unit::DenyByDefault => "deny by default".to_owned(),
    }
}

/// A unit's status in a cell.
fn cell(carried: &Carried) -> String {
    match carried {
        Carried::Exact => "exact".to_owned(),
        Carried::FailedClosed { codes } => format!("failed closed ({})", codes.join(", ")),
        Carried::NotExpressible { codes } => format!("not expressible ({})", codes.join(", ")),
        Carried::Differs { .. } => "DIFFERS".to_owned(),
        Carried::NotExercised => "not exercised".to_owned(),
    }
}

/// `41/44 rules exact, 3 failed closed (codes)`.
pub fn totals(t: &Totals, what: &str) -> String {
    if t.total == 0 {
        return format!("no {what}");
    }
    let mut parts = vec![format!("{}/{} {what} exact", t.exact, t.total)];
    let codes = |pick: &dyn Fn(&str) -> bool| {
        let names: Vec<&str> = t.codes.keys().copied().filter(|c| pick(c)).collect();
        if names.is_empty() {
            String::new()
        } else {
            format!(" ({})", names.join(", "))
        }
    };
    let any = |_: &str| true;
    if t.failed_closed > 0 {
        parts.push(format!("{} failed closed{}", t.failed_closed, codes(&any)));
    }
    if t.not_expressible > 0 {
        let listed = if t.failed_closed > 0 {
            String::new()
        } else {
            codes(&any)
        };
        parts.push(format!("{} not expressible{listed}", t.not_expressible));
    }
    if t.differs > 0 {
        parts.push(format!("{} DIFFER", t.differs));
    }
    if t.not_exercised > 0 {
        parts.push(format!("{} not exercised", t.not_exercised));
    }
    parts.join(", ")
}

/// The report as text: one row per unit, the differences found, and the summary per backend.
pub fn render(report: &Report) -> String {
    let mut header = vec!["rule or split", "requests"];
    header.extend(report.backends.iter().copied());
    let mut differences = String::new();
    let rows: Vec<Vec<String>> = report
        .units
        .iter()
        .map(|u| {
            let mut row = vec![unit_name(&u.unit), u.requests.to_string()];
            for (backend, carried) in report.backends.iter().zip(&u.carried) {
                if let Carried::Differs { request, what } = carried {
                    differences +=
                        &format!("  {backend}, {}: {request}: {what}\n", unit_name(&u.unit));
                }
                row.push(cell(carried));
            }
            row
        })
        .collect();
    let mut out = format!(
        "{} generated requests judged per backend against the graph\n\n{}",
        report.requests,
        judging::table(&header, &rows)
    );
    if !differences.is_empty() {
        out += &format!("\nDifferences nothing reported:\n{differences}");
    }
    out += "\nSummary:\n";
    for s in &report.summary {
        out += &format!(
            "  {}: {}; {}; deny by default {}\n",
            s.backend,
            totals(&s.rules, "rules"),
            totals(&s.splits, "splits"),
            cell(&s.deny_by_default)
        );
    }
    out
}
