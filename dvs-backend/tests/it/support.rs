//! What the suites share: a mock, verifiers over it, the axum adapter on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use dvs_backend::{ClaimStore, Settings, UserId, Verifier};
use dvs_mock::MockDvs;
use dvs_public::{DocumentType, VerificationRequest};
use dvs_secret::RequestId;
use dvs_test_support::{jpeg, png};
use serde_json::Value;

/// A mock whose answers take `latency`, so that concurrent submissions overlap a Verify.
pub(crate) async fn slow_mock(latency: Duration) -> MockDvs {
    MockDvs::builder().latency(latency).start().await
}

/// The secret-key client of `mock`, without retries.
pub(crate) fn secret_client(mock: &MockDvs) -> dvs_secret::Client {
    dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .retry_policy(dvs_secret::RetryPolicy::none())
        .build()
        .unwrap()
}

/// A verifier over `mock` and `store` with `settings`.
pub(crate) fn verifier(
    mock: &MockDvs,
    store: impl ClaimStore + 'static,
    settings: Settings,
) -> Verifier {
    Verifier::builder(secret_client(mock), store)
        .settings(settings)
        .build()
}

/// Creates a verification request with the public key, as a client app does.
pub(crate) async fn create(mock: &MockDvs) -> RequestId {
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

/// How many Verify calls reached the mock.
pub(crate) fn verify_calls(mock: &MockDvs) -> usize {
    mock.received()
        .iter()
        .filter(|r| {
            r.method == "POST" && r.path.to_ascii_lowercase().starts_with("/api/v3/verify/")
        })
        .count()
}

/// How many result lookups reached the mock.
pub(crate) fn lookups(mock: &MockDvs) -> usize {
    mock.received()
        .iter()
        .filter(|r| r.method == "GET" && r.path.to_ascii_lowercase().ends_with("/result"))
        .count()
}

/// A user id.
pub(crate) fn user(name: &str) -> UserId {
    UserId::new(name).unwrap()
}

/// Serves the axum adapter on a loopback port; the test's sign-in stand-in is the
/// `x-user` header. Returns the endpoint URL.
pub(crate) async fn serve(verifier: Verifier) -> String {
    let router = dvs_backend::axum_adapter::router(verifier, |head| {
        let name = head.headers.get("x-user")?.to_str().ok()?;
        UserId::new(name).ok()
    });
    let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/verifications")
}

/// Posts `{"requestId": id}` as `user`.
pub(crate) async fn submit(
    http: &reqwest::Client,
    url: &str,
    user: &str,
    id: &str,
) -> (u16, Value) {
    let response = http
        .post(url)
        .header("x-user", user)
        .json(&serde_json::json!({ "requestId": id }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A fresh database file path under the temp dir (removed with its WAL files on drop).
pub(crate) struct TempDb(pub PathBuf);

impl TempDb {
    pub(crate) fn new(name: &str) -> TempDb {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let path = std::env::temp_dir().join(format!(
            "dvs-backend-{name}-{}-{n}-{nanos}.sqlite3",
            std::process::id()
        ));
        TempDb(path)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The PostgreSQL URL of the tests, or `None` (and a printed reason) to skip.
pub(crate) fn postgres_url(test: &str) -> Option<String> {
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

/// A name unique to this test run, so runs against one database do not meet.
pub(crate) fn unique(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{name}-{}-{nanos}", std::process::id())
}
