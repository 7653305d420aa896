//! DVS's fraud and consistency signals and the external checks, read from raw fixtures
//! (`tests/support/fixtures/signals/`, parsed byte for byte) and decided on: one table per
//! policy, a row per signal.

use dvs_secret::{
    Check, DocumentStatusV3, ExternalCheckName, ExternalCheckStatus, Outcome, Policy, RawCode,
    Reason, Severity, Signal, SignalAction, VerificationResult,
};
use dvs_test_support::fixture;

fn v4(name: &str) -> VerificationResult {
    VerificationResult::parse_v4(fixture(&format!("signals/{name}")).into()).unwrap()
}

fn v3(name: &str) -> VerificationResult {
    VerificationResult::parse_v3(fixture(&format!("signals/{name}")).into()).unwrap()
}

/// Every signal: its fixture, the signal it raises, and the reason it gives.
fn rows() -> Vec<(&'static str, VerificationResult, Signal, Reason)> {
    vec![
        (
            "v4_data_fields_tampered",
            v4("v4_data_fields_tampered.json"),
            Signal::DataFieldsTampered,
            Reason::DataFieldsTampered,
        ),
        (
            "v4_document_photo_tampered",
            v4("v4_document_photo_tampered.json"),
            Signal::DocumentPhotoTampered,
            Reason::DocumentPhotoTampered,
        ),
        (
            "v4_suspicious_selfie",
            v4("v4_suspicious_selfie.json"),
            Signal::SuspiciousSelfie,
            Reason::SuspiciousSelfie,
        ),
        (
            "v4_document_invalidated",
            v4("v4_document_invalidated.json"),
            Signal::DocumentInvalidated,
            Reason::DocumentInvalidated,
        ),
        (
            "v4_age_check_failed",
            v4("v4_age_check_failed.json"),
            Signal::AgeCheckFailed,
            Reason::AgeCheckFailed,
        ),
        (
            "v4_gender_check_failed",
            v4("v4_gender_check_failed.json"),
            Signal::GenderCheckFailed,
            Reason::GenderCheckFailed,
        ),
        (
            "v4_limited_duration_document",
            v4("v4_limited_duration_document.json"),
            Signal::LimitedDurationDocument,
            Reason::LimitedDurationDocument,
        ),
        (
            "v4_international_check_failed",
            v4("v4_international_check_failed.json"),
            Signal::InternationalCheckFailed,
            Reason::InternationalCheckFailed,
        ),
        (
            "v3_status_suspicious",
            v3("v3_status_suspicious.json"),
            Signal::DocumentStatusNotOk,
            Reason::DocumentStatusNotOk { status: Some(2) },
        ),
        (
            "v3_status_code_only",
            v3("v3_status_code_only.json"),
            Signal::DocumentStatusNotOk,
            Reason::DocumentStatusNotOk { status: Some(3) },
        ),
    ]
}

#[test]
fn every_signal_has_a_row() {
    let rows = rows();
    for signal in Signal::ALL {
        assert!(
            rows.iter().any(|(_, _, s, _)| s == signal),
            "{signal:?} has no row"
        );
    }
}

#[test]
fn each_fixture_raises_exactly_its_signal() {
    for (name, result, signal, _) in rows() {
        assert_eq!(result.signals.raised(), [signal], "{name}");
    }
}

#[test]
fn every_signal_under_the_default_policy() {
    // signal → outcome under Policy::default(), with top scores everywhere.
    let table = [
        (Signal::DataFieldsTampered, Outcome::Review),
        (Signal::DocumentPhotoTampered, Outcome::Review),
        (Signal::SuspiciousSelfie, Outcome::Review),
        (Signal::DocumentInvalidated, Outcome::Review),
        (Signal::AgeCheckFailed, Outcome::Review),
        (Signal::GenderCheckFailed, Outcome::Review),
        (Signal::LimitedDurationDocument, Outcome::Approve),
        (Signal::InternationalCheckFailed, Outcome::Review),
        (Signal::DocumentStatusNotOk, Outcome::Review),
    ];
    for (name, result, signal, reason) in rows() {
        let expected = table.iter().find(|(s, _)| *s == signal).unwrap().1;
        let decision = Policy::default().decide(&result);
        assert_eq!(decision.outcome, expected, "{name}: {decision:?}");
        let reasons: &[Reason] = if expected == Outcome::Approve {
            &[]
        } else {
            std::slice::from_ref(&reason)
        };
        assert_eq!(decision.reasons, reasons, "{name}");
        assert_eq!(reason.check(), check_of(signal), "{name}");
    }
}

