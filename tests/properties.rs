//! Property test: random but valid OpenAPI documents generate crates that compile without
//! warnings, and whose models turn example JSON values back into the same JSON.
//!
//! Each case puts many random schemas into one spec, because each case compiles a crate. The
//! crate gets an integration test, written here, that decodes and re-encodes one example value
//! per schema. The builds share their target folder with `generated_crates.rs`, which is
//! `$CARGO_TARGET_DIR/strict` when that variable is set and `target/strict` otherwise.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};

use common::{strict_target_dir, workspace_root};

/// Property names that stress the identifier rules: keywords, collisions after case
/// conversion, leading digits, punctuation and accents.
const PROPERTY_NAMES: &[&str] = &[
    "id", "name", "type", "self", "fooBar", "foo_bar", "FOO-BAR", "2fa", "café", "$ref", "a b",
    "async", "value", "Unknown", "default", "items", "x", "crate", "Self", "r#raw",
];

/// Schema names that collide with the prelude, keywords or each other after conversion.
const SCHEMA_NAMES: &[&str] = &[
    "Option",
    "Result",
    "self",
    "Vec",
    "item-model",
    "ItemModel",
    "Box",
    "String",
    "Error",
    "models",
    "Client",
    "2d",
];

/// Enum values that stress variant naming.
const ENUM_VALUES: &[&str] = &[
    "active",
    "in-progress",
    "Done",
    "done",
    "2fa",
    "+1",
    "-1",
    "type",
    "self",
    "é",
    "a b",
];

/// The type of a property.
#[derive(Debug, Clone)]
enum Kind {
    String,
    Int32,
    Int64,
    Number,
    Bool,
    Enum(Vec<&'static str>),
    Array(Box<Kind>),
    Map(Box<Kind>),
    /// A `$ref` to an earlier object schema, by its position.
    Ref(usize),
    /// An inline object schema.
    Object(Vec<Property>),
}

/// A property with its example: `None` leaves an optional property out of the example.
#[derive(Debug, Clone)]
struct Property {
    name: &'static str,
    kind: Kind,
    required: bool,
    nullable: bool,
    /// The choices that the example value is built from.
    sample: Sample,
}

/// Random choices for one example value.
#[derive(Debug, Clone)]
struct Sample {
    present: bool,
    null: bool,
    text: String,
    integer: i32,
    fraction: i16,
    flag: bool,
    pick: usize,
    count: usize,
}

/// A component schema.
#[derive(Debug, Clone)]
enum Shape {
    Object(Vec<Property>),
    /// An `allOf` of an earlier object schema and an object of its own properties.
    AllOf(usize, Vec<Property>),
    /// A `oneOf` of an earlier object schema and a string.
    OneOf(usize, Sample),
    Enum(Vec<&'static str>, Sample),
}

fn sample() -> impl Strategy<Value = Sample> {
    (
        any::<bool>(),
        any::<bool>(),
        "[a-zA-Z0-9 é\"\\\\/<>]{0,12}",
        any::<i32>(),
        any::<i16>(),
        any::<bool>(),
        0usize..64,
        0usize..3,
    )
        .prop_map(
            |(present, null, text, integer, fraction, flag, pick, count)| Sample {
                present,
                null,
                text,
                integer,
                fraction,
                flag,
                pick,
                count,
            },
        )
}

fn enum_values() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::sample::subsequence(ENUM_VALUES, 1..5)
}

fn primitive() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::String),
        Just(Kind::Int32),
        Just(Kind::Int64),
        Just(Kind::Number),
        Just(Kind::Bool),
        enum_values().prop_map(Kind::Enum),
    ]
}

