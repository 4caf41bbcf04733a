//! Finds the innermost value at fault when a spec does not deserialize.
//!
//! `openapiv3` reads `$ref`-or-value positions as untagged enums, and serde reports a failure
//! inside one only as "did not match any variant" at the enum's own position. This module
//! descends from that position, deserializing each child with the concrete type expected
//! there, until it reaches the value that fails on its own.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::pointer::{escape_pointer_token, pointer_of};
use super::schemas::{Kind, keyword_of_wrong_kind, kind_of};

/// Limit on descents, which also bounds the work on a deeply nested document.
const MAX_DEPTH: usize = 64;

/// The kind of OpenAPI object at some position.
#[derive(Debug, Clone, Copy)]
enum Expected {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    Header,
    Schema,
    SecurityScheme,
    /// A map whose every value is of one kind, such as `paths` or `components.schemas`;
    /// `x-` extension keys are skipped.
    MapOf(&'static Expected),
    /// A list whose every item is of one kind, such as `parameters`.
    ListOf(&'static Expected),
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Returns the pointer and message of the innermost failing value, starting from the failure
/// that serde reported at `tokens` with `message`.
pub fn locate(root: &Value, mut tokens: Vec<String>, mut message: String) -> (String, String) {
    for _ in 0..MAX_DEPTH {
        let Some(value) = value_at(root, &tokens) else {
            break;
        };
        let Some(expected) = expected_at(&tokens) else {
            break;
        };
        let Some((inner, inner_message)) = first_failure(expected, value) else {
            break;
        };
        if inner.is_empty() && inner_message == message {
            break;
        }
        let progressed = !inner.is_empty();
        tokens.extend(inner);
        message = inner_message;
        if !progressed {
            break;
        }
    }
    (to_pointer(&tokens), message)
}

/// The keywords of a parameter or a header whose value is of one kind.
const PARAMETER_KEYWORDS: &[(&str, Kind)] = &[
    ("name", Kind::Text),
    ("in", Kind::Text),
    ("description", Kind::Text),
    ("style", Kind::Text),
    ("required", Kind::Boolean),
    ("deprecated", Kind::Boolean),
    ("allowEmptyValue", Kind::Boolean),
    ("explode", Kind::Boolean),
    ("allowReserved", Kind::Boolean),
    ("schema", Kind::Mapping),
    ("content", Kind::Mapping),
    ("examples", Kind::Mapping),
];

/// The keywords of a request body whose value is of one kind.
const REQUEST_BODY_KEYWORDS: &[(&str, Kind)] = &[
    ("description", Kind::Text),
    ("required", Kind::Boolean),
    ("content", Kind::Mapping),
];

/// The keywords of a response whose value is of one kind.
const RESPONSE_KEYWORDS: &[(&str, Kind)] = &[
    ("description", Kind::Text),
    ("headers", Kind::Mapping),
    ("content", Kind::Mapping),
    ("links", Kind::Mapping),
];

/// The keywords of an operation whose value is of one kind.
const OPERATION_KEYWORDS: &[(&str, Kind)] = &[
    ("tags", Kind::Strings),
    ("summary", Kind::Text),
    ("description", Kind::Text),
    ("operationId", Kind::Text),
    ("deprecated", Kind::Boolean),
    ("parameters", Kind::List),
    ("security", Kind::List),
    ("servers", Kind::List),
    ("requestBody", Kind::Mapping),
    ("responses", Kind::Mapping),
    ("callbacks", Kind::Mapping),
    ("externalDocs", Kind::Mapping),
];

/// The keywords of a path item whose value is of one kind.
const PATH_ITEM_KEYWORDS: &[(&str, Kind)] = &[
    ("$ref", Kind::Text),
    ("summary", Kind::Text),
    ("description", Kind::Text),
    ("parameters", Kind::List),
    ("servers", Kind::List),
    ("get", Kind::Mapping),
    ("put", Kind::Mapping),
    ("post", Kind::Mapping),
    ("delete", Kind::Mapping),
    ("options", Kind::Mapping),
    ("head", Kind::Mapping),
    ("patch", Kind::Mapping),
    ("trace", Kind::Mapping),
];

/// Returns the pointer, reason and fix of a keyword of the wrong kind of value at `pointer`.
/// serde stops at a parameter, header, request body or response, which it reads whole. In an
/// operation or a path item, which it reads keyword by keyword, it stops at the keyword.
pub fn keyword_at_fault(root: &Value, pointer: &str) -> Option<(String, String, String)> {
    let tokens: Vec<String> = pointer
        .strip_prefix('#')?
        .split('/')
        .skip(1)
        .map(super::unescape_pointer_token)
        .collect();
    if let Some(found) = wrong_keyword_in(root, &tokens) {
        return Some(found);
    }

    let (keyword, parent) = tokens.split_last()?;
    let found = wrong_keyword_in(root, parent)?;
    let named = found
        .0
        .ends_with(&format!("/{}", escape_pointer_token(keyword)));
    named.then_some(found)
}

/// Returns the pointer, reason and fix of the first keyword of the wrong kind of value in the
/// object at `tokens`, when the object is of a kind whose keywords are listed here.
fn wrong_keyword_in(root: &Value, tokens: &[String]) -> Option<(String, String, String)> {
    let keywords = match expected_at(tokens)? {
        Expected::Parameter | Expected::Header => PARAMETER_KEYWORDS,
        Expected::RequestBody => REQUEST_BODY_KEYWORDS,
        Expected::Response => RESPONSE_KEYWORDS,
        Expected::Operation => OPERATION_KEYWORDS,
        Expected::PathItem => PATH_ITEM_KEYWORDS,
        _ => return None,
    };
    let (keyword, value, kind) = keyword_of_wrong_kind(value_at(root, tokens)?, keywords)?;
    let mut pointer = to_pointer(tokens);
    pointer.push('/');
    pointer.push_str(&escape_pointer_token(keyword));
    Some((
        pointer,
        format!(
            "`{keyword}` takes {}, not {}",
            kind.description(),
            kind_of(value)
        ),
        kind.fix(keyword),
    ))
}

fn to_pointer(tokens: &[String]) -> String {
    let mut pointer = String::from("#");
    for token in tokens {
        pointer.push('/');
        pointer.push_str(&escape_pointer_token(token));
    }
    pointer
}

fn value_at<'v>(root: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(root, |value, token| match value {
        Value::Object(map) => map.get(token),
        Value::Array(items) => items.get(token.parse::<usize>().ok()?),
        _ => None,
    })
}

