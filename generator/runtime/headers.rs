//! Response headers parsed by the schema the spec declares for them.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::runtime::Received;

/// Parses the first value of header `name` as `T`; `None` when the header is absent.
///
/// The text is read first as a JSON string, which strings, string enums and string formats
/// take, and then as JSON text, which numbers and booleans take: `42`, `true`.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when the value parses as neither.
pub(crate) fn parse_header<T: DeserializeOwned>(
    received: &Received,
    name: &'static str,
) -> Result<Option<T>, Error> {
    let Some(value) = received.headers.get(name) else {
        return Ok(None);
    };
    let text = header_text(received, name, value)?;
    parse_text(received, name, text).map(Some)
}

/// Parses the first value of header `name` as `T`, for a header that the spec marks required.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when the header is absent or its value does not parse.
pub(crate) fn parse_required_header<T: DeserializeOwned>(
    received: &Received,
    name: &'static str,
) -> Result<T, Error> {
    match parse_header(received, name)? {
        Some(value) => Ok(value),
        None => Err(missing(received, name)),
    }
}

/// Parses every value of header `name` as items of `T`, for a header whose schema is an
/// array; `None` when the header is absent.
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
pub(crate) fn parse_header_list<T: DeserializeOwned>(
    received: &Received,
    name: &'static str,
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
            items.push(parse_text(received, name, text)?);
            continue;
        }
        for item in text.split(',').map(str::trim) {
            if !item.is_empty() {
                items.push(parse_text(received, name, item)?);
            }
        }
    }
    Ok(Some(items))
}

/// Parses every value of header `name` as items of `T`, for a header whose schema is an array
/// and that the spec marks required.
///
/// # Errors
///
/// Returns [`Error::DecodeHeader`] when the header is absent or an item does not parse.
pub(crate) fn parse_required_header_list<T: DeserializeOwned>(
    received: &Received,
    name: &'static str,
) -> Result<Vec<T>, Error> {
    match parse_header_list(received, name)? {
        Some(items) => Ok(items),
        None => Err(missing(received, name)),
    }
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

/// Parses one value as `T`: first as a JSON string, then as JSON text.
fn parse_text<T: DeserializeOwned>(
    received: &Received,
    name: &'static str,
    text: &str,
) -> Result<T, Error> {
    if let Ok(parsed) = serde_json::from_value(serde_json::Value::String(text.to_owned())) {
        return Ok(parsed);
    }
    serde_json::from_str(text).map_err(|source| {
        let reason = format!("the value does not match the header's schema: {source}");
        failed(received, name, reason)
    })
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
        let error = parse_header::<String>(&received, "location").expect_err("not UTF-8");
        assert!(error.to_string().contains("not UTF-8"), "{error}");
    }

    #[test]
    fn scalars_parse_by_type() {
        assert_eq!(
            parse_header::<i64>(&received("x-count", "42"), "x-count").unwrap(),
            Some(42)
        );
        assert_eq!(
            parse_header::<bool>(&received("x-flag", "true"), "x-flag").unwrap(),
            Some(true)
        );
        assert_eq!(
            parse_header::<String>(&received("x-id", "42"), "x-id").unwrap(),
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
        let parsed = parse_header_list::<i64>(&received, "x-ids").unwrap();
        assert_eq!(parsed, Some(vec![1, 2, 3, 4]));
    }

    #[test]
    fn set_cookie_lines_stay_whole() {
        let cookie = "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT";
        let received = received_lines("set-cookie", &[cookie, "b=2"]);
        let parsed = parse_header_list::<String>(&received, "set-cookie").unwrap();
        assert_eq!(parsed, Some(vec![cookie.to_owned(), "b=2".to_owned()]));
    }

    #[test]
    fn absent_list_is_none() {
        let received = received_lines("x-other", &["1"]);
        let parsed = parse_header_list::<i64>(&received, "x-ids").unwrap();
        assert_eq!(parsed, None);
        let error = parse_required_header_list::<i64>(&received, "x-ids").unwrap_err();
        assert!(error.to_string().contains("\"x-ids\""), "{error}");
    }

    #[test]
    fn absent_header_is_none() {
        let parsed = parse_header::<i64>(&received("x-other", "1"), "x-count").unwrap();
        assert_eq!(parsed, None);
    }

    #[test]
    fn absent_required_header_fails() {
        let error = parse_required_header::<i64>(&received("x-other", "1"), "x-count").unwrap_err();
        let Error::DecodeHeader { name, reason, .. } = &error else {
            panic!("expected Error::DecodeHeader, got {error:?}");
        };
        assert_eq!(*name, "x-count");
        assert!(reason.contains("required"), "{reason}");
    }

    #[test]
    fn present_required_header_parses() {
        let parsed = parse_required_header::<i64>(&received("x-count", "7"), "x-count").unwrap();
        assert_eq!(parsed, 7);
    }

    #[test]
    fn invalid_integer_names_header() {
        let error = parse_header::<i64>(&received("x-count", "many"), "x-count").unwrap_err();
        let Error::DecodeHeader { name, response, .. } = &error else {
            panic!("expected Error::DecodeHeader, got {error:?}");
        };
        assert_eq!(*name, "x-count");
        assert_eq!(response.headers["x-count"], "many");
        assert!(error.to_string().contains("\"x-count\""), "{error}");
    }
}
