//! IdentityBinding rules (feature `unreleased`).

use super::codes::{
    EMPTY_MATCH_LABELS, EMPTY_SPIFFE_IDENTITIES, IDENTITY_BINDING_EXCLUSIVE, INVALID_SPIFFE_ID,
    MISSING_SCHEMES,
};
use super::names::{self, NameRule};
use super::report::{Report, index};
use crate::access::v1alpha4::IdentityBinding;

const SCHEMES: &str = "spec.schemes";

/// Every per-object IdentityBinding rule.
pub(super) fn check(r: &mut Report, ib: &IdentityBinding) {
    let s = &ib.spec.schemes;
    if s.pod_label_selector.is_none()
        && s.spiffe_identities.is_none()
        && s.service_account.is_none()
    {
        r.error(
            MISSING_SCHEMES,
            SCHEMES,
            "the IdentityBinding names no identity scheme",
        )
        .help("set podLabelSelector, serviceAccount or spiffeIdentities");
    }
    if s.pod_label_selector.is_some() && s.service_account.is_some() {
        r.error(
            IDENTITY_BINDING_EXCLUSIVE,
            SCHEMES,
            "podLabelSelector and serviceAccount are mutually exclusive",
        )
        .help("keep one of podLabelSelector and serviceAccount; use two IdentityBindings for both");
    }
    if let Some(selector) = &s.pod_label_selector
        && selector.match_labels.is_empty()
    {
        r.error(
            EMPTY_MATCH_LABELS,
            "spec.schemes.podLabelSelector.matchLabels",
            "the pod label selector has no labels",
        )
        .help("add at least one label, or remove podLabelSelector");
    }
    if let Some(ids) = &s.spiffe_identities {
        if ids.is_empty() {
            r.error(
                EMPTY_SPIFFE_IDENTITIES,
                "spec.schemes.spiffeIdentities",
                "spiffeIdentities is present but empty",
            )
            .help("list at least one SPIFFE ID, or remove spiffeIdentities");
        }
        for (i, id) in ids.iter().enumerate() {
            if id.trim().is_empty() {
                r.error(
                    INVALID_SPIFFE_ID,
                    index("spec.schemes.spiffeIdentities", i),
                    "the SPIFFE identity is empty",
                )
                .help("write a SPIFFE ID such as `spiffe://cluster.local/ns/default/sa/api`");
            }
        }
    }
    if let Some(sa) = &s.service_account {
        names::check(
            r,
            NameRule::Subdomain,
            "spec.schemes.serviceAccount",
            "ServiceAccount name",
            sa,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, meta, pairs};
    use crate::SmiObject;
    use crate::access::v1alpha4::{
        IdentityBinding, IdentityBindingSpec, IdentitySchemes, PodLabelSelector,
    };
    use std::collections::BTreeMap;

    fn mk_ib(schemes: IdentitySchemes) -> SmiObject {
        let mut o = IdentityBinding::new("ib", IdentityBindingSpec { schemes });
        o.metadata = meta("ib");
        SmiObject::IdentityBindingV1alpha4(o)
    }

    fn mk_selector(labels: &[(&str, &str)]) -> Option<PodLabelSelector> {
        Some(PodLabelSelector {
            match_labels: labels
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
        })
    }

    #[test]
    fn valid_binding() {
        let ib = mk_ib(IdentitySchemes {
            pod_label_selector: mk_selector(&[("app", "api")]),
            spiffe_identities: Some(vec!["cluster.local/ns/default/sa/api".into()]),
            service_account: None,
        });
        assert_eq!(check(&ib), pairs(&[]));
    }

    #[test]
    fn exclusive_schemes() {
        let ib = mk_ib(IdentitySchemes {
            pod_label_selector: mk_selector(&[("app", "api")]),
            spiffe_identities: None,
            service_account: Some("api".into()),
        });
        assert_eq!(
            check(&ib),
            pairs(&[("identity-binding-exclusive", "spec.schemes")])
        );
    }

    #[test]
    fn missing_and_empty_schemes() {
        assert_eq!(
            check(&mk_ib(IdentitySchemes::default())),
            pairs(&[("missing-schemes", "spec.schemes")])
        );
        let ib = mk_ib(IdentitySchemes {
            pod_label_selector: mk_selector(&[]),
            spiffe_identities: Some(vec![]),
            service_account: None,
        });
        assert_eq!(
            check(&ib),
            pairs(&[
                (
                    "empty-match-labels",
                    "spec.schemes.podLabelSelector.matchLabels"
                ),
                ("empty-spiffe-identities", "spec.schemes.spiffeIdentities"),
            ])
        );
        let ib = mk_ib(IdentitySchemes {
            pod_label_selector: None,
            spiffe_identities: Some(vec!["".into()]),
            service_account: Some("Bad".into()),
        });
        assert_eq!(
            check(&ib),
            pairs(&[
                ("invalid-spiffe-id", "spec.schemes.spiffeIdentities[0]"),
                ("invalid-name", "spec.schemes.serviceAccount"),
            ])
        );
    }
}
