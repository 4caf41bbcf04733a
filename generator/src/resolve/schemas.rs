//! Lowering of schemas into models and type references.

use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use std::borrow::Borrow;
use std::collections::BTreeSet;

use super::Resolver;
use super::annotated::{self, Annotated, Base};
use super::compose;
use super::discriminator::{TagOrigin, TagSource, mapping_selects};
use super::formats;
use super::integers;
use super::names::{
    NameScope, pascal_ident, snake_ident, type_ident, unique_snake_names, variant_ident,
};
use super::refs::{self, component_name, unresolved};
use super::unions::{Union, union_of};
use crate::ir::{EnumVariant, Field, IntegerVariant, Model, ModelKind, TypeRef, UnionVariant};
use crate::load::escape_pointer_token;

const SCHEMAS: &str = "#/components/schemas/";

/// Wire name of the field that collects the properties a struct does not name. Its Rust name
/// is `additional_properties` unless a property takes that name.
const ADDITIONAL_FIELD: &str = "additionalProperties";

/// Tells whether an `allOf` member gives a type: a `$ref`, a `type` or a composition.
fn gives_type(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => any.typ.is_some(),
            _ => true,
        },
    }
}

/// Number of `allOf` merges past the depth limit that are reported one by one.
const DEEP_MERGES_SHOWN: usize = 3;

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
                ReferenceOr::Item(schema) => {
                    self.check_schema(schema, &pointer);
                    if let Some(subtypes) = self.subtypes.get(key).cloned() {
                        let (model, fields) =
                            self.lower_with_subtypes(key, rust_name, schema, &pointer, &subtypes);
                        self.models.push(model);
                        self.models.push(fields);
                        continue;
                    }
                    self.lower_model(key, rust_name, schema, &pointer)
                }
            };
            self.models.push(model);
        }
        self.drop_non_struct_subtypes();
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
        self.check_schema(schema, pointer);
        if let Some(ty) = self.inline_type(schema, pointer, name_hint) {
            return ty;
        }
        let rust_name = self.type_names.claim(type_ident(name_hint, "Model"));
        let model = self.lower_model(name_hint, rust_name.clone(), schema, pointer);
        self.models.push(model);
        TypeRef::Model(rust_name)
    }

    /// Returns the type of a schema that needs no model of its own, or `None` for an object with
    /// properties, an enum, a union of several members or a merged `allOf`.
    ///
    /// NOTE: this never lowers `schema` itself into a model, only its members, so the fallback
    /// of [`Self::lower_model`] can call it without the two recursing on the same schema.
    fn inline_type(&mut self, schema: &Schema, pointer: &str, name_hint: &str) -> Option<TypeRef> {
        if let Some(ty) = formats::scalar_type(&schema.schema_kind) {
            return Some(ty);
        }
        if let Some(annotated) = annotated_all_of(self.spec, schema, pointer) {
            return match annotated.base {
                Base::Reference(reference) => {
                    Some(self.type_of_reference(reference, &annotated.pointer))
                }
                Base::Inline(merged) => self.inline_type(&merged, &annotated.pointer, name_hint),
            };
        }
        if let Some(union) = union_of(schema) {
            return self.inline_union(&union, schema, pointer, name_hint);
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => {
                        let hint = format!("{name_hint}Item");
                        let ty = self.type_of_boxed(items, &format!("{pointer}/items"), &hint);
                        self.or_null(items, ty)
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
                        let ty = self.type_of(values, &pointer, &hint);
                        TypeRef::Map(Box::new(self.or_null(values.as_ref(), ty)))
                    }
                    _ => TypeRef::Map(Box::new(TypeRef::Any)),
                }
            }
            // Strings and integers that get here have `enum` values.
            SchemaKind::Type(Type::Object(_) | Type::String(_) | Type::Integer(_)) => return None,
            _ if compose::is_merged(schema) && self.merges(schema, pointer) => return None,
            SchemaKind::AllOf { all_of } if all_of.is_empty() => {
                self.report_empty_list(pointer, "allOf");
                TypeRef::Any
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of(&all_of[0], &format!("{pointer}/allOf/0"), name_hint)
            }
            SchemaKind::AllOf { all_of } => {
                self.warn_all_of_type_conflict(all_of, pointer);
                TypeRef::Any
            }
            SchemaKind::Any(any) if any.typ.as_deref().is_some_and(is_unknown_type) => {
                let typ = any.typ.as_deref().unwrap_or_default();
                self.warn(
                    pointer,
                    format!(
                        "schema has unknown type {typ:?}, so its values decode as untyped JSON \
                         (`serde_json::Value`)"
                    ),
                    "use one of the OpenAPI 3.0 types (string, number, integer, boolean, array, \
                     object), or remove `type` to allow any value",
                );
                TypeRef::Any
            }
            SchemaKind::Any(any) if integers::is_integer_enum(any) => {
                match integers::integer_enum(any) {
                    Ok(_) => return None,
                    Err(untyped) => {
                        self.warn_untyped_enum(&untyped, pointer);
                        TypeRef::Any
                    }
                }
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                self.warn_unmodelled_union(pointer);
                TypeRef::Any
            }
            SchemaKind::Any(any) if any.typ.as_deref() == Some("string") => {
                self.warn_string_enum_value(any, pointer);
                TypeRef::Any
            }
            // FIXME: an allOf with a member that is not an object decodes as an untyped JSON
            // value until the resolver models it. A `not` is an untyped value on purpose: its
            // doc says what the spec excludes.
            _ => TypeRef::Any,
        };
        Some(ty)
    }

    /// Returns the type of the union `union` of `schema`, at `pointer`, when it needs no model
    /// of its own: an empty list, reported as an error, or a single member, whose type it
    /// takes. Returns `None` for a union of several members.
    fn inline_union(
        &mut self,
        union: &Union,
        schema: &Schema,
        pointer: &str,
        name_hint: &str,
    ) -> Option<TypeRef> {
        let keyword = union.keyword;
        match union.members {
            [] => {
                self.report_empty_list(pointer, keyword);
                Some(TypeRef::Any)
            }
            [member] => {
                if let Some(discriminator) = &schema.schema_data.discriminator {
                    self.check_discriminator(discriminator, union.members, pointer, keyword);
                }
                self.check_union_siblings(union, pointer);
                Some(self.type_of(member, &format!("{pointer}/{keyword}/0"), name_hint))
            }
            _ => None,
        }
    }

    /// Warns that the `oneOf` or `anyOf` of the schema at `pointer` has keywords beside it that
    /// the generator does not combine with a union, so the schema is untyped.
    fn warn_unmodelled_union(&mut self, pointer: &str) {
        self.warn(
            pointer,
            "schema combines `oneOf` or `anyOf` with `allOf`, `not`, the other union keyword or \
             keywords of a type other than object, which the generator does not model, so its \
             values decode as untyped JSON (`serde_json::Value`)"
                .to_owned(),
            "move the keywords beside the union into its members, or wrap the union in an \
             `allOf` member",
        );
    }

    /// Lowers the integer `enum` of the schema at `pointer`, read as `typed`, into an enum, or
    /// into an untyped alias with a warning when no Rust integer type represents its values.
    /// A value that the reader clamped to 64 bits makes it untyped too.
    fn lower_integer_enum(
        &mut self,
        typed: Result<integers::IntegerEnum, integers::UntypedEnum>,
        pointer: &str,
    ) -> ModelKind {
        let clamped = integers::clamped_enum_value(&self.document.clamped_integers, pointer);
        match clamped.map_or(typed, Err) {
            Ok(typed) => ModelKind::IntegerEnum {
                variants: self.lower_integer_variants(&typed.values, pointer),
                value_type: typed.value_type,
            },
            Err(untyped) => {
                self.warn_untyped_enum(&untyped, pointer);
                ModelKind::Alias { ty: TypeRef::Any }
            }
        }
    }

    /// Warns about the first value of the string schema `any`, at `pointer`, that is not a
    /// string. `openapiv3` reads such a schema as untyped, so its values decode as any JSON.
    fn warn_string_enum_value(&mut self, any: &AnySchema, pointer: &str) {
        let other = any
            .enumeration
            .iter()
            .enumerate()
            .find(|(_, value)| !value.is_string() && !value.is_null());
        let Some((index, value)) = other else {
            return;
        };
        self.warn(
            &format!("{pointer}/enum/{index}"),
            format!(
                "enum value {value} of a string schema is not a string, so the schema's values \
                 decode as untyped JSON (`serde_json::Value`)"
            ),
            &format!("quote the value, such as `\"{value}\"`, or change the schema's `type`"),
        );
    }

    /// Warns that the integer `enum` of the schema at `pointer` has no Rust integer type.
    fn warn_untyped_enum(&mut self, untyped: &integers::UntypedEnum, pointer: &str) {
        self.warn(
            &format!("{pointer}/enum/{}", untyped.index),
            format!(
                "{}, so the schema's values decode as untyped JSON (`serde_json::Value`)",
                untyped.reason
            ),
            untyped.fix,
        );
    }

    /// Reports a composition keyword (`oneOf`, `anyOf`, `allOf`) whose list of schemas is
    /// empty, which JSON Schema does not allow.
    fn report_empty_list(&mut self, pointer: &str, keyword: &str) {
        self.report(
            &format!("{pointer}/{keyword}"),
            format!("`{keyword}` lists no schemas, but it must list at least one"),
            &format!("list the member schemas under `{keyword}`, or remove `{keyword}`"),
        );
    }

    pub(super) fn lower_model(
        &mut self,
        name: &str,
        rust_name: String,
        schema: &Schema,
        pointer: &str,
    ) -> Model {
        let data = &schema.schema_data;
        let kind = match annotated_all_of(self.spec, schema, pointer) {
            Some(Annotated {
                base: Base::Inline(merged),
                pointer: base_pointer,
            }) => {
                // The keywords written beside the `allOf` describe the whole schema.
                let mut model = self.lower_model(name, rust_name, &merged, &base_pointer);
                model.pointer = pointer.to_owned();
                if data.description.is_some() {
                    model.description = data.description.clone();
                }
                if data.example.is_some() {
                    model.example = data.example.clone();
                }
                return model;
            }
            Some(Annotated {
                base: Base::Reference(reference),
                pointer: base_pointer,
            }) => ModelKind::Alias {
                ty: self.type_of_reference(reference, &base_pointer),
            },
            None => self.lower_kind(&rust_name, schema, pointer),
        };
        let description = data
            .description
            .as_deref()
            .or_else(|| self.annotation_description(schema));
        let description = with_not_note(description, schema, pointer);
        let alias_type = match &kind {
            ModelKind::Alias { ty } => Some(ty),
            _ => None,
        };
        let default = self.checked_default(schema, alias_type, pointer);
        let mut model = self.model(name, rust_name, description, pointer, kind);
        model.example = data.example.clone();
        model.default = default;
        model
    }

    /// Lowers a schema that is not an annotated `allOf` into the kind of its model.
    fn lower_kind(&mut self, rust_name: &str, schema: &Schema, pointer: &str) -> ModelKind {
        if let Some(union) = union_of(schema).filter(|union| union.members.len() > 1) {
            return self.lower_union(rust_name, schema, &union, pointer);
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                let fields = self.lower_fields(rust_name, object, pointer);
                ModelKind::Struct { fields }
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let variants = self.lower_variants(&string.enumeration, pointer);
                ModelKind::Enum { variants }
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                let values = integer
                    .enumeration
                    .iter()
                    .map(|value| value.map(i128::from))
                    .collect();
                let typed = integers::IntegerEnum {
                    values,
                    value_type: TypeRef::I64,
                };
                self.lower_integer_enum(Ok(typed), pointer)
            }
            SchemaKind::Any(any) if integers::is_integer_enum(any) => {
                self.lower_integer_enum(integers::integer_enum(any), pointer)
            }
            _ if compose::is_merged(schema) => {
                match compose::merge_object(self.spec, schema, pointer) {
                    Ok(merged) => {
                        self.warn_merge_cycles(&merged.cycles);
                        self.warn_property_conflicts(&merged.conflicts);
                        self.check_merged_required_names(&merged, pointer);
                        let properties = merged.properties.iter().map(|property| {
                            (
                                property.wire_name,
                                property.schema,
                                property.pointer.clone(),
                            )
                        });
                        // FIXME: the members' `additionalProperties` get no field here, so a
                        // merged struct drops unknown keys until the merge carries them.
                        let fields =
                            self.lower_properties(rust_name, properties, &merged.required, None);
                        ModelKind::Struct { fields }
                    }
                    Err(compose::MergeFailure::NotObject) => {
                        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
                            self.warn_all_of_type_conflict(all_of, pointer);
                        }
                        ModelKind::Alias { ty: TypeRef::Any }
                    }
                    Err(compose::MergeFailure::TooDeep { pointer: at }) => {
                        self.report_deep_merge(&at, pointer);
                        ModelKind::Alias { ty: TypeRef::Any }
                    }
                }
            }
            _ => {
                let hint = format!("{rust_name}Value");
                let ty = self
                    .inline_type(schema, pointer, &hint)
                    .unwrap_or(TypeRef::Any);
                ModelKind::Alias { ty }
            }
        }
    }

    fn lower_fields(
        &mut self,
        model_name: &str,
        object: &openapiv3::ObjectType,
        pointer: &str,
    ) -> Vec<Field> {
        let properties = object.properties.iter().map(|(wire_name, schema)| {
            let field_pointer = format!("{pointer}/properties/{}", escape_pointer_token(wire_name));
            (wire_name.as_str(), schema, field_pointer)
        });
        let required: BTreeSet<String> = object.required.iter().cloned().collect();
        let additional = object
            .additional_properties
            .as_ref()
            .map(|additional| (additional, format!("{pointer}/additionalProperties")));
        self.lower_properties(model_name, properties, &required, additional)
    }

    /// Returns `ty`, the type of an array item, a map value or a JSON request body, as
    /// `Nullable` when its schema allows null. An untyped value already accepts null, so it
    /// stays as it is.
    pub(super) fn or_null<S: Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        ty: TypeRef,
    ) -> TypeRef {
        if ty != TypeRef::Any && self.is_nullable(schema) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// Tells whether a property's schema, or the component schema it refers to, allows null.
    pub(super) fn is_nullable<S: Borrow<Schema>>(&self, schema: &ReferenceOr<S>) -> bool {
        self.is_nullable_within(schema, &mut Vec::new())
    }

    /// Tells whether `schema` is nullable, as [`Self::is_nullable`] does. `seen` contains the
    /// component schemas already searched, so a cycle ends the search and none is searched twice.
    fn is_nullable_within<S: Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        seen: &mut Vec<String>,
    ) -> bool {
        let reference = match schema {
            ReferenceOr::Item(schema) => return self.allows_null(schema.borrow(), seen),
            ReferenceOr::Reference { reference } => reference,
        };
        let Ok(name) = component_name(reference, SCHEMAS) else {
            return false;
        };
        if seen.contains(&name) {
            return false;
        }
        let target = self
            .spec
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(&name));
        seen.push(name);
        match target {
            Some(ReferenceOr::Item(target)) => self.allows_null(target, seen),
            _ => false,
        }
    }

    /// Tells whether `schema` sets `nullable`, is an annotated `allOf` with a member that
    /// allows null, such as `allOf: [{$ref: ...}, {nullable: true}]`, or is a `oneOf` or
    /// `anyOf` with a member that allows null, which the union then accepts.
    fn allows_null(&self, schema: &Schema, seen: &mut Vec<String>) -> bool {
        if schema.schema_data.nullable {
            return true;
        }
        let members = match (&schema.schema_kind, union_of(schema)) {
            (_, Some(union)) => union.members,
            (SchemaKind::AllOf { all_of }, None)
                if annotated::base_index(self.spec, all_of).is_some() =>
            {
                all_of
            }
            _ => return false,
        };
        members
            .iter()
            .any(|member| self.is_nullable_within(member, seen))
    }

    /// Returns the description that an `allOf` member of `schema` gives it, as in
    /// `allOf: [{$ref: ...}, {description: ...}]`.
    fn annotation_description<'a>(&self, schema: &'a Schema) -> Option<&'a str> {
        match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => annotated::description(self.spec, all_of),
            _ => None,
        }
    }

    /// Tells whether a value of `schema` is a secret: a string with `format: password`, or an
    /// array or map whose items or values are, through any `$ref`s. `depth` counts the arrays
    /// and maps passed, so a schema that contains itself ends the search.
    pub(super) fn is_password<S: Borrow<Schema>>(
        &self,
        schema: &ReferenceOr<S>,
        depth: usize,
    ) -> bool {
        const MAX_DEPTH: usize = 16;
        let Some(schema) = self.dereference(schema) else {
            return false;
        };
        if depth > MAX_DEPTH {
            return false;
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => matches!(
                string.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Password)
            ),
            SchemaKind::Type(Type::Array(array)) => array
                .items
                .as_ref()
                .is_some_and(|items| self.is_password(items, depth + 1)),
            SchemaKind::Type(Type::Object(object)) if object.properties.is_empty() => {
                match &object.additional_properties {
                    Some(AdditionalProperties::Schema(values)) => {
                        self.is_password(values.as_ref(), depth + 1)
                    }
                    _ => false,
                }
            }
            SchemaKind::Any(any) => {
                any.typ.as_deref() == Some("string") && any.format.as_deref() == Some("password")
            }
            _ => false,
        }
    }

    /// Returns the schema that `schema` is or refers to, following `$ref`s through the
    /// component schemas, or `None` when a reference does not resolve.
    pub(super) fn dereference<'s, S: Borrow<Schema>>(
        &'s self,
        schema: &'s ReferenceOr<S>,
    ) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.borrow()),
            ReferenceOr::Reference { reference } => {
                let components = self.spec.components.as_ref();
                let name = component_name(reference, SCHEMAS).ok()?;
                let target = components?.schemas.get(&name)?;
                refs::resolve(target, components.map(|c| &c.schemas), SCHEMAS).ok()
            }
        }
    }

    /// Warns about each `allOf` member that leads back to a schema of the same merge.
    fn warn_merge_cycles(&mut self, cycles: &[compose::CycleRef]) {
        for cycle in cycles {
            self.warn(
                &cycle.pointer,
                format!(
                    "`allOf` member leads back to {SCHEMAS}{}, which this merge already \
                     includes, so the member is skipped",
                    escape_pointer_token(&cycle.target)
                ),
                "remove the `$ref` that closes the cycle, or move the shared properties into a \
                 schema that both include",
            );
        }
    }

    /// Warns about each property that two `allOf` members declare with different types.
    fn warn_property_conflicts(&mut self, conflicts: &[compose::PropertyConflict]) {
        for conflict in conflicts {
            self.warn(
                &conflict.pointer,
                format!(
                    "property {:?} has type {} here but type {} at {}, so the merged struct \
                     keeps the type {}",
                    conflict.wire_name,
                    conflict.later_type,
                    conflict.first_type,
                    conflict.first_pointer,
                    conflict.first_type
                ),
                "give the property the same type in every `allOf` member, or rename it in one",
            );
        }
    }

    /// Warns when two members of the `allOf` at `pointer`, which has no struct form, name
    /// different types, because that leaves the schema untyped. Members that give a type but
    /// no conflict, such as a `$ref` to an enum beside a member with properties, get a warning
    /// of their own.
    fn warn_all_of_type_conflict(&mut self, all_of: &[ReferenceOr<Schema>], pointer: &str) {
        let Some(conflict) = annotated::type_conflict(self.spec, all_of) else {
            if all_of.iter().any(gives_type) {
                self.warn(
                    &format!("{pointer}/allOf"),
                    "the `allOf` members cannot be merged into one object or one typed value, \
                     so the schema's values decode as untyped JSON (`serde_json::Value`)"
                        .to_owned(),
                    "write the schema without `allOf`, or make every member an object",
                );
            }
            return;
        };
        self.warn(
            &format!("{pointer}/allOf/{}", conflict.later_index),
            format!(
                "`allOf` member has type {} but the member at {pointer}/allOf/{} has type {}, so \
                 the members give different types and the schema's values decode as untyped \
                 JSON (`serde_json::Value`)",
                conflict.later_type, conflict.first_index, conflict.first_type
            ),
            "give every member of the `allOf` the same type, or use `oneOf` when a value may \
             have either type",
        );
    }

    /// Reports the `$ref` at `pointer` where the merge of the `allOf` at `root` passes
    /// [`compose::MAX_DEPTH`] component schemas. A long chain passes it at every schema past the
    /// limit, so after [`DEEP_MERGES_SHOWN`] of them the rest are counted, for
    /// [`Self::report_more_deep_merges`].
    fn report_deep_merge(&mut self, pointer: &str, root: &str) {
        self.deep_merges += 1;
        if self.deep_merges > DEEP_MERGES_SHOWN {
            return;
        }
        self.report(
            pointer,
            format!(
                "the merge of the `allOf` at {root} reaches this `$ref` after {} component \
                 schemas, the limit",
                compose::MAX_DEPTH
            ),
            "shorten the chain of schemas that extend each other through `allOf`, for example \
             by copying the properties of distant ancestors into one schema",
        );
    }

    /// Reports in one error how many `allOf` merges passed the depth limit beyond those
    /// [`Self::report_deep_merge`] reported.
    pub(super) fn report_more_deep_merges(&mut self) {
        let more = self.deep_merges.saturating_sub(DEEP_MERGES_SHOWN);
        if more == 0 {
            return;
        }
        self.report(
            "#/components/schemas",
            format!(
                "{more} more `allOf` merges pass the limit of {} component schemas, beside the \
                 {DEEP_MERGES_SHOWN} above",
                compose::MAX_DEPTH
            ),
            "shorten the chain of schemas that extend each other through `allOf`",
        );
    }

    /// Tells whether a composition merges into a struct, so that it gets a model of its own.
    /// A merge too deep to finish gets one too, so that [`Self::lower_model`] reports it.
    fn merges(&self, schema: &Schema, pointer: &str) -> bool {
        !matches!(
            compose::merge_object(self.spec, schema, pointer),
            Err(compose::MergeFailure::NotObject)
        )
    }

    /// Lowers properties, each with its JSON pointer, into the fields of a struct, and
    /// `additionalProperties`, with its pointer, into a last field that collects the others.
    fn lower_properties<'p>(
        &mut self,
        model_name: &str,
        properties: impl Iterator<Item = (&'p str, &'p ReferenceOr<Box<Schema>>, String)>,
        required: &BTreeSet<String>,
        additional: Option<(&AdditionalProperties, String)>,
    ) -> Vec<Field> {
        let properties: Vec<_> = properties.collect();
        let mut wire_names: Vec<&str> = properties.iter().map(|(name, _, _)| *name).collect();
        wire_names.push(ADDITIONAL_FIELD);
        let mut rust_names = unique_snake_names(&wire_names, "field").into_iter();
        let mut fields = Vec::new();
        for (wire_name, schema, field_pointer) in properties {
            let hint = format!("{model_name}{}", pascal_ident(wire_name, "Field"));
            let ty = self.type_of_boxed(schema, &field_pointer, &hint);
            // A property that is a $ref takes its example from the model it names.
            let data = match schema {
                ReferenceOr::Item(schema) => Some(&schema.schema_data),
                ReferenceOr::Reference { .. } => None,
            };
            let nullable = self.is_nullable(schema);
            let secret = self.is_password(schema, 0);
            // NOTE: a `readOnly` property appears only in responses and a `writeOnly` one only
            // in requests, so the field stays optional even when the schema requires it.
            let one_way = data.and_then(|data| one_way_note(data, required.contains(wire_name)));
            let annotation = match schema {
                ReferenceOr::Item(schema) => self.annotation_description(schema),
                ReferenceOr::Reference { .. } => None,
            };
            let description =
                field_description(schema, annotation, &field_pointer, one_way.as_deref());
            let default = match schema {
                ReferenceOr::Item(schema) => {
                    self.checked_default(schema, Some(&ty), &field_pointer)
                }
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                wire_name: wire_name.to_owned(),
                rust_name: rust_names.next().unwrap_or_default(),
                ty,
                required: required.contains(wire_name) && one_way.is_none(),
                nullable,
                boxed: false,
                additional: false,
                secret,
                description,
                example: data.and_then(|data| data.example.clone()),
                default,
            });
        }
        let additional_rust_name = rust_names.next().unwrap_or_default();
        if let Some((additional, pointer)) = additional {
            let values = match additional {
                AdditionalProperties::Any(false) => None,
                AdditionalProperties::Any(true) => Some((TypeRef::Any, false)),
                AdditionalProperties::Schema(values) => {
                    let hint = format!("{model_name}Value");
                    let ty = self.type_of(values, &pointer, &hint);
                    let secret = self.is_password(values.as_ref(), 0);
                    Some((self.or_null(values.as_ref(), ty), secret))
                }
            };
            if let Some((values, secret)) = values {
                let mut field = additional_field(additional_rust_name, values);
                field.secret = secret;
                fields.push(field);
            }
        }
        fields
    }

    /// Lowers the members of a `oneOf` or `anyOf` into the variants of an enum.
    fn lower_union(
        &mut self,
        rust_name: &str,
        schema: &Schema,
        union: &Union,
        pointer: &str,
    ) -> ModelKind {
        let (keyword, members) = (union.keyword, union.members);
        self.union_keywords.insert(rust_name.to_owned(), keyword);
        let discriminator = schema.schema_data.discriminator.as_ref();
        if let Some(discriminator) = discriminator {
            self.check_discriminator(discriminator, members, pointer, keyword);
        }
        self.check_union_siblings(union, pointer);
        let mut names = NameScope::with_reserved(&["Unknown"]);
        let mut variants = Vec::with_capacity(members.len());
        let mut sources = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            if self.is_repeated_member(members, index, pointer, keyword, discriminator) {
                continue;
            }
            let member_pointer = format!("{pointer}/{keyword}/{index}");
            let hint = format!("{rust_name}Variant{}", index + 1);
            let ty = self.type_of(member, &member_pointer, &hint);
            let (tags, origin) = match discriminator {
                Some(discriminator) => self.member_tags(discriminator, member, &member_pointer),
                None => (Vec::new(), TagOrigin::SchemaName),
            };
            sources.push(TagSource { index, origin });
            variants.push(UnionVariant {
                rust_name: names.claim(variant_name(&ty)),
                ty,
                tags,
                boxed: false,
                secret: self.is_password(member, 0),
            });
        }
        let discriminator = discriminator.and_then(|discriminator| {
            let untagged = variants.iter().position(|variant| variant.tags.is_empty());
            if let Some(untagged) = untagged {
                let (property, index) = (&discriminator.property_name, sources[untagged].index);
                self.warn_ignored_discriminator(members, index, property, pointer, keyword);
                return None;
            }
            self.drop_claimed_enum_tags(&mut variants, &sources, pointer, keyword);
            self.drop_shadowed_tags(&mut variants, &sources, pointer, keyword);
            Some(discriminator.property_name.clone())
        });
        ModelKind::OneOf {
            variants,
            discriminator,
        }
    }

    /// Returns the discriminator values that select `member`, at `member_pointer`, and where
    /// they come from. A `$ref` member gets the `mapping` entries that point at it, or else the
    /// name of its schema. An inline member gets the `enum` of its discriminator property.
    fn member_tags(
        &self,
        discriminator: &openapiv3::Discriminator,
        member: &ReferenceOr<Schema>,
        member_pointer: &str,
    ) -> (Vec<String>, TagOrigin) {
        match member {
            ReferenceOr::Reference { reference } => discriminator_tags(discriminator, reference),
            ReferenceOr::Item(schema) => {
                let property = &discriminator.property_name;
                match self.inline_tags(schema, property, member_pointer) {
                    Some((values, at)) => (values, TagOrigin::Enum(at)),
                    None => (Vec::new(), TagOrigin::Enum(member_pointer.to_owned())),
                }
            }
        }
    }

    pub(super) fn model(
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

/// Returns the member that gives the type of `schema`, at `pointer`, when it is an `allOf`
/// whose other members only annotate.
fn annotated_all_of<'s>(
    spec: &'s openapiv3::OpenAPI,
    schema: &'s Schema,
    pointer: &str,
) -> Option<Annotated<'s>> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => annotated::annotated(spec, all_of, pointer),
        _ => None,
    }
}

