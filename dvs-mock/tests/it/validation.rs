//! Body validation: case-insensitive binding, types, images, required images.

use dvs_mock::MockDvs;
use dvs_test_support::{GIF_BASE64, JPEG_BASE64, PNG_BASE64, WEBP_BASE64};
use serde_json::{Value, json};

use crate::support::{Answer, id_body, keys, post, post_raw};

async fn create_raw(mock: &MockDvs, body: &Value) -> Answer {
    let (pk, _) = keys(mock);
    post(mock, "api/v3/Request", Some(&pk), body).await
}

fn assert_validation(answer: &Answer, fields: &[&str]) {
    assert_eq!(answer.status, 400, "{:?}", answer.json);
    assert_eq!(answer.code(), Some("ValidationError"), "{:?}", answer.json);
    let mut got = answer.property_errors();
    got.sort();
    let mut want: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    want.sort();
    assert_eq!(got, want, "{:?}", answer.json);
    let err = dvs_core::Error::from_response(answer.status, None, &answer.bytes);
    assert!(matches!(err, dvs_core::Error::Validation(_)), "{err:?}");
}

fn with(mut body: Value, key: &str, value: Value) -> Value {
    body[key] = value;
    body
}

fn without(mut body: Value, key: &str) -> Value {
    body.as_object_mut().unwrap().remove(key);
    body
}

#[tokio::test]
async fn document_type_is_an_int_or_a_name() {
    let mock = MockDvs::start().await;
    for (value, expected) in [
        (json!(1), 1),
        (json!("1"), 1),
        (json!("ID"), 1),
        (json!("dl"), 1),
        (json!("Passport"), 2),
        (json!("GreenCard"), 6),
    ] {
        let answer = create_raw(&mock, &with(id_body(), "documentType", value.clone())).await;
        assert_eq!(answer.status, 200, "{value}: {:?}", answer.json);
        assert_eq!(answer.json["documentType"], json!(expected), "{value}");
    }
    for bad in [json!(42), json!("Library card"), json!(true), json!(1.5)] {
        let answer = create_raw(&mock, &with(id_body(), "documentType", bad)).await;
        assert_validation(&answer, &["documentType"]);
    }
    assert_validation(
        &create_raw(&mock, &without(id_body(), "documentType")).await,
        &["documentType"],
    );
    assert_validation(
        &create_raw(&mock, &with(id_body(), "documentType", Value::Null)).await,
        &["documentType"],
    );
}

#[tokio::test]
async fn field_names_bind_in_any_casing_but_must_be_known() {
    // Unknown names are refused with strict fields only (lenient_fields.rs: the default).
    let mock = MockDvs::builder().strict_fields(true).start().await;
    let mixed = json!({
        "DOCUMENTTYPE": 1,
        "FrontImageBase64": JPEG_BASE64,
        "backorsecondimagebase64": PNG_BASE64,
        "faceImageBASE64": WEBP_BASE64,
        "VerifyFace": true,
        "overriddensettings": {"ISOCRENABLED": true, "FaceVerification": true},
    });
    let answer = create_raw(&mock, &mixed).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);

    let typo = with(id_body(), "frontImage", json!(JPEG_BASE64));
    assert_validation(&create_raw(&mock, &typo).await, &["frontImage"]);

    // Sent twice in two casings: reported once, under one of the two spellings.
    let twice = with(id_body(), "DocumentType", json!(1));
    let answer = create_raw(&mock, &twice).await;
    assert_eq!(answer.code(), Some("ValidationError"));
    let fields = answer.property_errors();
    assert_eq!(fields.len(), 1);
    assert!(fields[0].eq_ignore_ascii_case("documentType"), "{fields:?}");

    let v4_only = with(id_body(), "metadata", json!({"userAgent": "x"}));
    assert_validation(&create_raw(&mock, &v4_only).await, &["metadata"]);

    let bad_setting = with(
        id_body(),
        "overriddenSettings",
        json!({"isOcrEnabledd": true}),
    );
    assert_validation(
        &create_raw(&mock, &bad_setting).await,
        &["overriddenSettings.isOcrEnabledd"],
    );
}

