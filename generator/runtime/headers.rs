//! Response headers parsed by the schema the spec declares for them.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

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
    let failed = |reason: String| Error::DecodeHeader {
        name,
        response: Box::new(received.content()),
        reason,
    };
    let Ok(text) = std::str::from_utf8(value.as_bytes()) else {
        return Err(failed("the value is not UTF-8 text".to_owned()));
    };
    let text = text.trim();
    if let Ok(parsed) = serde_json::from_value(serde_json::Value::String(text.to_owned())) {
        return Ok(Some(parsed));
    }
    serde_json::from_str(text).map(Some).map_err(|source| {
        failed(format!(
            "the value does not match the header's schema: {source}"
        ))
    })
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
        None => Err(Error::DecodeHeader {
            name,
            response: Box::new(received.content()),
            reason: "the response lacks this header, which the spec marks required".to_owned(),
        }),
    }
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
