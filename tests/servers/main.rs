//! Tests of the servers fixture's SDK over real HTTP on 127.0.0.1: server selection by
//! variable, index and URL, operations with servers of their own, redirects, credentials on
//! redirects, and typed response headers.

mod server;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use servers_sdk::items::{
    CountItemsRequest, CreateItemRequest, FindMovedRequest, GetItemRequest, ListItemsRequest,
    SearchItemsRequest,
};
use servers_sdk::models::{Item, ListItemsXModeHeader};
use servers_sdk::reqwest::StatusCode;
use servers_sdk::reqwest::header::HeaderValue;
use servers_sdk::uploads::UploadRequest;
use servers_sdk::{Error, Security, ServerBasePath, ServerRegion, Servers, ServersBuilder};

use server::{Reply, Server};

const ITEMS: &str = r#"["a","b"]"#;

/// Credentials of every scheme, each a value that no test server should see elsewhere.
fn security() -> Security {
    Security::new()
        .api_key_header("header-key")
        .api_key_query("query-key")
        .session_cookie("cookie-session")
        .bearer("bearer-token")
}

/// Returns the credentials that `security` sends, as `Recorded::credentials` lists them.
fn sent_credentials() -> Vec<String> {
    vec![
        "authorization=Bearer bearer-token".to_owned(),
        "x-api-key=header-key".to_owned(),
        "cookie=session=cookie-session".to_owned(),
        "api_key=query-key".to_owned(),
    ]
}

/// Starts a builder aimed at `server` through the `port` variable of the first server.
fn builder_for(server: &Server) -> ServersBuilder {
    Servers::builder()
        .server_port(server.port())
        .security(security())
}

fn client_for(server: &Server) -> Servers {
    builder_for(server).build().expect("the client builds")
}

#[test]
fn default_url_fills_variable_defaults() {
    let client = Servers::new().expect("the client builds");
    assert_eq!(client.server_url(), "http://127.0.0.1:8080/v1");
    assert_eq!(Servers::DEFAULT_SERVER_URL, "http://127.0.0.1:8080/v1");
}

#[tokio::test]
async fn port_variable_picks_server() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::json(200, ITEMS));
    let client = client_for(&server);
    assert_eq!(client.server_url(), format!("{}/v1", server.url()));

    let response = client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");
    assert_eq!(response.body, ["a", "b"]);
    assert_eq!(server.paths(), ["/v1/items"]);
}

#[tokio::test]
async fn enum_variable_sets_base_path() {
    let server = Server::start().await;
    server.reply("/v2/items", Reply::json(200, ITEMS));
    let client = builder_for(&server)
        .server_base_path(ServerBasePath::V2)
        .build()
        .expect("the client builds");

    client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");
    assert_eq!(server.paths(), ["/v2/items"]);
}

#[tokio::test]
async fn variable_by_name_sets_base_path() {
    let server = Server::start().await;
    let client = builder_for(&server)
        .server_variable("basePath", "v2")
        .build()
        .expect("the client builds");
    assert_eq!(client.server_url(), format!("{}/v2", server.url()));
}

#[tokio::test]
async fn server_index_picks_second_server() {
    let server = Server::start().await;
    server.reply("/staging/items", Reply::json(200, ITEMS));
    let client = builder_for(&server)
        .server_index(1)
        .build()
        .expect("the client builds");

    client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");
    assert_eq!(server.paths(), ["/staging/items"]);
}

#[tokio::test]
async fn server_url_replaces_list() {
    let server = Server::start().await;
    server.reply("/custom/items", Reply::json(200, ITEMS));
    let client = builder_for(&server)
        .server_url(format!("{}/custom", server.url()))
        .build()
        .expect("the client builds");

    client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");
    assert_eq!(server.paths(), ["/custom/items"]);
}

#[test]
fn index_past_end_fails_build() {
    let error = Servers::builder().server_index(2).build().unwrap_err();
    assert!(
        matches!(error, Error::InvalidServerIndex { index: 2, count: 2 }),
        "{error:?}"
    );
}

#[test]
fn value_outside_enum_fails_build() {
    let error = Servers::builder()
        .server_variable("basePath", "v3")
        .build()
        .unwrap_err();
    let Error::InvalidServerVariable { name, value, .. } = &error else {
        panic!("expected Error::InvalidServerVariable, got {error:?}");
    };
    assert_eq!(name, "basePath");
    assert_eq!(value, "v3");
    assert!(error.to_string().contains("v1"), "{error}");
}

