//! Requests whose validity depends on the account's DIVE settings are sent as they are (each
//! exactly once), and the server's refusal comes back typed: the client is never stricter
//! than the service.

use std::collections::BTreeSet;

use dvs_public::{DocumentType, Error, ErrorCode, VerificationRequest};
use serde_json::{Map, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use dvs_test_support::{catch_all, fixture_response, jpeg};

use crate::client;

/// Sends `request` to a server that answers `answer` once; returns the outcome and the body
/// it received.
pub(crate) async fn sent_once(
    request: VerificationRequest,
    answer: ResponseTemplate,
) -> (Result<(), Error>, Map<String, Value>) {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(answer)
        .expect(1)
        .named("create request, exactly once")
        .mount(&server)
        .await;
    let outcome = client(&server).create_request(request).await.map(drop);
    server.verify().await;
    let received = server.received_requests().await.unwrap();
    let body = match serde_json::from_slice(&received[0].body).unwrap() {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    };
    (outcome, body)
}

/// The "request created" answer.
pub(crate) fn created() -> ResponseTemplate {
    fixture_response(200, "create_request_created.json")
}

fn keys(body: &Map<String, Value>) -> BTreeSet<&str> {
    body.keys().map(String::as_str).collect()
}

#[tokio::test]
async fn a_front_only_license_is_sent() {
    for doc in [
        DocumentType::Id,
        DocumentType::PassportCard,
        DocumentType::GreenCard,
        DocumentType::EmploymentAuthorization,
    ] {
        let (outcome, body) = sent_once(
            VerificationRequest::new(doc.clone()).front(jpeg(300, 1)),
            created(),
        )
        .await;
        outcome.unwrap();
        assert_eq!(
            keys(&body),
            BTreeSet::from(["documentType", "verifyFace", "frontImageBase64"]),
            "{doc}"
        );
    }
}

#[tokio::test]
async fn a_track_string_alone_is_sent() {
    let (outcome, body) = sent_once(
        VerificationRequest::new(DocumentType::Id).track_string("@\n\u{1e}\rANSI 636026"),
        created(),
    )
    .await;
    outcome.unwrap();
    assert_eq!(
        keys(&body),
        BTreeSet::from(["documentType", "verifyFace", "trackString"])
    );
    assert_eq!(body["trackString"], "@\n\u{1e}\rANSI 636026");
    assert_eq!(body["verifyFace"], false);
}

#[tokio::test]
async fn face_match_without_a_selfie_is_sent() {
    let (outcome, body) = sent_once(
        VerificationRequest::new(DocumentType::Passport)
            .front(jpeg(300, 1))
            .verify_face(true),
        created(),
    )
    .await;
    outcome.unwrap();
    assert_eq!(body["verifyFace"], true);
}

#[tokio::test]
async fn the_servers_back_image_refusal_comes_back_typed() {
    let refusal = ResponseTemplate::new(400).set_body_raw(
        r#"{"code":"BackImageOrTrackStringNotPresentError","message":"Back image or track string is not present"}"#,
        "application/json",
    );
    let (outcome, _) = sent_once(
        VerificationRequest::new(DocumentType::Id).front(jpeg(300, 1)),
        refusal,
    )
    .await;
    let error = outcome.unwrap_err();
    assert!(matches!(error, Error::Validation(_)), "{error:?}");
    assert_eq!(
        error.code(),
        Some(&ErrorCode::BackImageOrTrackStringNotPresentError)
    );
    assert!(!error.was_not_sent() && !error.is_retryable());
}
