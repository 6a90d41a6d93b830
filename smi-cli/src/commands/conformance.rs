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

#[cfg(test)]
mod tests {
    use super::*;
    use smi_testkit::Mesh;
    use smi_testkit::conformance::checks::defects_of;
    use smi_testkit::conformance::{ProbeReport, StepReport};

    fn probes(report: &Report) -> impl Iterator<Item = (&str, &StepReport, &ProbeReport)> {
        report.cases.iter().flat_map(|c| {
            c.steps
                .iter()
                .flat_map(move |s| s.probes.iter().map(move |p| (c.case.as_str(), s, p)))
        })
    }

    #[test]
    fn every_file_of_the_suite_is_embedded_and_every_check_is_known() {
        let on_disk = std::fs::read_dir(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../testdata/upstream/smi/conformance/learn-layer5/smi-conformance/test-gen/test-yamls"
        ))
        .expect("the suite")
        .flat_map(|case| std::fs::read_dir(case.expect("a case").path()).expect("its files"))
        .count();
        assert_eq!(SUITE.len(), on_disk);
        let report = run_suite(SUITE, &[Mesh::Istio]);
        let checks: Vec<&StepReport> = report
            .cases
            .iter()
            .flat_map(|c| &c.steps)
            .filter(|s| s.action == "check")
            .collect();
        assert_eq!(checks.len(), 10);
        assert!(checks.iter().all(|s| !s.probes.is_empty()), "{checks:#?}");
    }

    #[test]
    fn the_suite_disagrees_with_the_spec_exactly_where_a_defect_says_so() {
        let report = run_suite(SUITE, &[Mesh::Istio]);
        // Every disagreement is explained by a defect of its step…
        for (case, step, probe) in probes(&report) {
            let explained = defects_of(case, step.step).any(|d| d.changes_outcome);
            assert!(
                probe.suite_agrees || explained,
                "{case} step {}: {} (suite {}, spec {})",
                step.step,
                probe.request,
                probe.suite_expects,
                probe.spec_says
            );
        }
        // …and every defect that claims to change an outcome changes one.
        for defect in report.defects.iter().filter(|d| d.changes_outcome) {
            assert!(
                probes(&report).any(|(case, step, p)| case == defect.case
                    && defect.steps.contains(&step.step)
                    && !p.suite_agrees),
                "{defect:?}"
            );
        }
    }

    #[test]
    fn sidecar_meshes_pass_every_step_and_gamma_alone_carries_no_access_rule() {
        let report = run_suite(
            SUITE,
            &[Mesh::Istio, Mesh::Linkerd, Mesh::Envoy, Mesh::Gamma],
        );
        for s in &report.summary[..3] {
            assert_eq!((s.pass, s.fail, s.not_expressible), (12, 0, 0), "{s:?}");
        }
        let gamma = &report.summary[3];
        assert_eq!(gamma.fail, 0, "{gamma:?}");
        for (_, _, probe) in probes(&report) {
            let result = &probe.results[3];
            // GAMMA alone allows everything: it passes only where the spec allows.
            let allowed = probe.spec_says.starts_with("allowed");
            assert_eq!(result.result == Judgement::Pass, allowed, "{probe:#?}");
            if !allowed {
                assert_eq!(result.why, "gamma-no-authorization");
            }
        }
        let paired = run_suite(SUITE, &[Mesh::GammaIstio, Mesh::GammaLinkerd]);
        for s in &paired.summary {
            assert_eq!((s.pass, s.fail, s.not_expressible), (12, 0, 0), "{s:?}");
        }
    }

    #[test]
    fn the_table_lists_every_request_the_defects_and_the_totals() {
        let report = run_suite(SUITE, &[Mesh::Istio, Mesh::Gamma]);
        let text = render(&report);
        assert!(text.contains("traffic-spec/04"), "{text}");
        assert!(
            text.contains("service-a -> app-b:9091 (Http GET /metrics)"),
            "{text}"
        );
        assert!(text.contains("denied (≠ suite)"), "{text}");
        assert!(
            text.contains("istio: 12 pass, 0 fail, 0 not expressible"),
            "{text}"
        );
        assert!(
            text.contains("gamma: 2 pass, 0 fail, 10 not expressible"),
            "{text}"
        );
        assert_eq!(
            text.matches("(changes the expected outcome)").count(),
            report.defects.iter().filter(|d| d.changes_outcome).count()
        );
    }
}
