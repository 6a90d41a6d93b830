//! [`MeshGraph::decide`]: what the graph says about one request, and why.

use super::{Request, Traffic, matching};
use crate::graph::{
    AppProtocol, Diagnostic, Grant, HttpMatch, Identity, MeshGraph, ObjectRef, ServicePort,
    Transport, WeightedBackend, Workload, WorkloadId,
};

/// The answer to one request: whether it passes, why, and where it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Whether the destination lets it through: the port is reached and every endpoint it may
    /// land on grants it.
    pub allowed: bool,
    /// The endpoints the request may land on and what each decided; `Err` when the request
    /// reaches no workload at all.
    pub endpoints: Result<Vec<EndpointCheck>, Unreachable>,
    /// Client-side routing: the Service itself, or the backends of a split.
    pub route: Route,
}

impl Decision {
    /// Every grant that admits the request, endpoint by endpoint.
    pub fn granted_by(&self) -> Vec<&Granted> {
        self.endpoints
            .iter()
            .flatten()
            .flat_map(|e| &e.granted)
            .collect()
    }
}

/// Why a request reaches no workload (it is denied before any policy).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreachable {
    /// The Service is not in the graph.
    UnknownService,
    /// The Service has no such port; these are its ports.
    UnknownPort {
        /// The Service's ports.
        ports: Vec<u16>,
    },
    /// The port carries another transport (UDP requests only on UDP ports; SCTP never).
    WrongTransport {
        /// The port's transport.
        transport: Transport,
    },
    /// The Service selects no workload (or not the endpoint the request names).
    NoEndpoints,
}

/// What one endpoint workload decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointCheck {
    /// The workload.
    pub workload: WorkloadId,
    /// The identity its pods run as.
    pub identity: Identity,
    /// The pod port the Service port delivers to; `None`: its `targetPort` names no container
    /// port of this workload, so nothing reaches it.
    pub pod_port: Option<u16>,
    /// Whether the destination's proxy sees HTTP: the caller speaks HTTP and the port does not
    /// declare an opaque protocol (TCP, TLS).
    pub sees_http: bool,
    /// The TrafficTargets whose grants admit the request (empty: denied here).
    pub granted: Vec<Granted>,
    /// TrafficTargets that protect this identity and list the source, yet admit nothing here.
    pub listing_source: Vec<ObjectRef>,
    /// Errors under which rules of those TrafficTargets failed closed (grant nothing).
    pub failed_closed: Vec<Diagnostic>,
}

impl EndpointCheck {
    /// Whether this endpoint lets the request through.
    pub fn allows(&self) -> bool {
        self.pod_port.is_some() && !self.granted.is_empty()
    }
}

/// One TrafficTarget admitting the request on one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Granted {
    /// The TrafficTarget.
    pub authorization: ObjectRef,
    /// The endpoint workload.
    pub workload: WorkloadId,
    /// The TCP or UDP grant admitting it whatever it carries, if one does.
    pub opaque: Option<Grant>,
    /// The HTTP matches accepting it (from the HTTP grant).
    pub matches: Vec<HttpMatch>,
}

/// Where the client sends the request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// To the addressed Service: no TrafficSplit has it as root.
    Direct,
    /// To the addressed Service: its split does not cover this port.
    PortNotSplit {
        /// The TrafficSplit.
        split: ObjectRef,
    },
    /// To the addressed Service: the split is conditional and the request matches none of its
    /// matches (S7).
    ConditionNotMet {
        /// The TrafficSplit.
        split: ObjectRef,
    },
    /// To the split's backends by relative weight; refused when every weight is 0 (S3).
    Split {
        /// The TrafficSplit.
        split: ObjectRef,
        /// The condition's matches the request meets (empty: the split has no condition).
        matched: Vec<HttpMatch>,
        /// The backends of the port, in the TrafficSplit's order.
        backends: Vec<WeightedBackend>,
    },
}

impl Route {
    /// The TrafficSplit whose root is the addressed Service, if there is one.
    pub fn split(&self) -> Option<&ObjectRef> {
        match self {
            Route::Direct => None,
            Route::PortNotSplit { split }
            | Route::ConditionNotMet { split }
            | Route::Split { split, .. } => Some(split),
        }
    }

    /// The backends the request is split over, if it is split.
    pub fn backends(&self) -> Option<&[WeightedBackend]> {
        match self {
            Route::Split { backends, .. } => Some(backends),
            _ => None,
        }
    }

    /// Whether the request is refused by the routing (a split whose weights are all 0).
    pub fn refused(&self) -> bool {
        self.backends()
            .is_some_and(|b| b.iter().all(|backend| backend.weight == 0))
    }
}

