//! [`SqliteStore`]: claims in a SQLite file, the embedded default.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use dvs_secret::RequestId;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::claim::{Claim, ClaimOutcome, ClaimRow, ClaimTerms, Finish, serde_summary_from_json};
use crate::standing::Decided;
use crate::store::pending_migrations;
use crate::{ClaimStore, StoreError, UserId};

/// The schema, one migration per entry; `PRAGMA user_version` counts those applied.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE dvs_claims (
        request_id     TEXT PRIMARY KEY,
        user_id        TEXT NOT NULL,
        state          TEXT NOT NULL CHECK (state IN ('pending', 'done', 'refused')),
        attempt        INTEGER NOT NULL,
        claimed_at_ms  INTEGER NOT NULL,
        lease_until_ms INTEGER NOT NULL,
        summary        TEXT,
        refusal        TEXT
    );
    CREATE INDEX dvs_claims_by_user ON dvs_claims (user_id, claimed_at_ms);",
    // Whether an attempt sent Verify. A claim left pending by a version that did not record
    // it may have sent it: it reads as sent (looked up, never sent again); new claims
    // insert 0.
    "ALTER TABLE dvs_claims ADD COLUMN verify_sent INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX dvs_claims_pending ON dvs_claims (state, claimed_at_ms);",
    // A user's standing: when each decision was made, under which policy.
    "ALTER TABLE dvs_claims ADD COLUMN decided_at_ms INTEGER;
    ALTER TABLE dvs_claims ADD COLUMN policy_fingerprint TEXT;
    CREATE INDEX dvs_claims_decided ON dvs_claims (user_id, decided_at_ms);",
];

/// How long a statement waits for another connection's write lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Claims in a SQLite database file: no server, migrations applied when opened.
///
/// Several backend processes on one host may open the same file: each claim runs in a
/// `BEGIN IMMEDIATE` transaction (SQLite's write lock), so two of them racing on one id get
/// one claim, and the per-user limit counts every process's claims. For backends on several
/// hosts, use `PostgresStore`.
///
/// **Group commit.** Every write is durable (committed, with SQLite's default
/// `synchronous = FULL`) before its caller is answered. The writes that arrive while a
/// commit is being flushed to disk are committed together, in one transaction, each in a
/// savepoint of its own (a write that fails is undone alone) and each answered after that
/// commit: under load, one flush serves many writes instead of one each.
///
/// ```no_run
/// # async fn run() -> Result<(), dvs_backend::StoreError> {
/// let store = dvs_backend::SqliteStore::open("claims.sqlite3").await?;
/// # let _ = store; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
    writes: Arc<WriteQueue>,
}

/// The writes waiting for the next batch.
#[derive(Default)]
struct WriteQueue(Mutex<Vec<Box<dyn QueuedWrite>>>);

impl std::fmt::Debug for WriteQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriteQueue")
    }
}

impl WriteQueue {
    fn push(&self, write: Box<dyn QueuedWrite>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(write);
    }

    fn take(&self) -> Vec<Box<dyn QueuedWrite>> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// One write of a batch, type-erased.
trait QueuedWrite: Send {
    /// Runs the write inside the batch's transaction, in a savepoint of its own.
    fn run(&mut self, connection: &mut Connection);

