//! Bytes → typed objects: multi-document YAML, JSON streams and `List`s.
//!
//! Every document is read on its own, so one bad document does not hide the others. SMI kinds
//! become [`SmiObject`]s; any other Kubernetes object is passed through untouched as
//! [`Object::Other`] for later consumers (the translator reads Services and workloads from it).
//! Problems carry the document index and line, the object when known, and a field path.

pub mod codes;
mod located;

use crate::{ApiVersion, Diagnostic, Group, KindName, Object, ObjectRef, Severity, SmiObject};
use serde_json::Value;

pub use located::line_of_path;

/// How to read documents.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// `apiVersion`s to assume for SMI kinds that have none (the spec's own examples omit it):
    /// the one whose group is the kind's group applies. Without one such documents are an error.
    pub assumed_api_versions: Vec<ApiVersion>,
    /// Report what an API server running the generated CRDs would do differently: fields it
    /// would prune (unknown to the schema), and values it would reject that this crate reads
    /// anyway (such as `headers` in the list form).
    pub report_pruned_fields: bool,
}

/// Where a document starts in its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocumentPosition {
    /// 0-based index of the document in the stream.
    pub index: usize,
    /// 0-based index in the `items` of a `List` document, if it came from one.
    pub item: Option<usize>,
    /// 1-based line where the document (or list item) starts.
    pub line: usize,
}

/// One object read from the stream.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedObject {
    /// Where it is.
    pub position: DocumentPosition,
    /// Byte range of its YAML document in the input (`None` for JSON input).
    pub yaml_range: Option<std::ops::Range<usize>>,
    /// What it is.
    pub object: Object,
}

/// A problem found while loading, with its place in the input.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The document.
    pub position: DocumentPosition,
    /// 1-based line of the offending field, when known (else the document's line).
    pub line: usize,
    /// What is wrong.
    pub diagnostic: Diagnostic,
}

impl Problem {
    /// Whether this stops the document from being used.
    pub fn is_error(&self) -> bool {
        self.diagnostic.severity == Severity::Error
    }
}

/// Everything read from one input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    /// Objects that were read, in input order.
    pub objects: Vec<LoadedObject>,
    /// Errors (documents that could not be read) and warnings, in input order.
    pub problems: Vec<Problem>,
}

impl Loaded {
    /// The SMI objects, in input order.
    pub fn smi_objects(&self) -> impl Iterator<Item = &SmiObject> {
        self.objects.iter().filter_map(|o| match &o.object {
            Object::Smi(s) => Some(s),
            Object::Other(_) => None,
        })
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(Problem::is_error)
    }
}

/// Reads every document of `input` (YAML, or JSON when it starts with `{` or `[`).
pub fn load(input: &str, options: &LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let trimmed = input.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        load_json(input, options, &mut loaded);
    } else {
        load_yaml(input, options, &mut loaded);
    }
    loaded
}

fn load_yaml(input: &str, options: &LoadOptions, out: &mut Loaded) {
    for (index, doc) in split_yaml_documents(input).into_iter().enumerate() {
        let position = DocumentPosition {
            index,
            item: None,
            line: doc.first_line,
        };
        let value: Value = match serde_saphyr::from_str(doc.text) {
            Ok(v) => v,
            Err(e) => {
                let line = e
                    .location()
                    .map(|l| doc.first_line + l.line() as usize - 1)
                    .unwrap_or(doc.first_line);
                out.problems.push(Problem {
                    position,
                    line,
                    diagnostic: Diagnostic::error(
                        codes::YAML_SYNTAX,
                        ObjectRef::default(),
                        "",
                        first_line_of(&e.to_string()),
                    )
                    .with_help("fix the YAML syntax of this document"),
                });
                continue;
            }
        };
        let source = DocumentSource::Yaml {
            text: doc.text,
            first_line: doc.first_line,
            range: doc.range.clone(),
        };
        read_document(value, position, &source, options, out);
    }
}

