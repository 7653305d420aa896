//! Peak heap of creating a request with three 8 MiB images, measured with a counting global
//! allocator (`peak_alloc`: current and peak bytes held; its `realloc` counts old and new
//! buffers together, so a growing buffer would show).
//!
//! A global allocator is per binary, so this lives in its own test binary, and both
//! measurements run in one `#[test]` so that no other test allocates concurrently.
//!
//! 1. **The client's own peak.** The client runs its real code path (validation, body
//!    building, the engine) over a [`Transport`] that answers at once without copying the
//!    body. Everything measured is the client's: raw images `R` are already held when the
//!    measurement starts, and the extra peak is the JSON body, ≈ 4/3·`R`. The transport also
//!    records what is held while the body is "in flight", showing the raw images were
//!    released before the upload.
//! 2. **End to end through reqwest against wiremock**, for reference. wiremock runs in the
//!    same process and buffers the received body (hyper's chunks, collected, then copied into
//!    its recorded `Request`), so this figure includes the server's copies and is not the
//!    client's cost; it is printed, and only loosely bounded.
//!
//! Run `cargo test -p dvs-public --test memory -- --nocapture` to see the figures.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bytes::Bytes;
use dvs_public::{
    Client, DocumentType, HttpRequest, HttpResponse, PublicKey, Transport, TransportError,
    VerificationRequest,
};
use peak_alloc::PeakAlloc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const MIB: usize = 1024 * 1024;
const IMAGE_BYTES: usize = 8 * MIB;
const CREATED: &[u8] = br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":0}"#;
const PK: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

/// A JPEG-shaped image: the JPEG magic, then varied bytes.
fn jpeg(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect();
    bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
    bytes
}

fn three_images() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Id)
        .front(jpeg(IMAGE_BYTES, 1))
        .back(jpeg(IMAGE_BYTES, 2))
        .selfie(jpeg(IMAGE_BYTES, 3))
}

/// Answers 200 at once; records the body length and the heap held while "sending".
#[derive(Debug, Default)]
struct InstantTransport {
    body_len: AtomicUsize,
    heap_in_flight: AtomicUsize,
}

#[async_trait::async_trait]
impl Transport for InstantTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.body_len.store(
            request.body.as_ref().map_or(0, Bytes::len),
            Ordering::SeqCst,
        );
        self.heap_in_flight
            .store(HEAP.current_usage(), Ordering::SeqCst);
        Ok(HttpResponse::new(
            200,
            Default::default(),
            Bytes::from_static(CREATED),
        ))
    }
}

/// Peak heap above `before` while `work` runs, in bytes.
async fn extra_peak<F: std::future::Future>(before: usize, work: F) -> (usize, F::Output) {
    HEAP.reset_peak_usage();
    let output = work.await;
    (HEAP.peak_usage().saturating_sub(before), output)
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / MIB as f64
}

#[tokio::test(flavor = "current_thread")]
async fn peak_memory_of_three_8_mib_images() {
    let raw = 3 * IMAGE_BYTES;

    // 1. The client's own peak.
    let transport = Arc::new(InstantTransport::default());
    let client = Client::builder(PublicKey::new(PK).unwrap())
        .base_url("http://127.0.0.1:9/")
        .transport(SharedTransport(transport.clone()))
        .build()
        .unwrap();
    let request = three_images();
    assert_eq!(request.image_bytes(), raw);
    let before = HEAP.current_usage();
    let (extra, created) = extra_peak(before, client.create_request(request)).await;
    created.unwrap();
    let body_len = transport.body_len.load(Ordering::SeqCst);
    let in_flight = transport.heap_in_flight.load(Ordering::SeqCst);
    let ratio = extra as f64 / raw as f64;
    eprintln!(
        "client: raw images {:.1} MiB, body {:.1} MiB ({:.3}x raw), extra peak {:.1} MiB \
         = {ratio:.3}x raw, total peak {:.1} MiB = {:.3}x raw; held while sending: {:.1} MiB \
         (raw images released)",
        mib(raw),
        mib(body_len),
        body_len as f64 / raw as f64,
        mib(extra),
        mib(before + extra),
        (raw + extra) as f64 / raw as f64,
        mib(in_flight.saturating_sub(before - raw)),
    );
    // The body is the images' base64 (4/3) plus a few hundred bytes of JSON.
    assert!(
        body_len > raw / 3 * 4 && body_len < raw / 3 * 4 + 4096,
        "{body_len}"
    );
    // The extra peak is one body buffer (sized once) and a little bookkeeping: no second copy.
    assert!(extra >= body_len, "extra {extra} < body {body_len}");
    assert!(
        extra < body_len + MIB,
        "extra peak {extra} is more than one body buffer"
    );
    assert!(ratio < 1.4, "extra peak is {ratio:.3}x the raw images");
    // While in flight the raw images are gone: the heap above the pre-images level is the body.
    assert!(
        in_flight < before - raw + body_len + MIB,
        "the raw images were still held while sending"
    );

    // 2. End to end through reqwest against wiremock (server copies included).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/api/v3/Request"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(CREATED, "application/json"))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder(PublicKey::new(PK).unwrap())
        .base_url(server.uri())
        .build()
        .unwrap();
    let request = three_images();
    let before = HEAP.current_usage();
    let (extra, created) = extra_peak(before, client.create_request(request)).await;
    created.unwrap();
    eprintln!(
        "end to end with in-process wiremock: extra peak {:.1} MiB = {:.3}x raw \
         (includes the server's buffered copies of the body)",
        mib(extra),
        extra as f64 / raw as f64,
    );
    assert!(extra >= body_len);
    assert!((extra as f64 / raw as f64) < 8.0);
}

/// Shares the instant transport with the test so its records can be read afterwards.
#[derive(Debug)]
struct SharedTransport(Arc<InstantTransport>);

#[async_trait::async_trait]
impl Transport for SharedTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.0.send(request).await
    }
}
