//! Checks of a union's `discriminator`: its `mapping` must name component schemas, and each
//! member must declare the property that carries the tag.

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::Resolver;
use super::compose;
use super::refs::{self, component_name, unresolved};
use crate::load::escape_pointer_token;

const SCHEMAS: &str = "#/components/schemas/";

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
}
