//! Direct verification: `POST /api/v3/Verify` and `POST /api/v4/verify` with its options.

use dvs_mock::MockDvs;
use dvs_test_support::{JPEG_BASE64, PNG_BASE64, fixture, fixture_json};
use serde_json::{Value, json};

use crate::support::{get, keys, post, post_raw};

#[tokio::test]
async fn v3_direct_verify_with_the_documented_body() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let answer = post_raw(
        &mock,
        "api/v3/Verify",
        Some(&sk),
        fixture("request_v3.json"),
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let result = dvs_secret::VerificationResult::parse_v3(answer.bytes.clone().into()).unwrap();
    assert_eq!(result.api_version, dvs_secret::ApiVersion::V3);
    let id = result.request_id.unwrap();

    // The directly verified request is stored like a created one.
    let stored = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(stored.status, 200);
    assert_eq!(stored.json["verificationResult"], answer.json);
    assert_eq!(stored.json["request"]["status"], json!("Success"));
}

#[tokio::test]
async fn v4_verify_with_the_documented_body() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let answer = post_raw(
        &mock,
        "api/v4/verify",
        Some(&sk),
        fixture("request_v4.json"),
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    for field in [
        "requestId",
        "document",
        "documentConfidenceScores",
        "documentVerificationResult",
        "faceMatchVerificationResult",
        "antiSpoofingVerificationResult",
        "externalVerificationResults",
    ] {
        assert!(
            answer.json.get(field).is_some_and(|v| !v.is_null()),
            "{field}"
        );
    }
    assert!(answer.json.get("requestData").is_none());
    assert!(answer.json.get("content").is_none());
    // v4 ids are served by the result endpoint too (as third-party code uses it).
    let id = answer.json["requestId"].as_str().unwrap();
    let stored = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(stored.json["verificationResult"], answer.json);
}

#[tokio::test]
async fn return_request_and_return_content_are_honoured() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let body = fixture_json("request_v4.json");

    let both = post(
        &mock,
        "api/v4/verify?returnRequest=true&returnContent=true",
        Some(&sk),
        &body,
    )
    .await;
    assert_eq!(both.status, 200, "{:?}", both.json);
    assert_eq!(both.json["requestData"], body);
    assert_eq!(both.json["content"]["frontImageBase64"], json!(JPEG_BASE64));
    assert_eq!(
        both.json["content"]["backOrSecondImageBase64"],
        json!(PNG_BASE64)
    );
    assert_eq!(both.json["content"]["faceImageBase64"], json!(JPEG_BASE64));
    let result = dvs_secret::VerificationResult::parse_v4(both.bytes.clone().into()).unwrap();
    assert!(result.document_confidence.is_some());

    let request_only = post(
        &mock,
        "api/v4/Verify?ReturnRequest=True&returnContent=false",
        Some(&sk),
        &body,
    )
    .await;
    assert_eq!(request_only.json["requestData"], body);
    assert!(request_only.json.get("content").is_none());

    let content_only = post(&mock, "api/v4/verify?returnContent=1", Some(&sk), &body).await;
    assert!(content_only.json.get("requestData").is_none());
    assert!(content_only.json["content"].is_object());

    let bad = post(&mock, "api/v4/verify?returnRequest=maybe", Some(&sk), &body).await;
    assert_eq!(bad.code(), Some("ValidationError"));
    assert!(bad.property_errors().contains(&"returnRequest".to_owned()));
}

#[tokio::test]
async fn v4_string_document_types_and_pascal_case_are_accepted() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let body = json!({
        "DocumentType": "Passport",
        "FrontImageBase64": JPEG_BASE64,
        "FaceImageBase64": JPEG_BASE64,
        "OverriddenSettings": {"IsFaceMatchEnabled": true},
        "Metadata": {"CaptureMethod": "11"},
    });
    let answer = post(&mock, "api/v4/verify", Some(&sk), &body).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(answer.json["documentType"], json!(2));
    assert_eq!(
        answer.json["documentVerificationResult"]["isMrzSuccess"],
        json!(true)
    );
    assert_eq!(
        answer.json["documentVerificationResult"]["isDriveOnly"],
        Value::Null
    );
}
