//! Alibaba Cloud signature V3, `ACS3-HMAC-SHA256`, for RPC and ROA APIs: the signer and the verifier.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::credentials::AlibabaCredentials;
use crate::encoding::{canonical_query, decode_query, normalize_path};
use crate::hashing::{hmac_sha256_hex, sha256_hex};
use crate::received::{ReceivedRequest, Rejection};
use crate::{Secret, secret::constant_time_eq};

/// The algorithm name, first in `Authorization` and in the string to sign.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";
const DATE_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";
/// Headers every ACS3 signature must cover.
const REQUIRED_SIGNED: [&str; 6] = [
    "host",
    "x-acs-action",
    "x-acs-content-sha256",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-version",
];

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

/// A key the verifier accepts.
#[derive(Clone, Debug)]
pub struct VerifierKey {
    /// The secret.
    pub secret: Secret,
    /// For STS keys: the token that must come in `x-acs-security-token`.
    pub security_token: Option<Secret>,
}

/// Checks ACS3 signatures as Alibaba's gateway does, accepting requests exactly as the official
/// SDKs send them. Remembers nonces for the skew window to refuse replays.
#[derive(Debug)]
pub struct Verifier {
    keys: HashMap<String, VerifierKey>,
    max_skew: Duration,
    nonces: Mutex<HashMap<String, DateTime<Utc>>>,
}

/// Who a verified request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The AccessKey ID.
    pub access_key_id: String,
}

impl Verifier {
    /// A verifier with no keys and the vendor's 15-minute skew window.
    pub fn new() -> Self {
        Verifier {
            keys: HashMap::new(),
            max_skew: Duration::minutes(15),
            nonces: Mutex::new(HashMap::new()),
        }
    }

    /// Accepts a long-term key.
    pub fn with_key(mut self, access_key_id: &str, secret: impl Into<Secret>) -> Self {
        self.keys.insert(
            access_key_id.to_owned(),
            VerifierKey {
                secret: secret.into(),
                security_token: None,
            },
        );
        self
    }

    /// Accepts an STS key, whose requests must carry `token`.
    pub fn with_sts_key(
        mut self,
        access_key_id: &str,
        secret: impl Into<Secret>,
        token: impl Into<Secret>,
    ) -> Self {
        self.keys.insert(
            access_key_id.to_owned(),
            VerifierKey {
                secret: secret.into(),
                security_token: Some(token.into()),
            },
        );
        self
    }

    /// Verifies one request. `style` says whether the canonical URI is `/` (RPC) or the raw path (ROA).
    pub fn verify(
        &self,
        req: &ReceivedRequest<'_>,
        style: Style,
        now: DateTime<Utc>,
    ) -> Result<Caller, Rejection> {
        let incomplete = |m: &str| Rejection::new(400, "IncompleteSignature", m);
        let auth = req
            .header("authorization")
            .ok_or_else(|| incomplete("The request has no Authorization header."))?;
        let rest = auth
            .strip_prefix(ALGORITHM)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(|| incomplete("The Authorization header is not ACS3-HMAC-SHA256."))?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut sig = None;
        for part in rest.split(',') {
            match part.trim().split_once('=') {
                Some(("Credential", v)) => credential = Some(v),
                Some(("SignedHeaders", v)) => signed_headers = Some(v),
                Some(("Signature", v)) => sig = Some(v),
                _ => return Err(incomplete("The Authorization header is malformed.")),
            }
        }
        let (Some(id), Some(signed_headers), Some(sig)) = (credential, signed_headers, sig) else {
            return Err(incomplete(
                "The Authorization header lacks Credential, SignedHeaders or Signature.",
            ));
        };
        let names: Vec<&str> = signed_headers.split(';').collect();
        for required in REQUIRED_SIGNED {
            if !names.contains(&required) {
                return Err(incomplete(&format!(
                    "The header {required} must be signed."
                )));
            }
        }
        let key = self.keys.get(id).ok_or_else(|| {
            Rejection::new(
                404,
                "InvalidAccessKeyId.NotFound",
                "Specified access key is not found.",
            )
        })?;
        if let Some(expected) = &key.security_token {
            let got = req.header("x-acs-security-token").ok_or_else(|| {
                Rejection::new(
                    400,
                    "MissingSecurityToken",
                    "SecurityToken is mandatory for this action.",
                )
            })?;
            if !constant_time_eq(got.as_bytes(), expected.expose().as_bytes()) {
                return Err(Rejection::new(
                    400,
                    "InvalidSecurityToken.Mismatch",
                    "Specified SecurityToken mismatch with the AccessKey.",
                ));
            }
        }
        let date_text = req.header("x-acs-date").unwrap_or("");
        let date = NaiveDateTime::parse_from_str(date_text, DATE_FORMAT)
            .map_err(|_| {
                Rejection::new(
                    400,
                    "InvalidTimeStamp.Format",
                    "Specified time stamp or date value is not well formatted.",
                )
            })?
            .and_utc();
        if (now - date).abs() > self.max_skew {
            return Err(Rejection::new(
                400,
                "InvalidTimeStamp.Expired",
                "Specified time stamp or date value is expired.",
            ));
        }
        let payload_hash = sha256_hex(req.body);
        if req.header("x-acs-content-sha256") != Some(payload_hash.as_str()) {
            return Err(Rejection::new(
                400,
                "SignatureDoesNotMatch",
                "The x-acs-content-sha256 header does not match the body.",
            ));
        }
        let canonical_headers = req
            .canonical_headers(&names)
            .map_err(|missing| incomplete(&format!("The signed header {missing} is missing.")))?;
        let query = decode_query(req.query.unwrap_or(""));
        let canonical_uri = match style {
            Style::Rpc => "/",
            Style::Roa if req.path.is_empty() => "/",
            Style::Roa => req.path,
        };
        let canonical = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            req.method,
            canonical_uri,
            canonical_query(&query),
            canonical_headers,
            signed_headers,
            payload_hash
        );
        let expected = signature(&key.secret, &string_to_sign(&canonical));
        if !constant_time_eq(expected.as_bytes(), sig.as_bytes()) {
            tracing::debug!(target: "jobstatus::verify", "ACS3 string to sign did not match");
            return Err(Rejection::new(
                400,
                "SignatureDoesNotMatch",
                "Specified signature is not matched with our calculation.",
            ));
        }
        let nonce = req
            .header("x-acs-signature-nonce")
            .filter(|n| !n.is_empty())
            .ok_or_else(|| incomplete("The x-acs-signature-nonce header is empty."))?;
        self.remember_nonce(id, nonce, now)?;
        Ok(Caller {
            access_key_id: id.to_owned(),
        })
    }

    fn remember_nonce(&self, id: &str, nonce: &str, now: DateTime<Utc>) -> Result<(), Rejection> {
        let mut seen = self.nonces.lock().unwrap_or_else(|p| p.into_inner());
        let window = self.max_skew * 2;
        if seen.len() > 10_000 {
            seen.retain(|_, at| now - *at < window);
        }
        let key = format!("{id}\n{nonce}");
        match seen.get(&key) {
            Some(at) if now - *at < window => Err(Rejection::new(
                400,
                "SignatureNonceUsed",
                "Specified signature nonce was used already.",
            )),
            _ => {
                seen.insert(key, now);
                Ok(())
            }
        }
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
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
