//! Micro-benchmarks, each beside its baseline in the same group:
//! signing (ACS3, SDK-HMAC) against a bare HMAC-SHA256 of a string as long as what is hashed,
//! and decode-and-normalise of each vendor's answer against a `serde_json::Value` parse of the
//! same bytes.

use std::hint::black_box;

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use http::HeaderMap;
use jobstatus_bench::fixtures;
use jobstatus_core::JobRef;
use jobstatus_runtime::acs3::{self, Operation, SignContext, Style};
use jobstatus_runtime::credentials::{AlibabaCredentials, HuaweiCredentials};
use jobstatus_runtime::sdk_hmac;
use sha2::Sha256;

fn bare_hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

fn signing(c: &mut Criterion) {
    let date = Utc
        .with_ymd_and_hms(2026, 11, 23, 12, 0, 0)
        .single()
        .expect("a valid date");
    let ali = AlibabaCredentials::new("LTAI5tBenchmarkKey", "bench-secret-0123456789");
    let url = url::Url::parse(
        "https://bailian.cn-beijing.aliyuncs.com/llm-ws/index/job/status?IndexId=idx&JobId=66122af12a4e45ddae6bd6c84555xxxx&PageNumber=1&pageSize=100",
    )
    .expect("a valid URL");
    let op = Operation {
        action: "GetIndexJobStatus",
        version: "2023-12-29",
        style: Style::Roa,
    };
    let sign_acs3 = || {
        let mut u = url.clone();
        let mut h = HeaderMap::new();
        let ctx = SignContext {
            creds: &ali,
            op,
            date,
            nonce: "3156853299f313e23d1673dc12e1703d",
        };
        acs3::sign(&http::Method::GET, &mut u, &mut h, b"", &ctx).expect("signs");
        h
    };
    // The baseline hashes a string as long as everything ACS3 hashes: its headers and URL.
    let signed = sign_acs3();
    let acs3_len = url.as_str().len()
        + signed
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len() + 2)
            .sum::<usize>();
    let acs3_msg = "x".repeat(acs3_len);

    let hw = HuaweiCredentials::new(
        "HPUABENCHMARKAK",
        "bench-sk-0123456789",
        "0b7f0e2a9c8d4b7e8f6a5c4d3e2f1a0b",
    );
    let hw_url = url::Url::parse("https://metastudio.cn-north-4.myhuaweicloud.com/v2/0b7f0e2a9c8d4b7e8f6a5c4d3e2f1a0b/ies/task/fd1c56acbb2c4b1aa24ba37df99f3129")
        .expect("a valid URL");
    let sign_hw = || {
        let mut h = HeaderMap::new();
        sdk_hmac::sign(&http::Method::GET, &hw_url, &mut h, b"", &hw, date).expect("signs");
        h
    };
    let signed = sign_hw();
    let hw_len = hw_url.as_str().len()
        + signed
            .iter()
            .map(|(k, v)| k.as_str().len() + v.len() + 2)
            .sum::<usize>();
    let hw_msg = "x".repeat(hw_len);

    let mut g = c.benchmark_group("sign");
    g.bench_function("acs3", |b| b.iter(|| black_box(sign_acs3())));
    g.bench_function("acs3_baseline_hmac", |b| {
        b.iter(|| black_box(bare_hmac(b"bench-secret-0123456789", acs3_msg.as_bytes())))
    });
    g.bench_function("sdk_hmac", |b| b.iter(|| black_box(sign_hw())));
    g.bench_function("sdk_hmac_baseline_hmac", |b| {
        b.iter(|| black_box(bare_hmac(b"bench-sk-0123456789", hw_msg.as_bytes())))
    });
    g.finish();
}

fn decoding(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for (name, job, body) in fixtures::bodies() {
        let job: JobRef = job.parse().expect("a valid reference");
        g.bench_function(name, |b| {
            b.iter(|| black_box(jobstatus_core::decode(&job, black_box(&body)).expect("decodes")))
        });
        g.bench_function(format!("{name}_baseline_value"), |b| {
            b.iter(|| {
                black_box(
                    serde_json::from_slice::<serde_json::Value>(black_box(&body)).expect("parses"),
                )
            })
        });
    }
    g.finish();
}

criterion_group!(benches, signing, decoding);
criterion_main!(benches);
