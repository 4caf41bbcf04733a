//! Checks each schema of the document on its own, innermost first, before the whole document
//! is deserialized.
//!
//! `openapiv3` reads schemas through untagged enums, and serde tries every variant of an
//! untagged enum in turn. An invalid value deep inside nested schemas fails every variant at
//! every level, so deserializing the whole document takes time exponential in the nesting.
//! Checking each schema with its child schemas replaced by `{}` takes linear time, and names the
//! innermost invalid schema.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::limits::Violation;
use super::pointer::{escape_pointer_token, pointer_of};
use super::{F64_RANGE_FIX, shape_fix, unquoted_scalar};

/// Keys whose value is never read as an OpenAPI object, so the walk does not look for schemas
/// inside them.
const OPAQUE_KEYS: &[&str] = &["example", "examples", "default", "enum"];

/// Keys of a schema whose value is a number.
const NUMBER_KEYS: &[&str] = &[
    "multipleOf",
    "maximum",
    "minimum",
    "maxLength",
    "minLength",
    "maxItems",
    "minItems",
    "maxProperties",
    "minProperties",
];

/// Specs with fewer parts than this, counting each entry of `paths` and of
/// `components/schemas`, are checked on one thread.
const MIN_PARALLEL_PARTS: usize = 64;

/// Returns the problem of the first invalid schema, innermost first. A valid spec is checked
/// on up to `threads` threads.
pub fn first_invalid_schema(document: &Value, threads: usize) -> Option<Violation> {
    // Almost every spec is valid, so a walk that builds no pointers looks first.
    if all_schemas_valid_on_threads(document, threads) {
        return None;
    }
    let mut schemas = schema_positions(document);
    // Deeper schemas first, so that a parent is checked only once its children are valid.
    schemas.sort_by(|(pointer, _, depth), (other_pointer, _, other_depth)| {
        other_depth
            .cmp(depth)
            .then_with(|| pointer.cmp(other_pointer))
    });
    schemas.into_iter().find_map(|(pointer, schema, _)| {
        number_beyond_f64(schema, &pointer).or_else(|| shape_violation(schema, &pointer))
    })
}

/// Returns the problem of the schema `schema`, at `pointer`, when it does not deserialize with
/// its child schemas replaced by `{}`.
fn shape_violation(schema: &Value, pointer: &str) -> Option<Violation> {
    let shallow = without_child_schemas(schema);
    let error =
        serde_path_to_error::deserialize::<_, openapiv3::ReferenceOr<openapiv3::Schema>>(&shallow)
            .err()?;
    let inner = pointer_of(error.path());
    let inner = inner.trim_start_matches('#');
    let mut pointer = format!("{pointer}{inner}");
    let reason = error.inner().to_string();
    // serde reports a failure inside the untagged schema enum at the schema itself, so the key
    // of a number where a string belongs is found by its value.
    let key = unquoted_scalar(&reason).and_then(|shown| key_with_scalar(&shallow, shown));
    if key.is_none()
        && inner.is_empty()
        && let Some((keyword, value, kind)) = keyword_of_wrong_kind(&shallow, KEYWORD_KINDS)
    {
        return Some(Violation {
            pointer: format!("{pointer}/{}", escape_pointer_token(keyword)),
            reason: format!(
                "invalid OpenAPI 3.0 value: `{keyword}` takes {}, not {}",
                kind.description(),
                kind_of(value)
            ),
            fix: kind.fix(keyword),
        });
    }
    if key.is_none()
        && inner.is_empty()
        && let Some((child, value, fix)) = child_not_schema(&shallow)
    {
        return Some(Violation {
            pointer: format!("{pointer}{child}"),
            reason: format!(
                "invalid OpenAPI 3.0 value: a schema is a mapping, not {}",
                kind_of(value)
            ),
            fix,
        });
    }
    if let Some(key) = key {
        pointer = format!("{pointer}/{}", escape_pointer_token(key));
    }
    Some(Violation {
        fix: shape_fix(key, &reason),
        pointer,
        reason: format!("invalid OpenAPI 3.0 value: {reason}"),
    })
}

