//! The promises on the paths an attacker or an outage chooses: an id verified elsewhere is
//! never adopted (after a 5xx, a lost answer or a disconnect), Verify is never sent again
//! while its outcome is unknown, a rejection whose answer was lost settles, a verification
//! outlives the client that started it, and waiters do not write.
//!
//! Each case is a function over a store, run on memory and SQLite here and on PostgreSQL in
//! `postgres.rs`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use dvs_backend::{
    ClaimState, ClaimStore, MemoryStore, RefusalKind, Settings, SinkError, SqliteStore, UserId,
    Verifier,
};
use dvs_mock::{MockDvs, Scenario};
use dvs_secret::{Outcome, RequestId, RetryPolicy, Summary, VerificationResult};

use crate::support::{
    HangAt, InstrumentedStore, TempDb, create, secret_client, unique, user, verify_calls,
};

/// The user ids whose results reached the app's sink.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sink(Arc<Mutex<Vec<String>>>);

impl Sink {
    pub(crate) fn users(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait]
impl dvs_backend::ResultSink for Sink {
    async fn keep(
        &self,
        user: &UserId,
        _id: &RequestId,
        _result: &VerificationResult,
        _summary: &Summary,
    ) -> Result<(), SinkError> {
        self.0.lock().unwrap().push(user.as_str().to_owned());
        Ok(())
    }
}

/// A secret-key client over `mock` with a short timeout and no retries.
pub(crate) fn quick_client(mock: &MockDvs, timeout: Duration) -> dvs_secret::Client {
    dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .timeout(timeout)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

fn build(
    client: dvs_secret::Client,
    store: Arc<dyn ClaimStore>,
    settings: Settings,
    sink: &Sink,
) -> Verifier {
    Verifier::builder_shared(client, store)
        .settings(settings)
        .result_sink(sink.clone())
        .build()
        .unwrap()
}

/// Short timings: a lease that outlasts the quick client's attempt (three 2-second calls),
/// no grace after an unknown outcome.
fn quick_settings() -> Settings {
    Settings::default()
        .lease(Duration::from_secs(7))
        .unknown_outcome_grace(Duration::ZERO)
        .wait_for_pending(Duration::from_secs(5))
}

/// An id verified by someone else (another app on the account) before this store saw it;
/// DVS answers this backend's first Verify with a 5xx. The retry must not adopt the
/// stranger's result, and nothing reaches the sink.
pub(crate) async fn stranger_after_5xx(store: Arc<dyn ClaimStore>) {
    let mallory = user(&unique("mallory"));
    let mock = MockDvs::start().await;
    let id = create(&mock).await;
    secret_client(&mock).verify(&id).await.unwrap();
    let sink = Sink::default();
    let v = build(
        quick_client(&mock, Duration::from_secs(2)),
        store,
        quick_settings(),
        &sink,
    );
    mock.push_next_verify_scenario(Scenario::ServerError);
    let first = v.verify_for(&mallory, id.as_str()).await;
    assert!(first.is_err(), "{first:?}");
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let again = v.verify_for(&mallory, id.as_str()).await.unwrap_err();
    assert_eq!(again.kind(), RefusalKind::AlreadyProcessed, "{again}");
    assert!(sink.users().is_empty(), "{:?}", sink.users());
}

/// The same, with the answer to this backend's Verify lost on the way (DVS answered
/// `RequestAlreadyProcessed`, the connection broke): the lookup that follows finds the
/// stranger's result, which must not be adopted.
pub(crate) async fn stranger_after_a_lost_answer(store: Arc<dyn ClaimStore>) {
    let mallory = user(&unique("mallory"));
    let mock = MockDvs::start().await;
    let id = create(&mock).await;
    secret_client(&mock).verify(&id).await.unwrap();
    let sink = Sink::default();
    let v = build(
        quick_client(&mock, Duration::from_secs(2)),
        store,
        quick_settings(),
        &sink,
    );
    mock.lose_next_verify_answer();
    let refusal = v.verify_for(&mallory, id.as_str()).await.unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::AlreadyProcessed, "{refusal}");
    assert!(sink.users().is_empty(), "{:?}", sink.users());
}

/// The same, with the client gone while Verify is in flight (its task dropped): the
/// submission after the lease must not adopt the stranger's result.
pub(crate) async fn stranger_after_a_disconnect(store: Arc<dyn ClaimStore>) {
    let mallory = user(&unique("mallory"));
    let mock = MockDvs::builder()
        .latency(Duration::from_millis(300))
        .start()
        .await;
    let id = create(&mock).await;
    secret_client(&mock).verify(&id).await.unwrap();
    let sink = Sink::default();
    let v = build(
        quick_client(&mock, Duration::from_secs(2)),
        store,
        Settings::default()
            .lease(Duration::from_secs(7))
            .unknown_outcome_grace(Duration::ZERO),
        &sink,
    );
    let task = {
        let (v, id, mallory) = (v.clone(), id, mallory.clone());
        tokio::spawn(async move { v.verify_for(&mallory, id.as_str()).await })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    task.abort();
    tokio::time::sleep(Duration::from_millis(7500)).await;
    let refusal = v.verify_for(&mallory, id.as_str()).await.unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::AlreadyProcessed, "{refusal}");
    assert!(sink.users().is_empty(), "{:?}", sink.users());
}

/// DVS takes longer than the client waits; while it still works, the user's retries must
/// not send Verify again. Once DVS is done, the retry gets the result by lookup.
pub(crate) async fn no_second_verify_while_dvs_works(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let mock = MockDvs::builder()
        .slow_delay(Duration::from_millis(2500))
        .start()
        .await;
    // The scenario travels with the created request: its Verify is slow, lookups are not.
    mock.push_next_scenario(Scenario::Slow);
    let id = create(&mock).await;
    let sink = Sink::default();
    let v = build(
        quick_client(&mock, Duration::from_millis(300)),
        store,
        Settings::default()
            .lease(Duration::from_secs(1))
            .unknown_outcome_grace(Duration::ZERO)
            .wait_for_pending(Duration::ZERO),
        &sink,
    );
    let first = v.verify_for(&alice, id.as_str()).await.unwrap_err();
    assert_eq!(first.kind(), RefusalKind::DvsTimeout, "{first}");
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let retry = v.verify_for(&alice, id.as_str()).await.unwrap_err();
        assert!(retry.retry_after().is_some(), "{retry}");
    }
    assert_eq!(
        verify_calls(&mock),
        1,
        "one billable Verify while DVS worked"
    );
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let summary = v.verify_for(&alice, id.as_str()).await.unwrap();
    assert_eq!(summary.outcome, Outcome::Approve);
    assert_eq!(verify_calls(&mock), 1, "the result came by lookup");
    assert_eq!(sink.users(), [alice.as_str()]);
}

