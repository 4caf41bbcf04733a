//! End-to-end tests of the security code the generator emits, run with the SDK of
//! `tests/fixtures/security-schemes.yaml` (checked in under `tests/sdks/security/`) against a
//! server on 127.0.0.1 that records the credentials of every request.

mod server;

use std::time::{Duration, Instant};

use security_schemes_sdk::default_service::{
    CombinedRequest, CombinedSecurity, CustomRequest, CustomSecurity, ElsewhereRequest,
    GlobalRequest, OptionalRequest, OptionalSecurity, PublicRequest, ScopedRequest,
    SharedHeaderRequest, SharedQueryRequest, TokensRequest, TokensSecurity,
};
use security_schemes_sdk::reqwest;
use security_schemes_sdk::{
    CallOptions, ClientCredentials, Error, RetryConfig, Security, SecuritySchemes,
};
use server::{CLIENT_ID, CLIENT_SECRET, Server, client_authorization};

/// Returns a credential for every scheme of the global alternatives, each with its own value.
fn global_credentials() -> Security {
    Security::new()
        .api_key_header("header-key")
        .api_key_query("query-key")
        .api_key_cookie("cookie-key")
}

fn client_credentials() -> ClientCredentials {
    ClientCredentials::new(CLIENT_ID, CLIENT_SECRET)
}

fn basic_value(username: &str, password: &str) -> String {
    use base64::Engine as _;
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
    format!("authorization=Basic {encoded}")
}

#[tokio::test]
async fn global_first_alternative_wins() {
    let server = Server::start().await;
    let client = server.client(global_credentials());
    client
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap();

    let calls = server.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0].credentials(), ["x-api-key=header-key"]);
}

#[tokio::test]
async fn global_combination_sends_all() {
    let server = Server::start().await;
    let security = Security::new()
        .api_key_query("query-key")
        .api_key_cookie("cookie-key");
    let client = server.client(security);
    client
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap();

    let calls = server.calls();
    assert_eq!(
        calls[0].credentials(),
        ["cookie=session=cookie-key", "api_key=query-key"]
    );
}

#[tokio::test]
async fn query_key_is_percent_encoded() {
    let server = Server::start().await;
    let security = Security::new()
        .api_key_query("k/1+2 &=")
        .api_key_cookie("cookie-key");
    let client = server.client(security);
    client
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap();

    let call = &server.calls()[0];
    assert_eq!(call.uri.query(), Some("api_key=k%2F1%2B2%20%26%3D"));
    assert_eq!(
        call.credentials(),
        ["cookie=session=cookie-key", "api_key=k/1+2 &="]
    );
}

#[tokio::test]
async fn incomplete_combination_sends_nothing() {
    let server = Server::start().await;
    let client = server.client(Security::new().api_key_query("query-key"));
    client
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap();

    assert_eq!(server.calls()[0].credentials(), Vec::<String>::new());
}

#[tokio::test]
async fn public_operation_sends_no_credentials() {
    let server = Server::start().await;
    let security = global_credentials()
        .basic("user", "password")
        .bearer("bearer-token")
        .oauth("access-token");
    let client = server.client(security);
    client
        .default_service()
        .public(PublicRequest::new())
        .await
        .unwrap();

    let call = &server.calls()[0];
    assert_eq!(call.credentials(), Vec::<String>::new());
    assert_eq!(call.uri.query(), None);
}

#[tokio::test]
async fn optional_auth_sends_basic_when_set() {
    let server = Server::start().await;
    let without = server.client(Security::new());
    without
        .default_service()
        .optional(OptionalRequest::new())
        .await
        .unwrap();
    let with = server.client(Security::new().basic("alice", "s3cret:x"));
    with.default_service()
        .optional(OptionalRequest::new())
        .await
        .unwrap();

    let calls = server.calls();
    assert_eq!(calls[0].credentials(), Vec::<String>::new());
    assert_eq!(calls[1].credentials(), [basic_value("alice", "s3cret:x")]);
}

#[tokio::test]
async fn per_call_security_overrides_client() {
    let server = Server::start().await;
    let client = server.client(Security::new().basic("client", "client-password"));
    let request =
        OptionalRequest::new().security(OptionalSecurity::new().basic("call", "call-password"));
    client.default_service().optional(request).await.unwrap();

    assert_eq!(
        server.calls()[0].credentials(),
        [basic_value("call", "call-password")]
    );
}

