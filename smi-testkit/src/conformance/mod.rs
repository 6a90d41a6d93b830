//! Meshery's SMI conformance suite, run without a cluster.
//!
//! The suite (kuttl test cases `traffic-access`, `traffic-spec`, `traffic-split` from
//! layer5io/learn-layer5) installs Services, Deployments and SMI objects step by step and sends
//! traffic between the steps. Offline, [`run`] replays the steps ([`suite`]) on the set of
//! installed objects, and at each traffic step:
//!
//! 1. lowers what is installed into the mesh graph (with [`Mesh::options`]);
//! 2. turns the step's Go-coded check into requests with the suite's expectations
//!    ([`checks::probes`]), and asks the reference evaluator what the SMI spec says of each;
//! 3. emits every backend's output for the graph and judges each request with
//!    [`Judged::verdict`](crate::judge::Judged::verdict): **pass** (decides and routes as the spec says), **fail** (differs,
//!    with what the output did), or **not expressible** (the backend reported it cannot carry
//!    it: fails closed, or routes differently under a warning; with the diagnostic codes).
//!
//! Backends are judged against the spec. Where the suite's expectation differs from the spec,
//! the request says so (`suite_agrees: false`), and [`checks::DEFECTS`] explains why; the
//! translators are not bent to the suite.

pub mod checks;
pub mod suite;

use crate::evaluate::{Routing, evaluate};
use crate::judge::{Mesh, Verdict};
use crate::request::Request;
use checks::{DEFECTS, Defect, Expectation};
use serde::Serialize;
use smi_translate::graph::ServiceId;
use smi_translate::{Inventory, MeshGraph, Options};
use suite::{Action, Installed, Presence, SuiteFile};

/// The whole run.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The backends judged, in order.
    pub backends: Vec<&'static str>,
    /// Every test case, step by step.
    pub cases: Vec<CaseReport>,
    /// Every known defect of the suite.
    pub defects: Vec<Defect>,
    /// Per backend: how many requests passed, failed, or were not expressible.
    pub summary: Vec<Summary>,
}

/// One test case.
#[derive(Clone, Debug, Serialize)]
pub struct CaseReport {
    /// The test case (directory).
    pub case: String,
    /// The namespace its steps ran in (the `<NAMESPACE>` substituted).
    pub namespace: String,
    /// Its step files, in order.
    pub steps: Vec<StepReport>,
}

/// One file of a step.
#[derive(Clone, Debug, Serialize)]
pub struct StepReport {
    /// The step number.
    pub step: u32,
    /// The file.
    pub file: String,
    /// `install`, `delete`, `assert`, `errors` or `check`.
    pub action: &'static str,
    /// What it did or found.
    pub detail: String,
    /// What loading its manifests reported (`code: message`).
    pub problems: Vec<String>,
    /// For a check: its requests, judged.
    pub probes: Vec<ProbeReport>,
}

/// One request of a check.
#[derive(Clone, Debug, Serialize)]
pub struct ProbeReport {
    /// The request.
    pub request: String,
    /// What the suite expects.
    pub suite_expects: String,
    /// What the SMI spec (the reference evaluator on the graph) says.
    pub spec_says: String,
    /// Whether they are the same; when not, [`Report::defects`] says why.
    pub suite_agrees: bool,
    /// Each backend's result, in [`Report::backends`] order.
    pub results: Vec<BackendResult>,
}

/// How one backend did on one request.
#[derive(Clone, Debug, Serialize)]
pub struct BackendResult {
    /// The backend.
    pub backend: &'static str,
    /// The judgement.
    pub result: Judgement,
    /// What its output did with the request.
    pub did: String,
    /// For fail: what differs; for not expressible: the diagnostic codes.
    pub why: String,
}

/// A backend's result on one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Judgement {
    /// Decides and routes as the spec says.
    Pass,
    /// Differs from the spec, and nothing reported it.
    Fail,
    /// Differs where the backend reported it cannot carry the request as written.
    NotExpressible,
}

/// Per-backend totals.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    /// The backend.
    pub backend: &'static str,
    /// Requests passed.
    pub pass: usize,
    /// Requests failed.
    pub fail: usize,
    /// Requests not expressible.
    pub not_expressible: usize,
}

