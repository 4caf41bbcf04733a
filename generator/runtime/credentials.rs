//! Credentials, the OAuth 2.0 client credentials flow, and the redirect rule that keeps
//! credentials on the configured server.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument as _;
use url::Url;

use crate::display::BodyExcerpt;
use crate::error::Error;
use crate::options::ClientOptions;
use crate::runtime::Received;
use crate::send::{got_no_response, Attempt, Attempts};

/// Maximum number of redirects that [`same_origin_redirects`] follows for one request.
const MAX_REDIRECTS: usize = 10;

/// Time before `expires_in` runs out at which a cached access token counts as expired, so that
/// a token does not expire between the check and its arrival at the server.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

/// The credential of one security scheme, as set on `Security` or a per-operation security
/// type. `Debug` shows no part of it.
#[derive(Clone)]
pub(crate) enum Credential {
    /// An API key, a bearer or access token, or the credential of another HTTP scheme.
    Secret(SecretString),
    /// A user name and password for HTTP basic authentication.
    Basic {
        username: SecretString,
        password: SecretString,
    },
    /// OAuth 2.0 client credentials, which the SDK exchanges for an access token.
    ClientCredentials(ClientCredentials),
}

impl Credential {
    /// Creates a credential sent as it is.
    pub(crate) fn secret(value: impl Into<String>) -> Credential {
        Credential::Secret(SecretString::from(value.into()))
    }

    /// Creates an HTTP basic credential.
    pub(crate) fn basic(username: impl Into<String>, password: impl Into<String>) -> Credential {
        Credential::Basic {
            username: SecretString::from(username.into()),
            password: SecretString::from(password.into()),
        }
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Secret(_) => f.write_str("Secret([REDACTED])"),
            Credential::Basic { .. } => f.write_str("Basic([REDACTED])"),
            Credential::ClientCredentials(credentials) => credentials.fmt(f),
        }
    }
}

/// OAuth 2.0 client credentials: the SDK exchanges them for an access token at the scheme's
/// token URL (RFC 6749, section 4.4) and sends the token as `Authorization: Bearer`.
///
/// The token request is a `POST` of `grant_type=client_credentials` and the scopes the
/// operation requires, authenticated with HTTP basic (`client_secret_basic`). Tokens are
/// cached per set of scopes until `expires_in` seconds minus a 10 second margin have passed,
/// or until a request that carried the token gets status 401; then the next call fetches a new
/// one. A token response without `expires_in`, or with one too large for the clock, is cached
/// until such a 401. One whose `expires_in` is negative or not a number serves only the call
/// that fetched it, so every call fetches a token.
///
/// An access token that is not a bearer token of RFC 6750 (section 2.1), such as one with a
/// space, a line break or a non-ASCII character, cannot be sent in the `Authorization` header.
/// It fails the call with [`Error::OAuthToken`](crate::Error::OAuthToken) and is not cached.
///
/// The token request is part of the call that needs the token. It has the call's timeout, and
/// the operation's request gets what remains of it. A token request that gets no response or
/// a retry status is retried as the call's retry configuration sets, also for an operation
/// that is not idempotent, because nothing was sent to the API yet. When no usable token
/// comes of it, the call fails with [`Error::OAuthToken`](crate::Error::OAuthToken), which
/// names the token URL. Its source is the error that ended the token request, such as a
/// refused connection or a timeout, when no response was read.
///
/// Clones share the cache. `Debug` shows the client id and nothing of the secret or tokens.
#[derive(Clone)]
pub struct ClientCredentials {
    client_id: String,
    client_secret: SecretString,
    token_url: Option<String>,
    tokens: Arc<Mutex<HashMap<String, CachedToken>>>,
}

struct CachedToken {
    access_token: SecretString,
    /// When the token stops being used; `None` when the server gave no `expires_in`.
    expires_at: Option<Instant>,
}

/// The fields of a successful token response that the SDK reads (RFC 6749, section 5.1).
#[derive(serde::Deserialize)]
struct TokenResponse {
    access_token: String,
    token_type: String,
    expires_in: Option<ExpiresIn>,
}

/// `expires_in`, a number of seconds. Some servers send it as a JSON string, or as a number
/// with a fraction, beyond `u64` or negative, which serde_json reads as `f64`. Any other JSON
/// value, such as `true`, is kept as `Other`, whose token is not cached.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum ExpiresIn {
    Number(u64),
    Fraction(f64),
    Text(String),
    Other(serde_json::Value),
}

