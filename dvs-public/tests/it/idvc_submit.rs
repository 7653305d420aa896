//! `IdvcSubmit`: the payload of IDScan's web library's `submit` callback, as JSON, to the
//! request `create_request` sends, following IDScan's own mapping.

use std::collections::BTreeSet;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use dvs_public::{DocumentType, Error, IdvcStepType, IdvcSubmit, ImageFormat};
use serde_json::{Map, Value, json};

use crate::account_decides::{created, sent_once};
use dvs_test_support::{jpeg, png, webp};

fn data_url(mime: &str, bytes: &[u8]) -> String {
    format!("data:{mime};base64,{}", STANDARD.encode(bytes))
}

fn meta(captured: &str) -> String {
    json!({
        "userAgent": "Mozilla/5.0 (Linux; Android 14) Chrome/126",
        "capturedMethod": captured,
        "version": "3.10.0",
        "logs": {}
    })
    .to_string()
}

fn payload(document_type: u8, steps: Value, meta_data: &str) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "documentType": document_type,
        "steps": steps,
        "metaData": meta_data,
    }))
    .unwrap()
}

/// Converts `payload`, creates the request on a wiremock server (exactly one call) and
/// returns the body it received.
pub(crate) async fn sent_body(payload: &[u8]) -> Map<String, Value> {
    let request = IdvcSubmit::from_json(payload)
        .unwrap()
        .into_request()
        .unwrap();
    let (outcome, body) = sent_once(request, created()).await;
    outcome.unwrap();
    body
}

fn keys(body: &Map<String, Value>) -> BTreeSet<&str> {
    body.keys().map(String::as_str).collect()
}

fn decoded(body: &Map<String, Value>, field: &str) -> Vec<u8> {
    STANDARD.decode(body[field].as_str().unwrap()).unwrap()
}

