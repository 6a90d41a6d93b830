//! Kubernetes resource quantities, as used by TrafficSplit v1alpha1 weights.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// The Kubernetes quantity pattern, as the apiextensions schemas spell it.
pub const QUANTITY_PATTERN: &str = r"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

/// Digits beyond this many are refused: the exact value must fit comfortably in an `i128`.
const MAX_DIGITS: usize = 18;

/// An exact decimal: `mantissa × 10^exponent`, normalised so the mantissa has no trailing zeros.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// Signed significant digits.
    pub mantissa: i128,
    /// Power of ten.
    pub exponent: i32,
}

impl Decimal {
    fn normalised(mut mantissa: i128, mut exponent: i32) -> Decimal {
        if mantissa == 0 {
            return Decimal {
                mantissa: 0,
                exponent: 0,
            };
        }
        while mantissa % 10 == 0 {
            mantissa /= 10;
            exponent += 1;
        }
        Decimal { mantissa, exponent }
    }

    /// The value as an integer count of `10^exponent` units, if that is exact and fits.
    pub fn scaled_to(&self, exponent: i32) -> Option<i128> {
        let shift = self.exponent - exponent;
        if shift >= 0 {
            10i128
                .checked_pow(u32::try_from(shift).ok()?)
                .and_then(|p| self.mantissa.checked_mul(p))
        } else {
            let p = 10i128.checked_pow(u32::try_from(-shift).ok()?)?;
            (self.mantissa % p == 0).then(|| self.mantissa / p)
        }
    }

    /// Whether the value is below zero.
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        let exp = self.exponent.min(other.exponent);
        match (self.scaled_to(exp), other.scaled_to(exp)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Only reachable with absurd exponents; fall back to sign, then magnitude order.
            _ => self
                .mantissa
                .signum()
                .cmp(&other.mantissa.signum())
                .then(self.exponent.cmp(&other.exponent)),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Why a string is not a quantity.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum QuantityError {
    /// It does not match the Kubernetes quantity grammar.
    #[error("`{0}` is not a Kubernetes quantity (examples: `1`, `500m`, `1.5`, `2k`)")]
    Syntax(String),
    /// It has more significant digits than can be held exactly.
    #[error("`{0}` has more than {MAX_DIGITS} significant digits")]
    TooPrecise(String),
}

/// A Kubernetes `resource.Quantity`, kept exactly: `1`, `1000m` and `1.0` are equal.
///
/// The text as written is preserved for output; comparisons use the exact decimal value, never
/// the unscaled digits (smi-sdk-go's conversion reads `500m` as 500 and `1` as 1).
#[derive(Clone, Debug)]
pub struct Quantity {
    text: String,
    written_as_integer: bool,
    value: Decimal,
}

impl Quantity {
    /// A whole number, written as Go's `resource.NewQuantity` would (`"90"`).
    pub fn from_integer(value: u64) -> Quantity {
        Quantity {
            text: value.to_string(),
            written_as_integer: false,
            value: Decimal::normalised(i128::from(value), 0),
        }
    }

    /// The exact value.
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The text as it was written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The value in thousandths (`1` → 1000, `500m` → 500), if exact and in range.
    pub fn as_milli(&self) -> Option<i128> {
        self.value.scaled_to(-3)
    }
}

impl PartialEq for Quantity {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for Quantity {}

impl std::hash::Hash for Quantity {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state)
    }
}

impl PartialOrd for Quantity {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Quantity {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for Quantity {
    type Err = QuantityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Quantity {
            text: s.to_owned(),
            written_as_integer: false,
            value: parse_decimal(s)?,
        })
    }
}

fn parse_decimal(s: &str) -> Result<Decimal, QuantityError> {
    let syntax = || QuantityError::Syntax(s.to_owned());
    let bytes = s.as_bytes();
    let mut i = 0;
    let negative = match bytes.first() {
        Some(b'-') => {
            i += 1;
            true
        }
        Some(b'+') => {
            i += 1;
            false
        }
        _ => false,
    };
    let (mantissa, mut exponent, used) = parse_number(&s[i..]).ok_or_else(syntax)?;
    if mantissa.1 > MAX_DIGITS {
        return Err(QuantityError::TooPrecise(s.to_owned()));
    }
    i += used;
    let suffix = &s[i..];
    let mut mantissa = mantissa.0;
    match suffix {
        "" => {}
        "n" => exponent -= 9,
        "u" => exponent -= 6,
        "m" => exponent -= 3,
        "k" => exponent += 3,
        "M" => exponent += 6,
        "G" => exponent += 9,
        "T" => exponent += 12,
        "P" => exponent += 15,
        "E" => exponent += 18,
        "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" => {
            let power = match suffix {
                "Ki" => 10,
                "Mi" => 20,
                "Gi" => 30,
                "Ti" => 40,
                "Pi" => 50,
                _ => 60,
            };
            mantissa = mantissa
                .checked_mul(1i128 << power)
                .ok_or_else(|| QuantityError::TooPrecise(s.to_owned()))?;
        }
        _ if suffix.starts_with(['e', 'E']) => {
            let rest = &suffix[1..];
            let (sign, digits) = match rest.as_bytes().first() {
                Some(b'-') => (-1, &rest[1..]),
                Some(b'+') => (1, &rest[1..]),
                _ => (1, rest),
            };
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 4
            {
                return Err(syntax());
            }
            let e: i32 = digits.parse().map_err(|_| syntax())?;
            exponent += sign * e;
        }
        _ => return Err(syntax()),
    }
    if negative {
        mantissa = -mantissa;
    }
    Ok(Decimal::normalised(mantissa, exponent))
}

/// Parses `digits[.digits]` or `.digits`; returns ((mantissa, significant digit count), exponent, bytes used).
fn parse_number(s: &str) -> Option<((i128, usize), i32, usize)> {
    let bytes = s.as_bytes();
    let mut mantissa: i128 = 0;
    let mut digits = 0usize;
    let mut exponent = 0i32;
    let mut seen_digit = false;
    let mut i = 0;
    let mut in_fraction = false;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            seen_digit = true;
            if mantissa != 0 || b != b'0' {
                digits += 1;
            }
            if digits <= MAX_DIGITS + 1 {
                mantissa = mantissa * 10 + i128::from(b - b'0');
                if in_fraction {
                    exponent -= 1;
                }
            } else if !in_fraction {
                exponent += 1;
            }
        } else if b == b'.' && !in_fraction {
            in_fraction = true;
        } else {
            break;
        }
        i += 1;
    }
    seen_digit.then_some(((mantissa, digits), exponent, i))
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.written_as_integer
            && let Ok(n) = self.text.parse::<i64>()
        {
            return serializer.serialize_i64(n);
        }
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(QuantityVisitor)
    }
}

