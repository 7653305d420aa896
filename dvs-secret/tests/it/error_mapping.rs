//! Every documented error code, and the statuses DVS answers with, mapped to their variant.

use std::time::Duration;

use dvs_secret::{BodyKind, Error, ErrorCode};
use dvs_test_support::{error_variant, fixture_response};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::{client, no_retry_client, request_id, server, verify_path};

/// Answers Verify once with `status` and `body`, returns the error.
async fn verify_error(status: u16, body: ResponseTemplate) -> Error {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(body)
        .expect(1)
        .mount(&server)
        .await;
    let err = no_retry_client(&server)
        .verify(&request_id())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(status), "{err:?}");
    server.verify().await;
    err
}

#[tokio::test]
async fn each_documented_code_maps_to_its_variant() {
    // (code, HTTP status, variant, is it a document failure ("retake the photo")?)
    let table: &[(&str, u16, &str, bool)] = &[
        ("ValidationError", 400, "Validation", false),
        ("MultipleErrors", 400, "Validation", false),
        ("FrontImageRequiredError", 400, "Validation", false),
        (
            "BackImageOrTrackStringNotPresentError",
            400,
            "Validation",
            false,
        ),
        ("OCRError", 400, "DocumentRejected", true),
        ("MRZOCRError", 400, "DocumentRejected", true),
        ("MrzIsNotPresentError", 400, "DocumentRejected", true),
        ("PDF417Error", 400, "DocumentRejected", true),
        ("FaceDocNotDetectError", 400, "DocumentRejected", true),
        ("FacePhotoNotDetectError", 400, "DocumentRejected", true),
        ("DocumentVerifyError", 400, "DocumentRejected", true),
        ("TrackStringParserError", 400, "DocumentRejected", true),
        ("CompareFacesError", 400, "DocumentRejected", true),
        ("CaptureFacesError", 400, "DocumentRejected", true),
        ("AntiSpoofing", 400, "DocumentRejected", true),
        ("RequestAlreadyProcessed", 400, "AlreadyProcessed", false),
        ("RequestExpired", 400, "Expired", false),
        ("RequestExpired", 410, "Expired", false),
        ("NotFound", 404, "NotFound", false),
        ("NotFound", 400, "NotFound", false),
        ("ApiError", 500, "Server", false),
    ];
    for &(code, status, expected, document) in table {
        let body = format!(
            r#"{{"code":"{code}","message":"m","propertyErrors":{{}},"multipleErrors":[null]}}"#
        );
        let err = verify_error(
            status,
            ResponseTemplate::new(status).set_body_raw(body, "application/json"),
        )
        .await;
        assert_eq!(
            error_variant(&err),
            expected,
            "{code} with {status}: {err:?}"
        );
        assert_eq!(err.is_document_failure(), document, "{code}");
        assert_eq!(
            err.code().map(|c| c.to_raw().to_string()).as_deref(),
            Some(code)
        );
        assert!(
            !err.code().unwrap().is_unknown(),
            "{code} should be a known code"
        );
    }
}

#[tokio::test]
async fn a_validation_error_names_the_fields_and_keeps_the_trace_id() {
    let err = verify_error(400, fixture_response(400, "errors/validation_error.json")).await;
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    assert!(!err.is_document_failure());
    let fields: Vec<&str> = err.property_errors().unwrap().fields().collect();
    assert_eq!(fields, ["documentType", "frontImageBase64"]);
    assert_eq!(
        err.trace_id(),
        Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    );
    let text = err.to_string();
    assert!(
        text.contains("documentType") && text.contains("ValidationError"),
        "{text}"
    );
}

#[tokio::test]
async fn multiple_errors_are_a_validation_error_listing_each_code() {
    let err = verify_error(400, fixture_response(400, "errors/multiple_errors.json")).await;
    assert!(matches!(err, Error::Validation(_)), "{err:?}");
    let body = err.api_info().unwrap().body.as_ref().unwrap();
    let codes: Vec<_> = body
        .multiple_errors
        .iter()
        .map(|e| e.code.clone())
        .collect();
    assert_eq!(
        codes,
        [
            Some(ErrorCode::FrontImageRequiredError),
            Some(ErrorCode::BackImageOrTrackStringNotPresentError)
        ]
    );
}

#[tokio::test]
async fn a_document_failure_says_retake_without_quoting_the_message() {
    let err = verify_error(400, fixture_response(400, "errors/ocr_error.json")).await;
    assert!(matches!(err, Error::DocumentRejected(_)), "{err:?}");
    assert!(err.is_document_failure());
    assert_eq!(err.code(), Some(&ErrorCode::OcrError));
    // The server's message echoes a name: it must not reach logs.
    assert!(!err.to_string().contains("SAMPLE"), "{err}");
    assert!(!format!("{err:?}").contains("SAMPLE"), "{err:?}");
}

#[tokio::test]
async fn request_lifecycle_errors() {
    let err = verify_error(404, fixture_response(404, "errors/not_found.json")).await;
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");

    let err = verify_error(
        400,
        fixture_response(400, "errors/request_already_processed.json"),
    )
    .await;
    assert!(matches!(err, Error::AlreadyProcessed(_)), "{err:?}");

    let err = verify_error(400, fixture_response(400, "errors/request_expired.json")).await;
    assert!(matches!(err, Error::Expired(_)), "{err:?}");

    // A 404 without a body (a proxy, or the route itself) is NotFound too.
    let err = verify_error(404, ResponseTemplate::new(404)).await;
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert_eq!(err.api_info().unwrap().body_kind, BodyKind::Empty);
}

#[tokio::test]
async fn a_refused_key_is_an_auth_error() {
    let err = verify_error(401, fixture_response(401, "errors/unauthorized.json")).await;
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let err = verify_error(401, ResponseTemplate::new(401)).await;
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let err = verify_error(403, ResponseTemplate::new(403)).await;
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(!err.to_string().contains("sk_a47764c0"), "{err}");
}

#[tokio::test]
async fn a_429_carries_its_retry_after() {
    // Returned to the caller with the delay the server asked for.
    let err = verify_error(
        429,
        fixture_response(429, "errors/rate_limited.json").insert_header("retry-after", "120"),
    )
    .await;
    match &err {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(120)));
        }
        other => panic!("unexpected: {other:?}"),
    }
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn a_500_carries_its_trace_id() {
    let err = verify_error(500, fixture_response(500, "errors/api_error.json")).await;
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(err.code(), Some(&ErrorCode::ApiError));
    assert_eq!(
        err.trace_id(),
        Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    );
    assert!(
        err.to_string()
            .contains("00-0af7651916cd43dd8448eb211c80319c"),
        "{err}"
    );
    // The developer message may hold internals; it is not shown.
    assert!(!err.to_string().contains("NullReference"), "{err}");
}

#[tokio::test]
async fn an_html_error_page_is_reported_as_one() {
    let err = verify_error(
        502,
        ResponseTemplate::new(502)
            .set_body_raw("<!DOCTYPE html><html>Bad gateway</html>", "text/html"),
    )
    .await;
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert_eq!(err.api_info().unwrap().body_kind, BodyKind::Html);
}

#[tokio::test]
async fn get_result_maps_errors_the_same_way() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path(crate::support::result_path()))
        .respond_with(fixture_response(401, "errors/unauthorized.json"))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server).get_result(&request_id()).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    server.verify().await;
}
