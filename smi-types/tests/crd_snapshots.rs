//! Whole-CRD snapshots (review changes with `cargo insta review`).
#![allow(clippy::unwrap_used)]

use smi_types::KindName;
use smi_types::crd::{CrdOptions, crd_for};

fn snapshot(kind: KindName, options: &CrdOptions) -> serde_json::Value {
    serde_json::to_value(crd_for(kind, options).unwrap()).unwrap()
}

#[test]
fn traffictargets() {
    // The unreleased v1alpha4 changes the CRD, so the two builds have separate snapshots.
    let crd = snapshot(KindName::TrafficTarget, &CrdOptions::default());
    if cfg!(feature = "unreleased") {
        insta::assert_yaml_snapshot!("traffictargets_unreleased", crd);
    } else {
        insta::assert_yaml_snapshot!("traffictargets", crd);
    }
}

#[cfg(feature = "unreleased")]
#[test]
fn identitybindings() {
    insta::assert_yaml_snapshot!(snapshot(KindName::IdentityBinding, &CrdOptions::default()));
}

#[test]
fn httproutegroups() {
    insta::assert_yaml_snapshot!(snapshot(KindName::HttpRouteGroup, &CrdOptions::default()));
}

#[test]
fn tcproutes() {
    insta::assert_yaml_snapshot!(snapshot(KindName::TcpRoute, &CrdOptions::default()));
}

#[test]
fn udproutes() {
    insta::assert_yaml_snapshot!(snapshot(KindName::UdpRoute, &CrdOptions::default()));
}

#[test]
fn trafficsplits() {
    insta::assert_yaml_snapshot!(snapshot(KindName::TrafficSplit, &CrdOptions::default()));
}

#[test]
fn trafficsplits_without_webhook() {
    insta::assert_yaml_snapshot!(snapshot(
        KindName::TrafficSplit,
        &CrdOptions::default().webhook(None)
    ));
}
