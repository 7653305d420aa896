//! The contract suite: the full enhanced flow through `dvs-public` (public key) and
//! `dvs-secret` (secret key) against `dvs-mock`, covering every scenario and error path.

use std::time::Duration;

use dvs_core::KeyKind;
use dvs_mock::{MockDvs, Scenario};
use dvs_public::{DocumentType, VerificationRequest};
use dvs_secret::{
    Error, Outcome, Policy, Reason, RequestId, RequestV4, RetryPolicy, SecretKey, V4Options,
    Verified,
};
use dvs_test_support::{expiring_mock, jpeg, outlive_request_expiry, png};

fn request() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Id)
        .front(jpeg(2048, 1))
        .back(png(1024, 2))
        .selfie(jpeg(2048, 1))
}

struct Flow {
    mock: MockDvs,
    public: dvs_public::Client,
    secret: dvs_secret::Client,
}

async fn flow_with(mock: MockDvs) -> Flow {
    let fast = RetryPolicy::immediate(2);
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .retry_policy(fast)
        .build()
        .unwrap();
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .retry_policy(fast)
        .build()
        .unwrap();
    Flow {
        mock,
        public,
        secret,
    }
}

async fn flow() -> Flow {
    flow_with(
        MockDvs::builder()
            .retry_after(Duration::from_secs(1))
            // Our own clients send only modelled fields: a typo would be refused.
            .strict_fields(true)
            .start()
            .await,
    )
    .await
}

impl Flow {
    async fn create(&self) -> RequestId {
        self.public
            .create_request(request())
            .await
            .unwrap()
            .request_id
    }

    fn hits(&self, path_prefix: &str) -> usize {
        self.mock
            .received()
            .iter()
            .filter(|r| r.path.to_ascii_lowercase().starts_with(path_prefix))
            .count()
    }
}

#[tokio::test]
async fn create_verify_decide_approves_with_a_client_safe_summary() {
    let f = flow().await;
    let created = f.public.create_request(request()).await.unwrap();
    assert!(created.is_pending());
    let result = f.secret.verify(&created.request_id).await.unwrap();
    assert_eq!(result.request_id, Some(created.request_id));
    let decision = Policy::default().decide(&result);
    assert_eq!(decision.outcome, Outcome::Approve, "{decision:?}");
    let summary = decision.summary(&result);
    let json = serde_json::to_string(&summary).unwrap();
    // The synthetic person's data is in the result, never in the summary.
    assert!(result.document.full_name.is_some());
    for pii in ["SAMPLE", "1990", "EXAMPLE ST"] {
        assert!(!json.contains(pii), "{pii} in {json}");
    }
    // What reached the mock: the create with the public key, Verify with the secret key.
    let received = f.mock.received();
    assert_eq!(received.len(), 2);
    assert!(received[0].path_is("/api/v3/Request"));
    assert_eq!(received[0].key_kind, Some(KeyKind::Public));
    assert_eq!(
        received[0].field("documentType"),
        Some(&serde_json::json!(1))
    );
    assert!(received[1].path_is(&format!("/api/v3/Verify/{}", created.request_id)));
    assert_eq!(received[1].key_kind, Some(KeyKind::Secret));
}

#[tokio::test]
async fn verify_twice_is_already_processed_and_recoverable_without_resending() {
    let f = flow().await;
    let id = f.create().await;
    let first = f.secret.verify(&id).await.unwrap();
    let second = f.secret.verify(&id).await.unwrap_err();
    assert!(matches!(second, Error::AlreadyProcessed(_)), "{second:?}");
    // The recovery path looks the stored result up; it does not verify a third time.
    let recovered = f.secret.verify_or_recover(&id).await.unwrap();
    assert!(matches!(recovered, Verified::Recovered { .. }));
    assert_eq!(
        recovered.result().document_confidence,
        first.document_confidence
    );
    assert_eq!(
        f.hits("/api/v3/verify/"),
        3,
        "verify, verify, verify_or_recover's one verify"
    );
    assert_eq!(f.hits("/api/v3/request/"), 1, "one result lookup");
}

