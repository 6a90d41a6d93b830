//! What Istio does with the AuthorizationPolicies and VirtualServices the Istio backend emits.
//!
//! Authorization follows the AuthorizationPolicy reference,
//! <https://istio.io/latest/docs/reference/config/security/authorization-policy/>:
//!
//! - A policy applies to a workload when it is in the workload's namespace and its `selector`
//!   matches the pod labels (no selector: every workload of the namespace), or when it is in the
//!   **root namespace** (then it applies mesh-wide, selector permitting).
//! - Only ALLOW policies are emitted (an empty spec means action ALLOW with no rules: "allow
//!   nothing"). If no ALLOW policy applies to the workload, the request is allowed; otherwise
//!   it is allowed iff some rule of some applying ALLOW policy matches.
//! - A rule matches iff `from` (any source; principals `<trust-domain>/ns/<ns>/sa/<sa>`) AND
//!   `to` (any operation: ports, methods, paths, each a list OR-ed, absent = any) AND every
//!   `when` condition match. An empty rule matches everything; absent `from`/`to`/`when` match
//!   everything.
//! - Strings (principals, paths, header values) are exact, `prefix*`, `*suffix` or `*`.
//! - HTTP-only fields (`methods`, `paths`, `request.headers` conditions) never match TCP
//!   traffic: "If a policy is ALLOW and it has HTTP-only fields in TCP traffic, the rule with
//!   HTTP fields will not match" (the reference's note on TCP).
//! - Ports are destination (pod) ports, written as strings.
//! - Sidecars do not intercept UDP, so UDP is never subject to a policy (allowed).
//!
//! Routing follows the VirtualService reference,
//! <https://istio.io/latest/docs/reference/config/networking/virtual-service/>:
//!
//! - The VirtualService whose `hosts` holds the addressed Service's FQDN applies.
//! - HTTP traffic (a port declared HTTP/HTTP2/gRPC, or undeclared and sniffed as HTTP) uses the
//!   `http` routes; "TCP routes will be applied to any port that is not a HTTP or TLS port";
//!   TLS ports (`https`, `tls`) take `tls` routes, matched by SNI.
//! - The first route with a matching `match` entry (or none) wins. `HTTPMatchRequest` fields are
//!   AND-ed, entries OR-ed: `port` equals the Service port, `uri.regex` must fully match the path
//!   (RE2), `method.exact` the method, every `headers[name].regex` must fully match the value.
//! - Weights are relative ("a destination will receive weight/(sum of all weights)"); a single
//!   destination gets everything. `directResponse` answers without routing (503: refused).
//! - No route matches: the request goes to the addressed host unchanged.

use super::Interpreter;
use crate::evaluate::Decision;
use crate::request::{Protocol, Request};
use regex::Regex;
use smi_translate::MeshGraph;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::istio::codes;
use smi_translate::backend::istio::generated::authorization_policy::{
    AuthorizationPolicyAction, AuthorizationPolicyRules,
};
use smi_translate::backend::istio::generated::virtual_service::VirtualServiceHttpMatch;
use smi_translate::backend::istio::{AuthorizationPolicy, IstioObject, VirtualService};
use smi_translate::backend::{Backend, Emitted};
use smi_translate::graph::{AppProtocol, Diagnostic, ServiceId, Severity, Workload};
use std::collections::BTreeMap;

/// Istio, configured with a set of emitted objects, in a cluster described by a graph's
/// Services and workloads.
#[derive(Clone, Debug)]
pub struct IstioInterpreter {
    cluster: MeshGraph,
    root_namespace: String,
    policies: Vec<AuthorizationPolicy>,
    virtual_services: Vec<VirtualService>,
}

impl IstioInterpreter {
    /// An interpreter of `objects`, in Istio root namespace `root_namespace`.
    ///
    /// Only the cluster facts of `cluster` are read (Services, workloads, naming), never its
    /// authorizations or splits.
    pub fn new(cluster: &MeshGraph, root_namespace: &str, objects: &[IstioObject]) -> Self {
        let mut policies = Vec::new();
        let mut virtual_services = Vec::new();
        for object in objects {
            match object {
                IstioObject::AuthorizationPolicy(p) => policies.push(p.clone()),
                IstioObject::VirtualService(v) => virtual_services.push(v.clone()),
                // Skipping an object would interpret a cluster other than the one emitted.
                other => panic!("the Istio interpreter does not know {other:?}"),
            }
        }
        let cluster = MeshGraph {
            naming: cluster.naming.clone(),
            services: cluster.services.clone(),
            workloads: cluster.workloads.clone(),
            ..MeshGraph::default()
        };
        IstioInterpreter {
            cluster,
            root_namespace: root_namespace.to_owned(),
            policies,
            virtual_services,
        }
    }

    /// Runs the Istio backend on `graph` and interprets its output; also returns the backend's
    /// diagnostics.
    pub fn emit(graph: &MeshGraph, istio: &Istio) -> (Self, Vec<Diagnostic>) {
        let Emitted {
            objects,
            diagnostics,
        } = istio.emit(graph);
        (
            IstioInterpreter::new(graph, &istio.root_namespace, &objects),
            diagnostics,
        )
    }

