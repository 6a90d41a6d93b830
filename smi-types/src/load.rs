//! Bytes → typed objects: multi-document YAML, JSON streams and `List`s.
//!
//! Every document is read on its own, so one bad document does not hide the others. SMI kinds
//! become [`SmiObject`]s; any other Kubernetes object is passed through untouched as
//! [`Object::Other`] for later consumers (the translator reads Services and workloads from it).
//! Problems carry the document index and line, the object when known, and a field path.

pub use crate::codes::load as codes;
mod kubectl_yaml;
mod located;
mod strict_json;

use crate::{ApiVersion, Diagnostic, Group, KindName, Object, ObjectRef, Severity, SmiObject};
use serde_json::Value;

pub use located::{DocumentLines, line_of_path};

/// How to read documents.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct LoadOptions {
    /// `apiVersion`s to assume for SMI kinds that have none (the spec's own examples omit it):
    /// the one whose group is the kind's group applies. Without one such documents are an error.
    pub assumed_api_versions: Vec<ApiVersion>,
    /// Report what an API server running the generated CRDs would do differently: fields it
    /// would prune (unknown to the schema), and values it would reject that this crate reads
    /// anyway (such as `headers` in the list form).
    pub report_pruned_fields: bool,
    /// The namespace the input is read for, as `kubectl apply -n`: a namespaced object without
    /// `metadata.namespace` is placed in it, and one with another namespace is not read
    /// (`namespace-mismatch`). `None`: objects keep what they say (and one without a namespace
    /// is read in `default`, [`crate::namespace_of`]).
    pub namespace: Option<String>,
    /// Bounds on the size of the input, beyond the fixed YAML budgets.
    pub limits: Limits,
    /// Threads that parse the documents of a YAML stream ahead of the one reading them into
    /// objects (0: none, each document is parsed as it is read). The objects, the problems
    /// and their order are the same for any number; each thread holds at most
    /// [`LoadOptions::PARSED_AHEAD`] parsed documents not yet read, so memory stays bounded.
    pub parse_threads: usize,
}

/// Bounds on one input that a caller may raise (the `smi` CLI has a flag for each). The defaults
/// fit a mesh of 100,000 objects with room to spare; past a limit the input, or the document,
/// is refused with an error naming the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Documents in one input (YAML documents or the values of a JSON stream; the items of a
    /// `List` count as one): past it no object of the input is read (`too-many-documents`).
    pub documents: usize,
    /// Values (scalars, lists and objects) in one JSON document: past it the document is not
    /// read (`over-budget`).
    pub json_nodes: usize,
}

impl Limits {
    /// The default of [`Limits::documents`]: ten times a 100,000-object mesh of one object per
    /// document.
    pub const DEFAULT_DOCUMENTS: usize = 1_000_000;
    /// The default of [`Limits::json_nodes`]: a `List` of 100,000 objects of 100 values each.
    pub const DEFAULT_JSON_NODES: usize = 10_000_000;

    /// Sets [`Limits::documents`].
    pub fn documents(mut self, documents: usize) -> Limits {
        self.documents = documents;
        self
    }

    /// Sets [`Limits::json_nodes`].
    pub fn json_nodes(mut self, json_nodes: usize) -> Limits {
        self.json_nodes = json_nodes;
        self
    }
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            documents: Limits::DEFAULT_DOCUMENTS,
            json_nodes: Limits::DEFAULT_JSON_NODES,
        }
    }
}

impl LoadOptions {
    /// Documents each parsing thread may hold parsed and not yet read
    /// ([`LoadOptions::parse_threads`]).
    pub const PARSED_AHEAD: usize = 64;

    /// Sets [`LoadOptions::parse_threads`].
    pub fn parse_threads(mut self, threads: usize) -> LoadOptions {
        self.parse_threads = threads;
        self
    }

    /// Sets the bounds on the input's size.
    pub fn limits(mut self, limits: Limits) -> LoadOptions {
        self.limits = limits;
        self
    }

    /// Adds an `apiVersion` to assume for SMI kinds of its group that have none.
    pub fn assume_api_version(mut self, api_version: ApiVersion) -> LoadOptions {
        self.assumed_api_versions.push(api_version);
        self
    }

    /// Reads the input for `namespace`, as `kubectl apply -n` (see [`LoadOptions::namespace`]).
    pub fn namespace(mut self, namespace: impl Into<String>) -> LoadOptions {
        self.namespace = Some(namespace.into());
        self
    }

    /// Sets whether to report what an API server running the generated CRDs would prune or
    /// reject.
    pub fn report_pruned_fields(mut self, report: bool) -> LoadOptions {
        self.report_pruned_fields = report;
        self
    }
}

/// Where a document starts in its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
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
            Object::Smi(s) => Some(&**s),
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
    load_each(input, options, |_| {})
}

