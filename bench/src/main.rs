//! `dvs-bench`: dvs-rs against a hand-written reqwest + serde_json baseline, side by side in
//! one run, on the same loopback server. See `docs/performance.md`.
//!
//! ```text
//! cargo run --release -p dvs-bench            # every figure, medians of 5 runs
//! cargo run --release -p dvs-bench -- --runs 9
//! cargo run --release -p dvs-bench -- backend   # dvs-backend under load (its own table)
//! ```
//!
//! Memory figures are taken in child processes (this binary re-run as `mem-upload` or
//! `mem-decode`), one per measurement, so one high-water mark cannot pollute another.
#![allow(clippy::print_stdout)]

mod backend_throughput;
mod baseline;
mod calls;
mod child_process;
mod counting_store;
mod decode;
mod encoding;
mod fixtures;
mod hand_written_backend;
mod hot_id;
mod report;
mod resident_memory;
mod server;
mod stats;
mod upload_memory;

use std::time::Instant;

use report::Row;
use stats::median;

/// Any error, reported by `main`.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

const SEQUENTIAL_CALLS: usize = 5_000;
const CONCURRENT_CALLS: usize = 20_000;
const IN_FLIGHT: usize = 64;
const WARM_UP: usize = 500;

const USAGE: &str = "usage: dvs-bench [--runs N]   (N ≥ 1, default 5)
       dvs-bench mem-upload sdk|sdk-buffered|baseline URL   (one memory measurement)
       dvs-bench mem-decode sdk|baseline                    (one memory measurement)
       dvs-bench encode N   (the encoding figures alone, N runs, in this environment)
       dvs-bench profile-calls sdk|baseline [N]   (N sequential calls, to run under a profiler)
       dvs-bench backend [--runs N] [--verifications M]   (dvs-backend under load, against a
           hand-written backend; N runs, default 5, of M verifications, default 4000; the
           PostgreSQL row needs DVS_BACKEND_TEST_DATABASE_URL)";

fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["mem-upload", variant, url] => upload_memory::child(variant, url),
        ["mem-decode", variant] => decode::child(variant),
        ["encode", runs] => encoding::child(runs.parse()?),
        ["profile-calls", variant] => profile_calls(variant, 50_000),
        ["profile-calls", variant, n] => profile_calls(variant, n.parse()?),
        ["backend", ref options @ ..] => {
            let (runs, verifications) = backend_options(options)?;
            backend_throughput::run(runs, verifications)
        }
        [] => run(5),
        ["--runs", n] => match n.parse() {
            Ok(runs) if runs >= 1 => run(runs),
            _ => Err(USAGE.into()),
        },
        _ => {
            eprintln!("{USAGE}");
            Err("unknown arguments".into())
        }
    }
}

/// `--runs N` and `--verifications M` (either, in any order), each at least 1.
fn backend_options(options: &[&str]) -> Result<(usize, usize), BoxError> {
    let (mut runs, mut verifications) = (5, 4_000);
    let mut rest = options.iter();
    while let Some(option) = rest.next() {
        let value: usize = match rest.next().map(|value| value.parse()) {
            Some(Ok(value)) if value >= 1 => value,
            _ => return Err(USAGE.into()),
        };
        match *option {
            "--runs" => runs = value,
            "--verifications" => verifications = value,
            _ => return Err(USAGE.into()),
        }
    }
    Ok((runs, verifications))
}

/// Sequential Verify calls by one side only (50,000 by default), to run under a profiler.
fn profile_calls(variant: &str, calls: usize) -> Result<(), BoxError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let server = runtime.block_on(server::Server::start())?;
    let caller = match variant {
        "sdk" => calls::Caller::sdk(&server.base_url())?,
        _ => calls::Caller::baseline(&server.base_url()),
    };
    let median = runtime.block_on(calls::sequential(&caller, WARM_UP, calls))?;
    println!(
        "{variant}: median {:.1} µs per call",
        median.as_secs_f64() * 1e6
    );
    Ok(())
}

fn fmt_ratio(value: f64) -> String {
    format!("{value:.3}")
}

