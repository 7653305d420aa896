//! The trust boundary, one case at a time: replays, retries, limits, final answers, and what
//! is stored.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use dvs_backend::{
    ClaimState, ClaimStore, MemoryStore, RefusalKind, Settings, SinkError, SqliteStore, UserId,
    Verifier,
};
use dvs_mock::{MockDvs, Scenario};
use dvs_secret::{Outcome, RequestId, VerificationResult};

use crate::support::{
    TempDb, create, lookups, secret_client, serve, submit, user, verifier, verify_calls,
};

#[tokio::test]
async fn the_same_users_retry_gets_the_stored_summary_without_a_second_verify() {
    let mock = MockDvs::start().await;
    let v = verifier(&mock, MemoryStore::new(), Settings::default());
    let id = create(&mock).await;
    let first = v.verify_for(&user("alice"), id.as_str()).await.unwrap();
    let again = v.verify_for(&user("alice"), id.as_str()).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(first.outcome, Outcome::Approve);
    assert_eq!(verify_calls(&mock), 1);
}

#[tokio::test]
async fn an_id_claimed_by_another_user_is_refused_without_verify() {
    let mock = MockDvs::start().await;
    let v = verifier(&mock, MemoryStore::new(), Settings::default());
    let id = create(&mock).await;
    v.verify_for(&user("alice"), id.as_str()).await.unwrap();
    let calls = mock.received().len();
    let refusal = v
        .verify_for(&user("mallory"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::AlreadyProcessed);
    assert_eq!(
        (refusal.status(), refusal.code()),
        (409, "already_processed")
    );
    assert_eq!(mock.received().len(), calls, "nothing reached DVS");
}

#[tokio::test]
async fn an_id_verified_before_it_was_claimed_is_refused_and_stays_refused() {
    let mock = MockDvs::start().await;
    let id = create(&mock).await;
    // Verified elsewhere (another app on the same account, a leaked id): not ours.
    secret_client(&mock).verify(&id).await.unwrap();
    let v = verifier(&mock, MemoryStore::new(), Settings::default());
    let refusal = v
        .verify_for(&user("mallory"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::AlreadyProcessed);
    assert_eq!(
        verify_calls(&mock),
        1,
        "the lookup before Verify found it verified: none of ours was sent"
    );
    // The refusal is final: a retry is refused from the store, with no call to DVS.
    let calls = mock.received().len();
    let again = v
        .verify_for(&user("mallory"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), RefusalKind::AlreadyProcessed);
    assert_eq!(mock.received().len(), calls);
}

#[tokio::test]
async fn the_per_user_limit_refuses_the_next_claim_but_not_a_retry() {
    let mock = MockDvs::start().await;
    let settings = Settings::default().limit(2, Duration::from_secs(600));
    let v = verifier(&mock, MemoryStore::new(), settings);
    let (a, b, c) = (
        create(&mock).await,
        create(&mock).await,
        create(&mock).await,
    );
    v.verify_for(&user("alice"), a.as_str()).await.unwrap();
    v.verify_for(&user("alice"), b.as_str()).await.unwrap();
    let refusal = v.verify_for(&user("alice"), c.as_str()).await.unwrap_err();
    assert_eq!(
        (refusal.status(), refusal.code()),
        (429, "too_many_verifications")
    );
    let wait = refusal.retry_after().unwrap();
    assert!(
        wait > Duration::from_secs(590) && wait <= Duration::from_secs(600),
        "{wait:?}"
    );
    assert_eq!(verify_calls(&mock), 2);
    // A retry of a claimed id is not a new claim; another user has their own count.
    v.verify_for(&user("alice"), a.as_str()).await.unwrap();
    v.verify_for(&user("bob"), c.as_str()).await.unwrap();
    assert_eq!(verify_calls(&mock), 3);
}

#[tokio::test]
async fn the_limit_holds_across_two_instances_sharing_a_sqlite_file() {
    let mock = MockDvs::start().await;
    let db = TempDb::new("limit");
    let settings = Settings::default().limit(3, Duration::from_secs(600));
    let one = verifier(&mock, SqliteStore::open(&db.0).await.unwrap(), settings);
    let two = verifier(&mock, SqliteStore::open(&db.0).await.unwrap(), settings);
    let ids = [
        create(&mock).await,
        create(&mock).await,
        create(&mock).await,
        create(&mock).await,
    ];
    one.verify_for(&user("alice"), ids[0].as_str())
        .await
        .unwrap();
    two.verify_for(&user("alice"), ids[1].as_str())
        .await
        .unwrap();
    one.verify_for(&user("alice"), ids[2].as_str())
        .await
        .unwrap();
    let refusal = two
        .verify_for(&user("alice"), ids[3].as_str())
        .await
        .unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::TooManyVerifications);
    assert_eq!(verify_calls(&mock), 3);
}

#[tokio::test]
async fn invalid_ids_claim_nothing_and_reach_nothing() {
    let mock = MockDvs::start().await;
    let store = Arc::new(MemoryStore::new());
    let v = Verifier::builder_shared(secret_client(&mock), store.clone())
        .build()
        .unwrap();
    for text in [
        "",
        "../../admin",
        "3fa85f64_5717_4562_b3fc_2c963f66afa6",
        "' OR 1=1 --",
    ] {
        let refusal = v.verify_for(&user("alice"), text).await.unwrap_err();
        assert_eq!(
            (refusal.status(), refusal.code()),
            (400, "invalid_request_id")
        );
    }
    assert!(mock.received().is_empty());
}

#[tokio::test]
async fn a_final_dvs_answer_is_kept_and_replayed_to_the_same_user() {
    let mock = MockDvs::builder()
        .default_scenario(Scenario::OcrError)
        .start()
        .await;
    let v = verifier(&mock, MemoryStore::new(), Settings::default());
    let id = create(&mock).await;
    let first = v.verify_for(&user("alice"), id.as_str()).await.unwrap_err();
    assert_eq!((first.status(), first.code()), (422, "document_rejected"));
    let again = v.verify_for(&user("alice"), id.as_str()).await.unwrap_err();
    assert_eq!(again, first);
    assert_eq!(verify_calls(&mock), 1);
}

#[tokio::test]
async fn after_a_failure_that_processed_nothing_the_retry_looks_up_then_verifies() {
    let mock = MockDvs::start().await;
    let v = verifier(&mock, MemoryStore::new(), Settings::default());
    let id = create(&mock).await;
    // DVS answers the Verify with a 500: it processed nothing, so "sent" is cleared.
    mock.push_next_verify_scenario(Scenario::ServerError);
    let first = v.verify_for(&user("alice"), id.as_str()).await.unwrap_err();
    assert_eq!((first.status(), first.code()), (502, "dvs_failed"));
    let summary = v.verify_for(&user("alice"), id.as_str()).await.unwrap();
    assert_eq!(summary.outcome, Outcome::Approve);
    assert_eq!(verify_calls(&mock), 2, "the failed one and the retry's");
    assert_eq!(
        lookups(&mock),
        2,
        "each attempt looked the id up before its Verify"
    );
    // Another user still cannot have it.
    let refusal = v
        .verify_for(&user("mallory"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::AlreadyProcessed);
}

/// What the test's sink kept: user, request id, the document's name.
type Kept = (String, RequestId, Option<String>);

#[tokio::test]
async fn the_sink_gets_the_full_result_and_the_store_only_the_summary() {
    let mock = MockDvs::start().await;
    let db = TempDb::new("pii");
    let kept: Arc<Mutex<Vec<Kept>>> = Arc::default();
    let sink = {
        let kept = kept.clone();
        move |user: &UserId,
              id: &RequestId,
              result: &VerificationResult,
              _: &dvs_secret::Summary|
              -> Result<(), SinkError> {
            let name = result.document.full_name.clone();
            kept.lock()
                .unwrap()
                .push((user.as_str().to_owned(), *id, name));
            Ok(())
        }
    };
    let store = SqliteStore::open(&db.0).await.unwrap();
    let v = Verifier::builder(secret_client(&mock), store.clone())
        .result_sink(sink)
        .build()
        .unwrap();
    let id = create(&mock).await;
    v.verify_for(&user("alice"), id.as_str()).await.unwrap();
    let kept = kept.lock().unwrap().clone();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, "alice");
    assert_eq!(kept[0].1, id);
    assert_eq!(
        kept[0].2.as_deref(),
        Some(dvs_mock::synthetic_person::FULL_NAME)
    );
    let claim = store.lookup(&id).await.unwrap().unwrap();
    assert!(matches!(claim.state, ClaimState::Done(_)));
    drop(store);
    drop(v);
    let mut bytes = Vec::new();
    for suffix in ["", "-wal"] {
        let mut path = db.0.clone().into_os_string();
        path.push(suffix);
        bytes.extend(std::fs::read(path).unwrap_or_default());
    }
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains(id.as_str()), "the claim is in the file");
    for pii in [
        dvs_mock::synthetic_person::FULL_NAME,
        dvs_mock::synthetic_person::DATE_OF_BIRTH,
        "JANE",
    ] {
        assert!(!text.contains(pii), "`{pii}` was stored");
    }
}

