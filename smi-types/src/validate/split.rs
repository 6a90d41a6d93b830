//! TrafficSplit rules: root, backends, weights and `matches`.

use super::codes::{
    ALL_WEIGHTS_ZERO, DUPLICATE_BACKEND, EMPTY_BACKENDS, INVALID_NAME, NEGATIVE_WEIGHT,
    ROOT_IN_OTHER_NAMESPACE, ROOT_IS_BACKEND, SPLIT_MATCH_API_GROUP, SPLIT_MATCH_KIND,
    WEIGHT_PRECISION, WEIGHT_SUM_OVERFLOW,
};
use super::names::{self, NameRule};
use super::report::{Report, field, index};
use crate::split::RootService;
use crate::split::v1alpha3::TrafficSplitMatch;
use crate::{Quantity, SmiObject, Version, specs};

const BACKENDS: &str = "spec.backends";
const WEIGHT_HELP: &str = "scale the weights down: they are relative, only their ratios matter";

/// A TrafficSplit of any version, without its weights.
pub(super) struct Split<'a> {
    pub(super) version: Version,
    /// The root as written (a name or a DNS name of the Service).
    pub(super) written_root: &'a str,
    /// The root Service's name.
    pub(super) service: &'a str,
    pub(super) backends: Vec<&'a str>,
    pub(super) matches: &'a [TrafficSplitMatch],
}

/// The TrafficSplit view of `object`, if it is one.
pub(super) fn split(object: &SmiObject) -> Option<Split<'_>> {
    macro_rules! view {
        ($o:expr, $version:ident, $matches:expr) => {
            Split {
                version: Version::$version,
                written_root: &$o.spec.service,
                service: RootService::parse(&$o.spec.service)
                    .map_or(&$o.spec.service, |root| root.service),
                backends: $o
                    .spec
                    .backends
                    .iter()
                    .map(|b| b.service.as_str())
                    .collect(),
                matches: $matches,
            }
        };
    }
    Some(match object {
        SmiObject::TrafficSplitV1alpha1(o) => view!(o, V1alpha1, &[]),
        SmiObject::TrafficSplitV1alpha2(o) => view!(o, V1alpha2, &[]),
        SmiObject::TrafficSplitV1alpha3(o) => {
            view!(o, V1alpha3, o.spec.matches.as_deref().unwrap_or_default())
        }
        SmiObject::TrafficSplitV1alpha4(o) => {
            view!(o, V1alpha4, o.spec.matches.as_deref().unwrap_or_default())
        }
        _ => return None,
    })
}

/// The root: a Service name or one of its DNS names, in the split's own namespace.
fn check_root(r: &mut Report, object: &SmiObject, written: &str) {
    const ROOT: &str = "spec.service";
    let Some(root) = RootService::parse(written) else {
        r.error(
            INVALID_NAME,
            ROOT,
            format!("root `{written}` is neither a Service name nor a Service's DNS name"),
        )
        .help("write `<service>`, `<service>.<namespace>`, `<service>.<namespace>.svc` or `<service>.<namespace>.svc.<cluster-domain>`");
        return;
    };
    names::check(
        r,
        NameRule::Service,
        ROOT,
        "root Service name",
        root.service,
    );
    if let Some(domain) = root.cluster_domain {
        names::check(
            r,
            NameRule::Subdomain,
            ROOT,
            "root's cluster domain",
            domain,
        );
    }
    let Some(namespace) = root.namespace else {
        return;
    };
    if names::problem(NameRule::Label, namespace).is_some() {
        names::check(r, NameRule::Label, ROOT, "root's namespace", namespace);
        return;
    }
    let own = object.metadata().namespace.as_deref().unwrap_or("default");
    if namespace != own {
        r.error(
            ROOT_IN_OTHER_NAMESPACE,
            ROOT,
            format!("root `{written}` names namespace `{namespace}`, but a TrafficSplit splits Services of its own namespace `{own}`"),
        )
        .help("create the TrafficSplit in the root Service's namespace");
    }
}

