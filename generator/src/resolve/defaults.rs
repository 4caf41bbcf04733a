//! Checks of a schema's `default` against its type and its `enum`, so that the docs do not show
//! a value other than the spec's, and a doc example does not parse a value that fails.

use openapiv3::{Schema, SchemaKind, Type};
use serde_json::Value;

use super::Resolver;
use super::integers::integer_value;
use crate::ir::TypeRef;

impl Resolver<'_> {
    /// Returns the `default` of `schema`, at `pointer`, when it fits `ty` (when given) and the
    /// schema's `enum`. An integer written as a float without a fraction, such as `1.0e+3`,
    /// comes back as an integer. Otherwise warns and returns `None`, so docs and examples
    /// leave it out.
    pub(super) fn checked_default(
        &mut self,
        schema: &Schema,
        ty: Option<&TypeRef>,
        pointer: &str,
    ) -> Option<Value> {
        let written = schema.schema_data.default.as_ref()?;
        let default_pointer = format!("{pointer}/default");
        // NOTE: the digits of a clamped default are found only where `pointer` is the schema's
        // own place in the document. For a parameter given as a `$ref` it is the place of the
        // reference, so such a default is checked as the clamped value.
        let clamped = self.document.clamped_integers.get(&default_pointer);
        let (default, problem) = match clamped {
            Some(digits) => clamped_default(digits, ty),
            None => {
                let default = integral_default(written, schema, ty);
                let nullable = schema.schema_data.nullable;
                let problem = outside_enum(schema, &default, nullable)
                    .or_else(|| ty.and_then(|ty| type_mismatch(ty, &default, nullable)));
                (default, problem)
            }
        };
        let Some(problem) = problem else {
            return Some(default);
        };

        let as_written = clamped.cloned().unwrap_or_else(|| written.to_string());
        self.warn(
            &default_pointer,
            format!("default {as_written} {problem}, so the docs and examples leave it out"),
            "make the default a valid value of the schema, or remove it",
        );
        None
    }
}

/// Returns the default that the spec writes as `digits`, an integer beyond 64 bits that the
/// reader clamped, and why it does not fit `ty`, if it does not. Only a number type takes it,
/// as the nearest float.
fn clamped_default(digits: &str, ty: Option<&TypeRef>) -> (Value, Option<String>) {
    let float = digits
        .parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64);
    let ty = ty.map(without_nullable);
    let number_type = matches!(ty, Some(TypeRef::F32 | TypeRef::F64));
    let problem = match ty.and_then(integer_name_of) {
        _ if number_type && float.is_some() => None,
        Some(name) => Some(format!("is outside the range of {name}")),
        None => Some("is outside the range of 64-bit integers".to_owned()),
    };
    (float.map_or(Value::Null, Value::Number), problem)
}

/// Returns `default` as an integer when it is a float without a fraction, such as `1.0e+3`,
/// in the range of 64-bit integers, and the schema's values are integers. Returns any other
/// default unchanged.
fn integral_default(default: &Value, schema: &Schema, ty: Option<&TypeRef>) -> Value {
    let integer_type = ty.map(without_nullable).and_then(integer_name_of).is_some();
    if !(integer_type || is_integer_schema(schema)) || !default.is_f64() {
        return default.clone();
    }
    let integer = integer_value(default);
    let signed = integer.and_then(|integer| i64::try_from(integer).ok());
    let unsigned = integer.and_then(|integer| u64::try_from(integer).ok());
    signed
        .map(Value::from)
        .or_else(|| unsigned.map(Value::from))
        .unwrap_or_else(|| default.clone())
}

/// Tells whether `schema` is an integer schema, including one that `openapiv3` could read only
/// as untyped.
fn is_integer_schema(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(_)) => true,
        SchemaKind::Any(any) => any.typ.as_deref() == Some("integer"),
        _ => false,
    }
}

fn without_nullable(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) => without_nullable(inner),
        other => other,
    }
}

/// Returns the Rust name of the integer type `ty`, or `None` when it is no integer type.
fn integer_name_of(ty: &TypeRef) -> Option<&'static str> {
    match ty {
        TypeRef::I32 => Some("i32"),
        TypeRef::I64 => Some("i64"),
        TypeRef::U32 => Some("u32"),
        TypeRef::U64 => Some("u64"),
        _ => None,
    }
}

/// Returns why `default` is not one of the schema's `enum` values, if it is not.
fn outside_enum(schema: &Schema, default: &Value, nullable: bool) -> Option<String> {
    if nullable && default.is_null() {
        return None;
    }
    let listed = match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => string
            .enumeration
            .iter()
            .any(|value| value.as_deref() == default.as_str()),
        SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => integer
            .enumeration
            .iter()
            .any(|value| value.is_some() && *value == default.as_i64()),
        SchemaKind::Type(Type::Number(number)) if !number.enumeration.is_empty() => number
            .enumeration
            .iter()
            .any(|value| value.is_some() && *value == default.as_f64()),
        SchemaKind::Type(Type::Boolean(boolean)) if !boolean.enumeration.is_empty() => boolean
            .enumeration
            .iter()
            .any(|value| value.is_some() && *value == default.as_bool()),
        SchemaKind::Any(any) if !any.enumeration.is_empty() => {
            let integer = integer_value(default);
            any.enumeration.iter().any(|value| {
                value == default || (integer.is_some() && integer_value(value) == integer)
            })
        }
        _ => true,
    };
    (!listed).then(|| "is not one of the `enum` values".to_owned())
}