#[tokio::test]
async fn basic_username_with_colon_is_rejected() {
    let server = Server::start().await;
    let client = server.client(Security::new().basic("al:ice", "password"));
    let error = client
        .default_service()
        .optional(OptionalRequest::new())
        .await
        .unwrap_err();

    assert!(
        matches!(
            error,
            Error::InvalidCredential {
                scheme: "basic",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn bearer_scheme_is_case_insensitive() {
    let server = Server::start().await;
    let client = server.client(Security::new().bearer("jwt-value").openid("id-token"));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    assert_eq!(
        server.calls()[0].credentials(),
        ["authorization=Bearer jwt-value"]
    );
}

#[tokio::test]
async fn openid_token_sent_as_bearer() {
    let server = Server::start().await;
    let client = server.client(Security::new().openid("id-token"));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    assert_eq!(
        server.calls()[0].credentials(),
        ["authorization=Bearer id-token"]
    );
}

#[tokio::test]
async fn per_call_alternative_beats_client_alternative() {
    let server = Server::start().await;
    let client = server.client(Security::new().bearer("client-jwt"));
    let request = TokensRequest::new().security(TokensSecurity::new().openid("call-token"));
    client.default_service().tokens(request).await.unwrap();

    assert_eq!(
        server.calls()[0].credentials(),
        ["authorization=Bearer call-token"]
    );
}

#[tokio::test]
async fn other_http_scheme_and_oauth_token() {
    let server = Server::start().await;
    let client = server.client(Security::new().custom_http("custom-value"));
    client
        .default_service()
        .custom(CustomRequest::new())
        .await
        .unwrap();
    let request = CustomRequest::new().security(CustomSecurity::new().oauth_code("code-token"));
    client.default_service().custom(request).await.unwrap();

    let calls = server.calls();
    assert_eq!(calls[0].credentials(), ["authorization=Token custom-value"]);
    assert_eq!(calls[1].credentials(), ["authorization=Bearer code-token"]);
}

#[tokio::test]
async fn combination_per_call_and_from_client() {
    let server = Server::start().await;
    let client = server.client(
        Security::new()
            .basic("client", "client-password")
            .api_key_header("client-key"),
    );
    client
        .default_service()
        .combined(CombinedRequest::new())
        .await
        .unwrap();
    let request =
        CombinedRequest::new().security(CombinedSecurity::new("call", "call-password", "call-key"));
    client.default_service().combined(request).await.unwrap();

    let calls = server.calls();
    assert_eq!(
        calls[0].credentials(),
        [
            basic_value("client", "client-password"),
            "x-api-key=client-key".to_owned()
        ]
    );
    assert_eq!(
        calls[1].credentials(),
        [
            basic_value("call", "call-password"),
            "x-api-key=call-key".to_owned()
        ]
    );
}

#[tokio::test]
async fn header_parameter_replaces_credential_header() {
    let server = Server::start().await;
    let client = server.client(Security::new().api_key_header("client-key"));
    let request = SharedHeaderRequest::new().x_api_key("parameter-key");
    let debug = format!("{request:?}");
    client
        .default_service()
        .shared_header(request)
        .await
        .unwrap();
    client
        .default_service()
        .shared_header(SharedHeaderRequest::new())
        .await
        .unwrap();

    let calls = server.calls();
    assert_eq!(calls[0].header_values("x-api-key"), ["parameter-key"]);
    assert_eq!(calls[1].header_values("x-api-key"), ["client-key"]);
    assert!(!debug.contains("parameter-key"), "{debug}");
}

#[tokio::test]
async fn query_parameter_replaces_credential_query() {
    let server = Server::start().await;
    let security = Security::new()
        .api_key_query("client-key")
        .api_key_cookie("cookie-key");
    let client = server.client(security);
    let request = SharedQueryRequest::new().api_key("parameter-key").page(2);
    let debug = format!("{request:?}");
    client
        .default_service()
        .shared_query(request)
        .await
        .unwrap();
    client
        .default_service()
        .shared_query(SharedQueryRequest::new().page(3))
        .await
        .unwrap();

    let calls = server.calls();
    assert_eq!(calls[0].uri.query(), Some("api_key=parameter-key&page=2"));
    assert_eq!(calls[1].uri.query(), Some("api_key=client-key&page=3"));
    assert!(!debug.contains("parameter-key"), "{debug}");
}

#[tokio::test]
async fn invalid_parameter_fails_before_token_request() {
    let server = Server::start().await;
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    let request = ScopedRequest::new().x_trace("trace\r\nX-Injected: 1");
    let error = client.default_service().scoped(request).await.unwrap_err();

    assert!(
        matches!(&error, Error::InvalidHeaderValue { name } if name == "x-trace"),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn header_injection_is_rejected_before_sending() {
    let server = Server::start().await;
    let cases = [
        Security::new().api_key_header("key\r\nX-Injected: 1"),
        Security::new().api_key_header("key\nmore"),
        Security::new().api_key_header("key\0"),
    ];
    for security in cases {
        let client = server.client(security);
        let error = client
            .default_service()
            .global(GlobalRequest::new())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, Error::InvalidHeaderValue { name } if name == "x-api-key"),
            "{error:?}"
        );
    }
    let bearer = server.client(Security::new().bearer("token\r\nX-Injected: 1"));
    let error = bearer
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidHeaderValue { .. }),
        "{error:?}"
    );
    let basic = server.client(Security::new().basic("user", "pass\r\nword"));
    let error = basic
        .default_service()
        .optional(OptionalRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidCredential { .. }),
        "{error:?}"
    );
    let parameter = server.client(Security::new());
    let request = SharedHeaderRequest::new().x_api_key("key\r\nX-Injected: 1");
    let error = parameter
        .default_service()
        .shared_header(request)
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidHeaderValue { .. }),
        "{error:?}"
    );

    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn cookie_injection_is_rejected_before_sending() {
    let server = Server::start().await;
    for value in ["key; admin=1", "key,other", "two words", "caf\u{e9}"] {
        let security = Security::new()
            .api_key_query("query-key")
            .api_key_cookie(value);
        let error = server
            .client(security)
            .default_service()
            .global(GlobalRequest::new())
            .await
            .unwrap_err();
        assert!(
            matches!(
                error,
                Error::InvalidCredential {
                    scheme: "api_key_cookie",
                    ..
                }
            ),
            "{value:?}: {error:?}"
        );
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn debug_and_errors_hide_credentials() {
    let secrets = [
        "header-key",
        "query-key",
        "cookie-key",
        "alice",
        "s3cret",
        "jwt",
        CLIENT_SECRET,
    ];
    let security = global_credentials()
        .basic("alice", "s3cret")
        .bearer("jwt")
        .oauth_client_credentials(client_credentials());
    let client = SecuritySchemes::builder()
        .security(security.clone())
        .build()
        .unwrap();
    let call_security = CombinedSecurity::new("alice", "s3cret", "header-key");
    let texts = [
        format!("{security:?}"),
        format!("{security:#?}"),
        format!("{client:?}"),
        format!("{call_security:?}"),
        format!("{:?}", TokensSecurity::new().bearer("jwt")),
    ];
    for text in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret:?} shown in {text}");
        }
    }
    assert!(texts[0].contains("[REDACTED]"), "{}", texts[0]);

    let server = Server::start().await;
    let error = server
        .client(Security::new().api_key_header("header-key\r\n"))
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("header-key"), "{shown}");
}

