//! Parameter serialization for the OpenAPI 3.0 `style` and `explode` keywords.
//!
//! Query values are percent-encoded here, with every byte but the unreserved ones of RFC 3986
//! (letters, digits, `-`, `.`, `_`, `~`) escaped, so that the delimiters a style adds (`,`, `|`,
//! `%20`, `[` and `]`) stay apart from the same characters inside a value.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

/// The unreserved characters of RFC 3986, section 2.3, stay as they are.
pub(crate) const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The `style` of a query parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `ids=1&ids=2` exploded, `ids=1,2` otherwise; objects as `key=value` pairs exploded,
    /// `name=key,value` otherwise.
    Form,
    /// `ids=1%202`: array items joined by a space.
    SpaceDelimited,
    /// `ids=1|2`: array items joined by `|`.
    PipeDelimited,
    /// `filter[name]=x&filter[age]=3`: a pair per property of an object.
    DeepObject,
}

/// Percent-encodes `text` as one query name or value.
pub(crate) fn encode_component(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    // Extending from the encoder's chunks skips the formatting machinery of `to_string`.
    encoded.extend(utf8_percent_encode(text, COMPONENT));
    encoded
}

/// Returns the encoded `name=value` pair of one query parameter with a text value.
pub(crate) fn query_pair(name: &str, value: &str) -> String {
    let mut pair = String::new();
    append_query_pair(&mut pair, name, value);
    pair
}

/// Bytes that a query string has room for when its first pair is added.
const FIRST_QUERY_CAPACITY: usize = 128;

/// Appends the encoded `name=value` pair of one query parameter with a text value to the
/// query string `query`, after a `&` unless `query` is empty.
pub(crate) fn append_query_pair(query: &mut String, name: &str, value: &str) {
    // Room for a pair without escapes, so that such a pair grows the string at most once. The
    // first pair reserves 128 bytes, so a query of a few short pairs is allocated once.
    let needed = name.len() + value.len() + 2;
    if query.capacity() == 0 {
        query.reserve(needed.max(FIRST_QUERY_CAPACITY));
    } else {
        query.reserve(needed);
    }
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(utf8_percent_encode(name, COMPONENT));
    query.push('=');
    query.extend(utf8_percent_encode(value, COMPONENT));
}

/// Returns the encoded `name=value` pairs that send `value` as query parameter `name` in
/// `style`, in the order of the value's items or properties.
///
/// Strings are sent as they are, numbers and booleans in JSON notation, and items or
/// properties that are themselves arrays or objects as JSON text. Null values, null items,
/// null properties and empty arrays give no pair, so an unset value never reaches the server
/// as an empty string.
pub(crate) fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
    explode: bool,
) -> Vec<String> {
    let Ok(value) = serde_json::to_value(value) else {
        return Vec::new();
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => array_pairs(name, &items, style, explode),
        Value::Object(properties) => object_pairs(name, &properties, style, explode),
        scalar => vec![query_pair(name, &scalar_text(&scalar))],
    }
}

fn array_pairs(name: &str, items: &[Value], style: QueryStyle, explode: bool) -> Vec<String> {
    let texts: Vec<String> = items
        .iter()
        .filter(|item| !item.is_null())
        .map(scalar_text)
        .collect();
    if texts.is_empty() {
        return Vec::new();
    }
    if explode || style == QueryStyle::DeepObject {
        return texts.iter().map(|text| query_pair(name, text)).collect();
    }
    vec![joined_pair(name, &texts, style)]
}

fn object_pairs(
    name: &str,
    properties: &serde_json::Map<String, Value>,
    style: QueryStyle,
    explode: bool,
) -> Vec<String> {
    let present = properties.iter().filter(|(_, value)| !value.is_null());
    if style == QueryStyle::DeepObject {
        return present
            .map(|(key, value)| {
                let key = encode_component(key);
                let value = encode_component(&scalar_text(value));
                format!("{}[{key}]={value}", encode_component(name))
            })
            .collect();
    }
    if explode {
        return present
            .map(|(key, value)| query_pair(key, &scalar_text(value)))
            .collect();
    }
    let texts: Vec<String> = present
        .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
        .collect();
    if texts.is_empty() {
        return Vec::new();
    }
    vec![joined_pair(name, &texts, style)]
}

