//! Times each backend separately (a development aid for finding the slow stage).
use smi_bench::Corpus;
use smi_translate::Backend;
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let c = Corpus::generate(n);
    let g = smi_bench::lower(&c);
    let t = Instant::now();
    let a = smi_translate::backend::istio::Istio::default().emit(&g);
    println!("istio {:?} {}", t.elapsed(), a.objects.len());
    let t = Instant::now();
    let a = smi_translate::backend::linkerd::Linkerd::default().emit(&g);
    println!("linkerd {:?} {}", t.elapsed(), a.objects.len());
    let t = Instant::now();
    let a = smi_translate::backend::envoy::Envoy::default().emit(&g);
    println!("envoy {:?} {}", t.elapsed(), a.objects.len());
    let t = Instant::now();
    let a = smi_translate::backend::gamma::Gamma.emit(&g);
    println!("gamma {:?} {}", t.elapsed(), a.objects.len());
    let t = Instant::now();
    let l = smi_types::load::load(&c.yaml_stream, &Default::default());
    println!("load {:?} {}", t.elapsed(), l.objects.len());
}