/// How long a token may be taken from the cache, as its `expires_in` gives it.
#[derive(Debug, PartialEq)]
enum Lifetime {
    /// The token expires this long after it was fetched.
    Seconds(Duration),
    /// The token has no `expires_in`, or one beyond what `Duration` holds; it stays until the
    /// server rejects it.
    Unlimited,
    /// `expires_in` is negative or not a number, so the token serves only the call that
    /// fetched it.
    Invalid,
}

impl ExpiresIn {
    /// Returns the token's lifetime. Text is read as a number of seconds, with or without a
    /// fraction.
    fn lifetime(&self) -> Lifetime {
        match self {
            ExpiresIn::Number(seconds) => Lifetime::Seconds(Duration::from_secs(*seconds)),
            ExpiresIn::Fraction(seconds) => fractional_lifetime(*seconds),
            ExpiresIn::Text(text) => {
                let text = text.trim();
                match text.parse::<u64>() {
                    Ok(seconds) => Lifetime::Seconds(Duration::from_secs(seconds)),
                    // NOTE: `f64` parsing also accepts "inf" and "NaN", which are invalid here
                    // as they are in JSON.
                    Err(_) => text
                        .parse::<f64>()
                        .map_or(Lifetime::Invalid, fractional_lifetime),
                }
            }
            ExpiresIn::Other(_) => Lifetime::Invalid,
        }
    }
}

/// Returns the lifetime of `seconds`: invalid when negative or not finite, unlimited when
/// beyond what `Duration` holds.
fn fractional_lifetime(seconds: f64) -> Lifetime {
    if !seconds.is_finite() || seconds < 0.0 {
        return Lifetime::Invalid;
    }
    Duration::try_from_secs_f64(seconds).map_or(Lifetime::Unlimited, Lifetime::Seconds)
}

/// Returns how a token fetched at `fetched_at` with `expires_in` is cached: `None` when it is
/// not cached, `Some(None)` when it is cached until the server rejects it, and
/// `Some(Some(instant))` when it stops being used at `instant`. A lifetime that overflows
/// `Instant` outlasts the process, so it counts as unlimited.
fn expiry(fetched_at: Instant, expires_in: Option<&ExpiresIn>) -> Option<Option<Instant>> {
    let Some(expires_in) = expires_in else {
        return Some(None);
    };
    match expires_in.lifetime() {
        Lifetime::Seconds(lifetime) => {
            Some(fetched_at.checked_add(lifetime.saturating_sub(EXPIRY_MARGIN)))
        }
        Lifetime::Unlimited => Some(None),
        Lifetime::Invalid => None,
    }
}

