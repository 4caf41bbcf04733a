//! Request building and response reading shared by every operation.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::HashSet;
use std::future::Future;

use bytes::Bytes;
use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, COOKIE,
};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::{DeserializeOwned, Error as _};
use serde::Serialize;
use tracing::Instrument as _;

use crate::credentials::{ClientCredentials, Credential};
use crate::error::{Error, ResponseContent};
use crate::file::FilePart;
use crate::finite::check_finite;
use crate::options::{CallOptions, ClientOptions};
use crate::query::{append_query_pair, cookie_pairs, query_pairs, QueryStyle, COOKIE_VALUE};
use crate::redirect::none_declared;
use crate::security::{Credentials, SchemeId};
use crate::send::{Attempts, OperationInfo, Prepared};
use crate::servers::ServerUrl;

/// The place of a security scheme's credential in a request.
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
    /// `Authorization: Basic {base64 of user:password}`.
    Basic,
}

/// A scheme of a security requirement and the OAuth 2.0 scopes it lists.
pub(crate) type Requirement<'a> = &'a [(SchemeId, &'a [&'a str])];

/// The parts of a client that a call borrows.
#[derive(Clone, Copy)]
pub(crate) struct ClientParts<'a> {
    pub(crate) http: &'a reqwest::Client,
    /// The client's server URL. A relative token URL resolves against it, whichever server the
    /// call goes to.
    pub(crate) server: &'a ServerUrl,
    /// The client's retries, timeout and hooks, which the call's override.
    pub(crate) options: &'a ClientOptions,
    /// The client's credentials, which the call's override.
    pub(crate) security: &'a dyn Credentials,
}

/// A request being built for one operation.
pub(crate) struct Call<'a> {
    client: ClientParts<'a>,
    /// The server URL, parsed once for the client, so that a call does not parse its scheme
    /// and host again.
    server: Cow<'a, ServerUrl>,
    method: Method,
    /// The request's path: the server URL's path, then the operation's.
    path: String,
    /// Offset of the operation's path in `path`, after the server URL's.
    path_start: usize,
    /// The query string: percent-encoded `name=value` pairs joined by `&`, in the order they
    /// are sent.
    query: String,
    headers: HeaderMap,
    cookies: Vec<(Cow<'static, str>, String)>,
    body: Option<Vec<u8>>,
    /// Whether the request carries a credential, from a scheme or a header parameter.
    authorized: bool,
    /// Client credentials whose cached access token the request carries, with the cache key.
    fetched_tokens: Vec<(ClientCredentials, String)>,
    /// The operation's path template, as the spec writes it.
    template: &'static str,
    /// The operation, for logs.
    operation: OperationInfo,
    /// Retries, timeout and hooks of this call.
    options: ClientOptions,
    /// Tells whether the operation declares a 3xx status, which is returned and not followed.
    declared_redirect: fn(u16) -> bool,
    /// OAuth 2.0 client credentials whose access token `send_then` fetches and sends, with the
    /// scheme and the scopes that the chosen requirement lists.
    pending_tokens: Vec<(SchemeId, &'a [&'a str], ClientCredentials)>,
    /// Length of the prefix of `query` that contains the credential pairs. A parameter of the
    /// same name replaces a credential pair.
    credential_query_end: usize,
    /// The first error met while the request was built, returned by `send_then`.
    error: Option<Error>,
}