#[tokio::test]
async fn field_types_are_checked() {
    let mock = MockDvs::start().await;
    let body = json!({
        "documentType": 1,
        "frontImageBase64": JPEG_BASE64,
        "backOrSecondImageBase64": PNG_BASE64,
        "verifyFace": "yes",
        "userAgent": 7,
        "ssn": 123456789,
        "trackString": {"data": "x"},
        "overriddenSettings": {"isOCREnabled": "true"},
    });
    assert_validation(
        &create_raw(&mock, &body).await,
        &[
            "verifyFace",
            "userAgent",
            "ssn",
            "trackString",
            "overriddenSettings.isOCREnabled",
        ],
    );
    // Nulls are accepted for every optional field, as the official samples send them.
    let nulls = json!({
        "documentType": 1, "frontImageBase64": JPEG_BASE64, "backOrSecondImageBase64": PNG_BASE64,
        "faceImageBase64": null, "verifyFace": null, "captureMethod": null, "userAgent": null,
        "trackString": null, "ssn": null, "overriddenSettings": null,
    });
    assert_eq!(create_raw(&mock, &nulls).await.status, 200);
}

#[tokio::test]
async fn images_must_be_raw_base64_of_jpeg_png_or_webp() {
    let mock = MockDvs::start().await;
    for good in [
        JPEG_BASE64,
        PNG_BASE64,
        WEBP_BASE64,
        "/9j/4AAQSkZJRgABAQAAAQ",
        "/9j/4AAQ\nSkZJRgABAQAAAQ==",
    ] {
        let answer = create_raw(&mock, &with(id_body(), "frontImageBase64", json!(good))).await;
        assert_eq!(answer.status, 200, "{good}: {:?}", answer.json);
    }
    let data_uri = format!("data:image/jpeg;base64,{JPEG_BASE64}");
    for bad in [
        json!("not base64 at all!"),
        json!("aGVsbG8sIEkgYW0gcGxhaW4gdGV4dA=="),
        json!(GIF_BASE64),
        json!(data_uri),
        json!(12),
    ] {
        let answer = create_raw(&mock, &with(id_body(), "frontImageBase64", bad.clone())).await;
        assert_validation(&answer, &["frontImageBase64"]);
        let message = answer.json["propertyErrors"]["frontImageBase64"]
            .as_str()
            .unwrap();
        assert!(
            !message.contains("aGVsbG8"),
            "the message does not echo the input: {message}"
        );
    }
}

#[tokio::test]
async fn required_images_follow_the_document_type_and_settings() {
    let mock = MockDvs::start().await;

    let no_front = without(id_body(), "frontImageBase64");
    let answer = create_raw(&mock, &no_front).await;
    assert_eq!(
        (answer.status, answer.code()),
        (400, Some("FrontImageRequiredError"))
    );
    let err = dvs_core::Error::from_response(answer.status, None, &answer.bytes);
    assert!(matches!(err, dvs_core::Error::Validation(_)), "{err:?}");

    let no_back = without(id_body(), "backOrSecondImageBase64");
    let answer = create_raw(&mock, &no_back).await;
    assert_eq!(
        (answer.status, answer.code()),
        (400, Some("BackImageOrTrackStringNotPresentError"))
    );

    // A track string stands in for the back image.
    let track = with(no_back.clone(), "trackString", json!("@ANSI 636000MOCK"));
    assert_eq!(create_raw(&mock, &track).await.status, 200);
    // Back processing off: the front alone will do.
    let off = with(
        no_back,
        "overriddenSettings",
        json!({"isBackOrSecondImageProcessing": false}),
    );
    assert_eq!(create_raw(&mock, &off).await.status, 200);
    // A passport needs its MRZ page (front) only.
    let passport = json!({"documentType": 2, "frontImageBase64": JPEG_BASE64});
    assert_eq!(create_raw(&mock, &passport).await.status, 200);
    // OCR off and a back image: barcode-only reading (a use case of IDScan's verify documentation).
    let barcode_only = json!({"documentType": 1, "backOrSecondImageBase64": PNG_BASE64, "overriddenSettings": {"isOCREnabled": false}});
    assert_eq!(create_raw(&mock, &barcode_only).await.status, 200);
    // An empty image string counts as absent.
    let empty = with(id_body(), "frontImageBase64", json!(""));
    assert_eq!(
        create_raw(&mock, &empty).await.code(),
        Some("FrontImageRequiredError")
    );
}

