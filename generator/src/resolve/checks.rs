//! Checks of a schema's own keywords that do not change its Rust type but would mislead a
//! reader of the spec or of the docs: a `discriminator` that nothing reads, an `example` of
//! another type than the schema, and a `required` entry that names no property or sits beside
//! a schema that is not an object.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::compose::MergedObject;
use super::{Resolver, annotated, refs};

const SCHEMAS: &str = "#/components/schemas/";

impl Resolver<'_> {
    /// Warns about the keywords of the schema at `pointer` that the generator ignores or that
    /// contradict its type.
    pub(super) fn check_schema(&mut self, schema: &Schema, pointer: &str) {
        if let Some(discriminator) = &schema.schema_data.discriminator {
            self.check_discriminator_place(schema, discriminator, pointer);
        }
        if let Some(example) = &schema.schema_data.example {
            self.check_example(schema, example, pointer);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => self.check_required_names(object, pointer),
            SchemaKind::AllOf { all_of } => self.check_ignored_required(all_of, pointer),
            _ => {}
        }
    }

    /// Warns about each member of the `allOf` at `pointer` that only lists `required` names
    /// beside the member that gives the type, when that member is not an object. The `allOf`
    /// takes that member's type, so the names require nothing.
    fn check_ignored_required(&mut self, all_of: &[ReferenceOr<Schema>], pointer: &str) {
        let Some(base) = annotated::base_index(self.spec, all_of) else {
            return;
        };
        let schemas = self.spec.components.as_ref().map(|c| &c.schemas);
        let base_kind = refs::resolve(&all_of[base], schemas, SCHEMAS)
            .ok()
            .and_then(annotated::non_object_kind);
        let Some(base_kind) = base_kind else {
            return;
        };
        for (index, member) in all_of.iter().enumerate() {
            if !annotated::item(member).is_some_and(annotated::is_required_only) {
                continue;
            }
            self.warn(
                &format!("{pointer}/allOf/{index}"),
                format!(
                    "`required` is ignored because the schema is not an object: the `allOf` \
                     takes the type of its member at {pointer}/allOf/{base}, which {base_kind}"
                ),
                "remove the member that lists `required`, or list the names in the object \
                 schema that declares those properties",
            );
        }
    }

    /// Warns about each `required` entry of an object schema that names none of its
    /// `properties`. The struct has no field for it, so nothing requires it.
    ///
    /// A schema inside `allOf` may require a property of another member, so
    /// [`Self::check_merged_required_names`] checks it against the merged struct. One with
    /// `additionalProperties` may require a key of the map, so it is not checked.
    fn check_required_names(&mut self, object: &openapiv3::ObjectType, pointer: &str) {
        if object.properties.is_empty()
            || object.additional_properties.is_some()
            || pointer.contains("/allOf/")
        {
            return;
        }
        for (index, name) in object.required.iter().enumerate() {
            if object.properties.contains_key(name) {
                continue;
            }
            self.warn(
                &format!("{pointer}/required/{index}"),
                format!(
                    "`required` lists {name:?}, which is not one of the schema's properties, so \
                     the generated type has no field for it and does not require it"
                ),
                "add the property under `properties`, or remove it from `required`",
            );
        }
    }

    /// Warns about each `required` entry, written beside the `allOf` at `pointer` or in one of
    /// its inline members, that names no property of the merged struct. The entries of the
    /// component schemas that it refers to are checked where those schemas are lowered. As in
    /// [`Self::check_required_names`], a member with `additionalProperties` stops the check.
    pub(super) fn check_merged_required_names(&mut self, merged: &MergedObject, pointer: &str) {
        if merged.has_additional_properties {
            return;
        }
        let inside = format!("{pointer}/");
        for entry in &merged.required_entries {
            let declared = merged
                .properties
                .iter()
                .any(|property| property.wire_name == entry.name);
            if declared || !entry.pointer.starts_with(&inside) {
                continue;
            }
            self.warn(
                &entry.pointer,
                format!(
                    "`required` lists {:?}, which is not a property of the `allOf` at {pointer} \
                     or of its members, so the merged struct has no field for it and does not \
                     require it",
                    entry.name
                ),
                "add the property under `properties` of a member, or remove it from `required`",
            );
        }
    }

    /// Warns about a `discriminator` with a `mapping` on a schema without `oneOf` or `anyOf`.
    /// Such a schema becomes a struct or an alias, so the mapping selects no type.
    fn check_discriminator_place(
        &mut self,
        schema: &Schema,
        discriminator: &Discriminator,
        pointer: &str,
    ) {
        let is_union = match &schema.schema_kind {
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::Any(any) => !any.one_of.is_empty() || !any.any_of.is_empty(),
            _ => false,
        };
        let key = pointer
            .strip_prefix("#/components/schemas/")
            .unwrap_or_default();
        let extended = self
            .subtypes
            .contains_key(&crate::load::unescape_pointer_token(key));
        if is_union || extended || discriminator.mapping.is_empty() {
            return;
        }
        self.warn(
            &format!("{pointer}/discriminator/mapping"),
            format!(
                "discriminator on {:?} has a `mapping` but the schema has no `oneOf` or `anyOf`, \
                 so the mapping selects no type and decoding ignores it",
                discriminator.property_name
            ),
            "list the mapped schemas under `oneOf` beside the discriminator, or remove `mapping`",
        );
    }

    /// Warns about an `example` whose JSON type is not the schema's `type`.
    fn check_example(&mut self, schema: &Schema, example: &Value, pointer: &str) {
        let Some(expected) = schema_type(schema) else {
            return;
        };
        if example.is_null() && schema.schema_data.nullable {
            return;
        }
        if matches_type(example, expected) {
            return;
        }
        self.warn(
            &format!("{pointer}/example"),
            format!(
                "example is {}, but the schema's type is {expected}, so the docs and examples \
                 leave it out",
                json_type(example)
            ),
            &format!("give an example of type {expected}, or remove `example`"),
        );
    }
}