/// Returns the pointer, from `schema`, the value and the fix of its first property or `allOf`,
/// `oneOf` or `anyOf` member that is not a mapping, which no schema can be.
fn child_not_schema(schema: &Value) -> Option<(String, &Value, String)> {
    let map = schema.as_object()?;
    if let Some(Value::Object(properties)) = map.get("properties") {
        let found = properties
            .iter()
            .find(|(_, property)| !property.is_object());
        if let Some((name, property)) = found {
            let pointer = format!("/properties/{}", escape_pointer_token(name));
            let fix = format!("give the property a schema, such as `{name}: {{type: string}}`");
            return Some((pointer, property, fix));
        }
    }
    ["allOf", "oneOf", "anyOf"].into_iter().find_map(|keyword| {
        let members = map.get(keyword)?.as_array()?;
        let (index, member) = members
            .iter()
            .enumerate()
            .find(|(_, member)| !member.is_object())?;
        let fix =
            format!("write each member of `{keyword}` as a schema, such as `{{type: string}}`");
        Some((format!("/{keyword}/{index}"), member, fix))
    })
}

/// The kind of value that a schema keyword takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Boolean,
    /// A whole number of 0 or more, such as `maxLength`.
    Count,
    Number,
    Text,
    /// The name of a type, which OpenAPI 3.0 writes as one string.
    TypeName,
    /// A list of property names, such as `required`.
    Names,
    /// A list of strings, such as an operation's `tags`.
    Strings,
    List,
    Mapping,
    SchemaOrBoolean,
}

/// The keywords of a schema whose value is of one kind, and that kind.
const KEYWORD_KINDS: &[(&str, Kind)] = &[
    ("nullable", Kind::Boolean),
    ("readOnly", Kind::Boolean),
    ("writeOnly", Kind::Boolean),
    ("deprecated", Kind::Boolean),
    ("uniqueItems", Kind::Boolean),
    ("exclusiveMaximum", Kind::Boolean),
    ("exclusiveMinimum", Kind::Boolean),
    ("maxLength", Kind::Count),
    ("minLength", Kind::Count),
    ("maxItems", Kind::Count),
    ("minItems", Kind::Count),
    ("maxProperties", Kind::Count),
    ("minProperties", Kind::Count),
    ("multipleOf", Kind::Number),
    ("maximum", Kind::Number),
    ("minimum", Kind::Number),
    ("type", Kind::TypeName),
    ("format", Kind::Text),
    ("pattern", Kind::Text),
    ("title", Kind::Text),
    ("description", Kind::Text),
    ("required", Kind::Names),
    ("enum", Kind::List),
    ("allOf", Kind::List),
    ("oneOf", Kind::List),
    ("anyOf", Kind::List),
    ("properties", Kind::Mapping),
    ("items", Kind::Mapping),
    ("not", Kind::Mapping),
    ("discriminator", Kind::Mapping),
    ("externalDocs", Kind::Mapping),
    ("xml", Kind::Mapping),
    ("additionalProperties", Kind::SchemaOrBoolean),
];

impl Kind {
    pub(super) fn accepts(self, value: &Value) -> bool {
        match self {
            Kind::Boolean => value.is_boolean(),
            Kind::Count => value.as_u64().is_some(),
            Kind::Number => value.is_number(),
            Kind::Text | Kind::TypeName => value.is_string(),
            Kind::Names | Kind::Strings => value
                .as_array()
                .is_some_and(|items| items.iter().all(Value::is_string)),
            Kind::List => value.is_array(),
            Kind::Mapping => value.is_object(),
            Kind::SchemaOrBoolean => value.is_object() || value.is_boolean(),
        }
    }

    pub(super) fn description(self) -> &'static str {
        match self {
            Kind::Boolean => "a boolean",
            Kind::Count => "a whole number of 0 or more",
            Kind::Number => "a number",
            Kind::Text => "a string",
            Kind::TypeName => "the name of one type",
            Kind::Names => "a list of property names",
            Kind::Strings => "a list of strings",
            Kind::List => "a list",
            Kind::Mapping => "a mapping",
            Kind::SchemaOrBoolean => "a boolean or a schema",
        }
    }

    pub(super) fn fix(self, keyword: &str) -> String {
        match self {
            Kind::Boolean => "write `true` or `false`, without quotes".to_owned(),
            Kind::Count => "write a whole number, 0 or more".to_owned(),
            Kind::Number => "write a number, without quotes".to_owned(),
            Kind::Text => format!("write `{keyword}` as a string"),
            Kind::TypeName => "write one of string, number, integer, boolean, array or object; \
                 for a value that may also be null, write the one type and `nullable: true`"
                .to_owned(),
            Kind::Names => format!("write a list of property names, such as `{keyword}: [id]`"),
            Kind::Strings => format!("write a list of strings, such as `{keyword}: [name]`"),
            Kind::List => format!("write a list, such as `{keyword}: [...]`"),
            Kind::Mapping => format!("write a mapping, such as `{keyword}: {{...}}`"),
            Kind::SchemaOrBoolean => format!("write `true`, `false` or a schema as `{keyword}`"),
        }
    }
}

