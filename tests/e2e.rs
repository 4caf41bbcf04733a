//! End-to-end tests of the generated Gram SDK over real HTTP.
//!
//! Each test starts a stand-in of the auth service on 127.0.0.1 (see `support`), calls it
//! through `gram_sdk`, and checks both what the SDK returned and what the server received.

mod support;

use axum::http::Method;
use gram_sdk::auth::{
    CallbackRequest, InfoRequest, InfoSecurity, LogoutRequest, SwitchScopesRequest,
    SwitchScopesSecurity,
};
use gram_sdk::models::InfoResponseBody;
use gram_sdk::reqwest::StatusCode;
use gram_sdk::{Error, Gram, Security};
use serde_json::json;
use support::{
    AuthServer, CLEARED_COOKIE, GRAM_SESSION, InfoReply, LANDING_PATH, RecordedRequest,
    callback_session, expected_info_body, session_cookie, switched_session,
};

const SHARED_TOKEN: &str = "shared-token-1";
const SESSION: &str = "session-1";
const SECRET: &str = "secret-value";

/// A credential that would inject a second header if the SDK sent it unchecked.
const INJECTED: &str = "session-1\r\nX-Injected: 1";

/// Returns a base URL on 127.0.0.1 where nothing listens.
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding should succeed");
    let port = listener
        .local_addr()
        .expect("listener has an address")
        .port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// Turns borrowed pairs into the owned, sorted form that `query_pairs` is compared in.
fn sorted_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut owned: Vec<(String, String)> = pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect();
    owned.sort();
    owned
}

fn sorted_query(request: &RecordedRequest) -> Vec<(String, String)> {
    let mut pairs = request.query_pairs();
    pairs.sort();
    pairs
}

/// Calls `auth.info` with `security` on the client and `request`, and returns what the server
/// received.
async fn info_request_sent(security: Security, request: InfoRequest) -> RecordedRequest {
    let server = AuthServer::start().await;
    server
        .client_with(security)
        .auth()
        .info(request)
        .await
        .expect("info with a session should succeed");
    server.only_request()
}

/// Calls `auth.switchScopes` with a session and `request`, and returns what the server received.
async fn switch_scopes_request_sent(request: SwitchScopesRequest) -> RecordedRequest {
    let server = AuthServer::start().await;
    let request = request.security(SwitchScopesSecurity::new(SESSION));
    server
        .client()
        .auth()
        .switch_scopes(request)
        .await
        .expect("switchScopes with a session should succeed");
    server.only_request()
}

#[tokio::test]
async fn callback_returns_redirect_headers() {
    let server = AuthServer::start().await;
    let response = server
        .client()
        .auth()
        .callback(CallbackRequest::new(SHARED_TOKEN))
        .await
        .expect("a 307 from callback should be a success");

    let landing = format!("{}{LANDING_PATH}?from={SHARED_TOKEN}", server.url());
    let session = callback_session(SHARED_TOKEN);
    assert_eq!(response.status, StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.location, Some(landing));
    assert_eq!(response.set_cookie, Some(session_cookie(&session)));
    assert_eq!(response.gram_session, Some(session));
}

#[tokio::test]
async fn callback_sends_shared_token() {
    let server = AuthServer::start().await;
    let result = server
        .client()
        .auth()
        .callback(CallbackRequest::new(SHARED_TOKEN))
        .await;
    result.expect("callback should succeed");

    let request = server.only_request();
    assert_eq!(request.method, Method::GET);
    assert_eq!(request.path(), "/rpc/auth.callback");
    assert_eq!(
        sorted_query(&request),
        sorted_pairs(&[("shared_token", SHARED_TOKEN)])
    );
}

#[tokio::test]
async fn callback_does_not_follow_redirect() {
    let server = AuthServer::start().await;
    let result = server
        .client()
        .auth()
        .callback(CallbackRequest::new(SHARED_TOKEN))
        .await;

    let requests = server.requests();
    let landing_hits = requests.iter().filter(|r| r.path() == LANDING_PATH).count();
    assert_eq!(
        landing_hits, 0,
        "the SDK followed the redirect: {requests:#?}"
    );
    assert_eq!(requests.len(), 1);
    assert!(result.is_ok(), "callback failed: {result:?}");
}

