//! Structure-aware mutations of real specs: a seed spec is parsed into a JSON value, and a plan
//! chosen by `arbitrary` deletes, copies, retypes, renames and nests its nodes and rewires its
//! `$ref`s before the generator reads it.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use serde_json::{Map, Value};

/// The seed specs, embedded so that a run needs no files beside the binary.
const SEEDS: &[&str] = &[
    include_str!("../../tests/fixtures/petstore.yaml"),
    include_str!("../../tests/fixtures/compose.yaml"),
    include_str!("../../tests/fixtures/unions.yaml"),
    include_str!("../../tests/fixtures/nullable.yaml"),
    include_str!("../../tests/fixtures/names.yaml"),
    include_str!("../../tests/fixtures/deep.yaml"),
    include_str!("../../tests/fixtures/bodies.yaml"),
    include_str!("../../tests/fixtures/examples.yaml"),
    include_str!("../../tests/fixtures/security-schemes.yaml"),
    include_str!("../../tests/fixtures/security-overrides.yaml"),
    include_str!("../../spec/openapi.yaml"),
];

/// Maximum mutations applied to one seed, so that one input stays cheap to run.
const MAX_MUTATIONS: usize = 24;

/// Maximum levels that one [`Mutation::Nest`] adds. Past the parsers' depth limit of 128,
/// more levels only test the same error.
const MAX_NEST: usize = 160;

/// Maximum length in bytes of a name built by repetition.
const MAX_REPEATED_NAME: usize = 4096;

/// Names that have broken identifier sanitizers, file names or pointer escaping somewhere.
const ODD_NAMES: &[&str] = &[
    "",
    " ",
    "_",
    "__",
    "-",
    "0",
    "1a",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Error",
    "Unknown",
    "Security",
    "Default",
    "models",
    "lib",
    "mod",
    "$ref",
    "x-",
    "a/b",
    "a~b",
    "~1",
    "~0",
    "#",
    "%20",
    "{id}",
    "a.b",
    "é",
    "日本",
    "\u{0}",
    "\u{7f}",
    "\u{200b}",
    "\u{1f600}",
    "a\nb",
    "a\"b",
    "a\\b",
    "*/",
    "/*",
    "///",
    "`",
    "<script>",
    "{{ x }}",
    "{% raw %}",
    "..",
    "CON",
    "a b",
    "ÄÖÜ",
    "ß",
    "fooBar",
    "foo_bar",
    "FOO_BAR",
    "FooBar",
    "foo-bar",
    "Foo Bar",
    "123",
    "-1",
    "+1",
    "true",
    "null",
    "default",
    "200",
    "2XX",
    "application/json",
    "*/*",
];

/// OpenAPI keys worth inserting where they may not belong.
const KEYWORDS: &[&str] = &[
    "type",
    "format",
    "enum",
    "nullable",
    "required",
    "items",
    "properties",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "additionalProperties",
    "discriminator",
    "$ref",
    "default",
    "example",
    "examples",
    "in",
    "name",
    "schema",
    "content",
    "security",
    "securitySchemes",
    "responses",
    "parameters",
    "requestBody",
    "servers",
    "url",
    "variables",
    "tags",
    "operationId",
    "description",
    "summary",
    "deprecated",
    "readOnly",
    "writeOnly",
    "headers",
    "style",
    "explode",
    "mapping",
    "propertyName",
    "flows",
    "scheme",
    "bearerFormat",
    "openapi",
];

/// References into the seeds' components and a few malformed ones.
const ODD_REFS: &[&str] = &[
    "#",
    "#/",
    "#/components",
    "#/components/schemas",
    "#/components/schemas/",
    "#/components/schemas/Missing",
    "#/components/schemas/a~1b",
    "#/components/schemas/a~2b",
    "#/paths",
    "other.yaml#/components/schemas/Pet",
    "http://127.0.0.1/schema.json",
    "",
    "#/components/responses/Missing",
    "#/components/parameters/Missing",
    "#/components/requestBodies/Missing",
    "#/components/securitySchemes/Missing",
];

/// A seed and the mutations to apply to it, in order.
#[derive(Debug, Arbitrary)]
pub struct Plan {
    seed: u8,
    mutations: Vec<Mutation>,
}

/// One change to the document; `node` numbers count the nodes in document order, modulo
/// their number.
#[derive(Debug, Arbitrary)]
pub enum Mutation {
    /// Removes a node from its parent.
    Delete { node: u16 },
    /// Copies a node into an object or array elsewhere.
    Duplicate { node: u16, into: u16, key: Name },
    /// Replaces a node with a value of some other type.
    Retype { node: u16, value: Small },
    /// Points a node at a reference, in place of the node or beside its keys.
    Rewire {
        node: u16,
        target: u16,
        beside: bool,
    },
    /// Wraps a node in levels of schema nesting.
    Nest {
        node: u16,
        wrapper: Wrapper,
        levels: u16,
    },
    /// Renames the key of a node in its object.
    Rename { node: u16, name: Name },
    /// Adds an OpenAPI key, with a small value, to an object.
    Insert {
        node: u16,
        keyword: u8,
        value: Small,
    },
}

