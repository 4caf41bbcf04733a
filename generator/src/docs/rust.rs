//! Rust spellings of IR types, and placeholder values of those types for the examples.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::Value;

use crate::ir::{self, TypeRef};

/// Depth of nested model literals below which optional fields still get a value.
///
/// Deeper optional fields are `None`, which keeps examples short and ends recursive models.
const MAX_OPTIONAL_DEPTH: usize = 3;

/// Depth of nested model literals at which an example stops at `todo!()`.
///
/// Without it, each page of a long chain of models linked by required fields would hold a
/// literal of the rest of the chain, so the docs would grow with the cube of its length.
const MAX_LITERAL_DEPTH: usize = 8;

/// Returns the Rust type of `ty` as the docs show it: models as `models::{rust_name}`, maps as
/// `BTreeMap<String, T>` (from `std::collections`), any JSON value as `serde_json::Value`, and
/// the types of `chrono` and `uuid` by their paths in those crates.
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::FixedOffset>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Uuid => "uuid::Uuid".to_owned(),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Bytes | TypeRef::Base64 => "Vec<u8>".to_owned(),
        TypeRef::ResponseBytes => "bytes::Bytes".to_owned(),
        TypeRef::File => "FilePart".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_name(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_name(value)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_name(inner)),
        TypeRef::Model(name) => format!("models::{name}"),
    }
}

/// Returns the Rust name of the model that `ty` is or contains, such as `Project` for
/// `Vec<models::Project>`.
pub fn inner_model(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            inner_model(inner)
        }
        TypeRef::Model(name) => Some(name),
        _ => None,
    }
}

/// Writes an unsigned integer: the sample when it fits `ty`, else `0`. An `impl Into<u32>` or
/// `impl Into<u64>` argument needs the suffix, because an unsuffixed literal there is an `i32`.
fn unsigned_literal(ty: &TypeRef, sample: Option<&Value>, slot: Slot) -> String {
    let (suffix, max) = match ty {
        TypeRef::U32 => ("u32", u64::from(u32::MAX)),
        _ => ("u64", u64::MAX),
    };
    let value = sample
        .and_then(Value::as_u64)
        .filter(|value| *value <= max)
        .unwrap_or(0);
    match slot {
        Slot::Exact => value.to_string(),
        Slot::Into => format!("{value}_{suffix}"),
    }
}

/// Maximum length, in bytes, of a `vec![...]` literal kept on one line.
const MAX_INLINE_LITERAL: usize = 60;

/// How an example value is passed, which decides how literals are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A place of exactly the type, such as a struct field: strings need `.to_owned()`.
    Exact,
    /// An `impl Into<T>` argument: a string literal is enough.
    Into,
}

/// The models of an API by Rust name, built once and shared by every page.
pub type ModelIndex<'a> = BTreeMap<&'a str, &'a ir::Model>;

/// Builds the index of the models of `api`.
pub fn model_index(api: &ir::Api) -> ModelIndex<'_> {
    api.models
        .iter()
        .map(|model| (model.rust_name.as_str(), model))
        .collect()
}

/// Writes placeholder values of IR types as Rust expressions.
pub struct ValueWriter<'a> {
    crate_ident: &'a str,
    models: &'a ModelIndex<'a>,
    /// Models whose literal is being written, outermost first.
    stack: Vec<&'a str>,
    /// Whether a written value names `models::`, so the program must import it.
    pub uses_models: bool,
}

