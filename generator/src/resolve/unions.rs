//! Checks of the `oneOf` and `anyOf` unions that decode without a discriminator, whose members
//! may read the same JSON object.

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind};

use super::Resolver;
use crate::ir::{MemberKeys, ModelKind, member_keys};

/// Maximum number of members that a message names.
const MAX_MEMBERS_SHOWN: usize = 8;

/// A `oneOf` or `anyOf` schema.
pub(super) struct Union<'s> {
    /// `oneOf` or `anyOf`.
    pub keyword: &'static str,
    pub members: &'s [ReferenceOr<Schema>],
    /// The schema's own object keywords, such as `type: object` or `properties`, when it has
    /// any beside the union.
    pub beside: Option<&'s AnySchema>,
}

/// Returns the `oneOf` or `anyOf` of `schema`, also when object keywords are written beside it,
/// as in `{type: object, discriminator: ..., oneOf: [...]}`.
///
/// `openapiv3` reads such a schema as an untyped [`AnySchema`]. A schema with keywords of
/// another type, or with `allOf` or `not` beside the union, is not a union here.
pub(super) fn union_of(schema: &Schema) -> Option<Union<'_>> {
    let any = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => return Some(plain_union("oneOf", one_of)),
        SchemaKind::AnyOf { any_of } => return Some(plain_union("anyOf", any_of)),
        SchemaKind::Any(any) => any,
        _ => return None,
    };
    if !has_only_object_keywords(any) {
        return None;
    }
    let (keyword, members) = match (any.one_of.is_empty(), any.any_of.is_empty()) {
        (false, true) => ("oneOf", &any.one_of),
        (true, false) => ("anyOf", &any.any_of),
        _ => return None,
    };
    Some(Union {
        keyword,
        members,
        beside: Some(any),
    })
}

fn plain_union<'s>(keyword: &'static str, members: &'s [ReferenceOr<Schema>]) -> Union<'s> {
    Union {
        keyword,
        members,
        beside: None,
    }
}

/// Tells whether `any` has no keyword of a scalar or an array, no `enum`, no `allOf` and no
/// `not`, and at most `type: object`.
fn has_only_object_keywords(any: &AnySchema) -> bool {
    any.typ.as_deref().is_none_or(|typ| typ == "object")
        && any.pattern.is_none()
        && any.multiple_of.is_none()
        && any.exclusive_minimum.is_none()
        && any.exclusive_maximum.is_none()
        && any.minimum.is_none()
        && any.maximum.is_none()
        && any.items.is_none()
        && any.min_items.is_none()
        && any.max_items.is_none()
        && any.unique_items.is_none()
        && any.enumeration.is_empty()
        && any.format.is_none()
        && any.min_length.is_none()
        && any.max_length.is_none()
        && any.all_of.is_empty()
        && any.not.is_none()
}

