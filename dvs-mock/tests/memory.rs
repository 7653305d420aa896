//! The mock's own journal of received requests and store of created requests keep the most
//! recent ones only (`DEFAULT_JOURNAL_CAPACITY`, `DEFAULT_STORED_REQUESTS`): past them, a
//! flow (create with three images, then Verify) adds nothing to either. Measured against
//! the same mock with both unbounded, in the same run.
//!
//! Not flat yet: wiremock 0.6 keeps every request a mounted mock matched (`MountedMock::
//! matched_requests`, freed only by `MockServer::reset`), whatever the recording setting;
//! that remainder is printed.
//!
//! Heap bytes are counted by a global allocator (`peak_alloc`), which is per binary: this
//! test has its own binary, and a single `#[test]`, so nothing else allocates meanwhile.
//! The clients run in the same process; their buffers are freed after each flow.
//!
//! `cargo test -p dvs-mock --test memory -- --nocapture` prints the figures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use dvs_mock::{DEFAULT_JOURNAL_CAPACITY, DEFAULT_STORED_REQUESTS, MockDvs};
use dvs_public::{DocumentType, VerificationRequest};
use dvs_test_support::{jpeg, png};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Flows in each measured run.
const FLOWS: usize = 3_000;
/// Flows run concurrently.
const WORKERS: usize = 8;

async fn flows(public: &dvs_public::Client, secret: &dvs_secret::Client, count: usize, seed: u64) {
    let mut tasks = Vec::new();
    for worker in 0..WORKERS {
        let (public, secret) = (public.clone(), secret.clone());
        tasks.push(tokio::spawn(async move {
            for i in (worker..count).step_by(WORKERS) {
                let n = seed + i as u64;
                let request = VerificationRequest::new(DocumentType::Id)
                    .front(jpeg(4 * 1024, n))
                    .back(png(4 * 1024, n))
                    .selfie(jpeg(4 * 1024, n + 1));
                let created = public.create_request(request).await.unwrap();
                secret.verify(&created.request_id).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

/// Heap growth per flow over `FLOWS` flows, after a warm-up that fills the default
/// capacities.
async fn growth_per_flow(mock: MockDvs) -> (f64, usize) {
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let warm_up = DEFAULT_JOURNAL_CAPACITY.max(DEFAULT_STORED_REQUESTS) * 2;
    flows(&public, &secret, warm_up, 0).await;
    let full = HEAP.current_usage();
    flows(&public, &secret, FLOWS, 1_000_000).await;
    let after = HEAP.current_usage();
    let journal = mock.received().len();
    drop(mock);
    ((after as f64 - full as f64) / FLOWS as f64, journal)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_and_the_store_stop_growing_at_their_capacity() {
    let (unbounded, unbounded_journal) = growth_per_flow(
        MockDvs::builder()
            .journal_capacity(usize::MAX)
            .stored_requests(usize::MAX)
            .start()
            .await,
    )
    .await;
    let (bounded, bounded_journal) = growth_per_flow(MockDvs::start().await).await;
    println!(
        "memory: heap growth per flow over {FLOWS} flows (three 4 KiB images each): \
         unbounded journal and store {unbounded:.0} B, default capacities {bounded:.0} B \
         (the rest is wiremock keeping every matched request: see docs/testing.md)"
    );
    assert!(unbounded_journal > DEFAULT_JOURNAL_CAPACITY);
    assert_eq!(bounded_journal, DEFAULT_JOURNAL_CAPACITY);
    // A flow's stored request holds its three images as base64 (≈ 16 KiB) and its two
    // journal entries; with the capacities reached none of it is kept.
    assert!(
        bounded < unbounded - 10_000.0,
        "bounded {bounded:.0} B per flow, unbounded {unbounded:.0} B per flow"
    );
}
