//! **A stand-in for your app's sign-in. Replace it with your authentication.**
//!
//! The verification route needs to know who is signed in, so that each request id is
//! bound to one user (see `dvs-backend`). This example has no accounts: it takes the user
//! from the `X-Demo-User` header, which any client can set. That is fine for a demo on
//! loopback and wrong anywhere else: in your app, read the user that your authentication
//! middleware (session cookie, OAuth token, …) established, e.g. from the request's
//! extensions.

use axum::http::request::Parts;
use dvs_backend::UserId;

/// The header the demo client apps send their (made-up) user name in.
pub const DEMO_USER_HEADER: &str = "x-demo-user";

/// The signed-in user of a request: here, the `X-Demo-User` header (see the module docs).
pub fn signed_in_user(head: &Parts) -> Option<UserId> {
    let name = head.headers.get(DEMO_USER_HEADER)?.to_str().ok()?;
    UserId::new(name.trim()).ok()
}
