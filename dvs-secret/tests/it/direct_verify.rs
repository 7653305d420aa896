//! E1 (`POST /api/v3/Verify`) and E5 (`POST /api/v4/verify`): exact bodies and query
//! parameters, and the local checks that keep a bad request from being sent.

use std::time::Duration;

use dvs_secret::{
    ApiVersion, DocumentType, Error, Image, ImageError, Metadata, OverriddenSettingsV3,
    OverriddenSettingsV4, RequestV3, RequestV4, RetryPolicy, TrackStringV4, V4Options,
};
use dvs_test_support::fixture_response;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

use crate::support::{BEARER, client, client_with, server};

/// base64 `/9j/4AAQ`
fn front() -> Image {
    Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]).unwrap()
}

/// base64 `/9j/2wECAwQF`
fn back() -> Image {
    Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xDB, 1, 2, 3, 4, 5]).unwrap()
}

/// base64 `iVBORw0KGgo=`
fn selfie() -> Image {
    Image::from_bytes(vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).unwrap()
}

#[tokio::test]
async fn verify_v3_posts_the_exact_body() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Verify"))
        .and(header("authorization", BEARER))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "documentType": 1,
            "verifyFace": true,
            "frontImageBase64": "/9j/4AAQ",
            "backOrSecondImageBase64": "/9j/2wECAwQF",
            "faceImageBase64": "iVBORw0KGgo=",
            "overriddenSettings": { "isOCREnabled": true, "faceVerification": true }
        })))
        .respond_with(fixture_response(200, "v3_verify.json"))
        .expect(1)
        .mount(&server)
        .await;

    let mut request = RequestV3::new(DocumentType::Id)
        .front(front())
        .back(back())
        .selfie(selfie())
        .verify_face(true);
    request.overridden_settings = Some(
        OverriddenSettingsV3::new()
            .is_ocr_enabled(true)
            .face_verification(true),
    );
    let result = client(&server).verify_v3(&request).await.unwrap();

    assert_eq!(result.api_version, ApiVersion::V3);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(88));
    server.verify().await;
}

fn full_v4_request() -> RequestV4 {
    let mut metadata = Metadata::default();
    metadata.capture_method = Some("110".into());
    metadata.user_agent = Some("Mozilla/5.0 (test)".into());
    metadata.front_end_metadata = Some("{\"lib\":\"idvc\"}".into());
    RequestV4::new(DocumentType::Id)
        .front(front())
        .selfie(selfie())
        .track_string(TrackStringV4::from_web_library("@ANSI 636035DAC.params"))
        .overridden_settings(
            OverriddenSettingsV4::new()
                .is_face_match_enabled(true)
                .is_age_check_enabled(true)
                .both_sided_screening_strategy(0)
                .age_years_difference(10),
        )
        .metadata(metadata)
}

fn full_v4_body() -> serde_json::Value {
    json!({
        "documentType": 1,
        "frontImageBase64": "/9j/4AAQ",
        "faceImageBase64": "iVBORw0KGgo=",
        "trackString": { "data": "@ANSI 636035DAC", "barcodeParams": "params" },
        "overriddenSettings": {
            "isFaceMatchEnabled": true,
            "isAgeCheckEnabled": true,
            "bothSidedScreeningStrategy": 0,
            "ageYearsDifference": 10
        },
        "metadata": {
            "captureMethod": "110",
            "userAgent": "Mozilla/5.0 (test)",
            "frontEndMetadata": "{\"lib\":\"idvc\"}"
        }
    })
}

#[tokio::test]
async fn verify_v4_posts_the_exact_body_without_query_parameters_by_default() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v4/verify"))
        .and(header("authorization", BEARER))
        .and(header("content-type", "application/json"))
        .and(query_param_is_missing("returnRequest"))
        .and(query_param_is_missing("returnContent"))
        .and(body_json(full_v4_body()))
        .respond_with(fixture_response(200, "v4_verify.json"))
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server)
        .verify_v4(&full_v4_request(), V4Options::new())
        .await
        .unwrap();

    assert_eq!(result.api_version, ApiVersion::V4);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(82));
    server.verify().await;
}

