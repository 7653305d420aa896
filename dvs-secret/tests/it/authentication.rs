//! E6 (`POST /api/v4/authentication`): the exact body with ultraviolet and infrared images,
//! the answer normalized like v4 verify's, local checks, and at most once.

use dvs_secret::{
    ApiVersion, AuthenticationRequestV4, Client, DocumentType, Error, Image, ImageError, Metadata,
    OverriddenSettingsV4, RequestV4, RetryPolicy, SecretKey, TrackStringV4,
};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use dvs_test_support::{fixture, fixture_response};

use crate::support::{BEARER, SECRET, SLOW, client, impatient_client, server};

const PATH: &str = "/api/v4/authentication";

/// A JPEG whose base64 is `/9j/4A` + the tag's two base64 digits.
fn jpeg(tag: u8) -> Image {
    Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, tag]).unwrap()
}

fn full_request() -> AuthenticationRequestV4 {
    let mut metadata = Metadata::default();
    metadata.capture_method = Some("11".into());
    metadata.user_agent = Some("E-Seek M500 driver".into());
    let white = RequestV4::new(DocumentType::Id)
        .front(jpeg(1))
        .back(jpeg(2))
        .selfie(jpeg(3))
        .track_string(TrackStringV4::from_web_library("@ANSI 636035DAC.params"))
        .overridden_settings(OverriddenSettingsV4::new().is_face_match_enabled(true))
        .metadata(metadata);
    AuthenticationRequestV4::new(white)
        .front_uv(jpeg(4))
        .back_uv(jpeg(5))
        .front_ir(jpeg(6))
        .back_ir(jpeg(7))
        .gpu_enabled(true)
}

fn full_body() -> serde_json::Value {
    json!({
        "documentType": 1,
        "frontImageBase64": "/9j/4AE=",
        "backOrSecondImageBase64": "/9j/4AI=",
        "faceImageBase64": "/9j/4AM=",
        "trackString": { "data": "@ANSI 636035DAC", "barcodeParams": "params" },
        "overriddenSettings": { "isFaceMatchEnabled": true, "isGpuEnabled": true },
        "metadata": { "captureMethod": "11", "userAgent": "E-Seek M500 driver" },
        "frontImageBase64Uv": "/9j/4AQ=",
        "backOrSecondImageBase64Uv": "/9j/4AU=",
        "frontImageBase64Ir": "/9j/4AY=",
        "backOrSecondImageBase64Ir": "/9j/4Ac="
    })
}

/// Mounts the endpoint answering `response`, expected exactly `times`.
async fn mount(server: &MockServer, response: ResponseTemplate, times: u64) {
    Mock::given(method("POST"))
        .and(path(PATH))
        .respond_with(response)
        .named("POST /api/v4/authentication")
        .expect(times)
        .mount(server)
        .await;
}

#[tokio::test]
async fn posts_the_exact_body_with_light_source_images() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(PATH))
        .and(header("authorization", BEARER))
        .and(header("content-type", "application/json"))
        .and(body_json(full_body()))
        .respond_with(fixture_response(200, "v4_authentication_secret.json"))
        .expect(1)
        .mount(&server)
        .await;

    client(&server).authenticate(&full_request()).await.unwrap();

    server.verify().await;
    let sent = &server.received_requests().await.unwrap()[0];
    assert_eq!(sent.url.query(), None, "no query parameters");
}