impl Resolver<'_> {
    /// Warns about the object keywords written beside the union at `pointer` that its enum
    /// does not model: `properties` and `additionalProperties`, and each `required` name that a
    /// member does not declare. Each variant decodes only what its own member declares.
    pub(super) fn check_union_siblings(&mut self, union: &Union, pointer: &str) {
        let Some(beside) = union.beside else {
            return;
        };
        let keyword = union.keyword;
        let mut ignored = Vec::new();
        if !beside.properties.is_empty() {
            ignored.push("`properties`");
        }
        if beside.additional_properties.is_some() {
            ignored.push("`additionalProperties`");
        }
        if !ignored.is_empty() {
            let names = join_names(
                beside
                    .properties
                    .keys()
                    .map(|name| format!("{name:?}"))
                    .collect(),
            );
            let declared = if names.is_empty() {
                String::new()
            } else {
                format!(", so the keys {names} decode only where a member declares them")
            };
            self.warn(
                pointer,
                format!(
                    "{} written beside `{keyword}` are not part of the generated enum, whose \
                     variants hold only the properties of their own member{declared}",
                    ignored.join(" and ")
                ),
                &format!(
                    "declare these properties in every member of the `{keyword}`, for example \
                     through an `allOf` with a shared base schema"
                ),
            );
        }
        self.check_union_required(union, beside, pointer);
    }

    /// Warns about each `required` name written beside the union at `pointer` that a member
    /// does not declare, because that member's variant has no field for it. Names of the
    /// `properties` beside the union are left to [`Self::check_union_siblings`].
    fn check_union_required(&mut self, union: &Union, beside: &AnySchema, pointer: &str) {
        let keyword = union.keyword;
        for (index, name) in beside.required.iter().enumerate() {
            if beside.properties.contains_key(name) {
                continue;
            }
            let lacking = union.members.iter().enumerate().find(|(member, schema)| {
                self.member_lacks(schema, name, &format!("{pointer}/{keyword}/{member}"))
            });
            let Some((member, _)) = lacking else {
                continue;
            };
            self.warn(
                &format!("{pointer}/required/{index}"),
                format!(
                    "`required` lists {name:?} beside `{keyword}`, but member {keyword}/{member} \
                     does not declare it, so that variant has no field for it and does not \
                     require it"
                ),
                &format!(
                    "declare the property in every member of the `{keyword}`, or remove it from \
                     `required`"
                ),
            );
        }
    }

    /// Warns about each union without a discriminator that has a member reading objects
    /// without requiring a property, beside another member that reads objects. Such a member
    /// reads any object, skipping the keys it does not declare, so one object can match
    /// several members.
    pub(super) fn check_union_overlaps(&mut self) {
        let mut problems = Vec::new();
        for model in &self.models {
            let ModelKind::OneOf {
                variants,
                discriminator: None,
            } = &model.kind
            else {
                continue;
            };
            let keys: Vec<MemberKeys> = variants
                .iter()
                .map(|variant| member_keys(&self.models, &variant.ty))
                .collect();
            let loose: Vec<usize> = (0..keys.len())
                .filter(|&index| keys[index].requires_nothing())
                .collect();
            let overlapping: Vec<usize> = (0..keys.len())
                .filter(|&index| keys[index].reads_objects())
                .collect();
            if loose.is_empty() || overlapping.len() < 2 {
                continue;
            }
            let nested: Vec<usize> = (0..keys.len())
                .filter(|&index| matches!(keys[index], MemberKeys::Union(_)))
                .collect();
            let keyword = self
                .union_keywords
                .get(&model.rust_name)
                .copied()
                .unwrap_or("oneOf");
            let members = Overlap {
                keyword,
                loose: &loose,
                overlapping: &overlapping,
                nested: &nested,
            };
            problems.push((model.pointer.clone(), members.reason()));
        }
        let fix = "add to each member a `required` property that the others lack, or a \
                   `discriminator` with a `$ref` per member";
        for (pointer, reason) in problems {
            self.warn(&pointer, reason, fix);
        }
    }
}

/// The members of a union that may read the same object, by index.
struct Overlap<'a> {
    /// `oneOf` or `anyOf`.
    keyword: &'a str,
    /// The members that require no property, or are unions with such a member.
    loose: &'a [usize],
    /// The members that read objects, the loose ones among them.
    overlapping: &'a [usize],
    /// The members that are themselves unions.
    nested: &'a [usize],
}

