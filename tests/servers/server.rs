//! A scripted server on 127.0.0.1 for the servers fixture's SDK: each test sets the reply of
//! each path, and the server records every request it receives.
//!
//! A path without a reply gets status 404.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tokio::net::TcpListener;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: Method,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    /// Returns the path, without the query string.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// Lists the credentials the request carried: `Authorization`, `X-Api-Key`, `Cookie` and
    /// the `api_key` query parameter, as `name=value` strings.
    pub fn credentials(&self) -> Vec<String> {
        let mut found = Vec::new();
        for name in [AUTHORIZATION.as_str(), "x-api-key", COOKIE.as_str()] {
            for value in self.headers.get_all(name) {
                let value = value.to_str().expect("header is ASCII");
                found.push(format!("{name}={value}"));
            }
        }
        let query = self.uri.query().unwrap_or_default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            if name == "api_key" {
                found.push(format!("{name}={value}"));
            }
        }
        found
    }
}

/// The response a path gets.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    /// Creates a reply with `status`, a JSON `body` and no other header.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".to_owned(), "application/json".to_owned())],
            body: body.to_owned(),
        }
    }

    /// Creates a redirect with `status` to `location`, without body.
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply {
            status,
            headers: vec![("location".to_owned(), location.to_owned())],
            body: String::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

#[derive(Default)]
struct ServerState {
    replies: Mutex<HashMap<String, Reply>>,
    requests: Mutex<Vec<Recorded>>,
}

/// A running server, which stops when the test's runtime shuts down.
pub struct Server {
    url: String,
    port: u16,
    state: Arc<ServerState>,
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1.
    pub async fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding 127.0.0.1:0 should succeed");
        let address: SocketAddr = listener.local_addr().expect("listener has an address");
        let state = Arc::new(ServerState::default());
        let app = Router::new().fallback(respond).with_state(state.clone());
        tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("test server should run until the test ends");
        });
        Server {
            url: format!("http://{address}"),
            port: address.port(),
            state,
        }
    }

    /// Returns the base URL, such as `http://127.0.0.1:40000`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Returns the port, as a server variable takes it.
    pub fn port(&self) -> String {
        self.port.to_string()
    }

    /// Makes `path` respond with `reply`.
    pub fn reply(&self, path: &str, reply: Reply) {
        let mut replies = self.state.replies.lock().unwrap();
        replies.insert(path.to_owned(), reply);
    }

    /// Returns every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Returns the paths of the requests received so far, in arrival order.
    pub fn paths(&self) -> Vec<String> {
        let requests = self.requests();
        requests
            .iter()
            .map(|request| request.path().to_owned())
            .collect()
    }
}

async fn respond(State(state): State<Arc<ServerState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1 << 20)
        .await
        .expect("the request body is read");
    let recorded = Recorded {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
    };
    let reply = state.replies.lock().unwrap().get(recorded.path()).cloned();
    state.requests.lock().unwrap().push(recorded);

    let Some(reply) = reply else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut response = Response::new(axum::body::Body::from(reply.body));
    *response.status_mut() = StatusCode::from_u16(reply.status).expect("a valid status");
    for (name, value) in reply.headers {
        let name = axum::http::HeaderName::from_bytes(name.as_bytes()).expect("a header name");
        let value = axum::http::HeaderValue::from_str(&value).expect("a header value");
        response.headers_mut().append(name, value);
    }
    response
}