struct QuantityVisitor;

impl Visitor<'_> for QuantityVisitor {
    type Value = Quantity;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Kubernetes quantity: an integer or a string such as \"500m\"")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Quantity, E> {
        Ok(Quantity {
            text: v.to_string(),
            written_as_integer: true,
            value: Decimal::normalised(i128::from(v), 0),
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Quantity, E> {
        Ok(Quantity {
            text: v.to_string(),
            written_as_integer: true,
            value: Decimal::normalised(i128::from(v), 0),
        })
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Quantity, E> {
        Err(E::custom(format_args!(
            "{v} is a floating-point number; a quantity field takes an integer or a string, write it as \"{v}\""
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Quantity, E> {
        v.parse().map_err(E::custom)
    }
}

impl JsonSchema for Quantity {
    fn schema_name() -> Cow<'static, str> {
        "Quantity".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "x-kubernetes-int-or-string": true,
            "pattern": QUANTITY_PATTERN
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        s.parse().unwrap()
    }

    #[test]
    fn equal_values_in_different_spellings() {
        assert_eq!(q("1"), q("1000m"));
        assert_eq!(q("1.0"), q("1"));
        assert_eq!(q("0.5"), q("500m"));
        assert_eq!(q("1k"), q("1000"));
        assert_eq!(q("1e3"), q("1k"));
        assert_eq!(q("1Ki"), q("1024"));
        assert_eq!(q("0"), q("0m"));
        assert_eq!(q(".5"), q("500m"));
    }

    #[test]
    fn no_unscaled_digits_bug() {
        // smi-sdk-go reads these as 1:500; the real ratio is 2:1.
        assert_eq!(q("1").as_milli(), Some(1000));
        assert_eq!(q("500m").as_milli(), Some(500));
        assert_eq!(q("1.5").as_milli(), Some(1500));
        assert!(q("1") > q("500m"));
    }

    #[test]
    fn sub_milli_values_are_exact_but_not_milli() {
        assert_eq!(q("1n").as_milli(), None);
        assert_eq!(q("1n").value().scaled_to(-9), Some(1));
    }

    #[test]
    fn rejects_non_quantities() {
        for bad in ["", "m", "1x", "1.2.3", "abc", "--1", "1e", "1Ki1", " 1"] {
            assert!(bad.parse::<Quantity>().is_err(), "{bad:?} parsed");
        }
        assert!(matches!(
            "1234567890123456789012".parse::<Quantity>(),
            Err(QuantityError::TooPrecise(_))
        ));
    }

    #[test]
    fn serde_keeps_the_written_form() {
        let from_int: Quantity = serde_json::from_str("1").unwrap();
        assert_eq!(serde_json::to_string(&from_int).unwrap(), "1");
        let from_str: Quantity = serde_json::from_str("\"500m\"").unwrap();
        assert_eq!(serde_json::to_string(&from_str).unwrap(), "\"500m\"");
        assert!(serde_json::from_str::<Quantity>("0.5").is_err());
        assert_eq!(
            serde_json::to_string(&Quantity::from_integer(90)).unwrap(),
            "\"90\""
        );
    }
}