/// [`load`], handing each object to `each` as soon as its document is read, before the next
/// document is parsed. A caller that turns objects into something smaller (taking their
/// contents out of the [`LoadedObject`]) then never holds every document's untyped value at
/// once; what it leaves in the object is what the returned [`Loaded`] holds. An input over
/// the document limit hands nothing over.
pub fn load_each(
    input: &str,
    options: &LoadOptions,
    mut each: impl FnMut(&mut LoadedObject),
) -> Loaded {
    let mut loaded = Loaded::default();
    let trimmed = input.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        load_json(input, options, &mut loaded, &mut each);
    } else {
        load_yaml(input, options, &mut loaded, &mut each);
    }
    loaded
}

/// Reads one document ([`read_document`]) and hands the objects it held to `each`.
fn read_document_then(
    value: Value,
    position: DocumentPosition,
    source: &DocumentSource<'_>,
    options: &LoadOptions,
    out: &mut Loaded,
    each: &mut dyn FnMut(&mut LoadedObject),
) {
    let read_before = out.objects.len();
    read_document(value, position, source, options, out);
    out.objects[read_before..].iter_mut().for_each(each);
}

fn load_yaml(
    input: &str,
    options: &LoadOptions,
    out: &mut Loaded,
    each: &mut dyn FnMut(&mut LoadedObject),
) {
    let documents = split_yaml_documents(input);
    if let Some(first_over) = documents.get(options.limits.documents) {
        out.problems.push(too_many_documents(
            options.limits.documents,
            first_over.first_line,
        ));
        return;
    }
    let threads = options.parse_threads;
    if threads == 0 || documents.len() < 2 {
        for (index, doc) in documents.iter().enumerate() {
            read_yaml_document(index, doc, kubectl_yaml::read(doc.text), options, out, each);
        }
        return;
    }
    // Thread `t` parses documents t, t + threads, …, each in order, so reading them in turn
    // from each thread's channel gives the documents in order.
    std::thread::scope(|scope| {
        let parsed: Vec<_> = (0..threads)
            .map(|thread| {
                let (send, receive) = std::sync::mpsc::sync_channel(LoadOptions::PARSED_AHEAD);
                let documents = &documents;
                scope.spawn(move || {
                    for doc in documents.iter().skip(thread).step_by(threads) {
                        if send.send(kubectl_yaml::read(doc.text)).is_err() {
                            break;
                        }
                    }
                });
                receive
            })
            .collect();
        for (index, doc) in documents.iter().enumerate() {
            // A thread stops early only by panicking; the scope then carries the panic on.
            let Ok(read) = parsed[index % threads].recv() else {
                return;
            };
            read_yaml_document(index, doc, read, options, out, each);
        }
    });
}

/// Reads one document of a YAML stream, `read` its parse ([`kubectl_yaml::read`]), and hands
/// the objects it held to `each`.
fn read_yaml_document(
    index: usize,
    doc: &YamlDocument<'_>,
    read: Result<Value, kubectl_yaml::Unreadable>,
    options: &LoadOptions,
    out: &mut Loaded,
    each: &mut dyn FnMut(&mut LoadedObject),
) {
    let position = DocumentPosition {
        index,
        item: None,
        line: doc.first_line,
    };
    let value: Value = match read {
        Ok(v) => v,
        Err(kubectl_yaml::Unreadable::Syntax { line, message }) => {
            // serde-saphyr's message names what it expected; the parser's is terse. But
            // serde-saphyr also refuses what kubectl reads (duplicate keys) and has budgets
            // of its own: then its message is not about this document's syntax.
            let (line, message) = match serde_saphyr::from_str::<Value>(doc.text) {
                Err(e) if is_syntax_error(&e) => (
                    e.location().map_or(line, |l| l.line() as usize),
                    first_line_of(&e.to_string()),
                ),
                _ => (line, message),
            };
            // The parser also ends a line at a lone `\r`; report the line as `\n` counts.
            let line = located::LineBreaks::new(doc.text).newline_line(line);
            out.problems.push(unreadable_problem(
                kubectl_yaml::Unreadable::Syntax { line, message },
                position,
                Syntax::Yaml,
            ));
            return;
        }
        Err(kubectl_yaml::Unreadable::DuplicateKey {
            key,
            first_line,
            line,
        }) => {
            // Lines as `\n` counts them, as for a syntax error.
            let breaks = located::LineBreaks::new(doc.text);
            let duplicate = kubectl_yaml::Unreadable::DuplicateKey {
                key,
                first_line: first_line.map(|l| breaks.newline_line(l)),
                line: breaks.newline_line(line),
            };
            out.problems
                .push(unreadable_problem(duplicate, position, Syntax::Yaml));
            return;
        }
        Err(unreadable) => {
            out.problems
                .push(unreadable_problem(unreadable, position, Syntax::Yaml));
            return;
        }
    };
    let source = DocumentSource::Yaml {
        text: doc.text,
        first_line: doc.first_line,
        range: doc.range.clone(),
        lines: std::cell::OnceCell::new(),
    };
    read_document_then(value, position, &source, options, out, each);
}

/// The syntax a document is written in.
#[derive(Clone, Copy)]
enum Syntax {
    Yaml,
    Json,
}

