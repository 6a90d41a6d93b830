//! `kube::Api` over SMI resources: list TrafficSplits, create a TrafficTarget, read metrics.
//!
//! Needs a cluster with the SMI CRDs (`smi crds | kubectl apply -f -`); without one it says so
//! and exits cleanly.
#![forbid(unsafe_code)]

use kube::api::{ListParams, PostParams};
use kube::{Api, Client, ResourceExt};
use smi_types::access::v1alpha3::{
    IdentityBindingSubject, RuleKind, SubjectKind, TrafficTarget, TrafficTargetRule,
    TrafficTargetSpec,
};
use smi_types::metrics::MetricsResource;
use smi_types::metrics::v1alpha1::TrafficMetrics;
use smi_types::split::v1alpha4::TrafficSplit;

fn prometheus_may_scrape(namespace: &str) -> TrafficTarget {
    let mut target = TrafficTarget::new(
        "prometheus-scrape",
        TrafficTargetSpec {
            destination: IdentityBindingSubject {
                kind: SubjectKind::ServiceAccount,
                name: "api".into(),
                namespace: Some(namespace.into()),
            },
            sources: Some(vec![IdentityBindingSubject {
                kind: SubjectKind::ServiceAccount,
                name: "prometheus".into(),
                namespace: Some("monitoring".into()),
            }]),
            rules: Some(vec![TrafficTargetRule {
                kind: RuleKind::HttpRouteGroup,
                name: "metrics".into(),
                matches: None,
            }]),
        },
    );
    target.metadata.namespace = Some(namespace.into());
    target
}

async fn run(client: Client) -> Result<(), kube::Error> {
    let splits: Api<TrafficSplit> = Api::namespaced(client.clone(), "default");
    for split in splits.list(&ListParams::default()).await? {
        println!(
            "TrafficSplit {} → root {}",
            split.name_any(),
            split.spec.service
        );
    }

    let targets: Api<TrafficTarget> = Api::namespaced(client.clone(), "default");
    let created = targets
        .create(&PostParams::default(), &prometheus_may_scrape("default"))
        .await?;
    println!("created TrafficTarget {}", created.name_any());

    // The metrics API is aggregated: its resource names follow the Kubernetes resource measured.
    let metrics: Api<TrafficMetrics> =
        Api::namespaced_with(client, "default", &MetricsResource::Deployments);
    for m in metrics.list(&ListParams::default()).await? {
        println!("{}: {} metrics", m.name_any(), m.metrics.len());
    }
    Ok(())
}

fn main() {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start a runtime: {e}");
            return;
        }
    };
    runtime.block_on(async {
        match Client::try_default().await {
            Ok(client) => {
                if let Err(e) = run(client).await {
                    eprintln!("cluster call failed: {e}");
                }
            }
            Err(e) => {
                println!("no cluster configured ({e}); here is the object it would create:");
                println!(
                    "{}",
                    serde_json::to_string_pretty(&prometheus_may_scrape("default"))
                        .unwrap_or_default()
                );
            }
        }
    });
}