/// Returns `name=a,b` for form style, `name=a%20b` for space and `name=a|b` for pipe
/// delimited, with each text encoded on its own.
fn joined_pair(name: &str, texts: &[String], style: QueryStyle) -> String {
    let delimiter = match style {
        QueryStyle::Form | QueryStyle::DeepObject => ",",
        QueryStyle::SpaceDelimited => "%20",
        QueryStyle::PipeDelimited => "|",
    };
    let encoded: Vec<String> = texts.iter().map(|text| encode_component(text)).collect();
    format!("{}={}", encode_component(name), encoded.join(delimiter))
}

/// The bytes percent-encoded in an item of a header value in the `simple` style: the `,` that
/// delimits items, the `%` that starts an escape, and the control bytes that a header cannot
/// carry. Non-ASCII characters are encoded too, as UTF-8. Other bytes stay as they are, so a
/// server that does not percent-decode header values reads common items unchanged.
const HEADER_ITEM: &AsciiSet = &CONTROLS.add(b',').add(b'%');

/// The bytes percent-encoded in a key or value of an exploded object in a header value: those
/// of [`HEADER_ITEM`] and the `=` between a key and its value.
const HEADER_PAIR_PART: &AsciiSet = &HEADER_ITEM.add(b'=');

/// Writes `value` in the `simple` style of header parameters: array items joined by `,`,
/// objects as `key,value,key,value`, or `key=value,key=value` when exploded. Null items and
/// properties are left out.
///
/// The delimiters inside each item, key and value are percent-encoded, so `["a,b", "c"]` is
/// sent as `a%2Cb,c` and stays two items. RFC 6570, which OpenAPI cites for the style, encodes
/// every byte outside the unreserved set, but a header value is not a URI, so only the bytes
/// of [`HEADER_ITEM`] are encoded here.
pub(crate) fn simple_text<T: Serialize + ?Sized>(value: &T, explode: bool) -> String {
    let Ok(value) = serde_json::to_value(value) else {
        return String::new();
    };
    let item = |value: &Value| encode_header_part(&scalar_text(value), HEADER_ITEM);
    match value {
        Value::Array(items) => items
            .iter()
            .filter(|value| !value.is_null())
            .map(item)
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(properties) => {
            let present = properties.iter().filter(|(_, value)| !value.is_null());
            let parts: Vec<String> = if explode {
                let part = |text: &str| encode_header_part(text, HEADER_PAIR_PART);
                present
                    .map(|(key, value)| format!("{}={}", part(key), part(&scalar_text(value))))
                    .collect()
            } else {
                present
                    .flat_map(|(key, value)| [encode_header_part(key, HEADER_ITEM), item(value)])
                    .collect()
            };
            parts.join(",")
        }
        other => scalar_text(&other),
    }
}

fn encode_header_part(text: &str, encoded: &'static AsciiSet) -> String {
    utf8_percent_encode(text, encoded).to_string()
}

/// The bytes percent-encoded in a cookie value: those that RFC 6265, section 4.1.1, leaves out
/// of a cookie-octet (control bytes, space, `"`, `,`, `;` and `\`), and the `%` that starts
/// an escape. Non-ASCII characters are encoded too, as UTF-8. So a value cannot end its cookie
/// or start another one.
pub(crate) const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// The bytes percent-encoded in a cookie name taken from a property of an exploded object:
/// those of [`COOKIE_VALUE`] and the other separators that RFC 6265 leaves out of a cookie
/// name, which must be an HTTP token.
const COOKIE_NAME: &AsciiSet = &COOKIE_VALUE
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'@')
    .add(b':')
    .add(b'/')
    .add(b'[')
    .add(b']')
    .add(b'?')
    .add(b'=')
    .add(b'{')
    .add(b'}');

