//! Raw v3 / v4 fixtures, served byte for byte, read into `VerificationResult`: scores,
//! nullable flags, `-1` "not available", unknown fields and enum values.

use dvs_secret::{
    ApiVersion, DocumentType, FieldConfidence, RequestV4, V4Options, VerificationResult,
};
use dvs_test_support::{fixture, fixture_response};
use wiremock::Mock;
use wiremock::matchers::{method, path};

use crate::support::{client, request_id, server, verify_path};

async fn via_v4(name: &str) -> VerificationResult {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path("/api/v4/verify"))
        .respond_with(fixture_response(200, name))
        .expect(1)
        .mount(&server)
        .await;
    let request =
        RequestV4::new(DocumentType::Id).track_string(dvs_secret::TrackStringV4::new("@ANSI"));
    let result = client(&server)
        .verify_v4(&request, V4Options::new())
        .await
        .unwrap();
    server.verify().await;
    assert_eq!(
        result.raw_json(),
        fixture(name).as_slice(),
        "kept byte for byte"
    );
    result
}

fn score(value: Option<dvs_secret::Confidence>) -> Option<u8> {
    value.map(|c| c.get())
}

#[tokio::test]
async fn the_v4_fixture() {
    let r = via_v4("v4_verify.json").await;
    assert_eq!(r.api_version, ApiVersion::V4);
    assert_eq!(r.request_id, Some(request_id()));
    assert_eq!(r.document_type, Some(DocumentType::Id));
    assert_eq!(score(r.document_confidence), Some(82));
    assert_eq!(score(r.face_match_confidence), Some(100));
    assert_eq!(score(r.anti_spoofing_confidence), Some(91));
    assert_eq!(r.false_acceptance_rate.map(|f| f.get()), Some(0.0));
    assert_eq!(r.flags.expired, Some(false));
    assert_eq!(r.flags.ocr_success, Some(true));
    assert_eq!(r.flags.pdf417_success, Some(true));
    assert_eq!(r.flags.mrz_success, None, "null means not determined");

    let fields = &r.field_confidences;
    assert_eq!(fields["hair"], FieldConfidence::NotAvailable);
    assert_eq!(fields["ssn"], FieldConfidence::NotAvailable);
    assert_eq!(score(fields["height"].score()), Some(86));
    assert_eq!(score(fields["template"].score()), Some(100));
    let unavailable = fields
        .values()
        .filter(|f| **f == FieldConfidence::NotAvailable)
        .count();
    assert_eq!(unavailable, 6);

    assert_eq!(r.document.full_name.as_deref(), Some("JANE Q SAMPLE"));
    assert_eq!(r.document.hair, None);
    assert_eq!(r.external_checks.len(), 2);
    assert_eq!(
        r.external_checks[0].name.as_deref(),
        Some("AddressValidation")
    );
    assert!(!r.external_checks[0].is_disabled());
    assert!(
        r.external_checks[1].is_disabled(),
        "status -1 is purchased but disabled"
    );

    let shown = format!("{r:?}");
    assert!(
        !shown.contains("SAMPLE") && !shown.contains("1990-01-31"),
        "{shown}"
    );
}

#[tokio::test]
async fn the_v3_fixture() {
    let server = server().await;
    Mock::given(method("POST"))
        .and(path(verify_path()))
        .respond_with(fixture_response(200, "v3_verify.json"))
        .expect(1)
        .mount(&server)
        .await;
    let r = client(&server).verify(&request_id()).await.unwrap();
    server.verify().await;

    assert_eq!(r.api_version, ApiVersion::V3);
    assert_eq!(r.document_type, Some(DocumentType::Id));
    assert_eq!(score(r.document_confidence), Some(88));
    assert_eq!(score(r.face_match_confidence), Some(93));
    assert_eq!(score(r.anti_spoofing_confidence), Some(85));
    assert_eq!(r.false_acceptance_rate.map(|f| f.get()), Some(0.001));
    assert_eq!(r.flags.expired, None, "v3 does not report expiry");
    assert_eq!(r.field_confidences["weight"], FieldConfidence::NotAvailable);
    assert_eq!(score(r.field_confidences["address"].score()), Some(92));
    assert_eq!(r.external_checks.len(), 2);
    assert_eq!(r.external_checks[0].status_string.as_deref(), Some("Ok"));
    assert!(r.external_checks[1].is_disabled());
    assert_eq!(r.document.template.as_deref(), Some("US_IL5"));
}

#[tokio::test]
async fn unknown_fields_and_enum_values_are_tolerated() {
    let r = via_v4("v4_unknown_fields.json").await;
    let document_type = r.document_type.clone().unwrap();
    assert!(document_type.is_unknown());
    assert_eq!(document_type.to_raw().to_string(), "42");
    assert_eq!(score(r.document_confidence), Some(75), "74.6 rounds");
    assert_eq!(r.face_match_confidence, None, "-1 is not available");
    assert_eq!(score(r.anti_spoofing_confidence), Some(58));
    assert_eq!(r.false_acceptance_rate.map(|f| f.get()), Some(0.25));
    assert_eq!(r.flags.expired, Some(true));
    assert_eq!(r.flags.ocr_success, Some(true), "\"true\" as text");
    assert_eq!(r.flags.pdf417_success, Some(false), "0 as a number");

    let fields = &r.field_confidences;
    assert_eq!(score(fields["fullName"].score()), Some(100));
    assert_eq!(
        fields["dob"],
        FieldConfidence::NotAvailable,
        "text is not a score"
    );
    assert_eq!(fields["nationality"], FieldConfidence::NotAvailable);
    assert_eq!(
        fields["expires"],
        FieldConfidence::NotAvailable,
        "101 is out of range"
    );

    assert_eq!(
        r.document.extra.get("nationality").and_then(|v| v.as_str()),
        Some("USA")
    );
    assert_eq!(
        r.external_checks.len(),
        1,
        "the element that is not an object is skipped"
    );
    let check = &r.external_checks[0];
    assert_eq!(
        check.status.as_ref().map(ToString::to_string).as_deref(),
        Some("7")
    );
    assert_eq!(
        check.effect.as_ref().map(ToString::to_string).as_deref(),
        Some("Informational")
    );
    assert!(check.extra.get("latencyMs").is_some());
}
