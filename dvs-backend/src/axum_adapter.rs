//! The axum adapter: `POST /verifications` over a [`Verifier`], for an app to mount.
//!
//! The app says who is signed in with a closure over the request's head (read the user your
//! authentication middleware put in the extensions, or your session cookie); the crate does
//! no authentication itself. `None` answers `401 not_signed_in`.
//!
//! Request: `{"requestId": "<uuid>"}`. Answer: `200` and the [`Summary`](dvs_secret::Summary),
//! or `{"error": code, "message": text}` with the [`Refusal`]'s status (and `Retry-After`
//! where one helps).
//!
//! ```no_run
//! use axum::Router;
//! use dvs_backend::{UserId, Verifier};
//!
//! #[derive(Clone)]
//! struct SignedIn(String); // put in the extensions by your auth middleware
//!
//! fn app(verifier: Verifier) -> Router {
//!     Router::new().merge(dvs_backend::axum_adapter::router(verifier, |head| {
//!         let user = head.extensions.get::<SignedIn>()?;
//!         UserId::new(user.0.clone()).ok()
//!     }))
//! }
//! ```

use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;

use dvs_secret::{IdentityClaim, SensitiveText};

use crate::{Refusal, RefusalKind, UserId, Verifier};

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

/// The route's state: the verifier and the app's sign-in lookup.
struct Route<F> {
    verifier: Verifier,
    identify: F,
}

impl<F: Clone> Clone for Route<F> {
    fn clone(&self) -> Self {
        Route {
            verifier: self.verifier.clone(),
            identify: self.identify.clone(),
        }
    }
}

/// `POST /verifications` over `verifier`, with `identify` telling the signed-in user from the
/// request's head. Merge it into your app's router.
pub fn router<F>(verifier: Verifier, identify: F) -> Router
where
    F: Fn(&Parts) -> Option<UserId> + Clone + Send + Sync + 'static,
{
    Router::new()
        .route("/verifications", post(verifications::<F>))
        .with_state(Route { verifier, identify })
}

/// The request's head, as the identity closure reads it.
struct Head(Parts);

impl<S: Send + Sync> FromRequestParts<S> for Head {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Head(parts.clone()))
    }
}

async fn verifications<F>(State(route): State<Route<F>>, Head(head): Head, body: Bytes) -> Response
where
    F: Fn(&Parts) -> Option<UserId> + Clone + Send + Sync + 'static,
{
    let Some(user) = (route.identify)(&head) else {
        return Refusal::new(RefusalKind::NotSignedIn).into_response();
    };
    let Ok(parsed) = serde_json::from_slice::<VerificationBody>(&body) else {
        return Refusal::new(RefusalKind::MalformedBody).into_response();
    };
    let claim = match parsed.claim() {
        Ok(claim) => claim,
        Err(refusal) => return refusal.into_response(),
    };
    match route
        .verifier
        .verify_for_claim(&user, &parsed.request_id, &claim)
        .await
    {
        Ok(summary) => axum::Json(summary).into_response(),
        Err(refusal) => refusal.into_response(),
    }
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
