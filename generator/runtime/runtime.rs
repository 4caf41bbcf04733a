//! Request building and response reading shared by every operation.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::str::FromStr;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, COOKIE};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, ResponseContent};
use crate::security::{Credentials, SchemeId};

/// Where a security scheme puts its credential.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement {
    /// A header with this name carries the credential as is.
    Header(&'static str),
    /// A query parameter with this name carries the credential.
    Query(&'static str),
    /// A cookie with this name carries the credential.
    Cookie(&'static str),
    /// `Authorization: {scheme} {credential}`, as for bearer tokens.
    Authorization(&'static str),
    /// `Authorization: Basic {base64 of the credential}`; the credential is `user:password`.
    Basic,
}

/// A request being built for one operation.
pub(crate) struct Call<'a> {
    http: &'a reqwest::Client,
    method: Method,
    url: String,
    query: Vec<(&'static str, String)>,
    headers: HeaderMap,
    cookies: Vec<(&'static str, String)>,
    body: Option<Vec<u8>>,
}

impl<'a> Call<'a> {
    /// Starts a request to `path`, already filled in, under `server_url`.
    pub(crate) fn new(
        http: &'a reqwest::Client,
        server_url: &str,
        method: Method,
        path: &str,
    ) -> Call<'a> {
        Call {
            http,
            method,
            url: format!("{}{path}", server_url.trim_end_matches('/')),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
        }
    }

    /// Adds a query parameter.
    pub(crate) fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.query.push((name, param_string(value)));
    }

    /// Sets a header, replacing any value set before for the same name.
    pub(crate) fn header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.set_header(name, &param_string(value), false)
    }

    /// Sets a header that carries a credential, marked sensitive so that `Debug` output of the
    /// request hides it.
    pub(crate) fn secret_header<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.set_header(name, &param_string(value), true)
    }

    /// Adds a cookie; all cookies travel in one `Cookie` header.
    pub(crate) fn cookie<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.cookies.retain(|(existing, _)| *existing != name);
        self.cookies.push((name, param_string(value)));
    }

    /// Sets the JSON body.
    pub(crate) fn json_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(Error::Encode)?;
        self.body = Some(bytes);
        self.set_header("content-type", "application/json", false)
    }

    /// Sets the body to `body` encoded as `application/x-www-form-urlencoded`; see
    /// [`body_fields`] for how properties become pairs.
    pub(crate) fn form_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for field in body_fields(body)? {
            form.append_pair(&field.name, &field.value);
        }
        self.body = Some(form.finish().into_bytes());
        self.set_header("content-type", "application/x-www-form-urlencoded", false)
    }

    /// Sets the body to `body` encoded as `multipart/form-data`, a part per pair of
    /// [`body_fields`]; objects go as `application/json` parts, everything else as text.
    pub(crate) fn multipart_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let fields = body_fields(body)?;
        let boundary = multipart_boundary(&fields);
        let mut bytes = Vec::new();
        for field in &fields {
            let name = field.name.replace('"', "%22").replace(['\r', '\n'], " ");
            bytes.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            bytes.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n").as_bytes(),
            );
            if field.json {
                bytes.extend_from_slice(b"Content-Type: application/json\r\n");
            }
            bytes.extend_from_slice(b"\r\n");
            bytes.extend_from_slice(field.value.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some(bytes);
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.set_header("content-type", &content_type, false)
    }

    /// Sets the body to `body` unchanged, with the media type the spec declares for it.
    pub(crate) fn raw_body<T: AsRef<[u8]> + ?Sized>(
        &mut self,
        body: &T,
        content_type: &str,
    ) -> Result<(), Error> {
        self.body = Some(body.as_ref().to_vec());
        self.set_header("content-type", content_type, false)
    }

    /// Sends the credentials of the first requirement that can be met.
    ///
    /// Each scheme's credential comes from `operation` when it has one, else from `client`. An
    /// empty requirement is met by sending nothing; when no requirement can be met, nothing is
    /// sent and the server decides.
    pub(crate) fn authorize(
        &mut self,
        requirements: &[&[SchemeId]],
        operation: Option<&dyn Credentials>,
        client: &dyn Credentials,
    ) -> Result<(), Error> {
        for requirement in requirements {
            let credentials: Option<Vec<(SchemeId, &SecretString)>> = requirement
                .iter()
                .map(|scheme| {
                    operation
                        .and_then(|credentials| credentials.credential(*scheme))
                        .or_else(|| client.credential(*scheme))
                        .map(|credential| (*scheme, credential))
                })
                .collect();
            if let Some(credentials) = credentials {
                for (scheme, credential) in credentials {
                    self.apply(scheme.placement(), credential)?;
                }
                return Ok(());
            }
        }
        Ok(())
    }

    fn apply(&mut self, placement: Placement, credential: &SecretString) -> Result<(), Error> {
        let secret = credential.expose_secret();
        match placement {
            Placement::Header(name) => self.set_header(name, secret, true),
            Placement::Query(name) => {
                self.query.push((name, secret.to_owned()));
                Ok(())
            }
            Placement::Cookie(name) => {
                self.cookie(name, secret);
                Ok(())
            }
            Placement::Authorization(scheme) => {
                self.set_header("authorization", &format!("{scheme} {secret}"), true)
            }
            Placement::Basic => {
                use base64::Engine as _;
                let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
                self.set_header("authorization", &format!("Basic {encoded}"), true)
            }
        }
    }

    fn set_header(&mut self, name: &str, value: &str, sensitive: bool) -> Result<(), Error> {
        let invalid = || Error::InvalidHeaderValue {
            name: name.to_owned(),
        };
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        let mut header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        header_value.set_sensitive(sensitive);
        self.headers.insert(header_name, header_value);
        Ok(())
    }

    /// Sends the request and reads the whole response.
    pub(crate) async fn send(mut self) -> Result<Received, Error> {
        if !self.cookies.is_empty() {
            let pairs: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            self.set_header(COOKIE.as_str(), &pairs.join("; "), true)?;
        }

        let mut url = url::Url::parse(&self.url).map_err(|source| Error::InvalidServerUrl {
            url: self.url.clone(),
            source,
        })?;
        if !self.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&self.query);
        }

        let mut request = self.http.request(self.method, url).headers(self.headers);
        if let Some(body) = self.body {
            request = request.body(body);
        }

        let response = request.send().await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        Ok(Received {
            status,
            headers,
            body,
        })
    }
}