#[tokio::test]
async fn client_credentials_token_is_fetched_and_cached() {
    let server = Server::start().await;
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .clone()
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    assert_eq!(server.tokens_issued(), 1);
    let token_requests = server.token_requests();
    assert_eq!(token_requests.len(), 1);
    let token_request = &token_requests[0];
    assert_eq!(token_request.method, reqwest::Method::POST);
    assert_eq!(
        token_request.header("authorization"),
        Some(client_authorization())
    );
    assert_eq!(
        token_request.header("content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        token_request.form(),
        [
            ("grant_type".to_owned(), "client_credentials".to_owned()),
            ("scope".to_owned(), "read".to_owned()),
        ]
    );
    for call in server.calls() {
        assert_eq!(call.credentials(), ["authorization=Bearer token-1"]);
    }
}

/// A relative token URL resolves against the client's server, also for an operation served by
/// another one, so the client id and secret never go to the operation's server.
#[tokio::test]
async fn token_url_resolves_against_client_server() {
    let client_server = Server::start().await;
    let operation_server = Server::start().await;
    let security = Security::new().oauth_client_credentials(client_credentials());
    let client = client_server.client(security);

    let request = ElsewhereRequest::new().server_url(operation_server.url());
    client.default_service().elsewhere(request).await.unwrap();

    assert_eq!(client_server.token_requests().len(), 1);
    assert!(operation_server.token_requests().is_empty());
    let calls = operation_server.calls();
    assert_eq!(calls[0].credentials(), ["authorization=Bearer token-1"]);
}

/// Clients that share client credentials but not a token endpoint each fetch their own token.
#[tokio::test]
async fn token_cache_keeps_endpoints_apart() {
    let first = Server::start().await;
    let second = Server::start().await;
    let credentials = client_credentials();

    for (server, credentials) in [(&first, credentials.clone()), (&second, credentials)] {
        let client = server.client(Security::new().oauth_client_credentials(credentials));
        client
            .default_service()
            .tokens(TokensRequest::new())
            .await
            .unwrap();
    }

    assert_eq!(first.token_requests().len(), 1);
    assert_eq!(second.token_requests().len(), 1);
}

#[tokio::test]
async fn client_credentials_token_per_scope_set() {
    let server = Server::start().await;
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .scoped(ScopedRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .scoped(ScopedRequest::new())
        .await
        .unwrap();

    assert_eq!(server.tokens_issued(), 2);
    let scopes: Vec<String> = server
        .token_requests()
        .iter()
        .map(|request| request.form()[1].1.clone())
        .collect();
    assert_eq!(scopes, ["read", "read write"]);
    let calls = server.calls();
    assert_eq!(calls[1].credentials(), ["authorization=Bearer token-2"]);
    assert_eq!(calls[2].credentials(), ["authorization=Bearer token-2"]);
}

#[tokio::test]
async fn expired_token_is_fetched_again() {
    let server = Server::start().await;
    // The SDK stops using a token 10 seconds before `expires_in` runs out, so this one is
    // expired on arrival and the next one lasts one second.
    server.set_expires_in(Some(10));
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    assert_eq!(server.tokens_issued(), 2);

    server.set_expires_in(Some(11));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    assert_eq!(server.tokens_issued(), 3);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    assert_eq!(server.tokens_issued(), 4);

    let tokens: Vec<Vec<String>> = server
        .calls()
        .iter()
        .map(|call| call.credentials())
        .collect();
    let expected = ["token-1", "token-2", "token-3", "token-3", "token-4"]
        .map(|token| vec![format!("authorization=Bearer {token}")]);
    assert_eq!(tokens, expected);
}

#[tokio::test]
async fn expires_in_as_text_is_read() {
    let server = Server::start().await;
    // "10" is the SDK's margin, so each token is expired on arrival and every call fetches
    // one. An `expires_in` read as missing would keep the first token instead.
    server.set_expires_in(Some(10));
    server.send_expires_in_as_text();
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    assert_eq!(server.tokens_issued(), 2);
}

/// Calls `tokens` twice with client credentials and returns how many tokens the server issued.
async fn tokens_issued_for_two_calls(server: &Server) -> u32 {
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    for _ in 0..2 {
        client
            .default_service()
            .tokens(TokensRequest::new())
            .await
            .expect("the call should succeed");
    }
    server.tokens_issued()
}

#[tokio::test]
async fn max_u64_expires_in_never_expires() {
    let server = Server::start().await;
    // `Instant::now()` plus this many seconds overflows, which must not panic.
    server.set_expires_in(Some(u64::MAX));
    assert_eq!(tokens_issued_for_two_calls(&server).await, 1);
}

#[tokio::test]
async fn expires_in_beyond_u64_never_expires() {
    for json in ["18446744073709551616", "1e300", "\"18446744073709551615\""] {
        let server = Server::start().await;
        server.send_expires_in_json(json);
        assert_eq!(tokens_issued_for_two_calls(&server).await, 1, "{json}");
    }
}

/// A token whose `expires_in` is negative or not a number serves its own call only, so that a
/// token the server may have expired at once is not sent for good.
#[tokio::test]
async fn invalid_expires_in_is_not_cached() {
    for json in ["-5", "-0.5", "\"-5\"", "\"soon\"", "\"\""] {
        let server = Server::start().await;
        server.send_expires_in_json(json);
        assert_eq!(tokens_issued_for_two_calls(&server).await, 2, "{json}");
    }
}

#[tokio::test]
async fn expires_in_with_fraction_is_read() {
    let server = Server::start().await;
    // 10.0 equals the SDK's margin, so each token is expired on arrival.
    server.send_expires_in_json("10.0");
    assert_eq!(tokens_issued_for_two_calls(&server).await, 2);
}

#[tokio::test]
async fn rejected_token_is_fetched_again() {
    let server = Server::start().await;
    server.set_expires_in(None);
    server.reject_token("token-1");
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(reqwest::StatusCode::UNAUTHORIZED));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    assert_eq!(server.tokens_issued(), 2);
}

#[tokio::test]
async fn token_url_override_is_the_only_target() {
    let api = Server::start().await;
    let issuer = Server::start().await;
    let credentials = client_credentials().token_url(format!("{}/token", issuer.url()));
    let client = api.client(Security::new().oauth_client_credentials(credentials));
    client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    assert_eq!(issuer.tokens_issued(), 1);
    assert_eq!(issuer.calls().len(), 0);
    assert_eq!(api.token_requests().len(), 0);
    assert_eq!(
        api.calls()[0].credentials(),
        ["authorization=Bearer token-1"]
    );
}

#[tokio::test]
async fn failed_token_request_sends_no_call() {
    let server = Server::start().await;
    server.fail_token_requests(
        reqwest::StatusCode::BAD_REQUEST,
        r#"{"error":"invalid_scope"}"#,
    );
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    let Error::OAuthToken { url, reason, .. } = &error else {
        panic!("expected Error::OAuthToken, got {error:?}");
    };
    assert_eq!(url, &format!("{}/token", server.url()));
    assert!(reason.contains("invalid_scope"), "{reason}");
    assert!(!format!("{error} {error:?}").contains(CLIENT_SECRET));
    assert!(server.calls().is_empty());
}

/// A token request that cannot connect fails the call with `Error::OAuthToken`, which names
/// the token URL and keeps the connection error as its source.
#[tokio::test]
async fn refused_token_request_is_oauth_error() {
    let api = Server::start().await;
    // Nothing listens on the port once the listener is dropped, so connecting is refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let token_url = format!("http://127.0.0.1:{port}/token");
    let credentials = client_credentials().token_url(&token_url);
    let client = SecuritySchemes::builder()
        .server_url(api.url())
        .security(Security::new().oauth_client_credentials(credentials))
        .no_retries()
        .build()
        .unwrap();
    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    let Error::OAuthToken { url, .. } = &error else {
        panic!("expected Error::OAuthToken, got {error:?}");
    };
    assert_eq!(url, &token_url);
    assert!(error.to_string().contains(&token_url), "{error}");
    let source = std::error::Error::source(&error).and_then(|source| source.downcast_ref());
    assert!(
        matches!(source, Some(Error::Transport(transport)) if transport.is_connect()),
        "expected a connection error as the source, got {source:?}"
    );
    assert!(!format!("{error} {error:?}").contains(CLIENT_SECRET));
    assert!(api.calls().is_empty());
}

#[tokio::test]
async fn empty_access_token_is_an_error() {
    let server = Server::start().await;
    server.fail_token_requests(
        reqwest::StatusCode::OK,
        r#"{"access_token":"","token_type":"bearer"}"#,
    );
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    let Error::OAuthToken { reason, .. } = &error else {
        panic!("expected Error::OAuthToken, got {error:?}");
    };
    assert!(reason.contains("empty access_token"), "{reason}");
    assert!(server.calls().is_empty());
}

/// An access token that cannot follow `Bearer ` in a header fails the call before anything
/// reaches the API, and is not cached, so the next call asks the token endpoint again.
#[tokio::test]
async fn unsendable_access_token_is_not_cached() {
    let cases = [
        ("tok\r\nX-Injected: 1", "a control character at byte 3"),
        ("tok en", "a space at byte 3"),
        ("tok\u{e9}n", "a non-ASCII character at byte 3"),
    ];
    for (token, expected) in cases {
        let server = Server::start().await;
        let body = serde_json::json!({ "access_token": token, "token_type": "bearer" });
        server.fail_token_requests(reqwest::StatusCode::OK, &body.to_string());
        let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
        for call in 1..=2 {
            let error = client
                .default_service()
                .tokens(TokensRequest::new())
                .await
                .unwrap_err();

            let Error::OAuthToken { url, reason, .. } = &error else {
                panic!("{token:?}: expected Error::OAuthToken, got {error:?}");
            };
            assert_eq!(url, &format!("{}/token", server.url()));
            assert!(reason.contains(expected), "{token:?}: {reason}");
            assert!(!format!("{error} {error:?}").contains(token), "{error}");
            assert_eq!(server.token_requests().len(), call, "{token:?}");
        }
        assert!(server.calls().is_empty(), "{token:?}");
    }
}

/// Builds a client for `server` with client credentials, a timeout of `timeout` per attempt
/// and retries as `retries` sets, or none.
fn client_with_timeout(
    server: &Server,
    timeout: Duration,
    retries: Option<RetryConfig>,
) -> SecuritySchemes {
    let builder = SecuritySchemes::builder()
        .server_url(server.url())
        .security(Security::new().oauth_client_credentials(client_credentials()))
        .timeout(timeout);
    let builder = match retries {
        Some(config) => builder.retries(config),
        None => builder.no_retries(),
    };
    builder.build().unwrap()
}

#[tokio::test]
async fn stalled_token_request_times_out() {
    let server = Server::start().await;
    server.delay_token_requests(&[Duration::from_secs(3600)]);
    let client = client_with_timeout(&server, Duration::from_millis(300), None);

    let started = Instant::now();
    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client.default_service().tokens(TokensRequest::new()),
    )
    .await;
    let elapsed = started.elapsed();

    let error = outcome
        .expect("the call should end within its timeout")
        .unwrap_err();
    let Error::OAuthToken { url, source, .. } = &error else {
        panic!("expected Error::OAuthToken, got {error:?}");
    };
    assert_eq!(url, &format!("{}/token", server.url()));
    let source = source.as_deref().and_then(|source| source.downcast_ref());
    assert!(
        matches!(source, Some(Error::Timeout { timeout }) if *timeout == Duration::from_millis(300)),
        "expected Error::Timeout as the source, got {source:?}"
    );
    assert!(error.is_timeout());
    assert!(elapsed >= Duration::from_millis(300), "elapsed {elapsed:?}");
    assert_eq!(server.token_requests().len(), 1);
    assert!(server.calls().is_empty());
}