/// Chooses the kind of a property, which may refer to the `earlier` schemas and nest `depth`
/// more levels of inline objects.
fn kind(earlier: usize, depth: u32) -> BoxedStrategy<Kind> {
    let mut choices: Vec<(u32, BoxedStrategy<Kind>)> = vec![
        (6, primitive().boxed()),
        (
            2,
            primitive()
                .prop_map(|item| Kind::Array(Box::new(item)))
                .boxed(),
        ),
        (
            1,
            primitive()
                .prop_map(|value| Kind::Map(Box::new(value)))
                .boxed(),
        ),
    ];
    if earlier > 0 {
        choices.push((2, (0..earlier).prop_map(Kind::Ref).boxed()));
    }
    if depth > 0 {
        choices.push((
            1,
            properties(earlier, depth - 1)
                .prop_map(Kind::Object)
                .boxed(),
        ));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

/// Chooses properties with distinct names.
fn properties(earlier: usize, depth: u32) -> BoxedStrategy<Vec<Property>> {
    let property = (
        proptest::sample::select(PROPERTY_NAMES),
        kind(earlier, depth),
        any::<bool>(),
        any::<bool>(),
        sample(),
    )
        .prop_map(|(name, kind, required, nullable, sample)| Property {
            name,
            kind,
            required,
            nullable,
            sample,
        });
    proptest::collection::vec(property, 1..6)
        .prop_map(|mut properties| {
            let mut seen = BTreeSet::new();
            properties.retain(|property| seen.insert(property.name));
            properties
        })
        .boxed()
}

/// Chooses the shape of the schema at `position`, which may refer to the schemas before it.
fn shape(position: usize) -> BoxedStrategy<Shape> {
    let mut choices: Vec<(u32, BoxedStrategy<Shape>)> = vec![
        (6, properties(position, 1).prop_map(Shape::Object).boxed()),
        (
            1,
            (enum_values(), sample())
                .prop_map(|(values, sample)| Shape::Enum(values, sample))
                .boxed(),
        ),
    ];
    if position > 0 {
        let all_of =
            (0..position, properties(position, 0)).prop_map(|(base, own)| Shape::AllOf(base, own));
        let one_of =
            (0..position, sample()).prop_map(|(member, sample)| Shape::OneOf(member, sample));
        choices.push((2, all_of.boxed()));
        choices.push((1, one_of.boxed()));
    }
    proptest::strategy::Union::new_weighted(choices).boxed()
}

/// Chooses `count` schemas, each of which may refer to the ones before it.
fn shapes(count: usize) -> BoxedStrategy<Vec<Shape>> {
    let mut strategy: BoxedStrategy<Vec<Shape>> = Just(Vec::new()).boxed();
    for position in 0..count {
        strategy = (strategy, shape(position))
            .prop_map(|(mut shapes, shape)| {
                shapes.push(shape);
                shapes
            })
            .boxed();
    }
    strategy
}

/// The component schemas of a case: their keys, their schemas and an example of each.
struct Components {
    keys: Vec<String>,
    schemas: Vec<Value>,
    examples: Vec<Value>,
    /// Whether each schema is an object, whose example other examples can embed.
    objects: Vec<bool>,
    /// Names of the properties of each object schema, its `allOf` members' included.
    declared: Vec<BTreeSet<&'static str>>,
}

impl Components {
    fn build(shapes: &[Shape]) -> Components {
        let mut components = Components {
            keys: Vec::new(),
            schemas: Vec::new(),
            examples: Vec::new(),
            objects: Vec::new(),
            declared: Vec::new(),
        };
        let mut used_names = BTreeSet::new();
        for (position, shape) in shapes.iter().enumerate() {
            let key = match SCHEMA_NAMES.get(position) {
                Some(name) if used_names.insert(*name) => (*name).to_owned(),
                _ => format!("Schema{position}"),
            };
            let (schema, example) = components.shape(shape);
            let declared = components.declared_by(shape);
            components.declared.push(declared);
            components.keys.push(key);
            components.schemas.push(schema);
            components.examples.push(example);
            components
                .objects
                .push(matches!(shape, Shape::Object(_) | Shape::AllOf(..)));
        }
        components
    }

    fn reference(&self, position: usize) -> Value {
        json!({"$ref": format!("#/components/schemas/{}", self.keys[position])})
    }

    /// Returns the nearest object schema at or before `position`, for references.
    fn object_at(&self, position: usize) -> Option<usize> {
        (0..=position.min(self.objects.len().saturating_sub(1)))
            .rev()
            .find(|&candidate| self.objects.get(candidate).copied().unwrap_or(false))
    }

    fn shape(&self, shape: &Shape) -> (Value, Value) {
        match shape {
            Shape::Object(properties) => self.object(properties),
            Shape::AllOf(base, own) => {
                let Some(base) = self.object_at(*base) else {
                    return self.object(own);
                };
                // A property that both would declare keeps the base's declaration but the union
                // of the `required` lists, so the own object leaves such properties out.
                let own: Vec<Property> = own
                    .iter()
                    .filter(|property| !self.declared[base].contains(property.name))
                    .cloned()
                    .collect();
                let (own_schema, own_example) = self.object(&own);
                let mut example = self.examples[base].clone();
                if let (Some(merged), Some(extra)) =
                    (example.as_object_mut(), own_example.as_object())
                {
                    merged.extend(extra.clone());
                }
                let schema = json!({"allOf": [self.reference(base), own_schema]});
                (schema, example)
            }
            Shape::OneOf(member, sample) => {
                let Some(member) = self.object_at(*member) else {
                    return (json!({"type": "string"}), json!(sample.text));
                };
                let schema = json!({"oneOf": [self.reference(member), {"type": "string"}]});
                let example = if sample.flag {
                    self.examples[member].clone()
                } else {
                    json!(sample.text)
                };
                (schema, example)
            }
            Shape::Enum(values, sample) => {
                let schema = json!({"type": "string", "enum": values});
                (schema, json!(values[sample.pick % values.len()]))
            }
        }
    }

    /// Returns the names of the properties that `shape` declares, its base's included.
    fn declared_by(&self, shape: &Shape) -> BTreeSet<&'static str> {
        let names = |properties: &[Property]| -> BTreeSet<&'static str> {
            properties.iter().map(|property| property.name).collect()
        };
        match shape {
            Shape::Object(properties) => names(properties),
            Shape::AllOf(base, own) => match self.object_at(*base) {
                Some(base) => self.declared[base].union(&names(own)).copied().collect(),
                None => names(own),
            },
            Shape::OneOf(..) | Shape::Enum(..) => BTreeSet::new(),
        }
    }

    fn object(&self, properties: &[Property]) -> (Value, Value) {
        let mut schema_properties = Map::new();
        let mut example = Map::new();
        let mut required = Vec::new();
        for property in properties {
            let (mut schema, value) = self.kind(&property.kind, &property.sample);
            if property.nullable {
                schema = nullable(schema);
            }
            schema_properties.insert(property.name.to_owned(), schema);
            if property.required {
                required.push(property.name);
            }
            if property.required || property.sample.present {
                let value = if property.nullable && property.sample.null {
                    Value::Null
                } else {
                    value
                };
                example.insert(property.name.to_owned(), value);
            }
        }
        let mut schema = json!({"type": "object", "properties": schema_properties});
        if !required.is_empty() {
            schema["required"] = json!(required);
        }
        (schema, Value::Object(example))
    }

    fn kind(&self, kind: &Kind, sample: &Sample) -> (Value, Value) {
        match kind {
            Kind::String => (json!({"type": "string"}), json!(sample.text)),
            Kind::Int32 => (
                json!({"type": "integer", "format": "int32"}),
                json!(sample.integer),
            ),
            Kind::Int64 => (
                json!({"type": "integer", "format": "int64"}),
                json!(i64::from(sample.integer) * 1_000_003),
            ),
            // A whole number would come back as `3.0`, so the example always has a fraction.
            Kind::Number => (
                json!({"type": "number"}),
                json!(f64::from(sample.fraction) + 0.25),
            ),
            Kind::Bool => (json!({"type": "boolean"}), json!(sample.flag)),
            Kind::Enum(values) => (
                json!({"type": "string", "enum": values}),
                json!(values[sample.pick % values.len()]),
            ),
            Kind::Array(item) => {
                let (item_schema, item_value) = self.kind(item, sample);
                let values = vec![item_value; sample.count];
                (
                    json!({"type": "array", "items": item_schema}),
                    Value::Array(values),
                )
            }
            Kind::Map(value) => {
                let (value_schema, value_example) = self.kind(value, sample);
                let entries: Map<String, Value> = (0..sample.count)
                    .map(|index| (format!("key {index}"), value_example.clone()))
                    .collect();
                let schema = json!({"type": "object", "additionalProperties": value_schema});
                (schema, Value::Object(entries))
            }
            Kind::Ref(position) => match self.object_at(*position) {
                Some(target) => (self.reference(target), self.examples[target].clone()),
                None => (json!({"type": "string"}), json!(sample.text)),
            },
            Kind::Object(properties) => self.object(properties),
        }
    }
}

