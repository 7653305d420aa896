use dvs_client_app::Args;
use dvs_full_flow::{Environment, run_full_flow};
use dvs_public::{Outcome, Summary};

async fn flow(scenario: &str) -> (Summary, String) {
    let args = Args {
        scenario: Some(scenario.into()),
        json: true,
        ..Args::default()
    };
    let mut out = Vec::new();
    let summary = run_full_flow(&args, &Environment::default(), &mut out)
        .await
        .expect("the flow completes");
    (summary, String::from_utf8(out).unwrap())
}

fn last_line_summary(output: &str) -> Summary {
    let last = output.lines().last().expect("some output");
    serde_json::from_str(last).expect("the last line is the JSON summary")
}

#[tokio::test]
async fn approved_scenario_prints_every_step_and_approves() {
    let (summary, output) = flow("approved").await;
    assert_eq!(summary.outcome, Outcome::Approve);
    for step in [
        "1. client: request created",
        "2. client: request id passed",
        "3. backend: verified",
        "4. decision: APPROVE",
    ] {
        assert!(output.contains(step), "missing `{step}` in:\n{output}");
    }
    let printed = last_line_summary(&output);
    assert_eq!(printed, summary);
    assert!(printed.reasons.is_empty());
    assert!(printed.scores.document_confidence.unwrap().get() >= 90);
    // keys and document data never reach the output
    for secret in ["pk_", "sk_", "SAMPLE", "1990"] {
        assert!(
            !output.contains(secret),
            "`{secret}` leaked into:\n{output}"
        );
    }
}

#[tokio::test]
async fn face_mismatch_scenario_rejects_with_a_face_match_reason() {
    let (summary, output) = flow("face-mismatch").await;
    assert_eq!(summary.outcome, Outcome::Reject);
    assert!(output.contains("4. decision: REJECT"), "{output}");
    let printed = last_line_summary(&output);
    let reasons = serde_json::to_value(&printed.reasons).unwrap();
    assert_eq!(reasons[0]["code"], "below_threshold");
    assert_eq!(reasons[0]["check"], "face_match");
    assert_eq!(printed.scores.face_match_confidence.unwrap().get(), 20);
}

#[tokio::test]
async fn fraud_signal_scenarios_end_in_review_with_the_reason_printed() {
    // The enhanced flow is v3: DVS's verdict is not `Ok`, or (failed external check) the
    // document confidence it lowered is under the threshold.
    for (scenario, code) in [
        ("data-fields-tampered", "document_status_not_ok"),
        ("document-photo-tampered", "document_status_not_ok"),
        ("invalidated-document", "document_status_not_ok"),
        ("suspicious-selfie", "document_status_not_ok"),
        ("failed-external-check", "below_threshold"),
    ] {
        let (summary, output) = flow(scenario).await;
        assert_eq!(summary.outcome, Outcome::Review, "{scenario}: {output}");
        assert!(
            output.contains("4. decision: REVIEW because"),
            "{scenario}: {output}"
        );
        assert!(
            output.contains(&format!("\"code\":\"{code}\"")),
            "{scenario}: {output}"
        );
        for secret in ["pk_", "sk_", "SAMPLE", "1990"] {
            assert!(
                !output.contains(secret),
                "`{secret}` leaked into:\n{output}"
            );
        }
    }
}

#[tokio::test]
async fn low_document_confidence_rejects() {
    let (summary, _) = flow("low-document-confidence").await;
    assert_eq!(summary.outcome, Outcome::Reject);
}

#[tokio::test]
async fn ocr_error_scenario_ends_with_a_retake_message() {
    let args = Args {
        scenario: Some("ocr-error".into()),
        ..Args::default()
    };
    let mut out = Vec::new();
    let err = run_full_flow(&args, &Environment::default(), &mut out)
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("document_rejected") && text.contains("retake"),
        "{text}"
    );
}

#[tokio::test]
async fn unknown_scenario_lists_the_names() {
    let args = Args {
        scenario: Some("nope".into()),
        ..Args::default()
    };
    let err = run_full_flow(&args, &Environment::default(), &mut Vec::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("face-mismatch"), "{err}");
}

#[tokio::test]
async fn one_key_alone_is_refused_and_not_printed() {
    let env = Environment {
        public_key: Some("pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".into()),
        ..Environment::default()
    };
    let err = run_full_flow(&Args::default(), &env, &mut Vec::new())
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(text.contains("DVS_SECRET_KEY"), "{text}");
    assert!(!text.contains("a47764c0"), "{text}");
}

#[tokio::test]
async fn with_keys_it_runs_against_the_given_server() {
    // A "real" server stand-in: a separate mock whose keys and URL come in through the
    // environment, exactly as a user's real keys would.
    let server = dvs_mock::MockDvs::start().await;
    let env = Environment {
        public_key: Some(server.public_key().expose_secret().to_owned()),
        secret_key: Some(server.secret_key().expose_secret().to_owned()),
        base_url: Some(server.base_url()),
    };
    let assets = concat!(env!("CARGO_MANIFEST_DIR"), "/../../dvs-mock/assets");
    let args = Args::parse(
        [
            "--front",
            &format!("{assets}/front.png"),
            "--back",
            &format!("{assets}/back.png"),
            "--selfie",
            &format!("{assets}/selfie.png"),
            "--document-type",
            "id",
            "--json",
        ]
        .map(String::from),
    )
    .unwrap();
    let mut out = Vec::new();
    let summary = run_full_flow(&args, &env, &mut out).await.unwrap();
    assert_eq!(summary.outcome, Outcome::Approve);
    let output = String::from_utf8(out).unwrap();
    assert!(!output.contains(server.secret_key().expose_secret()));
    assert!(!output.contains(server.public_key().expose_secret()));
    // the server really received the create and the verify
    let paths: Vec<String> = server
        .received()
        .iter()
        .map(|r| r.path.to_ascii_lowercase())
        .collect();
    assert!(paths.iter().any(|p| p == "/api/v3/request"), "{paths:?}");
    assert!(
        paths.iter().any(|p| p.starts_with("/api/v3/verify/")),
        "{paths:?}"
    );
}
