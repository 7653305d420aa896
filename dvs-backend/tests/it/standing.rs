//! A user's standing (`Verifier::status_for`): before any verification, after an approval,
//! after a rejection, once `reverify_after` has passed, and after the policy changed; on
//! memory and SQLite here, PostgreSQL in `postgres.rs`. And the axum `GET` route.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use dvs_backend::{ClaimStore, MemoryStore, Settings, SqliteStore, UserStatus, Verifier};
use dvs_mock::{MockDvs, Scenario};
use dvs_secret::{Confidence, Outcome, Policy};

use crate::support::{TempDb, create, secret_client, serve, unique, user};

fn build(
    mock: &MockDvs,
    store: Arc<dyn ClaimStore>,
    policy: Policy,
    settings: Settings,
) -> Verifier {
    Verifier::builder_shared(secret_client(mock), store)
        .policy(policy)
        .settings(settings)
        .build()
        .unwrap()
}

pub(crate) async fn standing_follows_decisions(store: Arc<dyn ClaimStore>) {
    let mock = MockDvs::start().await;
    let settings = Settings::default().reverify_after(Duration::from_secs(3600));
    let v = build(&mock, store.clone(), Policy::default(), settings);
    let alice = user(&unique("alice"));
    let now = SystemTime::now();

    // Before any verification.
    let before = v.status_for(&alice).await.unwrap();
    assert_eq!(before, UserStatus::NeverVerified);
    assert!(!before.is_verified_at(now));

    // After an approval: verified, under the current policy, until an hour later.
    let approved = create(&mock).await;
    v.verify_for(&alice, approved.as_str()).await.unwrap();
    let status = v.status_for(&alice).await.unwrap();
    let UserStatus::Decided {
        decided,
        current_policy,
        valid_until,
    } = &status
    else {
        panic!("{status:?}");
    };
    assert_eq!(decided.summary.outcome, Outcome::Approve);
    assert_eq!(decided.policy_fingerprint, v.policy_fingerprint());
    assert!(*current_policy);
    let age = SystemTime::now()
        .duration_since(decided.decided_at)
        .unwrap_or_default();
    assert!(age < Duration::from_secs(60), "{age:?}");
    assert_eq!(
        *valid_until,
        decided.decided_at.checked_add(Duration::from_secs(3600))
    );
    assert!(status.is_verified_at(SystemTime::now()));

    // Once reverify_after has passed: no longer verified.
    let later = SystemTime::now() + Duration::from_secs(3601);
    assert!(!status.is_verified_at(later));

    // A stricter policy: the same decision, no longer under the policy in force.
    let strict = Policy::default().with_min_face_match(Confidence::new(99).unwrap());
    let under_strict = build(&mock, store.clone(), strict, settings);
    let status = under_strict.status_for(&alice).await.unwrap();
    assert!(
        matches!(
            status,
            UserStatus::Decided {
                current_policy: false,
                ..
            }
        ),
        "{status:?}"
    );
    assert!(!status.is_verified_at(SystemTime::now()));

    // After a rejection, the latest decision is the rejection.
    tokio::time::sleep(Duration::from_millis(20)).await;
    mock.push_next_verify_scenario(Scenario::FaceMismatch);
    let rejected = create(&mock).await;
    let summary = v.verify_for(&alice, rejected.as_str()).await.unwrap();
    assert_eq!(summary.outcome, Outcome::Reject);
    let status = v.status_for(&alice).await.unwrap();
    assert_eq!(status.outcome(), Some(Outcome::Reject));
    assert!(!status.is_verified_at(SystemTime::now()));

    // A refusal (no decision) does not change the standing; another user has none.
    mock.push_next_verify_scenario(Scenario::OcrError);
    let unreadable = create(&mock).await;
    v.verify_for(&alice, unreadable.as_str()).await.unwrap_err();
    assert_eq!(
        v.status_for(&alice).await.unwrap().outcome(),
        Some(Outcome::Reject)
    );
    let bob = user(&unique("bob"));
    assert_eq!(v.status_for(&bob).await.unwrap(), UserStatus::NeverVerified);

    // A purge keeps each user's latest decision.
    store.purge_final(Duration::ZERO).await.unwrap();
    assert_eq!(
        v.status_for(&alice).await.unwrap().outcome(),
        Some(Outcome::Reject)
    );
}

#[tokio::test]
async fn memory_standing_follows_decisions() {
    standing_follows_decisions(Arc::new(MemoryStore::new())).await;
}

#[tokio::test]
async fn sqlite_standing_follows_decisions() {
    let db = TempDb::new("standing");
    standing_follows_decisions(Arc::new(SqliteStore::open(&db.0).await.unwrap())).await;
}

#[tokio::test]
async fn the_status_route_answers_the_signed_in_users_standing() {
    let mock = MockDvs::start().await;
    let v = build(
        &mock,
        Arc::new(MemoryStore::new()),
        Policy::default(),
        Settings::default(),
    );
    let url = serve(v).await;
    let me = format!("{url}/me");
    let http = reqwest::Client::new();
    let get = |name: &'static str| {
        let (http, me) = (http.clone(), me.clone());
        async move {
            let response = http.get(&me).header("x-user", name).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<serde_json::Value>().await.unwrap())
        }
    };
    let (status, body) = get("alice").await;
    assert_eq!(
        (status, &body["verified"], &body["outcome"]),
        (200, &false.into(), &serde_json::Value::Null)
    );
    let id = create(&mock).await;
    crate::support::submit(&http, &url, "alice", id.as_str()).await;
    let (status, body) = get("alice").await;
    assert_eq!(status, 200);
    assert_eq!(body["verified"], true);
    assert_eq!(body["outcome"], "approve");
    assert_eq!(body["currentPolicy"], true);
    assert!(body["decidedAt"].as_str().unwrap().ends_with('Z'), "{body}");
    assert!(body["summary"].get("document").is_none());
    // No sign-in: the extractor's rejection.
    let response = http.get(&me).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401);
}
