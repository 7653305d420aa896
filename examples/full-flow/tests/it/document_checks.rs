//! The age gate and the identity match end to end: the command line's `--min-age`,
//! `--expect-name` and `--expect-dob`, through the client app, the backend's policy and the
//! mock's scenarios, to the summary. Nothing of the document reaches the output.

use dvs_client_app::Args;
use dvs_full_flow::{Environment, run_full_flow};
use dvs_public::{Outcome, Summary};

async fn flow(command_line: &[&str]) -> (Summary, String) {
    let args = Args::parse(command_line.iter().map(|s| (*s).to_owned())).unwrap();
    let mut out = Vec::new();
    let summary = run_full_flow(&args, &Environment::default(), &mut out)
        .await
        .expect("the flow completes");
    let output = String::from_utf8(out).unwrap();
    for pii in ["SAMPLE", "EXEMPLAR", "1990", "1985", "01/31", "MOCK0000001"] {
        assert!(!output.contains(pii), "`{pii}` leaked into:\n{output}");
    }
    (summary, output)
}

fn reasons(summary: &Summary) -> serde_json::Value {
    serde_json::to_value(&summary.reasons).unwrap()
}

#[tokio::test]
async fn underage_with_min_age_21_rejects_with_under_minimum_age() {
    let (summary, output) = flow(&["--scenario", "underage", "--min-age", "21", "--json"]).await;
    assert_eq!(summary.outcome, Outcome::Reject, "{output}");
    assert_eq!(
        reasons(&summary),
        serde_json::json!([{"code": "under_minimum_age", "minimum": 21}])
    );
    assert_eq!(summary.age_verified, Some(false));
    assert!(output.contains("age verified: no"), "{output}");
    assert!(output.contains("\"ageVerified\":false"), "{output}");
}

#[tokio::test]
async fn underage_without_an_age_gate_is_approved() {
    let (summary, _) = flow(&["--scenario", "underage", "--json"]).await;
    assert_eq!(summary.outcome, Outcome::Approve);
    assert_eq!(summary.age_verified, None);
}

#[tokio::test]
async fn an_adult_passes_the_age_gate_and_the_identity_match() {
    let (summary, output) = flow(&[
        "--scenario",
        "approved",
        "--min-age",
        "21",
        "--expect-name",
        "Sample, Jane",
        "--expect-dob",
        "01/31/1990",
    ])
    .await;
    assert_eq!(summary.outcome, Outcome::Approve, "{output}");
    assert_eq!(summary.age_verified, Some(true));
    assert!(output.contains("age verified: yes"), "{output}");
}

#[tokio::test]
async fn a_document_of_someone_else_rejects_with_identity_mismatch() {
    let (summary, _) = flow(&[
        "--scenario",
        "name-differs",
        "--expect-name",
        "Jane Q Sample",
        "--expect-dob",
        "1990-01-31",
    ])
    .await;
    assert_eq!(summary.outcome, Outcome::Reject);
    assert_eq!(
        reasons(&summary),
        serde_json::json!([
            {"code": "identity_mismatch", "check": "identity_name"},
            {"code": "identity_mismatch", "check": "identity_date_of_birth"},
        ])
    );
}

#[tokio::test]
async fn us_format_dates_are_read() {
    let (summary, _) = flow(&[
        "--scenario",
        "us-date-format",
        "--min-age",
        "21",
        "--expect-dob",
        "1990-01-31",
    ])
    .await;
    assert_eq!(summary.outcome, Outcome::Approve, "{:?}", summary.reasons);
    assert_eq!(summary.age_verified, Some(true));
}

#[tokio::test]
async fn an_unreadable_date_of_birth_goes_to_review() {
    let (summary, _) = flow(&["--scenario", "unreadable-date", "--min-age", "18"]).await;
    assert_eq!(summary.outcome, Outcome::Review);
    assert_eq!(
        reasons(&summary),
        serde_json::json!([{"code": "age_unverifiable", "minimum": 18, "problem": "unreadable"}])
    );
    assert_eq!(summary.age_verified, Some(false));
}

#[tokio::test]
async fn an_expired_document_rejects_with_document_expired() {
    let (summary, _) = flow(&["--scenario", "expired-document", "--min-age", "21"]).await;
    assert_eq!(summary.outcome, Outcome::Reject);
    let reasons = reasons(&summary);
    assert!(
        reasons
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "document_expired"),
        "{reasons}"
    );
    assert_eq!(summary.age_verified, Some(true));
}

#[test]
fn bad_flags_are_usage_errors() {
    for bad in [
        &["--min-age", "twenty-one"][..],
        &["--min-age", "300"],
        &["--expect-dob", "31/31/1990"],
        &["--expect-dob"],
    ] {
        let args = bad.iter().map(|s| (*s).to_owned());
        let error = Args::parse(args).unwrap_err().to_string();
        assert!(
            !error.contains("31/31"),
            "the typed date is not echoed: {error}"
        );
    }
}