/// A user name and password in the server URL go as HTTP basic credentials, as curl and
/// reqwest send them, unless the request has an `Authorization` header of its own.
#[tokio::test]
async fn server_url_userinfo_is_sent_as_basic() {
    let server = AuthServer::start().await;
    let url = server.url().replacen("http://", "http://user:p%40ss@", 1);
    let client = Gram::builder()
        .server_url(url)
        .security(Security::new().session_header_gram_session(SESSION))
        .build()
        .expect("a client for a URL with a user name");

    client
        .auth()
        .info(InfoRequest::new())
        .await
        .expect("info succeeds");

    let request = server.only_request();
    let authorization = request.headers.get("authorization");
    // base64 of `user:p@ss`, the password percent-decoded.
    assert_eq!(
        authorization.and_then(|value| value.to_str().ok()),
        Some("Basic dXNlcjpwQHNz")
    );
    assert_eq!(
        request.uri.authority().map(|authority| authority.as_str()),
        None
    );
}

#[tokio::test]
async fn callback_sends_no_session() {
    // The spec declares no security for callback, so client credentials must not be sent.
    let server = AuthServer::start().await;
    let client = server.client_with(Security::new().session_header_gram_session(SESSION));
    let result = client
        .auth()
        .callback(CallbackRequest::new(SHARED_TOKEN))
        .await;
    result.expect("callback should succeed");

    let request = server.only_request();
    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 0);
}

#[tokio::test]
async fn info_decodes_body() {
    let server = AuthServer::start().await;
    let response = server
        .client()
        .auth()
        .info(InfoRequest::new().security(InfoSecurity::new(SESSION)))
        .await
        .expect("info with a session should succeed");

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, expected_info_body());
}

#[tokio::test]
async fn futures_outlive_service_handle() {
    let server = AuthServer::start().await;
    let client = server.client();
    let request = || InfoRequest::new().security(InfoSecurity::new(SESSION));

    // Each future borrows the client alone, so the temporary `auth()` handles may be gone.
    let first = client.auth().info(request());
    let second = client.auth().info(request());
    let (first, second) = tokio::join!(first, second);

    let first = first.expect("the first call should succeed");
    let second = second.expect("the second call should succeed");
    assert_eq!(first.body, expected_info_body());
    assert_eq!(second.body, expected_info_body());
}

#[tokio::test]
async fn info_returns_session_headers() {
    let server = AuthServer::start().await;
    let response = server
        .client()
        .auth()
        .info(InfoRequest::new().security(InfoSecurity::new(SESSION)))
        .await
        .expect("info with a session should succeed");

    assert_eq!(response.gram_session.as_deref(), Some(SESSION));
    assert_eq!(response.set_cookie, Some(session_cookie(SESSION)));
    assert_eq!(response.headers[GRAM_SESSION], SESSION);
}

#[tokio::test]
async fn info_sends_client_security() {
    let security = Security::new().session_header_gram_session("session-client");
    let request = info_request_sent(security, InfoRequest::new()).await;

    assert_eq!(request.method, Method::GET);
    assert_eq!(request.path(), "/rpc/auth.info");
    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 1);
    assert_eq!(request.headers[GRAM_SESSION], "session-client");
}

#[tokio::test]
async fn info_operation_security_overrides_client() {
    let security = Security::new().session_header_gram_session("session-client");
    let info = InfoRequest::new().security(InfoSecurity::new("session-operation"));
    let request = info_request_sent(security, info).await;

    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 1);
    assert_eq!(request.headers[GRAM_SESSION], "session-operation");
}