/// Returns the `(name, value)` cookies that send `value` as cookie parameter `name` in the
/// `form` style, the only style of cookies in OpenAPI 3.0, with each value encoded.
///
/// An object goes as one cookie `name=key,value,key,value`, or as one cookie per property
/// when exploded. An array goes as one cookie `name=a,b`, exploded or not. The exploded form
/// style would repeat the name, but RFC 6265 gives a repeated cookie name no meaning, and
/// servers that read cookies into a map keep only one of the items. Items or properties that are
/// themselves arrays or objects go as JSON text, and null ones are left out, so an empty
/// array or object gives no cookie.
///
/// NOTE: the `,` between items is what the form style writes, although RFC 6265 leaves `,`
/// out of a cookie-octet. A `,` inside an item is percent-encoded, so it stays apart from the
/// separators.
pub(crate) fn cookie_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
) -> Vec<(String, String)> {
    let Ok(value) = serde_json::to_value(value) else {
        return Vec::new();
    };
    let texts: Vec<String> = match value {
        Value::Null => return Vec::new(),
        Value::Object(properties) if explode => return exploded_cookies(&properties),
        Value::Object(properties) => properties
            .iter()
            .filter(|(_, value)| !value.is_null())
            .flat_map(|(key, value)| [key.clone(), scalar_text(value)])
            .collect(),
        Value::Array(items) => items
            .iter()
            .filter(|item| !item.is_null())
            .map(scalar_text)
            .collect(),
        scalar => vec![scalar_text(&scalar)],
    };
    if texts.is_empty() {
        return Vec::new();
    }
    let encoded: Vec<String> = texts
        .iter()
        .map(|text| encode_cookie_part(text, COOKIE_VALUE))
        .collect();
    vec![(name.to_owned(), encoded.join(","))]
}

/// Returns a cookie per property that is not null, named after the property.
fn exploded_cookies(properties: &serde_json::Map<String, Value>) -> Vec<(String, String)> {
    properties
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(key, value)| {
            let name = encode_cookie_part(key, COOKIE_NAME);
            (name, encode_cookie_part(&scalar_text(value), COOKIE_VALUE))
        })
        .collect()
}

