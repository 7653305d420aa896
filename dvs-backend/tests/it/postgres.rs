//! The PostgreSQL store against a real server (`DVS_BACKEND_TEST_DATABASE_URL`; `.ci/run`
//! starts a throwaway cluster). Skipped, with the reason printed, when no URL is given.

#[cfg(not(feature = "postgres"))]
#[test]
fn postgres_tests_need_the_postgres_feature() {
    eprintln!("skip: the PostgreSQL tests need `--features postgres`");
}

#[cfg(feature = "postgres")]
mod with_server {
    use std::time::Duration;

    use dvs_backend::{PostgresStore, RefusalKind, Settings};
    use dvs_mock::MockDvs;

    use crate::race::{many_users_one_verify, one_user_one_verify, race_settings};
    use crate::support::{create, postgres_url, slow_mock, unique, user, verifier, verify_calls};

    async fn store(url: &str) -> PostgresStore {
        PostgresStore::connect(url, 4).await.unwrap()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres_one_user_100_submissions_through_two_instances_one_verify() {
        let Some(url) = postgres_url("postgres_one_user_100_submissions") else {
            return;
        };
        let mock = slow_mock(Duration::from_millis(300)).await;
        let one = verifier(&mock, store(&url).await, race_settings());
        let two = verifier(&mock, store(&url).await, race_settings());
        one_user_one_verify(&mock, one, two, &unique("alice")).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres_100_users_through_two_instances_one_verify() {
        let Some(url) = postgres_url("postgres_100_users") else {
            return;
        };
        let mock = slow_mock(Duration::from_millis(300)).await;
        let one = verifier(&mock, store(&url).await, race_settings());
        let two = verifier(&mock, store(&url).await, race_settings());
        many_users_one_verify(&mock, one, two, &unique("user")).await;
    }

    #[tokio::test]
    async fn postgres_the_limit_holds_across_two_instances() {
        let Some(url) = postgres_url("postgres_limit") else {
            return;
        };
        let mock = MockDvs::start().await;
        let settings = Settings::default().limit(3, Duration::from_secs(600));
        let one = verifier(&mock, store(&url).await, settings);
        let two = verifier(&mock, store(&url).await, settings);
        let alice = user(&unique("alice"));
        let mut ids = Vec::new();
        for _ in 0..4 {
            ids.push(create(&mock).await);
        }
        one.verify_for(&alice, ids[0].as_str()).await.unwrap();
        two.verify_for(&alice, ids[1].as_str()).await.unwrap();
        one.verify_for(&alice, ids[2].as_str()).await.unwrap();
        let refusal = two.verify_for(&alice, ids[3].as_str()).await.unwrap_err();
        assert_eq!(refusal.kind(), RefusalKind::TooManyVerifications);
        assert!(refusal.retry_after().unwrap() > Duration::from_secs(500));
        assert_eq!(verify_calls(&mock), 3);
    }

    #[tokio::test]
    async fn postgres_replays_are_refused_without_verify() {
        let Some(url) = postgres_url("postgres_replays") else {
            return;
        };
        let mock = MockDvs::start().await;
        let one = verifier(&mock, store(&url).await, Settings::default());
        let two = verifier(&mock, store(&url).await, Settings::default());
        let id = create(&mock).await;
        let (alice, mallory) = (user(&unique("alice")), user(&unique("mallory")));
        let summary = one.verify_for(&alice, id.as_str()).await.unwrap();
        let calls = mock.received().len();
        assert_eq!(two.verify_for(&alice, id.as_str()).await.unwrap(), summary);
        let refusal = two.verify_for(&mallory, id.as_str()).await.unwrap_err();
        assert_eq!(refusal.kind(), RefusalKind::AlreadyUsed);
        assert_eq!(mock.received().len(), calls, "nothing more reached DVS");
    }
}