/// Every per-object TrafficSplit rule.
pub(super) fn check(r: &mut Report, object: &SmiObject, s: &Split<'_>) {
    check_root(r, object, s.written_root);
    if s.backends.is_empty() {
        r.error(
            EMPTY_BACKENDS,
            BACKENDS,
            "the TrafficSplit has no backends to send traffic to",
        )
        .help("list at least one backend Service with a weight");
    }
    let mut listed = std::collections::HashSet::new();
    for (i, &service) in s.backends.iter().enumerate() {
        let path = field(&index(BACKENDS, i), "service");
        names::check(r, NameRule::Service, &path, "backend Service name", service);
        if !listed.insert(service) {
            r.error(
                DUPLICATE_BACKEND,
                &path,
                format!("backend Service `{service}` is listed more than once"),
            )
            .help("list every backend once and add up its weights");
        } else if service == s.service {
            r.warning(
                ROOT_IS_BACKEND,
                &path,
                format!("the root Service `{service}` is also a backend; it usually selects every version, which skews the split"),
            )
            .help("point the backend at a version-specific Service");
        }
    }
    for (i, m) in s.matches.iter().enumerate() {
        check_match(r, &index("spec.matches", i), m);
    }
    match object {
        SmiObject::TrafficSplitV1alpha1(o) => {
            let weights: Vec<_> = o.spec.backends.iter().map(|b| b.weight.as_ref()).collect();
            check_quantity_weights(r, &weights);
        }
        SmiObject::TrafficSplitV1alpha2(o) => {
            check_integer_weights(r, o.spec.backends.iter().map(|b| b.weight))
        }
        SmiObject::TrafficSplitV1alpha3(o) => {
            check_integer_weights(r, o.spec.backends.iter().map(|b| b.weight))
        }
        SmiObject::TrafficSplitV1alpha4(o) => {
            check_integer_weights(r, o.spec.backends.iter().map(|b| b.weight))
        }
        _ => {}
    }
}

fn check_match(r: &mut Report, path: &str, m: &TrafficSplitMatch) {
    if m.kind != "HTTPRouteGroup" {
        r.error(
            SPLIT_MATCH_KIND,
            field(path, "kind"),
            format!(
                "a TrafficSplit can only match HTTPRouteGroups, not `{}`",
                m.kind
            ),
        )
        .help("set kind to HTTPRouteGroup");
    }
    if let Some(group) = &m.api_group
        && group != specs::GROUP
    {
        r.error(
            SPLIT_MATCH_API_GROUP,
            field(path, "apiGroup"),
            format!("apiGroup `{group}` is not `{}`", specs::GROUP),
        )
        .help(format!("set apiGroup to {} or remove it", specs::GROUP));
    }
    names::check(
        r,
        NameRule::Subdomain,
        &field(path, "name"),
        "HTTPRouteGroup name",
        &m.name,
    );
}

fn all_zero_warning(r: &mut Report) {
    r.warning(
        ALL_WEIGHTS_ZERO,
        BACKENDS,
        "every backend weight is zero; the spec does not say where traffic goes then",
    )
    .help("give at least one backend a positive weight");
}

fn check_integer_weights(r: &mut Report, weights: impl Iterator<Item = u32>) {
    let weights: Vec<u32> = weights.collect();
    if !weights.is_empty() && weights.iter().all(|&w| w == 0) {
        all_zero_warning(r);
    }
    let sum: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if sum > u64::from(u32::MAX) {
        r.error(
            WEIGHT_SUM_OVERFLOW,
            BACKENDS,
            format!("the weights add up to {sum}, more than {}", u32::MAX),
        )
        .help(WEIGHT_HELP);
    }
}

