//! Strategies for `split.smi-spec.io`: weights, backends and TrafficSplits of every version.

use super::{Restrict, Validity, dns_name, object_meta};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use smi_types::Quantity;
use smi_types::split::{v1alpha1 as t1, v1alpha2 as t2, v1alpha3 as t3, v1alpha4 as t4};

/// A TrafficSplit of the version module `$v` (`v1alpha2` to `v1alpha4`, whose backends share
/// one shape) from its metadata, root Service, `(Service, weight)` pairs and, from v1alpha3 on,
/// matches.
macro_rules! traffic_split {
    ($v:ident, $metadata:expr, $service:expr, $backends:expr $(, $matches:expr)?) => {
        $v::TrafficSplit {
            metadata: $metadata,
            spec: $v::TrafficSplitSpec {
                service: $service,
                backends: $backends
                    .into_iter()
                    .map(|(service, weight)| $v::TrafficSplitBackend { service, weight })
                    .collect(),
                $(matches: $matches,)?
            },
        }
    };
}
pub(crate) use traffic_split;

/// A v1alpha1 weight: an integer, a milli value, or a decimal with up to three digits, all at
/// most 10000 (so every ratio is exact in `u32` after conversion).
pub fn quantity() -> impl Strategy<Value = Quantity> {
    prop_oneof![
        (0u32..10_000).prop_map(|n| n.to_string()),
        (0u32..10_000).prop_map(|n| format!("{n}m")),
        (0u32..10, 0u32..1000).prop_map(|(a, b)| format!("{a}.{b:03}")),
        (0u32..10).prop_map(|n| format!("{n}k")),
    ]
    .prop_filter_map("quantity grammar", |s| s.parse().ok())
}

/// A v1alpha1 weight as JSON: a bare integer or a string.
pub fn quantity_json() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        (0u32..10_000).prop_map(serde_json::Value::from),
        quantity().prop_map(|q| serde_json::Value::from(q.as_str().to_owned())),
    ]
}

/// A TrafficSplit v1alpha1 (Quantity weights).
pub fn split_v1alpha1(validity: Validity) -> impl Strategy<Value = t1::TrafficSplit> {
    (
        object_meta(),
        dns_name(),
        vec((dns_name(), option::of(quantity())), validity.min_len()..4)
            .prop_map(move |b| validity.unique_by(b, |x| x.0.clone())),
    )
        .prop_map(|(metadata, service, backends)| t1::TrafficSplit {
            metadata,
            spec: t1::TrafficSplitSpec {
                service,
                backends: backends
                    .into_iter()
                    .map(|(service, weight)| t1::TrafficSplitBackend { service, weight })
                    .collect(),
            },
        })
}

/// Up to 3 `(service, weight)` pairs with integer weights; if valid, at least one and no
/// service twice.
pub fn backends(validity: Validity) -> impl Strategy<Value = Vec<(String, u32)>> {
    vec((dns_name(), 0u32..100_000), validity.min_len()..4)
        .prop_map(move |b| validity.unique_by(b, |x| x.0.clone()))
}

/// A TrafficSplit `matches` entry naming an HTTPRouteGroup.
pub fn split_match() -> impl Strategy<Value = t3::TrafficSplitMatch> {
    (option::of(Just("specs.smi-spec.io".to_owned())), dns_name()).prop_map(|(api_group, name)| {
        t3::TrafficSplitMatch {
            api_group,
            kind: "HTTPRouteGroup".into(),
            name,
        }
    })
}

/// A TrafficSplit v1alpha2.
pub fn split_v1alpha2(validity: Validity) -> impl Strategy<Value = t2::TrafficSplit> {
    (object_meta(), dns_name(), backends(validity))
        .prop_map(|(metadata, service, backends)| traffic_split!(t2, metadata, service, backends))
}

/// A TrafficSplit v1alpha3.
pub fn split_v1alpha3(validity: Validity) -> impl Strategy<Value = t3::TrafficSplit> {
    (
        object_meta(),
        dns_name(),
        backends(validity),
        option::of(vec(split_match(), 0..3)),
    )
        .prop_map(|(metadata, service, backends, matches)| {
            traffic_split!(t3, metadata, service, backends, matches)
        })
}

/// A TrafficSplit v1alpha4 (the hub).
pub fn split_v1alpha4(validity: Validity, r: Restrict) -> impl Strategy<Value = t4::TrafficSplit> {
    let matches = if r.no_split_matches {
        Just(None).boxed()
    } else {
        option::of(vec(split_match(), 0..3)).boxed()
    };
    (object_meta(), dns_name(), backends(validity), matches).prop_map(
        |(metadata, service, backends, matches)| {
            traffic_split!(t4, metadata, service, backends, matches)
        },
    )
}