impl<'a> Call<'a> {
    /// Starts a request of `client` to `path` under `server`, the client's or the operation's.
    /// The `{name}` placeholders of the path template are filled in by [`Call::path_segment`].
    pub(crate) fn new(
        client: ClientParts<'a>,
        server: Cow<'a, ServerUrl>,
        method: Method,
        path: &'static str,
    ) -> Call<'a> {
        let full_path = join_path(server.parsed.path(), path);
        Call {
            client,
            path_start: full_path.len() - path.len(),
            server,
            method,
            path: full_path,
            query: String::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            authorized: false,
            fetched_tokens: Vec::new(),
            declared_redirect: none_declared,
            template: path,
            operation: OperationInfo::default(),
            options: ClientOptions::default(),
            pending_tokens: Vec::new(),
            credential_query_end: 0,
            error: None,
        }
    }

    /// Keeps the first error met while the request is built, for `send_then` to return.
    ///
    /// The builders record errors in place of returning them, so that an operation's method
    /// builds its request without an early return and hands it to [`Call::send_then`].
    pub(crate) fn record(&mut self, result: Result<(), Error>) {
        if let Err(error) = result {
            self.error.get_or_insert(error);
        }
    }

    /// Puts an encoded parameter value in place of `placeholder`, such as `{id}`, everywhere
    /// in the path, or records the error of encoding it.
    ///
    /// Records [`Error::InvalidPathParameter`] when the value leaves a whole path segment
    /// empty, `.` or `..`, because an empty segment drops out of the path and URL parsers
    /// resolve the others, so the request would go to another path. Only whole segments count, so
    /// `..` in `/{id}:action` and an empty `name` in `/{name}.{ext}` are sent. A segment that
    /// still has a placeholder is checked when its last placeholder is filled.
    pub(crate) fn path_segment(&mut self, placeholder: &str, value: Result<String, Error>) {
        let value = match value {
            Ok(value) => value,
            Err(error) => return self.record(Err(error)),
        };
        // NOTE: encoded values never hold `{`, `}`, `/` or `\`, so a value cannot fill in a
        // placeholder of another parameter or end a segment.
        let template = &self.path[self.path_start..];
        let mut filled = String::with_capacity(template.len() + value.len());
        let mut rest = 0;
        let mut leaves_dot_segment = false;
        for (start, _) in template.match_indices(placeholder) {
            filled.push_str(&template[rest..start]);
            rest = start + placeholder.len();
            // The text of the segment on each side of the value.
            let before = filled.rsplit(SEGMENT_SEPARATORS).next().unwrap_or_default();
            let after = template[rest..]
                .split(SEGMENT_SEPARATORS)
                .next()
                .unwrap_or_default();
            leaves_dot_segment |= is_empty_or_dot_segment(before, &value, after);
            filled.push_str(&value);
        }
        filled.push_str(&template[rest..]);
        self.path.truncate(self.path_start);
        self.path.push_str(&filled);

        if leaves_dot_segment {
            let name = placeholder.trim_start_matches('{').trim_end_matches('}');
            self.record(Err(Error::InvalidPathParameter {
                name: name.to_owned(),
            }));
        }
    }

    /// Names the operation, by its `operationId` and path template, in the request's logs, and
    /// sets the retries, timeout and hooks: the client's, overridden by the call's `options`.
    pub(crate) fn operation(&mut self, id: &'static str, options: &CallOptions) {
        self.operation = OperationInfo {
            id,
            path: self.template,
        };
        self.options = self.client.options.for_call(options);
    }

    /// Sets the test of the 3xx statuses that the operation declares, which come back as its
    /// response; the SDK follows the other redirects.
    pub(crate) fn keep_redirects(&mut self, declared: fn(u16) -> bool) {
        self.declared_redirect = declared;
    }

    /// Sets the `Accept` header to `media_types`, the response media types that the operation
    /// reads. A header parameter of the same name set later takes its place.
    pub(crate) fn accept(&mut self, media_types: &str) {
        let result = self.set_header(ACCEPT.as_str(), media_types, false);
        self.record(result);
    }

    /// Adds a query parameter.
    pub(crate) fn query<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.record(check_finite(|| format!("query parameter {name:?}"), value));
        self.query_text(name, &param_string(value));
    }

    /// Adds a query parameter whose value is text, sent as it is. Operations call it for
    /// string parameters, which need no serializing.
    pub(crate) fn query_text(&mut self, name: &'static str, value: &str) {
        let start = self.query.len();
        append_query_pair(&mut self.query, name, value);
        self.drop_shadowed_credentials(start);
    }

    /// Adds a query parameter serialized as its `style` and `explode` require; see
    /// [`query_pairs`].
    pub(crate) fn query_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: QueryStyle,
        explode: bool,
    ) {
        self.record(check_finite(|| format!("query parameter {name:?}"), value));
        let start = self.query.len();
        for pair in query_pairs(name, value, style, explode) {
            if !self.query.is_empty() {
                self.query.push('&');
            }
            self.query.push_str(&pair);
        }
        self.drop_shadowed_credentials(start);
    }

    /// Removes each credential pair whose name matches a parameter pair added at or after
    /// offset `start`, because a parameter replaces a credential of the same name.
    fn drop_shadowed_credentials(&mut self, start: usize) {
        if self.credential_query_end == 0 {
            return;
        }
        let (credentials, parameters) = self.query.split_at(start);
        let credentials = &credentials[..self.credential_query_end];
        let shadowed = |pair: &str| {
            parameters
                .split('&')
                .any(|parameter| !parameter.is_empty() && pair_name(parameter) == pair_name(pair))
        };
        if !credentials.split('&').any(shadowed) {
            return;
        }
        let kept: Vec<&str> = credentials
            .split('&')
            .filter(|pair| !shadowed(pair))
            .collect();
        let kept = kept.join("&");
        let rest = self.query[self.credential_query_end..].trim_start_matches('&');
        let query = match (kept.is_empty(), rest.is_empty()) {
            (true, _) => rest.to_owned(),
            (false, true) => kept.clone(),
            (false, false) => format!("{kept}&{rest}"),
        };
        self.credential_query_end = kept.len();
        self.query = query;
    }

    /// Sets a header, replacing any value set before for the same name.
    pub(crate) fn header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.record(check_finite(|| format!("header {name:?}"), value));
        self.header_text(name, &param_string(value));
    }

    /// Sets a header whose value is text, sent as it is.
    pub(crate) fn header_text(&mut self, name: &'static str, value: &str) {
        let result = self.set_header(name, value, false);
        self.record(result);
    }

    /// Sets a header that carries a credential, marked sensitive so that `Debug` output of the
    /// request hides it.
    pub(crate) fn secret_header<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.record(check_finite(|| format!("header {name:?}"), value));
        self.secret_header_text(name, &param_string(value));
    }

    /// Sets a header that carries a credential whose value is text, sent as it is.
    pub(crate) fn secret_header_text(&mut self, name: &'static str, value: &str) {
        self.authorized = true;
        let result = self.set_header(name, value, true);
        self.record(result);
    }

    /// Adds a cookie with a scalar value. All cookies travel in one `Cookie` header.
    ///
    /// The value is percent-encoded where RFC 6265 forbids a byte in a cookie value, so that
    /// a `;` in it cannot start another cookie.
    pub(crate) fn cookie<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        use percent_encoding::utf8_percent_encode;

        self.record(check_finite(|| format!("cookie {name:?}"), value));
        let encoded = utf8_percent_encode(&param_string(value), COOKIE_VALUE).to_string();
        self.push_cookie(Cow::Borrowed(name), encoded);
    }

    /// Adds the cookies of an array or object parameter in the `form` style, as
    /// [`cookie_pairs`] writes them.
    pub(crate) fn cookie_styled<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        self.record(check_finite(|| format!("cookie {name:?}"), value));
        for (cookie, encoded) in cookie_pairs(name, value, explode) {
            self.push_cookie(Cow::Owned(cookie), encoded);
        }
    }

    /// Adds an encoded cookie, replacing any cookie of the same name.
    fn push_cookie(&mut self, name: Cow<'static, str>, encoded: String) {
        self.cookies.retain(|(existing, _)| *existing != name);
        self.cookies.push((name, encoded));
    }

    /// Sets the body to `body` encoded as JSON, sent with `content_type`, the JSON media type
    /// that the spec declares for it, such as `application/merge-patch+json`.
    pub(crate) fn json_body<T: Serialize + ?Sized>(&mut self, body: &T, content_type: &str) {
        let result = self.set_json_body(body, content_type);
        self.record(result);
    }

    fn set_json_body<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        content_type: &str,
    ) -> Result<(), Error> {
        check_finite(|| "the request body".to_owned(), body)?;
        self.body = Some(serde_json::to_vec(body).map_err(Error::Encode)?);
        self.set_header("content-type", content_type, false)
    }

    /// Sets the body to `body` encoded as `application/x-www-form-urlencoded`; see
    /// [`body_fields`] for how properties become pairs.
    pub(crate) fn form_body<T: Serialize + ?Sized>(&mut self, body: &T) {
        let result = self.set_form_body(body);
        self.record(result);
    }

    fn set_form_body<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for field in body_fields(body)? {
            form.append_pair(&field.name, &field.value);
        }
        self.body = Some(form.finish().into_bytes());
        self.set_header("content-type", "application/x-www-form-urlencoded", false)
    }

    /// Sets the body to `body` encoded as `multipart/form-data`, a part per pair of
    /// [`body_fields`] and then a file part per file of `files`.
    ///
    /// A part has the media type that `part_types` gives for its property. Failing that,
    /// objects go as `application/json` parts, files as `application/octet-stream` unless the
    /// [`FilePart`] sets its own, and everything else as text.
    pub(crate) fn multipart_body<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[FileField<'_>],
        part_types: &[(&str, &str)],
    ) {
        let result = self.set_multipart_body(body, files, part_types);
        self.record(result);
    }

    fn set_multipart_body<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        files: &[FileField<'_>],
        part_types: &[(&str, &str)],
    ) -> Result<(), Error> {
        let own_parts: Vec<&FilePart> = files
            .iter()
            .flat_map(|(_, files)| files.iter().copied())
            .collect();
        let mut fields = crate::file::with_own_parts(&own_parts, || body_fields(body))?;
        fields.retain(|field| !files.iter().any(|(name, _)| *name == field.name));
        let declared = |name: &str| {
            part_types
                .iter()
                .find(|(property, _)| *property == name)
                .map(|(_, content_type)| *content_type)
        };
        let boundary = multipart_boundary(&fields, files);
        let mut bytes = Vec::new();
        for field in &fields {
            let json = field.json.then_some("application/json");
            let content_type = declared(&field.name).or(json);
            let head = part_head(&boundary, &field.name, None, content_type);
            bytes.extend_from_slice(head.as_bytes());
            bytes.extend_from_slice(field.value.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        for (name, file) in files
            .iter()
            .flat_map(|(name, files)| files.iter().map(move |file| (*name, file)))
        {
            let content_type = file
                .content_type
                .as_deref()
                .or_else(|| declared(name))
                .unwrap_or("application/octet-stream");
            let head = part_head(
                &boundary,
                name,
                Some(file.file_name.as_deref().unwrap_or(name)),
                Some(content_type),
            );
            bytes.extend_from_slice(head.as_bytes());
            bytes.extend_from_slice(&file.bytes);
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        self.body = Some(bytes);
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.set_header("content-type", &content_type, false)
    }

    /// Sets the body to `body` unchanged, with the media type the spec declares for it.
    pub(crate) fn raw_body<T: AsRef<[u8]> + ?Sized>(&mut self, body: &T, content_type: &str) {
        self.body = Some(body.as_ref().to_vec());
        let result = self.set_header("content-type", content_type, false);
        self.record(result);
    }

    /// Sets the body to the bytes of `file`, with the file's media type, else `default_type`.
    /// The spec declares such a body under a media range, such as `*/*`, which the caller
    /// narrows.
    pub(crate) fn file_body(&mut self, file: &crate::FilePart, default_type: &str) {
        self.body = Some(file.bytes.to_vec());
        let content_type = file.content_type.as_deref().unwrap_or(default_type);
        let result = self.set_header("content-type", content_type, false);
        self.record(result);
    }

    /// Sends the credentials of one of the operation's security requirements.
    ///
    /// `requirements` are the alternatives in spec order. The first one that is met and uses
    /// at least one credential from `operation`, the caller's per-call security, wins. Failing
    /// that, the first one met by `operation` and the client's credentials together wins. Each
    /// scheme's credential comes from `operation` when it has one, else from the client. An empty
    /// requirement (optional authentication) sends nothing and is used only when no other
    /// alternative is met. When none is met, nothing is sent and the server decides. Client
    /// credentials count as met before their token is fetched, so a failed token request
    /// fails the call.
    ///
    /// API keys, tokens and basic credentials go into the request at once, and OAuth 2.0
    /// client credentials are kept for `send_then` to fetch a token. Call this before the
    /// parameters are set: a header, query parameter or cookie that a parameter sets takes the
    /// place of a credential of the same name. Credential query parameters and cookies go
    /// before the parameters' own. A credential that cannot be sent as its scheme requires is
    /// recorded as the call's error: [`Error::InvalidCredential`] or
    /// [`Error::InvalidHeaderValue`].
    #[inline]
    pub(crate) fn authorize<C: Credentials>(
        &mut self,
        requirements: &'a [Requirement<'a>],
        operation: &Option<C>,
    ) {
        let operation = operation
            .as_ref()
            .map(|credentials| credentials as &dyn Credentials);
        self.authorize_with(requirements, operation);
    }

    /// Sends the client's credentials for one of `requirements`, as [`Call::authorize`] does,
    /// for an operation that takes no credentials of its own.
    pub(crate) fn authorize_from_client(&mut self, requirements: &'a [Requirement<'a>]) {
        self.authorize_with(requirements, None);
    }

    fn authorize_with(
        &mut self,
        requirements: &'a [Requirement<'a>],
        operation: Option<&dyn Credentials>,
    ) {
        let client = self.client.security;
        let Some(requirement) = chosen_requirement(requirements, operation, client) else {
            return;
        };
        for (scheme, scopes) in requirement.iter() {
            let own = operation.and_then(|credentials| credentials.credential(*scheme));
            let Some(credential) = own.or_else(|| client.credential(*scheme)) else {
                continue;
            };
            self.authorized = true;
            let result = match credential {
                Credential::Secret(secret) => self.apply_secret(*scheme, secret.expose_secret()),
                Credential::Basic { username, password } => {
                    self.apply_basic(*scheme, username, password)
                }
                Credential::ClientCredentials(credentials) => {
                    self.pending_tokens
                        .push((*scheme, scopes, credentials.clone()));
                    Ok(())
                }
            };
            self.record(result);
        }
    }

    /// Fetches the access tokens of the client credentials that [`Call::authorize`] kept, and
    /// sends each one where no parameter of the same name is set.
    async fn send_tokens(&mut self, attempts: &mut Attempts) -> Result<(), Error> {
        for (scheme, scopes, credentials) in std::mem::take(&mut self.pending_tokens) {
            let (token, key) = credentials
                .access_token(
                    self.client.http,
                    &self.client.server.text,
                    scheme.token_url(),
                    scopes,
                    &self.options,
                    attempts,
                )
                .await?;
            self.fetched_tokens.push((credentials, key));
            self.apply_token(scheme, token.expose_secret())?;
        }
        Ok(())
    }

    /// Sends `secret` as `scheme` places it.
    fn apply_secret(&mut self, scheme: SchemeId, secret: &str) -> Result<(), Error> {
        match scheme.placement() {
            Placement::Header(name) => self.set_header(name, secret, true),
            Placement::Query(name) => {
                let mut pair = String::new();
                append_query_pair(&mut pair, name, secret);
                self.insert_credential_pair(&pair);
                Ok(())
            }
            Placement::Cookie(name) => {
                check_cookie_value(scheme, secret)?;
                self.cookie(name, secret);
                Ok(())
            }
            Placement::Authorization(word) => {
                self.set_header("authorization", &format!("{word} {secret}"), true)
            }
            Placement::Basic => Err(Error::InvalidCredential {
                scheme: scheme.name(),
                reason: "HTTP basic needs a user name and a password".to_owned(),
            }),
        }
    }

    /// Sends an access token fetched after the parameters were set, in the place that
    /// `scheme` gives it unless a parameter took that place.
    fn apply_token(&mut self, scheme: SchemeId, token: &str) -> Result<(), Error> {
        let taken = match scheme.placement() {
            Placement::Header(name) => self.headers.contains_key(name),
            Placement::Authorization(_) | Placement::Basic => {
                self.headers.contains_key(AUTHORIZATION)
            }
            Placement::Query(name) => {
                let mut pair = String::new();
                append_query_pair(&mut pair, name, "");
                self.query
                    .split('&')
                    .any(|existing| pair_name(existing) == pair_name(&pair))
            }
            Placement::Cookie(name) => self.cookies.iter().any(|(existing, _)| existing == name),
        };
        if taken {
            return Ok(());
        }
        let cookies = self.cookies.len();
        self.apply_secret(scheme, token)?;
        if self.cookies.len() > cookies {
            // Credential cookies go before the parameters' own.
            let cookie = self.cookies.remove(cookies);
            self.cookies.insert(0, cookie);
        }
        Ok(())
    }

    /// Puts an encoded credential pair after the other credential pairs and before the
    /// parameters' pairs.
    fn insert_credential_pair(&mut self, pair: &str) {
        let end = self.credential_query_end;
        if self.query.is_empty() {
            self.query.push_str(pair);
        } else if end == 0 {
            self.query.insert(0, '&');
            self.query.insert_str(0, pair);
        } else {
            self.query.insert_str(end, pair);
            self.query.insert(end, '&');
        }
        self.credential_query_end = end + pair.len() + usize::from(end > 0);
    }

    fn apply_basic(
        &mut self,
        scheme: SchemeId,
        username: &SecretString,
        password: &SecretString,
    ) -> Result<(), Error> {
        use base64::Engine as _;

        let username = username.expose_secret();
        // RFC 7617, section 2: the user name cannot contain a colon, and neither part may
        // contain control characters.
        if username.contains(':') {
            return Err(Error::InvalidCredential {
                scheme: scheme.name(),
                reason: "the user name contains a colon".to_owned(),
            });
        }
        let pair = format!("{username}:{}", password.expose_secret());
        if pair.chars().any(char::is_control) {
            return Err(Error::InvalidCredential {
                scheme: scheme.name(),
                reason: "the user name or password contains a control character".to_owned(),
            });
        }
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        self.set_header("authorization", &format!("Basic {encoded}"), true)
    }

    fn set_header(
        &mut self,
        name: &'static str,
        value: &str,
        sensitive: bool,
    ) -> Result<(), Error> {
        let invalid = || Error::InvalidHeaderValue {
            name: name.to_owned(),
        };
        let header_name = match static_header_name(name) {
            Some(header_name) => header_name,
            None => HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?,
        };
        let mut header_value = HeaderValue::from_str(value).map_err(|_| invalid())?;
        header_value.set_sensitive(sensitive);
        self.headers.insert(header_name, header_value);
        Ok(())
    }

    /// Sends the request, retrying as the options set and following the redirects that the
    /// operation does not declare, reads the whole response and returns `decode` of it.
    ///
    /// An operation's method is a plain function that builds the call and returns this future,
    /// with a plain function as `decode`. The compiler then builds one generic future per
    /// response type in the crate that awaits it, and no state machine per operation in the SDK.
    /// The call runs in a `request` span; see [`crate::send::request_span`].
    ///
    /// # Errors
    ///
    /// Returns the first error met while the request was built. It does so before it fetches
    /// or sends anything, token requests included.
    pub(crate) fn send_then<T: 'a>(
        self,
        decode: fn(Received) -> Result<T, Error>,
    ) -> impl Future<Output = Result<T, Error>> + Send + 'a {
        let mut call = self;
        async move {
            let span = crate::send::request_span(&call.method, call.operation);
            let mut attempts = Attempts::start();
            let result = call
                .send_attempts(&mut attempts)
                .instrument(span.clone())
                .await;
            attempts.finish(&span, &result);
            decode(result?)
        }
    }

    /// Sends the request that `self` built. It takes `&mut self` and moves the parts out, so
    /// that the state of the call lives once, in the future of [`Call::send_then`].
    async fn send_attempts(&mut self, attempts: &mut Attempts) -> Result<Received, Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        if !self.pending_tokens.is_empty() {
            // Boxed, because a token request's future is several times the size of the rest
            // of a call's, which would otherwise carry it on every call.
            Box::pin(self.send_tokens(attempts)).await?;
        }
        if !self.cookies.is_empty() {
            let pairs: Vec<String> = self
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            self.set_header(COOKIE.as_str(), &pairs.join("; "), true)?;
        }
        // RFC 9110, section 8.6: a request of a method that defines a meaning for content
        // should carry `Content-Length` when it has no `Transfer-Encoding`. hyper adds none
        // without a body, and some servers and proxies respond with 411 Length Required then.
        if self.body.is_none() && [Method::POST, Method::PUT, Method::PATCH].contains(&self.method)
        {
            self.headers
                .insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
        }

        let prepared = Prepared {
            http: self.client.http,
            method: self.method.clone(),
            server: &self.server.parsed,
            path: &self.path,
            query: &self.query,
            headers: std::mem::take(&mut self.headers),
            body: self.body.take().map(Bytes::from),
            authorized: self.authorized,
            declared_redirect: self.declared_redirect,
        };
        let received = crate::send::send(&prepared, &self.options, attempts).await?;
        if received.status == StatusCode::UNAUTHORIZED {
            for (credentials, key) in &self.fetched_tokens {
                credentials.forget(key);
            }
        }
        Ok(received)
    }
}

