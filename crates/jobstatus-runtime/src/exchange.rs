//! One HTTP exchange: the capped body read, and the mapping of progenitor's errors to [`Error`].
//!
//! progenitor's generated methods drop the status of a body they cannot parse and leave hook
//! errors as strings. The provider crates run each call inside [`call`], and their `exec` hook
//! goes through [`execute`], which records what the server sent in a task-local, so that the
//! error a user sees keeps the HTTP status, the headers and the typed hook error.

use std::cell::RefCell;
use std::future::Future;
use std::time::Duration;

use bytes::BytesMut;
use http::HeaderMap;
use progenitor_client::ResponseValue;

use crate::error::{ApiError, Error};

/// The default cap on a response body: 4 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;
const EXCERPT_CHARS: usize = 200;

/// What a vendor's error body says, whatever its shape.
pub trait VendorErrorBody {
    /// The vendor's error code.
    fn code(&self) -> Option<&str>;
    /// The vendor's message.
    fn message(&self) -> Option<&str>;
    /// The request id carried in the body, if the vendor puts it there.
    fn request_id(&self) -> Option<&str>;
}

#[derive(Default)]
struct Exchange {
    status: Option<u16>,
    headers: HeaderMap,
    /// The cap, when the body went over it.
    too_large: Option<usize>,
    hook_error: Option<Error>,
}

tokio::task_local! {
    static EXCHANGE: RefCell<Exchange>;
}

/// Stores a typed error from a request hook (credentials, signing) so that [`call`] returns it
/// instead of progenitor's string. Returns the message for progenitor's `Error::Custom`.
pub fn hook_error(err: Error) -> String {
    let msg = err.to_string();
    let _ = EXCHANGE.try_with(|x| x.borrow_mut().hook_error = Some(err));
    msg
}

/// Sends a request and reads its body, refusing more than `limit` bytes without reading on.
/// Use it as the `exec` of a provider's `ClientHooks`.
pub async fn execute(
    client: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> reqwest::Result<reqwest::Response> {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let path = request.url().path().to_owned();
    let mut response = client.execute(request).await?;
    let status = response.status();
    tracing::debug!(target: "jobstatus::http", %method, %path, status = status.as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "response");
    let _ = EXCHANGE.try_with(|x| {
        let mut x = x.borrow_mut();
        x.status = Some(status.as_u16());
        x.headers = response.headers().clone();
    });
    let mut builder = http::Response::builder()
        .status(status)
        .version(response.version());
    if let Some(h) = builder.headers_mut() {
        *h = response.headers().clone();
    }
    let too_large = || {
        let _ = EXCHANGE.try_with(|x| x.borrow_mut().too_large = Some(limit));
        let empty = http::Response::builder()
            .status(status)
            .body(reqwest::Body::from(Vec::<u8>::new()));
        Ok(empty
            .map(reqwest::Response::from)
            .unwrap_or_else(|_| http::Response::new(reqwest::Body::from(Vec::<u8>::new())).into()))
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len() + chunk.len() > limit {
            return too_large();
        }
        body.extend_from_slice(&chunk);
    }
    match builder.body(reqwest::Body::from(body.freeze())) {
        Ok(r) => Ok(r.into()),
        // The parts came from a valid response; rebuilding them cannot fail.
        Err(_) => too_large(),
    }
}

/// Runs one generated call and turns progenitor's error into [`Error`], keeping the status,
/// the vendor's code, message and request id, and the server's retry delay.
pub async fn call<T, E, F>(provider: &'static str, fut: F) -> Result<ResponseValue<T>, Error>
where
    E: VendorErrorBody,
    F: Future<Output = Result<ResponseValue<T>, progenitor_client::Error<E>>>,
{
    let (result, exchange) = EXCHANGE
        .scope(RefCell::new(Exchange::default()), async {
            let r = fut.await;
            let x = EXCHANGE.with(|x| std::mem::take(&mut *x.borrow_mut()));
            (r, x)
        })
        .await;
    let err = match result {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    if let Some(e) = exchange.hook_error {
        return Err(e);
    }
    let status = exchange.status.unwrap_or(0);
    if let Some(limit) = exchange.too_large {
        return Err(Error::BodyTooLarge {
            provider,
            status,
            limit,
        });
    }
    use progenitor_client::Error as P;
    Err(match err {
        P::ErrorResponse(rv) => {
            let status = rv.status().as_u16();
            let headers = rv.headers().clone();
            let body = rv.into_inner();
            api_error(
                provider,
                status,
                &headers,
                body.code(),
                body.message(),
                body.request_id(),
            )
        }
        P::InvalidResponsePayload(bytes, e) => {
            if status >= 400 {
                // An error status whose body is not the vendor's JSON (a proxy's page, say):
                // still an API error, so that the status and headers drive retries.
                let mut api = api_error(provider, status, &exchange.headers, None, None, None);
                if let Error::Api(a) = &mut api {
                    a.message = Some(format!("unparseable error body: {}", excerpt(&bytes)));
                }
                api
            } else {
                Error::Decode {
                    provider,
                    status,
                    detail: e.to_string(),
                    excerpt: excerpt(&bytes),
                }
            }
        }
        P::UnexpectedResponse(r) => {
            api_error(provider, r.status().as_u16(), r.headers(), None, None, None)
        }
        P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e) => {
            if exchange.status.is_some() {
                Error::Body {
                    provider,
                    status,
                    message: e.to_string(),
                }
            } else {
                Error::Transport {
                    provider,
                    timeout: e.is_timeout(),
                    source: e,
                }
            }
        }
        P::InvalidRequest(m) | P::Custom(m) => Error::InvalidRequest(m),
    })
}

fn api_error(
    provider: &'static str,
    status: u16,
    headers: &HeaderMap,
    code: Option<&str>,
    message: Option<&str>,
    request_id: Option<&str>,
) -> Error {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let code = code
        .or_else(|| header("x-ms-error-code"))
        .map(str::to_owned);
    let request_id = request_id
        .or_else(|| header("x-request-id"))
        .or_else(|| header("x-acs-request-id"))
        .or_else(|| header("x-ms-request-id"))
        .or_else(|| header("apim-request-id"))
        .map(str::to_owned);
    Error::Api(Box::new(ApiError {
        provider,
        status,
        code,
        message: message.map(str::to_owned),
        request_id,
        retry_after: retry_after(headers),
    }))
}

/// The delay a server asked for: `retry-after-ms` / `x-ms-retry-after-ms` (milliseconds),
/// `x-acs-retry-after` (Alibaba; milliseconds when large, else seconds), or `Retry-After` (seconds).
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let num = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|v| *v >= 0.0 && v.is_finite())
    };
    if let Some(ms) = num("retry-after-ms").or_else(|| num("x-ms-retry-after-ms")) {
        return Some(Duration::from_secs_f64(ms / 1000.0));
    }
    if let Some(v) = num("x-acs-retry-after") {
        // tea-openapi reads this as seconds; values above an hour are taken as milliseconds.
        return Some(if v > 3600.0 {
            Duration::from_secs_f64(v / 1000.0)
        } else {
            Duration::from_secs_f64(v)
        });
    }
    num("retry-after").map(Duration::from_secs_f64)
}

/// The first characters of a body, for error messages.
pub fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(EXCERPT_CHARS * 4)]);
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS || bytes.len() > EXCERPT_CHARS * 4 {
        out.push('…');
    }
    out
}
