//! One HTTP exchange: the capped body read, and the mapping of progenitor's errors to [`Error`].
//!
//! progenitor's generated methods drop the status of a body they cannot parse and leave hook
//! errors as strings. The provider crates run each call inside [`call`], and their `exec` hook
//! goes through [`execute`], which records what the server sent in a task-local, so that the
//! error a user sees keeps the HTTP status, the headers, the typed hook error and the vendor's
//! code and message in whatever spelling it used ([`crate::vendor_error`]), and so that a
//! successful [`Answer`] keeps the body exactly as it was sent.

use std::cell::RefCell;
use std::future::Future;
use std::ops::Deref;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use http::HeaderMap;
use progenitor_client::ResponseValue;

use crate::error::{ApiError, Error};
use crate::vendor_error::{self, ErrorFormat};

/// The default cap on a response body: 4 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 4 * 1024 * 1024;
/// The longest delay a server's retry hint is taken for; longer hints are cut to this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);
const EXCERPT_CHARS: usize = 200;

/// A successful answer: the decoded value, its HTTP status and headers, and the body exactly
/// as the server sent it. Dereferences to the value.
#[derive(Debug)]
pub struct Answer<T> {
    value: ResponseValue<T>,
    body: Bytes,
}

impl<T> Answer<T> {
    /// An answer from its parts (for tests and stubs).
    pub fn new(value: ResponseValue<T>, body: Bytes) -> Self {
        Answer { value, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.value.status()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        self.value.headers()
    }

    /// The body as sent.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }

    /// The decoded value and the body as sent.
    pub fn into_parts(self) -> (T, Bytes) {
        (self.value.into_inner(), self.body)
    }
}

impl<T> Deref for Answer<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

#[derive(Default)]
struct Exchange {
    status: Option<u16>,
    headers: HeaderMap,
    body: Bytes,
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
    // The body is refused without reading on. Inside `call` the task-local turns this into
    // `Error::BodyTooLarge`; a raw generated client used on its own gets a body that fails to
    // read, with the reason, instead of an empty 200.
    let too_large = || {
        let _ = EXCHANGE.try_with(|x| x.borrow_mut().too_large = Some(limit));
        let reason =
            std::io::Error::other(format!("the response body exceeds the {limit}-byte limit"));
        let failing =
            reqwest::Body::wrap_stream(futures::stream::once(
                async move { Err::<Bytes, _>(reason) },
            ));
        Ok(http::Response::builder()
            .status(status)
            .body(failing)
            .map(reqwest::Response::from)
            .unwrap_or_else(|_| http::Response::new(reqwest::Body::from(Vec::<u8>::new())).into()))
    };
    if response.content_length().is_some_and(|n| n > limit as u64) {
        return too_large();
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        if body.len().saturating_add(chunk.len()) > limit {
            return too_large();
        }
        body.extend_from_slice(&chunk);
    }
    let body = body.freeze();
    let _ = EXCHANGE.try_with(|x| x.borrow_mut().body = body.clone());
    match builder.body(reqwest::Body::from(body)) {
        Ok(r) => Ok(r.into()),
        // The parts came from a valid response; rebuilding them cannot fail.
        Err(_) => too_large(),
    }
}

/// Runs one generated call and turns progenitor's error into [`Error`], keeping the status,
/// the vendor's code, message and request id (read from the body in any of the spellings
/// `format` knows), and the server's retry delay.
pub async fn call<T, E, F>(
    provider: &'static str,
    format: ErrorFormat,
    fut: F,
) -> Result<Answer<T>, Error>
where
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
        Ok(value) => {
            return Ok(Answer {
                value,
                body: exchange.body,
            });
        }
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
    let vendor = |status: u16, headers: &HeaderMap| {
        let v = vendor_error::parse(format, &exchange.body);
        let mut e = api_error(
            provider,
            status,
            headers,
            v.code.as_deref(),
            v.message.as_deref(),
            v.request_id.as_deref(),
        );
        if v.is_empty()
            && !exchange.body.is_empty()
            && let Error::Api(a) = &mut e
        {
            // An error body in no vendor format (a proxy's page, say): still an API error,
            // so that the status and headers drive retries.
            a.message = Some(format!(
                "unparseable error body: {}",
                excerpt(&exchange.body)
            ));
        }
        e
    };
    Err(match err {
        P::ErrorResponse(rv) => vendor(rv.status().as_u16(), rv.headers()),
        P::InvalidResponsePayload(bytes, e) => {
            if status >= 400 {
                vendor(status, &exchange.headers)
            } else {
                Error::Decode {
                    provider,
                    status,
                    detail: e.to_string(),
                    excerpt: excerpt(&bytes),
                }
            }
        }
        P::UnexpectedResponse(r) => vendor(r.status().as_u16(), r.headers()),
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
/// `x-acs-retry-after` (Alibaba; milliseconds when above 3600, else seconds), or `Retry-After`
/// (seconds, or an HTTP date). A value that is negative, not a number or not finite is ignored
/// with a warning; one above [`MAX_RETRY_AFTER`] is cut to it. Never panics.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let seconds = |name: &str, scale: f64| -> Option<Duration> {
        let raw = text(name)?;
        match raw.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Some(capped(name, v / scale)),
            _ => {
                tracing::warn!(target: "jobstatus::http", header = name, value = %excerpt(raw.as_bytes()), "ignoring a retry hint that is not a non-negative number");
                None
            }
        }
    };
    if text("retry-after-ms").is_some() {
        return seconds("retry-after-ms", 1000.0);
    }
    if text("x-ms-retry-after-ms").is_some() {
        return seconds("x-ms-retry-after-ms", 1000.0);
    }
    if let Some(raw) = text("x-acs-retry-after") {
        // tea-openapi reads this as seconds; values above an hour are taken as milliseconds.
        let scale = match raw.parse::<f64>() {
            Ok(v) if v > 3600.0 => 1000.0,
            _ => 1.0,
        };
        return seconds("x-acs-retry-after", scale);
    }
    let raw = text("retry-after")?;
    if let Ok(date) = chrono::DateTime::parse_from_rfc2822(raw) {
        let wait = (date.with_timezone(&chrono::Utc) - chrono::Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        return Some(capped("retry-after", wait.as_secs_f64()));
    }
    seconds("retry-after", 1.0)
}

fn capped(name: &str, secs: f64) -> Duration {
    match Duration::try_from_secs_f64(secs) {
        Ok(d) if d <= MAX_RETRY_AFTER => d,
        _ => {
            tracing::warn!(target: "jobstatus::http", header = name, seconds = secs, cap_s = MAX_RETRY_AFTER.as_secs(), "cutting a retry hint to the cap");
            MAX_RETRY_AFTER
        }
    }
}

/// The first characters of a body, for error messages.
pub fn excerpt(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes.get(..EXCERPT_CHARS * 4).unwrap_or(bytes));
    let mut out: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS || bytes.len() > EXCERPT_CHARS * 4 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(name: &'static str, value: &str) -> Option<Duration> {
        let mut h = HeaderMap::new();
        h.insert(name, http::HeaderValue::from_str(value).unwrap());
        retry_after(&h)
    }

