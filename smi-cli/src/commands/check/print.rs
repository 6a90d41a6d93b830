//! The answer of `smi check`, as text for people and JSON for tools.

use super::backend::{BackendAnswer, Seen, Verdict};
use crate::commands::describe;
use serde_json::{Value, json};
use smi_testkit::Routing;
use smi_translate::graph::query::{
    Decision, EndpointCheck, Granted, Request, Route, Traffic, Unreachable,
};
use smi_translate::graph::{Diagnostic, Grant, MeshGraph, PortSet, Transport};
use std::fmt::Write as _;

/// One line naming the request: `shop/web → shop/api:80 (GET /items)`.
fn headline(r: &Request) -> String {
    let what = match &r.traffic {
        Traffic::Http(h) => {
            let mut s = format!("{} {}", h.method, h.path);
            for (name, value) in &h.headers {
                let _ = write!(s, ", {name}: {value}");
            }
            s
        }
        Traffic::Tcp => "TCP".into(),
        Traffic::Udp => "UDP".into(),
    };
    format!("{} → {}:{} ({what})", r.source, r.destination, r.port)
}

fn unreachable(why: &Unreachable) -> String {
    match why {
        Unreachable::UnknownService => "the Service is not in the input".into(),
        Unreachable::UnknownPort { ports } => {
            format!("the Service has no such port (ports: {ports:?})")
        }
        Unreachable::WrongTransport { transport } => {
            let name = match transport {
                Transport::Tcp => "TCP",
                Transport::Udp => "UDP",
                Transport::Sctp => "SCTP",
            };
            format!("the port carries {name}, which the caller does not send")
        }
        Unreachable::NoEndpoints => "the Service selects no workload".into(),
    }
}

fn grant_kind(g: &Granted) -> &'static str {
    match g.opaque {
        Some(Grant::Udp { .. }) => "udp",
        Some(_) => "tcp",
        None => "http",
    }
}

fn diagnostic_line(d: &Diagnostic) -> String {
    let at = if d.path.is_empty() {
        String::new()
    } else {
        format!(", {}", d.path)
    };
    format!("{} ({}{at})", d.headline(), describe::object(&d.object))
}

/// The text answer.
pub fn text(
    graph: &MeshGraph,
    request: &Request,
    decision: &Decision,
    backend: Option<&BackendAnswer>,
) -> String {
    let mut out = format!(
        "{}: {}\n",
        if decision.allowed {
            "allowed"
        } else {
            "denied"
        },
        headline(request)
    );
    match &decision.endpoints {
        Err(why) => {
            let _ = writeln!(out, "  {}", unreachable(why));
        }
        Ok(checks) => {
            let http = matches!(request.traffic, Traffic::Http(_));
            for check in checks {
                endpoint_text(&mut out, graph, check, http);
            }
        }
    }
    route_text(&mut out, &decision.route);
    if let Some(answer) = backend {
        backend_text(&mut out, answer);
    }
    out
}

