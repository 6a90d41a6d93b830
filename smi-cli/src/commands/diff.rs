//! `smi diff OLD NEW`: what a change to the manifests opens or closes, by meaning.

use super::answer;
use super::describe;
use super::lowering::LoweringArgs;
use crate::{Format, InputArgs, Outcome};
use serde_json::{Value, json};
use smi_translate::graph::query::{
    AccessEdge, Admits, DiagnosticChange, EdgeChange, GraphDiff, SplitChange, SplitView, diff,
};
use smi_translate::graph::{HttpMatch, Transport};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What makes `smi diff` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// NEW may allow a request that OLD denies.
    Widen,
}

/// `smi diff` arguments.
#[derive(Debug, clap::Args)]
#[command(override_usage = "smi diff [OPTIONS] OLD NEW")]
pub struct Args {
    /// Exit 1 when the change does this (a gate for pull requests).
    #[arg(long, value_enum, value_name = "CHANGE")]
    fail_on: Option<FailOn>,
    #[command(flatten)]
    lowering: LoweringArgs,
    /// OLD and NEW: each a file, a directory or `-` (stdin, for one of them).
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi diff`.
pub fn run(args: &Args, format: Format) -> Outcome {
    let [old, new] = args.input.paths.as_slice() else {
        eprintln!("error: smi diff takes two paths, OLD and NEW");
        return Outcome::UsageError;
    };
    if old.as_os_str() == "-" && new.as_os_str() == "-" {
        eprintln!("error: only one of OLD and NEW can be `-` (stdin)");
        return Outcome::UsageError;
    }
    let mut load_errors = 0;
    let mut graphs = Vec::new();
    for path in [old, new] {
        let mut side = args.input.clone();
        side.paths = vec![path.clone()];
        match answer::lower(&side, &args.lowering) {
            Ok(lowered) => {
                load_errors += lowered.load_errors;
                graphs.push(lowered.graph);
            }
            Err(outcome) => return outcome,
        }
    }
    let changes = diff(&graphs[0], &graphs[1]);
    let text = match format {
        Format::Json => json_text(&changes),
        Format::Yaml => text(&changes),
    };
    match answer::finish(&text, load_errors) {
        Outcome::Clean => {}
        other => return other,
    }
    match args.fail_on {
        Some(FailOn::Widen) if changes.widens() => {
            eprintln!("error: NEW allows requests that OLD denies (--fail-on widen)");
            Outcome::InputErrors
        }
        _ => Outcome::Clean,
    }
}

fn edge_name(e: &AccessEdge) -> String {
    let transport = match e.transport {
        Transport::Tcp => "",
        Transport::Udp => "/udp",
        Transport::Sctp => "/sctp",
    };
    format!("{} → {}:{}{transport}", e.source, e.service, e.port)
}

/// What an edge admits, in a few words: `any traffic` or the names of its matches.
fn admits(e: &AccessEdge) -> String {
    if e.admits_everything() {
        return "any traffic".into();
    }
    let names: Vec<String> = e.matches().into_iter().map(describe::match_name).collect();
    names.join(", ")
}

/// The matches of an edge by name, with their conditions.
fn matches_by_name(e: &AccessEdge) -> BTreeMap<String, String> {
    e.matches()
        .into_iter()
        .map(|m| (describe::match_name(m), describe::conditions(m)))
        .collect()
}

fn change_detail(c: &EdgeChange) -> String {
    if c.old.admits_everything() != c.new.admits_everything() {
        return format!("{} → {}", admits(&c.old), admits(&c.new));
    }
    let (before, after) = (matches_by_name(&c.old), matches_by_name(&c.new));
    let mut parts = Vec::new();
    for (name, conditions) in &after {
        match before.get(name) {
            None => parts.push(format!("+{name}")),
            Some(old) if old != conditions => parts.push(format!("~{name}")),
            Some(_) => {}
        }
    }
    parts.extend(
        before
            .keys()
            .filter(|n| !after.contains_key(*n))
            .map(|n| format!("-{n}")),
    );
    if parts.is_empty() {
        // Same names, other meaning: the endpoints behind the Service changed.
        "the workloads behind the Service admit otherwise".into()
    } else {
        parts.join(", ")
    }
}

fn weights(view: Option<&SplitView>) -> BTreeMap<String, u32> {
    view.map(|v| {
        v.backends
            .iter()
            .map(|b| (b.service.to_string(), b.weight))
            .collect()
    })
    .unwrap_or_default()
}

fn split_detail(c: &SplitChange) -> String {
    let (old, new) = (weights(c.old.as_ref()), weights(c.new.as_ref()));
    let mut services: Vec<&String> = old.keys().chain(new.keys()).collect();
    services.sort();
    services.dedup();
    let show = |w: Option<&u32>| w.map_or("-".to_owned(), ToString::to_string);
    let mut parts: Vec<String> = services
        .into_iter()
        .filter(|s| old.get(*s) != new.get(*s))
        .map(|s| format!("{s} {} → {}", show(old.get(s)), show(new.get(s))))
        .collect();
    let condition = |v: Option<&SplitView>| v.and_then(|v| v.condition.clone());
    if condition(c.old.as_ref()) != condition(c.new.as_ref()) {
        parts.push("condition changed".into());
    }
    if parts.is_empty() {
        "same shares, other weights".into()
    } else {
        parts.join(", ")
    }
}

/// The text report, like `git diff --stat`.
fn text(d: &GraphDiff) -> String {
    if d.is_empty() {
        return "no change in access, splits or diagnostics\n".into();
    }
    let mut out = String::new();
    if !(d.added.is_empty() && d.removed.is_empty() && d.changed.is_empty()) {
        out.push_str("access (source → Service:port):\n");
        for e in &d.added {
            let _ = writeln!(out, "  + {}  [{}]  widens", edge_name(e), admits(e));
        }
        for e in &d.removed {
            let _ = writeln!(out, "  - {}  [{}]", edge_name(e), admits(e));
        }
        for c in &d.changed {
            let _ = writeln!(
                out,
                "  ~ {}  [{}]  {}",
                edge_name(&c.new),
                change_detail(c),
                if c.widens { "widens" } else { "narrows" }
            );
        }
    }
    if !d.splits.is_empty() {
        out.push_str("splits (root Service:port):\n");
        for c in &d.splits {
            let sign = match (&c.old, &c.new) {
                (None, _) => '+',
                (_, None) => '-',
                _ => '~',
            };
            let _ = writeln!(out, "  {sign} {}:{}  {}", c.root, c.port, split_detail(c));
        }
    }
    if !d.diagnostics.is_empty() {
        out.push_str("diagnostics:\n");
        for change in &d.diagnostics {
            let (sign, diagnostic) = match change {
                DiagnosticChange::Appeared(x) => ('+', x),
                DiagnosticChange::Disappeared(x) => ('-', x),
            };
            let _ = writeln!(
                out,
                "  {sign} {} ({})",
                diagnostic.headline(),
                describe::object(&diagnostic.object)
            );
        }
    }
    let appeared = d
        .diagnostics
        .iter()
        .filter(|c| matches!(c, DiagnosticChange::Appeared(_)))
        .count();
    let widening = d.widenings().len();
    let _ = writeln!(
        out,
        "{} edges added, {} removed, {} changed ({widening} widen); {} split ports changed; {appeared} diagnostics appeared, {} disappeared",
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.splits.len(),
        d.diagnostics.len() - appeared,
    );
    out
}

fn match_json(m: &HttpMatch) -> Value {
    json!({
        "route_group": format!("{}/{}", m.group.namespace, m.group.name),
        "match": m.name,
        "conditions": describe::conditions(m),
    })
}

fn edge_json(e: &AccessEdge) -> Value {
    json!({
        "source": e.source.to_string(),
        "service": e.service.to_string(),
        "port": e.port,
        "port_name": e.port_name,
        "transport": match e.transport {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
            Transport::Sctp => "sctp",
        },
        "granted_by": e.granted_by().iter().map(|t| format!("{}/{}", t.namespace, t.name)).collect::<Vec<_>>(),
        "endpoints": e.endpoints.iter().map(|a| json!({
            "identity": a.identity.to_string(),
            "pod_port": a.pod_port,
            "admits": match &a.admits {
                Admits::Everything => json!("everything"),
                Admits::Http(matches) => matches.iter().map(match_json).collect(),
            },
        })).collect::<Vec<_>>(),
    })
}

fn split_json(v: Option<&SplitView>) -> Value {
    v.map_or(Value::Null, |v| {
        json!({
            "traffic_split": format!("{}/{}", v.split.namespace, v.split.name),
            "condition": v.condition.as_ref().map(|c| c.iter().map(match_json).collect::<Vec<_>>()),
            "backends": v.backends.iter().map(|b| json!({"service": b.service.to_string(), "weight": b.weight})).collect::<Vec<_>>(),
        })
    })
}

fn json_text(d: &GraphDiff) -> String {
    let (appeared, disappeared): (Vec<_>, Vec<_>) = d
        .diagnostics
        .iter()
        .partition(|c| matches!(c, DiagnosticChange::Appeared(_)));
    let inner = |changes: Vec<&DiagnosticChange>| -> Vec<Value> {
        changes
            .into_iter()
            .filter_map(|c| match c {
                DiagnosticChange::Appeared(x) | DiagnosticChange::Disappeared(x) => {
                    serde_json::to_value(x).ok()
                }
            })
            .collect()
    };
    let value = json!({
        "widens": d.widens(),
        "added": d.added.iter().map(edge_json).collect::<Vec<_>>(),
        "removed": d.removed.iter().map(edge_json).collect::<Vec<_>>(),
        "changed": d.changed.iter().map(|c| json!({
            "old": edge_json(&c.old),
            "new": edge_json(&c.new),
            "widens": c.widens,
        })).collect::<Vec<_>>(),
        "splits": d.splits.iter().map(|c| json!({
            "root": c.root.to_string(),
            "port": c.port,
            "old": split_json(c.old.as_ref()),
            "new": split_json(c.new.as_ref()),
        })).collect::<Vec<_>>(),
        "diagnostics": {
            "appeared": inner(appeared),
            "disappeared": inner(disappeared),
        },
    });
    serde_json::to_string_pretty(&value)
        .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |s| s + "\n")
}
