//! `Retry-After` header values (delay-seconds or an HTTP-date), as the engine reads them from
//! a 429/503 answer.
#![no_main]

use std::time::{Duration, SystemTime};

use dvs_core::parse_retry_after;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let _ = parse_retry_after(text, now);
    let _ = parse_retry_after(text, SystemTime::UNIX_EPOCH);
});
