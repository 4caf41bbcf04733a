//! A stand-in for the Gram auth service on 127.0.0.1 that records every request it receives.
//!
//! Each test starts its own server on port 0, so tests run in parallel without sharing state.
//! The server accepts every non-empty `Gram-Session` value as a known session.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::header::{CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderName, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use gram_sdk::models::{InfoResponseBody, Organization, Project};
use gram_sdk::{Gram, Security};
use serde_json::json;
use tokio::net::TcpListener;

/// Name of the header that carries the session, in both directions.
pub const GRAM_SESSION: HeaderName = HeaderName::from_static("gram-session");

/// Path that the callback redirects to. The SDK must never request it.
pub const LANDING_PATH: &str = "/landing";

/// A request as the server received it, before routing.
#[derive(Debug, Clone)]
pub struct RecordedRequest {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
}

impl RecordedRequest {
    /// Returns the path, without the query string.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// Returns the query string as sent, still percent-encoded.
    pub fn raw_query(&self) -> Option<&str> {
        self.uri.query()
    }

    /// Decodes the query string into name-value pairs, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&self.uri)
            .expect("query string should decode as form-urlencoded pairs");
        pairs
    }

    /// Returns every value of the `Gram-Session` header, in the order sent.
    pub fn sessions(&self) -> Vec<&str> {
        self.headers
            .get_all(GRAM_SESSION)
            .iter()
            .map(|value| value.to_str().expect("Gram-Session should be ASCII"))
            .collect()
    }
}

/// What `GET /rpc/auth.info` returns to a request that carries a session.
#[derive(Debug, Clone, Copy)]
pub enum InfoReply {
    /// Status 200 with the JSON of [`expected_info_body`].
    Valid,
    /// Status 200 with this text as the body, labelled `application/json`.
    Raw(&'static str),
}

struct ServerState {
    url: String,
    info_reply: InfoReply,
    requests: Mutex<Vec<RecordedRequest>>,
}

/// A running stand-in of the auth service, which stops when the test's runtime shuts down.
pub struct AuthServer {
    state: Arc<ServerState>,
}

impl AuthServer {
    /// Starts a server that behaves as the auth service does.
    pub async fn start() -> AuthServer {
        AuthServer::start_with(InfoReply::Valid).await
    }

    /// Starts a server whose `auth.info` responds with `info_reply`.
    pub async fn start_with(info_reply: InfoReply) -> AuthServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding 127.0.0.1:0 should succeed");
        let address: SocketAddr = listener.local_addr().expect("listener has an address");
        let state = Arc::new(ServerState {
            url: format!("http://{address}"),
            info_reply,
            requests: Mutex::new(Vec::new()),
        });

        // The same routes also sit under `/base`, for clients whose server URL has a path.
        let app = Router::new()
            .merge(routes())
            .nest("/base", routes())
            .layer(middleware::from_fn_with_state(state.clone(), record))
            .with_state(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("test server should run until the test ends");
        });
        AuthServer { state }
    }

    /// Returns the base URL, such as `http://127.0.0.1:40000`.
    pub fn url(&self) -> &str {
        &self.state.url
    }

    /// Builds a client for this server without credentials.
    pub fn client(&self) -> Gram {
        self.client_with(Security::new())
    }

    /// Builds a client for this server with client-level credentials.
    pub fn client_with(&self, security: Security) -> Gram {
        Gram::builder()
            .server_url(self.url())
            .security(security)
            .build()
            .expect("client for the test server should build")
    }

    /// Returns every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Returns the one request received so far, and panics unless there is exactly one.
    pub fn only_request(&self) -> RecordedRequest {
        let requests = self.requests();
        assert_eq!(
            requests.len(),
            1,
            "expected exactly one request, got {requests:#?}"
        );
        requests.into_iter().next().unwrap()
    }
}

/// Returns the body that a valid `auth.info` reply decodes to, built apart from the JSON the
/// server sends so that a field-name mismatch in the SDK cannot cancel out.
pub fn expected_info_body() -> InfoResponseBody {
    InfoResponseBody {
        user_id: "user-1".to_owned(),
        user_email: "ada@example.com".to_owned(),
        active_organization_id: "org-1".to_owned(),
        organizations: vec![
            Organization {
                organization_id: "org-1".to_owned(),
                organization_name: "Analytical Engines".to_owned(),
                organization_slug: "analytical-engines".to_owned(),
                account_type: "pro".to_owned(),
                projects: vec![
                    Project {
                        project_id: "proj-1".to_owned(),
                        project_name: "Default".to_owned(),
                        project_slug: "default".to_owned(),
                    },
                    Project {
                        project_id: "proj-2".to_owned(),
                        project_name: "Notes".to_owned(),
                        project_slug: "notes".to_owned(),
                    },
                ],
            },
            Organization {
                organization_id: "org-2".to_owned(),
                organization_name: "Empty".to_owned(),
                organization_slug: "empty".to_owned(),
                account_type: "free".to_owned(),
                projects: vec![],
            },
        ],
    }
}