fn run(runs: usize) -> Result<(), BoxError> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let server = runtime.block_on(server::Server::start())?;
    let base_url = server.base_url();
    eprintln!("dvs-bench: {runs} runs per figure; loopback server at {base_url}");
    let mut rows = Vec::new();

    // 1. Upload memory, each measurement in its own process.
    eprintln!("[1/5] upload memory (3 × 8 MiB images), child processes …");
    let mut memory: Vec<Vec<f64>> = vec![Vec::new(); upload_memory::VARIANTS.len()];
    for _ in 0..runs {
        for (i, variant) in upload_memory::VARIANTS.iter().enumerate() {
            memory[i].push(upload_memory::run_child(variant, &base_url)?);
        }
    }
    eprintln!("      runs (extra ÷ raw): {memory:.3?}");
    let [sdk, buffered, base] = [0, 1, 2].map(|i| median(&memory[i]));
    rows.push(Row::new(
        "1. Upload memory, streamed (peak RSS above raw images ÷ raw images)",
        format!("{sdk:.3}×"),
        format!("{base:.3}×"),
        fmt_ratio(sdk / base),
        "SDK ≤ 0.25×",
        Some(sdk <= 0.25),
    ));
    rows.push(Row::new(
        "1b. Upload memory, buffered transport (wasm, or an injected transport needing bytes)",
        format!("{buffered:.3}×"),
        format!("{base:.3}×"),
        fmt_ratio(buffered / base),
        "SDK ≤ 1.6×",
        Some(buffered <= 1.6),
    ));

    // 2. Encoding throughput.
    eprintln!("[2/5] body encoding throughput (24 MiB of images) …");
    let encoding = encoding::measure(runs.max(5))?;
    rows.push(Row::new(
        "2. Body encoding, streamed (MiB of images / s)",
        format!("{:.0}", encoding.sdk_streamed),
        format!("{:.0}", encoding.baseline),
        fmt_ratio(encoding.sdk_streamed / encoding.baseline),
        "SDK ≥ 1,000 MiB/s",
        Some(encoding.sdk_streamed >= 1000.0),
    ));
    rows.push(Row::new(
        "2b. Body encoding, buffered (MiB of images / s)",
        format!("{:.0}", encoding.sdk_buffered),
        format!("{:.0}", encoding.baseline),
        fmt_ratio(encoding.sdk_buffered / encoding.baseline),
        "SDK ≥ 1,000 MiB/s",
        Some(encoding.sdk_buffered >= 1000.0),
    ));
    let (huge_sdk, huge_base, huge_touch) = encoding::with_huge_pages(runs.max(5))?;
    rows.push(Row::new(
        "2e. Body encoding, buffered, huge pages asked for (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`)",
        format!("{huge_sdk:.0}"),
        format!("{huge_base:.0}"),
        fmt_ratio(huge_sdk / huge_base),
        "information (granted when 2f's second figure is low)",
        None,
    ));
    rows.push(Row::new(
        "2f. Page faults of a fresh body-sized (32 MiB) buffer: ms, default / huge pages",
        format!("{:.1} ms / {huge_touch:.1} ms", encoding.first_touch_ms),
        "—".into(),
        "—".into(),
        "information",
        None,
    ));
    rows.push(Row::new(
        "2c. base64 engine alone, into a ready buffer (MiB/s, ceiling)",
        format!("{:.0}", encoding.engine),
        "—".into(),
        "—".into(),
        "information",
        None,
    ));

    rows.push(Row::new(
        "2d. `base64-simd` engine alone, into a ready buffer (MiB/s)",
        format!("{:.0}", encoding.simd_engine),
        "—".into(),
        "—".into(),
        "information",
        None,
    ));

    // 3. Sequential calls.
    eprintln!("[3/5] {SEQUENTIAL_CALLS} sequential Verify calls × {runs} runs, each side …");
    let (mut sdk_times, mut base_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sdk_conns, mut base_conns) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let sdk = calls::Caller::sdk(&base_url)?;
        let base = calls::Caller::baseline(&base_url);
        let (s, b) = runtime.block_on(calls::sequential_pair(
            &sdk,
            &base,
            WARM_UP,
            SEQUENTIAL_CALLS,
            || server.take_accepted(),
        ))?;
        sdk_conns.push(s.connections);
        base_conns.push(b.connections);
        let (s, b) = (s.median.as_secs_f64() * 1e6, b.median.as_secs_f64() * 1e6);
        sdk_times.push(s);
        base_times.push(b);
        ratios.push(s / b);
    }
    eprintln!("      runs (µs SDK / baseline): {sdk_times:.1?} / {base_times:.1?}");
    eprintln!("      connections (SDK / baseline): {sdk_conns:?} / {base_conns:?}");
    let ratio = median(&ratios);
    rows.push(Row::new(
        "3. Per-call time, sequential Verify (median µs per call)",
        format!("{:.1} µs", median(&sdk_times)),
        format!("{:.1} µs", median(&base_times)),
        fmt_ratio(ratio),
        "ratio ≤ 1.05",
        Some(ratio <= 1.05),
    ));

    // 4. Concurrent calls.
    eprintln!("[4/5] {CONCURRENT_CALLS} Verify calls, {IN_FLIGHT} in flight × {runs} runs …");
    let (mut sdk_rates, mut base_rates, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut sdk_conns, mut base_conns) = (Vec::new(), Vec::new());
    for run in 0..runs {
        let (s, b) = runtime.block_on(calls::concurrent_pair(
            &calls::Caller::sdk(&base_url)?,
            &calls::Caller::baseline(&base_url),
            CONCURRENT_CALLS,
            IN_FLIGHT,
            run % 2 == 0,
            || server.take_accepted(),
        ))?;
        sdk_rates.push(s.rate);
        base_rates.push(b.rate);
        ratios.push(s.rate / b.rate);
        sdk_conns.push(s.connections as f64);
        base_conns.push(b.connections as f64);
    }
    eprintln!("      runs (calls/s SDK / baseline): {sdk_rates:.0?} / {base_rates:.0?}");
    eprintln!("      connections (SDK / baseline): {sdk_conns:?} / {base_conns:?}");
    let ratio = median(&ratios);
    rows.push(Row::new(
        "4. Throughput, 64 in flight (calls / s)",
        format!("{:.0}", median(&sdk_rates)),
        format!("{:.0}", median(&base_rates)),
        fmt_ratio(ratio),
        "ratio ≥ 0.95",
        Some(ratio >= 0.95),
    ));
    let (sdk_conns, base_conns) = (median(&sdk_conns), median(&base_conns));
    rows.push(Row::new(
        "4b. Connections opened for 20,000 calls, 64 in flight",
        format!("{sdk_conns:.0}"),
        format!("{base_conns:.0}"),
        fmt_ratio(sdk_conns / base_conns),
        "= pool size (64)",
        Some(sdk_conns <= IN_FLIGHT as f64),
    ));

    // 5. Decoding.
    eprintln!("[5/5] decoding a v4 result with returnContent images …");
    let (sdk_rate, body_len) = decode::throughput("sdk", runs.max(5))?;
    let (base_rate, _) = decode::throughput("baseline", runs.max(5))?;
    let mut decode_memory: Vec<Vec<f64>> = vec![Vec::new(); decode::VARIANTS.len()];
    for _ in 0..runs {
        for (i, variant) in decode::VARIANTS.iter().enumerate() {
            decode_memory[i].push(decode::run_child(variant)?);
        }
    }
    let body_mib = body_len as f64 / fixtures::MIB as f64;
    rows.push(Row::new(
        &format!("5. Decode a {body_mib:.1} MiB v4 result (MiB/s; baseline: `Value`)"),
        format!("{sdk_rate:.0}"),
        format!("{base_rate:.0}"),
        fmt_ratio(sdk_rate / base_rate),
        "information",
        None,
    ));
    let [sdk_mem, base_mem] = [0, 1].map(|i| median(&decode_memory[i]));
    rows.push(Row::new(
        "5b. Decode peak RSS above the body ÷ body size",
        format!("{sdk_mem:.3}×"),
        format!("{base_mem:.3}×"),
        fmt_ratio(sdk_mem / base_mem),
        "information",
        None,
    ));

    println!("\nMachine: {}", report::machine());
    println!(
        "Medians of {runs} runs; total time {:.0} s.\n",
        started.elapsed().as_secs_f64()
    );
    println!("{}", report::table(&rows));
    Ok(())
}
