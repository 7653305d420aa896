//! The example backend app of dvs-rs, as a library so it can be tested end to end.
//!
//! The backend app: holds the secret key, receives a `requestId` from the client app, and
//! hands it to `dvs-backend`'s [`Verifier`], which claims the id for the signed-in user,
//! runs Verify once, applies the [`Policy`] and answers with the client-safe summary.
//!
//! `POST /verifications` with `{"requestId": "<uuid>"}` and the demo sign-in header
//! (`X-Demo-User`, a [stand-in](sign_in) for your authentication) → `200` and the summary,
//! or a JSON error `{"error": code, "message": text}`. The body may also carry what the user
//! typed, `claimedName` and `claimedDateOfBirth`: the policy then matches the document against
//! them (the identity match), and the summary says only whether it matched, never the values.
//! With a minimum age in the policy the summary says `ageVerified`, never the date of birth.
//!
//! | case | status | `error` |
//! |---|---|---|
//! | body is not JSON `{"requestId": string}` | 400 | `malformed_body` |
//! | `Content-Type` is not `application/json` (a cross-site form, say) | 415 | `unsupported_media_type` |
//! | body over 16 KiB | 413 | `body_too_large` |
//! | `requestId` is not a UUID | 400 | `invalid_request_id` |
//! | `claimedDateOfBirth` is not a date | 400 | `invalid_claim` |
//! | no signed-in user | 401 | `not_signed_in` |
//! | DVS does not know the id | 404 | `unknown_request` |
//! | the id is another user's, or was verified elsewhere | 409 | `already_processed` |
//! | the request expired | 410 | `request_expired` |
//! | DVS could not read the document or selfie | 422 | `document_rejected` |
//! | DVS found the uploaded request invalid | 422 | `invalid_submission` |
//! | the user's verification limit is reached | 429 | `too_many_verifications` |
//! | DVS rate-limited us | 503 | `dvs_busy` |
//! | DVS failed (5xx, an unreadable answer) | 502 | `dvs_failed` |
//! | DVS is unreachable | 503 | `dvs_unreachable` |
//! | the user's earlier submission is still being verified | 503 | `verification_pending` |
//! | the claim store is down | 503 | `backend_unavailable` |
//! | DVS did not answer in time | 504 | `dvs_timeout` |
//! | our secret key was refused | 500 | `backend_misconfigured` |
//!
//! The same user sending the same id again gets the same summary, with no second Verify.
//! Claims are kept in SQLite by default (`CLAIMS_DB`, a file) or PostgreSQL when
//! `DATABASE_URL` is set ([`claim_store_from_env`]). Logs are `tracing` events: request id,
//! outcome and error kinds only; no key, no document data, no image.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod sign_in;
pub mod web_page;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use dvs_backend::{
    ClaimStore, MemoryStore, Settings, SettingsError, SqliteStore, StoreError, Verifier,
};
use dvs_secret::{Client, Policy};

/// The environment variable naming the PostgreSQL database that holds the claims.
pub const DATABASE_URL_ENV: &str = "DATABASE_URL";
/// The environment variable naming the SQLite file that holds the claims otherwise.
pub const CLAIMS_DB_ENV: &str = "CLAIMS_DB";
/// The SQLite file used when neither variable is set.
pub const DEFAULT_CLAIMS_DB: &str = "backend_app_claims.sqlite3";

/// What the backend needs: the verifier (secret-key client, policy, claim store).
#[derive(Debug, Clone)]
pub struct BackendState {
    verifier: Verifier,
}

impl BackendState {
    /// A backend using `client` and `policy`, with claims in this process's memory (tests,
    /// the one-command demo) and the default settings.
    pub fn new(client: Client, policy: Policy) -> Result<Self, SettingsError> {
        Self::with_store(
            client,
            policy,
            Arc::new(MemoryStore::new()),
            Settings::default(),
        )
    }

    /// A backend using `client` and `policy`, with claims in `store`, under `settings`.
    pub fn with_store(
        client: Client,
        policy: Policy,
        store: Arc<dyn ClaimStore>,
        settings: Settings,
    ) -> Result<Self, SettingsError> {
        let verifier = Verifier::builder_shared(client, store)
            .policy(policy)
            .settings(settings)
            .build()?;
        Ok(BackendState { verifier })
    }

    /// The verifier the routes use.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }
}

/// The claim store the environment asks for: PostgreSQL at `DATABASE_URL` if set (built with
/// dvs-backend's `postgres` feature), otherwise the SQLite file `CLAIMS_DB` (default
/// [`DEFAULT_CLAIMS_DB`]), created and migrated on start. The returned text names which.
pub async fn claim_store_from_env() -> Result<(Arc<dyn ClaimStore>, String), StoreError> {
    let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(url) = read(DATABASE_URL_ENV) {
        let store = dvs_backend::PostgresStore::connect(&url, 4).await?;
        return Ok((Arc::new(store), "PostgreSQL (DATABASE_URL)".to_owned()));
    }
    let path = read(CLAIMS_DB_ENV).unwrap_or_else(|| DEFAULT_CLAIMS_DB.to_owned());
    let store = SqliteStore::open(&path).await?;
    Ok((Arc::new(store), format!("SQLite file {path}")))
}

/// The backend's routes, assembled in this one place: `POST /verifications` (dvs-backend's
/// axum handler, with the demo sign-in), `GET /health`.
pub fn router(state: BackendState) -> Router {
    Router::new()
        .route(
            "/verifications",
            post(dvs_backend::axum_adapter::verify::<sign_in::DemoUser>),
        )
        .route("/health", get(|| async { "ok" }))
        .with_state(state.verifier)
}

/// Serves the backend on `listener` until the future is dropped or the process ends.
pub async fn serve(listener: tokio::net::TcpListener, state: BackendState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}

/// Binds `addr` and serves in a background task; returns the bound address.
pub async fn spawn(addr: SocketAddr, state: BackendState) -> std::io::Result<SocketAddr> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = serve(listener, state).await {
            tracing::error!(error = %e, "backend server stopped");
        }
    });
    Ok(bound)
}
