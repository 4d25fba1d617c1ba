//! Any error body in each vendor's format: what it says, or nothing, never a panic.
#![no_main]

use jobstatus_runtime::vendor_error::{ErrorFormat, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for f in [ErrorFormat::Alibaba, ErrorFormat::Huawei, ErrorFormat::Azure] {
        let e = parse(f, data);
        for part in [&e.code, &e.message, &e.request_id].into_iter().flatten() {
            assert!(!part.trim().is_empty());
        }
    }
    let _ = jobstatus_runtime::exchange::excerpt(data);
});
