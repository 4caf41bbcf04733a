//! Response headers parsed by the schema the spec declares for them.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::fmt::Display;
use std::str::FromStr;

use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::runtime::Received;

/// A parser of one header value: [`from_str`], [`finite_from_str`] or [`deserialize_str`],
/// picked by the generator for the header's schema. The error is the reason the value does not
/// parse.
pub(crate) type ParseValue<T> = fn(&str) -> Result<T, String>;

/// Parses the first value of header `name` with `parse`; `None` when the header is absent.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when the value is not UTF-8 text or `parse` rejects it.
pub(crate) fn parse_header<T>(
    received: &Received,
    name: &'static str,
    parse: ParseValue<T>,
) -> Result<Option<T>, Error> {
    let Some(value) = received.headers.get(name) else {
        return Ok(None);
    };
    let text = header_text(received, name, value)?;
    parse_text(received, name, text, parse).map(Some)
}

/// Parses the first value of header `name` with `parse`, for a header that the spec marks
/// required.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when the header is absent or its value does not parse.
pub(crate) fn parse_required_header<T>(
    received: &Received,
    name: &'static str,
    parse: ParseValue<T>,
) -> Result<T, Error> {
    match parse_header(received, name, parse)? {
        Some(value) => Ok(value),
        None => Err(missing(received, name)),
    }
}

/// Parses every value of header `name` as items, each with `parse`, for a header whose schema
/// is an array; `None` when the header is absent.
///
/// Each line of the header gives its comma-separated items, in order. That is OpenAPI's
/// `simple` style for an array, and the way RFC 9110, section 5.3, combines the lines of a
/// list header. Empty items are skipped, as RFC 9110, section 5.6.1, requires of recipients.
/// `Set-Cookie` lines are one item each, because a cookie's `Expires` date contains a comma
/// and RFC 6265, section 3, keeps one cookie per line.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when an item does not parse, as for [`parse_header`].
pub(crate) fn parse_header_list<T>(
    received: &Received,
    name: &'static str,
    parse: ParseValue<T>,
) -> Result<Option<Vec<T>>, Error> {
    let mut values = received.headers.get_all(name).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let whole_lines = name.eq_ignore_ascii_case("set-cookie");
    let mut items = Vec::new();
    for value in values {
        let text = header_text(received, name, value)?;
        if whole_lines {
            items.push(parse_text(received, name, text, parse)?);
            continue;
        }
        for item in text.split(',').map(str::trim) {
            if !item.is_empty() {
                items.push(parse_text(received, name, item, parse)?);
            }
        }
    }
    Ok(Some(items))
}

/// Parses every value of header `name` as items, each with `parse`, for a header whose schema
/// is an array and that the spec marks required.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when the header is absent or an item does not parse.
pub(crate) fn parse_required_header_list<T>(
    received: &Received,
    name: &'static str,
    parse: ParseValue<T>,
) -> Result<Vec<T>, Error> {
    match parse_header_list(received, name, parse)? {
        Some(items) => Ok(items),
        None => Err(missing(received, name)),
    }
}

/// Parses an integer or boolean value with Rust's `FromStr` for `T`, which takes `-0`, `05`
/// and `+5` as integers, and only `true` and `false` as booleans.
pub(crate) fn from_str<T>(text: &str) -> Result<T, String>
where
    T: FromStr,
    T::Err: Display,
{
    text.parse().map_err(|error| {
        let type_name = std::any::type_name::<T>();
        format!("the value {text:?} is not a valid {type_name}: {error}")
    })
}

/// Parses a number with Rust's `FromStr` for `T`, which takes `.5`, `+1` and `1e3`, and
/// rejects NaN and infinities, which a JSON Schema number cannot be.
pub(crate) fn finite_from_str<T>(text: &str) -> Result<T, String>
where
    T: FromStr + Copy + Into<f64>,
    T::Err: Display,
{
    let value: T = from_str(text)?;
    if value.into().is_finite() {
        Ok(value)
    } else {
        Err(format!("the value {text:?} is not a finite number"))
    }
}

/// Deserializes a text value, such as a string, a date-time, a UUID or a string enum, from
/// the header's text as a JSON string.
pub(crate) fn deserialize_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|error| format!("the value {text:?} does not match the header's schema: {error}"))
}

/// Returns a header value as text without surrounding whitespace.
fn header_text<'v>(
    received: &Received,
    name: &'static str,
    value: &'v HeaderValue,
) -> Result<&'v str, Error> {
    match std::str::from_utf8(value.as_bytes()) {
        Ok(text) => Ok(text.trim()),
        Err(_) => Err(failed(
            received,
            name,
            "the value is not UTF-8 text".to_owned(),
        )),
    }
}

/// Parses one value with `parse`, naming the header in the error.
fn parse_text<T>(
    received: &Received,
    name: &'static str,
    text: &str,
    parse: ParseValue<T>,
) -> Result<T, Error> {
    parse(text).map_err(|reason| failed(received, name, reason))
}

fn failed(received: &Received, name: &'static str, reason: String) -> Error {
    Error::DecodeHeader {
        name,
        response: Box::new(received.content()),
        reason,
    }
}

