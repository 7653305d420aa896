//! The PostgreSQL store against a real server (`DVS_BACKEND_TEST_DATABASE_URL`; `.ci/run`
//! starts a throwaway cluster). Skipped, with the reason printed, when no URL is given.

#[cfg(not(feature = "postgres"))]
#[test]
fn postgres_tests_need_the_postgres_feature() {
    eprintln!("skip: the PostgreSQL tests need `--features postgres`");
}

#[cfg(feature = "postgres")]
mod with_server {
    use std::sync::Arc;
    use std::time::Duration;

    use dvs_backend::{ClaimStore, PostgresStore, RefusalKind, Settings};
    use dvs_mock::MockDvs;

    use crate::boundary::{
        burst_within_the_limit, purge_keeps_what_the_rules_need, reconcile_settles_by_lookup,
    };
    use crate::outages;
    use crate::race::{many_users_one_verify, one_user_one_verify, race_settings};
    use crate::support::{create, postgres_url, slow_mock, unique, user, verifier, verify_calls};

    async fn store(url: &str) -> PostgresStore {
        PostgresStore::connect(url, 4).await.unwrap()
    }

    async fn shared(url: &str) -> Arc<dyn ClaimStore> {
        Arc::new(store(url).await)
    }

    /// Each outage case of `outages.rs` on PostgreSQL.
    macro_rules! on_postgres {
        ($($case:ident),* $(,)?) => {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(url) = postgres_url(stringify!($case)) else {
                        return;
                    };
                    outages::$case(shared(&url).await).await;
                }
            )*
        };
    }

    mod outage_cases {
        use super::{outages, postgres_url, shared};

        on_postgres!(
            stranger_after_5xx,
            stranger_after_a_lost_answer,
            stranger_after_a_disconnect,
            no_second_verify_while_dvs_works,
            a_lost_rejection_settles,
            a_verification_outlives_its_caller,
            the_lease_holds_while_the_attempt_runs,
            waiters_read_instead_of_writing,
        );
    }

    #[tokio::test]
    async fn postgres_standing_follows_decisions() {
        let Some(url) = postgres_url("postgres_standing") else {
            return;
        };
        // Its own database: the case purges final claims.
        let url = own_database(&url, "standing", None).await;
        crate::standing::standing_follows_decisions(shared(&url).await).await;
    }

    #[tokio::test]
    async fn postgres_reconcile_settles_by_lookup() {
        let Some(url) = postgres_url("postgres_reconcile") else {
            return;
        };
        reconcile_settles_by_lookup(shared(&url).await).await;
    }

    #[tokio::test]
    async fn postgres_purge_keeps_what_the_rules_need() {
        let Some(url) = postgres_url("postgres_purge") else {
            return;
        };
        // Its own database: purging final claims would delete the other tests' ones.
        let url = own_database(&url, "purge", None).await;
        purge_keeps_what_the_rules_need(shared(&url).await).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres_a_burst_of_20_ids_through_two_instances_claims_exactly_3() {
        let Some(url) = postgres_url("postgres_burst") else {
            return;
        };
        burst_within_the_limit(shared(&url).await, shared(&url).await, &unique("alice")).await;
    }

    /// The server's (or the role's) default isolation is REPEATABLE READ: the store pins its
    /// transactions to READ COMMITTED, so the per-user count still sees every claim.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn postgres_the_limit_holds_when_the_default_isolation_is_repeatable_read() {
        let Some(url) = postgres_url("postgres_repeatable_read") else {
            return;
        };
        let url = own_database(&url, "rr", Some("repeatable read")).await;
        burst_within_the_limit(shared(&url).await, shared(&url).await, &unique("alice")).await;
    }

    /// A fresh database on the test server (its name unique to this run), optionally with a
    /// default transaction isolation; returns its URL.
    async fn own_database(url: &str, name: &str, isolation: Option<&str>) -> String {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        let database = format!("dvs_{name}_{}", unique("db").replace('-', "_"));
        client
            .batch_execute(&format!("CREATE DATABASE {database}"))
            .await
            .unwrap();
        if let Some(level) = isolation {
            client
                .batch_execute(&format!(
                    "ALTER DATABASE {database} SET default_transaction_isolation TO '{level}'"
                ))
                .await
                .unwrap();
        }
        let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
        format!("{base}/{database}")
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
        assert_eq!(refusal.kind(), RefusalKind::AlreadyProcessed);
        assert_eq!(mock.received().len(), calls, "nothing more reached DVS");
    }
}