#[tokio::test]
async fn a_failing_sink_leaves_the_claim_for_a_retry_that_looks_the_result_up() {
    let mock = MockDvs::start().await;
    let fail = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sink = {
        let fail = fail.clone();
        move |_: &UserId,
              _: &RequestId,
              _: &VerificationResult,
              _: &dvs_secret::Summary|
              -> Result<(), SinkError> {
            if fail.load(std::sync::atomic::Ordering::SeqCst) {
                Err("disk full".into())
            } else {
                Ok(())
            }
        }
    };
    let v = Verifier::builder(secret_client(&mock), MemoryStore::new())
        .result_sink(sink)
        .build()
        .unwrap();
    let id = create(&mock).await;
    let refusal = v.verify_for(&user("alice"), id.as_str()).await.unwrap_err();
    assert_eq!(
        (refusal.status(), refusal.code()),
        (503, "backend_unavailable")
    );
    fail.store(false, std::sync::atomic::Ordering::SeqCst);
    let summary = v.verify_for(&user("alice"), id.as_str()).await.unwrap();
    assert_eq!(summary.outcome, Outcome::Approve);
    assert_eq!(
        verify_calls(&mock),
        1,
        "recovered by lookup, not verified again"
    );
}

#[tokio::test]
async fn the_axum_adapter_answers_like_the_example_backend() {
    let mock = MockDvs::start().await;
    let url = serve(verifier(&mock, MemoryStore::new(), Settings::default())).await;
    let http = reqwest::Client::new();
    let id = create(&mock).await;
    let (status, body) = submit(&http, &url, "alice", id.as_str()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["outcome"], "approve");
    assert!(body.get("document").is_none());
    // A fresh answer, then the stored one, each with its decision time.
    assert_eq!(body["fresh"], true, "{body}");
    assert!(body["decidedAt"].as_str().unwrap().ends_with('Z'), "{body}");
    let (status, again) = submit(&http, &url, "alice", id.as_str()).await;
    assert_eq!(status, 200);
    assert_eq!(again["fresh"], false, "{again}");
    assert!(again["decidedAt"].is_string(), "{again}");
    assert_eq!(again["outcome"], body["outcome"]);
    let (status, body) = submit(&http, &url, "mallory", id.as_str()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("already_processed"))
    );
    let (status, body) = submit(&http, &url, "alice", "nope").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request_id"))
    );
    // No sign-in, a malformed body.
    let response = http
        .post(&url)
        .json(&serde_json::json!({"requestId": id}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let response = http
        .post(&url)
        .header("x-user", "alice")
        .header("content-type", "application/json")
        .body("{\"requestId\": 5}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "malformed_body");
    assert_eq!(verify_calls(&mock), 1);
}
