//! What a result carries besides its scores: the id it names (which may differ from the one
//! asked for), the images of `returnContent=true` and v3's portraits, `authenticationResults`.

use dvs_secret::{ApiVersion, Outcome, Policy, Reason, Verified};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::{client, request_id, result_path, server, verify_path};

const OTHER_ID: &str = "0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21";
/// Base64 of the first bytes of a PNG file.
const PNG_B64: &str = "iVBORw0KGgoAAAANSUhEUg==";

fn v4_result_for(id: &str) -> String {
    format!(
        r#"{{"requestId":"{id}","documentVerificationResult":{{"documentConfidence":95,"isDocumentExpired":false}},
             "faceMatchVerificationResult":{{"faceMatchConfidence":97}},
             "antiSpoofingVerificationResult":{{"antiSpoofingFaceImageConfidence":96}}}}"#
    )
}

#[tokio::test]
async fn a_verify_result_for_another_id_is_returned_with_the_mismatch_on_it() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(v4_result_for(OTHER_ID), "application/json"),
        )
        .expect(1)
        .mount(&server)
        .await;

    let result = client(&server).verify(&request_id()).await.unwrap();

    let mismatch = result.request_id_mismatch().expect("the ids differ");
    assert_eq!(mismatch.asked, request_id());
    assert_eq!(mismatch.reported.as_str(), OTHER_ID);
    assert_eq!(result.document_confidence.map(|c| c.get()), Some(95));
    // Every score passes, yet the policy does not approve a result about another request.
    let decision = Policy::default().decide(&result);
    assert_eq!(decision.outcome, Outcome::Review);
    assert_eq!(decision.reasons, vec![Reason::RequestIdMismatch]);
    let summary = serde_json::to_string(&decision.summary(&result)).unwrap();
    assert!(summary.contains("request_id_mismatch"), "{summary}");
    server.verify().await;
}

#[tokio::test]
async fn a_result_for_the_id_asked_has_no_mismatch_and_is_approved() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(v4_result_for(request_id().as_ref()), "application/json"),
        )
        .mount(&server)
        .await;
    let result = client(&server).verify(&request_id()).await.unwrap();
    assert_eq!(result.request_id_mismatch(), None);
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
}

#[tokio::test]
async fn a_stored_result_for_another_id_is_returned_with_the_mismatch_on_it() {
    let server = server().await;
    let body = format!(
        r#"{{"verificationResult":{},"request":{{"status":1}}}}"#,
        v4_result_for(OTHER_ID)
    );
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let stored = client(&server).get_result(&request_id()).await.unwrap();
    let result = stored.result.expect("a result");
    assert_eq!(
        result.request_id_mismatch().map(|m| m.reported.to_string()),
        Some(OTHER_ID.to_owned())
    );
}

#[tokio::test]
async fn a_recovered_result_for_another_id_keeps_the_mismatch() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(ResponseTemplate::new(400).set_body_raw(
            r#"{"code":"RequestAlreadyProcessed","message":"processed"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let body = format!(
        r#"{{"verificationResult":{},"request":{{"status":1}}}}"#,
        v4_result_for(OTHER_ID)
    );
    Mock::given(method("GET"))
        .and(path(result_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    match client(&server)
        .verify_or_recover(&request_id())
        .await
        .unwrap()
    {
        Verified::Recovered { result, .. } => assert!(result.request_id_mismatch().is_some()),
        other => panic!("expected a recovered result, got {other:?}"),
    }
    server.verify().await;
}

#[tokio::test]
async fn v4_return_content_images_are_read_under_images_and_content() {
    let server = server().await;
    let body = format!(
        r#"{{"requestId":"{id}","documentVerificationResult":{{"documentConfidence":90}},
             "images":{{"frontImageBase64":"{PNG_B64}"}},
             "content":{{"faceImageBase64":"{PNG_B64}"}},
             "authenticationResults":[{{"name":"UV pattern","status":1}}]}}"#,
        id = request_id()
    );
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let result = client(&server).verify(&request_id()).await.unwrap();
    assert_eq!(result.api_version, ApiVersion::V4);

    let images = result.returned_images().unwrap();
    assert_eq!(images.len(), 2);
    for name in ["frontImageBase64", "faceImageBase64"] {
        let image = images.get(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(
            image.decode().unwrap().format(),
            dvs_secret::ImageFormat::Png
        );
    }
    let checks = result.authentication_results.as_ref().expect("kept");
    assert_eq!(checks.0[0]["name"], "UV pattern");

    // PII stays out of what is printed and of what the client app gets.
    let shown = format!("{result:?} {images:?}");
    assert!(
        !shown.contains(PNG_B64) && !shown.contains("UV pattern"),
        "{shown}"
    );
    let decision = Policy::default().decide(&result);
    let summary = serde_json::to_string(&decision.summary(&result)).unwrap();
    assert!(
        !summary.contains(PNG_B64) && !summary.contains("UV pattern"),
        "{summary}"
    );
}

#[tokio::test]
async fn v3_portraits_and_signature_are_images() {
    let server = server().await;
    let body = format!(
        r#"{{"requestId":"{id}","documentVerificationResult":{{"totalConfidence":90}},
             "facePhoto":"{PNG_B64}","documentFacePhoto":"{PNG_B64}","signature":"{PNG_B64}"}}"#,
        id = request_id()
    );
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let result = client(&server).verify(&request_id()).await.unwrap();
    assert_eq!(result.api_version, ApiVersion::V3);
    let images = result.returned_images().unwrap();
    let names: Vec<_> = images.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["facePhoto", "documentFacePhoto", "signature"]);
    assert!(images.iter().all(|(_, image)| image.decode().is_ok()));

    let shown = format!("{result:?} {images:?}");
    assert!(!shown.contains(PNG_B64), "{shown}");
    let decision = Policy::default().decide(&result);
    let summary = serde_json::to_string(&decision.summary(&result)).unwrap();
    assert!(!summary.contains(PNG_B64), "{summary}");
}
