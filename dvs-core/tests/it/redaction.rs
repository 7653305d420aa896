//! The PII and secret scan: every public type that can hold a key, an SSN, document data or
//! an image is built with known values, and its `Debug` (and `Display`, where it has one)
//! must contain none of them.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use dvs_core::internal::{ApiCall, ClientBuilder, parse_base_url};
use dvs_core::{
    DocumentType, Error, ErrorBody, ExternalCheck, Image, KeyError, PublicKey, RequestId,
    RequestV3, RequestV4, SecretKey, SensitiveText, Summary, TrackStringV4,
};
use dvs_core::{HttpRequest, HttpResponse, Transport, TransportError, header};
use dvs_core::{Metadata, ResponseV3, ResponseV4};
use dvs_test_support::{closed_port_address, jpeg};

use crate::support::{PUBLIC_KEY, PUBLIC_KEY_BODY, SECRET_KEY, SECRET_KEY_BODY, TestClient};

const SSN: &str = "123-45-6789";
const NAME: &str = "JANE Q SAMPLE";
const DOB: &str = "1990-01-31";
const ADDRESS: &str = "1234 ELM STREET";
const DOCUMENT_NUMBER: &str = "S123-4567-8901";
const PASSWORD: &str = "hunter2-base-url-password";
const TRACK: &str = "@ANSI 636023080102DL00410288ZO03290015DLDAQS123-4567-8901\nDCSSAMPLE\nDACJANE\nDBB19900131\nDAG1234 ELM STREET\nDDBSSN123456789";
const MARKER: &[u8] = b"##IMAGE-MARKER-7f3a9c41e2d05b86-DO-NOT-PRINT##";