fn encode_cookie_part(text: &str, encoded: &'static AsciiSet) -> String {
    utf8_percent_encode(text, encoded).to_string()
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // NOTE: the fields are in name order, because `serde_json` maps keep that order unless
    // its `preserve_order` feature is on.
    #[derive(Serialize)]
    struct Filter {
        age: Option<u32>,
        name: &'static str,
        nick: Option<&'static str>,
    }

    const FILTER: Filter = Filter {
        age: Some(3),
        name: "a b",
        nick: None,
    };

    #[test]
    fn form_array_exploded_repeats_name() {
        let pairs = query_pairs("ids", &[1, 2], QueryStyle::Form, true);
        assert_eq!(pairs, ["ids=1", "ids=2"]);
    }

    #[test]
    fn form_array_joins_with_comma() {
        let pairs = query_pairs("ids", &["a,b", "c"], QueryStyle::Form, false);
        assert_eq!(pairs, ["ids=a%2Cb,c"]);
    }

    #[test]
    fn space_and_pipe_delimited_arrays() {
        let space = query_pairs("ids", &[1, 2], QueryStyle::SpaceDelimited, false);
        assert_eq!(space, ["ids=1%202"]);
        let pipe = query_pairs("ids", &["x|y", "z"], QueryStyle::PipeDelimited, false);
        assert_eq!(pipe, ["ids=x%7Cy|z"]);
    }

    #[test]
    fn deep_object_skips_null_properties() {
        let pairs = query_pairs("filter", &FILTER, QueryStyle::DeepObject, true);
        assert_eq!(pairs, ["filter[age]=3", "filter[name]=a%20b"]);
    }

    #[test]
    fn form_object_exploded_and_not() {
        let exploded = query_pairs("filter", &FILTER, QueryStyle::Form, true);
        assert_eq!(exploded, ["age=3", "name=a%20b"]);
        let joined = query_pairs("filter", &FILTER, QueryStyle::Form, false);
        assert_eq!(joined, ["filter=age,3,name,a%20b"]);
    }

    #[test]
    fn empty_and_null_values_give_no_pair() {
        let empty: [u8; 0] = [];
        assert!(query_pairs("ids", &empty, QueryStyle::Form, false).is_empty());
        assert!(query_pairs("ids", &None::<u8>, QueryStyle::Form, true).is_empty());
    }

    #[test]
    fn appended_pairs_join_with_ampersand() {
        let mut query = String::new();
        append_query_pair(&mut query, "a b", "x&y=z");
        append_query_pair(&mut query, "c", "é/~");
        assert_eq!(query, "a%20b=x%26y%3Dz&c=%C3%A9%2F~");
        assert_eq!(query_pair("a b", "x&y=z"), "a%20b=x%26y%3Dz");
    }

    #[test]
    fn simple_style_for_headers() {
        assert_eq!(simple_text(&["a", "b"], false), "a,b");
        assert_eq!(simple_text(&FILTER, false), "age,3,name,a b");
        assert_eq!(simple_text(&FILTER, true), "age=3,name=a b");
    }

    #[test]
    fn header_item_delimiters_are_encoded() {
        assert_eq!(simple_text(&["a,b", "c"], false), "a%2Cb,c");
        assert_eq!(simple_text(&["50%", "%2C"], false), "50%25,%252C");
        assert_eq!(
            simple_text(&["line\r\nX-Injected: 1"], false),
            "line%0D%0AX-Injected: 1"
        );
        assert_eq!(simple_text(&["caf\u{e9}"], false), "caf%C3%A9");
    }

    #[test]
    fn header_item_keeps_other_characters() {
        let items = ["a b", "k=v", "x/y:z", "base64+/="];
        assert_eq!(simple_text(&items, false), "a b,k=v,x/y:z,base64+/=");
    }

    #[test]
    fn header_object_delimiters_are_encoded() {
        let mut object = std::collections::BTreeMap::new();
        object.insert("k=1", "v,=2");
        object.insert("plain", "x");
        assert_eq!(simple_text(&object, false), "k=1,v%2C=2,plain,x");
        assert_eq!(simple_text(&object, true), "k%3D1=v%2C%3D2,plain=x");
    }

    /// Returns the cookies of `value` as `name=value` texts, for short comparisons.
    fn cookies<T: Serialize + ?Sized>(name: &str, value: &T, explode: bool) -> Vec<String> {
        cookie_pairs(name, value, explode)
            .into_iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect()
    }

    #[test]
    fn cookie_object_joins_keys_and_values() {
        assert_eq!(
            cookies("filter", &FILTER, false),
            ["filter=age,3,name,a%20b"]
        );
    }

    #[test]
    fn cookie_object_exploded_per_property() {
        assert_eq!(cookies("filter", &FILTER, true), ["age=3", "name=a%20b"]);
    }

    #[test]
    fn cookie_array_is_one_cookie() {
        let items = ["a,b", "c;d", "50%"];
        assert_eq!(cookies("ids", &items, false), ["ids=a%2Cb,c%3Bd,50%25"]);
        assert_eq!(cookies("ids", &items, true), ["ids=a%2Cb,c%3Bd,50%25"]);
    }

    #[test]
    fn cookie_nested_values_are_json_text() {
        let value = serde_json::json!({"a": [1, 2], "b": {"c": "d"}});
        assert_eq!(
            cookies("x", &value, false),
            ["x=a,[1%2C2],b,{%22c%22:%22d%22}"]
        );
        assert_eq!(
            cookies("x", &value, true),
            ["a=[1%2C2]", "b={%22c%22:%22d%22}"]
        );
    }

    #[test]
    fn cookie_names_from_properties_are_tokens() {
        let value = serde_json::json!({"a=b; c": "1", "é": "2"});
        assert_eq!(cookies("x", &value, true), ["a%3Db%3B%20c=1", "%C3%A9=2"]);
    }

    #[test]
    fn empty_and_null_values_give_no_cookie() {
        let empty: [u8; 0] = [];
        assert!(cookie_pairs("ids", &empty, true).is_empty());
        assert!(cookie_pairs("ids", &[None::<u8>], false).is_empty());
        assert!(cookie_pairs("ids", &None::<u8>, true).is_empty());
        let unset = serde_json::json!({"a": null});
        assert!(cookie_pairs("x", &unset, false).is_empty());
        assert!(cookie_pairs("x", &unset, true).is_empty());
    }
}