#[tokio::test]
async fn call_timeout_limits_token_request() {
    let server = Server::start().await;
    server.delay_token_requests(&[Duration::from_secs(3600)]);
    let client = client_with_timeout(&server, Duration::from_secs(3600), None);
    let options = CallOptions::new().timeout(Duration::from_millis(300));

    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client
            .default_service()
            .tokens(TokensRequest::new().options(options)),
    )
    .await;

    let error = outcome
        .expect("the call should end within its timeout")
        .unwrap_err();
    assert!(error.is_timeout(), "expected a timeout, got {error:?}");
    assert!(server.calls().is_empty());
}

#[tokio::test]
async fn token_request_counts_toward_timeout() {
    // Each request alone takes less than the timeout, and the two together take more.
    let server = Server::start().await;
    server.delay_token_requests(&[Duration::from_millis(300)]);
    server.delay_calls(Duration::from_millis(600));
    let client = client_with_timeout(&server, Duration::from_millis(700), None);

    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    assert!(error.is_timeout(), "expected a timeout, got {error:?}");
    assert_eq!(server.tokens_issued(), 1);
    assert_eq!(server.calls().len(), 1);
}

#[tokio::test]
async fn stalled_token_request_is_retried() {
    let server = Server::start().await;
    server.delay_token_requests(&[Duration::from_secs(3600)]);
    let retries = RetryConfig::new()
        .initial_interval(Duration::from_millis(20))
        .max_elapsed_time(Duration::from_secs(10));
    let client = client_with_timeout(&server, Duration::from_millis(300), Some(retries));

    let outcome = tokio::time::timeout(
        Duration::from_secs(10),
        client.default_service().tokens(TokensRequest::new()),
    )
    .await;

    outcome
        .expect("the call should end within its timeouts")
        .expect("the second token request should succeed");
    assert_eq!(server.token_requests().len(), 2);
    assert_eq!(server.tokens_issued(), 1);
    assert_eq!(
        server.calls()[0].credentials(),
        ["authorization=Bearer token-1"]
    );
}