/// DVS rejected the document, and the answer was lost. DVS keeps no result for a failed
/// request; the retry must settle it as rejected, for good, with no second Verify.
pub(crate) async fn a_lost_rejection_settles(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let mock = MockDvs::start().await;
    mock.push_next_scenario(Scenario::OcrError);
    let id = create(&mock).await;
    let sink = Sink::default();
    let v = build(
        quick_client(&mock, Duration::from_secs(2)),
        store,
        quick_settings(),
        &sink,
    );
    mock.lose_next_verify_answer();
    let first = v.verify_for(&alice, id.as_str()).await.unwrap_err();
    assert_ne!(first.kind(), RefusalKind::AlreadyProcessed, "{first}");
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let retry = v.verify_for(&alice, id.as_str()).await.unwrap_err();
        assert_eq!(retry.kind(), RefusalKind::DocumentRejected, "{retry}");
    }
    assert_eq!(verify_calls(&mock), 1, "one billable Verify");
    assert!(sink.users().is_empty());
}

/// The submission's caller goes away mid-Verify (an HTTP client that disconnects): the
/// verification still finishes, the claim is final and the result reached the sink.
pub(crate) async fn a_verification_outlives_its_caller(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let mock = MockDvs::builder()
        .latency(Duration::from_millis(400))
        .start()
        .await;
    let id = create(&mock).await;
    let sink = Sink::default();
    let v = build(
        quick_client(&mock, Duration::from_secs(2)),
        store.clone(),
        Settings::default().lease(Duration::from_secs(7)),
        &sink,
    );
    let task = {
        let (v, id, alice) = (v.clone(), id, alice.clone());
        tokio::spawn(async move { v.verify_for(&alice, id.as_str()).await })
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    task.abort();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let claim = store.lookup(&id).await.unwrap().unwrap();
    assert!(matches!(claim.state, ClaimState::Done(_)), "{claim:?}");
    assert_eq!(sink.users(), [alice.as_str()]);
    assert_eq!(verify_calls(&mock), 1);
}

/// A result sink that takes longer than the lease (the app stores the result slowly): the
/// holder renews its lease while it works, so the same user's concurrent submission waits
/// for the answer instead of taking the claim over and handing the result over twice.
pub(crate) async fn the_lease_holds_while_the_attempt_runs(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let mock = MockDvs::start().await;
    let id = create(&mock).await;
    let kept = Arc::new(AtomicUsize::new(0));
    let slow_sink = {
        let kept = kept.clone();
        SlowSink(kept, Duration::from_millis(2500))
    };
    let v = Verifier::builder_shared(
        quick_client(&mock, Duration::from_millis(300)),
        store.clone(),
    )
    .settings(
        Settings::default()
            .lease(Duration::from_secs(1))
            .wait_for_pending(Duration::from_secs(10)),
    )
    .result_sink(slow_sink)
    .build()
    .unwrap();
    let first = {
        let (v, id, alice) = (v.clone(), id, alice.clone());
        tokio::spawn(async move { v.verify_for(&alice, id.as_str()).await })
    };
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let second = v.verify_for(&alice, id.as_str()).await.unwrap();
    assert_eq!(first.await.unwrap().unwrap(), second);
    assert_eq!(
        kept.load(Ordering::Relaxed),
        1,
        "the result was handed over once"
    );
    assert_eq!(
        store.lookup(&id).await.unwrap().unwrap().attempt,
        1,
        "never taken over"
    );
    assert_eq!(verify_calls(&mock), 1);
}

/// A sink that counts and takes its time.
struct SlowSink(Arc<AtomicUsize>, Duration);

#[async_trait]
impl dvs_backend::ResultSink for SlowSink {
    async fn keep(
        &self,
        _user: &UserId,
        _id: &RequestId,
        _result: &VerificationResult,
        _summary: &Summary,
    ) -> Result<(), SinkError> {
        self.0.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(self.1).await;
        Ok(())
    }
}

/// Ten submissions of one id while Verify takes a second: each claims once (one write
/// transaction), then waits by reading.
pub(crate) async fn waiters_read_instead_of_writing(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let mock = MockDvs::builder()
        .latency(Duration::from_millis(1000))
        .start()
        .await;
    let id = create(&mock).await;
    let counting = Arc::new(InstrumentedStore::new(store, HangAt::Never));
    let v = Verifier::builder_shared(
        quick_client(&mock, Duration::from_secs(5)),
        counting.clone(),
    )
    .settings(Settings::default().wait_for_pending(Duration::from_secs(20)))
    .build()
    .unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (v, id, alice) = (v.clone(), id, alice.clone());
            tokio::spawn(async move { v.verify_for(&alice, id.as_str()).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(verify_calls(&mock), 1);
    let claims = counting.claims.load(Ordering::Relaxed);
    assert!(
        claims <= 10,
        "{claims} claim transactions for 10 submissions"
    );
}

fn memory() -> Arc<dyn ClaimStore> {
    Arc::new(MemoryStore::new())
}

async fn sqlite(db: &TempDb) -> Arc<dyn ClaimStore> {
    Arc::new(SqliteStore::open(&db.0).await.unwrap())
}

macro_rules! on_memory_and_sqlite {
    ($($case:ident),* $(,)?) => {
        mod memory {
            $(
                #[tokio::test]
                async fn $case() {
                    super::$case(super::memory()).await;
                }
            )*
        }
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = crate::support::TempDb::new(stringify!($case));
                    super::$case(super::sqlite(&db).await).await;
                }
            )*
        }
    };
}

on_memory_and_sqlite!(
    stranger_after_5xx,
    stranger_after_a_lost_answer,
    stranger_after_a_disconnect,
    no_second_verify_while_dvs_works,
    a_lost_rejection_settles,
    a_verification_outlives_its_caller,
    the_lease_holds_while_the_attempt_runs,
    waiters_read_instead_of_writing,
);
