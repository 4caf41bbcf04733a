//! `allOf` lists in which one member gives the type and the others only annotate it: they add a
//! description, `nullable`, a `format` or bounds. Such a list takes the type of that member.
//! Members that list `required` names count as annotations too when the member that gives the
//! type is not an object, because `required` then has nothing to require.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::refs;

const SCHEMAS: &str = "#/components/schemas/";

/// The member of an `allOf` that gives its type.
pub(super) enum Base<'s> {
    /// A `$ref` member, whose target gives the type. The annotations change nothing in it.
    Reference(&'s str),
    /// An inline member with the keywords of the annotating members added where it lacks them.
    Inline(Box<Schema>),
}

/// An `allOf` whose members but one only annotate.
pub(super) struct Annotated<'s> {
    pub base: Base<'s>,
    /// JSON pointer of the member that gives the type.
    pub pointer: String,
}

/// Returns the member of the `allOf` at `pointer` that gives its type, when every other member
/// only annotates it. Returns `None` for a single member, for several members that each give
/// structure (properties, items, `enum`, a `$ref`), and for members that name different types.
pub(super) fn annotated<'s>(
    spec: &'s OpenAPI,
    all_of: &'s [ReferenceOr<Schema>],
    pointer: &str,
) -> Option<Annotated<'s>> {
    let index = base_index(spec, all_of)?;
    let member_pointer = format!("{pointer}/allOf/{index}");
    let base = match &all_of[index] {
        ReferenceOr::Reference { reference } => Base::Reference(reference),
        ReferenceOr::Item(schema) => {
            let others = all_of
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != index)
                .filter_map(|(_, member)| item(member));
            Base::Inline(Box::new(with_annotations(schema, others)))
        }
    };
    Some(Annotated {
        base,
        pointer: member_pointer,
    })
}

/// Returns the first `description` of the inline members of an annotated `allOf`, or of the
/// members that only annotate or list `required` names in any other `allOf`.
pub(super) fn description<'s>(
    spec: &OpenAPI,
    all_of: &'s [ReferenceOr<Schema>],
) -> Option<&'s str> {
    let annotated = base_index(spec, all_of).is_some();
    all_of
        .iter()
        .filter_map(item)
        .filter(|schema| annotated || is_untyped_annotation(schema) || is_required_only(schema))
        .find_map(|schema| schema.schema_data.description.as_deref())
}

/// Returns the index of the member that gives the type of an annotated `allOf`.
///
/// Members that only list `required` names are set aside like annotations when the member that
/// gives the type is not an object schema. Beside an object, `None` leaves the list to the
/// merge into a struct, which makes the named properties required.
pub(super) fn base_index(spec: &OpenAPI, all_of: &[ReferenceOr<Schema>]) -> Option<usize> {
    if all_of.len() < 2 {
        return None;
    }
    let mut structural = all_of.iter().enumerate().filter(|(_, member)| {
        item(member).is_none_or(|schema| !is_annotation(schema) && !is_required_only(schema))
    });
    let index = match (structural.next(), structural.next()) {
        (Some((index, _)), None) => index,
        // Every member is an annotation: the first that names a type gives it.
        (None, _) => all_of
            .iter()
            .position(|member| item(member).and_then(type_name).is_some())?,
        (Some(_), Some(_)) => return None,
    };
    let schemas = spec.components.as_ref().map(|c| &c.schemas);
    let base = refs::resolve(&all_of[index], schemas, SCHEMAS).ok();
    let base_type = base.and_then(type_name);
    let agree = all_of
        .iter()
        .filter_map(item)
        .filter_map(type_name)
        .all(|typ| Some(typ) == base_type);
    let lists_required = all_of.iter().filter_map(item).any(is_required_only);
    if lists_required && base.and_then(non_object_kind).is_none() {
        return None;
    }
    agree.then_some(index)
}

/// Describes `schema` when it is not an object schema, as "has type string" or "is a `oneOf`".
/// Returns `None` for an object, an `allOf`, and a schema without `type`, which may describe
/// objects.
pub(super) fn non_object_kind(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => Some("is a `oneOf`".to_owned()),
        SchemaKind::AnyOf { .. } => Some("is an `anyOf`".to_owned()),
        _ => type_name(schema)
            .filter(|&typ| typ != "object")
            .map(|typ| format!("has type {typ}")),
    }
}

