//! A vendor's error body, read in every spelling its official SDK reads.
//!
//! - Alibaba (tea-openapi): `Code`/`code`, `Message`/`message`, `RequestId`/`requestId`, with
//!   `Detail` or `Description` when there is no message, and XML `<Error>` bodies.
//! - Huawei (huaweicloudsdkcore): `error_code`/`error_msg`, `errorCode`/`errorMsg`,
//!   `code`/`message`, at the top or nested one level (`{"error": {...}}`).
//! - Azure: `{"error": {"code", "message"}}`, and the top-level `code`/`message` of older
//!   services; the code also arrives in `x-ms-error-code`.
//!
//! A field of the wrong type is skipped, never an error: this runs on bodies from servers we
//! do not control.

use serde_json::{Map, Value};

/// Which vendor's spellings to read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorFormat {
    /// Alibaba Cloud (Bailian, gpdb, PAI).
    Alibaba,
    /// Huawei Cloud.
    Huawei,
    /// Azure.
    Azure,
}

/// What an error body says; every part may be missing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VendorError {
    /// The vendor's error code.
    pub code: Option<String>,
    /// The vendor's message.
    pub message: Option<String>,
    /// The request id, when the body carries one.
    pub request_id: Option<String>,
}

impl VendorError {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        self.code.is_none() && self.message.is_none() && self.request_id.is_none()
    }
}

const ALIBABA_CODE: &[&str] = &["Code", "code"];
const ALIBABA_MESSAGE: &[&str] = &["Message", "message", "Detail", "Description"];
const ALIBABA_REQUEST_ID: &[&str] = &["RequestId", "requestId"];
const HUAWEI_CODE: &[&str] = &["error_code", "errorCode", "code"];
const HUAWEI_MESSAGE: &[&str] = &["error_msg", "errorMsg", "message"];
const HUAWEI_REQUEST_ID: &[&str] = &["request_id", "requestId"];
const AZURE_CODE: &[&str] = &["code"];
const AZURE_MESSAGE: &[&str] = &["message"];

/// Reads an error body. Bodies that are neither JSON objects nor (for Alibaba) XML give an
/// empty [`VendorError`].
pub fn parse(format: ErrorFormat, body: &[u8]) -> VendorError {
    let text = String::from_utf8_lossy(body);
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('<') {
        return if format == ErrorFormat::Alibaba {
            parse_xml(text)
        } else {
            VendorError::default()
        };
    }
    let Ok(Value::Object(top)) = serde_json::from_str::<Value>(text) else {
        return VendorError::default();
    };
    match format {
        ErrorFormat::Alibaba => read(&top, ALIBABA_CODE, ALIBABA_MESSAGE, ALIBABA_REQUEST_ID),
        ErrorFormat::Huawei => {
            let mut e = read(&top, HUAWEI_CODE, HUAWEI_MESSAGE, HUAWEI_REQUEST_ID);
            if e.code.is_none() && e.message.is_none() {
                // Nested: {"error": {...}} or any one object member carrying the fields.
                for v in top.values() {
                    if let Value::Object(inner) = v {
                        let n = read(inner, HUAWEI_CODE, HUAWEI_MESSAGE, HUAWEI_REQUEST_ID);
                        if n.code.is_some() || n.message.is_some() {
                            e.code = n.code;
                            e.message = n.message;
                            e.request_id = e.request_id.or(n.request_id);
                            break;
                        }
                    }
                }
            }
            e
        }
        ErrorFormat::Azure => match top.get("error") {
            Some(Value::Object(inner)) => read(inner, AZURE_CODE, AZURE_MESSAGE, &[]),
            _ => read(&top, AZURE_CODE, AZURE_MESSAGE, &[]),
        },
    }
}

