//! A server on 127.0.0.1 for the security fixture's SDK that records which credentials each
//! request carried, with an OAuth 2.0 token endpoint at `/token` that counts the tokens it
//! issues.
//!
//! Every other path responds with 204, unless the test makes it redirect or rejects the bearer token
//! the request carries.

use std::collections::{HashSet, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, LOCATION};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use security_schemes_sdk::{Security, SecuritySchemes};
use serde_json::json;
use tokio::net::TcpListener;

/// Client id and secret that the token endpoint accepts.
pub const CLIENT_ID: &str = "client id:1";
pub const CLIENT_SECRET: &str = "secret&=+ value";

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// Returns every value of header `name`.
    pub fn header_values(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|value| value.to_str().expect("header is ASCII").to_owned())
            .collect()
    }

    /// Returns the one value of header `name`, `None` when absent; panics when repeated.
    pub fn header(&self, name: &str) -> Option<String> {
        let values = self.header_values(name);
        assert!(
            values.len() <= 1,
            "header {name} sent {} times",
            values.len()
        );
        values.into_iter().next()
    }

    /// Returns the decoded query pairs.
    pub fn query(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.uri.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect()
    }

    /// Returns the decoded pairs of a form body.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.body)
            .into_owned()
            .collect()
    }

    /// Lists the credentials the request carried: `Authorization`, `X-API-Key`, `Cookie` and
    /// the `api_key` query parameter, as `name=value` strings.
    pub fn credentials(&self) -> Vec<String> {
        let mut found = Vec::new();
        for name in [AUTHORIZATION.as_str(), "x-api-key", COOKIE.as_str()] {
            for value in self.header_values(name) {
                found.push(format!("{name}={value}"));
            }
        }
        for (name, value) in self.query() {
            if name == "api_key" {
                found.push(format!("api_key={value}"));
            }
        }
        found
    }
}

struct ServerState {
    url: String,
    requests: Mutex<Vec<Recorded>>,
    /// `expires_in` of issued tokens; `None` leaves it out of the response.
    expires_in: Mutex<Option<u64>>,
    /// Whether `expires_in` is sent as a JSON string instead of a number.
    expires_in_as_text: Mutex<bool>,
    /// JSON text sent as `expires_in` when set, in place of `expires_in` above.
    expires_in_json: Mutex<Option<String>>,
    tokens_issued: Mutex<u32>,
    /// A path that redirects, with status 307, and the `Location` it redirects to.
    redirect: Mutex<Option<(String, String)>>,
    /// Bearer tokens that get status 401.
    rejected_tokens: Mutex<HashSet<String>>,
    /// Status and body of the token endpoint when set, in place of issuing a token.
    token_failure: Mutex<Option<(StatusCode, String)>>,
    /// Waits before the next token responses, one per token request until none is left.
    token_delays: Mutex<VecDeque<Duration>>,
    /// Wait before each response to a path other than `/token`.
    call_delay: Mutex<Duration>,
}

