//! Prints the performance targets as ratios measured in one run, at 1k, 10k and 100k objects:
//!
//! - the peers: the same documents read into their typed structs by serde_json and by every
//!   typed YAML parser measured (libyaml-based ones as bench-only dependencies, and
//!   serde-saphyr, the crate in use), and `kubectl annotate --local -o json` on the same file;
//! - the whole `smi translate --backend istio` process on that file: its wall time against the
//!   fastest typed YAML parse, and its peak RSS (from `/usr/bin/time`, which reads the child's
//!   `ru_maxrss`) against the input bytes;
//! - lowering plus every backend, to typed values, against the serde_json typed parse;
//! - how each column grows with 10× the objects;
//! - the incremental compiler: one-object changes in a mesh of 10 000 Services, full compile
//!   against the delta (`--only incremental` prints just these lines).
//!
//! The `smi` binary is the one beside this one (build it first, with the same profile and the
//! `unreleased` feature, as the corpus holds every SMI version), or `$SMI_BIN`:
//!
//! ```sh
//! cargo build --release -p smi-cli --features unreleased
//! cargo run --release -p smi-bench --bin ratios [-- [--only incremental] SIZE...]
//! ```
#![forbid(unsafe_code)]

use smi_bench::{Corpus, SIZES, YamlParser};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Median wall time of `runs` runs of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// One external command run on the corpus file: its median wall time and its peak RSS.
#[derive(Clone, Copy)]
struct Process {
    wall: Duration,
    peak_rss_bytes: Option<u64>,
}

/// Runs `program args…` `runs` times with its output discarded (median wall time), then once
/// more under `/usr/bin/time` for its peak RSS. `None` when it cannot be started or does not
/// run to its end (killed, or an exit status above 1: `smi` exits with 1 when the input has
/// errors, which the generated mesh holds on purpose, and still writes its output).
fn run_process(runs: usize, program: &Path, args: &[&str]) -> Option<Process> {
    let run = || {
        Command::new(program)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .ok()
            .filter(|status| matches!(status.code(), Some(0 | 1)))
    };
    run()?;
    let wall = time(runs, run);
    Some(Process {
        wall,
        peak_rss_bytes: peak_rss(program, args),
    })
}

/// Peak resident set of one run, as GNU time reports it (kilobytes of `ru_maxrss`).
fn peak_rss(program: &Path, args: &[&str]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("maxrss=%M")
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: u64 = stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("maxrss="))?
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The `smi` binary measured: `$SMI_BIN`, or the one built beside this binary.
fn smi_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SMI_BIN") {
        return Some(PathBuf::from(path));
    }
    let beside = std::env::current_exe().ok()?.parent()?.join("smi");
    beside.is_file().then_some(beside)
}

fn kubectl_binary() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("kubectl"))
            .find(|p| p.is_file())
    })
}

/// Everything measured at one size.
struct Row {
    objects: usize,
    input_bytes: usize,
    json_typed: Duration,
    /// Each typed YAML parser, in [`YamlParser::ALL`] order.
    yaml_typed: Vec<Duration>,
    kubectl: Option<Process>,
    cli: Option<Process>,
    lower: Duration,
    backends: Duration,
}

impl Row {
    fn fastest_yaml(&self) -> (YamlParser, Duration) {
        YamlParser::ALL
            .into_iter()
            .zip(self.yaml_typed.iter().copied())
            .min_by_key(|(_, d)| *d)
            .expect("at least one YAML parser")
    }

    /// The value of every growth column, by name.
    fn columns(&self) -> Vec<(String, Option<Duration>)> {
        let mut columns = vec![("serde_json".to_owned(), Some(self.json_typed))];
        for (parser, d) in YamlParser::ALL.into_iter().zip(&self.yaml_typed) {
            columns.push((parser.name().to_owned(), Some(*d)));
        }
        columns.push(("kubectl".into(), self.kubectl.map(|p| p.wall)));
        columns.push(("smi translate".into(), self.cli.map(|p| p.wall)));
        columns.push(("lower+backends".into(), Some(self.lower + self.backends)));
        columns
    }
}