    fn allowed(&self, request: &Request) -> bool {
        let (port, endpoints) = match super::sidecar_policy_point(&self.cluster, request) {
            Ok(reached) => reached,
            Err(allowed) => return allowed,
        };
        // Istio's protocol selection: declared by name/appProtocol, else sniffed.
        let http = request.protocol == Protocol::Http
            && !matches!(port.protocol, AppProtocol::Tcp | AppProtocol::Tls);
        let principal = format!(
            "{}/ns/{}/sa/{}",
            self.cluster.naming.trust_domain,
            request.source.namespace,
            request.source.service_account
        );
        endpoints.into_iter().all(|workload| {
            let Some(pod_port) = workload.resolve(&port.target_port) else {
                return false;
            };
            let applying: Vec<&AuthorizationPolicy> = self
                .policies
                .iter()
                .filter(|p| self.applies(p, workload))
                .filter(|p| {
                    p.spec
                        .action
                        .as_ref()
                        .is_none_or(|a| *a == AuthorizationPolicyAction::Allow)
                })
                .collect();
            if applying.is_empty() {
                return true;
            }
            applying.iter().any(|p| {
                listed(&p.spec.rules)
                    .iter()
                    .any(|r| rule_matches(r, &principal, pod_port, http, request))
            })
        })
    }

    fn applies(&self, policy: &AuthorizationPolicy, workload: &Workload) -> bool {
        let namespace = policy.metadata.namespace.as_deref().unwrap_or_default();
        if namespace != workload.id.namespace && namespace != self.root_namespace {
            return false;
        }
        match &policy.spec.selector {
            None => true,
            Some(selector) => selector
                .match_labels
                .iter()
                .flatten()
                .all(|(k, v)| workload.pod_labels.get(k) == Some(v)),
        }
    }