/// Tells whether `typ`, the value of a schema's `type`, is not one of the six types of
/// OpenAPI 3.0.
fn is_unknown_type(typ: &str) -> bool {
    !matches!(
        typ,
        "string" | "number" | "integer" | "boolean" | "array" | "object"
    )
}

/// Returns the field that collects the properties a struct does not name, whose values have
/// the type `values`.
fn additional_field(rust_name: String, values: TypeRef) -> Field {
    Field {
        wire_name: ADDITIONAL_FIELD.to_owned(),
        rust_name,
        ty: TypeRef::Map(Box::new(values)),
        required: true,
        nullable: false,
        boxed: false,
        additional: true,
        secret: false,
        description: Some("The properties that the schema does not name.".to_owned()),
        example: None,
        default: None,
    }
}

/// Returns the doc sentence of a required property that the struct keeps optional because it
/// is `readOnly` or `writeOnly`, or `None` for any other property.
fn one_way_note(data: &openapiv3::SchemaData, required: bool) -> Option<String> {
    let (keyword, direction) = match (data.read_only, data.write_only) {
        (true, _) => ("readOnly", "responses"),
        (_, true) => ("writeOnly", "requests"),
        _ => return None,
    };
    required.then(|| {
        format!(
            "Optional in Rust although the schema requires it: the property is `{keyword}`, so \
             only {direction} carry it."
        )
    })
}

