//! The server side of SDK-HMAC-SHA256: checking a received request's signature or token, as
//! Huawei's API gateway does. Only the emulator needs it (cargo feature `verify`).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::*;
use crate::received::{ReceivedRequest, Rejection};
use crate::{Secret, secret::constant_time_eq};

const DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// Who a verified request came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A signed request with this AK.
    AccessKey(String),
    /// A request with an accepted IAM token.
    Token,
}

/// Checks `SDK-HMAC-SHA256` signatures and `X-Auth-Token`s as Huawei's API gateway does.
/// Every refusal is `APIG.0301` with HTTP 401, as the gateway answers.
#[derive(Debug)]
pub struct Verifier {
    keys: HashMap<String, (Secret, Option<Secret>)>,
    tokens: Vec<Secret>,
    max_skew: Duration,
}

impl Verifier {
    /// A verifier with no keys and a 15-minute skew window.
    pub fn new() -> Self {
        Verifier {
            keys: HashMap::new(),
            tokens: Vec::new(),
            max_skew: Duration::minutes(15),
        }
    }

    /// Accepts an AK/SK pair.
    pub fn with_key(mut self, ak: &str, sk: impl Into<Secret>) -> Self {
        self.keys.insert(ak.to_owned(), (sk.into(), None));
        self
    }

    /// Accepts temporary credentials whose requests must carry `token` in `X-Security-Token`.
    pub fn with_temporary_key(
        mut self,
        ak: &str,
        sk: impl Into<Secret>,
        token: impl Into<Secret>,
    ) -> Self {
        self.keys
            .insert(ak.to_owned(), (sk.into(), Some(token.into())));
        self
    }

    /// Accepts an IAM token in `X-Auth-Token`.
    pub fn with_token(mut self, token: impl Into<Secret>) -> Self {
        self.tokens.push(token.into());
        self
    }

    /// Verifies one request.
    pub fn verify(
        &self,
        req: &ReceivedRequest<'_>,
        now: DateTime<Utc>,
    ) -> Result<Caller, Rejection> {
        let reject = |m: &str| {
            Rejection::new(
                401,
                "APIG.0301",
                format!("Incorrect IAM authentication information: {m}"),
            )
        };
        let Some(auth) = req.header("authorization") else {
            return match req.header("x-auth-token") {
                Some(t)
                    if self
                        .tokens
                        .iter()
                        .any(|k| constant_time_eq(k.expose().as_bytes(), t.as_bytes())) =>
                {
                    Ok(Caller::Token)
                }
                Some(_) => Err(reject("decrypt token fail")),
                None => Err(reject("Authorization not found")),
            };
        };
        let rest = auth
            .strip_prefix(ALGORITHM)
            .and_then(|r| r.strip_prefix(' '))
            .ok_or_else(|| reject("unsupported signature algorithm"))?;
        let mut access = None;
        let mut signed_headers = None;
        let mut sig = None;
        for part in rest.split(',') {
            match part.trim().split_once('=') {
                Some(("Access", v)) => access = Some(v),
                Some(("SignedHeaders", v)) => signed_headers = Some(v),
                Some(("Signature", v)) => sig = Some(v),
                _ => return Err(reject("malformed Authorization header")),
            }
        }
        let (Some(ak), Some(signed_headers), Some(sig)) = (access, signed_headers, sig) else {
            return Err(reject("malformed Authorization header"));
        };
        let names: Vec<&str> = signed_headers.split(';').collect();
        if !names.contains(&"x-sdk-date") {
            return Err(reject("x-sdk-date must be signed"));
        }
        let (sk, token) = self
            .keys
            .get(ak)
            .ok_or_else(|| reject(&format!("Get secretKey failed,ak:{ak},err:ak not exist")))?;
        if let Some(expected) = token {
            match req.header("x-security-token") {
                Some(t)
                    if names.contains(&"x-security-token")
                        && constant_time_eq(t.as_bytes(), expected.expose().as_bytes()) => {}
                _ => return Err(reject("verify security token fail")),
            }
        }
        let sdk_date = req.header("x-sdk-date").unwrap_or("");
        let date = NaiveDateTime::parse_from_str(sdk_date, DATE_FORMAT)
            .map_err(|_| reject("invalid X-Sdk-Date"))?
            .and_utc();
        if (now - date).abs() > self.max_skew {
            return Err(reject("X-Sdk-Date is out of the allowed time window"));
        }
        let payload_hash = match req.header("x-sdk-content-sha256") {
            Some(UNSIGNED_PAYLOAD) => UNSIGNED_PAYLOAD.to_owned(),
            _ => sha256_hex(req.body),
        };
        let canonical_headers = req
            .canonical_headers(&names)
            .map_err(|missing| reject(&format!("signed header {missing} is missing")))?;
        let query = decode_query(req.query.unwrap_or(""));
        let canonical = format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            req.method,
            canonical_uri(req.path),
            canonical_query(&query),
            canonical_headers,
            signed_headers,
            payload_hash
        );
        let expected = signature(sk, &string_to_sign(sdk_date, &canonical));
        if !constant_time_eq(expected.as_bytes(), sig.as_bytes()) {
            return Err(reject("verify aksk signature fail"));
        }
        Ok(Caller::AccessKey(ak.to_owned()))
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}
