//! Any text as a job reference: an error naming the part, or a reference whose text parses back
//! to itself and whose region cannot move a host.
#![no_main]

use jobstatus_core::{JobRef, Location};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<JobRef>() {
        Ok(r) => {
            let again: JobRef = r.to_string().parse().expect("a reference's text parses");
            assert_eq!(again, r);
            if let Location::Region(region) = r.location() {
                assert!(
                    region
                        .trim()
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                );
            }
        }
        Err(e) => assert!(e.to_string().starts_with("invalid job reference: ")),
    }
});
