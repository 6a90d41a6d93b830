//! `smi translate`: SMI manifests + inventory → target mesh configuration.

use crate::report::{self, DiagnosticFormat};
use crate::{Format, InputArgs, Outcome};
use smi_translate::Backend;
use smi_translate::backend::compose::{AuthzBackend, GammaWithAuthz};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::{Linkerd, LinkerdSplitMode};

/// Target meshes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendName {
    /// Istio: AuthorizationPolicy + VirtualService.
    Istio,
    /// Envoy: one complete bootstrap per workload identity (listeners, RBAC, clusters).
    Envoy,
    /// Linkerd: Server, MeshTLSAuthentication, AuthorizationPolicy, HTTPRoute (+ Gateway API
    /// routes or a ServiceProfile for splits).
    Linkerd,
    /// Gateway API in mesh mode (GAMMA): HTTPRoute, GRPCRoute, TCPRoute with the root Service as
    /// parent; no authorization unless `--authz` pairs a mesh's policy objects.
    Gamma,
}

/// Whose authorization objects accompany the Gateway API routes (`--backend gamma`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthzName {
    /// Istio AuthorizationPolicies.
    Istio,
    /// Linkerd Server, MeshTLSAuthentication, AuthorizationPolicy and policy HTTPRoutes.
    Linkerd,
    /// None: the routes alone, accepted explicitly; each TrafficTarget is reported as a warning.
    None,
}

/// How the Linkerd backend emits splits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SplitMode {
    /// Gateway API HTTPRoute/TCPRoute with the root Service as parent.
    HttpRoute,
    /// The legacy linkerd.io ServiceProfile with dstOverrides (as linkerd-smi wrote).
    ServiceProfile,
}

/// `smi translate` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Target mesh.
    #[arg(long, value_enum)]
    backend: BackendName,
    #[command(flatten)]
    lowering: super::lowering::LoweringArgs,
    /// Emit a mesh-wide default-deny policy (SMI denies by default; meshes often do not).
    #[arg(long)]
    default_deny: bool,
    /// Istio root namespace (for the default-deny policy).
    #[arg(long, default_value = "istio-system")]
    istio_root_namespace: String,
    /// Write one file per proxy (`<ns>.<sa>.yaml`) into this directory instead of printing
    /// (`--backend envoy` only).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<std::path::PathBuf>,
    /// How the Linkerd backend emits splits (never both kinds).
    #[arg(long, value_enum, default_value_t = SplitMode::HttpRoute)]
    linkerd_split_mode: SplitMode,
    /// With `--backend gamma`: emit this mesh's authorization objects beside the routes (Gateway
    /// API has no authorization; without it every TrafficTarget is reported as not carried, an
    /// error). `none` accepts routes-only output: each TrafficTarget is then a warning.
    #[arg(long, value_enum, value_name = "MESH")]
    authz: Option<AuthzName>,
    /// How diagnostics are printed on stderr: rustc-style text, or one JSON array at the end.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
    diagnostics: DiagnosticFormat,
    #[command(flatten)]
    input: InputArgs,
}