#[test]
fn unknown_variable_fails_build() {
    let error = Servers::builder()
        .server_variable("prot", "1")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidServerVariable { name, .. } if name == "prot"),
        "{error:?}"
    );
}

#[test]
fn variable_making_invalid_url_fails_build() {
    let error = Servers::builder()
        .server_port("99999999")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidServerUrl { .. }), "{error:?}");
}

#[test]
fn variable_of_other_server_fails_build() {
    let error = Servers::builder()
        .server_index(1)
        .server_base_path(ServerBasePath::V2)
        .build()
        .unwrap_err();
    let Error::InvalidServerVariable { name, value, .. } = &error else {
        panic!("expected Error::InvalidServerVariable, got {error:?}");
    };
    assert_eq!(name, "basePath");
    assert_eq!(value, "v2");
    assert!(error.to_string().contains("server 1"), "{error}");
}

#[test]
fn host_value_that_moves_host_fails_build() {
    let values = [
        "evil.example/x",
        "evil.example?",
        "evil.example#",
        "user@evil.example",
        "evil example",
    ];
    for value in values {
        let error = Servers::builder().server_host(value).build().unwrap_err();
        let Error::InvalidServerVariable { name, .. } = &error else {
            panic!("{value:?}: expected Error::InvalidServerVariable, got {error:?}");
        };
        assert_eq!(name, "host", "{value:?}");
        assert!(error.to_string().contains("host"), "{error}");
    }
}

#[tokio::test]
async fn plain_host_value_reaches_server() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::json(200, ITEMS));
    let client = builder_for(&server)
        .server_host("127.0.0.1")
        .build()
        .expect("the client builds");
    client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");
    assert_eq!(server.paths(), ["/v1/items"]);
}

#[test]
fn host_value_with_second_port_is_not_a_url() {
    let error = Servers::builder()
        .server_host("127.0.0.1:80")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidServerUrl { .. }), "{error:?}");
}

/// Server URLs that would send requests elsewhere than the operation's path, with the word
/// that the error's reason must contain.
const MISLEADING_URLS: &[(&str, &str)] = &[
    ("{base}/api#frag", "fragment"),
    ("{base}/api?x=1", "query"),
    ("mailto:x@y", "`mailto`"),
    ("ftp://127.0.0.1/api", "`ftp`"),
];

