//! The exact request `create_request` sends.

use std::collections::BTreeSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use dvs_public::{
    Capture, CaptureMethod, DocumentType, Image, OverriddenSettingsV3, RequestStatus,
    VerificationRequest,
};
use dvs_test_support::{catch_all, fixture_response, jpeg, png, webp};
use serde_json::{Map, Value};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request};

use crate::{PK, builder, client};

const CREATE: &str = "/api/v3/Request";

fn body_of(request: &Request) -> Map<String, Value> {
    match serde_json::from_slice(&request.body).unwrap() {
        Value::Object(map) => map,
        other => panic!("the body is not a JSON object: {other}"),
    }
}

fn keys(body: &Map<String, Value>) -> BTreeSet<&str> {
    body.keys().map(String::as_str).collect()
}

fn decoded(body: &Map<String, Value>, field: &str) -> Vec<u8> {
    let text = body[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not a string"));
    assert!(!text.starts_with("data:"), "{field} carries a data: prefix");
    STANDARD.decode(text).unwrap()
}

#[tokio::test]
async fn full_request_is_exact() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    let agent = format!("dvs-rs/{} test-suite/1.0", env!("CARGO_PKG_VERSION"));
    Mock::given(method("POST"))
        .and(path(CREATE))
        .and(header("authorization", format!("Bearer {PK}").as_str()))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(header("user-agent", agent.as_str()))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .named("create request")
        .mount(&server)
        .await;
    let (front, back, selfie) = (jpeg(70_001, 1), png(50_002, 2), webp(30_003, 3));
    let client = builder(&server)
        .user_agent_suffix("test-suite/1.0")
        .build()
        .unwrap();

    let created = client
        .create_request(
            VerificationRequest::new(DocumentType::Id)
                .front(front.clone())
                .back(Image::from_bytes(back.clone()))
                .selfie(Image::from_bytes(selfie.clone()).unwrap())
                .track_string("@\n\u{1e}\rANSI 636026080102DL00410288ZA03290015DLDAQD1234562\n")
                .verify_face(true)
                .capture_method(CaptureMethod::from_steps([
                    Capture::AutoCapture,
                    Capture::ManualCapture,
                    Capture::FileUpload,
                ]))
                .user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")
                .ssn("123-45-6789")
                .overridden_settings(OverriddenSettingsV3::new().is_ocr_enabled(true)),
        )
        .await
        .unwrap();
    assert_eq!(
        created.request_id.as_str(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    assert_eq!(created.status, Some(RequestStatus::Pending));

    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    let body = body_of(&received[0]);
    assert_eq!(
        keys(&body),
        BTreeSet::from([
            "documentType",
            "verifyFace",
            "captureMethod",
            "userAgent",
            "frontImageBase64",
            "backOrSecondImageBase64",
            "faceImageBase64",
            "trackString",
            "ssn",
            "overriddenSettings",
        ])
    );
    assert_eq!(body["documentType"], 1);
    assert_eq!(body["verifyFace"], true);
    assert_eq!(body["captureMethod"], "120");
    assert_eq!(
        body["userAgent"],
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"
    );
    assert_eq!(
        body["trackString"],
        "@\n\u{1e}\rANSI 636026080102DL00410288ZA03290015DLDAQD1234562\n"
    );
    assert_eq!(body["ssn"], "123-45-6789");
    assert_eq!(
        body["overriddenSettings"],
        serde_json::json!({ "isOCREnabled": true })
    );
    assert_eq!(decoded(&body, "frontImageBase64"), front);
    assert_eq!(decoded(&body, "backOrSecondImageBase64"), back);
    assert_eq!(decoded(&body, "faceImageBase64"), selfie);
}

#[tokio::test]
async fn unset_optional_fields_are_omitted() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let front = jpeg(1000, 9);

    client(&server)
        .create_request(VerificationRequest::new(DocumentType::Passport).front(front.clone()))
        .await
        .unwrap();

    let received = server.received_requests().await.unwrap();
    let body = body_of(&received[0]);
    assert_eq!(
        keys(&body),
        BTreeSet::from(["documentType", "verifyFace", "frontImageBase64"])
    );
    assert_eq!(body["documentType"], 2);
    assert_eq!(body["verifyFace"], false);
    assert_eq!(decoded(&body, "frontImageBase64"), front);
    // No `null`s anywhere: unset means absent.
    assert!(!String::from_utf8_lossy(&received[0].body).contains("null"));
}

#[tokio::test]
async fn selfie_implies_verify_face_and_track_string_replaces_the_back() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path(CREATE))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;

    client(&server)
        .create_request(
            VerificationRequest::new(DocumentType::Id)
                .front(jpeg(500, 1))
                .track_string("@ANSI 636026")
                .selfie(jpeg(400, 2)),
        )
        .await
        .unwrap();

    let body = body_of(&server.received_requests().await.unwrap()[0]);
    assert_eq!(
        keys(&body),
        BTreeSet::from([
            "documentType",
            "verifyFace",
            "frontImageBase64",
            "faceImageBase64",
            "trackString"
        ])
    );
    assert_eq!(body["verifyFace"], true);
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    catch_all(&server).await;
    Mock::given(method("POST"))
        .and(path("/dvs/api/v3/Request"))
        .respond_with(fixture_response(200, "create_request_created.json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server)
        .base_url(format!("{}/dvs", server.uri()))
        .build()
        .unwrap();

    client
        .create_request(VerificationRequest::new(DocumentType::Passport).front(jpeg(100, 1)))
        .await
        .unwrap();
}
