//! Path parameters in the `simple`, `label` and `matrix` styles of OpenAPI 3.0.3, which follow
//! the `{var}`, `{.var}` and `{;var}` expressions of RFC 6570.
//!
//! For a parameter `id`, the styles write these values (`explode` after the slash):
//!
//! | Value | `simple` | `simple`, explode | `label` | `label`, explode | `matrix` | `matrix`, explode |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | `5` | `5` | `5` | `.5` | `.5` | `;id=5` | `;id=5` |
//! | `[3, 4]` | `3,4` | `3,4` | `.3,4` | `.3.4` | `;id=3,4` | `;id=3;id=4` |
//! | `{"a": 1, "b": 2}` | `a,1,b,2` | `a=1,b=2` | `.a,1,b,2` | `.a=1.b=2` | `;id=a,1,b,2` | `;a=1;b=2` |
//!
//! Names, keys and values are percent-encoded except for the unreserved characters of RFC 3986
//! (letters, digits, `-`, `.`, `_`, `~`), so `,`, `;` and `=` inside a value stay apart from the
//! delimiters. An empty string is `;id` in the matrix style, and empty or `.` in the simple and
//! label styles. `Call::path_segment` rejects a value that leaves its whole path segment empty,
//! `.` or `..`, because the request would then go to another path.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use percent_encoding::utf8_percent_encode;
use serde::Serialize;
use serde_json::Value;

use crate::error::Error;
use crate::query::COMPONENT;

/// A path parameter style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathStyle {
    /// The value alone, as RFC 6570 `{var}`, the default of path parameters.
    Simple,
    /// `.value`, as RFC 6570 `{.var}`.
    Label,
    /// `;name=value`, as RFC 6570 `{;var}`.
    Matrix,
}

/// Writes the path parameter `name` in `style`, percent-encoded. The value may be empty, `.`
/// or `..`, because the text around its placeholder may complete the path segment, as in
/// `/{id}:action`, so `Call::path_segment` checks the whole segment.
///
/// # Errors
///
/// Returns [`Error::Encode`] for a number that is NaN or infinite.
pub(crate) fn encode_styled_path_segment<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<String, Error> {
    crate::finite::check_finite(|| format!("path parameter {name:?}"), value)?;
    let value = serde_json::to_value(value).unwrap_or(Value::Null);
    Ok(match style {
        PathStyle::Simple => simple(&value, explode),
        PathStyle::Label => label(&value, explode),
        PathStyle::Matrix => matrix(name, &value, explode),
    })
}

