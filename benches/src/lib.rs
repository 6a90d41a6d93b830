//! Shared pieces of the benchmarks: generated inputs and the parse floors they are measured
//! against.
//!
//! Every benchmark reads a mesh from `smi_testkit::Scenario::generate` (same seed, same mesh),
//! rendered once as a YAML stream and as per-document JSON and YAML texts.
#![forbid(unsafe_code)]

pub mod incremental;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Service, ServiceAccount};
use smi_testkit::{Scenario, ScenarioSize};
use smi_translate::backend::envoy::Envoy;
use smi_translate::backend::gamma::Gamma;
use smi_translate::backend::istio::Istio;
use smi_translate::backend::linkerd::Linkerd;
use smi_translate::{Backend, Inventory, MeshGraph, Options};
use smi_types::{access, specs, split};

/// The seed every benchmark uses.
pub const SEED: u64 = 7;

/// Sizes benchmarked, in objects (SMI plus inventory).
pub const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// One document and the typed parser it needs.
pub struct Document {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// The document as JSON text.
    pub json: String,
    /// The document as YAML text.
    pub yaml: String,
}

/// A generated mesh in every form the benchmarks read.
pub struct Corpus {
    /// The scenario.
    pub scenario: Scenario,
    /// Each document on its own.
    pub documents: Vec<Document>,
    /// The whole mesh as one multi-document YAML stream (what `smi translate` reads).
    pub yaml_stream: String,
}

impl Corpus {
    /// The corpus of about `objects` objects.
    pub fn generate(objects: usize) -> Corpus {
        let scenario = Scenario::generate(SEED, ScenarioSize::objects(objects));
        let documents: Vec<Document> = scenario
            .to_json_documents()
            .into_iter()
            .map(|doc| Document {
                api_version: doc["apiVersion"].as_str().unwrap_or_default().to_owned(),
                kind: doc["kind"].as_str().unwrap_or_default().to_owned(),
                json: doc.to_string(),
                yaml: serde_saphyr::to_string(&doc).unwrap_or_default(),
            })
            .collect();
        let mut yaml_stream = String::new();
        for d in &documents {
            yaml_stream.push_str("---\n");
            yaml_stream.push_str(&d.yaml);
        }
        Corpus {
            scenario,
            documents,
            yaml_stream,
        }
    }

    /// Bytes of the YAML stream.
    pub fn input_bytes(&self) -> usize {
        self.yaml_stream.len()
    }
}

/// Reads one document into its own Rust type, with the parser given, and returns something
/// derived from the value so the work cannot be optimised away.
macro_rules! typed {
    ($parse:ident, $doc:expr, $text:expr, $( ($av:literal, $kind:literal, $ty:ty) ),* $(,)?) => {
        match ($doc.api_version.as_str(), $doc.kind.as_str()) {
            $( ($av, $kind) => $parse::<$ty>($text).map_or(0, |v| std::mem::size_of_val(&v)), )*
            _ => 0,
        }
    };
}

macro_rules! all_kinds {
    ($parse:ident, $doc:expr, $text:expr) => {
        typed!(
            $parse,
            $doc,
            $text,
            ("v1", "Service", Service),
            ("v1", "ServiceAccount", ServiceAccount),
            ("apps/v1", "Deployment", Deployment),
            (
                "access.smi-spec.io/v1alpha1",
                "TrafficTarget",
                access::v1alpha1::TrafficTarget
            ),
            (
                "access.smi-spec.io/v1alpha2",
                "TrafficTarget",
                access::v1alpha2::TrafficTarget
            ),
            (
                "access.smi-spec.io/v1alpha3",
                "TrafficTarget",
                access::v1alpha3::TrafficTarget
            ),
            (
                "access.smi-spec.io/v1alpha4",
                "TrafficTarget",
                access::v1alpha4::TrafficTarget
            ),
            (
                "access.smi-spec.io/v1alpha4",
                "IdentityBinding",
                access::v1alpha4::IdentityBinding
            ),
            (
                "specs.smi-spec.io/v1alpha1",
                "HTTPRouteGroup",
                specs::v1alpha1::HttpRouteGroup
            ),
            (
                "specs.smi-spec.io/v1alpha2",
                "HTTPRouteGroup",
                specs::v1alpha2::HttpRouteGroup
            ),
            (
                "specs.smi-spec.io/v1alpha3",
                "HTTPRouteGroup",
                specs::v1alpha3::HttpRouteGroup
            ),
            (
                "specs.smi-spec.io/v1alpha4",
                "HTTPRouteGroup",
                specs::v1alpha4::HttpRouteGroup
            ),
            (
                "specs.smi-spec.io/v1alpha1",
                "TCPRoute",
                specs::v1alpha1::TcpRoute
            ),
            (
                "specs.smi-spec.io/v1alpha2",
                "TCPRoute",
                specs::v1alpha2::TcpRoute
            ),
            (
                "specs.smi-spec.io/v1alpha3",
                "TCPRoute",
                specs::v1alpha3::TcpRoute
            ),
            (
                "specs.smi-spec.io/v1alpha4",
                "TCPRoute",
                specs::v1alpha4::TcpRoute
            ),
            (
                "specs.smi-spec.io/v1alpha4",
                "UDPRoute",
                specs::v1alpha4::UdpRoute
            ),
            (
                "split.smi-spec.io/v1alpha1",
                "TrafficSplit",
                split::v1alpha1::TrafficSplit
            ),
            (
                "split.smi-spec.io/v1alpha2",
                "TrafficSplit",
                split::v1alpha2::TrafficSplit
            ),
            (
                "split.smi-spec.io/v1alpha3",
                "TrafficSplit",
                split::v1alpha3::TrafficSplit
            ),
            (
                "split.smi-spec.io/v1alpha4",
                "TrafficSplit",
                split::v1alpha4::TrafficSplit
            ),
        )
    };
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

fn yaml<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_saphyr::from_str(text).ok()
}

