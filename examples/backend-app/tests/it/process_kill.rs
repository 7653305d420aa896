//! The example backend as a real process over a claims database, killed with SIGKILL at each
//! point of the claim's state machine, then started again: the same user's retry gets the
//! right final answer, DVS (dvs-mock, in this test's process) received at most one billable
//! Verify for the id, and nothing is lost. On SQLite here; on PostgreSQL when
//! `DVS_BACKEND_TEST_DATABASE_URL` is set (`.ci/run` starts a server).
//!
//! Each case prints `kill point <name> (<store>): <n> Verify, final answer <answer>`.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use dvs_backend::{ClaimState, ClaimStore, PostgresStore, SqliteStore};
use dvs_backend_app::sign_in::DEMO_USER_HEADER;
use dvs_mock::MockDvs;
use dvs_public::{DocumentType, VerificationRequest};
use dvs_secret::RequestId;
use dvs_test_support::{jpeg, png};
use serde_json::Value;

/// Every answer of the mock takes this long: the windows the test kills in.
const LATENCY: Duration = Duration::from_millis(400);
/// The backend's DVS client timeout, and the claim lease (three calls of it).
const TIMEOUT_SECS: u64 = 1;
const LEASE: Duration = Duration::from_secs(3);

/// Where the backend is killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KillPoint {
    /// The claim is committed; the lookup before Verify is in flight; Verify not sent.
    Claimed,
    /// "Verify sent" is recorded and Verify reached DVS, whose answer is on its way.
    VerifySent,
    /// Verify's answer arrived; storing it waits for the database (held by the test).
    AnswerNotStored,
}

impl KillPoint {
    fn name(self) -> &'static str {
        match self {
            KillPoint::Claimed => "after-claim",
            KillPoint::VerifySent => "after-verify-sent",
            KillPoint::AnswerNotStored => "after-answer-before-store",
        }
    }
}

/// Where the claims live.
#[derive(Debug, Clone)]
enum Database {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Database {
    fn env(&self) -> (&'static str, String) {
        match self {
            Database::Sqlite(path) => ("CLAIMS_DB", path.display().to_string()),
            // The killed backend's sessions check every 100 ms that it is still there, and
            // abort a statement waiting for a lock once it is gone. Without that, PostgreSQL
            // runs a statement already sent by a dead client once the lock is granted (the
            // store's writes are sent whole, prepared beforehand), so the "answer not
            // stored" point would store the answer after the kill: safe (the same answer,
            // and the write is conditional on the attempt), but the restart's recovery from
            // a pending claim would go untested.
            Database::Postgres(url) => {
                let separator = if url.contains('?') { '&' } else { '?' };
                (
                    "DATABASE_URL",
                    format!("{url}{separator}options=-c%20client_connection_check_interval%3D100"),
                )
            }
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "SQLite",
            Database::Postgres(_) => "PostgreSQL",
        }
    }

