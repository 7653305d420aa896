//! The README's "Use it in your project" app and test, compiled and run: an axum app with
//! its own sign-in extractor, the verification and status routes, tested with dvs-mock.

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::{get, post};
use dvs_backend::axum_adapter::{self, SignedInUser};
use dvs_backend::{MemoryStore, Refusal, RefusalKind, UserId, Verifier};

/// Your app's signed-in user; here the session is a header, in your app your session store.
struct Account(UserId);

impl<S: Send + Sync> FromRequestParts<S> for Account {
    type Rejection = Refusal;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let session = parts.headers.get("x-session").and_then(|v| v.to_str().ok());
        let user = session.and_then(|s| UserId::new(format!("account-{s}")).ok());
        user.map(Account)
            .ok_or(Refusal::new(RefusalKind::NotSignedIn))
    }
}

impl SignedInUser for Account {
    fn user_id(&self) -> UserId {
        self.0.clone()
    }
}

/// The app: a DVS client with the secret key, claims in a store, two routes.
fn app(verifier: Verifier) -> Router {
    Router::new()
        .route("/api/verify", post(axum_adapter::verify::<Account>))
        .route("/api/verify/me", get(axum_adapter::status::<Account>))
        .with_state(verifier)
}

#[tokio::test]
async fn the_app_verifies_with_dvs_mock() {
    let mock = dvs_mock::MockDvs::start().await;
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let verifier = Verifier::builder(secret, MemoryStore::new())
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app(verifier)).await });

    // The client side creates the request with the public key and the sample images.
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let request = dvs_public::VerificationRequest::new(dvs_public::DocumentType::Id)
        .front(dvs_mock::sample_images::front())
        .back(dvs_mock::sample_images::back())
        .selfie(dvs_mock::sample_images::selfie());
    let created = public.create_request(request).await.unwrap();

    let http = reqwest::Client::new();
    let answer: serde_json::Value = http
        .post(format!("{base}/api/verify"))
        .header("x-session", "42")
        .json(&serde_json::json!({ "requestId": created.request_id }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(answer["outcome"], "approve", "{answer}");
    let status: serde_json::Value = http
        .get(format!("{base}/api/verify/me"))
        .header("x-session", "42")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(status["verified"], true, "{status}");
}