#[test]
fn every_signal_under_a_configured_policy() {
    // Each signal switched away from its default: reviews become rejects, the ignored one a
    // review; then every signal ignored.
    let mut configured = Policy::default();
    for &signal in Signal::ALL {
        let action = if signal == Signal::LimitedDurationDocument {
            SignalAction::Review
        } else {
            SignalAction::Reject
        };
        configured = configured.with_signal(signal, action);
    }
    let lenient = Signal::ALL
        .iter()
        .fold(Policy::default(), |policy, &signal| {
            policy.with_signal(signal, SignalAction::Ignore)
        });
    for (name, result, signal, reason) in rows() {
        let decision = configured.decide(&result);
        let expected = if signal == Signal::LimitedDurationDocument {
            Outcome::Review
        } else {
            Outcome::Reject
        };
        assert_eq!(decision.outcome, expected, "{name}");
        assert_eq!(decision.reasons, [reason], "{name}");
        let decision = lenient.decide(&result);
        assert_eq!(decision.outcome, Outcome::Approve, "{name}: {decision:?}");
        assert!(decision.reasons.is_empty(), "{name}");
    }
    // The policy's switches round-trip through its serde form (a policy kept in config).
    let json = serde_json::to_value(&configured).unwrap();
    assert_eq!(json["signal_actions"]["data_fields_tampered"], "reject");
    let back: Policy = serde_json::from_value(json).unwrap();
    assert_eq!(back, configured);
}

#[test]
fn signals_not_reported_or_clear_approve() {
    for name in ["v4_no_signal_reported.json", "v4_every_signal_clear.json"] {
        let result = v4(name);
        assert!(result.signals.raised().is_empty(), "{name}");
        let decision = Policy::default().decide(&result);
        assert_eq!(decision.outcome, Outcome::Approve, "{name}: {decision:?}");
    }
    // null stays "not reported", never false.
    let none = v4("v4_no_signal_reported.json").signals;
    for &signal in Signal::ALL {
        assert_eq!(none.is_raised(signal), None, "{signal:?}");
    }
    assert_eq!(none.assessed_age_from_selfie, None);
    let clear = v4("v4_every_signal_clear.json").signals;
    assert_eq!(clear.data_fields_tampered, Some(false));
    assert_eq!(clear.age_check_success, Some(true));
    assert_eq!(clear.assessed_age_from_selfie, Some(34.0));
    assert_eq!(clear.assessed_age_from_document, Some(36.0));
    assert_eq!(clear.document_status, None, "v4 has no document status");
    // A flag the SDK does not model is readable.
    assert_eq!(
        clear
            .unmodelled
            .get("antiSpoofingVerificationResult.isScreenReplayDetected"),
        Some(&serde_json::json!(true))
    );
    // v3: an `Ok` status, and no v4 flag at all.
    let ok = v3("v3_status_ok.json");
    assert_eq!(ok.signals.document_status, Some(DocumentStatusV3::Ok));
    assert_eq!(ok.signals.data_fields_tampered, None);
    assert_eq!(Policy::default().decide(&ok).outcome, Outcome::Approve);
}

#[test]
fn external_checks_are_typed_and_keep_their_raw_values() {
    let result = v4("v4_external_check_failed.json");
    let checks = &result.external_checks;
    assert_eq!(checks[1].check_name(), Some(ExternalCheckName::Dmv));
    assert_eq!(
        checks[1].check_status(),
        Some(ExternalCheckStatus::Unknown(RawCode::Int(2)))
    );
    assert_eq!(checks[1].name.as_deref(), Some("DMVValidation"));
    assert_eq!(checks[1].status, Some(RawCode::Int(2)));
    // A name this SDK does not know stays as sent.
    assert_eq!(
        checks[2].check_name(),
        Some(ExternalCheckName::Unknown(RawCode::Text(
            "OFACWatchlistScreening".into()
        )))
    );
    let disabled = v4("v4_every_signal_clear.json");
    assert_eq!(
        disabled.external_checks[1].check_status(),
        Some(ExternalCheckStatus::Disabled)
    );
    // External checks never enter the default decision.
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
}

/// A required-check row: label, result, the check required, its severity, the passing status
/// named (if any), and the reason expected (none: approve).
type Row<'a> = (
    &'a str,
    &'a VerificationResult,
    ExternalCheckName,
    Severity,
    Option<i64>,
    Option<Reason>,
);

