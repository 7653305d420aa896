//! A backend that dies mid-verification: after restart, the same user's retry gets the
//! result without a second billable Verify, and no claim stays pending.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use dvs_backend::{
    Claim, ClaimOutcome, ClaimState, ClaimStore, ClaimTerms, Finish, Settings, SqliteStore,
    StoreError, UserId,
};
use dvs_mock::MockDvs;
use dvs_secret::{Outcome, RequestId};
use tokio::sync::Notify;

use crate::support::{TempDb, create, lookups, user, verifier, verify_calls};

/// Where the simulated crash happens.
#[derive(Debug, Clone, Copy)]
enum CrashPoint {
    /// Right after the claim was committed, before Verify is sent.
    AfterClaim,
    /// After Verify answered, before the answer is stored.
    BeforeFinish,
}

/// A SQLite store whose caller "dies" at `point`: the call never returns, and the test
/// aborts the task, as a killed process would stop.
#[derive(Debug)]
struct Crashing {
    inner: SqliteStore,
    point: CrashPoint,
    reached: Arc<Notify>,
}

#[async_trait]
impl ClaimStore for Crashing {
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError> {
        let outcome = self.inner.claim(id, user, terms).await?;
        if matches!(self.point, CrashPoint::AfterClaim) {
            self.reached.notify_one();
            std::future::pending::<()>().await;
        }
        Ok(outcome)
    }
    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError> {
        self.inner.lookup(id).await
    }
    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        self.inner.take_over(id, attempt, lease).await
    }
    async fn renew(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        self.inner.renew(id, attempt, lease).await
    }
    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError> {
        if matches!(self.point, CrashPoint::BeforeFinish) {
            self.reached.notify_one();
            std::future::pending::<()>().await;
        }
        self.inner.finish(id, attempt, finish).await
    }
}

fn settings() -> Settings {
    // A short lease so the test does not wait five minutes; still above the mock's answer time.
    Settings::default()
        .lease(Duration::from_millis(800))
        .wait_for_pending(Duration::from_secs(10))
}

/// Runs a verification that dies at `point`, then a new instance over the same file.
async fn crash_and_restart(point: CrashPoint) -> (MockDvs, TempDb) {
    let mock = MockDvs::start().await;
    let db = TempDb::new("crash");
    let id = create(&mock).await;
    let reached = Arc::new(Notify::new());
    let crashing = Crashing {
        inner: SqliteStore::open(&db.0).await.unwrap(),
        point,
        reached: reached.clone(),
    };
    let first = verifier(&mock, crashing, settings());
    let task = tokio::spawn(async move { first.verify_for(&user("alice"), id.as_str()).await });
    tokio::time::timeout(Duration::from_secs(10), reached.notified())
        .await
        .expect("the crash point was reached");
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());

    // The restarted backend: a new store over the same file, a new verifier.
    let store = SqliteStore::open(&db.0).await.unwrap();
    let pending = store.lookup(&id).await.unwrap().unwrap();
    assert_eq!(pending.attempt, 1);
    assert!(
        matches!(pending.state, ClaimState::Pending { .. }),
        "{pending:?}"
    );
    let restarted = verifier(&mock, store.clone(), settings());
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
async fn killed_after_verify_before_storing_the_retry_recovers_without_a_second_verify() {
    let (mock, _db) = crash_and_restart(CrashPoint::BeforeFinish).await;
    assert_eq!(verify_calls(&mock), 1, "no second billable Verify");
    assert_eq!(lookups(&mock), 1, "recovered through the stored result");
}

#[tokio::test]
async fn killed_after_the_claim_before_verify_the_retry_verifies_once() {
    let (mock, _db) = crash_and_restart(CrashPoint::AfterClaim).await;
    assert_eq!(verify_calls(&mock), 1, "the first attempt sent none");
    assert_eq!(lookups(&mock), 1, "the take-over looked first");
}
