//! Lenient reading: unknown enum values and unknown fields are kept and written back as they came.

use dvs_core::{CreateRequestResponse, DocumentType, ErrorBody, ErrorCode, RequestStatus};
use dvs_core::{RawCode, ResponseV3, ResponseV4};
use serde_json::{Value, json};

#[test]
fn document_type_42_is_unknown_and_round_trips() {
    let value: DocumentType = serde_json::from_str("42").unwrap();
    assert_eq!(value, DocumentType::Unknown(RawCode::Int(42)));
    assert!(value.is_unknown());
    assert_eq!(serde_json::to_string(&value).unwrap(), "42");
    assert_eq!(value.to_string(), "Unknown(42)");

    // Known values, in every form the server or a caller may use.
    for (text, expected) in [
        ("1", DocumentType::Id),
        ("\"1\"", DocumentType::Id),
        ("\"DL\"", DocumentType::Id),
        ("\"passport\"", DocumentType::Passport),
        ("3", DocumentType::PassportCard),
        ("6", DocumentType::GreenCard),
        ("7", DocumentType::InternationalId),
        ("9", DocumentType::EmploymentAuthorization),
        ("10", DocumentType::FaceAuthorization),
        ("11", DocumentType::Barcode),
    ] {
        assert_eq!(
            serde_json::from_str::<DocumentType>(text).unwrap(),
            expected,
            "{text}"
        );
    }
    assert_eq!(
        serde_json::to_string(&DocumentType::GreenCard).unwrap(),
        "6"
    );
    // 4 and 8 exist in other IDScan tools but not in DVS: kept, not guessed.
    assert!(
        serde_json::from_str::<DocumentType>("4")
            .unwrap()
            .is_unknown()
    );
    let named: DocumentType = serde_json::from_str("\"Hologram\"").unwrap();
    assert_eq!(serde_json::to_string(&named).unwrap(), "\"Hologram\"");
}

