//! Dialects: how one mesh read SMI where the spec is silent, or where that mesh read it its own
//! way. A dialect is data — a [`Readings`] table — decided here once; backends never learn which
//! dialect was used. `docs/dialects.md` holds the table with the upstream evidence of each row.

use crate::graph::{AppProtocol, PathAnchoring, Transport};
use smi_types::SmiObject;
use smi_types::split::RootService;
use std::fmt;

/// Whose reading of SMI to follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Dialect {
    /// The SMI spec's text, and this translator's documented choices where it is silent.
    #[default]
    Spec,
    /// Open Service Mesh.
    Osm,
    /// NGINX Service Mesh.
    Nginx,
    /// Traefik Mesh.
    Traefik,
    /// Consul with an SMI controller.
    Consul,
    /// Linkerd with the linkerd-smi extension.
    LinkerdSmi,
}

/// How a header value regex is matched against the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HeaderAnchoring {
    /// The regex must match the whole value (Envoy's `safe_regex`).
    Full,
    /// The regex may match anywhere in the value (a regex search): `demo` matches `demo-2`.
    Anywhere,
}

/// The form `convert` writes HTTPRouteGroup `headers` in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HeaderForm {
    /// A plain map (`{user-agent: ".*Android.*"}`): the spec's prose and this workspace's CRDs.
    Map,
    /// A list of one-entry maps (`[{user-agent: ".*Android.*"}]`): the smi-sdk-go CRDs that
    /// OSM, Traefik Mesh and the other meshes installed.
    List,
}

/// One dialect's readings, row by row (see `docs/dialects.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Readings {
    /// How `pathRegex` is anchored (the default of `--path-match`).
    pub path_anchoring: PathAnchoring,
    /// How header value regexes are anchored.
    pub header_anchoring: HeaderAnchoring,
    /// The protocol of a TCP Service port that declares none (no `appProtocol`, no known name
    /// prefix).
    pub undeclared_port_protocol: AppProtocol,
    /// Whether `pathRegex: "*"` (not a regex) means every path.
    pub star_path_is_any: bool,
    /// The form `convert` writes `headers` in.
    pub header_form: HeaderForm,
}

impl Readings {
    /// The protocol of a port: declared by `appProtocol` or its name's prefix, else this
    /// dialect's reading of an undeclared TCP port.
    pub fn port_protocol(
        &self,
        app_protocol: Option<&str>,
        name: Option<&str>,
        transport: Transport,
    ) -> AppProtocol {
        match AppProtocol::detect(app_protocol, name, transport) {
            AppProtocol::Unknown if transport == Transport::Tcp => self.undeclared_port_protocol,
            declared => declared,
        }
    }
}

impl Dialect {
    /// Every dialect.
    pub const ALL: [Dialect; 6] = [
        Dialect::Spec,
        Dialect::Osm,
        Dialect::Nginx,
        Dialect::Traefik,
        Dialect::Consul,
        Dialect::LinkerdSmi,
    ];

    /// The name `--dialect` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Spec => "spec",
            Dialect::Osm => "osm",
            Dialect::Nginx => "nginx",
            Dialect::Traefik => "traefik",
            Dialect::Consul => "consul",
            Dialect::LinkerdSmi => "linkerd-smi",
        }
    }

    /// The mesh (or text) whose reading this is.
    pub fn mesh(self) -> &'static str {
        match self {
            Dialect::Spec => "the SMI spec",
            Dialect::Osm => "Open Service Mesh",
            Dialect::Nginx => "NGINX Service Mesh",
            Dialect::Traefik => "Traefik Mesh",
            Dialect::Consul => "Consul",
            Dialect::LinkerdSmi => "Linkerd with linkerd-smi",
        }
    }

    /// This dialect's readings.
    pub fn readings(self) -> Readings {
        let spec = Readings {
            path_anchoring: PathAnchoring::Start,
            header_anchoring: HeaderAnchoring::Full,
            undeclared_port_protocol: AppProtocol::Unknown,
            star_path_is_any: false,
            header_form: HeaderForm::Map,
        };
        match self {
            Dialect::Spec => spec,
            Dialect::Osm => Readings {
                path_anchoring: PathAnchoring::Full,
                undeclared_port_protocol: AppProtocol::Http,
                header_form: HeaderForm::List,
                ..spec
            },
            Dialect::Nginx => Readings {
                header_anchoring: HeaderAnchoring::Anywhere,
                star_path_is_any: true,
                header_form: HeaderForm::List,
                ..spec
            },
            Dialect::Traefik => Readings {
                header_anchoring: HeaderAnchoring::Anywhere,
                undeclared_port_protocol: AppProtocol::Http,
                header_form: HeaderForm::List,
                ..spec
            },
            Dialect::Consul => Readings {
                path_anchoring: PathAnchoring::Full,
                header_form: HeaderForm::List,
                ..spec
            },
            Dialect::LinkerdSmi => Readings {
                header_form: HeaderForm::List,
                ..spec
            },
        }
    }
}

