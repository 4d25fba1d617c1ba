//! Any request to the emulator's routes, in-process: an answer, never a panic or a hang.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tower::ServiceExt;

/// Paused time: the emulator's latency faults and chaos delays pass at once, so an input that
/// asks for a minute of latency costs nothing.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
    })
}

/// A fresh emulator per input, so that no state carries from one input to the next.
fn app() -> axum::Router {
    let _guard = runtime().enter();
    jobstatus_emulator::app(jobstatus_emulator::Config::default(), "http://127.0.0.1:1")
        .expect("the default config")
}

/// method \xff path-and-query \xff "name: value" lines \xff body
fn request(data: &[u8]) -> Option<http::Request<axum::body::Body>> {
    let mut parts = data.splitn(4, |b| *b == 0xff);
    let method = http::Method::from_bytes(parts.next()?).ok()?;
    let uri = http::Uri::try_from(parts.next()?).ok()?;
    let mut b = http::Request::builder().method(method).uri(uri);
    for line in parts.next().unwrap_or_default().split(|b| *b == b'\n') {
        if let Some(i) = line.iter().position(|b| *b == b':') {
            b = b.header(&line[..i], line[i + 1..].trim_ascii());
        }
    }
    b.body(axum::body::Body::from(parts.next().unwrap_or_default().to_vec()))
        .ok()
}

fuzz_target!(|data: &[u8]| {
    let Some(req) = request(data) else {
        return;
    };
    let app = app();
    let response = runtime().block_on(async move { app.oneshot(req).await });
    let response = response.expect("the router is infallible");
    let status = response.status().as_u16();
    assert!((200..600).contains(&status));
});