#[tokio::test]
async fn misleading_server_url_fails_build() {
    let server = Server::start().await;
    for (template, expected) in MISLEADING_URLS {
        let url = template.replace("{base}", server.url());
        let error = Servers::builder().server_url(&url).build().unwrap_err();
        let Error::InvalidServerUrl {
            url: shown, reason, ..
        } = &error
        else {
            panic!("{url}: expected Error::InvalidServerUrl, got {error:?}");
        };
        assert_eq!(shown, &url);
        assert!(reason.contains(expected), "{url}: {reason}");
        assert!(error.to_string().contains(reason.as_str()), "{error}");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn misleading_call_server_url_sends_nothing() {
    let server = Server::start().await;
    let client = Servers::new().expect("the client builds");
    for (template, expected) in MISLEADING_URLS {
        let url = template.replace("{base}", server.url());
        let request = GetItemRequest::new("a").server_url(&url);
        let error = client.items().get_item(request).await.unwrap_err();
        let Error::InvalidServerUrl { reason, .. } = &error else {
            panic!("{url}: expected Error::InvalidServerUrl, got {error:?}");
        };
        assert!(reason.contains(expected), "{url}: {reason}");
    }
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[tokio::test]
async fn server_url_password_is_hidden() {
    let server = Server::start().await;
    let with_password = server.url().replacen("://", "://user:pa55@", 1);
    let client = Servers::builder()
        .server_url(format!("{with_password}/v1"))
        .build()
        .expect("the client builds");
    let client_debug = format!("{client:?}");
    assert!(!client_debug.contains("pa55"), "{client_debug}");
    assert!(
        client_debug.contains("[REDACTED]@127.0.0.1"),
        "{client_debug}"
    );

    let request = GetItemRequest::new("a").server_url(format!("{with_password}/x"));
    let request_debug = format!("{request:?}");
    assert!(!request_debug.contains("pa55"), "{request_debug}");
    assert!(
        request_debug.contains("[REDACTED]@127.0.0.1"),
        "{request_debug}"
    );

    let invalid = Servers::builder()
        .server_url(format!("{with_password}/v1#frag"))
        .build()
        .unwrap_err();
    assert!(!invalid.to_string().contains("pa55"), "{invalid}");
    assert!(!format!("{invalid:?}").contains("pa55"), "{invalid:?}");
}

#[tokio::test]
async fn transport_error_hides_url_password() {
    // Port 1 on 127.0.0.1 has no listener, so the connection is refused.
    let client = Servers::builder()
        .server_url("http://user:pa55@127.0.0.1:1/v1")
        .no_retries()
        .build()
        .expect("the client builds");
    let error = client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(!error.to_string().contains("pa55"), "{error}");
    assert!(!format!("{error:?}").contains("pa55"), "{error:?}");
}

#[tokio::test]
async fn operation_server_ignores_client_url() {
    let api = Server::start().await;
    let uploads = Server::start().await;
    uploads.reply("/files/uploads", Reply::json(204, ""));
    let client = builder_for(&api)
        .server_upload_port(uploads.port())
        .build()
        .expect("the client builds");

    client
        .uploads()
        .upload(UploadRequest::new("hello".to_owned()))
        .await
        .expect("upload succeeds");
    assert_eq!(uploads.paths(), ["/files/uploads"]);
    assert_eq!(&uploads.requests()[0].body[..], b"hello");
    assert!(api.requests().is_empty(), "{:?}", api.requests());
}

#[tokio::test]
async fn path_servers_pick_per_call() {
    let mirror = Server::start().await;
    mirror.reply("/mirror/items/a", Reply::json(200, r#"{"name":"a"}"#));
    mirror.reply("/eu/items/b", Reply::json(200, r#"{"name":"b"}"#));
    mirror.reply("/us/items/c", Reply::json(200, r#"{"name":"c"}"#));
    let client = Servers::builder()
        .server_mirror_port(mirror.port())
        .build()
        .expect("the client builds");
    let us = Servers::builder()
        .server_mirror_port(mirror.port())
        .server_region(ServerRegion::Us)
        .build()
        .expect("the client builds");

    let first = client.items().get_item(GetItemRequest::new("a")).await;
    let second = client
        .items()
        .get_item(GetItemRequest::new("b").server_index(1))
        .await;
    let third = us
        .items()
        .get_item(GetItemRequest::new("c").server_index(1))
        .await;
    assert_eq!(first.expect("mirror succeeds").body.name, "a");
    assert_eq!(second.expect("eu succeeds").body.name, "b");
    assert_eq!(third.expect("us succeeds").body.name, "c");
    assert_eq!(
        mirror.paths(),
        ["/mirror/items/a", "/eu/items/b", "/us/items/c"]
    );
}

#[tokio::test]
async fn call_server_url_replaces_operation_servers() {
    let server = Server::start().await;
    server.reply("/elsewhere/items/a", Reply::json(200, r#"{"name":"a"}"#));
    let request = GetItemRequest::new("a").server_url(format!("{}/elsewhere", server.url()));
    let response = Servers::new()
        .expect("the client builds")
        .items()
        .get_item(request)
        .await
        .expect("get succeeds");
    assert_eq!(response.body.name, "a");
}

#[tokio::test]
async fn call_index_past_end_sends_nothing() {
    let server = Server::start().await;
    let client = Servers::builder()
        .server_mirror_port(server.port())
        .build()
        .expect("the client builds");
    let error = client
        .items()
        .get_item(GetItemRequest::new("a").server_index(2))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidServerIndex { index: 2, count: 2 }),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn declared_redirect_is_returned() {
    let server = Server::start().await;
    let target = format!("{}/v1/items/elsewhere", server.url());
    server.reply("/v1/items/moved", Reply::redirect(303, &target));
    let response = client_for(&server)
        .items()
        .find_moved(FindMovedRequest::new())
        .await
        .expect("a declared 303 is a success");

    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.location, Some(target));
    assert_eq!(response.body, None);
    assert_eq!(server.paths(), ["/v1/items/moved"]);
}

#[tokio::test]
async fn same_origin_redirect_keeps_credentials() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::redirect(302, "/v1/items/page-2"));
    server.reply("/v1/items/page-2", Reply::json(200, ITEMS));
    let response = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body, ["a", "b"]);
    let requests = server.requests();
    assert_eq!(server.paths(), ["/v1/items", "/v1/items/page-2"]);
    // The query credential stays behind, because the `Location` gives the whole URL.
    let mut expected = sent_credentials();
    expected.pop();
    assert_eq!(requests[1].credentials(), expected);
}

/// Builds a client whose `before_send` hook adds `x-signed: yes` and counts its calls.
fn hooked_client_for(server: &Server, hook_calls: Arc<AtomicUsize>) -> Servers {
    builder_for(server)
        .before_send(move |request| {
            hook_calls.fetch_add(1, Ordering::SeqCst);
            let value = servers_sdk::reqwest::header::HeaderValue::from_static("yes");
            request.headers_mut().insert("x-signed", value);
            Ok(())
        })
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn hooked_request_is_resent_after_redirect() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::redirect(307, "/v1/items/page-2"));
    server.reply("/v1/items/page-2", Reply::json(200, ITEMS));
    let hook_calls = Arc::new(AtomicUsize::new(0));
    let response = hooked_client_for(&server, hook_calls.clone())
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body, ["a", "b"]);
    assert_eq!(server.paths(), ["/v1/items", "/v1/items/page-2"]);
    // The hook runs once per attempt, and the redirect resends the request it changed.
    assert_eq!(hook_calls.load(Ordering::SeqCst), 1);
    let requests = server.requests();
    assert_eq!(requests[0].headers["x-signed"], "yes");
    assert_eq!(requests[1].headers["x-signed"], "yes");
    let mut expected = sent_credentials();
    expected.pop();
    assert_eq!(requests[1].credentials(), expected);
}

/// Starts the API's server and a server of another origin, where `path` on the first
/// redirects with `status` to `/landing` on the second, which replies with [`ITEMS`].
async fn redirect_to_other_origin(path: &str, status: u16) -> (Server, Server) {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    let target = format!("{}/landing", elsewhere.url());
    api.reply(path, Reply::redirect(status, &target));
    elsewhere.reply("/landing", Reply::json(200, ITEMS));
    (api, elsewhere)
}

#[tokio::test]
async fn hooked_cross_origin_redirect_strips_credentials() {
    let (api, elsewhere) = redirect_to_other_origin("/v1/items", 307).await;
    let hook_calls = Arc::new(AtomicUsize::new(0));
    let response = hooked_client_for(&api, hook_calls.clone())
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body, ["a", "b"]);
    assert_eq!(hook_calls.load(Ordering::SeqCst), 1);
    assert_eq!(api.requests()[0].credentials(), sent_credentials());
    let landed = elsewhere.requests();
    assert_eq!(landed.len(), 1);
    assert!(landed[0].credentials().is_empty(), "{landed:?}");
    assert_eq!(landed[0].headers["x-signed"], "yes");
}

#[tokio::test]
async fn cross_origin_redirect_strips_credentials() {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    let target = format!("{}/landing?api_key=from-location", elsewhere.url());
    api.reply("/v1/items", Reply::redirect(307, &target));
    elsewhere.reply("/landing", Reply::json(200, ITEMS));
    let response = client_for(&api)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body, ["a", "b"]);
    assert_eq!(api.requests()[0].credentials(), sent_credentials());
    let landed = elsewhere.requests();
    assert_eq!(landed.len(), 1);
    // Only the value that the `Location` itself carries arrives.
    assert_eq!(landed[0].credentials(), ["api_key=from-location"]);
}

#[tokio::test]
async fn credentials_stay_stripped_after_return() {
    let api = Server::start().await;
    let elsewhere = Server::start().await;
    api.reply(
        "/v1/items",
        Reply::redirect(302, &format!("{}/bounce", elsewhere.url())),
    );
    elsewhere.reply(
        "/bounce",
        Reply::redirect(302, &format!("{}/v1/items/back", api.url())),
    );
    api.reply("/v1/items/back", Reply::json(200, ITEMS));
    client_for(&api)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirects are followed");

    assert!(elsewhere.requests()[0].credentials().is_empty());
    assert_eq!(api.paths(), ["/v1/items", "/v1/items/back"]);
    assert!(api.requests()[1].credentials().is_empty());
}

/// Starts a client builder for `server` without credentials, so that a request carries only
/// what its parameters and the hooks add.
fn builder_without_security(server: &Server) -> ServersBuilder {
    Servers::builder().server_port(server.port())
}

/// Returns the value of header `name` in `request`, or `None` when it is absent.
fn header<'r>(request: &'r server::Recorded, name: &str) -> Option<&'r str> {
    let value = request.headers.get(name)?;
    Some(value.to_str().expect("header is ASCII"))
}

#[tokio::test]
async fn cookie_parameter_stripped_on_redirect() {
    let (api, elsewhere) = redirect_to_other_origin("/v1/items/search", 302).await;
    let request = SearchItemsRequest::new("session-secret").x_trace("trace-1");
    let response = builder_without_security(&api)
        .build()
        .expect("the client builds")
        .items()
        .search_items(request)
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body, ["a", "b"]);
    let sent = &api.requests()[0];
    assert_eq!(header(sent, "cookie"), Some("session_id=session-secret"));
    let landed = elsewhere.requests();
    assert_eq!(landed.len(), 1);
    assert_eq!(header(&landed[0], "cookie"), None);
    // A header parameter that is not secret goes on to the next origin.
    assert_eq!(header(&landed[0], "x-trace"), Some("trace-1"));
}