impl std::str::FromStr for Dialect {
    type Err = String;

    /// The dialect `--dialect` names.
    fn from_str(name: &str) -> Result<Dialect, String> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str() == name)
            .ok_or_else(|| format!("`{name}` is not a dialect"))
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A dialect the input was probably written for, and the mark that shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialectHint {
    /// The dialect.
    pub dialect: Dialect,
    /// What in the input shows it.
    pub mark: String,
}

/// The first dialect whose marks the input shows, if any: a TrafficSplit root written
/// `<service>.<namespace>` (OSM's demos), or `pathRegex: "*"` (NGINX Service Mesh's).
pub fn suggest_dialect<'a>(
    objects: impl IntoIterator<Item = &'a SmiObject>,
) -> Option<DialectHint> {
    let hint = |dialect, mark: String| Some(DialectHint { dialect, mark });
    let mut star_path = None;
    for object in objects {
        let origin = object.object_ref();
        if let Some(root) = split_root(object)
            && RootService::parse(root).is_some_and(|r| r.namespace.is_some())
        {
            return hint(
                Dialect::Osm,
                format!("TrafficSplit {origin} names its root as `{root}`"),
            );
        }
        if star_path.is_none() && has_star_path(object) {
            star_path = Some(format!("HTTPRouteGroup {origin} has `pathRegex: \"*\"`"));
        }
    }
    star_path.and_then(|mark| hint(Dialect::Nginx, mark))
}

fn split_root(object: &SmiObject) -> Option<&str> {
    Some(match object {
        SmiObject::TrafficSplitV1alpha1(s) => &s.spec.service,
        SmiObject::TrafficSplitV1alpha2(s) => &s.spec.service,
        SmiObject::TrafficSplitV1alpha3(s) => &s.spec.service,
        SmiObject::TrafficSplitV1alpha4(s) => &s.spec.service,
        _ => return None,
    })
}

/// The objects as a dialect reads them before anything else looks at them ([`lower`](crate::lower()) does
/// this first; a validator that honours a dialect does the same): with
/// [`Readings::star_path_is_any`], `pathRegex: "*"` is no path condition (every path), so
/// validation (which rejects `*`, not a regex) and lowering see the same, valid object.
pub fn read_as<'a>(
    objects: &'a [SmiObject],
    readings: &Readings,
) -> std::borrow::Cow<'a, [SmiObject]> {
    if !readings.star_path_is_any || !objects.iter().any(has_star_path) {
        return std::borrow::Cow::Borrowed(objects);
    }
    let mut objects = objects.to_vec();
    for object in &mut objects {
        let matches = match object {
            SmiObject::HttpRouteGroupV1alpha1(g) => g
                .spec
                .matches
                .iter_mut()
                .map(|m| &mut m.path_regex)
                .collect::<Vec<_>>(),
            SmiObject::HttpRouteGroupV1alpha2(g) => g
                .spec
                .matches
                .iter_mut()
                .map(|m| &mut m.path_regex)
                .collect(),
            SmiObject::HttpRouteGroupV1alpha3(g) => g
                .spec
                .matches
                .iter_mut()
                .map(|m| &mut m.path_regex)
                .collect(),
            SmiObject::HttpRouteGroupV1alpha4(g) => g
                .spec
                .matches
                .iter_mut()
                .map(|m| &mut m.path_regex)
                .collect(),
            _ => continue,
        };
        for path_regex in matches {
            if path_regex.as_deref() == Some("*") {
                *path_regex = None;
            }
        }
    }
    std::borrow::Cow::Owned(objects)
}

fn has_star_path(object: &SmiObject) -> bool {
    smi_types::convert::to_hub(object).is_ok_and(|hub| match hub.object {
        smi_types::Hub::HttpRouteGroup(g) => g
            .spec
            .matches
            .iter()
            .any(|m| m.path_regex.as_deref() == Some("*")),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_flag_values() {
        let names: Vec<&str> = Dialect::ALL.iter().map(|d| d.as_str()).collect();
        assert_eq!(
            names,
            ["spec", "osm", "nginx", "traefik", "consul", "linkerd-smi"]
        );
        for dialect in Dialect::ALL {
            assert_eq!(dialect.as_str().parse(), Ok(dialect));
        }
        assert!("istio".parse::<Dialect>().is_err());
    }

    #[test]
    fn only_the_spec_writes_the_map_form() {
        for dialect in Dialect::ALL {
            assert_eq!(
                dialect.readings().header_form == HeaderForm::Map,
                dialect == Dialect::Spec,
                "{dialect}"
            );
        }
    }
}