fn first(obj: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match obj.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn read(obj: &Map<String, Value>, code: &[&str], message: &[&str], id: &[&str]) -> VendorError {
    VendorError {
        code: first(obj, code),
        message: first(obj, message),
        request_id: first(obj, id),
    }
}

/// `<Error><Code>…</Code><Message>…</Message><RequestId>…</RequestId></Error>`, as the older
/// Alibaba gateways send.
fn parse_xml(text: &str) -> VendorError {
    let tag = |names: &[&str]| {
        names.iter().find_map(|n| {
            let open = format!("<{n}>");
            let close = format!("</{n}>");
            let start = text.find(&open)? + open.len();
            let len = text.get(start..)?.find(&close)?;
            let v = unescape_xml(text.get(start..start + len)?.trim());
            (!v.is_empty()).then_some(v)
        })
    };
    VendorError {
        code: tag(ALIBABA_CODE),
        message: tag(ALIBABA_MESSAGE),
        request_id: tag(ALIBABA_REQUEST_ID),
    }
}

fn unescape_xml(s: &str) -> String {
    let s = s
        .strip_prefix("<![CDATA[")
        .and_then(|x| x.strip_suffix("]]>"))
        .unwrap_or(s);
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(code: &str, message: &str, id: Option<&str>) -> VendorError {
        VendorError {
            code: Some(code.into()),
            message: Some(message.into()),
            request_id: id.map(Into::into),
        }
    }

    #[test]
    fn alibaba_spellings_and_xml() {
        let a = ErrorFormat::Alibaba;
        assert_eq!(
            parse(
                a,
                br#"{"Code":"Throttling.User","Message":"slow down","RequestId":"R1"}"#
            ),
            e("Throttling.User", "slow down", Some("R1"))
        );
        assert_eq!(
            parse(
                a,
                br#"{"code":"NotFound","message":"no job","requestId":"R2"}"#
            ),
            e("NotFound", "no job", Some("R2"))
        );
        assert_eq!(
            parse(
                a,
                br#"{"Code":"Forbidden.RAM","Detail":"denied by policy"}"#
            ),
            e("Forbidden.RAM", "denied by policy", None)
        );
        assert_eq!(
            parse(a, br#"{"code":"X","Description":"described"}"#),
            e("X", "described", None)
        );
        assert_eq!(
            parse(
                a,
                b"<?xml version=\"1.0\"?>\n<Error><RequestId>R3</RequestId><Code>SignatureDoesNotMatch</Code><Message>a &amp; b</Message></Error>"
            ),
            e("SignatureDoesNotMatch", "a & b", Some("R3"))
        );
    }

    #[test]
    fn huawei_spellings_and_nesting() {
        let h = ErrorFormat::Huawei;
        let want = e("MSS.000000003", "no task", None);
        for body in [
            &br#"{"error_code":"MSS.000000003","error_msg":"no task"}"#[..],
            br#"{"errorCode":"MSS.000000003","errorMsg":"no task"}"#,
            br#"{"code":"MSS.000000003","message":"no task"}"#,
            br#"{"error":{"code":"MSS.000000003","message":"no task"}}"#,
            br#"{"error":{"error_code":"MSS.000000003","error_msg":"no task"}}"#,
        ] {
            assert_eq!(parse(h, body), want, "{}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn azure_nested_and_flat() {
        let z = ErrorFormat::Azure;
        assert_eq!(
            parse(z, br#"{"error":{"code":"NotFound","message":"gone"}}"#),
            e("NotFound", "gone", None)
        );
        assert_eq!(
            parse(z, br#"{"error":{"code":"NotFound"}}"#),
            VendorError {
                code: Some("NotFound".into()),
                ..VendorError::default()
            }
        );
        assert_eq!(
            parse(z, br#"{"code":"401","message":"Access denied"}"#),
            e("401", "Access denied", None)
        );
    }

    #[test]
    fn anything_else_is_empty_not_an_error() {
        for body in [
            &b""[..],
            b"<html>bad gateway</html>",
            b"[1,2]",
            b"null",
            br#"{"Code":5.5e400}"#,
            br#"{"Code":{"x":1},"Message":[1]}"#,
            b"\xff\xfe",
        ] {
            assert!(parse(ErrorFormat::Alibaba, body).code.is_none());
            assert!(parse(ErrorFormat::Huawei, body).code.is_none());
            assert!(parse(ErrorFormat::Azure, body).code.is_none());
        }
    }
}
