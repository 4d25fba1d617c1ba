//! Huawei Cloud APIG signing, `SDK-HMAC-SHA256`: the signer, the verifier, and token mode.

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};

use crate::Secret;
use crate::credentials::{HuaweiAuth, HuaweiCredentials};
use crate::encoding::{canonical_query, decode_query, percent_decode, rfc3986_encode};
use crate::hashing::{hmac_sha256_hex, sha256_hex};

/// The algorithm name.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

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

#[cfg(feature = "verify")]
mod verify;
#[cfg(feature = "verify")]
pub use verify::{Caller, Verifier};
