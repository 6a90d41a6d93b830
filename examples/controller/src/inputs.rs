//! What the controller watches, and each watched object read as a compiler input.

use crate::target::Resource;
use kube::api::DynamicObject;
use smi_translate::incremental::{InputKey, InputKind, InventoryObject, smi_key};
use smi_types::{ApiVersion, Diagnostic, KindName, ObjectRef, SmiObject};
use std::collections::BTreeSet;

/// The SMI kinds, each at its hub version: the CRDs from `smi crds` serve every version through
/// their conversion webhook (or only the hub without one), so the hub sees every object.
pub const SMI_RESOURCES: [Resource; 5] = [
    Resource::new(
        "access.smi-spec.io",
        "v1alpha3",
        "TrafficTarget",
        "traffictargets",
    ),
    Resource::new(
        "specs.smi-spec.io",
        "v1alpha4",
        "HTTPRouteGroup",
        "httproutegroups",
    ),
    Resource::new("specs.smi-spec.io", "v1alpha4", "TCPRoute", "tcproutes"),
    Resource::new("specs.smi-spec.io", "v1alpha4", "UDPRoute", "udproutes"),
    Resource::new(
        "split.smi-spec.io",
        "v1alpha4",
        "TrafficSplit",
        "trafficsplits",
    ),
];

/// The inventory the compiler reads.
pub const INVENTORY_RESOURCES: [Resource; 7] = [
    Resource::new("", "v1", "Service", "services"),
    Resource::new("", "v1", "ServiceAccount", "serviceaccounts"),
    Resource::new("", "v1", "Pod", "pods"),
    Resource::new("apps", "v1", "Deployment", "deployments"),
    Resource::new("apps", "v1", "StatefulSet", "statefulsets"),
    Resource::new("apps", "v1", "DaemonSet", "daemonsets"),
    Resource::new("apps", "v1", "ReplicaSet", "replicasets"),
];

/// The compiler's kind of each of [`INVENTORY_RESOURCES`], in the same order.
pub const INVENTORY_KINDS: [InputKind; 7] = [
    InputKind::Service,
    InputKind::ServiceAccount,
    InputKind::Pod,
    InputKind::Deployment,
    InputKind::StatefulSet,
    InputKind::DaemonSet,
    InputKind::ReplicaSet,
];

/// Every kind the controller watches: the inputs are complete once each has been listed.
pub fn watched_kinds() -> BTreeSet<InputKind> {
    SMI_RESOURCES
        .iter()
        .filter_map(|r| KindName::parse(r.kind).map(InputKind::Smi))
        .chain(INVENTORY_KINDS)
        .collect()
}

/// One change a watch reported.
#[derive(Clone, Debug)]
pub enum InputEvent {
    /// An SMI object was added or changed (as the API server returned it).
    Smi(Box<DynamicObject>),
    /// An SMI object was deleted.
    SmiDeleted(InputKey),
    /// An inventory object was added or changed.
    Inventory(InventoryObject),
    /// An inventory object was deleted.
    InventoryDeleted(InputKey),
    /// A watch (re)started listing every object of a kind: what the list does not return by
    /// [`InputEvent::RelistDone`] was deleted while the watch was down.
    RelistStarted(InputKind),
    /// The list of a kind is complete.
    RelistDone(InputKind),
}

/// An SMI object read and validated, with its warnings; or why it is left out.
pub type SmiRead = Result<(SmiObject, Vec<Diagnostic>), Vec<Diagnostic>>;

/// An SMI object from the API server, read as its typed hub version and validated.
///
/// `Err` carries the diagnostics that keep it out of the mesh (it does not deserialise, or it
/// breaks a rule of the spec); warnings of an object that is used come with it.
pub fn read_smi(object: &DynamicObject) -> (InputKey, SmiRead) {
    let types = object.types.clone().unwrap_or_default();
    let kind = KindName::parse(&types.kind);
    let key_kind = kind.map_or(InputKind::Smi(KindName::TrafficTarget), InputKind::Smi);
    let namespace = object
        .metadata
        .namespace
        .clone()
        .unwrap_or_else(|| "default".into());
    let name = object.metadata.name.clone().unwrap_or_default();
    let key = InputKey::new(key_kind, namespace.clone(), name.clone());
    let origin = ObjectRef::new(types.kind.clone(), namespace, name);
    let unreadable = |message: String| {
        vec![Diagnostic::error(
            codes::UNREADABLE_OBJECT,
            origin.clone(),
            "",
            message,
        )]
    };
    let (Ok(api_version), Some(kind)) = (types.api_version.parse::<ApiVersion>(), kind) else {
        return (
            key,
            Err(unreadable(format!(
                "`{}` `{}` is not an SMI kind this controller reads",
                types.api_version, types.kind
            ))),
        );
    };
    let value = match serde_json::to_value(object) {
        Ok(value) => value,
        Err(e) => return (key, Err(unreadable(e.to_string()))),
    };
    let read = match SmiObject::from_json(api_version, kind, value) {
        Some(Ok(read)) => read,
        Some(Err(e)) => {
            let path = e.path().to_string();
            let message = format!("cannot read this object: {}", e.into_inner());
            let diagnostic = Diagnostic::error(codes::UNREADABLE_OBJECT, origin, path, message);
            return (key, Err(vec![diagnostic]));
        }
        None => {
            return (
                key,
                Err(unreadable(format!(
                    "`{}` is not served by this controller",
                    types.api_version
                ))),
            );
        }
    };
    let key = smi_key(&read);
    let violations = smi_types::validate::validate(&read);
    if violations.iter().any(Diagnostic::is_error) {
        (key, Err(violations))
    } else {
        (key, Ok((read, violations)))
    }
}

/// Codes of the controller's own diagnostics.
pub mod codes {
    smi_types::diagnostic_codes! {
        /// An SMI object the API server returned that the controller cannot read; it is left out
        /// of the mesh until it is fixed.
        UNREADABLE_OBJECT = "unreadable-object";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_inventory_kind_is_its_resource() {
        for (kind, resource) in INVENTORY_KINDS.iter().zip(INVENTORY_RESOURCES.iter()) {
            assert_eq!(kind.as_str(), resource.kind);
        }
    }

    #[test]
    fn every_smi_and_inventory_resource_is_a_watched_kind() {
        let kinds = watched_kinds();
        assert_eq!(kinds.len(), SMI_RESOURCES.len() + INVENTORY_RESOURCES.len());
        for resource in SMI_RESOURCES {
            let kind = KindName::parse(resource.kind).map(InputKind::Smi);
            assert!(kind.is_some_and(|k| kinds.contains(&k)), "{resource:?}");
        }
    }
}