/// Returns the `Set-Cookie` value that carries `session`.
pub fn session_cookie(session: &str) -> String {
    format!("gram_session={session}; Path=/; HttpOnly; SameSite=Lax")
}

/// `Set-Cookie` value of `auth.logout`, which clears the session cookie.
pub const CLEARED_COOKIE: &str = "gram_session=; Path=/; Max-Age=0";

/// Returns the session that `auth.callback` issues for `shared_token`.
pub fn callback_session(shared_token: &str) -> String {
    format!("session-from-{shared_token}")
}

/// Returns the session that `auth.switchScopes` issues in place of `session`.
pub fn switched_session(session: &str) -> String {
    format!("{session}-switched")
}

fn routes() -> Router<Arc<ServerState>> {
    Router::new()
        .route("/rpc/auth.callback", get(callback))
        .route("/rpc/auth.info", get(info))
        .route("/rpc/auth.logout", get(logout))
        .route("/rpc/auth.switchScopes", post(switch_scopes))
        .route(LANDING_PATH, get(|| async { "landed" }))
}

async fn record(State(state): State<Arc<ServerState>>, request: Request, next: Next) -> Response {
    let recorded = RecordedRequest {
        method: request.method().clone(),
        uri: request.uri().clone(),
        headers: request.headers().clone(),
    };
    state.requests.lock().unwrap().push(recorded);
    next.run(request).await
}

async fn callback(
    State(state): State<Arc<ServerState>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(token) = params.get("shared_token") else {
        return (
            StatusCode::BAD_REQUEST,
            "missing query parameter shared_token",
        )
            .into_response();
    };
    let session = callback_session(token);
    let headers = [
        (
            LOCATION,
            format!("{}{LANDING_PATH}?from={token}", state.url),
        ),
        (SET_COOKIE, session_cookie(&session)),
        (GRAM_SESSION, session),
    ];
    (StatusCode::TEMPORARY_REDIRECT, headers).into_response()
}

async fn info(State(state): State<Arc<ServerState>>, headers: HeaderMap) -> Response {
    let Some(session) = session_of(&headers) else {
        return session_required();
    };
    let body = match state.info_reply {
        InfoReply::Valid => info_json().to_string(),
        InfoReply::Raw(text) => text.to_owned(),
    };
    let headers = [
        (CONTENT_TYPE, "application/json".to_owned()),
        (SET_COOKIE, session_cookie(&session)),
        (GRAM_SESSION, session),
    ];
    (StatusCode::OK, headers, body).into_response()
}

async fn logout(headers: HeaderMap) -> Response {
    if session_of(&headers).is_none() {
        return session_required();
    }
    (StatusCode::OK, [(SET_COOKIE, CLEARED_COOKIE)]).into_response()
}

async fn switch_scopes(headers: HeaderMap) -> Response {
    let Some(session) = session_of(&headers) else {
        return session_required();
    };
    let switched = switched_session(&session);
    let headers = [
        (SET_COOKIE, session_cookie(&switched)),
        (GRAM_SESSION, switched),
    ];
    (StatusCode::OK, headers).into_response()
}

fn session_of(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(GRAM_SESSION)?.to_str().ok()?;
    (!value.is_empty()).then(|| value.to_owned())
}

fn session_required() -> Response {
    let body = json!({"name": "unauthorized", "message": "session required"});
    (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response()
}

/// Builds the JSON of [`expected_info_body`], written out by hand.
fn info_json() -> serde_json::Value {
    json!({
        "user_id": "user-1",
        "user_email": "ada@example.com",
        "active_organization_id": "org-1",
        "organizations": [
            {
                "organization_id": "org-1",
                "organization_name": "Analytical Engines",
                "organization_slug": "analytical-engines",
                "account_type": "pro",
                "projects": [
                    {"project_id": "proj-1", "project_name": "Default", "project_slug": "default"},
                    {"project_id": "proj-2", "project_name": "Notes", "project_slug": "notes"}
                ]
            },
            {
                "organization_id": "org-2",
                "organization_name": "Empty",
                "organization_slug": "empty",
                "account_type": "free",
                "projects": []
            }
        ]
    })
}
