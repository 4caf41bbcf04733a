//! Merging of `allOf` schemas, and of objects written beside an `allOf`, into one object.

use std::collections::BTreeSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::refs::component_name;
use crate::load::escape_pointer_token;

const SCHEMAS: &str = "#/components/schemas/";

/// Limit on the component schemas followed through `$ref`s while merging. A cycle of them is
/// cut where it closes, so the limit only bounds long chains.
const MAX_DEPTH: usize = 32;

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
    /// The `$ref` members that lead back to a schema being merged. Each is skipped, because the
    /// merge already gathers that schema's properties.
    pub cycles: Vec<CycleRef>,
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

/// Gathers the properties of `schema` and of its `allOf` members, following `$ref`s into
/// `#/components/schemas`. Returns `None` when a member is not an object schema (a string, a
/// `oneOf`, an external `$ref`), because such an `allOf` has no struct form.
pub(super) fn merge_object<'s>(
    spec: &'s OpenAPI,
    schema: &'s Schema,
    pointer: &str,
) -> Option<MergedObject<'s>> {
    let mut merged = MergedObject::default();
    // A component schema is on the path of its own merge, so a member that refers back to it
    // closes a cycle.
    let mut path: Vec<String> = pointer
        .strip_prefix(SCHEMAS)
        .filter(|name| !name.contains('/'))
        .map(|name| name.replace("~1", "/").replace("~0", "~"))
        .into_iter()
        .collect();
    gather(spec, schema, pointer, &mut merged, &mut path).then_some(merged)
}

/// Gathers the properties of `schema` into `into`. `path` lists the component schemas whose
/// merge is in progress, outermost first.
fn gather<'s>(
    spec: &'s OpenAPI,
    schema: &'s Schema,
    pointer: &str,
    into: &mut MergedObject<'s>,
    path: &mut Vec<String>,
) -> bool {
    if path.len() > MAX_DEPTH {
        return false;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            add(into, &object.properties, &object.required, pointer);
            true
        }
        SchemaKind::AllOf { all_of } => gather_members(spec, all_of, pointer, into, path),
        SchemaKind::Any(any) if is_merged(schema) || !any.properties.is_empty() => {
            let members = gather_members(spec, &any.all_of, pointer, into, path);
            add(into, &any.properties, &any.required, pointer);
            members
        }
        _ => false,
    }
}

fn gather_members<'s>(
    spec: &'s OpenAPI,
    members: &'s [ReferenceOr<Schema>],
    pointer: &str,
    into: &mut MergedObject<'s>,
    path: &mut Vec<String>,
) -> bool {
    members.iter().enumerate().all(|(index, member)| {
        let member_pointer = format!("{pointer}/allOf/{index}");
        gather_reference(spec, member, &member_pointer, into, path)
    })
}

fn gather_reference<'s>(
    spec: &'s OpenAPI,
    item: &'s ReferenceOr<Schema>,
    pointer: &str,
    into: &mut MergedObject<'s>,
    path: &mut Vec<String>,
) -> bool {
    let reference = match item {
        ReferenceOr::Item(schema) => return gather(spec, schema, pointer, into, path),
        ReferenceOr::Reference { reference } => reference,
    };
    let Ok(name) = component_name(reference, SCHEMAS) else {
        return false;
    };
    if path.contains(&name) {
        into.cycles.push(CycleRef {
            pointer: format!("{pointer}/$ref"),
            target: name,
        });
        return true;
    }
    let Some(target) = spec
        .components
        .as_ref()
        .and_then(|components| components.schemas.get(&name))
    else {
        return false;
    };
    let target_pointer = format!("{SCHEMAS}{}", escape_pointer_token(&name));
    path.push(name);
    let gathered = gather_reference(spec, target, &target_pointer, into, path);
    path.pop();
    gathered
}

fn add<'s>(
    into: &mut MergedObject<'s>,
    properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &[String],
    pointer: &str,
) {
    for (wire_name, schema) in properties {
        // NOTE: a property that several members declare keeps the first declaration; the
        // spec requires the members to agree, and the first is the one closest to the root.
        if into
            .properties
            .iter()
            .any(|found| found.wire_name == wire_name)
        {
            continue;
        }
        into.properties.push(MergedProperty {
            wire_name,
            schema,
            pointer: format!("{pointer}/properties/{}", escape_pointer_token(wire_name)),
        });
    }
    into.required.extend(required.iter().cloned());
}