    /// Answers the caller once the batch's transaction ended: the write's own result if it
    /// committed, else why it did not.
    fn answer(self: Box<Self>, committed: Result<(), &rusqlite::Error>);
}

struct Write<T, F> {
    operation: &'static str,
    work: Option<F>,
    result: Option<Result<T, StoreError>>,
    reply: tokio::sync::oneshot::Sender<Result<T, StoreError>>,
}

impl<T, F> QueuedWrite for Write<T, F>
where
    T: Send,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send,
{
    fn run(&mut self, connection: &mut Connection) {
        let Some(work) = self.work.take() else {
            return;
        };
        let fail = unavailable(self.operation);
        self.result = Some(match connection.savepoint() {
            Ok(savepoint) => match work(&savepoint) {
                Ok(value) => savepoint.commit().map(|()| value).map_err(fail),
                // Dropping the savepoint rolls the write back.
                Err(error) => Err(error),
            },
            Err(error) => Err(fail(error)),
        });
    }

    fn answer(self: Box<Self>, committed: Result<(), &rusqlite::Error>) {
        let answer = match (committed, self.result) {
            (Ok(()), Some(result)) => result,
            (Err(error), _) => Err(StoreError::Unavailable {
                operation: self.operation,
                reason: sqlite_reason(error),
            }),
            (Ok(()), None) => Err(StoreError::Unavailable {
                operation: self.operation,
                reason: "the write did not run".into(),
            }),
        };
        // A caller that went away needs no answer; its write stands.
        let _ = self.reply.send(answer);
    }
}

/// Runs the writes queued now, if any, in one `BEGIN IMMEDIATE` transaction, and answers
/// them after its commit. Each write's caller starts one of these after queueing it, so
/// every write runs: either in its own caller's batch or in an earlier one.
fn run_batch(connection: &Mutex<Connection>, queue: &WriteQueue) {
    let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
    let mut writes = queue.take();
    if writes.is_empty() {
        return;
    }
    if !connection.is_autocommit() {
        // A batch that panicked left its transaction open: undo it.
        let _ = connection.execute_batch("ROLLBACK");
    }
    let committed = connection.execute_batch("BEGIN IMMEDIATE").and_then(|()| {
        for write in &mut writes {
            write.run(&mut connection);
        }
        connection.execute_batch("COMMIT")
    });
    if committed.is_err() && !connection.is_autocommit() {
        let _ = connection.execute_batch("ROLLBACK");
    }
    for write in writes {
        write.answer(committed.as_ref().map(|_| ()));
    }
}

fn unavailable(operation: &'static str) -> impl Fn(rusqlite::Error) -> StoreError {
    move |error| StoreError::Unavailable {
        operation,
        reason: sqlite_reason(&error),
    }
}

/// The error's kind, without the statement's values.
fn sqlite_reason(error: &rusqlite::Error) -> String {
    match error {
        rusqlite::Error::SqliteFailure(code, _) => format!("{:?}", code.code),
        other => format!("{}", ErrorKindName(other)),
    }
}

struct ErrorKindName<'a>(&'a rusqlite::Error);

impl std::fmt::Display for ErrorKindName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self.0 {
            rusqlite::Error::QueryReturnedNoRows => "no rows",
            rusqlite::Error::InvalidColumnType(..) => "invalid column type",
            rusqlite::Error::FromSqlConversionFailure(..) => "column conversion failure",
            _ => "driver error",
        };
        f.write_str(name)
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn ms(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

impl SqliteStore {
    /// Opens (or creates) the database at `path` and applies the migrations it lacks.
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteStore, StoreError> {
        let path = path.as_ref().to_owned();
        let connection = tokio::task::spawn_blocking(move || {
            let connection =
                Connection::open(&path).map_err(|e| StoreError::Setup(sqlite_reason(&e)))?;
            Self::prepare(connection)
        })
        .await
        .map_err(|_| StoreError::Setup("the opening task stopped".into()))??;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
            writes: Arc::default(),
        })
    }

    /// A private in-memory database (tests; nothing is shared or kept).
    pub fn in_memory() -> Result<SqliteStore, StoreError> {
        let connection =
            Connection::open_in_memory().map_err(|e| StoreError::Setup(sqlite_reason(&e)))?;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(Self::prepare(connection)?)),
            writes: Arc::default(),
        })
    }

    fn prepare(mut connection: Connection) -> Result<Connection, StoreError> {
        let setup = |e: rusqlite::Error| StoreError::Setup(sqlite_reason(&e));
        connection.busy_timeout(BUSY_TIMEOUT).map_err(setup)?;
        // WAL: readers do not block the writer; several processes may share the file.
        let _mode: String = connection
            .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
            .map_err(setup)?;
        let tx = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(setup)?;
        let applied: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(setup)?;
        for (version, migration) in pending_migrations(applied, MIGRATIONS)? {
            tx.execute_batch(migration).map_err(setup)?;
            tx.pragma_update(None, "user_version", version)
                .map_err(setup)?;
        }
        tx.commit().map_err(setup)?;
        Ok(connection)
    }

    /// Runs `work` on the connection on tokio's blocking pool.
    async fn with_connection<T: Send + 'static>(
        &self,
        operation: &'static str,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            let mut connection = connection.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut connection)
        })
        .await
        .map_err(|_| StoreError::Unavailable {
            operation,
            reason: "the database task stopped".into(),
        })?
    }

    /// Runs the write `work` in the next batch (see [group commit](SqliteStore)) on
    /// tokio's blocking pool; answers once its batch committed.
    async fn write<T: Send + 'static>(
        &self,
        operation: &'static str,
        work: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.writes.push(Box::new(Write {
            operation,
            work: Some(work),
            result: None,
            reply,
        }));
        let (connection, queue) = (Arc::clone(&self.connection), Arc::clone(&self.writes));
        // Not awaited: the answer comes from whichever batch runs the write.
        drop(tokio::task::spawn_blocking(move || {
            run_batch(&connection, &queue);
        }));
        answer.await.map_err(|_| StoreError::Unavailable {
            operation,
            reason: "the database task stopped".into(),
        })?
    }
}

