//! The one table of SMI kinds × versions.
//!
//! Everything that enumerates kinds and versions is generated from [`smi_kind_table!`]: the
//! [`crate::SmiObject`] variants and their dispatch, the `k8s_openapi` resource impls and the
//! `<Kind>List` type of every version module, and the versions (with their storage flag) of
//! every CRD. Adding a version of a kind is one row here, plus its version module.

/// Calls `$callback! { [$args] rows }` with one row per kind and version this crate knows
/// (rows behind a cargo feature carry its `#[cfg]`): `custom_resources` for the CRD kinds, or
/// `every_kind` for those and the aggregated-API (metrics) kinds, which have no CRD, plural or
/// list type:
///
/// - `custom_resources`: `$(#[cfg])* Variant: group "group.name" version Kind "WireKind" "plural" KindList role;`
/// - `every_kind`: `$(#[cfg])* Variant: group "group.name" version Kind "WireKind" role;`
///
/// `group` and `version` are the module names (`crate::group::version::Kind` is the type),
/// `Variant` is the [`crate::SmiObject`] variant, and `role` is `hub` for the version every
/// other converts through (a CRD's storage version) and `spoke` for the others.
macro_rules! smi_kind_table {
    ($which:ident => $callback:path $(, $($arg:tt)*)?) => {
        $crate::kinds::smi_kind_table! {
            @rows $which $callback [$($($arg)*)?]
            custom_resources {
                // group module, group name {
                //     Rust type, wire kind, plural, list type { version module, role, SmiObject variant }
                // }
                access "access.smi-spec.io" {
                    TrafficTarget "TrafficTarget" "traffictargets" TrafficTargetList {
                        v1alpha1 spoke TrafficTargetV1alpha1,
                        v1alpha2 spoke TrafficTargetV1alpha2,
                        v1alpha3 hub TrafficTargetV1alpha3,
                        #[cfg(feature = "unreleased")]
                        v1alpha4 spoke TrafficTargetV1alpha4,
                    }
                    IdentityBinding "IdentityBinding" "identitybindings" IdentityBindingList {
                        #[cfg(feature = "unreleased")]
                        v1alpha4 hub IdentityBindingV1alpha4,
                    }
                }
                specs "specs.smi-spec.io" {
                    HttpRouteGroup "HTTPRouteGroup" "httproutegroups" HttpRouteGroupList {
                        v1alpha1 spoke HttpRouteGroupV1alpha1,
                        v1alpha2 spoke HttpRouteGroupV1alpha2,
                        v1alpha3 spoke HttpRouteGroupV1alpha3,
                        v1alpha4 hub HttpRouteGroupV1alpha4,
                    }
                    TcpRoute "TCPRoute" "tcproutes" TcpRouteList {
                        v1alpha1 spoke TcpRouteV1alpha1,
                        v1alpha2 spoke TcpRouteV1alpha2,
                        v1alpha3 spoke TcpRouteV1alpha3,
                        v1alpha4 hub TcpRouteV1alpha4,
                    }
                    UdpRoute "UDPRoute" "udproutes" UdpRouteList {
                        v1alpha4 hub UdpRouteV1alpha4,
                    }
                }
                split "split.smi-spec.io" {
                    TrafficSplit "TrafficSplit" "trafficsplits" TrafficSplitList {
                        v1alpha1 spoke TrafficSplitV1alpha1,
                        v1alpha2 spoke TrafficSplitV1alpha2,
                        v1alpha3 spoke TrafficSplitV1alpha3,
                        v1alpha4 hub TrafficSplitV1alpha4,
                    }
                }
            }
            aggregated {
                metrics "metrics.smi-spec.io" {
                    TrafficMetrics "TrafficMetrics" {
                        v1alpha1 spoke TrafficMetricsV1alpha1,
                        v1alpha2 hub TrafficMetricsV1alpha2,
                    }
                    TrafficMetricsList "TrafficMetricsList" {
                        v1alpha1 spoke TrafficMetricsListV1alpha1,
                        v1alpha2 hub TrafficMetricsListV1alpha2,
                    }
                }
            }
        }
    };
    // Flattens the nested table above into one row per kind and version, in both forms.
    (@rows $which:ident $callback:path [$($arg:tt)*]
        custom_resources { $(
            $group:ident $group_name:literal { $(
                $kind:ident $wire:literal $plural:literal $list:ident {
                    $( $(#[$cfg:meta])* $version:ident $role:ident $variant:ident, )*
                }
            )* }
        )* }
        aggregated { $(
            $a_group:ident $a_group_name:literal { $(
                $a_kind:ident $a_wire:literal {
                    $( $(#[$a_cfg:meta])* $a_version:ident $a_role:ident $a_variant:ident, )*
                }
            )* }
        )* }
    ) => {
        $crate::kinds::smi_kind_table! {
            @select $which $callback [$($arg)*]
            custom_resources { $($($(
                $(#[$cfg])* $variant: $group $group_name $version $kind $wire $plural $list $role;
            )*)*)* }
            every_kind {
                $($($( $(#[$cfg])* $variant: $group $group_name $version $kind $wire $role; )*)*)*
                $($($(
                    $(#[$a_cfg])* $a_variant: $a_group $a_group_name $a_version $a_kind $a_wire $a_role;
                )*)*)*
            }
        }
    };
    (@select custom_resources $callback:path [$($arg:tt)*]
        custom_resources { $($rows:tt)* } every_kind { $($others:tt)* }) => {
        $callback! { [$($arg)*] $($rows)* }
    };
    (@select every_kind $callback:path [$($arg:tt)*]
        custom_resources { $($others:tt)* } every_kind { $($rows:tt)* }) => {
        $callback! { [$($arg)*] $($rows)* }
    };
}
pub(crate) use smi_kind_table;

/// The [`crate::Group`] or [`crate::Version`] a group or version module is named after.
#[rustfmt::skip]
macro_rules! variant_of_module {
    (access) => { $crate::Group::Access };
    (specs) => { $crate::Group::Specs };
    (split) => { $crate::Group::Split };
    (metrics) => { $crate::Group::Metrics };
    (v1alpha1) => { $crate::Version::V1alpha1 };
    (v1alpha2) => { $crate::Version::V1alpha2 };
    (v1alpha3) => { $crate::Version::V1alpha3 };
    (v1alpha4) => { $crate::Version::V1alpha4 };
}
pub(crate) use variant_of_module;

/// Whether a row's role is `hub`.
#[rustfmt::skip]
macro_rules! is_hub {
    (hub) => { true };
    (spoke) => { false };
}
pub(crate) use is_hub;

/// The items in braces when both names are the same group or version module, else nothing:
/// selects the rows of one version module from the table.
macro_rules! when_same_module {
    (access access { $($item:item)* }) => { $($item)* };
    (specs specs { $($item:item)* }) => { $($item)* };
    (split split { $($item:item)* }) => { $($item)* };
    (metrics metrics { $($item:item)* }) => { $($item)* };
    (v1alpha1 v1alpha1 { $($item:item)* }) => { $($item)* };
    (v1alpha2 v1alpha2 { $($item:item)* }) => { $($item)* };
    (v1alpha3 v1alpha3 { $($item:item)* }) => { $($item)* };
    (v1alpha4 v1alpha4 { $($item:item)* }) => { $($item)* };
    ($one:ident $other:ident { $($item:item)* }) => {};
}
pub(crate) use when_same_module;