impl Syntax {
    fn name(self) -> &'static str {
        match self {
            Syntax::Yaml => "YAML",
            Syntax::Json => "JSON",
        }
    }
}

/// The problem that keeps a document from being read: `unreadable`, at lines of the document
/// that starts at `position`.
fn unreadable_problem(
    unreadable: kubectl_yaml::Unreadable,
    position: DocumentPosition,
    syntax: Syntax,
) -> Problem {
    use kubectl_yaml::Unreadable;
    let in_input = |line: usize| position.line + line - 1;
    let format = syntax.name();
    let (line, diagnostic) = match unreadable {
        Unreadable::Syntax { line, message } => (
            in_input(line),
            match syntax {
                Syntax::Yaml => {
                    Diagnostic::error(codes::YAML_SYNTAX, ObjectRef::default(), "", message)
                        .with_help("fix the YAML syntax of this document")
                }
                Syntax::Json => {
                    Diagnostic::error(codes::JSON_SYNTAX, ObjectRef::default(), "", message)
                        .with_help("fix the JSON syntax of this document")
                }
            },
        ),
        Unreadable::OverBudget(budget) => (
            position.line,
            Diagnostic::error(
                codes::OVER_BUDGET,
                ObjectRef::default(),
                "",
                format!("the document is over {}; it is not read", budget.describe()),
            )
            .with_help(budget.help()),
        ),
        Unreadable::Value(message) => (
            position.line,
            Diagnostic::error(
                codes::UNREPRESENTABLE_VALUE,
                ObjectRef::default(),
                "",
                format!("{message}; kubectl refuses this document too, so it is not read"),
            )
            .with_help("quote the value to make it a string, or write a number JSON can hold"),
        ),
        Unreadable::DuplicateKey {
            key,
            first_line,
            line,
        } => {
            let first = first_line
                .map_or_else(String::new, |l| format!(" (first on line {})", in_input(l)));
            (
                in_input(line),
                Diagnostic::error(
                    codes::DUPLICATE_KEY,
                    ObjectRef::default(),
                    "",
                    format!(
                        "the {format} key `{key}` is set twice in one mapping{first}; the document is not read"
                    ),
                )
                .with_help(format!(
                    "keep one `{key}` and delete the other: `kubectl apply` refuses a field set twice (its default --validate=strict), and where it does not, the later one wins silently"
                )),
            )
        }
    };
    Problem {
        position,
        line,
        diagnostic,
    }
}

/// The problem of an input with more documents than `limit`; the first one over it starts at
/// `line`.
fn too_many_documents(limit: usize, line: usize) -> Problem {
    Problem {
        position: DocumentPosition {
            index: limit,
            item: None,
            line,
        },
        line,
        diagnostic: Diagnostic::error(
            codes::TOO_MANY_DOCUMENTS,
            ObjectRef::default(),
            "",
            format!(
                "the input holds more than {limit} documents, the limit; none of its objects are read"
            ),
        )
        .with_help(
            "split the input, or raise the limit: `--max-documents` on the command line, `Limits::documents` in the library",
        ),
    }
}

/// Where the first document past `limit` starts (byte offset), if the JSON stream `input`
/// holds more than `limit` well-formed documents.
fn first_json_document_over(input: &str, limit: usize) -> Option<usize> {
    let mut stream = serde_json::Deserializer::from_str(input).into_iter::<serde::de::IgnoredAny>();
    for _ in 0..limit {
        stream.next()?.ok()?;
    }
    let rest = &input[stream.byte_offset()..];
    let offset = input.len() - rest.trim_start().len();
    matches!(stream.next(), Some(Ok(_))).then_some(offset)
}

