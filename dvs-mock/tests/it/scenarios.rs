//! Choosing scenarios (pushed, payload marker, stored with the request, default) and the
//! error, rate-limit and delay scenarios.

use std::time::{Duration, Instant};

use dvs_mock::{MockDvs, Scenario};
use dvs_test_support::{JPEG_BASE64, PNG_BASE64};
use serde_json::{Value, json};

use crate::support::{create, get, id_body, keys, post, verify};

fn with_marker(field: &str, scenario: &str) -> Value {
    let mut body = id_body();
    body[field] = json!(format!("dvs-mock-scenario={scenario}"));
    body
}

fn document_confidence(answer: &crate::support::Answer) -> u64 {
    answer.json["documentVerificationResult"]["totalConfidence"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn document_failures_answer_verify_with_400_and_their_code() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    for (scenario, code) in [
        (Scenario::OcrError, "OCRError"),
        (Scenario::Pdf417Error, "PDF417Error"),
        (Scenario::FaceDocNotDetect, "FaceDocNotDetectError"),
    ] {
        // The create call succeeds: processing happens at Verify.
        let id = create(&mock, &with_marker("captureMethod", scenario.name())).await;
        let answer = verify(&mock, &id).await;
        assert_eq!(
            (answer.status, answer.code()),
            (400, Some(code)),
            "{scenario}"
        );
        let err = dvs_core::Error::from_response(answer.status, None, &answer.bytes);
        assert!(
            matches!(err, dvs_core::Error::DocumentRejected(_)),
            "{err:?}"
        );
        // The request is now processed (failed).
        assert_eq!(
            verify(&mock, &id).await.code(),
            Some("RequestAlreadyProcessed")
        );
        let stored = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
        assert_eq!(stored.json["request"]["status"], json!("Failed"));
        // Direct verification answers the same way.
        let direct = post(
            &mock,
            "api/v3/Verify",
            Some(&sk),
            &with_marker("userAgent", scenario.name()),
        )
        .await;
        assert_eq!((direct.status, direct.code()), (400, Some(code)));
    }
}

#[tokio::test]
async fn server_error_is_500_with_a_trace_id_and_leaves_the_request_pending() {
    let mock = MockDvs::start().await;
    let id = create(&mock, &id_body()).await;
    mock.push_next_scenario(Scenario::ServerError);
    let answer = verify(&mock, &id).await;
    assert_eq!((answer.status, answer.code()), (500, Some("ApiError")));
    assert!(
        answer.json["traceId"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let err = dvs_core::Error::from_response(answer.status, None, &answer.bytes);
    assert!(matches!(err, dvs_core::Error::Server(_)), "{err:?}");
    // Nothing was processed: a retry verifies.
    assert_eq!(verify(&mock, &id).await.status, 200);
}

#[tokio::test]
async fn rate_limited_is_429_with_retry_after() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    mock.push_next_scenario(Scenario::RateLimited);
    let answer = post(&mock, "api/v3/Request", Some(&pk), &id_body()).await;
    assert_eq!(answer.status, 429);
    assert_eq!(answer.headers["retry-after"], "1");
    let err =
        dvs_core::Error::from_response(answer.status, Some(Duration::from_secs(1)), &answer.bytes);
    assert!(
        matches!(err, dvs_core::Error::RateLimited { .. }),
        "{err:?}"
    );
    // The next call goes through.
    assert_eq!(
        post(&mock, "api/v3/Request", Some(&pk), &id_body())
            .await
            .status,
        200
    );

    let configured = MockDvs::builder()
        .retry_after(Duration::from_millis(2500))
        .default_scenario(Scenario::RateLimited)
        .start()
        .await;
    let (pk, _) = keys(&configured);
    let answer = post(&configured, "api/v3/Request", Some(&pk), &id_body()).await;
    assert_eq!(
        answer.headers["retry-after"], "3",
        "whole seconds, rounded up"
    );
    // The marker picks it too, even before the body is validated.
    let marked = with_marker("userAgent", "rate-limited");
    let answer = post(&mock, "api/v3/Request", Some(&pk_of(&mock)), &marked).await;
    assert_eq!(answer.status, 429);
}

fn pk_of(mock: &MockDvs) -> String {
    keys(mock).0
}

#[tokio::test]
async fn slow_and_latency_delay_the_answer() {
    let mock = MockDvs::builder()
        .slow_delay(Duration::from_millis(300))
        .start()
        .await;
    let id = create(&mock, &id_body()).await;
    mock.push_next_scenario(Scenario::Slow);
    let started = Instant::now();
    let answer = verify(&mock, &id).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(answer.status, 200);
    assert_eq!(
        document_confidence(&answer),
        96,
        "slow answers an approved result"
    );

    let laggy = MockDvs::builder()
        .latency(Duration::from_millis(200))
        .start()
        .await;
    let started = Instant::now();
    let _ = get(&laggy, "nowhere", None).await;
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "latency applies to every answer"
    );
}

#[tokio::test]
async fn a_scenario_chosen_at_create_plays_at_verify() {
    let mock = MockDvs::start().await;
    // Pushed before the create call: stored with the request.
    mock.push_next_scenario(Scenario::LowDocumentConfidence);
    let pushed = create(&mock, &id_body()).await;
    let plain = create(&mock, &id_body()).await;
    assert_eq!(document_confidence(&verify(&mock, &pushed).await), 40);
    assert_eq!(document_confidence(&verify(&mock, &plain).await), 96);
    // Marked in the payload: the same.
    let marked = create(&mock, &with_marker("userAgent", "low-document-confidence")).await;
    assert_eq!(document_confidence(&verify(&mock, &marked).await), 40);
}

#[tokio::test]
async fn precedence_is_pushed_then_marker_then_stored_then_default() {
    let mock = MockDvs::builder()
        .default_scenario(Scenario::LowDocumentConfidence)
        .start()
        .await;
    assert_eq!(mock.default_scenario(), Scenario::LowDocumentConfidence);
    let (_, sk) = keys(&mock);

    // Default.
    let id = create(&mock, &id_body()).await;
    assert_eq!(document_confidence(&verify(&mock, &id).await), 40);

    // Marker beats default.
    let id = create(&mock, &with_marker("userAgent", "approved")).await;
    assert_eq!(document_confidence(&verify(&mock, &id).await), 96);

    // Pushed at verify time beats the stored marker.
    let id = create(&mock, &with_marker("userAgent", "approved")).await;
    mock.push_next_scenario(Scenario::ExpiredDocument);
    assert_eq!(document_confidence(&verify(&mock, &id).await), 45);

    // Pushed beats the marker in the same body; queued scenarios apply in order.
    mock.push_next_scenario(Scenario::FaceMismatch);
    mock.push_next_scenario(Scenario::SpoofedSelfie);
    let first = post(
        &mock,
        "api/v3/Verify",
        Some(&sk),
        &with_marker("userAgent", "approved"),
    )
    .await;
    assert_eq!(
        first.json["faceVerificationResult"]["confidence"],
        json!(20)
    );
    let second = post(&mock, "api/v3/Verify", Some(&sk), &id_body()).await;
    assert_eq!(
        second.json["faceVerificationResult"]["antiSpoofing"],
        json!(10)
    );

    // The default can change at run time; a request without an explicit scenario takes the
    // default current at Verify.
    let id = create(&mock, &id_body()).await;
    mock.set_default_scenario(Scenario::Approved);
    assert_eq!(document_confidence(&verify(&mock, &id).await), 96);
}

#[tokio::test]
async fn markers_work_in_each_documented_field() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    for field in ["userAgent", "captureMethod", "UserAgent"] {
        let id = create(&mock, &with_marker(field, "face-mismatch")).await;
        let answer = verify(&mock, &id).await;
        assert_eq!(
            answer.json["faceVerificationResult"]["confidence"],
            json!(20),
            "{field}"
        );
    }
    for field in ["userAgent", "captureMethod"] {
        let body = json!({
            "documentType": 1, "frontImageBase64": JPEG_BASE64, "backOrSecondImageBase64": PNG_BASE64,
            "faceImageBase64": JPEG_BASE64,
            "metadata": {field: "Mozilla/5.0 (dvs-mock-scenario=spoofed-selfie)"},
        });
        let answer = post(&mock, "api/v4/verify", Some(&sk), &body).await;
        assert_eq!(
            answer.json["antiSpoofingVerificationResult"]["antiSpoofingFaceImageConfidence"],
            json!(10),
            "metadata.{field}"
        );
    }
}

#[tokio::test]
async fn an_unknown_marker_is_a_validation_error_that_lists_the_scenarios() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    let answer = post(
        &mock,
        "api/v3/Request",
        Some(&pk),
        &with_marker("userAgent", "typo"),
    )
    .await;
    assert_eq!(answer.code(), Some("ValidationError"));
    let message = answer.json["propertyErrors"]["userAgent"].as_str().unwrap();
    for scenario in Scenario::ALL {
        assert!(message.contains(scenario.name()), "{message}");
    }
}

#[tokio::test]
async fn transport_scenarios_apply_to_the_result_endpoint_too() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let id = create(&mock, &id_body()).await;
    mock.push_next_scenario(Scenario::ServerError);
    let path = format!("api/v3/Request/{id}/result");
    assert_eq!(get(&mock, &path, Some(&sk)).await.status, 500);
    assert_eq!(get(&mock, &path, Some(&sk)).await.status, 200);
}
