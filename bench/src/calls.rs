//! Figures 3 and 4: Verify calls against the loopback server — sequential (median time per
//! call) and concurrent (throughput, connections opened).

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dvs_secret::{Client, RequestId, SecretKey};

use crate::BoxError;
use crate::baseline;
use crate::fixtures::{REQUEST_ID, SECRET_KEY};
use crate::stats::median;

/// One Verify call, by the SDK or by the baseline.
#[derive(Clone)]
pub(crate) enum Caller {
    /// `dvs_secret::Client::verify`.
    Sdk(Client, RequestId),
    /// reqwest + serde_json by hand.
    Baseline(reqwest::Client, String),
}

impl Caller {
    /// A fresh SDK client (its own connection pool).
    pub(crate) fn sdk(base_url: &str) -> Result<Caller, BoxError> {
        let client = Client::builder(SecretKey::new(SECRET_KEY)?)
            .base_url(base_url)
            .build()?;
        Ok(Caller::Sdk(client, REQUEST_ID.parse()?))
    }

    /// A fresh baseline client (`reqwest::Client::new()`).
    pub(crate) fn baseline(base_url: &str) -> Caller {
        Caller::Baseline(reqwest::Client::new(), base_url.to_owned())
    }

    /// One Verify call, its result decoded and checked.
    pub(crate) async fn call(&self) -> Result<(), BoxError> {
        match self {
            Caller::Sdk(client, id) => {
                let result = client.verify(id).await?;
                if result.document_confidence.is_none() {
                    return Err("the SDK result has no document confidence".into());
                }
            }
            Caller::Baseline(client, base_url) => {
                let result = baseline::verify(client, base_url, SECRET_KEY, REQUEST_ID).await?;
                if result.document_verification_result.is_none() {
                    return Err("the baseline result has no document verification".into());
                }
            }
        }
        Ok(())
    }
}

/// One side's sequential calls: the median time per call and the connections it opened.
pub(crate) struct SequentialSide {
    /// Median time per call.
    pub median: Duration,
    /// Connections the server accepted during this side's calls, warm-up included.
    pub connections: usize,
}

/// `calls` sequential calls by each side after `warm_up` untimed ones, interleaved in blocks
/// of [`BLOCK`] (SDK block, baseline block, …) so that drift in the machine's speed (other
/// processes, frequency) falls on both sides alike; the median time per call of each side
/// and the connections each opened (`accepted` reads and resets the server's count).
pub(crate) async fn sequential_pair(
    sdk: &Caller,
    baseline: &Caller,
    warm_up: usize,
    calls: usize,
    accepted: impl Fn() -> usize,
) -> Result<(SequentialSide, SequentialSide), BoxError> {
    let mut connections = [0, 0];
    accepted();
    for (side, caller) in [sdk, baseline].into_iter().enumerate() {
        for _ in 0..warm_up {
            caller.call().await?;
        }
        connections[side] += accepted();
    }
    let mut times = [Vec::with_capacity(calls), Vec::with_capacity(calls)];
    let mut done = 0;
    while done < calls {
        let block = BLOCK.min(calls - done);
        for (side, caller) in [sdk, baseline].into_iter().enumerate() {
            for _ in 0..block {
                let start = Instant::now();
                caller.call().await?;
                times[side].push(start.elapsed().as_secs_f64());
            }
            connections[side] += accepted();
        }
        done += block;
    }
    let [sdk_times, baseline_times] = times;
    Ok((
        SequentialSide {
            median: Duration::from_secs_f64(median(&sdk_times)),
            connections: connections[0],
        },
        SequentialSide {
            median: Duration::from_secs_f64(median(&baseline_times)),
            connections: connections[1],
        },
    ))
}

/// Calls per side in a row before switching sides.
pub(crate) const BLOCK: usize = 50;

/// `calls` sequential calls after `warm_up` untimed ones; the median time per call.
pub(crate) async fn sequential(
    caller: &Caller,
    warm_up: usize,
    calls: usize,
) -> Result<Duration, BoxError> {
    for _ in 0..warm_up {
        caller.call().await?;
    }
    let mut times = Vec::with_capacity(calls);
    for _ in 0..calls {
        let start = Instant::now();
        caller.call().await?;
        times.push(start.elapsed().as_secs_f64());
    }
    Ok(Duration::from_secs_f64(median(&times)))
}

/// One side's concurrent calls: calls per second and the connections it opened.
pub(crate) struct ConcurrentSide {
    /// Calls per second over all its calls.
    pub rate: f64,
    /// Connections the server accepted during this side's calls.
    pub connections: usize,
}

/// `total` calls per side with `in_flight` at a time, each side through one fresh client,
/// in four halves ordered A B B A (A = the SDK when `sdk_first`, else the baseline) so that
/// a change in the machine's speed during the pair — linear drift — falls on both sides
/// alike. Each side's rate is its calls over its time in both halves; `accepted` reads and
/// resets the server's connection count.
pub(crate) async fn concurrent_pair(
    sdk: &Caller,
    baseline: &Caller,
    total: usize,
    in_flight: usize,
    sdk_first: bool,
    accepted: impl Fn() -> usize,
) -> Result<(ConcurrentSide, ConcurrentSide), BoxError> {
    let half = total / 2;
    let (a, b) = if sdk_first { (0, 1) } else { (1, 0) };
    let callers = [sdk, baseline];
    let (mut seconds, mut connections) = ([0.0; 2], [0; 2]);
    accepted();
    for side in [a, b, b, a] {
        let rate = concurrent(callers[side], half, in_flight).await?;
        seconds[side] += half as f64 / rate;
        connections[side] += accepted();
    }
    let side = |i: usize| ConcurrentSide {
        rate: (2 * half) as f64 / seconds[i],
        connections: connections[i],
    };
    Ok((side(0), side(1)))
}

/// `total` calls with `in_flight` at a time (that many tasks taking the next call until all
/// are made); calls per second.
pub(crate) async fn concurrent(
    caller: &Caller,
    total: usize,
    in_flight: usize,
) -> Result<f64, BoxError> {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..in_flight)
        .map(|_| {
            let caller = caller.clone();
            let next = next.clone();
            spawn(async move {
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    caller.call().await.map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for worker in workers {
        worker.await??;
    }
    Ok(total as f64 / start.elapsed().as_secs_f64())
}

fn spawn<F>(future: F) -> tokio::task::JoinHandle<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(future)
}