/// Returns the first keyword of `object` whose value is not of the kind that `keywords` gives
/// it, with that value and kind.
pub(super) fn keyword_of_wrong_kind<'v>(
    object: &'v Value,
    keywords: &[(&str, Kind)],
) -> Option<(&'v str, &'v Value, Kind)> {
    let object = object.as_object()?;
    object.iter().find_map(|(key, value)| {
        let (_, kind) = keywords.iter().find(|(keyword, _)| keyword == key)?;
        (!kind.accepts(value)).then_some((key.as_str(), value, *kind))
    })
}

/// Names the kind of `value`, quoting a short scalar.
pub(super) fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(flag) => format!("the boolean {flag}"),
        Value::Number(number) => format!("the number {number}"),
        Value::String(text) => format!("the string {}", super::quoted(text)),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

/// Returns the key of `schema` whose value is the number or boolean `shown`, leaving out the
/// keys whose value is a number, a boolean or any value.
fn key_with_scalar<'s>(schema: &'s Value, shown: &str) -> Option<&'s str> {
    let scalar_keys = [
        "nullable",
        "readOnly",
        "writeOnly",
        "deprecated",
        "uniqueItems",
        "exclusiveMaximum",
        "exclusiveMinimum",
        "additionalProperties",
    ];
    let object = schema.as_object()?;
    object.iter().find_map(|(key, value)| {
        let skipped = NUMBER_KEYS.contains(&key.as_str())
            || OPAQUE_KEYS.contains(&key.as_str())
            || scalar_keys.contains(&key.as_str());
        let scalar = value.is_number() || value.is_boolean();
        if skipped || !scalar {
            return None;
        }
        let written = value.to_string();
        (written == shown).then_some(key.as_str())
    })
}

/// Returns the problem of a number of the schema `schema`, at `pointer`, that is beyond the
/// range of an `f64`. serde_yaml 0.9 reads such a number, such as `1e400`, as a string, which
/// would otherwise fail as a string where a number belongs.
fn number_beyond_f64(schema: &Value, pointer: &str) -> Option<Violation> {
    let (key, text) = NUMBER_KEYS.iter().find_map(|key| {
        let text = schema.get(key)?.as_str()?;
        is_infinite_number(text).then_some((key, text))
    })?;
    Some(Violation {
        pointer: format!("{pointer}/{key}"),
        reason: format!("{key} {text} is outside the range of an f64"),
        fix: format!("{F64_RANGE_FIX}, or remove `{key}`"),
    })
}

/// Tells whether `text` is a decimal number, such as `-1.5e400`, whose magnitude is too large
/// for an `f64`. Words that Rust reads as infinity, such as `inf`, are not numbers here.
fn is_infinite_number(text: &str) -> bool {
    let digits = text.bytes().any(|byte| byte.is_ascii_digit());
    let numeric = text
        .bytes()
        .all(|byte| byte.is_ascii_digit() || b"+-.eE".contains(&byte));
    digits && numeric && text.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// The position of a value that is not a schema, as far as finding schemas depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Components,
    ComponentSchemas,
    Other,
}

/// Tells whether every schema under `value` deserializes with its child schemas replaced by
/// `{}`. It visits the values that [`schema_positions`] visits, without their pointers.
fn all_schemas_valid(value: &Value, place: Place) -> bool {
    match value {
        Value::Object(map) => {
            walked_entries(map).all(|(key, child)| Part::of(key, child, place).is_valid())
        }
        Value::Array(items) => items
            .iter()
            .all(|item| all_schemas_valid(item, Place::Other)),
        _ => true,
    }
}

