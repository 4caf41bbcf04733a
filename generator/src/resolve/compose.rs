//! Merging of `allOf` schemas, and of objects written beside an `allOf`, into one object.

use std::collections::{BTreeSet, HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::annotated;
use super::refs::{self, component_name};
use crate::load::escape_pointer_token;

const SCHEMAS: &str = "#/components/schemas/";

/// Limit on the component schemas followed through `$ref`s from the schema being merged to the
/// deepest member, the same as the limit on the document's nesting. A cycle of them is cut
/// where it closes, so the limit only bounds long chains.
pub(super) const MAX_DEPTH: usize = 128;

/// A property gathered from an object schema or an `allOf` member.
pub(super) struct MergedProperty<'s> {
    pub wire_name: &'s str,
    pub schema: &'s ReferenceOr<Box<Schema>>,
    /// JSON pointer of the property where it is declared.
    pub pointer: String,
}

/// The properties of every member of an `allOf`, each once, in the order first met.
#[derive(Default)]
pub(super) struct MergedObject<'s> {
    pub properties: Vec<MergedProperty<'s>>,
    /// Union of the members' `required` lists.
    pub required: BTreeSet<String>,
    /// Each entry of the members' `required` lists, in the order met.
    pub required_entries: Vec<RequiredEntry>,
    /// Whether a member declares `additionalProperties`, whose keys a `required` entry may name.
    pub has_additional_properties: bool,
    /// The `$ref` members that lead back to a schema being merged. Each is skipped, because the
    /// merge already gathers that schema's properties.
    pub cycles: Vec<CycleRef>,
    /// The properties declared again with another type, in the order met.
    pub conflicts: Vec<PropertyConflict>,
}

/// A property that a later `allOf` member declares with another type than the first.
pub(super) struct PropertyConflict {
    pub wire_name: String,
    /// JSON pointer of the later declaration.
    pub pointer: String,
    /// The `type` of the later declaration.
    pub later_type: String,
    /// JSON pointer of the first declaration, which the merge keeps.
    pub first_pointer: String,
    /// The `type` of the first declaration.
    pub first_type: String,
}

/// An entry of the `required` list of a merged schema or of one of its members.
pub(super) struct RequiredEntry {
    pub name: String,
    /// JSON pointer of the entry, such as `.../allOf/1/required/0`.
    pub pointer: String,
}

/// A `$ref` inside an `allOf` that closes a cycle of component schemas.
pub(super) struct CycleRef {
    /// JSON pointer of the `$ref`.
    pub pointer: String,
    /// Name of the component schema it refers to.
    pub target: String,
}

/// Tells whether `schema` is a composition that [`merge_object`] turns into one struct: an
/// `allOf` of several members, or an untyped schema with properties or an `allOf`.
pub(super) fn is_merged(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(any) => {
            let object_type = any.typ.as_deref().is_none_or(|typ| typ == "object");
            object_type
                && any.one_of.is_empty()
                && any.any_of.is_empty()
                && (!any.properties.is_empty() || !any.all_of.is_empty())
        }
        _ => false,
    }
}

/// The reason an `allOf` has no struct form.
pub(super) enum MergeFailure {
    /// A member is not an object schema: a string, a `oneOf`, an external `$ref`.
    NotObject,
    /// The `$ref` at `pointer` leads past [`MAX_DEPTH`] component schemas.
    TooDeep { pointer: String },
}

/// Gathers the properties of `schema` and of its `allOf` members, following `$ref`s into
/// `#/components/schemas`. Each component schema is gathered once per merge, however many
/// members lead to it, so the work grows with the size of the spec and not with the number of
/// paths through it.
///
/// # Errors
///
/// Returns [`MergeFailure`] when the `allOf` has no struct form.
pub(super) fn merge_object<'s>(
    spec: &'s OpenAPI,
    schema: &'s Schema,
    pointer: &str,
) -> Result<MergedObject<'s>, MergeFailure> {
    // A component schema is on the path of its own merge, so a member that refers back to it
    // closes a cycle.
    let path: Vec<String> = pointer
        .strip_prefix(SCHEMAS)
        .filter(|name| !name.contains('/'))
        .map(crate::load::unescape_pointer_token)
        .into_iter()
        .collect();
    if annotated::is_untyped_annotation(schema) {
        return Err(MergeFailure::NotObject);
    }
    let mut merge = Merge {
        spec,
        into: MergedObject::default(),
        path,
        gathered: HashSet::new(),
        wire_names: HashMap::new(),
    };
    merge.gather(schema, pointer)?;
    Ok(merge.into)
}

/// The state of one [`merge_object`].
struct Merge<'s> {
    spec: &'s OpenAPI,
    into: MergedObject<'s>,
    /// The component schemas whose merge is in progress, outermost first.
    path: Vec<String>,
    /// The component schemas already gathered in full. A schema reached again adds nothing,
    /// because its properties and `required` names are already in `into`.
    gathered: HashSet<String>,
    /// The index in `into.properties` of each wire name.
    wire_names: HashMap<&'s str, usize>,
}

