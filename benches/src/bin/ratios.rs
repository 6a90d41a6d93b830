//! Prints the performance targets as ratios measured in one run:
//!
//! - lowering plus every backend, to typed values, against the serde_json typed parse;
//! - the CLI path (YAML in, YAML out) against the typed YAML parse of the same input;
//! - how the time grows with the input (10× the objects);
//! - peak memory of the CLI path against the input size (in a child process, from
//!   `/proc/self/status`).
//!
//! - the incremental compiler: one-object changes in a mesh of 10 000 Services, full compile
//!   against the delta (`--only incremental` prints just these lines).
//!
//! `cargo run -p smi-bench --release --bin ratios [-- [--only incremental] SIZE...]`
#![forbid(unsafe_code)]

use smi_bench::{Corpus, SIZES};
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

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Child mode: read the YAML file, run the CLI path once, print the peak growth in bytes.
fn memory_child(path: &str) {
    let Ok(input) = std::fs::read_to_string(path) else {
        eprintln!("cannot read {path}");
        std::process::exit(2);
    };
    let before = status_kib("VmRSS:").unwrap_or(0);
    let out = smi_bench::cli_yaml_to_yaml(&input);
    let peak = status_kib("VmHWM:").unwrap_or(0);
    std::hint::black_box(out);
    println!("{}", peak.saturating_sub(before) * 1024);
}

struct Row {
    objects: usize,
    input_bytes: usize,
    json_floor: Duration,
    yaml_floor: Duration,
    lower: Duration,
    backends: Duration,
    cli: Duration,
    peak_bytes: Option<u64>,
}

fn measure(size: usize) -> Row {
    let corpus = Corpus::generate(size);
    let runs = if size >= 100_000 { 3 } else { 7 };
    let graph = smi_bench::lower(&corpus);
    Row {
        objects: corpus.documents.len(),
        input_bytes: corpus.input_bytes(),
        json_floor: time(runs, || smi_bench::parse_json_typed(&corpus)),
        yaml_floor: time(runs, || smi_bench::parse_yaml_typed(&corpus)),
        lower: time(runs, || smi_bench::lower(&corpus)),
        backends: time(runs, || smi_bench::all_backends(&graph)),
        cli: time(runs, || smi_bench::cli_yaml_to_yaml(&corpus.yaml_stream)),
        peak_bytes: peak_memory(&corpus),
    }
}

fn peak_memory(corpus: &Corpus) -> Option<u64> {
    let path = std::env::temp_dir().join(format!("smi-bench-{}.yaml", corpus.documents.len()));
    std::fs::write(&path, &corpus.yaml_stream).ok()?;
    let exe = std::env::current_exe().ok()?;
    let out = std::process::Command::new(exe)
        .arg("--memory-child")
        .arg(&path)
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&path);
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--memory-child") {
        memory_child(args.get(1).map_or("", String::as_str));
        return;
    }
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
    let rows: Vec<Row> = sizes.iter().map(|s| measure(*s)).collect();
    println!(
        "| objects | input | json floor | yaml floor | lower | all backends | CLI yaml→yaml | (lower+backends)/json floor | CLI/yaml floor | peak memory / input |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let peak = r.peak_bytes.map_or("n/a".to_owned(), |p| {
            format!("{:.2}×", p as f64 / r.input_bytes as f64)
        });
        println!(
            "| {} | {:.1} MiB | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.2}× | {:.2}× | {} |",
            r.objects,
            r.input_bytes as f64 / 1048576.0,
            ms(r.json_floor),
            ms(r.yaml_floor),
            ms(r.lower),
            ms(r.backends),
            ms(r.cli),
            (r.lower + r.backends).as_secs_f64() / r.json_floor.as_secs_f64(),
            r.cli.as_secs_f64() / r.yaml_floor.as_secs_f64(),
            peak,
        );
    }
    println!();
    println!("| from → to | objects × | lower+backends time × | CLI time × |");
    println!("|---|---:|---:|---:|");
    for pair in rows.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        println!(
            "| {} → {} | {:.1} | {:.1} | {:.1} |",
            a.objects,
            b.objects,
            b.objects as f64 / a.objects as f64,
            (b.lower + b.backends).as_secs_f64() / (a.lower + a.backends).as_secs_f64(),
            b.cli.as_secs_f64() / a.cli.as_secs_f64(),
        );
    }
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