#[tokio::test]
async fn token_request_not_retried_without_retries() {
    let server = Server::start().await;
    server.fail_token_requests(reqwest::StatusCode::SERVICE_UNAVAILABLE, "busy");
    let client = client_with_timeout(&server, Duration::from_secs(5), None);

    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    assert!(
        matches!(error, Error::OAuthToken { .. }),
        "expected Error::OAuthToken, got {error:?}"
    );
    assert_eq!(server.token_requests().len(), 1);
}

#[tokio::test]
async fn token_retry_status_is_retried() {
    let server = Server::start().await;
    server.fail_token_requests(reqwest::StatusCode::SERVICE_UNAVAILABLE, "busy");
    let retries = RetryConfig::new()
        .initial_interval(Duration::from_millis(20))
        .max_elapsed_time(Duration::from_millis(300));
    let client = client_with_timeout(&server, Duration::from_secs(5), Some(retries));

    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    let Error::OAuthToken { reason, .. } = &error else {
        panic!("expected Error::OAuthToken, got {error:?}");
    };
    assert!(reason.contains("503"), "{reason}");
    assert!(
        server.token_requests().len() >= 2,
        "{} token requests",
        server.token_requests().len()
    );
    assert!(server.calls().is_empty());
}

#[tokio::test]
async fn sdk_follows_redirect_without_credentials() {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    api.redirect("/global", format!("{}/landing", elsewhere.url()));
    let clients = [
        api.client(global_credentials()),
        SecuritySchemes::builder()
            .server_url(api.url())
            .security(global_credentials())
            .http_client_builder(reqwest::Client::builder())
            .unwrap()
            .build()
            .unwrap(),
        // This policy stops at the other origin, so the SDK follows the redirect itself.
        SecuritySchemes::builder()
            .server_url(api.url())
            .security(global_credentials())
            .http_client(
                reqwest::Client::builder()
                    .redirect(security_schemes_sdk::same_origin_redirects())
                    .build()
                    .unwrap(),
            )
            .build()
            .unwrap(),
    ];
    for client in clients {
        let response = client
            .default_service()
            .global(GlobalRequest::new())
            .await
            .expect("the redirect is followed");
        assert_eq!(response.status, reqwest::StatusCode::NO_CONTENT);
    }

    assert_eq!(api.calls().len(), 3);
    let landed = elsewhere.calls();
    assert_eq!(landed.len(), 3);
    for call in &landed {
        assert_eq!(call.uri.path(), "/landing");
        assert!(call.credentials().is_empty(), "{:?}", call.credentials());
    }
}

