//! One enum over every SMI kind and version, plus pass-through for other Kubernetes objects.

use crate::{access, metrics, specs, split};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// An SMI API group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Group {
    /// `access.smi-spec.io`
    Access,
    /// `specs.smi-spec.io`
    Specs,
    /// `split.smi-spec.io`
    Split,
    /// `metrics.smi-spec.io`
    Metrics,
}

impl Group {
    /// The group name.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Access => access::GROUP,
            Group::Specs => specs::GROUP,
            Group::Split => split::GROUP,
            Group::Metrics => metrics::GROUP,
        }
    }

    /// The hub version: the version every other one converts through.
    pub fn hub(self) -> Version {
        match self {
            Group::Access => Version::V1alpha3,
            Group::Specs | Group::Split => Version::V1alpha4,
            Group::Metrics => Version::V1alpha2,
        }
    }

    /// Every group.
    pub const ALL: [Group; 4] = [Group::Access, Group::Specs, Group::Split, Group::Metrics];
}

/// An SMI API version within a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Version {
    /// `v1alpha1`
    V1alpha1,
    /// `v1alpha2`
    V1alpha2,
    /// `v1alpha3`
    V1alpha3,
    /// `v1alpha4`
    V1alpha4,
}

impl Version {
    /// The version name.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1alpha1 => "v1alpha1",
            Version::V1alpha2 => "v1alpha2",
            Version::V1alpha3 => "v1alpha3",
            Version::V1alpha4 => "v1alpha4",
        }
    }

    fn parse(s: &str) -> Option<Version> {
        Some(match s {
            "v1alpha1" => Version::V1alpha1,
            "v1alpha2" => Version::V1alpha2,
            "v1alpha3" => Version::V1alpha3,
            "v1alpha4" => Version::V1alpha4,
            _ => return None,
        })
    }
}

/// `group/version` of an SMI API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ApiVersion {
    /// The group.
    pub group: Group,
    /// The version.
    pub version: Version,
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.group.as_str(), self.version.as_str())
    }
}

/// A string that is not an SMI `group/version`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an SMI apiVersion (expected e.g. `split.smi-spec.io/v1alpha4`)")]
pub struct ParseApiVersionError(pub String);

impl FromStr for ApiVersion {
    type Err = ParseApiVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseApiVersionError(s.to_owned());
        let (group, version) = s.split_once('/').ok_or_else(err)?;
        let group = Group::ALL
            .into_iter()
            .find(|g| g.as_str() == group)
            .ok_or_else(err)?;
        let version = Version::parse(version).ok_or_else(err)?;
        Ok(ApiVersion { group, version })
    }
}

/// Every SMI kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum KindName {
    /// `access.smi-spec.io` TrafficTarget.
    TrafficTarget,
    /// `access.smi-spec.io` IdentityBinding (unreleased).
    IdentityBinding,
    /// `specs.smi-spec.io` HTTPRouteGroup.
    HttpRouteGroup,
    /// `specs.smi-spec.io` TCPRoute.
    TcpRoute,
    /// `specs.smi-spec.io` UDPRoute.
    UdpRoute,
    /// `split.smi-spec.io` TrafficSplit.
    TrafficSplit,
    /// `metrics.smi-spec.io` TrafficMetrics.
    TrafficMetrics,
    /// `metrics.smi-spec.io` TrafficMetricsList.
    TrafficMetricsList,
}

impl KindName {
    /// The wire `kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            KindName::TrafficTarget => "TrafficTarget",
            KindName::IdentityBinding => "IdentityBinding",
            KindName::HttpRouteGroup => "HTTPRouteGroup",
            KindName::TcpRoute => "TCPRoute",
            KindName::UdpRoute => "UDPRoute",
            KindName::TrafficSplit => "TrafficSplit",
            KindName::TrafficMetrics => "TrafficMetrics",
            KindName::TrafficMetricsList => "TrafficMetricsList",
        }
    }

    /// The kind's group.
    pub fn group(self) -> Group {
        match self {
            KindName::TrafficTarget | KindName::IdentityBinding => Group::Access,
            KindName::HttpRouteGroup | KindName::TcpRoute | KindName::UdpRoute => Group::Specs,
            KindName::TrafficSplit => Group::Split,
            KindName::TrafficMetrics | KindName::TrafficMetricsList => Group::Metrics,
        }
    }

    /// The kind whose wire name is `kind`.
    pub fn parse(kind: &str) -> Option<KindName> {
        KindName::ALL.into_iter().find(|k| k.as_str() == kind)
    }

    /// Every kind.
    pub const ALL: [KindName; 8] = [
        KindName::TrafficTarget,
        KindName::IdentityBinding,
        KindName::HttpRouteGroup,
        KindName::TcpRoute,
        KindName::UdpRoute,
        KindName::TrafficSplit,
        KindName::TrafficMetrics,
        KindName::TrafficMetricsList,
    ];
}

