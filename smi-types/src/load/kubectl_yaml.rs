//! One YAML document → the JSON value `kubectl` would send for it.
//!
//! kubectl reads YAML with go-yaml v2 (YAML 1.1 scalars: `0755` is octal 493, `yes`, `on` and
//! `y` are `true`, `1_000` is 1000, `<<` merges) and turns it into JSON with sigs.k8s.io/yaml:
//! map keys become strings (`on:` is the key `"true"`), a value JSON cannot hold (`.inf`, `.nan`,
//! a `null` key) makes it refuse the file, and a number JSON writes without a fraction
//! (`1.0`, `1e3`) reaches the API server as an integer. The rules here follow those libraries;
//! `testdata/kubectl-yaml/` holds the table kubectl itself answered, which the tests check this
//! module against (and, when kubectl is installed, kubectl against the table).
//!
//! Quoted and block scalars are always strings; a core tag (`!!int "0755"`, `!!str 0755`) is
//! honoured as go-yaml v2 honours it; other tags are ignored, the value read as a string.

use serde_json::{Map, Number, Value};
use serde_saphyr::granit_parser::{
    ErrorKind, Event, Options, Parser, ScalarStyle, ScanError, StrInput, Tag,
};
use std::collections::HashMap;

/// Why a document cannot be read.
#[derive(Debug)]
pub(super) enum Unreadable {
    /// Not well-formed YAML, at this 1-based line of the document.
    Syntax {
        /// Where.
        line: usize,
        /// What the parser said.
        message: String,
    },
    /// Well-formed, but holding what kubectl refuses to turn into JSON.
    Value(String),
    /// Over one of the budgets that bound the work a document may cause.
    OverBudget(Budget),
    /// A mapping sets one key twice (as JSON writes the key): `kubectl apply`'s default strict
    /// field validation refuses such an object. Lines are 1-based, in the document.
    DuplicateKey {
        /// The key, as JSON writes it.
        key: String,
        /// Where it is first set, when known.
        first_line: Option<usize>,
        /// Where it is set again.
        line: usize,
    },
}

/// A bound on the work one document may cause, far above what any manifest needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Budget {
    /// Nodes that aliases repeat, in all ([`ALIAS_NODE_BUDGET`]): a guard against "billion
    /// laughs" inputs.
    AliasNodes,
    /// Collections nested in one another ([`DEPTH_BUDGET`]): converting deeper ones would
    /// exhaust the stack.
    Depth,
    /// Values (scalars, lists and objects) in one JSON document: this limit, which the caller
    /// sets ([`super::Limits::json_nodes`]).
    JsonNodes(usize),
}

impl Budget {
    /// The budget's name and limit, for messages.
    pub(super) fn describe(self) -> String {
        match self {
            Budget::AliasNodes => {
                format!(
                    "the alias budget: aliases may repeat at most {ALIAS_NODE_BUDGET} nodes per document"
                )
            }
            Budget::Depth => {
                format!("the depth budget: collections may nest at most {DEPTH_BUDGET} deep")
            }
            Budget::JsonNodes(limit) => {
                format!("the node budget: a JSON document may hold at most {limit} values")
            }
        }
    }

    /// What a user can do about a breach.
    pub(super) fn help(self) -> &'static str {
        match self {
            Budget::AliasNodes | Budget::Depth => {
                "no Kubernetes manifest comes near this budget: check how the document was generated"
            }
            Budget::JsonNodes(_) => {
                "split the document, or raise the limit: `--max-json-nodes` on the command line, `Limits::json_nodes` in the library"
            }
        }
    }
}

/// Aliases may repeat a node at most this many nodes in all.
pub(super) const ALIAS_NODE_BUDGET: usize = 1_000_000;

/// Collections may nest at most this deep (a Kubernetes object nests some tens deep); the
/// parser enforces it, for flow and block collections alike.
pub(super) const DEPTH_BUDGET: usize = 255;

/// Reads the one document of `text` (`Value::Null` when it holds none).
pub(super) fn read(text: &str) -> Result<Value, Unreadable> {
    Ok(Builder::default()
        .build(events(text))?
        .unwrap_or(Value::Null))
}