#[test]
fn error_code_something_new_is_unknown_and_round_trips() {
    let code: ErrorCode = serde_json::from_str("\"SomethingNew\"").unwrap();
    assert_eq!(
        code,
        ErrorCode::Unknown(RawCode::Text("SomethingNew".into()))
    );
    assert!(!code.is_document_failure());
    assert!(!code.is_request_invalid());
    assert_eq!(serde_json::to_string(&code).unwrap(), "\"SomethingNew\"");

    // Wire spellings of the known codes.
    for (wire, expected) in [
        ("OCRError", ErrorCode::OcrError),
        ("MRZOCRError", ErrorCode::MrzOcrError),
        ("PDF417Error", ErrorCode::Pdf417Error),
        ("ValidationError", ErrorCode::ValidationError),
        (
            "RequestAlreadyProcessed",
            ErrorCode::RequestAlreadyProcessed,
        ),
        ("ApiError", ErrorCode::ApiError),
    ] {
        let parsed: ErrorCode = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(parsed, expected, "{wire}");
        assert_eq!(
            serde_json::to_value(&parsed).unwrap(),
            json!(wire),
            "{wire} writes back"
        );
    }

    let body: ErrorBody =
        serde_json::from_str(r#"{"code":"SomethingNew","message":"new","hint":{"x":1}}"#).unwrap();
    assert!(body.code.as_ref().unwrap().is_unknown());
    let back = serde_json::to_value(&body).unwrap();
    assert_eq!(back["code"], "SomethingNew");
    assert_eq!(back["hint"], json!({"x": 1}));
}

#[test]
fn request_status_unknown_values_round_trip() {
    let pending: RequestStatus = serde_json::from_str("0").unwrap();
    assert_eq!(pending, RequestStatus::Pending);
    let success: RequestStatus = serde_json::from_str("\"success\"").unwrap();
    assert_eq!(success, RequestStatus::Success);

    for wire in [json!(7), json!("Archived"), json!(-3)] {
        let status: RequestStatus = serde_json::from_value(wire.clone()).unwrap();
        assert!(status.is_unknown(), "{wire}");
        assert_eq!(serde_json::to_value(&status).unwrap(), wire);
    }

    let created: CreateRequestResponse =
        serde_json::from_str(r#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":"Queued","documentType":42,"new":true}"#)
            .unwrap();
    assert_eq!(
        created.status,
        Some(RequestStatus::Unknown(RawCode::Text("Queued".into())))
    );
    assert_eq!(
        created.document_type,
        Some(DocumentType::Unknown(RawCode::Int(42)))
    );
    assert_eq!(created.extra.get("new"), Some(&json!(true)));
    let back = serde_json::to_value(&created).unwrap();
    assert_eq!(back["status"], "Queued");
    assert_eq!(back["documentType"], 42);
    assert_eq!(back["new"], true);
}

/// A v4 response with fields this SDK does not know, at every level.
const V4_WITH_UNKNOWN_FIELDS: &str = r#"{
  "requestId": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
  "documentType": 42,
  "riskLevel": "low",
  "newTopLevel": { "nested": [1, 2, 3], "flag": true },
  "document": { "fullName": "JANE Q SAMPLE", "nationalityCode": "USA" },
  "documentVerificationResult": { "documentConfidence": 90, "isHologramPresent": true },
  "faceMatchVerificationResult": { "faceMatchConfidence": 80, "faceQuality": 0.93 },
  "antiSpoofingVerificationResult": { "antiSpoofingFaceImageConfidence": 70, "method": "passive" },
  "externalVerificationResults": [ { "name": "AddressValidation", "status": 1, "provider": "X" } ]
}"#;

#[test]
fn v4_unknown_fields_are_kept_and_serialized_back() {
    let response: ResponseV4 = serde_json::from_str(V4_WITH_UNKNOWN_FIELDS).unwrap();
    assert_eq!(response.extra.get("riskLevel"), Some(&json!("low")));
    assert_eq!(
        response
            .document
            .as_ref()
            .unwrap()
            .extra
            .get("nationalityCode"),
        Some(&json!("USA"))
    );
    assert_eq!(
        response
            .document_verification_result
            .as_ref()
            .unwrap()
            .extra
            .get("isHologramPresent"),
        Some(&json!(true))
    );
    assert_eq!(
        response.external_verification_results[0]
            .extra
            .get("provider"),
        Some(&json!("X"))
    );

    let written: Value = serde_json::to_value(&response).unwrap();
    let original: Value = serde_json::from_str(V4_WITH_UNKNOWN_FIELDS).unwrap();
    // Every field the server sent is still there, with the same value.
    assert_eq!(written, original);
}

#[test]
fn v3_unknown_fields_are_kept_and_serialized_back() {
    let text = r#"{
      "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      "documentType": 1,
      "machineReadable": {},
      "documentVerificationResult": { "totalConfidence": 70, "statusString": "Ok", "type": "DL" },
      "faceVerificationResult": { "confidence": 60, "faceAnalytics": { "realfaceConf": 99 } }
    }"#;
    let response: ResponseV3 = serde_json::from_str(text).unwrap();
    let written: Value = serde_json::to_value(&response).unwrap();
    assert_eq!(written, serde_json::from_str::<Value>(text).unwrap());
}

#[test]
fn odd_but_valid_values_do_not_fail_a_response() {
    // Flags as strings or numbers, scores out of range or null, lists as null, a request id
    // that is not a UUID: the response still parses, and what did not fit is "not reported".
    let text = r#"{
      "requestId": "not-a-uuid",
      "documentConfidenceScores": null,
      "documentVerificationResult": {
        "documentConfidence": 250,
        "isDocumentExpired": "false",
        "isOcrSuccess": 1,
        "isPdf417Success": "maybe"
      },
      "faceMatchVerificationResult": { "faceMatchConfidence": null, "falseAcceptanceRate": -1 },
      "externalVerificationResults": null
    }"#;
    let response: ResponseV4 = serde_json::from_str(text).unwrap();
    assert_eq!(response.request_id, None);
    let doc = response.document_verification_result.unwrap();
    assert_eq!(doc.document_confidence, None);
    assert_eq!(doc.is_document_expired, Some(false));
    assert_eq!(doc.is_ocr_success, Some(true));
    assert_eq!(doc.is_pdf417_success, None);
    let face = response.face_match_verification_result.unwrap();
    assert_eq!(face.face_match_confidence, None);
    assert_eq!(face.false_acceptance_rate, None);
    assert!(response.external_verification_results.is_empty());
}
