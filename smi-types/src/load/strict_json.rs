//! One JSON document → its value, refusing a key set twice in one object and bounding the
//! number of values it may hold.
//!
//! `serde_json::Value` lets the later of two equal keys win and builds documents of any size;
//! `kubectl apply` (strict field validation, its default) refuses the first, and the second
//! would let one document take memory far out of proportion to what a manifest needs. The
//! document's syntax is checked before (the caller cuts it out of its stream), so every error
//! here is one of those two.

use super::kubectl_yaml::{Budget, Unreadable};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::{Cell, RefCell};

/// Reads `text`, one well-formed JSON document, holding at most `max_nodes` values.
pub(super) fn read(text: &str, max_nodes: usize) -> Result<Value, Unreadable> {
    let state = State {
        nodes_left: Cell::new(max_nodes),
        max_nodes,
        refusal: RefCell::new(None),
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = Reader { state: &state }.deserialize(&mut deserializer);
    let error = match read {
        Ok(value) => return Ok(value),
        Err(error) => error,
    };
    Err(match state.refusal.into_inner() {
        Some(Refusal::DuplicateKey(key)) => Unreadable::DuplicateKey {
            key,
            first_line: None,
            line: error.line().max(1),
        },
        Some(Refusal::OverBudget) => Unreadable::OverBudget(Budget::JsonNodes(max_nodes)),
        // Only when the caller passed text that is not one JSON document.
        None => Unreadable::Syntax {
            line: error.line().max(1),
            message: error.to_string(),
        },
    })
}

/// What stopped the read, beside serde_json's own errors.
enum Refusal {
    DuplicateKey(String),
    OverBudget,
}

/// Shared by every nested [`Reader`] of one document.
struct State {
    nodes_left: Cell<usize>,
    max_nodes: usize,
    refusal: RefCell<Option<Refusal>>,
}

impl State {
    /// Counts one value against the budget.
    fn count<E: de::Error>(&self) -> Result<(), E> {
        match self.nodes_left.get().checked_sub(1) {
            Some(left) => {
                self.nodes_left.set(left);
                Ok(())
            }
            None => self.refuse(Refusal::OverBudget),
        }
    }

    fn refuse<T, E: de::Error>(&self, refusal: Refusal) -> Result<T, E> {
        let message = match &refusal {
            Refusal::DuplicateKey(key) => format!("the key `{key}` is set twice"),
            Refusal::OverBudget => format!("more than {} values", self.max_nodes),
        };
        *self.refusal.borrow_mut() = Some(refusal);
        Err(E::custom(message))
    }
}

/// Reads one value (and, through nested readers, everything inside it).
#[derive(Clone, Copy)]
struct Reader<'s> {
    state: &'s State,
}

impl<'de> DeserializeSeed<'de> for Reader<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Reader<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.state.count()?;
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.visit_string(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.state.count()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.state.count()?;
        let mut entries = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if entries.contains_key(&key) {
                return self.state.refuse(Refusal::DuplicateKey(key));
            }
            let value = map.next_value_seed(self)?;
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_set_twice_is_refused_with_its_line() {
        let text = "{\"a\": 1,\n \"spec\": {\"k\": 1,\n  \"k\": 2}}";
        match read(text, 100) {
            Err(Unreadable::DuplicateKey {
                key,
                first_line: None,
                line: 3,
            }) => assert_eq!(key, "k"),
            other => panic!("{other:?}"),
        }
        // Equal keys in different objects are not duplicates.
        assert!(read("{\"a\": {\"k\": 1}, \"b\": {\"k\": 1}}", 100).is_ok());
    }

    #[test]
    fn values_are_counted_against_the_budget() {
        // The object, `a`'s list and its three items: five values.
        let text = "{\"a\": [1, \"x\", null]}";
        assert_eq!(
            read(text, 5).expect("within the budget"),
            serde_json::json!({"a": [1, "x", null]})
        );
        assert!(matches!(
            read(text, 4),
            Err(Unreadable::OverBudget(Budget::JsonNodes(4)))
        ));
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = "{\"i\": -3, \"u\": 18446744073709551615, \"f\": 0.5, \"t\": true, \"s\": \"\\u00e9\", \"l\": [[]], \"o\": {}}";
        assert_eq!(
            read(text, 100).expect("reads"),
            serde_json::from_str::<Value>(text).expect("JSON")
        );
    }
}