impl fmt::Display for KindName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which object a diagnostic or a translated node is about: `kind namespace/name`.
///
/// An empty `namespace` means none (a cluster-wide object, or one that does not say), as
/// Kubernetes reads an empty `metadata.namespace`; an empty `name` means the object has none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ObjectRef {
    /// The object's `kind`.
    pub kind: String,
    /// Its namespace (empty: none).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    /// Its name (empty when the object has none).
    pub name: String,
}

impl ObjectRef {
    /// A reference from its three parts.
    pub fn new(
        kind: impl Into<String>,
        namespace: impl Into<String>,
        name: impl Into<String>,
    ) -> ObjectRef {
        ObjectRef {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// A reference from a kind and metadata.
    pub fn from_meta(kind: impl Into<String>, metadata: &ObjectMeta) -> ObjectRef {
        ObjectRef {
            kind: kind.into(),
            namespace: metadata.namespace.clone().unwrap_or_default(),
            name: metadata.name.clone().unwrap_or_default(),
        }
    }
}

/// The namespace an object without `metadata.namespace` is read in, as `kubectl apply` without
/// `--namespace` places it.
pub const DEFAULT_NAMESPACE: &str = "default";

/// Reads `value` as a `T`, with the field path of what is wrong when it cannot.
///
/// Tracking the path costs an allocation per field read, so the value is read untracked first
/// and only read again, tracked, when that fails: the error is the tracked reading's.
pub fn deserialize_tracked<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, serde_path_to_error::Error<serde_json::Error>> {
    match T::deserialize(&value) {
        Ok(read) => Ok(read),
        Err(_) => serde_path_to_error::deserialize(value),
    }
}

/// The namespace `metadata` places its object in: its own, or [`DEFAULT_NAMESPACE`] when it has
/// none (or the empty string, which Kubernetes reads as none).
///
/// The one namespace rule of smi-rs: validation, lowering and the inventory all read namespaces
/// through it. A tool that reads manifests for another namespace (`kubectl apply -n`) fills
/// `metadata.namespace` before (see [`LoadOptions::namespace`](crate::load::LoadOptions::namespace)).
pub fn namespace_of(metadata: &ObjectMeta) -> &str {
    metadata
        .namespace
        .as_deref()
        .filter(|namespace| !namespace.is_empty())
        .unwrap_or(DEFAULT_NAMESPACE)
}

impl ObjectRef {
    /// This reference with its namespace read by the namespace rule of [`namespace_of`]: an
    /// empty namespace becomes [`DEFAULT_NAMESPACE`].
    pub fn in_effective_namespace(mut self) -> ObjectRef {
        if self.namespace.is_empty() {
            self.namespace = DEFAULT_NAMESPACE.to_owned();
        }
        self
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::diagnostic::shorten_long_values as short;
        let name = if self.name.is_empty() {
            "<unnamed>"
        } else {
            &self.name
        };
        if self.namespace.is_empty() {
            write!(f, "{} {}", short(&self.kind), short(name))
        } else {
            write!(
                f,
                "{} {}/{}",
                short(&self.kind),
                short(&self.namespace),
                short(name)
            )
        }
    }
}

/// Generates [`SmiObject`] and its dispatch from every row of the kind table.
macro_rules! smi_objects {
    ([] $( $(#[$attr:meta])* $variant:ident: $group:ident $group_name:literal $version:ident
        $kind:ident $wire:literal $role:ident; )*) => {
        /// Any SMI object of any supported kind and version.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum SmiObject {
            $(
                $(#[$attr])*
                $(#[cfg_attr(docsrs, doc($attr))])*
                #[doc = concat!("`", stringify!($group), "::", stringify!($version), "::", stringify!($kind), "`")]
                $variant(crate::$group::$version::$kind),
            )*
        }
        impl SmiObject {
            /// The object's kind.
            pub fn kind(&self) -> KindName {
                match self { $( $(#[$attr])* SmiObject::$variant(_) => KindName::$kind, )* }
            }

            /// The object's `group/version`.
            pub fn api_version(&self) -> ApiVersion {
                match self {
                    $( $(#[$attr])* SmiObject::$variant(_) => ApiVersion { group: crate::kinds::variant_of_module!($group), version: crate::kinds::variant_of_module!($version) }, )*
                }
            }

            /// The object's metadata (lists have none and return an empty one).
            pub fn metadata(&self) -> &ObjectMeta {
                static EMPTY: std::sync::OnceLock<ObjectMeta> = std::sync::OnceLock::new();
                match self {
                    $( $(#[$attr])* SmiObject::$variant(o) => smi_objects!(@meta o, $kind, EMPTY), )*
                }
            }

            /// The object as JSON, exactly as it would be sent to an API server.
            pub fn to_json(&self) -> serde_json::Value {
                let value = match self {
                    $( $(#[$attr])* SmiObject::$variant(o) => serde_json::to_value(o), )*
                };
                // Serialising these types cannot fail: they hold only strings, integers, and maps
                // with string keys.
                value.unwrap_or(serde_json::Value::Null)
            }

            /// Reads `value` as the type registered for `api_version` and `kind`.
            ///
            /// Returns `None` when the pair is not an SMI kind this build supports.
            pub fn from_json(
                api_version: ApiVersion,
                kind: KindName,
                value: serde_json::Value,
            ) -> Option<Result<SmiObject, serde_path_to_error::Error<serde_json::Error>>> {
                $(
                    $(#[$attr])*
                    if api_version.group == crate::kinds::variant_of_module!($group) && api_version.version == crate::kinds::variant_of_module!($version) && kind == KindName::$kind {
                        return Some(deserialize_tracked(value).map(SmiObject::$variant));
                    }
                )*
                None
            }

            /// Every `(apiVersion, kind)` pair this build supports.
            pub fn supported() -> Vec<(ApiVersion, KindName)> {
                vec![ $( $(#[$attr])* (ApiVersion { group: crate::kinds::variant_of_module!($group), version: crate::kinds::variant_of_module!($version) }, KindName::$kind), )* ]
            }
        }

        impl Serialize for SmiObject {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self { $( $(#[$attr])* SmiObject::$variant(o) => o.serialize(s), )* }
            }
        }

        $(
            $(#[$attr])*
            impl From<crate::$group::$version::$kind> for SmiObject {
                fn from(object: crate::$group::$version::$kind) -> SmiObject {
                    SmiObject::$variant(object)
                }
            }

            $(#[$attr])*
            /// The object back when it is another kind or version.
            impl TryFrom<SmiObject> for crate::$group::$version::$kind {
                type Error = SmiObject;

                fn try_from(object: SmiObject) -> Result<Self, SmiObject> {
                    match object {
                        SmiObject::$variant(o) => Ok(o),
                        other => Err(other),
                    }
                }
            }

            $(#[$attr])*
            impl sealed::Sealed for crate::$group::$version::$kind {}

            $(#[$attr])*
            impl SmiKind for crate::$group::$version::$kind {
                const KIND: KindName = KindName::$kind;
                const API_VERSION: ApiVersion = ApiVersion {
                    group: crate::kinds::variant_of_module!($group),
                    version: crate::kinds::variant_of_module!($version),
                };
            }
        )*
    };
    (@meta $o:ident, TrafficMetricsList, $empty:ident) => {{ let _ = $o; $empty.get_or_init(ObjectMeta::default) }};
    (@meta $o:ident, $kind:ident, $empty:ident) => { &$o.metadata };
}

crate::kinds::smi_kind_table!(every_kind => smi_objects);

/// The type of one SMI kind in one version (`split::v1alpha4::TrafficSplit`): what
/// [`SmiObject`] wraps, and what [`convert::to`](crate::convert::to) converts to.
///
/// Implemented for every kind and version of this build, and only by this crate.
pub trait SmiKind:
    Into<SmiObject> + TryFrom<SmiObject, Error = SmiObject> + sealed::Sealed
{
    /// The kind.
    const KIND: KindName;
    /// Its `group/version`.
    const API_VERSION: ApiVersion;
}

mod sealed {
    /// Keeps [`super::SmiKind`] to the kind table, so it can grow without breaking anyone.
    pub trait Sealed {}
}

impl SmiObject {
    /// `kind namespace/name` for diagnostics.
    pub fn object_ref(&self) -> ObjectRef {
        ObjectRef::from_meta(self.kind().as_str(), self.metadata())
    }
}

/// The hub (storage) version of every convertible SMI kind.
#[derive(Clone, Debug, PartialEq)]
#[allow(clippy::large_enum_variant)]
#[non_exhaustive]
pub enum Hub {
    /// access v1alpha3
    TrafficTarget(access::v1alpha3::TrafficTarget),
    /// specs v1alpha4
    HttpRouteGroup(specs::v1alpha4::HttpRouteGroup),
    /// specs v1alpha4
    TcpRoute(specs::v1alpha4::TcpRoute),
    /// specs v1alpha4
    UdpRoute(specs::v1alpha4::UdpRoute),
    /// split v1alpha4
    TrafficSplit(split::v1alpha4::TrafficSplit),
}

impl Hub {
    /// The object's kind.
    pub fn kind(&self) -> KindName {
        match self {
            Hub::TrafficTarget(_) => KindName::TrafficTarget,
            Hub::HttpRouteGroup(_) => KindName::HttpRouteGroup,
            Hub::TcpRoute(_) => KindName::TcpRoute,
            Hub::UdpRoute(_) => KindName::UdpRoute,
            Hub::TrafficSplit(_) => KindName::TrafficSplit,
        }
    }
}

/// One document of a loaded stream: an SMI object, or any other Kubernetes object untouched.
#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    /// A typed SMI object. Boxed: the largest SMI kind is about 900 bytes and the smallest slot
    /// of a loaded stream would otherwise be as large (a mesh's streams are mostly Services
    /// and workloads).
    Smi(Box<SmiObject>),
    /// Any other object (Services, Deployments, …), exactly as read.
    Other(serde_json::Value),
}