#[tokio::test]
async fn same_origin_redirect_is_followed() {
    let api = Server::start().await;
    api.redirect("/global", format!("{}/public", api.url()));
    let http = reqwest::Client::builder()
        .redirect(security_schemes_sdk::same_origin_redirects())
        .build()
        .unwrap();
    let client = SecuritySchemes::builder()
        .server_url(api.url())
        .security(global_credentials())
        .http_client(http)
        .build()
        .unwrap();
    client
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap();

    let calls = api.calls();
    let paths: Vec<&str> = calls.iter().map(|call| call.uri.path()).collect();
    assert_eq!(paths, ["/global", "/public"]);
    assert_eq!(calls[1].credentials(), ["x-api-key=header-key"]);
}

#[tokio::test]
async fn cross_origin_redirect_with_credentials_is_an_error() {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    api.redirect("/global", format!("{}/landing", elsewhere.url()));
    // reqwest's default policy follows redirects to any host.
    let client = SecuritySchemes::builder()
        .server_url(api.url())
        .security(global_credentials())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let error = client
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap_err();

    let Error::CrossOriginRedirect { url } = &error else {
        panic!("expected Error::CrossOriginRedirect, got {error:?}");
    };
    assert_eq!(url, &format!("{}/landing", elsewhere.url()));
    // The limit that `http_client` documents: reqwest strips `Authorization` and `Cookie` on a
    // cross-host redirect but keeps other headers, so the API key reached the other server.
    assert_eq!(elsewhere.calls()[0].credentials(), ["x-api-key=header-key"]);
}

