//! `dvs-bench backend`: `POST /verifications` under load, through dvs-backend's axum
//! adapter over each of its stores (memory, SQLite, PostgreSQL), side by side with the
//! [hand-written backend](crate::hand_written_backend) over the same kind of database, both
//! calling an instant DVS on loopback ([`crate::server`]).
//!
//! 64 concurrent users, each signed in as itself (a header the bench's sign-in stand-in
//! reads), each submitting fresh request ids one after the other, over keep-alive HTTP/1.1
//! (reqwest). Each run starts every backend afresh (a new SQLite file, emptied PostgreSQL
//! tables), warms it up, then times `verifications` submissions; the two sides alternate
//! which goes first. Verifications per second, p50 and p99 latency and store transactions
//! per verification are reported as medians over the runs, with ours ÷ hand-written.
//!
//! PostgreSQL is used when `DVS_BACKEND_TEST_DATABASE_URL` names a server (as for
//! dvs-backend's tests; `.ci/with-postgres.sh` starts a throwaway one); the bench works in
//! a schema of its own there and drops it at the end. Without the variable the PostgreSQL
//! row is skipped, and the bench says so.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use dvs_backend::axum_adapter::SignedInUser;
use dvs_backend::{
    ClaimStore, MemoryStore, PostgresStore, Refusal, RefusalKind, Settings, SqliteStore, UserId,
    Verifier,
};
use dvs_secret::SecretKey;
use tokio::task::JoinHandle;

use crate::BoxError;
use crate::counting_store::{CountingStore, Counts, Tally};
use crate::fixtures::SECRET_KEY;
use crate::hand_written_backend::{self, HandWritten, Table, USER_HEADER};
use crate::server::Server;
use crate::stats::median;

/// Concurrent users.
pub(crate) const USERS: usize = 64;
/// Untimed submissions before each timed batch.
const WARM_UP: usize = 500;
/// PostgreSQL connections, for dvs-backend's store and the hand-written pool alike.
pub(crate) const POSTGRES_CONNECTIONS: usize = 8;
/// The environment variable naming the PostgreSQL server (as for dvs-backend's tests).
pub(crate) const POSTGRES_URL_VAR: &str = "DVS_BACKEND_TEST_DATABASE_URL";

/// The goal: ours ÷ hand-written throughput at least this…
const THROUGHPUT_GOAL: f64 = 0.8;
/// … and p99 latency at most this.
const P99_GOAL: f64 = 1.5;

/// The bench's sign-in stand-in: the user named by the `x-bench-user` header.
#[derive(Debug, Clone)]
pub(crate) struct BenchUser(UserId);

impl<S: Send + Sync> FromRequestParts<S> for BenchUser {
    type Rejection = Refusal;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Refusal> {
        let name = parts
            .headers
            .get(USER_HEADER)
            .and_then(|value| value.to_str().ok());
        name.and_then(|name| UserId::new(name).ok())
            .map(BenchUser)
            .ok_or(Refusal::new(RefusalKind::NotSignedIn))
    }
}

impl SignedInUser for BenchUser {
    fn user_id(&self) -> UserId {
        self.0.clone()
    }
}

/// Which store.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum StoreKind {
    Memory,
    Sqlite,
    Postgres,
}

impl StoreKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            StoreKind::Memory => "memory",
            StoreKind::Sqlite => "SQLite",
            StoreKind::Postgres => "PostgreSQL",
        }
    }
}

/// Which backend.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Side {
    /// dvs-backend through its axum adapter.
    Ours,
    /// The hand-written handler.
    HandWritten,
}

/// What the backends need: a folder for SQLite files, and the
/// PostgreSQL URL (with the bench's schema on its search path), if there is one.
pub(crate) struct Environment {
    folder: PathBuf,
    postgres: Option<String>,
    files: AtomicUsize,
}

impl Environment {
    /// A temporary folder, and the PostgreSQL schema if there is a server.
    pub(crate) async fn new() -> Result<Environment, BoxError> {
        let folder = std::env::temp_dir().join(format!("dvs-bench-backend-{}", std::process::id()));
        std::fs::create_dir_all(&folder)?;
        let postgres = match std::env::var(POSTGRES_URL_VAR) {
            Ok(url) if !url.trim().is_empty() => Some(postgres_schema(&url).await?),
            _ => None,
        };
        Ok(Environment {
            folder,
            postgres,
            files: AtomicUsize::new(0),
        })
    }

    /// The stores this environment has.
    pub(crate) fn stores(&self) -> Vec<StoreKind> {
        let mut stores = vec![StoreKind::Memory, StoreKind::Sqlite];
        if self.postgres.is_some() {
            stores.push(StoreKind::Postgres);
        }
        stores
    }