fn load_json(
    input: &str,
    options: &LoadOptions,
    out: &mut Loaded,
    each: &mut dyn FnMut(&mut LoadedObject),
) {
    // Counted first, so that an input over the limit hands no object to `each`.
    if let Some(offset) = first_json_document_over(input, options.limits.documents) {
        let line = input[..offset].matches('\n').count() + 1;
        out.problems
            .push(too_many_documents(options.limits.documents, line));
        return;
    }
    // The stream only finds where each document ends (checking its syntax); each document is
    // then read on its own, strictly (`strict_json`).
    let mut stream = serde_json::Deserializer::from_str(input).into_iter::<serde::de::IgnoredAny>();
    let mut index = 0;
    // Lines are counted from the previous document on, so a stream is scanned once.
    let (mut counted_to, mut line) = (0, 1);
    loop {
        // The next document starts after the whitespace that ends the previous one.
        let rest = &input[stream.byte_offset()..];
        let offset = input.len() - rest.trim_start().len();
        line += input[counted_to..offset].matches('\n').count();
        counted_to = offset;
        match stream.next() {
            None => break,
            Some(Ok(_)) => {
                let position = DocumentPosition {
                    index,
                    item: None,
                    line,
                };
                let text = &input[offset..stream.byte_offset()];
                let value = match strict_json::read(text, options.limits.json_nodes) {
                    Ok(value) => kubectl_yaml::as_sent(value),
                    Err(unreadable) => {
                        out.problems
                            .push(unreadable_problem(unreadable, position, Syntax::Json));
                        index += 1;
                        continue;
                    }
                };
                if let Value::Array(items) = value {
                    // A bare JSON array is read as a List of documents.
                    for (item, v) in items.into_iter().enumerate() {
                        let position = DocumentPosition {
                            item: Some(item),
                            ..position
                        };
                        read_document_then(v, position, &DocumentSource::Json, options, out, each);
                    }
                } else {
                    read_document_then(value, position, &DocumentSource::Json, options, out, each);
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
        /// The document parsed for lines, on its first problem.
        lines: std::cell::OnceCell<DocumentLines>,
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
                text,
                first_line,
                lines,
                ..
            } => lines
                .get_or_init(|| DocumentLines::parse(text))
                .line_of(&path_in_document(position, path))
                .map(|l| first_line + l - 1)
                .unwrap_or(position.line),
            DocumentSource::Json => position.line,
        }
    }
}

/// Reads one document (or list item): its shape, its header, then the list items or the object.
fn read_document(
    value: Value,
    position: DocumentPosition,
    source: &DocumentSource<'_>,
    options: &LoadOptions,
    out: &mut Loaded,
) {
    let reader = DocumentReader {
        position,
        source,
        options,
    };
    let Some(mut map) = reader.mapping(value, out) else {
        return;
    };
    let Some(header) = reader.header(&map, out) else {
        return;
    };
    // Lists: `kind: List`, or `<Kind>List` of an SMI kind (but TrafficMetricsList is itself a kind).
    if position.item.is_none() && is_list(&header.kind, header.api_version.as_deref()) {
        reader.list_items(&map, &header, out);
        return;
    }
    if !reader.place_in_namespace(&mut map, &header, out) {
        return;
    }
    let known_kind = KindName::parse(&header.kind);
    match reader.smi_api_version(&header, known_kind, out) {
        ApiVersionOutcome::Smi(api_version) => {
            reader.smi_object(map, &header, known_kind, api_version, out);
        }
        ApiVersionOutcome::NotSmi => reader.push(out, Object::Other(Value::Object(map))),
        ApiVersionOutcome::Reported => {}
    }
}

/// Where one document is and how to read it: what every step needs to report what it finds.
struct DocumentReader<'r, 'a> {
    position: DocumentPosition,
    source: &'r DocumentSource<'a>,
    options: &'r LoadOptions,
}

/// The fields a document is dispatched on.
struct Header {
    kind: String,
    api_version: Option<String>,
    object_ref: ObjectRef,
}

/// Which `apiVersion` a document is read as.
enum ApiVersionOutcome {
    /// An SMI group and version.
    Smi(ApiVersion),
    /// Not an SMI object: passed through untouched.
    NotSmi,
    /// Neither: a problem was reported.
    Reported,
}

impl DocumentReader<'_, '_> {
    fn problem(&self, out: &mut Loaded, path: &str, diagnostic: Diagnostic) {
        out.problems.push(Problem {
            position: self.position,
            line: self.source.line_of(&self.position, path),
            diagnostic,
        });
    }

    fn push(&self, out: &mut Loaded, object: Object) {
        out.objects.push(LoadedObject {
            position: self.position,
            yaml_range: self.source.range(),
            object,
        });
    }

    /// Places a namespace-less namespaced object in the namespace the input is read for, as
    /// `kubectl apply -n` does; `false` (reported) when the object names another namespace.
    fn place_in_namespace(
        &self,
        map: &mut serde_json::Map<String, Value>,
        header: &Header,
        out: &mut Loaded,
    ) -> bool {
        let Some(namespace) = self.options.namespace.as_deref() else {
            return true;
        };
        if is_cluster_scoped(header.api_version.as_deref(), &header.kind) {
            return true;
        }
        let metadata = map
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        let Some(metadata) = metadata.as_object_mut() else {
            return true;
        };
        match metadata.get("namespace").and_then(Value::as_str) {
            None | Some("") => {
                metadata.insert("namespace".into(), namespace.into());
                true
            }
            Some(own) if own == namespace => true,
            Some(own) => {
                self.problem(
                    out,
                    "metadata.namespace",
                    Diagnostic::error(
                        codes::NAMESPACE_MISMATCH,
                        header.object_ref.clone(),
                        "metadata.namespace",
                        format!(
                            "the object is in namespace `{own}`, but the input is read for namespace `{namespace}`; it is not read"
                        ),
                    )
                    .with_help(format!(
                        "pass `--namespace {own}` (kubectl apply -n refuses this too), or remove the object's namespace"
                    )),
                );
                false
            }
        }
    }

    /// The document as a mapping; `None` for an empty document or (reported) anything else.
    fn mapping(&self, value: Value, out: &mut Loaded) -> Option<serde_json::Map<String, Value>> {
        let what = match value {
            Value::Null => return None,
            Value::Object(map) => return Some(map),
            Value::Array(_) => "a list",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            Value::Bool(_) => "a boolean",
        };
        self.problem(
            out,
            "",
            Diagnostic::error(
                codes::NOT_AN_OBJECT,
                ObjectRef::default(),
                "",
                format!("document is {what}, not a Kubernetes object"),
            )
            .with_help("each document must be a mapping with `apiVersion`, `kind` and `metadata`"),
        );
        None
    }

    /// `kind`, `apiVersion` and the object's name; `None` (reported) without a `kind`.
    fn header(&self, map: &serde_json::Map<String, Value>, out: &mut Loaded) -> Option<Header> {
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
            self.problem(
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
            return None;
        };
        Some(Header {
            object_ref: name_ref(&kind),
            kind,
            api_version,
        })
    }

    /// Reads every item of a List document, each with the list's `kind` and `apiVersion` unless
    /// it has its own.
    fn list_items(&self, map: &serde_json::Map<String, Value>, header: &Header, out: &mut Loaded) {
        let item_kind = header.kind.strip_suffix("List").filter(|k| !k.is_empty());
        let items = match map.get("items") {
            Some(Value::Array(items)) => items.clone(),
            Some(Value::Null) | None => Vec::new(),
            Some(_) => {
                self.problem(
                    out,
                    "items",
                    Diagnostic::error(
                        codes::INVALID_FIELD,
                        header.object_ref.clone(),
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
                if let Some(av) = &header.api_version {
                    obj.entry("apiVersion").or_insert_with(|| av.clone().into());
                }
            }
            let position = DocumentPosition {
                item: Some(i),
                line: self.source.line_of(
                    &DocumentPosition {
                        item: Some(i),
                        ..self.position
                    },
                    "",
                ),
                ..self.position
            };
            read_document(item, position, self.source, self.options, out);
        }
    }

    /// The SMI `apiVersion` to read the document as: its own, or the assumed one of its kind's
    /// group when it has none.
    fn smi_api_version(
        &self,
        header: &Header,
        known_kind: Option<KindName>,
        out: &mut Loaded,
    ) -> ApiVersionOutcome {
        let kind = &header.kind;
        match header.api_version.as_deref() {
            Some(av) if !av.contains('/') && known_kind.is_some() => {
                let group = known_kind.map(|k| k.group().as_str()).unwrap_or_default();
                self.problem(
                    out,
                    "apiVersion",
                    Diagnostic::error(
                        codes::MISSING_API_GROUP,
                        header.object_ref.clone(),
                        "apiVersion",
                        format!(
                            "`apiVersion: {av}` has no group; {kind} is not a core Kubernetes kind"
                        ),
                    )
                    .with_help(format!("write `apiVersion: {group}/{av}`")),
                );
                ApiVersionOutcome::Reported
            }
            Some(av) => {
                let group = av.split_once('/').map(|(g, _)| g).unwrap_or(av);
                if !Group::ALL.iter().any(|g| g.as_str() == group) {
                    return ApiVersionOutcome::NotSmi;
                }
                match av.parse::<ApiVersion>() {
                    Ok(parsed) => ApiVersionOutcome::Smi(parsed),
                    Err(_) => {
                        self.problem(
                            out,
                            "apiVersion",
                            unsupported(header.object_ref.clone(), av, kind),
                        );
                        ApiVersionOutcome::Reported
                    }
                }
            }
            None => match (
                known_kind,
                known_kind.and_then(|k| {
                    self.options
                        .assumed_api_versions
                        .iter()
                        .find(|av| av.group == k.group())
                }),
            ) {
                (Some(_), Some(assumed)) => ApiVersionOutcome::Smi(*assumed),
                (Some(k), _) => {
                    self.problem(
                        out,
                        "",
                        Diagnostic::error(
                            codes::MISSING_API_VERSION,
                            header.object_ref.clone(),
                            "apiVersion",
                            format!("{kind} has no `apiVersion`"),
                        )
                        .with_help(format!(
                            "add `apiVersion: {}/{}` (or the version the object was written for)",
                            k.group().as_str(),
                            k.group().hub().as_str()
                        )),
                    );
                    ApiVersionOutcome::Reported
                }
                (None, _) => ApiVersionOutcome::NotSmi,
            },
        }
    }

    /// Reads a document of an SMI group as the typed kind of `api_version`.
    fn smi_object(
        &self,
        map: serde_json::Map<String, Value>,
        header: &Header,
        known_kind: Option<KindName>,
        api_version: ApiVersion,
        out: &mut Loaded,
    ) {
        let kind = &header.kind;
        let Some(known_kind) = known_kind else {
            self.problem(
                out,
                "kind",
                unsupported(header.object_ref.clone(), &api_version.to_string(), kind),
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
            obj.insert("apiVersion".into(), api_version.to_string().into());
        }
        let findings = self.crd_findings(known_kind, api_version, &value);
        let widening = widening_unknown_fields(known_kind, api_version, &value);
        if let (Some(obj), Some(spec)) =
            (value.as_object_mut(), implied_spec(known_kind, api_version))
        {
            obj.entry("spec").or_insert(spec);
        }
        match SmiObject::from_json(api_version, known_kind, value) {
            None => self.problem(
                out,
                "apiVersion",
                unsupported(header.object_ref.clone(), &api_version.to_string(), kind),
            ),
            Some(Err(e)) => self.invalid_field(e, header, api_version, old_shape, out),
            Some(Ok(_)) if !widening.is_empty() => {
                self.refuse_widening(&widening, header, known_kind, api_version, out);
            }
            Some(Ok(object)) => {
                self.report_crd_findings(findings, header, known_kind, api_version, out);
                self.push(out, Object::Smi(Box::new(object)));
            }
        }
    }

    /// What an API server running the generated CRD would do differently with `value`, when
    /// asked for.
    fn crd_findings(&self, kind: KindName, api_version: ApiVersion, value: &Value) -> CrdFindings {
        match self
            .options
            .report_pruned_fields
            .then(|| crate::crd::built_schema(api_version, kind))
            .flatten()
        {
            Some(schema) => CrdFindings {
                pruned: crate::schema::pruned_fields(schema, value),
                rejected: crate::schema::validate(schema, value),
            },
            None => CrdFindings::default(),
        }
    }

    /// Refuses an object with an unknown field where ignoring it could widen what the object
    /// grants or routes ([`widening_unknown_fields`]): one error per field, and the object is
    /// not read, as one whose field has the wrong type.
    fn refuse_widening(
        &self,
        paths: &[String],
        header: &Header,
        kind: KindName,
        api_version: ApiVersion,
        out: &mut Loaded,
    ) {
        for path in paths {
            self.problem(
                out,
                path,
                Diagnostic::error(
                    codes::UNKNOWN_CONDITION_FIELD,
                    header.object_ref.clone(),
                    path.clone(),
                    format!(
                        "`{path}` is not part of {kind} {api_version}; ignoring it could widen what the {} allows, so the object is not read",
                        widened_part(kind)
                    ),
                )
                .with_help(format!(
                    "fix the field's name (see `smi crds` for the {kind} {api_version} schema), or remove it"
                )),
            );
        }
    }

    fn invalid_field(
        &self,
        error: serde_path_to_error::Error<serde_json::Error>,
        header: &Header,
        api_version: ApiVersion,
        old_shape: bool,
        out: &mut Loaded,
    ) {
        let kind = &header.kind;
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = error.into_inner().to_string();
        let help = if old_shape && message.contains("missing field `spec`") {
            format!(
                "this document has its fields at the top level, as in older versions; in {api_version} they belong under `spec:`"
            )
        } else {
            format!("see the {kind} {api_version} schema (`smi crds`) for the field's type")
        };
        self.problem(
            out,
            &path,
            Diagnostic::error(
                codes::INVALID_FIELD,
                header.object_ref.clone(),
                path.clone(),
                message,
            )
            .with_help(help),
        );
    }

    fn report_crd_findings(
        &self,
        findings: CrdFindings,
        header: &Header,
        known_kind: KindName,
        api_version: ApiVersion,
        out: &mut Loaded,
    ) {
        let kind = &header.kind;
        let object_ref = &header.object_ref;
        for error in findings.rejected {
            self.problem(
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
        for path in findings.pruned {
            self.problem(
                out,
                &path,
                Diagnostic::warning(
                    codes::PRUNED_FIELD,
                    object_ref.clone(),
                    path.clone(),
                    format!(
                        "`{path}` is not part of {kind} {api_version}; an API server drops it silently"
                    ),
                )
                .with_help(pruned_help(known_kind, api_version, &path)),
            );
        }
    }
}

/// The `spec` a document of `kind` stands for when it has none, for the kinds whose upstream CRDs
/// make `spec` optional.
///
/// Every TCPRoute CRD upstream leaves `spec` optional (smi-sdk-go's v0.4.1 specs CRD has no
/// schema for TCPRoute, v0.5.0 and later require `matches` only inside `spec`), and NGINX Service
/// Mesh's demos write v1alpha3 TCPRoutes with metadata only. Without a `spec` a TCPRoute matches
/// every port, as an empty `spec` (v1alpha1–v1alpha3) or an empty port list (v1alpha4) does.
fn implied_spec(kind: KindName, api_version: ApiVersion) -> Option<Value> {
    match (kind, api_version.version) {
        (KindName::TcpRoute, crate::Version::V1alpha4) => Some(serde_json::json!({"matches": {}})),
        (KindName::TcpRoute, _) => Some(serde_json::json!({})),
        _ => None,
    }
}

/// Unknown fields of `value` inside a route match, a TrafficTarget rule or a TrafficSplit's spec:
/// dropping any of them (as an API server would) could make the object grant or route more than
/// it says, so the object is refused instead (docs/semantics.md, "Unknown fields").
fn widening_unknown_fields(kind: KindName, api_version: ApiVersion, value: &Value) -> Vec<String> {
    let Some(schema) = crate::crd::built_schema(api_version, kind) else {
        return Vec::new();
    };
    crate::schema::unknown_fields(schema, value)
        .into_iter()
        .filter(|path| can_widen(kind, path))
        .collect()
}

/// Whether an unknown field at `path` of a `kind` object lies in a part that narrows access or
/// routing, so that ignoring it could widen the result.
fn can_widen(kind: KindName, path: &str) -> bool {
    let inside_element = |list: &str| {
        let inner = path.strip_prefix("spec.").unwrap_or(path);
        inner
            .strip_prefix(list)
            .and_then(|rest| rest.strip_prefix('['))
            .is_some_and(|rest| rest.contains("]."))
    };
    match kind {
        KindName::HttpRouteGroup => inside_element("matches"),
        KindName::TcpRoute | KindName::UdpRoute => {
            path.starts_with("spec.matches.") || inside_element("matches")
        }
        KindName::TrafficTarget => inside_element("rules"),
        KindName::TrafficSplit => path.starts_with("spec."),
        _ => false,
    }
}

/// What an unknown field of `kind` could widen, for its error.
fn widened_part(kind: KindName) -> &'static str {
    match kind {
        KindName::TrafficSplit => "split routes",
        KindName::TrafficTarget => "rule grants",
        _ => "match accepts",
    }
}

/// Fields an API server running the generated CRD would drop, and values it would reject.
#[derive(Default)]
struct CrdFindings {
    pruned: Vec<String>,
    rejected: Vec<crate::schema::SchemaError>,
}

/// The 1-based line in `input` of `path` inside `object` (its document's line when unknown).
///
/// `input` must be the text `object` was loaded from. This scans the input up to the object and
/// parses its document; to place many paths, use a [`Locator`].
pub fn locate(input: &str, object: &LoadedObject, path: &str) -> usize {
    Locator::new(input).locate(input, object, path)
}

/// The field path of `path` inside the document `position` is in (a List item's path starts
/// with `items[i]`).
fn path_in_document(position: &DocumentPosition, path: &str) -> String {
    match (position.item, path.is_empty()) {
        (Some(i), true) => format!("items[{i}]"),
        (Some(i), false) => format!("items[{i}].{path}"),
        (None, _) => path.to_owned(),
    }
}

/// Places field paths of the objects loaded from one input at lines, in time linear in the
/// input and the look-ups: the input's line starts are found once, and each YAML document is
/// parsed at most once, on its first look-up.
#[derive(Debug, Default)]
pub struct Locator {
    /// Byte offset of every `\n` in the input, in order.
    newlines: Vec<usize>,
    /// The documents parsed so far, by the byte offset they start at.
    documents: std::cell::RefCell<std::collections::HashMap<usize, std::rc::Rc<DocumentLines>>>,
}

impl Locator {
    /// A locator for `input` (the text the objects were loaded from).
    pub fn new(input: &str) -> Locator {
        Locator {
            newlines: input.match_indices('\n').map(|(at, _)| at).collect(),
            documents: Default::default(),
        }
    }

    /// The YAML document of `object` in `input`, when it has one and no look-up has parsed it
    /// yet: its start (the key [`Locator::insert`] takes) and its text. A caller may parse it
    /// elsewhere ([`DocumentLines::parse`], on another thread) and hand it back.
    pub fn unparsed_document<'t>(
        &self,
        input: &'t str,
        object: &LoadedObject,
    ) -> Option<(usize, &'t str)> {
        let range = object.yaml_range.clone()?;
        let text = input.get(range.clone())?;
        (!self.documents.borrow().contains_key(&range.start)).then_some((range.start, text))
    }

    /// Adds a document parsed elsewhere: `start` and the parse of the text
    /// [`Locator::unparsed_document`] gave.
    pub fn insert(&self, start: usize, lines: DocumentLines) {
        self.documents
            .borrow_mut()
            .entry(start)
            .or_insert_with(|| std::rc::Rc::new(lines));
    }

    /// The 1-based line in `input` of `path` inside `object`, as [`locate`].
    pub fn locate(&self, input: &str, object: &LoadedObject, path: &str) -> usize {
        let Some(range) = object.yaml_range.clone() else {
            return object.position.line;
        };
        let Some(text) = input.get(range.clone()) else {
            return object.position.line;
        };
        let first_line = 1 + self.newlines.partition_point(|&at| at < range.start);
        let lines = std::rc::Rc::clone(
            self.documents
                .borrow_mut()
                .entry(range.start)
                .or_insert_with(|| std::rc::Rc::new(DocumentLines::parse(text))),
        );
        lines
            .line_of(&path_in_document(&object.position, path))
            .map(|l| first_line + l - 1)
            .unwrap_or(object.position.line)
    }
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
    if needs_unreleased(api_version, kind) {
        return Diagnostic::error(
            codes::UNSUPPORTED_VERSION,
            object,
            "apiVersion",
            format!(
                "{kind} `{api_version}` is unreleased (on the SMI spec's main branch only), and this build does not read it"
            ),
        )
        .with_help(
            "enable the `unreleased` cargo feature: build `smi` with `cargo build -p smi-cli --features unreleased`, or depend on smi-types with `features = [\"unreleased\"]`",
        );
    }
    let supported: Vec<String> = SmiObject::supported()
        .into_iter()
        .filter(|(_, k)| k.as_str() == kind)
        .map(|(av, _)| av.version.as_str().to_owned())
        .collect();
    let help = if supported.is_empty() {
        let kinds: Vec<&str> = KindName::ALL
            .into_iter()
            .filter(|k| SmiObject::supported().iter().any(|(_, s)| s == k))
            .map(KindName::as_str)
            .collect();
        format!("SMI kinds are {}", kinds.join(", "))
    } else {
        format!("{kind} is served as {}", supported.join(", "))
    };
    Diagnostic::error(
        codes::UNSUPPORTED_VERSION,
        object,
        "apiVersion",
        format!("{kind} `{api_version}` is not a supported SMI kind and version"),
    )
    .with_help(help)
}

/// Whether `kind` in `api_version` is one the `unreleased` feature would read (access v1alpha4
/// and IdentityBinding) and this build lacks it.
fn needs_unreleased(api_version: &str, kind: &str) -> bool {
    let unreleased_kind = kind == KindName::IdentityBinding.as_str()
        || (api_version == "access.smi-spec.io/v1alpha4"
            && kind == KindName::TrafficTarget.as_str());
    unreleased_kind && !cfg!(feature = "unreleased")
}

/// Whether objects of this kind live outside namespaces (so `--namespace` does not apply): the
/// built-in cluster-scoped kinds of Kubernetes and Gateway API. Without an API server to ask,
/// a custom resource is taken to be namespaced, as every SMI kind is.
fn is_cluster_scoped(api_version: Option<&str>, kind: &str) -> bool {
    let group = api_version
        .and_then(|av| av.rsplit_once('/'))
        .map_or("", |(group, _)| group);
    matches!(
        (group, kind),
        (
            "",
            "Namespace" | "Node" | "PersistentVolume" | "ComponentStatus"
        ) | (
            "rbac.authorization.k8s.io",
            "ClusterRole" | "ClusterRoleBinding"
        ) | ("apiextensions.k8s.io", "CustomResourceDefinition")
            | ("apiregistration.k8s.io", "APIService")
            | (
                "storage.k8s.io",
                "StorageClass" | "CSIDriver" | "CSINode" | "VolumeAttachment"
            )
            | ("scheduling.k8s.io", "PriorityClass")
            | ("node.k8s.io", "RuntimeClass")
            | ("networking.k8s.io", "IngressClass")
            | (
                "admissionregistration.k8s.io",
                "MutatingWebhookConfiguration"
                    | "ValidatingWebhookConfiguration"
                    | "ValidatingAdmissionPolicy"
                    | "ValidatingAdmissionPolicyBinding"
            )
            | ("certificates.k8s.io", "CertificateSigningRequest")
            | (
                "flowcontrol.apiserver.k8s.io",
                "FlowSchema" | "PriorityLevelConfiguration"
            )
            | ("gateway.networking.k8s.io", "GatewayClass")
    )
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

/// Whether serde-saphyr refused a document for its syntax, not for a policy or budget of its own.
fn is_syntax_error(error: &serde_saphyr::Error) -> bool {
    !matches!(
        error.without_snippet(),
        serde_saphyr::Error::Budget { .. } | serde_saphyr::Error::DuplicateMappingKey { .. }
    )
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
///
/// Directives (`%YAML 1.2`, `%TAG …`) before a `---` belong to the document that marker starts:
/// they are kept in its text, with the marker, for the parser to read.
fn split_yaml_documents(input: &str) -> Vec<YamlDocument<'_>> {
    let mut docs = Vec::new();
    let mut start = 0usize;
    let mut start_line = 1usize;
    let mut offset = 0usize;
    let mut saw_marker_or_content = false;
    // Whether a `---` opened the current document (directives may only come before one).
    let mut in_document = false;
    // Where the directives before the next `---` start: offset and line.
    let mut directives: Option<(usize, usize)> = None;
    for (line_no, line) in (1usize..).zip(input.split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_start = bare == "---" || bare.starts_with("--- ") || bare.starts_with("---\t");
        let is_end = bare == "..." || bare.starts_with("... ");
        let is_directive = bare.starts_with('%') && !saw_marker_or_content && !in_document;
        if is_directive {
            directives.get_or_insert((offset, line_no));
        } else if is_start || is_end {
            let end = directives.map_or(offset, |(at, _)| at);
            if saw_marker_or_content || end > start {
                docs.push(YamlDocument {
                    text: &input[start..end],
                    first_line: start_line,
                    range: start..end,
                });
            }
            saw_marker_or_content = false;
            in_document = is_start;
            match (is_start, directives.take()) {
                (true, Some((at, line))) => {
                    start = at;
                    start_line = line;
                }
                // Content may follow the marker on the same line (`--- {a: 1}`); keep it.
                (true, None) => {
                    start = offset + 3;
                    start_line = line_no;
                }
                (false, _) => {
                    start = offset + line.len();
                    start_line = line_no + 1;
                }
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