#[tokio::test]
async fn secret_header_parameter_stripped_on_redirect() {
    let (api, elsewhere) = redirect_to_other_origin("/v1/items/search", 308).await;
    let request = SearchItemsRequest::new("session-secret").x_signature("signature-secret");
    builder_without_security(&api)
        .build()
        .expect("the client builds")
        .items()
        .search_items(request)
        .await
        .expect("the redirect is followed");

    let sent = &api.requests()[0];
    assert_eq!(header(sent, "x-signature"), Some("signature-secret"));
    let landed = elsewhere.requests();
    assert_eq!(landed.len(), 1);
    assert_eq!(header(&landed[0], "x-signature"), None);
    assert_eq!(header(&landed[0], "cookie"), None);
}

/// Builds a client without credentials whose `before_send` hook adds `Authorization`,
/// `Proxy-Authorization`, a sensitive `x-hook-signature` and a plain `x-signed`.
fn client_with_credential_hook(server: &Server) -> Servers {
    builder_without_security(server)
        .before_send(|request| {
            let headers = request.headers_mut();
            let authorization = HeaderValue::from_static("Bearer hook-token");
            headers.insert("authorization", authorization);
            let proxy = HeaderValue::from_static("Basic aG9vazpwcm94eQ==");
            headers.insert("proxy-authorization", proxy);
            let mut signature = HeaderValue::from_static("hook-signature");
            signature.set_sensitive(true);
            headers.insert("x-hook-signature", signature);
            headers.insert("x-signed", HeaderValue::from_static("yes"));
            Ok(())
        })
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn hook_credentials_stripped_on_redirect() {
    let (api, elsewhere) = redirect_to_other_origin("/v1/items", 301).await;
    let response = client_with_credential_hook(&api)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body, ["a", "b"]);
    let sent = &api.requests()[0];
    assert_eq!(header(sent, "authorization"), Some("Bearer hook-token"));
    let landed = elsewhere.requests();
    assert_eq!(landed.len(), 1);
    assert_eq!(header(&landed[0], "authorization"), None);
    assert_eq!(header(&landed[0], "proxy-authorization"), None);
    assert_eq!(header(&landed[0], "x-hook-signature"), None);
    assert_eq!(header(&landed[0], "x-signed"), Some("yes"));
}

