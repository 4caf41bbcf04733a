//! Checks of a union's `discriminator`: its `mapping` must name component schemas that are
//! members, each member must declare the property that carries the tag, and each value selects
//! one member.

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::Resolver;
use super::compose;
use super::refs::{self, component_name, unresolved};
use crate::ir::UnionVariant;
use crate::load::escape_pointer_token;

const SCHEMAS: &str = "#/components/schemas/";

/// The origin of the discriminator values of a union's variant.
pub(super) struct TagSource {
    /// Index of the variant's member in the `oneOf` or `anyOf`.
    pub index: usize,
    pub origin: TagOrigin,
}

/// The part of the spec that gives a variant its discriminator values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TagOrigin {
    /// The name of the component schema that the member's `$ref` names.
    SchemaName,
    /// The `mapping` entries that point at the member's component schema.
    Mapping,
    /// The `enum` of the discriminator property of an inline member, at this JSON pointer.
    Enum(String),
}

impl Resolver<'_> {
    /// Reports each `mapping` value that names no component schema, and each member of the
    /// union at `pointer` whose properties lack `propertyName`.
    pub(super) fn check_discriminator(
        &mut self,
        discriminator: &Discriminator,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
        keyword: &str,
    ) {
        let discriminator_pointer = format!("{pointer}/discriminator");
        for (value, target) in &discriminator.mapping {
            let value_pointer = format!(
                "{discriminator_pointer}/mapping/{}",
                escape_pointer_token(value)
            );
            let Some(name) = self.check_mapping_target(target, &value_pointer) else {
                continue;
            };
            if !has_member_named(members, &name) {
                self.warn_mapping_outside(value, &name, &value_pointer, keyword);
            }
        }

        let property = &discriminator.property_name;
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{keyword}/{index}");
            self.check_tag_type(member, property, &member_pointer, &discriminator_pointer);
            if self.member_lacks(member, property, &member_pointer) {
                self.report(
                    &member_pointer,
                    format!(
                        "union member has no property {property:?}, which the discriminator at \
                         {discriminator_pointer} reads"
                    ),
                    "declare the property in the member schema, or correct \
                     `discriminator.propertyName`",
                );
            }
        }
    }

    /// Warns when `member` declares `property` with a `type` other than `string`. The generated
    /// `Deserialize` reads the discriminator as a JSON string, so every value of such a member
    /// decodes as `Unknown`.
    fn check_tag_type(
        &mut self,
        member: &ReferenceOr<Schema>,
        property: &str,
        member_pointer: &str,
        discriminator_pointer: &str,
    ) {
        let schemas = self.spec.components.as_ref().map(|c| &c.schemas);
        let Ok(schema) = refs::resolve(member, schemas, SCHEMAS) else {
            return;
        };
        // A `$ref` member's properties are named by the pointers of its component schema.
        let schema_pointer = match member {
            ReferenceOr::Reference { reference } => match component_name(reference, SCHEMAS) {
                Ok(name) => format!("{SCHEMAS}{}", escape_pointer_token(&name)),
                Err(_) => member_pointer.to_owned(),
            },
            ReferenceOr::Item(_) => member_pointer.to_owned(),
        };
        let Ok(merged) = compose::merge_object(self.spec, schema, &schema_pointer) else {
            return;
        };
        let Some(found) = merged
            .properties
            .iter()
            .find(|found| found.wire_name == property)
        else {
            return;
        };
        let declared = compose::declared_type(self.spec, found.schema);
        let Some(declared) = declared.filter(|declared| *declared != "string") else {
            return;
        };
        self.warn(
            &found.pointer,
            format!(
                "discriminator property {property:?} has type {declared}, but the discriminator \
                 at {discriminator_pointer} reads only string values, so every value of this \
                 member decodes as `Unknown`"
            ),
            "declare the property as `type: string`, as OpenAPI 3.0 expects of a discriminator",
        );
    }

    /// Reports a `mapping` value that is neither the name of a component schema nor a `$ref`
    /// to one, and returns the name of the schema that it names otherwise.
    fn check_mapping_target(&mut self, target: &str, pointer: &str) -> Option<String> {
        let fix = "define the schema under #/components/schemas or correct the mapping";
        let name = match mapping_target_name(target) {
            Ok(name) => name,
            Err(reason) => {
                self.report(pointer, reason, fix);
                return None;
            }
        };
        if !self.schema_names.contains_key(&name) {
            let reference = format!("{SCHEMAS}{}", escape_pointer_token(&name));
            let reason = unresolved(&reference, &name, SCHEMAS);
            self.report(pointer, reason, fix);
            return None;
        }
        Some(name)
    }

    /// Warns that the `mapping` entry `value` at `pointer` names the schema `name`, which no
    /// member of the union is a `$ref` to, so the value selects no variant.
    fn warn_mapping_outside(&mut self, value: &str, name: &str, pointer: &str, keyword: &str) {
        let reference = format!("{SCHEMAS}{}", escape_pointer_token(name));
        self.warn(
            pointer,
            format!(
                "`mapping` gives the discriminator value {value:?} to schema {name:?}, which is \
                 not a member of the {keyword}, so decoding never returns a {name:?} for that \
                 value"
            ),
            &format!(
                "add `$ref: '{reference}'` to the `{keyword}`, or map {value:?} to one of its \
                 members"
            ),
        );
    }

    /// Returns the string values of the `enum` of `property` in the inline member `member` at
    /// `member_pointer`, with the JSON pointer of that `enum`. Returns `None` when the member
    /// is not an object or does not give the property an `enum` of strings.
    pub(super) fn inline_tags(
        &self,
        member: &Schema,
        property: &str,
        member_pointer: &str,
    ) -> Option<(Vec<String>, String)> {
        let merged = compose::merge_object(self.spec, member, member_pointer).ok()?;
        let found = merged
            .properties
            .iter()
            .find(|found| found.wire_name == property)?;
        let (schema, pointer) = match found.schema {
            ReferenceOr::Item(schema) => (schema.as_ref(), found.pointer.clone()),
            ReferenceOr::Reference { reference } => {
                let components = self.spec.components.as_ref().map(|c| &c.schemas);
                let name = component_name(reference, SCHEMAS).ok()?;
                let target = components?.get(&name)?;
                let schema = refs::resolve(target, components, SCHEMAS).ok()?;
                (schema, format!("{SCHEMAS}{}", escape_pointer_token(&name)))
            }
        };
        let values = string_enum(schema);
        if values.is_empty() {
            return None;
        }
        Some((values, format!("{pointer}/enum")))
    }

    /// Tells whether `member` is an object schema, through `$ref`s and `allOf`, that does not
    /// declare `property`. A member that is not an object, or whose `$ref` does not resolve,
    /// gets no report here: the latter is reported where its type is resolved.
    pub(super) fn member_lacks(
        &self,
        member: &ReferenceOr<Schema>,
        property: &str,
        pointer: &str,
    ) -> bool {
        let schemas = self.spec.components.as_ref().map(|c| &c.schemas);
        let Ok(schema) = refs::resolve(member, schemas, SCHEMAS) else {
            return false;
        };
        match compose::merge_object(self.spec, schema, pointer) {
            Ok(merged) => !merged
                .properties
                .iter()
                .any(|found| found.wire_name == property),
            Err(_) => false,
        }
    }

    /// Tells whether member `index` of the union at `pointer` repeats an earlier member: a
    /// `$ref` to the same schema, or an equal inline schema. Warns when it does, because the
    /// union keeps only the first, which reads every value that the repeat reads.
    pub(super) fn is_repeated_member(
        &mut self,
        members: &[ReferenceOr<Schema>],
        index: usize,
        pointer: &str,
        keyword: &str,
        discriminator: Option<&Discriminator>,
    ) -> bool {
        let member = &members[index];
        let first = members[..index]
            .iter()
            .position(|earlier| same_member(earlier, member));
        let Some(first) = first else {
            return false;
        };
        let consequence = if discriminator.is_some() {
            "so it would claim the same discriminator values, and the enum has one variant for \
             both"
        } else {
            "so it reads only values that the earlier member reads first, and the enum has one \
             variant for both"
        };
        self.warn(
            &format!("{pointer}/{keyword}/{index}"),
            format!("union member repeats {keyword}/{first}, {consequence}"),
            &format!("remove the repeated member from the `{keyword}`"),
        );
        true
    }

    /// Takes each discriminator value that an inline member's `enum` shares with another
    /// member out of the member listed later, and warns where the later member gets it. The
    /// generated `Deserialize` has one match arm per value, so a value selects one member.
    pub(super) fn drop_claimed_enum_tags(
        &mut self,
        variants: &mut [UnionVariant],
        sources: &[TagSource],
        pointer: &str,
        keyword: &str,
    ) {
        for later in 0..variants.len() {
            for earlier in 0..later {
                let involves_enum = [&sources[earlier].origin, &sources[later].origin]
                    .iter()
                    .any(|origin| matches!(origin, TagOrigin::Enum(_)));
                if !involves_enum {
                    continue;
                }
                for value in variants[earlier].tags.clone() {
                    if !variants[later].tags.contains(&value) {
                        continue;
                    }
                    variants[later].tags.retain(|tag| *tag != value);
                    let members = (sources[earlier].index, sources[later].index);
                    let at = tag_pointer(&sources[later], &value, pointer, keyword);
                    let never = variants[later].tags.is_empty();
                    self.warn_claimed(&value, members, never, &at, keyword);
                }
            }
        }
    }

    /// Warns at `at` that the discriminator value `value` selects the member `first` and no
    /// longer the member `later`. `never` is true when no value selects `later` any more.
    fn warn_claimed(
        &mut self,
        value: &str,
        (first, later): (usize, usize),
        never: bool,
        at: &str,
        keyword: &str,
    ) {
        let unreachable = if never {
            ", and decoding never returns it because no other value selects it"
        } else {
            ""
        };
        self.warn(
            at,
            format!(
                "discriminator value {value:?} also selects {keyword}/{first}, which is listed \
                 first, so it no longer selects {keyword}/{later}{unreachable}"
            ),
            &format!("give {keyword}/{first} and {keyword}/{later} different discriminator values"),
        );
    }

    /// Warns that the discriminator of the union at `pointer` is ignored, because no value
    /// selects the member `index`.
    pub(super) fn warn_ignored_discriminator(
        &mut self,
        members: &[ReferenceOr<Schema>],
        index: usize,
        property: &str,
        pointer: &str,
        keyword: &str,
    ) {
        let cause = match members[index] {
            ReferenceOr::Item(_) => format!(
                "member {keyword}/{index} is written inline and gives {property:?} no `enum` of \
                 string values"
            ),
            ReferenceOr::Reference { .. } => {
                format!("no discriminator value selects member {keyword}/{index}")
            }
        };
        self.warn(
            &format!("{pointer}/discriminator"),
            format!(
                "discriminator is ignored, because {cause}, so decoding tries the members in \
                 order and may return one that the value of {property:?} does not name"
            ),
            &format!(
                "move each inline member to #/components/schemas and `$ref` it, or give its \
                 {property:?} property an `enum` of the values that select it"
            ),
        );
    }

    /// Takes each value that `mapping` gives to one variant out of the values of the others,
    /// which have it only as the name of their schema, and warns at the `mapping` entry.
    /// OpenAPI gives an explicit `mapping` entry precedence over a schema name.
    pub(super) fn drop_shadowed_tags(
        &mut self,
        variants: &mut [UnionVariant],
        sources: &[TagSource],
        pointer: &str,
        keyword: &str,
    ) {
        for winner in 0..variants.len() {
            if sources[winner].origin != TagOrigin::Mapping {
                continue;
            }
            for value in variants[winner].tags.clone() {
                for loser in 0..variants.len() {
                    let named = sources[loser].origin == TagOrigin::SchemaName;
                    if !named || !variants[loser].tags.contains(&value) {
                        continue;
                    }
                    variants[loser].tags.retain(|tag| *tag != value);
                    let never = variants[loser].tags.is_empty();
                    let members = (sources[winner].index, sources[loser].index);
                    self.warn_shadowed(&value, members, never, pointer, keyword);
                }
            }
        }
    }

    /// Warns that the `mapping` entry `value` of the union at `pointer` selects the member
    /// `winner`, although `value` is the name of the schema of the member `loser`. `never`
    /// is true when no value selects `loser` any more.
    fn warn_shadowed(
        &mut self,
        value: &str,
        (winner, loser): (usize, usize),
        never: bool,
        pointer: &str,
        keyword: &str,
    ) {
        let unreachable = if never {
            format!(
                ", and decoding never returns {keyword}/{loser} because no other value selects it"
            )
        } else {
            String::new()
        };
        self.warn(
            &format!(
                "{pointer}/discriminator/mapping/{}",
                escape_pointer_token(value)
            ),
            format!(
                "`mapping` gives the discriminator value {value:?} to {keyword}/{winner}, so it \
                 no longer selects {keyword}/{loser}, whose schema name it is{unreachable}"
            ),
            &format!(
                "add a `mapping` entry with another value for {keyword}/{loser}, or map another \
                 value to {keyword}/{winner}"
            ),
        );
    }
}

