//! What the suites share: a mock, verifiers over it, the axum adapter on loopback.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dvs_backend::axum_adapter::SignedInUser;
use dvs_backend::{
    Claim, ClaimOutcome, ClaimStore, ClaimTerms, Finish, Refusal, RefusalKind, Settings,
    StoreError, UserId, Verifier,
};
use dvs_mock::MockDvs;
use dvs_public::{DocumentType, VerificationRequest};
use dvs_secret::RequestId;
use dvs_test_support::{jpeg, png};
use serde_json::Value;
use tokio::sync::Notify;

/// A mock whose answers take `latency`, so that concurrent submissions overlap a Verify.
pub(crate) async fn slow_mock(latency: Duration) -> MockDvs {
    MockDvs::builder().latency(latency).start().await
}

/// The secret-key client of `mock`, without retries, with a 5-second timeout (the mock
/// answers at once unless told otherwise).
pub(crate) fn secret_client(mock: &MockDvs) -> dvs_secret::Client {
    dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .timeout(Duration::from_secs(5))
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
        .unwrap()
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

/// The tests' sign-in stand-in: the user named by the `x-user` header.
pub(crate) struct HeaderUser(UserId);

impl<S: Send + Sync> FromRequestParts<S> for HeaderUser {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let name = parts.headers.get("x-user").and_then(|v| v.to_str().ok());
        name.and_then(|name| UserId::new(name).ok())
            .map(HeaderUser)
            .ok_or(Refusal::new(RefusalKind::NotSignedIn))
    }
}

impl SignedInUser for HeaderUser {
    fn user_id(&self) -> UserId {
        self.0.clone()
    }
}

/// Serves the axum adapter on a loopback port; the test's sign-in stand-in is the
/// `x-user` header. Returns the endpoint URL.
pub(crate) async fn serve(verifier: Verifier) -> String {
    let router = dvs_backend::axum_adapter::router::<HeaderUser>(verifier);
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

/// Where an [`InstrumentedStore`] stops answering, as a killed process would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HangAt {
    Never,
    /// Right after the claim was committed, before anything reached DVS.
    AfterClaim,
    /// Right after "Verify sent" was recorded, before Verify is sent.
    AfterMarkSent,
    /// After Verify answered (and the sink ran), before the answer is stored.
    BeforeFinish,
}

/// A store that delegates, counts claims and lookups, and hangs for good at a point.
#[derive(Debug)]
pub(crate) struct InstrumentedStore {
    inner: Arc<dyn ClaimStore>,
    hang: HangAt,
    pub(crate) reached: Arc<Notify>,
    /// Set at the hang point: from then on every call hangs (the process is dead).
    dead: std::sync::atomic::AtomicBool,
    pub(crate) claims: AtomicUsize,
    pub(crate) lookups: AtomicUsize,
}

impl InstrumentedStore {
    pub(crate) fn new(inner: Arc<dyn ClaimStore>, hang: HangAt) -> InstrumentedStore {
        InstrumentedStore {
            inner,
            hang,
            reached: Arc::new(Notify::new()),
            dead: std::sync::atomic::AtomicBool::new(false),
            claims: AtomicUsize::new(0),
            lookups: AtomicUsize::new(0),
        }
    }

    async fn maybe_hang(&self, at: HangAt) {
        if self.hang == at {
            self.dead.store(true, Ordering::SeqCst);
            self.reached.notify_one();
        }
        self.if_dead().await;
    }

    /// Never returns once the hang point was reached: no call of a dead process lands (its
    /// lease renewals included).
    async fn if_dead(&self) {
        if self.dead.load(Ordering::SeqCst) {
            std::future::pending::<()>().await;
        }
    }
}

#[async_trait]
impl ClaimStore for InstrumentedStore {
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError> {
        self.claims.fetch_add(1, Ordering::Relaxed);
        self.if_dead().await;
        let outcome = self.inner.claim(id, user, terms).await?;
        self.maybe_hang(HangAt::AfterClaim).await;
        Ok(outcome)
    }
    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError> {
        self.lookups.fetch_add(1, Ordering::Relaxed);
        self.if_dead().await;
        self.inner.lookup(id).await
    }
    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<Option<bool>, StoreError> {
        self.if_dead().await;
        self.inner.take_over(id, attempt, lease).await
    }
    async fn mark_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        self.if_dead().await;
        let marked = self.inner.mark_verify_sent(id, attempt).await?;
        self.maybe_hang(HangAt::AfterMarkSent).await;
        Ok(marked)
    }
    async fn clear_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        self.inner.clear_verify_sent(id, attempt).await
    }
    async fn renew(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        self.if_dead().await;
        self.inner.renew(id, attempt, lease).await
    }
    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError> {
        self.maybe_hang(HangAt::BeforeFinish).await;
        self.inner.finish(id, attempt, finish).await
    }
    async fn stale_pending(
        &self,
        older_than: Duration,
        limit: usize,
    ) -> Result<Vec<(RequestId, Claim)>, StoreError> {
        self.inner.stale_pending(older_than, limit).await
    }
    async fn purge_final(&self, older_than: Duration) -> Result<u64, StoreError> {
        self.inner.purge_final(older_than).await
    }
    async fn standing(&self, user: &UserId) -> Result<Option<dvs_backend::Decided>, StoreError> {
        self.if_dead().await;
        self.inner.standing(user).await
    }
}
