//! Validation beyond the schema: rules no OpenAPI schema can express.
//!
//! (Being written: see the validate issue work.)
/// placeholder
pub fn validate_all<'a>(
    _: impl IntoIterator<Item = &'a crate::SmiObject>,
) -> Vec<crate::Violation> {
    Vec::new()
}