fn nullable(mut schema: Value) -> Value {
    if schema.get("$ref").is_some() {
        // A `$ref` ignores its siblings, so a nullable reference is an `allOf` of one.
        return json!({"allOf": [schema], "nullable": true});
    }
    schema["nullable"] = Value::Bool(true);
    schema
}

/// The spec of a case, with one operation that returns the first schema.
fn spec(components: &Components) -> Value {
    let schemas: Map<String, Value> = components
        .keys
        .iter()
        .cloned()
        .zip(components.schemas.iter().cloned())
        .collect();
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Prop Test", "version": "1"},
        "paths": {"/first": {"get": {
            "operationId": "getFirst",
            "responses": {"200": {
                "description": "The first schema",
                "content": {"application/json": {"schema": components.reference(0)}}
            }}
        }}},
        "components": {"schemas": schemas}
    })
}

/// Writes the test that round-trips each example through its model.
fn round_trip_test(sdk: &generator::Sdk, components: &Components) -> String {
    let mut test = String::from(
        "//! Decodes and re-encodes one example value per model.\n\n\
         fn check<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str, json: &str) {\n\
         \x20   let expected: serde_json::Value = serde_json::from_str(json).expect(\"valid JSON\");\n\
         \x20   let value: T = serde_json::from_value(expected.clone())\n\
         \x20       .unwrap_or_else(|error| panic!(\"{name} does not decode {json}: {error}\"));\n\
         \x20   let actual = serde_json::to_value(&value).expect(\"the model encodes\");\n\
         \x20   assert_eq!(actual, expected, \"{name} changed the value\");\n\
         }\n\n#[test]\nfn examples_round_trip() {\n",
    );
    for (key, example) in components.keys.iter().zip(&components.examples) {
        let model = sdk
            .api
            .models
            .iter()
            .find(|model| model.name == *key)
            .expect("each component schema has a model");
        let json = serde_json::to_string(example).expect("the example encodes");
        writeln!(
            test,
            "    check::<{}::models::{}>({key:?}, {json:?});",
            sdk.api.crate_ident, model.rust_name
        )
        .expect("writing to a String");
    }
    test.push_str("}\n");
    test
}

