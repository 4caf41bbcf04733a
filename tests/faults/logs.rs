//! The SDK's `tracing` output, captured at `TRACE` level from every target: what a request's
//! span and events record, and that no credential, query value or body reaches them.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gram_sdk::auth::{InfoRequest, SwitchScopesRequest, SwitchScopesSecurity};
use gram_sdk::{CallOptions, Gram, RetryConfig, Security};
use tracing_subscriber::fmt::MakeWriter;

use crate::server::{Fault, FaultServer, Reply};

const SESSION_SECRET: &str = "session-secret-4f1c";
const HEADER_SECRET: &str = "header-secret-9b2e";
const QUERY_SECRET: &str = "query-secret-77d0";
const BODY_SECRET: &str = "body-secret-c3a5";

/// A writer into a shared buffer, for the subscriber's output.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl io::Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Buffer {
        self.clone()
    }
}

/// Runs `calls` with a subscriber that records everything, and returns its output.
async fn captured<F: Future<Output = ()>>(calls: F) -> String {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(buffer.clone())
        .finish();
    // `#[tokio::test]` runs on one thread, so the thread's default covers the whole call.
    let _guard = tracing::subscriber::set_default(subscriber);
    calls.await;
    buffer.text()
}

fn fast_retries() -> RetryConfig {
    RetryConfig::new()
        .initial_interval(Duration::from_millis(20))
        .max_elapsed_time(Duration::from_secs(10))
        .retry_non_idempotent(true)
}

#[tokio::test]
async fn logs_hold_no_secret() {
    let unavailable = Reply::json(503, &format!(r#"{{"message":"{BODY_SECRET}"}}"#));
    let server = FaultServer::start(vec![
        Fault::Reply(unavailable),
        Fault::Reply(Reply::empty(200).header("Gram-Session", SESSION_SECRET)),
    ])
    .await;
    let gram = Gram::builder()
        .server_url(server.url())
        .security(Security::new().session_header_gram_session(SESSION_SECRET))
        .build()
        .expect("the client should build");

    let output = captured(async {
        let request = SwitchScopesRequest::new()
            .organization_id(QUERY_SECRET)
            .gram_session(HEADER_SECRET)
            .security(SwitchScopesSecurity::new(SESSION_SECRET))
            .options(CallOptions::new().retries(fast_retries()));
        gram.auth()
            .switch_scopes(request)
            .await
            .expect("the retry should succeed");
    })
    .await;

    assert_eq!(server.attempts(), 2);
    assert!(
        server.requests()[1].request_line.contains(QUERY_SECRET),
        "the query value should reach the server"
    );
    for secret in [SESSION_SECRET, HEADER_SECRET, QUERY_SECRET, BODY_SECRET] {
        assert!(!output.contains(secret), "{secret} logged in:\n{output}");
    }
    assert!(
        !output.contains("organization_id"),
        "query logged in:\n{output}"
    );
}

#[tokio::test]
async fn logs_name_operation_and_retry() {
    let server = FaultServer::start(vec![
        Fault::Reply(Reply::json(503, "{}")),
        Fault::Reply(Reply::empty(200)),
    ])
    .await;
    let gram = Gram::builder()
        .server_url(server.url())
        .retries(fast_retries())
        .build()
        .expect("the client should build");

    let output = captured(async {
        let request = SwitchScopesRequest::new().security(SwitchScopesSecurity::new("s"));
        gram.auth()
            .switch_scopes(request)
            .await
            .expect("the retry should succeed");
    })
    .await;

    let retry = output
        .lines()
        .find(|line| line.contains("retrying request"))
        .unwrap_or_else(|| panic!("no retry event in:\n{output}"));
    assert!(retry.contains("INFO"), "{retry}");
    assert!(
        retry.contains("operation_id=\"auth#switchScopes\""),
        "{retry}"
    );
    assert!(retry.contains("method=POST"), "{retry}");
    assert!(retry.contains("path=\"/rpc/auth.switchScopes\""), "{retry}");
    assert!(retry.contains("attempt=1"), "{retry}");
    assert!(retry.contains("reason=status 503"), "{retry}");
    assert!(retry.contains("wait_ms="), "{retry}");

    let done = output
        .lines()
        .find(|line| line.contains("response received"))
        .unwrap_or_else(|| panic!("no response event in:\n{output}"));
    assert!(done.contains("attempt=2"), "{done}");
    assert!(done.contains("status=200"), "{done}");
    assert!(done.contains("elapsed_ms="), "{done}");
}

#[tokio::test]
async fn logs_record_failed_request() {
    let server = FaultServer::start(vec![Fault::Reset]).await;
    let gram = Gram::builder()
        .server_url(server.url())
        .no_retries()
        .build()
        .expect("the client should build");

    let output = captured(async {
        let result = gram.auth().info(InfoRequest::new()).await;
        assert!(result.is_err(), "the connection was reset");
    })
    .await;

    let failed = output
        .lines()
        .find(|line| line.contains("request failed"))
        .unwrap_or_else(|| panic!("no failure event in:\n{output}"));
    assert!(failed.contains("DEBUG"), "{failed}");
    assert!(failed.contains("operation_id=\"auth#info\""), "{failed}");
    assert!(failed.contains("error_kind="), "{failed}");
}