#[tokio::test]
async fn the_stored_result_is_pending_then_verified() {
    let f = flow().await;
    let id = f.create().await;
    let before = f.secret.get_result(&id).await.unwrap();
    assert!(!before.is_verified());
    f.secret.verify(&id).await.unwrap();
    let after = f.secret.get_result(&id).await.unwrap();
    assert!(after.is_verified());
}

#[tokio::test]
async fn an_unknown_id_is_not_found() {
    let f = flow().await;
    let id: RequestId = "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().unwrap();
    assert!(matches!(
        f.secret.verify(&id).await,
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        f.secret.get_result(&id).await,
        Err(Error::NotFound(_))
    ));
}

#[tokio::test]
async fn the_public_key_cannot_verify() {
    // dvs-secret cannot even be built with a PublicKey (compile_fail doc tests); on the wire
    // the mock refuses it like DVS: 401 with the standard error body.
    let f = flow().await;
    let id = f.create().await;
    let response = reqwest::Client::new()
        .post(format!("{}api/v3/Verify/{id}", f.mock.base_url()))
        .bearer_auth(f.mock.public_key().expose_secret())
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let error = Error::from_response(status, None, &response.bytes().await.unwrap());
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    // The request is still pending: the refused call did not consume it.
    assert!(f.secret.verify(&id).await.is_ok());
}

#[tokio::test]
async fn a_secret_key_the_server_does_not_know_is_auth() {
    let f = flow().await;
    let id = f.create().await;
    let stranger = dvs_secret::Client::builder(
        SecretKey::new("sk_00000000-0000-4000-8000-000000000000").unwrap(),
    )
    .base_url(f.mock.base_url())
    .build()
    .unwrap();
    let err = stranger.verify(&id).await.unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    assert!(!err.to_string().contains("00000000-0000-4000"), "{err}");
}

#[tokio::test]
async fn the_secret_key_path_verifies_directly_v3_and_v4() {
    let f = flow().await;
    let v3 = dvs_secret::RequestV3::new(DocumentType::Id)
        .front(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap())
        .back(dvs_secret::Image::from_bytes(png(1024, 2)).unwrap())
        .selfie(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap())
        .verify_face(true);
    let result = f.secret.verify_v3(&v3).await.unwrap();
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
    let v4 = RequestV4::new(DocumentType::Id)
        .front(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap())
        .back(dvs_secret::Image::from_bytes(png(1024, 2)).unwrap())
        .selfie(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap());
    let result = f
        .secret
        .verify_v4(&v4, V4Options::new().return_request(true))
        .await
        .unwrap();
    assert_eq!(result.api_version, dvs_secret::ApiVersion::V4);
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
    let v4_call = f
        .mock
        .received()
        .into_iter()
        .find(|r| r.path_is("/api/v4/verify"))
        .unwrap();
    assert_eq!(v4_call.query.as_deref(), Some("returnRequest=true"));
    assert_eq!(v4_call.key_kind, Some(KeyKind::Secret));
}

#[tokio::test]
async fn an_expired_request_cannot_be_verified() {
    let f = flow_with(expiring_mock().await).await;
    let id = f.create().await;
    outlive_request_expiry().await;
    let err = f.secret.verify(&id).await.unwrap_err();
    assert!(matches!(err, Error::Expired(_)), "{err:?}");
}

/// Runs the whole flow with `scenario` stored on the created request.
async fn outcome_of(scenario: Scenario) -> Result<dvs_secret::Decision, Error> {
    decision_of(
        scenario,
        &Policy::default(),
        &dvs_secret::IdentityClaim::new(),
    )
    .await
}

/// Runs the whole flow with `scenario`, deciding under `policy` against `claim` today.
async fn decision_of(
    scenario: Scenario,
    policy: &Policy,
    claim: &dvs_secret::IdentityClaim,
) -> Result<dvs_secret::Decision, Error> {
    let f = flow().await;
    f.mock.push_next_scenario(scenario);
    let id = f.create().await;
    let result = f.secret.verify(&id).await?;
    Ok(policy.decide_with_claim(&result, dvs_secret::today_utc(), claim))
}

