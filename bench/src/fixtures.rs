//! What the benchmarks send and receive: JPEG-shaped images (`dvs_test_support::jpeg`) and
//! DVS result bodies (the shared v4 fixture).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// A v4 verify result (≈ 3 KiB), the body of every Verify answer: the test suites' fixture.
pub(crate) fn v4_result() -> Vec<u8> {
    dvs_test_support::fixture("v4_verify.json")
}

/// The request id in [`v4_result`].
pub(crate) const REQUEST_ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// The answer to a create call.
pub(crate) const CREATED: &[u8] =
    br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":0}"#;
/// The answer to a result lookup of a request not verified yet: no result, status pending.
pub(crate) const NOT_VERIFIED: &[u8] =
    br#"{"verificationResult":null,"request":{"status":0,"documentType":1}}"#;
/// A public key of the right shape (the loopback server does not check it).
pub(crate) const PUBLIC_KEY: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";
/// A secret key of the right shape.
pub(crate) const SECRET_KEY: &str = "sk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// One MiB.
pub(crate) const MIB: usize = 1024 * 1024;
/// The size of each upload image.
pub(crate) const IMAGE_BYTES: usize = 8 * MIB;

/// The three upload images (front, back, selfie), 8 MiB each: JPEG magic, then bytes that vary
/// like compressed data, so every page is touched and resident.
pub(crate) fn three_images() -> [Vec<u8>; 3] {
    [
        dvs_test_support::jpeg(IMAGE_BYTES, 1),
        dvs_test_support::jpeg(IMAGE_BYTES, 2),
        dvs_test_support::jpeg(IMAGE_BYTES, 3),
    ]
}

/// A full v4 result with `returnContent` images: [`v4_result`] plus a `content` object holding
/// three base64 document images, ≈ 10 MiB of JSON.
pub(crate) fn v4_result_with_content() -> Vec<u8> {
    let mut value: serde_json::Value =
        serde_json::from_slice(&v4_result()).unwrap_or(serde_json::Value::Null);
    let image = |seed| STANDARD.encode(dvs_test_support::jpeg(2_500_000, seed));
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "content".into(),
            serde_json::json!({
                "frontImageBase64": image(11),
                "backOrSecondImageBase64": image(12),
                "faceImageBase64": image(13),
            }),
        );
    }
    serde_json::to_vec(&value).unwrap_or_default()
}
