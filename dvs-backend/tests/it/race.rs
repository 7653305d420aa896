//! 100 concurrent submissions of one id through two backend instances sharing one store:
//! exactly one Verify reaches DVS.

use std::time::Duration;

use dvs_backend::{Settings, SqliteStore, Verifier};
use dvs_mock::MockDvs;

use crate::support::{TempDb, create, serve, slow_mock, submit, verify_calls};

const SUBMISSIONS: usize = 100;

/// The settings of the races: every user may claim, and waiters outwait the slow Verify.
pub(crate) fn race_settings() -> Settings {
    Settings::default()
        .limit(1000, Duration::from_secs(600))
        .wait_for_pending(Duration::from_secs(60))
        .max_waiters_per_id(SUBMISSIONS)
}

/// One user submits one id 100 times at once, alternating between two instances: every
/// answer is the same summary, and DVS saw one Verify.
pub(crate) async fn one_user_one_verify(mock: &MockDvs, one: Verifier, two: Verifier, user: &str) {
    let urls = [serve(one).await, serve(two).await];
    let id = create(mock).await;
    let http = reqwest::Client::new();
    let tasks: Vec<_> = (0..SUBMISSIONS)
        .map(|i| {
            let (http, url, user) = (http.clone(), urls[i % 2].clone(), user.to_owned());
            tokio::spawn(async move { submit(&http, &url, &user, id.as_str()).await })
        })
        .collect();
    let mut answers = Vec::new();
    let mut fresh = 0;
    for task in tasks {
        let (status, mut body) = task.await.unwrap();
        // One answer is the submission that decided; the others are the stored answer.
        if body["fresh"] == true {
            fresh += 1;
        }
        if let Some(object) = body.as_object_mut() {
            object.remove("fresh");
            object.remove("decidedAt");
        }
        answers.push((status, body));
    }
    let first = &answers[0];
    assert_eq!(first.0, 200, "{:?}", first.1);
    for answer in &answers {
        assert_eq!(
            answer, first,
            "every retry of the user gets the same summary"
        );
    }
    assert_eq!(fresh, 1, "one submission decided");
    assert_eq!(verify_calls(mock), 1);
}

/// 100 users submit one id at once through two instances: one gets the summary (and again
/// on retry), 99 are refused, and DVS saw one Verify.
pub(crate) async fn many_users_one_verify(
    mock: &MockDvs,
    one: Verifier,
    two: Verifier,
    prefix: &str,
) {
    let urls = [serve(one).await, serve(two).await];
    let id = create(mock).await;
    let http = reqwest::Client::new();
    let tasks: Vec<_> = (0..SUBMISSIONS)
        .map(|i| {
            let (http, url) = (http.clone(), urls[i % 2].clone());
            let user = format!("{prefix}-{i}");
            tokio::spawn(
                async move { (user.clone(), submit(&http, &url, &user, id.as_str()).await) },
            )
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    let winners: Vec<_> = answers.iter().filter(|(_, a)| a.0 == 200).collect();
    assert_eq!(winners.len(), 1, "{answers:?}");
    for (_, answer) in answers.iter().filter(|(_, a)| a.0 != 200) {
        assert_eq!(answer.0, 409, "{answer:?}");
        assert_eq!(answer.1["error"], "already_processed");
    }
    let (winner, summary) = winners[0];
    for url in &urls {
        let (status, mut again) = submit(&http, url, winner, id.as_str()).await;
        assert_eq!(again["fresh"], false, "a retry gets the stored answer");
        let mut first = summary.1.clone();
        for body in [&mut again, &mut first] {
            if let Some(object) = body.as_object_mut() {
                object.remove("fresh");
                object.remove("decidedAt");
            }
        }
        assert_eq!((status, again), (summary.0, first));
    }
    assert_eq!(verify_calls(mock), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_one_user_100_submissions_one_verify() {
    let mock = slow_mock(Duration::from_millis(300)).await;
    let db = TempDb::new("race-user");
    let one = crate::support::verifier(
        &mock,
        SqliteStore::open(&db.0).await.unwrap(),
        race_settings(),
    );
    let two = crate::support::verifier(
        &mock,
        SqliteStore::open(&db.0).await.unwrap(),
        race_settings(),
    );
    one_user_one_verify(&mock, one, two, "alice").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_100_users_one_verify() {
    let mock = slow_mock(Duration::from_millis(300)).await;
    let db = TempDb::new("race-users");
    let one = crate::support::verifier(
        &mock,
        SqliteStore::open(&db.0).await.unwrap(),
        race_settings(),
    );
    let two = crate::support::verifier(
        &mock,
        SqliteStore::open(&db.0).await.unwrap(),
        race_settings(),
    );
    many_users_one_verify(&mock, one, two, "user").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn memory_100_users_one_verify() {
    let mock = slow_mock(Duration::from_millis(300)).await;
    let store = std::sync::Arc::new(dvs_backend::MemoryStore::new());
    let client = crate::support::secret_client(&mock);
    let build = || {
        Verifier::builder_shared(client.clone(), store.clone())
            .settings(race_settings())
            .build()
            .unwrap()
    };
    many_users_one_verify(&mock, build(), build(), "user").await;
}