    async fn store(&self) -> Box<dyn ClaimStore> {
        match self {
            Database::Sqlite(path) => Box::new(SqliteStore::open(path).await.unwrap()),
            Database::Postgres(url) => Box::new(PostgresStore::connect(url, 1).await.unwrap()),
        }
    }
}

/// The backend binary, running.
struct Backend {
    child: Child,
    url: String,
}

impl Backend {
    async fn start(mock: &MockDvs, database: &Database) -> Backend {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let (db_var, db_value) = database.env();
        let child = Command::new(env!("CARGO_BIN_EXE_backend_app"))
            .env_clear()
            .env("DVS_SECRET_KEY", mock.secret_key().expose_secret())
            .env("DVS_BASE_URL", mock.base_url())
            .env("DVS_TIMEOUT_SECS", TIMEOUT_SECS.to_string())
            .env("DVS_RETRIES", "0")
            .env("CLAIM_LEASE_SECS", LEASE.as_secs().to_string())
            .env(
                "BIND_ADDR",
                SocketAddr::from((Ipv4Addr::LOCALHOST, port)).to_string(),
            )
            .env("RUST_LOG", "warn")
            .env(db_var, db_value)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let backend = Backend {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        while http
            .get(format!("{}/health", backend.url))
            .send()
            .await
            .is_err()
        {
            assert!(Instant::now() < deadline, "the backend did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        backend
    }

    fn kill(mut self) {
        // SIGKILL: no destructor, no flush, no graceful shutdown.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    async fn submit(&self, id: &RequestId) -> (u16, Value) {
        let response = reqwest::Client::new()
            .post(format!("{}/verifications", self.url))
            .header(DEMO_USER_HEADER, "alice")
            .json(&serde_json::json!({ "requestId": id }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn create(mock: &MockDvs) -> RequestId {
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let request = VerificationRequest::new(DocumentType::Id)
        .front(jpeg(2048, 1))
        .back(png(1024, 2))
        .selfie(jpeg(2048, 3));
    public.create_request(request).await.unwrap().request_id
}

fn calls(mock: &MockDvs, id: &RequestId, method: &str, suffix: &str) -> usize {
    mock.received()
        .iter()
        .filter(|r| {
            r.method == method
                && r.path
                    .to_ascii_lowercase()
                    .contains(&id.as_str().to_ascii_lowercase())
                && r.path.to_ascii_lowercase().ends_with(suffix)
        })
        .count()
}

fn verify_calls(mock: &MockDvs, id: &RequestId) -> usize {
    mock.received()
        .iter()
        .filter(|r| {
            r.method == "POST"
                && r.path.to_ascii_lowercase() == format!("/api/v3/verify/{}", id.as_str())
        })
        .count()
}

async fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Holds the claims database so that writes wait (SQLite's write lock, or a PostgreSQL
/// table lock), until dropped.
enum Hold {
    Sqlite(rusqlite::Connection),
    Postgres(tokio_postgres::Client),
}

impl Hold {
    async fn take(database: &Database) -> Hold {
        match database {
            Database::Sqlite(path) => {
                let connection = rusqlite::Connection::open(path).unwrap();
                connection.execute_batch("BEGIN EXCLUSIVE").unwrap();
                Hold::Sqlite(connection)
            }
            Database::Postgres(url) => {
                let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(connection);
                client
                    .batch_execute("BEGIN; LOCK TABLE dvs_claims IN EXCLUSIVE MODE")
                    .await
                    .unwrap();
                Hold::Postgres(client)
            }
        }
    }

    async fn release(self) {
        match self {
            Hold::Sqlite(connection) => connection.execute_batch("ROLLBACK").unwrap(),
            Hold::Postgres(client) => client.batch_execute("ROLLBACK").await.unwrap(),
        }
    }
}

/// One kill point on one database: submit, kill at the point, restart, submit again.
#[allow(
    clippy::print_stdout,
    reason = "the counts are the test's report, read in CI's log"
)]
async fn kill_and_restart(point: KillPoint, database: Database) {
    let mock = MockDvs::builder().latency(LATENCY).start().await;
    let id = create(&mock).await;
    let backend = Backend::start(&mock, &database).await;
    let submission = {
        let url = backend.url.clone();
        tokio::spawn(async move {
            reqwest::Client::new()
                .post(format!("{url}/verifications"))
                .header(DEMO_USER_HEADER, "alice")
                .json(&serde_json::json!({ "requestId": id }))
                .send()
                .await
        })
    };
    let mut hold = None;
    match point {
        KillPoint::Claimed => {
            wait_until("the lookup before Verify", || {
                calls(&mock, &id, "GET", "/result") == 1
            })
            .await;
        }
        KillPoint::VerifySent => {
            wait_until("Verify", || verify_calls(&mock, &id) == 1).await;
        }
        KillPoint::AnswerNotStored => {
            wait_until("Verify", || verify_calls(&mock, &id) == 1).await;
            hold = Some(Hold::take(&database).await);
            // The answer arrives after the mock's latency; storing it then waits for us.
            tokio::time::sleep(LATENCY + Duration::from_millis(400)).await;
        }
    }
    backend.kill();
    assert!(
        submission.await.unwrap().is_err(),
        "the client saw the connection die"
    );
    if let Some(hold) = hold {
        // Long enough for PostgreSQL's client check (every 100 ms, see `Database::env`) to
        // find the killed backend gone and abort its waiting write.
        tokio::time::sleep(Duration::from_millis(500)).await;
        hold.release().await;
    }

    // What the dead backend left: a pending claim, Verify sent or not as the point says.
    let store = database.store().await;
    let left = store.lookup(&id).await.unwrap().unwrap();
    assert!(matches!(left.state, ClaimState::Pending { .. }), "{left:?}");
    assert_eq!(
        left.verify_sent,
        point != KillPoint::Claimed,
        "{point:?}: {left:?}"
    );

    let restarted = Backend::start(&mock, &database).await;
    tokio::time::sleep(LEASE + Duration::from_millis(200)).await;
    let (status, answer) = restarted.submit(&id).await;
    assert_eq!(status, 200, "{point:?}: {answer}");
    assert_eq!(answer["outcome"], "approve", "{point:?}: {answer}");
    // Final: the retry and a replay are answered from the database, with no call.
    let before = mock.received().len();
    let (again_status, again) = restarted.submit(&id).await;
    assert_eq!(again_status, status);
    assert_eq!(again["fresh"], false, "{again}");
    assert_eq!(again["outcome"], answer["outcome"]);
    assert_eq!(again["scores"], answer["scores"]);
    assert_eq!(mock.received().len(), before);
    let verifies = verify_calls(&mock, &id);
    assert_eq!(verifies, 1, "{point:?}: one billable Verify");
    let final_claim = store.lookup(&id).await.unwrap().unwrap();
    assert!(
        matches!(final_claim.state, ClaimState::Done(_)),
        "{final_claim:?}"
    );
    println!(
        "kill point {} ({}): {verifies} Verify, final answer {}",
        point.name(),
        database.name(),
        answer["outcome"].as_str().unwrap_or("?"),
    );
}

/// A fresh SQLite file for one case, removed with its WAL files.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> TempFile {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        TempFile(std::env::temp_dir().join(format!(
            "dvs-kill-{name}-{}-{nanos}.sqlite3",
            std::process::id()
        )))
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

async fn on_sqlite(point: KillPoint) {
    let file = TempFile::new(point.name());
    kill_and_restart(point, Database::Sqlite(file.0.clone())).await;
}

/// The PostgreSQL URL of the tests, or `None` (and a printed reason) to skip.
fn postgres_url(test: &str) -> Option<String> {
    match std::env::var("DVS_BACKEND_TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            eprintln!(
                "skip {test}: DVS_BACKEND_TEST_DATABASE_URL is not set (no PostgreSQL to test against; .ci/run starts one)"
            );
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_kill_after_claim_sqlite() {
    on_sqlite(KillPoint::Claimed).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_kill_after_verify_sent_sqlite() {
    on_sqlite(KillPoint::VerifySent).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_kill_after_answer_before_store_sqlite() {
    on_sqlite(KillPoint::AnswerNotStored).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_kill_after_claim_postgres() {
    if let Some(url) = postgres_url("process_kill_after_claim_postgres") {
        kill_and_restart(KillPoint::Claimed, Database::Postgres(url)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_kill_after_verify_sent_postgres() {
    if let Some(url) = postgres_url("process_kill_after_verify_sent_postgres") {
        kill_and_restart(KillPoint::VerifySent, Database::Postgres(url)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn process_kill_after_answer_before_store_postgres() {
    if let Some(url) = postgres_url("process_kill_after_answer_before_store_postgres") {
        kill_and_restart(KillPoint::AnswerNotStored, Database::Postgres(url)).await;
    }
}
