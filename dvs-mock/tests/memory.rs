//! A mock left running does not grow: after a warm-up that fills the journal of received
//! requests and the store of created requests (`DEFAULT_JOURNAL_CAPACITY`,
//! `DEFAULT_STORED_REQUESTS`), 10,000 more flows (create with three images, then Verify)
//! leave the heap where it was. The same measurement on a mock with both unbounded, in the
//! same run, shows what a flow would keep, so the instrument is seen to detect growth.
//!
//! Heap bytes are counted by a global allocator (`peak_alloc`), which is per binary: this
//! test has its own binary, and a single `#[test]`, so nothing else allocates meanwhile.
//! The clients run in the same process; their buffers are freed after each flow, and the
//! heap is read between batches of flows, when none is in flight.
//!
//! The images are small (three 1 KiB images a flow): the point is the number of flows, and
//! 10,000 flows of larger images take minutes in a debug build.
//!
//! `cargo test -p dvs-mock --test memory -- --nocapture` prints the figures.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use dvs_mock::{DEFAULT_JOURNAL_CAPACITY, DEFAULT_STORED_REQUESTS, MockDvs};
use dvs_public::{DocumentType, VerificationRequest};
use dvs_test_support::{jpeg, png};
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// Flows measured on the mock with its default capacities.
const FLOWS: usize = 10_000;
/// Flows between two readings of the heap.
const BATCH: usize = 1_000;
/// Flows measured on the unbounded mock (it keeps every one).
const UNBOUNDED_FLOWS: usize = 1_000;
/// Bytes of each of a flow's three images.
const IMAGE_BYTES: usize = 1024;
/// Flows run concurrently.
const WORKERS: usize = 8;
/// How far above the heap after the warm-up any later reading may be, whatever the number
/// of flows: what is in use varies by some KiB from one reading to the next (measured:
/// within ±15 KiB), but nothing is kept per flow. Over 10,000 flows this bound is 6.5 bytes
/// a flow; the unbounded mock keeps ≈ 18 KB a flow, and the mock on wiremock grew by
/// ≈ 23 KB a flow with its default capacities.
const FLAT_BOUND: usize = 64 * 1024;

async fn flows(public: &dvs_public::Client, secret: &dvs_secret::Client, count: usize, seed: u64) {
    let mut tasks = Vec::new();
    for worker in 0..WORKERS {
        let (public, secret) = (public.clone(), secret.clone());
        tasks.push(tokio::spawn(async move {
            for i in (worker..count).step_by(WORKERS) {
                let n = seed + i as u64;
                let request = VerificationRequest::new(DocumentType::Id)
                    .front(jpeg(IMAGE_BYTES, n))
                    .back(png(IMAGE_BYTES, n))
                    .selfie(jpeg(IMAGE_BYTES, n + 1));
                let created = public.create_request(request).await.unwrap();
                secret.verify(&created.request_id).await.unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
}

/// Runs `warm_up` flows, then `count` flows in batches of [`BATCH`], and returns the heap
/// in use after the warm-up and after each batch, and the journal's length at the end.
async fn heap_over_flows(mock: MockDvs, warm_up: usize, count: usize) -> (Vec<usize>, usize) {
    let public = dvs_public::Client::builder(mock.public_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    let secret = dvs_secret::Client::builder(mock.secret_key())
        .base_url(mock.base_url())
        .build()
        .unwrap();
    flows(&public, &secret, warm_up, 0).await;
    let mut readings = vec![HEAP.current_usage()];
    let mut done = 0;
    while done < count {
        let batch = BATCH.min(count - done);
        flows(&public, &secret, batch, 1_000_000 + done as u64).await;
        done += batch;
        readings.push(HEAP.current_usage());
    }
    let journal = mock.received().len();
    (readings, journal)
}

/// Bytes above the first reading, signed.
fn above_first(readings: &[usize]) -> Vec<i64> {
    let first = readings[0] as i64;
    readings.iter().map(|&r| r as i64 - first).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_is_flat_over_ten_thousand_flows() {
    // The control: everything kept, so each flow shows up in the heap.
    let (unbounded, unbounded_journal) = heap_over_flows(
        MockDvs::builder()
            .journal_capacity(usize::MAX)
            .stored_requests(usize::MAX)
            .start()
            .await,
        200,
        UNBOUNDED_FLOWS,
    )
    .await;
    let unbounded_growth = above_first(&unbounded);
    let unbounded_per_flow = unbounded_growth[unbounded_growth.len() - 1] / UNBOUNDED_FLOWS as i64;

    let warm_up = DEFAULT_JOURNAL_CAPACITY.max(DEFAULT_STORED_REQUESTS) * 2;
    let (bounded, bounded_journal) = heap_over_flows(MockDvs::start().await, warm_up, FLOWS).await;
    let growth = above_first(&bounded);
    let total = growth[growth.len() - 1];
    let highest = growth.iter().copied().max().unwrap_or(0);
    println!(
        "memory: three {IMAGE_BYTES} B images a flow, {WORKERS} flows at a time.\n\
         unbounded journal and store: {unbounded_per_flow} B kept per flow over \
         {UNBOUNDED_FLOWS} flows (heap above the first reading every {BATCH}: \
         {unbounded_growth:?})\n\
         default capacities, after a warm-up of {warm_up} flows at {} B of heap: \
         {total} B after {FLOWS} flows ({:.2} B per flow), at most {highest} B above the \
         first reading (every {BATCH} flows: {growth:?})",
        bounded[0],
        total as f64 / FLOWS as f64,
    );

    assert!(unbounded_journal > DEFAULT_JOURNAL_CAPACITY);
    assert_eq!(bounded_journal, DEFAULT_JOURNAL_CAPACITY);
    // The instrument sees a flow: the unbounded mock keeps its stored request (three
    // images as base64) and two journal entries.
    assert!(
        unbounded_per_flow > 4_000,
        "the unbounded mock keeps only {unbounded_per_flow} B per flow"
    );
    // Flat: no reading, after 1,000 or after 10,000 flows, more than a fixed few KiB above
    // the heap after the warm-up.
    assert!(
        highest < FLAT_BOUND as i64,
        "the heap grew by {highest} B over {FLOWS} flows (bound {FLAT_BOUND} B): {growth:?}"
    );
}