#[tokio::test]
async fn info_header_param_overrides_security() {
    let security = Security::new().session_header_gram_session("session-client");
    let info = InfoRequest::new()
        .security(InfoSecurity::new("session-operation"))
        .gram_session("session-parameter");
    let request = info_request_sent(security, info).await;

    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 1);
    assert_eq!(request.headers[GRAM_SESSION], "session-parameter");
}

#[tokio::test]
async fn info_header_param_without_security() {
    let info = InfoRequest::new().gram_session("session-parameter");
    let request = info_request_sent(Security::new(), info).await;

    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 1);
    assert_eq!(request.headers[GRAM_SESSION], "session-parameter");
}

#[tokio::test]
async fn info_without_session_is_unexpected_status() {
    let server = AuthServer::start().await;
    let error = server
        .client()
        .auth()
        .info(InfoRequest::new())
        .await
        .expect_err("info without a session should fail");

    let Error::UnexpectedStatus(response) = &error else {
        panic!("expected Error::UnexpectedStatus, got {error:?}");
    };
    let body: serde_json::Value =
        serde_json::from_slice(&response.body).expect("the 401 body should be JSON");
    assert_eq!(response.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body,
        json!({"name": "unauthorized", "message": "session required"})
    );
    assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
    let text = error
        .response()
        .expect("the error should keep the response")
        .text();
    assert!(
        text.contains(r#""message":"session required""#),
        "body text: {text}"
    );
    assert_eq!(
        server
            .only_request()
            .headers
            .get_all(GRAM_SESSION)
            .iter()
            .count(),
        0
    );
}

#[tokio::test]
async fn logout_clears_cookie() {
    let server = AuthServer::start().await;
    let client = server.client_with(Security::new().session_header_gram_session(SESSION));
    let response = client
        .auth()
        .logout(LogoutRequest::new())
        .await
        .expect("logout with a session should succeed");

    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.set_cookie.as_deref(), Some(CLEARED_COOKIE));
}

#[tokio::test]
async fn logout_sends_session() {
    let server = AuthServer::start().await;
    let client = server.client_with(Security::new().session_header_gram_session(SESSION));
    let result = client.auth().logout(LogoutRequest::new()).await;
    result.expect("logout with a session should succeed");

    let request = server.only_request();
    assert_eq!(request.method, Method::GET);
    assert_eq!(request.path(), "/rpc/auth.logout");
    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 1);
    assert_eq!(request.headers[GRAM_SESSION], SESSION);
}

#[tokio::test]
async fn switch_scopes_sends_session() {
    let request = switch_scopes_request_sent(SwitchScopesRequest::new()).await;

    assert_eq!(request.method, Method::POST);
    assert_eq!(request.path(), "/rpc/auth.switchScopes");
    assert_eq!(request.headers.get_all(GRAM_SESSION).iter().count(), 1);
    assert_eq!(request.headers[GRAM_SESSION], SESSION);
}

#[tokio::test]
async fn switch_scopes_returns_session_headers() {
    let server = AuthServer::start().await;
    let request = SwitchScopesRequest::new()
        .organization_id("org-2")
        .security(SwitchScopesSecurity::new(SESSION));
    let response = server
        .client()
        .auth()
        .switch_scopes(request)
        .await
        .expect("switchScopes with a session should succeed");

    let switched = switched_session(SESSION);
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.set_cookie, Some(session_cookie(&switched)));
    assert_eq!(response.gram_session, Some(switched));
}

#[tokio::test]
async fn switch_scopes_without_params_sends_no_query() {
    let request = switch_scopes_request_sent(SwitchScopesRequest::new()).await;

    let pairs = request.query_pairs();
    assert!(pairs.is_empty(), "unexpected query parameters: {pairs:?}");
    assert_eq!(request.raw_query().unwrap_or(""), "");
}

#[tokio::test]
async fn switch_scopes_sends_only_organization() {
    let switch = SwitchScopesRequest::new().organization_id("org-2");
    let request = switch_scopes_request_sent(switch).await;

    assert_eq!(
        sorted_query(&request),
        sorted_pairs(&[("organization_id", "org-2")])
    );
}