    #[test]
    fn retry_hints_never_panic_and_are_capped() {
        assert_eq!(hint("retry-after", "7"), Some(Duration::from_secs(7)));
        assert_eq!(hint("retry-after", "1e20"), Some(MAX_RETRY_AFTER));
        assert_eq!(hint("retry-after", "1e400"), None);
        assert_eq!(hint("retry-after", "inf"), None);
        assert_eq!(hint("retry-after", "NaN"), None);
        assert_eq!(hint("retry-after", "-3"), None);
        assert_eq!(hint("retry-after", "soon"), None);
        assert_eq!(
            hint("retry-after-ms", "1500"),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(hint("retry-after-ms", "1e300"), Some(MAX_RETRY_AFTER));
        assert_eq!(hint("x-acs-retry-after", "9"), Some(Duration::from_secs(9)));
        assert_eq!(
            hint("x-acs-retry-after", "5000"),
            Some(Duration::from_secs(5))
        );
        assert_eq!(hint("x-acs-retry-after", "1e19"), Some(MAX_RETRY_AFTER));
        assert_eq!(
            hint("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn excerpts_cut_long_bodies() {
        assert_eq!(excerpt(b"short"), "short");
        let long = "x".repeat(1000);
        assert_eq!(excerpt(long.as_bytes()).chars().count(), EXCERPT_CHARS + 1);
    }
}
