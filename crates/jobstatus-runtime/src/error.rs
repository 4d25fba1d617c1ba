//! The one error type of every provider crate, and how it is classified for retries.

use std::time::Duration;

use crate::credentials::CredentialsError;

/// A vendor's error answer: HTTP status, the vendor's code and message, and the request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// Which provider answered, e.g. `bailian-index`.
    pub provider: &'static str,
    /// The HTTP status (200 for a call that failed inside a 200 body).
    pub status: u16,
    /// The vendor's error code, e.g. `Throttling.User`, `NotFound`, `MSS.000000003`.
    pub code: Option<String>,
    /// The vendor's message.
    pub message: Option<String>,
    /// The request id, from the body or the vendor's header.
    pub request_id: Option<String>,
    /// How long the server asked us to wait (`Retry-After`, `x-acs-retry-after`, `retry-after-ms`).
    pub retry_after: Option<Duration>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: HTTP {}", self.provider, self.status)?;
        if let Some(c) = &self.code {
            write!(f, " {c}")?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(r) = &self.request_id {
            write!(f, " (request id {r})")?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in one call. Never contains a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The vendor answered with an error.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The body is not JSON, or not JSON of the documented shape.
    #[error(
        "{provider}: HTTP {status}: the response is not what the API documents ({detail}); body starts {excerpt:?}"
    )]
    Decode {
        /// The provider.
        provider: &'static str,
        /// The HTTP status.
        status: u16,
        /// What the decoder said.
        detail: String,
        /// The first bytes of the body, as text.
        excerpt: String,
    },
    /// The body is larger than the client's cap; it was not read whole.
    #[error("{provider}: HTTP {status}: the response body exceeds the {limit}-byte limit")]
    BodyTooLarge {
        /// The provider.
        provider: &'static str,
        /// The HTTP status.
        status: u16,
        /// The cap, in bytes.
        limit: usize,
    },
    /// The body ended early or its connection failed while it was read.
    #[error("{provider}: HTTP {status}: the response body could not be read whole: {message}")]
    Body {
        /// The provider.
        provider: &'static str,
        /// The HTTP status.
        status: u16,
        /// What failed.
        message: String,
    },
    /// No answer: connection refused or reset, DNS, TLS, or a timeout.
    #[error("{provider}: no answer from the server{}: {}", if *timeout { " (timed out)" } else { "" }, chain(source))]
    Transport {
        /// The provider.
        provider: &'static str,
        /// True when the request timed out.
        timeout: bool,
        /// The underlying error.
        #[source]
        source: reqwest::Error,
    },
    /// Credentials were missing, incomplete or unreadable. No request was sent.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// A credential would have gone to a host that is not the vendor's, not loopback and not
    /// allowed by the user, or over plain http. No request was sent.
    #[error("{0}")]
    UntrustedEndpoint(String),
    /// The request could not be built (a bad base URL, a value that cannot travel in a header).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// True when trying again later may succeed: no answer, 408, 429, 5xx, a throttling code,
    /// a server-sent retry delay, a body cut short, or a garbled body.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => {
                e.retry_after.is_some()
                    || is_retryable_status(e.status)
                    || e.code
                        .as_deref()
                        .is_some_and(|c| c.starts_with("Throttling") || c == "TooManyRequests")
            }
            Error::Decode { status, .. } => {
                is_retryable_status(*status) || (200..300).contains(status)
            }
            Error::Body { .. } | Error::Transport { .. } => true,
            Error::BodyTooLarge { .. }
            | Error::Credentials(_)
            | Error::InvalidRequest(_)
            | Error::UntrustedEndpoint(_) => false,
        }
    }

    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. }
            | Error::Body { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The vendor's error code.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.code.as_deref(),
            _ => None,
        }
    }

    /// The request id the vendor gave.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// How long the server asked us to wait.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }
}

/// An error and its causes, so that "error sending request" says why (a refused connection,
/// an untrusted certificate).
fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

/// 408, 429, 500, 502, 503, 504.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
}