/// `Cookie2`, the cookie header of the obsolete RFC 2965, is a credential even when a hook sets
/// it without marking it sensitive.
#[tokio::test]
async fn cookie2_stripped_on_redirect() {
    let (api, elsewhere) = redirect_to_other_origin("/v1/items", 302).await;
    let client = builder_without_security(&api)
        .before_send(|request| {
            let value = HeaderValue::from_static("$Version=\"1\"");
            request.headers_mut().insert("cookie2", value);
            Ok(())
        })
        .build()
        .expect("the client builds");
    client
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("the redirect is followed");

    assert_eq!(
        header(&api.requests()[0], "cookie2"),
        Some("$Version=\"1\"")
    );
    let landed = elsewhere.requests();
    assert_eq!(landed.len(), 1);
    assert_eq!(header(&landed[0], "cookie2"), None);
}

#[tokio::test]
async fn same_origin_redirect_keeps_parameters() {
    let server = Server::start().await;
    server.reply("/v1/items/search", Reply::redirect(302, "/v1/items/found"));
    server.reply("/v1/items/found", Reply::json(200, ITEMS));
    let request = SearchItemsRequest::new("session-secret")
        .x_signature("signature-secret")
        .x_trace("trace-1");
    client_with_credential_hook(&server)
        .items()
        .search_items(request)
        .await
        .expect("the redirect is followed");

    assert_eq!(server.paths(), ["/v1/items/search", "/v1/items/found"]);
    let followed = &server.requests()[1];
    let expected = [
        ("cookie", "session_id=session-secret"),
        ("x-signature", "signature-secret"),
        ("x-trace", "trace-1"),
        ("authorization", "Bearer hook-token"),
        ("proxy-authorization", "Basic aG9vazpwcm94eQ=="),
        ("x-hook-signature", "hook-signature"),
        ("x-signed", "yes"),
    ];
    for (name, value) in expected {
        assert_eq!(header(followed, name), Some(value), "{name}");
    }
}