#[test]
fn required_external_checks_as_a_table() {
    let v4_failed = v4("v4_external_check_failed.json");
    let v3_failed = v3("v3_external_check_failed.json");
    let ofac_as_sent = ExternalCheckName::from_raw(RawCode::Text("OFACWatchlistScreening".into()));
    let table: Vec<Row> = vec![
        // No passing status named: a check that ran is not counted as passed.
        (
            "v4 address, no passing status",
            &v4_failed,
            ExternalCheckName::Address,
            Severity::Review,
            None,
            Some(Reason::ExternalCheckNotPassed {
                check: Check::AddressValidation,
                status: Some(1),
            }),
        ),
        (
            "v4 address passes",
            &v4_failed,
            ExternalCheckName::Address,
            Severity::Review,
            Some(1),
            None,
        ),
        (
            "v4 DMV failed",
            &v4_failed,
            ExternalCheckName::Dmv,
            Severity::Reject,
            Some(1),
            Some(Reason::ExternalCheckNotPassed {
                check: Check::DmvValidation,
                status: Some(2),
            }),
        ),
        (
            "v4 IdentiFraud absent",
            &v4_failed,
            ExternalCheckName::IdentiFraud,
            Severity::Review,
            Some(1),
            Some(Reason::ExternalCheckNotRun {
                check: Check::IdentiFraudValidation,
            }),
        ),
        (
            "v4 OFAC under its inferred name: absent",
            &v4_failed,
            ExternalCheckName::Ofac,
            Severity::Reject,
            Some(1),
            Some(Reason::ExternalCheckNotRun {
                check: Check::OfacValidation,
            }),
        ),
        (
            "v4 OFAC required by the name sent",
            &v4_failed,
            ofac_as_sent.clone(),
            Severity::Reject,
            Some(1),
            None,
        ),
        (
            "v3 IdentiFraud failed",
            &v3_failed,
            ExternalCheckName::IdentiFraud,
            Severity::Reject,
            Some(1),
            Some(Reason::ExternalCheckNotPassed {
                check: Check::IdentiFraudValidation,
                status: Some(2),
            }),
        ),
        (
            "v3 DMV disabled",
            &v3_failed,
            ExternalCheckName::Dmv,
            Severity::Review,
            Some(1),
            Some(Reason::ExternalCheckNotRun {
                check: Check::DmvValidation,
            }),
        ),
        (
            "v3 address passes",
            &v3_failed,
            ExternalCheckName::Address,
            Severity::Reject,
            Some(1),
            None,
        ),
    ];
    for (name, result, check, severity, passing, expected) in table {
        let mut policy = Policy::default().require_external_check(check, severity);
        if let Some(code) = passing {
            policy = policy.with_external_check_passing_status(code);
        }
        let decision = policy.decide(result);
        let outcome = match (&expected, severity) {
            (None, _) => Outcome::Approve,
            (Some(_), Severity::Review) => Outcome::Review,
            (Some(_), _) => Outcome::Reject,
        };
        assert_eq!(decision.outcome, outcome, "{name}: {decision:?}");
        assert_eq!(
            decision.reasons,
            expected.into_iter().collect::<Vec<_>>(),
            "{name}"
        );
    }
}

#[test]
fn new_reasons_serialize_as_codes_and_numbers_only() {
    let table = [
        (
            Reason::DataFieldsTampered,
            r#"{"code":"data_fields_tampered"}"#,
        ),
        (
            Reason::DocumentPhotoTampered,
            r#"{"code":"document_photo_tampered"}"#,
        ),
        (Reason::SuspiciousSelfie, r#"{"code":"suspicious_selfie"}"#),
        (
            Reason::DocumentInvalidated,
            r#"{"code":"document_invalidated"}"#,
        ),
        (Reason::AgeCheckFailed, r#"{"code":"age_check_failed"}"#),
        (
            Reason::GenderCheckFailed,
            r#"{"code":"gender_check_failed"}"#,
        ),
        (
            Reason::LimitedDurationDocument,
            r#"{"code":"limited_duration_document"}"#,
        ),
        (
            Reason::InternationalCheckFailed,
            r#"{"code":"international_check_failed"}"#,
        ),
        (
            Reason::DocumentStatusNotOk { status: Some(2) },
            r#"{"code":"document_status_not_ok","status":2}"#,
        ),
        (
            Reason::ExternalCheckNotPassed {
                check: Check::DmvValidation,
                status: Some(2),
            },
            r#"{"code":"external_check_not_passed","check":"dmv_validation","status":2}"#,
        ),
        (
            Reason::ExternalCheckNotRun {
                check: Check::OfacValidation,
            },
            r#"{"code":"external_check_not_run","check":"ofac_validation"}"#,
        ),
    ];
    for (reason, json) in table {
        assert_eq!(serde_json::to_string(&reason).unwrap(), json);
        assert_eq!(serde_json::from_str::<Reason>(json).unwrap(), reason);
    }
}

fn check_of(signal: Signal) -> Check {
    match signal {
        Signal::DataFieldsTampered => Check::DataFieldsIntegrity,
        Signal::DocumentPhotoTampered => Check::DocumentPhotoIntegrity,
        Signal::SuspiciousSelfie => Check::SelfieAuthenticity,
        Signal::DocumentInvalidated => Check::DocumentValidity,
        Signal::AgeCheckFailed => Check::AgeEstimate,
        Signal::GenderCheckFailed => Check::GenderEstimate,
        Signal::LimitedDurationDocument => Check::DocumentDuration,
        Signal::InternationalCheckFailed => Check::InternationalDocument,
        Signal::DocumentStatusNotOk => Check::DocumentStatus,
        other => panic!("no check for {other:?}"),
    }
}
