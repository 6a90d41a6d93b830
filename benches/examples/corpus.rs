//! Writes the benchmark corpus of about SIZE objects as one YAML stream on stdout, the file
//! `ratios` runs `smi translate` and `kubectl` on; for profiling those processes by hand.
//!
//! `cargo run -p smi-bench --release --example corpus -- 10000 > mesh-10k.yaml`
#![forbid(unsafe_code)]

use std::io::Write;

fn main() {
    let size = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let corpus = smi_bench::Corpus::generate(size);
    let written = std::io::stdout()
        .lock()
        .write_all(corpus.yaml_stream.as_bytes());
    if let Err(e) = written {
        eprintln!("cannot write the corpus: {e}");
        std::process::exit(1);
    }
}
