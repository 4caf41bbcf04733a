//! Rust spellings of IR types, and placeholder values of those types for the examples.

use crate::ir::{self, TypeRef};

/// Depth of nested model literals below which optional fields still get a value.
///
/// Deeper optional fields are `None`, which keeps examples short and ends recursive models.
const MAX_OPTIONAL_DEPTH: usize = 3;

/// Returns the Rust type of `ty` as the docs show it: models as `models::{rust_name}`, maps as
/// `BTreeMap<String, T>` (from `std::collections`), any JSON value as `serde_json::Value`.
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_name(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_name(value)),
        TypeRef::Model(name) => format!("models::{name}"),
    }
}

/// Returns the Rust name of the model that `ty` is or contains, such as `Project` for
/// `Vec<models::Project>`.
pub fn inner_model(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Array(inner) | TypeRef::Map(inner) => inner_model(inner),
        TypeRef::Model(name) => Some(name),
        _ => None,
    }
}

/// How an example value is passed, which decides how literals are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A place of exactly the type, such as a struct field: strings need `.to_owned()`.
    Exact,
    /// An `impl Into<T>` argument: a string literal is enough.
    Into,
}

/// Writes placeholder values of IR types as Rust expressions.
pub struct ValueWriter<'a> {
    crate_ident: &'a str,
    /// Every model; a lookup scans them, which costs less than building an index for each of
    /// the many writers a spec with thousands of models creates.
    models: &'a [ir::Model],
    /// Models whose literal is being written, outermost first.
    stack: Vec<&'a str>,
    /// Whether a written value names `models::`, so the program must import it.
    pub uses_models: bool,
}

impl<'a> ValueWriter<'a> {
    /// Creates a writer for the models of `api`.
    pub fn new(api: &'a ir::Api) -> ValueWriter<'a> {
        ValueWriter {
            crate_ident: &api.crate_ident,
            models: &api.models,
            stack: Vec::new(),
            uses_models: false,
        }
    }

    /// Returns a placeholder of type `ty` as an expression whose continuation lines are indented
    /// by `indent` spaces.
    pub fn value(&mut self, ty: &TypeRef, slot: Slot, indent: usize) -> String {
        match ty {
            TypeRef::Bool => "false".to_owned(),
            TypeRef::I32 | TypeRef::I64 => "0".to_owned(),
            TypeRef::F32 | TypeRef::F64 => "0.0".to_owned(),
            TypeRef::String => match slot {
                Slot::Exact => "\"<value>\".to_owned()".to_owned(),
                Slot::Into => "\"<value>\"".to_owned(),
            },
            TypeRef::Any => format!("{}::serde_json::Value::Null", self.crate_ident),
            TypeRef::Array(_) | TypeRef::Bytes => "Vec::new()".to_owned(),
            TypeRef::Map(_) => "std::collections::BTreeMap::new()".to_owned(),
            TypeRef::Model(name) => self.model_value(name, slot, indent),
        }
    }

    fn model_value(&mut self, name: &str, slot: Slot, indent: usize) -> String {
        let Some(model) = self.models.iter().find(|model| model.rust_name == name) else {
            // The resolver only emits references to models it lists, so a valid IR never gets
            // here. An expression that compiles anywhere keeps the page usable.
            return "todo!()".to_owned();
        };
        // NOTE: a model that holds itself through required fields has no finite value, so its
        // example stops at `todo!()`, which type-checks wherever a value is expected.
        let name = model.rust_name.as_str();
        if self.stack.contains(&name) {
            return "todo!()".to_owned();
        }
        self.uses_models = true;
        let path = format!("models::{}", model.rust_name);
        match &model.kind {
            ir::ModelKind::Struct { fields } => {
                self.stack.push(name);
                let literal = self.struct_literal(&path, fields, indent);
                self.stack.pop();
                literal
            }
            ir::ModelKind::Enum { variants } => match variants.first() {
                Some(variant) => format!("{path}::{}", variant.rust_name),
                None => "todo!()".to_owned(),
            },
            ir::ModelKind::Alias { ty } => {
                self.stack.push(name);
                let value = self.value(ty, slot, indent);
                self.stack.pop();
                value
            }
            ir::ModelKind::OneOf { variants, .. } => match variants.first() {
                Some(variant) => {
                    self.stack.push(name);
                    let mut value = self.value(&variant.ty, Slot::Exact, indent);
                    self.stack.pop();
                    if variant.boxed {
                        value = format!("Box::new({value})");
                    }
                    format!("{path}::{}({value})", variant.rust_name)
                }
                None => format!("{path}::Unknown({}::serde_json::Value::Null)", self.crate_ident),
            },
        }
    }

    fn struct_literal(&mut self, path: &str, fields: &'a [ir::Field], indent: usize) -> String {
        if fields.is_empty() {
            return format!("{path} {{}}");
        }
        let inner = indent + 4;
        let mut literal = format!("{path} {{\n");
        for field in fields {
            let value = self.field_value(field, inner);
            literal.push_str(&format!("{:inner$}{}: {value},\n", "", field.rust_name));
        }
        literal.push_str(&format!("{:indent$}}}", ""));
        literal
    }

    fn field_value(&mut self, field: &'a ir::Field, indent: usize) -> String {
        let recursive = inner_model(&field.ty).is_some_and(|name| self.stack.contains(&name));
        if !field.required && (recursive || self.stack.len() >= MAX_OPTIONAL_DEPTH) {
            return "None".to_owned();
        }
        let mut value = self.value(&field.ty, Slot::Exact, indent);
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
    use super::type_name;
    use crate::ir::TypeRef;

    #[test]
    fn type_name_of_nested_types() {
        let project = TypeRef::Model("Project".to_owned());
        let ty = TypeRef::Map(Box::new(TypeRef::Array(Box::new(project))));
        assert_eq!(type_name(&ty), "BTreeMap<String, Vec<models::Project>>");
    }
}
