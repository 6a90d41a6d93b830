//! `split.smi-spec.io`: TrafficSplit, client-side weighted splitting of a root Service.

pub mod v1alpha1;
pub mod v1alpha2;
pub mod v1alpha3;
pub mod v1alpha4;

/// The API group.
pub const GROUP: &str = "split.smi-spec.io";

/// A TrafficSplit's `spec.service` as written: a Service name, or a DNS name of the Service.
///
/// The spec calls the field an FQDN and OSM's demos write `<service>.<namespace>`; a root is read
/// in each form a pod's resolver would complete to the Service: `<service>`,
/// `<service>.<namespace>`, `<service>.<namespace>.svc` and
/// `<service>.<namespace>.svc.<cluster-domain>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RootService<'a> {
    /// The Service name (the first label).
    pub service: &'a str,
    /// The namespace, when the root names one.
    pub namespace: Option<&'a str>,
    /// The cluster domain, when the root is written in full.
    pub cluster_domain: Option<&'a str>,
}

impl<'a> RootService<'a> {
    /// Reads `value` in one of the accepted forms; `None` when it has dots but is none of them
    /// (`a.b.c` whose third label is not `svc`). Each part's own naming rule is the validator's.
    pub fn parse(value: &'a str) -> Option<RootService<'a>> {
        let mut labels = value.splitn(4, '.');
        let service = labels.next().unwrap_or_default();
        let namespace = labels.next();
        let cluster_domain = match labels.next() {
            None => None,
            Some("svc") => labels.next(),
            Some(_) => return None,
        };
        if value.ends_with(".svc.") {
            return None;
        }
        Some(RootService {
            service,
            namespace,
            cluster_domain,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::RootService;

    #[test]
    fn every_dns_form_of_a_service_names_it() {
        let root = |service, namespace, cluster_domain| {
            Some(RootService {
                service,
                namespace,
                cluster_domain,
            })
        };
        assert_eq!(RootService::parse("web"), root("web", None, None));
        assert_eq!(
            RootService::parse("bookstore.bookstore"),
            root("bookstore", Some("bookstore"), None)
        );
        assert_eq!(
            RootService::parse("web.shop.svc"),
            root("web", Some("shop"), None)
        );
        assert_eq!(
            RootService::parse("web.shop.svc.cluster.local"),
            root("web", Some("shop"), Some("cluster.local"))
        );
        assert_eq!(RootService::parse("web.shop.local"), None);
        assert_eq!(RootService::parse("web.shop.svc."), None);
    }
}
