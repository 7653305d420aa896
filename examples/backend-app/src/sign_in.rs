//! **A stand-in for your app's sign-in. Replace it with your authentication.**
//!
//! The verification route needs to know who is signed in, so that each request id is
//! bound to one user (see `dvs-backend`). This example has no accounts: it takes the user
//! from the `X-Demo-User` header, which any client can set. That is fine for a demo on
//! loopback and wrong anywhere else: in your app, read the user that your authentication
//! middleware (session cookie, OAuth token, …) established, e.g. from the request's
//! extensions.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dvs_backend::axum_adapter::SignedInUser;
use dvs_backend::{Refusal, RefusalKind, UserId};

/// The header this demo takes the user from. Any client can set it: a stand-in only.
pub const DEMO_USER_HEADER: &str = "x-demo-user";

/// The demo's signed-in user: the `X-Demo-User` header. In your app, an extractor like this
/// reads your session (it may be async: look the session up in your store) and rejects a
/// request without one.
#[derive(Debug, Clone)]
pub struct DemoUser(pub UserId);

impl<S: Send + Sync> FromRequestParts<S> for DemoUser {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let name = parts
            .headers
            .get(DEMO_USER_HEADER)
            .and_then(|value| value.to_str().ok());
        name.and_then(|name| UserId::new(name.trim()).ok())
            .map(DemoUser)
            .ok_or(Refusal::new(RefusalKind::NotSignedIn))
    }
}

impl SignedInUser for DemoUser {
    fn user_id(&self) -> UserId {
        self.0.clone()
    }
}
