//! The account setting that decides whether the back image is needed: back processing on
//! (the default account) or "process the front of documents only".

use dvs_mock::MockDvs;
use serde_json::{Value, json};

use crate::lenient_fields::{create, verify_v4};
use crate::support::{Answer, verify};
use dvs_test_support::JPEG_BASE64 as JPEG;

fn front_only_id() -> Value {
    json!({"documentType": 1, "frontImageBase64": JPEG})
}

fn code(answer: &Answer) -> (u16, Option<&str>) {
    (answer.status, answer.code())
}

const NO_BACK: (u16, Option<&str>) = (400, Some("BackImageOrTrackStringNotPresentError"));

#[tokio::test]
async fn the_default_account_needs_the_back_or_a_track_string() {
    let mock = MockDvs::start().await;
    assert_eq!(code(&create(&mock, &front_only_id()).await), NO_BACK);
    assert_eq!(code(&verify_v4(&mock, &front_only_id()).await), NO_BACK);
    // An empty track string (as the web library sends when nothing was decoded) is none.
    let mut v4 = front_only_id();
    v4["trackString"] = json!({"data": ""});
    assert_eq!(code(&verify_v4(&mock, &v4).await), NO_BACK);
}

#[tokio::test]
async fn a_front_only_account_accepts_the_front_alone() {
    let mock = MockDvs::builder().front_only(true).start().await;
    let answer = create(&mock, &front_only_id()).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let id = answer.json["requestId"].as_str().unwrap().to_owned();
    let verified = verify(&mock, &id).await;
    assert_eq!(verified.status, 200, "{:?}", verified.json);

    let answer = verify_v4(&mock, &front_only_id()).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let flags = &answer.json["documentVerificationResult"];
    assert_ne!(flags["isPdf417Success"], json!(true), "no barcode was read");
}

#[tokio::test]
async fn a_request_can_turn_back_processing_on_again() {
    let mock = MockDvs::builder().front_only(true).start().await;
    let mut v3 = front_only_id();
    v3["overriddenSettings"] = json!({"isBackOrSecondImageProcessing": true});
    assert_eq!(code(&create(&mock, &v3).await), NO_BACK);
    let mut v4 = front_only_id();
    v4["overriddenSettings"] = json!({"isBackOrSecondImageProcessingEnabled": true});
    assert_eq!(code(&verify_v4(&mock, &v4).await), NO_BACK);
}

#[tokio::test]
async fn a_front_only_account_does_not_read_a_back_it_was_sent() {
    let mock = MockDvs::builder().front_only(true).start().await;
    let mut body = front_only_id();
    body["trackString"] = json!({"data": "@ANSI 636000MOCK"});
    let answer = verify_v4(&mock, &body).await;
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    let default = MockDvs::start().await;
    let read = verify_v4(&default, &body).await;
    assert_eq!(
        read.json["documentVerificationResult"]["isPdf417Success"],
        json!(true)
    );
    assert_ne!(
        answer.json["documentVerificationResult"]["isPdf417Success"],
        json!(true)
    );
}
