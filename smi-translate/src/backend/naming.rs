//! Names and labels of emitted objects, shared by every backend that emits Kubernetes objects.

use crate::graph::WorkloadKind;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Label put on every emitted Kubernetes object, so that what smi-rs owns can be selected.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "smi-rs");

/// Metadata of an emitted Kubernetes object: its name and namespace, labelled [`MANAGED_BY`].
pub(crate) fn object_meta(name: String, namespace: String) -> ObjectMeta {
    ObjectMeta {
        name: Some(name),
        namespace: Some(namespace),
        labels: Some([(MANAGED_BY.0.to_owned(), MANAGED_BY.1.to_owned())].into()),
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
    use super::object_name;

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