/// Returns the entries of `map` that may contain schemas.
fn walked_entries(map: &Map<String, Value>) -> impl Iterator<Item = (&str, &Value)> {
    map.iter()
        .map(|(key, child)| (key.as_str(), child))
        .filter(|(key, _)| !OPAQUE_KEYS.contains(key) && !key.starts_with("x-"))
}

/// A value that [`all_schemas_valid`] checks.
#[derive(Debug, Clone, Copy)]
enum Part<'v> {
    /// A schema, checked with the schemas inside it.
    Schema(&'v Value),
    /// A value that is not a schema, walked for schemas from its place.
    Walk(&'v Value, Place),
}

impl<'v> Part<'v> {
    /// Returns the part of the entry `key: child` of an object at `place`.
    fn of(key: &str, child: &'v Value, place: Place) -> Part<'v> {
        let is_schema = key == "schema" || place == Place::ComponentSchemas;
        if is_schema && child.is_object() {
            return Part::Schema(child);
        }
        let child_place = match (place, key) {
            (Place::Root, "components") => Place::Components,
            (Place::Components, "schemas") => Place::ComponentSchemas,
            _ => Place::Other,
        };
        Part::Walk(child, child_place)
    }

    fn is_valid(self) -> bool {
        match self {
            Part::Schema(schema) => schema_tree_valid(schema),
            Part::Walk(value, place) => all_schemas_valid(value, place),
        }
    }
}

/// Returns what `all_schemas_valid(document, Place::Root)` returns, with the parts of `document`
/// shared out among up to `threads` threads.
fn all_schemas_valid_on_threads(document: &Value, threads: usize) -> bool {
    let parts = root_parts(document);
    if threads < 2 || parts.len() < MIN_PARALLEL_PARTS {
        return parts.into_iter().all(Part::is_valid);
    }
    let share = parts.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let checks: Vec<_> = parts
            .chunks(share)
            .map(|chunk| {
                let check = move || chunk.iter().all(|part| part.is_valid());
                let thread = std::thread::Builder::new()
                    .name("schema-check".to_owned())
                    .stack_size(crate::GENERATION_STACK_BYTES)
                    .spawn_scoped(scope, check);
                (chunk, thread)
            })
            .collect();
        // A chunk whose thread did not start is checked on this thread.
        checks.into_iter().all(|(chunk, thread)| match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => chunk.iter().all(|part| part.is_valid()),
        })
    })
}

/// Returns the parts that [`all_schemas_valid`] checks from the root of `document`, with each
/// entry of `paths` and of `components/schemas` as a part of its own.
fn root_parts(document: &Value) -> Vec<Part<'_>> {
    let Value::Object(root) = document else {
        return vec![Part::Walk(document, Place::Root)];
    };
    let mut parts = Vec::new();
    for (key, child) in walked_entries(root) {
        match (key, child) {
            ("paths", Value::Object(paths)) => parts
                .extend(walked_entries(paths).map(|(key, item)| Part::of(key, item, Place::Other))),
            ("components", Value::Object(components)) => {
                for (key, group) in walked_entries(components) {
                    match (key, group) {
                        ("schemas", Value::Object(schemas)) => {
                            parts.extend(walked_entries(schemas).map(|(name, schema)| {
                                Part::of(name, schema, Place::ComponentSchemas)
                            }))
                        }
                        _ => parts.push(Part::of(key, group, Place::Components)),
                    }
                }
            }
            _ => parts.push(Part::of(key, child, Place::Root)),
        }
    }
    parts
}

/// Tells whether the schema `schema` and every schema inside it deserialize on their own.
fn schema_tree_valid(schema: &Value) -> bool {
    let Value::Object(map) = schema else {
        return true;
    };
    let mut children_valid = true;
    visit_child_schemas(map, |_, child| {
        children_valid = children_valid && schema_tree_valid(child);
    });
    children_valid
        && openapiv3::ReferenceOr::<openapiv3::Schema>::deserialize(&without_child_schemas(schema))
            .is_ok()
}

