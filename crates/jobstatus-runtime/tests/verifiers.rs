//! Each verifier accepts its signer's output and refuses any one-byte change, each with the vendor's code.

use chrono::{DateTime, Duration, Utc};
use http::{HeaderMap, HeaderValue, Method};
use jobstatus_runtime::credentials::{AlibabaCredentials, HuaweiAuth, HuaweiCredentials};
use jobstatus_runtime::received::ReceivedRequest;
use jobstatus_runtime::{acs3, sdk_hmac};

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-06-01T12:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

struct Signed {
    method: String,
    url: url::Url,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Signed {
    fn received(&self) -> ReceivedRequest<'_> {
        ReceivedRequest {
            method: &self.method,
            path: self.url.path(),
            query: self.url.query(),
            headers: &self.headers,
            body: &self.body,
        }
    }
}

const ROA: acs3::Operation = acs3::Operation {
    action: "GetIndexJobStatus",
    version: "2023-12-29",
    style: acs3::Style::Roa,
};
const RPC: acs3::Operation = acs3::Operation {
    action: "GetUploadDocumentJob",
    version: "2016-05-03",
    style: acs3::Style::Rpc,
};

fn ali_sign(
    method: Method,
    url: &str,
    body: &[u8],
    creds: &AlibabaCredentials,
    op: acs3::Operation,
    nonce: &str,
) -> Signed {
    let mut url = url::Url::parse(url).unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("accept", HeaderValue::from_static("application/json"));
    if !body.is_empty() {
        headers.insert(
            "content-type",
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
    }
    let ctx = acs3::SignContext {
        creds,
        op,
        date: now(),
        nonce,
    };
    acs3::sign(&method, &mut url, &mut headers, body, &ctx).unwrap();
    Signed {
        method: method.to_string(),
        url,
        headers,
        body: body.to_vec(),
    }
}

fn ali_verifier() -> acs3::Verifier {
    acs3::Verifier::new()
        .with_key("AKID", "s3cret")
        .with_sts_key("STS.AKID", "sts-secret", "the-token")
}

fn ali_creds() -> AlibabaCredentials {
    AlibabaCredentials::new("AKID", "s3cret")
}

fn code(r: Result<acs3::Caller, jobstatus_runtime::received::Rejection>) -> &'static str {
    r.expect_err("should be refused").code
}

#[test]
fn acs3_accepts_roa_rpc_and_sts() {
    let v = ali_verifier();
    let s = ali_sign(
        Method::GET,
        "https://bailian.cn-beijing.aliyuncs.com/ws%201/index/job/status?JobId=j&IndexId=i&pageSize=10&PageNumber=2",
        b"",
        &ali_creds(),
        ROA,
        "n1",
    );
    v.verify(&s.received(), acs3::Style::Roa, now()).unwrap();
    let body = b"Collection=docs&JobId=j1&Namespace=public&NamespacePassword=pw";
    let s = ali_sign(
        Method::POST,
        "http://127.0.0.1:8080/?DBInstanceId=gp-1&RegionId=cn-hangzhou",
        body,
        &ali_creds(),
        RPC,
        "n2",
    );
    assert_eq!(s.headers["host"], "127.0.0.1:8080");
    v.verify(&s.received(), acs3::Style::Rpc, now()).unwrap();
    let sts = AlibabaCredentials::new("STS.AKID", "sts-secret").with_security_token("the-token");
    let s = ali_sign(Method::GET, "https://x.example/a", b"", &sts, ROA, "n3");
    assert_eq!(s.headers["x-acs-accesskey-id"], "STS.AKID");
    v.verify(&s.received(), acs3::Style::Roa, now()).unwrap();
}