impl<'a> ValueWriter<'a> {
    /// Creates a writer for the models of `api`, found through `models`.
    pub fn new(api: &'a ir::Api, models: &'a ModelIndex<'a>) -> ValueWriter<'a> {
        ValueWriter {
            crate_ident: &api.crate_ident,
            models,
            stack: Vec::new(),
            uses_models: false,
        }
    }

    /// Returns a placeholder of type `ty` as an expression whose continuation lines are indented
    /// by `indent` spaces.
    pub fn value(&mut self, ty: &TypeRef, slot: Slot, indent: usize) -> String {
        self.sample(ty, None, slot, indent)
    }

    /// Returns `sample`, a JSON value from the spec, as an expression of type `ty`, or a
    /// placeholder of that type when there is no sample or it does not fit the type.
    pub fn sample(
        &mut self,
        ty: &TypeRef,
        sample: Option<&Value>,
        slot: Slot,
        indent: usize,
    ) -> String {
        match (ty, sample) {
            (TypeRef::Bool, Some(Value::Bool(flag))) => flag.to_string(),
            (TypeRef::Bool, _) => "false".to_owned(),
            (TypeRef::I32, Some(Value::Number(number))) => number
                .as_i64()
                .filter(|value| i32::try_from(*value).is_ok())
                .map_or_else(|| "0".to_owned(), |value| value.to_string()),
            (TypeRef::I64, Some(Value::Number(number))) => match number.as_i64() {
                // An unsuffixed literal passed as `impl Into<i64>` is an `i32`, so a value
                // beyond its range needs the suffix.
                Some(value) if i32::try_from(value).is_err() => format!("{value}_i64"),
                Some(value) => value.to_string(),
                None => "0".to_owned(),
            },
            (TypeRef::I32 | TypeRef::I64, _) => "0".to_owned(),
            (TypeRef::U32 | TypeRef::U64, sample) => unsigned_literal(ty, sample, slot),
            (TypeRef::F32 | TypeRef::F64, sample) => {
                let number = sample
                    .and_then(Value::as_f64)
                    .filter(|value| value.is_finite());
                let literal = number.map_or_else(|| "0.0".to_owned(), |value| format!("{value:?}"));
                // An unsuffixed float passed as `impl Into<f32>` is an `f64`, which does not
                // convert into `f32`.
                if *ty == TypeRef::F32 && slot == Slot::Into {
                    format!("{literal}_f32")
                } else {
                    literal
                }
            }
            (TypeRef::String, sample) => {
                // Rust's `Debug` of a string is a valid Rust string literal.
                let literal = match sample {
                    Some(Value::String(text)) => format!("{text:?}"),
                    _ => "\"<value>\"".to_owned(),
                };
                match slot {
                    Slot::Exact => format!("{literal}.to_owned()"),
                    Slot::Into => literal,
                }
            }
            (TypeRef::DateTime, sample) => {
                let text = sample
                    .and_then(Value::as_str)
                    .unwrap_or("2021-06-15T10:00:00Z");
                format!(
                    "{}::chrono::DateTime::parse_from_rfc3339({text:?}).expect(\"an RFC 3339 timestamp\")",
                    self.crate_ident
                )
            }
            (TypeRef::Date, sample) => {
                let text = sample.and_then(Value::as_str).unwrap_or("2021-06-15");
                format!(
                    "{text:?}.parse::<{}::chrono::NaiveDate>().expect(\"a YYYY-MM-DD date\")",
                    self.crate_ident
                )
            }
            (TypeRef::Uuid, sample) => {
                let text = sample
                    .and_then(Value::as_str)
                    .unwrap_or("67e55044-10b1-426f-9247-bb680e5fe0c8");
                format!(
                    "{}::uuid::Uuid::parse_str({text:?}).expect(\"a UUID\")",
                    self.crate_ident
                )
            }
            (TypeRef::Any, Some(sample)) => {
                format!("{}::serde_json::json!({sample})", self.crate_ident)
            }
            (TypeRef::Any, None) => format!("{}::serde_json::Value::Null", self.crate_ident),
            (TypeRef::Array(item), Some(Value::Array(items))) if !items.is_empty() => {
                self.vec_literal(item, items, indent)
            }
            (TypeRef::Array(_) | TypeRef::Bytes | TypeRef::Base64, _) => "Vec::new()".to_owned(),
            (TypeRef::File, _) => format!("{}::FilePart::new(Vec::new())", self.crate_ident),
            (TypeRef::ResponseBytes, _) => format!("{}::bytes::Bytes::new()", self.crate_ident),
            (TypeRef::Map(value), Some(Value::Object(entries))) if !entries.is_empty() => {
                self.map_literal(value, entries, indent)
            }
            (TypeRef::Map(_), _) => "std::collections::BTreeMap::new()".to_owned(),
            (TypeRef::Nullable(_), None | Some(Value::Null)) => "None".to_owned(),
            (TypeRef::Nullable(inner), sample) => {
                format!("Some({})", self.sample(inner, sample, Slot::Exact, indent))
            }
            (TypeRef::Model(name), sample) => self.model_value(name, sample, slot, indent),
        }
    }

    fn vec_literal(&mut self, item: &TypeRef, items: &[Value], indent: usize) -> String {
        let inner = indent + 4;
        let values: Vec<String> = items
            .iter()
            .map(|value| self.sample(item, Some(value), Slot::Exact, inner))
            .collect();
        let inline = format!("vec![{}]", values.join(", "));
        if !inline.contains('\n') && inline.len() <= MAX_INLINE_LITERAL {
            return inline;
        }
        let mut literal = "vec![\n".to_owned();
        for value in values {
            let _ = writeln!(literal, "{:inner$}{value},", "");
        }
        let _ = write!(literal, "{:indent$}]", "");
        literal
    }

    fn map_literal(
        &mut self,
        value_type: &TypeRef,
        entries: &serde_json::Map<String, Value>,
        indent: usize,
    ) -> String {
        let inner = indent + 4;
        let mut literal = "std::collections::BTreeMap::from([\n".to_owned();
        for (key, value) in entries {
            let value = self.sample(value_type, Some(value), Slot::Exact, inner);
            let _ = writeln!(literal, "{:inner$}({key:?}.to_owned(), {value}),", "");
        }
        let _ = write!(literal, "{:indent$}])", "");
        literal
    }

    fn model_value(
        &mut self,
        name: &str,
        sample: Option<&Value>,
        slot: Slot,
        indent: usize,
    ) -> String {
        let Some(model) = self.models.get(name).copied() else {
            // The resolver only emits references to models it lists, so a valid IR never gets
            // here. An expression that compiles anywhere keeps the page usable.
            return "todo!()".to_owned();
        };
        // NOTE: a model that contains itself through required fields has no finite value, so its
        // example stops at `todo!()`, which type-checks wherever a value is expected.
        let name = model.rust_name.as_str();
        if self.stack.contains(&name) || self.stack.len() >= MAX_LITERAL_DEPTH {
            return "todo!()".to_owned();
        }
        let sample = sample.or(model.example.as_ref()).or(model.default.as_ref());
        self.uses_models = true;
        let path = format!("models::{}", model.rust_name);
        match &model.kind {
            ir::ModelKind::Struct { fields } => {
                self.stack.push(name);
                let object = sample.and_then(Value::as_object);
                let literal = self.struct_literal(&path, fields, object, indent);
                self.stack.pop();
                literal
            }
            ir::ModelKind::Enum { variants } => {
                let wire_value = sample.and_then(Value::as_str);
                let chosen = variants
                    .iter()
                    .find(|variant| Some(variant.wire_value.as_str()) == wire_value)
                    .or(variants.first());
                match chosen {
                    Some(variant) => format!("{path}::{}", variant.rust_name),
                    None => "todo!()".to_owned(),
                }
            }
            ir::ModelKind::IntegerEnum { variants, .. } => {
                let value = sample.and_then(|sample| {
                    let signed = sample.as_i64().map(i128::from);
                    signed.or_else(|| sample.as_u64().map(i128::from))
                });
                let chosen = variants
                    .iter()
                    .find(|variant| Some(variant.value) == value)
                    .or(variants.first());
                match chosen {
                    Some(variant) => format!("{path}::{}", variant.rust_name),
                    None => format!("{path}::Unknown(0)"),
                }
            }
            ir::ModelKind::Alias { ty } => {
                self.stack.push(name);
                let value = self.sample(ty, sample, slot, indent);
                self.stack.pop();
                value
            }
            ir::ModelKind::OneOf { variants, .. } => match variants.first() {
                Some(variant) => {
                    self.stack.push(name);
                    let mut value = self.sample(&variant.ty, None, Slot::Exact, indent);
                    self.stack.pop();
                    if variant.boxed {
                        value = format!("Box::new({value})");
                    }
                    format!("{path}::{}({value})", variant.rust_name)
                }
                None => format!(
                    "{path}::Unknown({}::serde_json::Value::Null)",
                    self.crate_ident
                ),
            },
        }
    }

    /// Writes a struct literal. With an `object` sample, each field takes the sample's value
    /// of its property, and an optional field that the sample leaves out is `None`.
    fn struct_literal(
        &mut self,
        path: &str,
        fields: &'a [ir::Field],
        object: Option<&serde_json::Map<String, Value>>,
        indent: usize,
    ) -> String {
        if fields.is_empty() {
            return format!("{path} {{}}");
        }
        let inner = indent + 4;
        let mut literal = format!("{path} {{\n");
        for field in fields {
            let value = match object {
                // The sample's keys belong to the named fields, so the map starts empty.
                _ if field.additional => self.field_value(field, None, inner),
                Some(object) => match object.get(&field.wire_name) {
                    Some(Value::Null) if !field.required => "None".to_owned(),
                    Some(sample) => self.field_value(field, Some(sample), inner),
                    None if !field.required => "None".to_owned(),
                    None => self.field_value(field, None, inner),
                },
                None => self.field_value(field, None, inner),
            };
            let _ = writeln!(literal, "{:inner$}{}: {value},", "", field.rust_name);
        }
        let _ = write!(literal, "{:indent$}}}", "");
        literal
    }

    fn field_value(
        &mut self,
        field: &'a ir::Field,
        sample: Option<&Value>,
        indent: usize,
    ) -> String {
        let recursive = inner_model(&field.ty).is_some_and(|name| self.stack.contains(&name));
        if !field.required && (recursive || self.stack.len() >= MAX_OPTIONAL_DEPTH) {
            return "None".to_owned();
        }
        let sample = sample
            .or(field.example.as_ref())
            .or(field.default.as_ref())
            .filter(|sample| !sample.is_null());
        let mut value = self.sample(&field.ty, sample, Slot::Exact, indent);
        if field.boxed {
            value = format!("Box::new({value})");
        }
        if field.nullable {
            value = format!("Some({value})");
        }
        if field.required {
            value
        } else {
            format!("Some({value})")
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Slot, ValueWriter, model_index, type_name};
    use crate::ir::{Api, TypeRef};

    fn empty_api() -> Api {
        Api {
            title: String::new(),
            version: String::new(),
            description: None,
            sdk_name: "Gram".to_owned(),
            crate_name: "gram-sdk".to_owned(),
            crate_ident: "gram_sdk".to_owned(),
            env_prefix: "GRAM".to_owned(),
            default_server_url: String::new(),
            retry_statuses: Vec::new(),
            servers: Vec::new(),
            server_variables: Vec::new(),
            models: Vec::new(),
            services: Vec::new(),
            security_schemes: Vec::new(),
            security: Vec::new(),
            error_bodies: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn sample_literals_by_type() {
        let api = empty_api();
        let models = model_index(&api);
        let mut writer = ValueWriter::new(&api, &models);
        let strings = TypeRef::Array(Box::new(TypeRef::String));
        let cases = [
            (
                TypeRef::String,
                json!("say \"hi\"\n"),
                Slot::Into,
                r#""say \"hi\"\n""#,
            ),
            (
                TypeRef::String,
                json!("x"),
                Slot::Exact,
                r#""x".to_owned()"#,
            ),
            (TypeRef::I32, json!(7), Slot::Exact, "7"),
            (TypeRef::I32, json!(5_000_000_000_i64), Slot::Exact, "0"),
            (TypeRef::I64, json!(-3), Slot::Exact, "-3"),
            (
                TypeRef::I64,
                json!(5_000_000_000_i64),
                Slot::Into,
                "5000000000_i64",
            ),
            (TypeRef::F32, json!(0.5), Slot::Into, "0.5_f32"),
            (TypeRef::F32, json!(0.5), Slot::Exact, "0.5"),
            (TypeRef::F64, json!(2), Slot::Exact, "2.0"),
            (TypeRef::Bool, json!(true), Slot::Exact, "true"),
            (
                strings.clone(),
                json!(["a"]),
                Slot::Exact,
                r#"vec!["a".to_owned()]"#,
            ),
            (strings, json!([]), Slot::Exact, "Vec::new()"),
            (
                TypeRef::Any,
                json!({"a": 1}),
                Slot::Exact,
                r#"gram_sdk::serde_json::json!({"a":1})"#,
            ),
        ];
        for (ty, sample, slot, expected) in cases {
            assert_eq!(
                writer.sample(&ty, Some(&sample), slot, 4),
                expected,
                "{sample}"
            );
        }
    }

    #[test]
    fn mismatched_sample_gives_placeholder() {
        let api = empty_api();
        let models = model_index(&api);
        let mut writer = ValueWriter::new(&api, &models);
        let sample = json!("seven");
        assert_eq!(
            writer.sample(&TypeRef::I64, Some(&sample), Slot::Exact, 4),
            "0"
        );
        assert_eq!(
            writer.sample(&TypeRef::Bool, Some(&sample), Slot::Exact, 4),
            "false"
        );
    }

    #[test]
    fn type_name_of_nested_types() {
        let project = TypeRef::Model("Project".to_owned());
        let ty = TypeRef::Map(Box::new(TypeRef::Array(Box::new(project))));
        assert_eq!(type_name(&ty), "BTreeMap<String, Vec<models::Project>>");
    }
}