fn yaml_ng<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_yaml_ng::from_str(text).ok()
}

fn serde_yaml<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_yaml::from_str(text).ok()
}

fn norway<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    serde_norway::from_str(text).ok()
}

/// The serde_json floor: every document straight into its typed struct.
pub fn parse_json_typed(corpus: &Corpus) -> usize {
    corpus
        .documents
        .iter()
        .map(|d| all_kinds!(json, d, &d.json))
        .sum()
}

/// A typed YAML parser measured as a peer of the CLI: every document of the corpus straight
/// into its typed struct.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlParser {
    /// serde-saphyr, the YAML crate the project uses (it quotes YAML 1.1 keywords as
    /// Kubernetes needs, see `docs/versions.md`).
    SerdeSaphyr,
    /// serde_yaml_ng, on libyaml (bench-only).
    SerdeYamlNg,
    /// serde_yaml 0.9, on libyaml (bench-only).
    SerdeYaml,
    /// serde_norway, on libyaml (bench-only).
    SerdeNorway,
}

impl YamlParser {
    /// Every parser measured.
    pub const ALL: [YamlParser; 4] = [
        YamlParser::SerdeYamlNg,
        YamlParser::SerdeYaml,
        YamlParser::SerdeNorway,
        YamlParser::SerdeSaphyr,
    ];

    /// The crate's name.
    pub fn name(self) -> &'static str {
        match self {
            YamlParser::SerdeSaphyr => "serde-saphyr",
            YamlParser::SerdeYamlNg => "serde_yaml_ng",
            YamlParser::SerdeYaml => "serde_yaml",
            YamlParser::SerdeNorway => "serde_norway",
        }
    }

    /// Every document of `corpus` straight into its typed struct with this parser.
    pub fn parse_typed(self, corpus: &Corpus) -> usize {
        let documents = corpus.documents.iter();
        match self {
            YamlParser::SerdeSaphyr => documents.map(|d| all_kinds!(yaml, d, &d.yaml)).sum(),
            YamlParser::SerdeYamlNg => documents.map(|d| all_kinds!(yaml_ng, d, &d.yaml)).sum(),
            YamlParser::SerdeYaml => documents.map(|d| all_kinds!(serde_yaml, d, &d.yaml)).sum(),
            YamlParser::SerdeNorway => documents.map(|d| all_kinds!(norway, d, &d.yaml)).sum(),
        }
    }
}

/// The YAML floor of the divan benchmarks: every document straight into its typed struct with
/// serde-saphyr, the YAML crate in use.
pub fn parse_yaml_typed(corpus: &Corpus) -> usize {
    YamlParser::SerdeSaphyr.parse_typed(corpus)
}

/// Options every benchmark lowers with.
pub fn options() -> Options {
    Options::default().emit_default_deny(true)
}

/// Lowering to the graph.
pub fn lower(corpus: &Corpus) -> MeshGraph {
    smi_translate::lower(&corpus.scenario.smi, &corpus.scenario.inventory, &options())
}

/// Every backend to typed values; returns the number of objects.
pub fn all_backends(graph: &MeshGraph) -> usize {
    Istio::default().emit(graph).objects.len()
        + Linkerd::default().emit(graph).objects.len()
        + Envoy::default().emit(graph).objects.len()
        + Gamma.emit(graph).objects.len()
}

/// The `smi translate --backend istio` path: YAML stream in, YAML stream out.
pub fn cli_yaml_to_yaml(input: &str) -> String {
    let loaded = smi_types::load::load(input, &smi_types::load::LoadOptions::default());
    let (smi, inventory, _) = Inventory::from_objects(loaded.objects.iter().map(|o| &o.object));
    let graph = smi_translate::lower(&smi, &inventory, &options());
    let emitted = Istio::default().emit(&graph);
    let mut out = String::new();
    for object in &emitted.objects {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(object).unwrap_or_default());
    }
    out
}