impl ClientCredentials {
    /// Creates client credentials from the client id and secret the authorization server
    /// issued.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client_id: client_id.into(),
            client_secret: SecretString::from(client_secret.into()),
            token_url: None,
            tokens: Arc::default(),
        }
    }

    /// Sets the URL that token requests go to, in place of the spec's `tokenUrl`. A relative
    /// URL is resolved against the client's server URL, like the spec's.
    ///
    /// Default: the `tokenUrl` of the scheme's `clientCredentials` flow.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Returns the cached access token for `scopes`, fetching a new one when there is none or
    /// it has expired, and the cache key to pass to [`Self::forget`].
    ///
    /// The token request is an attempt of the call that `attempts` counts: it has the call's
    /// timeout and is retried as the call's retry configuration sets, whatever the operation's
    /// method, because nothing was sent to the API yet. The operation's request then continues
    /// the attempt that fetched the token, within what remains of its timeout.
    pub(crate) async fn access_token(
        &self,
        http: &reqwest::Client,
        server_url: &str,
        spec_token_url: Option<&str>,
        scopes: &[&str],
        options: &ClientOptions,
        attempts: &mut Attempts,
    ) -> Result<(SecretString, String), Error> {
        let url = self.resolve_token_url(server_url, spec_token_url)?;
        let mut sorted = scopes.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let scope = sorted.join(" ");
        // A serialized URL has no space, so the key keeps the token endpoint and the scopes
        // apart. Two clients that share these credentials then never send a token from one's
        // endpoint to the other's server.
        let key = format!("{url} {scope}");
        if let Some(token) = self.cached(&key) {
            return Ok((token, key));
        }
        // Boxed, because the token request's future is several times the size of the rest of
        // a call's, which would otherwise carry it, and move it, on every call.
        let token = Box::pin(self.fetch(http, &url, &scope, &key, options, attempts)).await?;
        Ok((token, key))
    }

    /// Fetches a new access token for `scope` from `url` and caches it under `key`, unless its
    /// `expires_in` is invalid.
    async fn fetch(
        &self,
        http: &reqwest::Client,
        url: &Url,
        scope: &str,
        key: &str,
        options: &ClientOptions,
        attempts: &mut Attempts,
    ) -> Result<SecretString, Error> {
        // NOTE: the lock is not held across the token request, so calls that miss the cache at
        // the same time each fetch a token, and the last one stored is the one reused.
        let request = self.token_request(url, scope)?;
        let fetched_at = Instant::now();
        let outcome = attempts
            .run(options, None, || {
                send_token_request(http, &request, url, options.max_body_size)
                    .instrument(tracing::debug_span!("token_request"))
            })
            .await;
        let response = match outcome {
            Attempt::Received(received) => token_response(url, received)?,
            Attempt::NoResponse(error) | Attempt::Failed(error) => {
                return Err(token_request_failed(url, error))
            }
        };
        attempts.continue_attempt();

        let access_token = SecretString::from(response.access_token);
        if let Some(expires_at) = expiry(fetched_at, response.expires_in.as_ref()) {
            let token = CachedToken {
                access_token: access_token.clone(),
                expires_at,
            };
            self.lock().insert(key.to_owned(), token);
        }
        Ok(access_token)
    }

    /// Drops the cached token of the endpoint and scopes behind `key`, after the server
    /// rejected it.
    pub(crate) fn forget(&self, key: &str) {
        self.lock().remove(key);
    }

    fn cached(&self, key: &str) -> Option<SecretString> {
        let tokens = self.lock();
        let token = tokens.get(key)?;
        let fresh = token
            .expires_at
            .is_none_or(|expires_at| Instant::now() < expires_at);
        fresh.then(|| token.access_token.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, CachedToken>> {
        // A panic elsewhere cannot leave the map half-updated, so a poisoned lock is still
        // usable.
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn resolve_token_url(
        &self,
        server_url: &str,
        spec_token_url: Option<&str>,
    ) -> Result<Url, Error> {
        let Some(token_url) = self.token_url.as_deref().or(spec_token_url) else {
            return Err(Error::OAuthToken {
                url: String::new(),
                reason: "the scheme declares no client credentials flow, so there is no token \
                         URL; set one with `ClientCredentials::token_url`"
                    .to_owned(),
                source: None,
            });
        };
        let base = Url::parse(server_url).map_err(|source| Error::InvalidServerUrl {
            url: crate::display::redact_userinfo(server_url).into_owned(),
            reason: crate::servers::UNPARSED_URL_REASON.to_owned(),
            source: Some(source),
        })?;
        base.join(token_url).map_err(|source| Error::OAuthToken {
            url: token_url.to_owned(),
            reason: format!("invalid token URL: {source}"),
            source: None,
        })
    }

    /// Builds the token request for `scope`: a `POST` of `grant_type=client_credentials`,
    /// authenticated with HTTP basic.
    fn token_request(&self, url: &Url, scope: &str) -> Result<TokenRequest, Error> {
        use base64::Engine as _;

        let body = {
            let mut form = url::form_urlencoded::Serializer::new(String::new());
            form.append_pair("grant_type", "client_credentials");
            if !scope.is_empty() {
                form.append_pair("scope", scope);
            }
            form.finish()
        };
        // RFC 6749, section 2.3.1: the id and secret are form-encoded before base64.
        let encode =
            |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
        let pair = format!(
            "{}:{}",
            encode(&self.client_id),
            encode(self.client_secret.expose_secret())
        );
        let basic = base64::engine::general_purpose::STANDARD.encode(pair);
        let mut authorization =
            HeaderValue::from_str(&format!("Basic {basic}")).map_err(|_| Error::OAuthToken {
                url: url.as_str().to_owned(),
                reason: "the client credentials do not fit in a header".to_owned(),
                source: None,
            })?;
        authorization.set_sensitive(true);

        let mut headers = HeaderMap::new();
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(AUTHORIZATION, authorization);
        Ok(TokenRequest {
            headers,
            body: Bytes::from(body),
        })
    }
}

/// The headers and body of a token request, which every attempt sends again.
struct TokenRequest {
    headers: HeaderMap,
    body: Bytes,
}

/// Sends one attempt of a token request to `url` and reads the response, of at most
/// `max_body_size` bytes.
async fn send_token_request(
    http: &reqwest::Client,
    request: &TokenRequest,
    url: &Url,
    max_body_size: u64,
) -> Attempt {
    let sent = http
        .post(url.clone())
        .headers(request.headers.clone())
        .body(request.body.clone())
        .send()
        .await;
    let response = match sent {
        Ok(response) => response,
        Err(source) if got_no_response(&source) => return Attempt::NoResponse(source.into()),
        Err(source) => return Attempt::Failed(source.into()),
    };
    if !same_origin(response.url(), url) {
        return Attempt::Failed(Error::CrossOriginRedirect {
            url: without_query(response.url()),
        });
    }
    let status = response.status();
    let headers = response.headers().clone();
    match crate::body::read_body(response, max_body_size).await {
        Ok(body) => Attempt::Received(Received {
            status,
            headers,
            body,
        }),
        Err(error) => Attempt::Failed(error),
    }
}

/// Returns the [`Error::OAuthToken`] for `error`, which ended the token request to `url` before
/// a token response was read, with `error` as its source.
fn token_request_failed(url: &Url, error: Error) -> Error {
    let reason = match &error {
        Error::Timeout { .. } => "the token request timed out",
        Error::Transport(source) if source.is_timeout() => "the token request timed out",
        Error::Transport(source) if source.is_connect() => {
            "the connection to the token endpoint failed"
        }
        Error::CrossOriginRedirect { .. } => "the token request was redirected to another origin",
        Error::BodyTooLarge { .. } => "the token response body is too large",
        Error::IncompleteBody { .. } => "the token response body was cut short",
        _ => "the token request failed",
    };
    Error::OAuthToken {
        url: url.as_str().to_owned(),
        reason: reason.to_owned(),
        source: Some(Box::new(error)),
    }
}

/// Reads the token response that `url` returned.
///
/// # Errors
///
/// Returns [`Error::OAuthToken`] for a status other than 2xx, a body that is not a token
/// response, an access token that is empty or cannot be sent (see [`check_access_token`]),
/// and a token type other than bearer.
fn token_response(url: &Url, received: Received) -> Result<TokenResponse, Error> {
    let failed = |reason: String| Error::OAuthToken {
        url: url.as_str().to_owned(),
        reason,
        source: None,
    };
    let status = received.status;
    if !status.is_success() {
        let excerpt = BodyExcerpt(&received.body);
        return Err(failed(format!(
            "the token endpoint answered {status}: {excerpt}"
        )));
    }
    let token: TokenResponse = serde_json::from_slice(&received.body)
        .map_err(|source| failed(format!("the token response is not valid: {source}")))?;
    check_access_token(&token.access_token).map_err(failed)?;
    if !token.token_type.eq_ignore_ascii_case("bearer") {
        return Err(failed(format!(
            "the token type is {:?}, but the SDK sends only bearer tokens",
            token.token_type
        )));
    }
    Ok(token)
}

/// Checks that `token` can follow `Bearer ` in an `Authorization` header.
///
/// RFC 6750, section 2.1, allows letters, digits, `-._~+/` and trailing `=` padding. This
/// accepts every visible ASCII character, so that a server's own token syntax still works. It
/// rejects what would break the header or split the token: spaces, control characters such as
/// line breaks, and non-ASCII characters. The message gives the position and not the token,
/// which is a secret.
fn check_access_token(token: &str) -> Result<(), String> {
    if token.is_empty() {
        return Err("the token response has an empty access_token".to_owned());
    }
    let Some((index, character)) = token
        .char_indices()
        .find(|(_, character)| !character.is_ascii_graphic())
    else {
        return Ok(());
    };
    let kind = if character.is_ascii_control() {
        "a control character"
    } else if character == ' ' {
        "a space"
    } else {
        "a non-ASCII character"
    };
    Err(format!(
        "the access_token contains {kind} at byte {index}, so it cannot be sent in the \
         Authorization header; the token endpoint must issue a bearer token of visible ASCII \
         characters (RFC 6750, section 2.1)"
    ))
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[REDACTED]")
            .field("token_url", &self.token_url)
            .finish()
    }
}

/// Returns a redirect policy that keeps credentials on the server that the request went to.
///
/// It follows at most 10 redirects whose target has the same origin (scheme, host and port) as
/// the first request. It stops at the first redirect to another origin, so the SDK gets the 3xx
/// response and returns it when the operation declares it, or else follows it without
/// credentials. Use it when building your own `reqwest::Client` for the builder's
/// `http_client`, in place of reqwest's default policy, which follows redirects to any host and
/// keeps API key headers on the way. `reqwest::redirect::Policy::none()` is better still,
/// because with it a 3xx that the operation declares comes back even on the same origin.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.stop();
        };
        if !same_origin(first, attempt.url()) {
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Tells whether two URLs share scheme, host and port.
pub(crate) fn same_origin(left: &Url, right: &Url) -> bool {
    let web = |url: &Url| matches!(url.scheme(), "http" | "https");
    if !(web(left) && web(right)) {
        return left.origin() == right.origin();
    }
    // For HTTP and HTTPS this is the test of `Url::origin`, without its copies of the hosts.
    left.scheme() == right.scheme()
        && left.host() == right.host()
        && left.port_or_known_default() == right.port_or_known_default()
}

/// Returns `url` as text without its query string, which can carry credentials.
pub(crate) fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_lifetimes() {
        let seconds = |value| Lifetime::Seconds(Duration::from_secs(value));
        let cases = [
            (ExpiresIn::Number(60), seconds(60)),
            (
                ExpiresIn::Fraction(1.5),
                Lifetime::Seconds(Duration::from_millis(1500)),
            ),
            (ExpiresIn::Fraction(1e300), Lifetime::Unlimited),
            (ExpiresIn::Fraction(-5.0), Lifetime::Invalid),
            (ExpiresIn::Text(" 60 ".to_owned()), seconds(60)),
            (
                ExpiresIn::Text("2.5".to_owned()),
                Lifetime::Seconds(Duration::from_millis(2500)),
            ),
            (ExpiresIn::Text("-1".to_owned()), Lifetime::Invalid),
            (ExpiresIn::Text("soon".to_owned()), Lifetime::Invalid),
            (ExpiresIn::Text("inf".to_owned()), Lifetime::Invalid),
            (ExpiresIn::Text("NaN".to_owned()), Lifetime::Invalid),
            (ExpiresIn::Text(String::new()), Lifetime::Invalid),
        ];
        for (expires_in, expected) in cases {
            assert_eq!(expires_in.lifetime(), expected);
        }
    }

    #[test]
    fn other_expires_in_values_are_not_cached() {
        for value in ["true", "null", "[60]", "{\"seconds\": 60}"] {
            let text = format!(
                r#"{{"access_token": "t", "token_type": "bearer", "expires_in": {value}}}"#
            );
            let response: TokenResponse = serde_json::from_str(&text).expect(&text);
            let lifetime = response.expires_in.as_ref().map(ExpiresIn::lifetime);
            // `null` counts as a missing `expires_in`, as serde reads `Option` fields.
            let expected = if value == "null" {
                None
            } else {
                Some(Lifetime::Invalid)
            };
            assert_eq!(lifetime, expected, "{value}");
        }
    }

    #[test]
    fn access_token_must_be_visible_ascii() {
        assert_eq!(check_access_token("a-Z_0.9~+/=="), Ok(()));
        let cases = [
            ("a\r\nb", "a control character at byte 1"),
            ("a b", "a space at byte 1"),
            ("ab\u{7f}", "a control character at byte 2"),
            ("t\u{e9}", "a non-ASCII character at byte 1"),
            ("", "empty access_token"),
        ];
        for (token, expected) in cases {
            let reason = check_access_token(token).expect_err(token);
            assert!(reason.contains(expected), "{token:?}: {reason}");
        }
    }

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a valid URL")
    }

    #[test]
    fn same_origin_compares_scheme_host_and_port() {
        let cases = [
            ("http://a.test/x", "http://a.test:80/y?q=1", true),
            ("https://A.test/", "https://a.test:443/", true),
            ("http://a.test/", "https://a.test/", false),
            ("http://a.test/", "http://b.test/", false),
            ("http://a.test/", "http://a.test:8080/", false),
            ("http://127.0.0.1/", "http://[::1]/", false),
            ("ftp://a.test/", "ftp://a.test:21/", true),
            ("http://a.test/", "ftp://a.test/", false),
        ];
        for (left, right, expected) in cases {
            assert_eq!(
                same_origin(&url(left), &url(right)),
                expected,
                "{left} and {right}"
            );
            assert_eq!(
                same_origin(&url(left), &url(right)),
                url(left).origin() == url(right).origin(),
                "{left} and {right} against Url::origin"
            );
        }
    }
}
