//! A backend that dies mid-verification (its task stops at a point of the state machine,
//! as a killed process would): after restart, the same user's retry gets the right answer
//! with at most one billable Verify, and no claim stays pending. The same with separate
//! processes and SIGKILL is `examples/backend-app/tests/it/process_kill.rs`.

use std::sync::Arc;
use std::time::Duration;

use dvs_backend::{ClaimState, ClaimStore, Settings, SqliteStore};
use dvs_mock::MockDvs;
use dvs_secret::Outcome;

use crate::outages::quick_client;
use crate::support::{HangAt, InstrumentedStore, TempDb, create, lookups, user, verify_calls};

fn settings() -> Settings {
    // A short lease so the test does not wait long; it outlasts the quick client's calls.
    Settings::default()
        .lease(Duration::from_millis(1500))
        .wait_for_pending(Duration::from_secs(10))
}

/// Runs a verification that dies at `point`, then a new instance over the same file.
async fn crash_and_restart(point: HangAt) -> (MockDvs, TempDb) {
    let mock = MockDvs::start().await;
    let db = TempDb::new("crash");
    let id = create(&mock).await;
    let hanging = Arc::new(InstrumentedStore::new(
        Arc::new(SqliteStore::open(&db.0).await.unwrap()),
        point,
    ));
    let first = dvs_backend::Verifier::builder_shared(
        quick_client(&mock, Duration::from_millis(500)),
        hanging.clone(),
    )
    .settings(settings())
    .build()
    .unwrap();
    let task = tokio::spawn(async move { first.verify_for(&user("alice"), id.as_str()).await });
    tokio::time::timeout(Duration::from_secs(10), hanging.reached.notified())
        .await
        .expect("the crash point was reached");
    // The process dies: its runtime stops every task (the attempt, its lease renewals).
    task.abort();
    drop(hanging);

    // The restarted backend: a new store over the same file, a new verifier.
    let store = SqliteStore::open(&db.0).await.unwrap();
    let pending = store.lookup(&id).await.unwrap().unwrap();
    assert_eq!(pending.attempt, 1);
    assert!(
        matches!(pending.state, ClaimState::Pending { .. }),
        "{pending:?}"
    );
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let restarted = dvs_backend::Verifier::builder(
        quick_client(&mock, Duration::from_millis(500)),
        store.clone(),
    )
    .settings(settings())
    .build()
    .unwrap();
    let summary = restarted
        .verify_for(&user("alice"), id.as_str())
        .await
        .unwrap();
    assert_eq!(summary.outcome, Outcome::Approve);
    // Nobody else can have it, and the claim is final.
    let refusal = restarted
        .verify_for(&user("mallory"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(refusal.code(), "already_processed");
    let claim = store.lookup(&id).await.unwrap().unwrap();
    assert_eq!(claim.attempt, 2, "taken over once");
    assert_eq!(claim.state, ClaimState::Done(summary));
    (mock, db)
}

#[tokio::test]
async fn killed_after_the_claim_before_verify_the_retry_verifies_once() {
    let (mock, _db) = crash_and_restart(HangAt::AfterClaim).await;
    assert_eq!(verify_calls(&mock), 1, "the first attempt sent none");
}

#[tokio::test]
async fn killed_after_verify_before_storing_the_retry_recovers_without_a_second_verify() {
    let (mock, _db) = crash_and_restart(HangAt::BeforeFinish).await;
    assert_eq!(verify_calls(&mock), 1, "no second billable Verify");
    // The first attempt's check, then the take-over's lookup that found the result.
    assert_eq!(lookups(&mock), 2);
}

#[tokio::test]
async fn killed_after_recording_verify_sent_the_retry_never_sends_it() {
    // Recorded "sent", died before sending: the take-over only looks the id up. DVS never
    // got the Verify, so the claim stays pending (answered `verification_pending`) until
    // DVS expires the request: at most once wins over finishing. Here the mock expires it.
    let mock = MockDvs::builder()
        .request_expiry(Duration::from_secs(3))
        .start()
        .await;
    let db = TempDb::new("crash-sent");
    let id = create(&mock).await;
    let hanging = Arc::new(InstrumentedStore::new(
        Arc::new(SqliteStore::open(&db.0).await.unwrap()),
        HangAt::AfterMarkSent,
    ));
    let first = dvs_backend::Verifier::builder_shared(
        quick_client(&mock, Duration::from_millis(500)),
        hanging.clone(),
    )
    .settings(settings().unknown_outcome_grace(Duration::ZERO))
    .build()
    .unwrap();
    let task = tokio::spawn(async move { first.verify_for(&user("alice"), id.as_str()).await });
    tokio::time::timeout(Duration::from_secs(10), hanging.reached.notified())
        .await
        .unwrap();
    task.abort();
    drop(hanging);
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let store = SqliteStore::open(&db.0).await.unwrap();
    let restarted = dvs_backend::Verifier::builder(
        quick_client(&mock, Duration::from_millis(500)),
        store.clone(),
    )
    .settings(settings().unknown_outcome_grace(Duration::ZERO))
    .build()
    .unwrap();
    let waiting = restarted
        .verify_for(&user("alice"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(waiting.code(), "verification_pending");
    tokio::time::sleep(Duration::from_secs(3)).await;
    let expired = restarted
        .verify_for(&user("alice"), id.as_str())
        .await
        .unwrap_err();
    assert_eq!(expired.code(), "request_expired");
    assert_eq!(verify_calls(&mock), 0, "never sent");
    let claim = store.lookup(&id).await.unwrap().unwrap();
    assert!(matches!(claim.state, ClaimState::Refused(_)), "{claim:?}");
}
