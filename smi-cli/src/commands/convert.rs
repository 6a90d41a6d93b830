//! `smi convert`: rewrite SMI objects in another API version, reporting what is lost.

use crate::report::{self, DiagnosticFormat, Located, Place, Reporter};
use crate::{Format, InputArgs, Outcome};
use smi_types::convert;
use smi_types::{ApiVersion, Diagnostic, Object};
use std::str::FromStr;

/// Target of `--to`.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    /// Each object's hub (latest released) version.
    Latest,
    /// One group/version; objects of other groups are left as they are.
    Version(ApiVersion),
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "latest" {
            Ok(Target::Latest)
        } else {
            s.parse().map(Target::Version).map_err(|e| e.to_string())
        }
    }
}

/// `smi convert` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `GROUP/VERSION` (e.g. `split.smi-spec.io/v1alpha2`), or `latest` for each group's hub.
    #[arg(long, value_name = "GROUP/VERSION|latest")]
    to: Target,
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi convert`.
pub fn run(args: &Args, format: Format) -> Outcome {
    let workspace = match super::Workspace::from_args(&args.input, false) {
        Ok(w) => w,
        Err(outcome) => return outcome,
    };
    let mut reporter = Reporter::new(DiagnosticFormat::Text);
    workspace.report_load_problems(&mut reporter);
    // What validation rejects, and what a later copy replaces, is not written.
    let (admitted, refusals) = workspace.admission();
    for diagnostic in &refusals {
        reporter.report(&workspace.locate(diagnostic));
    }
    let mut out = Vec::new();
    for ((input, loaded), admitted) in workspace.objects().zip(admitted) {
        if !admitted {
            continue;
        }
        let smi = match &loaded.object {
            Object::Other(value) => {
                out.push(value.clone());
                continue;
            }
            Object::Smi(smi) => smi,
        };
        let converted = match args.to {
            Target::Latest => convert::to_hub_version(smi),
            Target::Version(to) if to.group == smi.api_version().group => convert::convert(smi, to),
            Target::Version(_) => {
                out.push(smi.to_json());
                continue;
            }
        };
        let file = &workspace.inputs[input].name;
        let text = &workspace.inputs[input].text;
        match converted {
            Ok(converted) => {
                for loss in &converted.lost {
                    let diagnostic = Diagnostic::warning(
                        convert::codes::CONVERSION_LOSS,
                        smi.object_ref(),
                        loss.path.clone(),
                        loss.message.clone(),
                    );
                    reporter.report(&Located::at(
                        &diagnostic,
                        Place {
                            file,
                            line: smi_types::load::locate(text, loaded, &loss.path),
                            document: loaded.position.index,
                        },
                    ));
                }
                out.push(converted.object.to_json());
            }
            Err(e) => {
                let diagnostic = Diagnostic::error(
                    convert::codes::CONVERSION_FAILED,
                    smi.object_ref(),
                    "",
                    e.to_string(),
                );
                reporter.report(&Located::at(
                    &diagnostic,
                    Place {
                        file,
                        line: loaded.position.line,
                        document: loaded.position.index,
                    },
                ));
            }
        }
    }
    match crate::output::render(&out, format) {
        Ok(text) => {
            if let Err(outcome) = crate::output::print(&text) {
                return outcome;
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::InputErrors;
        }
    }
    let (errors, warnings) = (reporter.errors, reporter.warnings);
    if errors + warnings > 0 {
        eprintln!("{}", report::summary(errors, warnings));
    }
    if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    }
}