/// Lists every schema of the document with its pointer and its nesting depth among schemas.
fn schema_positions(document: &Value) -> Vec<(String, &Value, usize)> {
    let mut found = Vec::new();
    // Each entry: a value, its pointer, and its schema depth when it is a schema.
    let mut stack: Vec<(&Value, String, Option<usize>)> = vec![(document, "#".to_owned(), None)];
    while let Some((value, pointer, schema_depth)) = stack.pop() {
        let Value::Object(map) = value else {
            if let Value::Array(items) = value
                && schema_depth.is_none()
            {
                for (index, item) in items.iter().enumerate() {
                    stack.push((item, format!("{pointer}/{index}"), None));
                }
            }
            continue;
        };
        if let Some(depth) = schema_depth {
            for (child_pointer, child) in child_schemas(map, &pointer) {
                stack.push((child, child_pointer, Some(depth + 1)));
            }
            found.push((pointer, value, depth));
            continue;
        }
        for (key, child) in map {
            if OPAQUE_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            let child_pointer = format!("{pointer}/{}", escape_pointer_token(key));
            let is_schema = key == "schema" || pointer == "#/components/schemas";
            let depth = (is_schema && child.is_object()).then_some(0);
            stack.push((child, child_pointer, depth));
        }
    }
    found
}

/// Returns the schemas directly inside the schema `map`, with their pointers.
fn child_schemas<'v>(map: &'v Map<String, Value>, pointer: &str) -> Vec<(String, &'v Value)> {
    let mut children = Vec::new();
    visit_child_schemas(map, |position, child| {
        let child_pointer = match position {
            ChildPosition::Key(key) => format!("{pointer}/{key}"),
            ChildPosition::Property(name) => {
                format!("{pointer}/properties/{}", escape_pointer_token(name))
            }
            ChildPosition::Member(key, index) => format!("{pointer}/{key}/{index}"),
        };
        children.push((child_pointer, child));
    });
    children
}

/// The position of a child schema inside its parent schema.
enum ChildPosition<'v> {
    /// The value of `items`, `not` or `additionalProperties`.
    Key(&'v str),
    /// A property, by name.
    Property(&'v str),
    /// A member of `allOf`, `oneOf` or `anyOf`, by index.
    Member(&'v str, usize),
}

/// Calls `visit` with each schema directly inside the schema `map`, in the map's order.
fn visit_child_schemas<'v>(
    map: &'v Map<String, Value>,
    mut visit: impl FnMut(ChildPosition<'v>, &'v Value),
) {
    for (key, value) in map {
        match (key.as_str(), value) {
            ("items" | "not" | "additionalProperties", Value::Object(_)) => {
                visit(ChildPosition::Key(key), value);
            }
            ("properties", Value::Object(properties)) => {
                for (name, property) in properties.iter().filter(|(_, value)| value.is_object()) {
                    visit(ChildPosition::Property(name), property);
                }
            }
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                for (index, member) in members
                    .iter()
                    .enumerate()
                    .filter(|(_, value)| value.is_object())
                {
                    visit(ChildPosition::Member(key, index), member);
                }
            }
            _ => {}
        }
    }
}

