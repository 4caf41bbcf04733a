//! Rust types of the scalar schemas: booleans, integers, numbers and strings, by their `format`
//! and bounds.

use openapiv3::{
    AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use crate::ir::TypeRef;

/// 2^63, the smallest integer above `i64::MAX`, which an `f64` represents exactly.
const ABOVE_I64: f64 = 9_223_372_036_854_775_808.0;

/// Returns the type of a scalar schema without `enum` values, or `None` for any other schema.
pub(super) fn scalar_type(kind: &SchemaKind) -> Option<TypeRef> {
    match kind {
        SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
        SchemaKind::Type(Type::Integer(integer)) if integer.enumeration.is_empty() => {
            let format = match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Some("int32"),
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => Some("int64"),
                VariantOrUnknownOrEmpty::Unknown(format) => Some(format.as_str()),
                VariantOrUnknownOrEmpty::Empty => None,
            };
            Some(integer_type(format, false))
        }
        SchemaKind::Type(Type::Number(number)) => Some(match number.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
            _ => TypeRef::F64,
        }),
        SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
            Some(match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
                VariantOrUnknownOrEmpty::Unknown(format) => string_type(Some(format)),
                _ => TypeRef::String,
            })
        }
        SchemaKind::Any(any) => typed_any(any),
        _ => None,
    }
}

/// Returns the type of a schema that openapiv3 could not read as a typed schema but that names
/// a scalar `type`, such as an integer whose `maximum` is beyond `i64` or written with an
/// exponent (`1.0e+3`). Schemas with object, array, `enum` or composition keywords stay untyped.
fn typed_any(any: &AnySchema) -> Option<TypeRef> {
    let plain = any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none();
    if !plain {
        return None;
    }
    let format = any.format.as_deref();
    match any.typ.as_deref()? {
        "boolean" => Some(TypeRef::Bool),
        "integer" => {
            let non_negative = any.minimum.is_some_and(|minimum| minimum >= 0.0);
            let beyond_i64 = [any.minimum, any.maximum]
                .into_iter()
                .flatten()
                .any(|bound| bound >= ABOVE_I64);
            Some(integer_type(format, non_negative && beyond_i64))
        }
        "number" if format == Some("float") => Some(TypeRef::F32),
        "number" => Some(TypeRef::F64),
        "string" => Some(match format {
            Some("date-time") => TypeRef::DateTime,
            Some("date") => TypeRef::Date,
            Some("byte") => TypeRef::Base64,
            other => string_type(other),
        }),
        _ => None,
    }
}

