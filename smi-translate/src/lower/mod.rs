//! Hub SMI objects + inventory → [`MeshGraph`]. All semantic decisions live here.
//!
//! Each concept has its own small module; `docs/semantics.md` names every decision and the
//! upstream disagreement it settles.

mod access;
pub use crate::codes::lower as codes;
mod dialect;
pub use dialect::{
    Dialect, DialectHint, HeaderAnchoring, HeaderForm, Readings, read_as, suggest_dialect,
};
mod http;
mod inventory;
mod split;

use crate::backend::MetadataTemplate;
use crate::graph::{
    Authorization, Diagnostic, MeshGraph, Naming, ObjectRef, PathAnchoring, ServiceId, Split,
    Workload,
};
use crate::inventory::Inventory;
pub(crate) use access::unprotected_destination;
pub(crate) use inventory::selects;
use smi_types::access::v1alpha3::RuleKind;
use smi_types::{Hub, KindName, SmiObject, access as smi_access, specs, split as smi_split};
use std::collections::{BTreeMap, BTreeSet};

/// Lowering options.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Identity trust domain (default `cluster.local`).
    pub trust_domain: String,
    /// Service DNS suffix (default `cluster.local`).
    pub cluster_domain: String,
    /// Whose reading of SMI to follow where the spec is silent (default: the spec's).
    pub dialect: Dialect,
    /// How `pathRegex` is anchored, overriding the dialect's reading; `None`: the dialect's
    /// (the spec's: start-only).
    pub path_anchoring: Option<PathAnchoring>,
    /// Whether backends emit an explicit mesh-wide default-deny object.
    pub emit_default_deny: bool,
    /// Labels and annotations of every Kubernetes object a backend emits (default: the
    /// `app.kubernetes.io/managed-by: smi-rs` label).
    pub metadata: MetadataTemplate,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            trust_domain: "cluster.local".into(),
            cluster_domain: "cluster.local".into(),
            dialect: Dialect::Spec,
            path_anchoring: None,
            emit_default_deny: false,
            metadata: MetadataTemplate::default(),
        }
    }
}

impl Options {
    /// Sets the identity trust domain.
    pub fn trust_domain(mut self, trust_domain: impl Into<String>) -> Options {
        self.trust_domain = trust_domain.into();
        self
    }

    /// Sets the Service DNS suffix.
    pub fn cluster_domain(mut self, cluster_domain: impl Into<String>) -> Options {
        self.cluster_domain = cluster_domain.into();
        self
    }

    /// Sets whose reading of SMI to follow where the spec is silent.
    pub fn dialect(mut self, dialect: Dialect) -> Options {
        self.dialect = dialect;
        self
    }

    /// Sets how `pathRegex` is anchored, whatever the dialect reads.
    pub fn path_anchoring(mut self, path_anchoring: PathAnchoring) -> Options {
        self.path_anchoring = Some(path_anchoring);
        self
    }

    /// The readings lowering follows: the dialect's, with explicit options over them.
    pub fn readings(&self) -> Readings {
        let mut readings = self.dialect.readings();
        if let Some(anchoring) = self.path_anchoring {
            readings.path_anchoring = anchoring;
        }
        readings
    }

    /// Sets whether backends emit an explicit mesh-wide default-deny object.
    pub fn emit_default_deny(mut self, emit: bool) -> Options {
        self.emit_default_deny = emit;
        self
    }

    /// Sets the labels and annotations of every Kubernetes object a backend emits.
    pub fn metadata(mut self, metadata: MetadataTemplate) -> Options {
        self.metadata = metadata;
        self
    }
}

/// The hub objects, indexed for reference resolution.
#[derive(Default)]
pub(crate) struct HubIndex {
    /// Hub TrafficTargets, with the destination port an access v1alpha1/v1alpha2 object named
    /// (the hub has no port field; the port still restricts every rule of that target).
    pub targets: Vec<(smi_access::v1alpha3::TrafficTarget, Option<i32>)>,
    pub route_groups: BTreeMap<(String, String), specs::v1alpha4::HttpRouteGroup>,
    pub tcp_routes: BTreeMap<(String, String), specs::v1alpha4::TcpRoute>,
    pub udp_routes: BTreeMap<(String, String), specs::v1alpha4::UdpRoute>,
    pub splits: Vec<smi_split::v1alpha4::TrafficSplit>,
    /// `(kind, namespace, name)` of the objects refused because validation rejects them (and
    /// no valid copy replaces): a reference to one is unresolved, and says why.
    pub refused: BTreeSet<ObjectRef>,
}

