//! Redirects: those an operation declares come back as its response, the others are followed
//! here, and credentials never go to another origin.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::borrow::Cow;
use std::future::Future;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_ENCODING, CONTENT_LENGTH,
    CONTENT_TYPE, COOKIE, LOCATION, PROXY_AUTHORIZATION, TRANSFER_ENCODING,
};
use reqwest::{Method, StatusCode};
use url::Url;

use crate::credentials::{same_origin, without_query};
use crate::error::Error;
use crate::send::Prepared;

/// Maximum number of redirects followed for one request, as in reqwest's default policy.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// The source of the first request when [`execute_following`] sends it again after a redirect.
pub(crate) enum Resend<'p> {
    /// The request is the one that [`Prepared::build`] returns, so it is built again only when
    /// a redirect comes, and a response without one costs no copy.
    Rebuild(&'p Prepared<'p>),
    /// The request was changed after it was built, by a hook, so it is copied before sending.
    Copy,
}

/// Sends `request` and follows the redirects whose status `declared` rejects, at most
/// [`MAX_REDIRECTS`] in a row.
///
/// Statuses 301, 302 and 303 turn the request into a `GET` without body, except a `HEAD`;
/// 307 and 308 repeat the method and body. Before a redirect leads to an origin (scheme, host
/// and port) other than the first request's, [`remove_credentials`] removes `Authorization`,
/// `Proxy-Authorization`, `Cookie`, `Cookie2` and each header marked sensitive. It does so
/// whether the value came from a security scheme, a cookie or secret header parameter, or a
/// `before_send` hook, and the headers stay removed on later hops. Query parameters do not
/// carry over, because the `Location` gives the whole URL. A 3xx without a usable `Location`,
/// or whose request has a body that cannot be sent twice, is returned as it is.
///
/// `authorized` is true when the SDK put a credential in the request, in a header or in the
/// query. A request whose headers contain one that [`remove_credentials`] removes, such as a
/// hook's `Authorization`, carries a credential too. When `http` itself followed a redirect to
/// another origin with a request that carries a credential, which a caller's client with a
/// redirect policy can do, the credential may have left and the result is
/// [`Error::CrossOriginRedirect`].
///
/// `resend` is where the first request comes from again after a redirect, and later hops are
/// copied before they are sent.
///
/// # Errors
///
/// Returns [`Error::TooManyRedirects`], [`Error::CrossOriginRedirect`] and the errors of
/// `reqwest`.
// Not an `async fn`, for the reason the note in the body gives.
#[allow(clippy::manual_async_fn)]
pub(crate) fn execute_following<'p>(
    http: &'p reqwest::Client,
    mut request: reqwest::Request,
    resend: Resend<'p>,
    declared: fn(u16) -> bool,
    authorized: bool,
) -> impl Future<Output = Result<reqwest::Response, Error>> + Send + 'p {
    // NOTE: an async block and not an async function, which would keep `request` twice: as
    // its argument and as the variable that each redirect replaces.
    async move {
        let mut rebuild = match resend {
            Resend::Rebuild(prepared) => Some(prepared),
            Resend::Copy => None,
        };
        // The URL that a prepared request builds has the origin of the server URL.
        let origin: Cow<'_, Url> = match rebuild {
            Some(prepared) => Cow::Borrowed(prepared.server),
            None => Cow::Owned(request.url().clone()),
        };
        let mut credentials = authorized || carries_credentials(request.headers());
        let mut redirects = 0;
        loop {
            // The copy is boxed: it exists only when a hook changed the request, and would
            // otherwise take a request's room in the future.
            let (sent_to, copy) = match rebuild {
                Some(prepared) => (Cow::Borrowed(prepared.server), None),
                None => (
                    Cow::Owned(request.url().clone()),
                    request.try_clone().map(Box::new),
                ),
            };
            let response = http.execute(request).await?;
            if credentials && !same_origin(response.url(), &sent_to) {
                return Err(Error::CrossOriginRedirect {
                    url: without_query(response.url()),
                });
            }

            let status = response.status();
            if declared(status.as_u16()) {
                return Ok(response);
            }
            let Some(next) = redirect_target(&response) else {
                return Ok(response);
            };
            // A request with a body that cannot be sent twice has no copy, and its 3xx is
            // returned.
            let copy = match rebuild.take() {
                Some(prepared) => prepared.build().ok(),
                None => copy.map(|copy| *copy),
            };
            let Some(mut next_request) = copy else {
                return Ok(response);
            };
            redirects += 1;
            if redirects > MAX_REDIRECTS {
                return Err(Error::TooManyRedirects {
                    url: without_query(&next),
                });
            }

            if matches!(
                status,
                StatusCode::MOVED_PERMANENTLY | StatusCode::FOUND | StatusCode::SEE_OTHER
            ) {
                *next_request.body_mut() = None;
                for name in [
                    CONTENT_TYPE,
                    CONTENT_LENGTH,
                    CONTENT_ENCODING,
                    TRANSFER_ENCODING,
                ] {
                    next_request.headers_mut().remove(name);
                }
                if next_request.method() != Method::HEAD {
                    *next_request.method_mut() = Method::GET;
                }
            }
            if !same_origin(&next, &origin) {
                remove_credentials(next_request.headers_mut());
                credentials = false;
            }
            *next_request.url_mut() = next;
            request = next_request;
        }
    }
}

