//! Integer values of the spec as Rust integers: JSON numbers without a fraction, and the
//! `enum` of an integer schema that `openapiv3` could not read as `i64` values.

use std::collections::BTreeMap;

use openapiv3::AnySchema;
use serde_json::Value;

use crate::ir::TypeRef;

/// Returns the integer that `value` is: a JSON integer, or a float without a fraction such as
/// `1.0e+3`. Returns `None` for any other value and for a float beyond the range of `i128`.
pub(super) fn integer_value(value: &Value) -> Option<i128> {
    if let Some(integer) = value.as_i64() {
        return Some(i128::from(integer));
    }
    if let Some(integer) = value.as_u64() {
        return Some(i128::from(integer));
    }
    let float = value.as_f64()?;
    // `i128::MAX as f64` rounds up to 2^127, which is itself out of range.
    let in_range = float >= i128::MIN as f64 && float < i128::MAX as f64;
    (float.fract() == 0.0 && in_range).then_some(float as i128)
}

/// The values of an integer `enum` and the Rust type that represents all of them.
#[derive(Debug, PartialEq)]
pub(super) struct IntegerEnum {
    /// The values in the spec's order, `None` for a `null`.
    pub values: Vec<Option<i128>>,
    /// `TypeRef::I64`, or `TypeRef::U64` when a value is above `i64::MAX`.
    pub value_type: TypeRef,
}

/// An integer `enum` that no Rust integer type represents.
#[derive(Debug, PartialEq)]
pub(super) struct UntypedEnum {
    /// Index of the value at fault.
    pub index: usize,
    /// The problem, naming that value.
    pub reason: String,
    /// The fix.
    pub fix: &'static str,
}

/// The fix of an `enum` value that is not an integer.
const NOT_INTEGER_FIX: &str =
    "list only integers in the `enum` of an integer schema, or change its `type`";

/// The fix of `enum` values that no single 64-bit integer type represents.
const RANGE_FIX: &str = "keep the values within the range of i64, or of u64 when none is negative";

/// Tells whether `any`, a schema that `openapiv3` could not read as a typed one, is an integer
/// schema with `enum` values.
pub(super) fn is_integer_enum(any: &AnySchema) -> bool {
    any.typ.as_deref() == Some("integer") && !any.enumeration.is_empty()
}

/// Reads the `enum` of the integer schema `any` as integers, and picks the Rust type that
/// represents them all.
///
/// # Errors
///
/// Returns [`UntypedEnum`] for the first value that is not an integer, or for a value that no
/// 64-bit integer type represents together with the others.
pub(super) fn integer_enum(any: &AnySchema) -> Result<IntegerEnum, UntypedEnum> {
    let mut values = Vec::with_capacity(any.enumeration.len());
    for (index, value) in any.enumeration.iter().enumerate() {
        if value.is_null() {
            values.push(None);
            continue;
        }
        match integer_value(value) {
            Some(integer) => values.push(Some(integer)),
            // NOTE: the readers give a float for an integer beyond the 128 bits of YAML's reader or
            // the 64 bits of JSON's. A whole float here is out of range however it was written.
            None if value.as_f64().is_some_and(|float| float.fract() == 0.0) => {
                return Err(UntypedEnum {
                    index,
                    reason: format!("enum value {value} is outside the range of 64-bit integers"),
                    fix: RANGE_FIX,
                });
            }
            None => {
                let reason = format!("enum value {value} is not an integer");
                return Err(UntypedEnum {
                    index,
                    reason,
                    fix: NOT_INTEGER_FIX,
                });
            }
        }
    }
    let value_type = value_type(&values, &any.enumeration)?;
    Ok(IntegerEnum { values, value_type })
}

/// Returns the first value of the `enum` of the schema at `pointer` that the reader clamped to
/// 64 bits, as an [`UntypedEnum`]. `clamped` are the digits of every clamped integer, by JSON
/// pointer.
pub(super) fn clamped_enum_value(
    clamped: &BTreeMap<String, String>,
    pointer: &str,
) -> Option<UntypedEnum> {
    let prefix = format!("{pointer}/enum/");
    let in_enum = clamped
        .range(prefix.clone()..)
        .take_while(|(key, _)| key.starts_with(&prefix));
    let (index, digits) = in_enum
        .filter_map(|(key, digits)| Some((key[prefix.len()..].parse::<usize>().ok()?, digits)))
        .min_by_key(|(index, _)| *index)?;
    Some(UntypedEnum {
        index,
        reason: format!("enum value {digits} is outside the range of 64-bit integers"),
        fix: RANGE_FIX,
    })
}

