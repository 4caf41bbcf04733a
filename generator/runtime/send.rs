//! Sending a request: attempts, retries, timeouts, hooks and their `tracing` logs.
//!
//! The logs name the operation, method, path template, attempt, status and timing, but never
//! a header value, query string or body, because credentials travel in those.

// Every SDK gets this whole file, and a spec may use only part of it.
#![allow(dead_code)]

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::header::{HeaderMap, AUTHORIZATION};
use reqwest::Method;
use tracing::Instrument as _;
use url::Url;

use crate::error::Error;
use crate::options::ClientOptions;
use crate::redirect::{execute_following, Resend};
use crate::retry::{retry_after, Retries};
use crate::runtime::Received;

/// A request ready to send, built anew for every attempt.
pub(crate) struct Prepared<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) method: Method,
    /// The parsed server URL, which has the request's origin.
    pub(crate) server: &'a Url,
    /// The request's path, with the server URL's path first.
    pub(crate) path: &'a str,
    /// The query string, already percent-encoded; empty for none.
    pub(crate) query: &'a str,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Bytes>,
    /// Whether the request carries a credential, so that a response from another origin
    /// means the credential left the server.
    pub(crate) authorized: bool,
    /// Tells whether the operation declares a 3xx status, which is returned and not followed.
    pub(crate) declared_redirect: fn(u16) -> bool,
}

impl Prepared<'_> {
    /// Builds the request to send, from copies of the parts, which stay for another attempt.
    pub(crate) fn build(&self) -> Result<reqwest::Request, reqwest::Error> {
        let builder = self.http.request(self.method.clone(), self.url());
        let mut request = builder.build()?;
        // reqwest moves a user name and password of the URL into an `Authorization` header,
        // the one header the builder can have set. It yields to one of the request's own.
        let from_url = request.headers_mut().remove(AUTHORIZATION);
        // Assigned and not passed to `RequestBuilder::headers`, which would copy the map into
        // the builder's empty one.
        *request.headers_mut() = self.headers.clone();
        if let Some(value) = from_url {
            request.headers_mut().entry(AUTHORIZATION).or_insert(value);
        }
        *request.body_mut() = self.body.clone().map(reqwest::Body::from);
        Ok(request)
    }

    /// Returns the request's URL: the server URL with the request's path and query string.
    ///
    /// The server URL has no query or fragment, as [`check_server_url`] requires, so the query
    /// string is the request's alone. Setting the path and query of the parsed server URL gives
    /// the URL that parsing their concatenation gives, with the same percent-encoding and dot
    /// segments resolved the same way, without parsing the scheme and host again. A `?` or `#`
    /// in the path is the one difference: it stays in the path, percent-encoded, and the
    /// generator warns about a path template that contains one.
    ///
    /// [`check_server_url`]: crate::servers::check_server_url
    pub(crate) fn url(&self) -> Url {
        let mut url = self.server.clone();
        url.set_path(self.path);
        if !self.query.is_empty() {
            url.set_query(Some(self.query));
        }
        url
    }
}

/// The operation that a request belongs to, as its logs name it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct OperationInfo {
    /// The spec's `operationId`.
    pub(crate) id: &'static str,
    /// The path template, such as `/pets/{petId}`, which contains no parameter values.
    pub(crate) path: &'static str,
}

/// The outcome of one attempt.
pub(crate) enum Attempt {
    Received(Received),
    /// No response arrived (the connection was refused, reset or closed) or the attempt timed
    /// out, so another attempt may succeed.
    NoResponse(Error),
    /// A failure that another attempt would repeat, such as a response that is not valid
    /// HTTP, or one after the response arrived.
    Failed(Error),
}

/// The reason for a retry, as logged.
enum RetryReason {
    Status(u16),
    Timeout,
    Connect,
    NoResponse,
}

impl fmt::Display for RetryReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryReason::Status(status) => write!(f, "status {status}"),
            RetryReason::Timeout => f.write_str("timed out"),
            RetryReason::Connect => f.write_str("connection failed"),
            RetryReason::NoResponse => f.write_str("connection closed before a response"),
        }
    }
}

/// Creates the `request` span of a call, at `INFO` level, which every log of the call is in.
///
/// [`Attempts::finish`] records in it the number of the last attempt, its status and the time
/// elapsed when the call ends.
pub(crate) fn request_span(method: &Method, operation: OperationInfo) -> tracing::Span {
    let span = tracing::info_span!(
        "request",
        operation_id = operation.id,
        method = %method,
        path = operation.path,
        attempt = tracing::field::Empty,
        status = tracing::field::Empty,
        elapsed_ms = tracing::field::Empty,
    );
    recorded_or_none(span)
}

/// Returns `span`, or `Span::none()` when no subscriber records it.
///
/// With the `log` feature of `tracing`, which another crate of the program may turn on, a span
/// that no subscriber records still writes to the `log` crate's logger on every enter and exit
/// of the future it instruments. `Span::none()` skips that work, while the call's events still
/// reach the logger.
fn recorded_or_none(span: tracing::Span) -> tracing::Span {
    if span.is_disabled() {
        tracing::Span::none()
    } else {
        span
    }
}