/// Runs `smi translate`.
pub fn run(args: &Args, format: Format) -> Outcome {
    if args.out_dir.is_some() && args.backend != BackendName::Envoy {
        eprintln!("error: --out-dir is only for --backend envoy");
        return Outcome::UsageError;
    }
    if args.authz.is_some() && args.backend != BackendName::Gamma {
        eprintln!("error: --authz is only for --backend gamma");
        return Outcome::UsageError;
    }
    let (mut workspace, inventory, inventory_diagnostics) =
        match super::Workspace::from_args_with_inventory(&args.input) {
            Ok(loaded) => loaded,
            Err(outcome) => return outcome,
        };
    let mut reporter = args.input.reporter(args.diagnostics);
    workspace.report_load_problems(&mut reporter);
    if let Some(hint) = args.lowering.dialect_hint(&workspace) {
        eprintln!("{hint}");
    }
    let graph = super::lowering::lower_with_inventory(
        &mut workspace,
        &inventory,
        &args.lowering.options().emit_default_deny(args.default_deny),
    );
    drop(inventory);
    let graph_diagnostics = graph.all_diagnostics();
    // Placing the diagnostics parses each document they name again, for its lines: on a
    // second core that runs while the backend emits (docs/performance.md).
    let to_parse = if super::parse_threads() > 1 {
        workspace.unparsed_documents(&graph_diagnostics)
    } else {
        Vec::new()
    };
    let ((output, backend_diagnostics), parsed) = std::thread::scope(|scope| {
        let parsing = scope.spawn(move || {
            to_parse
                .into_iter()
                .map(|(input, start, text)| {
                    (input, start, smi_types::load::DocumentLines::parse(text))
                })
                .collect::<Vec<_>>()
        });
        let emitted = emit(args, &graph, format);
        let parsed = parsing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (emitted, parsed)
    });
    workspace.insert_parsed(parsed);
    let mut diagnostics = inventory_diagnostics;
    diagnostics.extend(graph_diagnostics);
    drop(graph);
    diagnostics.extend(backend_diagnostics);
    diagnostics.sort();
    diagnostics.dedup();
    let located: Vec<_> = diagnostics
        .iter()
        .map(|d| super::lowering::locate(&workspace, d))
        .collect();
    reporter.report_all(&located);
    if let Some(json) = reporter.finish() {
        eprintln!("{json}");
    }
    let (errors, warnings) = (reporter.errors, reporter.warnings);
    let objects = match output {
        Output::Files { files, objects } => {
            let dir = args.out_dir.as_deref().unwrap_or(std::path::Path::new("."));
            let written = file_texts(&files, &objects, format).and_then(|texts| {
                crate::out_dir::write_all(dir, &texts).map_err(|e| e.to_string())
            });
            if let Err(e) = written {
                eprintln!("error: {e}; nothing was written to {}", dir.display());
                return Outcome::OutputFailed;
            }
            objects.len()
        }
        Output::Text { objects, text } => {
            match text {
                Ok(text) => {
                    if let Err(outcome) = crate::output::print(&text) {
                        return outcome;
                    }
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return Outcome::InputErrors;
                }
            }
            objects
        }
    };
    eprintln!(
        "{}: {} objects, {}",
        if errors > 0 { "failed" } else { "ok" },
        objects,
        report::summary(errors, warnings)
    );
    if errors > 0 {
        Outcome::InputErrors
    } else {
        Outcome::Clean
    }
}

/// Emits the graph with the chosen backend: its objects rendered as soon as they are emitted
/// (and dropped with the arm; Envoy with --out-dir keeps (file name, object) pairs to write
/// instead), and its diagnostics.
fn emit(
    args: &Args,
    graph: &smi_translate::MeshGraph,
    format: Format,
) -> (Output, Vec<smi_types::Diagnostic>) {
    match args.backend {
        BackendName::Istio => {
            let istio = Istio::default().root_namespace(&args.istio_root_namespace);
            let emitted = istio.emit(graph);
            (render_all(&emitted.objects, format), emitted.diagnostics)
        }
        BackendName::Envoy => {
            let emitted = Envoy::default().emit(graph);
            let mut files = Vec::new();
            let mut objects = Vec::new();
            for proxy in &emitted.objects {
                if let Ok(value) = serde_json::to_value(proxy.bootstrap()) {
                    files.push(proxy.file_name());
                    objects.push(value);
                }
            }
            let output = if args.out_dir.is_some() {
                Output::Files { files, objects }
            } else {
                render_all(&objects, format)
            };
            (output, emitted.diagnostics)
        }
        BackendName::Linkerd => {
            let linkerd = Linkerd::default().split_mode(match args.linkerd_split_mode {
                SplitMode::HttpRoute => LinkerdSplitMode::HttpRoute,
                SplitMode::ServiceProfile => LinkerdSplitMode::ServiceProfile,
            });
            let emitted = linkerd.emit(graph);
            (render_all(&emitted.objects, format), emitted.diagnostics)
        }
        BackendName::Gamma => {
            let authz = args.authz.map(|a| match a {
                AuthzName::Istio => {
                    AuthzBackend::Istio(Istio::default().root_namespace(&args.istio_root_namespace))
                }
                AuthzName::Linkerd => AuthzBackend::Linkerd(Linkerd::default()),
                AuthzName::None => AuthzBackend::None,
            });
            // The routes alone, or composed with the paired mesh's authorization objects.
            match authz {
                None => {
                    let emitted = Gamma.emit(graph);
                    (render_all(&emitted.objects, format), emitted.diagnostics)
                }
                Some(authz) => {
                    let emitted = GammaWithAuthz { authz }.emit(graph);
                    (render_all(&emitted.objects, format), emitted.diagnostics)
                }
            }
        }
    }
}