/// A name for a key.
#[derive(Debug, Arbitrary)]
pub enum Name {
    Odd(u8),
    Text(String),
    Repeated { text: String, times: u16 },
}

/// A small value.
#[derive(Debug, Arbitrary)]
pub enum Small {
    Null,
    Bool(bool),
    Integer(i64),
    Number(f64),
    Text(String),
    Name(Name),
    EmptyArray,
    EmptyObject,
    Keyword(u8),
}

/// A schema that contains another.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Wrapper {
    Items,
    AllOf,
    OneOf,
    AnyOf,
    Not,
    Property,
    AdditionalProperties,
}

/// A step from a node to one of its children.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

impl Plan {
    /// Applies the plan to its seed and returns the mutated spec as JSON text.
    pub fn apply(&self) -> String {
        let seeds = seeds();
        let mut document = seeds[usize::from(self.seed) % seeds.len()].clone();
        for mutation in self.mutations.iter().take(MAX_MUTATIONS) {
            mutation.apply(&mut document);
        }
        serde_json::to_string_pretty(&document).expect("a JSON value serializes")
    }
}

impl Mutation {
    fn apply(&self, document: &mut Value) {
        let paths = node_paths(document);
        let pick = |node: u16| paths[usize::from(node) % paths.len()].clone();
        match self {
            Mutation::Delete { node } => delete(document, &pick(*node)),
            Mutation::Duplicate { node, into, key } => {
                let copy = value_at(document, &pick(*node)).clone();
                insert(document, &pick(*into), key.text(), copy);
            }
            Mutation::Retype { node, value } => replace(document, &pick(*node), value.value()),
            Mutation::Rewire {
                node,
                target,
                beside,
            } => {
                let references = references(document);
                let reference = references[usize::from(*target) % references.len()].clone();
                let path = pick(*node);
                if *beside {
                    insert(document, &path, "$ref".to_owned(), Value::String(reference));
                } else {
                    let mut object = Map::new();
                    object.insert("$ref".to_owned(), Value::String(reference));
                    replace(document, &path, Value::Object(object));
                }
            }
            Mutation::Nest {
                node,
                wrapper,
                levels,
            } => {
                let path = pick(*node);
                let mut value = value_at(document, &path).clone();
                for _ in 0..usize::from(*levels) % MAX_NEST {
                    value = wrapper.wrap(value);
                }
                replace(document, &path, value);
            }
            Mutation::Rename { node, name } => rename(document, &pick(*node), name.text()),
            Mutation::Insert {
                node,
                keyword,
                value,
            } => {
                let key = KEYWORDS[usize::from(*keyword) % KEYWORDS.len()].to_owned();
                insert(document, &pick(*node), key, value.value());
            }
        }
    }
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Odd(index) => ODD_NAMES[usize::from(*index) % ODD_NAMES.len()].to_owned(),
            Name::Text(text) => text.clone(),
            Name::Repeated { text, times } => {
                let unit = if text.is_empty() { "a" } else { text.as_str() };
                let mut name = unit.repeat(usize::from(*times) % 512 + 1);
                let mut end = name.len().min(MAX_REPEATED_NAME);
                while !name.is_char_boundary(end) {
                    end -= 1;
                }
                name.truncate(end);
                name
            }
        }
    }
}

impl Small {
    fn value(&self) -> Value {
        match self {
            Small::Null => Value::Null,
            Small::Bool(flag) => Value::Bool(*flag),
            Small::Integer(number) => Value::from(*number),
            Small::Number(number) => {
                serde_json::Number::from_f64(*number).map_or(Value::Null, Value::Number)
            }
            Small::Text(text) => Value::String(text.clone()),
            Small::Name(name) => Value::String(name.text()),
            Small::EmptyArray => Value::Array(Vec::new()),
            Small::EmptyObject => Value::Object(Map::new()),
            Small::Keyword(index) => {
                Value::String(KEYWORDS[usize::from(*index) % KEYWORDS.len()].to_owned())
            }
        }
    }
}

impl Wrapper {
    fn wrap(self, inner: Value) -> Value {
        let mut schema = Map::new();
        match self {
            Wrapper::Items => {
                schema.insert("type".to_owned(), Value::from("array"));
                schema.insert("items".to_owned(), inner);
            }
            Wrapper::AllOf => {
                schema.insert("allOf".to_owned(), Value::Array(vec![inner]));
            }
            Wrapper::OneOf => {
                let other = serde_json::json!({"type": "string"});
                schema.insert("oneOf".to_owned(), Value::Array(vec![inner, other]));
            }
            Wrapper::AnyOf => {
                let other = serde_json::json!({"type": "integer"});
                schema.insert("anyOf".to_owned(), Value::Array(vec![other, inner]));
            }
            Wrapper::Not => {
                schema.insert("not".to_owned(), inner);
            }
            Wrapper::Property => {
                let mut properties = Map::new();
                properties.insert("inner".to_owned(), inner);
                schema.insert("type".to_owned(), Value::from("object"));
                schema.insert("properties".to_owned(), Value::Object(properties));
            }
            Wrapper::AdditionalProperties => {
                schema.insert("type".to_owned(), Value::from("object"));
                schema.insert("additionalProperties".to_owned(), inner);
            }
        }
        Value::Object(schema)
    }
}

