//! A raw HTTP/1.1 server on 127.0.0.1 that handles each request with the next fault of a
//! script, and records what it received.
//!
//! It works on the TCP stream itself, so that it can reset connections, stall, and send
//! bodies shorter than their `Content-Length`. Every response carries `Connection: close`
//! and the server closes the connection after it, so each attempt of the SDK opens a new
//! connection and the attempt count is the number of requests read.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Notify;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Closes the connection without a response, with a TCP reset.
    Reset,
    /// Sends this response.
    Reply(Reply),
    /// Sends no response, and records when the client closes the connection.
    Hang,
    /// Sends these bytes as they are, for a response that is not valid HTTP, and closes the
    /// connection.
    Raw(Vec<u8>),
}

/// A response, possibly malformed.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `Content-Length` to declare in place of the body's length.
    pub declared_length: Option<usize>,
    /// Whether the body is sent with `Transfer-Encoding: chunked`, in 64 KiB chunks, in place
    /// of a `Content-Length`.
    pub chunked: bool,
    /// Wait before sending anything.
    pub delay: Duration,
}

impl Reply {
    /// Creates a response with `status`, a JSON content type and `body`.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: body.as_bytes().to_vec(),
            declared_length: None,
            chunked: false,
            delay: Duration::ZERO,
        }
    }

    /// Creates a response with `status` and no body.
    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            declared_length: None,
            chunked: false,
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn declared_length(mut self, length: usize) -> Reply {
        self.declared_length = Some(length);
        self
    }

    pub fn chunked(mut self) -> Reply {
        self.chunked = true;
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The request line, such as `GET /rpc/auth.info HTTP/1.1`.
    pub request_line: String,
    /// Header lines, as sent.
    pub headers: Vec<String>,
    pub body: Vec<u8>,
}

impl Received {
    /// Returns the first value of header `name`, compared without case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then_some(value.trim())
        })
    }
}

struct State {
    script: Vec<Fault>,
    requests: Mutex<Vec<Received>>,
    /// Notified when a client closes a connection that a [`Fault::Hang`] holds.
    closed: Notify,
}

/// A running fault server, which stops when the test's runtime shuts down.
pub struct FaultServer {
    url: String,
    state: Arc<State>,
}

impl FaultServer {
    /// Starts a server that handles request `n` with `script[n]`, and every request after the
    /// script's end with its last fault.
    pub async fn start(script: Vec<Fault>) -> FaultServer {
        assert!(!script.is_empty(), "a script needs at least one fault");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("binding 127.0.0.1:0 should succeed");
        let address = listener.local_addr().expect("listener has an address");
        let state = Arc::new(State {
            script,
            requests: Mutex::new(Vec::new()),
            closed: Notify::new(),
        });
        let accepting = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, accepting.clone()));
            }
        });
        FaultServer {
            url: format!("http://{address}"),
            state,
        }
    }

    /// Returns the base URL, such as `http://127.0.0.1:40000`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Returns the number of requests read so far: the SDK's attempts.
    pub fn attempts(&self) -> usize {
        self.state.requests.lock().unwrap().len()
    }

    /// Returns every request read so far, in arrival order.
    pub fn requests(&self) -> Vec<Received> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Waits until a client closes a connection held by [`Fault::Hang`], at most `limit`;
    /// returns whether it did.
    pub async fn wait_for_close(&self, limit: Duration) -> bool {
        tokio::time::timeout(limit, self.state.closed.notified())
            .await
            .is_ok()
    }
}

async fn serve(mut stream: TcpStream, state: Arc<State>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let fault = {
        let mut requests = state.requests.lock().unwrap();
        requests.push(request);
        let index = (requests.len() - 1).min(state.script.len() - 1);
        state.script[index].clone()
    };
    match fault {
        Fault::Reset => {
            // A zero linger time makes the close send RST instead of FIN.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        Fault::Reply(reply) => {
            tokio::time::sleep(reply.delay).await;
            let _ = stream.write_all(&response_bytes(&reply)).await;
            let _ = stream.shutdown().await;
        }
        Fault::Raw(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Fault::Hang => {
            let mut buffer = [0_u8; 1024];
            // The client sends nothing more, so the read ends only when it closes.
            loop {
                match stream.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => continue,
                }
            }
            state.closed.notify_one();
        }
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buffer = [0_u8; 4096];
    let head_end = loop {
        if let Some(position) = data.windows(4).position(|window| window == b"\r\n\r\n") {
            break position;
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_owned();
    let headers: Vec<String> = lines.map(str::to_owned).collect();
    let mut request = Received {
        request_line,
        headers,
        body: data[head_end + 4..].to_vec(),
    };
    let length: usize = request
        .header("content-length")
        .and_then(|value| value.parse().ok())
        .unwrap_or(0);
    while request.body.len() < length {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        request.body.extend_from_slice(&buffer[..read]);
    }
    Some(request)
}

fn response_bytes(reply: &Reply) -> Vec<u8> {
    let framing = if reply.chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        let length = reply.declared_length.unwrap_or(reply.body.len());
        format!("Content-Length: {length}")
    };
    let mut head = format!(
        "HTTP/1.1 {} Fault\r\n{framing}\r\nConnection: close\r\n",
        reply.status
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    if !reply.chunked {
        bytes.extend_from_slice(&reply.body);
        return bytes;
    }
    for chunk in reply.body.chunks(64 * 1024) {
        bytes.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        bytes.extend_from_slice(chunk);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(b"0\r\n\r\n");
    bytes
}
