//! Policy → Decision, as a table: one row per reason and per edge.

use dvs_secret::{
    Check, Confidence, FalseAcceptanceRate, Outcome, Policy, Reason, VerificationResult,
};
use serde_json::{Map, Value, json};

/// Scores of a small v4 result; `None` leaves the field out, `Some(-1)` sends "not available".
#[derive(Clone, Copy)]
struct Scores {
    doc: Option<i64>,
    face: Option<i64>,
    spoof: Option<i64>,
    far: Option<f64>,
    expired: Option<bool>,
}

const GOOD: Scores = Scores {
    doc: Some(90),
    face: Some(90),
    spoof: Some(90),
    far: Some(0.0),
    expired: Some(false),
};

fn result(s: Scores) -> VerificationResult {
    fn put(map: &mut Map<String, Value>, key: &str, value: Option<Value>) {
        if let Some(value) = value {
            map.insert(key.into(), value);
        }
    }
    let mut doc = Map::new();
    put(&mut doc, "documentConfidence", s.doc.map(Value::from));
    put(&mut doc, "isDocumentExpired", s.expired.map(Value::from));
    let mut face = Map::new();
    put(&mut face, "faceMatchConfidence", s.face.map(Value::from));
    put(&mut face, "falseAcceptanceRate", s.far.map(Value::from));
    let mut spoof = Map::new();
    put(
        &mut spoof,
        "antiSpoofingFaceImageConfidence",
        s.spoof.map(Value::from),
    );
    let body = json!({
        "requestId": crate::support::ID,
        "document": { "fullName": "JANE Q SAMPLE" },
        "documentVerificationResult": doc,
        "faceMatchVerificationResult": face,
        "antiSpoofingVerificationResult": spoof,
    });
    VerificationResult::parse_v4(serde_json::to_vec(&body).unwrap().into()).unwrap()
}

fn c(value: u8) -> Confidence {
    Confidence::new(value).unwrap()
}

fn below(check: Check, score: u8, threshold: u8) -> Reason {
    Reason::BelowThreshold {
        check,
        score: c(score),
        threshold: c(threshold),
    }
}

fn far(value: f64) -> FalseAcceptanceRate {
    FalseAcceptanceRate::new(value).unwrap()
}

