//! Small serde helpers.

use serde::{Deserialize, Deserializer};

/// Reads `null` as the type's default (Go writes `null` for nil slices).
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}