fn read_claim(
    connection: &Connection,
    id: &str,
    now: i64,
    operation: &'static str,
) -> Result<Option<Claim>, StoreError> {
    let row = connection
        .query_row(
            &format!("SELECT {CLAIM_COLUMNS} FROM dvs_claims WHERE request_id = ?1"),
            params![id, now],
            claim_row,
        )
        .optional()
        .map_err(unavailable(operation))?;
    row.map(ClaimRow::into_claim).transpose()
}

/// The columns [`claim_row`] reads; `?2` is the current time in milliseconds.
const CLAIM_COLUMNS: &str = "user_id, state, attempt, lease_until_ms <= ?2, verify_sent, summary, refusal, request_id, decided_at_ms";

fn claim_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimRow> {
    Ok(ClaimRow {
        user: row.get(0)?,
        state: row.get(1)?,
        attempt: row.get(2)?,
        lease_expired: row.get(3)?,
        verify_sent: row.get(4)?,
        decided_at_ms: row.get(8)?,
        summary: row.get(5)?,
        refusal: row.get(6)?,
    })
}

#[async_trait]
impl ClaimStore for SqliteStore {
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError> {
        let (id, user, terms) = (id.as_str().to_owned(), user.as_str().to_owned(), *terms);
        self.write("claim", move |tx| {
            let fail = unavailable("claim");
            let now = now_ms();
            if let Some(claim) = read_claim(tx, &id, now, "claim")? {
                return Ok(ClaimOutcome::Existing(claim));
            }
            let since = now.saturating_sub(ms(terms.window));
            let (count, oldest): (i64, Option<i64>) = tx
                .query_row(
                    "SELECT count(*), min(claimed_at_ms) FROM dvs_claims
                     WHERE user_id = ?1 AND claimed_at_ms > ?2",
                    params![user, since],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .map_err(&fail)?;
            if count >= i64::from(terms.limit) {
                let until = oldest.unwrap_or(now).saturating_add(ms(terms.window));
                let wait = u64::try_from(until.saturating_sub(now)).unwrap_or(0);
                return Ok(ClaimOutcome::LimitReached {
                    retry_after: Duration::from_millis(wait),
                });
            }
            tx.execute(
                "INSERT INTO dvs_claims (request_id, user_id, state, attempt, claimed_at_ms, lease_until_ms, verify_sent)
                 VALUES (?1, ?2, 'pending', 1, ?3, ?4, 0)",
                params![id, user, now, now.saturating_add(ms(terms.lease))],
            )
            .map_err(&fail)?;
            Ok(ClaimOutcome::Claimed)
        })
        .await
    }

    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError> {
        let id = id.as_str().to_owned();
        self.with_connection("lookup", move |connection| {
            read_claim(connection, &id, now_ms(), "lookup")
        })
        .await
    }

    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<Option<bool>, StoreError> {
        let id = id.as_str().to_owned();
        self.write("take_over", move |connection| {
            let now = now_ms();
            connection
                .query_row(
                    "UPDATE dvs_claims SET attempt = attempt + 1, lease_until_ms = ?3
                     WHERE request_id = ?1 AND state = 'pending' AND attempt = ?2
                       AND lease_until_ms <= ?4
                     RETURNING verify_sent",
                    params![id, attempt, now.saturating_add(ms(lease)), now],
                    |row| row.get(0),
                )
                .optional()
                .map_err(unavailable("take_over"))
        })
        .await
    }

    async fn mark_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        self.set_verify_sent("mark_verify_sent", id, attempt, true)
            .await
    }