#[tokio::test]
async fn switch_scopes_sends_only_project() {
    let switch = SwitchScopesRequest::new().project_id("proj-2");
    let request = switch_scopes_request_sent(switch).await;

    assert_eq!(
        sorted_query(&request),
        sorted_pairs(&[("project_id", "proj-2")])
    );
}

#[tokio::test]
async fn switch_scopes_sends_both_params() {
    let switch = SwitchScopesRequest::new()
        .organization_id("org-2")
        .project_id("proj-2");
    let request = switch_scopes_request_sent(switch).await;

    let expected = sorted_pairs(&[("organization_id", "org-2"), ("project_id", "proj-2")]);
    assert_eq!(sorted_query(&request), expected);
}

#[tokio::test]
async fn switch_scopes_encodes_reserved_characters() {
    let organization = "acme & co=1";
    let project = "projét ✓ 100%+#?/;";
    let switch = SwitchScopesRequest::new()
        .organization_id(organization)
        .project_id(project);
    let request = switch_scopes_request_sent(switch).await;

    let raw = request
        .raw_query()
        .expect("the request should have a query string");
    let expected = sorted_pairs(&[("organization_id", organization), ("project_id", project)]);
    assert!(raw.is_ascii(), "query string not percent-encoded: {raw}");
    assert!(
        !raw.contains(' '),
        "query string contains a raw space: {raw}"
    );
    assert_eq!(sorted_query(&request), expected);
}

#[tokio::test]
async fn info_invalid_json_is_decode_error() {
    let body = "{not json";
    let server = AuthServer::start_with(InfoReply::Raw(body)).await;
    let error = server
        .client()
        .auth()
        .info(InfoRequest::new().security(InfoSecurity::new(SESSION)))
        .await
        .expect_err("a body that is not JSON should fail to decode");

    let Error::Decode { response, source } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, body.as_bytes());
    assert!(source.is_syntax(), "expected a syntax error, got {source}");
    assert_eq!(error.status(), Some(StatusCode::OK));
}

#[tokio::test]
async fn info_wrong_shape_is_decode_error() {
    let body = r#"{"user_id": 7, "organizations": "none"}"#;
    let server = AuthServer::start_with(InfoReply::Raw(body)).await;
    let error = server
        .client()
        .auth()
        .info(InfoRequest::new().security(InfoSecurity::new(SESSION)))
        .await
        .expect_err("a body of the wrong shape should fail to decode");

    let Error::Decode { response, source } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert_eq!(response.status, StatusCode::OK);
    assert_eq!(response.body, body.as_bytes());
    assert!(source.is_data(), "expected a data error, got {source}");
    let message = source.to_string();
    assert!(
        message.starts_with("at `user_id`: invalid type"),
        "{message}"
    );
}

#[tokio::test]
async fn decode_error_names_nested_field() {
    let body = r#"{"user_id": "u", "user_email": "e", "active_organization_id": "o",
        "organizations": [{"organization_id": "o", "organization_name": "n",
        "organization_slug": "s", "account_type": "free", "projects": [{"project_id": "p",
        "project_name": 5, "project_slug": "s"}]}]}"#;
    let server = AuthServer::start_with(InfoReply::Raw(body)).await;
    let error = server
        .client()
        .auth()
        .info(InfoRequest::new().security(InfoSecurity::new(SESSION)))
        .await
        .expect_err("a body of the wrong shape should fail to decode");

    let Error::Decode { source, .. } = &error else {
        panic!("expected Error::Decode, got {error:?}");
    };
    assert!(source.is_data(), "expected a data error, got {source}");
    let message = source.to_string();
    assert!(
        message.starts_with("at `organizations[0].projects[0].project_name`: invalid type"),
        "{message}"
    );
}

