//! The answer to a create call: parsed into `CreatedRequest`, or mapped to an error variant.

use dvs_public::{
    BodyKind, Client, CreatedRequest, DocumentType, Error, ErrorCode, RawCode, RequestStatus,
    VerificationRequest,
};
use dvs_test_support::{catch_all, fixture, fixture_response, jpeg};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::client;

fn request() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Id)
        .front(jpeg(300, 1))
        .back(jpeg(200, 2))
        .selfie(jpeg(100, 3))
}

/// Serves `response` once for the create call and returns the client's result.
async fn answer(response: ResponseTemplate) -> Result<CreatedRequest, Error> {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(response)
        .expect(1)
        .named("create request (answered once, never retried)")
        .mount(&server)
        .await;
    let client: Client = client(&server);
    client.create_request(request()).await
}

#[tokio::test]
async fn created_request_is_parsed() {
    let created = answer(fixture_response(200, "create_request_created.json"))
        .await
        .unwrap();
    assert_eq!(
        created.request_id.to_string(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    assert_eq!(created.status, Some(RequestStatus::Pending));
    assert_eq!(created.document_type, Some(DocumentType::Id));
    assert!(created.is_pending());
}

#[tokio::test]
async fn created_with_201_is_accepted_too() {
    let created = answer(fixture_response(201, "create_request_created.json"))
        .await
        .unwrap();
    assert!(created.is_pending());
}

#[tokio::test]
async fn unknown_status_and_fields_are_tolerated() {
    let created = answer(fixture_response(200, "create_request_unknown_status.json"))
        .await
        .unwrap();
    assert_eq!(
        created.request_id.as_str(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    assert_eq!(
        created.status,
        Some(RequestStatus::Unknown(RawCode::Text("Quarantined".into())))
    );
    assert!(
        created
            .document_type
            .as_ref()
            .is_some_and(DocumentType::is_unknown)
    );
    assert!(!created.is_pending());
}

#[tokio::test]
async fn an_answer_without_request_id_is_a_decode_error() {
    let error = answer(fixture_response(200, "create_request_no_id.json"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 200, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_non_json_success_is_a_decode_error_without_the_body() {
    let error = answer(ResponseTemplate::new(200).set_body_raw("<html>ok</html>", "text/html"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 200, .. }),
        "{error:?}"
    );
    assert!(!error.to_string().contains("<html>"));
}

#[tokio::test]
async fn validation_error_400_keeps_property_errors() {
    let error = answer(fixture_response(
        400,
        "errors/validation_error_connection_trace_id.json",
    ))
    .await
    .unwrap_err();
    let Error::Validation(info) = &error else {
        panic!("expected Error::Validation, got {error:?}");
    };
    assert_eq!(info.status, 400);
    assert_eq!(info.body_kind, BodyKind::DvsJson);
    assert_eq!(error.code(), Some(&ErrorCode::ValidationError));
    assert_eq!(error.trace_id(), Some("0HMVD3G1N5C2K:00000001"));
    let properties = error.property_errors().unwrap();
    assert_eq!(
        properties.fields().collect::<Vec<_>>(),
        ["DocumentType", "FrontImageBase64"]
    );
    assert_eq!(
        properties.get("frontImageBase64"),
        Some(&["The image could not be decoded.".to_string()][..])
    );
    let text = error.to_string();
    assert!(text.contains("FrontImageBase64"), "{text}");
    assert!(
        !text.contains("could not be decoded"),
        "server text leaked: {text}"
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn unauthorized_401_is_auth() {
    let error = answer(fixture_response(401, "errors/unauthorized.json"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Auth(ref info) if info.status == 401),
        "{error:?}"
    );
    assert!(!error.to_string().contains("pk_a47764c0"));
}

#[tokio::test]
async fn api_error_500_is_server_and_not_retried() {
    let error = answer(fixture_response(
        500,
        "errors/api_error_connection_trace_id.json",
    ))
    .await
    .unwrap_err();
    assert!(
        matches!(error, Error::Server(ref info) if info.status == 500),
        "{error:?}"
    );
    assert_eq!(error.code(), Some(&ErrorCode::ApiError));
    assert_eq!(error.trace_id(), Some("0HMVD3G1N5C2K:0000002A"));
}

#[tokio::test]
async fn html_502_from_a_proxy_is_server_with_html_body() {
    let body = fixture("errors/bad_gateway.html");
    let len = body.len();
    let error = answer(ResponseTemplate::new(502).set_body_raw(body, "text/html"))
        .await
        .unwrap_err();
    let Error::Server(info) = &error else {
        panic!("expected Error::Server, got {error:?}");
    };
    assert_eq!(info.status, 502);
    assert_eq!(info.body_kind, BodyKind::Html);
    assert!(info.body.is_none());
    assert_eq!(info.body_len, len);
    assert!(!error.to_string().contains("nginx"));
}
