//! The hot-id case of `dvs-bench backend`: 50 concurrent submissions of one request id by
//! one user (a double click, a retrying browser, many tabs), against a DVS whose Verify
//! takes 1 s, as a real one takes seconds. What it costs the store, how many Verify calls
//! reach DVS, and whether anyone holds a write transaction while the submissions wait.
//!
//! While they wait, the store is probed every 50 ms: for SQLite, a second connection tries
//! `BEGIN IMMEDIATE` without waiting (it fails while any connection holds the write lock);
//! for PostgreSQL, `pg_stat_activity` is asked for sessions of the bench's database that
//! have written in an open transaction (`backend_xid`) or sit idle inside one.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::BoxError;
use crate::backend_throughput::{
    Backend, Environment, Ids, POSTGRES_URL_VAR, Side, StoreKind, our_settings,
};
use crate::counting_store::Tally;
use crate::hand_written_backend::USER_HEADER;
use crate::server::Server;

/// Concurrent submissions of the one id.
pub(crate) const SUBMISSIONS: usize = 50;
/// How long the stand-in's Verify takes here.
const VERIFY_TAKES: Duration = Duration::from_secs(1);
/// Probes start this long after the submissions (the claims are made by then)…
const PROBES_FROM: Duration = Duration::from_millis(100);
/// … and are this far apart, until the submissions are answered.
const PROBE_EVERY: Duration = Duration::from_millis(50);

/// One side over one store.
pub(crate) struct HotId {
    store: StoreKind,
    side: Side,
    /// `200` answers: (fresh, stored).
    answered: (usize, usize),
    /// Other answers, by status.
    refused: Vec<(u16, usize)>,
    verify_calls: usize,
    dvs_lookups: usize,
    /// Ours: the store's calls.
    tally: Option<Tally>,
    /// Hand-written: inserts.
    inserts: u64,
    /// Probes during the wait that found a write transaction held, of probes made (`None`:
    /// no probe for this store).
    held: Option<(usize, usize)>,
}

/// The hot-id case for both sides over every store of `env`.
pub(crate) async fn measure_all(env: &Environment, ids: &Arc<Ids>) -> Result<Vec<HotId>, BoxError> {
    let dvs = Server::start_with_verify_delay(VERIFY_TAKES).await?;
    let mut results = Vec::new();
    for store in env.stores() {
        for side in [Side::Ours, Side::HandWritten] {
            eprintln!("  hot id: {} {side:?} …", store.name());
            results.push(measure(env, &dvs, ids, store, side).await?);
        }
    }
    Ok(results)
}

async fn measure(
    env: &Environment,
    dvs: &Server,
    ids: &Arc<Ids>,
    store: StoreKind,
    side: Side,
) -> Result<HotId, BoxError> {
    let backend = Backend::start(env, dvs, side, store, our_settings()).await?;
    backend.take_transactions();
    dvs.take_verify_calls();
    dvs.take_lookups();
    let id = ids.next();
    let http = reqwest::Client::new();
    let mut tasks = Vec::new();
    for _ in 0..SUBMISSIONS {
        let (http, url, id) = (http.clone(), backend.url.clone(), id.clone());
        tasks.push(tokio::spawn(async move {
            let response = http
                .post(&url)
                .header(USER_HEADER, "hot-user")
                .json(&serde_json::json!({ "requestId": id }))
                .send()
                .await?;
            let status = response.status().as_u16();
            let body: serde_json::Value = response.json().await?;
            let fresh = body.get("fresh").and_then(serde_json::Value::as_bool);
            Ok::<_, BoxError>((status, fresh))
        }));
    }
    tokio::time::sleep(PROBES_FROM).await;
    let mut held = match store {
        StoreKind::Memory => None,
        _ => Some((0, 0)),
    };
    let probe_url = std::env::var(POSTGRES_URL_VAR).ok();
    while !tasks.iter().all(|task| task.is_finished()) {
        let holding = match (store, &backend.sqlite_path, &probe_url) {
            (StoreKind::Sqlite, Some(path), _) => Some(sqlite_write_lock_held(path).await?),
            (StoreKind::Postgres, _, Some(url)) => Some(postgres_writers(url).await? > 0),
            _ => None,
        };
        if let (Some(holding), Some((count, probes))) = (holding, held.as_mut()) {
            *probes += 1;
            *count += usize::from(holding);
        }
        tokio::time::sleep(PROBE_EVERY).await;
    }
    let mut answered = (0, 0);
    let mut refused: Vec<(u16, usize)> = Vec::new();
    for task in tasks {
        match task.await?? {
            (200, Some(false)) => answered.1 += 1,
            (200, _) => answered.0 += 1,
            (status, _) => match refused.iter_mut().find(|(s, _)| *s == status) {
                Some((_, n)) => *n += 1,
                None => refused.push((status, 1)),
            },
        }
    }
    let tally = backend.counts.as_ref().map(|counts| counts.take());
    let inserts = backend.hand.as_ref().map_or(0, |hand| hand.take_inserts());
    Ok(HotId {
        store,
        side,
        answered,
        refused,
        verify_calls: dvs.take_verify_calls(),
        dvs_lookups: dvs.take_lookups(),
        tally,
        inserts,
        held,
    })
}

