//! The vendors' published worked examples (copied from their docs and SDK tests), reproduced exactly.

use chrono::{DateTime, Utc};
use http::{HeaderMap, HeaderValue, Method};
use jobstatus_runtime::credentials::AlibabaCredentials;
use jobstatus_runtime::received::ReceivedRequest;
use jobstatus_runtime::{Secret, acs3, hashing, sdk_hmac};

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

// Alibaba signature V3 doc, "Fixed parameter values".
const ALI_CANONICAL: &str = "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const ALI_AUTH: &str = "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0";

#[test]
fn alibaba_vendor_example_step_by_step() {
    let query = pairs(&[
        (
            "ImageId",
            "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        ),
        ("RegionId", "cn-shanghai"),
    ]);
    let headers = pairs(&[
        ("x-acs-version", "2014-05-26"),
        ("host", "ecs.cn-shanghai.aliyuncs.com"),
        ("x-acs-action", "RunInstances"),
        ("x-acs-content-sha256", hashing::EMPTY_SHA256),
        ("x-acs-date", "2023-10-26T10:22:32Z"),
        ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
    ]);
    let (canonical, signed) = acs3::canonical_request(&acs3::CanonicalInput {
        method: "POST",
        canonical_uri: "/",
        query: &query,
        headers: &headers,
        payload_hash: hashing::EMPTY_SHA256,
    });
    assert_eq!(canonical, ALI_CANONICAL);
    assert_eq!(
        hashing::sha256_hex(canonical.as_bytes()),
        "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    );
    let sts = acs3::string_to_sign(&canonical);
    assert_eq!(
        sts,
        "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
    );
    let sig = acs3::signature(&Secret::new("YourAccessKeySecret"), &sts);
    assert_eq!(
        sig,
        "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
    assert_eq!(
        acs3::authorization("YourAccessKeyId", &signed, &sig),
        ALI_AUTH
    );
}

#[test]
fn alibaba_vendor_example_through_the_request_signer() {
    let mut url = url::Url::parse(
        "https://ecs.cn-shanghai.aliyuncs.com/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
    )
    .unwrap();
    let mut headers = HeaderMap::new();
    let creds = AlibabaCredentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let ctx = acs3::SignContext {
        creds: &creds,
        op: acs3::Operation {
            action: "RunInstances",
            version: "2014-05-26",
            style: acs3::Style::Rpc,
        },
        date: utc("2023-10-26T10:22:32Z"),
        nonce: "3156853299f313e23d1673dc12e1703d",
    };
    acs3::sign(&Method::POST, &mut url, &mut headers, b"", &ctx).unwrap();
    assert_eq!(headers["authorization"], ALI_AUTH);
    assert_eq!(headers["x-acs-date"], "2023-10-26T10:22:32Z");

    // And the verifier accepts it at that time.
    let verifier = acs3::Verifier::new().with_key("YourAccessKeyId", "YourAccessKeySecret");
    let req = ReceivedRequest {
        method: "POST",
        path: url.path(),
        query: url.query(),
        headers: &headers,
        body: b"",
    };
    verifier
        .verify(&req, acs3::Style::Rpc, utc("2023-10-26T10:25:00Z"))
        .unwrap();
}

// Huawei APIG doc "构造规范请求" and huaweicloud-sdk-java-v3 TestAKSKSigner.
const HW_CANONICAL: &str = "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\ncontent-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn huawei_vendor_request() -> (HeaderMap, Vec<(String, String)>) {
    let mut h = HeaderMap::new();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    h.insert(
        "host",
        HeaderValue::from_static("service.region.example.com"),
    );
    h.insert("x-sdk-date", HeaderValue::from_static("20191115T033655Z"));
    let signed = pairs(&[
        ("content-type", "application/json"),
        ("host", "service.region.example.com"),
        ("x-sdk-date", "20191115T033655Z"),
    ]);
    (h, signed)
}

#[test]
fn huawei_vendor_example_step_by_step() {
    let (_, headers) = huawei_vendor_request();
    let query = pairs(&[
        ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
        ("limit", "2"),
    ]);
    let (canonical, signed) = sdk_hmac::canonical_request(
        "GET",
        "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        &query,
        &headers,
        hashing::EMPTY_SHA256,
    );
    assert_eq!(canonical, HW_CANONICAL);
    assert_eq!(
        hashing::sha256_hex(canonical.as_bytes()),
        "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    );
    let sts = sdk_hmac::string_to_sign("20191115T033655Z", &canonical);
    assert_eq!(
        sts,
        "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
    );
    let sig = sdk_hmac::signature(
        &Secret::new("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"),
        &sts,
    );
    assert_eq!(
        sig,
        "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
    assert_eq!(
        sdk_hmac::authorization("QTWAOYTTINDUT2QVKYUC", &signed, &sig),
        "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
    );
    // The Java SDK's own test keys on the same request.
    assert_eq!(
        sdk_hmac::signature(&Secret::new("testSK"), &sts),
        "1ce02ffed91dfc294aed8863aaf0fec29ccbf2f45ddcca7f120baabddba29782"
    );
}

#[test]
fn huawei_verifier_accepts_the_vendor_example_as_sent() {
    let (mut h, _) = huawei_vendor_request();
    h.insert(
        "authorization",
        HeaderValue::from_static("SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"),
    );
    let v = sdk_hmac::Verifier::new().with_key(
        "QTWAOYTTINDUT2QVKYUC",
        "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
    );
    let req = ReceivedRequest {
        method: "GET",
        path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
        query: Some("limit=2&marker=13551d6b-755d-4757-b956-536f674975c0"),
        headers: &h,
        body: b"",
    };
    assert_eq!(
        v.verify(&req, utc("2019-11-15T03:40:00Z")).unwrap(),
        sdk_hmac::Caller::AccessKey("QTWAOYTTINDUT2QVKYUC".into())
    );
}

// huaweicloud-sdk-go-v3 core/auth/signer/signer_test.go.
#[test]
fn huawei_go_sdk_examples() {
    let headers = pairs(&[("x-sdk-date", "20060102T150405Z")]);
    let (canonical, _) = sdk_hmac::canonical_request(
        "GET",
        "/path",
        &pairs(&[("limit", "1")]),
        &headers,
        hashing::EMPTY_SHA256,
    );
    assert_eq!(
        canonical,
        "GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    let sk = Secret::new("SecretKey");
    assert_eq!(
        sdk_hmac::signature(
            &sk,
            &sdk_hmac::string_to_sign("20060102T150405Z", &canonical)
        ),
        "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624"
    );

    let body = b"{\"Name\":\"test\",\"Id\":1}\n";
    let body_hash = hashing::sha256_hex(body);
    assert_eq!(
        body_hash,
        "a29d7b4c5efd1a22011d69fd7b7aee76fe51e4083c609244228de258afd61289"
    );
    let (canonical, _) = sdk_hmac::canonical_request(
        "POST",
        "/path",
        &pairs(&[("key", "value")]),
        &headers,
        &body_hash,
    );
    assert_eq!(
        sdk_hmac::signature(
            &sk,
            &sdk_hmac::string_to_sign("20060102T150405Z", &canonical)
        ),
        "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59"
    );
}
