//! Huawei Cloud APIG signing, `SDK-HMAC-SHA256`: the signer, the verifier, and token mode.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::credentials::{HuaweiAuth, HuaweiCredentials};
use crate::encoding::{canonical_query, decode_query, percent_decode, rfc3986_encode};
use crate::hashing::{hmac_sha256_hex, sha256_hex};
use crate::received::{ReceivedRequest, Rejection};
use crate::{Secret, secret::constant_time_eq};

/// The algorithm name.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
const DATE_FORMAT: &str = "%Y%m%dT%H%M%SZ";
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The canonical URI: decode the path, split on `/`, encode each segment, end with `/`.
pub fn canonical_uri(raw_path: &str) -> String {
    let decoded = percent_decode(raw_path, false);
    let mut uri: String = decoded
        .split('/')
        .map(rfc3986_encode)
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical request from its parts; `headers` are `(lower-case name, value)`, sorted here.
pub fn canonical_request(
    method: &str,
    raw_path: &str,
    query: &[(String, String)],
    headers: &[(String, String)],
    payload_hash: &str,
) -> (String, String) {
    let mut headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.trim()))
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(n, v)| format!("{n}:{v}\n")).collect();
    let signed = headers
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(";");
    let canonical = format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{signed}\n{payload_hash}",
        canonical_uri(raw_path),
        canonical_query(query)
    );
    (canonical, signed)
}

/// `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

/// The hex HMAC-SHA256 of the string to sign under the SK.
pub fn signature(sk: &Secret, string_to_sign: &str) -> String {
    hmac_sha256_hex(sk.expose().as_bytes(), string_to_sign.as_bytes())
}

/// The `Authorization` value: comma **and space** separators.
pub fn authorization(ak: &str, signed_headers: &str, signature: &str) -> String {
    format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}")
}

/// Signs a request in place with AK/SK: sets `Host`, `X-Sdk-Date`, `X-Project-Id`,
/// `X-Security-Token` for temporary credentials, and `Authorization`. Signs `host`,
/// `content-type` when present and every `x-sdk-*`, `x-project-id` and `x-security-token` header.
pub fn sign(
    method: &http::Method,
    url: &url::Url,
    headers: &mut HeaderMap,
    body: &[u8],
    creds: &HuaweiCredentials,
    date: DateTime<Utc>,
) -> Result<(), crate::Error> {
    let sdk_date = crate::acs3::iso_date(date, false);
    let mut set = |name: &'static str, value: &str| -> Result<(), crate::Error> {
        let v = HeaderValue::from_str(value).map_err(|_| {
            crate::Error::InvalidRequest(format!("header {name} would not be valid"))
        })?;
        headers.insert(HeaderName::from_static(name), v);
        Ok(())
    };
    set("host", &crate::acs3::host_header(url))?;
    set("x-sdk-date", &sdk_date)?;
    // Without a project in the credentials, the request names its project in its path only.
    if !creds.project_id.trim().is_empty() {
        set("x-project-id", &creds.project_id)?;
    }
    if let Some(t) = &creds.security_token {
        set("x-security-token", t.expose())?;
    }
    let signed: Vec<(String, String)> = headers
        .keys()
        .map(HeaderName::as_str)
        .filter(|n| {
            matches!(
                *n,
                "host" | "content-type" | "x-project-id" | "x-security-token"
            ) || n.starts_with("x-sdk-")
        })
        .map(|n| {
            (
                n.to_owned(),
                headers
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    let query = decode_query(url.query().unwrap_or(""));
    let (canonical, signed_names) = canonical_request(
        method.as_str(),
        url.path(),
        &query,
        &signed,
        &sha256_hex(body),
    );
    let sig = signature(&creds.sk, &string_to_sign(&sdk_date, &canonical));
    headers.insert(
        http::header::AUTHORIZATION,
        HeaderValue::from_str(&authorization(&creds.ak, &signed_names, &sig))
            .map_err(|_| crate::Error::InvalidRequest("Authorization would not be valid".into()))?,
    );
    Ok(())
}

/// Applies any [`HuaweiAuth`]: signs with AK/SK, or sets `X-Auth-Token` and `X-Project-Id`.
pub fn authenticate(
    method: &http::Method,
    url: &url::Url,
    headers: &mut HeaderMap,
    body: &[u8],
    auth: &HuaweiAuth,
    date: DateTime<Utc>,
) -> Result<(), crate::Error> {
    match auth {
        HuaweiAuth::AkSk(c) => sign(method, url, headers, body, c, date),
        HuaweiAuth::Token { token, project_id } => {
            let mut v = HeaderValue::from_str(token.expose()).map_err(|_| {
                crate::Error::InvalidRequest("the token is not a valid header value".into())
            })?;
            v.set_sensitive(true);
            headers.insert(HeaderName::from_static("x-auth-token"), v);
            if !project_id.trim().is_empty() {
                headers.insert(
                    HeaderName::from_static("x-project-id"),
                    HeaderValue::from_str(project_id).map_err(|_| {
                        crate::Error::InvalidRequest(
                            "the project ID is not a valid header value".into(),
                        )
                    })?,
                );
            }
            Ok(())
        }
    }
}

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