/// Returns `name` as a header name that refers to the text in place, when `name` is a
/// lowercase token; `None` for any other name.
///
/// The generator writes header names in lowercase, so that a request's headers, and their
/// copies for retries and redirects, share the name instead of each allocating it.
fn static_header_name(name: &'static str) -> Option<HeaderName> {
    let lowercase_token =
        |byte: u8| matches!(byte, b'a'..=b'z' | b'0'..=b'9') || b"!#$%&'*+-.^_`|~".contains(&byte);
    // NOTE: `HeaderName::from_static` panics on a name it rejects. It accepts every non-empty
    // name of lowercase token bytes up to 65,535 bytes long, and this check admits no other.
    let valid = !name.is_empty() && name.len() < 1 << 16 && name.bytes().all(lowercase_token);
    valid.then(|| HeaderName::from_static(name))
}

/// Returns the encoded name of an encoded `name=value` query pair.
fn pair_name(pair: &str) -> &str {
    pair.split_once('=').map_or(pair, |(name, _)| name)
}

/// Returns `base_path`, the path of a server URL, without its trailing slashes, followed by
/// `path`.
fn join_path(base_path: &str, path: &str) -> String {
    let base = base_path.trim_end_matches('/');
    let mut joined = String::with_capacity(base.len() + path.len());
    joined.push_str(base);
    joined.push_str(path);
    joined
}

