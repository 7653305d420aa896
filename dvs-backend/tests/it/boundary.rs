//! The adapter's and the store's edges: a cross-site form post, an oversized body, the
//! per-user limit under a concurrent burst through two instances, the claims' lifecycle
//! (reconcile, purge).

use std::sync::Arc;
use std::time::Duration;

use dvs_backend::{
    ClaimState, ClaimStore, MemoryStore, RefusalKind, Settings, SqliteStore, Verifier,
};
use dvs_mock::{MockDvs, Scenario};

use crate::outages::{Sink, quick_client};
use crate::support::{TempDb, create, secret_client, serve, unique, user, verifier, verify_calls};

#[tokio::test]
async fn a_cross_site_text_plain_post_is_refused_with_no_verify() {
    let mock = MockDvs::start().await;
    let url = serve(verifier(&mock, MemoryStore::new(), Settings::default())).await;
    let id = create(&mock).await;
    let http = reqwest::Client::new();
    // What a form on another site can post with the victim's cookies, no preflight: the
    // body is valid JSON, the content type is not.
    for content_type in [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = http
            .post(&url)
            .header("x-user", "victim")
            .header("content-type", content_type)
            .body(format!(r#"{{"requestId":"{id}"}}"#))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 415, "{content_type}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["error"], "unsupported_media_type");
    }
    let without = http
        .post(&url)
        .header("x-user", "victim")
        .body(format!(r#"{{"requestId":"{id}"}}"#))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status().as_u16(), 415);
    assert!(
        mock.received()
            .iter()
            .all(|r| r.method != "POST" || r.path.ends_with("Request"))
    );
    assert_eq!(verify_calls(&mock), 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_it_is_read_whole() {
    let mock = MockDvs::start().await;
    let url = serve(verifier(&mock, MemoryStore::new(), Settings::default())).await;
    let id = create(&mock).await;
    let padding = "x".repeat(dvs_backend::axum_adapter::MAX_BODY_BYTES);
    let response = reqwest::Client::new()
        .post(&url)
        .header("x-user", "alice")
        .header("content-type", "application/json")
        .body(format!(
            r#"{{"requestId":"{id}","claimedName":"{padding}"}}"#
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(verify_calls(&mock), 0);
}

/// 20 ids of one user submitted at once through two instances over one store, limit 3:
/// exactly 3 are claimed and verified, 17 refused.
pub(crate) async fn burst_within_the_limit(
    one: Arc<dyn ClaimStore>,
    two: Arc<dyn ClaimStore>,
    name: &str,
) {
    let mock = MockDvs::start().await;
    let settings = Settings::default().limit(3, Duration::from_secs(600));
    let build = |store| {
        Verifier::builder_shared(secret_client(&mock), store)
            .settings(settings)
            .build()
            .unwrap()
    };
    let instances = [build(one), build(two)];
    let mut ids = Vec::new();
    for _ in 0..20 {
        ids.push(create(&mock).await);
    }
    let alice = user(name);
    let tasks: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let (v, id, alice) = (instances[i % 2].clone(), *id, alice.clone());
            tokio::spawn(async move { v.verify_for(&alice, id.as_str()).await })
        })
        .collect();
    let (mut verified, mut limited) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => verified += 1,
            Err(refusal) => {
                assert_eq!(
                    refusal.kind(),
                    RefusalKind::TooManyVerifications,
                    "{refusal}"
                );
                limited += 1;
            }
        }
    }
    assert_eq!((verified, limited), (3, 17));
    assert_eq!(verify_calls(&mock), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_20_ids_through_two_instances_on_sqlite_claims_exactly_3() {
    let db = TempDb::new("burst");
    let one = Arc::new(SqliteStore::open(&db.0).await.unwrap());
    let two = Arc::new(SqliteStore::open(&db.0).await.unwrap());
    burst_within_the_limit(one, two, "alice").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_burst_of_20_ids_through_two_instances_on_memory_claims_exactly_3() {
    let store: Arc<dyn ClaimStore> = Arc::new(MemoryStore::new());
    burst_within_the_limit(store.clone(), store, "alice").await;
}

/// Claims whose holder went away after sending Verify (the answer lost, the user gone):
/// reconcile looks each up, never verifies; a result is handed to the sink and settled, a
/// request DVS still works on stays pending.
pub(crate) async fn reconcile_settles_by_lookup(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let carol = user(&unique("carol"));
    let mock = MockDvs::builder()
        .slow_delay(Duration::from_secs(2))
        .start()
        .await;
    let sink = Sink::default();
    let v = Verifier::builder_shared(quick_client(&mock, Duration::from_secs(1)), store.clone())
        .settings(
            Settings::default()
                .lease(Duration::from_secs(3))
                .unknown_outcome_grace(Duration::ZERO),
        )
        .result_sink(sink.clone())
        .build()
        .unwrap();
    // DVS takes 2 s, the client waits 1 s: the outcome is unknown, the claim left pending.
    let verified = create(&mock).await;
    mock.push_next_verify_scenario(Scenario::Slow);
    let first = v.verify_for(&alice, verified.as_str()).await;
    assert_eq!(first.unwrap_err().kind(), RefusalKind::DvsTimeout);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    // Another, still being worked on when reconcile runs.
    let working = create(&mock).await;
    mock.push_next_verify_scenario(Scenario::Slow);
    assert!(v.verify_for(&carol, working.as_str()).await.is_err());
    assert_eq!(verify_calls(&mock), 2);
    assert!(sink.users().is_empty());
    // The users never come back. The periodic job:
    let report = v.reconcile(Duration::from_millis(100)).await.unwrap();
    assert_eq!((report.settled, report.left_pending), (1, 1), "{report:?}");
    assert_eq!(verify_calls(&mock), 2, "reconcile never verifies");
    assert_eq!(sink.users(), [alice.as_str()]);
    let done = store.lookup(&verified).await.unwrap().unwrap();
    assert!(matches!(done.state, ClaimState::Done(_)), "{done:?}");
    let still = store.lookup(&working).await.unwrap().unwrap();
    assert!(
        matches!(still.state, ClaimState::Pending { .. }),
        "{still:?}"
    );
    // Alice's answer is the stored one, with no call to DVS.
    let calls = mock.received().len();
    v.verify_for(&alice, verified.as_str()).await.unwrap();
    assert_eq!(mock.received().len(), calls);
}

/// Purged claims: the per-user limit still counts those in its window, and an old id is
/// still refused when resubmitted (DVS says it was processed), with no Verify.
pub(crate) async fn purge_keeps_what_the_rules_need(store: Arc<dyn ClaimStore>) {
    let alice = user(&unique("alice"));
    let mallory = user(&unique("mallory"));
    let mock = MockDvs::start().await;
    let v = Verifier::builder_shared(secret_client(&mock), store.clone())
        .settings(Settings::default().limit(2, Duration::from_secs(600)))
        .build()
        .unwrap();
    let (a, b, c) = (
        create(&mock).await,
        create(&mock).await,
        create(&mock).await,
    );
    v.verify_for(&alice, a.as_str()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    v.verify_for(&alice, b.as_str()).await.unwrap();
    // Asked to purge everything: the limit's window (10 minutes) is kept.
    assert_eq!(v.purge(Duration::ZERO).await.unwrap(), 0);
    let refusal = v.verify_for(&alice, c.as_str()).await.unwrap_err();
    assert_eq!(refusal.kind(), RefusalKind::TooManyVerifications);
    // Once the claims are gone (the store purged directly, as after the window; the user's
    // latest decision, b, stays as their standing), an old id is still refused: the lookup
    // before Verify finds it processed.
    assert_eq!(store.purge_final(Duration::ZERO).await.unwrap(), 1);
    assert!(store.lookup(&a).await.unwrap().is_none());
    assert!(store.lookup(&b).await.unwrap().is_some());
    let calls = verify_calls(&mock);
    let replay = v.verify_for(&mallory, a.as_str()).await.unwrap_err();
    assert_eq!(replay.kind(), RefusalKind::AlreadyProcessed);
    assert_eq!(verify_calls(&mock), calls, "no Verify for a purged id");
}

#[tokio::test]
async fn memory_reconcile_settles_by_lookup() {
    reconcile_settles_by_lookup(Arc::new(MemoryStore::new())).await;
}

#[tokio::test]
async fn sqlite_reconcile_settles_by_lookup() {
    let db = TempDb::new("reconcile");
    reconcile_settles_by_lookup(Arc::new(SqliteStore::open(&db.0).await.unwrap())).await;
}

#[tokio::test]
async fn memory_purge_keeps_what_the_rules_need() {
    purge_keeps_what_the_rules_need(Arc::new(MemoryStore::new())).await;
}

#[tokio::test]
async fn sqlite_purge_keeps_what_the_rules_need() {
    let db = TempDb::new("purge");
    purge_keeps_what_the_rules_need(Arc::new(SqliteStore::open(&db.0).await.unwrap())).await;
}