    /// Why PostgreSQL is left out, if it is.
    pub(crate) fn postgres_skipped(&self) -> Option<String> {
        self.postgres.is_none().then(|| {
            format!(
                "PostgreSQL: skipped ({POSTGRES_URL_VAR} is not set; run the bench under \
                 .ci/with-postgres.sh for the PostgreSQL row)"
            )
        })
    }

    /// The DVS client both sides use: the SDK's defaults, pointed at the stand-in `dvs`.
    fn dvs_client(&self, dvs: &Server) -> Result<dvs_secret::Client, BoxError> {
        Ok(dvs_secret::Client::builder(SecretKey::new(SECRET_KEY)?)
            .base_url(dvs.base_url())
            .build()?)
    }

    /// A fresh SQLite file path.
    fn sqlite_path(&self, side: Side) -> PathBuf {
        let n = self.files.fetch_add(1, Ordering::SeqCst);
        self.folder.join(format!("{side:?}-{n}.sqlite3"))
    }

    /// Drops the bench's PostgreSQL schema and the SQLite folder.
    pub(crate) async fn clean_up(&self) -> Result<(), BoxError> {
        std::fs::remove_dir_all(&self.folder)?;
        if let Some(url) = &self.postgres {
            let client = postgres_client(url).await?;
            client
                .batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", schema_name()))
                .await?;
        }
        Ok(())
    }

    /// Empties the bench's PostgreSQL tables (between runs).
    async fn empty_postgres(&self) -> Result<(), BoxError> {
        if let Some(url) = &self.postgres {
            let client = postgres_client(url).await?;
            client
                .batch_execute(&format!(
                    "{}; TRUNCATE hand_claims; \
                     DO $$ BEGIN \
                       IF to_regclass('dvs_claims') IS NOT NULL THEN TRUNCATE dvs_claims; END IF; \
                     END $$",
                    hand_written_backend::POSTGRES_TABLE
                ))
                .await?;
        }
        Ok(())
    }
}

fn schema_name() -> String {
    format!("dvs_bench_{}", std::process::id())
}

async fn postgres_client(url: &str) -> Result<tokio_postgres::Client, BoxError> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        // Ends when the client is dropped; nothing to report.
        let _ = connection.await;
    });
    Ok(client)
}

/// Makes the bench's own schema at `url` and answers a URL whose connections use it.
async fn postgres_schema(url: &str) -> Result<String, BoxError> {
    let schema = schema_name();
    let client = postgres_client(url).await?;
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .await?;
    let with_schema = if url.contains("://") {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}options=-c%20search_path%3D{schema}")
    } else {
        format!("{url} options='-c search_path={schema}'")
    };
    let check = postgres_client(&with_schema).await?;
    check
        .batch_execute(hand_written_backend::POSTGRES_TABLE)
        .await?;
    Ok(with_schema)
}

/// A backend serving `POST /verifications` on a loopback port.
pub(crate) struct Backend {
    /// `http://127.0.0.1:PORT/verifications`.
    pub url: String,
    /// Ours: its store's calls.
    pub counts: Option<Arc<Counts>>,
    /// Hand-written: its inserts.
    pub hand: Option<Arc<HandWritten>>,
    /// The SQLite file, if any.
    pub sqlite_path: Option<PathBuf>,
    server: JoinHandle<()>,
}

impl Backend {
    /// Starts `side` over a fresh `store`.
    pub(crate) async fn start(
        env: &Environment,
        dvs: &Server,
        side: Side,
        store: StoreKind,
        settings: Settings,
    ) -> Result<Backend, BoxError> {
        let client = env.dvs_client(dvs)?;
        let sqlite_path = (store == StoreKind::Sqlite).then(|| env.sqlite_path(side));
        let postgres = || env.postgres.clone().ok_or("no PostgreSQL URL");
        let (router, counts, hand) = match side {
            Side::Ours => {
                let counts = Arc::new(Counts::default());
                let inner: Arc<dyn ClaimStore> = match (store, &sqlite_path) {
                    (StoreKind::Sqlite, Some(path)) => Arc::new(CountingStore::new(
                        SqliteStore::open(path).await?,
                        counts.clone(),
                    )),
                    (StoreKind::Postgres, _) => Arc::new(CountingStore::new(
                        PostgresStore::connect(&postgres()?, POSTGRES_CONNECTIONS).await?,
                        counts.clone(),
                    )),
                    _ => Arc::new(CountingStore::new(MemoryStore::new(), counts.clone())),
                };
                let verifier = Verifier::builder_shared(client, inner)
                    .settings(settings)
                    .build()?;
                let router = dvs_backend::axum_adapter::router::<BenchUser>(verifier);
                (router, Some(counts), None)
            }
            Side::HandWritten => {
                let table = match (store, &sqlite_path) {
                    (StoreKind::Sqlite, Some(path)) => Table::sqlite(path)?,
                    (StoreKind::Postgres, _) => {
                        Table::postgres(&postgres()?, POSTGRES_CONNECTIONS).await?
                    }
                    _ => Table::memory(),
                };
                let hand = HandWritten::new(client, table);
                (hand.router(), None, Some(hand))
            }
        };
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            // Aborted when the backend is dropped.
            let _ = axum::serve(listener, router).await;
        });
        Ok(Backend {
            url: format!("http://{addr}/verifications"),
            counts,
            hand,
            sqlite_path,
            server,
        })
    }

    /// Store transactions since the last call: (writes, reads).
    pub(crate) fn take_transactions(&self) -> (u64, u64) {
        match (&self.counts, &self.hand) {
            (Some(counts), _) => {
                let tally: Tally = counts.take();
                (tally.writes(), tally.reads())
            }
            (_, Some(hand)) => (hand.take_inserts(), 0),
            _ => (0, 0),
        }
    }
}