/// Returns `error`, from decoding `body` as `T`, with the path of the value that failed in
/// front of its message, when it is a data error below the top of the document.
///
/// Only a failed decode runs the second decode with `serde_path_to_error` that finds the path,
/// so a body that decodes costs nothing more. The error stays a data error, and
/// its message keeps the line and column.
fn with_path<T: DeserializeOwned>(body: &[u8], error: serde_json::Error) -> serde_json::Error {
    if !error.is_data() {
        return error;
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => return error,
        Err(tracked) => tracked.path().to_string(),
    };
    if path.is_empty() || path == "." {
        return error;
    }
    serde_json::Error::custom(format!("at `{path}`: {error}"))
}

/// Returns the JSON text of a body without the UTF-8 byte order mark that some servers put in
/// front, which RFC 8259, section 8.1, lets a parser ignore and `serde_json` rejects.
pub(crate) fn json_text(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xef\xbb\xbf").unwrap_or(body)
}

/// A response read in full, before it is decoded.
pub(crate) struct Received {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Received {
    /// Decodes the body as JSON.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Decode`]. A value of the wrong type or a missing field inside the
    /// document is named by its path in the message, such as
    /// ``at `items[2].created_at`: invalid type: …``. An empty body is no JSON value, so it
    /// fails too, with a message that names the empty body. When the response's `body` is an
    /// `Option`, the generated code reads an empty body as `None` before calling this.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        if self.body.is_empty() {
            return Err(Error::Decode {
                response: Box::new(self.content()),
                source: serde_json::Error::custom(
                    "the body is empty, but the spec declares a JSON body for this status",
                ),
            });
        }
        let text = json_text(&self.body);
        serde_json::from_slice(text).map_err(|source| Error::Decode {
            response: Box::new(self.content()),
            source: with_path::<T>(text, source),
        })
    }

    /// Decodes the body as text in the charset that the `charset` parameter of its
    /// `Content-Type` names, or as UTF-8 without one.
    ///
    /// The body was already read in full within the size limit, so the charset is applied here
    /// with `encoding_rs`, the decoder behind reqwest's `Response::text_with_charset`. Labels
    /// map to encodings as in the WHATWG Encoding Standard, as browsers read them, so
    /// `iso-8859-1` and `us-ascii` decode as windows-1252. A byte order mark stays in the text.
    ///
    /// # Errors
    ///
    /// Returns [`Error::Decode`], whose response keeps the bytes, for a charset that
    /// `encoding_rs` does not know, and for a body that is not valid in its charset. For UTF-8
    /// the source names the first invalid byte.
    pub(crate) fn text(&self) -> Result<String, Error> {
        let label = self.charset();
        let encoding = match label {
            None => encoding_rs::UTF_8,
            Some(label) => {
                match encoding_rs::Encoding::for_label_no_replacement(label.as_bytes()) {
                    Some(encoding) => encoding,
                    None => {
                        return Err(self.text_error(format!(
                            "the text body's Content-Type names charset {label:?}, which the SDK \
                         cannot decode"
                        )))
                    }
                }
            }
        };
        if encoding == encoding_rs::UTF_8 {
            return match std::str::from_utf8(&self.body) {
                Ok(text) => Ok(text.to_owned()),
                Err(invalid) => {
                    Err(self.text_error(format!("the text body is not valid UTF-8: {invalid}")))
                }
            };
        }
        match encoding.decode_without_bom_handling_and_without_replacement(&self.body) {
            Some(text) => Ok(text.into_owned()),
            None => Err(self.text_error(format!(
                "the text body is not valid {}, the charset its Content-Type names",
                encoding.name()
            ))),
        }
    }

    /// Returns the value of the `charset` parameter of the response's `Content-Type`, without
    /// quotes, or `None` when it has none or the header is not visible ASCII.
    fn charset(&self) -> Option<&str> {
        let content_type = self.headers.get(CONTENT_TYPE)?.to_str().ok()?;
        content_type.split(';').skip(1).find_map(|parameter| {
            let (name, value) = parameter.split_once('=')?;
            let value = value.trim();
            let unquoted = value
                .strip_prefix('"')
                .and_then(|value| value.strip_suffix('"'))
                .unwrap_or(value);
            name.trim()
                .eq_ignore_ascii_case("charset")
                .then_some(unquoted)
        })
    }

    /// Returns the [`Error::Decode`] of a text body that does not decode, for `reason`.
    fn text_error(&self, reason: String) -> Error {
        Error::Decode {
            response: Box::new(self.content()),
            source: serde_json::Error::custom(format!(
                "{reason}; read its bytes from the error's `response().body`"
            )),
        }
    }

    /// Turns the response into the error for a status the spec declares as an error.
    pub(crate) fn into_api_error(self) -> Error {
        Error::Api(Box::new(self.into_content()))
    }

    /// Turns the response into the error for a status the spec does not declare.
    pub(crate) fn into_unexpected(self) -> Error {
        Error::UnexpectedStatus(Box::new(self.into_content()))
    }

    pub(crate) fn content(&self) -> ResponseContent {
        ResponseContent {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            error_body: None,
        }
    }

    fn into_content(self) -> ResponseContent {
        ResponseContent {
            status: self.status,
            headers: self.headers,
            body: self.body,
            error_body: None,
        }
    }
}