/// Returns where a 301, 302, 303, 307 or 308 response leads, when its `Location` is an HTTP
/// or HTTPS URL, resolved against the request's URL.
fn redirect_target(response: &reqwest::Response) -> Option<Url> {
    let followed = matches!(
        response.status(),
        StatusCode::MOVED_PERMANENTLY
            | StatusCode::FOUND
            | StatusCode::SEE_OTHER
            | StatusCode::TEMPORARY_REDIRECT
            | StatusCode::PERMANENT_REDIRECT
    );
    if !followed {
        return None;
    }
    let location = response.headers().get(LOCATION)?.to_str().ok()?;
    let next = response.url().join(location).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}

/// Headers that carry a credential whether or not their value is marked sensitive. `Cookie2`
/// comes from RFC 2965, which RFC 6265 made obsolete, but a hook may still set it.
const CREDENTIAL_HEADERS: [HeaderName; 4] = [
    AUTHORIZATION,
    PROXY_AUTHORIZATION,
    COOKIE,
    HeaderName::from_static("cookie2"),
];

/// Tells whether `headers` contain a header that [`remove_credentials`] removes.
fn carries_credentials(headers: &HeaderMap) -> bool {
    CREDENTIAL_HEADERS
        .iter()
        .any(|name| headers.contains_key(name))
        || headers.values().any(HeaderValue::is_sensitive)
}

/// Removes the headers that carry credentials: the standard credential headers, which a hook
/// may set without marking them, and every header marked sensitive. The SDK marks as sensitive
/// the credentials of security schemes, the `Cookie` header and secret header parameters.
fn remove_credentials(headers: &mut HeaderMap) {
    for name in CREDENTIAL_HEADERS {
        headers.remove(name);
    }
    let sensitive: Vec<_> = headers
        .iter()
        .filter(|(_, value)| value.is_sensitive())
        .map(|(name, _)| name.clone())
        .collect();
    for name in sensitive {
        headers.remove(name);
    }
}

/// Rejects every status: the declared-redirect test of an operation without a 3xx response.
pub(crate) fn none_declared(_status: u16) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns headers with each credential header, a sensitive custom header and a plain one.
    fn request_headers() -> HeaderMap {
        let mut headers = HeaderMap::new();
        let names = [
            "authorization",
            "proxy-authorization",
            "cookie",
            "cookie2",
            "x-trace",
        ];
        for name in names {
            headers.insert(name, HeaderValue::from_static("value"));
        }
        let mut signature = HeaderValue::from_static("secret");
        signature.set_sensitive(true);
        headers.insert("x-signature", signature);
        headers
    }

    #[test]
    fn remove_credentials_keeps_plain_headers() {
        let mut headers = request_headers();
        remove_credentials(&mut headers);
        let names: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        assert_eq!(names, ["x-trace"]);
    }

    #[test]
    fn credential_headers_count_unmarked() {
        for name in ["authorization", "proxy-authorization", "cookie", "cookie2"] {
            let mut headers = HeaderMap::new();
            headers.insert(name, HeaderValue::from_static("value"));
            assert!(carries_credentials(&headers), "{name}");
        }
    }

    #[test]
    fn sensitive_header_counts_as_credential() {
        let mut value = HeaderValue::from_static("secret");
        value.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("x-signature", value);
        assert!(carries_credentials(&headers));
    }

    #[test]
    fn plain_headers_carry_no_credential() {
        let mut headers = HeaderMap::new();
        headers.insert("x-trace", HeaderValue::from_static("value"));
        headers.insert("x-api-version", HeaderValue::from_static("2024-01-01"));
        assert!(!carries_credentials(&headers));
    }
}