#[tokio::test]
async fn redirect_with_credential_parameter_is_an_error() {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    api.redirect("/shared-header", format!("{}/landing", elsewhere.url()));
    let client = SecuritySchemes::builder()
        .server_url(api.url())
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let request = SharedHeaderRequest::new().x_api_key("parameter-key");
    let error = client
        .default_service()
        .shared_header(request)
        .await
        .unwrap_err();

    assert!(
        matches!(error, Error::CrossOriginRedirect { .. }),
        "{error:?}"
    );
}

/// A header parameter that replaces a credential header is a credential too, so the SDK's own
/// redirect handling removes it before the other origin.
#[tokio::test]
async fn credential_parameter_stripped_on_redirect() {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    api.redirect("/shared-header", format!("{}/landing", elsewhere.url()));
    let request = SharedHeaderRequest::new().x_api_key("parameter-key");
    api.client(Security::new())
        .default_service()
        .shared_header(request)
        .await
        .expect("the redirect is followed");

    assert_eq!(api.calls()[0].credentials(), ["x-api-key=parameter-key"]);
    let landed = elsewhere.calls();
    assert_eq!(landed.len(), 1);
    assert!(
        landed[0].credentials().is_empty(),
        "{:?}",
        landed[0].credentials()
    );
}

#[tokio::test]
async fn token_request_redirect_is_an_error() {
    let api = Server::start().await;
    let issuer = Server::start().await;
    let elsewhere = Server::start().await;
    issuer.redirect("/token", format!("{}/token", elsewhere.url()));
    let credentials = client_credentials().token_url(format!("{}/token", issuer.url()));
    let client = SecuritySchemes::builder()
        .server_url(api.url())
        .security(Security::new().oauth_client_credentials(credentials))
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let error = client
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap_err();

    let Error::OAuthToken { url, source, .. } = &error else {
        panic!("expected Error::OAuthToken, got {error:?}");
    };
    assert_eq!(url, &format!("{}/token", issuer.url()));
    let source = source.as_deref().and_then(|source| source.downcast_ref());
    assert!(
        matches!(source, Some(Error::CrossOriginRedirect { .. })),
        "expected Error::CrossOriginRedirect as the source, got {source:?}"
    );
    assert!(api.calls().is_empty());
    // reqwest dropped the client's `Authorization` on the way, so no secret left the issuer.
    assert_eq!(elsewhere.token_requests()[0].header("authorization"), None);
}