fn missing(received: &Received, name: &'static str) -> Error {
    let reason = "the response lacks this header, which the spec marks required";
    failed(received, name, reason.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};
    use reqwest::StatusCode;

    fn received(name: &'static str, value: &'static str) -> Received {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        Received {
            status: StatusCode::OK,
            headers,
            body: bytes::Bytes::new(),
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_fail() {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_bytes(b"\xff\xfe/x").expect("a header value");
        headers.insert("location", value);
        let received = Received {
            status: StatusCode::OK,
            headers,
            body: bytes::Bytes::new(),
        };
        let error =
            parse_header::<String>(&received, "location", deserialize_str).expect_err("not UTF-8");
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    fn scalars_parse_by_type() {
        assert_eq!(
            parse_header(&received("x-count", "42"), "x-count", from_str::<i64>).unwrap(),
            Some(42)
        );
        assert_eq!(
            parse_header(&received("x-flag", "true"), "x-flag", from_str::<bool>).unwrap(),
            Some(true)
        );
        assert_eq!(
            parse_header(&received("x-id", "42"), "x-id", deserialize_str::<String>).unwrap(),
            Some("42".to_owned())
        );
    }

    fn received_lines(name: &'static str, lines: &[&'static str]) -> Received {
        let mut headers = HeaderMap::new();
        for line in lines {
            headers.append(name, HeaderValue::from_static(line));
        }
        Received {
            status: StatusCode::OK,
            headers,
            body: bytes::Bytes::new(),
        }
    }

    #[test]
    fn list_splits_every_line_at_commas() {
        let received = received_lines("x-ids", &["1, 2", "", "3,,4"]);
        let parsed = parse_header_list(&received, "x-ids", from_str::<i64>).unwrap();
        assert_eq!(parsed, Some(vec![1, 2, 3, 4]));
    }

    #[test]
    fn set_cookie_lines_stay_whole() {
        let cookie = "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT";
        let received = received_lines("set-cookie", &[cookie, "b=2"]);
        let parsed = parse_header_list(&received, "set-cookie", deserialize_str::<String>).unwrap();
        assert_eq!(parsed, Some(vec![cookie.to_owned(), "b=2".to_owned()]));
    }

    #[test]
    fn absent_list_is_none() {
        let received = received_lines("x-other", &["1"]);
        let parsed = parse_header_list(&received, "x-ids", from_str::<i64>).unwrap();
        assert_eq!(parsed, None);
        let error = parse_required_header_list(&received, "x-ids", from_str::<i64>).unwrap_err();
        assert!(error.to_string().contains("\"x-ids\""), "{error}");
    }

    #[test]
    fn absent_header_is_none() {
        let parsed = parse_header(&received("x-other", "1"), "x-count", from_str::<i64>).unwrap();
        assert_eq!(parsed, None);
    }

    #[test]
    fn absent_required_header_fails() {
        let error = parse_required_header(&received("x-other", "1"), "x-count", from_str::<i64>)
            .unwrap_err();
        let Error::DecodeHeader { name, reason, .. } = &error else {
            panic!("expected Error::DecodeHeader, got {error:?}");
        };
        assert_eq!(*name, "x-count");
        assert!(reason.contains("required"), "{reason}");
    }

    #[test]
    fn present_required_header_parses() {
        let parsed =
            parse_required_header(&received("x-count", "7"), "x-count", from_str::<i64>).unwrap();
        assert_eq!(parsed, 7);
    }

    #[test]
    fn invalid_integer_names_header() {
        let error =
            parse_header(&received("x-count", "many"), "x-count", from_str::<i64>).unwrap_err();
        let Error::DecodeHeader { name, response, .. } = &error else {
            panic!("expected Error::DecodeHeader, got {error:?}");
        };
        assert_eq!(*name, "x-count");
        assert_eq!(response.headers["x-count"], "many");
        assert!(error.to_string().contains("\"x-count\""), "{error}");
    }

    #[test]
    fn integers_parse_as_rust_does() {
        let cases = [("-0", 0), ("05", 5), ("+7", 7), ("-12", -12)];
        for (text, expected) in cases {
            assert_eq!(from_str::<i64>(text), Ok(expected), "{text:?}");
        }
        assert_eq!(from_str::<u32>("007"), Ok(7));
    }

    #[test]
    fn invalid_integer_reason_names_value_and_type() {
        let reason = from_str::<i64>("1.5").unwrap_err();
        assert!(reason.contains("\"1.5\" is not a valid i64"), "{reason}");
        assert!(!reason.contains("line"), "{reason}");
        let reason = from_str::<u64>("-1").unwrap_err();
        assert!(reason.contains("\"-1\" is not a valid u64"), "{reason}");
    }

    #[test]
    fn booleans_take_only_lowercase_words() {
        assert_eq!(from_str::<bool>("true"), Ok(true));
        assert_eq!(from_str::<bool>("false"), Ok(false));
        for text in ["True", "1", "yes", ""] {
            let reason = from_str::<bool>(text).unwrap_err();
            assert!(reason.contains("is not a valid bool"), "{reason}");
        }
    }

    #[test]
    fn numbers_parse_as_rust_does_and_stay_finite() {
        let cases = [
            (".5", 0.5),
            ("+1", 1.0),
            ("25e-1", 2.5),
            ("-0", 0.0),
            ("05.5", 5.5),
        ];
        for (text, expected) in cases {
            assert_eq!(finite_from_str::<f64>(text), Ok(expected), "{text:?}");
        }
        assert_eq!(finite_from_str::<f32>("0.25"), Ok(0.25));
        for text in ["NaN", "inf", "-infinity", "1e400"] {
            let reason = finite_from_str::<f64>(text).unwrap_err();
            assert!(
                reason.contains("is not a finite number"),
                "{text:?}: {reason}"
            );
        }
        let reason = finite_from_str::<f64>("fast").unwrap_err();
        assert!(reason.contains("\"fast\" is not a valid f64"), "{reason}");
    }

    #[test]
    fn text_values_deserialize_from_strings() {
        assert_eq!(deserialize_str::<String>(" a b "), Ok(" a b ".to_owned()));
        assert_eq!(deserialize_str::<String>("42"), Ok("42".to_owned()));
        let reason = deserialize_str::<i64>("42").unwrap_err();
        assert!(
            reason.contains("does not match the header's schema"),
            "{reason}"
        );
    }
}