/// The parser's events for `text`, with collections nested at most [`DEPTH_BUDGET`] deep.
pub(super) fn events(text: &str) -> Parser<'_, StrInput<'_>> {
    let mut options = Options::default();
    options.flow_nesting_limit = DEPTH_BUDGET;
    options.block_nesting_limit = DEPTH_BUDGET;
    Parser::new_from_str_with_options(text, options)
}

/// What a scalar read as a mapping's key is.
pub(super) enum KeyEvent {
    /// A key with this name, as JSON writes it.
    Named(String),
    /// The plain key `<<`.
    Merge,
    /// A key with no JSON name (`null`, or one kubectl refuses).
    Unnamed,
}

/// The scalar event (`text`, `style`, `tag`) read as a mapping's key.
pub(super) fn key_event(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> KeyEvent {
    match scalar(text, style, tag) {
        Ok(Node::Merge) => KeyEvent::Merge,
        Ok(node) => key_string(node).map_or(KeyEvent::Unnamed, KeyEvent::Named),
        Err(_) => KeyEvent::Unnamed,
    }
}

/// A scalar as go-yaml v2 resolves it, before it becomes JSON.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// The plain key `<<`.
    Merge,
}

/// What an anchor names: a scalar keeps its YAML reading (a key needs it: `1e6` names the key
/// `1e+06`, but is the value `1000000`); a collection is kept as the JSON it became.
#[derive(Clone)]
enum Anchored {
    Scalar(Node),
    Collection(Value),
}

impl Anchored {
    /// Values the node repeats where an alias names it.
    fn size(&self) -> usize {
        match self {
            Anchored::Scalar(_) => 1,
            Anchored::Collection(value) => json_size(value),
        }
    }
}

fn json_size(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(json_size).sum::<usize>(),
        // A key is a node of its own, as in the YAML.
        Value::Object(map) => 1 + map.values().map(|v| 1 + json_size(v)).sum::<usize>(),
        _ => 1,
    }
}

/// The key of the entry being read in a mapping.
enum PendingKey {
    /// A key JSON can name.
    Named(String),
    /// `<<`: the value's entries are set into the mapping.
    Merge,
    /// A key JSON cannot name (already reported): the entry is dropped.
    Unnamed,
}

/// A collection being read.
enum Frame {
    Seq {
        anchor: usize,
        items: Vec<Value>,
    },
    Map {
        anchor: usize,
        map: Map<String, Value>,
        key: Option<PendingKey>,
        set_keys: SetKeys,
    },
}

/// The keys a mapping being read sets itself (merged ones aside), as JSON writes them, with the
/// 1-based line each is first set on. A mapping of a manifest has a handful of keys: a list
/// searched in order is quicker than hashing each.
type SetKeys = Vec<(String, usize)>;

/// The first key a document sets twice in one mapping.
struct Duplicate {
    key: String,
    first_line: usize,
    line: usize,
}

/// Reads parser events into the JSON sigs.k8s.io/yaml makes of them, as the API server
/// receives it: map keys as JSON writes them, later keys replacing earlier ones, `<<` setting
/// every entry of the mapping(s) it names, as go-yaml v2 decodes into a map.
#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    root: Option<Value>,
    alias_nodes: usize,
    /// Reported once the whole document is read, so that a syntax error after it wins.
    duplicate: Option<Duplicate>,
    /// The first value JSON cannot hold: reported after a syntax error or a duplicate key.
    unjson: Option<String>,
}

