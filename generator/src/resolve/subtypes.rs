//! Component schemas with a `discriminator` that other component schemas extend with `allOf`.
//!
//! A spec can describe a hierarchy without `oneOf`: `Pet` has the discriminator `petType`, and
//! `Dog` is `allOf: [$ref: Pet, {properties: {bark}}]`. A value of `Pet` is then any of its
//! subtypes, which the discriminator names. `Pet` becomes an enum with a variant per subtype
//! and a variant for its own fields, which a struct named `{Pet}Fields` holds, so a `Dog` read
//! where a `Pet` is declared keeps its `bark`.

use std::collections::HashMap;

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind};

use super::Resolver;
use super::annotated::{self, Base};
use super::discriminator::mapping_selects;
use super::names::NameScope;
use super::schemas::variant_name;
use crate::ir::{Model, ModelKind, TypeRef, UnionVariant};
use crate::load::escape_pointer_token;
use crate::markdown::code_span;

const SCHEMAS: &str = "#/components/schemas/";

/// Finds, for each component schema with a `discriminator` and no `oneOf` or `anyOf`, the
/// component schemas that extend it, directly or through other subtypes, with an `allOf` that
/// lists the schema they extend by `$ref` beside members of their own. Each list is in spec
/// order, and schemas without subtypes are left out.
pub(super) fn find_subtypes(spec: &openapiv3::OpenAPI) -> HashMap<String, Vec<String>> {
    let mut subtypes: HashMap<String, Vec<String>> = HashMap::new();
    let Some(components) = &spec.components else {
        return subtypes;
    };
    let extended = extended_schemas(spec, components);
    for key in components.schemas.keys() {
        for ancestor in ancestors(&extended, key) {
            if ancestor != *key && is_parent(components, &ancestor) {
                subtypes.entry(ancestor).or_default().push(key.clone());
            }
        }
    }
    subtypes
}