#[tokio::test]
async fn info_ignores_unknown_fields() {
    // A newer server may add properties, and the SDK should still decode the declared ones.
    let body = r#"{"user_id": "user-9", "user_email": "grace@example.com",
        "active_organization_id": "org-9", "organizations": [], "is_admin": true}"#;
    let server = AuthServer::start_with(InfoReply::Raw(body)).await;
    let response = server
        .client()
        .auth()
        .info(InfoRequest::new().security(InfoSecurity::new(SESSION)))
        .await
        .expect("unknown properties should not fail decoding");

    let expected = InfoResponseBody {
        user_id: "user-9".to_owned(),
        user_email: "grace@example.com".to_owned(),
        active_organization_id: "org-9".to_owned(),
        organizations: vec![],
    };
    assert_eq!(response.body, expected);
}

#[tokio::test]
async fn crlf_credential_is_rejected_unsent() {
    let server = AuthServer::start().await;
    let cases = [
        (
            "client security",
            Security::new().session_header_gram_session(INJECTED),
            InfoRequest::new(),
        ),
        (
            "operation security",
            Security::new(),
            InfoRequest::new().security(InfoSecurity::new(INJECTED)),
        ),
        (
            "header parameter",
            Security::new(),
            InfoRequest::new().gram_session(INJECTED),
        ),
    ];

    for (case, security, request) in cases {
        let result = server.client_with(security).auth().info(request).await;
        let error = result.expect_err(case);
        let Error::InvalidHeaderValue { name } = &error else {
            panic!("{case}: expected Error::InvalidHeaderValue, got {error:?}");
        };
        assert!(
            name.eq_ignore_ascii_case("gram-session"),
            "{case}: header name {name}"
        );
        assert!(
            !format!("{error}").contains("X-Injected"),
            "{case}: message shows the value"
        );
        assert!(
            !format!("{error:?}").contains("X-Injected"),
            "{case}: Debug shows the value"
        );
    }
    let requests = server.requests();
    assert!(requests.is_empty(), "the server received {requests:#?}");
}

#[tokio::test]
async fn base_path_prefixes_requests() {
    let server = AuthServer::start().await;
    let security = Security::new().session_header_gram_session(SESSION);

    for base in ["/base", "/base/"] {
        let client = Gram::builder()
            .server_url(format!("{}{base}", server.url()))
            .security(security.clone())
            .build()
            .expect("a URL with a path should be a valid server URL");
        let result = client.auth().info(InfoRequest::new()).await;
        assert!(result.is_ok(), "server URL ending {base}: {result:?}");
    }

    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(paths, ["/base/rpc/auth.info", "/base/rpc/auth.info"]);
}

#[tokio::test]
async fn closed_port_is_transport_error() {
    let client = Gram::builder()
        .server_url(closed_port_url())
        .no_retries()
        .build()
        .expect("the client should build");
    let error = client
        .auth()
        .info(InfoRequest::new())
        .await
        .expect_err("nothing listens on the port");

    assert!(
        matches!(error, Error::Transport(_)),
        "expected Error::Transport, got {error:?}"
    );
    assert_eq!(error.status(), None);
    assert!(error.response().is_none());
}

#[tokio::test]
async fn transport_error_hides_shared_token() {
    // The shared token is a credential, so a logged error must not show it in the URL.
    let client = Gram::builder()
        .server_url(closed_port_url())
        .no_retries()
        .build()
        .expect("the client should build");
    let error = client
        .auth()
        .callback(CallbackRequest::new(SECRET))
        .await
        .expect_err("nothing listens on the port");

    assert!(
        matches!(error, Error::Transport(_)),
        "expected Error::Transport, got {error:?}"
    );
    assert!(!format!("{error}").contains(SECRET), "message: {error}");
    assert!(!format!("{error:?}").contains(SECRET), "Debug: {error:?}");
}

#[tokio::test]
async fn invalid_server_url_is_rejected() {
    let result = Gram::builder().server_url("not a url").build();

    let Err(Error::InvalidServerUrl { url, .. }) = &result else {
        panic!("expected Error::InvalidServerUrl, got {result:?}");
    };
    assert_eq!(url, "not a url");
}

