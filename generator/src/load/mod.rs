//! Reads an OpenAPI 3.0 document from YAML or JSON.
//!
//! The text is parsed into a generic value first, so that a syntax error, a wrong `openapi`
//! version and a value of the wrong shape each get their own message with a JSON pointer.

mod locate;
mod pointer;

use std::path::{Path, PathBuf};

use serde_json::Value;

pub use pointer::{escape_pointer_token, pointer_of};

use crate::{Error, SpecError};

/// A parsed spec and where it came from.
#[derive(Debug, Clone)]
pub struct Document {
    /// The spec, as `openapiv3` reads it.
    pub openapi: openapiv3::OpenAPI,
    /// The spec's path as shown in messages.
    pub file: PathBuf,
}

impl Document {
    /// Builds a [`SpecError`] about the value at `pointer` in this document.
    pub fn error(&self, pointer: &str, reason: impl Into<String>, fix: &str) -> SpecError {
        SpecError {
            file: self.file.clone(),
            pointer: pointer.to_owned(),
            reason: reason.into(),
            fix: fix.to_owned(),
        }
    }
}

/// Reads and parses the spec at `path`; `label` is how messages name the file.
///
/// # Errors
///
/// Returns [`Error::Io`] when the file cannot be read, and [`Error::Spec`] when it is not YAML
/// or JSON, is not an OpenAPI 3.0 document, or has a value of the wrong shape.
pub fn load_spec(path: &Path, label: &str) -> Result<Document, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_owned(),
        action: "reading the spec",
        source,
    })?;
    parse_spec(&text, Path::new(label))
}

/// Parses spec text; `file` is how messages name it.
///
/// # Errors
///
/// As [`load_spec`], less the file read.
pub fn parse_spec(text: &str, file: &Path) -> Result<Document, Error> {
    let fail = |pointer: &str, reason: String, fix: &str| {
        Error::Spec(vec![SpecError {
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            reason,
            fix: fix.to_owned(),
        }])
    };

    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|error| {
        fail(
            "#",
            format!("invalid YAML or JSON: {error}"),
            "fix the syntax there",
        )
    })?;
    let value = yaml_to_json(yaml);

    check_version(&value).map_err(|(pointer, reason)| {
        fail(
            pointer,
            reason,
            "give an OpenAPI 3.0.x document (`openapi: 3.0.3`)",
        )
    })?;

    let openapi =
        serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value).map_err(|error| {
            let tokens = error.path().iter().filter_map(segment_token).collect();
            let (pointer, reason) = locate::locate(&value, tokens, error.inner().to_string());
            fail(
                &pointer,
                format!("invalid OpenAPI 3.0 value: {reason}"),
                "correct the value to match the OpenAPI 3.0 specification",
            )
        })?;
    Ok(Document {
        openapi,
        file: file.to_owned(),
    })
}

fn segment_token(segment: &serde_path_to_error::Segment) -> Option<String> {
    use serde_path_to_error::Segment;

    match segment {
        Segment::Seq { index } => Some(index.to_string()),
        Segment::Map { key } => Some(key.clone()),
        Segment::Enum { variant } => Some(variant.clone()),
        Segment::Unknown => None,
    }
}

fn check_version(value: &Value) -> Result<(), (&'static str, String)> {
    let Value::Object(root) = value else {
        return Err(("#", "the document is not a mapping".to_owned()));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err((
            "#/swagger",
            format!("Swagger {} documents are not OpenAPI 3.0", display(swagger)),
        ));
    }
    let Some(version) = root.get("openapi") else {
        return Err(("#/openapi", "missing `openapi` version field".to_owned()));
    };
    let Some(version) = version.as_str() else {
        return Err((
            "#/openapi",
            format!("`openapi` is {}, not a version string", display(version)),
        ));
    };
    if !version.starts_with("3.0.") && version != "3.0" {
        return Err((
            "#/openapi",
            format!("unsupported OpenAPI version {version:?}; only 3.0.x is read"),
        ));
    }
    Ok(())
}

fn display(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        other => other.to_string(),
    }
}

/// Converts YAML to JSON, turning non-string keys (such as an unquoted `200:`) into strings.
fn yaml_to_json(yaml: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Yaml;

    match yaml {
        Yaml::Null => Value::Null,
        Yaml::Bool(flag) => Value::Bool(flag),
        Yaml::Number(number) => number_to_json(&number),
        Yaml::String(text) => Value::String(text),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| (key_to_string(key), yaml_to_json(value)))
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn number_to_json(number: &serde_yaml::Number) -> Value {
    if let Some(integer) = number.as_i64() {
        Value::from(integer)
    } else if let Some(integer) = number.as_u64() {
        Value::from(integer)
    } else {
        // NOTE: infinities and NaN have no JSON form; they become null, which no OpenAPI
        // field that holds a number accepts, so the shape check reports them.
        number
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number)
    }
}

fn key_to_string(key: serde_yaml::Value) -> String {
    use serde_yaml::Value as Yaml;

    match key {
        Yaml::String(text) => text,
        Yaml::Bool(flag) => flag.to_string(),
        Yaml::Number(number) => number.to_string(),
        Yaml::Null => "null".to_owned(),
        other => serde_yaml::to_string(&other)
            .unwrap_or_default()
            .trim_end()
            .to_owned(),
    }
}