/// Returns the doc of a property's field: the schema's description, or else `annotation`, the
/// description of an annotating `allOf` member, then the notes of a `not` schema and of a
/// required `readOnly` or `writeOnly` property.
fn field_description(
    schema: &ReferenceOr<Box<Schema>>,
    annotation: Option<&str>,
    pointer: &str,
    one_way: Option<&str>,
) -> Option<String> {
    let description = match schema {
        ReferenceOr::Item(schema) => {
            let own = schema.schema_data.description.as_deref();
            with_not_note(own.or(annotation), schema, pointer)
        }
        ReferenceOr::Reference { .. } => None,
    };
    match (description, one_way) {
        (Some(description), Some(note)) => Some(format!("{description}\n\n{note}")),
        (description, note) => description.or_else(|| note.map(str::to_owned)),
    }
}

/// Appends the note of a `not` schema to its description.
fn with_not_note(description: Option<&str>, schema: &Schema, pointer: &str) -> Option<String> {
    let Some(note) = formats::not_note(schema, pointer) else {
        return description.map(str::to_owned);
    };
    Some(match description {
        Some(description) if !description.trim().is_empty() => {
            format!("{}\n\n{note}", description.trim_end())
        }
        _ => note,
    })
}

impl Resolver<'_> {
    /// Lowers the values of an integer enum into variants named `V{value}` and
    /// `Minus{magnitude}`, once per value.
    fn lower_integer_variants(
        &mut self,
        values: &[Option<i128>],
        pointer: &str,
    ) -> Vec<IntegerVariant> {
        let mut names = NameScope::with_reserved(&["Unknown"]);
        self.distinct_enum_values(values, pointer)
            .into_iter()
            .map(|value| {
                let name = if value < 0 {
                    format!("Minus{}", value.unsigned_abs())
                } else {
                    format!("V{value}")
                };
                IntegerVariant {
                    value,
                    rust_name: names.claim(name),
                }
            })
            .collect()
    }

    fn lower_variants(&mut self, values: &[Option<String>], pointer: &str) -> Vec<EnumVariant> {
        // `Unknown` contains the values the spec does not list.
        let mut names = NameScope::with_reserved(&["Unknown"]);
        self.distinct_enum_values(values, pointer)
            .into_iter()
            .map(|value| EnumVariant {
                rust_name: names.claim(variant_ident(&value)),
                wire_value: value,
            })
            .collect()
    }

    /// Returns the values of the `enum` of the schema at `pointer` in order, each once,
    /// warning about each repeat: a second variant for one value would be a match arm that
    /// the first always takes.
    fn distinct_enum_values<T>(&mut self, values: &[Option<T>], pointer: &str) -> Vec<T>
    where
        T: Clone + Ord + std::fmt::Debug,
    {
        let mut seen = BTreeSet::new();
        let mut distinct = Vec::new();
        for (index, value) in values.iter().enumerate() {
            let Some(value) = value else { continue };
            if seen.insert(value.clone()) {
                distinct.push(value.clone());
            } else {
                self.warn(
                    &format!("{pointer}/enum/{index}"),
                    format!(
                        "enum value {value:?} is listed more than once, so its repeats are left out"
                    ),
                    "list each value once",
                );
            }
        }
        distinct
    }
}