    fn route(&self, request: &Request) -> Option<Vec<(ServiceId, u32)>> {
        let host = self.cluster.naming.service_host(&request.destination);
        let vs = self
            .virtual_services
            .iter()
            .find(|v| listed(&v.spec.hosts).contains(&host))?;
        let port = self
            .cluster
            .services
            .get(&request.destination)?
            .ports
            .get(&request.port)?;
        let http = request.protocol == Protocol::Http
            && !matches!(
                port.protocol,
                AppProtocol::Tcp | AppProtocol::Tls | AppProtocol::Udp
            );
        if http {
            let route = listed(&vs.spec.http).iter().find(|r| {
                let matches = listed(&r.r#match);
                matches.is_empty() || matches.iter().any(|m| http_match(m, request))
            })?;
            if route.direct_response.is_some() {
                return Some(Vec::new());
            }
            let weighted = listed(&route.route).iter();
            let weighted = weighted.map(|d| (d.destination.host.as_str(), d.weight));
            Some(self.destinations(weighted.collect()))
        } else if port.protocol == AppProtocol::Tls {
            // "TCP routes will be applied to any port that is not a HTTP or TLS port"; TLS
            // ports take `tls` routes (by SNI), which the backend does not emit.
            None
        } else if request.protocol == Protocol::Tcp || request.protocol == Protocol::Http {
            let route = listed(&vs.spec.tcp).iter().find(|r| {
                let matches = listed(&r.r#match);
                matches.is_empty()
                    || matches
                        .iter()
                        .any(|m| m.port == Some(i64::from(request.port)))
            })?;
            let weighted = listed(&route.route).iter();
            let weighted = weighted.map(|d| (d.destination.host.as_str(), d.weight));
            Some(self.destinations(weighted.collect()))
        } else {
            None
        }
    }

    /// `(host, weight)` of each destination of a route → Services and relative weights.
    fn destinations(&self, route: Vec<(&str, Option<i32>)>) -> Vec<(ServiceId, u32)> {
        let single = route.len() == 1;
        route
            .into_iter()
            .filter_map(|(host, weight)| {
                let service = self.service_of_host(host)?;
                let weight = match weight {
                    // The CRD's int32 admits negative weights, which Istio rejects; the backend
                    // never writes one, so reading it as no traffic keeps the interpreter total.
                    Some(w) => u32::try_from(w).unwrap_or(0),
                    None if single => 1,
                    None => 0,
                };
                Some((service, weight))
            })
            .collect()
    }

    /// `<name>.<namespace>.svc.<cluster-domain>` → the Service.
    fn service_of_host(&self, host: &str) -> Option<ServiceId> {
        let suffix = format!(".svc.{}", self.cluster.naming.cluster_domain);
        let rest = host.strip_suffix(&suffix)?;
        let (name, namespace) = rest.split_once('.')?;
        Some(ServiceId::new(namespace, name))
    }
}

impl Interpreter for IstioInterpreter {
    fn name(&self) -> &'static str {
        "istio"
    }

    fn decide(&self, request: &Request) -> Decision {
        Decision {
            allowed: self.allowed(request),
            split: self.route(request),
        }
    }
}

/// Istio's string match: exact, `prefix*`, `*suffix`, or `*` (any value).
pub fn glob_matches(pattern: &str, value: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    if let Some(prefix) = pattern.strip_suffix('*') {
        return value.starts_with(prefix);
    }
    if let Some(suffix) = pattern.strip_prefix('*') {
        return value.ends_with(suffix);
    }
    pattern == value
}

/// An absent list of an Istio object: the same as an empty one.
fn listed<T>(items: &Option<Vec<T>>) -> &[T] {
    items.as_deref().unwrap_or_default()
}

fn rule_matches(
    rule: &AuthorizationPolicyRules,
    principal: &str,
    pod_port: u16,
    http: bool,
    request: &Request,
) -> bool {
    let from = listed(&rule.from).is_empty()
        || listed(&rule.from).iter().any(|f| {
            let principals = f.source.as_ref().map_or(&[][..], |s| listed(&s.principals));
            principals.is_empty() || principals.iter().any(|p| glob_matches(p, principal))
        });
    let to = listed(&rule.to).is_empty()
        || listed(&rule.to).iter().any(|t| {
            let Some(op) = &t.operation else {
                return true;
            };
            let (ports, methods, paths) =
                (listed(&op.ports), listed(&op.methods), listed(&op.paths));
            let http_only = !methods.is_empty() || !paths.is_empty();
            if http_only && !http {
                return false;
            }
            (ports.is_empty() || ports.iter().any(|p| *p == pod_port.to_string()))
                && (methods.is_empty() || methods.iter().any(|m| m == request.method.as_str()))
                && (paths.is_empty() || paths.iter().any(|p| glob_matches(p, &request.path)))
        });
    let when = listed(&rule.when).iter().all(|c| {
        let Some(name) = c
            .key
            .strip_prefix("request.headers[")
            .and_then(|k| k.strip_suffix(']'))
        else {
            // A condition key this interpreter does not know: treat as not matching.
            return false;
        };
        http && request
            .headers
            .get(&name.to_ascii_lowercase())
            .is_some_and(|v| listed(&c.values).iter().any(|p| glob_matches(p, v)))
    });
    from && to && when
}

/// A VirtualService `StringMatch`: `exact`, `prefix`, or a whole-string RE2 `regex` (a oneOf;
/// the backend writes `exact` and `regex`).
fn string_match(
    exact: &Option<String>,
    prefix: &Option<String>,
    regex: &Option<String>,
    value: &str,
) -> bool {
    exact.as_ref().is_none_or(|e| e == value)
        && prefix
            .as_ref()
            .is_none_or(|p| value.starts_with(p.as_str()))
        && regex
            .as_ref()
            .is_none_or(|re| Regex::new(&format!("^(?:{re})$")).is_ok_and(|r| r.is_match(value)))
}

fn http_match(m: &VirtualServiceHttpMatch, request: &Request) -> bool {
    m.port.is_none_or(|p| p == i64::from(request.port))
        && m.uri
            .as_ref()
            .is_none_or(|u| string_match(&u.exact, &u.prefix, &u.regex, &request.path))
        && m.method
            .as_ref()
            .is_none_or(|x| string_match(&x.exact, &x.prefix, &x.regex, request.method.as_str()))
        && m.headers.iter().flatten().all(|(name, sm)| {
            request
                .headers
                .get(&name.to_ascii_lowercase())
                .is_some_and(|v| string_match(&sm.exact, &sm.prefix, &sm.regex, v))
        })
}

/// Whether the Istio backend reported, with an error diagnostic, that it fails closed for this
/// grantor: either no AuthorizationPolicy for the endpoint workload
/// (`istio-selector-not-exclusive`), or every HTTP match that admits the request was refused
/// (`istio-path-not-expressible`, `istio-header-not-expressible`). A TCP grant can always be
/// expressed, so it is never excused by a refused match.
///
/// Diagnostics are matched by code and by what they relate to (the workload, the match).
pub fn reported_fail_closed<'a>(
    diagnostics: &'a [Diagnostic],
) -> impl Fn(&crate::evaluate::Grantor) -> bool + 'a {
    move |g| {
        // The backend attributes this one to the first TrafficTarget of the destination only;
        // it relates the workload exactly.
        if super::reported_no_selector(diagnostics, codes::SELECTOR_NOT_EXCLUSIVE, &g.workload) {
            return true;
        }
        let errors: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.object == g.origin)
            .collect();
        !g.by_transport
            && !g.matches.is_empty()
            && g.matches.iter().all(|(group, name)| {
                errors.iter().any(|d| {
                    (d.code == codes::PATH_NOT_EXPRESSIBLE
                        || d.code == codes::HEADER_NOT_EXPRESSIBLE)
                        && super::relates_match(d, group, name)
                })
            })
    }
}

/// Builds a sorted map of emitted policies by namespace, for debugging output.
pub fn policies_by_namespace(objects: &[IstioObject]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for o in objects {
        if let IstioObject::AuthorizationPolicy(p) = o {
            out.entry(p.metadata.namespace.clone().unwrap_or_default())
                .or_default()
                .push(p.metadata.name.clone().unwrap_or_default());
        }
    }
    out
}