#[tokio::test]
async fn the_answer_is_normalized_like_v4_verify() {
    let server = server().await;
    mount(
        &server,
        fixture_response(200, "v4_authentication_secret.json"),
        1,
    )
    .await;

    let result = client(&server).authenticate(&full_request()).await.unwrap();

    assert_eq!(result.api_version, ApiVersion::V4);
    assert_eq!(
        result.request_id.map(|id| id.to_string()).as_deref(),
        Some("3fa85f64-5717-4562-b3fc-2c963f66afa6")
    );
    assert_eq!(result.document_type, Some(DocumentType::Id));
    assert_eq!(result.document.full_name.as_deref(), Some("JANE Q SAMPLE"));
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(82));
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(100));
    assert_eq!(result.anti_spoofing_confidence.map(|c| c.get()), Some(91));
    assert_eq!(result.false_acceptance_rate.map(|f| f.get()), Some(0.0));
    assert_eq!(result.flags.ocr_success, Some(true));
    assert_eq!(result.flags.pdf417_success, Some(true));
    assert_eq!(result.flags.mrz_success, None, "null stays unknown");
    assert_eq!(result.flags.expired, Some(false));
    assert_eq!(result.field_confidences["maidenName"].score(), None);
    assert_eq!(
        result.field_confidences["id"].score().map(|c| c.get()),
        Some(97)
    );
    // Fields the SDK does not model (authenticationResults) stay in the raw body.
    assert_eq!(
        result.raw_json(),
        &fixture("v4_authentication_secret.json")[..]
    );
    server.verify().await;
}

#[tokio::test]
async fn a_document_failure_is_a_document_rejection() {
    let server = server().await;
    mount(&server, fixture_response(400, "errors/ocr_error.json"), 1).await;
    let err = client(&server)
        .authenticate(&full_request())
        .await
        .unwrap_err();
    assert!(err.is_document_failure(), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn after_a_500_it_is_sent_exactly_once() {
    let server = server().await;
    mount(&server, fixture_response(500, "errors/api_error.json"), 1).await;
    let err = client(&server)
        .authenticate(&full_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    server.verify().await;
}

#[tokio::test]
async fn after_a_502_or_a_503_without_retry_after_it_is_sent_exactly_once() {
    for status in [502, 503] {
        let server = server().await;
        mount(&server, ResponseTemplate::new(status), 1).await;
        let err = client(&server)
            .authenticate(&full_request())
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Server(_)), "{status}: {err:?}");
        server.verify().await;
    }
}

#[tokio::test]
async fn after_a_timeout_it_is_sent_exactly_once() {
    let server = server().await;
    mount(
        &server,
        fixture_response(200, "v4_authentication_secret.json").set_delay(SLOW),
        1,
    )
    .await;
    let err = impatient_client(&server)
        .authenticate(&full_request())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.outcome_unknown());
    server.verify().await;
}

/// Runs `authenticate` against a server that must receive nothing, with an image limit.
async fn refused_locally(request: AuthenticationRequestV4, max_image_bytes: usize) -> Error {
    let server = server().await;
    let client = Client::builder(SecretKey::new(SECRET).unwrap())
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .max_image_bytes(max_image_bytes)
        .build()
        .unwrap();
    let err = client.authenticate(&request).await.unwrap_err();
    assert!(err.was_not_sent(), "{err:?}");
    server.verify().await; // the catch-all saw nothing
    assert!(server.received_requests().await.unwrap().is_empty());
    err
}

/// A limit far above the test images.
const NO_LIMIT: usize = 10 * 1024 * 1024;

#[tokio::test]
async fn nothing_to_send_is_refused_before_sending() {
    let empty = AuthenticationRequestV4::new(RequestV4::new(DocumentType::Id));
    let err = refused_locally(empty, NO_LIMIT).await;
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "frontImageBase64",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_oversized_light_source_image_is_refused_by_name() {
    let mut big = vec![0xFF, 0xD8, 0xFF, 0xE0];
    big.resize(2048, 0);
    let request = AuthenticationRequestV4::new(RequestV4::new(DocumentType::Id).front(jpeg(1)))
        .back_ir(Image::from_bytes(big).unwrap());
    let err = refused_locally(request, 1024).await;
    assert!(
        matches!(
            err,
            Error::InvalidImage {
                field: "backOrSecondImageBase64Ir",
                source: ImageError::TooLarge { .. },
            }
        ),
        "{err:?}"
    );
}