#[test]
fn acs3_refuses_every_one_byte_change_with_the_vendor_code() {
    let v = ali_verifier();
    let base = || {
        ali_sign(
            Method::POST,
            "https://gpdb.aliyuncs.com/?DBInstanceId=gp-1&RegionId=cn-hangzhou",
            b"JobId=j1",
            &ali_creds(),
            RPC,
            &acs3::new_nonce(),
        )
    };

    let mut s = base();
    s.method = "PUT".into();
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "SignatureDoesNotMatch"
    );

    let mut s = ali_sign(
        Method::GET,
        "https://x.example/ws1/index",
        b"",
        &ali_creds(),
        ROA,
        "p1",
    );
    s.url.set_path("/ws2/index");
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Roa, now())),
        "SignatureDoesNotMatch"
    );

    let mut s = base();
    s.url
        .set_query(Some("DBInstanceId=gp-2&RegionId=cn-hangzhou"));
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "SignatureDoesNotMatch"
    );

    let mut s = base();
    s.headers.insert(
        "x-acs-action",
        HeaderValue::from_static("GetUploadDocumentJoc"),
    );
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "SignatureDoesNotMatch"
    );

    let mut s = base();
    s.body = b"JobId=j2".to_vec();
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "SignatureDoesNotMatch"
    );

    let s = base();
    assert_eq!(
        code(v.verify(
            &s.received(),
            acs3::Style::Rpc,
            now() + Duration::minutes(16)
        )),
        "InvalidTimeStamp.Expired"
    );
    assert_eq!(
        code(v.verify(
            &s.received(),
            acs3::Style::Rpc,
            now() - Duration::minutes(16)
        )),
        "InvalidTimeStamp.Expired"
    );

    let s = base();
    v.verify(&s.received(), acs3::Style::Rpc, now()).unwrap();
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "SignatureNonceUsed"
    );

    let s = ali_sign(
        Method::GET,
        "https://x.example/a",
        b"",
        &AlibabaCredentials::new("NOPE", "x"),
        ROA,
        "q1",
    );
    let r = v
        .verify(&s.received(), acs3::Style::Roa, now())
        .unwrap_err();
    assert_eq!((r.status, r.code), (404, "InvalidAccessKeyId.NotFound"));

    let s = ali_sign(
        Method::GET,
        "https://x.example/a",
        b"",
        &AlibabaCredentials::new("AKID", "wrong"),
        ROA,
        "q2",
    );
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Roa, now())),
        "SignatureDoesNotMatch"
    );

    let mut s = base();
    s.headers.remove("authorization");
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "IncompleteSignature"
    );

    let mut s = base();
    let auth = s.headers["authorization"]
        .to_str()
        .unwrap()
        .replace("x-acs-signature-nonce;", "");
    s.headers
        .insert("authorization", HeaderValue::from_str(&auth).unwrap());
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Rpc, now())),
        "IncompleteSignature"
    );

    let s = ali_sign(
        Method::GET,
        "https://x.example/a",
        b"",
        &AlibabaCredentials::new("STS.AKID", "sts-secret"),
        ROA,
        "q3",
    );
    assert_eq!(
        code(v.verify(&s.received(), acs3::Style::Roa, now())),
        "MissingSecurityToken"
    );
}

/// Signs with a tricky value, then checks the request as the official Python SDK would put it on
/// the wire (`+` for spaces in the query) still verifies.
#[test]
fn acs3_handles_awkward_values_as_sent_by_the_official_sdk() {
    let v = ali_verifier();
    let cases = ["a b", "a*b", "a~b", "a/b", "é中文", "", "a+b&c=d", "MiXeD"];
    for (i, value) in cases.iter().enumerate() {
        let mut url = url::Url::parse("https://x.example/").unwrap();
        url.path_segments_mut()
            .unwrap()
            .pop_if_empty()
            .push(value)
            .push("index");
        url.query_pairs_mut()
            .append_pair("JobId", value)
            .append_pair("jobId", "lower")
            .append_pair("x", "2")
            .append_pair("x", "1")
            .append_pair("Empty", "");
        let s = ali_sign(
            Method::GET,
            url.as_str(),
            b"",
            &ali_creds(),
            ROA,
            &format!("awk{i}"),
        );
        v.verify(&s.received(), acs3::Style::Roa, now())
            .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    }
    // The exact demonstration from the SDK notes: sent with `+`, signed with `%20`.
    let mut s = ali_sign(
        Method::GET,
        "https://x.example/a?JobId=a%20b%2Ac~d%2F%C3%A9%2B%26%3D",
        b"",
        &ali_creds(),
        ROA,
        "plus",
    );
    s.url.set_query(Some("JobId=a+b%2Ac~d%2F%C3%A9%2B%26%3D"));
    v.verify(&s.received(), acs3::Style::Roa, now()).unwrap();
}

