//! What the commands that judge backends (`conformance`, `compare`) share: which backends, and
//! how their report is printed.

use super::translate::{AuthzName, BackendName};
use crate::{Format, Outcome};
use smi_testkit::Mesh;

/// Which backends to judge.
#[derive(Debug, clap::Args)]
pub struct MeshArgs {
    /// A backend to judge; repeat for several (default: istio, linkerd, envoy, gamma).
    #[arg(long = "backend", value_enum, value_name = "BACKEND")]
    backends: Vec<BackendName>,
    /// Judge `gamma` paired with this mesh's authorization objects (as `smi translate --backend
    /// gamma --authz MESH` emits them); without it GAMMA is judged on routing only.
    #[arg(long, value_enum, value_name = "MESH")]
    authz: Option<AuthzName>,
}

impl MeshArgs {
    /// The meshes to judge, in the order given (each once).
    pub fn meshes(&self) -> Vec<Mesh> {
        let names: &[BackendName] = if self.backends.is_empty() {
            &[
                BackendName::Istio,
                BackendName::Linkerd,
                BackendName::Envoy,
                BackendName::Gamma,
            ]
        } else {
            &self.backends
        };
        let mut meshes: Vec<Mesh> = Vec::new();
        for name in names {
            let mesh = match (name, self.authz) {
                (BackendName::Istio, _) => Mesh::Istio,
                (BackendName::Linkerd, _) => Mesh::Linkerd,
                (BackendName::Envoy, _) => Mesh::Envoy,
                (BackendName::Gamma, None | Some(AuthzName::None)) => Mesh::Gamma,
                (BackendName::Gamma, Some(AuthzName::Istio)) => Mesh::GammaIstio,
                (BackendName::Gamma, Some(AuthzName::Linkerd)) => Mesh::GammaLinkerd,
            };
            if !meshes.contains(&mesh) {
                meshes.push(mesh);
            }
        }
        meshes
    }
}

/// How a report is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned text tables.
    Table,
    /// One JSON document.
    Json,
}

/// The report format: `--format`, or JSON when the global `-o json` is given.
pub fn format(local: ReportFormat, global: Format) -> ReportFormat {
    match global {
        Format::Json => ReportFormat::Json,
        Format::Yaml => local,
    }
}

/// Prints `report` as JSON, or the `table` text.
pub fn print<T: serde::Serialize>(
    report: &T,
    format: ReportFormat,
    table: impl FnOnce() -> String,
) -> Result<(), Outcome> {
    let text = match format {
        ReportFormat::Table => table(),
        ReportFormat::Json => match serde_json::to_string_pretty(report) {
            Ok(json) => json + "\n",
            Err(e) => {
                eprintln!("error: cannot write JSON: {e}");
                return Err(Outcome::OutputFailed);
            }
        },
    };
    crate::output::print(&text)
}

/// Rows as a text table: every column as wide as its widest cell, two spaces apart.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<String> = cells
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut header.iter().copied());
    for row in rows {
        line(&mut row.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_columns() {
        let text = table(
            &["a", "bb"],
            &[vec!["xxx".into(), "y".into()], vec!["z".into(), "".into()]],
        );
        assert_eq!(text, "a    bb\nxxx  y\nz\n");
    }
}
