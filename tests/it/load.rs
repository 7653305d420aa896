//! Load: 1,000 full flows (the app's `create_request` with the public key, then the
//! backend's `verify` with the secret key) with 100 in flight against one in-process
//! `dvs-mock`, through a counting TCP proxy.
//!
//! Asserts zero failures, connection reuse (TCP connections accepted by the proxy stay
//! within 2 × in-flight, against 2,000 calls), and bounded memory growth between 100 and
//! 1,000 flows.
//!
//! Memory is read from `/proc/self/status`, which covers the whole process; other tests of
//! this binary run in parallel threads and would blur it. So [`thousand_flows`] re-runs this
//! binary with only [`flows_in_a_fresh_process`] selected and reads the figures it prints.

use std::sync::Arc;
use std::time::Instant;

use dvs_mock::MockDvs;
use dvs_public::{DocumentType, VerificationRequest};
use dvs_test_support::raw_server::{CountingProxy, StatelessServer};
use dvs_test_support::{RawRequest, jpeg};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

const FLOWS: usize = 1_000;
const WARM_UP: usize = 100;
const IN_FLIGHT: usize = 100;
/// Size of each image (front and selfie).
const IMAGE_BYTES: usize = 4 * 1024;
/// The bound on RSS growth from 1,000 to 2,000 flows against a server that keeps nothing:
/// the SDK holds nothing per flow, so what remains is allocator and runtime noise.
const SDK_MAX_GROWTH: u64 = 8 * 1024 * 1024;
/// The bound on RSS growth from 100 to 1,000 flows against dvs-mock, which keeps the most
/// recent 1,000 requests by design, so every one here: its stored request (images as
/// base64, the result as a JSON tree, ~13 KB as JSON): about 28 KiB per flow measured.
const MOCK_MAX_GROWTH: u64 = 96 * 1024 * 1024;
/// Marks the child's figures line in its output.
const FIGURES: &str = "LOAD-FIGURES";

/// `(VmRSS, VmHWM)` in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap()
            * 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Runs `count` flows with at most `IN_FLIGHT` at once; returns the failures.
async fn run_flows(
    app: &dvs_public::Client,
    backend: &dvs_secret::Client,
    count: usize,
) -> Vec<String> {
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    for n in 0..count {
        let permit = Arc::clone(&permits).acquire_owned().await.unwrap();
        let (app, backend) = (app.clone(), backend.clone());
        tasks.spawn(async move {
            let _permit = permit;
            let request = VerificationRequest::new(DocumentType::Passport)
                .front(jpeg(IMAGE_BYTES, 2 * n as u64))
                .selfie(jpeg(IMAGE_BYTES, 2 * n as u64 + 1));
            let created = app
                .create_request(request)
                .await
                .map_err(|e| format!("create: {e}"))?;
            let result = backend
                .verify(&created.request_id)
                .await
                .map_err(|e| format!("verify: {e}"))?;
            if result.request_id != Some(created.request_id) {
                return Err("verify answered for another request".to_string());
            }
            Ok::<(), String>(())
        });
    }
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failures.push(e),
            Err(e) => failures.push(format!("task: {e}")),
        }
    }
    failures
}

