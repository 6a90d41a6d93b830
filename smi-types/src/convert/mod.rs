//! Conversion of every SMI kind between every version, through the group's hub version.
//!
//! [`convert`] turns an [`SmiObject`] into the same kind in another version of its group;
//! [`to_hub_version`] converts to the hub (`--to latest`), [`to_hub`] returns the typed [`Hub`].
//! Every conversion returns a [`Converted`] whose `lost` field lists, as [`Loss`]es, what the
//! source object said that the result cannot say (paths are field paths in the **source**
//! object). Conversions that would *widen* what a security-relevant object allows fail with a
//! [`ConvertError`] instead. Metadata is carried unchanged. [`webhook::review`] serves the
//! Kubernetes conversion webhook with the same functions. Callers that report losses and
//! errors as diagnostics use the codes in [`codes`].
//!
//! Converting an object to its own version returns it unchanged. Every other conversion goes
//! spoke → hub → spoke, except TrafficTarget v1alpha1 ↔ v1alpha2, which both have
//! `destination.port` and are converted directly so the port survives.
//!
//! # Hubs
//!
//! | group | hub | spokes |
//! |---|---|---|
//! | `access.smi-spec.io` | v1alpha3 | v1alpha1, v1alpha2, v1alpha4 (feature `unreleased`) |
//! | `specs.smi-spec.io` | v1alpha4 | v1alpha1–v1alpha3 (UDPRoute exists only in v1alpha4) |
//! | `split.smi-spec.io` | v1alpha4 | v1alpha1–v1alpha3 |
//! | `metrics.smi-spec.io` | v1alpha2 (a superset) | v1alpha1 |
//!
//! # Decisions
//!
//! **TrafficTarget.**
//! - Up from v1alpha1/v1alpha2, `destination.port` and the (meaningless) source ports are
//!   dropped and reported: v1alpha3 restricts ports with a TCPRoute/UDPRoute rule. This widens
//!   the target to every port of the destination, as smi-sdk-go does; the loss report is how a
//!   caller finds out (add a TCPRoute rule with the port).
//! - `specs` (v1alpha1) ↔ `rules`; absent lists stay absent.
//! - Down to v1alpha1/v1alpha2, `UDPRoute` rules are dropped and reported. Dropping a rule only
//!   ever denies more.
//! - v1alpha4 → v1alpha3: a source of kind `IdentityBinding` is dropped and reported (denies
//!   more); a destination of kind `IdentityBinding` is an error (the target would protect
//!   something else, or nothing).
//! - IdentityBinding exists only in v1alpha4: converting it to any other version is an error.
//!
//! **HTTPRouteGroup.**
//! - v1alpha1 has no `headers`. Removing a header condition always widens a match (a match with
//!   only headers would even match every request), so going down to v1alpha1 a match with header
//!   filters is **dropped whole** and reported (fail closed: TrafficTarget rules naming it now
//!   allow less; TrafficSplits split fewer requests). An empty header map is not a condition and
//!   is dropped silently.
//! - Otherwise v1alpha1 ↔ v1alpha2 are identical and v1alpha2 → v1alpha3 adds the `spec` wrapper.
//!
//! **TCPRoute / UDPRoute.**
//! - v1alpha1–v1alpha3 have no ports: going up yields `matches.ports: []` (every port, the same
//!   meaning).
//! - Going down, a non-empty `ports` list would widen the route to every port: that is an error
//!   ([`ConvertError::Widens`]). `matches.name` is dropped and reported.
//! - UDPRoute exists only in v1alpha4.
//!
//! **TrafficSplit.**
//! - v1alpha1 weights are exact Kubernetes quantities; an absent weight is 0, a negative one is
//!   an error. Going up, non-zero weights are brought to their smallest common power-of-ten scale
//!   (never finer than units) and that scaling is cancelled as far as the weights allow, so whole
//!   weights stay as written (`2`, `4` → 2, 4) and fractions keep their exact ratio (`1`,
//!   `500m` → 2, 1; `10m`, `100m`, `1500m` → 1, 10, 150). If the result does not fit in a
//!   `u32`, the weights are divided by their greatest common divisor; if they still do not fit,
//!   they are rounded to parts per million (largest remainder) and every changed weight is
//!   reported. This is not smi-sdk-go's unscaled-digits reading (which turns `1`/`500m` into
//!   1:500).
//! - Going down to v1alpha1, a weight `w` becomes `Quantity::from_integer(w)` (the string `"w"`,
//!   as Go's `NewQuantity`).
//! - `matches` (v1alpha3/v1alpha4) cannot be written in v1alpha1/v1alpha2: they are dropped and
//!   reported. This widens the split to every request; splits are routing, not security, so the
//!   conversion is still allowed.
//!
//! **TrafficMetrics, TrafficMetricsList.** v1alpha2 → v1alpha1 drops `edge.side` and `backend`
//! (reported). Metrics are not CRDs and have no [`Hub`] variant: [`to_hub`] refuses them, while
//! [`convert`] and [`to_hub_version`] handle them.