/// Returns the requirement that [`Call::authorize`] sends, chosen by the rules its docs give.
fn chosen_requirement<'r>(
    requirements: &'r [Requirement<'r>],
    operation: Option<&dyn Credentials>,
    client: &dyn Credentials,
) -> Option<Requirement<'r>> {
    let mut first_met = None;
    for requirement in requirements
        .iter()
        .filter(|requirement| !requirement.is_empty())
    {
        match uses_operation_credentials(requirement, operation, client) {
            Some(true) => return Some(requirement),
            Some(false) => {
                first_met.get_or_insert(*requirement);
            }
            None => {}
        }
    }
    first_met
}

/// Tells whether `operation` gives at least one credential of `requirement`. Returns `None`
/// when a scheme of it has a credential in neither `operation` nor `client`.
fn uses_operation_credentials(
    requirement: Requirement<'_>,
    operation: Option<&dyn Credentials>,
    client: &dyn Credentials,
) -> Option<bool> {
    let mut from_operation = false;
    for (scheme, _) in requirement {
        let own = operation.and_then(|credentials| credentials.credential(*scheme));
        from_operation |= own.is_some();
        own.or_else(|| client.credential(*scheme))?;
    }
    Some(from_operation)
}

/// Rejects a cookie credential that would not stay one cookie: RFC 6265, section 4.1.1 allows
/// printable ASCII except space, `"`, `,`, `;` and `\`.
fn check_cookie_value(scheme: SchemeId, value: &str) -> Result<(), Error> {
    let allowed = |byte: u8| byte.is_ascii_graphic() && !matches!(byte, b'"' | b',' | b';' | b'\\');
    if value.bytes().all(allowed) {
        return Ok(());
    }
    Err(Error::InvalidCredential {
        scheme: scheme.name(),
        reason: "the cookie value contains a space, control character, non-ASCII byte, or one \
                 of `\"`, `,`, `;` and `\\`"
            .to_owned(),
    })
}