#[test]
fn security_debug_hides_secret() {
    let security = Security::new()
        .session_header_gram_session(SECRET)
        .apikey_header_gram_key(SECRET)
        .project_slug_header_gram_project(SECRET);

    let debug = format!("{security:?}");
    assert!(!debug.contains(SECRET), "Debug: {debug}");
}

#[test]
fn info_security_debug_hides_secret() {
    let debug = format!("{:?}", InfoSecurity::new(SECRET));
    assert!(!debug.contains(SECRET), "Debug: {debug}");
}

#[test]
fn info_request_debug_hides_secret() {
    // The `Gram-Session` header parameter carries the same session as the security scheme.
    let request = InfoRequest::new()
        .security(InfoSecurity::new(SECRET))
        .gram_session(SECRET);

    let debug = format!("{request:?}");
    assert!(!debug.contains(SECRET), "Debug: {debug}");
}

#[test]
fn client_debug_hides_secret() {
    let client = Gram::builder()
        .server_url("http://127.0.0.1:9")
        .security(Security::new().session_header_gram_session(SECRET))
        .build()
        .expect("the client should build");

    let debug = format!("{client:?}");
    assert!(!debug.contains(SECRET), "Debug: {debug}");
}

/// Variable that `Security::from_env` reads the session from.
const SESSION_VARIABLE: &str = "GRAM_SESSION_HEADER_GRAM_SESSION";

/// Checks `Security::from_env`. This is the only test that touches `SESSION_VARIABLE`, because
/// environment variables are shared by the parallel test threads.
#[tokio::test]
async fn security_from_env_reads_session() {
    let server = AuthServer::start().await;

    // SAFETY: changing the environment is unsound only while another thread reads it outside
    // std's environment lock. Other tests run in parallel threads, but none of them reads or
    // writes this variable or calls `Security::from_env`. Their clients connect to literal
    // 127.0.0.1 addresses, so no libc resolver runs. reqwest, hyper-util and
    // rustls-native-certs read the environment through `std::env`, which takes the lock. The
    // one libc reader in this binary, aws-lc-sys 0.47's CPU feature probe, runs before `main`
    // (checked with a gdb breakpoint on `getenv` over the whole test binary).
    unsafe { std::env::set_var(SESSION_VARIABLE, "session-from-env") };
    let from_set = Security::from_env();
    // SAFETY: as above.
    unsafe { std::env::set_var(SESSION_VARIABLE, "") };
    let from_empty = Security::from_env();
    // SAFETY: as above.
    unsafe { std::env::remove_var(SESSION_VARIABLE) };
    let from_unset = Security::from_env();

    let set_result = server
        .client_with(from_set)
        .auth()
        .info(InfoRequest::new())
        .await;
    let empty_result = server
        .client_with(from_empty)
        .auth()
        .info(InfoRequest::new())
        .await;
    let unset_result = server
        .client_with(from_unset)
        .auth()
        .info(InfoRequest::new())
        .await;

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].sessions(), ["session-from-env"]);
    assert!(set_result.is_ok(), "{set_result:?}");
    assert!(
        requests[1].sessions().is_empty(),
        "empty variable sent a session"
    );
    assert_eq!(
        empty_result.unwrap_err().status(),
        Some(StatusCode::UNAUTHORIZED)
    );
    assert!(
        requests[2].sessions().is_empty(),
        "unset variable sent a session"
    );
    assert_eq!(
        unset_result.unwrap_err().status(),
        Some(StatusCode::UNAUTHORIZED)
    );
}

#[test]
fn debug_output_redacts_credentials() {
    let secret = "s3cret-credential";
    let security = Security::new()
        .session_header_gram_session(secret)
        .apikey_header_gram_key(secret);
    let request = InfoRequest::new()
        .gram_session(secret)
        .security(InfoSecurity::new(secret));

    let printed = [
        format!("{security:?}"),
        format!("{request:?}"),
        format!("{:?}", InfoSecurity::new(secret)),
    ];
    for text in printed {
        assert!(!text.contains(secret), "{text}");
        assert!(text.contains("REDACTED"), "{text}");
    }
}
