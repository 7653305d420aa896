//! `POST /api/v4/authentication`: the v4 body plus ultraviolet and infrared images, secret
//! key only, answered with a v4 result.

use dvs_mock::{KeyKind, MockDvs};
use serde_json::{Value, json};

use crate::support::{keys, post};
use dvs_test_support::{JPEG_BASE64 as JPEG, PNG_BASE64 as PNG, WEBP_BASE64 as WEBP};

fn body() -> Value {
    json!({
        "documentType": 1,
        "frontImageBase64": JPEG,
        "backOrSecondImageBase64": PNG,
        "faceImageBase64": JPEG,
        "frontImageBase64Uv": WEBP,
        "backOrSecondImageBase64Uv": WEBP,
        "frontImageBase64Ir": PNG,
        "backOrSecondImageBase64Ir": PNG,
        "overriddenSettings": {"isFaceMatchEnabled": true, "isGpuEnabled": true},
        "metadata": {"captureMethod": "11", "userAgent": "E-Seek M500"}
    })
}

#[tokio::test]
async fn answers_a_v4_result_with_the_secret_key() {
    let mock = MockDvs::builder().strict_fields(true).start().await;
    let (pk, sk) = keys(&mock);
    let answer = post(&mock, "api/v4/authentication", Some(&sk), &body()).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let result = dvs_secret::VerificationResult::parse_v4(answer.bytes.clone().into()).unwrap();
    assert_eq!(result.api_version, dvs_secret::ApiVersion::V4);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(96));
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(97));
    assert_eq!(result.flags.pdf417_success, Some(true));

    let denied = post(&mock, "api/v4/Authentication", Some(&pk), &body()).await;
    assert_eq!(denied.status, 401);
    let sent = mock.received();
    assert_eq!(sent[0].key_kind, Some(KeyKind::Secret));
    assert_eq!(
        sent[0].field("frontImageBase64Uv"),
        Some(&json!("<WEBP image, 16 bytes>"))
    );
    assert!(sent[0].ignored_fields.is_empty());
}

#[tokio::test]
async fn light_source_images_are_checked_like_the_others() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let mut bad = body();
    bad["frontImageBase64Uv"] = json!(format!("data:image/webp;base64,{WEBP}"));
    bad["backOrSecondImageBase64Ir"] = json!("R0lGODlhAQABAA==");
    let answer = post(&mock, "api/v4/authentication", Some(&sk), &bad).await;
    assert_eq!(answer.code(), Some("ValidationError"), "{:?}", answer.json);
    let mut fields = answer.property_errors();
    fields.sort();
    assert_eq!(fields, ["backOrSecondImageBase64Ir", "frontImageBase64Uv"]);

    // An empty string is an absent image, as for the other image fields.
    let mut empty = body();
    empty["frontImageBase64Ir"] = json!("");
    let answer = post(&mock, "api/v4/authentication", Some(&sk), &empty).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
}

#[tokio::test]
async fn return_content_echoes_the_light_source_images() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let answer = post(
        &mock,
        "api/v4/authentication?returnContent=true",
        Some(&sk),
        &body(),
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let content = &answer.json["content"];
    assert_eq!(content["frontImageBase64Uv"], json!(WEBP));
    assert_eq!(content["backOrSecondImageBase64Ir"], json!(PNG));
    assert_eq!(content["frontImageBase64"], json!(JPEG));
}

#[tokio::test]
async fn light_source_images_are_not_fields_of_v4_verify() {
    let lenient = MockDvs::start().await;
    let (_, sk) = keys(&lenient);
    let answer = post(&lenient, "api/v4/verify", Some(&sk), &body()).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(
        lenient.received()[0].ignored_fields,
        [
            "backOrSecondImageBase64Ir",
            "backOrSecondImageBase64Uv",
            "frontImageBase64Ir",
            "frontImageBase64Uv"
        ]
    );

    let strict = MockDvs::builder().strict_fields(true).start().await;
    let (_, sk) = keys(&strict);
    let answer = post(&strict, "api/v4/verify", Some(&sk), &body()).await;
    assert_eq!(answer.property_errors().len(), 4, "{:?}", answer.json);
}

#[tokio::test]
async fn the_dvs_secret_client_authenticates_against_the_mock() {
    use dvs_secret::{AuthenticationRequestV4, DocumentType, Image, RequestV4};
    let mock = MockDvs::builder().strict_fields(true).start().await;
    let client = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let jpeg = || Image::from_base64(JPEG).unwrap();
    let request = AuthenticationRequestV4::new(
        RequestV4::new(DocumentType::Passport)
            .front(jpeg())
            .selfie(jpeg()),
    )
    .front_uv(jpeg())
    .front_ir(jpeg())
    .gpu_enabled(false);
    let result = client.authenticate(&request).await.unwrap();
    assert_eq!(result.flags.mrz_success, Some(true));
    let sent = &mock.received()[0];
    assert!(sent.path_is("/api/v4/authentication"));
    assert_eq!(sent.status, 200);
    assert_eq!(
        sent.field("frontImageBase64Ir"),
        Some(&json!("<JPEG image, 16 bytes>"))
    );
}
