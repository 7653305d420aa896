//! `RequestId` parsing from untrusted text: accepted ids round-trip and are URL-path safe.
#![no_main]

use dvs_core::RequestId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(id) = RequestId::parse(&text) {
        assert_eq!(id.as_str().len(), 36);
        assert!(
            id.as_str()
                .bytes()
                .all(|b| b == b'-' || b.is_ascii_hexdigit())
        );
        assert!(id.as_str().eq_ignore_ascii_case(&text));
        assert_eq!(RequestId::parse(id.as_str()), Ok(id));
    }
    // As a JSON value (how it arrives in a response).
    let _ = serde_json::from_slice::<RequestId>(data);
});
