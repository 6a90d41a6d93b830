//! Linkerd (edge-26.x): `policy.linkerd.io` Server, MeshTLSAuthentication, AuthorizationPolicy and
//! HTTPRoute for access; Gateway API HTTPRoute/TCPRoute (or the legacy ServiceProfile) for splits.

mod authz;
pub mod codes;
mod matches;
mod profile;
mod routing;
pub mod types;

use super::{Backend, Emitted};
use crate::graph::MeshGraph;
pub use types::LinkerdObject;

/// How splits are emitted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkerdSplitMode {
    /// Gateway API `HTTPRoute` / `TCPRoute` with the root Service as parent (Linkerd ≥ 2.14).
    #[default]
    HttpRoute,
    /// The legacy `linkerd.io/v1alpha2` ServiceProfile with `dstOverrides`, as linkerd-smi wrote.
    /// Never emitted together with routes: a ServiceProfile overrides the routes of its Service.
    ServiceProfile,
}

/// The Linkerd backend.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Linkerd {
    /// How splits are emitted.
    pub split_mode: LinkerdSplitMode,
}

/// Label put on every emitted object.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "smi-rs");

impl Backend for Linkerd {
    type Output = LinkerdObject;

    fn name(&self) -> &'static str {
        "linkerd"
    }

    fn emit(&self, graph: &MeshGraph) -> Emitted<LinkerdObject> {
        let mut diagnostics = Vec::new();
        let mut objects = authz::emit(graph, &mut diagnostics);
        match self.split_mode {
            LinkerdSplitMode::HttpRoute => objects.extend(routing::emit(graph, &mut diagnostics)),
            LinkerdSplitMode::ServiceProfile => {
                objects.extend(profile::emit(graph, &mut diagnostics))
            }
        }
        diagnostics.sort();
        diagnostics.dedup();
        Emitted {
            objects,
            diagnostics,
        }
    }
}

/// The identity string Linkerd's proxies present: `<sa>.<ns>.serviceaccount.identity.linkerd.<td>`.
pub fn identity_string(identity: &crate::graph::Identity, trust_domain: &str) -> String {
    format!(
        "{}.{}.serviceaccount.identity.linkerd.{trust_domain}",
        identity.service_account, identity.namespace
    )
}

fn metadata(name: String, namespace: String) -> types::Metadata {
    types::Metadata {
        name,
        namespace,
        labels: [(MANAGED_BY.0.to_owned(), MANAGED_BY.1.to_owned())].into(),
    }
}

/// A DNS-1123 label from parts, shortened with a stable hash when too long.
fn object_name(parts: &[&str]) -> String {
    let name = parts.join("-").to_ascii_lowercase();
    if name.len() <= 63 {
        return name;
    }
    // FNV-1a: stable across runs and platforms.
    let hash = name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    let keep = name[..54].trim_end_matches(['-', '.']);
    format!("{keep}-{:08x}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_shortened_stably() {
        let long = "a".repeat(70);
        let name = object_name(&[&long, "8080"]);
        assert_eq!(name.len(), 63);
        assert_eq!(name, object_name(&[&long, "8080"]));
        assert_ne!(name, object_name(&[&long, "8081"]));
        assert_eq!(object_name(&["smi", "Web", "80"]), "smi-web-80");
    }

    #[test]
    fn identities_use_linkerds_format() {
        let id = crate::graph::Identity::new("shop", "web");
        assert_eq!(
            identity_string(&id, "cluster.local"),
            "web.shop.serviceaccount.identity.linkerd.cluster.local"
        );
    }
}
