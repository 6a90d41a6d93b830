//! What every command that builds the mesh graph shares: the lowering flags and the step from
//! loaded manifests to a [`MeshGraph`].

use super::Workspace;
use crate::report::Located;
use smi_translate::graph::{MeshGraph, PathAnchoring};
use smi_translate::lower::{Dialect, suggest_dialect};
use smi_translate::{Inventory, Options};
use smi_types::Diagnostic;

/// `--dialect`: the library's dialects by name, each with the mesh it reads as (docs/dialects.md).
pub fn dialect_parser() -> impl clap::builder::TypedValueParser<Value = Dialect> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    PossibleValuesParser::new(
        Dialect::ALL
            .map(|d| PossibleValue::new(d.as_str()).help(format!("read SMI as {}", d.mesh()))),
    )
    .try_map(|name| name.parse::<Dialect>())
}

/// The dialect `--dialect` names, or the spec's; and, when the flag was not given but the input
/// shows a dialect's marks, one line saying so (printed once on stderr by the command).
pub fn dialect_or_hint(given: Option<Dialect>, workspace: &Workspace) -> (Dialect, Option<String>) {
    if let Some(given) = given {
        return (given, None);
    }
    let hint = suggest_dialect(workspace.smi_objects()).map(|h| {
        format!(
            "hint: {}, as {} wrote SMI; add --dialect {} to read the input as it did (docs/dialects.md)",
            h.mark,
            h.dialect.mesh(),
            h.dialect
        )
    });
    (Dialect::Spec, hint)
}

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
    /// pathRegex anchoring [default: the dialect's; the spec's is `spec`].
    #[arg(long, value_enum)]
    pub path_match: Option<PathMatch>,
    /// Whose reading of SMI to follow where the spec is silent or a mesh read it its own way
    /// [default: spec]; explicit flags override its readings.
    #[arg(long, value_parser = dialect_parser())]
    pub dialect: Option<Dialect>,
}

impl LoweringArgs {
    /// The lowering options these flags ask for.
    pub fn options(&self) -> Options {
        let options = Options::default()
            .trust_domain(&self.trust_domain)
            .cluster_domain(&self.cluster_domain)
            .dialect(self.dialect.unwrap_or_default());
        match self.path_match {
            None => options,
            Some(PathMatch::Spec) => options.path_anchoring(PathAnchoring::Start),
            Some(PathMatch::Full) => options.path_anchoring(PathAnchoring::Full),
        }
    }

    /// The hint to print when `--dialect` was not given and the input shows a dialect's marks.
    pub fn dialect_hint(&self, workspace: &Workspace) -> Option<String> {
        dialect_or_hint(self.dialect, workspace).1
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

/// The workspace's SMI objects lowered against an inventory already read
/// ([`Workspace::load_with_inventory`]).
pub fn lower_with_inventory(
    workspace: &mut Workspace,
    inventory: &Inventory,
    options: &Options,
) -> MeshGraph {
    workspace.with_smi_objects(|smi| smi_translate::lower(smi, inventory, options))
}

/// Finds the input object a translation diagnostic names ([`Workspace::locate`]).
pub fn locate<'a>(workspace: &'a Workspace, d: &'a Diagnostic) -> Located<'a> {
    workspace.locate(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Debug, clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: LoweringArgs,
    }

    fn options(flags: &[&str]) -> Options {
        let argv = [&["smi"][..], flags].concat();
        Cli::try_parse_from(argv)
            .expect("flags parse")
            .args
            .options()
    }

    #[test]
    fn a_dialect_sets_defaults_and_explicit_flags_override_them() {
        assert_eq!(options(&[]).dialect, Dialect::Spec);
        assert_eq!(options(&[]).readings().path_anchoring, PathAnchoring::Start);
        let osm = options(&["--dialect", "osm"]);
        assert_eq!(osm.dialect, Dialect::Osm);
        assert_eq!(osm.readings().path_anchoring, PathAnchoring::Full);
        let overridden = options(&["--dialect", "osm", "--path-match", "spec"]);
        assert_eq!(overridden.readings().path_anchoring, PathAnchoring::Start);
        assert_eq!(
            options(&["--path-match", "full"]).readings().path_anchoring,
            PathAnchoring::Full
        );
        assert_eq!(
            options(&["--dialect", "linkerd-smi"]).dialect,
            Dialect::LinkerdSmi
        );
        assert!(Cli::try_parse_from(["smi", "--dialect", "istio"]).is_err());
    }
}
