//! Names and labels of emitted objects, shared by every backend that emits Kubernetes objects.

use crate::graph::WorkloadKind;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use std::collections::BTreeMap;

/// The label every emitted Kubernetes object carries by default, so that what smi-rs owns can be
/// selected.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "smi-rs");

/// The labels and annotations every emitted Kubernetes object carries, so that a controller can
/// select (and prune) what it owns.
///
/// The default is the [`MANAGED_BY`] label and no annotations; set it with
/// [`Options::metadata`](crate::Options::metadata).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct MetadataTemplate {
    /// Labels of every emitted object.
    pub labels: BTreeMap<String, String>,
    /// Annotations of every emitted object.
    pub annotations: BTreeMap<String, String>,
}

impl Default for MetadataTemplate {
    fn default() -> Self {
        MetadataTemplate::empty().label(MANAGED_BY.0, MANAGED_BY.1)
    }
}

impl MetadataTemplate {
    /// No labels and no annotations (not even [`MANAGED_BY`]).
    pub fn empty() -> MetadataTemplate {
        MetadataTemplate {
            labels: BTreeMap::new(),
            annotations: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) a label.
    pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> MetadataTemplate {
        self.labels.insert(key.into(), value.into());
        self
    }

    /// Adds (or replaces) an annotation.
    pub fn annotation(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> MetadataTemplate {
        self.annotations.insert(key.into(), value.into());
        self
    }
}

/// Metadata of an emitted Kubernetes object: its name and namespace, and the labels and
/// annotations of `template` (an empty map is left out, as Kubernetes does).
pub(crate) fn object_meta(
    template: &MetadataTemplate,
    name: String,
    namespace: String,
) -> ObjectMeta {
    let non_empty = |map: &BTreeMap<String, String>| (!map.is_empty()).then(|| map.clone());
    ObjectMeta {
        name: Some(name),
        namespace: Some(namespace),
        labels: non_empty(&template.labels),
        annotations: non_empty(&template.annotations),
        ..ObjectMeta::default()
    }
}

/// A workload kind as it stands in the names of objects emitted for the workload.
pub(crate) fn kind_name(kind: WorkloadKind) -> &'static str {
    match kind {
        WorkloadKind::Deployment => "deployment",
        WorkloadKind::StatefulSet => "statefulset",
        WorkloadKind::DaemonSet => "daemonset",
        WorkloadKind::ReplicaSet => "replicaset",
        WorkloadKind::Pod => "pod",
    }
}

/// The longest name a DNS-1123 label may have.
const MAX_LABEL: usize = 63;

/// How much of a too-long name is kept before the hash suffix (`-` and eight hex digits).
const KEPT_PREFIX: usize = MAX_LABEL - 9;

/// A DNS-1123 label from parts, shortened with a stable hash when too long.
///
/// The hash keeps two long names that share a prefix apart; it is FNV-1a so that it is the same
/// across runs, platforms and releases.
pub(crate) fn object_name(parts: &[&str]) -> String {
    let name = parts.join("-").to_ascii_lowercase();
    if name.len() <= MAX_LABEL {
        return name;
    }
    let hash = name.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    // Cut on a character boundary: names reaching a backend are not guaranteed to be ASCII.
    let cut = (0..=KEPT_PREFIX)
        .rev()
        .find(|&i| name.is_char_boundary(i))
        .unwrap_or(0);
    let keep = name[..cut].trim_end_matches(['-', '.']);
    format!("{keep}-{:08x}", hash as u32)
}

#[cfg(test)]
mod tests {
    use super::{MANAGED_BY, MetadataTemplate, object_meta, object_name};

    #[test]
    fn the_default_template_is_the_managed_by_label() {
        let meta = object_meta(&MetadataTemplate::default(), "a".into(), "ns".into());
        let labels = meta.labels.expect("labels");
        assert_eq!(labels.len(), 1);
        assert_eq!(labels[MANAGED_BY.0], MANAGED_BY.1);
        assert_eq!(meta.annotations, None);
    }

    #[test]
    fn a_template_sets_labels_and_annotations_and_may_drop_the_default() {
        let template = MetadataTemplate::empty()
            .label("owner", "controller-a")
            .annotation("note", "generated");
        let meta = object_meta(&template, "a".into(), "ns".into());
        assert_eq!(
            meta.labels,
            Some([("owner".into(), "controller-a".into())].into())
        );
        assert_eq!(
            meta.annotations,
            Some([("note".into(), "generated".into())].into())
        );
        let bare = object_meta(&MetadataTemplate::empty(), "a".into(), "ns".into());
        assert_eq!((bare.labels, bare.annotations), (None, None));
    }

    #[test]
    fn short_names_are_joined_and_lowercased() {
        assert_eq!(object_name(&["Web", "http"]), "web-http");
    }

    #[test]
    fn long_names_keep_a_prefix_and_a_stable_hash() {
        let long = "a".repeat(70);
        let name = object_name(&[&long]);
        assert_eq!(name.len(), 63);
        assert_eq!(&name[..54], &long[..54]);
        assert_eq!(name, object_name(&[&long]));
        assert_ne!(name, object_name(&[&long, "b"]));
    }

    #[test]
    fn long_names_cut_before_trailing_separators() {
        let name = object_name(&[&"a".repeat(53), &"b".repeat(20)]);
        assert!(name.starts_with(&format!("{}-", "a".repeat(53))));
        assert!(!name.contains("--"), "{name}");
    }

    #[test]
    fn non_ascii_names_are_cut_on_a_character_boundary() {
        let name = object_name(&[&"é".repeat(40)]);
        assert!(name.starts_with(&"é".repeat(27)), "{name}");
        assert!(name.ends_with(|c: char| c.is_ascii_hexdigit()));
    }
}