    async fn clear_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        self.set_verify_sent("clear_verify_sent", id, attempt, false)
            .await
    }

    async fn renew(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        let id = id.as_str().to_owned();
        self.write("renew", move |connection| {
            let changed = connection
                .execute(
                    "UPDATE dvs_claims SET lease_until_ms = ?3
                     WHERE request_id = ?1 AND state = 'pending' AND attempt = ?2",
                    params![id, attempt, now_ms().saturating_add(ms(lease))],
                )
                .map_err(unavailable("renew"))?;
            Ok(changed == 1)
        })
        .await
    }

    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError> {
        let id = id.as_str().to_owned();
        let columns = finish.columns()?;
        let (state, summary, refusal) = (columns.state, columns.summary, columns.refusal);
        let fingerprint = columns.policy_fingerprint.map(str::to_owned);
        self.write("finish", move |connection| {
            let decided_at = fingerprint.as_ref().map(|_| now_ms());
            let changed = connection
                .execute(
                    "UPDATE dvs_claims SET state = ?3, summary = ?4, refusal = ?5,
                       decided_at_ms = ?6, policy_fingerprint = ?7
                     WHERE request_id = ?1 AND state = 'pending' AND attempt = ?2",
                    params![
                        id,
                        attempt,
                        state,
                        summary,
                        refusal,
                        decided_at,
                        fingerprint
                    ],
                )
                .map_err(unavailable("finish"))?;
            Ok(changed == 1)
        })
        .await
    }

    async fn stale_pending(
        &self,
        older_than: Duration,
        limit: usize,
    ) -> Result<Vec<(RequestId, Claim)>, StoreError> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.with_connection("stale_pending", move |connection| {
            let now = now_ms();
            let fail = unavailable("stale_pending");
            let mut statement = connection
                .prepare(&format!(
                    "SELECT {CLAIM_COLUMNS} FROM dvs_claims
                     WHERE state = 'pending' AND lease_until_ms <= ?2 AND claimed_at_ms < ?1
                     ORDER BY claimed_at_ms LIMIT ?3"
                ))
                .map_err(&fail)?;
            let rows = statement
                .query_map(
                    params![now.saturating_sub(ms(older_than)), now, limit],
                    |row| Ok((row.get::<_, String>(7)?, claim_row(row)?)),
                )
                .map_err(&fail)?;
            let mut stale = Vec::new();
            for row in rows {
                let (id, row) = row.map_err(&fail)?;
                let id = RequestId::parse(&id)
                    .map_err(|_| StoreError::Corrupt("an invalid request id"))?;
                stale.push((id, row.into_claim()?));
            }
            Ok(stale)
        })
        .await
    }

    async fn purge_final(&self, older_than: Duration) -> Result<u64, StoreError> {
        self.write("purge_final", move |connection| {
            let before = now_ms().saturating_sub(ms(older_than));
            let deleted = connection
                .execute(
                    "DELETE FROM dvs_claims WHERE state <> 'pending' AND claimed_at_ms < ?1
                       AND NOT (state = 'done' AND decided_at_ms IS NOT NULL
                         AND decided_at_ms = (SELECT max(latest.decided_at_ms) FROM dvs_claims AS latest
                                              WHERE latest.user_id = dvs_claims.user_id
                                                AND latest.state = 'done'))",
                    params![before],
                )
                .map_err(unavailable("purge_final"))?;
            Ok(u64::try_from(deleted).unwrap_or(u64::MAX))
        })
        .await
    }

    async fn standing(&self, user: &UserId) -> Result<Option<Decided>, StoreError> {
        self.latest_decision(user).await
    }
}

impl SqliteStore {
    async fn latest_decision(&self, user: &UserId) -> Result<Option<Decided>, StoreError> {
        let user = user.as_str().to_owned();
        self.with_connection("standing", move |connection| {
            let row: Option<(String, i64, String)> = connection
                .query_row(
                    "SELECT summary, decided_at_ms, policy_fingerprint FROM dvs_claims
                     WHERE user_id = ?1 AND state = 'done' AND decided_at_ms IS NOT NULL
                       AND summary IS NOT NULL AND policy_fingerprint IS NOT NULL
                     ORDER BY decided_at_ms DESC LIMIT 1",
                    params![user],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
                )
                .optional()
                .map_err(unavailable("standing"))?;
            row.map(|(summary, at, fingerprint)| {
                let at = UNIX_EPOCH + Duration::from_millis(u64::try_from(at).unwrap_or(0));
                Ok(Decided::new(
                    serde_summary_from_json(&summary)?,
                    at,
                    fingerprint,
                ))
            })
            .transpose()
        })
        .await
    }

    async fn set_verify_sent(
        &self,
        operation: &'static str,
        id: &RequestId,
        attempt: u32,
        sent: bool,
    ) -> Result<bool, StoreError> {
        let id = id.as_str().to_owned();
        self.write(operation, move |connection| {
            let changed = connection
                .execute(
                    "UPDATE dvs_claims SET verify_sent = ?3
                     WHERE request_id = ?1 AND state = 'pending' AND attempt = ?2",
                    params![id, attempt, sent],
                )
                .map_err(unavailable(operation))?;
            Ok(changed == 1)
        })
        .await
    }
}
