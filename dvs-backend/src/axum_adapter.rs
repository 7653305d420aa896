//! The axum adapter: a handler over a [`Verifier`] that an app mounts at the path it
//! chooses, with the signed-in user from an extractor the app supplies.
//!
//! **The user.** Implement [`SignedInUser`] for the extractor your app already has (a
//! session, a token, an extension your authentication middleware set): it can be async and
//! read a session store. When it rejects, its rejection is the answer (say `401`); the
//! crate does no authentication itself.
//!
//! **The request.** `POST` with `Content-Type: application/json` and a body of at most
//! [`MAX_BODY_BYTES`]: `{"requestId": "<uuid>"}`, optionally with `claimedName` and
//! `claimedDateOfBirth` for the identity match. Any other content type is refused with `415`
//! before anything is read: a cross-site form (which can only post `text/plain`, a form
//! encoding or multipart) cannot start a verification for a signed-in victim, and a
//! cross-site `fetch` with JSON needs a CORS preflight your app does not grant. A larger
//! body is refused with `413`.
//!
//! **The identity claim.** When [`SignedInUser::identity`] returns the name and date of
//! birth from your own records of the user (what they registered with, or what your KYC
//! step collected), those are matched and the body's `claimed…` fields are ignored: use
//! that whenever you hold the data, as the body is whatever the client sends. The body's
//! fields are for flows where the user types them in the same page.
//!
//! **The answer.** `200` and the [`Summary`](dvs_secret::Summary) with `"fresh"` (this
//! submission decided it, or it is the stored answer of an earlier one) and `"decidedAt"`
//! (RFC 3339) beside its fields, or
//! `{"error": code, "message": text}` with the [`Refusal`]'s status (and `Retry-After` where
//! one helps). Each decision also reaches your [`ResultSink`](crate::ResultSink) with the
//! summary, so your app learns every decision it answered.
//!
//! ```no_run
//! use axum::extract::FromRequestParts;
//! use axum::http::request::Parts;
//! use axum::routing::{get, post};
//! use axum::Router;
//! use dvs_backend::axum_adapter::{self, SignedInUser};
//! use dvs_backend::{Refusal, RefusalKind, UserId, Verifier};
//!
//! /// Your app's signed-in user (here from an extension your auth middleware set).
//! #[derive(Clone)]
//! struct Account { id: UserId }
//!
//! impl<S: Send + Sync> FromRequestParts<S> for Account {
//!     type Rejection = Refusal;
//!     async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
//!         parts.extensions.get::<Account>().cloned()
//!             .ok_or(Refusal::new(RefusalKind::NotSignedIn))
//!     }
//! }
//!
//! impl SignedInUser for Account {
//!     fn user_id(&self) -> UserId { self.id.clone() }
//! }
//!
//! fn app(verifier: Verifier) -> Router {
//!     Router::new()
//!         .route("/api/identity/verify", post(axum_adapter::verify::<Account>))
//!         .with_state(verifier)
//! }
//! ```

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use dvs_secret::{IdentityClaim, SensitiveText};

use crate::{Refusal, RefusalKind, UserId, Verifier};

/// The largest request body the handler reads: a request id and an identity claim fit in a
/// fraction of it.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The signed-in user, as your app's own extractor gives it (see the [module docs](self)).
pub trait SignedInUser: Send {
    /// The user the request id is claimed for.
    fn user_id(&self) -> UserId;

    /// The user's name and date of birth from your app's own records, for the identity
    /// match; `None` (the default) takes them from the request body, if it has them.
    fn identity(&self) -> Option<IdentityClaim> {
        None
    }
}

/// The JSON body the client app sends.
#[derive(Deserialize)]
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
    /// What the user claims; an unreadable date is refused without naming any part of it.
    fn claim(&self) -> Result<IdentityClaim, Refusal> {
        let mut claim = IdentityClaim::new();
        if let Some(name) = &self.claimed_name {
            claim = claim.with_name(name.expose_secret());
        }
        if let Some(date) = &self.claimed_date_of_birth {
            claim = claim
                .with_date_of_birth_text(date.expose_secret())
                .map_err(|_| Refusal::new(RefusalKind::InvalidClaim))?;
        }
        Ok(claim)
    }
}

