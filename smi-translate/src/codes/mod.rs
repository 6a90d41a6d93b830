//! Every diagnostic code of the workspace, in one registry.
//!
//! Each producer declares its codes once, with [`smi_types::diagnostic_codes!`], in its own
//! `codes` module; this registry chains those tables so tools (`smi explain`) and the test that
//! keeps codes unique can see them all. The tables of this crate's producers live here, one file
//! each, so that its whole vocabulary reads in one place; each producer re-exports its own
//! (`smi_translate::lower::codes`, `smi_translate::backend::istio::codes`, …).
//!
//! A code has one meaning workspace-wide. When two producers meet the same problem (validation
//! and lowering both find duplicate objects), the second reuses the first one's declaration and
//! lists it under `reused`, so the code appears in both tables with the very same summary; two
//! declarations of one code string are a mistake the registry's test rejects.

pub mod envoy;
pub mod gamma;
pub mod istio;
pub mod linkerd;
pub mod lower;

use smi_types::CodeInfo;
use std::fmt;

/// What reports a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Producer {
    /// Reading YAML/JSON into objects: [`smi_types::load::codes`].
    Load,
    /// Validation: [`smi_types::validate::codes`].
    Validate,
    /// Reporting conversions: [`smi_types::convert::codes`].
    Convert,
    /// Reading the inventory: [`crate::inventory::codes`].
    Inventory,
    /// Lowering to the graph: [`crate::lower::codes`].
    Lower,
    /// The Istio backend: [`crate::backend::istio::codes`].
    Istio,
    /// The Linkerd backend: [`crate::backend::linkerd::codes`].
    Linkerd,
    /// The Envoy backend: [`crate::backend::envoy::codes`].
    Envoy,
    /// The Gateway API (GAMMA) backend: [`crate::backend::gamma::codes`].
    Gamma,
}

impl Producer {
    /// Every producer, in pipeline order.
    pub const ALL: [Producer; 9] = [
        Producer::Load,
        Producer::Validate,
        Producer::Convert,
        Producer::Inventory,
        Producer::Lower,
        Producer::Istio,
        Producer::Linkerd,
        Producer::Envoy,
        Producer::Gamma,
    ];

    /// The producer's table.
    pub fn codes(self) -> &'static [CodeInfo] {
        match self {
            Producer::Load => smi_types::load::codes::CODES,
            Producer::Validate => smi_types::validate::codes::CODES,
            Producer::Convert => smi_types::convert::codes::CODES,
            Producer::Inventory => crate::inventory::codes::CODES,
            Producer::Lower => crate::lower::codes::CODES,
            Producer::Istio => crate::backend::istio::codes::CODES,
            Producer::Linkerd => crate::backend::linkerd::codes::CODES,
            Producer::Envoy => crate::backend::envoy::codes::CODES,
            Producer::Gamma => crate::backend::gamma::codes::CODES,
        }
    }
}

impl fmt::Display for Producer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Producer::Load => "loading",
            Producer::Validate => "validation",
            Producer::Convert => "conversion",
            Producer::Inventory => "inventory",
            Producer::Lower => "lowering",
            Producer::Istio => "istio backend",
            Producer::Linkerd => "linkerd backend",
            Producer::Envoy => "envoy backend",
            Producer::Gamma => "gamma backend",
        })
    }
}

/// Every `(producer, code)` pair, producers in pipeline order, each table in its own order.
pub fn all() -> impl Iterator<Item = (Producer, &'static CodeInfo)> {
    Producer::ALL
        .into_iter()
        .flat_map(|p| p.codes().iter().map(move |c| (p, c)))
}

/// What `code` means, with every producer that reports it; `None` when no table has it.
pub fn explain(code: &str) -> Option<(CodeInfo, Vec<Producer>)> {
    let mut found = all().filter(|(_, c)| c.code == code).peekable();
    let info = *found.peek()?.1;
    Some((info, found.map(|(p, _)| p).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_names_every_producer_of_a_shared_code() {
        let (info, producers) = explain("duplicate-object").expect("a known code");
        assert_eq!(info, smi_types::validate::codes::DUPLICATE_OBJECT);
        assert_eq!(producers, vec![Producer::Validate, Producer::Lower]);
        assert_eq!(explain("no-such-code"), None);
    }
}