impl Builder {
    fn build<'a>(
        mut self,
        parser: impl Iterator<Item = Result<(Event<'a>, serde_saphyr::granit_parser::Span), ScanError>>,
    ) -> Result<Option<Value>, Unreadable> {
        for event in parser {
            let (event, span) = event.map_err(|e| match e.kind() {
                ErrorKind::RecursionLimitExceeded => Unreadable::OverBudget(Budget::Depth),
                _ => Unreadable::Syntax {
                    line: e.marker().line().max(1),
                    message: e.info(),
                },
            })?;
            match event {
                Event::Scalar(text, style, anchor, tag) => {
                    let node = scalar(&text, style, tag.as_deref())?;
                    if anchor != 0 {
                        self.anchors.insert(anchor, Anchored::Scalar(node.clone()));
                    }
                    self.scalar(node, span.start.line().max(1));
                }
                Event::SequenceStart(_, anchor, _) => self.stack.push(Frame::Seq {
                    anchor,
                    items: Vec::new(),
                }),
                Event::MappingStart(_, anchor, _) => self.stack.push(Frame::Map {
                    anchor,
                    map: Map::new(),
                    key: None,
                    set_keys: SetKeys::new(),
                }),
                Event::SequenceEnd => match self.stack.pop() {
                    Some(Frame::Seq { anchor, items }) => {
                        self.collection(anchor, Value::Array(items), "a list")
                    }
                    _ => return Err(Unreadable::Value("unbalanced sequence".into())),
                },
                Event::MappingEnd => match self.stack.pop() {
                    Some(Frame::Map {
                        anchor,
                        map,
                        key: None,
                        ..
                    }) => self.collection(anchor, Value::Object(map), "a mapping"),
                    _ => return Err(Unreadable::Value("unbalanced mapping".into())),
                },
                Event::Alias(id) => {
                    let anchored = self.anchors.get(&id).cloned().ok_or_else(|| {
                        Unreadable::Value("an alias names no anchor before it".into())
                    })?;
                    self.alias_nodes += anchored.size();
                    if self.alias_nodes > ALIAS_NODE_BUDGET {
                        return Err(Unreadable::OverBudget(Budget::AliasNodes));
                    }
                    match anchored {
                        // Named as the scalar is, but never a duplicate: only keys written
                        // out are compared.
                        Anchored::Scalar(node) if self.awaits_key() => self.key(node, None),
                        Anchored::Scalar(node) => {
                            let value = self.json(node);
                            self.value(value);
                        }
                        Anchored::Collection(value) => self.collection(0, value, ""),
                    }
                }
                // Stream and document markers, comments, anchor names: no data.
                _ => {}
            }
        }
        if let Some(Duplicate {
            key,
            first_line,
            line,
        }) = self.duplicate
        {
            return Err(Unreadable::DuplicateKey {
                key,
                first_line: Some(first_line),
                line,
            });
        }
        match self.unjson {
            Some(message) => Err(Unreadable::Value(message)),
            None => Ok(self.root),
        }
    }

    /// Whether the next node read is a mapping's key.
    fn awaits_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    /// A scalar is read, at a 1-based line: a mapping's key, or a value.
    fn scalar(&mut self, node: Node, line: usize) {
        if self.awaits_key() {
            self.key(node, Some(line));
        } else {
            let value = self.json(node);
            self.value(value);
        }
    }

    /// A collection is read (a `what` for a key's message): a value, or a key JSON cannot name.
    fn collection(&mut self, anchor: usize, value: Value, what: &str) {
        if anchor != 0 {
            self.anchors
                .insert(anchor, Anchored::Collection(value.clone()));
        }
        if self.awaits_key() {
            let what = if what.is_empty() {
                if value.is_array() {
                    "a list"
                } else {
                    "a mapping"
                }
            } else {
                what
            };
            self.unjson(format!(
                "a map key kubectl cannot turn into a JSON key: {what}"
            ));
            self.set_key(PendingKey::Unnamed);
        } else {
            self.value(value);
        }
    }

    /// A scalar read as a mapping's key; `line` when it is written out (not an alias), to note
    /// the first key set twice. Only scalar keys are compared: a collection key has no JSON
    /// form (kubectl refuses it).
    fn key(&mut self, node: Node, line: Option<usize>) {
        let key = match node {
            Node::Merge => PendingKey::Merge,
            node => match key_string(node) {
                Ok(name) => {
                    if let Some(line) = line {
                        self.note_key(&name, line);
                    }
                    PendingKey::Named(name)
                }
                Err(message) => {
                    self.unjson(message);
                    PendingKey::Unnamed
                }
            },
        };
        self.set_key(key);
    }

