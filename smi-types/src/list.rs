//! `<Kind>List` types for every SMI custom resource.
//!
//! `kube::Resource` describes objects with an `ObjectMeta`; lists carry a `ListMeta`, so they
//! implement the trait that describes lists in the k8s-openapi ecosystem instead:
//! each kind implements [`k8s_openapi::ListableResource`], and `<Kind>List` is
//! [`k8s_openapi::List<Kind>`], which implements [`k8s_openapi::Resource`] and
//! [`k8s_openapi::Metadata`] with `Ty = ListMeta`. (`kube::Api::list` returns kube's own
//! `ObjectList<Kind>`; both read the same JSON.)
//!
//! Both are generated from [`crate::kinds::smi_kind_table!`].

/// Implements [`k8s_openapi::ListableResource`] for every custom-resource row of the table.
macro_rules! listable {
    ([] $( $(#[$cfg:meta])* $variant:ident: $group:ident $group_name:literal $version:ident
        $kind:ident $wire:literal $plural:literal $list:ident $role:ident; )*) => { $(
        $(#[$cfg])*
        impl k8s_openapi::Resource for crate::$group::$version::$kind {
            const API_VERSION: &'static str = concat!($group_name, "/", stringify!($version));
            const GROUP: &'static str = $group_name;
            const KIND: &'static str = $wire;
            const VERSION: &'static str = stringify!($version);
            const URL_PATH_SEGMENT: &'static str = $plural;
            type Scope = k8s_openapi::NamespaceResourceScope;
        }
        $(#[$cfg])*
        impl k8s_openapi::ListableResource for crate::$group::$version::$kind {
            const LIST_KIND: &'static str = concat!($wire, "List");
        }
    )*

        /// Every custom-resource row: the names its `k8s_openapi` impls state, and those its
        /// `kube` derive states.
        #[cfg(test)]
        fn stated_and_derived() -> Vec<([&'static str; 4], [String; 4])> {
            vec![ $(
                $(#[$cfg])*
                {
                    use crate::$group::$version::{$kind as Kind, $list as List};
                    use k8s_openapi::Resource;
                    let derived = <Kind as kube::core::CustomResourceExt>::api_resource();
                    let stated = [Kind::API_VERSION, Kind::KIND, Kind::URL_PATH_SEGMENT, List::KIND];
                    let list_kind = format!("{}List", derived.kind);
                    (stated, [derived.api_version, derived.kind, derived.plural, list_kind])
                },
            )* ]
        }
    };
}
crate::kinds::smi_kind_table!(custom_resources => listable);

/// Declares `pub type <Kind>List = k8s_openapi::List<Kind>;` for every kind of the version
/// module `$group::$version` it is invoked in.
macro_rules! list_aliases {
    ($group:ident $version:ident) => {
        crate::kinds::smi_kind_table!(
            custom_resources => crate::list::list_aliases, @rows_of $group $version
        );
    };
    ([@rows_of $module_group:ident $module_version:ident]
        $( $(#[$cfg:meta])* $variant:ident: $group:ident $group_name:literal $version:ident
        $kind:ident $wire:literal $plural:literal $list:ident $role:ident; )*) => { $(
        $(#[$cfg])*
        crate::kinds::when_same_module! { $module_group $group {
            crate::kinds::when_same_module! { $module_version $version {
                #[doc = concat!("A list of ", $wire, " objects (`", $wire, "List`).")]
                pub type $list = k8s_openapi::List<$kind>;
            } }
        } }
    )* };
}
pub(crate) use list_aliases;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiVersion, KindName};

    #[test]
    fn the_kind_table_agrees_with_the_derives() {
        for (stated, derived) in stated_and_derived() {
            assert_eq!(stated.map(str::to_owned), derived);
            let [api_version, kind, ..] = stated;
            let api_version: ApiVersion = api_version.parse().expect("an SMI apiVersion");
            let kind = KindName::parse(kind).expect("an SMI kind");
            assert_eq!(kind.group(), api_version.group, "{kind}");
        }
    }
}
