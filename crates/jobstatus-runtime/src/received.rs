//! A request as a server received it, and a verifier's refusal of it.

use http::HeaderMap;

/// What a verifier looks at: the request exactly as it arrived.
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// The method, e.g. `GET`.
    pub method: &'a str,
    /// The raw path as received, still percent-encoded.
    pub path: &'a str,
    /// The raw query string without the `?`, if any.
    pub query: Option<&'a str>,
    /// All request headers.
    pub headers: &'a HeaderMap,
    /// The body bytes.
    pub body: &'a [u8],
}

impl ReceivedRequest<'_> {
    /// One header as a string, trimmed; `None` when absent or not valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    }

    /// The canonical `name:value\n` lines for the given lower-case names, in the order given.
    /// A header sent several times is merged as `v1,v2` with the values sorted.
    /// Returns the first name that is missing.
    pub fn canonical_headers(&self, names: &[&str]) -> Result<String, String> {
        let mut out = String::new();
        for name in names {
            let mut values: Vec<&str> = self
                .headers
                .get_all(*name)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::trim)
                .collect();
            if values.is_empty() {
                return Err((*name).to_owned());
            }
            values.sort_unstable();
            out.push_str(name);
            out.push(':');
            out.push_str(&values.join(","));
            out.push('\n');
        }
        Ok(out)
    }
}

/// Why a verifier refused a request, with the vendor's own HTTP status and error code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{code} (HTTP {status}): {message}")]
pub struct Rejection {
    /// The HTTP status the vendor answers with.
    pub status: u16,
    /// The vendor's error code, e.g. `SignatureDoesNotMatch` or `APIG.0301`.
    pub code: &'static str,
    /// A message in the vendor's words. Never contains a secret.
    pub message: String,
}

impl Rejection {
    pub(crate) fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Rejection {
            status,
            code,
            message: message.into(),
        }
    }
}
