//! Fault tests of the generated Gram SDK: resets, stalls, retry statuses and malformed
//! responses from a raw HTTP server on 127.0.0.1, and the SDK's retries, timeouts, hooks and
//! logs around them.
//!
//! Time bounds are strict below, because a wait that is too short is a bug, and loose above,
//! because the machine running the tests may be loaded.

mod logs;
mod server;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gram_sdk::auth::{InfoRequest, InfoSecurity, SwitchScopesRequest, SwitchScopesSecurity};
use gram_sdk::reqwest::StatusCode;
use gram_sdk::{CallOptions, Error, Gram, RetryConfig};
use server::{Fault, FaultServer, Reply};

const SESSION: &str = "session-1";

/// A valid `auth.info` body.
const INFO_JSON: &str = r#"{"user_id":"user-1","user_email":"ada@example.com","active_organization_id":"org-1","organizations":[]}"#;

/// Loose upper bound for calls that should not wait at all.
const QUICK: Duration = Duration::from_secs(5);

/// Retries with short waits: 20 to 40 ms before the first retry, and at most 10 s in all.
fn fast_retries() -> RetryConfig {
    RetryConfig::new()
        .initial_interval(Duration::from_millis(40))
        .max_interval(Duration::from_secs(2))
        .exponent(1.5)
        .max_elapsed_time(Duration::from_secs(10))
}

fn client(server: &FaultServer) -> Gram {
    Gram::builder()
        .server_url(server.url())
        .retries(fast_retries())
        .build()
        .expect("the client should build")
}

fn info_request() -> InfoRequest {
    InfoRequest::new().security(InfoSecurity::new(SESSION))
}

fn switch_scopes_request() -> SwitchScopesRequest {
    SwitchScopesRequest::new().security(SwitchScopesSecurity::new(SESSION))
}

fn ok_info() -> Fault {
    Fault::Reply(Reply::json(200, INFO_JSON))
}

fn status(code: u16) -> Fault {
    Fault::Reply(Reply::json(
        code,
        r#"{"name":"unavailable","message":"try later"}"#,
    ))
}

