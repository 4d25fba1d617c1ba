//! Any request through both verifiers: accepted only when signed, else refused, never a panic.
#![no_main]

use chrono::{TimeZone, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};
use jobstatus_runtime::received::ReceivedRequest;
use jobstatus_runtime::{acs3, sdk_hmac};
use libfuzzer_sys::fuzz_target;

/// method \xff path \xff query \xff "name: value" lines \xff body
fn split(data: &[u8]) -> Option<(String, String, String, HeaderMap, &[u8])> {
    let mut parts = data.splitn(5, |b| *b == 0xff);
    let text = |p: Option<&[u8]>| String::from_utf8_lossy(p.unwrap_or_default()).into_owned();
    let method = text(parts.next());
    let path = text(parts.next());
    let query = text(parts.next());
    let mut headers = HeaderMap::new();
    for line in parts.next().unwrap_or_default().split(|b| *b == b'\n') {
        let Some(i) = line.iter().position(|b| *b == b':') else {
            continue;
        };
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(&line[..i]),
            HeaderValue::from_bytes(line[i + 1..].trim_ascii()),
        ) {
            headers.append(n, v);
        }
    }
    Some((method, path, query, headers, parts.next().unwrap_or_default()))
}

fuzz_target!(|data: &[u8]| {
    let Some((method, path, query, headers, body)) = split(data) else {
        return;
    };
    let req = ReceivedRequest {
        method: &method,
        path: &path,
        query: (!query.is_empty()).then_some(query.as_str()),
        headers: &headers,
        body,
    };
    let now = Utc.timestamp_opt(1_700_000_000, 0).single().expect("a fixed time");
    let ali = acs3::Verifier::new().with_key("LTAIfuzz", "fuzz-secret");
    let hw = sdk_hmac::Verifier::new().with_key("AKfuzz", "fuzz-sk");
    for style in [acs3::Style::Rpc, acs3::Style::Roa] {
        if let Err(r) = ali.verify(&req, style, now) {
            assert!(!r.message.contains("fuzz-secret"));
        }
    }
    if let Err(r) = hw.verify(&req, now) {
        assert!(!r.message.contains("fuzz-sk"));
    }
});