/// Picks `i64` for `values` when it represents them all, else `u64`. `written` are the values
/// as the spec gives them, for messages.
fn value_type(values: &[Option<i128>], written: &[Value]) -> Result<TypeRef, UntypedEnum> {
    let find = |test: fn(i128) -> bool| values.iter().position(|value| value.is_some_and(test));
    let below_i64 = find(|value| value < i128::from(i64::MIN));
    let above_u64 = find(|value| value > i128::from(u64::MAX));
    let above_i64 = find(|value| value > i128::from(i64::MAX));
    let negative = find(|value| value < 0);

    if let Some(index) = below_i64 {
        let reason = format!("enum value {} is below i64::MIN", written[index]);
        return Err(UntypedEnum {
            index,
            reason,
            fix: RANGE_FIX,
        });
    }
    if let Some(index) = above_u64 {
        let reason = format!("enum value {} is above u64::MAX", written[index]);
        return Err(UntypedEnum {
            index,
            reason,
            fix: RANGE_FIX,
        });
    }
    match (above_i64, negative) {
        (None, _) => Ok(TypeRef::I64),
        (Some(_), None) => Ok(TypeRef::U64),
        (Some(above), Some(negative)) => {
            let reason = format!(
                "enum value {} is above i64::MAX and enum value {} is negative, which no single \
                 Rust integer type represents",
                written[above], written[negative]
            );
            Err(UntypedEnum {
                index: above,
                reason,
                fix: RANGE_FIX,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn any_enum(values: Value) -> AnySchema {
        let schema = json!({"type": "integer", "enum": values, "properties": {}});
        serde_json::from_value(schema).expect("an AnySchema")
    }

    #[test]
    fn integral_floats_are_integers() {
        assert_eq!(integer_value(&json!(1.0e3)), Some(1000));
        assert_eq!(integer_value(&json!(-0.0)), Some(0));
        assert_eq!(integer_value(&json!(u64::MAX)), Some(i128::from(u64::MAX)));
        assert_eq!(integer_value(&json!(2.5)), None);
        assert_eq!(integer_value(&json!(1.0e40)), None);
        assert_eq!(integer_value(&json!("1")), None);
    }

    #[test]
    fn enum_type_is_i64_or_u64() {
        let typed = integer_enum(&any_enum(json!([1, 1.0e3, null]))).expect("typed");
        assert_eq!(typed.values, [Some(1), Some(1000), None]);
        assert_eq!(typed.value_type, TypeRef::I64);

        let typed = integer_enum(&any_enum(json!([0, u64::MAX]))).expect("typed");
        assert_eq!(typed.value_type, TypeRef::U64);
    }

    #[test]
    fn first_clamped_value_is_found() {
        let clamped = BTreeMap::from([
            ("#/a/enum/10".to_owned(), "1".repeat(30)),
            ("#/a/enum/2".to_owned(), "2".repeat(30)),
            ("#/a/enum/2/x".to_owned(), "3".repeat(30)),
            ("#/ab/enum/0".to_owned(), "4".repeat(30)),
        ]);
        let untyped = clamped_enum_value(&clamped, "#/a").expect("a clamped value");
        assert_eq!(untyped.index, 2);
        assert!(
            untyped.reason.contains(&"2".repeat(30)),
            "{}",
            untyped.reason
        );
        assert!(clamped_enum_value(&clamped, "#/b").is_none());
    }

    #[test]
    fn enum_beyond_64_bits_is_untyped() {
        let cases = [
            (
                json!([1, -1.0e19]),
                1,
                "enum value -1e+19 is below i64::MIN",
            ),
            (json!([1.0e20]), 0, "enum value 1e+20 is above u64::MAX"),
            (json!([true]), 0, "enum value true is not an integer"),
            (json!([2.5]), 0, "enum value 2.5 is not an integer"),
            (
                json!([1, 1.0e40]),
                1,
                "enum value 1e+40 is outside the range of 64-bit integers",
            ),
        ];
        for (values, index, reason) in cases {
            let error = integer_enum(&any_enum(values.clone())).expect_err("untyped");
            assert_eq!(error.index, index, "{values}");
            assert_eq!(error.reason, reason, "{values}");
        }
    }
}