/// Returns the `type` of `schema`, or `None` when it has none or an unknown one.
fn schema_type(schema: &Schema) -> Option<&'static str> {
    let name = match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "string",
        SchemaKind::Type(Type::Number(_)) => "number",
        SchemaKind::Type(Type::Integer(_)) => "integer",
        SchemaKind::Type(Type::Boolean(_)) => "boolean",
        SchemaKind::Type(Type::Array(_)) => "array",
        SchemaKind::Type(Type::Object(_)) => "object",
        SchemaKind::Any(any) => match any.typ.as_deref()? {
            "string" => "string",
            "number" => "number",
            "integer" => "integer",
            "boolean" => "boolean",
            "array" => "array",
            "object" => "object",
            _ => return None,
        },
        _ => return None,
    };
    Some(name)
}

/// Tells whether `value` is of the JSON Schema type `expected`. As JSON Schema draft 6 and later
/// define it, a number with a zero fraction, such as `1.0`, is an integer.
fn matches_type(value: &Value, expected: &str) -> bool {
    match (expected, value) {
        ("string", Value::String(_))
        | ("number", Value::Number(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(number)) => {
            number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|x| x.fract() == 0.0)
        }
        _ => false,
    }
}

/// Names the JSON type of `value` for a message, such as `a string`.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "an integer",
        Value::Number(_) => "a number with a fraction",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::SpecError;

    /// Resolves a spec whose component schemas are the YAML map `schemas`, and returns its
    /// warnings.
    fn warnings_of(schemas: &str) -> Vec<SpecError> {
        crate::resolve::schemas::tests::resolve_schemas(schemas)
            .expect("the spec resolves")
            .warnings
    }

    #[test]
    fn example_of_other_type_is_warned() {
        let schemas = "\
            Count: {type: integer, example: '12'}\n\
            Ratio: {type: number, example: 0.5}\n\
            Whole: {type: integer, example: 3.0}\n\
            Name: {type: string, example: 7}\n\
            Maybe: {type: string, nullable: true, example: null}\n\
            Pet:\n  type: object\n  example: [1]\n  properties:\n    \
            age: {type: integer, example: true}\n    tags: {type: array, example: {}}";
        let warnings = warnings_of(schemas);
        let found: Vec<(&str, &str)> = warnings
            .iter()
            .map(|warning| (warning.pointer.as_str(), warning.reason.as_str()))
            .collect();
        let prefix = "#/components/schemas";
        let expected = [
            (
                format!("{prefix}/Count/example"),
                "example is a string, but the schema's type is integer",
            ),
            (
                format!("{prefix}/Name/example"),
                "example is an integer, but the schema's type is string",
            ),
            (
                format!("{prefix}/Pet/example"),
                "example is an array, but the schema's type is object",
            ),
            (
                format!("{prefix}/Pet/properties/age/example"),
                "example is a boolean, but the schema's type is integer",
            ),
            (
                format!("{prefix}/Pet/properties/tags/example"),
                "example is an object, but the schema's type is array",
            ),
        ];
        for (pointer, reason) in &expected {
            assert!(
                found
                    .iter()
                    .any(|(at, text)| at == pointer && text.starts_with(reason)),
                "{pointer}: {reason} is missing from {found:#?}"
            );
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
    }

    #[test]
    fn discriminator_mapping_without_union_is_warned() {
        let schemas = "\
            Pet:\n  type: object\n  properties: {kind: {type: string}}\n  \
            discriminator:\n    propertyName: kind\n    \
            mapping: {cat: '#/components/schemas/Cat'}\n\
            Cat: {allOf: [{$ref: '#/components/schemas/Pet'}]}\n\
            Plain:\n  type: object\n  properties: {kind: {type: string}}\n  \
            discriminator: {propertyName: kind}\n\
            Either:\n  oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Pet'}]\n  \
            discriminator:\n    propertyName: kind\n    \
            mapping: {cat: '#/components/schemas/Cat'}";
        let warnings = warnings_of(schemas);
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert_eq!(
            warnings[0].pointer,
            "#/components/schemas/Pet/discriminator/mapping"
        );
        assert!(
            warnings[0]
                .reason
                .contains("the schema has no `oneOf` or `anyOf`"),
            "{warnings:#?}"
        );
    }

    #[test]
    fn required_name_without_property_is_warned() {
        let schemas = "\
            Pet:\n  type: object\n  required: [name, owner]\n  properties:\n    \
            name: {type: string}\n\
            Tagged:\n  type: object\n  required: [key]\n  additionalProperties: true\n  \
            properties:\n    id: {type: string}\n\
            Dog:\n  allOf:\n    - $ref: '#/components/schemas/Pet'\n    - type: object\n      \
            required: [name]\n      properties:\n        bark: {type: boolean}";
        let warnings = warnings_of(schemas);
        let found: Vec<&str> = warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect();
        assert_eq!(
            found,
            ["#/components/schemas/Pet/required/1"],
            "{warnings:#?}"
        );
        assert!(warnings[0].reason.contains("\"owner\""), "{warnings:#?}");
    }

    #[test]
    fn required_name_of_all_of_is_checked() {
        let schemas = "\
            Pet:\n  type: object\n  required: [owner]\n  properties:\n    \
            name: {type: string}\n    id: {type: integer}\n\
            Named:\n  allOf:\n    - $ref: '#/components/schemas/Pet'\n    \
            - {required: [name, nope]}\n\
            Child:\n  allOf: [{$ref: '#/components/schemas/Pet'}]\n  required: [name, nope]\n\
            Tagged:\n  allOf:\n    - $ref: '#/components/schemas/Pet'\n    \
            - {type: object, additionalProperties: true, required: [key]}\n\
            Dog:\n  allOf:\n    - {type: object, required: [bark, id]}\n    \
            - $ref: '#/components/schemas/Pet'\n    \
            - {type: object, properties: {bark: {type: boolean}}}";
        let warnings = warnings_of(schemas);
        let found: Vec<&str> = warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect();
        assert_eq!(
            found,
            [
                "#/components/schemas/Pet/required/0",
                "#/components/schemas/Named/allOf/1/required/1",
                "#/components/schemas/Child/required/1",
            ],
            "{warnings:#?}"
        );
        assert!(
            warnings[1].reason.contains(
                "\"nope\", which is not a property of the `allOf` at #/components/schemas/Named"
            ),
            "{warnings:#?}"
        );
        let api = crate::resolve::schemas::tests::resolve_schemas(schemas).expect("resolves");
        let child = api.models.iter().find(|model| model.name == "Child");
        let Some(crate::ir::ModelKind::Struct { fields }) = child.map(|model| &model.kind) else {
            panic!("Child is not a struct: {child:?}");
        };
        let name = fields.iter().find(|field| field.wire_name == "name");
        assert!(name.is_some_and(|field| field.required), "{fields:?}");
    }

    #[test]
    fn integer_matches_whole_numbers() {
        assert!(matches_type(&json!(3), "integer"));
        assert!(matches_type(&json!(3.0), "integer"));
        assert!(matches_type(&json!(u64::MAX), "integer"));
        assert!(!matches_type(&json!(3.5), "integer"));
        assert!(matches_type(&json!(3), "number"));
        assert!(!matches_type(&json!("3"), "number"));
    }
}
