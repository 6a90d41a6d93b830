//! Several objects with one kind, namespace and name: the later one is what `kubectl apply -f`
//! leaves on the cluster, so the later one is used and each earlier one is reported.
//!
//! Input order is the order `kubectl apply -f` applies: the paths as given (a directory's files in
//! name order), then the documents of each file in order. Namespaces are read by the one
//! namespace rule ([`crate::namespace_of`]): an object without one is in `default`.

use super::codes::DUPLICATE_OBJECT;
use crate::{Diagnostic, ObjectRef, Related};
use std::collections::BTreeMap;

/// The objects (by position in `refs`, which is in input order) that a later object with the
/// same kind, namespace and name replaces, each with its `duplicate-object` error.
///
/// An object without a name (`generateName`) is never a duplicate: the API server names it.
/// The error's [`related`](Diagnostic::related) entries are the two
/// [`Occurrence`](Related::Occurrence)s: the replaced object's, then the replacing one's.
pub fn superseded(refs: &[ObjectRef]) -> Vec<(usize, Diagnostic)> {
    let mut positions: BTreeMap<ObjectRef, Vec<usize>> = BTreeMap::new();
    for (position, object) in refs.iter().enumerate() {
        if !object.name.is_empty() {
            positions
                .entry(object.clone().in_effective_namespace())
                .or_default()
                .push(position);
        }
    }
    let mut out = Vec::new();
    for (object, positions) in positions {
        let Some((_kept, replaced)) = positions.split_last() else {
            continue;
        };
        let kept_occurrence = replaced.len();
        for (occurrence, &position) in replaced.iter().enumerate() {
            let diagnostic = Diagnostic::error(
                DUPLICATE_OBJECT,
                object.clone(),
                "metadata.name",
                format!(
                    "a later {} with this namespace and name replaces this one, as `kubectl apply -f` would; this one is ignored",
                    object.kind
                ),
            )
            .with_help("remove one of the two, or rename one; a cluster holds one object of a kind per namespace and name")
            .with_related(Related::Occurrence(occurrence))
            .with_related(Related::Occurrence(kept_occurrence));
            out.push((position, diagnostic));
        }
    }
    out.sort_by_key(|(position, _)| *position);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_of_each_name_is_kept_and_each_earlier_one_reported() {
        let refs = [
            ObjectRef::new("TrafficTarget", "bookstore", "bookstore"),
            ObjectRef::new("TrafficTarget", "bookstore", "other"),
            ObjectRef::new("HTTPRouteGroup", "bookstore", "bookstore"),
            ObjectRef::new("TrafficTarget", "bookstore", "bookstore"),
            ObjectRef::new("TrafficTarget", "bookstore", "bookstore"),
            ObjectRef::new("TrafficTarget", "", "x"),
            ObjectRef::new("TrafficTarget", "default", "x"),
            ObjectRef::new("TrafficTarget", "", ""),
            ObjectRef::new("TrafficTarget", "", ""),
        ];
        let got: Vec<(usize, Vec<Related>)> = superseded(&refs)
            .into_iter()
            .map(|(position, d)| {
                assert_eq!(d.code, DUPLICATE_OBJECT.code);
                assert!(d.is_error());
                (position, d.related)
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (0, vec![Related::Occurrence(0), Related::Occurrence(2)]),
                (3, vec![Related::Occurrence(1), Related::Occurrence(2)]),
                (5, vec![Related::Occurrence(0), Related::Occurrence(1)]),
            ]
        );
    }
}