/// Text that must never appear in any output.
fn forbidden() -> Vec<String> {
    let mut needles: Vec<String> = [
        SECRET_KEY_BODY,
        PUBLIC_KEY_BODY,
        SSN,
        "123456789",
        NAME,
        "SAMPLE",
        "JANE",
        DOB,
        "19900131",
        ADDRESS,
        "ELM STREET",
        DOCUMENT_NUMBER,
        PASSWORD,
        "DAQS123",
        "IMAGE-MARKER",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    needles.extend(marker_base64_needles());
    needles
}

/// The base64 text the marker turns into, for each of the three byte alignments it can have
/// inside an image: whatever the alignment, one of these is in the image's base64.
fn marker_base64_needles() -> Vec<String> {
    (0..3)
        .map(|skip| {
            let aligned = &MARKER[skip..];
            let whole = aligned.len() / 3 * 3;
            STANDARD.encode(&aligned[..whole])
        })
        .collect()
}

fn assert_clean(what: &str, shown: &str) {
    for needle in forbidden() {
        assert!(
            !shown.contains(&needle),
            "{what} shows `{needle}`:\n{shown}"
        );
    }
}

fn check_debug<T: std::fmt::Debug>(what: &str, value: &T) {
    assert_clean(what, &format!("{value:?}"));
    assert_clean(what, &format!("{value:#?}"));
}

fn check_both<T: std::fmt::Debug + std::fmt::Display>(what: &str, value: &T) {
    check_debug(what, value);
    assert_clean(what, &value.to_string());
}

/// A JPEG with the marker at three offsets (one per base64 alignment).
fn marked_image() -> Image {
    let mut bytes = jpeg(8192, 11);
    for offset in [99, 1000, 2003] {
        bytes[offset..offset + MARKER.len()].copy_from_slice(MARKER);
    }
    Image::from_bytes(bytes).unwrap()
}

fn marked_image_base64() -> String {
    STANDARD.encode(marked_image().as_bytes())
}

#[test]
fn the_needles_are_right() {
    // The scan means something only if the needles are found where the data really is.
    let json =
        serde_json::to_string(&RequestV3::new(DocumentType::Id).front(marked_image())).unwrap();
    for needle in marker_base64_needles() {
        assert!(
            json.contains(&needle),
            "needle {needle} not in the serialized image"
        );
    }
}

#[test]
fn keys_and_sensitive_text() {
    check_debug("PublicKey", &PublicKey::new(PUBLIC_KEY).unwrap());
    check_debug("SecretKey", &SecretKey::new(SECRET_KEY).unwrap());
    check_debug("SensitiveText(ssn)", &SensitiveText::new(SSN));
    check_debug("SensitiveText(track)", &SensitiveText::new(TRACK));
    check_debug("Image", &marked_image());
    check_debug("TrackStringV4", &TrackStringV4::new(TRACK));
    check_debug(
        "TrackStringV4::from_web_library",
        &TrackStringV4::from_web_library(format!("{TRACK}.params")),
    );
}

#[test]
fn request_bodies() {
    let image = marked_image();
    let mut v3 = RequestV3::new(DocumentType::Id)
        .front(image.clone())
        .back(image.clone())
        .selfie(image.clone())
        .verify_face(true);
    v3.ssn = Some(SensitiveText::new(SSN));
    v3.track_string = Some(SensitiveText::new(TRACK));
    v3.capture_method = Some("112".into());
    check_debug("RequestV3", &v3);
    // The data does reach the wire.
    let json = serde_json::to_string(&v3).unwrap();
    assert!(json.contains(SSN) && json.contains("DCSSAMPLE"));

    let mut metadata = Metadata::default();
    metadata.capture_method = Some("112".into());
    let v4 = RequestV4::new(DocumentType::Id)
        .front(image.clone())
        .back(image.clone())
        .selfie(image)
        .ssn(SSN)
        .track_string(TrackStringV4::new(TRACK))
        .metadata(metadata);
    check_debug("RequestV4", &v4);
}

fn document_json() -> serde_json::Value {
    serde_json::json!({
        "fullName": NAME, "firstName": "JANE", "familyName": "SAMPLE", "dob": DOB,
        "address": ADDRESS, "id": DOCUMENT_NUMBER, "ssn": SSN,
        "newPiiField": format!("{NAME} {SSN}")
    })
}

fn v4_json() -> serde_json::Value {
    let image = marked_image_base64();
    serde_json::json!({
        "requestId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "documentType": 1,
        "document": document_json(),
        "documentConfidenceScores": { "fullName": 100, "ssn": -1 },
        "documentVerificationResult": { "documentConfidence": 82, "holderNote": NAME },
        "faceMatchVerificationResult": { "faceMatchConfidence": 100, "falseAcceptanceRate": 0.0 },
        "antiSpoofingVerificationResult": { "antiSpoofingFaceImageConfidence": 95 },
        "externalVerificationResults": [external_check_json()],
        "requestData": { "frontImageBase64": image, "ssn": SSN, "trackString": { "data": TRACK } },
        "content": { "frontImageBase64": image, "faceImageBase64": image },
        "unknownTopLevel": { "name": NAME }
    })
}

fn external_check_json() -> serde_json::Value {
    serde_json::json!({
        "name": "AddressValidation",
        "displayName": "Address Validation",
        "status": 1,
        "reason": format!("{ADDRESS} matched for {NAME}, born {DOB}"),
        "effect": 0,
        "values": [{ "field": "address", "value": ADDRESS, "score": 100 }],
        "rawResponse": { "subject": NAME, "ssn": SSN }
    })
}

fn v3_json() -> serde_json::Value {
    serde_json::json!({
        "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "documentType": 1,
        "document": document_json(),
        "documentVerificationResult": {
            "totalConfidence": 87,
            "verificationConfidence": { "fullName": 100 },
            "validationTests": [external_check_json()]
        },
        "faceVerificationResult": { "confidence": 91, "antiSpoofing": 96, "far": 0.001 },
        "facePhoto": marked_image_base64()
    })
}

#[test]
fn responses_and_results() {
    let document: dvs_core::Document = serde_json::from_value(document_json()).unwrap();
    assert_eq!(document.full_name.as_deref(), Some(NAME));
    check_debug("Document", &document);

    let check: ExternalCheck = serde_json::from_value(external_check_json()).unwrap();
    assert!(check.reason.as_deref().unwrap().contains(ADDRESS));
    check_debug("ExternalCheck", &check);

    let v4: ResponseV4 = serde_json::from_value(v4_json()).unwrap();
    check_debug("ResponseV4", &v4);
    let v3: ResponseV3 = serde_json::from_value(v3_json()).unwrap();
    check_debug("ResponseV3", &v3);

    // The normalized result, the decision and the summary built from them are scanned in
    // tests/it/secrets_scan.rs (dvs-secret); here the summary as a client app reads it.
    let summary: Summary = serde_json::from_value(serde_json::json!({
        "requestId": null, "outcome": "review", "reasons": [{"code": "document_expired"}],
        "scores": {"documentConfidence": 82}, "holder": NAME
    }))
    .unwrap();
    check_debug("Summary", &summary);
    assert_clean("Summary JSON", &serde_json::to_string(&summary).unwrap());
}

fn pii_error_body(code: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "code": code,
        "message": format!("Document of {NAME} ({SSN}, born {DOB}) could not be verified"),
        "propertyErrors": { "ssn": format!("'{SSN}' is not a valid SSN"), "fullName": [NAME] },
        "multipleErrors": [
            { "code": "OCRError", "message": format!("{ADDRESS} unreadable") },
            null
        ],
        "traceId": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "developerMessage": format!("NullReference in Verify({SSN})"),
        "additionalData": { "Id": DOCUMENT_NUMBER }
    }))
    .unwrap()
}