/// A running server, which stops when the test's runtime shuts down.
#[derive(Clone)]
pub struct Server {
    state: Arc<ServerState>,
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding 127.0.0.1:0 should succeed");
        let address: SocketAddr = listener.local_addr().expect("listener has an address");
        let state = Arc::new(ServerState {
            url: format!("http://{address}"),
            requests: Mutex::new(Vec::new()),
            expires_in: Mutex::new(Some(3600)),
            expires_in_as_text: Mutex::new(false),
            expires_in_json: Mutex::new(None),
            tokens_issued: Mutex::new(0),
            redirect: Mutex::new(None),
            rejected_tokens: Mutex::new(HashSet::new()),
            token_failure: Mutex::new(None),
            token_delays: Mutex::new(VecDeque::new()),
            call_delay: Mutex::new(Duration::ZERO),
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("test server should run until the test ends");
        });
        Server { state }
    }

    /// Returns the base URL, such as `http://127.0.0.1:40000`.
    pub fn url(&self) -> &str {
        &self.state.url
    }

    /// Builds a client for this server with `security`, using the SDK's default HTTP client.
    pub fn client(&self, security: Security) -> SecuritySchemes {
        SecuritySchemes::builder()
            .server_url(self.url())
            .security(security)
            .build()
            .expect("client for the test server should build")
    }

    /// Returns every request received so far, token requests included, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Returns the requests to paths other than `/token`.
    pub fn calls(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|request| request.uri.path() != "/token")
            .collect()
    }

    /// Returns the requests to `/token`.
    pub fn token_requests(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|request| request.uri.path() == "/token")
            .collect()
    }

    /// Returns how many tokens the token endpoint issued.
    pub fn tokens_issued(&self) -> u32 {
        *self.state.tokens_issued.lock().unwrap()
    }

    /// Sets the `expires_in` of tokens issued from now on; `None` leaves it out.
    pub fn set_expires_in(&self, seconds: Option<u64>) {
        *self.state.expires_in.lock().unwrap() = seconds;
    }

    /// Makes the token endpoint send `expires_in` as a JSON string, as some servers do.
    pub fn send_expires_in_as_text(&self) {
        *self.state.expires_in_as_text.lock().unwrap() = true;
    }

    /// Makes the token endpoint send `json`, such as `1e30` or `-5`, as `expires_in`.
    pub fn send_expires_in_json(&self, json: &str) {
        *self.state.expires_in_json.lock().unwrap() = Some(json.to_owned());
    }

    /// Makes `path` respond with 307 and `Location: {url}`.
    pub fn redirect(&self, path: &str, url: String) {
        *self.state.redirect.lock().unwrap() = Some((path.to_owned(), url));
    }

    /// Makes requests carrying `Authorization: Bearer {token}` get status 401.
    pub fn reject_token(&self, token: &str) {
        self.state
            .rejected_tokens
            .lock()
            .unwrap()
            .insert(token.to_owned());
    }

    /// Makes the next token requests wait before the response, `delays[n]` for the `n`-th;
    /// later requests get theirs at once.
    pub fn delay_token_requests(&self, delays: &[Duration]) {
        *self.state.token_delays.lock().unwrap() = delays.iter().copied().collect();
    }

    /// Makes every request to a path other than `/token` wait `delay` before its response.
    pub fn delay_calls(&self, delay: Duration) {
        *self.state.call_delay.lock().unwrap() = delay;
    }

    /// Makes the token endpoint respond with `status` and `body` instead of issuing tokens.
    pub fn fail_token_requests(&self, status: StatusCode, body: &str) {
        *self.state.token_failure.lock().unwrap() = Some((status, body.to_owned()));
    }
}

async fn handle(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 64 * 1024)
        .await
        .expect("test request bodies are small");
    let recorded = Recorded {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
    };
    state.requests.lock().unwrap().push(recorded.clone());

    let redirect = state.redirect.lock().unwrap().clone();
    if let Some((_, target)) = redirect.filter(|(path, _)| path == recorded.uri.path()) {
        return (StatusCode::TEMPORARY_REDIRECT, [(LOCATION, target)]).into_response();
    }
    if recorded.uri.path() == "/token" {
        let delay = state.token_delays.lock().unwrap().pop_front();
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        return issue_token(&state, &recorded);
    }
    let delay = *state.call_delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    let bearer = recorded
        .header("authorization")
        .and_then(|value| value.strip_prefix("Bearer ").map(str::to_owned));
    if bearer.is_some_and(|token| state.rejected_tokens.lock().unwrap().contains(&token)) {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Issues `token-{n}` to a `client_credentials` request authenticated with HTTP basic.
fn issue_token(state: &ServerState, request: &Recorded) -> Response {
    if let Some((status, body)) = state.token_failure.lock().unwrap().clone() {
        return (status, body).into_response();
    }
    let form = request.form();
    let grant = form.iter().find(|(name, _)| name == "grant_type");
    if request.method != Method::POST
        || grant.is_none_or(|(_, value)| value != "client_credentials")
        || request.header("authorization") != Some(client_authorization())
    {
        let body = json!({ "error": "invalid_client" }).to_string();
        return (StatusCode::UNAUTHORIZED, body).into_response();
    }

    let mut issued = state.tokens_issued.lock().unwrap();
    *issued += 1;
    let mut body = json!({
        "access_token": format!("token-{issued}"),
        "token_type": "bearer",
    });
    if let Some(json) = state.expires_in_json.lock().unwrap().as_deref() {
        // `Value` would turn a number beyond `u64` into `f64`, so the text goes in unchanged.
        let text = body.to_string();
        let unclosed = text.strip_suffix('}').expect("a JSON object");
        let text = format!("{unclosed},\"expires_in\":{json}}}");
        return ([("content-type", "application/json")], text).into_response();
    }
    if let Some(seconds) = *state.expires_in.lock().unwrap() {
        body["expires_in"] = if *state.expires_in_as_text.lock().unwrap() {
            json!(seconds.to_string())
        } else {
            json!(seconds)
        };
    }
    ([("content-type", "application/json")], body.to_string()).into_response()
}

/// Returns the `Authorization` value of the client credentials: RFC 6749, section 2.3.1, with
/// the id and secret form-encoded before base64.
pub fn client_authorization() -> String {
    use base64::Engine as _;

    let encode =
        |text: &str| url::form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>();
    let pair = format!("{}:{}", encode(CLIENT_ID), encode(CLIENT_SECRET));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}