/// What `smi translate` writes.
enum Output {
    /// The objects rendered for standard output (or why they could not be), and how many.
    Text {
        objects: usize,
        text: Result<String, String>,
    },
    /// Envoy with `--out-dir`: one file per proxy, by name.
    Files {
        files: Vec<String>,
        objects: Vec<serde_json::Value>,
    },
}

/// The objects rendered for standard output.
fn render_all<T: serde::Serialize>(objects: &[T], format: Format) -> Output {
    Output::Text {
        objects: objects.len(),
        text: crate::output::render(objects, format),
    }
}

/// The file name and text of each object (`.json` instead of `.yaml` with `-o json`).
fn file_texts(
    names: &[String],
    objects: &[serde_json::Value],
    format: Format,
) -> Result<Vec<(String, String)>, String> {
    names
        .iter()
        .zip(objects)
        .map(|(name, object)| match format {
            Format::Yaml => serde_saphyr::to_string(object)
                .map(|text| (name.clone(), text))
                .map_err(|e| format!("cannot write YAML: {e}")),
            Format::Json => serde_json::to_string_pretty(object)
                .map(|text| (json_file_name(name), text + "\n"))
                .map_err(|e| format!("cannot write JSON: {e}")),
        })
        .collect()
}

/// `name` (which ends in `.yaml`) ending in `.json` instead. Only the end: a ServiceAccount
/// may hold `.yaml` itself, and `a.yaml` and `a.json` must not end up in one file.
fn json_file_name(name: &str) -> String {
    format!("{}.json", name.strip_suffix(".yaml").unwrap_or(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    #[test]
    fn json_file_names_change_only_the_suffix() {
        // `-o json` once replaced every `.yaml` in the name: the proxies of ServiceAccounts
        // `a.yaml` and `a.json` then shared `ns.a.json.json`, and nothing was written.
        let names = ["ns.a.yaml.yaml".to_owned(), "ns.a.json.yaml".to_owned()];
        let objects = [serde_json::json!({"a": 1}), serde_json::json!({"b": 2})];
        let texts = file_texts(&names, &objects, Format::Json).expect("JSON prints");
        let written: Vec<&str> = texts.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(written, ["ns.a.yaml.json", "ns.a.json.json"]);
    }

    #[test]
    fn linkerd_backend_and_split_mode_parse() {
        let cli = Cli::try_parse_from(["smi", "--backend", "linkerd", "x.yaml"]).unwrap();
        assert_eq!(cli.args.backend, BackendName::Linkerd);
        assert_eq!(cli.args.linkerd_split_mode, SplitMode::HttpRoute);
        let cli = Cli::try_parse_from([
            "smi",
            "--backend",
            "linkerd",
            "--linkerd-split-mode",
            "service-profile",
            "x.yaml",
        ])
        .unwrap();
        assert_eq!(cli.args.linkerd_split_mode, SplitMode::ServiceProfile);
        assert!(
            Cli::try_parse_from([
                "smi",
                "--backend",
                "linkerd",
                "--linkerd-split-mode",
                "both",
                "x"
            ])
            .is_err()
        );
    }

    #[test]
    fn gamma_backend_and_authz_parse() {
        let cli = Cli::try_parse_from(["smi", "--backend", "gamma", "x.yaml"]).unwrap();
        assert_eq!(cli.args.backend, BackendName::Gamma);
        assert_eq!(cli.args.authz, None);
        for (flag, want) in [
            ("istio", AuthzName::Istio),
            ("linkerd", AuthzName::Linkerd),
            ("none", AuthzName::None),
        ] {
            let cli = Cli::try_parse_from(["smi", "--backend", "gamma", "--authz", flag, "x.yaml"])
                .unwrap();
            assert_eq!(cli.args.authz, Some(want));
        }
        assert!(
            Cli::try_parse_from(["smi", "--backend", "gamma", "--authz", "consul", "x"]).is_err()
        );
    }
}
