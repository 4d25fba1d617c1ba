//! Helpers for the end-to-end tests: the vendor-example fixtures, and a loopback server that
//! answers with a canned response (for shapes the emulator never sends on its own, such as
//! the vendors' published examples byte for byte).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;

/// `tests/fixtures/vendor-examples/<name>`.
pub fn vendor_example(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/vendor-examples")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// A request the canned server received.
#[derive(Clone, Debug)]
pub struct Received {
    /// The method.
    pub method: Method,
    /// The URI as sent.
    pub uri: Uri,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
}

/// What the canned server answers.
#[derive(Clone, Debug)]
pub struct Canned {
    /// The status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Canned {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Canned {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.into().into_bytes(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

struct CannedState {
    answer: Canned,
    received: Mutex<Vec<Received>>,
}

/// A loopback server that gives every request the same answer and records what it got.
pub struct CannedServer {
    addr: SocketAddr,
    state: Arc<CannedState>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl CannedServer {
    /// Starts one.
    pub async fn start(answer: Canned) -> CannedServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let state = Arc::new(CannedState {
            answer,
            received: Mutex::new(Vec::new()),
        });
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(state.clone());
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        CannedServer {
            addr,
            state,
            _stop: tx,
        }
    }

    /// `http://ADDR`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.state
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}

async fn handle(
    State(s): State<Arc<CannedState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Ok(mut r) = s.received.lock() {
        r.push(Received {
            method,
            uri,
            headers,
            body,
        });
    }
    let mut builder =
        Response::builder().status(StatusCode::from_u16(s.answer.status).unwrap_or(StatusCode::OK));
    for (k, v) in &s.answer.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    builder
        .body(Body::from(s.answer.body.clone()))
        .unwrap_or_default()
}

/// The README's Rust examples, compiled as doctests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