fn hw_sign(method: Method, url: &str, body: &[u8], creds: &HuaweiCredentials) -> Signed {
    let url = url::Url::parse(url).unwrap();
    let mut headers = HeaderMap::new();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert(
        "user-agent",
        HeaderValue::from_static("huaweicloud-usdk-python/3.0"),
    );
    sdk_hmac::sign(&method, &url, &mut headers, body, creds, now()).unwrap();
    Signed {
        method: method.to_string(),
        url,
        headers,
        body: body.to_vec(),
    }
}

#[test]
fn huawei_accepts_its_signer_and_refuses_every_change() {
    let v = sdk_hmac::Verifier::new()
        .with_key("AK1", "SK1")
        .with_temporary_key("AK2", "SK2", "tok")
        .with_token("iam-token");
    let creds = HuaweiCredentials::new("AK1", "SK1", "proj");
    let url =
        "https://metastudio.cn-north-4.myhuaweicloud.com/v2/proj/ies/task/t%2F1%20x?b=2&a=1&a=0";
    let s = hw_sign(Method::GET, url, b"", &creds);
    assert!(s.headers["authorization"].to_str().unwrap().starts_with("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature="));
    assert_eq!(
        v.verify(&s.received(), now()).unwrap(),
        sdk_hmac::Caller::AccessKey("AK1".into())
    );

    let reject = |s: &Signed, at: DateTime<Utc>| {
        let r = v.verify(&s.received(), at).unwrap_err();
        assert_eq!((r.status, r.code), (401, "APIG.0301"));
        r.message
    };
    let mut t = hw_sign(Method::GET, url, b"", &creds);
    t.method = "HEAD".into();
    reject(&t, now());
    let mut t = hw_sign(Method::GET, url, b"", &creds);
    t.url.set_path("/v2/proj/ies/task/t2");
    reject(&t, now());
    let mut t = hw_sign(Method::GET, url, b"", &creds);
    t.url.set_query(Some("b=2&a=1&a=1"));
    reject(&t, now());
    let mut t = hw_sign(Method::GET, url, b"", &creds);
    t.headers
        .insert("x-project-id", HeaderValue::from_static("proj2"));
    reject(&t, now());
    let mut t = hw_sign(Method::POST, url, b"{}", &creds);
    t.body = b"{ }".to_vec();
    reject(&t, now());
    let t = hw_sign(Method::GET, url, b"", &creds);
    assert!(reject(&t, now() + Duration::minutes(16)).contains("time window"));
    let t = hw_sign(
        Method::GET,
        url,
        b"",
        &HuaweiCredentials::new("AK9", "SK1", "proj"),
    );
    assert!(reject(&t, now()).contains("ak not exist"));

    // Temporary credentials must carry their token.
    let temp = HuaweiCredentials::new("AK2", "SK2", "proj").with_security_token("tok");
    let t = hw_sign(Method::GET, url, b"", &temp);
    v.verify(&t.received(), now()).unwrap();
    let t = hw_sign(
        Method::GET,
        url,
        b"",
        &HuaweiCredentials::new("AK2", "SK2", "proj"),
    );
    reject(&t, now());

    // Token mode.
    let mut headers = HeaderMap::new();
    let u = url::Url::parse(url).unwrap();
    let auth = HuaweiAuth::Token {
        token: "iam-token".into(),
        project_id: "proj".into(),
    };
    sdk_hmac::authenticate(&Method::GET, &u, &mut headers, b"", &auth, now()).unwrap();
    let req = ReceivedRequest {
        method: "GET",
        path: u.path(),
        query: u.query(),
        headers: &headers,
        body: b"",
    };
    assert_eq!(v.verify(&req, now()).unwrap(), sdk_hmac::Caller::Token);
    headers.insert("x-auth-token", HeaderValue::from_static("other"));
    let req = ReceivedRequest {
        method: "GET",
        path: u.path(),
        query: u.query(),
        headers: &headers,
        body: b"",
    };
    assert_eq!(v.verify(&req, now()).unwrap_err().code, "APIG.0301");
}

#[test]
fn huawei_canonical_uri_ends_with_a_slash_and_splits_encoded_slashes() {
    assert_eq!(
        sdk_hmac::canonical_uri("/v2/p/ies/task/t1"),
        "/v2/p/ies/task/t1/"
    );
    assert_eq!(
        sdk_hmac::canonical_uri("/v2/p/ies/task/a%2Fb"),
        "/v2/p/ies/task/a/b/"
    );
    assert_eq!(sdk_hmac::canonical_uri("/a%20b/~*/"), "/a%20b/~%2A/");
}