fn input_error(result: Result<impl std::fmt::Debug, Error>) -> (&'static str, String) {
    match result {
        Err(Error::InvalidInput { field, reason }) => (field, reason),
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[tokio::test]
async fn license_with_barcode_and_selfie() {
    let (front, back, face) = (webp(2000, 1), png(1500, 2), jpeg(1200, 3));
    let meta_data = meta("112");
    let body = sent_body(&payload(
        1,
        json!([
            { "type": "front", "img": data_url("image/webp", &front), "source": "video", "blob": {} },
            { "type": "pdf", "img": data_url("image/png", &back), "source": "video",
              "trackString": "@\n\u{1e}\rANSI 636026080102DL00410288ZA03290015DLDAQD1234562" },
            { "type": "face", "img": data_url("image/jpeg", &face), "source": "file" }
        ]),
        &meta_data,
    ))
    .await;
    assert_eq!(
        keys(&body),
        BTreeSet::from([
            "documentType",
            "verifyFace",
            "frontImageBase64",
            "backOrSecondImageBase64",
            "faceImageBase64",
            "trackString",
            "captureMethod",
            "userAgent",
            "frontEndMetadata",
        ])
    );
    assert_eq!(body["documentType"], 1);
    assert_eq!(body["verifyFace"], true);
    assert_eq!(decoded(&body, "frontImageBase64"), front);
    assert_eq!(decoded(&body, "backOrSecondImageBase64"), back);
    assert_eq!(decoded(&body, "faceImageBase64"), face);
    assert_eq!(
        body["trackString"],
        "@\n\u{1e}\rANSI 636026080102DL00410288ZA03290015DLDAQD1234562"
    );
    assert_eq!(body["captureMethod"], "112");
    assert_eq!(
        body["userAgent"],
        "Mozilla/5.0 (Linux; Android 14) Chrome/126"
    );
    assert_eq!(body["frontEndMetadata"], meta_data.as_str());
}

#[tokio::test]
async fn passport_mrz_page_is_the_front_and_there_is_no_back() {
    let (mrz, face) = (jpeg(1800, 4), webp(900, 5));
    let body = sent_body(&payload(
        2,
        json!([
            { "type": "mrz", "img": data_url("image/jpeg", &mrz),
              "mrzText": "P<USADOE<<JANE<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n1234567897USA8001014F3001012<<<<<<<<<<<<<<06",
              "trackString": "ignored when mrzText is there" },
            { "type": "face", "img": data_url("image/webp", &face) }
        ]),
        &meta("11"),
    ))
    .await;
    assert!(!body.contains_key("backOrSecondImageBase64"));
    assert_eq!(body["documentType"], 2);
    assert_eq!(decoded(&body, "frontImageBase64"), mrz);
    assert_eq!(decoded(&body, "faceImageBase64"), face);
    assert!(
        body["trackString"]
            .as_str()
            .unwrap()
            .starts_with("P<USADOE")
    );
    assert_eq!(body["verifyFace"], true);
}

#[tokio::test]
async fn id_without_back_with_and_without_selfie() {
    let front = jpeg(700, 6);
    let with_selfie = sent_body(&payload(
        1,
        json!([
            { "type": "front", "img": data_url("image/jpeg", &front) },
            { "type": "face", "img": data_url("image/png", &png(600, 7)) }
        ]),
        &meta("12"),
    ))
    .await;
    assert!(!with_selfie.contains_key("backOrSecondImageBase64"));
    assert!(!with_selfie.contains_key("trackString"));
    assert_eq!(with_selfie["verifyFace"], true);

    let front_only = sent_body(&payload(
        1,
        json!([{ "type": "front", "img": data_url("image/jpeg", &front), "trackString": "" }]),
        &meta("2"),
    ))
    .await;
    assert_eq!(
        keys(&front_only),
        BTreeSet::from([
            "documentType",
            "verifyFace",
            "frontImageBase64",
            "captureMethod",
            "userAgent",
            "frontEndMetadata",
        ])
    );
    assert_eq!(front_only["verifyFace"], false);
    assert_eq!(decoded(&front_only, "frontImageBase64"), front);
}

#[tokio::test]
async fn license_with_barcode_without_selfie() {
    let body = sent_body(&payload(
        1,
        json!([
            { "type": "front", "img": data_url("image/webp", &webp(500, 8)) },
            { "type": "pdf", "img": data_url("image/webp", &webp(500, 9)), "trackString": "@ANSI 636026", "mrzText": "" }
        ]),
        &meta("11"),
    ))
    .await;
    assert!(!body.contains_key("faceImageBase64"));
    assert_eq!(body["verifyFace"], false);
    assert_eq!(body["trackString"], "@ANSI 636026");
}

#[test]
fn each_capture_method_digit_is_passed_on() {
    for (captured, expected) in [("0", "0"), ("1", "1"), ("2", "2"), ("012", "012")] {
        let submit = IdvcSubmit::from_json(&payload(
            1,
            json!([{ "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)) }]),
            &meta(captured),
        ))
        .unwrap();
        assert_eq!(submit.capture_method(), Some(expected));
    }
    // A number (a page that rebuilt `metaData`) is read as its digits.
    let submit = IdvcSubmit::from_json(
        &serde_json::to_vec(&json!({
            "documentType": 1, "steps": [], "metaData": "{\"capturedMethod\":21}"
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(submit.capture_method(), Some("21"));
}

#[tokio::test]
async fn capture_method_and_user_agent_reach_the_body_and_the_user_agent_can_be_replaced() {
    let request = IdvcSubmit::from_json(&payload(
        2,
        json!([{ "type": "mrz", "img": data_url("image/png", &png(100, 1)) }]),
        &meta("0"),
    ))
    .unwrap()
    .into_request()
    .unwrap()
    .user_agent("the page's navigator.userAgent");
    let (outcome, body) = sent_once(request, created()).await;
    outcome.unwrap();
    assert_eq!(body["captureMethod"], "0");
    assert_eq!(body["userAgent"], "the page's navigator.userAgent");
}

#[test]
fn every_image_data_url_kind_is_decoded_and_sniffed() {
    for (mime, bytes, format) in [
        ("image/webp", webp(300, 1), ImageFormat::Webp),
        ("image/jpeg", jpeg(300, 2), ImageFormat::Jpeg),
        ("image/png", png(300, 3), ImageFormat::Png),
        // The data URL's type is not trusted: the bytes are sniffed.
        ("image/webp", png(300, 4), ImageFormat::Png),
    ] {
        let request = IdvcSubmit::from_json(&payload(
            2,
            json!([{ "type": "mrz", "img": data_url(mime, &bytes) }]),
            &meta("1"),
        ))
        .unwrap()
        .into_request()
        .unwrap();
        let debug = format!("{request:?}");
        assert!(
            debug.contains(&format!("format: {format}, len: 300")),
            "{debug}"
        );
    }
}

#[test]
fn unknown_step_types_and_unused_fields_are_ignored() {
    let submit = IdvcSubmit::from_json(
        &serde_json::to_vec(&json!({
            "documentType": 1,
            "steps": [
                { "type": "hologram", "img": 42 },
                { "img": "not even looked at" },
                { "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)), "mrzImg": null,
                  "multiImagesBlob": {}, "source": "", "text": "x" }
            ],
            "payload": { "anything": true },
            "somethingNew": [1, 2, 3]
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        submit.step_types().collect::<Vec<_>>(),
        [IdvcStepType::Front]
    );
    assert_eq!(submit.meta_data(), None);
    assert_eq!(submit.capture_method(), None);
    submit.into_request().unwrap().check(1 << 20).unwrap();
}

#[test]
fn empty_and_null_images_are_no_images() {
    let request = IdvcSubmit::from_json(&payload(
        1,
        json!([
            { "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)) },
            { "type": "back", "img": "" },
            { "type": "face", "img": null },
            { "type": "pdf", "img": "data:," }
        ]),
        &meta("111"),
    ))
    .unwrap()
    .into_request()
    .unwrap();
    assert_eq!(request.image_bytes(), 64);
}

#[test]
fn a_data_url_recording_becomes_multi_images() {
    let mut recording = vec![0x77; 500];
    recording[..4].copy_from_slice(&[0x1A, 0x45, 0xDF, 0xA3]);
    let request = IdvcSubmit::from_json(&payload(
        1,
        json!([
            { "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)),
              "multiImagesBlob": data_url("video/webm", &recording) },
            { "type": "face", "img": data_url("image/jpeg", &jpeg(64, 2)),
              "multiImagesBlob": data_url("video/webm", &recording) }
        ]),
        &meta("11"),
    ))
    .unwrap()
    .into_request()
    .unwrap();
    let debug = format!("{request:?}");
    assert_eq!(
        debug
            .matches("MultiImages { container: WEBM, len: 500 }")
            .count(),
        2,
        "{debug}"
    );
}

#[test]
fn malformed_payloads_are_typed_errors_that_do_not_repeat_the_payload() {
    /// Planted in every payload: must never reach an error.
    const PII: &str = "DAQD1234562";
    let front = || json!({ "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)) });
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (format!("{{\"documentType\": 1, \"steps\": [\"{PII}").into_bytes(), "IDataForSubmit", "line 1"),
        (format!("[\"{PII}\"]").into_bytes(), "IDataForSubmit", "not a JSON object"),
        (serde_json::to_vec(&json!({ "steps": [front()], "metaData": PII })).unwrap(), "documentType", "missing"),
        (serde_json::to_vec(&json!({ "documentType": [PII], "steps": [] })).unwrap(), "documentType", "not a document type"),
        (serde_json::to_vec(&json!({ "documentType": 1, "steps": PII })).unwrap(), "steps", "not an array"),
        (serde_json::to_vec(&json!({ "documentType": 1, "steps": [front(), PII] })).unwrap(), "steps[]", "step 1 is not an object"),
        (serde_json::to_vec(&json!({ "documentType": 1, "steps": [{ "type": "pdf", "trackString": [PII] }] })).unwrap(), "steps[].trackString", "step 0 (`pdf`)"),
        (serde_json::to_vec(&json!({ "documentType": 1, "steps": [{ "type": "mrz", "mrzText": 7 }] })).unwrap(), "steps[].mrzText", "step 0 (`mrz`)"),
        (serde_json::to_vec(&json!({ "documentType": 1, "steps": [{ "type": "front", "img": { "src": PII } }] })).unwrap(), "steps[].img", "step 0 (`front`)"),
        (payload(1, json!([front()]), &format!("{{\"userAgent\": \"{PII}")), "metaData", "not a JSON object"),
        (serde_json::to_vec(&json!({ "documentType": 1, "steps": [], "metaData": [PII] })).unwrap(), "metaData", "not a JSON object"),
    ];
    for (bytes, field, says) in cases {
        let (got, reason) = input_error(IdvcSubmit::from_json(&bytes));
        assert_eq!(got, field, "{reason}");
        assert!(reason.contains(says), "{field}: {reason}");
        assert!(!reason.contains(PII), "{field}: {reason}");
    }
}

#[test]
fn bad_images_name_the_step_and_field_without_repeating_them() {
    let gif = STANDARD.encode(b"GIF89a DAQD1234562");
    let cases = [
        (format!("data:image/png,{gif}"), "not base64"),
        ("data:image/png;base64".to_owned(), "without a comma"),
        (
            "data:image/jpeg;base64,DAQD1234562!!".to_owned(),
            "base64 text is invalid",
        ),
        (format!("data:image/webp;base64,{gif}"), "looks like GIF"),
        (
            STANDARD.encode(b"DAQD1234562 plain text"),
            "looks like text",
        ),
    ];
    for (img, says) in cases {
        let submit = IdvcSubmit::from_json(&payload(
            1,
            json!([
                { "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)) },
                { "type": "pdf", "img": img, "trackString": "@ANSI" }
            ]),
            &meta("11"),
        ))
        .unwrap();
        let (field, reason) = input_error(submit.into_request());
        assert_eq!(field, "steps[].img", "{reason}");
        assert!(reason.contains("step 1 (`pdf`)"), "{reason}");
        assert!(reason.contains(says), "{reason}");
        assert!(!reason.contains("DAQD1234562"), "{reason}");
        assert!(!reason.contains(&gif), "{reason}");
    }
    // A recording that is not base64.
    let submit = IdvcSubmit::from_json(&payload(
        1,
        json!([{ "type": "face", "img": data_url("image/jpeg", &jpeg(64, 1)),
                 "multiImagesBlob": "data:video/webm;base64,@@@" }]),
        &meta("1"),
    ))
    .unwrap();
    let (field, reason) = input_error(submit.into_request());
    assert_eq!(field, "steps[].multiImagesBlob");
    assert!(reason.contains("step 0 (`face`)"), "{reason}");
}

#[test]
fn debug_shows_no_images_or_texts() {
    let submit = IdvcSubmit::from_json(&payload(
        1,
        json!([
            { "type": "front", "img": data_url("image/jpeg", &jpeg(64, 1)) },
            { "type": "pdf", "trackString": "DAQD1234562" }
        ]),
        &meta("11"),
    ))
    .unwrap();
    let text = format!("{submit:?}");
    assert_eq!(
        text,
        "IdvcSubmit { document_type: Id, steps: [Front, Pdf], meta_data: true }"
    );
    assert_eq!(submit.document_type(), &DocumentType::Id);
    assert_eq!(
        submit.user_agent(),
        Some("Mozilla/5.0 (Linux; Android 14) Chrome/126")
    );
}