fn load_json(input: &str, options: &LoadOptions, out: &mut Loaded) {
    let mut stream = serde_json::Deserializer::from_str(input).into_iter::<Value>();
    let mut index = 0;
    loop {
        let offset = stream.byte_offset();
        let line = 1 + input[..offset].matches('\n').count();
        match stream.next() {
            None => break,
            Some(Ok(value)) => {
                let position = DocumentPosition {
                    index,
                    item: None,
                    line,
                };
                if let Value::Array(items) = value {
                    // A bare JSON array is read as a List of documents.
                    for (item, v) in items.into_iter().enumerate() {
                        let position = DocumentPosition {
                            item: Some(item),
                            ..position
                        };
                        read_document(v, position, &DocumentSource::Json, options, out);
                    }
                } else {
                    read_document(value, position, &DocumentSource::Json, options, out);
                }
            }
            Some(Err(e)) => {
                out.problems.push(Problem {
                    position: DocumentPosition {
                        index,
                        item: None,
                        line: e.line().max(1),
                    },
                    line: e.line().max(1),
                    diagnostic: Diagnostic::error(
                        codes::JSON_SYNTAX,
                        ObjectRef::default(),
                        "",
                        e.to_string(),
                    )
                    .with_help("fix the JSON syntax; nothing after this point was read"),
                });
                // serde_json cannot resynchronise after a syntax error.
                break;
            }
        }
        index += 1;
    }
}

/// Where a document's text is, for turning field paths into lines.
enum DocumentSource<'a> {
    Yaml {
        text: &'a str,
        first_line: usize,
        range: std::ops::Range<usize>,
    },
    Json,
}

impl DocumentSource<'_> {
    fn range(&self) -> Option<std::ops::Range<usize>> {
        match self {
            DocumentSource::Yaml { range, .. } => Some(range.clone()),
            DocumentSource::Json => None,
        }
    }

    fn line_of(&self, position: &DocumentPosition, path: &str) -> usize {
        match self {
            DocumentSource::Yaml {
                text, first_line, ..
            } => {
                let path = match position.item {
                    Some(i) if path.is_empty() => format!("items[{i}]"),
                    Some(i) => format!("items[{i}].{path}"),
                    None => path.to_owned(),
                };
                line_of_path(text, &path)
                    .map(|l| first_line + l - 1)
                    .unwrap_or(position.line)
            }
            DocumentSource::Json => position.line,
        }
    }
}

