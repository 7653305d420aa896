//! What both WebAssembly tests check, against the `dvs-mock` binary that `.ci/run` starts on
//! a fixed loopback port with a fixed key:
//!
//! ```sh
//! cargo run -p dvs-mock -- --port 18765 --public-key pk_0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use dvs_public::{
    Bytes, Client, DEFAULT_CONNECT_TIMEOUT, DocumentType, Error, HttpRequest, HttpResponse,
    IdvcSubmit, PublicKey, ReqwestTransport, Transport, TransportError, VerificationRequest,
    header,
};
use serde_json::{Value, json};

/// Where `.ci/run` starts dvs-mock (a page or Node.js reaches it over loopback).
pub const BASE_URL: &str = "http://127.0.0.1:18765/";
/// The mock's fixed public key: a test value, valid against that mock only.
pub const PUBLIC_KEY: &str = "pk_0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21";

const FRONT: &[u8] = include_bytes!("../../../dvs-mock/assets/front.png");
const BACK: &[u8] = include_bytes!("../../../dvs-mock/assets/back.png");
const SELFIE: &[u8] = include_bytes!("../../../dvs-mock/assets/selfie.png");

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

/// Keeps the body of the one request it is given and answers "created", without a network.
#[derive(Debug, Default)]
struct Capturing {
    body: Arc<Mutex<Option<Bytes>>>,
}

#[async_trait::async_trait(?Send)]
impl Transport for Capturing {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        *self.body.lock().unwrap() = request.body.map(|body| body.to_bytes());
        let created = br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":0}"#;
        Ok(HttpResponse::new(
            200,
            header::HeaderMap::new(),
            Bytes::from_static(created),
        ))
    }
}

fn data_url(bytes: &[u8]) -> String {
    format!("data:image/png;base64,{}", STANDARD.encode(bytes))
}

/// Converts a `submit` payload and creates the request through [`Capturing`]; the body sent.
async fn sent_for(payload: &str) -> serde_json::Map<String, Value> {
    let request = IdvcSubmit::from_json(payload.as_bytes())
        .unwrap()
        .into_request()
        .unwrap();
    let transport = Capturing::default();
    let body = transport.body.clone();
    let client = Client::builder(PublicKey::new(PUBLIC_KEY).unwrap())
        .base_url(BASE_URL)
        .transport(transport)
        .build()
        .unwrap();
    let created = client.create_request(request).await.unwrap();
    assert_eq!(created.request_id.to_string().len(), 36);
    let sent = body.lock().unwrap().take().unwrap();
    match serde_json::from_slice(&sent).unwrap() {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The payload of IDScan's web library's `submit` callback (as `JSON.stringify` gives it)
/// becomes, in WebAssembly, the request body IDScan's own mapping produces.
pub async fn a_web_library_payload_becomes_the_request() {
    let meta_data = r#"{"userAgent":"Mozilla/5.0 (wasm test)","capturedMethod":"120","version":"3.10.0","logs":{}}"#;
    let payload = json!({
        "documentType": 1,
        "steps": [
            { "type": "front", "img": data_url(FRONT), "blob": {}, "source": "video" },
            { "type": "pdf", "img": data_url(BACK), "source": "video", "trackString": "@ANSI 636026" },
            { "type": "face", "img": data_url(SELFIE), "source": "file", "multiImagesBlob": {} }
        ],
        "metaData": meta_data,
    });
    let sent = Value::Object(sent_for(&payload.to_string()).await);
    let image = |field: &str| STANDARD.decode(sent[field].as_str().unwrap()).unwrap();
    assert_eq!(image("frontImageBase64"), FRONT);
    assert_eq!(image("backOrSecondImageBase64"), BACK);
    assert_eq!(image("faceImageBase64"), SELFIE);
    assert_eq!(sent["documentType"], 1);
    assert_eq!(sent["trackString"], "@ANSI 636026");
    assert_eq!(sent["verifyFace"], true);
    assert_eq!(sent["captureMethod"], "120");
    assert_eq!(sent["userAgent"], "Mozilla/5.0 (wasm test)");
    assert_eq!(sent["frontEndMetadata"], meta_data);
    assert_eq!(sent.as_object().unwrap().len(), 9);
}

/// IDScan's web library's payloads (`tests/idvc/payloads`) and the digests of the bodies
/// `dvs-public` sends for them natively (`tests/idvc/sent-bodies.txt`).
const IDVC_PAYLOADS: [(&str, &str); 7] = [
    (
        "dl-barcode-manual-jpeg",
        include_str!("../../../tests/idvc/payloads/dl-barcode-manual-jpeg.json"),
    ),
    (
        "dl-barcode-selfie-webp",
        include_str!("../../../tests/idvc/payloads/dl-barcode-selfie-webp.json"),
    ),
    (
        "green-card-front-mrz-selfie-webp",
        include_str!("../../../tests/idvc/payloads/green-card-front-mrz-selfie-webp.json"),
    ),
    (
        "id-front-only-upload-webp",
        include_str!("../../../tests/idvc/payloads/id-front-only-upload-webp.json"),
    ),
    (
        "id-front-selfie-manual-jpeg",
        include_str!("../../../tests/idvc/payloads/id-front-selfie-manual-jpeg.json"),
    ),
    (
        "passport-mrz-selfie-webp",
        include_str!("../../../tests/idvc/payloads/passport-mrz-selfie-webp.json"),
    ),
    (
        "passport-mrz-upload-jpeg",
        include_str!("../../../tests/idvc/payloads/passport-mrz-upload-jpeg.json"),
    ),
];
const SENT_BODIES: &str = include_str!("../../../tests/idvc/sent-bodies.txt");

include!("../../../tests/idvc/body_digest.rs");

/// In WebAssembly, every payload of the golden comparison converts and sends the very body
/// the native build sends (which `idvc_golden.rs` compares with the library's own).
pub async fn the_web_library_payloads_send_the_bodies_the_native_build_sends() {
    let pinned: Vec<(&str, &str)> = SENT_BODIES
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| line.split_once(' ').unwrap())
        .collect();
    assert_eq!(
        pinned.len(),
        IDVC_PAYLOADS.len(),
        "a payload without its digest"
    );
    for (stem, payload) in IDVC_PAYLOADS {
        let sent = sent_for(payload).await;
        let expected = pinned.iter().find(|(name, _)| *name == stem).unwrap().1;
        assert_eq!(body_digest(&sent), expected.trim(), "{stem}");
    }
}