/// Returns the name of the component schema that the `mapping` value `target` names: a `$ref`,
/// or the bare name of the schema.
fn mapping_target_name(target: &str) -> Result<String, String> {
    if target.starts_with('#') || target.contains('/') {
        component_name(target, SCHEMAS)
    } else {
        Ok(target.to_owned())
    }
}

/// Tells whether the `mapping` value `target` names the schema of the `$ref` `reference`.
pub(super) fn mapping_selects(target: &str, reference: &str) -> bool {
    match (
        mapping_target_name(target),
        component_name(reference, SCHEMAS),
    ) {
        (Ok(target), Ok(member)) => target == member,
        _ => false,
    }
}

/// Tells whether one of `members` is a `$ref` to the component schema `name`.
fn has_member_named(members: &[ReferenceOr<Schema>], name: &str) -> bool {
    members.iter().any(|member| match member {
        ReferenceOr::Reference { reference } => {
            component_name(reference, SCHEMAS).is_ok_and(|member| member == name)
        }
        ReferenceOr::Item(_) => false,
    })
}

/// Returns the JSON pointer where `source` gives its variant the discriminator value `value`.
fn tag_pointer(source: &TagSource, value: &str, pointer: &str, keyword: &str) -> String {
    match &source.origin {
        TagOrigin::Enum(at) => at.clone(),
        TagOrigin::Mapping => format!(
            "{pointer}/discriminator/mapping/{}",
            escape_pointer_token(value)
        ),
        TagOrigin::SchemaName => format!("{pointer}/{keyword}/{}", source.index),
    }
}

/// Returns the string values of the `enum` of `schema`, which is empty unless `schema` is a
/// string or untyped schema with an `enum`.
fn string_enum(schema: &Schema) -> Vec<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            string.enumeration.iter().flatten().cloned().collect()
        }
        SchemaKind::Any(any) => any
            .enumeration
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Tells whether `first` and `second` are `$ref`s to the same component schema, or equal
/// inline schemas.
fn same_member(first: &ReferenceOr<Schema>, second: &ReferenceOr<Schema>) -> bool {
    match (first, second) {
        (
            ReferenceOr::Reference { reference: first },
            ReferenceOr::Reference { reference: second },
        ) => same_schema(first, second),
        (ReferenceOr::Item(first), ReferenceOr::Item(second)) => first == second,
        _ => false,
    }
}

/// Tells whether the `$ref`s `first` and `second` name the same component schema.
fn same_schema(first: &str, second: &str) -> bool {
    match (
        component_name(first, SCHEMAS),
        component_name(second, SCHEMAS),
    ) {
        (Ok(first), Ok(second)) => first == second,
        _ => first == second,
    }
}
