//! `dvs-public` as the browser runs it: compiled to `wasm32-unknown-unknown`, its HTTP done
//! by JavaScript's `fetch` (here Node.js's, which has no CORS), against a `dvs-mock` binary
//! that `.ci/run` starts with fixed keys and exports as `DVS_BASE_URL` and `DVS_PUBLIC_KEY`.
//!
//! What only a run can show: the client builds, streams nothing (the body is buffered once
//! for `fetch`), reads the answer, and — with no timer in the browser — returns a 429 at once
//! with its `Retry-After` instead of re-sending it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use dvs_public::{
    Client, DEFAULT_CONNECT_TIMEOUT, DocumentType, Error, HttpRequest, HttpResponse, PublicKey,
    ReqwestTransport, Transport, TransportError, VerificationRequest,
};
use wasm_bindgen_test::wasm_bindgen_test;

const FRONT: &[u8] = include_bytes!("../../examples/client-app/assets/front.png");
const BACK: &[u8] = include_bytes!("../../examples/client-app/assets/back.png");
const SELFIE: &[u8] = include_bytes!("../../examples/client-app/assets/selfie.png");

/// A variable of Node.js's `process.env`.
fn env(name: &str) -> String {
    let get = |target: &js_sys::wasm_bindgen::JsValue, key: &str| {
        js_sys::Reflect::get(target, &key.into()).unwrap()
    };
    let value = get(&get(&get(&js_sys::global(), "process"), "env"), name);
    value
        .as_string()
        .unwrap_or_else(|| panic!("{name} is not set: start dvs-mock first (see .ci/run)"))
}

/// Counts the attempts the engine makes through the default transport.
#[derive(Debug)]
struct Counting {
    inner: ReqwestTransport,
    attempts: Arc<AtomicUsize>,
}

#[async_trait::async_trait(?Send)]
impl Transport for Counting {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request).await
    }
}

fn client(attempts: &Arc<AtomicUsize>) -> Client {
    let key = PublicKey::new(env("DVS_PUBLIC_KEY")).unwrap();
    let http = ReqwestTransport::default_client(DEFAULT_CONNECT_TIMEOUT).unwrap();
    Client::builder(key)
        .base_url(env("DVS_BASE_URL"))
        .transport(Counting {
            inner: ReqwestTransport::new(http),
            attempts: attempts.clone(),
        })
        .build()
        .unwrap()
}

fn request() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Id)
        .front(FRONT)
        .back(BACK)
        .selfie(SELFIE)
}

#[wasm_bindgen_test]
async fn a_request_is_created_through_fetch() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let created = client(&attempts).create_request(request()).await.unwrap();
    assert_eq!(created.request_id.to_string().len(), 36);
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

#[wasm_bindgen_test]
async fn a_429_comes_back_at_once_with_its_retry_after() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let error = client(&attempts)
        .create_request(request().user_agent("dvs-mock-scenario=rate-limited"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert!(error.retry_after().is_some(), "{error:?}");
    // Natively the engine waits out Retry-After and retries; without a timer it must not
    // re-send at once.
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}
