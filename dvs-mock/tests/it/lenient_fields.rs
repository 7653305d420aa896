//! Field names the request model does not have: ignored and listed by default (as the
//! service's ASP.NET model binding ignores them), refused with strict fields.

use dvs_mock::MockDvs;
use serde_json::{Value, json};

use crate::support::{Answer, id_body, keys, post};
use dvs_test_support::{JPEG_BASE64 as JPEG, PNG_BASE64 as PNG, WEBP_BASE64 as WEBP};

/// Base64 of the start of a WebM recording (EBML header), what IDScan's web library puts in
/// `frontMultiImagesBase64` when it recorded the capture.
const WEBM: &str = "GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwEAAAAAAAAA";

/// `POST api/v3/Request` with the public key (also used by account_settings.rs).
pub(crate) async fn create(mock: &MockDvs, body: &Value) -> Answer {
    let (pk, _) = keys(mock);
    post(mock, "api/v3/Request", Some(&pk), body).await
}

/// `POST api/v4/verify` with the secret key (also used by account_settings.rs).
pub(crate) async fn verify_v4(mock: &MockDvs, body: &Value) -> Answer {
    let (_, sk) = keys(mock);
    post(mock, "api/v4/verify", Some(&sk), body).await
}

/// The last request's ignored fields.
fn ignored(mock: &MockDvs) -> Vec<String> {
    mock.received().pop().unwrap().ignored_fields
}

/// A v3 body as IDScan's web library builds it (`prepareRequestDataForDiveApi`, v3).
fn library_v3_body() -> Value {
    json!({
        "frontImageBase64": JPEG,
        "backOrSecondImageBase64": PNG,
        "faceImageBase64": "",
        "documentType": 1,
        "frontMultiImagesBase64": WEBM,
        "faceMultiImagesBase64": "",
        "trackString": "@ANSI 636000.params",
        "captureMethod": "11",
        "userAgent": "Mozilla/5.0",
        "frontEndMetadata": "{\"userAgent\":\"Mozilla/5.0\",\"capturedMethod\":\"11\"}",
        "metadata": "{\"custom\":true}",
        "verifyFace": false
    })
}

#[tokio::test]
async fn the_web_librarys_v3_fields_are_accepted_and_listed() {
    let mock = MockDvs::start().await;
    let answer = create(&mock, &library_v3_body()).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(
        ignored(&mock),
        [
            "faceMultiImagesBase64",
            "frontEndMetadata",
            "frontMultiImagesBase64",
            "metadata"
        ]
    );
    // The recording is summarized like any `…Base64` field, never kept as sent.
    let sent = mock.received().pop().unwrap();
    assert_eq!(
        sent.field("frontMultiImagesBase64"),
        Some(&json!("<not an image: 64 base64 characters>"))
    );
}

#[tokio::test]
async fn strict_fields_refuse_exactly_the_unmodelled_names() {
    let mock = MockDvs::builder().strict_fields(true).start().await;
    let answer = create(&mock, &library_v3_body()).await;
    assert_eq!(
        (answer.status, answer.code()),
        (400, Some("ValidationError"))
    );
    let mut fields = answer.property_errors();
    fields.sort();
    assert_eq!(
        fields,
        [
            "faceMultiImagesBase64",
            "frontEndMetadata",
            "frontMultiImagesBase64",
            "metadata"
        ]
    );
    assert!(ignored(&mock).is_empty(), "refused, not ignored");
    // The documented body alone passes.
    assert_eq!(create(&mock, &id_body()).await.status, 200);
}

#[tokio::test]
async fn nested_unknown_names_are_ignored_too() {
    let mock = MockDvs::start().await;
    let body = json!({
        "documentType": 1,
        "frontImageBase64": JPEG,
        "backOrSecondImageBase64": PNG,
        "trackString": {"data": "@ANSI", "barcodeParams": null, "format": "pdf417"},
        "metadata": {"userAgent": "x", "deviceId": "kiosk-7"},
        "overriddenSettings": {"isOCREnabled": true, "isFutureFlagEnabled": true},
        // v3-only names in a v4 body.
        "verifyFace": true,
        "userAgent": "x"
    });
    let answer = verify_v4(&mock, &body).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(
        ignored(&mock),
        [
            "metadata.deviceId",
            "overriddenSettings.isFutureFlagEnabled",
            "trackString.format",
            "userAgent",
            "verifyFace",
        ]
    );
    // verifyFace is not a v4 field, so it did not ask for a face match (no selfie needed).
    assert!(answer.json["faceMatchVerificationResult"].is_null());
}

#[tokio::test]
async fn known_fields_are_still_typed() {
    let mock = MockDvs::start().await;
    let mut body = library_v3_body();
    body["verifyFace"] = json!("yes");
    body["frontImageBase64"] = json!("not base64!");
    let answer = create(&mock, &body).await;
    assert_eq!(answer.code(), Some("ValidationError"));
    let mut fields = answer.property_errors();
    fields.sort();
    assert_eq!(fields, ["frontImageBase64", "verifyFace"]);
}

#[tokio::test]
async fn a_name_sent_twice_binds_the_canonical_spelling() {
    let mock = MockDvs::start().await;
    let body = json!({
        "DocumentType": 1,
        "frontImageBase64": WEBP,
        "documentType": 2,
    });
    let answer = create(&mock, &body).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(
        answer.json["documentType"],
        json!(2),
        "a passport: no back needed"
    );
    assert_eq!(ignored(&mock), ["DocumentType"], "the spelling not bound");

    let strict = MockDvs::builder().strict_fields(true).start().await;
    let answer = create(&strict, &body).await;
    assert_eq!(answer.property_errors(), ["DocumentType"]);
}

#[tokio::test]
async fn is_gpu_enabled_is_a_known_v4_setting() {
    let mock = MockDvs::builder().strict_fields(true).start().await;
    let mut body = json!({"documentType": 2, "frontImageBase64": JPEG});
    body["overriddenSettings"] = json!({"isGpuEnabled": true});
    assert_eq!(verify_v4(&mock, &body).await.status, 200);
    body["overriddenSettings"] = json!({"isGpuEnabled": "on"});
    let answer = verify_v4(&mock, &body).await;
    assert_eq!(
        answer.property_errors(),
        ["overriddenSettings.isGpuEnabled"]
    );
}
