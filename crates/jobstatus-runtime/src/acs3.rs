//! Alibaba Cloud signature V3, `ACS3-HMAC-SHA256`, for RPC and ROA APIs: the signer and the verifier.

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::Secret;
use crate::credentials::AlibabaCredentials;
use crate::encoding::{canonical_query, decode_query, normalize_path};
use crate::hashing::{hmac_sha256_hex, sha256_hex};

/// The algorithm name, first in `Authorization` and in the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// What one signature covers.
#[derive(Debug, Clone, Copy)]
pub struct CanonicalInput<'a> {
    /// Upper-case method.
    pub method: &'a str,
    /// `/` for RPC; the encoded path for ROA.
    pub canonical_uri: &'a str,
    /// Decoded query pairs.
    pub query: &'a [(String, String)],
    /// `(lower-case name, value)` of every signed header.
    pub headers: &'a [(String, String)],
    /// Lower-case hex SHA-256 of the body.
    pub payload_hash: &'a str,
}

/// The canonical request and the `SignedHeaders` list.
pub fn canonical_request(input: &CanonicalInput<'_>) -> (String, String) {
    let mut headers: Vec<(&str, &str)> = input
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.trim()))
        .collect();
    headers.sort();
    let mut canonical_headers = String::new();
    let mut names: Vec<&str> = Vec::new();
    for (name, value) in &headers {
        // Repeated names were merged by the caller; here each name appears once.
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(value);
        canonical_headers.push('\n');
        names.push(name);
    }
    let signed = names.join(";");
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method,
        input.canonical_uri,
        canonical_query(input.query),
        canonical_headers,
        signed,
        input.payload_hash
    );
    (canonical, signed)
}

/// `ACS3-HMAC-SHA256\n` + the hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{}", sha256_hex(canonical_request.as_bytes()))
}

/// The hex HMAC-SHA256 of the string to sign under the AccessKey secret.
pub fn signature(secret: &Secret, string_to_sign: &str) -> String {
    hmac_sha256_hex(secret.expose().as_bytes(), string_to_sign.as_bytes())
}

/// The `Authorization` value: commas, no spaces.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    )
}

/// RPC (canonical URI `/`) or ROA (the encoded path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Action-style APIs at `/`.
    Rpc,
    /// Resource-path APIs.
    Roa,
}

/// One API's identity in the `x-acs-action` and `x-acs-version` headers.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// e.g. `GetIndexJobStatus`.
    pub action: &'static str,
    /// e.g. `2023-12-29`.
    pub version: &'static str,
    /// RPC or ROA.
    pub style: Style,
}

/// Who signs, for which API, when, and with which nonce.
#[derive(Debug, Clone, Copy)]
pub struct SignContext<'a> {
    /// The credentials.
    pub creds: &'a AlibabaCredentials,
    /// The API.
    pub op: Operation,
    /// The signing time (the real clock in clients; fixed in tests).
    pub date: DateTime<Utc>,
    /// A fresh nonce per attempt ([`new_nonce`]).
    pub nonce: &'a str,
}

/// Signs a request in place: normalises the path (so that what is sent is what is signed), sets
/// `host`, the `x-acs-*` headers and `Authorization`. Signs `host`, `content-type` when present,
/// and every `x-acs-*` header. A pure function of its arguments.
pub fn sign(
    method: &http::Method,
    url: &mut url::Url,
    headers: &mut HeaderMap,
    body: &[u8],
    ctx: &SignContext<'_>,
) -> Result<(), crate::Error> {
    let SignContext {
        creds,
        op,
        date,
        nonce,
    } = *ctx;
    let path = normalize_path(url.path());
    url.set_path(&path);
    let payload_hash = sha256_hex(body);
    let mut set = |name: &'static str, value: &str| -> Result<(), crate::Error> {
        let v = HeaderValue::from_str(value).map_err(|_| {
            crate::Error::InvalidRequest(format!("header {name} would not be valid"))
        })?;
        headers.insert(HeaderName::from_static(name), v);
        Ok(())
    };
    set("host", &host_header(url))?;
    set("x-acs-action", op.action)?;
    set("x-acs-version", op.version)?;
    set("x-acs-date", &iso_date(date, true))?;
    set("x-acs-signature-nonce", nonce)?;
    set("x-acs-content-sha256", &payload_hash)?;
    if let Some(token) = &creds.security_token {
        set("x-acs-security-token", token.expose())?;
        set("x-acs-accesskey-id", &creds.access_key_id)?;
    }
    let signed: Vec<(String, String)> = headers
        .keys()
        .map(HeaderName::as_str)
        .filter(|n| *n == "host" || *n == "content-type" || n.starts_with("x-acs-"))
        .map(|n| (n.to_owned(), merged_value(headers, n)))
        .collect();
    let query = decode_query(url.query().unwrap_or(""));
    let canonical_uri = match op.style {
        Style::Rpc => "/",
        Style::Roa => url.path(),
    };
    let (canonical, signed_names) = canonical_request(&CanonicalInput {
        method: method.as_str(),
        canonical_uri,
        query: &query,
        headers: &signed,
        payload_hash: &payload_hash,
    });
    let sig = signature(&creds.access_key_secret, &string_to_sign(&canonical));
    let auth = authorization(&creds.access_key_id, &signed_names, &sig);
    headers.insert(
        http::header::AUTHORIZATION,
        HeaderValue::from_str(&auth)
            .map_err(|_| crate::Error::InvalidRequest("Authorization would not be valid".into()))?,
    );
    Ok(())
}

/// `host[:port]`, the port only when it is not the scheme's default.
pub fn host_header(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    }
}

#[cfg(feature = "verify")]
mod verify;
#[cfg(feature = "verify")]
pub use verify::{Caller, Verifier, VerifierKey};

fn merged_value(headers: &HeaderMap, name: &str) -> String {
    let mut values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(str::trim)
        .collect();
    values.sort_unstable();
    values.join(",")
}

/// `2026-11-23T12:00:00Z` (`dashes`) or `20261123T120000Z`, written directly: chrono's
/// format strings are parsed on every call, a measurable share of a signature.
pub fn iso_date(date: DateTime<Utc>, dashes: bool) -> String {
    use chrono::{Datelike, Timelike};
    let (y, mo, d) = (date.year(), date.month(), date.day());
    let (h, mi, s) = (date.hour(), date.minute(), date.second());
    if dashes {
        format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    } else {
        format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
    }
}

/// A fresh nonce: 32 lower-case hex characters, as the official SDKs send.
pub fn new_nonce() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}
