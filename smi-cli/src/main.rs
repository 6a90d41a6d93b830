//! `smi`: print SMI CRDs, validate, convert and translate SMI manifests, explain diagnostic codes.
//!
//! The only crate in the workspace that touches files, stdin, stdout or the process exit code.
#![forbid(unsafe_code)]

mod commands;
mod output;
mod report;

use smi_cli::{input, out_dir};

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

/// See `mimalloc` in Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Service Mesh Interface tooling: CRDs, validation, conversion and translation of SMI manifests.
#[derive(Debug, Parser)]
#[command(name = "smi", version, about, propagate_version = true)]
struct Cli {
    /// Output format for objects; for `validate`, of the diagnostics (JSON: one array on stdout).
    #[arg(short = 'o', long = "output", value_enum, default_value_t = Format::Yaml, global = true)]
    output: Format,
    #[command(subcommand)]
    command: Command,
}

/// How objects are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Multi-document YAML.
    Yaml,
    /// One JSON `List`.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the CustomResourceDefinition of every SMI kind.
    Crds(commands::crds::Args),
    /// Check SMI manifests: schema, semantics and references. Exit 1 when there are errors.
    Validate(commands::validate::Args),
    /// Convert SMI objects to another API version (or to each group's hub with `--to latest`).
    Convert(commands::convert::Args),
    /// Translate SMI objects (with the Services and workloads beside them) into a mesh's config.
    Translate(commands::translate::Args),
    /// Explain a diagnostic code (what it means, what reports it); list every code without one.
    Explain(commands::explain::Args),
    /// May this caller make this request? Allowed or denied, the rule that decides, the split.
    Check(commands::check::Args),
    /// What a change opens or closes: access edges, split weights and diagnostics, OLD → NEW.
    Diff(commands::diff::Args),
    /// Draw the mesh: who may call whom, splits with their weights, objects with errors.
    Graph(commands::graph::Args),
    /// Run Meshery's SMI conformance suite offline against every backend's output.
    Conformance(commands::conformance::Args),
    /// Per rule and per split of SMI manifests: does each backend carry it exactly?
    Compare(commands::compare::Args),
}

/// Arguments shared by the commands that read manifests.
#[derive(Clone, Debug, clap::Args)]
pub struct InputArgs {
    /// Files or directories to read (`.yaml`, `.yml`, `.json`, recursively); `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// apiVersion to assume for SMI objects of its group that have none
    /// (e.g. `split.smi-spec.io/v1alpha4`); repeat for several groups.
    #[arg(long, value_name = "GROUP/VERSION")]
    assume_api_version: Vec<smi_types::ApiVersion>,
    /// The most bytes read from all inputs together; more is refused (exit 2).
    #[arg(long, value_name = "BYTES", default_value_t = input::DEFAULT_MAX_INPUT_BYTES)]
    max_input_bytes: u64,
    /// The most documents read from one input (YAML documents or JSON stream values); an input
    /// with more is not read (an error).
    #[arg(long, value_name = "N", default_value_t = smi_types::load::Limits::DEFAULT_DOCUMENTS)]
    max_documents: usize,
    /// The most values (scalars, lists and objects) in one JSON document; a larger document is
    /// not read (an error).
    #[arg(long, value_name = "N", default_value_t = smi_types::load::Limits::DEFAULT_JSON_NODES)]
    max_json_nodes: usize,
    /// The most diagnostics shown; the rest are counted (in the exit code and the summary) and
    /// one last diagnostic says how many were left out.
    #[arg(long, value_name = "N", default_value_t = report::DEFAULT_MAX_DIAGNOSTICS)]
    max_diagnostics: usize,
    /// Read the input for this namespace, as `kubectl apply -n`: objects without a namespace are
    /// placed in it; an object in another namespace is an error. Without it, objects without a
    /// namespace are in `default`.
    #[arg(short = 'n', long, value_name = "NAMESPACE")]
    namespace: Option<String>,
}

impl InputArgs {
    /// A reporter in `format` that shows at most `--max-diagnostics` diagnostics.
    pub fn reporter(&self, format: report::DiagnosticFormat) -> report::Reporter {
        report::Reporter::new(format, self.max_diagnostics)
    }
}

/// What a command asks of the process.
pub enum Outcome {
    /// Everything fine (exit 0).
    Clean,
    /// The input has errors (exit 1).
    InputErrors,
    /// The command could not run as asked (exit 2).
    UsageError,
    /// The output could not be written (exit 3): standard output failed, or `--out-dir` could
    /// not be written (then the directory is left as it was).
    OutputFailed,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Crds(args) => commands::crds::run(&args, cli.output),
        Command::Validate(args) => commands::validate::run(&args, cli.output),
        Command::Convert(args) => commands::convert::run(&args, cli.output),
        Command::Translate(args) => commands::translate::run(&args, cli.output),
        Command::Explain(args) => commands::explain::run(&args),
        Command::Check(args) => commands::check::run(&args, cli.output),
        Command::Diff(args) => commands::diff::run(&args, cli.output),
        Command::Graph(args) => commands::graph::run(&args, cli.output),
        Command::Conformance(args) => commands::conformance::run(&args, cli.output),
        Command::Compare(args) => commands::compare::run(&args, cli.output),
    };
    match outcome {
        Outcome::Clean => ExitCode::SUCCESS,
        Outcome::InputErrors => ExitCode::from(1),
        Outcome::UsageError => ExitCode::from(2),
        Outcome::OutputFailed => ExitCode::from(3),
    }
}
