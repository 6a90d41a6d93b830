//! TrafficSplit: hub v1alpha4.

use super::{ConvertError, Loss, Step, weights};
use crate::quantity::Decimal;
use crate::split::{v1alpha1, v1alpha2, v1alpha3, v1alpha4};
use crate::{Hub, Quantity};

pub(super) fn up_v1alpha1(o: &v1alpha1::TrafficSplit) -> Step<Hub> {
    let values = o
        .spec
        .backends
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let value = b.weight.as_ref().map_or(
                Decimal {
                    mantissa: 0,
                    exponent: 0,
                },
                Quantity::value,
            );
            if value.is_negative() {
                return Err(ConvertError::NotRepresentable {
                    path: format!("spec.backends[{i}].weight"),
                    message: format!(
                        "negative weight `{}`: weights are non-negative",
                        b.weight.as_ref().map(Quantity::as_str).unwrap_or_default()
                    ),
                });
            }
            Ok(value)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (reduced, rounded) = weights::reduce(&values);
    let mut lost = Vec::new();
    if rounded {
        for (i, (b, w)) in o.spec.backends.iter().zip(&reduced).enumerate() {
            lost.push(Loss::new(
                format!("spec.backends[{i}].weight"),
                format!(
                    "weight `{}` rounded to {w} parts per million: the exact ratio does not fit in whole numbers below 2^32",
                    b.weight.as_ref().map(Quantity::as_str).unwrap_or("0")
                ),
            ));
        }
    }
    let backends = o
        .spec
        .backends
        .iter()
        .zip(reduced)
        .map(|(b, weight)| v1alpha4::TrafficSplitBackend {
            service: b.service.clone(),
            weight,
        })
        .collect();
    Ok((
        Hub::TrafficSplit(v1alpha4::TrafficSplit {
            metadata: o.metadata.clone(),
            spec: v1alpha4::TrafficSplitSpec {
                service: o.spec.service.clone(),
                backends,
                matches: None,
            },
        }),
        lost,
    ))
}

pub(super) fn up_v1alpha2(o: &v1alpha2::TrafficSplit) -> (Hub, Vec<Loss>) {
    (
        Hub::TrafficSplit(v1alpha4::TrafficSplit {
            metadata: o.metadata.clone(),
            spec: v1alpha4::TrafficSplitSpec {
                service: o.spec.service.clone(),
                backends: o.spec.backends.clone(),
                matches: None,
            },
        }),
        Vec::new(),
    )
}

pub(super) fn up_v1alpha3(o: &v1alpha3::TrafficSplit) -> (Hub, Vec<Loss>) {
    (
        Hub::TrafficSplit(v1alpha4::TrafficSplit {
            metadata: o.metadata.clone(),
            spec: v1alpha4::TrafficSplitSpec {
                service: o.spec.service.clone(),
                backends: o.spec.backends.clone(),
                matches: o.spec.matches.clone(),
            },
        }),
        Vec::new(),
    )
}

fn matches_lost(o: &v1alpha4::TrafficSplit, to: &str) -> Vec<Loss> {
    match &o.spec.matches {
        Some(m) if !m.is_empty() => vec![Loss::new(
            "spec.matches",
            format!(
                "matches dropped: TrafficSplit {to} has none, so the split now applies to every request instead of those matching {}",
                m.iter()
                    .map(|m| format!("{} `{}`", m.kind, m.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )],
        _ => Vec::new(),
    }
}

pub(super) fn down_v1alpha1(o: &v1alpha4::TrafficSplit) -> (v1alpha1::TrafficSplit, Vec<Loss>) {
    (
        v1alpha1::TrafficSplit {
            metadata: o.metadata.clone(),
            spec: v1alpha1::TrafficSplitSpec {
                service: o.spec.service.clone(),
                backends: o
                    .spec
                    .backends
                    .iter()
                    .map(|b| v1alpha1::TrafficSplitBackend {
                        service: b.service.clone(),
                        weight: Some(Quantity::from_integer(u64::from(b.weight))),
                    })
                    .collect(),
            },
        },
        matches_lost(o, "v1alpha1"),
    )
}

pub(super) fn down_v1alpha2(o: &v1alpha4::TrafficSplit) -> (v1alpha2::TrafficSplit, Vec<Loss>) {
    (
        v1alpha2::TrafficSplit {
            metadata: o.metadata.clone(),
            spec: v1alpha2::TrafficSplitSpec {
                service: o.spec.service.clone(),
                backends: o.spec.backends.clone(),
            },
        },
        matches_lost(o, "v1alpha2"),
    )
}

pub(super) fn down_v1alpha3(o: &v1alpha4::TrafficSplit) -> v1alpha3::TrafficSplit {
    v1alpha3::TrafficSplit {
        metadata: o.metadata.clone(),
        spec: v1alpha3::TrafficSplitSpec {
            service: o.spec.service.clone(),
            backends: o.spec.backends.clone(),
            matches: o.spec.matches.clone(),
        },
    }
}