impl Overlap<'_> {
    /// Returns the message of a union whose members `overlapping` may read the same object,
    /// because the members `loose` require no property.
    ///
    /// A nested union fits an object when one of its own members declares every key, so the
    /// object whose keys the message describes is one that no member of a nested union
    /// declares either.
    fn reason(&self) -> String {
        let keyword = self.keyword;
        let loose_verb = if self.loose.len() == 1 {
            "requires"
        } else {
            "require"
        };
        let loose = self.loose.iter().map(|&index| {
            if self.nested.contains(&index) {
                format!("a member of {keyword}/{index}")
            } else {
                format!("{keyword}/{index}")
            }
        });
        let nested = match self.nested.len() {
            0 => String::new(),
            1 => format!(
                ", nor a single member of the nested union {},",
                member_list(keyword, self.nested)
            ),
            _ => format!(
                ", nor a single member of the nested unions {},",
                member_list(keyword, self.nested)
            ),
        };
        format!(
            "members {} may decode the same object, because {} {loose_verb} no property and the \
             {keyword} has no discriminator, so an object whose keys no single member \
             declares{nested} decodes as the first member that accepts it, without the keys \
             that member lacks",
            member_list(keyword, self.overlapping),
            join_names(loose.collect()),
        )
    }
}

/// Names the members at `indexes` by their pointers relative to the union, such as
/// `anyOf/0 and anyOf/1`.
fn member_list(keyword: &str, indexes: &[usize]) -> String {
    join_names(
        indexes
            .iter()
            .map(|index| format!("{keyword}/{index}"))
            .collect(),
    )
}

