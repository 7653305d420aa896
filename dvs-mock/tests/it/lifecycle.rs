//! The two-step flow: create (public key) → verify (secret key) → stored result.

use std::time::Duration;

use dvs_mock::MockDvs;
use dvs_test_support::{JPEG_BASE64, PNG_BASE64, fixture, fixture_json};
use serde_json::{Value, json};

use crate::support::{create, get, id_body, keys, post, post_raw, send, verify};

#[tokio::test]
async fn documented_create_verify_and_result() {
    let mock = MockDvs::start().await;
    let (pk, sk) = keys(&mock);

    // The v3 request body of IDScan's documentation, byte for byte.
    let created = post_raw(
        &mock,
        "api/v3/Request",
        Some(&pk),
        fixture("request_v3.json"),
    )
    .await;
    assert_eq!(created.status, 200, "{:?}", created.json);
    let id = created.json["requestId"].as_str().unwrap().to_owned();
    assert!(id.parse::<dvs_core::RequestId>().is_ok());
    assert_eq!(created.json["documentType"], json!(1));
    assert_eq!(created.json["status"], json!(0));
    let parsed: dvs_core::CreateRequestResponse = serde_json::from_slice(&created.bytes).unwrap();
    assert_eq!(parsed.status, Some(dvs_core::RequestStatus::Pending));

    // Before Verify: the wrapper has no result yet.
    let pending = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(pending.status, 200);
    assert_eq!(pending.json["verificationResult"], Value::Null);
    assert_eq!(pending.json["request"]["status"], json!("Pending"));

    // Verify: an empty JSON object, as the official sample sends it.
    let verified = verify(&mock, &id).await;
    assert_eq!(verified.status, 200, "{:?}", verified.json);
    assert_eq!(verified.json["requestId"], json!(id));
    assert_eq!(verified.json["documentType"], json!(1));
    assert!(verified.json["documentVerificationResult"]["totalConfidence"].is_u64());
    assert!(verified.json["faceVerificationResult"]["confidence"].is_u64());
    assert!(verified.json["faceVerificationResult"]["antiSpoofing"].is_u64());
    assert!(verified.json["faceVerificationResult"]["far"].is_number());

    // The stored result wrapper (E4).
    let stored = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(stored.status, 200);
    assert_eq!(stored.json["verificationResult"], verified.json);
    let request = &stored.json["request"];
    assert_eq!(request["id"], json!(id));
    assert_eq!(request["documentType"], json!(1));
    assert_eq!(request["status"], json!("Success"));
    assert!(request["created"].as_str().unwrap().ends_with('Z'));
    assert_eq!(request["content"]["frontImageBase64"], json!(JPEG_BASE64));
    assert_eq!(
        request["content"]["backOrSecondImageBase64"],
        json!(PNG_BASE64)
    );
    assert_eq!(request["content"]["faceImageBase64"], json!(JPEG_BASE64));
    let typed: dvs_core::ResponseV3 =
        serde_json::from_value(stored.json["verificationResult"].clone()).unwrap();
    assert!(typed.request_id.is_some());
}

#[tokio::test]
async fn verify_accepts_no_body_and_other_json_content_types() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let first = create(&mock, &id_body()).await;
    let answer = send(
        "POST",
        &format!("{}api/v3/Verify/{first}", mock.base_url()),
        Some(&sk),
        None,
    )
    .await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);

    let second = create(&mock, &id_body()).await;
    let response = reqwest::Client::new()
        .post(format!("{}api/v3/Verify/{second}", mock.base_url()))
        .header("Authorization", format!("Bearer {sk}"))
        .header("Content-Type", "application/json-patch+json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);

    let third = create(&mock, &id_body()).await;
    let bad = post_raw(
        &mock,
        &format!("api/v3/Verify/{third}"),
        Some(&sk),
        b"{not json".to_vec(),
    )
    .await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.code(), Some("ValidationError"));
}

#[tokio::test]
async fn paths_and_ids_match_in_any_casing() {
    let mock = MockDvs::start().await;
    let (pk, sk) = keys(&mock);
    let created = post(&mock, "API/V3/REQUEST", Some(&pk), &id_body()).await;
    assert_eq!(created.status, 200);
    let id = created.json["requestId"]
        .as_str()
        .unwrap()
        .to_ascii_uppercase();
    let verified = post(&mock, &format!("api/v3/verify/{id}"), Some(&sk), &json!({})).await;
    assert_eq!(verified.status, 200, "{:?}", verified.json);
    let stored = get(&mock, &format!("Api/V3/request/{id}/RESULT"), Some(&sk)).await;
    assert_eq!(stored.status, 200);
    assert_eq!(stored.json["request"]["status"], json!("Success"));
}

#[tokio::test]
async fn unknown_ids_are_404_not_found() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let unknown = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
    for answer in [
        verify(&mock, unknown).await,
        verify(&mock, "not-a-uuid").await,
        get(
            &mock,
            &format!("api/v3/Request/{unknown}/result"),
            Some(&sk),
        )
        .await,
    ] {
        assert_eq!(answer.status, 404);
        assert_eq!(answer.code(), Some("NotFound"));
    }
}

