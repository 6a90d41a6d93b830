//! Prints how the `smi` binary scales on inputs shaped to expose quadratic paths, one line per
//! path: the time at n and at 10n objects (or backends) and their ratio. Linear means a ratio
//! near 10 (the target is ≤ 11); a quadratic path shows near 100.
//!
//! - `diagnostics`: n TrafficSplits, each with an invalid service name (one diagnostic per
//!   object, each placed at its line), through `smi translate --backend istio`;
//! - `json-stream`: a JSON stream of n objects, through `smi validate`;
//! - `backends`: one TrafficSplit with n backends, each with an invalid name (n diagnostics in
//!   one document), through `smi validate`;
//! - `gamma`: n apps (Service, Deployment, ServiceAccount, TrafficTarget, HTTPRouteGroup),
//!   through `smi translate --backend gamma` without `--authz`.
//!
//! It runs the release `smi` built beside it (`cargo build -p smi-cli --release`), or the one
//! `SMI_BIN` names.
//!
//! `cargo run -p smi-bench --release --bin scaling [-- [--only NAME] [--divide K]]`: `--divide`
//! shrinks every n by K (to measure a quadratic build without waiting minutes).
#![forbid(unsafe_code)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One measured path.
struct Line {
    name: &'static str,
    /// n (the smaller size).
    n: usize,
    /// The `smi` arguments before the input path.
    args: &'static [&'static str],
    /// The input of size n.
    input: fn(usize) -> String,
}

const LINES: [Line; 4] = [
    Line {
        name: "diagnostics",
        n: 800,
        args: &["translate", "--backend", "istio"],
        input: invalid_splits,
    },
    Line {
        name: "json-stream",
        n: 4_000,
        args: &["validate"],
        input: json_stream,
    },
    Line {
        name: "backends",
        n: 1_000,
        args: &["validate"],
        input: one_split_many_backends,
    },
    Line {
        name: "gamma",
        n: 1_000,
        args: &["translate", "--backend", "gamma"],
        input: apps,
    },
];

fn invalid_splits(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let _ = write!(
            out,
            "---\napiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: split-{i}\n  namespace: shop\nspec:\n  service: Web-{i}\n  backends:\n  - service: web-{i}-v1\n    weight: 90\n  - service: web-{i}-v2\n    weight: 10\n"
        );
    }
    out
}

fn json_stream(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let _ = writeln!(
            out,
            r#"{{"apiVersion":"split.smi-spec.io/v1alpha4","kind":"TrafficSplit","metadata":{{"name":"split-{i}","namespace":"shop"}},"spec":{{"service":"web-{i}","backends":[{{"service":"web-{i}-v1","weight":90}},{{"service":"web-{i}-v2","weight":10}}]}}}}"#
        );
    }
    out
}

fn one_split_many_backends(n: usize) -> String {
    let mut out = String::from(
        "apiVersion: split.smi-spec.io/v1alpha4\nkind: TrafficSplit\nmetadata:\n  name: wide\n  namespace: shop\nspec:\n  service: web\n  backends:\n",
    );
    for i in 0..n {
        let _ = write!(out, "  - service: Web-{i}\n    weight: 1\n");
    }
    out
}

fn apps(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let caller = if i == 0 { n - 1 } else { i - 1 };
        let _ = write!(
            out,
            "---
apiVersion: v1
kind: ServiceAccount
metadata: {{name: app-{i}, namespace: shop}}
---
apiVersion: v1
kind: Service
metadata: {{name: app-{i}, namespace: shop}}
spec:
  selector: {{app: app-{i}}}
  ports:
  - {{name: http, port: 80, targetPort: 8080}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {{name: app-{i}, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: app-{i}}}}}
  template:
    metadata: {{labels: {{app: app-{i}}}}}
    spec:
      serviceAccountName: app-{i}
      containers:
      - {{name: app, image: app, ports: [{{containerPort: 8080}}]}}
---
apiVersion: specs.smi-spec.io/v1alpha4
kind: HTTPRouteGroup
metadata: {{name: app-{i}, namespace: shop}}
spec:
  matches:
  - {{name: api, pathRegex: /api/.*, methods: [GET]}}
---
apiVersion: access.smi-spec.io/v1alpha3
kind: TrafficTarget
metadata: {{name: app-{i}, namespace: shop}}
spec:
  destination: {{kind: ServiceAccount, name: app-{i}, namespace: shop}}
  sources:
  - {{kind: ServiceAccount, name: app-{caller}, namespace: shop}}
  rules:
  - {{kind: HTTPRouteGroup, name: app-{i}, matches: [api]}}
"
        );
    }
    out
}

/// The `smi` binary to run.
fn smi_bin() -> PathBuf {
    if let Some(path) = std::env::var_os("SMI_BIN") {
        return PathBuf::from(path);
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("smi")))
        .unwrap_or_else(|| PathBuf::from("smi"))
}

/// Wall time of one `smi` run on `input` (written to a file, so reading stdin is not measured).
fn run(smi: &PathBuf, args: &[&str], input: &str, tag: &str) -> Duration {
    let path = std::env::temp_dir().join(format!("smi-scaling-{}-{tag}.yaml", std::process::id()));
    if let Err(e) = std::fs::write(&path, input) {
        eprintln!("cannot write {}: {e}", path.display());
        std::process::exit(2);
    }
    let start = Instant::now();
    let status = Command::new(smi)
        .args(args)
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let elapsed = start.elapsed();
    let _ = std::fs::remove_file(&path);
    if let Err(e) = status {
        eprintln!("cannot run {}: {e}", smi.display());
        std::process::exit(2);
    }
    elapsed
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value_of = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let only = value_of("--only");
    let divide: usize = value_of("--divide")
        .and_then(|d| d.parse().ok())
        .unwrap_or(1)
        .max(1);
    if let Some(name) = only
        && !LINES.iter().any(|l| l.name == name)
    {
        let names: Vec<&str> = LINES.iter().map(|l| l.name).collect();
        eprintln!("--only takes one of {}", names.join(", "));
        std::process::exit(2);
    }
    let smi = smi_bin();
    println!("| path | n | time at n | time at 10n | time × (target ≤ 11) |");
    println!("|---|---:|---:|---:|---:|");
    for line in LINES
        .iter()
        .filter(|l| only.is_none_or(|name| name == l.name))
    {
        let n = (line.n / divide).max(1);
        let small = run(&smi, line.args, &(line.input)(n), "n");
        let large = run(&smi, line.args, &(line.input)(10 * n), "10n");
        println!(
            "| {} | {n} | {:.0} ms | {:.0} ms | {:.1} |",
            line.name,
            small.as_secs_f64() * 1e3,
            large.as_secs_f64() * 1e3,
            large.as_secs_f64() / small.as_secs_f64(),
        );
    }
}