async fn sends_options(options: V4Options, expect: [Option<&'static str>; 2]) {
    let server = server().await;
    let mut mock = Mock::given(method("POST")).and(path("/api/v4/verify"));
    for (name, value) in ["returnRequest", "returnContent"].into_iter().zip(expect) {
        mock = match value {
            Some(value) => mock.and(query_param(name, value)),
            None => mock.and(query_param_is_missing(name)),
        };
    }
    mock.respond_with(fixture_response(200, "v4_verify.json"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .verify_v4(&full_v4_request(), options)
        .await
        .unwrap();
    server.verify().await;
}

#[tokio::test]
async fn verify_v4_sends_each_option_only_when_set() {
    let both = V4Options::new().return_request(true).return_content(true);
    sends_options(both, [Some("true"), Some("true")]).await;
    sends_options(V4Options::new().return_request(true), [Some("true"), None]).await;
    sends_options(V4Options::new().return_content(true), [None, Some("true")]).await;
}

/// Runs `call` against a server that must receive nothing.
async fn refused_locally<F, Fut>(call: F) -> Error
where
    F: FnOnce(dvs_secret::Client) -> Fut,
    Fut: std::future::Future<Output = dvs_secret::Result<dvs_secret::VerificationResult>>,
{
    let server: MockServer = server().await;
    let client = client_with(&server, Duration::from_secs(5), RetryPolicy::none());
    let err = call(client).await.unwrap_err();
    assert!(err.was_not_sent(), "{err:?}");
    server.verify().await; // the catch-all saw nothing
    assert!(server.received_requests().await.unwrap().is_empty());
    err
}

#[tokio::test]
async fn a_request_with_nothing_to_verify_is_not_sent() {
    let err =
        refused_locally(|c| async move { c.verify_v3(&RequestV3::new(DocumentType::Id)).await })
            .await;
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

    let err = refused_locally(|c| async move {
        c.verify_v4(&RequestV4::new(DocumentType::Id), V4Options::new())
            .await
    })
    .await;
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
async fn a_track_string_alone_is_enough() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v4/verify"))
        .and(body_json(
            json!({ "documentType": 11, "trackString": { "data": "QR-123" } }),
        ))
        .respond_with(fixture_response(200, "v4_verify.json"))
        .expect(1)
        .mount(&server)
        .await;
    let request = RequestV4::new(DocumentType::Barcode).track_string(TrackStringV4::new("QR-123"));
    client(&server)
        .verify_v4(&request, V4Options::new())
        .await
        .unwrap();
    server.verify().await;
}

/// Mounts a mock for `path` that must see `body` exactly once.
async fn sent_once(path_: &str, body: serde_json::Value) -> MockServer {
    let server = server().await;
    let fixture = if path_.contains("v4") {
        "v4_verify.json"
    } else {
        "v3_verify.json"
    };
    Mock::given(method("POST"))
        .and(path(path_))
        .and(body_json(body))
        .respond_with(fixture_response(200, fixture))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_blank_track_string_is_sent_as_given_but_is_nothing_to_verify_alone() {
    let server = sent_once(
        "/api/v4/verify",
        json!({ "documentType": 1, "frontImageBase64": "/9j/4AAQ", "trackString": { "data": "" } }),
    )
    .await;
    let request = RequestV4::new(DocumentType::Id)
        .front(front())
        .track_string(TrackStringV4::new(""));
    client(&server)
        .verify_v4(&request, V4Options::new())
        .await
        .unwrap();
    server.verify().await;

    let err = refused_locally(|c| async move {
        let mut request = RequestV3::new(DocumentType::Id);
        request.track_string = Some(" ".into());
        c.verify_v3(&request).await
    })
    .await;
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
async fn barcode_parameters_without_data_are_not_sent() {
    let err = refused_locally(|c| async move {
        let request = RequestV4::new(DocumentType::Id)
            .front(front())
            .track_string(TrackStringV4::from_web_library(".params"));
        c.verify_v4(&request, V4Options::new()).await
    })
    .await;
    assert!(
        matches!(
            err,
            Error::InvalidInput {
                field: "trackString.data",
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_image_over_the_limit_is_not_sent() {
    let server = server().await;
    let client = dvs_secret::Client::builder(crate::support::SECRET.parse().unwrap())
        .base_url(server.uri())
        .max_image_bytes(8)
        .build()
        .unwrap();
    let request = RequestV4::new(DocumentType::Id).front(front()).back(back());
    let err = client
        .verify_v4(&request, V4Options::new())
        .await
        .unwrap_err();
    match err {
        Error::InvalidImage {
            field: "backOrSecondImageBase64",
            source: ImageError::TooLarge { len: 9, limit: 8 },
        } => {}
        other => panic!("unexpected: {other:?}"),
    }
    let request = RequestV3::new(DocumentType::Id).selfie(back());
    let err = client.verify_v3(&request).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidImage {
                field: "faceImageBase64",
                ..
            }
        ),
        "{err:?}"
    );
    server.verify().await;
}

/// Whether face match can run without a selfie or a front is the server's call: sent.
#[tokio::test]
async fn a_face_match_without_its_images_is_sent() {
    let server = sent_once(
        "/api/v3/Verify",
        json!({ "documentType": 1, "verifyFace": true, "frontImageBase64": "/9j/4AAQ" }),
    )
    .await;
    let request = RequestV3::new(DocumentType::Id)
        .front(front())
        .verify_face(true);
    client(&server).verify_v3(&request).await.unwrap();
    server.verify().await;

    let server = sent_once(
        "/api/v4/verify",
        json!({
            "documentType": 1,
            "faceImageBase64": "iVBORw0KGgo=",
            "trackString": { "data": "@ANSI" },
            "overriddenSettings": { "isFaceMatchEnabled": true }
        }),
    )
    .await;
    let request = RequestV4::new(DocumentType::Id)
        .selfie(selfie())
        .track_string(TrackStringV4::new("@ANSI"))
        .overridden_settings(OverriddenSettingsV4::new().is_face_match_enabled(true));
    client(&server)
        .verify_v4(&request, V4Options::new())
        .await
        .unwrap();
    server.verify().await;
}

/// Front only, for a driver's license: whether the back is needed is an account setting.
#[tokio::test]
async fn a_front_only_license_is_sent() {
    let server = sent_once(
        "/api/v3/Verify",
        json!({ "documentType": 1, "frontImageBase64": "/9j/4AAQ" }),
    )
    .await;
    let request = RequestV3::new(DocumentType::Id).front(front());
    client(&server).verify_v3(&request).await.unwrap();
    server.verify().await;
}
