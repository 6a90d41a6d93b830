//! `smi crds`: print every CRD.

use crate::{Format, Outcome};
use smi_types::crd::{CrdOptions, WebhookService};

/// `smi crds` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Conversion webhook Service as `NAMESPACE/NAME` (serves `/convert` on port 443).
    #[arg(long, value_name = "NAMESPACE/NAME", conflicts_with = "no_webhook")]
    webhook_service: Option<String>,
    /// No conversion webhook: serve only the hub version of each kind.
    #[arg(long)]
    no_webhook: bool,
}

/// Runs `smi crds`.
pub fn run(args: &Args, format: Format) -> Outcome {
    let mut options = CrdOptions::default();
    if args.no_webhook {
        options = options.webhook(None);
    } else if let Some(service) = &args.webhook_service {
        let Some((namespace, name)) = service.split_once('/') else {
            eprintln!("error: --webhook-service takes NAMESPACE/NAME, got `{service}`");
            return Outcome::UsageError;
        };
        options = options.webhook(Some(WebhookService {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            ..WebhookService::default()
        }));
    }
    let crds: Vec<serde_json::Value> = smi_types::crd::crds(&options)
        .iter()
        .map(|crd| serde_json::to_value(crd).unwrap_or_default())
        .collect();
    match crate::output::render(&crds, format) {
        Ok(text) => match crate::output::print(&text) {
            Ok(()) => Outcome::Clean,
            Err(outcome) => outcome,
        },
        Err(e) => {
            eprintln!("error: {e}");
            Outcome::InputErrors
        }
    }
}