/// A client that follows redirects itself sends the cookie on before the SDK receives the
/// response, so the SDK reports that in place of the other origin's response.
#[tokio::test]
async fn followed_redirect_with_cookie_is_an_error() {
    let (api, elsewhere) = redirect_to_other_origin("/v1/items/search", 302).await;
    // reqwest's default policy follows redirects to any origin.
    let error = builder_without_security(&api)
        .http_client(servers_sdk::reqwest::Client::new())
        .build()
        .expect("the client builds")
        .items()
        .search_items(SearchItemsRequest::new("session-secret"))
        .await
        .unwrap_err();

    let Error::CrossOriginRedirect { url } = &error else {
        panic!("expected Error::CrossOriginRedirect, got {error:?}");
    };
    assert_eq!(url, &format!("{}/landing", elsewhere.url()));
}

#[tokio::test]
async fn see_other_turns_post_into_get() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::redirect(303, "/v1/items/created"));
    server.reply("/v1/items/created", Reply::json(201, r#"{"name":"made"}"#));
    let response = client_for(&server)
        .items()
        .create_item(CreateItemRequest::new(Item {
            name: "new".to_owned(),
        }))
        .await
        .expect("the redirect is followed");

    assert_eq!(response.body.name, "made");
    let requests = server.requests();
    assert_eq!(requests[0].method, "POST");
    assert_eq!(requests[1].method, "GET");
    assert!(requests[1].body.is_empty());
    assert_eq!(requests[1].headers.get("content-type"), None);
}

#[tokio::test]
async fn temporary_and_permanent_keep_method_and_body() {
    for status in [307, 308] {
        let server = Server::start().await;
        server.reply("/v1/items", Reply::redirect(status, "/v1/items/again"));
        server.reply("/v1/items/again", Reply::json(201, r#"{"name":"made"}"#));
        client_for(&server)
            .items()
            .create_item(CreateItemRequest::new(Item {
                name: "new".to_owned(),
            }))
            .await
            .expect("the redirect is followed");

        let requests = server.requests();
        assert_eq!(requests[1].method, "POST", "status {status}");
        assert_eq!(
            &requests[1].body[..],
            br#"{"name":"new"}"#,
            "status {status}"
        );
        assert_eq!(
            requests[1].headers["content-type"], "application/json",
            "status {status}"
        );
    }
}

#[tokio::test]
async fn redirect_loop_stops_after_ten() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::redirect(302, "/v1/items"));
    let error = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .unwrap_err();

    let Error::TooManyRedirects { url } = &error else {
        panic!("expected Error::TooManyRedirects, got {error:?}");
    };
    assert_eq!(url, &format!("{}/v1/items", server.url()));
    assert_eq!(server.requests().len(), 11);
}

#[tokio::test]
async fn headers_parse_by_schema() {
    let server = Server::start().await;
    let reply = Reply::json(200, ITEMS)
        .header("X-Total-Count", "42")
        .header("X-Rate-Limited", "true")
        .header("X-Mode", "replay")
        .header("X-Load", "0.5")
        .header("X-Request-Id", "17");
    server.reply("/v1/items", reply);
    let response = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");

    assert_eq!(response.x_total_count, Some(42));
    assert_eq!(response.x_rate_limited, Some(true));
    assert_eq!(response.x_mode, Some(ListItemsXModeHeader::Replay));
    assert_eq!(response.x_load, Some(0.5));
    assert_eq!(response.x_request_id.as_deref(), Some("17"));
    assert_eq!(response.headers["x-total-count"], "42");
}

#[tokio::test]
async fn array_headers_keep_every_value() {
    let server = Server::start().await;
    let cookie = "session=abc; Expires=Wed, 21 Oct 2015 07:28:00 GMT; HttpOnly";
    let reply = Reply::json(200, ITEMS)
        .header("X-Tags", "new, sale")
        .header("X-Tags", "red")
        .header("X-Shard-Ids", "1,2")
        .header("X-Shard-Ids", "3")
        .header("Set-Cookie", cookie)
        .header("Set-Cookie", "theme=dark");
    server.reply("/v1/items", reply);
    let response = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");

    let tags: Option<Vec<String>> = response.x_tags;
    assert_eq!(
        tags,
        Some(vec!["new".to_owned(), "sale".to_owned(), "red".to_owned()])
    );
    assert_eq!(response.x_shard_ids, Some(vec![1, 2, 3]));
    assert_eq!(
        response.set_cookie,
        Some(vec![cookie.to_owned(), "theme=dark".to_owned()])
    );
}

#[tokio::test]
async fn repeated_scalar_header_gives_first() {
    let server = Server::start().await;
    let reply = Reply::json(200, ITEMS)
        .header("X-Request-Id", "17")
        .header("X-Request-Id", "18");
    server.reply("/v1/items", reply);
    let response = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");

    assert_eq!(response.x_request_id.as_deref(), Some("17"));
    let all: Vec<_> = response.headers.get_all("x-request-id").iter().collect();
    assert_eq!(all, ["17", "18"]);
}

#[tokio::test]
async fn invalid_array_item_is_decode_error() {
    let server = Server::start().await;
    let reply = Reply::json(200, ITEMS).header("X-Shard-Ids", "1, two");
    server.reply("/v1/items", reply);
    let error = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .unwrap_err();

    let Error::DecodeHeader { name, .. } = &error else {
        panic!("expected Error::DecodeHeader, got {error:?}");
    };
    assert_eq!(*name, "X-Shard-Ids");
}

#[tokio::test]
async fn absent_headers_are_none() {
    let server = Server::start().await;
    server.reply("/v1/items", Reply::json(200, ITEMS));
    let response = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");

    assert_eq!(response.x_total_count, None);
    assert_eq!(response.x_mode, None);
    assert_eq!(response.x_tags, None);
    assert_eq!(response.set_cookie, None);
}

#[tokio::test]
async fn required_header_is_plain_value() {
    let server = Server::start().await;
    let reply = Reply::json(200, "").header("X-Total-Count", "42");
    server.reply("/v1/items/count", reply);
    let response = client_for(&server)
        .items()
        .count_items(CountItemsRequest::new())
        .await
        .expect("count succeeds");

    let count: i64 = response.x_total_count;
    assert_eq!(count, 42);
    assert_eq!(response.x_request_id, None);
}

#[tokio::test]
async fn absent_required_header_is_decode_error() {
    let server = Server::start().await;
    let reply = Reply::json(200, "").header("X-Request-Id", "17");
    server.reply("/v1/items/count", reply);
    let error = client_for(&server)
        .items()
        .count_items(CountItemsRequest::new())
        .await
        .unwrap_err();

    let Error::DecodeHeader { name, response, .. } = &error else {
        panic!("expected Error::DecodeHeader, got {error:?}");
    };
    assert_eq!(*name, "X-Total-Count");
    assert_eq!(response.headers["x-request-id"], "17");
    assert_eq!(error.status(), Some(StatusCode::OK));
    assert!(error.to_string().contains("X-Total-Count"), "{error}");
    assert!(error.to_string().contains("required"), "{error}");
}

#[tokio::test]
async fn unlisted_enum_header_is_kept() {
    let server = Server::start().await;
    server.reply(
        "/v1/items",
        Reply::json(200, ITEMS).header("X-Mode", "batch"),
    );
    let response = client_for(&server)
        .items()
        .list_items(ListItemsRequest::new())
        .await
        .expect("list succeeds");

    assert_eq!(
        response.x_mode,
        Some(ListItemsXModeHeader::Unknown("batch".to_owned()))
    );
}

#[tokio::test]
async fn invalid_header_is_decode_error() {
    for (name, value) in [("X-Total-Count", "many"), ("X-Rate-Limited", "yes")] {
        let server = Server::start().await;
        server.reply("/v1/items", Reply::json(200, ITEMS).header(name, value));
        let error = client_for(&server)
            .items()
            .list_items(ListItemsRequest::new())
            .await
            .unwrap_err();

        let Error::DecodeHeader {
            name: failed,
            response,
            ..
        } = &error
        else {
            panic!("expected Error::DecodeHeader, got {error:?}");
        };
        assert_eq!(*failed, name);
        assert_eq!(response.headers[name], value);
        assert_eq!(error.status(), Some(StatusCode::OK));
        assert!(error.to_string().contains(name), "{error}");
    }
}

/// Integer headers parse as Rust's `i64::from_str` does, which takes a sign, leading zeros and
/// `-0`; numbers parse as `f64::from_str` does.
#[tokio::test]
async fn numeric_headers_parse_as_rust_does() {
    let cases = [("-0", 0), ("05", 5), ("+7", 7)];
    for (text, expected) in cases {
        let server = Server::start().await;
        let reply = Reply::json(200, ITEMS)
            .header("X-Total-Count", text)
            .header("X-Shard-Ids", &format!("{text}, 01"))
            .header("X-Load", ".5");
        server.reply("/v1/items", reply);
        let response = client_for(&server)
            .items()
            .list_items(ListItemsRequest::new())
            .await
            .unwrap_or_else(|error| panic!("{text:?}: {error}"));

        assert_eq!(response.x_total_count, Some(expected), "{text:?}");
        assert_eq!(response.x_shard_ids, Some(vec![expected, 1]), "{text:?}");
        assert_eq!(response.x_load, Some(0.5), "{text:?}");
    }
}

#[tokio::test]
async fn required_integer_header_takes_leading_zero() {
    let server = Server::start().await;
    let reply = Reply::json(200, "").header("X-Total-Count", "0042");
    server.reply("/v1/items/count", reply);
    let response = client_for(&server)
        .items()
        .count_items(CountItemsRequest::new())
        .await
        .expect("count succeeds");

    assert_eq!(response.x_total_count, 42);
}

/// The message of a header that does not parse names the header, its value and the type,
/// not a position in JSON text.
#[tokio::test]
async fn invalid_header_message_names_value() {
    let cases = [
        (
            "X-Total-Count",
            "1.5",
            "the value \"1.5\" is not a valid i64",
        ),
        (
            "X-Rate-Limited",
            "True",
            "the value \"True\" is not a valid bool",
        ),
        ("X-Load", "NaN", "the value \"NaN\" is not a finite number"),
        (
            "X-Shard-Ids",
            "1, two",
            "the value \"two\" is not a valid i64",
        ),
    ];
    for (name, value, reason) in cases {
        let server = Server::start().await;
        server.reply("/v1/items", Reply::json(200, ITEMS).header(name, value));
        let error = client_for(&server)
            .items()
            .list_items(ListItemsRequest::new())
            .await
            .unwrap_err();

        let message = error.to_string();
        let header = format!("header {name:?}: ");
        assert!(message.contains(&header), "{message}");
        assert!(message.contains(reason), "{message}");
        assert!(!message.contains("column"), "{message}");
    }
}

#[tokio::test]
async fn operation_server_checks_client_variable() {
    let server = Server::start().await;
    let client = Servers::builder()
        .server_mirror_port(server.port())
        .server_variable("region", "mars")
        .build()
        .expect("the first server has no `region`, so the client builds");
    let error = client
        .items()
        .get_item(GetItemRequest::new("a").server_index(1))
        .await
        .unwrap_err();

    let Error::InvalidServerVariable { name, value, .. } = &error else {
        panic!("expected Error::InvalidServerVariable, got {error:?}");
    };
    assert_eq!(name, "region");
    assert_eq!(value, "mars");
    assert!(server.requests().is_empty());
}

#[test]
fn server_url_still_checks_index() {
    let error = Servers::builder()
        .server_url("http://127.0.0.1:9")
        .server_index(5)
        .build()
        .unwrap_err();
    assert!(
        matches!(error, Error::InvalidServerIndex { index: 5, count: 2 }),
        "{error:?}"
    );
}