fn endpoint_text(out: &mut String, graph: &MeshGraph, check: &EndpointCheck, http: bool) {
    let at = format!(
        "at {} (runs as {}{})",
        describe::object(&check.workload.object_ref()),
        check.identity,
        check
            .pod_port
            .map(|p| format!(", pod port {p}"))
            .unwrap_or_default()
    );
    if check.pod_port.is_none() {
        let _ = writeln!(
            out,
            "  {at}: the Service's targetPort names no port of this workload"
        );
        return;
    }
    if check.granted.is_empty() {
        let _ = writeln!(out, "  {at}: no TrafficTarget grants it");
        for target in &check.listing_source {
            let _ = writeln!(
                out,
                "    {} lists the source, but none of its rules fits:",
                describe::object(target)
            );
            let grants = graph
                .authorizations
                .iter()
                .filter(|a| &a.origin == target)
                .flat_map(|a| &a.grants);
            for grant in grants {
                let _ = match grant {
                    Grant::Tcp { ports } => {
                        writeln!(out, "      TCP on pod ports {}", describe::ports(ports))
                    }
                    Grant::Udp { ports } => {
                        writeln!(out, "      UDP on pod ports {}", describe::ports(ports))
                    }
                    Grant::Http { ports, matches } => {
                        for m in matches {
                            let _ = writeln!(
                                out,
                                "      match {} of {}{}: {}",
                                m.name,
                                describe::object(&m.group),
                                on_ports(ports),
                                describe::conditions(m)
                            );
                        }
                        Ok(())
                    }
                };
            }
        }
        for d in &check.failed_closed {
            let _ = writeln!(out, "    failed closed: {}", diagnostic_line(d));
        }
        if http && !check.sees_http {
            let _ = writeln!(
                out,
                "    the port is opaque (TCP or TLS): HTTP rules do not apply to it"
            );
        }
        return;
    }
    let _ = writeln!(out, "  {at}:");
    for g in &check.granted {
        let _ = writeln!(out, "    granted by {}", describe::object(&g.authorization));
        match &g.opaque {
            Some(Grant::Tcp { .. }) => {
                let _ = writeln!(out, "      a TCPRoute rule: any traffic on this port");
            }
            Some(Grant::Udp { .. }) => {
                let _ = writeln!(out, "      a UDPRoute rule: any datagram on this port");
            }
            _ => {}
        }
        for m in &g.matches {
            let _ = writeln!(
                out,
                "      match {} of {}: {}",
                m.name,
                describe::object(&m.group),
                describe::conditions(m)
            );
        }
    }
}

/// ` on pod ports 80, 8080`, or nothing when every port is meant.
fn on_ports(ports: &PortSet) -> String {
    match ports {
        PortSet::All => String::new(),
        PortSet::Only(_) => format!(" on pod ports {}", describe::ports(ports)),
    }
}

fn route_text(out: &mut String, route: &Route) {
    match route {
        Route::Direct => out.push_str("route: to the Service itself (no TrafficSplit)\n"),
        Route::PortNotSplit { split } => {
            let _ = writeln!(
                out,
                "route: to the Service itself ({} does not split this port)",
                describe::object(split)
            );
        }
        Route::ConditionNotMet { split } => {
            let _ = writeln!(
                out,
                "route: to the Service itself (it matches no condition of {})",
                describe::object(split)
            );
        }
        Route::Split {
            split,
            matched,
            backends,
        } => {
            let refused = if route.refused() {
                "; every weight is 0, so it is refused"
            } else {
                ""
            };
            let _ = writeln!(out, "route: split by {}{refused}", describe::object(split));
            for m in matched {
                let _ = writeln!(
                    out,
                    "  condition met: match {} of {}",
                    m.name,
                    describe::object(&m.group)
                );
            }
            for (service, weight, percent) in describe::shares(backends) {
                let _ = writeln!(out, "  {service}  weight {weight} ({percent}%)");
            }
        }
    }
}

