//! Lowering of schemas into models and type references.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

use super::Resolver;
use super::names::{NameScope, pascal_ident, snake_ident, type_ident};
use super::refs::{component_name, unresolved};
use crate::ir::{EnumVariant, Field, Model, ModelKind, TypeRef};
use crate::load::escape_pointer_token;

const SCHEMAS: &str = "#/components/schemas/";

impl Resolver<'_> {
    /// Claims a Rust name for every component schema, so references resolve in any order.
    pub(super) fn name_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for key in components.schemas.keys() {
            let rust_name = self.type_names.claim(type_ident(key, "Model"));
            self.schema_names.insert(key.clone(), rust_name);
        }
    }

    /// Lowers every component schema into a model.
    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let pointer = format!("{SCHEMAS}{}", escape_pointer_token(key));
            let rust_name = self.schema_names[key].clone();
            let model = match schema {
                ReferenceOr::Reference { reference } => {
                    let ty = self.type_of_reference(reference, &pointer);
                    self.model(key, rust_name, None, &pointer, ModelKind::Alias { ty })
                }
                ReferenceOr::Item(schema) => self.lower_model(key, rust_name, schema, &pointer),
            };
            self.models.push(model);
        }
    }

    /// Returns the type of the schema at `pointer`; inline objects and enums become models
    /// named `name_hint`.
    pub(super) fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of_schema(schema, pointer, name_hint),
        }
    }

    fn type_of_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        name_hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_reference(reference, pointer),
            ReferenceOr::Item(schema) => self.type_of_schema(schema, pointer, name_hint),
        }
    }

    fn type_of_reference(&mut self, reference: &str, pointer: &str) -> TypeRef {
        let fix = "define the schema under #/components/schemas or correct the $ref";
        let name = match component_name(reference, SCHEMAS) {
            Ok(name) => name,
            Err(reason) => {
                self.report(&format!("{pointer}/$ref"), reason, fix);
                return TypeRef::Any;
            }
        };
        match self.schema_names.get(&name) {
            Some(rust_name) => TypeRef::Model(rust_name.clone()),
            None => {
                let reason = unresolved(reference, &name, SCHEMAS);
                self.report(&format!("{pointer}/$ref"), reason, fix);
                TypeRef::Any
            }
        }
    }

    fn type_of_schema(&mut self, schema: &Schema, pointer: &str, name_hint: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::String(string)) if string.enumeration.is_empty() => {
                TypeRef::String
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => {
                        let hint = format!("{name_hint}Item");
                        self.type_of_boxed(items, &format!("{pointer}/items"), &hint)
                    }
                    None => TypeRef::Any,
                };
                TypeRef::Array(Box::new(items))
            }
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(values)) => {
                        let hint = format!("{name_hint}Value");
                        let pointer = format!("{pointer}/additionalProperties");
                        TypeRef::Map(Box::new(self.type_of(values, &pointer, &hint)))
                    }
                    _ => TypeRef::Map(Box::new(TypeRef::Any)),
                }
            }
            SchemaKind::Type(Type::Object(_) | Type::String(_)) => {
                let rust_name = self.type_names.claim(type_ident(name_hint, "Model"));
                let model = self.lower_model(name_hint, rust_name.clone(), schema, pointer);
                self.models.push(model);
                TypeRef::Model(rust_name)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of(&all_of[0], &format!("{pointer}/allOf/0"), name_hint)
            }
            // FIXME: oneOf, anyOf, not and multi-part allOf decode as untyped JSON values
            // until the resolver models compositions.
            _ => TypeRef::Any,
        }
    }

    fn lower_model(
        &mut self,
        name: &str,
        rust_name: String,
        schema: &Schema,
        pointer: &str,
    ) -> Model {
        let data = &schema.schema_data;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let fields = self.lower_fields(&rust_name, object, pointer);
                ModelKind::Struct { fields }
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let variants = lower_variants(&string.enumeration);
                ModelKind::Enum { variants }
            }
            _ => {
                let ty = self.type_of_schema(schema, pointer, &format!("{rust_name}Value"));
                ModelKind::Alias { ty }
            }
        };
        let mut model = self.model(name, rust_name, data.description.clone(), pointer, kind);
        model.example = data.example.clone();
        model.default = data.default.clone();
        model
    }

    fn lower_fields(
        &mut self,
        model_name: &str,
        object: &openapiv3::ObjectType,
        pointer: &str,
    ) -> Vec<Field> {
        let mut field_names = NameScope::default();
        let mut fields = Vec::with_capacity(object.properties.len());
        for (wire_name, schema) in &object.properties {
            let field_pointer = format!("{pointer}/properties/{}", escape_pointer_token(wire_name));
            let hint = format!("{model_name}{}", pascal_ident(wire_name, "Field"));
            let ty = self.type_of_boxed(schema, &field_pointer, &hint);
            // A property that is a $ref takes its example from the model it names.
            let data = match schema {
                ReferenceOr::Item(schema) => Some(&schema.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                wire_name: wire_name.clone(),
                rust_name: field_names.claim(snake_ident(wire_name, "field")),
                ty,
                required: object.required.contains(wire_name),
                boxed: false,
                description: data.and_then(|data| data.description.clone()),
                example: data.and_then(|data| data.example.clone()),
                default: data.and_then(|data| data.default.clone()),
            });
        }
        fields
    }

    fn model(
        &self,
        name: &str,
        rust_name: String,
        description: Option<String>,
        pointer: &str,
        kind: ModelKind,
    ) -> Model {
        Model {
            name: name.to_owned(),
            doc_file: format!("{}.md", snake_ident(&rust_name, "model")),
            rust_name,
            description,
            pointer: pointer.to_owned(),
            kind,
            example: None,
            default: None,
        }
    }
}

fn lower_variants(values: &[Option<String>]) -> Vec<EnumVariant> {
    let mut names = NameScope::default();
    values
        .iter()
        .flatten()
        .map(|value| EnumVariant {
            wire_value: value.clone(),
            rust_name: names.claim(pascal_ident(&spell_sign(value), "Empty")),
        })
        .collect()
}

/// Spells a leading sign as a word, so that `+1` and `-1` get distinct names.
fn spell_sign(value: &str) -> String {
    if let Some(rest) = value.strip_prefix('+') {
        format!("plus {rest}")
    } else if let Some(rest) = value.strip_prefix('-') {
        format!("minus {rest}")
    } else {
        value.to_owned()
    }
}