/// A response read in full, before it is decoded.
pub(crate) struct Received {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Received {
    /// Decodes the body as JSON.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            response: Box::new(self.content()),
            source,
        })
    }

    /// Parses the first value of header `name`; `None` when it is absent or does not parse.
    pub(crate) fn header<T: FromStr>(&self, name: &str) -> Option<T> {
        let value = self.headers.get(name)?.to_str().ok()?;
        value.parse().ok()
    }

    /// Turns the response into the error for a status the spec declares as an error.
    pub(crate) fn into_api_error(self) -> Error {
        Error::Api(Box::new(self.into_content()))
    }

    /// Turns the response into the error for a status the spec does not declare.
    pub(crate) fn into_unexpected(self) -> Error {
        Error::UnexpectedStatus(Box::new(self.into_content()))
    }

    fn content(&self) -> ResponseContent {
        ResponseContent {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }

    fn into_content(self) -> ResponseContent {
        ResponseContent {
            status: self.status,
            headers: self.headers,
            body: self.body,
        }
    }
}

/// Percent-encodes a path parameter so that it stays one path segment.
pub(crate) fn encode_path_segment<T: Serialize + ?Sized>(value: &T) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

    // Unreserved characters (RFC 3986, section 2.3) stay as they are.
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    utf8_percent_encode(&param_string(value), SEGMENT).to_string()
}

/// Writes a parameter value as text: strings as they are, numbers and booleans in JSON
/// notation, arrays as comma-separated items, and anything else as JSON.
pub(crate) fn param_string<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Array(items)) => items
            .iter()
            .map(scalar_string)
            .collect::<Vec<_>>()
            .join(","),
        Ok(other) => scalar_string(&other),
        Err(_) => String::new(),
    }
}

fn scalar_string(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A name and value pair of a form or multipart body.
struct BodyField {
    name: String,
    value: String,
    /// Whether the value is JSON text, for an object.
    json: bool,
}

/// Splits a body into pairs: a pair per property, sorted by name as `serde_json` maps are;
/// strings as they are, numbers and booleans in JSON notation, a pair per item for arrays,
/// objects as JSON text, and no pair for null.
///
/// # Errors
///
/// Returns [`Error::Encode`] when the body does not serialize or is not an object.
fn body_fields<T: Serialize + ?Sized>(body: &T) -> Result<Vec<BodyField>, Error> {
    let serde_json::Value::Object(properties) = serde_json::to_value(body).map_err(Error::Encode)?
    else {
        let message = "a form or multipart body must be an object";
        return Err(Error::Encode(serde::ser::Error::custom(message)));
    };
    let mut fields = Vec::new();
    for (name, value) in properties {
        let items = match value {
            serde_json::Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let json = matches!(item, serde_json::Value::Object(_) | serde_json::Value::Array(_));
            if item.is_null() {
                continue;
            }
            fields.push(BodyField {
                name: name.clone(),
                value: scalar_string(&item),
                json,
            });
        }
    }
    Ok(fields)
}

/// Returns a multipart boundary that occurs in no value: the first of `sdk-boundary-0`,
/// `sdk-boundary-1`, ... that is free.
fn multipart_boundary(fields: &[BodyField]) -> String {
    let mut number = 0_u64;
    loop {
        let boundary = format!("sdk-boundary-{number}");
        let used = fields
            .iter()
            .any(|field| field.value.contains(&boundary) || field.name.contains(&boundary));
        if !used {
            return boundary;
        }
        number += 1;
    }
}

/// Reads a field that may be absent, `null` or a value; serde calls it only when the key is
/// present, so `null` becomes `Some(None)` and a missing key keeps the field's default, `None`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}