fn routing_text(routing: &Routing) -> String {
    match routing {
        Routing::Refused => "refused".into(),
        Routing::Weighted(shares) => shares
            .iter()
            .map(|(s, w)| format!("{s}={w}"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn backend_text(out: &mut String, answer: &BackendAnswer) {
    let name = answer.mesh.name();
    let Seen {
        allowed,
        routing,
        verdict,
    } = match &answer.seen {
        Ok(seen) => seen,
        Err(why) => {
            let _ = writeln!(out, "{name}: not available ({why})");
            return;
        }
    };
    let _ = writeln!(
        out,
        "{name}: {}, sent to {}",
        if *allowed { "allowed" } else { "denied" },
        routing_text(routing)
    );
    match verdict {
        Verdict::Agrees => {
            let _ = writeln!(out, "  agrees with the graph");
        }
        Verdict::FailsClosed(reported) | Verdict::RoutesAsWarned(reported) => {
            let what = if matches!(verdict, Verdict::FailsClosed(_)) {
                "fails closed where the graph allows, as it reported"
            } else {
                "routes otherwise than the graph, as it warned"
            };
            let _ = writeln!(out, "  {what}:");
            for d in reported {
                let _ = writeln!(out, "    {}", diagnostic_line(d));
            }
        }
        Verdict::Disagrees(why) => {
            let _ = writeln!(out, "  DISAGREES with the graph: {why}");
        }
    }
}

/// The JSON answer.
pub fn json(request: &Request, decision: &Decision, backend: Option<&BackendAnswer>) -> String {
    let (protocol, http) = match &request.traffic {
        Traffic::Http(h) => (
            "http",
            json!({"method": h.method.as_str(), "path": h.path, "headers": h.headers}),
        ),
        Traffic::Tcp => ("tcp", Value::Null),
        Traffic::Udp => ("udp", Value::Null),
    };
    let granted_by: Vec<Value> = decision
        .granted_by()
        .into_iter()
        .map(|g| {
            json!({
                "traffic_target": format!("{}/{}", g.authorization.namespace, g.authorization.name),
                "workload": describe::object(&g.workload.object_ref()),
                "by": grant_kind(g),
                "matches": g.matches.iter().map(|m| json!({
                    "route_group": format!("{}/{}", m.group.namespace, m.group.name),
                    "match": m.name,
                    "conditions": describe::conditions(m),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let (reason, endpoints) = match &decision.endpoints {
        Err(why) => (
            match why {
                Unreachable::UnknownService => "unknown-service",
                Unreachable::UnknownPort { .. } => "unknown-port",
                Unreachable::WrongTransport { .. } => "wrong-transport",
                Unreachable::NoEndpoints => "no-endpoints",
            },
            Vec::new(),
        ),
        Ok(checks) => (
            if decision.allowed { "granted" } else { "not-granted" },
            checks
                .iter()
                .map(|c| {
                    json!({
                        "workload": describe::object(&c.workload.object_ref()),
                        "identity": c.identity.to_string(),
                        "pod_port": c.pod_port,
                        "allowed": c.allows(),
                        "listing_source": c.listing_source.iter().map(|t| format!("{}/{}", t.namespace, t.name)).collect::<Vec<_>>(),
                        "failed_closed": c.failed_closed,
                    })
                })
                .collect(),
        ),
    };
    let route = match &decision.route {
        Route::Direct => "direct",
        Route::PortNotSplit { .. } => "port-not-split",
        Route::ConditionNotMet { .. } => "condition-not-met",
        Route::Split { .. } => "split",
    };
    let split: Vec<Value> = decision
        .route
        .backends()
        .unwrap_or_default()
        .iter()
        .map(|b| json!({"service": b.service.to_string(), "weight": b.weight}))
        .collect();
    let mut answer = json!({
        "allowed": decision.allowed,
        "reason": reason,
        "request": {
            "from": request.source.to_string(),
            "to": request.destination.to_string(),
            "port": request.port,
            "protocol": protocol,
            "http": http,
        },
        "granted_by": granted_by,
        "endpoints": endpoints,
        "route": route,
        "traffic_split": decision.route.split().map(|s| format!("{}/{}", s.namespace, s.name)),
        "refused": decision.route.refused(),
        "split": split,
    });
    if let Some(b) = backend {
        answer["backend"] = backend_json(b);
    }
    serde_json::to_string_pretty(&answer)
        .map_or_else(|e| format!("{{\"error\": \"{e}\"}}\n"), |s| s + "\n")
}

fn backend_json(answer: &BackendAnswer) -> Value {
    let seen = match &answer.seen {
        Ok(seen) => seen,
        Err(why) => {
            return json!({"name": answer.mesh.name(), "available": false, "detail": why});
        }
    };
    let split = match &seen.routing {
        Routing::Refused => Vec::new(),
        Routing::Weighted(shares) => shares
            .iter()
            .map(|(s, w)| json!({"service": s.to_string(), "weight": w}))
            .collect(),
    };
    let (verdict, detail, diagnostics): (&str, Option<&String>, &[Diagnostic]) = match &seen.verdict
    {
        Verdict::Agrees => ("agrees", None, &[]),
        Verdict::FailsClosed(d) => ("fails-closed", None, d),
        Verdict::RoutesAsWarned(d) => ("routes-as-warned", None, d),
        Verdict::Disagrees(why) => ("disagrees", Some(why), &[]),
    };
    json!({
        "name": answer.mesh.name(),
        "available": true,
        "allowed": seen.allowed,
        "refused": seen.routing == Routing::Refused,
        "split": split,
        "agrees": !matches!(seen.verdict, Verdict::Disagrees(_)),
        "verdict": verdict,
        "detail": detail,
        "diagnostics": diagnostics,
    })
}