fn reasons(decision: &dvs_secret::Decision) -> Vec<serde_json::Value> {
    decision
        .reasons
        .iter()
        .map(|r| serde_json::to_value(r).unwrap())
        .collect()
}

#[tokio::test]
async fn document_outcome_scenarios_give_the_expected_decision() {
    let approved = outcome_of(Scenario::Approved).await.unwrap();
    assert_eq!(approved.outcome, Outcome::Approve);
    assert!(approved.reasons.is_empty());

    // (scenario, the score's check, reasons in all): a low document confidence also makes
    // DVS's v3 verdict other than `Ok` (the mock's `LowConfidence`), a review reason of its own.
    for (scenario, check, count) in [
        (Scenario::LowDocumentConfidence, "document_confidence", 2),
        (Scenario::FaceMismatch, "face_match", 1),
        (Scenario::SpoofedSelfie, "anti_spoofing", 1),
    ] {
        let decision = outcome_of(scenario).await.unwrap();
        assert_eq!(
            decision.outcome,
            Outcome::Reject,
            "{scenario}: {decision:?}"
        );
        let reasons = reasons(&decision);
        assert_eq!(reasons.len(), count, "{scenario}: {reasons:?}");
        assert_eq!(reasons[0]["code"], "below_threshold", "{scenario}");
        assert_eq!(reasons[0]["check"], check, "{scenario}");
    }
}

#[tokio::test]
async fn the_expired_document_scenario_in_v3_rejects_by_its_printed_date() {
    // v3 has no expiry flag: the mock lowers the document confidence, and the policy reads
    // the expiry date printed on the document.
    let decision = outcome_of(Scenario::ExpiredDocument).await.unwrap();
    assert_eq!(decision.outcome, Outcome::Reject);
    assert_eq!(
        reasons(&decision),
        [
            serde_json::json!({"code": "below_threshold", "check": "document_confidence", "score": 45, "threshold": 70}),
            serde_json::json!({"code": "document_expired"}),
            serde_json::json!({"code": "document_status_not_ok", "status": 1}),
        ]
    );
}

#[tokio::test]
async fn document_data_scenarios_drive_the_age_gate_and_the_identity_match() {
    use dvs_secret::IdentityClaim;
    let gate = Policy::default().with_min_age(21);
    let jane = IdentityClaim::new()
        .with_name("Jane Q Sample")
        .with_date_of_birth_text("1990-01-31")
        .unwrap();
    let none = IdentityClaim::new();
    for (scenario, claim, outcome, expected) in [
        (
            Scenario::Underage,
            &none,
            Outcome::Reject,
            serde_json::json!([{"code": "under_minimum_age", "minimum": 21}]),
        ),
        (
            Scenario::NameDiffers,
            &jane,
            Outcome::Reject,
            serde_json::json!([
                {"code": "identity_mismatch", "check": "identity_name"},
                {"code": "identity_mismatch", "check": "identity_date_of_birth"},
            ]),
        ),
        (
            Scenario::UsDateFormat,
            &jane,
            Outcome::Approve,
            serde_json::json!([]),
        ),
        (
            Scenario::UnreadableDate,
            &jane,
            Outcome::Review,
            serde_json::json!([
                {"code": "age_unverifiable", "minimum": 21, "problem": "unreadable"},
                {"code": "identity_unverifiable", "check": "identity_date_of_birth"},
            ]),
        ),
        (
            Scenario::Approved,
            &jane,
            Outcome::Approve,
            serde_json::json!([]),
        ),
    ] {
        let decision = decision_of(scenario, &gate, claim).await.unwrap();
        assert_eq!(decision.outcome, outcome, "{scenario}: {decision:?}");
        assert_eq!(
            serde_json::Value::from(reasons(&decision)),
            expected,
            "{scenario}"
        );
        let summary = decision
            .summary(&dvs_secret::VerificationResult::parse_v4(b"{}".to_vec().into()).unwrap());
        let age_ok = !matches!(scenario, Scenario::Underage | Scenario::UnreadableDate);
        assert_eq!(summary.age_verified, Some(age_ok), "{scenario}");
    }
}