/// Returns the discriminator values that select the member `reference`, and where they come
/// from: the `mapping` keys that point at it, or else the key of its component schema.
fn discriminator_tags(
    discriminator: &openapiv3::Discriminator,
    reference: &str,
) -> (Vec<String>, TagOrigin) {
    let mapped: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, target)| mapping_selects(target, reference))
        .map(|(value, _)| value.clone())
        .collect();
    if !mapped.is_empty() {
        return (mapped, TagOrigin::Mapping);
    }
    let implicit = component_name(reference, SCHEMAS)
        .ok()
        .into_iter()
        .collect();
    (implicit, TagOrigin::SchemaName)
}

/// Names the variant of a union member after its type: the model's name, or a word for the
/// kind of value.
pub(super) fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Model(name) => name.clone(),
        TypeRef::Bool => "Boolean".to_owned(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "Number".to_owned(),
        TypeRef::String => "Text".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::Base64 => "Base64".to_owned(),
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Bytes | TypeRef::ResponseBytes => "Bytes".to_owned(),
        TypeRef::File => "File".to_owned(),
        TypeRef::Array(items) => format!("{}List", variant_name(items)),
        TypeRef::Map(values) => format!("{}Map", variant_name(values)),
        TypeRef::Nullable(inner) => variant_name(inner),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::path::Path;

    use crate::load::parse_spec;
    use crate::{Error, Settings, SpecError, ir};

    /// Resolves a spec whose only content is `schemas`, the YAML map of its component schemas.
    pub(in crate::resolve) fn resolve_schemas(schemas: &str) -> Result<ir::Api, Vec<SpecError>> {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n\
             servers: [{url: 'https://api.example.com'}]\npaths: {}\ncomponents:\n  schemas:\n",
        );
        for line in schemas.lines() {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
        let document = parse_spec(&text, Path::new("test.yaml")).expect("the spec parses");
        match super::super::resolve_api(
            &document,
            &Settings::from_title("T").expect("a title with letters"),
        ) {
            Ok(api) => Ok(api),
            Err(Error::Spec(errors)) => Err(errors),
            Err(other) => panic!("not a spec error: {other}"),
        }
    }

    fn alias_of<'a>(api: &'a ir::Api, name: &str) -> &'a ir::TypeRef {
        let model = api.models.iter().find(|model| model.name == name);
        match model.map(|model| &model.kind) {
            Some(ir::ModelKind::Alias { ty }) => ty,
            other => panic!("{name} is not an alias: {other:?}"),
        }
    }

    #[test]
    fn empty_one_of_is_an_error() {
        let errors = resolve_schemas("E: {oneOf: []}").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].pointer, "#/components/schemas/E/oneOf");
        assert!(
            errors[0].reason.contains("`oneOf` lists no schemas"),
            "{errors:?}"
        );
    }

    #[test]
    fn empty_any_of_is_an_error() {
        let errors = resolve_schemas("E: {anyOf: []}").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].pointer, "#/components/schemas/E/anyOf");
    }

    #[test]
    fn empty_all_of_is_an_error() {
        let errors = resolve_schemas("E: {allOf: []}").unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].pointer, "#/components/schemas/E/allOf");
    }

    #[test]
    fn empty_union_in_property_is_an_error() {
        let schemas = "H:\n  type: object\n  properties:\n    p: {oneOf: []}\n    \
                       q: {type: array, items: {anyOf: []}}";
        let errors = resolve_schemas(schemas).unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|error| error.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/H/properties/p/oneOf",
                "#/components/schemas/H/properties/q/items/anyOf",
            ]
        );
    }

    #[test]
    fn degenerate_compositions_get_a_type() {
        let schemas = "\
            A: {allOf: [{}]}\n\
            B: {oneOf: [{type: string}]}\n\
            C: {anyOf: [{}]}\n\
            D: {nullable: true}\n\
            F: {oneOf: [{oneOf: [{type: integer, format: int32}]}]}\n\
            G: {allOf: [{anyOf: [{type: boolean}]}]}\n\
            N: {not: {}}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(alias_of(&api, "A"), &ir::TypeRef::Any);
        assert_eq!(alias_of(&api, "B"), &ir::TypeRef::String);
        assert_eq!(alias_of(&api, "C"), &ir::TypeRef::Any);
        assert_eq!(alias_of(&api, "D"), &ir::TypeRef::Any);
        assert_eq!(alias_of(&api, "F"), &ir::TypeRef::I32);
        assert_eq!(alias_of(&api, "G"), &ir::TypeRef::Bool);
        assert_eq!(alias_of(&api, "N"), &ir::TypeRef::Any);
    }

    fn fields_of<'a>(api: &'a ir::Api, name: &str) -> Vec<&'a str> {
        let model = api.models.iter().find(|model| model.name == name);
        match model.map(|model| &model.kind) {
            Some(ir::ModelKind::Struct { fields }) => fields
                .iter()
                .map(|field| field.wire_name.as_str())
                .collect(),
            other => panic!("{name} is not a struct: {other:?}"),
        }
    }

    #[test]
    fn all_of_cycle_keeps_properties_and_warns() {
        let schemas = "\
            A: {allOf: [{$ref: '#/components/schemas/B'}, {properties: {a: {type: string}}}]}\n\
            B: {allOf: [{$ref: '#/components/schemas/A'}, {properties: {b: {type: string}}}]}\n\
            S: {allOf: [{$ref: '#/components/schemas/S'}, {properties: {s: {type: string}}}]}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(fields_of(&api, "A"), ["b", "a"]);
        assert_eq!(fields_of(&api, "B"), ["a", "b"]);
        assert_eq!(fields_of(&api, "S"), ["s"]);

        let pointers: Vec<&str> = api
            .warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/B/allOf/0/$ref",
                "#/components/schemas/A/allOf/0/$ref",
                "#/components/schemas/S/allOf/0/$ref",
            ]
        );
        assert!(
            api.warnings[0]
                .reason
                .contains("leads back to #/components/schemas/A"),
            "{:?}",
            api.warnings
        );
    }

    /// Returns `levels` schemas `S1`, `S2`, ... that each list the one before twice in their
    /// `allOf` and add a property, above `S0`.
    fn doubling_levels(levels: usize) -> String {
        let mut schemas = String::from("S0: {properties: {p0: {type: string}}}\n");
        for level in 1..=levels {
            let below = format!("{{$ref: '#/components/schemas/S{}'}}", level - 1);
            let own = format!("{{properties: {{p{level}: {{type: string}}}}}}");
            schemas.push_str(&format!("S{level}: {{allOf: [{below}, {below}, {own}]}}\n"));
        }
        schemas
    }

    #[test]
    fn doubling_all_of_merges_each_schema_once() {
        let api = resolve_schemas(&doubling_levels(127)).expect("every schema resolves");
        assert_eq!(fields_of(&api, "S127").len(), 128);
        assert_eq!(fields_of(&api, "S127")[..3], ["p0", "p1", "p2"]);
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    }

    #[test]
    fn diamond_all_of_merges_each_schema_once() {
        let mut schemas = String::from("S0: {properties: {p0: {type: string}}}\n");
        for level in 1..=60 {
            let below = level - 1;
            for side in ["L", "R"] {
                schemas.push_str(&format!(
                    "{side}{below}: {{allOf: [{{$ref: '#/components/schemas/S{below}'}}, \
                     {{properties: {{{side}{below}: {{type: string}}}}}}]}}\n"
                ));
            }
            schemas.push_str(&format!(
                "S{level}: {{allOf: [{{$ref: '#/components/schemas/L{below}'}}, \
                 {{$ref: '#/components/schemas/R{below}'}}, \
                 {{properties: {{p{level}: {{type: string}}}}}}]}}\n"
            ));
        }
        let api = resolve_schemas(&schemas).expect("every schema resolves");
        assert_eq!(fields_of(&api, "S60").len(), 181);
        assert_eq!(fields_of(&api, "S60")[..4], ["p0", "L0", "R0", "p1"]);
    }

    #[test]
    fn all_of_past_depth_limit_is_an_error() {
        let errors = resolve_schemas(&doubling_levels(128)).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].pointer, "#/components/schemas/S1/allOf/0/$ref");
        assert!(
            errors[0]
                .reason
                .contains("the merge of the `allOf` at #/components/schemas/S128 reaches"),
            "{errors:?}"
        );
        assert!(errors[0].reason.contains("after 128 component schemas"));
    }

    #[test]
    fn long_chain_past_depth_limit_is_summed_up() {
        let errors = resolve_schemas(&doubling_levels(140)).unwrap_err();
        let pointers: Vec<&str> = errors.iter().map(|error| error.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/S1/allOf/0/$ref",
                "#/components/schemas/S2/allOf/0/$ref",
                "#/components/schemas/S3/allOf/0/$ref",
                "#/components/schemas",
            ]
        );
        assert!(
            errors[3].reason.starts_with("10 more `allOf` merges pass"),
            "{errors:?}"
        );
    }

    fn field_of<'a>(api: &'a ir::Api, name: &str, wire_name: &str) -> &'a ir::Field {
        let model = api.models.iter().find(|model| model.name == name);
        let fields = match model.map(|model| &model.kind) {
            Some(ir::ModelKind::Struct { fields }) => fields,
            other => panic!("{name} is not a struct: {other:?}"),
        };
        let field = fields.iter().find(|field| field.wire_name == wire_name);
        field.unwrap_or_else(|| panic!("{name} has no field {wire_name}"))
    }

    const ANNOTATED: &str = "\
        Status: {type: string, enum: [on, off]}\n\
        Money: {type: object, required: [amount], properties: {amount: {type: integer}}}\n\
        MaybeMoney: {allOf: [{$ref: '#/components/schemas/Money'}, {nullable: true}]}\n\
        Holder:\n  type: object\n  properties:\n    \
          doc: {allOf: [{$ref: '#/components/schemas/Status'}, {description: The status.}]}\n    \
          nullable: {allOf: [{$ref: '#/components/schemas/Money'}, {nullable: true}]}\n    \
          maybe: {$ref: '#/components/schemas/MaybeMoney'}\n    \
          when: {allOf: [{type: string}, {format: date-time}]}\n    \
          day: {allOf: [{type: string}, {type: string, format: date}]}\n    \
          count: {allOf: [{type: integer}, {minimum: 0}]}\n    \
          small: {allOf: [{type: integer, format: int32}, {maximum: 9, deprecated: true}]}";

    #[test]
    fn annotating_members_keep_typed_member() {
        let api = resolve_schemas(ANNOTATED).expect("every schema resolves");
        let status = ir::TypeRef::Model("Status".to_owned());
        let money = ir::TypeRef::Model("Money".to_owned());
        assert_eq!(field_of(&api, "Holder", "doc").ty, status);
        assert_eq!(field_of(&api, "Holder", "nullable").ty, money);
        assert_eq!(field_of(&api, "Holder", "when").ty, ir::TypeRef::DateTime);
        assert_eq!(field_of(&api, "Holder", "day").ty, ir::TypeRef::Date);
        assert_eq!(field_of(&api, "Holder", "count").ty, ir::TypeRef::I64);
        assert_eq!(field_of(&api, "Holder", "small").ty, ir::TypeRef::I32);
        assert_eq!(alias_of(&api, "MaybeMoney"), &money);
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    }

    #[test]
    fn union_member_gives_nullable() {
        let schemas = "\
            Money: {type: object, required: [amount], properties: {amount: {type: integer}}}\n\
            Maybe: {oneOf: [{$ref: '#/components/schemas/Money'}, {type: string, nullable: true}]}\n\
            Deeper: {anyOf: [{$ref: '#/components/schemas/Maybe'}, {type: integer}]}\n\
            Plain: {oneOf: [{$ref: '#/components/schemas/Money'}, {type: string}]}\n\
            Holder:\n  type: object\n  properties:\n    \
            maybe: {$ref: '#/components/schemas/Maybe'}\n    \
            deeper: {$ref: '#/components/schemas/Deeper'}\n    \
            plain: {$ref: '#/components/schemas/Plain'}\n    \
            inline: {anyOf: [{type: integer}, {type: string, nullable: true}]}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert!(field_of(&api, "Holder", "maybe").nullable);
        assert!(field_of(&api, "Holder", "deeper").nullable);
        assert!(field_of(&api, "Holder", "inline").nullable);
        assert!(!field_of(&api, "Holder", "plain").nullable);
    }

    #[test]
    fn self_reaching_wide_union_ends() {
        let member = "{$ref: '#/components/schemas/Wide'}";
        let members = [member; 8].join(", ");
        let schemas = format!(
            "Wide: {{oneOf: [{members}]}}\n\
             Holder: {{type: object, properties: {{wide: {member}}}}}"
        );
        let errors = resolve_schemas(&schemas).expect_err("the union reaches itself");
        assert!(
            errors
                .iter()
                .any(|error| error.pointer == "#/components/schemas/Wide"),
            "{errors:?}"
        );
    }

    #[test]
    fn annotating_member_gives_nullable_and_doc() {
        let api = resolve_schemas(ANNOTATED).expect("every schema resolves");
        assert!(field_of(&api, "Holder", "nullable").nullable);
        assert!(field_of(&api, "Holder", "maybe").nullable);
        assert!(!field_of(&api, "Holder", "doc").nullable);
        assert_eq!(
            field_of(&api, "Holder", "doc").description.as_deref(),
            Some("The status.")
        );
    }

    #[test]
    fn string_enum_with_number_warns() {
        let schemas = "Level: {type: string, enum: [low, 2, null]}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(alias_of(&api, "Level"), &ir::TypeRef::Any);
        assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
        assert_eq!(api.warnings[0].pointer, "#/components/schemas/Level/enum/1");
        assert!(
            api.warnings[0].fix.contains("`\"2\"`"),
            "{}",
            api.warnings[0].fix
        );
    }

    #[test]
    fn untyped_all_of_with_a_typed_member_warns() {
        let schemas = "\
            Color: {type: string, enum: [red, green]}\n\
            Tight: {allOf: [{$ref: '#/components/schemas/Color'}, {properties: {x: {}}}]}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(alias_of(&api, "Tight"), &ir::TypeRef::Any);
        let found: Vec<&str> = api
            .warnings
            .iter()
            .map(|warning| warning.pointer.as_str())
            .collect();
        assert_eq!(
            found,
            ["#/components/schemas/Tight/allOf"],
            "{:?}",
            api.warnings
        );
        assert!(api.warnings[0].reason.contains("cannot be merged"));
    }

    #[test]
    fn members_of_different_types_warn() {
        let schemas = "\
            Name: {type: string}\n\
            Both: {allOf: [{type: integer}, {type: string}]}\n\
            Holder:\n  type: object\n  properties:\n    \
              mixed: {allOf: [{type: string}, {type: object, properties: {a: {type: string}}}]}\n    \
              named: {allOf: [{description: A count.}, {type: integer}, \
              {$ref: '#/components/schemas/Name'}]}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(alias_of(&api, "Both"), &ir::TypeRef::Any);
        assert_eq!(field_of(&api, "Holder", "mixed").ty, ir::TypeRef::Any);
        assert_eq!(field_of(&api, "Holder", "named").ty, ir::TypeRef::Any);
        let prefix = "#/components/schemas";
        let found: Vec<(&str, &str)> = api
            .warnings
            .iter()
            .map(|warning| (warning.pointer.as_str(), warning.reason.as_str()))
            .collect();
        let expected = [
            (
                format!("{prefix}/Both/allOf/1"),
                format!(
                    "`allOf` member has type string but the member at {prefix}/Both/allOf/0 has type integer"
                ),
            ),
            (
                format!("{prefix}/Holder/properties/mixed/allOf/1"),
                format!(
                    "`allOf` member has type object but the member at \
                     {prefix}/Holder/properties/mixed/allOf/0 has type string"
                ),
            ),
            (
                format!("{prefix}/Holder/properties/named/allOf/2"),
                format!(
                    "`allOf` member has type string but the member at \
                     {prefix}/Holder/properties/named/allOf/1 has type integer"
                ),
            ),
        ];
        for (pointer, reason) in &expected {
            assert!(
                found
                    .iter()
                    .any(|(at, text)| at == pointer && text.starts_with(reason.as_str())),
                "{pointer}: {reason} is missing from {found:#?}"
            );
        }
        assert_eq!(found.len(), expected.len(), "{found:#?}");
    }

    #[test]
    fn annotating_member_joins_object_merge() {
        let schemas = "\
            Money: {type: object, required: [amount], properties: {amount: {type: integer}}}\n\
            Priced:\n  allOf:\n    - $ref: '#/components/schemas/Money'\n    \
            - {properties: {currency: {type: string}}}\n    \
            - {description: An amount in a currency., nullable: true}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(fields_of(&api, "Priced"), ["amount", "currency"]);
    }

    #[test]
    fn required_only_member_merges() {
        let schemas = "\
            Pet: {type: object, properties: {name: {type: string}, id: {type: integer}}}\n\
            Named:\n  allOf:\n    - $ref: '#/components/schemas/Pet'\n    \
            - {required: [name], description: A pet with a name.}\n\
            Holder:\n  type: object\n  properties:\n    \
            inner: {allOf: [{$ref: '#/components/schemas/Pet'}, {required: [id]}]}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(fields_of(&api, "Named"), ["name", "id"]);
        assert!(field_of(&api, "Named", "name").required);
        assert!(!field_of(&api, "Named", "id").required);
        let named = api.models.iter().find(|model| model.name == "Named");
        assert_eq!(
            named.and_then(|model| model.description.as_deref()),
            Some("A pet with a name.")
        );
        let inner = ir::TypeRef::Model("HolderInner".to_owned());
        assert_eq!(field_of(&api, "Holder", "inner").ty, inner);
        assert!(field_of(&api, "HolderInner", "id").required);
        assert!(!field_of(&api, "HolderInner", "name").required);
        assert!(api.warnings.is_empty(), "{:?}", api.warnings);
    }

    #[test]
    fn conflicting_property_types_warn() {
        let schemas = "\
            Conflict:\n  allOf:\n    \
            - {type: object, properties: {id: {type: string}, name: {type: string}}}\n    \
            - {type: object, properties: {id: {type: integer}, name: {type: string}}}";
        let api = resolve_schemas(schemas).expect("every schema resolves");
        assert_eq!(field_of(&api, "Conflict", "id").ty, ir::TypeRef::String);
        assert_eq!(api.warnings.len(), 1, "{:?}", api.warnings);
        let warning = &api.warnings[0];
        assert_eq!(
            warning.pointer,
            "#/components/schemas/Conflict/allOf/1/properties/id"
        );
        assert!(
            warning.reason.contains(
                "has type integer here but type string at \
                 #/components/schemas/Conflict/allOf/0/properties/id"
            ),
            "{warning}"
        );
    }
}
