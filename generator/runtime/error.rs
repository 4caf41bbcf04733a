//! The error type of every operation.

use std::borrow::Cow;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::display::BodyExcerpt;
use crate::options::BoxError;

/// A response that the SDK returns as an error: its status, headers and body as received.
#[derive(Debug, Clone)]
pub struct ResponseContent {
    /// Status of the response.
    pub status: StatusCode,
    /// Every header of the response.
    pub headers: HeaderMap,
    /// Body of the response, undecoded.
    pub body: Bytes,
    /// The body decoded into the type that the spec declares for the status, for an
    /// [`Error::Api`]. It is `None` for the other errors, and when the spec declares no JSON
    /// body for the status or the body does not decode. `body` still contains the bytes then.
    pub error_body: Option<crate::ErrorBody>,
}

impl ResponseContent {
    /// Returns the body as text, with invalid UTF-8 replaced by U+FFFD.
    pub fn text(&self) -> Cow<'_, str> {
        String::from_utf8_lossy(&self.body)
    }

    /// Returns the part of the body that the error's `Display` output shows.
    fn excerpt(&self) -> BodyExcerpt<'_> {
        BodyExcerpt(&self.body)
    }
}

/// An error returned by the client or one of its operations.
///
/// `Display` describes this error alone. When another error caused it, such as the
/// `reqwest::Error` of [`Transport`](Self::Transport), `source()` returns that error and the
/// text does not repeat it. A report that walks the chain, as `anyhow` does with `{:#}`, then
/// shows each message once. Print the sources as well to see the cause.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A server URL, given to the client builder or a call or filled in from the spec's
    /// template, is not an absolute `http` or `https` URL without a query and a fragment.
    #[error("invalid server URL {url:?}: {reason}")]
    InvalidServerUrl {
        /// The URL as given, with any user name and password replaced by `[REDACTED]`.
        url: String,
        /// The problem with the URL and the change that fixes it.
        reason: String,
        /// The parse error, when the URL does not parse.
        source: Option<url::ParseError>,
    },

    /// The builder or a call picked a server index past the end of the spec's `servers` list.
    #[error("invalid server index {index}: pick an index below {count}, the number of servers in the spec, or set a server URL")]
    InvalidServerIndex {
        /// The index as given.
        index: usize,
        /// Number of servers in the list.
        count: usize,
    },

    /// A server variable set on the builder is invalid. Neither the chosen server nor an
    /// operation's own server declares its name, the variable's `enum` does not list its value,
    /// or its value has a character that would change the URL beyond the placeholder.
    #[error("invalid value {value:?} for server variable {name:?}: {reason}")]
    InvalidServerVariable {
        /// Name of the variable as given.
        name: String,
        /// The value as given.
        value: String,
        /// The rule the name or value breaks.
        reason: String,
    },

    /// A credential or parameter contains bytes that are invalid in an HTTP header, such as CR
    /// or LF, so nothing was sent.
    #[error("invalid value for HTTP header {name:?}: it contains bytes not allowed in a header; nothing was sent")]
    InvalidHeaderValue {
        /// Name of the header, in lowercase as it is sent.
        name: String,
    },

    /// A path parameter's value leaves its path segment empty, `.` or `..`, which would send
    /// the request to another path; nothing was sent.
    #[error("invalid value for path parameter {name:?}: it leaves its path segment empty, `.` or `..`, which would change the request's path; nothing was sent")]
    InvalidPathParameter {
        /// Name of the path parameter in the spec.
        name: String,
    },

    /// A credential cannot be sent as its scheme requires, such as a cookie value with `;` or a
    /// basic user name with `:`. Nothing was sent.
    #[error("invalid credential for security scheme {scheme:?}: {reason}; nothing was sent")]
    InvalidCredential {
        /// The scheme's key in the spec.
        scheme: &'static str,
        /// The rule the credential breaks.
        reason: String,
    },

    /// The client credentials flow of OAuth 2.0 obtained no usable access token, so the
    /// operation's request was not sent. The token request failed or timed out, the token
    /// endpoint returned an error status, or its response contains no token that can be sent.
    #[error("failed to get an OAuth 2.0 access token from {url}: {reason}")]
    OAuthToken {
        /// The token URL.
        url: String,
        /// Why no token was obtained: the token endpoint's status and body, what was invalid
        /// in its response, or the step of the token request that failed.
        reason: String,
        /// The error that ended the token request before a response was read: an [`Error`]
        /// such as a [`Transport`](Self::Transport) error for a refused connection, a
        /// [`Timeout`](Self::Timeout) or a [`CrossOriginRedirect`](Self::CrossOriginRedirect).
        /// It is `None` when a response arrived and `reason` describes what was wrong with it.
        /// A trait object, so that `source()` returns the [`Error`] itself, which
        /// `downcast_ref::<Error>()` finds.
        source: Option<BoxError>,
    },

    /// The caller's HTTP client followed a redirect to another origin (scheme, host and port)
    /// with a request that carried credentials, so the response is not the server's. Build the
    /// HTTP client without redirects, so that the SDK follows them and removes the credentials,
    /// or with [`same_origin_redirects`](crate::same_origin_redirects), to prevent this.
    #[error("the request with credentials was redirected to another origin, {url}; the response is discarded")]
    CrossOriginRedirect {
        /// The URL the redirect led to, without its query string.
        url: String,
    },

    /// The server sent more redirects in a row than the SDK follows, which is 10.
    #[error("too many redirects; the last one led to {url}")]
    TooManyRedirects {
        /// The URL the last redirect led to, without its query string.
        url: String,
    },

    /// The request body or a parameter could not be serialized, for instance because it
    /// contains a number that is NaN or infinite, which JSON cannot represent. Nothing was
    /// sent, and the source names the body or the parameter.
    #[error("failed to serialize the request body or a parameter; nothing was sent")]
    Encode(#[source] serde_json::Error),

    /// The request failed before a response arrived (connection, TLS or timeout), or reading
    /// the body failed in a way other than [`IncompleteBody`](Self::IncompleteBody).
    ///
    /// The URL inside the error has no query string, user name or password, because they can
    /// carry credentials.
    #[error("request failed")]
    Transport(#[source] reqwest::Error),

    /// The response body is larger than the client's maximum, which the builder's
    /// `max_response_body_size` sets (64 MiB by default). The rest of the body was not read.
    #[error("the {status} response body is larger than the maximum of {max_size} bytes{}; raise the maximum with the client builder's `max_response_body_size` if the server's responses are that large", declared_length(*.content_length))]
    BodyTooLarge {
        /// Status of the response.
        status: StatusCode,
        /// The maximum size in bytes.
        max_size: u64,
        /// The body's length as `Content-Length` declares it, when present.
        content_length: Option<u64>,
    },

    /// The connection failed before the whole response body arrived, for example because the
    /// server closed it before sending the `Content-Length` it declared.
    #[error("the {status} response body was cut short: the connection failed after {received} bytes{}", declared_length(*.content_length))]
    IncompleteBody {
        /// Status of the response.
        status: StatusCode,
        /// Number of body bytes received.
        received: u64,
        /// The body's length as `Content-Length` declares it, when present.
        content_length: Option<u64>,
        /// The read error.
        source: reqwest::Error,
    },

    /// An attempt took longer than the timeout set on the client builder or in the call's
    /// options, so it was cancelled. A timeout set on the `reqwest::Client` itself is a
    /// [`Transport`](Self::Transport) error instead. When the attempt was the OAuth 2.0 token
    /// request of the client credentials flow, either one is the source of an
    /// [`OAuthToken`](Self::OAuthToken) error. [`Error::is_timeout`] covers all of these.
    #[error("the request timed out after {timeout:?}")]
    Timeout {
        /// The time limit of each attempt.
        timeout: Duration,
    },

    /// A hook set on the client builder returned an error, so the call stopped.
    #[error("a request hook failed")]
    Hook(#[source] BoxError),

    /// The server returned an error status that the spec declares for the operation.
    ///
    /// `Display` shows at most the first 512 bytes of the body, with control characters
    /// escaped, and the total length of a longer body. The whole body is in the content.
    #[error("the server answered {}: {}", .0.status, .0.excerpt())]
    Api(Box<ResponseContent>),

    /// The server returned a status that the spec does not declare for the operation.
    ///
    /// `Display` shows the body as for [`Error::Api`].
    #[error("the server answered with undeclared status {}: {}", .0.status, .0.excerpt())]
    UnexpectedStatus(Box<ResponseContent>),

    /// A response header does not parse as the schema the spec declares for it.
    #[error("failed to decode the {} response's header {name:?}: {reason}", .response.status)]
    DecodeHeader {
        /// Name of the header as the spec writes it.
        name: &'static str,
        /// The response as received.
        response: Box<ResponseContent>,
        /// The parse error.
        reason: String,
    },

    /// The response body does not match the schema the spec declares for it, or is empty
    /// where the response type's `body` is a JSON value rather than an `Option`. Also a
    /// `text/*` body that is not valid in the charset of its `Content-Type` (UTF-8 without one)
    /// or names a charset that the SDK does not know.
    #[error("failed to decode the {} response body", .response.status)]
    Decode {
        /// The response as received.
        response: Box<ResponseContent>,
        /// The decoding error. For a JSON value of the wrong type or a missing field below the
        /// top of the document, its message starts with the value's path, such as
        /// ``at `items[2].id`: ``. For a text body, it is a data error
        /// (`serde_json::error::Category::Data`) whose message names the unknown charset, or
        /// the charset the body is not valid in, and for UTF-8 the first invalid byte.
        source: serde_json::Error,
    },
}

impl Error {
    /// Returns the status of the response behind the error, when there was a response.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|response| response.status)
    }

    /// Tells whether a timeout ended the call: the SDK's own ([`Error::Timeout`]) or that of
    /// the `reqwest::Client`, also when it ended the token request of an
    /// [`Error::OAuthToken`].
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport(source) => source.is_timeout(),
            Error::OAuthToken {
                source: Some(source),
                ..
            } => source
                .downcast_ref::<Error>()
                .is_some_and(Error::is_timeout),
            _ => false,
        }
    }

    /// Returns the decoded body of an [`Error::Api`], when the spec declares a JSON body for
    /// its status and the body matches it.
    pub fn error_body(&self) -> Option<&crate::ErrorBody> {
        match self {
            Error::Api(response) => response.error_body.as_ref(),
            _ => None,
        }
    }

    /// Returns the response behind the error, when there was a response.
    pub fn response(&self) -> Option<&ResponseContent> {
        match self {
            Error::Api(response) | Error::UnexpectedStatus(response) => Some(response),
            Error::Decode { response, .. } | Error::DecodeHeader { response, .. } => Some(response),
            _ => None,
        }
    }
}

impl From<reqwest::Error> for Error {
    fn from(error: reqwest::Error) -> Error {
        Error::Transport(without_credentials(error))
    }
}

/// Removes the query string, user name and password from the URL inside `error`, because they
/// can carry credentials.
pub(crate) fn without_credentials(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
        // Both fail only for a URL that cannot have credentials, which is then unchanged.
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    error
}

/// Returns the text that follows a byte count in a message: the declared `Content-Length`, if
/// any.
fn declared_length(content_length: Option<u64>) -> String {
    content_length
        .map(|length| format!(" (Content-Length {length})"))
        .unwrap_or_default()
}