impl Drop for Backend {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The settings of our side: the defaults, but no per-user limit to speak of (each bench
/// user submits thousands of ids an hour; a real user a handful) and room for 64 waiters
/// on one id (the hot-id case sends 50).
pub(crate) fn our_settings() -> Settings {
    Settings::default()
        .limit(u32::MAX, Duration::from_secs(3600))
        .max_waiters_per_id(64)
}

/// Fresh request ids: a prefix from the start time, then a counter.
pub(crate) struct Ids {
    prefix: u64,
    next: AtomicU64,
}

impl Ids {
    pub(crate) fn new() -> Ids {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Ids {
            prefix: (nanos as u64) ^ u64::from(std::process::id()),
            next: AtomicU64::new(0),
        }
    }

    /// A UUID never handed out before by this process.
    pub(crate) fn next(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let p = self.prefix;
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            p >> 32,
            (p >> 16) & 0xffff,
            p & 0xfff,
            (p >> 12) & 0xfff,
            n & 0xffff_ffff_ffff
        )
    }
}

/// One timed batch.
pub(crate) struct Batch {
    /// Submissions per second.
    pub rate: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
}

/// `total` submissions of fresh ids to `url` by [`USERS`] concurrent users over keep-alive
/// connections; every answer must be `200`.
pub(crate) async fn load(url: &str, ids: &Arc<Ids>, total: usize) -> Result<Batch, BoxError> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(USERS)
        .build()?;
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for user in 0..USERS {
        let (http, next, ids, url) = (http.clone(), next.clone(), ids.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            let name = format!("bench-user-{user}");
            let mut latencies = Vec::new();
            while next.fetch_add(1, Ordering::Relaxed) < total {
                let id = ids.next();
                let sent = Instant::now();
                let response = http
                    .post(&url)
                    .header(USER_HEADER, &name)
                    .json(&serde_json::json!({ "requestId": id }))
                    .send()
                    .await?;
                let status = response.status();
                let body = response.bytes().await?;
                latencies.push(sent.elapsed());
                if status != reqwest::StatusCode::OK {
                    return Err(format!(
                        "{url} answered {status}: {}",
                        String::from_utf8_lossy(&body)
                    )
                    .into());
                }
            }
            Ok::<_, BoxError>(latencies)
        }));
    }
    let mut latencies = Vec::with_capacity(total);
    for task in tasks {
        latencies.extend(task.await??);
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(index).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    Ok(Batch {
        rate: total as f64 / elapsed.as_secs_f64(),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
    })
}

/// One side's figures over the runs.
#[derive(Default)]
struct Figures {
    rate: Vec<f64>,
    p50: Vec<f64>,
    p99: Vec<f64>,
    writes: Vec<f64>,
    reads: Vec<f64>,
}

impl Figures {
    fn push(&mut self, batch: &Batch, (writes, reads): (u64, u64), total: usize) {
        self.rate.push(batch.rate);
        self.p50.push(batch.p50_ms);
        self.p99.push(batch.p99_ms);
        self.writes.push(writes as f64 / total as f64);
        self.reads.push(reads as f64 / total as f64);
    }
}

/// One store's row.
struct StoreRow {
    store: StoreKind,
    ours: Figures,
    hand: Figures,
    rate_ratios: Vec<f64>,
    p99_ratios: Vec<f64>,
}

