//! Peak heap of creating a request with three 8 MiB images, measured with a counting global
//! allocator (`peak_alloc`: current and peak bytes held; its `realloc` counts old and new
//! buffers together, so a growing buffer would show).
//!
//! A global allocator is per binary, so this lives in its own test binary, and all
//! measurements run in one `#[test]` so that no other test allocates concurrently.
//!
//! 1. **Streamed (native default).** The client runs its real code path (validation, body
//!    building, the engine) over a [`Transport`] that takes the body the way a connection
//!    does — chunk by chunk, each dropped once "sent" — and answers at once. The raw images
//!    `R` are held before the measurement starts; the extra peak is the skeleton JSON and one
//!    64 KiB chunk: far under 0.25·`R`.
//! 2. **Buffered** (a transport that needs the bytes, as in the browser): one buffer of
//!    exactly the body's length, ≈ 4/3·`R`, and never a second one: under 1.6·`R`.
//! 3. **End to end through reqwest against wiremock**, for reference. wiremock runs in the
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
use dvs_test_support::jpeg;
use peak_alloc::PeakAlloc;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const MIB: usize = 1024 * 1024;
const IMAGE_BYTES: usize = 8 * MIB;
const CREATED: &[u8] = br#"{"requestId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","status":0}"#;
const PK: &str = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea";

fn three_images() -> VerificationRequest {
    VerificationRequest::new(DocumentType::Id)
        .front(jpeg(IMAGE_BYTES, 1))
        .back(jpeg(IMAGE_BYTES, 2))
        .selfie(jpeg(IMAGE_BYTES, 3))
}

/// Answers 200 at once, after taking the body streamed (chunk by chunk) or whole; records the
/// body length and the most heap held while "sending".
#[derive(Debug, Default)]
struct InstantTransport {
    whole: bool,
    body_len: AtomicUsize,
    heap_in_flight: AtomicUsize,
}

impl InstantTransport {
    fn note_heap(&self) {
        self.heap_in_flight
            .fetch_max(HEAP.current_usage(), Ordering::SeqCst);
    }
}

#[async_trait::async_trait]
impl Transport for InstantTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let body = request.body.expect("a create call has a body");
        let sent = if self.whole {
            let bytes = body.to_bytes();
            self.note_heap();
            bytes.len()
        } else {
            let mut sent = 0;
            for chunk in body.chunks() {
                self.note_heap();
                sent += chunk.len();
            }
            sent
        };
        assert_eq!(sent, body.len(), "the body is as long as announced");
        self.body_len.store(sent, Ordering::SeqCst);
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

/// Creates a request through `transport`; returns (extra peak, body length, held in flight).
async fn through(transport: InstantTransport) -> (usize, usize, usize) {
    let transport = Arc::new(transport);
    let client = Client::builder(PublicKey::new(PK).unwrap())
        .base_url("http://127.0.0.1:9/")
        .transport(SharedTransport(transport.clone()))
        .build()
        .unwrap();
    let request = three_images();
    assert_eq!(request.image_bytes(), 3 * IMAGE_BYTES);
    let before = HEAP.current_usage();
    let (extra, created) = extra_peak(before, client.create_request(request)).await;
    created.unwrap();
    let in_flight = transport.heap_in_flight.load(Ordering::SeqCst);
    (
        extra,
        transport.body_len.load(Ordering::SeqCst),
        in_flight.saturating_sub(before),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn peak_memory_of_three_8_mib_images() {
    let raw = 3 * IMAGE_BYTES;

    // 1. Streamed: the client's own peak above the raw images.
    let (extra, body_len, in_flight) = through(InstantTransport::default()).await;
    let ratio = extra as f64 / raw as f64;
    eprintln!(
        "streamed: raw images {:.1} MiB, body {:.1} MiB ({:.3}x raw), extra peak {:.3} MiB \
         = {ratio:.4}x raw; most held above the images while sending: {:.3} MiB",
        mib(raw),
        mib(body_len),
        body_len as f64 / raw as f64,
        mib(extra),
        mib(in_flight),
    );
    // The body is the images' base64 (4/3) plus a few hundred bytes of JSON.
    assert!(
        body_len > raw / 3 * 4 && body_len < raw / 3 * 4 + 4096,
        "{body_len}"
    );
    // No body-sized buffer: the skeleton, a 64 KiB chunk and bookkeeping.
    assert!(extra < MIB, "streamed extra peak {extra} is over 1 MiB");
    assert!(
        ratio < 0.25,
        "streamed extra peak is {ratio:.3}x the raw images"
    );

    // 2. Buffered: one buffer of exactly the body's length, never a second.
    let (extra, body_len, _) = through(InstantTransport {
        whole: true,
        ..InstantTransport::default()
    })
    .await;
    let ratio = extra as f64 / raw as f64;
    eprintln!(
        "buffered: body {:.1} MiB, extra peak {:.1} MiB = {ratio:.3}x raw",
        mib(body_len),
        mib(extra),
    );
    assert!(extra >= body_len, "extra {extra} < body {body_len}");
    assert!(
        extra < body_len + MIB,
        "extra peak {extra} is more than one body buffer"
    );
    assert!(
        ratio < 1.6,
        "buffered extra peak is {ratio:.3}x the raw images"
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