/// Returns why `default` is not a value of the Rust type `ty`, if it is not.
fn type_mismatch(ty: &TypeRef, default: &Value, nullable: bool) -> Option<String> {
    if let Some(name) = integer_name_of(ty)
        && !default.is_null()
    {
        return integer_mismatch(ty, name, default);
    }
    let fits = match ty {
        _ if default.is_null() => nullable || matches!(ty, TypeRef::Nullable(_) | TypeRef::Any),
        TypeRef::Nullable(inner) => return type_mismatch(inner, default, true),
        TypeRef::Bool => default.is_boolean(),
        TypeRef::F32 | TypeRef::F64 => default.is_number(),
        TypeRef::String => default.is_string(),
        TypeRef::DateTime => default.as_str().is_some_and(is_rfc3339_date_time),
        TypeRef::Date => default.as_str().is_some_and(is_full_date),
        TypeRef::Uuid => default.as_str().is_some_and(is_uuid),
        TypeRef::Array(_) => default.is_array(),
        TypeRef::Map(_) => default.is_object(),
        _ => true,
    };
    if fits {
        return None;
    }
    let problem = match ty {
        TypeRef::DateTime => "is not an RFC 3339 date-time",
        TypeRef::Date => "is not a YYYY-MM-DD date",
        TypeRef::Uuid => "is not a UUID",
        _ => "does not match the schema's type",
    };
    Some(problem.to_owned())
}

/// Returns why `default` is not a value of the integer type `ty`, named `name`, if it is not.
fn integer_mismatch(ty: &TypeRef, name: &str, default: &Value) -> Option<String> {
    if !default.is_number() {
        return Some("does not match the schema's type".to_owned());
    }
    let Some(integer) = integer_value(default) else {
        // NOTE: the readers give a float for an integer beyond the 128 bits of YAML's reader or
        // the 64 bits of JSON's. A whole float here is out of range however it was written.
        let whole = default.as_f64().is_some_and(|float| float.fract() == 0.0);
        let problem = if whole {
            format!("is outside the range of {name}")
        } else {
            "is not an integer".to_owned()
        };
        return Some(problem);
    };
    let fits = match ty {
        TypeRef::I32 => i32::try_from(integer).is_ok(),
        TypeRef::I64 => i64::try_from(integer).is_ok(),
        TypeRef::U32 => u32::try_from(integer).is_ok(),
        _ => u64::try_from(integer).is_ok(),
    };
    (!fits).then(|| format!("is outside the range of {name}"))
}

/// Tells whether `text` is an RFC 3339 `date-time`, such as `2021-06-15T10:00:00.5+02:00`.
/// A leap second (`:60`) is rejected.
fn is_rfc3339_date_time(text: &str) -> bool {
    let Some((date, rest)) = text.split_at_checked(10) else {
        return false;
    };
    let Some(time) = rest.strip_prefix(['T', 't', ' ']) else {
        return false;
    };
    let (clock, offset) = match time.find(['Z', 'z', '+', '-']) {
        Some(index) => time.split_at(index),
        None => return false,
    };
    let (whole, fraction) = clock.split_once('.').unwrap_or((clock, "0"));
    let fraction_valid = !fraction.is_empty() && fraction.bytes().all(|b| b.is_ascii_digit());
    let offset_valid = match offset {
        "Z" | "z" => true,
        _ => fields(&offset[1..], ':', &[23, 59]),
    };
    is_full_date(date) && fields(whole, ':', &[23, 59, 59]) && fraction_valid && offset_valid
}

