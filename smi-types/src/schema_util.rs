//! Schema fragments that schemars cannot derive in a form the API server accepts.

use schemars::{Schema, SchemaGenerator, json_schema};

/// A non-negative integer (`u32` on the Rust side) without schemars' `format: uint32`.
pub(crate) fn non_negative_integer(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "integer",
        "format": "int64",
        "minimum": 0,
        "maximum": u32::MAX
    })
}
