//! What both WebAssembly tests check, against the `dvs-mock` binary that `.ci/run` starts on
//! a fixed loopback port with a fixed key:
//!
//! ```sh
//! cargo run -p dvs-mock -- --port 18765 --public-key pk_0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use dvs_public::{
    Client, DEFAULT_CONNECT_TIMEOUT, DocumentType, Error, HttpRequest, HttpResponse, PublicKey,
    ReqwestTransport, Transport, TransportError, VerificationRequest,
};

/// Where `.ci/run` starts dvs-mock (a page or Node.js reaches it over loopback).
pub const BASE_URL: &str = "http://127.0.0.1:18765/";
/// The mock's fixed public key: a test value, valid against that mock only.
pub const PUBLIC_KEY: &str = "pk_0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21";

const FRONT: &[u8] = include_bytes!("../../../examples/client-app/assets/front.png");
const BACK: &[u8] = include_bytes!("../../../examples/client-app/assets/back.png");
const SELFIE: &[u8] = include_bytes!("../../../examples/client-app/assets/selfie.png");

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
    let http = ReqwestTransport::default_client(DEFAULT_CONNECT_TIMEOUT).unwrap();
    Client::builder(PublicKey::new(PUBLIC_KEY).unwrap())
        .base_url(BASE_URL)
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

/// A request with the bundled synthetic images is created through `fetch`, in one attempt.
pub async fn a_request_is_created() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let created = client(&attempts).create_request(request()).await.unwrap();
    assert_eq!(created.request_id.to_string().len(), 36);
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}

/// A 429 comes back at once as `RateLimited` with the server's `Retry-After`: with no timer
/// the engine does not re-send (natively it waits and retries).
pub async fn a_429_comes_back_at_once_with_its_retry_after() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let error = client(&attempts)
        .create_request(request().user_agent("dvs-mock-scenario=rate-limited"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited { .. }), "{error:?}");
    assert!(error.retry_after().is_some(), "{error:?}");
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
}