fn seeds() -> &'static [Value] {
    static SEEDS_PARSED: OnceLock<Vec<Value>> = OnceLock::new();
    SEEDS_PARSED.get_or_init(|| {
        SEEDS
            .iter()
            .map(|text| {
                let yaml: serde_yaml::Value = serde_yaml::from_str(text).expect("seeds are YAML");
                json_of(yaml)
            })
            .collect()
    })
}

/// Converts YAML to JSON, turning keys that are not strings (such as `200`) into their text.
fn json_of(yaml: serde_yaml::Value) -> Value {
    match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(flag) => Value::Bool(flag),
        serde_yaml::Value::Number(number) => {
            serde_json::from_str(&number.to_string()).unwrap_or(Value::Null)
        }
        serde_yaml::Value::String(text) => Value::String(text),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(json_of).collect())
        }
        serde_yaml::Value::Mapping(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (key_text(key), json_of(value)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => json_of(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(text) => text,
        other => serde_yaml::to_string(&other)
            .map(|text| text.trim_end().to_owned())
            .unwrap_or_default(),
    }
}

/// Lists the path of every node in document order, the root first.
fn node_paths(document: &Value) -> Vec<Vec<Step>> {
    let mut paths = Vec::new();
    let mut stack = vec![(document, Vec::new())];
    while let Some((value, path)) = stack.pop() {
        match value {
            Value::Object(map) => {
                for (key, child) in map.iter().rev() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Key(key.clone()));
                    stack.push((child, child_path));
                }
            }
            Value::Array(items) => {
                for (index, child) in items.iter().enumerate().rev() {
                    let mut child_path = path.clone();
                    child_path.push(Step::Index(index));
                    stack.push((child, child_path));
                }
            }
            _ => {}
        }
        paths.push(path);
    }
    paths
}

/// Lists the `$ref` values of the document, a reference to each component, and the odd ones.
fn references(document: &Value) -> Vec<String> {
    let mut found: Vec<String> = ODD_REFS.iter().map(|text| (*text).to_owned()).collect();
    if let Some(components) = document.get("components").and_then(Value::as_object) {
        for (section, entries) in components {
            for key in entries.as_object().into_iter().flat_map(Map::keys) {
                let token = key.replace('~', "~0").replace('/', "~1");
                found.push(format!("#/components/{section}/{token}"));
            }
        }
    }
    let mut stack = vec![document];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    found.push(reference.clone());
                }
                stack.extend(map.values());
            }
            Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

fn value_at<'v>(document: &'v Value, path: &[Step]) -> &'v Value {
    path.iter()
        .fold(document, |value, step| match (value, step) {
            (Value::Object(map), Step::Key(key)) => &map[key],
            (Value::Array(items), Step::Index(index)) => &items[*index],
            _ => unreachable!("paths come from node_paths of the same document"),
        })
}

fn value_at_mut<'v>(document: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter()
        .fold(document, |value, step| match (value, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key).expect("the key exists"),
            (Value::Array(items), Step::Index(index)) => &mut items[*index],
            _ => unreachable!("paths come from node_paths of the same document"),
        })
}

fn replace(document: &mut Value, path: &[Step], value: Value) {
    *value_at_mut(document, path) = value;
}

fn delete(document: &mut Value, path: &[Step]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    match (value_at_mut(document, parent), last) {
        (Value::Object(map), Step::Key(key)) => {
            map.shift_remove(key);
        }
        (Value::Array(items), Step::Index(index)) => {
            items.remove(*index);
        }
        _ => {}
    }
}

/// Adds `value` to the object or array at `path`; on a scalar, does nothing.
fn insert(document: &mut Value, path: &[Step], key: String, value: Value) {
    match value_at_mut(document, path) {
        Value::Object(map) => {
            map.insert(key, value);
        }
        Value::Array(items) => items.push(value),
        _ => {}
    }
}

/// Moves the node at `path` under the key `name` of the same object, keeping its position.
fn rename(document: &mut Value, path: &[Step], name: String) {
    let Some((Step::Key(key), parent)) = path.split_last() else {
        return;
    };
    let Value::Object(map) = value_at_mut(document, parent) else {
        return;
    };
    let renamed: Map<String, Value> = std::mem::take(map)
        .into_iter()
        .map(|(entry, value)| {
            let entry = if entry == *key { name.clone() } else { entry };
            (entry, value)
        })
        .collect();
    *map = renamed;
}