    fn set_key(&mut self, pending: PendingKey) {
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = Some(pending);
        }
    }

    fn note_key(&mut self, name: &str, line: usize) {
        let Some(Frame::Map { set_keys, .. }) = self.stack.last_mut() else {
            return;
        };
        match set_keys.iter().find(|(set, _)| set == name) {
            Some(&(_, first_line)) if self.duplicate.is_none() => {
                self.duplicate = Some(Duplicate {
                    key: name.to_owned(),
                    first_line,
                    line,
                });
            }
            Some(_) => {}
            None => set_keys.push((name.to_owned(), line)),
        }
    }

    /// The JSON of a scalar read as a value; a value JSON cannot hold is noted, and read as null.
    fn json(&mut self, node: Node) -> Value {
        let value = match node {
            Node::Null => Ok(Value::Null),
            Node::Bool(b) => Ok(Value::Bool(b)),
            Node::Int(i) => match i64::try_from(i) {
                Ok(i) => Ok(Value::from(i)),
                // Beyond int64 kubectl reads the number back as a float.
                Err(_) => float(i as f64),
            },
            Node::Float(f) => float(f),
            Node::Str(s) => Ok(Value::String(s)),
            Node::Merge => Ok(Value::String("<<".into())),
        };
        value.unwrap_or_else(|unreadable| {
            if let Unreadable::Value(message) = unreadable {
                self.unjson(message);
            }
            Value::Null
        })
    }

    fn unjson(&mut self, message: String) {
        self.unjson.get_or_insert(message);
    }

    /// A value is read: it goes into the collection being read, or is the document.
    fn value(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => match key.take() {
                Some(PendingKey::Named(name)) => {
                    map.insert(name, value);
                }
                Some(PendingKey::Merge) => {
                    if let Err(message) = merge(map, value) {
                        self.unjson(message);
                    }
                }
                Some(PendingKey::Unnamed) | None => {}
            },
        }
    }
}

/// Sets every entry of the mapping(s) `merged` names into `map`, replacing what it holds;
/// of a list, earlier mappings take precedence.
fn merge(map: &mut Map<String, Value>, merged: Value) -> Result<(), String> {
    const WRONG: &str = "`<<` takes a mapping or a list of mappings";
    match merged {
        Value::Object(entries) => map.extend(entries),
        Value::Array(maps) => {
            // Earlier mappings of the list take precedence: set them last.
            for entries in maps.into_iter().rev() {
                let Value::Object(entries) = entries else {
                    return Err(WRONG.into());
                };
                map.extend(entries);
            }
        }
        _ => return Err(WRONG.into()),
    }
    Ok(())
}

/// A scalar as go-yaml v2 reads it: quoted and block scalars (and other tags) are strings,
/// plain ones and core-tagged ones are resolved.
fn scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Node, Unreadable> {
    let core = tag.and_then(|t| t.suffix_in_namespace("tag:yaml.org,2002:"));
    match (tag, core.as_deref()) {
        (None, _) if style == ScalarStyle::Plain => Ok(if text == "<<" {
            Node::Merge
        } else {
            resolve(text)
        }),
        (None, _) | (Some(_), None | Some("str")) => Ok(Node::Str(text.to_owned())),
        (Some(_), Some("binary")) => decode_base64(text)
            .map(Node::Str)
            .ok_or_else(|| Unreadable::Value(format!("`{text}` is not base64 text"))),
        (Some(_), Some(wanted @ ("int" | "float" | "bool" | "null" | "timestamp"))) => {
            match (wanted, resolve(text)) {
                ("int", n @ Node::Int(_))
                | ("float", n @ Node::Float(_))
                | ("bool", n @ Node::Bool(_))
                | ("null", n @ Node::Null) => Ok(n),
                ("float", Node::Int(i)) => Ok(Node::Float(i as f64)),
                // go-yaml v2 keeps timestamps as their text in untyped values.
                ("timestamp", _) => Ok(Node::Str(text.to_owned())),
                (wanted, _) => Err(Unreadable::Value(format!(
                    "cannot read `{text}` as a !!{wanted}"
                ))),
            }
        }
        // `!!map`, `!!seq` … on a scalar: go-yaml v2 leaves the text.
        (Some(_), Some(_)) => Ok(Node::Str(text.to_owned())),
    }
}