#[test]
fn policy_to_decision_table() {
    let default = Policy::default();
    let no_face = Policy::default().with_require_face_match(false);
    let far_max = Policy::default().with_max_false_acceptance_rate(far(0.1));
    let keep_expired = Policy::default().with_reject_expired(false);
    let strict_doc = Policy::default().with_min_document_confidence(c(90));
    let no_margin = Policy::default().with_review_margin(0);

    #[rustfmt::skip]
    let table: Vec<(&str, Policy, Scores, Outcome, Vec<Reason>)> = vec![
        ("all good", default.clone(), GOOD, Outcome::Approve, vec![]),
        ("exactly at the thresholds", default.clone(),
            Scores { doc: Some(70), face: Some(70), spoof: Some(70), ..GOOD }, Outcome::Approve, vec![]),
        ("document just below", default.clone(), Scores { doc: Some(65), ..GOOD },
            Outcome::Review, vec![below(Check::DocumentConfidence, 65, 70)]),
        ("document far below", default.clone(), Scores { doc: Some(40), ..GOOD },
            Outcome::Reject, vec![below(Check::DocumentConfidence, 40, 70)]),
        ("face at the edge of the margin", default.clone(), Scores { face: Some(60), ..GOOD },
            Outcome::Review, vec![below(Check::FaceMatch, 60, 70)]),
        ("face one past the margin", default.clone(), Scores { face: Some(59), ..GOOD },
            Outcome::Reject, vec![below(Check::FaceMatch, 59, 70)]),
        ("anti-spoofing just below", default.clone(), Scores { spoof: Some(69), ..GOOD },
            Outcome::Review, vec![below(Check::AntiSpoofing, 69, 70)]),
        ("anti-spoofing far below", default.clone(), Scores { spoof: Some(20), ..GOOD },
            Outcome::Reject, vec![below(Check::AntiSpoofing, 20, 70)]),
        ("document score missing", default.clone(), Scores { doc: None, ..GOOD },
            Outcome::Review, vec![Reason::Missing { check: Check::DocumentConfidence }]),
        ("document score -1 (not available)", default.clone(), Scores { doc: Some(-1), ..GOOD },
            Outcome::Review, vec![Reason::Missing { check: Check::DocumentConfidence }]),
        ("face scores missing, required", default.clone(), Scores { face: None, spoof: None, ..GOOD },
            Outcome::Review, vec![
                Reason::Missing { check: Check::FaceMatch },
                Reason::Missing { check: Check::AntiSpoofing },
            ]),
        ("face score -1, required", default.clone(), Scores { face: Some(-1), ..GOOD },
            Outcome::Review, vec![Reason::Missing { check: Check::FaceMatch }]),
        ("face scores missing, not required", no_face.clone(), Scores { face: None, spoof: None, ..GOOD },
            Outcome::Approve, vec![]),
        ("face score low, not required but reported", no_face.clone(), Scores { face: Some(30), ..GOOD },
            Outcome::Reject, vec![below(Check::FaceMatch, 30, 70)]),
        ("false acceptance rate over the maximum", far_max.clone(), Scores { far: Some(0.5), ..GOOD },
            Outcome::Reject, vec![Reason::FalseAcceptanceRateTooHigh { rate: far(0.5), max: far(0.1) }]),
        ("false acceptance rate at the maximum", far_max.clone(), Scores { far: Some(0.1), ..GOOD },
            Outcome::Approve, vec![]),
        ("false acceptance rate with no maximum", default.clone(), Scores { far: Some(0.5), ..GOOD },
            Outcome::Approve, vec![]),
        ("false acceptance rate missing", far_max.clone(), Scores { far: None, ..GOOD },
            Outcome::Approve, vec![]),
        ("expired", default.clone(), Scores { expired: Some(true), ..GOOD },
            Outcome::Reject, vec![Reason::DocumentExpired]),
        ("expired, accepted by policy", keep_expired.clone(), Scores { expired: Some(true), ..GOOD },
            Outcome::Approve, vec![]),
        ("expiry not determined", default.clone(), Scores { expired: None, ..GOOD },
            Outcome::Approve, vec![]),
        ("several reasons, the worst wins", default.clone(),
            Scores { doc: Some(65), spoof: Some(10), expired: Some(true), ..GOOD },
            Outcome::Reject, vec![
                below(Check::DocumentConfidence, 65, 70),
                below(Check::AntiSpoofing, 10, 70),
                Reason::DocumentExpired,
            ]),
        ("two reviews stay a review", default.clone(), Scores { doc: Some(66), face: Some(61), ..GOOD },
            Outcome::Review, vec![
                below(Check::DocumentConfidence, 66, 70),
                below(Check::FaceMatch, 61, 70),
            ]),
        ("a stricter document threshold", strict_doc.clone(), Scores { doc: Some(85), ..GOOD },
            Outcome::Review, vec![below(Check::DocumentConfidence, 85, 90)]),
        ("no review margin", no_margin.clone(), Scores { doc: Some(69), ..GOOD },
            Outcome::Reject, vec![below(Check::DocumentConfidence, 69, 70)]),
    ];

    for (name, policy, scores, outcome, reasons) in table {
        let decision = policy.decide(&result(scores));
        assert_eq!(decision.outcome, outcome, "{name}");
        assert_eq!(decision.reasons, reasons, "{name}");
    }
}

#[test]
fn defaults_are_idscan_s_recommendation() {
    let policy = Policy::default();
    assert_eq!(policy.min_document_confidence, c(70));
    assert_eq!(policy.min_face_match_confidence, c(70));
    assert_eq!(policy.min_anti_spoofing_confidence, c(70));
    assert_eq!(policy.max_false_acceptance_rate, None);
    assert!(policy.reject_expired);
    assert!(policy.require_face_match);
}

#[test]
fn each_reason_names_its_check() {
    assert_eq!(below(Check::FaceMatch, 1, 2).check(), Check::FaceMatch);
    assert_eq!(
        Reason::Missing {
            check: Check::AntiSpoofing
        }
        .check(),
        Check::AntiSpoofing
    );
    let too_high = Reason::FalseAcceptanceRateTooHigh {
        rate: far(0.5),
        max: far(0.1),
    };
    assert_eq!(too_high.check(), Check::FalseAcceptanceRate);
    assert_eq!(Reason::DocumentExpired.check(), Check::DocumentExpiry);
}

#[test]
fn reasons_are_machine_readable() {
    let reasons = [
        below(Check::FaceMatch, 60, 70),
        Reason::Missing {
            check: Check::AntiSpoofing,
        },
        Reason::FalseAcceptanceRateTooHigh {
            rate: far(0.5),
            max: far(0.1),
        },
        Reason::DocumentExpired,
    ];
    assert_eq!(
        serde_json::to_value(reasons).unwrap(),
        json!([
            { "code": "below_threshold", "check": "face_match", "score": 60, "threshold": 70 },
            { "code": "missing", "check": "anti_spoofing" },
            { "code": "false_acceptance_rate_too_high", "rate": 0.5, "max": 0.1 },
            { "code": "document_expired" },
        ])
    );
}