fn measure(size: usize, smi: Option<&Path>, kubectl: Option<&Path>) -> Row {
    let corpus = Corpus::generate(size);
    let runs = if size >= 100_000 { 3 } else { 7 };
    let process_runs = if size >= 100_000 { 3 } else { 5 };
    let path = std::env::temp_dir().join(format!("smi-bench-{}.yaml", corpus.documents.len()));
    let written = std::fs::write(&path, &corpus.yaml_stream).is_ok();
    let file = path.to_string_lossy().into_owned();
    let cli = smi.filter(|_| written).and_then(|smi| {
        run_process(
            process_runs,
            smi,
            &["translate", "--backend", "istio", &file],
        )
    });
    let kubectl = kubectl.filter(|_| written).and_then(|kubectl| {
        run_process(
            process_runs,
            kubectl,
            &[
                "annotate",
                "--local",
                "-f",
                &file,
                "-o",
                "json",
                "smi-bench=1",
            ],
        )
    });
    let _ = std::fs::remove_file(&path);
    let graph = smi_bench::lower(&corpus);
    Row {
        objects: corpus.documents.len(),
        input_bytes: corpus.input_bytes(),
        json_typed: time(runs, || smi_bench::parse_json_typed(&corpus)),
        yaml_typed: YamlParser::ALL
            .into_iter()
            .map(|parser| time(runs, || parser.parse_typed(&corpus)))
            .collect(),
        kubectl,
        cli,
        lower: time(runs, || smi_bench::lower(&corpus)),
        backends: time(runs, || smi_bench::all_backends(&graph)),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn ms_or_na(d: Option<Duration>) -> String {
    d.map_or("n/a".to_owned(), |d| format!("{:.1} ms", ms(d)))
}

fn ratio(a: Option<f64>, b: f64) -> String {
    a.map_or("n/a".to_owned(), |a| format!("{:.2}×", a / b))
}

fn print_peers(rows: &[Row]) {
    let parsers: Vec<&str> = YamlParser::ALL.iter().map(|p| p.name()).collect();
    println!(
        "| objects | input | serde_json typed | {} typed | kubectl annotate --local -o json | smi translate --backend istio | its peak RSS |",
        parsers.join(" typed | ")
    );
    println!(
        "|---:|---:|---:|{}---:|---:|---:|",
        "---:|".repeat(parsers.len())
    );
    for r in rows {
        let yaml: Vec<String> = r
            .yaml_typed
            .iter()
            .map(|d| format!("{:.1} ms", ms(*d)))
            .collect();
        println!(
            "| {} | {:.1} MiB | {:.1} ms | {} | {} | {} | {} |",
            r.objects,
            r.input_bytes as f64 / 1048576.0,
            ms(r.json_typed),
            yaml.join(" | "),
            ms_or_na(r.kubectl.map(|p| p.wall)),
            ms_or_na(r.cli.map(|p| p.wall)),
            r.cli
                .and_then(|p| p.peak_rss_bytes)
                .map_or("n/a".to_owned(), |b| format!(
                    "{:.1} MiB",
                    b as f64 / 1048576.0
                )),
        );
    }
}

fn print_targets(rows: &[Row]) {
    println!(
        "| objects | fastest typed YAML | CLI / fastest YAML (≤ 2) | peak RSS / input (≤ 3) | lower | all 4 backends | (lower+backends) / serde_json (≤ 1) |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|");
    for r in rows {
        let (parser, fastest) = r.fastest_yaml();
        println!(
            "| {} | {} {:.1} ms | {} | {} | {:.1} ms | {:.1} ms | {:.2}× |",
            r.objects,
            parser.name(),
            ms(fastest),
            ratio(r.cli.map(|p| p.wall.as_secs_f64()), fastest.as_secs_f64()),
            ratio(
                r.cli.and_then(|p| p.peak_rss_bytes).map(|b| b as f64),
                r.input_bytes as f64
            ),
            ms(r.lower),
            ms(r.backends),
            (r.lower + r.backends).as_secs_f64() / r.json_typed.as_secs_f64(),
        );
    }
}

fn print_growth(rows: &[Row]) {
    let Some(first) = rows.first() else {
        return;
    };
    let names: Vec<String> = first.columns().into_iter().map(|(name, _)| name).collect();
    println!(
        "| from → to (time ×, ≤ 11) | objects × | {} |",
        names.join(" | ")
    );
    println!("|---|---:|{}", "---:|".repeat(names.len()));
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let growth: Vec<String> = a
            .columns()
            .into_iter()
            .zip(b.columns())
            .map(|((_, x), (_, y))| match (x, y) {
                (Some(x), Some(y)) => format!("{:.1}", y.as_secs_f64() / x.as_secs_f64()),
                _ => "n/a".to_owned(),
            })
            .collect();
        println!(
            "| {} → {} | {:.1} | {} |",
            a.objects,
            b.objects,
            b.objects as f64 / a.objects as f64,
            growth.join(" | ")
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--only") {
        if args.iter().any(|a| a == "incremental") {
            incremental();
        } else {
            eprintln!("--only takes `incremental`");
            std::process::exit(2);
        }
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        SIZES.to_vec()
    } else {
        args.iter().filter_map(|a| a.parse().ok()).collect()
    };
    let smi = smi_binary();
    let kubectl = kubectl_binary();
    if smi.is_none() {
        println!(
            "note: no smi binary beside this one and no $SMI_BIN: build it with `cargo build --release -p smi-cli --features unreleased`; its columns are n/a"
        );
    }
    if kubectl.is_none() {
        println!("note: kubectl is not on PATH; its column is n/a");
    }
    if !Path::new("/usr/bin/time").is_file() {
        println!("note: no /usr/bin/time (GNU time); peak RSS is n/a");
    }
    let rows: Vec<Row> = sizes
        .iter()
        .map(|s| measure(*s, smi.as_deref(), kubectl.as_deref()))
        .collect();
    print_peers(&rows);
    println!();
    print_targets(&rows);
    println!();
    print_growth(&rows);
    println!();
    incremental();
}

/// `incremental: <change>: full X ms, delta Y µs, ratio Z×` at 10 000 Services, Istio backend.
fn incremental() {
    use smi_bench::incremental::{edits, full_compile, loaded, mesh_with_services};
    use smi_translate::backend::istio::Istio;
    let scenario = mesh_with_services(10_000);
    let full = time(5, || full_compile(&scenario));
    let mut compiler = loaded(&scenario);
    let istio = Istio::default();
    compiler.delta(&istio);
    for edit in edits(&scenario) {
        // Each timed run is a real change: the edit and its undo alternate.
        let mut times = Vec::new();
        for _ in 0..5 {
            for input in [&edit.after, &edit.before] {
                let start = Instant::now();
                input.upsert(&mut compiler);
                std::hint::black_box(compiler.delta(&istio));
                times.push(start.elapsed());
            }
        }
        times.sort();
        let delta = times[times.len() / 2];
        println!(
            "incremental: {}: full {:.1} ms, delta {:.1} µs, ratio {:.0}× ({} Services)",
            edit.name,
            ms(full),
            delta.as_secs_f64() * 1e6,
            full.as_secs_f64() / delta.as_secs_f64(),
            scenario.inventory.services.len(),
        );
    }
}