/// The value of a plain scalar under go-yaml v2's resolver (YAML 1.1 with Go's number syntax).
fn resolve(text: &str) -> Node {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Node::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Node::Bool(true);
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Node::Bool(false);
        }
        ".nan" | ".NaN" | ".NAN" => return Node::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Node::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Node::Float(f64::NEG_INFINITY),
        _ => {}
    }
    match text.as_bytes()[0] {
        b'.' => finite_float(text).map_or_else(|| Node::Str(text.to_owned()), Node::Float),
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(i) = go_parse_int(&plain) {
                Node::Int(i)
            } else if is_yaml_style_float(&plain)
                && let Some(f) = finite_float(&plain)
            {
                Node::Float(f)
            } else {
                Node::Str(text.to_owned())
            }
        }
        _ => Node::Str(text.to_owned()),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`: an optional sign, then
/// `0x`/`0o`/`0b` or a leading `0` (octal) or decimal digits.
fn go_parse_int(s: &str) -> Option<i128> {
    let (negative, unsigned) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = unsigned.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    let value = if negative {
        -i128::try_from(magnitude).ok()?
    } else {
        i128::try_from(magnitude).ok()?
    };
    let signed_fits = i64::try_from(value).is_ok();
    // Only an unsigned spelling reaches ParseUint; a sign makes it fail there.
    let unsigned_fits = !negative && s == unsigned && u64::try_from(value).is_ok();
    (signed_fits || unsigned_fits).then_some(value)
}

/// go-yaml v2's float syntax: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_style_float(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        None => digits(mantissa),
        Some(("", fraction)) => digits(fraction),
        Some((whole, fraction)) => digits(whole) && fraction.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// Go's `ParseFloat`, which fails where the value overflows (Rust's gives infinity).
fn finite_float(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// A map key as sigs.k8s.io/yaml writes it in JSON, or why it has none.
fn key_string(key: Node) -> Result<String, String> {
    match key {
        Node::Str(s) => Ok(s),
        Node::Bool(b) => Ok(b.to_string()),
        Node::Int(i) if i64::try_from(i).is_ok() => Ok(i.to_string()),
        Node::Float(f) => Ok(go_format_g32(f)),
        Node::Merge => Ok("<<".to_owned()),
        Node::Null => Err("a map key kubectl cannot turn into a JSON key: null".to_owned()),
        Node::Int(i) => Err(format!(
            "a map key kubectl cannot turn into a JSON key: {i}"
        )),
    }
}

/// A float as JSON carries it to the API server: integral values as integers.
fn float(f: f64) -> Result<Value, Unreadable> {
    if !f.is_finite() {
        return Err(Unreadable::Value(format!(
            "`{}` has no JSON form",
            if f.is_nan() {
                ".nan"
            } else if f > 0.0 {
                ".inf"
            } else {
                "-.inf"
            }
        )));
    }
    // JSON writes such a float without a fraction, and the API server reads it as an integer.
    let integral = f.fract() == 0.0 && f.abs() < 9.2e18;
    Ok(if integral {
        Value::from(f as i64)
    } else {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    })
}

/// `value` (read from JSON) with the numbers kubectl would send: a float without a fraction is
/// written, and read by the API server, as an integer.
pub(super) fn as_sent(value: Value) -> Value {
    match value {
        Value::Number(n) => match n.as_f64().filter(|_| n.is_f64()) {
            Some(f) => float(f).unwrap_or(Value::Number(n)),
            None => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(as_sent).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, as_sent(v))).collect())
        }
        other => other,
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 32)`, which sigs.k8s.io/yaml uses for float keys.
fn go_format_g32(f: f64) -> String {
    let single = f as f32;
    if single.is_nan() {
        return ".nan".into();
    }
    if single.is_infinite() {
        return if single > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // Rust's `{:e}` gives the shortest digits that read back as the same f32.
    let scientific = format!("{single:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.abs()
        )
    } else if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        format!("{sign}0.{zeros}{digits}")
    } else {
        let point = (exponent + 1) as usize;
        if digits.len() <= point {
            format!("{sign}{digits}{}", "0".repeat(point - digits.len()))
        } else {
            format!("{sign}{}.{}", &digits[..point], &digits[point..])
        }
    }
}