/// Two members of an `allOf` that name different types.
pub(super) struct TypeConflict<'s> {
    /// Index of the first member that names a type.
    pub first_index: usize,
    pub first_type: &'s str,
    /// Index of the first later member that names another type.
    pub later_index: usize,
    pub later_type: &'s str,
}

/// Returns the first member of `all_of` whose `type`, through `$ref`s into
/// `#/components/schemas`, differs from that of the first member that names a type.
pub(super) fn type_conflict<'s>(
    spec: &'s OpenAPI,
    all_of: &'s [ReferenceOr<Schema>],
) -> Option<TypeConflict<'s>> {
    let schemas = spec.components.as_ref().map(|c| &c.schemas);
    let mut types = all_of.iter().enumerate().filter_map(|(index, member)| {
        let schema = refs::resolve(member, schemas, SCHEMAS).ok()?;
        Some((index, type_name(schema)?))
    });
    let (first_index, first_type) = types.next()?;
    let (later_index, later_type) = types.find(|&(_, typ)| typ != first_type)?;
    Some(TypeConflict {
        first_index,
        first_type,
        later_index,
        later_type,
    })
}

pub(super) fn item(member: &ReferenceOr<Schema>) -> Option<&Schema> {
    match member {
        ReferenceOr::Item(schema) => Some(schema),
        ReferenceOr::Reference { .. } => None,
    }
}

/// Tells whether `schema` adds nothing to the members of an `allOf` of objects: it names no
/// `type` and only annotates.
pub(super) fn is_untyped_annotation(schema: &Schema) -> bool {
    is_annotation(schema) && type_name(schema).is_none()
}

/// Tells whether `schema` only annotates values: it has no properties, items, `enum`,
/// composition or discriminator, and at most a scalar `type`.
fn is_annotation(schema: &Schema) -> bool {
    if schema.schema_data.discriminator.is_some() {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(number)) => number.enumeration.is_empty(),
        SchemaKind::Type(Type::Boolean(boolean)) => boolean.enumeration.is_empty(),
        SchemaKind::Any(any) => {
            let scalar = any
                .typ
                .as_deref()
                .is_none_or(|typ| matches!(typ, "string" | "integer" | "number" | "boolean"));
            scalar && any.required.is_empty() && has_no_structure(any)
        }
        _ => false,
    }
}

/// Tells whether `schema` names no `type` and only lists `required` property names beside its
/// annotations, as the second member of `allOf: [{$ref: ...}, {required: [name]}]` does to
/// make properties of the first member required.
pub(super) fn is_required_only(schema: &Schema) -> bool {
    if schema.schema_data.discriminator.is_some() {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.is_none() && !any.required.is_empty() && has_no_structure(any)
        }
        _ => false,
    }
}

/// Tells whether `any` has no properties, items, `enum` or composition, the keywords that give a
/// schema structure of its own.
fn has_no_structure(any: &openapiv3::AnySchema) -> bool {
    any.properties.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// Returns the `type` that `schema` names, if any.
pub(super) fn type_name(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Object(_)) => Some("object"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Any(any) => any.typ.as_deref(),
        _ => None,
    }
}

/// Returns `base` with each keyword of `annotations` that it lacks, the first annotation that
/// sets a keyword winning. Returns `base` unchanged if either does not serialize as a JSON object.
fn with_annotations<'a>(base: &Schema, annotations: impl Iterator<Item = &'a Schema>) -> Schema {
    let Ok(Value::Object(mut merged)) = serde_json::to_value(base) else {
        return base.clone();
    };
    for annotation in annotations {
        let Ok(Value::Object(keywords)) = serde_json::to_value(annotation) else {
            continue;
        };
        // `required` names properties, which a member that is not an object does not have.
        for (keyword, value) in keywords.into_iter().filter(|(key, _)| key != "required") {
            merged.entry(keyword).or_insert(value);
        }
    }
    // NOTE: openapiv3 reads a schema that does not fit its typed form, such as an integer
    // with a bound written as `0.0`, as an untyped schema with a `type`, whose Rust type
    // `formats::scalar_type` still finds.
    serde_json::from_value(Value::Object(merged)).unwrap_or_else(|_| base.clone())
}