#[tokio::test]
async fn a_second_verify_is_request_already_processed() {
    let mock = MockDvs::start().await;
    let id = create(&mock, &id_body()).await;
    assert_eq!(verify(&mock, &id).await.status, 200);
    let again = verify(&mock, &id).await;
    assert_eq!(again.status, 400);
    assert_eq!(again.code(), Some("RequestAlreadyProcessed"));
    let err = dvs_core::Error::from_response(again.status, None, &again.bytes);
    assert!(
        matches!(err, dvs_core::Error::AlreadyProcessed(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_request_past_its_expiry_is_request_expired() {
    let mock = MockDvs::builder()
        .request_expiry(Duration::from_millis(100))
        .start()
        .await;
    let (_, sk) = keys(&mock);
    let id = create(&mock, &id_body()).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    for _ in 0..2 {
        let expired = verify(&mock, &id).await;
        assert_eq!(expired.status, 400);
        assert_eq!(expired.code(), Some("RequestExpired"));
        let err = dvs_core::Error::from_response(expired.status, None, &expired.bytes);
        assert!(matches!(err, dvs_core::Error::Expired(_)), "{err:?}");
    }
    let stored = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(stored.json["request"]["status"], json!("Expired"));
    assert_eq!(stored.json["verificationResult"], Value::Null);

    // A fresh request verified in time still works.
    let fresh = create(&mock, &id_body()).await;
    assert_eq!(verify(&mock, &fresh).await.status, 200);
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_answer_in_the_dvs_error_shape() {
    let mock = MockDvs::start().await;
    let (pk, sk) = keys(&mock);
    let unknown = post(&mock, "api/v4/Request", Some(&pk), &id_body()).await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.code(), Some("NotFound"));
    let root = get(&mock, "", None).await;
    assert_eq!(root.status, 404);

    let wrong_method = get(&mock, "api/v3/Request", Some(&sk)).await;
    assert_eq!(wrong_method.status, 405);
    assert_eq!(wrong_method.headers["allow"], "POST");
    assert_eq!(mock.received().len(), 3);
}

#[tokio::test]
async fn the_ios_sdk_pascal_case_body_creates_a_passport_request() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    let body = fixture_json("request_v3_pascal_case.json");
    let created = post(&mock, "api/v3/Request", Some(&pk), &body).await;
    assert_eq!(created.status, 200, "{:?}", created.json);
    assert_eq!(created.json["documentType"], json!(2));
    let id = created.json["requestId"].as_str().unwrap().to_owned();
    let verified = verify(&mock, &id).await;
    assert_eq!(verified.status, 200);
    assert_eq!(verified.json["document"]["idType"], json!("P"));
}

#[tokio::test]
async fn a_lost_verify_answer_is_processed_but_never_sent() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let id = create(&mock, &id_body()).await;
    mock.lose_next_verify_answer();
    let http = reqwest::Client::new();
    let lost = http
        .post(format!("{}api/v3/Verify/{id}", mock.base_url()))
        .bearer_auth(&sk)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await;
    assert!(lost.is_err(), "the connection closes without an answer");
    // DVS did the work: the result is stored, and a second Verify is refused.
    let stored = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(stored.json["request"]["status"], json!("Success"));
    assert!(stored.json["verificationResult"].is_object());
    let again = verify(&mock, &id).await;
    assert_eq!(again.code(), Some("RequestAlreadyProcessed"));
}

#[tokio::test]
async fn while_a_slow_verify_works_the_request_is_pending_without_a_result() {
    let mock = MockDvs::builder()
        .slow_delay(Duration::from_millis(800))
        .start()
        .await;
    let (_, sk) = keys(&mock);
    mock.push_next_scenario(dvs_mock::Scenario::Slow);
    let id = create(&mock, &id_body()).await;
    let verifying = {
        let (mock_url, sk, id) = (mock.base_url(), sk.clone(), id.clone());
        tokio::spawn(async move {
            reqwest::Client::new()
                .post(format!("{mock_url}api/v3/Verify/{id}"))
                .bearer_auth(&sk)
                .header("content-type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap()
                .status()
        })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let working = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(working.json["request"]["status"], json!("Pending"));
    assert_eq!(working.json["verificationResult"], Value::Null);
    assert_eq!(verifying.await.unwrap(), 200);
    let done = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(done.json["request"]["status"], json!("Success"));
    assert!(done.json["verificationResult"].is_object());
}

#[tokio::test]
async fn a_lookup_leaves_a_pushed_document_outcome_for_the_verification() {
    let mock = MockDvs::start().await;
    let (_, sk) = keys(&mock);
    let id = create(&mock, &id_body()).await;
    mock.push_next_scenario(dvs_mock::Scenario::OcrError);
    let before = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(before.status, 200);
    assert_eq!(verify(&mock, &id).await.code(), Some("OCRError"));
    // A scenario of the exchange applies to a lookup as to any call.
    mock.push_next_scenario(dvs_mock::Scenario::ServerError);
    let failed = get(&mock, &format!("api/v3/Request/{id}/result"), Some(&sk)).await;
    assert_eq!(failed.status, 500);
}
