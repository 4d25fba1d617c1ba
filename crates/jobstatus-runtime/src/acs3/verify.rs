//! The server side of ACS3: checking a received request's signature, as Alibaba's gateway
//! does. Only the emulator needs it (cargo feature `verify`).

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::*;
use crate::received::{ReceivedRequest, Rejection};
use crate::{Secret, secret::constant_time_eq};

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