/// `q` in thousandths, rounded half away from zero; `None` when it does not fit.
fn rounded_milli(q: &Quantity) -> Option<i128> {
    let v = q.value();
    if v.exponent >= -3 {
        return v.scaled_to(-3);
    }
    let shift = u32::try_from(-3 - v.exponent).ok()?;
    let Some(p) = 10i128.checked_pow(shift) else {
        return Some(0);
    };
    let (quot, rem) = (v.mantissa / p, v.mantissa % p);
    Some(if rem.abs() * 2 >= p {
        quot + rem.signum()
    } else {
        quot
    })
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// v1alpha1: quantities; an absent weight is zero.
///
/// Conversion to integer weights reads each weight in thousandths (rounding finer values) and
/// divides by the greatest common divisor, so the sum must fit after that reduction.
fn check_quantity_weights(r: &mut Report, weights: &[Option<&Quantity>]) {
    let mut milli: Vec<u128> = Vec::new();
    let mut overflow = false;
    let mut negative = false;
    for (i, w) in weights.iter().enumerate() {
        let Some(q) = w else {
            milli.push(0);
            continue;
        };
        let path = field(&index(BACKENDS, i), "weight");
        if q.value().is_negative() {
            negative = true;
            r.error(NEGATIVE_WEIGHT, &path, format!("weight `{q}` is negative"))
                .help("use zero to send no traffic to this backend");
            continue;
        }
        if q.value().exponent < -3 {
            r.warning(
                WEIGHT_PRECISION,
                &path,
                format!(
                    "weight `{q}` is finer than 1m and is rounded to thousandths on conversion"
                ),
            )
            .help("write the weight in whole thousandths (e.g. `1m`) or scale all weights up");
        }
        match rounded_milli(q).and_then(|m| u128::try_from(m).ok()) {
            Some(m) => milli.push(m),
            None => {
                overflow = true;
                r.error(
                    WEIGHT_SUM_OVERFLOW,
                    &path,
                    format!("weight `{q}` is too large to convert to an integer weight"),
                )
                .help(WEIGHT_HELP);
            }
        }
    }
    if negative || overflow {
        return;
    }
    if !weights.is_empty()
        && weights
            .iter()
            .all(|w| w.is_none_or(|q| q.value().is_zero()))
    {
        all_zero_warning(r);
        return;
    }
    let divisor = milli.iter().fold(0, |g, &m| gcd(g, m)).max(1);
    let sum = milli
        .iter()
        .try_fold(0u128, |acc, &m| acc.checked_add(m / divisor));
    if sum.is_none_or(|s| s > u128::from(u32::MAX)) {
        r.error(
            WEIGHT_SUM_OVERFLOW,
            BACKENDS,
            format!(
                "the weights, as integers in their smallest common unit, add up to more than {}",
                u32::MAX
            ),
        )
        .help(WEIGHT_HELP);
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check, meta, pairs};
    use crate::split::{v1alpha1, v1alpha2, v1alpha3, v1alpha4};
    use crate::{Quantity, SmiObject};

    fn mk_match(api_group: Option<&str>, kind: &str, name: &str) -> v1alpha3::TrafficSplitMatch {
        v1alpha3::TrafficSplitMatch {
            api_group: api_group.map(Into::into),
            kind: kind.into(),
            name: name.into(),
        }
    }

    fn mk_split4(
        service: &str,
        backends: &[(&str, u32)],
        matches: Option<Vec<v1alpha3::TrafficSplitMatch>>,
    ) -> SmiObject {
        let mut o = v1alpha4::TrafficSplit::new(
            "ts",
            v1alpha4::TrafficSplitSpec {
                service: service.into(),
                backends: backends
                    .iter()
                    .map(|&(service, weight)| v1alpha4::TrafficSplitBackend {
                        service: service.into(),
                        weight,
                    })
                    .collect(),
                matches,
            },
        );
        o.metadata = meta("ts");
        SmiObject::TrafficSplitV1alpha4(o)
    }

    fn mk_split1(backends: &[(&str, Option<&str>)]) -> SmiObject {
        let mut o = v1alpha1::TrafficSplit::new(
            "ts",
            v1alpha1::TrafficSplitSpec {
                service: "web".into(),
                backends: backends
                    .iter()
                    .map(|&(service, weight)| v1alpha1::TrafficSplitBackend {
                        service: service.into(),
                        weight: weight.map(|w| w.parse::<Quantity>().expect("quantity")),
                    })
                    .collect(),
            },
        );
        o.metadata = meta("ts");
        SmiObject::TrafficSplitV1alpha1(o)
    }

    #[test]
    fn valid_splits() {
        let m = Some(vec![mk_match(
            Some("specs.smi-spec.io"),
            "HTTPRouteGroup",
            "ab",
        )]);
        assert_eq!(
            check(&mk_split4("web", &[("web-v1", 90), ("web-v2", 10)], m)),
            pairs(&[])
        );
        assert_eq!(
            check(&mk_split1(&[
                ("web-v1", Some("1")),
                ("web-v2", Some("500m"))
            ])),
            pairs(&[])
        );
        let mut o2 = v1alpha2::TrafficSplit::new(
            "ts",
            v1alpha2::TrafficSplitSpec {
                service: "web".into(),
                backends: vec![v1alpha2::TrafficSplitBackend {
                    service: "web-v1".into(),
                    weight: 1,
                }],
            },
        );
        o2.metadata = meta("ts");
        assert_eq!(check(&SmiObject::TrafficSplitV1alpha2(o2)), pairs(&[]));
        let mut o3 = v1alpha3::TrafficSplit::new(
            "ts",
            v1alpha3::TrafficSplitSpec {
                service: "web".into(),
                backends: vec![v1alpha3::TrafficSplitBackend {
                    service: "web-v1".into(),
                    weight: 1,
                }],
                matches: None,
            },
        );
        o3.metadata = meta("ts");
        assert_eq!(check(&SmiObject::TrafficSplitV1alpha3(o3)), pairs(&[]));
    }

    #[test]
    fn backends() {
        assert_eq!(
            check(&mk_split4("web", &[], None)),
            pairs(&[("empty-backends", "spec.backends")])
        );
        assert_eq!(
            check(&mk_split4(
                "web",
                &[("web", 1), ("v2", 1), ("v2", 1), ("Bad", 1)],
                None
            )),
            pairs(&[
                ("root-is-backend", "spec.backends[0].service"),
                ("duplicate-backend", "spec.backends[2].service"),
                ("invalid-name", "spec.backends[3].service"),
            ])
        );
        assert_eq!(
            check(&mk_split4("web.example.com", &[("2web", 1)], None)),
            pairs(&[
                ("invalid-name", "spec.service"),
                ("service-name-not-dns1035", "spec.backends[0].service"),
            ])
        );
    }

    /// OSM writes `<service>.<namespace>`; every DNS name of a Service in the split's own
    /// namespace is a root, one in another namespace is not.
    #[test]
    fn roots_in_dns_form() {
        for root in [
            "web.default",
            "web.default.svc",
            "web.default.svc.cluster.local",
            "web.default.svc.corp.example",
        ] {
            assert_eq!(
                check(&mk_split4(root, &[("v1", 1)], None)),
                pairs(&[]),
                "{root}"
            );
        }
        assert_eq!(
            check(&mk_split4("web.default", &[("web", 1)], None)),
            pairs(&[("root-is-backend", "spec.backends[0].service")])
        );
        assert_eq!(
            check(&mk_split4("web.shop.svc", &[("v1", 1)], None)),
            pairs(&[("root-in-other-namespace", "spec.service")])
        );
        for bad in ["web.Default", "web.default.svc.-x", "web.default.cluster"] {
            assert_eq!(
                check(&mk_split4(bad, &[("v1", 1)], None)),
                pairs(&[("invalid-name", "spec.service")]),
                "{bad}"
            );
        }
    }

    #[test]
    fn integer_weights() {
        assert_eq!(
            check(&mk_split4("web", &[("a", 0), ("b", 0)], None)),
            pairs(&[("all-weights-zero", "spec.backends")])
        );
        assert_eq!(
            check(&mk_split4("web", &[("a", u32::MAX), ("b", 1)], None)),
            pairs(&[("weight-sum-overflow", "spec.backends")])
        );
        assert_eq!(
            check(&mk_split4("web", &[("a", u32::MAX), ("b", 0)], None)),
            pairs(&[])
        );
    }

    #[test]
    fn split_matches() {
        let m = Some(vec![
            mk_match(None, "TCPRoute", "tcp"),
            mk_match(Some("split.smi-spec.io"), "HTTPRouteGroup", "ab"),
            mk_match(None, "HTTPRouteGroup", "AB"),
        ]);
        assert_eq!(
            check(&mk_split4("web", &[("v1", 1)], m)),
            pairs(&[
                ("split-match-kind", "spec.matches[0].kind"),
                ("split-match-api-group", "spec.matches[1].apiGroup"),
                ("invalid-name", "spec.matches[2].name"),
            ])
        );
    }

    #[test]
    fn quantity_weights() {
        assert_eq!(
            check(&mk_split1(&[("a", Some("-1")), ("b", Some("1"))])),
            pairs(&[("negative-weight", "spec.backends[0].weight")])
        );
        assert_eq!(
            check(&mk_split1(&[("a", Some("1500u")), ("b", Some("1"))])),
            pairs(&[("weight-precision", "spec.backends[0].weight")])
        );
        assert_eq!(
            check(&mk_split1(&[("a", Some("0")), ("b", None)])),
            pairs(&[("all-weights-zero", "spec.backends")])
        );
        // Reduced by the common divisor: 4G and 2G are 2:1, which fits.
        assert_eq!(
            check(&mk_split1(&[("a", Some("4G")), ("b", Some("2G"))])),
            pairs(&[])
        );
        assert_eq!(
            check(&mk_split1(&[("a", Some("4G")), ("b", Some("1m"))])),
            pairs(&[("weight-sum-overflow", "spec.backends")])
        );
        assert_eq!(
            check(&mk_split1(&[("a", Some("1e9999")), ("b", Some("1"))])),
            pairs(&[("weight-sum-overflow", "spec.backends[0].weight")])
        );
    }
}
