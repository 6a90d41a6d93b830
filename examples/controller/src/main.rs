//! `smi-controller`: see the library's documentation and `docs/controller.md`.
#![forbid(unsafe_code)]

use clap::Parser;
use smi_controller::run::{Settings, run};
use smi_controller::state::State;
use smi_controller::target::BackendName;
use smi_controller::{rbac, watch};
use smi_translate::Options;
use std::process::ExitCode;
use std::time::Duration;

/// Watches SMI objects, Services, workloads and ServiceAccounts, and keeps the mesh
/// configuration they compile to applied (server-side apply, field manager `smi-rs`).
#[derive(Debug, Parser)]
#[command(name = "smi-controller", version)]
struct Args {
    /// The mesh to write configuration for.
    #[arg(long, value_enum, required_unless_present = "print_rbac")]
    backend: Option<BackendName>,
    /// Also write the mesh-wide default-deny object (Istio's allow-nothing policy).
    #[arg(long)]
    default_deny: bool,
    /// Quiet time, in milliseconds, after a change before compiling (a burst compiles once).
    #[arg(long, default_value_t = 500)]
    debounce_ms: u64,
    /// Print the RBAC the controller needs (ClusterRole, ServiceAccount, binding) and exit.
    #[arg(long)]
    print_rbac: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.print_rbac {
        print!("{}", rbac::manifests());
        return ExitCode::SUCCESS;
    }
    let Some(backend) = args.backend else {
        return ExitCode::from(2);
    };
    let client = match kube::Client::try_default().await {
        Ok(client) => client,
        Err(e) => {
            eprintln!("smi-controller: cannot reach the cluster: {e}");
            return ExitCode::from(1);
        }
    };
    let options = Options::default().emit_default_deny(args.default_deny);
    let settings = Settings {
        debounce: Duration::from_millis(args.debounce_ms),
        ..Settings::default()
    };
    let events = watch::watch_all(&client);
    run(client, State::new(backend, options), events, settings).await;
    ExitCode::SUCCESS
}