#[tokio::test]
async fn the_expired_document_scenario_in_v4_rejects_for_expiry() {
    let f = flow().await;
    f.mock.push_next_scenario(Scenario::ExpiredDocument);
    let v4 = RequestV4::new(DocumentType::Id)
        .front(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap())
        .back(dvs_secret::Image::from_bytes(png(1024, 2)).unwrap())
        .selfie(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap());
    let result = f.secret.verify_v4(&v4, V4Options::new()).await.unwrap();
    assert_eq!(result.flags.expired, Some(true));
    let decision = Policy::default().decide(&result);
    assert_eq!(decision.outcome, Outcome::Reject);
    assert!(
        decision.reasons.contains(&Reason::DocumentExpired),
        "{decision:?}"
    );
}

/// Runs a direct v4 verification with `scenario`.
async fn v4_result_of(scenario: Scenario) -> dvs_secret::VerificationResult {
    let f = flow().await;
    f.mock.push_next_scenario(scenario);
    let v4 = RequestV4::new(DocumentType::Id)
        .front(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap())
        .back(dvs_secret::Image::from_bytes(png(1024, 2)).unwrap())
        .selfie(dvs_secret::Image::from_bytes(jpeg(2048, 1)).unwrap());
    f.secret.verify_v4(&v4, V4Options::new()).await.unwrap()
}

#[tokio::test]
async fn fraud_signal_scenarios_go_to_review_in_v3_and_v4() {
    use dvs_secret::{Signal, SignalAction};
    // (scenario, where v4 puts it, the signal, its reason)
    for (scenario, (object, field), signal, reason) in [
        (
            Scenario::DataFieldsTampered,
            ("antiSpoofingVerificationResult", "isDataFieldsTampered"),
            Signal::DataFieldsTampered,
            Reason::DataFieldsTampered,
        ),
        (
            Scenario::DocumentPhotoTampered,
            (
                "antiSpoofingVerificationResult",
                "isPhotoFromDocumentTampered",
            ),
            Signal::DocumentPhotoTampered,
            Reason::DocumentPhotoTampered,
        ),
        (
            Scenario::InvalidatedDocument,
            ("documentVerificationResult", "isInvalidated"),
            Signal::DocumentInvalidated,
            Reason::DocumentInvalidated,
        ),
        (
            Scenario::SuspiciousSelfie,
            ("faceMatchVerificationResult", "isSuspiciousPhoto"),
            Signal::SuspiciousSelfie,
            Reason::SuspiciousSelfie,
        ),
    ] {
        // v3, the enhanced flow: no flags in v3, DVS's verdict is not `Ok`.
        let decision = outcome_of(scenario).await.unwrap();
        assert_eq!(
            decision.outcome,
            Outcome::Review,
            "{scenario}: {decision:?}"
        );
        assert_eq!(
            decision.reasons,
            [Reason::DocumentStatusNotOk { status: Some(2) }],
            "{scenario}"
        );
        // v4: the flag, where the real service puts it, and nothing else raised.
        let result = v4_result_of(scenario).await;
        let raw: serde_json::Value = serde_json::from_slice(result.raw_json()).unwrap();
        assert_eq!(raw[object][field], true, "{scenario}");
        assert_eq!(result.signals.raised(), [signal], "{scenario}");
        assert!(result.document_confidence.unwrap().get() >= 90);
        let decision = Policy::default().decide(&result);
        assert_eq!(
            decision.outcome,
            Outcome::Review,
            "{scenario}: {decision:?}"
        );
        assert_eq!(decision.reasons, [reason], "{scenario}");
        let strict = Policy::default().with_signal(signal, SignalAction::Reject);
        assert_eq!(
            strict.decide(&result).outcome,
            Outcome::Reject,
            "{scenario}"
        );
        let summary = serde_json::to_string(&decision.summary(&result)).unwrap();
        for pii in ["SAMPLE", "1990", "EXAMPLE ST"] {
            assert!(!summary.contains(pii), "{pii} in {summary}");
        }
    }
}