/// The attempts of one call, and the time since the first one started.
///
/// A token request of the OAuth 2.0 client credentials flow is part of an attempt. The
/// operation's request continues the attempt that fetched the token, within the same time
/// limit. A failed token request is retried as an attempt of the call.
pub(crate) struct Attempts {
    started: Instant,
    /// Number of the running or last attempt; 0 before the first.
    number: u32,
    /// When the running attempt's time limit ends; `None` without a limit.
    deadline: Option<Instant>,
    /// Whether the next request continues the running attempt, after its token request.
    continued: bool,
}

impl Attempts {
    /// Starts the clock of a call.
    pub(crate) fn start() -> Attempts {
        Attempts {
            started: Instant::now(),
            number: 0,
            deadline: None,
            continued: false,
        }
    }

    /// Runs `attempt` until its outcome is final, as `options` set: each attempt within the
    /// timeout, and a retry after each outcome that the retry configuration retries.
    ///
    /// `method` is the method of the operation's request, which decides whether a request
    /// that is not idempotent may be retried. It is `None` for a token request, which does
    /// not act on the API and is safe to repeat. Each attempt runs in an `attempt` span at
    /// `DEBUG` level, and each retry logs an `INFO` event with the attempt that failed, the
    /// wait and the reason.
    pub(crate) async fn run<F, Fut>(
        &mut self,
        options: &ClientOptions,
        method: Option<&Method>,
        mut attempt: F,
    ) -> Attempt
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Attempt>,
    {
        loop {
            if !std::mem::take(&mut self.continued) {
                self.number += 1;
                let timeout = options.timeout;
                self.deadline = timeout.and_then(|timeout| Instant::now().checked_add(timeout));
            }
            let number = self.number;
            let span = recorded_or_none(tracing::debug_span!("attempt", number));
            // Two awaits and no helper function, so that the attempt's future is stored once.
            // An async function would keep its argument beside the `Timeout` it moves into.
            let outcome = match (self.deadline, options.timeout) {
                (Some(deadline), Some(timeout)) => {
                    // Dropping the attempt on timeout drops reqwest's future, which closes the
                    // connection.
                    match tokio::time::timeout_at(deadline.into(), attempt())
                        .instrument(span)
                        .await
                    {
                        Ok(outcome) => outcome,
                        Err(_) => Attempt::NoResponse(Error::Timeout { timeout }),
                    }
                }
                _ => attempt().instrument(span).await,
            };

            if let Some((reason, wait)) =
                retry_wait(options, method, &outcome, number, self.started)
            {
                tracing::info!(
                    attempt = number,
                    wait_ms = millis(wait),
                    reason = %reason,
                    "retrying request"
                );
                // NOTE: Tokio's timer panics on a runtime without the time driver;
                // `#[tokio::main]` enables it, and reqwest already requires a Tokio runtime.
                tokio::time::sleep(wait).await;
                continue;
            }
            return outcome;
        }
    }

    /// Makes the next request continue the attempt that just ended, within what remains of
    /// its time limit: the operation's request after its token request.
    pub(crate) fn continue_attempt(&mut self) {
        self.continued = true;
    }

    /// Records the end of the call in `span` and logs a `DEBUG` event with the outcome: the
    /// status, or the kind of error. A call that failed before its first attempt logs nothing.
    pub(crate) fn finish(&self, span: &tracing::Span, result: &Result<Received, Error>) {
        if self.number == 0 {
            return;
        }
        let attempt = self.number;
        // Read only where a subscriber or logger takes it, because a call that nothing logs
        // would read the clock for nothing.
        let elapsed_ms = || millis(self.started.elapsed());
        // A span that no subscriber records has nowhere to keep the fields.
        let recorded = !span.is_disabled();
        if recorded {
            span.record("attempt", attempt);
            span.record("elapsed_ms", elapsed_ms());
        }
        match result {
            Ok(received) => {
                let status = received.status.as_u16();
                if recorded {
                    span.record("status", status);
                }
                tracing::debug!(
                    parent: span,
                    attempt,
                    status,
                    elapsed_ms = elapsed_ms(),
                    "response received"
                );
            }
            Err(error) => {
                let error_kind = error_kind(error);
                tracing::debug!(
                    parent: span,
                    attempt,
                    error_kind,
                    elapsed_ms = elapsed_ms(),
                    "request failed"
                );
            }
        }
    }
}

/// Sends `prepared` as attempts of the call, retrying as `options` set.
pub(crate) async fn send(
    prepared: &Prepared<'_>,
    options: &ClientOptions,
    attempts: &mut Attempts,
) -> Result<Received, Error> {
    let outcome = attempts
        .run(options, Some(&prepared.method), || {
            attempt_once(prepared, options)
        })
        .await;
    match outcome {
        Attempt::Received(received) => Ok(received),
        Attempt::NoResponse(error) | Attempt::Failed(error) => Err(error),
    }
}