/// The parts of a value: its text, its items, or its properties as key and value pairs.
enum Parts {
    Scalar(String),
    Items(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// Splits `value` into its encoded parts. Items and property values that are themselves
/// arrays or objects are written as JSON, which the styles do not define.
fn parts(value: &Value) -> Parts {
    match value {
        Value::Array(items) => Parts::Items(items.iter().map(encode_scalar).collect()),
        Value::Object(properties) => Parts::Pairs(
            properties
                .iter()
                .map(|(key, value)| (encode(key), encode_scalar(value)))
                .collect(),
        ),
        other => Parts::Scalar(encode_scalar(other)),
    }
}

fn simple(value: &Value, explode: bool) -> String {
    match parts(value) {
        Parts::Scalar(text) => text,
        Parts::Items(items) => items.join(","),
        Parts::Pairs(pairs) if explode => join_pairs(&pairs, "=", ","),
        Parts::Pairs(pairs) => join_pairs(&pairs, ",", ","),
    }
}

fn label(value: &Value, explode: bool) -> String {
    let separator = if explode { "." } else { "," };
    let text = match parts(value) {
        Parts::Scalar(text) => text,
        Parts::Items(items) => items.join(separator),
        Parts::Pairs(pairs) if explode => join_pairs(&pairs, "=", "."),
        Parts::Pairs(pairs) => join_pairs(&pairs, ",", ","),
    };
    format!(".{text}")
}

fn matrix(name: &str, value: &Value, explode: bool) -> String {
    let name = encode(name);
    match parts(value) {
        Parts::Scalar(text) => matrix_pair(&name, &text),
        Parts::Items(items) if explode && !items.is_empty() => {
            items.iter().map(|item| matrix_pair(&name, item)).collect()
        }
        Parts::Items(items) => matrix_pair(&name, &items.join(",")),
        Parts::Pairs(pairs) if explode && !pairs.is_empty() => pairs
            .iter()
            .map(|(key, value)| matrix_pair(key, value))
            .collect(),
        Parts::Pairs(pairs) => matrix_pair(&name, &join_pairs(&pairs, ",", ",")),
    }
}

/// Writes `;name=text`, or `;name` for empty text, as RFC 6570 does for the `;` operator.
fn matrix_pair(name: &str, text: &str) -> String {
    if text.is_empty() {
        format!(";{name}")
    } else {
        format!(";{name}={text}")
    }
}

/// Joins each pair with `inner` and the pairs with `outer`.
fn join_pairs(pairs: &[(String, String)], inner: &str, outer: &str) -> String {
    pairs
        .iter()
        .map(|(key, value)| format!("{key}{inner}{value}"))
        .collect::<Vec<_>>()
        .join(outer)
}

/// Writes a string as it is and any other value as JSON, percent-encoded.
fn encode_scalar(value: &Value) -> String {
    match value {
        Value::String(text) => encode(text),
        Value::Null => String::new(),
        other => encode(&other.to_string()),
    }
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn styled(value: Value, style: PathStyle, explode: bool) -> String {
        encode_styled_path_segment("id", &value, style, explode).expect("a valid value")
    }

    #[test]
    fn simple_style_table() {
        let object = json!({"a": 1, "b": "x y"});
        let cases = [
            (json!(5), false, "5"),
            (json!("a/b"), true, "a%2Fb"),
            (json!([3, 4, 5]), false, "3,4,5"),
            (json!([3, 4, 5]), true, "3,4,5"),
            (json!(["a,b", "c"]), false, "a%2Cb,c"),
            (object.clone(), false, "a,1,b,x%20y"),
            (object, true, "a=1,b=x%20y"),
        ];
        for (value, explode, expected) in cases {
            assert_eq!(styled(value, PathStyle::Simple, explode), expected);
        }
    }

    #[test]
    fn simple_segment_encodes_reserved_bytes() {
        assert_eq!(
            styled(json!("a/b c?"), PathStyle::Simple, false),
            "a%2Fb%20c%3F"
        );
    }

    #[test]
    fn empty_and_dot_values_are_written() {
        let cases = [
            (json!(""), ""),
            (json!("."), "."),
            (json!(".."), ".."),
            (json!([]), ""),
            (json!({}), ""),
        ];
        for (value, expected) in cases {
            assert_eq!(styled(value, PathStyle::Simple, false), expected);
        }
    }

    #[test]
    fn label_style_table() {
        let object = json!({"a": 1, "b": "x y"});
        let cases = [
            (json!(5), false, ".5"),
            (json!("tag"), true, ".tag"),
            (json!([3, 4, 5]), false, ".3,4,5"),
            (json!([3, 4, 5]), true, ".3.4.5"),
            (object.clone(), false, ".a,1,b,x%20y"),
            (object, true, ".a=1.b=x%20y"),
        ];
        for (value, explode, expected) in cases {
            assert_eq!(styled(value, PathStyle::Label, explode), expected);
        }
    }

    #[test]
    fn matrix_style_table() {
        let object = json!({"a": 1, "b": "x,y"});
        let cases = [
            (json!(5), false, ";id=5"),
            (json!(""), false, ";id"),
            (json!(true), true, ";id=true"),
            (json!([3, 4, 5]), false, ";id=3,4,5"),
            (json!([3, 4, 5]), true, ";id=3;id=4;id=5"),
            (json!([]), true, ";id"),
            (json!(["a", ""]), true, ";id=a;id"),
            (json!({"a": "", "b": 1}), true, ";a;b=1"),
            (object.clone(), false, ";id=a,1,b,x%2Cy"),
            (object, true, ";a=1;b=x%2Cy"),
        ];
        for (value, explode, expected) in cases {
            assert_eq!(styled(value, PathStyle::Matrix, explode), expected);
        }
    }

    #[test]
    fn delimiters_inside_values_are_encoded() {
        let value = json!(["a;b", "c=d", "e/f"]);
        assert_eq!(
            styled(value.clone(), PathStyle::Matrix, true),
            ";id=a%3Bb;id=c%3Dd;id=e%2Ff"
        );
        assert_eq!(styled(value, PathStyle::Label, false), ".a%3Bb,c%3Dd,e%2Ff");
    }

    #[test]
    fn label_of_empty_value_is_a_dot() {
        assert_eq!(styled(json!(""), PathStyle::Label, false), ".");
        assert_eq!(styled(json!("."), PathStyle::Label, false), "..");
        assert_eq!(styled(json!(".."), PathStyle::Label, false), "...");
    }
}