#[test]
fn error_body() {
    let body: ErrorBody = serde_json::from_slice(&pii_error_body("ValidationError")).unwrap();
    assert!(body.message.as_deref().unwrap().contains(SSN));
    check_debug("ErrorBody", &body);
}

#[test]
fn every_error_variant() {
    let mut errors: Vec<(String, Error)> = Vec::new();

    // InvalidKey, for every KeyError a key text can produce.
    let key_errors: Vec<KeyError> = vec![
        PublicKey::new(SECRET_KEY).unwrap_err(),
        SecretKey::new(PUBLIC_KEY).unwrap_err(),
        SecretKey::new(format!("{SECRET_KEY}\n")).unwrap_err(),
        SecretKey::new(format!("{SECRET_KEY}\t")).unwrap_err(),
        SecretKey::new(format!("sk_{SECRET_KEY_BODY}\u{7}x")).unwrap_err(),
        SecretKey::new(SECRET_KEY_BODY).unwrap_err(),
        SecretKey::new(format!("sk_{SSN} {NAME}")).unwrap_err(),
        SecretKey::new("").unwrap_err(),
        SecretKey::new("sk_").unwrap_err(),
        KeyError::NotSet {
            var: "DVS_SECRET_KEY",
            expected: dvs_core::KeyKind::Secret,
        },
        KeyError::NotUnicode {
            var: "DVS_SECRET_KEY",
        },
    ];
    for e in key_errors {
        errors.push((format!("InvalidKey({e:?})"), Error::InvalidKey(e)));
    }

    errors.push((
        "InvalidRequestId".into(),
        RequestId::parse(SSN).unwrap_err().into(),
    ));
    errors.push((
        "InvalidRequestId(36)".into(),
        RequestId::parse(&format!("{NAME} {SSN} {DOB}")[..36])
            .unwrap_err()
            .into(),
    ));
    for source in [
        Image::from_base64(SSN).unwrap_err(),
        Image::from_base64(&format!("data:image/jpeg;base64,{NAME}")).unwrap_err(),
        Image::from_bytes(format!("{NAME} {SSN}").into_bytes()).unwrap_err(),
        marked_image().check_size(10).unwrap_err(),
        Image::from_path(format!("/nonexistent/{NAME}/{SSN}.jpg")).unwrap_err(),
    ] {
        errors.push((
            "InvalidImage".into(),
            Error::InvalidImage {
                field: "frontImageBase64",
                source,
            },
        ));
    }
    errors.push((
        "InvalidInput".into(),
        Error::InvalidInput {
            field: "ssn",
            reason: "must be nine digits".into(),
        },
    ));
    errors.push((
        "Config".into(),
        parse_base_url(&format!("https://admin:{PASSWORD}@dvs.example/")).unwrap_err(),
    ));
    errors.push((
        "Config(http)".into(),
        parse_base_url(&format!("http://admin:{PASSWORD}@dvs.example/")).unwrap_err(),
    ));

    // Every variant mapped from an HTTP answer, each with a body full of PII.
    let answers: [(u16, Option<Duration>, &str); 11] = [
        (401, None, "Unauthorized"),
        (404, None, "NotFound"),
        (400, None, "RequestAlreadyProcessed"),
        (400, None, "RequestExpired"),
        (400, None, "OCRError"),
        (400, None, "ValidationError"),
        (400, None, "MultipleErrors"),
        (429, Some(Duration::from_secs(2)), "TooManyRequests"),
        (503, None, "ApiError"),
        (500, None, "ApiError"),
        (418, None, "Teapot"),
    ];
    for (status, retry_after, code) in answers {
        let error = Error::from_response(status, retry_after, &pii_error_body(code));
        errors.push((format!("from_response({status}, {code})"), error));
    }
    let html = format!("<html><body>Hello {NAME}, SSN {SSN}</body></html>");
    errors.push((
        "Server(html)".into(),
        Error::from_response(502, None, html.as_bytes()),
    ));
    errors.push((
        "Api(text)".into(),
        Error::from_response(302, None, format!("Moved {NAME}").as_bytes()),
    ));

    errors.push(("Timeout".into(), Error::Timeout));
    errors.push((
        "Connect".into(),
        Error::Connect("connection refused".into()),
    ));
    errors.push((
        "Transport".into(),
        Error::Transport("connection reset by peer".into()),
    ));
    let serde_error = serde_json::from_str::<RequestV3>(&format!(
        r#"{{"documentType":1,"verifyFace":"{SSN} {NAME}"}}"#
    ))
    .unwrap_err();
    errors.push(("Decode".into(), Error::from_json_error(200, &serde_error)));

    for (what, error) in &errors {
        check_both(what, error);
        // The source chain too.
        let mut source = std::error::Error::source(error);
        while let Some(s) = source {
            assert_clean(what, &s.to_string());
            source = s.source();
        }
    }
}