/// One timed batch of `side` over a fresh `store`: warm-up, then `total` submissions;
/// checks that each submission cost exactly one Verify.
async fn measure(
    env: &Environment,
    dvs: &Server,
    ids: &Arc<Ids>,
    side: Side,
    store: StoreKind,
    total: usize,
) -> Result<(Batch, (u64, u64)), BoxError> {
    let backend = Backend::start(env, dvs, side, store, our_settings()).await?;
    load(&backend.url, ids, WARM_UP).await?;
    backend.take_transactions();
    dvs.take_verify_calls();
    let batch = load(&backend.url, ids, total).await?;
    let transactions = backend.take_transactions();
    let verify_calls = dvs.take_verify_calls();
    if verify_calls != total {
        return Err(format!(
            "{side:?} over {}: {verify_calls} Verify calls for {total} submissions",
            store.name()
        )
        .into());
    }
    Ok((batch, transactions))
}

/// `dvs-bench backend`: the throughput table and the hot-id table.
pub(crate) fn run(runs: usize, total: usize) -> Result<(), BoxError> {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let dvs = runtime.block_on(Server::start())?;
    let env = runtime.block_on(Environment::new())?;
    let ids = Arc::new(Ids::new());
    eprintln!(
        "dvs-bench backend: {runs} runs × {total} verifications per store and side, \
         {USERS} users; DVS stand-in at {}",
        dvs.base_url()
    );
    if let Some(skipped) = env.postgres_skipped() {
        eprintln!("{skipped}");
    }
    let mut rows: Vec<StoreRow> = env
        .stores()
        .into_iter()
        .map(|store| StoreRow {
            store,
            ours: Figures::default(),
            hand: Figures::default(),
            rate_ratios: Vec::new(),
            p99_ratios: Vec::new(),
        })
        .collect();
    for run in 0..runs {
        runtime.block_on(env.empty_postgres())?;
        for row in &mut rows {
            let order = if run % 2 == 0 {
                [Side::Ours, Side::HandWritten]
            } else {
                [Side::HandWritten, Side::Ours]
            };
            let (mut ours, mut hand) = (None, None);
            for side in order {
                let (batch, transactions) =
                    runtime.block_on(measure(&env, &dvs, &ids, side, row.store, total))?;
                eprintln!(
                    "  run {}/{runs} {:<10} {:<12} {:>7.0} /s  p50 {:>6.2} ms  p99 {:>6.2} ms  \
                     writes {:.2}/verification",
                    run + 1,
                    row.store.name(),
                    format!("{side:?}"),
                    batch.rate,
                    batch.p50_ms,
                    batch.p99_ms,
                    transactions.0 as f64 / total as f64
                );
                match side {
                    Side::Ours => {
                        row.ours.push(&batch, transactions, total);
                        ours = Some(batch);
                    }
                    Side::HandWritten => {
                        row.hand.push(&batch, transactions, total);
                        hand = Some(batch);
                    }
                }
            }
            if let (Some(ours), Some(hand)) = (ours, hand) {
                row.rate_ratios.push(ours.rate / hand.rate);
                row.p99_ratios.push(ours.p99_ms / hand.p99_ms);
            }
        }
    }
    let hot = runtime.block_on(crate::hot_id::measure_all(&env, &ids))?;
    runtime.block_on(env.clean_up())?;

    println!("\nMachine: {}", crate::report::machine());
    println!(
        "Medians of {runs} runs of {total} verifications per store and side ({USERS} users, \
         {WARM_UP} untimed first); total time {:.0} s.",
        started.elapsed().as_secs_f64()
    );
    if let Some(skipped) = env.postgres_skipped() {
        println!("{skipped}");
    }
    println!();
    println!("{}", throughput_table(&rows));
    println!("{}", crate::hot_id::table(&hot));
    Ok(())
}

fn throughput_table(rows: &[StoreRow]) -> String {
    let mut out = String::from(
        "| Store | Verifications/s: ours | hand-written | ratio | p50 ms: ours | hand-written \
         | p99 ms: ours | hand-written | ratio | Store writes (reads) per verification: ours \
         | hand-written | Goal met (≥ 0.8× throughput, p99 ≤ 1.5×) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n",
    );
    for row in rows {
        let rate_ratio = median(&row.rate_ratios);
        let p99_ratio = median(&row.p99_ratios);
        let met = rate_ratio >= THROUGHPUT_GOAL && p99_ratio <= P99_GOAL;
        out.push_str(&format!(
            "| {} | {:.0} | {:.0} | {rate_ratio:.2} | {:.2} | {:.2} | {:.2} | {:.2} | \
             {p99_ratio:.2} | {:.1} ({:.1}) | {:.1} ({:.1}) | {} |\n",
            row.store.name(),
            median(&row.ours.rate),
            median(&row.hand.rate),
            median(&row.ours.p50),
            median(&row.hand.p50),
            median(&row.ours.p99),
            median(&row.hand.p99),
            median(&row.ours.writes),
            median(&row.ours.reads),
            median(&row.hand.writes),
            median(&row.hand.reads),
            if met { "yes" } else { "**no**" },
        ));
    }
    out
}