/// Joins `names` as `a, b and c`, naming at most [`MAX_MEMBERS_SHOWN`] and counting the rest.
fn join_names(mut names: Vec<String>) -> String {
    let total = names.len();
    names.truncate(MAX_MEMBERS_SHOWN);
    if total > MAX_MEMBERS_SHOWN {
        names.push(format!("{} more", total - MAX_MEMBERS_SHOWN));
    }
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Api, TypeRef};
    use crate::resolve::schemas::tests::resolve_schemas;

    const NESTED: &str = "\
        Note: {type: object, properties: {text: {type: string}}}\n\
        Count: {type: object, required: [count], properties: {count: {type: integer}}}\n\
        Label: {type: object, required: [label], properties: {label: {type: string}}}\n\
        Tagged: {oneOf: [{$ref: '#/components/schemas/Label'}, {type: string}]}\n\
        Mark: {anyOf: [{$ref: '#/components/schemas/Count'}, {$ref: '#/components/schemas/Tagged'}]}\n\
        Marker: {$ref: '#/components/schemas/Mark'}\n\
        Twice: {oneOf: [{$ref: '#/components/schemas/Mark'}, {$ref: '#/components/schemas/Marker'}]}\n\
        Entry: {oneOf: [{$ref: '#/components/schemas/Note'}, {$ref: '#/components/schemas/Marker'}]}";

    fn keys_of<'a>(api: &'a Api, name: &str) -> MemberKeys<'a> {
        member_keys(&api.models, &TypeRef::Model(name.to_owned()))
    }

    fn required_key(key: &str) -> MemberKeys<'_> {
        MemberKeys::Closed {
            keys: vec![key],
            required: vec![key],
        }
    }

    #[test]
    fn nested_union_lists_members_keys() {
        let api = resolve_schemas(NESTED).expect("the unions resolve");
        let expected = MemberKeys::Union(vec![required_key("count"), required_key("label")]);
        assert_eq!(keys_of(&api, "Marker"), expected);
        assert_eq!(keys_of(&api, "Twice"), expected);
    }

    #[test]
    fn nested_union_named_in_warning() {
        let api = resolve_schemas(NESTED).expect("the unions resolve");
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        let expected = "#/components/schemas/Entry: members oneOf/0 and oneOf/1 may decode the \
                        same object, because oneOf/0 requires no property and the oneOf has no \
                        discriminator, so an object whose keys no single member declares, nor a \
                        single member of the nested union oneOf/1, decodes as the first member";
        assert!(
            warnings.iter().any(|warning| warning.contains(expected)),
            "{expected} is missing from:\n{warnings:#?}"
        );
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
    }

    const PETS: &str = "\
        Cat: {type: object, required: [kind, lives], properties: {kind: {type: string}, lives: {type: integer}}}\n\
        Dog: {type: object, required: [kind, bark], properties: {kind: {type: string}, bark: {type: string}}}\n";

    fn variant_types(api: &Api, name: &str) -> (Vec<TypeRef>, Option<String>) {
        let model = api.models.iter().find(|model| model.name == name);
        match model.map(|model| &model.kind) {
            Some(ModelKind::OneOf {
                variants,
                discriminator,
            }) => (
                variants.iter().map(|variant| variant.ty.clone()).collect(),
                discriminator.clone(),
            ),
            other => panic!("{name} is not a union: {other:?}"),
        }
    }

    fn cat_and_dog() -> Vec<TypeRef> {
        vec![
            TypeRef::Model("Cat".to_owned()),
            TypeRef::Model("Dog".to_owned()),
        ]
    }

    #[test]
    fn object_type_beside_union_keeps_enum() {
        let schemas = format!(
            "{PETS}\
             Pet: {{type: object, discriminator: {{propertyName: kind}}, oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]}}\n\
             Either: {{type: object, anyOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]}}\n\
             Kinds: {{required: [kind], oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]}}"
        );
        let api = resolve_schemas(&schemas).expect("the unions resolve");
        let pet = (cat_and_dog(), Some("kind".to_owned()));
        assert_eq!(variant_types(&api, "Pet"), pet);
        assert_eq!(variant_types(&api, "Either"), (cat_and_dog(), None));
        assert_eq!(variant_types(&api, "Kinds"), (cat_and_dog(), None));
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings, Vec::<String>::new());
    }

    #[test]
    fn properties_beside_union_are_warned() {
        let schemas = format!(
            "{PETS}\
             Pet: {{type: object, required: [name, kind], properties: {{name: {{type: string}}}}, oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]}}\n\
             Loose: {{required: [bark], oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]}}"
        );
        let api = resolve_schemas(&schemas).expect("the unions resolve");
        assert_eq!(variant_types(&api, "Pet"), (cat_and_dog(), None));
        assert_eq!(variant_types(&api, "Loose"), (cat_and_dog(), None));
        let warnings: Vec<String> = api.warnings.iter().map(ToString::to_string).collect();
        let properties = "#/components/schemas/Pet: `properties` written beside `oneOf` are not \
                          part of the generated enum";
        let required = "#/components/schemas/Loose/required/0: `required` lists \"bark\" beside \
                        `oneOf`, but member oneOf/0 does not declare it";
        for expected in [properties, required] {
            assert!(
                warnings.iter().any(|warning| warning.contains(expected)),
                "{expected} is missing from:\n{warnings:#?}"
            );
        }
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
    }

    #[test]
    fn unresolved_ref_beside_object_type_is_an_error() {
        let schemas = "\
            A: {type: object, oneOf: [{$ref: '#/components/schemas/Missing'}]}\n\
            B: {type: object, oneOf: [{type: string}, {$ref: '#/components/schemas/Gone'}]}";
        let errors = resolve_schemas(schemas).expect_err("the $refs do not resolve");
        let pointers: Vec<&str> = errors.iter().map(|error| error.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/oneOf/0/$ref",
                "#/components/schemas/B/oneOf/1/$ref",
            ]
        );
        assert!(errors[0].reason.contains("unresolved $ref"), "{errors:?}");
    }

    #[test]
    fn member_list_joins_names() {
        assert_eq!(member_list("anyOf", &[0]), "anyOf/0");
        assert_eq!(member_list("anyOf", &[0, 2]), "anyOf/0 and anyOf/2");
        assert_eq!(
            member_list("oneOf", &[0, 1, 2]),
            "oneOf/0, oneOf/1 and oneOf/2"
        );
    }

    #[test]
    fn member_list_shortens_long_lists() {
        let indexes: Vec<usize> = (0..10).collect();
        let list = member_list("oneOf", &indexes);
        assert!(list.starts_with("oneOf/0, oneOf/1,"), "{list}");
        assert!(list.ends_with("oneOf/7 and 2 more"), "{list}");
    }
}
