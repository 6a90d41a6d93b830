//! How faithfully each backend carries a graph: per rule, per split, and for deny by default,
//! whether its output carries it **exactly**, **fails closed** (denies where the graph allows,
//! and said so), **cannot express** it (said so, and does something else), or **differs**
//! without saying so.
//!
//! The numbers come from two sources, so a backend that silently differs is caught rather than
//! trusted:
//!
//! - **requests**: `requests` generated for the graph ([`crate::requests`], a fixed seed) are
//!   judged for every backend ([`Judged::verdict`]). Each request counts for what admits it in
//!   the graph ([`crate::explain`]): the HTTP matches and TCP/UDP rules of the TrafficTargets
//!   that grant it, the split that routes it; a request the graph denies counts for deny by
//!   default. A unit takes the worst verdict of its requests (differs, then fails closed, then
//!   not expressible, then exact).
//! - **diagnostics**: an error a backend reports about a TrafficTarget (about one of its matches,
//!   or about the whole target) marks the rules concerned as failing closed (not expressible for
//!   GAMMA's `gamma-no-authorization`) even where no request showed it; a split with a warning
//!   or error and no request is not expressible.
//!
//! A unit no request reached and no diagnostic concerns is **not exercised**.

use crate::evaluate::explain;
use crate::judge::{Judged, Mesh, Verdict};
use crate::request::Request;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde::Serialize;
use smi_translate::MeshGraph;
use smi_translate::backend::gamma::codes as gamma_codes;
use smi_translate::graph::{Diagnostic, Grant, Related, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// What a backend must carry.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Unit {
    /// One HTTP match of a TrafficTarget's HTTPRouteGroup rule.
    HttpMatch {
        /// The TrafficTarget.
        target: String,
        /// The HTTPRouteGroup.
        group: String,
        /// The match name.
        name: String,
    },
    /// The TCP or UDP rules of a TrafficTarget (TCPRoute, UDPRoute).
    Transport {
        /// The TrafficTarget.
        target: String,
    },
    /// A TrafficSplit.
    Split {
        /// The TrafficSplit.
        split: String,
    },
    /// Everything no TrafficTarget allows is denied.
    DenyByDefault,
}

impl Unit {
    /// Whether this is a rule (not a split, not deny by default).
    pub fn is_rule(&self) -> bool {
        matches!(self, Unit::HttpMatch { .. } | Unit::Transport { .. })
    }
}

/// How a backend carries a unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Carried {
    /// Every request as the graph decides and routes it.
    Exact,
    /// Denied where the graph allows, with these error codes.
    FailedClosed {
        /// The codes.
        codes: Vec<&'static str>,
    },
    /// Different where the backend said it cannot express it, with these codes.
    NotExpressible {
        /// The codes (or the judge's exemption).
        codes: Vec<&'static str>,
    },
    /// Different, unreported: one request and what differs.
    Differs {
        /// The request.
        request: String,
        /// What differs.
        what: String,
    },
    /// No request reached it, and no diagnostic concerns it.
    NotExercised,
}

impl Carried {
    fn rank(&self) -> u8 {
        match self {
            Carried::NotExercised => 0,
            Carried::Exact => 1,
            Carried::NotExpressible { .. } => 2,
            Carried::FailedClosed { .. } => 3,
            Carried::Differs { .. } => 4,
        }
    }

    /// The worse of two, codes merged when both have codes of the same status.
    fn worst(self, other: Carried) -> Carried {
        match (self, other) {
            (Carried::FailedClosed { codes: a }, Carried::FailedClosed { codes: b }) => {
                Carried::FailedClosed { codes: merge(a, b) }
            }
            (Carried::NotExpressible { codes: a }, Carried::NotExpressible { codes: b }) => {
                Carried::NotExpressible { codes: merge(a, b) }
            }
            (a, b) => {
                if b.rank() > a.rank() {
                    b
                } else {
                    a
                }
            }
        }
    }
}

