//! The v3 and v4 response examples of IDScan's documentation (create, Verify v3, verify v4,
//! authentication, the stored-result wrapper), read from raw fixture files and normalized
//! into `VerificationResult`.

use bytes::Bytes;
use dvs_core::CreateRequestResponse;
use dvs_core::{RawCode, ResponseV3, ResponseV4};
use dvs_secret::{
    ApiVersion, Confidence, DocumentType, ErrorBody, ErrorCode, FieldConfidence, Outcome, Policy,
    RequestId, RequestStatus, VerificationResult,
};
use dvs_test_support::fixture;
use serde_json::json;

fn score(value: u8) -> Option<Confidence> {
    Some(Confidence::new(value).unwrap())
}

#[test]
fn create_request_response() {
    let created: CreateRequestResponse =
        serde_json::from_slice(&fixture("create_request_created.json")).unwrap();
    assert_eq!(
        created.request_id.as_str(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    assert_eq!(created.document_type, Some(DocumentType::Id));
    assert_eq!(created.status, Some(RequestStatus::Pending));
    assert!(created.extra.is_empty());
}

#[test]
fn v3_verify_response_has_every_documented_field() {
    let raw = fixture("v3_verify_every_field.json");
    let response: ResponseV3 = serde_json::from_slice(&raw).unwrap();
    assert_eq!(
        response.request_id.unwrap().as_str(),
        "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    );
    assert_eq!(response.document_type, Some(DocumentType::Id));
    let document = response.document.as_ref().unwrap();
    assert_eq!(document.full_name.as_deref(), Some("JANE Q SAMPLE"));
    assert_eq!(document.dob.as_deref(), Some("1990-01-31"));
    assert_eq!(document.class.as_deref(), Some("D"));
    assert_eq!(document.height.as_deref(), Some("5'-06\""));
    assert_eq!(document.template.as_deref(), Some("US_OH3"));
    assert!(
        document.extra.is_empty(),
        "every document field is modelled"
    );

    let doc = response.document_verification_result.as_ref().unwrap();
    assert_eq!(doc.status, Some(RawCode::Int(0)));
    assert_eq!(doc.status_string.as_deref(), Some("Ok"));
    assert_eq!(doc.total_confidence, score(87));
    assert_eq!(
        doc.verification_confidence["address"],
        FieldConfidence::Score(Confidence::new(95).unwrap())
    );
    assert_eq!(
        doc.verification_confidence["placeOfBirth"],
        FieldConfidence::NotAvailable
    );
    assert_eq!(doc.validation_tests.len(), 3);
    let address = &doc.validation_tests[0];
    assert_eq!(address.name.as_deref(), Some("AddressValidation"));
    assert_eq!(address.display_name.as_deref(), Some("Address Validation"));
    assert_eq!(address.status, Some(RawCode::Int(1)));
    assert_eq!(address.status_string.as_deref(), Some("Success"));
    assert_eq!(address.effect, Some(RawCode::Int(0)));
    assert!(!address.is_disabled());
    assert!(doc.validation_tests[1].is_disabled());
    assert_eq!(doc.validation_tests[1].reason, None);

    let face = response.face_verification_result.as_ref().unwrap();
    assert_eq!(face.confidence, score(91));
    assert_eq!(face.anti_spoofing, score(96));
    assert_eq!(face.far.unwrap().get(), 0.001);

    let result = VerificationResult::parse_v3(Bytes::from(raw.clone())).unwrap();
    assert_eq!(result.api_version, ApiVersion::V3);
    assert_eq!(result.request_id, response.request_id);
    assert_eq!(result.document_type, Some(DocumentType::Id));
    assert_eq!(result.document_confidence, score(87));
    assert_eq!(result.face_match_confidence, score(91));
    assert_eq!(result.anti_spoofing_confidence, score(96));
    assert_eq!(result.false_acceptance_rate.unwrap().get(), 0.001);
    assert_eq!(
        result.field_confidences["maidenName"],
        FieldConfidence::NotAvailable
    );
    assert_eq!(result.field_confidences["fullName"].score(), score(100));
    assert_eq!(result.external_checks.len(), 3);
    assert_eq!(result.document.full_name.as_deref(), Some("JANE Q SAMPLE"));
    // v3 has no expiry/OCR flags.
    assert_eq!(result.flags.expired, None);
    assert_eq!(result.raw_json(), &raw[..], "kept byte for byte");
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
}

#[test]
fn v4_verify_response_has_every_documented_field() {
    let raw = fixture("v4_verify_every_field.json");
    let response: ResponseV4 = serde_json::from_slice(&raw).unwrap();
    let document = response.document.as_ref().unwrap();
    assert_eq!(document.full_name.as_deref(), Some("JANE Q SAMPLE"));
    assert_eq!(document.ssn.as_deref(), Some("123-45-6789"));
    assert_eq!(document.iin.as_deref(), Some("636023"));
    assert_eq!(document.audit_information.as_deref(), Some("0123456789"));
    assert_eq!(document.maiden_name.as_deref(), Some(""));
    assert!(
        document.extra.is_empty(),
        "every documented v4 document field is modelled"
    );

    let doc = response.document_verification_result.as_ref().unwrap();
    assert_eq!(doc.document_confidence, score(95));
    assert_eq!(doc.is_document_expired, Some(false));
    assert_eq!(doc.is_mrz_success, None, "null stays `not determined`");
    assert_eq!(doc.is_drivers_license_real_id, Some(true));
    assert_eq!(doc.is_donor, Some(true));
    assert_eq!(doc.is_non_domicile, None);
    assert_eq!(doc.is_permit, Some(false));
    assert!(doc.extra.is_empty(), "every documented v4 flag is modelled");

    let face = response.face_match_verification_result.as_ref().unwrap();
    assert_eq!(face.face_match_confidence, score(88));
    assert_eq!(face.false_acceptance_rate.unwrap().get(), 0.001);
    assert_eq!(face.assessed_age_from_selfie, Some(33.5));
    assert_eq!(face.assessed_age_from_document, Some(34.0));
    assert_eq!(face.is_suspicious_photo, Some(false));

    let spoof = response.anti_spoofing_verification_result.as_ref().unwrap();
    assert_eq!(spoof.anti_spoofing_face_image_confidence, score(91));
    assert_eq!(spoof.is_photo_from_document_tampered, Some(false));

    assert_eq!(response.external_verification_results.len(), 2);
    let address = &response.external_verification_results[0];
    assert_eq!(
        address.values.0,
        json!([{ "field": "address", "score": 100 }])
    );
    assert!(response.external_verification_results[1].is_disabled());
    assert_eq!(response.reference.as_deref(), Some("order-20240501-0042"));
    assert!(response.extra.is_empty());

    let result = VerificationResult::parse_v4(Bytes::from(raw.clone())).unwrap();
    assert_eq!(result.api_version, ApiVersion::V4);
    assert_eq!(
        result.request_id.unwrap().as_str(),
        "7c9e6679-7425-40de-944b-e07fc1f90ae7"
    );
    assert_eq!(result.document_confidence, score(95));
    assert_eq!(result.face_match_confidence, score(88));
    assert_eq!(result.anti_spoofing_confidence, score(91));
    assert_eq!(result.flags.expired, Some(false));
    assert_eq!(result.flags.ocr_success, Some(true));
    assert_eq!(result.flags.pdf417_success, Some(true));
    assert_eq!(result.flags.mrz_success, None);
    assert_eq!(
        result.field_confidences["placeOfBirth"],
        FieldConfidence::NotAvailable
    );
    assert_eq!(result.field_confidences["address"].score(), score(97));
    assert_eq!(result.raw_json(), &raw[..]);
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
}

#[test]
fn v4_authentication_example_values() {
    let raw = fixture("v4_authentication.json");
    let result = VerificationResult::parse_v4(Bytes::from(raw.clone())).unwrap();
    assert_eq!(
        result.request_id.unwrap().as_str(),
        "9b2f6a1e-4c3d-4e5f-8a7b-1c2d3e4f5a6b"
    );
    assert_eq!(result.document_confidence, score(82));
    assert_eq!(result.face_match_confidence, score(100));
    assert_eq!(result.anti_spoofing_confidence, score(98));
    let far = result.false_acceptance_rate.unwrap();
    assert_eq!(
        far.get(),
        0.0,
        "falseAcceptanceRate 0.0 is a value, not missing"
    );
    assert_eq!(result.flags.ocr_success, Some(true));
    assert_eq!(result.flags.pdf417_success, Some(true));
    assert_eq!(result.flags.mrz_success, None, "isMrzSuccess: null");
    assert_eq!(result.flags.expired, Some(false));
    // Null document fields are absent, not empty strings.
    assert_eq!(result.document.maiden_name, None);
    assert_eq!(result.document.ssn, None);
    assert_eq!(result.document.full_name.as_deref(), Some("JANE Q SAMPLE"));

    // documentConfidenceScores: `-1` is "not available", 100 is full confidence.
    let scores = &result.field_confidences;
    assert_eq!(scores.len(), 32);
    let unavailable: Vec<&str> = scores
        .iter()
        .filter(|(_, c)| **c == FieldConfidence::NotAvailable)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        unavailable,
        [
            "hazmatExpirationDate",
            "maidenName",
            "placeOfBirth",
            "postalBox",
            "race",
            "ssn",
            "suffix",
            "weight"
        ]
    );
    assert_eq!(scores["template"], FieldConfidence::Score(Confidence::MAX));
    // `-1` writes back as -1.
    assert_eq!(serde_json::to_value(scores["race"]).unwrap(), json!(-1));

    let response: ResponseV4 = serde_json::from_slice(&raw).unwrap();
    let face = response.face_match_verification_result.unwrap();
    assert_eq!(face.is_suspicious_photo, None);
    assert_eq!(face.assessed_age_from_selfie, None);
    assert_eq!(
        response.document_verification_result.unwrap().is_donor,
        Some(false)
    );
    // 82 is above 70 with no selfie problem: approve under IDScan's recommended thresholds.
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
}

#[test]
fn v3_result_inside_the_stored_result_wrapper() {
    // The wrapper itself is read by dvs-secret (`StoredResult`); here, the v3 result in it.
    let raw = fixture("result_wrapper_v3_numeric_status.json");
    let wrapper: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    let verification: ResponseV3 =
        serde_json::from_value(wrapper["verificationResult"].clone()).unwrap();
    let result = VerificationResult::from_v3(verification, Bytes::from(raw.clone()));
    assert_eq!(
        result.request_id,
        Some(RequestId::parse("3fa85f64-5717-4562-b3fc-2c963f66afa6").unwrap())
    );
    assert_eq!(result.document_confidence, score(74));
    assert_eq!(result.face_match_confidence, score(65));
    assert_eq!(result.anti_spoofing_confidence, score(99));
    assert_eq!(result.false_acceptance_rate.unwrap().get(), 0.01);
    assert_eq!(
        result.field_confidences["maidenName"],
        FieldConfidence::NotAvailable
    );
    // Face match 65 is within the review margin of 70.
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Review);
}

#[test]
fn validation_error_body() {
    let body: ErrorBody =
        serde_json::from_slice(&fixture("errors/validation_error_pascal_case.json")).unwrap();
    assert_eq!(body.code, Some(ErrorCode::ValidationError));
    assert_eq!(
        body.message.as_deref(),
        Some("One or more validation errors occurred.")
    );
    // Both `field: "message"` and `field: ["message", …]` are read; lookup ignores case.
    assert_eq!(
        body.property_errors.get("frontImageBase64").unwrap(),
        ["The FrontImageBase64 field is required."]
    );
    assert_eq!(body.property_errors.get("DocumentType").unwrap().len(), 2);
    assert_eq!(
        body.property_errors.fields().collect::<Vec<_>>(),
        ["DocumentType", "FrontImageBase64"]
    );
    assert!(body.multiple_errors.is_empty(), "a null entry is dropped");
    assert_eq!(
        body.trace_id.as_deref(),
        Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
    );
}

#[test]
fn multiple_errors_body_with_a_null_entry() {
    let body: ErrorBody =
        serde_json::from_slice(&fixture("errors/multiple_errors_ocr_and_pdf417.json")).unwrap();
    assert_eq!(body.code, Some(ErrorCode::MultipleErrors));
    assert!(body.property_errors.is_empty());
    let codes: Vec<_> = body
        .multiple_errors
        .iter()
        .map(|e| e.code.clone().unwrap())
        .collect();
    assert_eq!(codes, [ErrorCode::OcrError, ErrorCode::Pdf417Error]);
    assert!(
        body.multiple_errors[1].property_errors.is_empty(),
        "propertyErrors: null is empty"
    );
    assert_eq!(
        body.trace_id.as_deref(),
        Some("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    );
}

#[test]
fn error_body_capitalized_and_developer_fields() {
    let body: ErrorBody = serde_json::from_str(
        r#"{"Code":"ApiError","Message":"Internal error","TraceId":"t-1","DeveloperMessage":"NullReferenceException","additionalData":{"Id":"x"}}"#,
    )
    .unwrap();
    assert_eq!(body.code, Some(ErrorCode::ApiError));
    assert_eq!(body.message.as_deref(), Some("Internal error"));
    assert_eq!(body.trace_id.as_deref(), Some("t-1"));
    assert_eq!(
        body.developer_message.as_deref(),
        Some("NullReferenceException")
    );
    assert_eq!(
        body.extra.get("additionalData"),
        Some(&json!({ "Id": "x" }))
    );
}

#[test]
fn parse_v4_accepts_and_refuses_what_a_plain_parse_does() {
    // `parse_v4` reads `requestData` and `content` without keeping them. The `decode_v4`
    // fuzz target found the first input: invalid UTF-8 in a skipped string was accepted
    // while a plain parse refuses it.
    let found: &[u8] = b"{\n \"erquestId\": \"3f4\",\n  \"do\": 42,\n  \"requestData\": \"1\xcb\xcbabbrCountry\xcb\xcb\xcb\"\n} ";
    let cases: [&[u8]; 7] = [
        found,
        br#"{"content": {"front": 1e999}}"#,
        br#"{"content": {"front": "QUJD", "back": [1, -2.5e3, null, true, {"a": "\u00e9"}]}}"#,
        br#"{"requestData": {"frontImageBase64": "QUJD"}, "content": null}"#,
        b"{\"content\": \"\xff\"}",
        br#"{"content": {"a": "unterminated}}"#,
        br#"{"content": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"#,
    ];
    for body in cases {
        let plain = serde_json::from_slice::<ResponseV4>(body);
        let parsed = VerificationResult::parse_v4(Bytes::from_static(body));
        assert_eq!(
            parsed.is_ok(),
            plain.is_ok(),
            "{:?}: plain {plain:?}",
            String::from_utf8_lossy(body)
        );
    }
    // A nesting deeper than serde_json's limit fails either way.
    let deep = format!(r#"{{"content": {}{}}}"#, "[".repeat(200), "]".repeat(200));
    assert!(serde_json::from_slice::<ResponseV4>(deep.as_bytes()).is_err());
    assert!(VerificationResult::parse_v4(Bytes::from(deep)).is_err());
}
