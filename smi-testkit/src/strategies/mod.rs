//! Proptest strategies for every SMI kind and version.
//!
//! The functions at the top level produce objects that pass the schema of their version (names
//! are DNS labels, ports are in 1–65535, methods are the spec's tokens). Those whose objects
//! could break a rule of per-object validation take a [`Validity`]: [`Validity::Valid`] for
//! objects valid by construction, [`Validity::WellFormed`] for everything of that shape the wire
//! format carries (what round trips must keep). Hub strategies take a [`Restrict`] so
//! conversion tests can generate only what a target version can represent. [`arbitrary`] holds looser variants that often produce
//! invalid objects (bad names, out-of-range ports, non-RE2 regexes, dangling references).
//!
//! The strategies live in one module per API group (`access`, `specs`, `split`, `metrics`) and
//! are all re-exported here; this module holds what they share and [`any_object`].

mod access;
pub mod arbitrary;
mod metrics;
mod specs;
mod split;

pub use access::*;
pub use metrics::*;
pub use specs::*;
pub use split::*;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use smi_types::SmiObject;

/// What a hub value must leave out to be representable in an older version.
#[derive(Clone, Copy, Debug, Default)]
pub struct Restrict {
    /// No UDPRoute rules (access v1alpha1/v1alpha2).
    pub no_udp_rules: bool,
    /// No header filters (specs v1alpha1).
    pub no_headers: bool,
    /// No ports and no match name (TCPRoute v1alpha1–v1alpha3).
    pub no_ports: bool,
    /// No `matches` (split v1alpha1/v1alpha2).
    pub no_split_matches: bool,
    /// No `edge.side` and no `backend` (metrics v1alpha1).
    pub no_metrics_extras: bool,
}

impl Restrict {
    /// Nothing left out.
    pub const NONE: Restrict = Restrict {
        no_udp_rules: false,
        no_headers: false,
        no_ports: false,
        no_split_matches: false,
        no_metrics_extras: false,
    };
    /// Everything left out.
    pub const ALL: Restrict = Restrict {
        no_udp_rules: true,
        no_headers: true,
        no_ports: true,
        no_split_matches: true,
        no_metrics_extras: true,
    };
}

/// Which objects a strategy may produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    /// Only objects without per-object validation errors: at least one source, rule and
    /// backend, unique match names and backends, one of IdentityBinding's exclusive schemes.
    Valid,
    /// Also what validation rejects but the wire format carries: absent or empty sources,
    /// rules and backends, repeated match names and backends, both exclusive schemes.
    WellFormed,
}

impl Validity {
    /// An optional list of `element`s: 1–2 of them if valid, else absent or 0–2.
    fn list<S>(self, element: S) -> BoxedStrategy<Option<Vec<S::Value>>>
    where
        S: Strategy + 'static,
    {
        match self {
            Validity::Valid => vec(element, 1..3).prop_map(Some).boxed(),
            Validity::WellFormed => option::of(vec(element, 0..3)).boxed(),
        }
    }

    /// The fewest items of a list that validation requires to be non-empty.
    fn min_len(self) -> usize {
        match self {
            Validity::Valid => 1,
            Validity::WellFormed => 0,
        }
    }

    /// `items`, keeping only the first of each `key` if valid.
    fn unique_by<T, K: Ord>(self, items: Vec<T>, key: impl Fn(&T) -> K) -> Vec<T> {
        match self {
            Validity::Valid => {
                let mut seen = std::collections::BTreeSet::new();
                items.into_iter().filter(|t| seen.insert(key(t))).collect()
            }
            Validity::WellFormed => items,
        }
    }
}

/// A DNS-1123 label of 1–12 characters.
pub fn dns_name() -> impl Strategy<Value = String> {
    "[a-z]([a-z0-9-]{0,10}[a-z0-9])?"
}

/// Hand-written `ObjectMeta`: DNS name and namespace, sometimes 1–2 labels.
pub fn object_meta() -> impl Strategy<Value = ObjectMeta> {
    (
        dns_name(),
        dns_name(),
        option::of(btree_map("[a-z]{1,8}(/[a-z]{1,8})?", "[a-z0-9]{0,8}", 1..3)),
    )
        .prop_map(|(name, namespace, labels)| ObjectMeta {
            name: Some(name),
            namespace: Some(namespace),
            labels,
            ..ObjectMeta::default()
        })
}

// ------------------------------------------------------------------ any

/// Any SMI object of any kind and version this build supports.
pub fn any_object(validity: Validity) -> BoxedStrategy<SmiObject> {
    use SmiObject as S;
    let r = Restrict::NONE;
    #[allow(unused_mut)]
    let mut all: Vec<BoxedStrategy<SmiObject>> = vec![
        traffic_target_v1alpha1(validity, true)
            .prop_map(S::TrafficTargetV1alpha1)
            .boxed(),
        traffic_target_v1alpha2(validity, true)
            .prop_map(S::TrafficTargetV1alpha2)
            .boxed(),
        traffic_target_v1alpha3(validity, r)
            .prop_map(S::TrafficTargetV1alpha3)
            .boxed(),
        http_route_group_v1alpha1(validity)
            .prop_map(S::HttpRouteGroupV1alpha1)
            .boxed(),
        http_route_group_v1alpha2(validity)
            .prop_map(S::HttpRouteGroupV1alpha2)
            .boxed(),
        http_route_group_v1alpha3(validity)
            .prop_map(S::HttpRouteGroupV1alpha3)
            .boxed(),
        http_route_group_v1alpha4(validity, r)
            .prop_map(S::HttpRouteGroupV1alpha4)
            .boxed(),
        tcp_route_v1alpha1().prop_map(S::TcpRouteV1alpha1).boxed(),
        tcp_route_v1alpha2().prop_map(S::TcpRouteV1alpha2).boxed(),
        tcp_route_v1alpha3().prop_map(S::TcpRouteV1alpha3).boxed(),
        tcp_route_v1alpha4(r).prop_map(S::TcpRouteV1alpha4).boxed(),
        udp_route_v1alpha4().prop_map(S::UdpRouteV1alpha4).boxed(),
        split_v1alpha1(validity)
            .prop_map(S::TrafficSplitV1alpha1)
            .boxed(),
        split_v1alpha2(validity)
            .prop_map(S::TrafficSplitV1alpha2)
            .boxed(),
        split_v1alpha3(validity)
            .prop_map(S::TrafficSplitV1alpha3)
            .boxed(),
        split_v1alpha4(validity, r)
            .prop_map(S::TrafficSplitV1alpha4)
            .boxed(),
        traffic_metrics_v1alpha1()
            .prop_map(S::TrafficMetricsV1alpha1)
            .boxed(),
        traffic_metrics_v1alpha2(r)
            .prop_map(S::TrafficMetricsV1alpha2)
            .boxed(),
        traffic_metrics_list_v1alpha1()
            .prop_map(S::TrafficMetricsListV1alpha1)
            .boxed(),
        traffic_metrics_list_v1alpha2(r)
            .prop_map(S::TrafficMetricsListV1alpha2)
            .boxed(),
    ];
    #[cfg(feature = "unreleased")]
    {
        all.push(
            unreleased::traffic_target_v1alpha4(validity, true)
                .prop_map(S::TrafficTargetV1alpha4)
                .boxed(),
        );
        all.push(
            unreleased::identity_binding(validity)
                .prop_map(S::IdentityBindingV1alpha4)
                .boxed(),
        );
    }
    proptest::strategy::Union::new(all).boxed()
}
