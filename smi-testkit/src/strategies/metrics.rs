//! Strategies for `metrics.smi-spec.io`: TrafficMetrics and their lists, both versions.

use super::{Restrict, dns_name, object_meta};
use k8s_openapi::api::core::v1::ObjectReference;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity as K8sQuantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use smi_types::metrics::{v1alpha1 as m1, v1alpha2 as m2};

/// A metrics `ObjectReference`.
pub fn object_reference() -> impl Strategy<Value = ObjectReference> {
    (
        option::of(prop_oneof![
            Just("Pod".to_owned()),
            Just("Deployment".to_owned()),
            Just("TrafficSplit".to_owned())
        ]),
        option::of(dns_name()),
        option::of(dns_name()),
    )
        .prop_map(|(kind, namespace, name)| ObjectReference {
            kind,
            namespace,
            name,
            ..ObjectReference::default()
        })
}

/// A metrics timestamp.
pub fn time() -> impl Strategy<Value = Time> {
    (0i64..2_000_000_000).prop_filter_map("timestamp in range", |s| {
        k8s_openapi::jiff::Timestamp::from_second(s).ok().map(Time)
    })
}

/// A metric: name, unit, value.
pub fn metric_parts() -> impl Strategy<Value = (String, Option<String>, K8sQuantity)> {
    (
        prop_oneof![
            Just("p99_response_latency".to_owned()),
            Just("success_count".to_owned()),
            Just("failure_count".to_owned())
        ],
        option::of(Just("ms".to_owned())),
        prop_oneof![
            (0u32..100_000).prop_map(|n| n.to_string()),
            (0u32..100_000).prop_map(|n| format!("{n}m")),
        ]
        .prop_map(K8sQuantity),
    )
}

/// A TrafficMetrics v1alpha1.
pub fn traffic_metrics_v1alpha1() -> impl Strategy<Value = m1::TrafficMetrics> {
    (
        object_meta(),
        option::of(time()),
        option::of(Just("30s".to_owned())),
        option::of(object_reference()),
        option::of((
            prop_oneof![Just(m1::Direction::To), Just(m1::Direction::From)],
            option::of(object_reference()),
        )),
        vec(metric_parts(), 0..3),
    )
        .prop_map(|(metadata, timestamp, window, resource, edge, metrics)| {
            m1::TrafficMetrics {
                metadata,
                timestamp,
                window,
                resource,
                edge: edge.map(|(direction, resource)| m1::Edge {
                    direction,
                    resource,
                }),
                metrics: metrics
                    .into_iter()
                    .map(|(name, unit, value)| m1::Metric { name, unit, value })
                    .collect(),
            }
        })
}

/// A TrafficMetrics v1alpha2.
pub fn traffic_metrics_v1alpha2(r: Restrict) -> impl Strategy<Value = m2::TrafficMetrics> {
    let side = if r.no_metrics_extras {
        Just(None).boxed()
    } else {
        option::of(prop_oneof![Just(m2::Side::Client), Just(m2::Side::Server)]).boxed()
    };
    let backend = if r.no_metrics_extras {
        Just(None).boxed()
    } else {
        option::of((dns_name(), dns_name(), 0i64..1000))
            .prop_map(|b| b.map(|(apex, name, weight)| m2::Backend { apex, name, weight }))
            .boxed()
    };
    (traffic_metrics_v1alpha1(), side, backend).prop_map(|(m, side, backend)| m2::TrafficMetrics {
        metadata: m.metadata,
        timestamp: m.timestamp,
        window: m.window,
        resource: m.resource,
        edge: m.edge.map(|e| m2::Edge {
            direction: match e.direction {
                m1::Direction::To => m2::Direction::To,
                m1::Direction::From => m2::Direction::From,
            },
            side,
            resource: e.resource,
        }),
        backend,
        metrics: m
            .metrics
            .into_iter()
            .map(|x| m2::Metric {
                name: x.name,
                unit: x.unit,
                value: x.value,
            })
            .collect(),
    })
}

/// A TrafficMetricsList v1alpha1.
pub fn traffic_metrics_list_v1alpha1() -> impl Strategy<Value = m1::TrafficMetricsList> {
    (
        option::of(object_reference()),
        vec(traffic_metrics_v1alpha1(), 0..3),
    )
        .prop_map(|(resource, items)| m1::TrafficMetricsList {
            resource,
            items,
            ..Default::default()
        })
}

/// A TrafficMetricsList v1alpha2.
pub fn traffic_metrics_list_v1alpha2(r: Restrict) -> impl Strategy<Value = m2::TrafficMetricsList> {
    (
        option::of(object_reference()),
        vec(traffic_metrics_v1alpha2(r), 0..3),
    )
        .prop_map(|(resource, items)| m2::TrafficMetricsList {
            resource,
            items,
            ..Default::default()
        })
}
