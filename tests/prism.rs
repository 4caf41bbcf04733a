//! Runs every operation of the generated auth SDK against Stoplight Prism's mock of
//! `spec/openapi.yaml`. Prism checks each request against the spec and responds with the spec's
//! examples, or with values made from the schemas where it has none (static mode).
//!
//! `cargo xtask test` installs Prism 5.14.2 into `tests/prism/node_modules` with `npm ci`.
//! Without node or without that install, the test prints one line and returns.

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::workspace_root;
use gram_sdk::auth::{CallbackRequest, InfoRequest, LogoutRequest, SwitchScopesRequest};
use gram_sdk::reqwest::StatusCode;
use gram_sdk::reqwest::header::HeaderMap;
use gram_sdk::{Error, Gram, Security};

/// Header in which Prism lists the ways a request breaks the spec.
const VIOLATIONS: &str = "sl-violations";

/// Number of times the test tries to connect to Prism, 250 ms apart, before it gives up.
const READY_TRIES: u32 = 240;

/// A `prism mock` process, killed when dropped.
struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Prism {
    /// Starts Prism on a free port of 127.0.0.1 and waits until it accepts connections.
    fn start(executable: &Path, spec: &Path) -> Prism {
        let port = free_port();
        let log_dir = tempfile::tempdir().expect("a temporary folder");
        let log = log_dir.path().join("prism.log");
        let output = std::fs::File::create(&log).expect("the log file is created");
        let child = Command::new(executable)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--errors", "--dynamic=false", "--multiprocess=false"])
            .arg(spec)
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("a second handle to the log"))
            .stderr(output)
            .spawn()
            .expect("prism starts");
        let mut prism = Prism {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
            _log_dir: log_dir,
        };
        prism.wait_until_ready(port);
        prism
    }

    fn wait_until_ready(&mut self, port: u16) {
        for _ in 0..READY_TRIES {
            if let Some(status) = self.child.try_wait().expect("prism's status") {
                panic!(
                    "prism exited with {status} before it was ready:\n{}",
                    self.log()
                );
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        panic!(
            "prism did not accept connections on port {port} after {READY_TRIES} tries:\n{}",
            self.log()
        );
    }

    /// Returns what Prism printed so far.
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn client(&self, security: Security) -> Gram {
        Gram::builder()
            .server_url(&self.url)
            .security(security)
            .build()
            .expect("the client builds")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Returns a port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("the bound address").port()
}

/// Returns the Prism executable, or `None` after printing why the test cannot run.
fn prism_executable() -> Option<PathBuf> {
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|output| output.status.success()) {
        println!("skipping the Prism test: node is not installed");
        return None;
    }
    let executable = workspace_root().join("tests/prism/node_modules/.bin/prism");
    if !executable.is_file() {
        println!("skipping the Prism test: Prism is not installed; `cargo xtask test` installs it");
        return None;
    }
    Some(executable)
}

/// Fails when Prism reported that the request breaks the spec.
fn assert_no_violations(operation: &str, headers: &HeaderMap, prism: &Prism) {
    assert_eq!(
        headers.get(VIOLATIONS),
        None,
        "Prism found violations in the {operation} request:\n{}",
        prism.log()
    );
}

/// Fails unless `result` is the SDK's error for a 401 without violations.
fn assert_unauthorized<T: std::fmt::Debug>(
    operation: &str,
    result: Result<T, Error>,
    prism: &Prism,
) {
    let error = result.expect_err(operation);
    assert!(
        matches!(error, Error::UnexpectedStatus(_)),
        "{operation} without credentials gave {error:?}"
    );
    assert_eq!(
        error.status(),
        Some(StatusCode::UNAUTHORIZED),
        "{operation}"
    );
    let response = error.response().expect("the error keeps the response");
    assert_no_violations(operation, &response.headers, prism);
}

/// One Prism serves every check, because it takes seconds to start.
#[tokio::test]
async fn auth_sdk_conforms_to_prism() {
    let Some(executable) = prism_executable() else {
        return;
    };
    let prism = Prism::start(&executable, &workspace_root().join("spec/openapi.yaml"));
    operations_pass_validation(&prism).await;
    missing_credentials_get_401(&prism).await;
    invalid_request_gets_422(&prism).await;
}

async fn operations_pass_validation(prism: &Prism) {
    let gram = prism.client(Security::new().session_header_gram_session("session-1"));
    let auth = gram.auth();

    let callback = auth
        .callback(CallbackRequest::new("shared-token-1"))
        .await
        .expect("callback");
    assert_eq!(callback.status, StatusCode::TEMPORARY_REDIRECT);
    assert!(callback.location.is_some(), "{callback:?}");
    assert_no_violations("callback", &callback.headers, prism);

    let info = auth.info(InfoRequest::new()).await.expect("info");
    assert_eq!(info.status, StatusCode::OK);
    assert!(!info.body.organizations.is_empty(), "{info:?}");
    assert_no_violations("info", &info.headers, prism);

    let logout = auth.logout(LogoutRequest::new()).await.expect("logout");
    assert_eq!(logout.status, StatusCode::OK);
    assert_no_violations("logout", &logout.headers, prism);

    let request = SwitchScopesRequest::new()
        .organization_id("org-1")
        .project_id("proj-1");
    let switched = auth.switch_scopes(request).await.expect("switchScopes");
    assert_eq!(switched.status, StatusCode::OK);
    assert_no_violations("switchScopes", &switched.headers, prism);
}

async fn missing_credentials_get_401(prism: &Prism) {
    let gram = prism.client(Security::new());
    let auth = gram.auth();

    assert_unauthorized("info", auth.info(InfoRequest::new()).await, prism);
    assert_unauthorized("logout", auth.logout(LogoutRequest::new()).await, prism);
    let switched = auth.switch_scopes(SwitchScopesRequest::new()).await;
    assert_unauthorized("switchScopes", switched, prism);
}

/// Checks that Prism rejects a request that breaks the spec, here one without the required
/// `shared_token`, so that the checks above can fail.
async fn invalid_request_gets_422(prism: &Prism) {
    let url = format!("{}/rpc/auth.callback", prism.url);
    let response = gram_sdk::reqwest::get(&url).await.expect("Prism responds");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
}