/// Writes a parameter value as text: strings as they are, numbers and booleans in JSON
/// notation, arrays as comma-separated items, and anything else as JSON.
pub(crate) fn param_string<T: Serialize + ?Sized>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => text,
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

/// Splits a body into pairs, a pair per property, in the order of `serde_json` maps: by name,
/// or as declared when `serde_json`'s `preserve_order` feature is on. Strings stay as they are,
/// numbers and booleans are in JSON notation, arrays give a pair per item, objects become JSON
/// text, and null gives no pair.
///
/// # Errors
///
/// Returns [`Error::Encode`] when the body does not serialize, is not an object or contains a
/// number that is NaN or infinite.
fn body_fields<T: Serialize + ?Sized>(body: &T) -> Result<Vec<BodyField>, Error> {
    check_finite(|| "the request body".to_owned(), body)?;
    let serde_json::Value::Object(properties) =
        serde_json::to_value(body).map_err(Error::Encode)?
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
            let json = matches!(
                item,
                serde_json::Value::Object(_) | serde_json::Value::Array(_)
            );
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

/// A file property of a multipart body: its wire name and its files, a part each. A file
/// property gives at most one, and an array of files gives each item that is not `None`.
pub(crate) type FileField<'a> = (&'static str, Vec<&'a FilePart>);

/// Returns the boundary line and headers that open a multipart part.
///
/// Quotes and line breaks in the name and file name are percent-encoded, as the WHATWG HTML
/// Standard encodes form data, so that they cannot end the quoted string or the header. In the
/// content type, where quotes delimit parameter values such as `charset="utf-8"`, only line
/// breaks are replaced.
fn part_head(
    boundary: &str,
    name: &str,
    file_name: Option<&str>,
    content_type: Option<&str>,
) -> String {
    let quoted = |text: &str| {
        text.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let one_line = |text: &str| text.replace(['\r', '\n'], " ");
    let mut head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
        quoted(name)
    );
    if let Some(file_name) = file_name {
        head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
    }
    head.push_str("\r\n");
    if let Some(content_type) = content_type {
        head.push_str(&format!("Content-Type: {}\r\n", one_line(content_type)));
    }
    head.push_str("\r\n");
    head
}

/// The start of every multipart boundary that the SDK writes, followed by a number.
const BOUNDARY_PREFIX: &str = "sdk-boundary-";

/// Returns a multipart boundary that occurs in no value or file: the first of
/// `sdk-boundary-0`, `sdk-boundary-1`, ... that is free.
///
/// Every name, value and file is read once, so the time grows with the size of the body and not
/// with the number of boundaries that a file already holds.
fn multipart_boundary(fields: &[BodyField], files: &[FileField<'_>]) -> String {
    let mut used = HashSet::new();
    for field in fields {
        mark_boundaries(field.name.as_bytes(), &mut used);
        mark_boundaries(field.value.as_bytes(), &mut used);
    }
    for file in files.iter().flat_map(|(_, files)| files) {
        mark_boundaries(&file.bytes, &mut used);
    }

    // `used` is finite, so a free number comes within `used.len() + 1` steps.
    let number = (0_u64..)
        .find(|number| !used.contains(number))
        .unwrap_or_default();
    format!("{BOUNDARY_PREFIX}{number}")
}

/// Adds to `used` the number of every boundary that occurs in `bytes`. Text such as
/// `sdk-boundary-12` contains both `sdk-boundary-1` and `sdk-boundary-12`, and
/// `sdk-boundary-05` contains only `sdk-boundary-0`, since numbers have no leading zero.
fn mark_boundaries(bytes: &[u8], used: &mut HashSet<u64>) {
    let prefix = BOUNDARY_PREFIX.as_bytes();
    let mut rest = bytes;
    while let Some(start) = rest
        .windows(prefix.len())
        .position(|window| window == prefix)
    {
        let digits = &rest[start + prefix.len()..];
        let mut number = 0_u64;
        for digit in digits.iter().take_while(|byte| byte.is_ascii_digit()) {
            let Some(next) = number
                .checked_mul(10)
                .and_then(|number| number.checked_add(u64::from(digit - b'0')))
            else {
                break;
            };
            number = next;
            used.insert(number);
            if number == 0 {
                break;
            }
        }
        rest = &rest[start + prefix.len()..];
    }
}

/// Reads a field that may be absent, `null` or a value. Serde calls it only when the key is
/// present, so `null` becomes `Some(None)` and a missing key keeps the field's default, `None`.
pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// Characters that end a path segment: `/`, and `\`, which URL parsers read as `/` in
/// `http` and `https` URLs.
const SEGMENT_SEPARATORS: [char; 2] = ['/', '\\'];

/// Tells whether the path segment made of `before`, `value` and `after` is empty or one that
/// URL parsers read as `.` or `..`, which they also accept spelled with `%2e`.
fn is_empty_or_dot_segment(before: &str, value: &str, after: &str) -> bool {
    // The longest such segment is `%2e%2e`.
    if before.len() + value.len() + after.len() > 6 {
        return false;
    }
    let segment = [before, value, after].concat().to_ascii_lowercase();
    matches!(segment.replace("%2e", ".").as_str(), "" | "." | "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the checked server URL `text`, as a client keeps it.
    fn server(text: &str) -> Cow<'static, ServerUrl> {
        Cow::Owned(crate::servers::check_server_url(text.to_owned()).expect("a valid server URL"))
    }

    /// A client's parts that a call borrows, owned by a test.
    struct TestClient {
        http: reqwest::Client,
        server: ServerUrl,
        options: ClientOptions,
        security: crate::security::Security,
    }

    impl TestClient {
        fn new() -> TestClient {
            TestClient {
                http: reqwest::Client::new(),
                server: server("http://127.0.0.1").into_owned(),
                options: ClientOptions::default(),
                security: crate::security::Security::default(),
            }
        }

        /// Starts a GET call to `path` under `server_url`.
        fn call(&self, server_url: &str, path: &'static str) -> Call<'_> {
            let parts = ClientParts {
                http: &self.http,
                server: &self.server,
                options: &self.options,
                security: &self.security,
            };
            Call::new(parts, server(server_url), Method::GET, path)
        }
    }

    #[test]
    fn cookie_value_cannot_add_cookie() {
        let client = TestClient::new();
        let mut call = client.call("http://127.0.0.1", "/");
        call.cookie("session", "abc; admin=1");
        assert_eq!(
            call.cookies,
            vec![(Cow::Borrowed("session"), "abc%3B%20admin=1".to_owned())]
        );
    }

    fn received(body: &'static [u8]) -> Received {
        Received {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn json_after_byte_order_mark_decodes() {
        let value: serde_json::Value = received(b"\xef\xbb\xbf{\"a\":1}").json().expect("JSON");
        assert_eq!(value, serde_json::json!({"a": 1}));
    }

    #[test]
    fn byte_order_mark_alone_is_decode_error() {
        let error = received(b"\xef\xbb\xbf").json::<serde_json::Value>();
        assert!(matches!(error, Err(Error::Decode { .. })), "{error:?}");
    }

    #[test]
    fn boundary_skips_every_used_number() {
        let text: String = (0..2_000)
            .map(|number| format!("sdk-boundary-{number}\n"))
            .collect();
        let file = FilePart::new(text.into_bytes());
        let field = BodyField {
            name: "note".to_owned(),
            value: "sdk-boundary-2000".to_owned(),
            json: false,
        };

        let boundary = multipart_boundary(&[field], &[("file", vec![&file])]);

        assert_eq!(boundary, "sdk-boundary-2001");
    }

    #[test]
    fn boundary_numbers_include_prefixes() {
        let mut used = HashSet::new();

        mark_boundaries(
            b"a sdk-boundary-12 b sdk-boundary-05 sdk-boundary-x",
            &mut used,
        );

        let mut numbers: Vec<u64> = used.into_iter().collect();
        numbers.sort_unstable();
        assert_eq!(numbers, [0, 1, 12]);
    }

    #[test]
    fn boundary_digits_beyond_u64_stop() {
        let mut used = HashSet::new();

        mark_boundaries(b"sdk-boundary-99999999999999999999999", &mut used);

        assert!(used.contains(&9_999_999_999_999_999_999));
        assert_eq!(used.len(), 19);
    }

    #[test]
    fn credential_pairs_go_before_parameters() {
        let client = TestClient::new();
        let mut call = client.call("http://127.0.0.1", "/");
        call.query("page", &2);

        call.insert_credential_pair("key=a");
        call.insert_credential_pair("token=b");

        assert_eq!(call.query, "key=a&token=b&page=2");
        assert_eq!(&call.query[..call.credential_query_end], "key=a&token=b");
    }

    #[test]
    fn parameter_replaces_credential_pair() {
        let client = TestClient::new();
        let mut call = client.call("http://127.0.0.1", "/");
        call.insert_credential_pair("key=a");
        call.insert_credential_pair("token=b");

        call.query("token", "parameter");
        call.query("key", "other");

        assert_eq!(call.query, "token=parameter&key=other");
        assert_eq!(call.credential_query_end, 0);
    }

    #[test]
    fn path_segment_fills_path_only() {
        let client = TestClient::new();
        let mut call = client.call("http://127.0.0.1/{id}", "/a/{id}/b/{id}/{other}");

        call.path_segment("{id}", Ok("x%2Fy".to_owned()));

        assert_eq!(call.path, "/%7Bid%7D/a/x%2Fy/b/x%2Fy/{other}");
        assert!(call.error.is_none());
    }

    #[test]
    fn request_url_matches_parsing_the_whole_url() {
        let client = reqwest::Client::new();
        let servers = [
            "http://127.0.0.1",
            "http://127.0.0.1:8080/",
            "https://user:secret@api.example.com/v1//",
            "HTTP://API.Example.COM:80/a%20b/ü",
            "http://[::1]:9/base",
        ];
        let paths = [
            "/",
            "/rpc/auth.info",
            "/a b/ü/x%2Fy/{id}",
            "/a/%2e%2e/b/./c",
            "/a/;b=1,2/.x",
        ];
        let queries = ["", "a=1", "name=%20x%26&q=%C3%BC&e=", "a=b c|d"];
        for text in servers {
            let server = crate::servers::check_server_url(text.to_owned()).expect(text);
            for path in paths {
                let full_path = join_path(server.parsed.path(), path);
                for query in queries {
                    let prepared = Prepared {
                        http: &client,
                        method: Method::GET,
                        server: &server.parsed,
                        path: &full_path,
                        query,
                        headers: HeaderMap::new(),
                        body: None,
                        authorized: false,
                        declared_redirect: none_declared,
                    };
                    let built = prepared.url();
                    let mut whole = format!("{}{path}", text.trim_end_matches('/'));
                    if !query.is_empty() {
                        whole.push('?');
                        whole.push_str(query);
                    }
                    let parsed = url::Url::parse(&whole).expect("a valid URL");
                    assert_eq!(built.as_str(), parsed.as_str(), "{text} {path} {query}");
                }
            }
        }
    }

    #[test]
    fn static_header_name_takes_only_lowercase_tokens() {
        for byte in 0..=u8::MAX {
            let text: &'static str = String::leak(format!("x-{}", char::from(byte)));
            if let Some(name) = static_header_name(text) {
                let parsed = HeaderName::from_bytes(text.as_bytes()).expect(text);
                assert_eq!(name, parsed, "{text:?}");
                assert_eq!(name.as_str(), text);
            }
            let lowercase_token = byte.is_ascii_lowercase()
                || byte.is_ascii_digit()
                || b"!#$%&'*+-.^_`|~".contains(&byte);
            assert_eq!(
                static_header_name(text).is_some(),
                lowercase_token,
                "{byte}"
            );
        }
        assert!(static_header_name("X-Trace").is_none());
        assert!(static_header_name("").is_none());
    }

    #[test]
    fn part_head_keeps_content_type_quotes() {
        let head = part_head(
            "b",
            "note\"x",
            Some("a\"b\r\nc.txt"),
            Some("text/plain; charset=\"utf-8\"\r\nX: 1"),
        );
        assert_eq!(
            head,
            "--b\r\nContent-Disposition: form-data; name=\"note%22x\"; \
             filename=\"a%22b%0D%0Ac.txt\"\r\n\
             Content-Type: text/plain; charset=\"utf-8\"  X: 1\r\n\r\n"
        );
    }

    /// Placeholders and their values, filled in this order.
    type Fills = &'static [(&'static str, &'static str)];

    /// Fills `values` into the path template `path`, one placeholder after another, and returns
    /// the path and the name of the parameter rejected, if any.
    fn fill_path(path: &'static str, values: Fills) -> (String, Option<String>) {
        let client = TestClient::new();
        let mut call = client.call("http://127.0.0.1", path);
        for (placeholder, value) in values {
            call.path_segment(placeholder, Ok((*value).to_owned()));
        }
        let rejected = match call.error {
            Some(Error::InvalidPathParameter { name }) => Some(name),
            Some(other) => panic!("unexpected error {other:?}"),
            None => None,
        };
        (call.path, rejected)
    }

    #[test]
    fn dot_value_inside_segment_is_sent() {
        let cases: [(&str, Fills, &str); 5] = [
            ("/colon/{id}:action", &[("{id}", "..")], "/colon/..:action"),
            ("/colon/{id}:action", &[("{id}", "")], "/colon/:action"),
            (
                "/f/{name}.{ext}",
                &[("{name}", ""), ("{ext}", "x")],
                "/f/.x",
            ),
            (
                "/f/{name}.{ext}",
                &[("{ext}", ""), ("{name}", "x")],
                "/f/x.",
            ),
            ("/f/{a}{b}", &[("{a}", "."), ("{b}", "..")], "/f/..."),
        ];
        for (path, values, expected) in cases {
            assert_eq!(
                fill_path(path, values),
                (expected.to_owned(), None),
                "{path}"
            );
        }
    }

    #[test]
    fn empty_or_dot_segment_is_rejected() {
        let cases: [(&str, Fills, &str); 7] = [
            ("/a/{id}", &[("{id}", "")], "id"),
            ("/a/{id}/b", &[("{id}", ".")], "id"),
            ("/a/{id}", &[("{id}", "..")], "id"),
            ("/f/{name}.{ext}", &[("{name}", ""), ("{ext}", "")], "ext"),
            ("/f/{name}.{ext}", &[("{name}", "."), ("{ext}", "")], "ext"),
            ("/f/{a}{a}", &[("{a}", "")], "a"),
            ("/f/%2e{id}\\x", &[("{id}", "%2E")], "id"),
        ];
        for (path, values, name) in cases {
            let (_, rejected) = fill_path(path, values);
            assert_eq!(rejected.as_deref(), Some(name), "{path} with {values:?}");
        }
    }

    #[test]
    fn path_segment_error_fails_call() {
        let client = TestClient::new();
        let mut call = client.call("http://127.0.0.1", "/a/{id}");
        let error = Error::InvalidPathParameter {
            name: "id".to_owned(),
        };

        call.path_segment("{id}", Err(error));

        assert!(matches!(&call.error, Some(Error::InvalidPathParameter { name }) if name == "id"));
    }
}
