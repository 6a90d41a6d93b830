//! Validation beyond the schema: rules no OpenAPI schema can express.
//!
//! [`validate`] checks one object; [`validate_all`] checks a set of objects and adds the rules
//! that need several of them (duplicates, references between objects). Every problem is
//! returned, never just the first, as a [`Diagnostic`] with a stable code from [`CODES`]: match
//! on the code and the path, never on the message.
//!
//! Decisions on what the spec leaves open (see the spec's §11):
//! - A TrafficTarget subject without `namespace` is read as the TrafficTarget's namespace and
//!   warned about (`implicit-namespace`).
//! - `matches` on a TCPRoute/UDPRoute rule is ignored and warned about.
//! - A TrafficSplit whose weights are all zero, or whose root is one of its backends, is warned
//!   about, not rejected; duplicate backends are errors.
//! - Regular expressions are RE2 (checked with `regex-syntax`).
//! - A reference to an object absent from the set is a warning: it may exist on the cluster.
//!
//! Paths follow the wire layout: kinds without a `spec` wrapper (TrafficTarget v1alpha1,
//! HTTPRouteGroup v1alpha1/v1alpha2) have paths without the `spec.` prefix.

mod access;
pub use crate::codes::validate as codes;
mod cross;
mod duplicates;
#[cfg(feature = "unreleased")]
mod identity;
mod names;
mod regex;
mod report;
mod specs;
mod split;
#[cfg(test)]
mod testing;

pub use codes::CODES;
pub use duplicates::superseded;

use crate::{Diagnostic, KindName, SmiObject};
use report::Report;

/// Every per-object violation of `object`, sorted by path, then code.
pub fn validate(object: &SmiObject) -> Vec<Diagnostic> {
    finish(check_object(object))
}

/// Whether `object` is fit to use: [`validate`] finds no error in it.
///
/// The one validity rule of smi-rs: `smi validate` rejects, `smi convert` refuses to write, and
/// lowering ([`admit`]) ignores exactly the objects for which this is `false`.
pub fn is_valid(object: &SmiObject) -> bool {
    !check_object(object).iter().any(Diagnostic::is_error)
}

/// Which objects of a set are used, and why the others are not.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Admission {
    /// One entry per object, in input order: whether it is used.
    pub admitted: Vec<bool>,
    /// Why the others are not: the errors [`validate`] finds in each object (so an invalid
    /// object is refused with the codes validation reports), and `duplicate-object` for each
    /// object a later one with its kind, namespace and name replaces ([`superseded`]).
    pub diagnostics: Vec<Diagnostic>,
}

/// Decides which of `objects` (in input order) a consumer uses: those that are valid
/// ([`is_valid`]) and not replaced by a later object with their kind, namespace and name.
///
/// Lowering reads only the admitted objects; [`validate_all`] checks references among them.
pub fn admit<'a>(objects: impl IntoIterator<Item = &'a SmiObject>) -> Admission {
    let objects: Vec<&SmiObject> = objects.into_iter().collect();
    let mut admission = Admission {
        admitted: vec![true; objects.len()],
        diagnostics: Vec::new(),
    };
    for (position, object) in objects.iter().enumerate() {
        let errors: Vec<Diagnostic> = check_object(object)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if !errors.is_empty() {
            admission.admitted[position] = false;
            admission.diagnostics.extend(errors);
        }
    }
    for (position, diagnostic) in superseded_objects(&objects) {
        admission.admitted[position] = false;
        admission.diagnostics.push(diagnostic);
    }
    admission.diagnostics = finish(admission.diagnostics);
    admission
}

/// The objects of `objects` a later one replaces; metrics are API output, never applied, so
/// they never replace one another.
fn superseded_objects(objects: &[&SmiObject]) -> Vec<(usize, Diagnostic)> {
    let positions: Vec<usize> = (0..objects.len())
        .filter(|&i| {
            !matches!(
                objects[i].kind(),
                KindName::TrafficMetrics | KindName::TrafficMetricsList
            )
        })
        .collect();
    let refs: Vec<_> = positions.iter().map(|&i| objects[i].object_ref()).collect();
    superseded(&refs)
        .into_iter()
        .map(|(i, diagnostic)| (positions[i], diagnostic))
        .collect()
}

/// Every violation in `objects`: the per-object rules of [`validate`] for each, the objects a
/// later one replaces (`duplicate-object`), plus the rules across the objects that are used
/// ([`admit`]): unresolved references, rule match names missing from the referenced
/// HTTPRouteGroup, incompatible versions, …. Sorted by object, path, then code.
pub fn validate_all<'a>(objects: impl IntoIterator<Item = &'a SmiObject>) -> Vec<Diagnostic> {
    let objects: Vec<&SmiObject> = objects.into_iter().collect();
    let mut out: Vec<Diagnostic> = objects.iter().flat_map(|o| check_object(o)).collect();
    let admission = admit(objects.iter().copied());
    out.extend(
        admission
            .diagnostics
            .into_iter()
            .filter(|d| d.code == codes::DUPLICATE_OBJECT),
    );
    let admitted: Vec<&SmiObject> = objects
        .iter()
        .zip(&admission.admitted)
        .filter_map(|(o, admitted)| admitted.then_some(*o))
        .collect();
    out.extend(cross::check(&admitted));
    finish(out)
}