/// Returns why and how long to wait before the next attempt, or `None` when the outcome is
/// final. `method` is as for [`Attempts::run`], and `started` is when the first attempt
/// started.
fn retry_wait(
    options: &ClientOptions,
    method: Option<&Method>,
    outcome: &Attempt,
    attempt: u32,
    started: Instant,
) -> Option<(RetryReason, Duration)> {
    let Retries::Backoff(config) = &options.retries else {
        return None;
    };
    if method.is_some_and(|method| !config.allows(method)) {
        return None;
    }
    let (reason, server_wait) = match outcome {
        Attempt::Received(received) if config.retries_status(received.status.as_u16()) => {
            let server_wait = retry_after(&received.headers, SystemTime::now());
            (RetryReason::Status(received.status.as_u16()), server_wait)
        }
        Attempt::NoResponse(error) if config.retries_connection_errors() => {
            (no_response_reason(error), None)
        }
        _ => return None,
    };
    // Jitter spreads the retries of many clients that failed at the same moment. It needs no
    // unpredictable randomness, so fastrand's generator is enough.
    let wait = config.wait(attempt, server_wait, started.elapsed(), fastrand::f64())?;
    Some((reason, wait))
}

/// Sends one attempt of the operation's request and reads the whole response.
async fn attempt_once(prepared: &Prepared<'_>, options: &ClientOptions) -> Attempt {
    // NOTE: the request is moved and never borrowed here, so this future does not keep a
    // copy of it beside the one in `execute_following`'s future.
    let (request, resend) = match first_request(prepared, options) {
        Ok(first) => first,
        Err(error) => return Attempt::Failed(error),
    };
    let followed = execute_following(
        prepared.http,
        request,
        resend,
        prepared.declared_redirect,
        prepared.authorized,
    );
    let mut response = match followed.await {
        Ok(response) => response,
        Err(Error::Transport(source)) if got_no_response(&source) => {
            return Attempt::NoResponse(Error::Transport(source));
        }
        Err(error) => return Attempt::Failed(error),
    };
    if let Some(hook) = &options.after_receive {
        if let Err(source) = hook(&response) {
            return Attempt::Failed(Error::Hook(source));
        }
    }

    let status = response.status();
    // Taken and not copied: reading the body does not need them.
    let headers = std::mem::take(response.headers_mut());
    match crate::body::read_body(response, options.max_body_size).await {
        Ok(body) => Attempt::Received(Received {
            status,
            headers,
            body,
        }),
        Err(error) => Attempt::Failed(error),
    }
}

/// Builds the request of an attempt and runs the `before_send` hook on it, and returns where
/// the request comes from again after a redirect.
fn first_request<'p>(
    prepared: &'p Prepared<'p>,
    options: &ClientOptions,
) -> Result<(reqwest::Request, Resend<'p>), Error> {
    let mut request = prepared.build()?;
    let resend = match &options.before_send {
        Some(hook) => {
            hook(&mut request).map_err(Error::Hook)?;
            Resend::Copy
        }
        None => Resend::Rebuild(prepared),
    };
    Ok((request, resend))
}

/// Tells whether `error`, from sending a request, means that no response arrived, so that
/// another attempt may succeed: the connection was refused, reset or closed, or timed out.
///
/// Other errors are final. A response that arrived but is not valid HTTP, such as a garbled
/// status line or header, is one of them, because the server would most likely send it
/// again. So are errors of the request itself, such as an invalid URL.
pub(crate) fn got_no_response(error: &reqwest::Error) -> bool {
    use std::io::ErrorKind;

    if error.is_connect() || error.is_timeout() {
        return true;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(current) = cause {
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
                    | ErrorKind::BrokenPipe
                    | ErrorKind::NotConnected
                    | ErrorKind::TimedOut
                    | ErrorKind::UnexpectedEof
            );
        }
        // reqwest sends requests with hyper 1, which reports a connection that closed before
        // the response ended as its own error, with no I/O error below it.
        if let Some(hyper) = current.downcast_ref::<hyper::Error>() {
            if hyper.is_incomplete_message() {
                return true;
            }
        }
        cause = current.source();
    }
    false
}

fn no_response_reason(error: &Error) -> RetryReason {
    match error {
        Error::Timeout { .. } => RetryReason::Timeout,
        Error::Transport(source) if source.is_timeout() => RetryReason::Timeout,
        Error::Transport(source) if source.is_connect() => RetryReason::Connect,
        _ => RetryReason::NoResponse,
    }
}

/// Names the kind of `error` for logs; its `Display` output may contain a body or a URL.
fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::Timeout { .. } => "timeout",
        Error::Hook(_) => "hook",
        Error::CrossOriginRedirect { .. } => "cross-origin redirect",
        Error::OAuthToken { .. } => "oauth token",
        Error::Transport(source) if source.is_timeout() => "timeout",
        Error::Transport(source) if source.is_connect() => "connect",
        Error::Transport(source) if source.is_body() || source.is_decode() => "body",
        Error::BodyTooLarge { .. } | Error::IncompleteBody { .. } => "body",
        Error::Transport(_) => "transport",
        _ => "other",
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
