//! A non-2xx answer: `Error::from_response` classifies the body and builds the typed error,
//! whose `Display` must stay bounded and never hold the body whole.
#![no_main]

use std::time::Duration;

use dvs_core::{Error, ErrorBody};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First two bytes pick the status (100..=599), the rest is the body.
    let (status, body) = match data {
        [a, b, rest @ ..] => (100 + u16::from_le_bytes([*a, *b]) % 500, rest),
        _ => (500, data),
    };
    let error = Error::from_response(status, Some(Duration::from_secs(1)), body);
    let text = error.to_string();
    let _ = format!("{error:?}");
    // Bounded whatever the body: the summary is capped at 200 characters.
    assert!(text.len() < 600, "message of {} bytes", text.len());
    assert!(text.is_ascii(), "non-ASCII in the message");
    if body.len() >= 64 {
        if let Ok(body_text) = std::str::from_utf8(body) {
            assert!(
                !text.contains(body_text),
                "the body was embedded in the message"
            );
        }
    }
    let _ = (
        error.code(),
        error.trace_id(),
        error.property_errors(),
        error.status(),
    );
    if let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) {
        let _ = format!("{parsed:?}");
        let _ = serde_json::to_vec(&parsed);
    }
});