/// Whether the request says its body is JSON (`application/json`, any parameters).
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// The verification handler: mount it with `post(verify::<YourUser>)` on the path you
/// choose, in a router whose state gives a [`Verifier`] (`Verifier: FromRef<S>`).
///
/// Refuses a body that is not JSON (`415`) or is over [`MAX_BODY_BYTES`] (`413`) before the
/// verifier sees it, and a malformed one with `400`.
pub async fn verify<U: SignedInUser>(
    State(verifier): State<Verifier>,
    user: U,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if !is_json(&headers) {
        return Refusal::new(RefusalKind::UnsupportedMediaType).into_response();
    }
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return Refusal::new(RefusalKind::BodyTooLarge).into_response();
    };
    let Ok(parsed) = serde_json::from_slice::<VerificationBody>(&bytes) else {
        return Refusal::new(RefusalKind::MalformedBody).into_response();
    };
    let claim = match user.identity() {
        Some(recorded) => recorded,
        None => match parsed.claim() {
            Ok(claim) => claim,
            Err(refusal) => return refusal.into_response(),
        },
    };
    match verifier
        .answer_for(&user.user_id(), &parsed.request_id, &claim)
        .await
    {
        Ok(answer) => answer_json(answer).into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

/// The summary's JSON, with `fresh` and `decidedAt` beside its fields (a client reading a
/// `Summary` ignores them).
fn answer_json(answer: crate::Answer) -> Response {
    let mut body = serde_json::to_value(&answer.summary).unwrap_or_default();
    if let Some(object) = body.as_object_mut() {
        object.insert("fresh".into(), answer.fresh.into());
        object.insert(
            "decidedAt".into(),
            answer.decided_at.and_then(rfc3339).into(),
        );
    }
    axum::Json(body).into_response()
}

/// The signed-in user's standing, as JSON: mount it with `get(status::<YourUser>)` (say at
/// `/verifications/me`) for a client app that asks whether it must send the user through
/// verification. No PII: the latest outcome, its reasons and scores, times, and whether it
/// holds now.
///
/// ```json
/// {"verified": true, "outcome": "approve", "decidedAt": "2026-12-06T21:00:00Z",
///  "validUntil": null, "currentPolicy": true, "summary": {…}}
/// ```
///
/// `{"verified": false, "outcome": null}` when the user never got a decision; `503
/// backend_unavailable` when the store cannot be read.
pub async fn status<U: SignedInUser>(State(verifier): State<Verifier>, user: U) -> Response {
    let status = match verifier.status_for(&user.user_id()).await {
        Ok(status) => status,
        Err(error) => {
            tracing::warn!(error = %error, error_kind = "claim_store", "standing unavailable");
            return Refusal::new(RefusalKind::BackendUnavailable).into_response();
        }
    };
    let verified = status.is_verified_at(std::time::SystemTime::now());
    let body = match status {
        crate::UserStatus::Decided {
            decided,
            current_policy,
            valid_until,
        } => serde_json::json!({
            "verified": verified,
            "outcome": decided.summary.outcome,
            "decidedAt": rfc3339(decided.decided_at),
            "validUntil": valid_until.and_then(rfc3339),
            "currentPolicy": current_policy,
            "summary": decided.summary,
        }),
        _ => serde_json::json!({ "verified": false, "outcome": null }),
    };
    axum::Json(body).into_response()
}

/// A time as RFC 3339 text (UTC), if it is in jiff's range.
fn rfc3339(time: std::time::SystemTime) -> Option<String> {
    jiff::Timestamp::try_from(time)
        .ok()
        .map(|timestamp| timestamp.to_string())
}

/// `POST /verifications` ([`verify`]) and `GET /verifications/me` ([`status`]) over
/// `verifier`, with the user from the extractor `U`, for an app that has no paths of its own
/// in mind. Merge it into your app's router.
pub fn router<U>(verifier: Verifier) -> Router
where
    U: SignedInUser + axum::extract::FromRequestParts<Verifier> + 'static,
{
    Router::new()
        .route("/verifications", post(verify::<U>))
        .route("/verifications/me", get(status::<U>))
        .with_state(verifier)
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::json!({ "error": self.code(), "message": self.message() });
        let mut response = (status, axum::Json(body)).into_response();
        if let Some(after) = self.retry_after() {
            let secs = after.as_secs().max(1);
            if let Ok(value) = HeaderValue::from_str(&secs.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_is_json() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
            is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        for other in [
            "text/plain",
            "text/plain; charset=utf-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/jsonp",
            "application/json-patch+json",
        ] {
            assert!(!with(other), "{other}");
        }
        assert!(!is_json(&HeaderMap::new()));
    }
}
