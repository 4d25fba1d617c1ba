//! Each vendor's answers, built from the vendors' documented shapes as JSON, never from the
//! provider crates' types, so that a wrong spec fails a test instead of being mirrored.

pub mod azure;
pub mod bailian;
pub mod gpdb;
pub mod huawei;
pub mod pai;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A JSON answer with `Content-Type: application/json` and extra headers.
pub fn json_response(
    status: StatusCode,
    body: &Value,
    headers: &[(&'static str, String)],
) -> Response {
    let mut h = HeaderMap::new();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    for (k, v) in headers {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(*k, v);
        }
    }
    (status, h, body.to_string()).into_response()
}

/// Alibaba's error body `{RequestId, HostId, Code, Message, Recommend}` with `x-acs-request-id`.
pub fn alibaba_error(
    status: u16,
    code: &str,
    message: &str,
    request_id: &str,
    host: &str,
) -> Response {
    let body = json!({
        "RequestId": request_id,
        "HostId": host,
        "Code": code,
        "Message": message,
        "Recommend": format!("https://api.aliyun.com/troubleshoot?q={code}&requestId={request_id}"),
    });
    json_response(
        status_code(status),
        &body,
        &[("x-acs-request-id", request_id.to_owned())],
    )
}

/// Azure's `{"error":{"code","message"}}` with `x-ms-error-code` and `apim-request-id`.
pub fn azure_error(status: u16, code: &str, message: &str, request_id: &str) -> Response {
    let body = json!({"error": {"code": code, "message": message}});
    json_response(
        status_code(status),
        &body,
        &[
            ("x-ms-error-code", code.to_owned()),
            ("apim-request-id", request_id.to_owned()),
        ],
    )
}

/// Huawei's `{error_code, error_msg, request_id}` with `X-Request-Id`.
pub fn huawei_error(status: u16, code: &str, message: &str, request_id: &str) -> Response {
    let body = json!({"error_code": code, "error_msg": message, "request_id": request_id});
    json_response(
        status_code(status),
        &body,
        &[("x-request-id", request_id.to_owned())],
    )
}

fn status_code(s: u16) -> StatusCode {
    StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// `2024-01-08T16:52:04Z`.
pub fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}
