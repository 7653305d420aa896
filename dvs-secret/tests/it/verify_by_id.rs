//! E3: `POST /api/v3/Verify/{requestId}` with `{}`.

use dvs_secret::{ApiVersion, Error};
use dvs_test_support::{fixture, fixture_response};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::{BEARER, ID, client, request_id, server, verify_path};

#[tokio::test]
async fn verify_posts_an_empty_object_to_the_id_path_with_the_secret_key() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .and(header("authorization", BEARER))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_string("{}"))
        .respond_with(fixture_response(200, "v3_verify.json"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).verify(&request_id()).await.unwrap();

    assert_eq!(result.api_version, ApiVersion::V3);
    assert_eq!(result.request_id, Some(request_id()));
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(88));
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(93));
    assert_eq!(result.anti_spoofing_confidence.map(|c| c.get()), Some(85));
    assert_eq!(result.raw_json(), fixture("v3_verify.json").as_slice());
    server.verify().await;
}

#[tokio::test]
async fn an_upper_case_id_is_sent_in_canonical_lower_case() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(fixture_response(200, "v3_verify.json"))
        .expect(1)
        .mount(&server)
        .await;
    let id = ID.to_ascii_uppercase().parse().unwrap();
    client(&server).verify(&id).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn a_v4_shaped_answer_is_read_as_v4() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(fixture_response(200, "v4_verify.json"))
        .expect(1)
        .mount(&server)
        .await;
    let result = client(&server).verify(&request_id()).await.unwrap();
    assert_eq!(result.api_version, ApiVersion::V4);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(82));
    server.verify().await;
}

#[tokio::test]
async fn a_result_for_another_request_id_is_returned_not_refused() {
    let server = server().await;
    let other = String::from_utf8(fixture("v3_verify.json"))
        .unwrap()
        .replace(ID, "11111111-2222-4333-8444-555555555555");
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(other, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    // Paid for: returned, with the mismatch on it (more in `result_contents`).
    let result = client(&server).verify(&request_id()).await.unwrap();
    assert!(result.request_id_mismatch().is_some());
    server.verify().await;
}

#[tokio::test]
async fn a_2xx_body_that_is_not_a_result_is_a_decode_error_that_does_not_quote_it() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw("<html><body>JANE Q SAMPLE</body></html>", "text/html"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).verify(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err:?}");
    assert!(!err.to_string().contains("SAMPLE"));
    assert!(!format!("{err:?}").contains("SAMPLE"));
    server.verify().await;
}

#[tokio::test]
async fn an_empty_2xx_body_is_a_decode_error() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).verify(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    server.verify().await;
}
