//! E4: `GET /api/v3/Request/{requestId}/result`.

use dvs_secret::{ApiVersion, DocumentType, Error, FieldConfidence, RequestStatus};
use dvs_test_support::{fixture, fixture_response};
use wiremock::Mock;
use wiremock::matchers::{header, method, path};

use crate::support::{BEARER, client, no_retry_client, request_id, result_path, server};

#[tokio::test]
async fn get_result_reads_the_wrapper_and_keeps_the_result_bytes() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .and(header("authorization", BEARER))
        .respond_with(fixture_response(200, "result_wrapper_v3.json"))
        .expect(1)
        .mount(&server)
        .await;

    let stored = client(&server).get_result(&request_id()).await.unwrap();

    assert!(stored.is_verified());
    assert_eq!(stored.status, Some(RequestStatus::Success));
    assert_eq!(stored.document_type, Some(DocumentType::Id));
    let result = stored.result.as_ref().unwrap();
    assert_eq!(result.api_version, ApiVersion::V3);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(77));
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(71));
    assert_eq!(result.anti_spoofing_confidence.map(|c| c.get()), Some(90));
    assert_eq!(result.false_acceptance_rate.map(|f| f.get()), Some(0.01));
    assert_eq!(
        result.field_confidences["address"],
        FieldConfidence::NotAvailable
    );

    // The whole body is kept; the result keeps only its own object, byte for byte.
    let whole = fixture("result_wrapper_v3.json");
    assert_eq!(stored.raw_json(), whole.as_slice());
    let inner = result.raw_json();
    assert!(inner.starts_with(b"{") && inner.ends_with(b"}"));
    let inner_text = std::str::from_utf8(inner).unwrap();
    assert!(String::from_utf8(whole).unwrap().contains(inner_text));
    assert!(inner_text.contains("\"totalConfidence\": 77"));
    assert!(!inner_text.contains("frontImageBase64"));

    // Debug shows neither the images nor the document data.
    let shown = format!("{stored:?}");
    assert!(!shown.contains("/9j/"), "{shown}");
    assert!(!shown.contains("SAMPLE"), "{shown}");
    assert!(!shown.contains("EXAMPLE ST"), "{shown}");
    server.verify().await;
}

#[tokio::test]
async fn a_request_not_verified_yet_has_no_result() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(fixture_response(200, "result_wrapper_pending.json"))
        .expect(1)
        .mount(&server)
        .await;
    let stored = client(&server).get_result(&request_id()).await.unwrap();
    assert!(!stored.is_verified());
    assert!(stored.result.is_none());
    assert_eq!(stored.status, Some(RequestStatus::Pending));
    server.verify().await;
}

#[tokio::test]
async fn a_stored_v4_result_is_read_as_v4() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(fixture_response(200, "result_wrapper_v4.json"))
        .expect(1)
        .mount(&server)
        .await;
    let stored = client(&server).get_result(&request_id()).await.unwrap();
    let result = stored.result.unwrap();
    assert_eq!(result.api_version, ApiVersion::V4);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(95));
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(88));
    assert_eq!(result.anti_spoofing_confidence.map(|c| c.get()), Some(97));
    server.verify().await;
}

#[tokio::test]
async fn an_unknown_id_is_not_found_and_not_retried() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(fixture_response(404, "errors/not_found.json"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).get_result(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn an_empty_body_is_a_decode_error() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_raw("  ", "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let err = no_retry_client(&server)
        .get_result(&request_id())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    server.verify().await;
}