/// Whether some connection holds the SQLite file's write lock now: a second connection's
/// `BEGIN IMMEDIATE`, with no busy timeout, fails with `SQLITE_BUSY` while one does.
async fn sqlite_write_lock_held(path: &Path) -> Result<bool, BoxError> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let connection = rusqlite::Connection::open(&path)?;
        connection.busy_timeout(Duration::ZERO)?;
        match connection.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => {
                connection.execute_batch("ROLLBACK")?;
                Ok(false)
            }
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                Ok(true)
            }
            Err(error) => Err(error.into()),
        }
    })
    .await?
}

/// Other sessions of the database that hold a write transaction open now (one that has
/// written, or one idle inside a transaction).
async fn postgres_writers(url: &str) -> Result<i64, BoxError> {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let row = client
        .query_one(
            "SELECT count(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND (backend_xid IS NOT NULL OR state LIKE 'idle in transaction%')",
            &[],
        )
        .await?;
    Ok(row.try_get(0)?)
}

/// The hot-id table.
pub(crate) fn table(results: &[HotId]) -> String {
    let mut out = format!(
        "Hot id: {SUBMISSIONS} concurrent submissions of one request id by one user, DVS's \
         Verify taking {} s.\n\n\
         | Store | Backend | Answered 200 (fresh + stored) | Other answers | Verify calls \
         | DVS lookups | Store write transactions | Read-only lookups (polls) \
         | Probes during the wait finding a write transaction held |\n\
         |---|---|---:|---|---:|---:|---|---:|---:|\n",
        VERIFY_TAKES.as_secs()
    );
    for hot in results {
        let other = if hot.refused.is_empty() {
            "—".to_owned()
        } else {
            hot.refused
                .iter()
                .map(|(status, n)| format!("{n} × {status}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (writes, reads) = match &hot.tally {
            Some(t) => (
                format!(
                    "{}: {} claims ({} claimed, {} found it claimed), {} mark-sent, {} finish, \
                     {} renew, {} take-over",
                    t.writes(),
                    t.claim,
                    t.claimed,
                    t.claim - t.claimed,
                    t.mark_verify_sent,
                    t.finish,
                    t.renew,
                    t.take_over
                ),
                t.reads().to_string(),
            ),
            None => (
                format!("{}: inserts (`ON CONFLICT DO NOTHING`)", hot.inserts),
                "0".to_owned(),
            ),
        };
        let held = match hot.held {
            Some((count, probes)) => format!("{count} of {probes}"),
            None => "— (no transactions)".to_owned(),
        };
        out.push_str(&format!(
            "| {} | {} | {} ({} + {}) | {other} | {} | {} | {writes} | {reads} | {held} |\n",
            hot.store.name(),
            match hot.side {
                Side::Ours => "dvs-backend",
                Side::HandWritten => "hand-written",
            },
            hot.answered.0 + hot.answered.1,
            hot.answered.0,
            hot.answered.1,
            hot.verify_calls,
            hot.dvs_lookups,
        ));
    }
    out
}
