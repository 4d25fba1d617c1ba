//! Any values in the retry headers: a delay within the cap, or none, never a panic.
#![no_main]

use http::{HeaderMap, HeaderValue};
use jobstatus_runtime::exchange::{MAX_RETRY_AFTER, retry_after};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = [
    "retry-after",
    "x-acs-retry-after",
    "retry-after-ms",
    "x-ms-retry-after-ms",
];

fuzz_target!(|data: &[u8]| {
    let mut headers = HeaderMap::new();
    for (i, value) in data.split(|b| *b == b'\n').take(8).enumerate() {
        if let Ok(v) = HeaderValue::from_bytes(value) {
            headers.append(NAMES[i % NAMES.len()], v);
        }
    }
    if let Some(d) = retry_after(&headers) {
        assert!(d <= MAX_RETRY_AFTER);
    }
});