#[tokio::test]
async fn reset_is_retried() {
    let server = FaultServer::start(vec![Fault::Reset, ok_info()]).await;
    let started = Instant::now();
    let response = client(&server).auth().info(info_request()).await;
    let elapsed = started.elapsed();

    let response = response.expect("the second attempt should succeed");
    assert_eq!(response.body.user_id, "user-1");
    assert_eq!(server.attempts(), 2);
    assert!(elapsed >= Duration::from_millis(20), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn reset_without_retries_is_transport() {
    let server = FaultServer::start(vec![Fault::Reset, ok_info()]).await;
    let started = Instant::now();
    let request = info_request().options(CallOptions::new().no_retries());
    let error = client(&server)
        .auth()
        .info(request)
        .await
        .expect_err("the connection was reset");

    assert!(
        matches!(error, Error::Transport(_)),
        "expected Error::Transport, got {error:?}"
    );
    assert!(!error.is_timeout());
    assert_eq!(server.attempts(), 1);
    assert!(started.elapsed() < QUICK, "elapsed {:?}", started.elapsed());
}

#[tokio::test]
async fn slow_response_times_out() {
    let slow = Fault::Reply(Reply::json(200, INFO_JSON).delay(Duration::from_secs(10)));
    let server = FaultServer::start(vec![slow]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .no_retries()
        .timeout(Duration::from_millis(300))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("the response comes after the timeout");
    let elapsed = started.elapsed();

    assert!(
        matches!(error, Error::Timeout { timeout } if timeout == Duration::from_millis(300)),
        "expected Error::Timeout, got {error:?}"
    );
    assert!(error.is_timeout());
    assert_eq!(server.attempts(), 1);
    assert!(elapsed >= Duration::from_millis(300), "elapsed {elapsed:?}");
    assert!(elapsed < Duration::from_secs(9), "elapsed {elapsed:?}");
}

#[tokio::test]
async fn call_timeout_overrides_client() {
    let slow = Fault::Reply(Reply::json(200, INFO_JSON).delay(Duration::from_millis(600)));
    let server = FaultServer::start(vec![slow]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .no_retries()
        .timeout(Duration::from_millis(100))
        .build()
        .expect("the client should build");

    let request = info_request().options(CallOptions::new().timeout(Duration::from_secs(10)));
    let response = gram.auth().info(request).await;

    assert!(response.is_ok(), "expected success, got {response:?}");
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn timeout_is_retried() {
    let slow = Fault::Reply(Reply::json(200, INFO_JSON).delay(Duration::from_secs(10)));
    let server = FaultServer::start(vec![slow, ok_info()]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let response = gram.auth().info(info_request()).await;
    let elapsed = started.elapsed();

    assert!(response.is_ok(), "expected success, got {response:?}");
    assert_eq!(server.attempts(), 2);
    assert!(elapsed >= Duration::from_millis(320), "elapsed {elapsed:?}");
    assert!(elapsed < Duration::from_secs(9), "elapsed {elapsed:?}");
}

#[tokio::test]
async fn status_503_then_200_is_retried() {
    let server = FaultServer::start(vec![status(503), ok_info()]).await;
    let started = Instant::now();
    let response = client(&server).auth().info(info_request()).await;
    let elapsed = started.elapsed();

    let response = response.expect("the second attempt should succeed");
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(server.attempts(), 2);
    assert!(elapsed >= Duration::from_millis(20), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let limited = Fault::Reply(Reply::json(429, "{}").header("Retry-After", "1"));
    let server = FaultServer::start(vec![limited, ok_info()]).await;
    let started = Instant::now();
    let response = client(&server).auth().info(info_request()).await;
    let elapsed = started.elapsed();

    assert!(response.is_ok(), "expected success, got {response:?}");
    assert_eq!(server.attempts(), 2);
    assert!(elapsed >= Duration::from_secs(1), "elapsed {elapsed:?}");
    assert!(elapsed < Duration::from_secs(6), "elapsed {elapsed:?}");
}

#[tokio::test]
async fn retry_after_date_is_honoured() {
    // An HTTP date has whole seconds, so the date sent is up to a second before the one chosen.
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(2));
    let not_before = httpdate::parse_http_date(&date).expect("the date parses");
    let limited = Fault::Reply(Reply::json(503, "{}").header("Retry-After", &date));
    let server = FaultServer::start(vec![limited, ok_info()]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries().max_interval(Duration::from_secs(5)))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let response = gram.auth().info(info_request()).await;
    let elapsed = started.elapsed();

    assert!(response.is_ok(), "expected success, got {response:?}");
    assert_eq!(server.attempts(), 2);
    assert!(
        std::time::SystemTime::now() >= not_before,
        "the retry came before the Retry-After date {date}"
    );
    assert!(elapsed < Duration::from_secs(8), "elapsed {elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_capped_by_max_interval() {
    let limited = Fault::Reply(Reply::json(429, "{}").header("Retry-After", "120"));
    let server = FaultServer::start(vec![limited, ok_info()]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries().max_interval(Duration::from_millis(200)))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let response = gram.auth().info(info_request()).await;
    let elapsed = started.elapsed();

    assert!(response.is_ok(), "expected success, got {response:?}");
    assert_eq!(server.attempts(), 2);
    assert!(elapsed >= Duration::from_millis(200), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn retries_stop_at_max_elapsed_time() {
    let server = FaultServer::start(vec![status(503)]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries().max_elapsed_time(Duration::from_millis(500)))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("every attempt gets 503");
    let elapsed = started.elapsed();

    assert!(
        matches!(error, Error::UnexpectedStatus(_)),
        "expected Error::UnexpectedStatus, got {error:?}"
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert!(server.attempts() >= 3, "attempts {}", server.attempts());
    // At least two waits: 20 ms and 30 ms at the least.
    assert!(elapsed >= Duration::from_millis(50), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

/// Calls `auth.info` against a server that responds to every request with 503 and
/// `Retry-After: {retry_after}`, with retries that may last 500 ms, and returns the number of
/// attempts and the time the call took.
async fn attempts_with_retry_after(retry_after: &str) -> (usize, Duration) {
    let busy = Fault::Reply(Reply::json(503, "{}").header("Retry-After", retry_after));
    let server = FaultServer::start(vec![busy]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries().max_elapsed_time(Duration::from_millis(500)))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("every attempt gets 503");
    let elapsed = started.elapsed();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    (server.attempts(), elapsed)
}

#[tokio::test]
async fn retry_after_zero_keeps_backoff() {
    // The shortest waits of `fast_retries` are 20, 30, 45, 67.5, 101 and 152 ms, 416 ms in
    // all. A seventh wait would end past the 500 ms maximum elapsed time.
    let (attempts, elapsed) = attempts_with_retry_after("0").await;
    assert!(attempts <= 7, "attempts {attempts}");
    assert!(attempts >= 2, "attempts {attempts}");
    assert!(elapsed >= Duration::from_millis(20), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn retry_after_past_date_keeps_backoff() {
    let (attempts, elapsed) = attempts_with_retry_after("Thu, 01 Jan 1970 00:00:00 GMT").await;
    assert!(attempts <= 7, "attempts {attempts}");
    assert!(attempts >= 2, "attempts {attempts}");
    assert!(elapsed >= Duration::from_millis(20), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn status_outside_config_is_not_retried() {
    let server = FaultServer::start(vec![status(503), ok_info()]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries().statuses([429]))
        .build()
        .expect("the client should build");

    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("503 is not a retry status here");

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn malformed_json_is_decode_error() {
    let server = FaultServer::start(vec![Fault::Reply(Reply::json(200, "{\"user_id\": "))]).await;
    let started = Instant::now();
    let error = client(&server)
        .auth()
        .info(info_request())
        .await
        .expect_err("the body is not JSON");

    let Error::Decode { response, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.text(), "{\"user_id\": ");
    assert_eq!(server.attempts(), 1);
    assert!(started.elapsed() < QUICK, "elapsed {:?}", started.elapsed());
}

#[tokio::test]
async fn wrong_content_type_is_decode_error() {
    let html = Reply {
        headers: vec![("Content-Type".to_owned(), "text/html".to_owned())],
        ..Reply::json(200, "<html><body>maintenance</body></html>")
    };
    let server = FaultServer::start(vec![Fault::Reply(html)]).await;
    let error = client(&server)
        .auth()
        .info(info_request())
        .await
        .expect_err("the body is HTML");

    let Error::Decode { response, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    let content_type = response.headers.get("content-type");
    assert_eq!(
        content_type.and_then(|value| value.to_str().ok()),
        Some("text/html")
    );
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn truncated_body_is_incomplete_body() {
    let truncated = Reply::json(200, &INFO_JSON[..20]).declared_length(INFO_JSON.len());
    let server = FaultServer::start(vec![Fault::Reply(truncated), ok_info()]).await;
    let started = Instant::now();
    let error = client(&server)
        .auth()
        .info(info_request())
        .await
        .expect_err("the body ends early");

    let Error::IncompleteBody {
        received,
        content_length,
        ..
    } = &error
    else {
        panic!("expected Error::IncompleteBody, got {error:?}");
    };
    assert_eq!(*received, 20);
    assert_eq!(*content_length, Some(INFO_JSON.len() as u64));
    assert!(error.to_string().contains("cut short"), "{error}");
    // The response arrived, so the attempt is not retried.
    assert_eq!(server.attempts(), 1);
    assert!(started.elapsed() < QUICK, "elapsed {:?}", started.elapsed());
}

#[tokio::test]
async fn error_display_shows_bounded_escaped_body() {
    let mut body = "\u{1b}[31mred\r\nforged log line ".to_owned();
    body.push_str(&"x".repeat(200_000));
    let reply = Reply::json(500, &body);
    let server = FaultServer::start(vec![Fault::Reply(reply)]).await;
    let error = Gram::builder()
        .server_url(server.url())
        .no_retries()
        .build()
        .expect("the client should build")
        .auth()
        .info(info_request())
        .await
        .expect_err("status 500 is an error");

    let message = error.to_string();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert!(message.len() < 700, "{} characters shown", message.len());
    assert!(!message.contains('\u{1b}'), "{message}");
    assert!(!message.contains('\n'), "{message}");
    assert!(message.contains(r"\u{1b}[31mred\r\nforged"), "{message}");
    assert!(
        message.ends_with(&format!("… ({} bytes in total)", body.len())),
        "{message}"
    );
    let content = error.response().expect("the error keeps the response");
    assert_eq!(content.body.len(), body.len());
}

/// Asserts that `error` has a source and that no error of its chain repeats the message of
/// its own source, so that a report of the whole chain shows each message once.
fn assert_chain_without_repeats(case: &str, error: &Error) {
    let mut current: &dyn std::error::Error = error;
    assert!(
        current.source().is_some(),
        "{case}: {error:?} has no source"
    );
    while let Some(source) = current.source() {
        let text = current.to_string();
        let inner = source.to_string();
        assert!(
            !text.contains(&inner),
            "{case}: {text:?} repeats its source {inner:?}"
        );
        current = source;
    }
}

#[tokio::test]
async fn error_chain_shows_causes_once() {
    let truncated = Reply::json(200, &INFO_JSON[..20]).declared_length(INFO_JSON.len());
    let cases = [
        ("reset", Fault::Reset),
        (
            "invalid JSON",
            Fault::Reply(Reply::json(200, "{\"user_id\": ")),
        ),
        ("truncated body", Fault::Reply(truncated)),
    ];
    for (case, fault) in cases {
        let server = FaultServer::start(vec![fault]).await;
        let request = info_request().options(CallOptions::new().no_retries());
        let error = client(&server)
            .auth()
            .info(request)
            .await
            .expect_err("the attempt fails");
        assert_chain_without_repeats(case, &error);
    }

    let server = FaultServer::start(vec![ok_info()]).await;
    let error = Gram::builder()
        .server_url(server.url())
        .before_send(|_| Err("signing key missing".into()))
        .build()
        .expect("the client should build")
        .auth()
        .info(info_request())
        .await
        .expect_err("the hook fails");
    assert_chain_without_repeats("hook", &error);

    let error = Gram::builder()
        .server_url("/relative")
        .build()
        .expect_err("a relative server URL is invalid");
    assert_chain_without_repeats("relative server URL", &error);
}

/// Calls `auth.info` once with a maximum body size of `max_size` bytes, or the default.
async fn info_with_max_body_size(server: &FaultServer, max_size: Option<u64>) -> Error {
    let mut builder = Gram::builder().server_url(server.url()).no_retries();
    if let Some(max_size) = max_size {
        builder = builder.max_response_body_size(max_size);
    }
    builder
        .build()
        .expect("the client should build")
        .auth()
        .info(info_request())
        .await
        .expect_err("the body is too large")
}

#[tokio::test]
async fn declared_length_over_max_is_rejected() {
    let reply = Reply::json(200, &"x".repeat(2000));
    let server = FaultServer::start(vec![Fault::Reply(reply)]).await;
    let error = info_with_max_body_size(&server, Some(1000)).await;

    let Error::BodyTooLarge {
        max_size,
        content_length,
        ..
    } = &error
    else {
        panic!("expected Error::BodyTooLarge, got {error:?}");
    };
    assert_eq!(*max_size, 1000);
    assert_eq!(*content_length, Some(2000));
    assert!(
        error.to_string().contains("max_response_body_size"),
        "{error}"
    );
}

#[tokio::test]
async fn chunked_body_over_max_is_rejected() {
    let reply = Reply::json(200, &"x".repeat(300_000)).chunked();
    let server = FaultServer::start(vec![Fault::Reply(reply)]).await;
    let error = info_with_max_body_size(&server, Some(100_000)).await;

    let Error::BodyTooLarge { content_length, .. } = &error else {
        panic!("expected Error::BodyTooLarge, got {error:?}");
    };
    assert_eq!(*content_length, None);
}

#[tokio::test]
async fn chunked_body_under_max_is_read() {
    let reply = Reply::json(200, INFO_JSON).chunked();
    let server = FaultServer::start(vec![Fault::Reply(reply)]).await;
    let response = Gram::builder()
        .server_url(server.url())
        .max_response_body_size(INFO_JSON.len() as u64)
        .build()
        .expect("the client should build")
        .auth()
        .info(info_request())
        .await
        .expect("a body of exactly the maximum is read");
    assert_eq!(response.body.user_id, "user-1");
}

#[tokio::test]
async fn default_max_is_64_mib() {
    // Only the declared length passes the default, so the test sends a few bytes.
    let reply = Reply::json(200, "{}").declared_length(64 * 1024 * 1024 + 1);
    let server = FaultServer::start(vec![Fault::Reply(reply)]).await;
    let error = info_with_max_body_size(&server, None).await;

    let Error::BodyTooLarge { max_size, .. } = &error else {
        panic!("expected Error::BodyTooLarge, got {error:?}");
    };
    assert_eq!(*max_size, 64 * 1024 * 1024);
}

#[tokio::test]
async fn empty_json_body_is_decode_error() {
    let server = FaultServer::start(vec![Fault::Reply(Reply::json(200, ""))]).await;
    let error = client(&server)
        .auth()
        .info(info_request())
        .await
        .expect_err("an empty body is not JSON");

    let Error::Decode { response, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert!(response.body.is_empty());
    assert_eq!(server.attempts(), 1);
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    let server = FaultServer::start(vec![status(503), Fault::Reply(Reply::empty(200))]).await;
    let started = Instant::now();
    let error = client(&server)
        .auth()
        .switch_scopes(switch_scopes_request())
        .await
        .expect_err("a POST is sent once");

    assert!(
        matches!(error, Error::UnexpectedStatus(_)),
        "expected Error::UnexpectedStatus, got {error:?}"
    );
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(server.attempts(), 1);
    assert!(started.elapsed() < QUICK, "elapsed {:?}", started.elapsed());
}

#[tokio::test]
async fn post_is_retried_when_opted_in() {
    let server = FaultServer::start(vec![status(503), Fault::Reply(Reply::empty(200))]).await;
    let options = CallOptions::new().retries(fast_retries().retry_non_idempotent(true));
    let request = switch_scopes_request()
        .organization_id("org-2")
        .options(options);
    let started = Instant::now();
    let response = client(&server).auth().switch_scopes(request).await;
    let elapsed = started.elapsed();

    assert!(response.is_ok(), "expected success, got {response:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert!(request.request_line.starts_with("POST "), "{request:?}");
        assert!(
            request.request_line.contains("organization_id=org-2"),
            "{request:?}"
        );
        assert_eq!(request.header("gram-session"), Some(SESSION));
    }
    assert!(elapsed >= Duration::from_millis(20), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn malformed_response_is_not_retried() {
    let huge_header = format!(
        "HTTP/1.1 200 OK\r\nX-Huge: {}\r\nContent-Length: 2\r\n\r\n{{}}",
        "a".repeat(1024 * 1024)
    );
    let cases: [(&str, &[u8]); 7] = [
        ("garbled status line", b"HELLO WORLD\r\n\r\n"),
        ("HTTP/0.9 body", INFO_JSON.as_bytes()),
        (
            "header line without a colon",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nno colon here\r\n\r\n{}",
        ),
        (
            "two Content-Length values",
            b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 2\r\n\r\n{}",
        ),
        (
            "Content-Length beyond u64",
            b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n{}",
        ),
        (
            "obsolete line folding",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Folded: a\r\n  b\r\n\r\n{}",
        ),
        ("1 MiB header", huge_header.as_bytes()),
    ];
    for (case, bytes) in cases {
        let server = FaultServer::start(vec![Fault::Raw(bytes.to_vec()), ok_info()]).await;
        let started = Instant::now();
        let error = client(&server)
            .auth()
            .info(info_request())
            .await
            .expect_err("the response is not valid HTTP");

        assert!(
            matches!(error, Error::Transport(_)),
            "{case}: expected Error::Transport, got {error:?}"
        );
        assert_eq!(server.attempts(), 1, "{case}");
        assert!(
            started.elapsed() < QUICK,
            "{case}: elapsed {:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn closed_before_response_is_retried() {
    let server = FaultServer::start(vec![Fault::Raw(Vec::new()), ok_info()]).await;
    let response = client(&server).auth().info(info_request()).await;

    let response = response.expect("the second attempt should succeed");
    assert_eq!(response.body.user_id, "user-1");
    assert_eq!(server.attempts(), 2);
}

#[tokio::test]
async fn post_without_body_sends_zero_length() {
    let server = FaultServer::start(vec![Fault::Reply(Reply::empty(200)), ok_info()]).await;
    let gram = client(&server);
    gram.auth()
        .switch_scopes(switch_scopes_request())
        .await
        .expect("the POST should succeed");
    gram.auth()
        .info(info_request())
        .await
        .expect("the GET should succeed");

    let requests = server.requests();
    assert!(
        requests[0].request_line.starts_with("POST "),
        "{requests:?}"
    );
    assert_eq!(requests[0].header("content-length"), Some("0"));
    assert!(requests[0].body.is_empty());
    assert!(requests[1].request_line.starts_with("GET "), "{requests:?}");
    assert_eq!(requests[1].header("content-length"), None);
}

#[tokio::test]
async fn refused_connection_is_retried() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding should succeed");
    let address = listener.local_addr().expect("listener has an address");
    drop(listener);
    let gram = Gram::builder()
        .server_url(format!("http://{address}"))
        .retries(fast_retries().max_elapsed_time(Duration::from_millis(300)))
        .build()
        .expect("the client should build");

    let started = Instant::now();
    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("nothing listens on the port");
    let elapsed = started.elapsed();

    let Error::Transport(source) = &error else {
        panic!("expected Error::Transport, got {error:?}");
    };
    assert!(source.is_connect(), "source {source:?}");
    // The first retry waits at least 20 ms; the maximum elapsed time ends them.
    assert!(elapsed >= Duration::from_millis(20), "elapsed {elapsed:?}");
    assert!(elapsed < QUICK, "elapsed {elapsed:?}");
}

#[tokio::test]
async fn dropped_call_closes_connection() {
    let server = FaultServer::start(vec![Fault::Hang]).await;
    let gram = client(&server);
    let auth = gram.auth();
    let call = auth.info(info_request());

    let outcome = tokio::time::timeout(Duration::from_millis(300), call).await;

    assert!(outcome.is_err(), "the server never answers");
    assert_eq!(server.attempts(), 1);
    assert!(
        server.wait_for_close(QUICK).await,
        "the server should see the connection close once the call is dropped"
    );
}

#[tokio::test]
async fn before_send_hook_runs_per_attempt() {
    let server = FaultServer::start(vec![status(503), ok_info()]).await;
    let counter = Arc::new(Mutex::new(0_u32));
    let seen = counter.clone();
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries())
        .before_send(move |request| {
            let mut count = seen.lock().unwrap();
            *count += 1;
            let value = format!("trace-{count}").parse()?;
            request.headers_mut().insert("x-trace-id", value);
            Ok(())
        })
        .build()
        .expect("the client should build");

    gram.auth()
        .info(info_request())
        .await
        .expect("the second attempt should succeed");

    let traces: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|request| request.header("x-trace-id").map(str::to_owned))
        .collect();
    assert_eq!(
        traces,
        [Some("trace-1".to_owned()), Some("trace-2".to_owned())]
    );
    assert_eq!(*counter.lock().unwrap(), 2);
}

#[tokio::test]
async fn before_send_error_sends_nothing() {
    let server = FaultServer::start(vec![ok_info()]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .before_send(|_| Err("signing key missing".into()))
        .build()
        .expect("the client should build");

    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("the hook fails");

    let Error::Hook(source) = &error else {
        panic!("expected Error::Hook, got {error:?}");
    };
    assert_eq!(source.to_string(), "signing key missing");
    assert_eq!(server.attempts(), 0);
}

#[tokio::test]
async fn after_receive_hook_sees_each_status() {
    let server = FaultServer::start(vec![status(503), ok_info()]).await;
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let seen = statuses.clone();
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries())
        .after_receive(move |response| {
            seen.lock().unwrap().push(response.status().as_u16());
            Ok(())
        })
        .build()
        .expect("the client should build");

    gram.auth()
        .info(info_request())
        .await
        .expect("the second attempt should succeed");

    assert_eq!(*statuses.lock().unwrap(), [503, 200]);
}

#[tokio::test]
async fn after_receive_error_is_not_retried() {
    let server = FaultServer::start(vec![status(503), ok_info()]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries())
        .after_receive(|response| {
            if response.headers().contains_key("x-signature") {
                Ok(())
            } else {
                Err("unsigned response".into())
            }
        })
        .build()
        .expect("the client should build");

    let error = gram
        .auth()
        .info(info_request())
        .await
        .expect_err("the hook rejects the response");

    assert!(
        matches!(error, Error::Hook(_)),
        "expected Error::Hook, got {error:?}"
    );
    assert_eq!(server.attempts(), 1);
}

#[test]
fn blocking_call_through_runtime() {
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime should start");
    let server = runtime.block_on(FaultServer::start(vec![ok_info()]));
    let gram = client(&server);

    let response = runtime.block_on(gram.auth().info(info_request()));

    assert!(response.is_ok(), "expected success, got {response:?}");
    assert_eq!(server.attempts(), 1);
}