/// Tells whether `text` is an RFC 3339 `full-date`: `YYYY-MM-DD`, a day that exists.
fn is_full_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    let digits = |part: &str, length: usize| {
        part.len() == length && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<u32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// Tells whether `text` is two-digit numbers joined by `separator`, each at most its `max`.
fn fields(text: &str, separator: char, max: &[u32]) -> bool {
    let parts: Vec<&str> = text.split(separator).collect();
    parts.len() == max.len()
        && parts.iter().zip(max).all(|(part, max)| {
            part.len() == 2
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.parse::<u32>().is_ok_and(|value| value <= *max)
        })
}

/// Tells whether `text` is a UUID written as 32 hexadecimal digits, with or without the
/// hyphens of the 8-4-4-4-12 form.
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|group| group.len()).collect();
    let hex = text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    hex && (lengths == [32] || lengths == [8, 4, 4, 4, 12])
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn date_times_accepted() {
        for text in [
            "2021-06-15T10:00:00Z",
            "2021-06-15t10:00:00z",
            "2021-06-15 10:00:00.123456+02:00",
            "2024-02-29T23:59:59-11:30",
        ] {
            assert!(is_rfc3339_date_time(text), "{text}");
        }
    }

    #[test]
    fn date_times_rejected() {
        for text in [
            "not a date",
            "2021-06-15",
            "2021-06-15T10:00:00",
            "2021-06-15T24:00:00Z",
            "2021-06-15T10:00:60Z",
            "2021-02-29T10:00:00Z",
            "2021-06-15T10:00:00.Z",
            "2021-06-15T10:00Z",
            "2021-06-15T10:00:00+2:00",
            "2021-06-15T10:00:00+02:00:00",
            "2021-6-15T10:00:00Z",
            "",
            "2021-06-15T10:00:00Zjunk",
            "é021-06-15T10:00:00Z",
        ] {
            assert!(!is_rfc3339_date_time(text), "{text}");
        }
    }

    #[test]
    fn dates_checked() {
        assert!(is_full_date("2000-02-29"));
        assert!(!is_full_date("1900-02-29"));
        assert!(!is_full_date("2021-13-01"));
        assert!(!is_full_date("2021-04-31"));
        assert!(!is_full_date("2021-04-00"));
        assert!(!is_full_date("21-04-01"));
    }

    #[test]
    fn uuids_checked() {
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8"));
        assert!(is_uuid("67e5504410b1426f9247bb680e5fe0c8"));
        assert!(!is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c"));
        assert!(!is_uuid("67e55044-10b1-426f-9247-bb680e5fe0cg"));
        assert!(!is_uuid("67e5504410b1-426f-9247-bb680e5fe0c8"));
    }

    #[test]
    fn integer_defaults_checked() {
        assert_eq!(
            type_mismatch(&TypeRef::I32, &json!(2_147_483_647), false),
            None
        );
        assert!(type_mismatch(&TypeRef::I32, &json!(2_147_483_648_i64), false).is_some());
        assert!(type_mismatch(&TypeRef::I64, &json!(u64::MAX), false).is_some());
        assert_eq!(type_mismatch(&TypeRef::U64, &json!(u64::MAX), false), None);
        assert!(type_mismatch(&TypeRef::I64, &json!(1.5), false).is_some());
        assert!(type_mismatch(&TypeRef::U32, &json!(-1), false).is_some());
    }

    #[test]
    fn container_default_must_match_shape() {
        let array = TypeRef::Array(Box::new(TypeRef::String));
        let map = TypeRef::Map(Box::new(TypeRef::I64));

        assert_eq!(type_mismatch(&array, &json!(["a"]), false), None);
        assert!(type_mismatch(&array, &json!({"a": 1}), false).is_some());
        assert_eq!(type_mismatch(&map, &json!({"a": 1}), false), None);
        assert!(type_mismatch(&map, &json!([1]), false).is_some());
    }

    #[test]
    fn integer_default_problems_are_precise() {
        let cases = [
            (TypeRef::I64, json!(1000.0), None),
            (TypeRef::I32, json!(-2.0e3), None),
            (TypeRef::I64, json!(2.5), Some("is not an integer")),
            (
                TypeRef::I32,
                json!(1.0e10),
                Some("is outside the range of i32"),
            ),
            (TypeRef::U64, json!(-1), Some("is outside the range of u64")),
            (
                TypeRef::I64,
                json!(1.2345678901234567e42),
                Some("is outside the range of i64"),
            ),
            (
                TypeRef::U32,
                json!("1"),
                Some("does not match the schema's type"),
            ),
        ];
        for (ty, default, expected) in cases {
            let problem = type_mismatch(&ty, &default, false);
            assert_eq!(problem.as_deref(), expected, "{ty:?} {default}");
        }
    }

    #[test]
    fn clamped_default_fits_only_numbers() {
        let digits = "99999999999999999999";
        let (value, problem) = clamped_default(digits, Some(&TypeRef::F64));
        assert_eq!(value, json!(1.0e20));
        assert_eq!(problem, None);

        let (_, problem) = clamped_default(digits, Some(&TypeRef::U64));
        assert_eq!(problem.as_deref(), Some("is outside the range of u64"));
        let (_, problem) = clamped_default(digits, None);
        assert_eq!(
            problem.as_deref(),
            Some("is outside the range of 64-bit integers")
        );
    }

    #[test]
    fn null_default_needs_nullable() {
        assert!(type_mismatch(&TypeRef::String, &Value::Null, false).is_some());
        assert_eq!(type_mismatch(&TypeRef::String, &Value::Null, true), None);
        let nullable = TypeRef::Nullable(Box::new(TypeRef::I32));
        assert_eq!(type_mismatch(&nullable, &Value::Null, false), None);
        assert!(type_mismatch(&nullable, &json!("x"), false).is_some());
    }
}
