//! Checks of a union's `discriminator`: its `mapping` must name component schemas, each
//! member must declare the property that carries the tag, and each value selects one member.

use openapiv3::{Discriminator, ReferenceOr, Schema};

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
    /// Whether `mapping` gave the values, rather than the name of the member's schema.
    pub mapped: bool,
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
            self.check_mapping_target(target, &value_pointer);
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
    /// to one.
    fn check_mapping_target(&mut self, target: &str, pointer: &str) {
        let fix = "define the schema under #/components/schemas or correct the mapping";
        let name = if target.starts_with('#') || target.contains('/') {
            match component_name(target, SCHEMAS) {
                Ok(name) => name,
                Err(reason) => return self.report(pointer, reason, fix),
            }
        } else {
            target.to_owned()
        };
        if !self.schema_names.contains_key(&name) {
            let reference = format!("{SCHEMAS}{}", escape_pointer_token(&name));
            let reason = unresolved(&reference, &name, SCHEMAS);
            self.report(pointer, reason, fix);
        }
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

    /// Tells whether member `index` of the union at `pointer` is a `$ref` to the schema of an
    /// earlier member, and warns when it is. Under a discriminator both would claim the same
    /// values, so the union keeps only the first.
    pub(super) fn is_repeated_member(
        &mut self,
        members: &[ReferenceOr<Schema>],
        index: usize,
        pointer: &str,
        keyword: &str,
    ) -> bool {
        let ReferenceOr::Reference { reference } = &members[index] else {
            return false;
        };
        let first = members[..index].iter().position(|earlier| match earlier {
            ReferenceOr::Reference { reference: earlier } => same_schema(earlier, reference),
            ReferenceOr::Item(_) => false,
        });
        let Some(first) = first else {
            return false;
        };
        self.warn(
            &format!("{pointer}/{keyword}/{index}"),
            format!(
                "union member repeats {keyword}/{first}, so it would claim the same \
                 discriminator values, and the enum has one variant for both"
            ),
            &format!("remove the repeated `$ref` from the `{keyword}`"),
        );
        true
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
            if !sources[winner].mapped {
                continue;
            }
            for value in variants[winner].tags.clone() {
                for loser in 0..variants.len() {
                    if sources[loser].mapped || !variants[loser].tags.contains(&value) {
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