#[tokio::test]
async fn operation_futures_are_send() {
    let server = Server::start().await;
    let client = server.client(Security::new().oauth_client_credentials(client_credentials()));
    let task =
        tokio::spawn(async move { client.default_service().tokens(TokensRequest::new()).await });
    task.await.unwrap().unwrap();
    assert_eq!(server.tokens_issued(), 1);
}

/// Name of the variable that makes [`environment_child`] run.
const CHILD: &str = "SECURITY_SDK_ENV_CHILD";

#[test]
fn credentials_from_environment() {
    // The variables are set on a child process that runs only `environment_child`, because
    // changing the environment of this process races with the other tests' threads.
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "environment_child", "--nocapture"])
        .env(CHILD, "1")
        .env("SECURITY_SCHEMES_API_KEY_HEADER", "env-header")
        .env("SECURITY_SCHEMES_API_KEY_QUERY", "")
        .env("SECURITY_SCHEMES_BASIC_USERNAME", "env-user")
        .env("SECURITY_SCHEMES_BASIC_PASSWORD", "env-password")
        .env("SECURITY_SCHEMES_OAUTH_CLIENT_ID", CLIENT_ID)
        .env("SECURITY_SCHEMES_OAUTH_CLIENT_SECRET", CLIENT_SECRET)
        .env("SECURITY_SCHEMES_OPENID", "env-openid")
        .env_remove("SECURITY_SCHEMES_BEARER")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
async fn environment_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let server = Server::start().await;
    let from_env = server.client(Security::from_env());
    from_env
        .default_service()
        .global(GlobalRequest::new())
        .await
        .unwrap();
    from_env
        .default_service()
        .combined(CombinedRequest::new())
        .await
        .unwrap();
    from_env
        .default_service()
        .scoped(ScopedRequest::new())
        .await
        .unwrap();
    let in_code_wins = server.client(Security::new().api_key_header("code-header").or_from_env());
    in_code_wins
        .default_service()
        .combined(CombinedRequest::new())
        .await
        .unwrap();
    in_code_wins
        .default_service()
        .tokens(TokensRequest::new())
        .await
        .unwrap();

    let calls: Vec<Vec<String>> = server
        .calls()
        .iter()
        .map(|call| call.credentials())
        .collect();
    assert_eq!(
        calls,
        [
            vec!["x-api-key=env-header".to_owned()],
            vec![
                basic_value("env-user", "env-password"),
                "x-api-key=env-header".to_owned()
            ],
            vec!["authorization=Bearer token-1".to_owned()],
            vec![
                basic_value("env-user", "env-password"),
                "x-api-key=code-header".to_owned()
            ],
            // `bearer` is unset, so `oauth`, the second alternative, is used.
            vec!["authorization=Bearer token-2".to_owned()],
        ]
    );
}