use crate::{ApiVersion, Group, Hub, KindName, SmiKind, SmiObject, Version};
use std::fmt;

mod access;
pub use crate::codes::convert as codes;
mod metrics;
mod specs;
mod split;
pub mod webhook;
mod weights;

#[cfg(test)]
mod tests;

/// Something the source object says that the converted object cannot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct Loss {
    /// Field path in the source object, e.g. `spec.destination.port` or `spec.backends[1].weight`.
    pub path: String,
    /// What was lost and what it means.
    pub message: String,
}

impl Loss {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Loss {
        Loss {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The result of a conversion and what it lost.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Converted<T> {
    /// The converted object.
    pub object: T,
    /// What the source said that `object` does not (empty for a lossless conversion).
    pub lost: Vec<Loss>,
}

/// Why an object cannot be converted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The target version belongs to another API group than the object.
    #[error("{kind} belongs to {from}, not to the group of {to}")]
    GroupMismatch {
        /// The object's kind.
        kind: KindName,
        /// The object's version.
        from: ApiVersion,
        /// The requested version.
        to: ApiVersion,
    },
    /// The kind does not exist in the target version (or this build does not serve it).
    #[error("{kind} does not exist in {to}")]
    KindNotServed {
        /// The object's kind.
        kind: KindName,
        /// The requested version.
        to: ApiVersion,
    },
    /// A typed conversion ([`to`]) asked for another kind than the object's.
    #[error("{from} cannot be converted to {to}: conversion keeps the kind")]
    KindMismatch {
        /// The object's kind.
        from: KindName,
        /// The requested kind.
        to: KindName,
    },
    /// The kind has no [`Hub`] variant (metrics are not CRDs); use [`to_hub_version`].
    #[error("{0} is not a custom resource and has no hub object")]
    NoHub(KindName),
    /// Dropping a field the target version cannot hold would allow more than the source does.
    #[error("{path}: {message}")]
    Widens {
        /// Field path in the source object.
        path: String,
        /// Why.
        message: String,
    },
    /// A value cannot be represented in the target version at all.
    #[error("{path}: {message}")]
    NotRepresentable {
        /// Field path in the source object.
        path: String,
        /// Why.
        message: String,
    },
}

/// Converts `object` to `to`, a version of its own group.
///
/// Converting to the object's own version returns it unchanged.
pub fn convert(object: &SmiObject, to: ApiVersion) -> Result<Converted<SmiObject>, ConvertError> {
    let from = object.api_version();
    let kind = object.kind();
    if from.group != to.group {
        return Err(ConvertError::GroupMismatch { kind, from, to });
    }
    if !SmiObject::supported().contains(&(to, kind)) {
        return Err(ConvertError::KindNotServed { kind, to });
    }
    if from == to {
        return Ok(Converted {
            object: object.clone(),
            lost: Vec::new(),
        });
    }
    if let Some(direct) = access::direct(object, to.version) {
        return Ok(direct);
    }
    let (hub, mut lost) = up(object)?;
    let (object_out, down_lost) = down(hub, to.version)?;
    lost.extend(down_lost.into_iter().map(|l| Loss {
        path: source_path(from, kind, &l.path),
        message: l.message,
    }));
    Ok(Converted {
        object: object_out,
        lost,
    })
}

/// Converts `object` to the kind and version `T`, typed:
///
/// ```
/// use smi_types::{convert, split};
///
/// let v4 = split::v1alpha4::TrafficSplit::new(
///     "canary",
///     split::v1alpha4::TrafficSplitSpec { service: "web".into(), ..Default::default() },
/// );
/// let v2: convert::Converted<split::v1alpha2::TrafficSplit> = convert::to(v4)?;
/// assert_eq!(v2.object.spec.service, "web");
/// # Ok::<(), convert::ConvertError>(())
/// ```
///
/// `T` must be the object's own kind ([`ConvertError::KindMismatch`] otherwise).
pub fn to<T: SmiKind>(object: impl Into<SmiObject>) -> Result<Converted<T>, ConvertError> {
    let object = object.into();
    let mismatch = |object: &SmiObject| ConvertError::KindMismatch {
        from: object.kind(),
        to: T::KIND,
    };
    if object.kind() != T::KIND {
        return Err(mismatch(&object));
    }
    let Converted { object, lost } = convert(&object, T::API_VERSION)?;
    let object = T::try_from(object).map_err(|other| mismatch(&other))?;
    Ok(Converted { object, lost })
}

/// Converts `object` to its group's hub version (`--to latest`).
pub fn to_hub_version(object: &SmiObject) -> Result<Converted<SmiObject>, ConvertError> {
    let group = object.api_version().group;
    convert(
        object,
        ApiVersion {
            group,
            version: group.hub(),
        },
    )
}

/// Converts a custom resource to its typed hub object.
///
/// Metrics kinds have no [`Hub`] variant: [`ConvertError::NoHub`].
pub fn to_hub(object: &SmiObject) -> Result<Converted<Hub>, ConvertError> {
    let (hub, lost) = up(object)?;
    let object = match hub {
        HubObject::Crd(hub) => hub,
        HubObject::Metrics(_) => return Err(ConvertError::NoHub(KindName::TrafficMetrics)),
        HubObject::MetricsList(_) => return Err(ConvertError::NoHub(KindName::TrafficMetricsList)),
    };
    Ok(Converted { object, lost })
}

/// A hub object of any group, metrics included.
#[allow(clippy::large_enum_variant)]
enum HubObject {
    Crd(Hub),
    Metrics(crate::metrics::v1alpha2::TrafficMetrics),
    MetricsList(crate::metrics::v1alpha2::TrafficMetricsList),
}

type Step<T> = Result<(T, Vec<Loss>), ConvertError>;

/// Spoke → hub. Loss paths are in the source's own layout.
fn up(object: &SmiObject) -> Step<HubObject> {
    use SmiObject as S;
    let crd = |r: Step<Hub>| r.map(|(h, l)| (HubObject::Crd(h), l));
    match object {
        S::TrafficTargetV1alpha1(o) => crd(access::up_v1alpha1(o)),
        S::TrafficTargetV1alpha2(o) => crd(access::up_v1alpha2(o)),
        S::TrafficTargetV1alpha3(o) => crd(Ok((Hub::TrafficTarget(o.clone()), Vec::new()))),
        #[cfg(feature = "unreleased")]
        S::TrafficTargetV1alpha4(o) => crd(access::up_v1alpha4(o)),
        #[cfg(feature = "unreleased")]
        S::IdentityBindingV1alpha4(_) => Err(ConvertError::KindNotServed {
            kind: KindName::IdentityBinding,
            to: ApiVersion {
                group: Group::Access,
                version: Group::Access.hub(),
            },
        }),
        S::HttpRouteGroupV1alpha1(o) => crd(Ok(specs::http_up_v1alpha1(o))),
        S::HttpRouteGroupV1alpha2(o) => crd(Ok(specs::http_up_v1alpha2(o))),
        S::HttpRouteGroupV1alpha3(o) => crd(Ok(specs::http_up_v1alpha3(o))),
        S::HttpRouteGroupV1alpha4(o) => crd(Ok((Hub::HttpRouteGroup(o.clone()), Vec::new()))),
        S::TcpRouteV1alpha1(o) => crd(Ok(specs::tcp_up(&o.metadata))),
        S::TcpRouteV1alpha2(o) => crd(Ok(specs::tcp_up(&o.metadata))),
        S::TcpRouteV1alpha3(o) => crd(Ok(specs::tcp_up(&o.metadata))),
        S::TcpRouteV1alpha4(o) => crd(Ok((Hub::TcpRoute(o.clone()), Vec::new()))),
        S::UdpRouteV1alpha4(o) => crd(Ok((Hub::UdpRoute(o.clone()), Vec::new()))),
        S::TrafficSplitV1alpha1(o) => crd(split::up_v1alpha1(o)),
        S::TrafficSplitV1alpha2(o) => crd(Ok(split::up_v1alpha2(o))),
        S::TrafficSplitV1alpha3(o) => crd(Ok(split::up_v1alpha3(o))),
        S::TrafficSplitV1alpha4(o) => crd(Ok((Hub::TrafficSplit(o.clone()), Vec::new()))),
        S::TrafficMetricsV1alpha1(o) => Ok((HubObject::Metrics(metrics::up(o)), Vec::new())),
        S::TrafficMetricsV1alpha2(o) => Ok((HubObject::Metrics(o.clone()), Vec::new())),
        S::TrafficMetricsListV1alpha1(o) => {
            Ok((HubObject::MetricsList(metrics::up_list(o)), Vec::new()))
        }
        S::TrafficMetricsListV1alpha2(o) => Ok((HubObject::MetricsList(o.clone()), Vec::new())),
    }
}

/// Hub → spoke. Loss paths are in the hub's layout (`spec.…`); [`source_path`] maps them.
fn down(hub: HubObject, to: Version) -> Step<SmiObject> {
    use SmiObject as S;
    use Version as V;
    let same = |o: SmiObject| Ok((o, Vec::new()));
    let not_served = |kind: KindName, group: Group| {
        Err(ConvertError::KindNotServed {
            kind,
            to: ApiVersion { group, version: to },
        })
    };
    match hub {
        HubObject::Crd(Hub::TrafficTarget(o)) => match to {
            V::V1alpha1 => access::down_v1alpha1(&o).map(|(o, l)| (S::TrafficTargetV1alpha1(o), l)),
            V::V1alpha2 => access::down_v1alpha2(&o).map(|(o, l)| (S::TrafficTargetV1alpha2(o), l)),
            V::V1alpha3 => same(S::TrafficTargetV1alpha3(o)),
            #[cfg(feature = "unreleased")]
            V::V1alpha4 => same(S::TrafficTargetV1alpha4(access::down_v1alpha4(&o))),
            #[cfg(not(feature = "unreleased"))]
            V::V1alpha4 => not_served(KindName::TrafficTarget, Group::Access),
        },
        HubObject::Crd(Hub::HttpRouteGroup(o)) => match to {
            V::V1alpha1 => {
                let (o, l) = specs::http_down_v1alpha1(&o);
                Ok((S::HttpRouteGroupV1alpha1(o), l))
            }
            V::V1alpha2 => same(S::HttpRouteGroupV1alpha2(specs::http_down_v1alpha2(&o))),
            V::V1alpha3 => same(S::HttpRouteGroupV1alpha3(specs::http_down_v1alpha3(&o))),
            V::V1alpha4 => same(S::HttpRouteGroupV1alpha4(o)),
        },
        HubObject::Crd(Hub::TcpRoute(o)) => {
            if to == V::V1alpha4 {
                return same(S::TcpRouteV1alpha4(o));
            }
            let (metadata, lost) = specs::tcp_down(&o, to)?;
            let object = match to {
                V::V1alpha1 => S::TcpRouteV1alpha1(crate::specs::v1alpha1::TcpRoute {
                    metadata,
                    spec: Default::default(),
                }),
                V::V1alpha2 => S::TcpRouteV1alpha2(crate::specs::v1alpha2::TcpRoute {
                    metadata,
                    spec: Default::default(),
                }),
                _ => S::TcpRouteV1alpha3(crate::specs::v1alpha3::TcpRoute {
                    metadata,
                    spec: Default::default(),
                }),
            };
            Ok((object, lost))
        }
        HubObject::Crd(Hub::UdpRoute(o)) => match to {
            V::V1alpha4 => same(S::UdpRouteV1alpha4(o)),
            _ => not_served(KindName::UdpRoute, Group::Specs),
        },
        HubObject::Crd(Hub::TrafficSplit(o)) => match to {
            V::V1alpha1 => {
                let (o, l) = split::down_v1alpha1(&o);
                Ok((S::TrafficSplitV1alpha1(o), l))
            }
            V::V1alpha2 => {
                let (o, l) = split::down_v1alpha2(&o);
                Ok((S::TrafficSplitV1alpha2(o), l))
            }
            V::V1alpha3 => same(S::TrafficSplitV1alpha3(split::down_v1alpha3(&o))),
            V::V1alpha4 => same(S::TrafficSplitV1alpha4(o)),
        },
        HubObject::Metrics(o) => match to {
            V::V1alpha1 => {
                let (o, l) = metrics::down(&o, "");
                Ok((S::TrafficMetricsV1alpha1(o), l))
            }
            V::V1alpha2 => same(S::TrafficMetricsV1alpha2(o)),
            _ => not_served(KindName::TrafficMetrics, Group::Metrics),
        },
        HubObject::MetricsList(o) => match to {
            V::V1alpha1 => {
                let (o, l) = metrics::down_list(&o);
                Ok((S::TrafficMetricsListV1alpha1(o), l))
            }
            V::V1alpha2 => same(S::TrafficMetricsListV1alpha2(o)),
            _ => not_served(KindName::TrafficMetricsList, Group::Metrics),
        },
    }
}

/// Rewrites a hub-layout path (`spec.rules[0]`) into the layout of the source version.
fn source_path(from: ApiVersion, kind: KindName, hub_path: &str) -> String {
    let no_spec_wrapper = matches!(
        (kind, from.version),
        (KindName::TrafficTarget, Version::V1alpha1)
            | (
                KindName::HttpRouteGroup,
                Version::V1alpha1 | Version::V1alpha2
            )
            | (KindName::TcpRoute, Version::V1alpha1 | Version::V1alpha2)
    );
    if !no_spec_wrapper {
        return hub_path.to_owned();
    }
    let path = hub_path.strip_prefix("spec.").unwrap_or(hub_path);
    if kind == KindName::TrafficTarget
        && let Some(rest) = path.strip_prefix("rules")
    {
        return format!("specs{rest}");
    }
    path.to_owned()
}