#[tokio::test]
async fn connect_error_from_a_real_transport() {
    let client = crate::support::builder()
        .base_url(format!("http://{}", closed_port_address()))
        .retry_policy(dvs_core::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .engine
        .execute(ApiCall::post("api/v3/Verify", Bytes::from(SSN)))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connect(_)), "{error:?}");
    check_both("Connect(reqwest)", &error);
}

#[test]
fn builder_and_engine() {
    let builder = ClientBuilder::<TestClient>::new(SecretKey::new(SECRET_KEY).unwrap())
        .base_url("https://dvs.example/")
        .user_agent_suffix("kiosk/1.0");
    check_debug("ClientBuilder", &builder);
    let client = builder.build().unwrap();
    check_debug("TestClient", &client);
    check_debug("Engine", &client.engine);
    assert!(format!("{:?}", client.engine).contains("sk_[REDACTED]"));

    // A base URL with credentials is refused at build(); until then Debug must not show them.
    let with_credentials =
        crate::support::builder().base_url(format!("https://admin:{PASSWORD}@dvs.example/"));
    check_debug("ClientBuilder(credentials)", &with_credentials);
    assert!(matches!(with_credentials.build(), Err(Error::Config(_))));
}

/// A transport that keeps what it was asked to send.
#[derive(Clone, Default)]
struct Recording {
    seen: Arc<Mutex<Vec<(String, header::HeaderMap)>>>,
}

impl std::fmt::Debug for Recording {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Recording")
    }
}

#[async_trait::async_trait]
impl Transport for Recording {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.seen
            .lock()
            .unwrap()
            .push((format!("{request:?}"), request.headers.clone()));
        let response = HttpResponse::new(200, header::HeaderMap::new(), Bytes::from_static(b"{}"));
        check_debug("HttpResponse", &response);
        Ok(response)
    }
}

#[tokio::test]
async fn http_request_with_authorization_header() {
    let recording = Recording::default();
    let client = crate::support::builder()
        .base_url("https://dvs.example/")
        .transport(recording.clone())
        .build()
        .unwrap();
    let mut body = RequestV3::new(DocumentType::Id).front(marked_image());
    body.ssn = Some(SensitiveText::new(SSN));
    let call = ApiCall::post(
        "api/v3/Verify",
        Bytes::from(serde_json::to_vec(&body).unwrap()),
    );
    check_debug("ApiCall", &call);
    client.engine.execute(call).await.unwrap();

    let seen = recording.seen.lock().unwrap();
    assert_eq!(seen.len(), 1);
    let (debug, headers) = &seen[0];
    assert_clean("HttpRequest", debug);
    assert!(debug.contains("Sensitive"), "{debug}");
    // The header itself is right, and marked sensitive.
    let auth = headers.get(header::AUTHORIZATION).unwrap();
    assert_eq!(auth.to_str().unwrap(), format!("Bearer {SECRET_KEY}"));
    assert!(auth.is_sensitive());
    assert_clean("HeaderMap", &format!("{headers:?}"));
}
