//! The client-safe Summary: outcome, reasons and scores, and no document data.

use dvs_secret::{Outcome, Policy, Summary, VerificationResult};
use dvs_test_support::fixture;
use serde_json::{Value, json};

use crate::support::ID;

/// Every string under `value`, recursively.
fn leaves(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
        Value::Object(map) => map.values().for_each(|v| leaves(v, out)),
        _ => {}
    }
}

#[test]
fn a_summary_holds_no_document_data() {
    for (name, v4) in [
        ("v4_verify.json", true),
        ("v3_verify.json", false),
        ("v4_unknown_fields.json", true),
    ] {
        let body = fixture(name);
        let result = if v4 {
            VerificationResult::parse_v4(body.clone().into()).unwrap()
        } else {
            VerificationResult::parse_v3(body.clone().into()).unwrap()
        };
        let decision = Policy::default().decide(&result);
        let summary = decision.summary(&result);
        let json = serde_json::to_string(&summary).unwrap();

        let source: Value = serde_json::from_slice(&body).unwrap();
        let mut document_values = Vec::new();
        leaves(&source["document"], &mut document_values);
        assert!(
            document_values.len() >= 5,
            "{name}: the fixture has document data"
        );
        for value in document_values.iter().filter(|v| v.len() >= 3) {
            assert!(
                !json.contains(value.as_str()),
                "{name}: summary leaks {value:?}: {json}"
            );
        }
        for key in [
            "\"document\"",
            "fullName",
            "\"dob\"",
            "address",
            "raw",
            "Base64",
        ] {
            assert!(!json.contains(key), "{name}: summary has {key:?}: {json}");
        }

        let parsed: Value = serde_json::from_str(&json).unwrap();
        let keys: Vec<&str> = parsed
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["outcome", "reasons", "requestId", "scores"],
            "{name}"
        );
    }
}

#[test]
fn a_summary_carries_id_outcome_reasons_and_scores() {
    let result = VerificationResult::parse_v4(fixture("v4_unknown_fields.json").into()).unwrap();
    let decision = Policy::default().decide(&result);
    assert_eq!(decision.outcome, Outcome::Reject);
    let summary = decision.summary(&result);
    assert_eq!(
        serde_json::to_value(&summary).unwrap(),
        json!({
            "requestId": ID,
            "outcome": "reject",
            "reasons": [
                { "code": "missing", "check": "face_match" },
                { "code": "below_threshold", "check": "anti_spoofing", "score": 58, "threshold": 70 },
                { "code": "document_expired" },
            ],
            "scores": {
                "documentConfidence": 75,
                "faceMatchConfidence": null,
                "antiSpoofingConfidence": 58,
            },
        })
    );
    // It round-trips, so the client app can read it with the same type.
    let back: Summary = serde_json::from_value(serde_json::to_value(&summary).unwrap()).unwrap();
    assert_eq!(back, summary);
}