#[tokio::test]
async fn the_failed_external_check_scenario_reviews_and_rejects_when_required() {
    use dvs_secret::{Check, ExternalCheckName, Severity};
    let requiring = Policy::default()
        .require_external_check(ExternalCheckName::Dmv, Severity::Reject)
        .with_external_check_passing_status(1);
    let not_passed = Reason::ExternalCheckNotPassed {
        check: Check::DmvValidation,
        status: Some(2),
    };
    let below = serde_json::json!({"code": "below_threshold", "check": "document_confidence", "score": 64, "threshold": 70});
    // v3: the check in validationTests[], DMV results lowering the document confidence.
    let decision = outcome_of(Scenario::FailedExternalCheck).await.unwrap();
    assert_eq!(decision.outcome, Outcome::Review, "{decision:?}");
    assert_eq!(
        serde_json::Value::from(reasons(&decision)),
        serde_json::json!([below, {"code": "document_status_not_ok", "status": 1}])
    );
    let decision = decision_of(
        Scenario::FailedExternalCheck,
        &requiring,
        &dvs_secret::IdentityClaim::new(),
    )
    .await
    .unwrap();
    assert_eq!(decision.outcome, Outcome::Reject);
    assert!(decision.reasons.contains(&not_passed), "{decision:?}");
    // v4: the check in externalVerificationResults[].
    let result = v4_result_of(Scenario::FailedExternalCheck).await;
    let raw: serde_json::Value = serde_json::from_slice(result.raw_json()).unwrap();
    assert_eq!(
        raw["externalVerificationResults"][1]["name"],
        "DMVValidation"
    );
    assert_eq!(raw["externalVerificationResults"][1]["status"], 2);
    let decision = Policy::default().decide(&result);
    assert_eq!(decision.outcome, Outcome::Review);
    assert_eq!(
        serde_json::Value::from(reasons(&decision)),
        serde_json::json!([below])
    );
    let decision = requiring.decide(&result);
    assert_eq!(decision.outcome, Outcome::Reject);
    assert_eq!(decision.reasons.last(), Some(&not_passed));
}

#[tokio::test]
async fn document_failure_scenarios_are_document_rejected() {
    for (scenario, code) in [
        (Scenario::OcrError, "OCRError"),
        (Scenario::Pdf417Error, "PDF417Error"),
        (Scenario::FaceDocNotDetect, "FaceDocNotDetectError"),
    ] {
        let err = outcome_of(scenario).await.unwrap_err();
        assert!(err.is_document_failure(), "{scenario}: {err:?}");
        assert_eq!(
            err.code().map(|c| c.to_string()),
            Some(code.to_owned()),
            "{scenario}"
        );
    }
}

#[tokio::test]
async fn a_server_error_on_verify_is_sent_once_and_the_request_stays_usable() {
    let f = flow().await;
    let id = f.create().await;
    f.mock.push_next_scenario(Scenario::ServerError);
    let err = f.secret.verify(&id).await.unwrap_err();
    assert!(matches!(err, Error::Server(_)), "{err:?}");
    assert!(err.trace_id().is_some());
    assert_eq!(
        f.hits("/api/v3/verify/"),
        1,
        "a billable Verify is never re-sent after a 500"
    );
    // The mock leaves the request pending, so a deliberate second call works.
    assert!(f.secret.verify(&id).await.is_ok());
}

#[tokio::test]
async fn a_server_error_on_create_is_sent_once() {
    let f = flow().await;
    f.mock.push_next_scenario(Scenario::ServerError);
    let err = f.public.create_request(request()).await.unwrap_err();
    assert!(matches!(err, dvs_public::Error::Server(_)), "{err:?}");
    assert_eq!(f.hits("/api/v3/request"), 1);
}

