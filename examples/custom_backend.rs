//! A third-party backend: SMI access rules as "intentions" (source → destination, allow), the
//! shape Consul and many home-grown proxies take.
//!
//! It reads only the mesh graph, never SMI or Kubernetes types, and reports what its target
//! cannot say (here: anything narrower than a whole port) instead of dropping it silently.
//!
//! `cargo run -p smi-examples --example custom_backend -- examples/manifests/bookstore.yaml`
#![forbid(unsafe_code)]

use serde::Serialize;
use smi_translate::graph::{Diagnostic, Grant, MeshGraph, PortSet};
use smi_translate::{Backend, Emitted, Inventory, Options};
use smi_types::load::{LoadOptions, load};

/// This backend's diagnostic codes, declared as the built-in backends declare theirs.
mod codes {
    smi_types::diagnostic_codes! {
        /// An HTTP grant narrower than every request: intentions allow whole ports only, so the
        /// rule grants nothing here.
        TOO_NARROW = "intentions-too-narrow";
    }
}

/// One allowed edge: `source` may open connections to `destination` on `ports` (empty: any).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
struct Intention {
    source: String,
    destination: String,
    ports: Vec<u16>,
}

/// L4 intentions only: an HTTP grant narrower than "every request" cannot be expressed, so it
/// grants nothing here (fail closed) and says so.
struct Intentions;

impl Backend for Intentions {
    type Output = Intention;

    fn name(&self) -> &'static str {
        "intentions"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<Intention> {
        let mut objects = Vec::new();
        let mut diagnostics = Vec::new();
        for auth in &graph.authorizations {
            for grant in &auth.grants {
                let ports = match grant {
                    Grant::Tcp { ports } => ports,
                    Grant::Http { ports, matches } if matches.iter().any(|m| m.is_catch_all()) => {
                        ports
                    }
                    Grant::Http { .. } | Grant::Udp { .. } => {
                        diagnostics.push(Diagnostic::error(
                            codes::TOO_NARROW,
                            auth.origin.clone(),
                            "spec.rules",
                            "intentions allow whole ports only; this rule grants nothing here",
                        ));
                        continue;
                    }
                };
                let ports = match ports {
                    PortSet::All => Vec::new(),
                    PortSet::Only(set) => set.iter().copied().collect(),
                };
                for source in &auth.sources {
                    objects.push(Intention {
                        source: source.to_string(),
                        destination: auth.destination.to_string(),
                        ports: ports.clone(),
                    });
                }
            }
        }
        objects.sort();
        objects.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

fn translate(manifests: &str) -> Emitted<Intention> {
    let loaded = load(manifests, &LoadOptions::default());
    let (smi, inventory, _) = Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    let graph = smi_translate::lower(&smi, &inventory, &Options::default());
    Intentions.emit(&graph)
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: custom_backend MANIFESTS.yaml");
        std::process::exit(2);
    };
    let manifests = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("cannot read {path}: {e}");
            std::process::exit(2);
        }
    };
    let emitted = translate(&manifests);
    for d in &emitted.diagnostics {
        eprintln!("{d}");
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&emitted.objects).unwrap_or_default()
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcp_grants_become_intentions_and_narrow_http_grants_fail_closed() {
        let emitted = translate(include_str!("manifests/bookstore.yaml"));
        assert_eq!(
            emitted.objects,
            vec![Intention {
                source: "bookstore/bookwarehouse".into(),
                destination: "bookstore/mysql".into(),
                ports: vec![3306],
            }]
        );
        let codes: Vec<_> = emitted.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            vec!["intentions-too-narrow", "intentions-too-narrow"]
        );
    }
}