fn build_and_test(dir: &Path) -> Result<(), String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(["test", "--quiet", "--test", "round_trip"])
        .env("CARGO_TARGET_DIR", strict_target_dir())
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .map_err(|error| format!("cargo did not run: {error}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

fn check_case(shapes: &[Shape]) -> Result<(), TestCaseError> {
    let components = Components::build(shapes);
    let spec = spec(&components);
    let text = serde_json::to_string_pretty(&spec).expect("the spec encodes");
    let options = generator::Options {
        spec: "properties.json".into(),
        spec_label: "properties.json".to_owned(),
        settings: None,
        templates: workspace_root().join("templates"),
    };
    let sdk = generator::generate_from_text(&text, &options)
        .map_err(|error| TestCaseError::fail(format!("generation failed: {error}\n{text}")))?;

    let dir = tempfile::tempdir().expect("a temporary folder");
    generator::write::write_files(dir.path(), &sdk.files).expect("the crate is written");
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .expect("Cargo.lock is copied");
    std::fs::create_dir_all(dir.path().join("tests")).expect("tests/ is created");
    std::fs::write(
        dir.path().join("tests/round_trip.rs"),
        round_trip_test(&sdk, &components),
    )
    .expect("the test is written");

    build_and_test(dir.path())
        .map_err(|output| TestCaseError::fail(format!("{output}\nspec:\n{text}")))
}

#[test]
fn random_specs_compile_and_round_trip() {
    // Each case compiles a crate, so there are few cases, each with many schemas, and a
    // failure is reported as found: shrinking would compile a crate per step.
    let config = Config {
        cases: 4,
        max_shrink_iters: 0,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&shapes(12), |shapes| check_case(&shapes));
    if let Err(error) = result {
        panic!("{error}");
    }
}