fn merge(a: Vec<&'static str>, b: Vec<&'static str>) -> Vec<&'static str> {
    let set: BTreeSet<&'static str> = a.into_iter().chain(b).collect();
    set.into_iter().collect()
}

/// One unit, for every backend.
#[derive(Clone, Debug, Serialize)]
pub struct UnitReport {
    /// The unit.
    pub unit: Unit,
    /// Requests that counted for it.
    pub requests: usize,
    /// Per backend, in [`Report::backends`] order.
    pub carried: Vec<Carried>,
}

/// The totals of one backend for one kind of unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Units.
    pub total: usize,
    /// Carried exactly.
    pub exact: usize,
    /// Failed closed.
    pub failed_closed: usize,
    /// Not expressible.
    pub not_expressible: usize,
    /// Differing silently.
    pub differs: usize,
    /// Not exercised.
    pub not_exercised: usize,
    /// The codes of the units failed closed or not expressible, with how many units each.
    pub codes: BTreeMap<&'static str, usize>,
}

impl Totals {
    fn add(&mut self, carried: &Carried) {
        self.total += 1;
        match carried {
            Carried::Exact => self.exact += 1,
            Carried::FailedClosed { codes } => {
                self.failed_closed += 1;
                self.count(codes);
            }
            Carried::NotExpressible { codes } => {
                self.not_expressible += 1;
                self.count(codes);
            }
            Carried::Differs { .. } => self.differs += 1,
            Carried::NotExercised => self.not_exercised += 1,
        }
    }

    fn count(&mut self, codes: &[&'static str]) {
        for code in codes {
            *self.codes.entry(code).or_default() += 1;
        }
    }
}

/// One backend's totals.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    /// The backend.
    pub backend: &'static str,
    /// Over the rules.
    pub rules: Totals,
    /// Over the splits.
    pub splits: Totals,
    /// Deny by default.
    pub deny_by_default: Carried,
}

/// The comparison of every backend on one graph.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// The backends, in order.
    pub backends: Vec<&'static str>,
    /// Requests judged per backend.
    pub requests: usize,
    /// Every unit.
    pub units: Vec<UnitReport>,
    /// Per backend.
    pub summary: Vec<Summary>,
}

impl Report {
    /// Whether some backend differs somewhere without saying so.
    pub fn differs(&self) -> bool {
        self.summary.iter().any(|s| {
            s.rules.differs + s.splits.differs > 0
                || matches!(s.deny_by_default, Carried::Differs { .. })
        })
    }
}

/// `count` requests for `graph`, drawn with a fixed seed.
pub fn generated_requests(graph: &MeshGraph, count: usize) -> Vec<Request> {
    let strategy = crate::requests(graph);
    let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    (0..count)
        .filter_map(|_| strategy.new_tree(&mut runner).ok().map(|t| t.current()))
        .collect()
}

/// Every unit of `graph`: its rules (HTTP matches, then TCP/UDP rules, per TrafficTarget), its
/// splits, and deny by default.
pub fn units(graph: &MeshGraph) -> Vec<Unit> {
    let mut units = BTreeSet::new();
    for auth in &graph.authorizations {
        let target = auth.origin.to_string();
        for grant in &auth.grants {
            match grant {
                Grant::Tcp { .. } | Grant::Udp { .. } => {
                    units.insert(Unit::Transport {
                        target: target.clone(),
                    });
                }
                Grant::Http { matches, .. } => {
                    units.extend(matches.iter().map(|m| Unit::HttpMatch {
                        target: target.clone(),
                        group: m.group.to_string(),
                        name: m.name.clone(),
                    }));
                }
            }
        }
    }
    units.extend(graph.splits.iter().map(|s| Unit::Split {
        split: s.origin.to_string(),
    }));
    units.insert(Unit::DenyByDefault);
    units.into_iter().collect()
}

