//! `smi conformance`: Meshery's SMI conformance suite, run offline against every backend's
//! output (see `smi_testkit::conformance` and `docs/conformance.md`).

use super::judging::{self, MeshArgs, ReportFormat};
use crate::{Format, Outcome};
use smi_testkit::conformance::suite::SuiteFile;
use smi_testkit::conformance::{Judgement, Report, run as run_suite};

/// `smi conformance` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    meshes: MeshArgs,
    /// How the report is printed (`-o json` also selects JSON).
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
}

/// The suite's files, embedded from `testdata/upstream/smi/conformance/` (unchanged upstream
/// copies; provenance and licence in `testdata/upstream/smi/SOURCES.md`).
macro_rules! suite {
    ($($file:literal),* $(,)?) => {
        &[$(SuiteFile {
            path: $file,
            text: include_str!(concat!(
                "../../../testdata/upstream/smi/conformance/learn-layer5/smi-conformance/test-gen/test-yamls/",
                $file
            )),
        }),*]
    };
}

/// Every file of the suite.
pub const SUITE: &[SuiteFile<'static>] = suite![
    "traffic-access/01-assert.yaml",
    "traffic-access/02-assert.yaml",
    "traffic-access/02-install.yaml",
    "traffic-access/03-trafficDefault.yaml",
    "traffic-access/04-assert.yaml",
    "traffic-access/04-install.yaml",
    "traffic-access/05-trafficAllowed.yaml",
    "traffic-access/06-errors.yaml",
    "traffic-access/06-install.yaml",
    "traffic-access/07-trafficBlocked.yaml",
    "traffic-spec/01-assert.yaml",
    "traffic-spec/02-assert.yaml",
    "traffic-spec/02-install.yaml",
    "traffic-spec/03-assert.yaml",
    "traffic-spec/03-install.yaml",
    "traffic-spec/04-trafficPath.yaml",
    "traffic-spec/05-assert.yaml",
    "traffic-spec/05-install.yaml",
    "traffic-spec/06-trafficMethod.yaml",
    "traffic-split/01-assert.yaml",
    "traffic-split/02-assert.yaml",
    "traffic-split/02-install.yaml",
    "traffic-split/03-trafficDefault.yaml",
    "traffic-split/04-assert.yaml",
    "traffic-split/04-install.yaml",
    "traffic-split/05-trafficOnlyB.yaml",
    "traffic-split/06-assert.yaml",
    "traffic-split/06-install.yaml",
    "traffic-split/07-trafficOnlyC.yaml",
    "traffic-split/08-assert.yaml",
    "traffic-split/08-install.yaml",
    "traffic-split/09-trafficBGrtC.yaml",
    "traffic-split/10-assert.yaml",
    "traffic-split/10-install.yaml",
    "traffic-split/11-trafficCGrtB.yaml",
];

/// Runs `smi conformance`: exit 0 when no backend fails a request (not expressible is no
/// failure: the backend said so), 1 otherwise.
pub fn run(args: &Args, output: Format) -> Outcome {
    let report = run_suite(SUITE, &args.meshes.meshes());
    let format = judging::format(args.format, output);
    if let Err(outcome) = judging::print(&report, format, || render(&report)) {
        return outcome;
    }
    if report.summary.iter().any(|s| s.fail > 0) {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    }
}

/// The report as text: one row per request of a check with every backend's result, then the
/// steps, the failures, the suite's defects and the totals.
pub fn render(report: &Report) -> String {
    let mut header = vec!["step", "request", "suite expects", "spec says"];
    header.extend(report.backends.iter().copied());
    let mut rows = Vec::new();
    let mut steps = String::new();
    let mut failures = String::new();
    for case in &report.cases {
        let prefix = format!("{}/", case.namespace);
        for step in &case.steps {
            let name = format!("{}/{:02}", case.case, step.step);
            steps += &format!("  {name} {}: {} {}\n", step.file, step.action, step.detail);
            for problem in &step.problems {
                steps += &format!("      {problem}\n");
            }
            for probe in &step.probes {
                let request = probe.request.replace(&prefix, "");
                let mut row = vec![
                    name.clone(),
                    request.clone(),
                    probe.suite_expects.clone(),
                    probe.spec_says.clone()
                        + if probe.suite_agrees {
                            ""
                        } else {
                            " (≠ suite)"
                        },
                ];
                for result in &probe.results {
                    row.push(match result.result {
                        Judgement::Pass => "pass".to_owned(),
                        Judgement::Fail => {
                            failures += &format!(
                                "  {name} {}: {request}: {}; it {}\n",
                                result.backend, result.why, result.did
                            );
                            "FAIL".to_owned()
                        }
                        Judgement::NotExpressible => format!("not expressible: {}", result.why),
                    });
                }
                rows.push(row);
            }
        }
    }
    let mut out = format!(
        "SMI conformance suite (layer5io/learn-layer5) run offline; test case <case> runs in namespace kuttl-test-<case>\n\n{}",
        judging::table(&header, &rows)
    );
    if !failures.is_empty() {
        out += &format!("\nFailures:\n{failures}");
    }
    out +=
        "\nWhere the suite is wrong against the SMI spec (backends are judged against the spec):\n";
    for d in &report.defects {
        let steps: Vec<String> = d.steps.iter().map(|s| format!("{s:02}")).collect();
        out += &format!(
            "  {} {}{}: {}\n",
            d.case,
            steps.join(", "),
            if d.changes_outcome {
                " (changes the expected outcome)"
            } else {
                ""
            },
            d.reason.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    out += &format!("\nSteps:\n{steps}\nSummary (requests):\n");
    for s in &report.summary {
        out += &format!(
            "  {}: {} pass, {} fail, {} not expressible\n",
            s.backend, s.pass, s.fail, s.not_expressible
        );
    }
    out
}
