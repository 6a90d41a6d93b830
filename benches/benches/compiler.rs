//! divan benchmarks: the parse floors, lowering, each backend and the CLI path, on generated
//! meshes of 1k, 10k and 100k objects. Ratios between them are printed by `src/bin/ratios.rs`.
#![forbid(unsafe_code)]
#![allow(missing_docs)]

use divan::Bencher;
use smi_bench::{Corpus, SIZES};
use smi_translate::Backend;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn corpus(size: usize) -> &'static Corpus {
    static CORPORA: [OnceLock<Corpus>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = SIZES.iter().position(|s| *s == size).unwrap_or(0);
    CORPORA[slot].get_or_init(|| Corpus::generate(size))
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn floor_json_typed(b: Bencher, size: usize) {
    let c = corpus(size);
    b.bench(|| smi_bench::parse_json_typed(c));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn floor_yaml_typed(b: Bencher, size: usize) {
    let c = corpus(size);
    b.bench(|| smi_bench::parse_yaml_typed(c));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn lower(b: Bencher, size: usize) {
    let c = corpus(size);
    b.bench(|| smi_bench::lower(c));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn backend_istio(b: Bencher, size: usize) {
    let g = smi_bench::lower(corpus(size));
    b.bench(|| smi_translate::backend::istio::Istio::default().emit(&g));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn backend_linkerd(b: Bencher, size: usize) {
    let g = smi_bench::lower(corpus(size));
    b.bench(|| smi_translate::backend::linkerd::Linkerd::default().emit(&g));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn backend_envoy(b: Bencher, size: usize) {
    let g = smi_bench::lower(corpus(size));
    b.bench(|| smi_translate::backend::envoy::Envoy::default().emit(&g));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn backend_gamma(b: Bencher, size: usize) {
    let g = smi_bench::lower(corpus(size));
    b.bench(|| smi_translate::backend::gamma::Gamma.emit(&g));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn cli_yaml_to_yaml(b: Bencher, size: usize) {
    let c = corpus(size);
    b.bench(|| smi_bench::cli_yaml_to_yaml(&c.yaml_stream));
}