/// Runs the suite's `files` for `meshes`.
pub fn run(files: &[SuiteFile<'_>], meshes: &[Mesh]) -> Report {
    let mut summary: Vec<Summary> = meshes
        .iter()
        .map(|m| Summary {
            backend: m.name(),
            ..Summary::default()
        })
        .collect();
    let mut cases = Vec::new();
    for case in suite::read(files) {
        let mut installed = Installed::default();
        let mut steps = Vec::new();
        for step in &case.steps {
            for file in &step.files {
                let mut report = StepReport {
                    step: step.index,
                    file: file.file.clone(),
                    action: "",
                    detail: String::new(),
                    problems: Vec::new(),
                    probes: Vec::new(),
                };
                match &file.action {
                    Action::Apply(text) => {
                        report.action = "install";
                        let before = installed.objects().count();
                        report.problems = installed
                            .apply(text)
                            .into_iter()
                            .map(|p| format!("{}: {}", p.diagnostic.code, p.diagnostic.message))
                            .collect();
                        report.detail = format!(
                            "{} objects installed ({} new)",
                            installed.objects().count(),
                            installed.objects().count() - before
                        );
                    }
                    Action::Delete(refs) => {
                        report.action = "delete";
                        let missing = installed.delete(refs);
                        report.detail = format!("{} objects deleted", refs.len() - missing.len());
                        report
                            .problems
                            .extend(missing.iter().map(|r| format!("not installed: {r}")));
                    }
                    Action::Assert(text) => {
                        report.action = "assert";
                        report.detail = presence(&installed, text, true);
                    }
                    Action::Errors(text) => {
                        report.action = "errors";
                        report.detail = presence(&installed, text, false);
                    }
                    Action::Check(name) => {
                        report.action = "check";
                        match checks::probes(&case.name, name, &case.namespace) {
                            None => {
                                report.detail = format!("no check named `{name}` in the runner");
                            }
                            Some(probes) => {
                                report.detail = format!("`{name}`");
                                let graph = lower(&installed);
                                let judged: Vec<_> =
                                    meshes.iter().map(|m| m.emit(&graph)).collect();
                                for probe in probes {
                                    let judged_probe = judge_probe(&graph, &judged, &probe);
                                    for (total, r) in summary.iter_mut().zip(&judged_probe.results)
                                    {
                                        match r.result {
                                            Judgement::Pass => total.pass += 1,
                                            Judgement::Fail => total.fail += 1,
                                            Judgement::NotExpressible => {
                                                total.not_expressible += 1;
                                            }
                                        }
                                    }
                                    report.probes.push(judged_probe);
                                }
                            }
                        }
                    }
                }
                steps.push(report);
            }
        }
        cases.push(CaseReport {
            case: case.name,
            namespace: case.namespace,
            steps,
        });
    }
    Report {
        backends: meshes.iter().map(|m| m.name()).collect(),
        cases,
        defects: DEFECTS.to_vec(),
        summary,
    }
}

/// What is installed, lowered as every judged mesh needs it.
fn lower(installed: &Installed) -> MeshGraph {
    let (smi, inventory, _) = Inventory::from_objects(installed.objects());
    smi_translate::lower(&smi, &inventory, &Mesh::options(Options::default()))
}

/// An assert (`must_exist`) or errors file checked against what is installed.
fn presence(installed: &Installed, text: &str, must_exist: bool) -> String {
    let found = installed.presence(text);
    let cluster = found
        .iter()
        .filter(|(_, p)| *p == Presence::ClusterState)
        .count();
    let wrong: Vec<String> = found
        .iter()
        .filter(|(_, p)| match p {
            Presence::Installed => !must_exist,
            Presence::Missing => must_exist,
            Presence::ClusterState => false,
        })
        .map(|(r, _)| r.to_string())
        .collect();
    let checked = found.len() - cluster;
    let holds = if wrong.is_empty() {
        format!("{checked} of {} hold", found.len())
    } else {
        format!(
            "{} of {} hold; {} {}",
            checked - wrong.len(),
            found.len(),
            if must_exist {
                "missing:"
            } else {
                "still installed:"
            },
            wrong.join(", ")
        )
    };
    if cluster == 0 {
        holds
    } else {
        format!("{holds}; {cluster} cluster state (CRDs, status), not checked offline")
    }
}

fn judge_probe(
    graph: &MeshGraph,
    judged: &[crate::judge::Judged],
    probe: &checks::Probe,
) -> ProbeReport {
    let request = &probe.request;
    let spec = evaluate(graph, request);
    let spec_routing = spec.routing(request);
    let suite_agrees = spec.allowed == probe.expect.allowed
        && probe
            .expect
            .share
            .as_ref()
            .is_none_or(|share| expected_routing(share, request) == spec_routing);
    let results = judged
        .iter()
        .map(|j| {
            let did = j.interpreter().decide(request);
            let (result, why) = match j.verdict(graph, request) {
                Verdict::Exact { .. } => (Judgement::Pass, String::new()),
                Verdict::FailedClosed { codes } => (
                    Judgement::NotExpressible,
                    format!("fails closed: {}", codes.join(", ")),
                ),
                Verdict::NotExpressible { codes, .. } => {
                    (Judgement::NotExpressible, codes.join(", "))
                }
                Verdict::NotCompared { why } => (Judgement::NotExpressible, why.to_owned()),
                Verdict::Differs { what, .. } => (Judgement::Fail, what),
            };
            BackendResult {
                backend: j.mesh.name(),
                result,
                did: describe(did.allowed, &did.routing(request), &request.destination),
                why,
            }
        })
        .collect();
    ProbeReport {
        request: request.to_string(),
        suite_expects: expectation(&probe.expect, request),
        spec_says: describe(spec.allowed, &spec_routing, &request.destination),
        suite_agrees,
        results,
    }
}

fn expected_routing(share: &[(ServiceId, u32)], request: &Request) -> Routing {
    Routing::from_split(Some(share), &request.destination)
}

fn expectation(expect: &Expectation, request: &Request) -> String {
    match &expect.share {
        None => describe(
            expect.allowed,
            &Routing::from_split(None, &request.destination),
            &request.destination,
        ),
        Some(share) => describe(
            expect.allowed,
            &expected_routing(share, request),
            &request.destination,
        ),
    }
}

/// `allowed`, `denied`, with the routing when it is not simply the addressed Service:
/// `allowed, to app-b 75% app-c 25%`.
pub fn describe(allowed: bool, routing: &Routing, addressed: &ServiceId) -> String {
    let decision = if allowed { "allowed" } else { "denied" };
    match routing {
        Routing::Refused => format!("{decision}, refused (no backend weight)"),
        Routing::Weighted(w) if w.len() == 1 && w.contains_key(addressed) => decision.to_owned(),
        Routing::Weighted(w) => {
            let total: u64 = w.values().sum();
            let parts: Vec<String> = w
                .iter()
                .map(|(s, weight)| format!("{} {}%", s.name, weight * 100 / total.max(1)))
                .collect();
            format!("{decision}, to {}", parts.join(" "))
        }
    }
}
