//! The example backend app of dvs-rs, as a library so it can be tested end to end.
//!
//! The backend app: holds the secret key, receives a `requestId` from the client app, runs
//! Verify, applies the [`Policy`], and returns the client-safe [`Summary`].
//!
//! `POST /verifications` with `{"requestId": "<uuid>"}` → `200` and the summary, or a JSON
//! error `{"error": code, "message": text}`. The body may also carry what the user typed,
//! `claimedName` and `claimedDateOfBirth`: the policy then matches the document against them
//! (the identity match), and the summary says only whether it matched, never the values.
//! With a minimum age in the policy the summary says `ageVerified`, never the date of birth.
//!
//! | case | status | `error` |
//! |---|---|---|
//! | body is not JSON `{"requestId": string}` | 400 | `malformed_body` |
//! | `requestId` is not a UUID | 400 | `invalid_request_id` |
//! | `claimedDateOfBirth` is not a date | 400 | `invalid_claim` |
//! | DVS does not know the id | 404 | `unknown_request` |
//! | the id was already verified | 409 | `already_processed` |
//! | the request expired | 410 | `request_expired` |
//! | DVS could not read the document or selfie | 422 | `document_rejected` |
//! | DVS found the uploaded request invalid | 422 | `invalid_submission` |
//! | DVS rate-limited us | 503 | `dvs_busy` |
//! | DVS failed, or is unreachable | 502 / 503 | `dvs_unavailable` |
//! | DVS did not answer in time | 504 | `dvs_timeout` |
//! | our secret key was refused | 500 | `backend_misconfigured` |
//!
//! Logs go to stderr and carry the request id, the outcome and error kinds only: no key,
//! no document data, no image.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use dvs_secret::{Client, Error, IdentityClaim, Policy, RequestId, SensitiveText, Summary};
use serde::Deserialize;

pub mod web_page;

/// What the backend needs: the secret-key client and the decision policy.
#[derive(Debug, Clone)]
pub struct BackendState {
    client: Client,
    policy: Policy,
}

impl BackendState {
    /// A backend using `client` and `policy`.
    pub fn new(client: Client, policy: Policy) -> Self {
        BackendState { client, policy }
    }
}

/// The JSON body the client app sends.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct VerificationBody {
    request_id: String,
    /// The name the user typed, for the identity match.
    #[serde(default)]
    claimed_name: Option<SensitiveText>,
    /// The date of birth the user typed (ISO, US `MM/DD/YYYY`, `YYYYMMDD`).
    #[serde(default)]
    claimed_date_of_birth: Option<SensitiveText>,
}

impl VerificationBody {
    /// What the user claims; an unreadable date is an error that names no part of it.
    fn claim(&self) -> Result<IdentityClaim, dvs_secret::DateError> {
        let mut claim = IdentityClaim::new();
        if let Some(name) = &self.claimed_name {
            claim = claim.with_name(name.expose_secret());
        }
        if let Some(date) = &self.claimed_date_of_birth {
            claim = claim.with_date_of_birth_text(date.expose_secret())?;
        }
        Ok(claim)
    }
}

/// A JSON error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::json!({ "error": self.code, "message": self.message });
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            if let Ok(value) = secs.to_string().parse() {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

/// Maps a DVS error to the answer the client app gets. Messages are ours, not DVS's text.
pub fn map_dvs_error(error: &Error) -> ApiError {
    use StatusCode as S;
    match error {
        Error::NotFound(_) => ApiError::new(
            S::NOT_FOUND,
            "unknown_request",
            "DVS does not know this request id",
        ),
        Error::AlreadyProcessed(_) => ApiError::new(
            S::CONFLICT,
            "already_processed",
            "this request was already verified; start a new verification",
        ),
        Error::Expired(_) => ApiError::new(
            S::GONE,
            "request_expired",
            "this request expired before it was verified; start a new verification",
        ),
        Error::DocumentRejected(_) => ApiError::new(
            S::UNPROCESSABLE_ENTITY,
            "document_rejected",
            "the document or selfie could not be read; please retake the photos",
        ),
        Error::Validation(_) => ApiError::new(
            S::UNPROCESSABLE_ENTITY,
            "invalid_submission",
            "DVS found the uploaded request incomplete or invalid",
        ),
        Error::RateLimited { retry_after, .. } => ApiError {
            retry_after: retry_after.map(|d| d.as_secs().max(1)),
            ..ApiError::new(
                S::SERVICE_UNAVAILABLE,
                "dvs_busy",
                "the verification service is busy; try again shortly",
            )
        },
        Error::Auth(_) | Error::InvalidKey(_) | Error::Config(_) => ApiError::new(
            S::INTERNAL_SERVER_ERROR,
            "backend_misconfigured",
            "the backend's verification credentials were refused",
        ),
        Error::Timeout => ApiError::new(
            S::GATEWAY_TIMEOUT,
            "dvs_timeout",
            "the verification service did not answer in time",
        ),
        Error::Connect(_) => ApiError::new(
            S::SERVICE_UNAVAILABLE,
            "dvs_unavailable",
            "the verification service is unreachable",
        ),
        _ => ApiError::new(
            S::BAD_GATEWAY,
            "dvs_unavailable",
            "the verification service failed",
        ),
    }
}

async fn verifications(
    State(state): State<Arc<BackendState>>,
    body: Bytes,
) -> Result<axum::Json<Summary>, ApiError> {
    let parsed: VerificationBody = serde_json::from_slice(&body).map_err(|_| {
        log("verification", "-", "malformed_body");
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_body",
            "expected a JSON object {\"requestId\": \"<uuid>\"}",
        )
    })?;
    let id: RequestId = parsed
        .request_id
        .parse()
        .map_err(|e: dvs_secret::RequestIdError| {
            log("verification", "-", "invalid_request_id");
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_request_id", e.to_string())
        })?;
    let claim = parsed.claim().map_err(|e| {
        log("verification", id.as_str(), "invalid_claim");
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_claim",
            format!("claimedDateOfBirth: {e}; use YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD"),
        )
    })?;
    match state.client.verify(&id).await {
        Ok(result) => {
            // Today's date in UTC is the decision date; the clock is read here, at the edge.
            let decision = state
                .policy
                .decide_with_claim(&result, dvs_secret::today_utc(), &claim);
            let summary = Summary::new(&result, &decision);
            log(
                "verification",
                id.as_str(),
                &format!("{:?}", summary.outcome).to_lowercase(),
            );
            Ok(axum::Json(summary))
        }
        Err(e) => {
            let answer = map_dvs_error(&e);
            log("verification", id.as_str(), answer.code);
            Err(answer)
        }
    }
}

fn log(event: &str, request_id: &str, outcome: &str) {
    eprintln!("backend_app: {event} request_id={request_id} outcome={outcome}");
}

/// The backend's routes: `POST /verifications`, `GET /health`.
pub fn router(state: BackendState) -> Router {
    Router::new()
        .route("/verifications", post(verifications))
        .route("/health", get(|| async { "ok" }))
        .with_state(Arc::new(state))
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
            eprintln!("backend_app: server stopped: {e}");
        }
    });
    Ok(bound)
}
