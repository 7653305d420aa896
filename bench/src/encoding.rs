//! Figure 2: building the request body for 24 MiB of images, in MiB of images per second.

use std::hint::black_box;
use std::time::Instant;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use dvs_core::internal::StreamingJson;
use dvs_core::{DocumentType, Image, RequestV3};

use crate::BoxError;
use crate::baseline::CreateRequestBody;
use crate::fixtures::{self, MIB};
use crate::stats::median;

/// Medians, in MiB of raw images per second.
pub(crate) struct Encoding {
    /// The SDK's streamed body: skeleton, exact length, every chunk encoded.
    pub sdk_streamed: f64,
    /// The SDK's buffered body (one exact-size buffer).
    pub sdk_buffered: f64,
    /// The baseline: three base64 `String`s, then `serde_json::to_vec` (what
    /// `RequestBuilder::json` does).
    pub baseline: f64,
    /// The base64 engine alone, into a preallocated buffer: the ceiling.
    pub engine: f64,
    /// The `base64-simd` engine alone, into a preallocated buffer.
    pub simd_engine: f64,
    /// Milliseconds to allocate a fresh buffer of the buffered body's size and write one
    /// byte per 4 KiB page: the page faults a fresh body pays before any encoding.
    pub first_touch_ms: f64,
}

fn timed(runs: usize, mut work: impl FnMut() -> usize) -> f64 {
    let raw = (3 * fixtures::IMAGE_BYTES) as f64 / MIB as f64;
    black_box(work()); // warm-up: page faults of the first buffers
    let rates: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(work());
            raw / start.elapsed().as_secs_f64()
        })
        .collect();
    median(&rates)
}

/// Measures each way of building the body `runs` times.
pub(crate) fn measure(runs: usize) -> Result<Encoding, BoxError> {
    let images = fixtures::three_images();
    let [front, back, selfie] = images.clone();
    let request = RequestV3::new(DocumentType::Id)
        .front(Image::from_bytes(front)?)
        .back(Image::from_bytes(back)?)
        .selfie(Image::from_bytes(selfie)?);

    let sdk_streamed = timed(runs, || match StreamingJson::new(&request) {
        Ok(body) => body.chunks().map(|chunk| black_box(chunk).len()).sum(),
        Err(_) => 0,
    });
    let sdk_buffered = timed(runs, || {
        StreamingJson::new(&request).map_or(0, |body| black_box(body.to_bytes()).len())
    });
    let baseline = timed(runs, || {
        let body = CreateRequestBody::new(&images[0], &images[1], &images[2]);
        serde_json::to_vec(&body).map_or(0, |bytes| black_box(bytes).len())
    });
    let mut out = vec![0u8; images.iter().map(|i| i.len().div_ceil(3) * 4).sum()];
    let engine = timed(runs, || {
        let mut at = 0;
        for image in &images {
            at += STANDARD.encode_slice(image, &mut out[at..]).unwrap_or(0);
        }
        black_box(&out);
        at
    });
    let simd_engine = timed(runs, || {
        let mut at = 0;
        for image in &images {
            let len = base64_simd::STANDARD.encoded_length(image.len());
            let out = base64_simd::Out::from_slice(&mut out[at..at + len]);
            at += base64_simd::STANDARD.encode(image, out).len();
        }
        black_box(&out);
        at
    });
    let body_len = StreamingJson::new(&request).map_or(0, |body| body.len());
    let mut touches: Vec<f64> = (0..runs.max(5))
        .map(|_| {
            let start = Instant::now();
            let mut fresh = vec![0u8; body_len];
            for page in fresh.iter_mut().step_by(4096) {
                *page = 1;
            }
            black_box(&fresh);
            drop(fresh);
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    touches.remove(0); // warm-up
    let first_touch_ms = median(&touches);
    Ok(Encoding {
        simd_engine,
        first_touch_ms,
        sdk_streamed,
        sdk_buffered,
        baseline,
        engine,
    })
}

/// The child process for figure 2e: the encoding figures under this process's environment
/// (run with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`: transparent huge pages for large
/// allocations), printed as `name=value` pairs.
pub(crate) fn child(runs: usize) -> Result<(), BoxError> {
    let e = measure(runs)?;
    println!(
        "sdk_streamed={:.1} sdk_buffered={:.1} baseline={:.1} first_touch_ms={:.2}",
        e.sdk_streamed, e.sdk_buffered, e.baseline, e.first_touch_ms
    );
    Ok(())
}

/// Runs [`child`] in a fresh process with `GLIBC_TUNABLES=glibc.malloc.hugetlb=1`; its
/// buffered SDK figure, baseline figure and first-touch time.
pub(crate) fn with_huge_pages(runs: usize) -> Result<(f64, f64, f64), BoxError> {
    let output = crate::child_process::run(
        &["encode", &runs.to_string()],
        &[("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1")],
    )?;
    Ok((
        output.field("sdk_buffered")?,
        output.field("baseline")?,
        output.field("first_touch_ms")?,
    ))
}
