//! The results the mock answers parse with dvs-core's models and carry the intended scores.

use dvs_mock::{MockDvs, Scenario, synthetic_person};
use dvs_secret::{Outcome, Policy, Reason, VerificationResult};
use dvs_test_support::{JPEG_BASE64, PNG_BASE64, fixture_json};
use serde_json::{Value, json};

use crate::support::{create, id_body, keys, post, verify};

fn marked(mut body: Value, scenario: Scenario) -> Value {
    body["userAgent"] = json!(format!("tests/1.0 dvs-mock-scenario={scenario}"));
    body
}

/// v3, two-step flow, scenario picked by the payload marker.
async fn v3_result(mock: &MockDvs, scenario: Scenario) -> VerificationResult {
    let id = create(mock, &marked(id_body(), scenario)).await;
    let answer = verify(mock, &id).await;
    assert_eq!(answer.status, 200, "{scenario}: {:?}", answer.json);
    let result = VerificationResult::parse_v3(answer.bytes.clone().into()).unwrap();
    assert_eq!(result.request_id.map(|r| r.to_string()), Some(id));
    result
}

/// v4, direct flow, scenario picked by `metadata.userAgent`.
async fn v4_result(mock: &MockDvs, scenario: Scenario) -> VerificationResult {
    let (_, sk) = keys(mock);
    let body = json!({
        "documentType": 1,
        "frontImageBase64": JPEG_BASE64,
        "backOrSecondImageBase64": PNG_BASE64,
        "faceImageBase64": JPEG_BASE64,
        "metadata": {"userAgent": format!("dvs-mock-scenario={scenario}")},
    });
    let answer = post(mock, "api/v4/verify", Some(&sk), &body).await;
    assert_eq!(answer.status, 200, "{scenario}: {:?}", answer.json);
    VerificationResult::parse_v4(answer.bytes.clone().into()).unwrap()
}

fn scores(result: &VerificationResult) -> (u8, u8, u8) {
    (
        result.document_confidence.unwrap().get(),
        result.face_match_confidence.unwrap().get(),
        result.anti_spoofing_confidence.unwrap().get(),
    )
}

#[tokio::test]
async fn scenario_scores_parse_as_intended_in_v3_and_v4() {
    let mock = MockDvs::start().await;
    let table = [
        (Scenario::Approved, (96, 97, 98), Outcome::Approve),
        (Scenario::Slow, (96, 97, 98), Outcome::Approve),
        (
            Scenario::LowDocumentConfidence,
            (40, 97, 98),
            Outcome::Reject,
        ),
        (Scenario::FaceMismatch, (95, 20, 98), Outcome::Reject),
        (Scenario::SpoofedSelfie, (95, 93, 10), Outcome::Reject),
        (Scenario::ExpiredDocument, (45, 97, 98), Outcome::Reject),
    ];
    for (scenario, expected, outcome) in table {
        if scenario == Scenario::Slow {
            continue; // covered in scenarios.rs with a short delay
        }
        for result in [
            v3_result(&mock, scenario).await,
            v4_result(&mock, scenario).await,
        ] {
            assert_eq!(
                scores(&result),
                expected,
                "{scenario} {:?}",
                result.api_version
            );
            assert_eq!(
                Policy::default().decide(&result).outcome,
                outcome,
                "{scenario}"
            );
            assert!(result.false_acceptance_rate.is_some());
            assert_eq!(
                result.document.full_name.as_deref(),
                Some(synthetic_person::FULL_NAME)
            );
            assert_eq!(
                result.document.dob.as_deref(),
                Some(synthetic_person::DATE_OF_BIRTH)
            );
            assert!(result.external_checks.iter().all(|c| c.is_disabled()));
        }
    }
}

#[tokio::test]
async fn approved_is_at_least_90_everywhere() {
    let mock = MockDvs::start().await;
    for result in [
        v3_result(&mock, Scenario::Approved).await,
        v4_result(&mock, Scenario::Approved).await,
    ] {
        let (doc, face, spoof) = scores(&result);
        assert!(doc >= 90 && face >= 90 && spoof >= 90);
        let decision = Policy::default().decide(&result);
        assert_eq!(decision.outcome, Outcome::Approve, "{:?}", decision.reasons);
        assert_eq!(
            result.document.expires.as_deref(),
            Some(synthetic_person::EXPIRES_VALID)
        );
    }
}

#[tokio::test]
async fn expired_document_signals_per_version() {
    let mock = MockDvs::start().await;
    // v4 carries the flag.
    let v4 = v4_result(&mock, Scenario::ExpiredDocument).await;
    assert_eq!(v4.flags.expired, Some(true));
    assert!(
        Policy::default()
            .decide(&v4)
            .reasons
            .contains(&Reason::DocumentExpired)
    );
    // v3 has no flag: a low document confidence and a past expiry date.
    let v3 = v3_result(&mock, Scenario::ExpiredDocument).await;
    assert_eq!(v3.flags.expired, None);
    assert_eq!(
        v3.document.expires.as_deref(),
        Some(synthetic_person::EXPIRES_EXPIRED)
    );
    assert_eq!(v3.document_confidence.unwrap().get(), 45);
    assert_eq!(Policy::default().decide(&v3).outcome, Outcome::Reject);
}

#[tokio::test]
async fn v4_results_have_the_documented_shape() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let answer = post(
        &mock,
        "api/v4/verify",
        Some(&sk),
        &fixture_json("request_v4.json"),
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let body = &answer.json;
    let scores = body["documentConfidenceScores"].as_object().unwrap();
    assert_eq!(scores["maidenName"], json!(-1), "-1 means not available");
    assert_eq!(scores["template"], json!(100));
    let doc = &body["documentVerificationResult"];
    assert_eq!(
        doc["isMrzSuccess"],
        Value::Null,
        "nullable flags: an ID has no MRZ"
    );
    assert_eq!(doc["isPdf417Success"], json!(true));
    assert_eq!(doc["isDocumentExpired"], json!(false));
    assert!(body["faceMatchVerificationResult"]["falseAcceptanceRate"].is_f64());
    assert!(body["antiSpoofingVerificationResult"]["antiSpoofingFaceImageConfidence"].is_u64());

    let result = VerificationResult::parse_v4(answer.bytes.clone().into()).unwrap();
    assert_eq!(result.flags.mrz_success, None);
    assert_eq!(result.flags.pdf417_success, Some(true));
    assert!(result.field_confidences.contains_key("fullName"));
    assert_eq!(result.document_type, Some(dvs_core::DocumentType::Id));
}

#[tokio::test]
async fn without_a_selfie_there_are_no_face_scores() {
    let mock = MockDvs::start().await;
    let body = json!({"documentType": 2, "frontImageBase64": JPEG_BASE64});
    let id = create(&mock, &body).await;
    let answer = verify(&mock, &id).await;
    assert_eq!(answer.json["faceVerificationResult"], Value::Null);
    let result = VerificationResult::parse_v3(answer.bytes.clone().into()).unwrap();
    assert_eq!(result.face_match_confidence, None);
    assert_eq!(result.anti_spoofing_confidence, None);
    assert_eq!(result.document_type, Some(dvs_core::DocumentType::Passport));
}