impl<'s> Merge<'s> {
    /// Gathers the properties of `schema`, at `pointer`, into `self.into`.
    fn gather(&mut self, schema: &'s Schema, pointer: &str) -> Result<(), MergeFailure> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.into.has_additional_properties |= object.additional_properties.is_some();
                self.add(&object.properties, &object.required, pointer);
                Ok(())
            }
            SchemaKind::AllOf { all_of } => self.gather_members(all_of, pointer),
            SchemaKind::Any(any)
                if is_merged(schema)
                    || !any.properties.is_empty()
                    || annotated::is_required_only(schema) =>
            {
                self.into.has_additional_properties |= any.additional_properties.is_some();
                self.gather_members(&any.all_of, pointer)?;
                self.add(&any.properties, &any.required, pointer);
                Ok(())
            }
            // A member such as `{description: ...}` or `{nullable: true}` adds no property.
            _ if annotated::is_untyped_annotation(schema) => Ok(()),
            _ => Err(MergeFailure::NotObject),
        }
    }

    fn gather_members(
        &mut self,
        members: &'s [ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<(), MergeFailure> {
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{index}");
            self.gather_reference(member, &member_pointer)?;
        }
        Ok(())
    }

    fn gather_reference(
        &mut self,
        item: &'s ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<(), MergeFailure> {
        let reference = match item {
            ReferenceOr::Item(schema) => return self.gather(schema, pointer),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = component_name(reference, SCHEMAS).map_err(|_| MergeFailure::NotObject)?;

        if self.path.contains(&name) {
            self.into.cycles.push(CycleRef {
                pointer: format!("{pointer}/$ref"),
                target: name,
            });
            return Ok(());
        }
        if self.gathered.contains(&name) {
            return Ok(());
        }
        if self.path.len() >= MAX_DEPTH {
            return Err(MergeFailure::TooDeep {
                pointer: format!("{pointer}/$ref"),
            });
        }
        let target = self
            .spec
            .components
            .as_ref()
            .and_then(|components| components.schemas.get(&name))
            .ok_or(MergeFailure::NotObject)?;

        let target_pointer = format!("{SCHEMAS}{}", escape_pointer_token(&name));
        self.path.push(name);
        let gathered = self.gather_reference(target, &target_pointer);
        let name = self.path.pop().unwrap_or_default();
        self.gathered.insert(name);
        gathered
    }

    fn add(
        &mut self,
        properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
    ) {
        for (wire_name, schema) in properties {
            let property_pointer =
                format!("{pointer}/properties/{}", escape_pointer_token(wire_name));
            // A property that several members declare keeps the first declaration, the one
            // closest to the root. The spec requires the members to agree on its type.
            if let Some(&first) = self.wire_names.get(wire_name.as_str()) {
                self.check_conflict(first, schema, property_pointer);
                continue;
            }
            self.wire_names
                .insert(wire_name, self.into.properties.len());
            self.into.properties.push(MergedProperty {
                wire_name,
                schema,
                pointer: property_pointer,
            });
        }
        for (index, name) in required.iter().enumerate() {
            self.into.required.insert(name.clone());
            self.into.required_entries.push(RequiredEntry {
                name: name.clone(),
                pointer: format!("{pointer}/required/{index}"),
            });
        }
    }

    /// Records a conflict when `schema`, declared at `pointer`, names another `type` than the
    /// property at `first` in `into.properties`. A declaration without a `type` conflicts with
    /// none.
    fn check_conflict(&mut self, first: usize, schema: &ReferenceOr<Box<Schema>>, pointer: String) {
        let property = &self.into.properties[first];
        let (Some(first_type), Some(later_type)) = (
            declared_type(self.spec, property.schema),
            declared_type(self.spec, schema),
        ) else {
            return;
        };
        if first_type != later_type {
            self.into.conflicts.push(PropertyConflict {
                wire_name: property.wire_name.to_owned(),
                pointer,
                later_type: later_type.to_owned(),
                first_pointer: property.pointer.clone(),
                first_type: first_type.to_owned(),
            });
        }
    }
}

/// Returns the `type` of a property's schema, through `$ref`s into `#/components/schemas`.
pub(super) fn declared_type<'s>(
    spec: &'s OpenAPI,
    schema: &'s ReferenceOr<Box<Schema>>,
) -> Option<&'s str> {
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => {
            let components = spec.components.as_ref().map(|c| &c.schemas);
            let target = components?.get(&component_name(reference, SCHEMAS).ok()?)?;
            refs::resolve(target, components, SCHEMAS).ok()?
        }
    };
    annotated::type_name(schema)
}
