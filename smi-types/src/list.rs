//! `<Kind>List` types for every SMI custom resource.
//!
//! `kube::Resource` describes objects with an `ObjectMeta`; lists carry a `ListMeta`, so they
//! implement the trait that describes lists in the k8s-openapi ecosystem instead:
//! each kind implements [`k8s_openapi::ListableResource`], and `<Kind>List` is
//! [`k8s_openapi::List<Kind>`], which implements [`k8s_openapi::Resource`] and
//! [`k8s_openapi::Metadata`] with `Ty = ListMeta`. (`kube::Api::list` returns kube's own
//! `ObjectList<Kind>`; both read the same JSON.)

macro_rules! listable {
    ($module:path, $root:ident, $list:ident, $group:literal, $version:literal, $kind:literal, $plural:literal) => {
        const _: () = {
            use $module as m;
            impl k8s_openapi::Resource for m::$root {
                const API_VERSION: &'static str = concat!($group, "/", $version);
                const GROUP: &'static str = $group;
                const KIND: &'static str = $kind;
                const VERSION: &'static str = $version;
                const URL_PATH_SEGMENT: &'static str = $plural;
                type Scope = k8s_openapi::NamespaceResourceScope;
            }
            impl k8s_openapi::ListableResource for m::$root {
                const LIST_KIND: &'static str = concat!($kind, "List");
            }
        };
    };
}

/// Declares `pub type <Kind>List = k8s_openapi::List<Kind>;` in a version module.
macro_rules! list_alias {
    ($root:ident, $list:ident, $kind:literal) => {
        #[doc = concat!("A list of ", $kind, " objects (`", $kind, "List`).")]
        pub type $list = k8s_openapi::List<$root>;
    };
}
pub(crate) use list_alias;

listable!(
    crate::access::v1alpha1,
    TrafficTarget,
    TrafficTargetList,
    "access.smi-spec.io",
    "v1alpha1",
    "TrafficTarget",
    "traffictargets"
);
listable!(
    crate::access::v1alpha2,
    TrafficTarget,
    TrafficTargetList,
    "access.smi-spec.io",
    "v1alpha2",
    "TrafficTarget",
    "traffictargets"
);
listable!(
    crate::access::v1alpha3,
    TrafficTarget,
    TrafficTargetList,
    "access.smi-spec.io",
    "v1alpha3",
    "TrafficTarget",
    "traffictargets"
);
#[cfg(feature = "unreleased")]
listable!(
    crate::access::v1alpha4,
    TrafficTarget,
    TrafficTargetList,
    "access.smi-spec.io",
    "v1alpha4",
    "TrafficTarget",
    "traffictargets"
);
#[cfg(feature = "unreleased")]
listable!(
    crate::access::v1alpha4,
    IdentityBinding,
    IdentityBindingList,
    "access.smi-spec.io",
    "v1alpha4",
    "IdentityBinding",
    "identitybindings"
);
listable!(
    crate::specs::v1alpha1,
    HttpRouteGroup,
    HttpRouteGroupList,
    "specs.smi-spec.io",
    "v1alpha1",
    "HTTPRouteGroup",
    "httproutegroups"
);
listable!(
    crate::specs::v1alpha2,
    HttpRouteGroup,
    HttpRouteGroupList,
    "specs.smi-spec.io",
    "v1alpha2",
    "HTTPRouteGroup",
    "httproutegroups"
);
listable!(
    crate::specs::v1alpha3,
    HttpRouteGroup,
    HttpRouteGroupList,
    "specs.smi-spec.io",
    "v1alpha3",
    "HTTPRouteGroup",
    "httproutegroups"
);
listable!(
    crate::specs::v1alpha4,
    HttpRouteGroup,
    HttpRouteGroupList,
    "specs.smi-spec.io",
    "v1alpha4",
    "HTTPRouteGroup",
    "httproutegroups"
);
listable!(
    crate::specs::v1alpha1,
    TcpRoute,
    TcpRouteList,
    "specs.smi-spec.io",
    "v1alpha1",
    "TCPRoute",
    "tcproutes"
);
listable!(
    crate::specs::v1alpha2,
    TcpRoute,
    TcpRouteList,
    "specs.smi-spec.io",
    "v1alpha2",
    "TCPRoute",
    "tcproutes"
);
listable!(
    crate::specs::v1alpha3,
    TcpRoute,
    TcpRouteList,
    "specs.smi-spec.io",
    "v1alpha3",
    "TCPRoute",
    "tcproutes"
);
listable!(
    crate::specs::v1alpha4,
    TcpRoute,
    TcpRouteList,
    "specs.smi-spec.io",
    "v1alpha4",
    "TCPRoute",
    "tcproutes"
);
listable!(
    crate::specs::v1alpha4,
    UdpRoute,
    UdpRouteList,
    "specs.smi-spec.io",
    "v1alpha4",
    "UDPRoute",
    "udproutes"
);
listable!(
    crate::split::v1alpha1,
    TrafficSplit,
    TrafficSplitList,
    "split.smi-spec.io",
    "v1alpha1",
    "TrafficSplit",
    "trafficsplits"
);
listable!(
    crate::split::v1alpha2,
    TrafficSplit,
    TrafficSplitList,
    "split.smi-spec.io",
    "v1alpha2",
    "TrafficSplit",
    "trafficsplits"
);
listable!(
    crate::split::v1alpha3,
    TrafficSplit,
    TrafficSplitList,
    "split.smi-spec.io",
    "v1alpha3",
    "TrafficSplit",
    "trafficsplits"
);
listable!(
    crate::split::v1alpha4,
    TrafficSplit,
    TrafficSplitList,
    "split.smi-spec.io",
    "v1alpha4",
    "TrafficSplit",
    "trafficsplits"
);