fn finish(mut out: Vec<Diagnostic>) -> Vec<Diagnostic> {
    out.sort_by(|a, b| {
        (&a.object, &a.path, a.code, a.severity, &a.message, &a.help)
            .cmp(&(&b.object, &b.path, b.code, b.severity, &b.message, &b.help))
    });
    // Identical copies of one object would otherwise report everything twice.
    out.dedup();
    out
}

fn check_object(object: &SmiObject) -> Vec<Diagnostic> {
    let mut r = Report::new(object.object_ref());
    let name_required = !matches!(
        object.kind(),
        KindName::TrafficMetrics | KindName::TrafficMetricsList
    );
    names::check_metadata(&mut r, object.metadata(), name_required);
    if let Some(t) = access::target(object) {
        access::check(&mut r, &t);
    } else if let Some(g) = specs::group(object) {
        specs::check_group(&mut r, &g);
    } else if let Some(s) = split::split(object) {
        split::check(&mut r, object, &s);
    } else {
        match object {
            SmiObject::TcpRouteV1alpha4(o) => specs::check_ports(&mut r, &o.spec.matches),
            SmiObject::UdpRouteV1alpha4(o) => specs::check_ports(&mut r, &o.spec.matches),
            #[cfg(feature = "unreleased")]
            SmiObject::IdentityBindingV1alpha4(o) => identity::check(&mut r, o),
            // TCPRoute v1alpha1–v1alpha3 carry nothing; metrics are read-only API output.
            _ => {}
        }
    }
    r.into_vec()
}

#[cfg(test)]
mod tests {
    use super::testing::{check, meta, pairs};
    use super::*;
    use crate::specs::v1alpha4 as specs4;
    use crate::split::v1alpha4 as split4;

    #[test]
    fn metadata_names() {
        let mut g = specs4::TcpRoute::new("x", Default::default());
        g.metadata = meta("Bad_Name");
        g.metadata.namespace = Some("a.b".into());
        assert_eq!(
            check(&SmiObject::TcpRouteV1alpha4(g.clone())),
            pairs(&[
                ("invalid-name", "metadata.name"),
                ("invalid-name", "metadata.namespace"),
            ])
        );
        g.metadata.name = None;
        g.metadata.namespace = None;
        assert_eq!(
            check(&SmiObject::TcpRouteV1alpha4(g.clone())),
            pairs(&[("missing-name", "metadata.name")])
        );
        g.metadata.generate_name = Some("tcp-".into());
        assert_eq!(check(&SmiObject::TcpRouteV1alpha4(g)), pairs(&[]));
    }

    #[test]
    fn metrics_need_no_name() {
        let list: crate::metrics::v1alpha1::TrafficMetricsList =
            serde_json::from_value(serde_json::json!({"kind": "TrafficMetricsList", "items": []}))
                .expect("list");
        assert_eq!(
            check(&SmiObject::TrafficMetricsListV1alpha1(list)),
            pairs(&[])
        );
        let m: crate::metrics::v1alpha2::TrafficMetrics = serde_json::from_value(
            serde_json::json!({"kind": "TrafficMetrics", "metadata": {"name": "web-1"}, "metrics": []}),
        )
        .expect("metrics");
        assert_eq!(check(&SmiObject::TrafficMetricsV1alpha2(m)), pairs(&[]));
    }

    #[test]
    fn output_is_sorted_by_object_then_path() {
        let mut a = split4::TrafficSplit::new(
            "b-split",
            split4::TrafficSplitSpec {
                service: "web".into(),
                backends: vec![],
                matches: None,
            },
        );
        a.metadata.namespace = Some("default".into());
        let mut b = a.clone();
        b.metadata.name = Some("a-split".into());
        b.spec.service = "Web".into();
        let objects = [
            SmiObject::TrafficSplitV1alpha4(a),
            SmiObject::TrafficSplitV1alpha4(b),
        ];
        let got: Vec<_> = validate_all(&objects)
            .into_iter()
            .map(|v| (v.object.name, v.code, v.path))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "a-split".to_owned(),
                    "empty-backends",
                    "spec.backends".to_owned()
                ),
                (
                    "a-split".to_owned(),
                    "invalid-name",
                    "spec.service".to_owned()
                ),
                (
                    "b-split".to_owned(),
                    "empty-backends",
                    "spec.backends".to_owned()
                ),
            ]
        );
    }
}
