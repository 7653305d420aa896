//! Regression guard for the upload's memory: a counting global allocator (`peak_alloc`)
//! measures the heap while a 24 MiB-image body is built and produced.
//!
//! - Streamed ([`StreamingJson::chunks`], what the reqwest transport sends): never more than
//!   1 MiB held above the raw images, however large they are.
//! - Buffered ([`StreamingJson::to_bytes`], for the browser or a transport that needs bytes):
//!   one buffer of exactly the body's length, never a second or a grown one.
//!
//! A global allocator is per binary, hence this separate test binary; all checks run in one
//! `#[test]` so nothing else allocates meanwhile.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use dvs_core::internal::StreamingJson;
use dvs_core::{DocumentType, Image, RequestV3, SensitiveText};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const MIB: usize = 1024 * 1024;

/// A JPEG-shaped image of `len` bytes.
fn jpeg(len: usize, seed: u64) -> Image {
    Image::from_bytes(dvs_test_support::jpeg(len, seed)).unwrap()
}

/// Runs `work`; returns its output and the peak heap held above the level before it.
fn extra_peak<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let output = work();
    (output, HEAP.peak_usage().saturating_sub(before))
}

#[test]
fn the_body_encoder_holds_no_body_sized_buffer() {
    let mut request = RequestV3::new(DocumentType::Id)
        .front(jpeg(8 * MIB, 1))
        .back(jpeg(8 * MIB, 2))
        .selfie(jpeg(8 * MIB, 3))
        .verify_face(true);
    request.ssn = Some(SensitiveText::new("123-45-6789"));
    let raw = 24 * MIB;

    // Building the body serializes the small fields only; the images are shared, not copied.
    let (body, built) = extra_peak(|| StreamingJson::new(&request).unwrap());
    assert!(built < 64 * 1024, "building the body held {built} bytes");
    assert!(body.len() > raw / 3 * 4 && body.len() < raw / 3 * 4 + 1024);

    // Streamed: each chunk is dropped once sent, as a connection does.
    let (sent, streamed) = extra_peak(|| body.chunks().map(|chunk| chunk.len()).sum::<usize>());
    assert_eq!(sent, body.len());
    assert!(
        streamed <= MIB,
        "streaming a {} MiB body held {streamed} bytes at most; the limit is 1 MiB",
        body.len() / MIB
    );

    // Buffered: exactly one body-sized buffer.
    let (bytes, buffered) = extra_peak(|| body.to_bytes());
    assert_eq!(bytes.len(), body.len());
    assert!(buffered >= body.len());
    assert!(
        buffered < body.len() + 64 * 1024,
        "buffering held {buffered} bytes for a {}-byte body: more than one buffer",
        body.len()
    );
    drop(bytes);

    // A retry replays the stream from the shared images: the same bytes, again without a copy.
    let (again, replayed) = extra_peak(|| body.chunks().map(|chunk| chunk.len()).sum::<usize>());
    assert_eq!(again, sent);
    assert!(replayed <= MIB);
    eprintln!(
        "raw {raw} B, body {} B: build {built} B, streamed {streamed} B, buffered {buffered} B",
        body.len()
    );
}
