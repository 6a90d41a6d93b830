//! What the fuzz targets in `fuzz_targets/` run: each function takes the fuzzer's input, drives
//! one stage of smi-rs with it, and panics when an invariant that stage promises is broken
//! (a panic inside smi-rs is a finding too). docs/testing.md records the runs.
#![forbid(unsafe_code)]

pub mod cli_paths;

use smi_translate::backend::compose::{AuthzBackend, GammaWithAuthz};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::{Linkerd, LinkerdSplitMode};
use smi_translate::graph::PathAnchoring;
use smi_translate::lower::Dialect;
use smi_translate::{Backend, Inventory, MeshGraph, Options};
use smi_types::SmiObject;
use smi_types::load::{LoadOptions, Loaded, load};
use std::collections::BTreeSet;

/// The input as text, as `smi` reads a file: anything that is not UTF-8 is refused before
/// loading, so there is nothing to fuzz past that.
pub fn as_text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// Loads `input` as `smi` does and checks what every caller of the loader relies on: each
/// object and problem points at a line of the input.
pub fn load_checked(input: &str) -> Loaded {
    let loaded = load(input, &LoadOptions::default());
    // A document may start on the line after the last newline (an empty last document).
    let last_line = input.lines().count() + 1;
    for object in &loaded.objects {
        let line = object.position.line;
        assert!(
            (1..=last_line).contains(&line),
            "object at line {line} of {last_line}"
        );
        if let Some(range) = &object.yaml_range {
            assert!(
                range.start <= range.end && range.end <= input.len(),
                "{range:?}"
            );
            assert!(input.is_char_boundary(range.start) && input.is_char_boundary(range.end));
        }
    }
    for problem in &loaded.problems {
        assert!(
            (1..=last_line).contains(&problem.line),
            "problem at line {} of {last_line}: {:?}",
            problem.line,
            problem.diagnostic
        );
    }
    loaded
}

/// Validates every SMI object alone and as a set, and checks that `is_valid` is exactly "no
/// error from `validate`" (the one validity rule that validate, convert and lowering share).
pub fn validate_checked(loaded: &Loaded) {
    let objects: Vec<&SmiObject> = loaded.smi_objects().collect();
    for object in &objects {
        let diagnostics = smi_types::validate::validate(object);
        let has_error = diagnostics.iter().any(smi_types::Diagnostic::is_error);
        assert_eq!(
            smi_types::validate::is_valid(object),
            !has_error,
            "{diagnostics:?}"
        );
    }
    let admission = smi_types::validate::admit(objects.iter().copied());
    assert_eq!(admission.admitted.len(), objects.len());
    let _ = smi_types::validate::validate_all(objects.iter().copied());
}

/// Converts every SMI object to every version that serves its kind, and to its hub, and checks
/// that a conversion gives the version asked for and the same kind, and that converting the
/// result to its own version changes nothing.
pub fn convert_checked(loaded: &Loaded) {
    let served = SmiObject::supported();
    for object in loaded.smi_objects() {
        let kind = object.kind();
        for (to, _) in served.iter().filter(|(_, k)| *k == kind) {
            let Ok(converted) = smi_types::convert::convert(object, *to) else {
                continue;
            };
            assert_eq!(converted.object.api_version(), *to);
            assert_eq!(converted.object.kind(), kind);
            let again = smi_types::convert::convert(&converted.object, *to)
                .expect("an object converts to its own version");
            assert_eq!(again.object, converted.object);
            assert!(again.lost.is_empty());
        }
        let _ = smi_types::convert::to_hub(object);
        let _ = smi_types::convert::to_hub_version(object);
    }
}

/// The lowering choices one byte of fuzz input selects: dialect, path anchoring, default deny.
pub fn options_from(byte: u8) -> Options {
    let dialect = Dialect::ALL[usize::from(byte & 0x07) % Dialect::ALL.len()];
    let options = Options::default()
        .dialect(dialect)
        .emit_default_deny(byte & 0x08 != 0);
    match (byte >> 4) & 0x03 {
        1 => options.path_anchoring(PathAnchoring::Start),
        2 => options.path_anchoring(PathAnchoring::Full),
        _ => options,
    }
}

/// Lowers `loaded` with `options` and runs every backend over the graph, as `smi translate`
/// does for each `--backend`, printing each output as JSON and YAML.
pub fn translate_checked(loaded: &Loaded, options: &Options) {
    let (smi, inventory, _) = Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    let graph = smi_translate::lower(&smi, &inventory, options);
    let _ = graph.all_diagnostics();
    emit_every_backend(&graph);
}

/// Every backend over `graph`: Istio, Envoy (with the file names `--out-dir` writes), Linkerd
/// in both split modes, and GAMMA alone and with each authorization backend.
pub fn emit_every_backend(graph: &MeshGraph) {
    render(&Istio::default().emit(graph).objects);
    let envoy = Envoy::default().emit(graph);
    let mut file_names = BTreeSet::new();
    for proxy in &envoy.objects {
        let name = proxy.file_name();
        assert!(smi_cli::out_dir::is_plain_file_name(&name), "{name:?}");
        assert!(
            file_names.insert(name.clone()),
            "two proxies share {name:?}"
        );
        render(&[proxy.bootstrap()]);
    }
    for mode in [
        LinkerdSplitMode::HttpRoute,
        LinkerdSplitMode::ServiceProfile,
    ] {
        render(&Linkerd::default().split_mode(mode).emit(graph).objects);
    }
    render(&Gamma.emit(graph).objects);
    for authz in [
        AuthzBackend::Istio(Istio::default()),
        AuthzBackend::Linkerd(Linkerd::default()),
        AuthzBackend::None,
    ] {
        render(&GammaWithAuthz { authz }.emit(graph).objects);
    }
}

/// Prints the objects as `smi` does (JSON values, then YAML); neither may fail.
fn render<T: serde::Serialize>(objects: &[T]) {
    for object in objects {
        let value = serde_json::to_value(object).expect("an emitted object serialises");
        serde_saphyr::to_string(&value).expect("an emitted object prints as YAML");
    }
}
