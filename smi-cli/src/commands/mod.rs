//! One module per subcommand.

pub mod answer;
pub mod check;
pub mod compare;
pub mod conformance;
pub mod convert;
pub mod crds;
pub mod describe;
pub mod diff;
pub mod explain;
pub mod graph;
pub mod judging;
pub mod lowering;
pub mod translate;
pub mod validate;

use crate::input::Input;
use crate::report::{Located, Reporter};
use smi_types::Diagnostic;
use smi_types::load::{self, LoadOptions, Loaded, LoadedObject};

/// Every input, loaded.
pub struct Workspace {
    /// The inputs, in command-line order.
    pub inputs: Vec<Input>,
    /// What was loaded from each input.
    pub loaded: Vec<Loaded>,
}

impl Workspace {
    /// Reads and loads the inputs named on the command line; prints why when they cannot be
    /// read (a usage error).
    pub fn from_args(
        args: &crate::InputArgs,
        report_pruned_fields: bool,
    ) -> Result<Workspace, crate::Outcome> {
        let inputs = crate::input::read_all(&args.paths, args.max_input_bytes).map_err(|e| {
            eprintln!("error: {e}");
            crate::Outcome::UsageError
        })?;
        let options = args
            .assume_api_version
            .iter()
            .fold(LoadOptions::default(), |options, api_version| {
                options.assume_api_version(*api_version)
            })
            .report_pruned_fields(report_pruned_fields);
        Ok(Workspace::load(inputs, &options))
    }

    /// Loads every input.
    pub fn load(inputs: Vec<Input>, options: &LoadOptions) -> Workspace {
        let loaded = inputs
            .iter()
            .map(|input| load::load(&input.text, options))
            .collect();
        Workspace { inputs, loaded }
    }

    /// Every loaded object with the index of its input.
    pub fn objects(&self) -> impl Iterator<Item = (usize, &LoadedObject)> {
        self.loaded
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.objects.iter().map(move |o| (i, o)))
    }

    /// Where `diagnostic` is: the first object it names, or the first input when none matches.
    pub fn locate<'a>(&'a self, diagnostic: &'a Diagnostic) -> Located<'a> {
        let found = self.objects().find(|(_, o)| match &o.object {
            smi_types::Object::Smi(s) => s.object_ref() == diagnostic.object,
            smi_types::Object::Other(_) => false,
        });
        match found {
            Some((input, object)) => Located {
                diagnostic,
                file: &self.inputs[input].name,
                line: load::locate(&self.inputs[input].text, object, &diagnostic.path),
                document: object.position.index,
            },
            None => Located {
                diagnostic,
                file: self.inputs.first().map_or("<input>", |i| i.name.as_str()),
                line: 1,
                document: 0,
            },
        }
    }

    /// Reports every load problem.
    pub fn report_load_problems(&self, reporter: &mut Reporter) {
        for (input, loaded) in self.inputs.iter().zip(&self.loaded) {
            if let Some(why) = &input.unreadable {
                let diagnostic =
                    Diagnostic::error(load::codes::NOT_UTF8, Default::default(), "", why.clone())
                        .with_help("Kubernetes manifests are UTF-8 YAML or JSON");
                reporter.report(&Located {
                    diagnostic: &diagnostic,
                    file: &input.name,
                    line: 1,
                    document: 0,
                });
            }
            for problem in &loaded.problems {
                reporter.report(&Located {
                    diagnostic: &problem.diagnostic,
                    file: &input.name,
                    line: problem.line,
                    document: problem.position.index,
                });
            }
        }
    }
}
