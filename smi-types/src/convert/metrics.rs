//! TrafficMetrics, TrafficMetricsList: hub v1alpha2 (a superset of v1alpha1).

use super::Loss;
use crate::metrics::{v1alpha1, v1alpha2};

pub(super) fn up(o: &v1alpha1::TrafficMetrics) -> v1alpha2::TrafficMetrics {
    v1alpha2::TrafficMetrics {
        metadata: o.metadata.clone(),
        timestamp: o.timestamp.clone(),
        window: o.window.clone(),
        resource: o.resource.clone(),
        edge: o.edge.as_ref().map(|e| v1alpha2::Edge {
            direction: e.direction,
            side: None,
            resource: e.resource.clone(),
        }),
        backend: None,
        metrics: o.metrics.clone(),
    }
}

pub(super) fn up_list(o: &v1alpha1::TrafficMetricsList) -> v1alpha2::TrafficMetricsList {
    v1alpha2::TrafficMetricsList {
        metadata: o.metadata.clone(),
        resource: o.resource.clone(),
        items: o.items.iter().map(up).collect(),
    }
}

/// `prefix` is the item's path in a list (`items[3].`), empty for a single object.
pub(super) fn down(
    o: &v1alpha2::TrafficMetrics,
    prefix: &str,
) -> (v1alpha1::TrafficMetrics, Vec<Loss>) {
    let mut lost = Vec::new();
    if let Some(side) = o.edge.as_ref().and_then(|e| e.side) {
        lost.push(Loss::new(
            format!("{prefix}edge.side"),
            format!(
                "side `{}` dropped: v1alpha1 does not say where an edge was measured",
                match side {
                    v1alpha2::Side::Client => "client",
                    v1alpha2::Side::Server => "server",
                }
            ),
        ));
    }
    if let Some(b) = &o.backend {
        lost.push(Loss::new(
            format!("{prefix}backend"),
            format!(
                "backend `{}` of `{}` (weight {}) dropped: v1alpha1 has no TrafficSplit backends",
                b.name, b.apex, b.weight
            ),
        ));
    }
    (
        v1alpha1::TrafficMetrics {
            metadata: o.metadata.clone(),
            timestamp: o.timestamp.clone(),
            window: o.window.clone(),
            resource: o.resource.clone(),
            edge: o.edge.as_ref().map(|e| v1alpha1::Edge {
                direction: e.direction,
                resource: e.resource.clone(),
            }),
            metrics: o.metrics.clone(),
        },
        lost,
    )
}

pub(super) fn down_list(
    o: &v1alpha2::TrafficMetricsList,
) -> (v1alpha1::TrafficMetricsList, Vec<Loss>) {
    let mut lost = Vec::new();
    let items = o
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (item, l) = down(item, &format!("items[{i}]."));
            lost.extend(l);
            item
        })
        .collect();
    (
        v1alpha1::TrafficMetricsList {
            metadata: o.metadata.clone(),
            resource: o.resource.clone(),
            items,
        },
        lost,
    )
}