fn read_document(
    value: Value,
    position: DocumentPosition,
    source: &DocumentSource<'_>,
    options: &LoadOptions,
    out: &mut Loaded,
) {
    let problem = |out: &mut Loaded, path: &str, diagnostic: Diagnostic| {
        out.problems.push(Problem {
            position,
            line: source.line_of(&position, path),
            diagnostic,
        });
    };
    let map = match value {
        Value::Null => return,
        Value::Object(map) => map,
        other => {
            let what = match other {
                Value::Array(_) => "a list",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                _ => "a boolean",
            };
            problem(
                out,
                "",
                Diagnostic::error(
                    codes::NOT_AN_OBJECT,
                    ObjectRef::default(),
                    "",
                    format!("document is {what}, not a Kubernetes object"),
                )
                .with_help(
                    "each document must be a mapping with `apiVersion`, `kind` and `metadata`",
                ),
            );
            return;
        }
    };
    let kind = map.get("kind").and_then(Value::as_str).map(str::to_owned);
    let api_version = map
        .get("apiVersion")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let name_ref = |kind: &str| ObjectRef {
        kind: kind.to_owned(),
        namespace: map
            .get("metadata")
            .and_then(|m| m.get("namespace"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        name: map
            .get("metadata")
            .and_then(|m| m.get("name"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    };
    let Some(kind) = kind else {
        problem(
            out,
            "",
            Diagnostic::error(
                codes::MISSING_KIND,
                name_ref(""),
                "kind",
                "document has no `kind`",
            )
            .with_help("add `kind:` and `apiVersion:` naming the object's type"),
        );
        return;
    };
    let object_ref = name_ref(&kind);

    // Lists: `kind: List`, or `<Kind>List` of an SMI kind (but TrafficMetricsList is itself a kind).
    if position.item.is_none() && is_list(&kind, api_version.as_deref()) {
        let item_kind = kind.strip_suffix("List").filter(|k| !k.is_empty());
        let items = match map.get("items") {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => {
                problem(
                    out,
                    "items",
                    Diagnostic::error(
                        codes::INVALID_FIELD,
                        object_ref,
                        "items",
                        "`items` of a List must be a list",
                    ),
                );
                return;
            }
        };
        for (i, mut item) in items.into_iter().enumerate() {
            if let (Some(obj), Some(item_kind)) = (item.as_object_mut(), item_kind) {
                obj.entry("kind").or_insert_with(|| item_kind.into());
                if let Some(av) = &api_version {
                    obj.entry("apiVersion").or_insert_with(|| av.clone().into());
                }
            }
            let position = DocumentPosition {
                item: Some(i),
                line: source.line_of(
                    &DocumentPosition {
                        item: Some(i),
                        ..position
                    },
                    "",
                ),
                ..position
            };
            read_document(item, position, source, options, out);
        }
        return;
    }

    let known_kind = KindName::parse(&kind);
    let smi_api_version = match api_version.as_deref() {
        Some(av) if !av.contains('/') && known_kind.is_some() => {
            let group = known_kind.map(|k| k.group().as_str()).unwrap_or_default();
            problem(
                out,
                "apiVersion",
                Diagnostic::error(
                    codes::MISSING_API_GROUP,
                    object_ref,
                    "apiVersion",
                    format!(
                        "`apiVersion: {av}` has no group; {kind} is not a core Kubernetes kind"
                    ),
                )
                .with_help(format!("write `apiVersion: {group}/{av}`")),
            );
            return;
        }
        Some(av) => {
            let group = av.split_once('/').map(|(g, _)| g).unwrap_or(av);
            if !Group::ALL.iter().any(|g| g.as_str() == group) {
                out.objects.push(LoadedObject {
                    position,
                    yaml_range: source.range(),
                    object: Object::Other(Value::Object(map)),
                });
                return;
            }
            match av.parse::<ApiVersion>() {
                Ok(parsed) => parsed,
                Err(_) => {
                    problem(out, "apiVersion", unsupported(object_ref, av, &kind));
                    return;
                }
            }
        }
        None => match (
            known_kind,
            known_kind.and_then(|k| {
                options
                    .assumed_api_versions
                    .iter()
                    .find(|av| av.group == k.group())
            }),
        ) {
            (Some(_), Some(assumed)) => *assumed,
            (Some(k), _) => {
                problem(
                    out,
                    "",
                    Diagnostic::error(
                        codes::MISSING_API_VERSION,
                        object_ref,
                        "apiVersion",
                        format!("{kind} has no `apiVersion`"),
                    )
                    .with_help(format!(
                        "add `apiVersion: {}/{}` (or the version the object was written for)",
                        k.group().as_str(),
                        k.group().hub().as_str()
                    )),
                );
                return;
            }
            (None, _) => {
                out.objects.push(LoadedObject {
                    position,
                    yaml_range: source.range(),
                    object: Object::Other(Value::Object(map)),
                });
                return;
            }
        },
    };
    let Some(known_kind) = known_kind else {
        problem(
            out,
            "kind",
            unsupported(object_ref, &smi_api_version.to_string(), &kind),
        );
        return;
    };
    // Documents shaped like an older version (fields at the top level, no `spec`) are the most
    // common upstream mistake; say so instead of only "missing field".
    let old_shape = !map.contains_key("spec")
        && ["matches", "destination", "sources", "specs"]
            .iter()
            .any(|k| map.contains_key(*k));
    let mut value = Value::Object(map);
    if let Some(obj) = value.as_object_mut() {
        obj.insert("apiVersion".into(), smi_api_version.to_string().into());
    }
    let (pruned, rejected) = match options
        .report_pruned_fields
        .then(|| crate::crd::schema_for(smi_api_version, known_kind))
        .flatten()
    {
        Some(schema) => (
            crate::schema::pruned_fields(&schema, &value),
            crate::schema::validate(&schema, &value),
        ),
        None => (Vec::new(), Vec::new()),
    };
    match SmiObject::from_json(smi_api_version, known_kind, value) {
        None => problem(
            out,
            "apiVersion",
            unsupported(object_ref, &smi_api_version.to_string(), &kind),
        ),
        Some(Err(e)) => {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            let message = e.into_inner().to_string();
            let help = if old_shape && message.contains("missing field `spec`") {
                format!(
                    "this document has its fields at the top level, as in older versions; in {smi_api_version} they belong under `spec:`"
                )
            } else {
                format!("see the {kind} {smi_api_version} schema (`smi crds`) for the field's type")
            };
            problem(
                out,
                &path,
                Diagnostic::error(codes::INVALID_FIELD, object_ref, path.clone(), message)
                    .with_help(help),
            );
        }
        Some(Ok(object)) => {
            for error in rejected {
                problem(
                    out,
                    &error.path,
                    Diagnostic::warning(
                        codes::REJECTED_BY_CRD,
                        object_ref.clone(),
                        error.path.clone(),
                        format!(
                            "read here, but an API server with the CRDs from `smi crds` rejects it: {}",
                            error.message
                        ),
                    )
                    .with_help(
                        "rewrite it in the form the CRD declares (`smi convert` writes that form)",
                    ),
                );
            }
            for path in pruned {
                problem(
                    out,
                    &path,
                    Diagnostic::warning(
                        codes::PRUNED_FIELD,
                        object_ref.clone(),
                        path.clone(),
                        format!(
                            "`{path}` is not part of {kind} {smi_api_version}; an API server drops it silently"
                        ),
                    )
                    .with_help(pruned_help(known_kind, smi_api_version, &path)),
                );
            }
            out.objects.push(LoadedObject {
                position,
                yaml_range: source.range(),
                object: Object::Smi(object),
            });
        }
    }
}

/// The 1-based line in `input` of `path` inside `object` (its document's line when unknown).
///
/// `input` must be the text `object` was loaded from.
pub fn locate(input: &str, object: &LoadedObject, path: &str) -> usize {
    let Some(range) = object.yaml_range.clone() else {
        return object.position.line;
    };
    let Some(text) = input.get(range.clone()) else {
        return object.position.line;
    };
    let first_line = 1 + input[..range.start].matches('\n').count();
    let full_path = match (object.position.item, path.is_empty()) {
        (Some(i), true) => format!("items[{i}]"),
        (Some(i), false) => format!("items[{i}].{path}"),
        (None, _) => path.to_owned(),
    };
    line_of_path(text, &full_path)
        .map(|l| first_line + l - 1)
        .unwrap_or(object.position.line)
}

fn pruned_help(kind: KindName, api_version: ApiVersion, path: &str) -> String {
    match (kind, path) {
        (KindName::TrafficTarget, p) if p.ends_with(".port") => {
            "since access v1alpha3 ports are restricted with a TCPRoute or UDPRoute rule".into()
        }
        (KindName::HttpRouteGroup, "matches") => {
            format!("in {api_version} matches belong under `spec:`")
        }
        _ => "remove the field, or use the API version that defines it".into(),
    }
}

fn unsupported(object: ObjectRef, api_version: &str, kind: &str) -> Diagnostic {
    let supported: Vec<String> = SmiObject::supported()
        .into_iter()
        .filter(|(_, k)| k.as_str() == kind)
        .map(|(av, _)| av.version.as_str().to_owned())
        .collect();
    let help = if supported.is_empty() {
        "SMI kinds are TrafficTarget, IdentityBinding, HTTPRouteGroup, TCPRoute, UDPRoute, TrafficSplit, TrafficMetrics and TrafficMetricsList".to_owned()
    } else {
        let unreleased = if cfg!(feature = "unreleased") {
            ""
        } else {
            " (access v1alpha4 and IdentityBinding need the `unreleased` cargo feature)"
        };
        format!("{kind} is served as {}{unreleased}", supported.join(", "))
    };
    Diagnostic::error(
        codes::UNSUPPORTED_VERSION,
        object,
        "apiVersion",
        format!("{kind} `{api_version}` is not a supported SMI kind and version"),
    )
    .with_help(help)
}

fn is_list(kind: &str, api_version: Option<&str>) -> bool {
    if kind == "List" {
        return true;
    }
    match (kind.strip_suffix("List"), api_version) {
        (Some(item), Some(av)) => {
            KindName::parse(item).is_some()
                && KindName::parse(kind).is_none()
                && av.contains("smi-spec.io")
        }
        _ => false,
    }
}

fn first_line_of(message: &str) -> String {
    message.lines().next().unwrap_or(message).trim().to_owned()
}

/// One YAML document's text and the 1-based line it starts on.
struct YamlDocument<'a> {
    text: &'a str,
    first_line: usize,
    range: std::ops::Range<usize>,
}

/// Splits a YAML stream at `---` / `...` markers (always at column 0, even inside block scalars).
fn split_yaml_documents(input: &str) -> Vec<YamlDocument<'_>> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1usize;
    let mut offset = 0usize;
    let mut saw_marker_or_content = false;
    for (line_no, line) in (1usize..).zip(input.split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_start = bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t");
        let is_end = bare == "..." || bare.starts_with("... ");
        if is_start || is_end {
            if saw_marker_or_content || offset > start {
                docs.push(YamlDocument {
                    text: &input[start..offset],
                    first_line: start_line,
                    range: start..offset,
                });
            }
            saw_marker_or_content = false;
            if is_start {
                // Content may follow the marker on the same line (`--- {a: 1}`); keep it.
                start = offset + 3;
                start_line = line_no;
            } else {
                start = offset + line.len();
                start_line = line_no + 1;
            }
        } else if !bare.trim().is_empty() && !bare.trim_start().starts_with('#') {
            saw_marker_or_content = true;
        }
        offset += line.len();
    }
    if saw_marker_or_content {
        docs.push(YamlDocument {
            text: &input[start..],
            first_line: start_line,
            range: start..input.len(),
        });
    }
    // Documents holding only comments or whitespace are not documents.
    docs.retain(|d| {
        d.text
            .lines()
            .any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    });
    docs
}

#[cfg(test)]
mod tests;