#[tokio::test]
async fn rate_limiting_is_retried_after_the_servers_delay() {
    let f = flow().await;
    let id = f.create().await;
    f.mock.push_next_scenario(Scenario::RateLimited);
    let started = std::time::Instant::now();
    let result = f.secret.verify(&id).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for Retry-After"
    );
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
    assert_eq!(
        f.hits("/api/v3/verify/"),
        2,
        "429 with Retry-After, then the real call"
    );
}

#[tokio::test]
async fn rate_limiting_without_retries_is_a_typed_error() {
    let mock = MockDvs::builder()
        .retry_after(Duration::from_secs(7))
        .start()
        .await;
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let id = public.create_request(request()).await.unwrap().request_id;
    mock.push_next_scenario(Scenario::RateLimited);
    let err = secret.verify(&id).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)), "{err:?}");
}

#[tokio::test]
async fn a_slow_server_within_the_timeout_still_approves() {
    let f = flow_with(
        MockDvs::builder()
            .slow_delay(Duration::from_millis(300))
            .start()
            .await,
    )
    .await;
    let id = f.create().await;
    f.mock.push_next_scenario(Scenario::Slow);
    let started = std::time::Instant::now();
    let result = f.secret.verify(&id).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Approve);
}

#[tokio::test]
async fn a_slow_server_past_the_timeout_is_a_timeout_sent_once_then_recovered() {
    let mock = MockDvs::builder()
        .slow_delay(Duration::from_millis(800))
        .start()
        .await;
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let id = public.create_request(request()).await.unwrap().request_id;
    mock.push_next_scenario(Scenario::Slow);
    let err = secret.verify(&id).await.unwrap_err();
    assert!(matches!(err, Error::Timeout), "{err:?}");
    assert!(err.outcome_unknown());
    let verifies = |m: &MockDvs| {
        m.received()
            .iter()
            .filter(|r| r.path.to_ascii_lowercase().starts_with("/api/v3/verify/"))
            .count()
    };
    assert_eq!(verifies(&mock), 1, "a timed-out Verify is not re-sent");
    // The server did process it: the recovery path finds the result without verifying again.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let stored = secret.get_result(&id).await.unwrap();
    assert!(stored.is_verified());
    assert_eq!(verifies(&mock), 1);
}

#[tokio::test]
async fn a_scenario_marker_in_the_payload_steers_the_mock() {
    // What a non-Rust client or a demo would do: put the marker in the user agent.
    let f = flow().await;
    let created = f
        .public
        .create_request(request().user_agent("demo/1.0 dvs-mock-scenario=face-mismatch"))
        .await
        .unwrap();
    let result = f.secret.verify(&created.request_id).await.unwrap();
    assert_eq!(Policy::default().decide(&result).outcome, Outcome::Reject);
    assert_eq!(result.face_match_confidence.map(|c| c.get()), Some(20));
}

#[tokio::test]
async fn every_scenario_is_covered_by_this_suite() {
    // Guards the suite itself: a new scenario must get a contract test above.
    let covered = [
        Scenario::Approved,
        Scenario::LowDocumentConfidence,
        Scenario::FaceMismatch,
        Scenario::SpoofedSelfie,
        Scenario::ExpiredDocument,
        Scenario::OcrError,
        Scenario::Pdf417Error,
        Scenario::FaceDocNotDetect,
        Scenario::ServerError,
        Scenario::RateLimited,
        Scenario::Slow,
        Scenario::Underage,
        Scenario::NameDiffers,
        Scenario::UsDateFormat,
        Scenario::UnreadableDate,
        Scenario::DataFieldsTampered,
        Scenario::DocumentPhotoTampered,
        Scenario::InvalidatedDocument,
        Scenario::SuspiciousSelfie,
        Scenario::FailedExternalCheck,
    ];
    for scenario in Scenario::ALL {
        assert!(
            covered.contains(scenario),
            "{scenario} has no contract test"
        );
    }
}
