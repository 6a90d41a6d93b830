//! Validation beyond the schema: rules no OpenAPI schema can express.
//!
//! (Being written: see the validate issue work.)