/// The canned answers of the stateless server.
fn stateless_answer(request: &RawRequest) -> &'static [u8] {
    if request.request_line().starts_with("POST /api/v3/Request ") {
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 80\r\n\r\n\
          {\"requestId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"documentType\":2,\"status\":0}"
    } else if request
        .request_line()
        .starts_with("POST /api/v3/Verify/3fa85f64-5717-4562-b3fc-2c963f66afa6 ")
    {
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 167\r\n\r\n\
          {\"requestId\":\"3fa85f64-5717-4562-b3fc-2c963f66afa6\",\"documentType\":2,\"documentVerificationResult\":{\"documentConfidence\":96},\"faceVerificationResult\":{\"confidence\":97}}"
    } else {
        b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n"
    }
}

/// Runs flows up to each checkpoint (a total count), measuring memory and connections at
/// each; prints the figures under `label`.
async fn measured(
    label: &str,
    app: &dvs_public::Client,
    backend: &dvs_secret::Client,
    proxy: &CountingProxy,
    checkpoints: &[usize],
    after_phase: impl Fn(),
) {
    let started = Instant::now();
    let mut done = 0;
    for &total in checkpoints {
        let failures = run_flows(app, backend, total - done).await;
        assert!(
            failures.is_empty(),
            "{label}: {} failures: {:?}",
            failures.len(),
            &failures[..failures.len().min(5)]
        );
        done = total;
        after_phase();
        let (rss, hwm) = memory();
        eprint!(
            " {label}_rss_{total}={rss} {label}_hwm_{total}={hwm} {label}_connections_{total}={}",
            proxy.connections()
        );
    }
    eprint!(" {label}_elapsed_ms={}", started.elapsed().as_millis());
}

/// The measured run. Ignored in a normal run: [`thousand_flows`] starts it in a process of
/// its own. Run it by hand with
/// `cargo test -p dvs-contract-tests --test it -- --ignored --exact load::flows_in_a_fresh_process --nocapture`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by load::thousand_flows in a process of its own"]
async fn flows_in_a_fresh_process() {
    eprint!("{FIGURES} flows={FLOWS} in_flight={IN_FLIGHT}");

    // 1. The SDK alone: the same flows against a server that keeps nothing.
    let server = StatelessServer::start(stateless_answer).await;
    let proxy = CountingProxy::start(server.address()).await;
    let app = dvs_public::Client::builder(
        dvs_public::PublicKey::new("pk_load-0000-4000-8000-000000000001").unwrap(),
    )
    .base_url(proxy.base_url())
    .build()
    .unwrap();
    let backend = dvs_secret::Client::builder(
        dvs_secret::SecretKey::new("sk_load-0000-4000-8000-000000000002").unwrap(),
    )
    .base_url(proxy.base_url())
    .build()
    .unwrap();
    measured(
        "sdk",
        &app,
        &backend,
        &proxy,
        &[WARM_UP, FLOWS, 2 * FLOWS],
        || {},
    )
    .await;
    drop((app, backend, proxy, server));

    // 2. The real flow against dvs-mock, which stores every request and its result.
    let mock = MockDvs::start().await;
    let proxy = CountingProxy::start(mock.address()).await;
    let app = dvs_public::Client::builder(mock.public_key())
        .base_url(proxy.base_url())
        .build()
        .unwrap();
    let backend = dvs_secret::Client::builder(mock.secret_key())
        .base_url(proxy.base_url())
        .build()
        .unwrap();
    // The mock also logs every request it receives; forget the log after each phase.
    measured("mock", &app, &backend, &proxy, &[WARM_UP, FLOWS], || {
        mock.clear_received()
    })
    .await;

    // What the mock keeps per flow by design (the stored request's images and its result),
    // to explain its growth: the size of one stored entry as the result endpoint serves it.
    let sample = app
        .create_request(
            VerificationRequest::new(DocumentType::Passport)
                .front(jpeg(IMAGE_BYTES, 1))
                .selfie(jpeg(IMAGE_BYTES, 2)),
        )
        .await
        .unwrap();
    backend.verify(&sample.request_id).await.unwrap();
    let stored = backend.get_result(&sample.request_id).await.unwrap();
    eprintln!(" stored_json_per_flow={}", stored.raw_json().len());
}

/// 1,000 flows, 100 in flight, in a fresh process: zero failures, connection reuse, and
/// bounded memory growth from 100 to 1,000 flows.
#[test]
fn thousand_flows() {
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--ignored",
            "--exact",
            "load::flows_in_a_fresh_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .unwrap();
    // The child writes its figures to stderr (with --nocapture).
    let stdout = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the load run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.find(FIGURES).map(|at| &l[at..]))
        .unwrap_or_else(|| panic!("no figures in:\n{stdout}"));
    let figure = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("no {name} in {line}"))
    };
    let mib = |bytes: u64| bytes as f64 / (1024.0 * 1024.0);
    let mut report = format!("load: {IN_FLIGHT} flows in flight, 0 failures");
    for (label, totals) in [
        ("sdk", &[WARM_UP, FLOWS, 2 * FLOWS][..]),
        ("mock", &[WARM_UP, FLOWS][..]),
    ] {
        let f = |name: &str| figure(&format!("{label}_{name}"));
        report.push_str(&format!("\n  {label} ({} ms in all):", f("elapsed_ms")));
        for total in totals {
            report.push_str(&format!(
                "\n    after {total:>4} flows: RSS {:.1} MiB (peak {:.1} MiB), {} TCP connections for {} calls",
                mib(f(&format!("rss_{total}"))),
                mib(f(&format!("hwm_{total}"))),
                f(&format!("connections_{total}")),
                2 * total,
            ));
            // Each client opens at most about one connection per call in flight, and
            // reuses them: ~2 × in-flight for two clients, however many calls.
            let connections = f(&format!("connections_{total}")) as usize;
            assert!(
                connections <= 2 * IN_FLIGHT + IN_FLIGHT / 10,
                "{label}: {connections} connections for {} calls",
                2 * total
            );
        }
    }
    report.push_str(&format!(
        "\n  the mock stores {} bytes of JSON per flow",
        figure("stored_json_per_flow")
    ));
    eprintln!("{report}");
    // The SDK keeps nothing per flow: against a server that keeps nothing, once the pools
    // are warm (1,000 flows), 1,000 more flows may not grow the process beyond allocator noise.
    let sdk_warm =
        figure(&format!("sdk_rss_{FLOWS}")).saturating_sub(figure(&format!("sdk_rss_{WARM_UP}")));
    assert!(
        sdk_warm < 2 * SDK_MAX_GROWTH,
        "SDK phase: RSS grew by {:.1} MiB from 100 to 1,000 flows",
        mib(sdk_warm)
    );
    let sdk_growth = figure(&format!("sdk_rss_{}", 2 * FLOWS))
        .saturating_sub(figure(&format!("sdk_rss_{FLOWS}")));
    assert!(
        sdk_growth < SDK_MAX_GROWTH,
        "SDK phase: RSS grew by {:.1} MiB from 1,000 to 2,000 flows",
        mib(sdk_growth)
    );
    // dvs-mock keeps every request by design; its growth is bounded by what it stores.
    let mock_growth =
        figure(&format!("mock_rss_{FLOWS}")).saturating_sub(figure(&format!("mock_rss_{WARM_UP}")));
    assert!(
        mock_growth < MOCK_MAX_GROWTH,
        "mock phase: RSS grew by {:.1} MiB",
        mib(mock_growth)
    );
}