/// `(namespace, name)` of an object, its namespace read by the one namespace rule
/// ([`smi_types::namespace_of`]).
pub(crate) fn key(
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> (String, String) {
    (
        smi_types::namespace_of(meta).to_owned(),
        meta.name.clone().unwrap_or_default(),
    )
}

pub(crate) fn origin_of(
    kind: &str,
    meta: &k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta,
) -> ObjectRef {
    let (namespace, name) = key(meta);
    ObjectRef::new(kind, namespace, name)
}

/// Lowers SMI objects of any supported version, plus the inventory, into the mesh graph.
///
/// `objects` are in input order, the order `kubectl apply -f` applies them: of several objects
/// with one kind, namespace and name the last is used and each earlier one is reported
/// (`duplicate-object`), and an object validation rejects is not used, with the errors
/// validation reports ([`smi_types::validate::admit`]).
///
/// Pure: the same inputs give an identical graph, and so do the same inputs in another order
/// as long as no two of them share a kind, namespace and name.
pub fn lower(objects: &[SmiObject], inventory: &Inventory, options: &Options) -> MeshGraph {
    lower_keeping_roots(objects, inventory, options).0
}

/// [`lower`], and the root Services of every admitted split (what [`relower_splits`] needs).
pub(crate) fn lower_keeping_roots(
    objects: &[SmiObject],
    inventory: &Inventory,
    options: &Options,
) -> (MeshGraph, BTreeSet<ServiceId>) {
    let mut graph = MeshGraph {
        naming: Naming {
            trust_domain: options.trust_domain.clone(),
            cluster_domain: options.cluster_domain.clone(),
        },
        emit_default_deny: options.emit_default_deny,
        metadata: options.metadata.clone(),
        ..MeshGraph::default()
    };
    let index = admitted_hub_index(objects, options, &mut graph.diagnostics);
    inventory::lower(inventory, &options.readings(), &mut graph);
    graph.authorizations = access::lower(&index, options, &mut graph);
    let roots = split::roots(&index, options);
    graph.splits = split::lower(&index, options, &mut graph, &roots);
    graph.diagnostics.sort();
    graph.diagnostics.dedup();
    (graph, roots)
}

/// `(kind, namespace, name)` of the objects validation refuses (`admitted` is false) that no
/// admitted object with the same kind, namespace and name replaces.
fn refused(objects: &[SmiObject], admitted: &[bool]) -> BTreeSet<ObjectRef> {
    let used: BTreeSet<ObjectRef> = objects
        .iter()
        .zip(admitted)
        .filter(|(_, admitted)| **admitted)
        .map(|(o, _)| o.object_ref().in_effective_namespace())
        .collect();
    objects
        .iter()
        .map(|o| o.object_ref().in_effective_namespace())
        .filter(|o| !used.contains(o))
        .collect()
}

/// The route objects (kind and name, in the TrafficTarget's namespace) the rules of a
/// TrafficTarget name, when it converts to the hub version; empty otherwise (and for other
/// kinds).
pub(crate) fn target_routes(object: &SmiObject) -> Vec<(KindName, String)> {
    let Some(Hub::TrafficTarget(target)) = smi_types::convert::to_hub(object)
        .ok()
        .map(|converted| converted.object)
    else {
        return Vec::new();
    };
    target
        .spec
        .rules()
        .iter()
        .map(|rule| {
            let kind = match rule.kind {
                RuleKind::HttpRouteGroup => KindName::HttpRouteGroup,
                RuleKind::TcpRoute => KindName::TcpRoute,
                RuleKind::UdpRoute => KindName::UdpRoute,
            };
            (kind, rule.name.clone())
        })
        .collect()
}

/// Lowers one TrafficTarget again, in a graph lowered from inputs that differ from the current
/// ones in that TrafficTarget alone.
///
/// `objects` are the TrafficTarget and the route objects its rules name
/// ([`target_routes`]). Returns its authorization (if it is admitted and converts), and every
/// diagnostic lowering these objects gives outside the authorization (those about the route
/// objects are also the graph's already). Whether anything runs as the destination is the
/// caller's to tell ([`unprotected_destination`]).
pub(crate) fn relower_target(
    objects: &[SmiObject],
    options: &Options,
) -> (Option<Authorization>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let index = admitted_hub_index(objects, options, &mut diagnostics);
    (access::lower_all(&index, options).pop(), diagnostics)
}

/// The workloads of an inventory, as lowering reads them (the inventory's duplicates, which
/// lowering reports, are left out without a word).
pub(crate) fn lower_workloads(inventory: &Inventory, options: &Options) -> Vec<Workload> {
    inventory::workloads(inventory, &options.readings(), &mut Vec::new())
}

/// The root Service of a TrafficSplit as lowering reads it, and the names of the route objects
/// its `matches` name, when the split is admitted (valid), converts to the hub version and
/// names a root it can resolve; `None` otherwise (and for other kinds).
pub(crate) fn admitted_split_root(
    object: &SmiObject,
    options: &Options,
) -> Option<(ServiceId, Vec<String>)> {
    let objects = &*dialect::read_as(std::slice::from_ref(object), &options.readings());
    if !smi_types::validate::admit(objects)
        .admitted
        .iter()
        .all(|a| *a)
    {
        return None;
    }
    match smi_types::convert::to_hub(&objects[0]).ok()?.object {
        Hub::TrafficSplit(s) => {
            let root = split::root_of(&s, options).ok()?;
            let names = s.spec.matches.iter().flatten().map(|m| m.name.clone());
            Some((root, names.collect()))
        }
        _ => None,
    }
}

/// Lowers again the splits of one root, in a graph lowered from inputs that differ from the
/// current ones in those splits alone.
///
/// `objects` are the admitted TrafficSplits of that root and the route objects of their
/// namespace; `roots` the root Services of every split of the mesh. Returns the root's split
/// (if it is usable) and every diagnostic lowering these objects gives (the graph's own are
/// left as they are).
pub(crate) fn relower_splits(
    objects: &[SmiObject],
    roots: &BTreeSet<ServiceId>,
    options: &Options,
    graph: &mut MeshGraph,
) -> (Vec<Split>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let index = admitted_hub_index(objects, options, &mut diagnostics);
    let held = std::mem::take(&mut graph.diagnostics);
    let splits = split::lower(&index, options, graph, roots);
    diagnostics.extend(std::mem::replace(&mut graph.diagnostics, held));
    (splits, diagnostics)
}

/// `objects` read in `options`' dialect, the ones validation admits converted to their hub
/// versions, and the refused ones recorded; validation's and conversion's findings go to
/// `diagnostics`. Full lowering and the incremental re-lowerings all start here.
fn admitted_hub_index(
    objects: &[SmiObject],
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
) -> HubIndex {
    let objects = &*dialect::read_as(objects, &options.readings());
    let admission = smi_types::validate::admit(objects);
    diagnostics.extend(admission.diagnostics);
    let admitted = objects
        .iter()
        .zip(&admission.admitted)
        .filter_map(|(object, admitted)| admitted.then_some(object));
    let mut index = to_hub(admitted, diagnostics);
    index.refused = refused(objects, &admission.admitted);
    index
}

fn to_hub<'a>(
    objects: impl Iterator<Item = &'a SmiObject>,
    diagnostics: &mut Vec<Diagnostic>,
) -> HubIndex {
    let mut index = HubIndex::default();
    for object in objects {
        let origin = origin_of(object.kind().as_str(), object.metadata());
        let converted = match smi_types::convert::to_hub(object) {
            Ok(c) => c,
            Err(e) => {
                if !matches!(
                    object.kind(),
                    smi_types::KindName::TrafficMetrics | smi_types::KindName::TrafficMetricsList
                ) {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::NOT_CONVERTIBLE,
                            origin,
                            "",
                            format!(
                                "cannot read this object as its hub version ({e}); it is ignored"
                            ),
                        )
                        .with_help("convert it by hand to the latest released version"),
                    );
                }
                continue;
            }
        };
        let destination_port = match object {
            SmiObject::TrafficTargetV1alpha1(t) => t.spec.destination.port,
            SmiObject::TrafficTargetV1alpha2(t) => t.spec.destination.port,
            _ => None,
        };
        for loss in &converted.lost {
            // The destination port is honoured below, not lost.
            if destination_port.is_some() && loss.path.ends_with("destination.port") {
                continue;
            }
            diagnostics.push(
                Diagnostic::warning(
                    codes::CONVERSION_LOSS,
                    origin.clone(),
                    loss.path.clone(),
                    format!(
                        "reading this object as its hub version loses something: {}",
                        loss.message
                    ),
                )
                .with_help("rewrite the object in the latest released version"),
            );
        }
        match converted.object {
            Hub::TrafficTarget(t) => index.targets.push((t, destination_port)),
            // Admission left one object per kind, namespace and name.
            Hub::HttpRouteGroup(g) => {
                index.route_groups.insert(key(&g.metadata), g);
            }
            Hub::TcpRoute(r) => {
                index.tcp_routes.insert(key(&r.metadata), r);
            }
            Hub::UdpRoute(r) => {
                index.udp_routes.insert(key(&r.metadata), r);
            }
            Hub::TrafficSplit(s) => index.splits.push(s),
            // A kind a newer smi-types adds before this translator learns its meaning.
            other => diagnostics.push(Diagnostic::warning(
                codes::KIND_NOT_LOWERED,
                origin,
                "",
                format!("{} is not translated; it is ignored", other.kind()),
            )),
        }
    }
    index.targets.sort_by_key(|(t, _)| key(&t.metadata));
    index.splits.sort_by_key(|s| key(&s.metadata));
    index
}