/// Copies a schema with each child schema replaced by `{}`, which is always a valid schema.
fn without_child_schemas(schema: &Value) -> Value {
    let Value::Object(map) = schema else {
        return schema.clone();
    };
    let empty = || Value::Object(Map::new());
    let copy = map
        .iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("items" | "not" | "additionalProperties", Value::Object(_)) => empty(),
                ("properties", Value::Object(properties)) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, property)| {
                            let property = if property.is_object() {
                                empty()
                            } else {
                                property.clone()
                            };
                            (name.clone(), property)
                        })
                        .collect(),
                ),
                ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => Value::Array(
                    members
                        .iter()
                        .map(|member| {
                            if member.is_object() {
                                empty()
                            } else {
                                member.clone()
                            }
                        })
                        .collect(),
                ),
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect();
    Value::Object(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_invalid_type_found_fast() {
        let mut schema = serde_json::json!({"type": {"not": "object"}});
        for _ in 0..100 {
            schema = serde_json::json!({"type": "object", "additionalProperties": schema});
        }
        let document = serde_json::json!({"components": {"schemas": {"Root": schema}}});
        let violation = first_invalid_schema(&document, 1).expect("the type is invalid");
        let pointer = violation.pointer;
        let innermost = format!(
            "#/components/schemas/Root{}/type",
            "/additionalProperties".repeat(100)
        );
        assert_eq!(pointer, innermost);
    }

    #[test]
    fn valid_schemas_pass() {
        let document = serde_json::json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
            "B": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]}
        }}});
        assert!(first_invalid_schema(&document, 1).is_none());
    }

    #[test]
    fn parts_on_threads_find_what_one_walk_finds() {
        let mut schemas = serde_json::Map::new();
        let mut paths = serde_json::Map::new();
        for index in 0..100 {
            schemas.insert(format!("S{index}"), serde_json::json!({"type": "string"}));
            let body = serde_json::json!({"content": {"application/json": {"schema": {"type": "integer"}}}});
            paths.insert(
                format!("/p{index}"),
                serde_json::json!({"post": {"requestBody": body}}),
            );
        }
        let valid = serde_json::json!({"paths": paths, "components": {"schemas": schemas}});
        assert!(all_schemas_valid(&valid, Place::Root));
        assert!(first_invalid_schema(&valid, 2).is_none());

        let invalid_places = [
            "/components/schemas/S70",
            "/paths/~1p90/post/requestBody/content/application~1json/schema",
        ];
        for place in invalid_places {
            let mut document = valid.clone();
            *document.pointer_mut(place).expect("the place exists") =
                serde_json::json!({"type": {"not": "a type"}});
            assert!(!all_schemas_valid(&document, Place::Root), "{place}");
            let violation = first_invalid_schema(&document, 2).expect("the schema is invalid");
            assert_eq!(violation.pointer, format!("#{place}/type"));
        }
    }

    /// serde reports a value of the wrong kind inside a schema at the schema, so the keyword is
    /// found by the kind of value that it takes.
    #[test]
    fn wrong_kind_of_value_names_keyword() {
        let cases = [
            (
                serde_json::json!({"type": "string", "nullable": "true"}),
                "nullable",
                "`true` or `false`",
            ),
            (
                serde_json::json!({"type": "object", "properties": ["a", "b"]}),
                "properties",
                "mapping",
            ),
            (
                serde_json::json!({"type": "object", "required": "a"}),
                "required",
                "list",
            ),
            (
                serde_json::json!({"type": "string", "maxLength": -1}),
                "maxLength",
                "0 or more",
            ),
            (serde_json::json!({"allOf": {"a": 1}}), "allOf", "list"),
            (
                serde_json::json!({"type": "object", "additionalProperties": "yes"}),
                "additionalProperties",
                "`true`, `false` or a schema",
            ),
            (
                serde_json::json!({"type": ["string", "null"]}),
                "type",
                "nullable: true",
            ),
        ];
        for (schema, keyword, fix) in cases {
            let document = serde_json::json!({"components": {"schemas": {"S": schema}}});
            let violation = first_invalid_schema(&document, 1).expect("the schema is invalid");
            assert_eq!(
                violation.pointer,
                format!("#/components/schemas/S/{keyword}")
            );
            assert!(violation.fix.contains(fix), "{keyword}: {}", violation.fix);
        }
    }

    #[test]
    fn child_that_is_no_schema_named() {
        let cases = [
            (
                serde_json::json!({"type": "object", "properties": {"a": {}, "b~c": null}}),
                "/properties/b~0c",
                "not null",
            ),
            (
                serde_json::json!({"oneOf": [{"type": "string"}, "x"]}),
                "/oneOf/1",
                "not the string \"x\"",
            ),
        ];
        for (schema, child, reason) in cases {
            let document = serde_json::json!({"components": {"schemas": {"S": schema}}});
            let violation = first_invalid_schema(&document, 1).expect("the schema is invalid");
            assert_eq!(violation.pointer, format!("#/components/schemas/S{child}"));
            assert!(violation.reason.ends_with(reason), "{}", violation.reason);
        }
    }

    #[test]
    fn number_beyond_f64_names_keyword() {
        let schema = serde_json::json!({"type": "string", "maxLength": "-2E+999"});
        let document = serde_json::json!({"components": {"schemas": {"S": schema}}});
        let violation = first_invalid_schema(&document, 1).expect("the number is invalid");
        assert_eq!(violation.pointer, "#/components/schemas/S/maxLength");
        assert_eq!(
            violation.reason,
            "maxLength -2E+999 is outside the range of an f64"
        );
    }

    #[test]
    fn infinite_numbers_are_told_apart() {
        for text in ["1e400", "-1.0e+400", "1E309", "+9e999"] {
            assert!(is_infinite_number(text), "{text}");
        }
        for text in ["1e300", "inf", "-infinity", "1e4x0", "", "e", "1.5"] {
            assert!(!is_infinite_number(text), "{text}");
        }
    }
}