/// Standard base64 (what go-yaml v2 decodes a `!!binary` scalar with), as UTF-8 text.
fn decode_base64(text: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in text.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(yaml: &str) -> Value {
        read(yaml).expect("readable")
    }

    #[test]
    fn yaml_1_1_numbers_and_booleans_read_as_go_yaml_v2_reads_them() {
        let v = value(
            "oct: 0755\nocto: 0o755\nhex: 0x1F\nplus: +1\nunder: 1_000\nhalf: .5\nexp: 1e3\nfloat: 1.0\nbad: 08\nyes: on\nq: \"0755\"\nblock: |\n  0755\n",
        );
        assert_eq!(
            v,
            serde_json::json!({
                "oct": 493, "octo": 493, "hex": 31, "plus": 1, "under": 1000, "half": 0.5,
                "exp": 1000, "float": 1, "bad": 8, "true": true, "q": "0755", "block": "0755\n"
            })
        );
    }

    #[test]
    fn merges_set_keys_in_order_and_earlier_lists_win() {
        let v = value(
            "base: &b {a: 2, b: 3}\nm1: {a: 1, <<: *b}\nm2: {<<: *b, a: 1}\nm3: {<<: [{x: 1}, {x: 2, z: 2}]}\n",
        );
        assert_eq!(v["m1"], serde_json::json!({"a": 2, "b": 3}));
        assert_eq!(v["m2"], serde_json::json!({"a": 1, "b": 3}));
        assert_eq!(v["m3"], serde_json::json!({"x": 1, "z": 2}));
    }

    #[test]
    fn an_aliased_scalar_names_a_key_as_the_scalar_itself_would() {
        // `1e6` is the value 1000000 but the key `1e+06`; an alias keeps the YAML reading.
        let v = value("x: &k 1e6\nm: {*k : v}\nw: {1e6: w}\n");
        assert_eq!(
            v,
            serde_json::json!({"x": 1000000, "m": {"1e+06": "v"}, "w": {"1e+06": "w"}})
        );
    }

    #[test]
    fn a_collection_as_a_key_is_refused_after_a_later_syntax_error() {
        let refused = |yaml| match read(yaml) {
            Err(Unreadable::Value(message)) => message,
            other => panic!("{yaml}: {other:?}"),
        };
        assert_eq!(
            refused("a:\n  ? [1, 2]\n  : x\n"),
            "a map key kubectl cannot turn into a JSON key: a list"
        );
        assert_eq!(
            refused("b: &m {k: 1}\na: {*m : x}\n"),
            "a map key kubectl cannot turn into a JSON key: a mapping"
        );
        // The first value JSON cannot hold is the one reported, unless the text is not YAML.
        assert_eq!(refused("a: .inf\nb: .nan\n"), "`.inf` has no JSON form");
        assert!(matches!(
            read("a: .inf\nb: [1\n"),
            Err(Unreadable::Syntax { .. })
        ));
    }

    #[test]
    fn what_kubectl_refuses_is_unreadable() {
        for yaml in ["a: .inf", "a: -.inf", "a: .nan", "~: x", "a: !!int abc"] {
            assert!(matches!(read(yaml), Err(Unreadable::Value(_))), "{yaml}");
        }
        assert!(matches!(read("a: [1"), Err(Unreadable::Syntax { .. })));
    }

    #[test]
    fn json_floats_without_a_fraction_are_sent_as_integers() {
        assert_eq!(
            as_sent(serde_json::json!({"a": [1.0, 0.5, 2], "b": 1e3})),
            serde_json::json!({"a": [1, 0.5, 2], "b": 1000})
        );
    }

    #[test]
    fn float_keys_are_written_as_go_writes_32_bit_floats() {
        for (f, want) in [
            (1e6, "1e+06"),
            (0.1, "0.1"),
            (123456.5, "123456.5"),
            (1.5, "1.5"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (100.0, "100"),
        ] {
            assert_eq!(go_format_g32(f), want, "{f}");
        }
    }

    #[test]
    fn aliases_are_bounded() {
        let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            yaml.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n",
                p = i - 1
            ));
        }
        assert!(matches!(
            read(&yaml),
            Err(Unreadable::OverBudget(Budget::AliasNodes))
        ));
    }
}
