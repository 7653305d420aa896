//! Regression guard for decoding a v4 result that carries the `returnContent` images and the
//! echoed request (`returnRequest`): [`VerificationResult::parse_v4`] keeps the body as
//! received and must not build those parts as JSON values only to drop them, so it holds
//! next to nothing above the body, however large they are.
//!
//! A global allocator is per binary, hence this separate test binary; all checks run in one
//! `#[test]` so nothing else allocates meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bytes::Bytes;
use dvs_core::ResponseV4;
use dvs_secret::{ApiVersion, VerificationResult};
use dvs_test_support::fixture;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const MIB: usize = 1024 * 1024;

/// Runs `work`; returns its output and the peak heap held above the level before it.
fn extra_peak<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let output = work();
    (output, HEAP.peak_usage().saturating_sub(before))
}

/// The v4 fixture with `requestData` and `content` holding `image` base64 characters each.
fn v4_with_images(image: usize) -> Bytes {
    let fixture = String::from_utf8(fixture("v4_verify_every_field.json")).unwrap();
    let base64 = "QUJD".repeat(image / 4);
    let close = fixture.rfind('}').unwrap();
    Bytes::from(format!(
        r#"{}, "requestData": {{"frontImageBase64": "{base64}", "documentType": 1}},
        "content": {{"front": "{base64}", "back": "{base64}", "face": "{base64}"}}}}"#,
        &fixture[..close].trim_end()
    ))
}

#[test]
fn decoding_a_v4_result_does_not_copy_its_images() {
    let body = v4_with_images(3 * MIB);
    assert!(body.len() > 12 * MIB);

    let (result, held) = extra_peak(|| VerificationResult::parse_v4(body.clone()).unwrap());
    eprintln!(
        "decode of a {} byte v4 result: {held} bytes held above the body",
        body.len()
    );
    assert!(
        held < 256 * 1024,
        "decoding a {} MiB result held {held} bytes above the body",
        body.len() / MIB
    );
    assert_eq!(result.api_version, ApiVersion::V4);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(95));
    assert_eq!(
        result.raw_json(),
        &body[..],
        "the images stay readable in the raw body"
    );
    drop(result);

    // Parsed directly, a `ResponseV4` still has both, before and after a failed decode.
    let small = v4_with_images(4);
    let direct: ResponseV4 = serde_json::from_slice(&small).unwrap();
    assert_eq!(direct.content.0["front"], "QUJD");
    assert_eq!(direct.request_data.0["documentType"], 1);
    let truncated = small.slice(..small.len() - 3);
    assert!(VerificationResult::parse_v4(truncated).is_err());
    let again: ResponseV4 = serde_json::from_slice(&small).unwrap();
    assert_eq!(again.content, direct.content);

    // What fails to parse is the same either way: a broken image part still fails.
    let broken = Bytes::from(
        String::from_utf8(small.to_vec())
            .unwrap()
            .replace(r#""face": "QUJD""#, r#""face": QUJD"#),
    );
    assert!(serde_json::from_slice::<ResponseV4>(&broken).is_err());
    assert!(VerificationResult::parse_v4(broken).is_err());
}