/// Tells which OpenAPI object belongs at `tokens`, from the shape of the path alone.
fn expected_at(tokens: &[String]) -> Option<Expected> {
    let parts: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let expected = match parts.as_slice() {
        ["paths"] => Expected::MapOf(&Expected::PathItem),
        ["paths", _] => Expected::PathItem,
        ["paths", _, "parameters"] => Expected::ListOf(&Expected::Parameter),
        ["paths", _, "parameters", _] => Expected::Parameter,
        ["paths", _, method] if METHODS.contains(method) => Expected::Operation,
        ["paths", _, _, rest @ ..] => return operation_part(rest),
        ["components", "schemas"] => Expected::MapOf(&Expected::Schema),
        ["components", "responses"] => Expected::MapOf(&Expected::Response),
        ["components", "parameters"] => Expected::MapOf(&Expected::Parameter),
        ["components", "requestBodies"] => Expected::MapOf(&Expected::RequestBody),
        ["components", "headers"] => Expected::MapOf(&Expected::Header),
        ["components", "securitySchemes"] => Expected::MapOf(&Expected::SecurityScheme),
        ["components", "schemas", _, rest @ ..] => return schema_part(rest),
        ["components", "responses", _] => Expected::Response,
        ["components", "parameters", _] => Expected::Parameter,
        ["components", "requestBodies", _] => Expected::RequestBody,
        ["components", "headers", _] => Expected::Header,
        ["components", "securitySchemes", _] => Expected::SecurityScheme,
        _ => return None,
    };
    Some(expected)
}

/// Returns the object expected at `rest`, a path inside an operation.
fn operation_part(rest: &[&str]) -> Option<Expected> {
    let expected = match rest {
        ["parameters"] => Expected::ListOf(&Expected::Parameter),
        ["parameters", _] => Expected::Parameter,
        ["requestBody"] => Expected::RequestBody,
        ["responses"] => Expected::MapOf(&Expected::Response),
        ["responses", _] => Expected::Response,
        ["responses", _, "headers", _] => Expected::Header,
        ["responses", _, "content", _, "schema", more @ ..] => return schema_part(more),
        ["requestBody", "content", _, "schema", more @ ..] => return schema_part(more),
        ["parameters", _, "schema", more @ ..] => return schema_part(more),
        _ => return None,
    };
    Some(expected)
}

/// Returns the object expected at `rest`, a path inside a schema.
fn schema_part(rest: &[&str]) -> Option<Expected> {
    match rest {
        [] | ["items"] | ["additionalProperties"] | ["not"] => Some(Expected::Schema),
        ["properties", _] => Some(Expected::Schema),
        ["allOf" | "oneOf" | "anyOf", _] => Some(Expected::Schema),
        ["properties", _, more @ ..]
        | ["items", more @ ..]
        | ["additionalProperties", more @ ..] => schema_part(more),
        ["allOf" | "oneOf" | "anyOf" | "not", _, more @ ..] => schema_part(more),
        _ => None,
    }
}

/// Deserializes `value` as `expected` and returns the path and message of the first failure.
fn first_failure(expected: Expected, value: &Value) -> Option<(Vec<String>, String)> {
    if is_reference(value) {
        return None;
    }
    match expected {
        Expected::PathItem => failure_of::<openapiv3::PathItem>(value),
        Expected::Operation => failure_of::<openapiv3::Operation>(value),
        Expected::Parameter => failure_of::<openapiv3::Parameter>(value),
        Expected::RequestBody => failure_of::<openapiv3::RequestBody>(value),
        Expected::Response => failure_of::<openapiv3::Response>(value),
        Expected::Header => failure_of::<openapiv3::Header>(value),
        Expected::Schema => failure_of::<openapiv3::Schema>(value),
        Expected::SecurityScheme => failure_of::<openapiv3::SecurityScheme>(value),
        Expected::MapOf(item) => {
            let map = value.as_object()?;
            let entries = map.iter().filter(|(key, _)| !key.starts_with("x-"));
            entries.into_iter().find_map(|(key, child)| {
                let (mut path, message) = first_failure(*item, child)?;
                path.insert(0, key.clone());
                Some((path, message))
            })
        }
        Expected::ListOf(item) => {
            let items = value.as_array()?;
            items.iter().enumerate().find_map(|(index, child)| {
                let (mut path, message) = first_failure(*item, child)?;
                path.insert(0, index.to_string());
                Some((path, message))
            })
        }
    }
}

fn is_reference(value: &Value) -> bool {
    value
        .as_object()
        .is_some_and(|map| map.contains_key("$ref"))
}

fn failure_of<T: DeserializeOwned>(value: &Value) -> Option<(Vec<String>, String)> {
    let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
    let pointer = pointer_of(error.path());
    let tokens = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(super::unescape_pointer_token)
        .collect();
    Some((tokens, error.inner().to_string()))
}