/// What `request` counts for in the graph.
fn counts_for(graph: &MeshGraph, request: &Request) -> Vec<Unit> {
    let explanation = explain(graph, request);
    let mut out = Vec::new();
    for g in &explanation.granted_by {
        let target = g.origin.to_string();
        if g.by_transport {
            out.push(Unit::Transport {
                target: target.clone(),
            });
        }
        out.extend(g.matches.iter().map(|(group, name)| Unit::HttpMatch {
            target: target.clone(),
            group: group.to_string(),
            name: name.clone(),
        }));
    }
    if !explanation.decision.allowed {
        out.push(Unit::DenyByDefault);
    }
    if explanation.decision.split.is_some()
        && let Some(split) = graph.splits.iter().find(|s| s.root == request.destination)
    {
        out.push(Unit::Split {
            split: split.origin.to_string(),
        });
    }
    out.sort();
    out.dedup();
    out
}

/// What `verdict` says of a unit: a split takes the routing part of it, a rule and deny by
/// default the authorization part (`None`: nothing to take).
fn from_verdict(verdict: &Verdict, request: &Request, unit: &Unit) -> Option<Carried> {
    let about_routing = matches!(unit, Unit::Split { .. });
    Some(match verdict {
        Verdict::Exact { .. } => Carried::Exact,
        // Failing closed is about authorization; the routing agreed.
        Verdict::FailedClosed { .. } if about_routing => Carried::Exact,
        Verdict::FailedClosed { codes } => Carried::FailedClosed {
            codes: codes.clone(),
        },
        Verdict::NotExpressible { routing, .. } | Verdict::Differs { routing, .. }
            if *routing != about_routing =>
        {
            Carried::Exact
        }
        Verdict::NotExpressible { codes, .. } => Carried::NotExpressible {
            codes: codes.clone(),
        },
        Verdict::Differs { what, .. } => Carried::Differs {
            request: request.to_string(),
            what: what.clone(),
        },
        Verdict::NotCompared { .. } => return None,
    })
}

/// What a backend's diagnostics say of a unit without any request.
fn from_diagnostics(unit: &Unit, diagnostics: &[Diagnostic]) -> Carried {
    let concerns = |d: &Diagnostic| match unit {
        Unit::HttpMatch {
            target,
            group,
            name,
        } => {
            d.severity == Severity::Error
                && d.object.to_string() == *target
                && (no_match(d)
                    || d.related.iter().any(|r| {
                        matches!(r, Related::Match { group: g, name: n }
                            if g.to_string() == *group && n == name)
                    }))
        }
        Unit::Transport { target } => {
            d.severity == Severity::Error && d.object.to_string() == *target && no_match(d)
        }
        Unit::Split { split } => d.object.to_string() == *split,
        Unit::DenyByDefault => false,
    };
    let codes: Vec<&'static str> = merge(
        diagnostics
            .iter()
            .filter(|d| concerns(d))
            .map(|d| d.code)
            .collect(),
        Vec::new(),
    );
    if codes.is_empty() {
        return Carried::NotExercised;
    }
    let split = matches!(unit, Unit::Split { .. });
    if split || codes.iter().all(|c| *c == gamma_codes::NO_AUTHORIZATION) {
        // A split's codes matter only where routing differs, which requests show; without any,
        // the report is all there is.
        Carried::NotExpressible { codes }
    } else {
        Carried::FailedClosed { codes }
    }
}

/// Whether the diagnostic is about a whole TrafficTarget rather than one of its matches.
fn no_match(d: &Diagnostic) -> bool {
    !d.related.iter().any(|r| matches!(r, Related::Match { .. }))
}

/// Compares every mesh of `meshes` on `graph` with `count` generated requests.
pub fn compare(graph: &MeshGraph, meshes: &[Mesh], count: usize) -> Report {
    let judged: Vec<Judged> = meshes.iter().map(|m| m.emit(graph)).collect();
    compare_judged(graph, &judged, count)
}

