//! The calls that the request overhead benchmarks time: each one through the generated auth SDK
//! and as a hand-written reqwest call that does the same work.
//!
//! Both sides start from the same inputs (the session and the two scope ids as text), send the
//! same method, path, query string and `Gram-Session` header, check the status, read the body
//! in full, and return the same values: the decoded JSON body of `auth.info` and the text of
//! the `Gram-Session` and `Set-Cookie` response headers that the spec declares. Each side
//! builds its client once. The SDK's retries are off, because the hand-written call has none.

use gram_sdk::auth::{InfoRequest, InfoSecurity, SwitchScopesRequest, SwitchScopesSecurity};
use gram_sdk::models::InfoResponseBody;
use gram_sdk::{Gram, Security, reqwest};

/// The session that every call sends.
pub const SESSION: &str = "session-1";

/// The `organization_id` query parameter of `auth.switchScopes`.
pub const ORGANIZATION_ID: &str = "org-1";

/// The `project_id` query parameter of `auth.switchScopes`.
pub const PROJECT_ID: &str = "project-1";

/// What a call to `auth.info` returns.
#[derive(Debug, PartialEq)]
pub struct Info {
    pub body: InfoResponseBody,
    pub gram_session: Option<String>,
    pub set_cookie: Option<String>,
}

/// What a call to `auth.switchScopes` returns.
#[derive(Debug, PartialEq)]
pub struct Switched {
    pub gram_session: Option<String>,
    pub set_cookie: Option<String>,
}

/// Builds the SDK client for the server at `url`, with retries off.
pub fn sdk_client(url: &str) -> Gram {
    Gram::builder()
        .server_url(url)
        .security(Security::new())
        .no_retries()
        .build()
        .expect("a client for the stand-in server")
}

/// Builds the hand-written side's client, which follows no redirects, as the SDK's does not.
pub fn reqwest_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client")
}

pub async fn sdk_info(gram: &Gram) -> Info {
    let request = InfoRequest::new().security(InfoSecurity::new(SESSION));
    let response = gram.auth().info(request).await.expect("info succeeds");
    Info {
        body: response.body,
        gram_session: response.gram_session,
        set_cookie: response.set_cookie,
    }
}

/// Calls `auth.info` on the server at `base_url`.
pub async fn reqwest_info(http: &reqwest::Client, base_url: &str) -> Info {
    let response = http
        .get(format!("{base_url}/rpc/auth.info"))
        .header("Gram-Session", SESSION)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let gram_session = header_text(response.headers(), "gram-session");
    let set_cookie = header_text(response.headers(), "set-cookie");
    let body = response.bytes().await.expect("the body arrives");
    Info {
        body: serde_json::from_slice(&body).expect("the body decodes"),
        gram_session,
        set_cookie,
    }
}

pub async fn sdk_switch_scopes(gram: &Gram) -> Switched {
    let request = SwitchScopesRequest::new()
        .organization_id(ORGANIZATION_ID)
        .project_id(PROJECT_ID)
        .security(SwitchScopesSecurity::new(SESSION));
    let response = gram
        .auth()
        .switch_scopes(request)
        .await
        .expect("switchScopes succeeds");
    Switched {
        gram_session: response.gram_session,
        set_cookie: response.set_cookie,
    }
}

/// Calls `auth.switchScopes` on the server at `base_url`, encoding the query string per call
/// as the SDK does. reqwest's `RequestBuilder::query` needs its `query` feature, which the SDK
/// does not enable, so the URL's own form encoder builds it.
pub async fn reqwest_switch_scopes(http: &reqwest::Client, base_url: &str) -> Switched {
    let mut url =
        url::Url::parse(&format!("{base_url}/rpc/auth.switchScopes")).expect("a valid URL");
    url.query_pairs_mut()
        .append_pair("organization_id", ORGANIZATION_ID)
        .append_pair("project_id", PROJECT_ID);
    let response = http
        .post(url)
        .header("Gram-Session", SESSION)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), reqwest::StatusCode::OK);
    let gram_session = header_text(response.headers(), "gram-session");
    let set_cookie = header_text(response.headers(), "set-cookie");
    response.bytes().await.expect("the body arrives");
    Switched {
        gram_session,
        set_cookie,
    }
}

fn header_text(headers: &reqwest::header::HeaderMap, name: &str) -> Option<String> {
    let value = headers.get(name)?;
    Some(
        value
            .to_str()
            .expect("an ASCII header value")
            .trim()
            .to_owned(),
    )
}
