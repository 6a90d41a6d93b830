//! `smi convert`: rewrite SMI objects in another API version, reporting what is lost.

use crate::report::{self, DiagnosticFormat, Located, Place};
use crate::{Format, InputArgs, Outcome};
use smi_translate::lower::HeaderForm;
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
    /// Whose CRDs the output is for: sets the default of `--header-form` (docs/dialects.md)
    /// [default: spec].
    #[arg(long, value_parser = super::lowering::dialect_parser())]
    dialect: Option<smi_translate::lower::Dialect>,
    /// How HTTPRouteGroup `headers` are written: a map (the spec's prose, this workspace's CRDs)
    /// or a list of one-entry maps (the smi-sdk-go CRDs OSM and the other meshes installed)
    /// [default: the dialect's].
    #[arg(long, value_enum)]
    header_form: Option<HeaderFormName>,
    #[command(flatten)]
    input: InputArgs,
}

/// `--header-form`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum HeaderFormName {
    /// `headers: {user-agent: ".*Android.*"}`.
    Map,
    /// `headers: [{user-agent: ".*Android.*"}]`.
    List,
}

/// Rewrites every `matches[].headers` map of an HTTPRouteGroup (in `spec`, or at the top level
/// as specs v1alpha1/v1alpha2 place it) into the list of one-entry maps.
fn write_headers_as_list(object: &mut serde_json::Value) {
    if object.get("kind").and_then(|k| k.as_str()) != Some("HTTPRouteGroup") {
        return;
    }
    let top = object.get_mut("matches").is_some();
    let matches = if top {
        object.get_mut("matches")
    } else {
        object.get_mut("spec").and_then(|s| s.get_mut("matches"))
    };
    let Some(serde_json::Value::Array(matches)) = matches else {
        return;
    };
    for m in matches {
        if let Some(serde_json::Value::Object(headers)) = m.get_mut("headers") {
            let list = std::mem::take(headers)
                .into_iter()
                .map(|(name, regex)| serde_json::json!({ name: regex }))
                .collect();
            m["headers"] = serde_json::Value::Array(list);
        }
    }
}

/// Runs `smi convert`.
pub fn run(args: &Args, format: Format) -> Outcome {
    let workspace = match super::Workspace::from_args(&args.input, false) {
        Ok(w) => w,
        Err(outcome) => return outcome,
    };
    let mut reporter = args.input.reporter(DiagnosticFormat::Text);
    workspace.report_load_problems(&mut reporter);
    let (dialect, hint) = super::lowering::dialect_or_hint(args.dialect, &workspace);
    let header_form = args
        .header_form
        .unwrap_or(match dialect.readings().header_form {
            HeaderForm::Map => HeaderFormName::Map,
            HeaderForm::List => HeaderFormName::List,
        });
    if let (Some(hint), None) = (hint, args.header_form) {
        eprintln!("{hint}");
    }
    // What validation rejects, and what a later copy replaces, is not written.
    let (admitted, refusals) = workspace.admission();
    for diagnostic in &refusals {
        reporter.report(&workspace.locate(diagnostic));
    }
    let mut out = Vec::new();
    // An SMI object as written out, its headers in the asked-for form.
    let written = |mut value: serde_json::Value| {
        if header_form == HeaderFormName::List {
            write_headers_as_list(&mut value);
        }
        value
    };
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
                out.push(written(smi.to_json()));
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
                out.push(written(converted.object.to_json()));
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
    reporter.finish();
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