#[tokio::test]
async fn face_matching_needs_a_selfie() {
    let mock = MockDvs::start().await;
    let no_selfie = without(id_body(), "faceImageBase64");
    assert_validation(&create_raw(&mock, &no_selfie).await, &["faceImageBase64"]);
    let off = with(no_selfie, "verifyFace", json!(false));
    assert_eq!(create_raw(&mock, &off).await.status, 200);
    let face_auth = json!({"documentType": 10});
    assert_validation(&create_raw(&mock, &face_auth).await, &["faceImageBase64"]);
    let face_auth = json!({"documentType": "FaceAuthorization", "faceImageBase64": JPEG_BASE64});
    assert_eq!(create_raw(&mock, &face_auth).await.status, 200);
}

#[tokio::test]
async fn a_body_that_is_not_a_json_object_is_a_validation_error() {
    let mock = MockDvs::start().await;
    let (pk, _) = keys(&mock);
    for body in [&b"{\"documentType\": 1,"[..], b"[1, 2]", b"", b"null"] {
        let answer = post_raw(&mock, "api/v3/Request", Some(&pk), body.to_vec()).await;
        assert_validation(&answer, &["body"]);
    }
}

async fn verify_v4(mock: &MockDvs, body: Value) -> Answer {
    let (_, sk) = keys(mock);
    post(mock, "api/v4/verify", Some(&sk), &body).await
}

#[tokio::test]
async fn v4_bodies_follow_the_v4_model() {
    // v3-only and unknown names are refused with strict fields only (lenient_fields.rs).
    let mock = MockDvs::builder().strict_fields(true).start().await;
    let v4 = |body: Value| verify_v4(&mock, body);
    let base = json!({"documentType": 1, "frontImageBase64": JPEG_BASE64, "backOrSecondImageBase64": PNG_BASE64});
    assert_eq!(v4(base.clone()).await.status, 200);
    // v3-only fields and the v3 track-string form are refused.
    assert_validation(
        &v4(with(base.clone(), "verifyFace", json!(true))).await,
        &["verifyFace"],
    );
    assert_validation(
        &v4(with(base.clone(), "userAgent", json!("x"))).await,
        &["userAgent"],
    );
    let no_back = without(base.clone(), "backOrSecondImageBase64");
    assert_validation(
        &v4(with(no_back.clone(), "trackString", json!("@ANSI"))).await,
        &["trackString"],
    );
    let track = json!({"data": "@ANSI", "barcodeParams": null});
    assert_eq!(
        v4(with(no_back.clone(), "trackString", track)).await.status,
        200
    );
    assert_validation(
        &v4(with(
            no_back.clone(),
            "trackString",
            json!({"Data": "x", "extra": 1}),
        ))
        .await,
        &["trackString.extra"],
    );
    assert_validation(
        &v4(with(no_back, "trackString", json!({"barcodeParams": "p"}))).await,
        &["trackString.data"],
    );
    assert_validation(
        &v4(with(base.clone(), "metadata", json!({"userAgnt": "x"}))).await,
        &["metadata.userAgnt"],
    );
    assert_validation(
        &v4(with(
            base.clone(),
            "overriddenSettings",
            json!({"ageYearsDifference": "ten"}),
        ))
        .await,
        &["overriddenSettings.ageYearsDifference"],
    );
    assert_validation(
        &v4(with(
            base.clone(),
            "overriddenSettings",
            json!({"isDMVEnabled": true}),
        ))
        .await,
        &["overriddenSettings.isDMVEnabled"],
    );
    let face_on = with(
        base,
        "overriddenSettings",
        json!({"isFaceMatchEnabled": true}),
    );
    assert_validation(&v4(face_on).await, &["faceImageBase64"]);
}
