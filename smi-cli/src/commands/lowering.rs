//! What every command that builds the mesh graph shares: the lowering flags and the step from
//! loaded manifests to a [`MeshGraph`].

use super::Workspace;
use crate::report::Located;
use smi_translate::graph::{MeshGraph, PathAnchoring};
use smi_translate::{Inventory, Options};
use smi_types::Diagnostic;

/// How `pathRegex` is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PathMatch {
    /// The SMI spec: anchored at the start only (`/api` also matches `/api/x` and `/apix`).
    Spec,
    /// Anchored at both ends, as OSM and Istio users saw it (`/api` matches only `/api`).
    Full,
}

/// The flags that decide how SMI objects are read into the mesh graph.
#[derive(Debug, clap::Args)]
pub struct LoweringArgs {
    /// Identity trust domain.
    #[arg(long, default_value = "cluster.local")]
    pub trust_domain: String,
    /// DNS suffix of Services.
    #[arg(long, default_value = "cluster.local")]
    pub cluster_domain: String,
    /// pathRegex anchoring.
    #[arg(long, value_enum, default_value_t = PathMatch::Spec)]
    pub path_match: PathMatch,
}

impl LoweringArgs {
    /// The lowering options these flags ask for.
    pub fn options(&self) -> Options {
        Options::default()
            .trust_domain(&self.trust_domain)
            .cluster_domain(&self.cluster_domain)
            .path_anchoring(match self.path_match {
                PathMatch::Spec => PathAnchoring::Start,
                PathMatch::Full => PathAnchoring::Full,
            })
    }
}

/// The workspace's objects lowered into the mesh graph, with what reading the inventory
/// reported (the graph's own diagnostics are in the graph).
pub fn lower(workspace: &Workspace, options: &Options) -> (MeshGraph, Vec<Diagnostic>) {
    let (smi, inventory, inventory_diagnostics) =
        Inventory::from_objects(workspace.objects().map(|(_, o)| &o.object));
    (
        smi_translate::lower(&smi, &inventory, options),
        inventory_diagnostics,
    )
}

/// Finds the input object a translation diagnostic names ([`Workspace::locate`]).
pub fn locate<'a>(workspace: &'a Workspace, d: &'a Diagnostic) -> Located<'a> {
    workspace.locate(d)
}