/// Returns, for each component schema whose `allOf` extends other component schemas, the keys
/// of those schemas.
fn extended_schemas(
    spec: &openapiv3::OpenAPI,
    components: &openapiv3::Components,
) -> HashMap<String, Vec<String>> {
    let mut extended: HashMap<String, Vec<String>> = HashMap::new();
    for (key, schema) in &components.schemas {
        let ReferenceOr::Item(schema) = schema else {
            continue;
        };
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            continue;
        };
        // An `allOf` of one member, or whose other members only annotate, is an alias of its
        // one type, which would make the extended schema a variant of itself.
        let pointer = format!("{SCHEMAS}{}", escape_pointer_token(key));
        let annotated = annotated::annotated(spec, all_of, &pointer);
        let alias =
            matches!(annotated, Some(annotated) if matches!(annotated.base, Base::Reference(_)));
        if all_of.len() < 2 || alias {
            continue;
        }
        for member in all_of {
            let ReferenceOr::Reference { reference } = member else {
                continue;
            };
            let Some(target) = reference.strip_prefix(SCHEMAS) else {
                continue;
            };
            let target = crate::load::unescape_pointer_token(target);
            let targets = extended.entry(key.clone()).or_default();
            if target != *key && !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    extended
}

/// Returns every schema that `key` extends, directly or through others, each once.
fn ancestors(extended: &HashMap<String, Vec<String>>, key: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut pending: Vec<&str> = vec![key];
    while let Some(current) = pending.pop() {
        for target in extended.get(current).into_iter().flatten() {
            if target != key && !found.contains(target) {
                found.push(target.clone());
                pending.push(target);
            }
        }
    }
    found
}

/// Tells whether the component schema `key` is an object with a `discriminator` and no union.
fn is_parent(components: &openapiv3::Components, key: &str) -> bool {
    let Some(ReferenceOr::Item(schema)) = components.schemas.get(key) else {
        return false;
    };
    schema.schema_data.discriminator.is_some()
        && matches!(
            schema.schema_kind,
            SchemaKind::Type(openapiv3::Type::Object(_))
        )
}

impl Resolver<'_> {
    /// Lowers the component schema `key`, whose component schemas `subtypes` extend it, into an
    /// enum of the subtypes and of a struct of its own fields. Returns the enum and the struct.
    pub(super) fn lower_with_subtypes(
        &mut self,
        key: &str,
        rust_name: String,
        schema: &Schema,
        pointer: &str,
        subtypes: &[String],
    ) -> (Model, Model) {
        let fields_name = self.type_names.claim(format!("{rust_name}Fields"));
        let mut fields = self.lower_model(key, fields_name.clone(), schema, pointer);
        let key_span = code_span(key);
        fields.description = Some(format!(
            "The fields that every {key_span} has, read for the values whose discriminator names \
             {key_span} itself."
        ));
        fields.example = None;

        let discriminator = schema.schema_data.discriminator.as_ref();
        let tags_of = |target: &str| -> Vec<String> {
            let reference = format!("{SCHEMAS}{}", escape_pointer_token(target));
            let mapped: Vec<String> = discriminator
                .iter()
                .flat_map(|discriminator| &discriminator.mapping)
                .filter(|(_, to)| mapping_selects(to, &reference))
                .map(|(value, _)| value.clone())
                .collect();
            if mapped.is_empty() {
                vec![target.to_owned()]
            } else {
                mapped
            }
        };

        if let Some(discriminator) = discriminator {
            self.warn_unused_mapping(key, discriminator, subtypes, pointer);
        }

        let mut names = NameScope::with_reserved(&["Unknown"]);
        let mut variants = Vec::with_capacity(subtypes.len() + 1);
        for subtype in subtypes {
            let ty = TypeRef::Model(self.schema_names[subtype].clone());
            variants.push(UnionVariant {
                rust_name: names.claim(variant_name(&ty)),
                ty,
                tags: tags_of(subtype),
                boxed: false,
                secret: false,
            });
        }
        let own = TypeRef::Model(fields_name);
        variants.push(UnionVariant {
            rust_name: names.claim(rust_name.clone()),
            ty: own,
            tags: tags_of(key),
            boxed: false,
            secret: false,
        });
        self.union_keywords.insert(rust_name.clone(), "oneOf");

        let kind = ModelKind::OneOf {
            variants,
            discriminator: discriminator.map(|discriminator| discriminator.property_name.clone()),
        };
        let mut model = self.model(
            key,
            rust_name,
            schema.schema_data.description.clone(),
            pointer,
            kind,
        );
        model.example = schema.schema_data.example.clone();
        (model, fields)
    }

    /// Warns about each `mapping` entry of the `discriminator` of the schema `key` at `pointer`
    /// that names neither the schema nor one of its `subtypes`, because no variant reads it.
    fn warn_unused_mapping(
        &mut self,
        key: &str,
        discriminator: &Discriminator,
        subtypes: &[String],
        pointer: &str,
    ) {
        let known = |target: &str| {
            std::iter::once(key)
                .chain(subtypes.iter().map(String::as_str))
                .any(|name| {
                    let reference = format!("{SCHEMAS}{}", escape_pointer_token(name));
                    mapping_selects(target, &reference)
                })
        };
        let unused: Vec<(String, String)> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| !known(target))
            .map(|(value, target)| (value.clone(), target.clone()))
            .collect();
        for (value, target) in unused {
            self.warn(
                &format!(
                    "{pointer}/discriminator/mapping/{}",
                    escape_pointer_token(&value)
                ),
                format!(
                    "mapping entry {value:?} names {target:?}, which does not extend {key:?} \
                     with `allOf`, so no variant of the enum reads it and such values decode \
                     as `Unknown`"
                ),
                &format!(
                    "make {target:?} extend {key:?} with `allOf`, or remove the mapping entry"
                ),
            );
        }
    }

    /// Drops each subtype variant whose schema did not become a struct, such as an `allOf`
    /// that merges to an alias of the extended schema, because the enum would then hold itself.
    pub(super) fn drop_non_struct_subtypes(&mut self) {
        let parents: Vec<String> = self
            .subtypes
            .keys()
            .filter_map(|key| self.schema_names.get(key).cloned())
            .collect();
        let structs: std::collections::HashSet<String> = self
            .models
            .iter()
            .filter(|model| matches!(model.kind, ModelKind::Struct { .. }))
            .map(|model| model.rust_name.clone())
            .collect();
        for model in &mut self.models {
            if !parents.contains(&model.rust_name) {
                continue;
            }
            if let ModelKind::OneOf { variants, .. } = &mut model.kind {
                variants.retain(|variant| match &variant.ty {
                    TypeRef::Model(name) => structs.contains(name),
                    _ => false,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, ModelKind, TypeRef};
    use crate::resolve::schemas::tests::resolve_schemas;

    const PET: &str = "\
        Pet:\n  type: object\n  required: [kind]\n  properties: {kind: {type: string}}\n  \
        discriminator:\n    propertyName: kind\n    mapping: {hound: '#/components/schemas/Dog'}\n";

    /// Returns the variants of the enum `name` as (Rust name, type name, tags).
    fn variants(api: &Api, name: &str) -> Vec<(String, String, Vec<String>)> {
        let model = api.models.iter().find(|model| model.rust_name == name);
        let Some(ModelKind::OneOf { variants, .. }) = model.map(|model| &model.kind) else {
            panic!("expected {name} to be an enum, found {model:#?}");
        };
        variants
            .iter()
            .map(|variant| {
                let TypeRef::Model(ty) = &variant.ty else {
                    panic!("variant of no model: {variant:#?}");
                };
                (variant.rust_name.clone(), ty.clone(), variant.tags.clone())
            })
            .collect()
    }

    #[test]
    fn subtypes_become_variants() {
        let schemas = format!(
            "{PET}\
            Dog: {{allOf: [{{$ref: '#/components/schemas/Pet'}}, {{properties: {{bark: {{type: boolean}}}}}}]}}\n\
            Cat: {{allOf: [{{$ref: '#/components/schemas/Pet'}}, {{properties: {{lives: {{type: integer}}}}}}]}}\n"
        );
        let api = resolve_schemas(&schemas).expect("the spec resolves");

        let found = variants(&api, "Pet");
        let expected = [
            ("Dog", "Dog", vec!["hound"]),
            ("Cat", "Cat", vec!["Cat"]),
            ("Pet", "PetFields", vec!["Pet"]),
        ];
        assert_eq!(found.len(), expected.len(), "{found:?}");
        for ((name, ty, tags), (expected_name, expected_ty, expected_tags)) in
            found.iter().zip(expected)
        {
            assert_eq!(name, expected_name);
            assert_eq!(ty, expected_ty);
            assert_eq!(tags, &expected_tags);
        }
        let fields = api
            .models
            .iter()
            .find(|model| model.rust_name == "PetFields");
        let kind = fields.map(|model| &model.kind);
        assert!(matches!(kind, Some(ModelKind::Struct { .. })), "{kind:#?}");
        assert!(api.warnings.is_empty(), "{:#?}", api.warnings);
    }

    #[test]
    fn subtype_of_subtype_is_variant() {
        let schemas = format!(
            "{PET}\
            Dog: {{allOf: [{{$ref: '#/components/schemas/Pet'}}, {{properties: {{bark: {{type: boolean}}}}}}]}}\n\
            Puppy: {{allOf: [{{$ref: '#/components/schemas/Dog'}}, {{properties: {{age: {{type: integer}}}}}}]}}\n"
        );
        let api = resolve_schemas(&schemas).expect("the spec resolves");

        let found = variants(&api, "Pet");
        let names: Vec<&str> = found.iter().map(|(name, _, _)| name.as_str()).collect();
        assert_eq!(names, ["Dog", "Puppy", "Pet"]);
        assert_eq!(found[1].2, ["Puppy"]);
    }

    #[test]
    fn mapping_outside_subtypes_is_warned() {
        let schemas = "\
            Pet:\n  type: object\n  properties: {kind: {type: string}}\n  \
            discriminator:\n    propertyName: kind\n    \
            mapping: {fish: '#/components/schemas/Fish'}\n\
            Dog: {allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {bark: {type: boolean}}}]}\n\
            Fish: {type: object, properties: {fins: {type: integer}}}\n";
        let api = resolve_schemas(schemas).expect("the spec resolves");

        assert_eq!(api.warnings.len(), 1, "{:#?}", api.warnings);
        let warning = &api.warnings[0];
        assert_eq!(
            warning.pointer,
            "#/components/schemas/Pet/discriminator/mapping/fish"
        );
        assert!(warning.reason.contains("does not extend"), "{warning:#?}");
    }

    #[test]
    fn single_member_all_of_is_no_subtype() {
        let schemas = format!("{PET}Dog: {{allOf: [{{$ref: '#/components/schemas/Pet'}}]}}\n");
        let api = resolve_schemas(&schemas).expect("the spec resolves");

        let pet = api.models.iter().find(|model| model.rust_name == "Pet");
        let kind = pet.map(|model| &model.kind);
        assert!(matches!(kind, Some(ModelKind::Struct { .. })), "{kind:#?}");
    }

    #[test]
    fn annotating_all_of_is_no_subtype() {
        let schemas = format!(
            "{PET}Dog: {{allOf: [{{$ref: '#/components/schemas/Pet'}}, {{description: A dog.}}]}}\n"
        );
        let api = resolve_schemas(&schemas).expect("the spec resolves");

        let pet = api.models.iter().find(|model| model.rust_name == "Pet");
        let kind = pet.map(|model| &model.kind);
        assert!(matches!(kind, Some(ModelKind::Struct { .. })), "{kind:#?}");
    }

    #[test]
    fn repeated_parent_keeps_no_self_variant() {
        let schemas = format!(
            "{PET}Dog: {{allOf: [{{$ref: '#/components/schemas/Pet'}}, {{$ref: '#/components/schemas/Pet'}}]}}\n"
        );
        let api = resolve_schemas(&schemas).expect("the spec resolves");

        let pet = api.models.iter().find(|model| model.rust_name == "Pet");
        if let Some(ModelKind::OneOf { .. }) = pet.map(|model| &model.kind) {
            for (_, ty, _) in variants(&api, "Pet") {
                let model = api.models.iter().find(|model| model.rust_name == ty);
                let kind = model.map(|model| &model.kind);
                assert!(
                    matches!(kind, Some(ModelKind::Struct { .. })),
                    "{ty}: {kind:#?}"
                );
            }
        }
    }
}