/// Returns the type of an integer by its format. When the format does not decide,
/// `unsigned_64` picks `u64`: it is set when the schema's bounds fit only that type.
fn integer_type(format: Option<&str>, unsigned_64: bool) -> TypeRef {
    match format {
        Some("int8" | "int16" | "int32") => TypeRef::I32,
        Some("uint8" | "uint16" | "uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        _ if unsigned_64 => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// Returns the type of a string with a format that openapiv3 does not know.
fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("uuid") => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

/// Returns a doc sentence that names what a `not` schema excludes, for the untyped value that
/// replaces it, or `None` for any other schema.
pub(super) fn not_note(schema: &Schema, pointer: &str) -> Option<String> {
    let SchemaKind::Not { not } = &schema.schema_kind else {
        return None;
    };
    let excluded = match not.as_ref() {
        ReferenceOr::Reference { reference } => format!("the schema `{reference}`"),
        ReferenceOr::Item(inner) => match &inner.schema_kind {
            SchemaKind::Type(Type::String(_)) => "a string".to_owned(),
            SchemaKind::Type(Type::Integer(_)) => "an integer".to_owned(),
            SchemaKind::Type(Type::Number(_)) => "a number".to_owned(),
            SchemaKind::Type(Type::Boolean(_)) => "a boolean".to_owned(),
            SchemaKind::Type(Type::Array(_)) => "an array".to_owned(),
            SchemaKind::Type(Type::Object(_)) => "an object".to_owned(),
            _ => format!("the schema at `{pointer}/not`"),
        },
    };
    Some(format!(
        "Any JSON value except {excluded}: the spec excludes it with `not`, which the type does \
         not check."
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn type_of(schema: serde_json::Value) -> Option<TypeRef> {
        let schema: Schema = serde_json::from_value(schema).expect("a valid schema");
        scalar_type(&schema.schema_kind)
    }

    #[test]
    fn integer_formats_pick_width_and_sign() {
        let cases = [
            (json!({"type": "integer", "format": "int32"}), TypeRef::I32),
            (json!({"type": "integer", "format": "int64"}), TypeRef::I64),
            (json!({"type": "integer"}), TypeRef::I64),
            (json!({"type": "integer", "maximum": 100}), TypeRef::I64),
            (json!({"type": "integer", "format": "uint32"}), TypeRef::U32),
            (json!({"type": "integer", "format": "uint64"}), TypeRef::U64),
            (json!({"type": "integer", "format": "custom"}), TypeRef::I64),
        ];
        for (schema, expected) in cases {
            assert_eq!(type_of(schema.clone()), Some(expected), "{schema}");
        }
    }

    #[test]
    fn integer_beyond_i64_is_u64() {
        let huge = json!({"type": "integer", "minimum": 0, "maximum": 18446744073709551615_u64});
        assert_eq!(type_of(huge), Some(TypeRef::U64));
        let signed = json!({"type": "integer", "minimum": -1, "maximum": 18446744073709551615_u64});
        assert_eq!(type_of(signed), Some(TypeRef::I64));
    }

    #[test]
    fn integer_bound_with_exponent_stays_i64() {
        let schema = json!({"type": "integer", "maximum": 1.0e3});
        assert_eq!(type_of(schema), Some(TypeRef::I64));
    }

    #[test]
    fn number_formats_pick_width() {
        assert_eq!(
            type_of(json!({"type": "number", "format": "float"})),
            Some(TypeRef::F32)
        );
        assert_eq!(
            type_of(json!({"type": "number", "format": "double"})),
            Some(TypeRef::F64)
        );
        assert_eq!(type_of(json!({"type": "number"})), Some(TypeRef::F64));
        let exponent = json!({"type": "number", "format": "float", "maximum": 1.5e3});
        assert_eq!(type_of(exponent), Some(TypeRef::F32));
    }

    #[test]
    fn string_formats_have_types() {
        let cases = [
            ("date-time", TypeRef::DateTime),
            ("date", TypeRef::Date),
            ("uuid", TypeRef::Uuid),
            ("byte", TypeRef::Base64),
            ("binary", TypeRef::File),
            ("password", TypeRef::String),
            ("email", TypeRef::String),
        ];
        for (format, expected) in cases {
            let schema = json!({"type": "string", "format": format});
            assert_eq!(type_of(schema), Some(expected), "{format}");
        }
    }

    #[test]
    fn enums_and_objects_are_not_scalars() {
        assert_eq!(type_of(json!({"type": "integer", "enum": [1, 2]})), None);
        assert_eq!(type_of(json!({"type": "string", "enum": ["a"]})), None);
        assert_eq!(type_of(json!({"type": "object"})), None);
        let untyped_enum = json!({"type": "integer", "enum": [1.5]});
        assert_eq!(type_of(untyped_enum), None);
    }

    #[test]
    fn not_note_names_excluded_type() {
        let schema: Schema =
            serde_json::from_value(json!({"not": {"type": "string"}})).expect("a valid schema");
        let note = not_note(&schema, "#/components/schemas/A").expect("a note");
        assert!(note.starts_with("Any JSON value except a string"), "{note}");
        let plain: Schema = serde_json::from_value(json!({"type": "string"})).expect("valid");
        assert_eq!(not_note(&plain, "#/components/schemas/A"), None);
    }
}