/// Compares backend outputs already emitted and interpreted (see [`Judged::gamma`] for one of
/// your own) on `graph` with `count` generated requests.
pub fn compare_judged(graph: &MeshGraph, judged: &[Judged], count: usize) -> Report {
    let units = units(graph);
    let requests = generated_requests(graph, count);
    let mut hits: BTreeMap<Unit, usize> = BTreeMap::new();
    let mut carried: BTreeMap<Unit, Vec<Carried>> = units
        .iter()
        .map(|u| (u.clone(), vec![Carried::NotExercised; judged.len()]))
        .collect();
    for request in &requests {
        let concerned = counts_for(graph, request);
        for unit in &concerned {
            *hits.entry(unit.clone()).or_default() += 1;
        }
        for (i, j) in judged.iter().enumerate() {
            let verdict = j.verdict(graph, request);
            for unit in &concerned {
                let (Some(row), Some(this)) =
                    (carried.get_mut(unit), from_verdict(&verdict, request, unit))
                else {
                    continue;
                };
                let current = std::mem::replace(&mut row[i], Carried::NotExercised);
                row[i] = current.worst(this);
            }
        }
    }
    let mut reports = Vec::new();
    for (unit, mut row) in carried {
        for (i, j) in judged.iter().enumerate() {
            let said = from_diagnostics(&unit, &j.diagnostics);
            let current = std::mem::replace(&mut row[i], Carried::NotExercised);
            row[i] = match (current, unit.is_rule()) {
                // A rule the backend reports about: the report decides unless requests showed
                // worse.
                (c, true) => c.worst(said),
                // A split or default only from diagnostics when no request reached it.
                (Carried::NotExercised, false) => said,
                (c, false) => c,
            };
        }
        reports.push(UnitReport {
            requests: hits.get(&unit).copied().unwrap_or_default(),
            unit,
            carried: row,
        });
    }
    let summary = judged
        .iter()
        .enumerate()
        .map(|(i, j)| {
            let mut rules = Totals::default();
            let mut splits = Totals::default();
            let mut deny_by_default = Carried::NotExercised;
            for r in &reports {
                match &r.unit {
                    Unit::Split { .. } => splits.add(&r.carried[i]),
                    Unit::DenyByDefault => deny_by_default = r.carried[i].clone(),
                    _ => rules.add(&r.carried[i]),
                }
            }
            Summary {
                backend: j.mesh.name(),
                rules,
                splits,
                deny_by_default,
            }
        })
        .collect();
    Report {
        backends: judged.iter().map(|j| j.mesh.name()).collect(),
        requests: requests.len(),
        units: reports,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::GammaInterpreter;
    use crate::interpret::gamma::Authorizer;
    use crate::manifests::{Manifests, lower, stream};
    use smi_translate::Options;
    use smi_translate::backend::Backend;
    use smi_translate::backend::gamma::{Gamma, GammaObject};

    const SHOP: Manifests = Manifests::new("shop");

    /// `api` (port 80) with a GET rule and a regex-header rule for `web`, split 75/25 over
    /// `api-v1`/`api-v2`.
    fn graph() -> MeshGraph {
        let http = "[{name: http, port: 80}]";
        let yaml = stream(&[
            SHOP.service("api", "{app: api}", http),
            SHOP.service("api-v1", "{app: api, version: v1}", http),
            SHOP.service("api-v2", "{app: api, version: v2}", http),
            SHOP.deployment("api-v1", "{app: api, version: v1}", "api"),
            SHOP.deployment("api-v2", "{app: api, version: v2}", "api"),
            SHOP.app("web"),
            SHOP.http_route_group(
                "routes",
                "[{name: read, pathRegex: /items, methods: [GET]}, \
                  {name: versioned, pathRegex: /v2, methods: [GET], headers: {x-version: 'v[0-9]+'}}]",
            ),
            SHOP.traffic_target(
                "web-to-api",
                "api",
                &["web"],
                "[{kind: HTTPRouteGroup, name: routes}]",
            ),
            SHOP.traffic_split("canary", "api", &[("api-v1", 75), ("api-v2", 25)]),
        ]);
        lower(&yaml, &Mesh::options(Options::default()))
    }

    fn status<'r>(report: &'r Report, unit: &Unit, backend: usize) -> &'r Carried {
        &report
            .units
            .iter()
            .find(|u| u.unit == *unit)
            .expect("the unit")
            .carried[backend]
    }

    fn versioned() -> Unit {
        Unit::HttpMatch {
            target: "TrafficTarget shop/web-to-api".into(),
            group: "HTTPRouteGroup shop/routes".into(),
            name: "versioned".into(),
        }
    }

    fn canary() -> Unit {
        Unit::Split {
            split: "TrafficSplit shop/canary".into(),
        }
    }

    #[test]
    fn units_are_matches_splits_and_deny_by_default() {
        let units = units(&graph());
        assert_eq!(units.len(), 4, "{units:?}");
        assert!(units.contains(&versioned()));
        assert!(units.contains(&canary()));
        assert!(units.contains(&Unit::DenyByDefault));
    }

    #[test]
    fn each_backend_carries_what_it_can_and_says_what_it_cannot() {
        let graph = graph();
        let report = compare(&graph, &Mesh::BACKENDS, 300);
        assert!(!report.differs(), "{report:#?}");
        // Istio cannot match a header by regex: that rule fails closed, with the code.
        assert_eq!(
            status(&report, &versioned(), 0),
            &Carried::FailedClosed {
                codes: vec!["istio-header-not-expressible"]
            }
        );
        assert_eq!(report.summary[0].rules.exact, 1);
        assert_eq!(report.summary[0].rules.failed_closed, 1);
        // Linkerd carries both rules and the split.
        assert_eq!(report.summary[1].rules.exact, 2);
        assert_eq!(status(&report, &canary(), 1), &Carried::Exact);
        // GAMMA routes the split exactly but carries no rule.
        assert_eq!(status(&report, &canary(), 3), &Carried::Exact);
        assert_eq!(report.summary[3].rules.not_expressible, 2);
        assert!(report.units.iter().all(|u| u.requests > 0), "{report:#?}");
    }

    #[test]
    fn a_backend_that_silently_routes_differently_is_caught() {
        let graph = graph();
        let mut emitted = Gamma.emit(&graph);
        // Swap the weights of the split's route: 25/75 instead of 75/25, and say nothing.
        for object in &mut emitted.objects {
            if let GammaObject::HttpRoute(route) = object {
                for rule in route.spec.rules.iter_mut().flatten() {
                    for backend in rule.backend_refs.iter_mut().flatten() {
                        backend.weight = backend.weight.map(|w| 100 - w);
                    }
                }
            }
        }
        let tampered = GammaInterpreter::new(&graph, &emitted.objects, Authorizer::None);
        let report = compare_judged(&graph, &[Judged::gamma(tampered, emitted.diagnostics)], 200);
        assert!(report.differs());
        assert!(
            matches!(status(&report, &canary(), 0), Carried::Differs { what, .. } if what.contains("routing differs")),
            "{report:#?}"
        );
        assert_eq!(report.summary[0].splits.differs, 1);
    }

    #[test]
    fn the_worst_verdict_wins_and_codes_merge() {
        let closed = |c: &'static str| Carried::FailedClosed { codes: vec![c] };
        assert_eq!(
            Carried::Exact.worst(closed("a")).worst(closed("b")),
            Carried::FailedClosed {
                codes: vec!["a", "b"]
            }
        );
        let differs = Carried::Differs {
            request: String::new(),
            what: String::new(),
        };
        assert_eq!(closed("a").worst(differs.clone()), differs);
        assert_eq!(Carried::NotExercised.worst(Carried::Exact), Carried::Exact);
    }
}
