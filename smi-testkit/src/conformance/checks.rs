//! The Go-coded checks of Meshery's runner, as requests with expected outcomes, and the places
//! where the suite itself is wrong against the SMI spec.
//!
//! The runner (`smi-conformance/test-gen/traffic-{access,spec,split}.go` in layer5io/learn-layer5)
//! registers one handler per step name. Each handler asks `app-a` (through its `/call` endpoint)
//! to send a request to `app-b` on port 9091 and reads both apps' request logs:
//!
//! | case | step name | request from `app-a` | expected |
//! |---|---|---|---|
//! | traffic-access | `trafficDefault`, `trafficBlocked` | `GET /echo` to `app-b` | blocked |
//! | traffic-access | `trafficAllowed` | `GET /echo` to `app-b` | allowed (and `app-b` logs it from `app-a`) |
//! | traffic-spec | `trafficPath` | `GET /metrics`, `GET /echo` to `app-b` | allowed, blocked |
//! | traffic-spec | `trafficMethod` | `GET /echo`, `POST /echo` to `app-b` | allowed, blocked |
//!
//! traffic-split registers only `trafficPath` (the traffic-spec handler), which no step of that
//! case is named, so upstream its traffic steps send nothing. Its `Tests.md` says what they are
//! meant to verify, and that is checked here: a request to `app-svc` reaches `app-svc`'s own
//! endpoints with no TrafficSplit (`trafficDefault`), then `app-b`/`app-c` by the split's weights
//! (`trafficOnlyB` 100/0, `trafficOnlyC` 0/100, `trafficBGrtC` 75/25, `trafficCGrtB` 25/75).
//!
//! `app-a` runs as the ServiceAccount `service-a` in traffic-access and traffic-spec, and as
//! `default` in traffic-split (its Deployment names none). Services listen on 9091, port name
//! `http`.

use crate::request::Request;
use smi_translate::graph::{Identity, Method, ServiceId};

/// What the suite expects of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expectation {
    /// Whether the request must reach its destination.
    pub allowed: bool,
    /// For splits: the share (percent) each Service must receive; `None`: not checked.
    pub share: Option<Vec<(ServiceId, u32)>>,
}

/// One request of a check and what the suite expects of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// The request.
    pub request: Request,
    /// What the suite expects.
    pub expect: Expectation,
}

/// The port every Service of the suite listens on.
pub const PORT: u16 = 9091;

/// The requests of the check registered (or, for traffic-split, described) under `name` in test
/// case `case`, run in `namespace`; `None` for a name the runner does not know.
pub fn probes(case: &str, name: &str, namespace: &str) -> Option<Vec<Probe>> {
    let service = |s: &str| ServiceId::new(namespace, s);
    let from_a = |sa: &str, to: &str, method: Method, path: &str| {
        Request::http(Identity::new(namespace, sa), service(to), PORT)
            .with_method(method)
            .with_path(path)
    };
    let access = |method, path: &str, allowed| Probe {
        request: from_a("service-a", "app-b", method, path),
        expect: Expectation {
            allowed,
            share: None,
        },
    };
    let split = |share: &[(&str, u32)]| Probe {
        request: from_a("default", "app-svc", Method::Get, "/echo"),
        expect: Expectation {
            allowed: true,
            share: Some(share.iter().map(|(s, w)| (service(s), *w)).collect()),
        },
    };
    let probes = match (case, name) {
        ("traffic-access", "trafficDefault" | "trafficBlocked") => {
            vec![access(Method::Get, "/echo", false)]
        }
        ("traffic-access", "trafficAllowed") => vec![access(Method::Get, "/echo", true)],
        ("traffic-spec", "trafficPath") => vec![
            access(Method::Get, "/metrics", true),
            access(Method::Get, "/echo", false),
        ],
        ("traffic-spec", "trafficMethod") => vec![
            access(Method::Get, "/echo", true),
            access(Method::Post, "/echo", false),
        ],
        ("traffic-split", "trafficDefault") => vec![split(&[("app-svc", 100)])],
        ("traffic-split", "trafficOnlyB") => vec![split(&[("app-b", 100), ("app-c", 0)])],
        ("traffic-split", "trafficOnlyC") => vec![split(&[("app-b", 0), ("app-c", 100)])],
        ("traffic-split", "trafficBGrtC") => vec![split(&[("app-b", 75), ("app-c", 25)])],
        ("traffic-split", "trafficCGrtB") => vec![split(&[("app-b", 25), ("app-c", 75)])],
        _ => return None,
    };
    Some(probes)
}

/// A place where the suite is wrong against the SMI spec (`docs/smi-spec.md`): the report says
/// so instead of bending a translator to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Defect {
    /// The test case.
    pub case: &'static str,
    /// The steps concerned.
    pub steps: &'static [u32],
    /// Whether it changes an expected outcome (the spec's differs from the suite's at a step
    /// it names); otherwise it is a flaw with no effect on the outcomes.
    pub changes_outcome: bool,
    /// What is wrong, and why.
    pub reason: &'static str,
}

/// Every known defect of the suite, each with its reason.
pub const DEFECTS: &[Defect] = &[
    Defect {
        case: "traffic-spec",
        steps: &[3, 4],
        changes_outcome: true,
        reason: "step 03's HTTPRouteGroup (specs v1alpha4) has `matches` at the top level and no `spec`; \
                 the schema puts them under `spec.matches`, so a cluster rejects or prunes it and the \
                 TrafficTarget's rule names a match `testMatch` that does not exist. Nothing is allowed \
                 (deny by default), yet step 04 expects `GET /metrics` to pass",
    },
    Defect {
        case: "traffic-spec",
        steps: &[3, 5],
        changes_outcome: false,
        reason: "the TrafficTarget (access v1alpha3) carries `destination.port: \"9091\"`, a field of \
                 v1alpha1/v1alpha2 only (and a string, where it was an integer); it is pruned. Without \
                 effect: the rules already cover every port",
    },
    Defect {
        case: "traffic-split",
        steps: &[3, 5, 7, 9, 11],
        changes_outcome: true,
        reason: "the case installs no TrafficTarget, and SMI denies all traffic to a destination no \
                 TrafficTarget selects, so every request to app-svc's backends is denied; the steps \
                 assume a mesh that allows by default. The split's routing is still judged",
    },
    Defect {
        case: "traffic-split",
        steps: &[3, 5, 7, 9, 11],
        changes_outcome: false,
        reason: "upstream registers no check under these step names (the case's handler map holds only \
                 `trafficPath`), so they pass without sending traffic; checked here as Tests.md \
                 describes them",
    },
    Defect {
        case: "traffic-access",
        steps: &[3, 5, 7],
        changes_outcome: false,
        reason: OUTSIDE_DRIVER,
    },
    Defect {
        case: "traffic-spec",
        steps: &[4, 6],
        changes_outcome: false,
        reason: OUTSIDE_DRIVER,
    },
];

/// The runner's own requests are not the ones under test.
const OUTSIDE_DRIVER: &str = "the runner drives the test from outside the mesh (it calls app-a's \
     `/call` and reads the apps' `/metrics`); under deny by default those calls are denied too. Only \
     the request from app-a to app-b, which the steps are about, is judged";

/// The defects that concern step `step` of `case`.
pub fn defects_of(case: &str, step: u32) -> impl Iterator<Item = &'static Defect> + '_ {
    DEFECTS
        .iter()
        .filter(move |d| d.case == case && d.steps.contains(&step))
}