impl MeshGraph {
    /// What the graph says about `request`: allowed or denied, which TrafficTargets and matches
    /// grant it (or which errors made a rule fail closed), and the split it takes.
    pub fn decide(&self, request: &Request) -> Decision {
        let endpoints = self.endpoint_checks(request);
        let allowed = endpoints
            .as_ref()
            .is_ok_and(|checks| checks.iter().all(EndpointCheck::allows));
        Decision {
            allowed,
            endpoints,
            route: self.route(request),
        }
    }

    fn endpoint_checks(&self, request: &Request) -> Result<Vec<EndpointCheck>, Unreachable> {
        let service = self
            .services
            .get(&request.destination)
            .ok_or(Unreachable::UnknownService)?;
        let port = service
            .ports
            .get(&request.port)
            .ok_or_else(|| Unreachable::UnknownPort {
                ports: service.ports.keys().copied().collect(),
            })?;
        let fits = match port.transport {
            Transport::Tcp => request.traffic != Traffic::Udp,
            Transport::Udp => request.traffic == Traffic::Udp,
            Transport::Sctp => false,
        };
        if !fits {
            return Err(Unreachable::WrongTransport {
                transport: port.transport,
            });
        }
        let workloads: Vec<&Workload> = service
            .workloads
            .iter()
            .filter(|id| request.endpoint.as_ref().is_none_or(|e| e == *id))
            .filter_map(|id| self.workloads.get(id))
            .collect();
        if workloads.is_empty() {
            return Err(Unreachable::NoEndpoints);
        }
        Ok(workloads
            .into_iter()
            .map(|w| self.check_endpoint(w, port, request))
            .collect())
    }

    fn check_endpoint(
        &self,
        workload: &Workload,
        port: &ServicePort,
        request: &Request,
    ) -> EndpointCheck {
        let sees_http = matches!(request.traffic, Traffic::Http(_))
            && !matches!(port.protocol, AppProtocol::Tcp | AppProtocol::Tls);
        let mut check = EndpointCheck {
            workload: workload.id.clone(),
            identity: workload.identity.clone(),
            pod_port: workload.resolve(&port.target_port),
            sees_http,
            granted: Vec::new(),
            listing_source: Vec::new(),
            failed_closed: Vec::new(),
        };
        let Some(pod_port) = check.pod_port else {
            return check;
        };
        let relevant = self
            .authorizations
            .iter()
            .filter(|a| a.destination == workload.identity && a.sources.contains(&request.source));
        for auth in relevant {
            let mut granted = Granted {
                authorization: auth.origin.clone(),
                workload: workload.id.clone(),
                opaque: None,
                matches: Vec::new(),
            };
            for grant in &auth.grants {
                match (grant, &request.traffic) {
                    (Grant::Tcp { ports }, Traffic::Tcp | Traffic::Http(_))
                    | (Grant::Udp { ports }, Traffic::Udp)
                        if ports.contains(pod_port) =>
                    {
                        granted.opaque.get_or_insert_with(|| grant.clone());
                    }
                    (Grant::Http { ports, matches }, Traffic::Http(http))
                        if sees_http && ports.contains(pod_port) =>
                    {
                        granted.matches.extend(
                            matches
                                .iter()
                                .filter(|m| matching::accepts(m, http))
                                .cloned(),
                        );
                    }
                    _ => {}
                }
            }
            if granted.opaque.is_some() || !granted.matches.is_empty() {
                check.granted.push(granted);
            } else {
                check.listing_source.push(auth.origin.clone());
                check
                    .failed_closed
                    .extend(auth.diagnostics.iter().filter(|d| d.is_error()).cloned());
            }
        }
        check
    }

    fn route(&self, request: &Request) -> Route {
        let Some(split) = self.splits.iter().find(|s| s.root == request.destination) else {
            return Route::Direct;
        };
        let origin = split.origin.clone();
        let Some(port) = split.ports.iter().find(|p| p.port == request.port) else {
            return Route::PortNotSplit { split: origin };
        };
        let matched = match (&split.condition, &request.traffic) {
            (None, _) => Vec::new(),
            (Some(condition), Traffic::Http(http)) => {
                let met: Vec<HttpMatch> = condition
                    .iter()
                    .filter(|m| matching::accepts(m, http))
                    .cloned()
                    .collect();
                if met.is_empty() {
                    return Route::ConditionNotMet { split: origin };
                }
                met
            }
            (Some(_), _) => return Route::ConditionNotMet { split: origin },
        };
        Route::Split {
            split: origin,
            matched,
            backends: port.backends.clone(),
        }
    }
}
