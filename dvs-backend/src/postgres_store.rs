//! [`PostgresStore`]: claims in PostgreSQL, for backends on several hosts.

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;
use std::time::Duration;

use async_trait::async_trait;
use dvs_secret::RequestId;
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use tokio_postgres::{Client, IsolationLevel, NoTls, Statement, Transaction};

use crate::claim::{Claim, ClaimOutcome, ClaimRow, ClaimTerms, Finish, serde_summary_from_json};
use crate::standing::Decided;
use crate::store::pending_migrations;
use crate::{ClaimStore, StoreError, UserId};

/// The schema, one migration per entry; `dvs_backend_schema` records those applied.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE dvs_claims (
        request_id  text PRIMARY KEY,
        user_id     text NOT NULL,
        state       text NOT NULL CHECK (state IN ('pending', 'done', 'refused')),
        attempt     integer NOT NULL,
        claimed_at  timestamptz NOT NULL,
        lease_until timestamptz NOT NULL,
        summary     text,
        refusal     text
    );
    CREATE INDEX dvs_claims_by_user ON dvs_claims (user_id, claimed_at);",
    // Whether an attempt sent Verify. A claim left pending by a version that did not record
    // it may have sent it: it reads as sent (looked up, never sent again); new claims
    // insert false.
    "ALTER TABLE dvs_claims ADD COLUMN verify_sent boolean NOT NULL DEFAULT true;
    CREATE INDEX dvs_claims_pending ON dvs_claims (state, claimed_at);",
    // A user's standing: when each decision was made, under which policy.
    "ALTER TABLE dvs_claims ADD COLUMN decided_at timestamptz;
    ALTER TABLE dvs_claims ADD COLUMN policy_fingerprint text;
    CREATE INDEX dvs_claims_decided ON dvs_claims (user_id, decided_at);",
];

/// The first key of this crate's advisory locks (the second is a user's hash, or 0 for
/// migrations), so they do not meet an app's own.
const LOCK_CLASS: i32 = 0x6476_7362; // "dvsb"

/// Claims in PostgreSQL, for several backend instances on several hosts.
///
/// The claim is one `INSERT … ON CONFLICT (request_id) DO NOTHING` on the primary key: two
/// instances racing on one id cannot both claim it. The per-user count and that insert run
/// under a transaction-scoped advisory lock on the user, so the limit is exact across
/// instances. Every other transition is one conditional `UPDATE`. Migrations run when the
/// store connects, under an advisory lock (several instances may start at once).
///
/// Each connection prepares the store's statements once, when it opens. Calls of one
/// statement share the connections (tokio-postgres pipelines them, each statement its own
/// implicit transaction); a claim's transaction holds its connection alone, so no other
/// call's statement can run inside it. Prepared statements live as long as their
/// connection: behind PgBouncer, use session pooling, or transaction pooling with
/// PgBouncer 1.21 or later (`max_prepared_statements` set), which tracks them.
///
/// [`connect`](PostgresStore::connect) opens plain connections (`NoTls`): use it over
/// loopback, a Unix socket or a private network. For TLS, connect with your own connector
/// (e.g. `tokio-postgres-rustls`) and pass the clients to
/// [`from_clients`](PostgresStore::from_clients); this crate compiles no TLS stack (and
/// never OpenSSL).
///
/// ```no_run
/// # async fn run() -> Result<(), dvs_backend::StoreError> {
/// let store = dvs_backend::PostgresStore::connect("postgres://app@127.0.0.1/app", 4).await?;
/// # let _ = store; Ok(()) }
/// ```
pub struct PostgresStore {
    slots: Vec<RwLock<Slot>>,
    next: AtomicUsize,
}

/// One connection. Single-statement calls share it (read guards); a claim's transaction
/// holds it alone (a write guard).
struct Slot {
    client: Client,
    /// The store's statements, prepared on `client`.
    statements: Statements,
    /// How to reconnect when the connection dropped (`None` for the app's own clients).
    url: Option<String>,
    /// A transaction may be open on the connection: set before `START TRANSACTION` is sent,
    /// cleared once `COMMIT` or `ROLLBACK` answered. A claim whose caller dropped it halfway
    /// leaves it set, and whoever takes the connection next rolls back first, so no statement
    /// ever runs inside a transaction it does not own.
    in_transaction: bool,
}

impl Slot {
    /// Ready for a statement: connected, and no transaction open.
    fn ready(&self) -> bool {
        !self.in_transaction && !self.client.is_closed()
    }
}

/// The store's statements, prepared once per connection: a call then sends only Bind and
/// Execute (no Parse round trip, no parsing and planning on the server each time). Their
/// texts are those the store always ran, so the parameter types the server infers are the
/// same.
struct Statements {
    lock_user: Statement,
    insert_claim: Statement,
    read_claim: Statement,
    retry_wait: Statement,
    take_over: Statement,
    set_verify_sent: Statement,
    renew: Statement,
    finish: Statement,
    stale_pending: Statement,
    purge_final: Statement,
    standing: Statement,
}

/// Serializes a user's claims (not others'): the count that follows it is exact.
const LOCK_USER: &str = "SELECT pg_advisory_xact_lock($1, hashtext($2))";

const INSERT_CLAIM: &str = "INSERT INTO dvs_claims (request_id, user_id, state, attempt, claimed_at, lease_until, verify_sent)
                 SELECT $1, $2, 'pending', 1, now(), now() + make_interval(secs => $3), false
                 WHERE (SELECT count(*) FROM dvs_claims
                        WHERE user_id = $2 AND claimed_at > now() - make_interval(secs => $4)) < $5
                 ON CONFLICT (request_id) DO NOTHING";

const RETRY_WAIT: &str = "SELECT coalesce(extract(epoch FROM min(claimed_at)
                               + make_interval(secs => $2) - now())::float8, 0)
                     FROM dvs_claims
                     WHERE user_id = $1 AND claimed_at > now() - make_interval(secs => $2)";

const TAKE_OVER: &str = "UPDATE dvs_claims
                 SET attempt = attempt + 1, lease_until = now() + make_interval(secs => $3)
                 WHERE request_id = $1 AND state = 'pending' AND attempt = $2
                   AND lease_until <= now()
                 RETURNING verify_sent";

const SET_VERIFY_SENT: &str = "UPDATE dvs_claims SET verify_sent = $3
                 WHERE request_id = $1 AND state = 'pending' AND attempt = $2";

const RENEW: &str = "UPDATE dvs_claims SET lease_until = now() + make_interval(secs => $3)
                 WHERE request_id = $1 AND state = 'pending' AND attempt = $2";

const FINISH: &str = "UPDATE dvs_claims SET state = $3, summary = $4, refusal = $5,
                   decided_at = CASE WHEN $6::text IS NULL THEN NULL ELSE now() END,
                   policy_fingerprint = $6
                 WHERE request_id = $1 AND state = 'pending' AND attempt = $2";

const PURGE_FINAL: &str = "DELETE FROM dvs_claims
                 WHERE state <> 'pending' AND claimed_at < now() - make_interval(secs => $1)
                   AND NOT (state = 'done' AND decided_at IS NOT NULL
                     AND decided_at = (SELECT max(latest.decided_at) FROM dvs_claims AS latest
                                       WHERE latest.user_id = dvs_claims.user_id
                                         AND latest.state = 'done'))";

const STANDING: &str =
    "SELECT summary, (extract(epoch FROM decided_at) * 1000)::float8, policy_fingerprint
                 FROM dvs_claims
                 WHERE user_id = $1 AND state = 'done' AND decided_at IS NOT NULL
                   AND summary IS NOT NULL AND policy_fingerprint IS NOT NULL
                 ORDER BY decided_at DESC LIMIT 1";

/// The claim's transaction, at READ COMMITTED whatever the server's or the role's default:
/// each statement sees what committed before it, so the per-user count taken after the
/// advisory lock sees the claims of the transactions that held the lock before. (Under
/// REPEATABLE READ the snapshot is taken at the transaction's first statement, before the
/// lock is granted, and the count would miss them.) The text tokio-postgres's
/// `build_transaction().isolation_level(ReadCommitted)` sends.
const START_READ_COMMITTED: &str = "START TRANSACTION ISOLATION LEVEL READ COMMITTED";

impl Statements {
    /// Prepares them on `client` (the schema must be migrated).
    async fn prepare(client: &Client) -> Result<Statements, tokio_postgres::Error> {
        Ok(Statements {
            lock_user: client.prepare(LOCK_USER).await?,
            insert_claim: client.prepare(INSERT_CLAIM).await?,
            read_claim: client
                .prepare(&format!(
                    "SELECT {CLAIM_COLUMNS} FROM dvs_claims WHERE request_id = $1"
                ))
                .await?,
            retry_wait: client.prepare(RETRY_WAIT).await?,
            take_over: client.prepare(TAKE_OVER).await?,
            set_verify_sent: client.prepare(SET_VERIFY_SENT).await?,
            renew: client.prepare(RENEW).await?,
            finish: client.prepare(FINISH).await?,
            stale_pending: client
                .prepare(&format!(
                    "SELECT {CLAIM_COLUMNS} FROM dvs_claims
                     WHERE state = 'pending' AND lease_until <= now()
                       AND claimed_at < now() - make_interval(secs => $1)
                     ORDER BY claimed_at LIMIT $2"
                ))
                .await?,
            purge_final: client.prepare(PURGE_FINAL).await?,
            standing: client.prepare(STANDING).await?,
        })
    }
}

impl fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresStore")
            .field("connections", &self.slots.len())
            .finish()
    }
}

fn reason(error: &tokio_postgres::Error) -> String {
    // The SQLSTATE only: a server message can quote a row's values.
    match error.as_db_error() {
        Some(db) => format!("SQLSTATE {}", db.code().code()),
        None if error.is_closed() => "connection closed".into(),
        None => "connection error".into(),
    }
}

fn unavailable(operation: &'static str) -> impl Fn(tokio_postgres::Error) -> StoreError {
    move |error| StoreError::Unavailable {
        operation,
        reason: reason(&error),
    }
}

async fn open(url: &str) -> Result<Client, tokio_postgres::Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(reason = %reason(&e), "claim store connection ended");
        }
    });
    Ok(client)
}

fn secs(duration: Duration) -> f64 {
    duration.as_secs_f64()
}

fn attempt_param(attempt: u32) -> i32 {
    i32::try_from(attempt).unwrap_or(i32::MAX)
}

impl PostgresStore {
    /// Connects `connections` plain connections (at least one) to `url`
    /// (`postgres://user:password@host:port/db`, or key-value form) and applies the
    /// migrations the database lacks. The URL is never printed (it may hold a password).
    pub async fn connect(url: &str, connections: usize) -> Result<PostgresStore, StoreError> {
        let mut clients = Vec::new();
        for _ in 0..connections.max(1) {
            let client = open(url)
                .await
                .map_err(|e| StoreError::Setup(format!("connecting: {}", reason(&e))))?;
            clients.push((client, Some(url.to_owned())));
        }
        Self::with_clients(clients).await
    }

    /// A store over connections the app opened (with its TLS connector, say); they are not
    /// reopened if they drop. Applies the migrations the database lacks.
    pub async fn from_clients(clients: Vec<Client>) -> Result<PostgresStore, StoreError> {
        if clients.is_empty() {
            return Err(StoreError::Setup("no connection given".into()));
        }
        Self::with_clients(clients.into_iter().map(|client| (client, None)).collect()).await
    }

    async fn with_clients(
        mut clients: Vec<(Client, Option<String>)>,
    ) -> Result<PostgresStore, StoreError> {
        if let Some((first, _)) = clients.first_mut() {
            migrate(first).await?;
        }
        let mut slots = Vec::new();
        for (client, url) in clients {
            let statements = Statements::prepare(&client)
                .await
                .map_err(|e| StoreError::Setup(format!("preparing: {}", reason(&e))))?;
            slots.push(RwLock::new(Slot {
                client,
                statements,
                url,
                in_transaction: false,
            }));
        }
        Ok(PostgresStore {
            slots,
            next: AtomicUsize::new(0),
        })
    }

    /// A connection for one statement, shared with other such calls: the first, from the
    /// next one round robin, that no transaction holds or waits for, else the next one once
    /// it is free; reopened (or rolled back) first if need be.
    async fn shared(
        &self,
        operation: &'static str,
    ) -> Result<RwLockReadGuard<'_, Slot>, StoreError> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.slots.len();
        for offset in 0..count {
            if let Ok(slot) = self.slots[(start + offset) % count].try_read() {
                if slot.ready() {
                    return Ok(slot);
                }
            }
        }
        let lock = &self.slots[start % count];
        let slot = lock.read().await;
        if slot.ready() {
            return Ok(slot);
        }
        drop(slot);
        let slot = make_ready(lock.write().await, operation).await?;
        Ok(RwLockWriteGuard::downgrade(slot))
    }

    /// A connection held alone, for a transaction: the first free one from the next one
    /// round robin, else the next one once it is free; reopened (or rolled back) first if
    /// need be.
    async fn exclusive(
        &self,
        operation: &'static str,
    ) -> Result<RwLockWriteGuard<'_, Slot>, StoreError> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let count = self.slots.len();
        for offset in 0..count {
            if let Ok(slot) = self.slots[(start + offset) % count].try_write() {
                return make_ready(slot, operation).await;
            }
        }
        make_ready(self.slots[start % count].write().await, operation).await
    }
}

/// Makes a connection held alone ready for use: reopened (its statements prepared again) if
/// it dropped, rolled back if a transaction may be open on it.
async fn make_ready<'a>(
    mut slot: RwLockWriteGuard<'a, Slot>,
    operation: &'static str,
) -> Result<RwLockWriteGuard<'a, Slot>, StoreError> {
    if slot.client.is_closed() {
        let Some(url) = slot.url.clone() else {
            return Err(StoreError::Unavailable {
                operation,
                reason: "connection closed".into(),
            });
        };
        let client = open(&url).await.map_err(unavailable(operation))?;
        let statements = Statements::prepare(&client)
            .await
            .map_err(unavailable(operation))?;
        slot.client = client;
        slot.statements = statements;
        // A new session: no transaction of the old one can be open on it.
        slot.in_transaction = false;
    }
    if slot.in_transaction {
        slot.client
            .batch_execute("ROLLBACK")
            .await
            .map_err(unavailable(operation))?;
        slot.in_transaction = false;
    }
    Ok(slot)
}

/// Awaits two futures together, polling each first in the order given: tokio-postgres sends
/// a request when its future is first polled, so the server receives (and runs) `first`'s
/// before `second`'s, and both go out before either answer is awaited (pipelined).
async fn in_order<A: Future, B: Future>(first: A, second: B) -> (A::Output, B::Output) {
    let (mut first, mut second) = (pin!(first), pin!(second));
    let (mut a, mut b) = (None, None);
    poll_fn(move |cx| {
        if a.is_none() {
            if let Poll::Ready(output) = first.as_mut().poll(cx) {
                a = Some(output);
            }
        }
        if b.is_none() {
            if let Poll::Ready(output) = second.as_mut().poll(cx) {
                b = Some(output);
            }
        }
        if a.is_some() && b.is_some() {
            if let (Some(a), Some(b)) = (a.take(), b.take()) {
                return Poll::Ready((a, b));
            }
        }
        Poll::Pending
    })
    .await
}

/// A transaction at READ COMMITTED (see [`START_READ_COMMITTED`]), for the migrations.
async fn read_committed(client: &mut Client) -> Result<Transaction<'_>, tokio_postgres::Error> {
    client
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .await
}

async fn migrate(client: &mut Client) -> Result<(), StoreError> {
    let setup = |e: tokio_postgres::Error| StoreError::Setup(format!("migrating: {}", reason(&e)));
    let tx = read_committed(client).await.map_err(setup)?;
    tx.execute("SELECT pg_advisory_xact_lock($1, 0)", &[&LOCK_CLASS])
        .await
        .map_err(setup)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS dvs_backend_schema (version integer PRIMARY KEY)")
        .await
        .map_err(setup)?;
    let applied: i32 = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM dvs_backend_schema",
            &[],
        )
        .await
        .map_err(setup)?
        .get(0);
    for (version, migration) in pending_migrations(i64::from(applied), MIGRATIONS)? {
        tx.batch_execute(migration).await.map_err(setup)?;
        let version = i32::try_from(version).unwrap_or(i32::MAX);
        tx.execute(
            "INSERT INTO dvs_backend_schema (version) VALUES ($1)",
            &[&version],
        )
        .await
        .map_err(setup)?;
    }
    tx.commit().await.map_err(setup)
}

async fn read_claim(
    client: &Client,
    statements: &Statements,
    id: &str,
    operation: &'static str,
) -> Result<Option<Claim>, StoreError> {
    let row = client
        .query_opt(&statements.read_claim, &[&id])
        .await
        .map_err(unavailable(operation))?;
    row.map(|row| claim_row(&row)?.into_claim()).transpose()
}

/// The columns [`claim_row`] reads.
const CLAIM_COLUMNS: &str = "user_id, state, attempt, lease_until <= now(), verify_sent, summary, refusal, request_id, \
     (extract(epoch FROM decided_at) * 1000)::float8";

fn claim_row(row: &tokio_postgres::Row) -> Result<ClaimRow, StoreError> {
    let corrupt = |_| StoreError::Corrupt("a claim row of unexpected types");
    Ok(ClaimRow {
        user: row.try_get(0).map_err(corrupt)?,
        state: row.try_get(1).map_err(corrupt)?,
        attempt: i64::from(row.try_get::<_, i32>(2).map_err(corrupt)?),
        lease_expired: row.try_get(3).map_err(corrupt)?,
        verify_sent: row.try_get(4).map_err(corrupt)?,
        // Milliseconds since the epoch: a whole number held in a float (its range is ample).
        decided_at_ms: row
            .try_get::<_, Option<f64>>(8)
            .map_err(corrupt)?
            .map(|ms| ms as i64),
        summary: row.try_get(5).map_err(corrupt)?,
        refusal: row.try_get(6).map_err(corrupt)?,
    })
}

/// The claim's statements, inside the transaction [`ClaimStore::claim`] commits (or rolls
/// back on an error). The start and the user's advisory lock are sent together (pipelined);
/// the insert goes only once both answered, so it always runs inside the transaction and
/// under the lock; the reads after it, as before, in the same transaction.
async fn claim_in_transaction(
    client: &Client,
    statements: &Statements,
    id: &str,
    user: &str,
    terms: &ClaimTerms,
) -> Result<ClaimOutcome, StoreError> {
    let fail = unavailable("claim");
    let (started, locked) = in_order(
        client.batch_execute(START_READ_COMMITTED),
        client.execute(&statements.lock_user, &[&LOCK_CLASS, &user]),
    )
    .await;
    started.map_err(&fail)?;
    locked.map_err(&fail)?;
    let limit = i64::from(terms.limit);
    let (lease, window) = (secs(terms.lease), secs(terms.window));
    let inserted = client
        .execute(
            &statements.insert_claim,
            &[&id, &user, &lease, &window, &limit],
        )
        .await
        .map_err(&fail)?;
    if inserted == 1 {
        return Ok(ClaimOutcome::Claimed);
    }
    if let Some(claim) = read_claim(client, statements, id, "claim").await? {
        return Ok(ClaimOutcome::Existing(claim));
    }
    let wait: f64 = client
        .query_one(&statements.retry_wait, &[&user, &window])
        .await
        .map_err(&fail)?
        .try_get(0)
        .map_err(|_| StoreError::Corrupt("a non-numeric wait"))?;
    Ok(ClaimOutcome::LimitReached {
        retry_after: Duration::try_from_secs_f64(wait.max(0.0)).unwrap_or_default(),
    })
}

#[async_trait]
impl ClaimStore for PostgresStore {
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError> {
        let mut guard = self.exclusive("claim").await?;
        let slot = &mut *guard;
        // Before anything is sent: if this call is dropped halfway, the next taker rolls back.
        slot.in_transaction = true;
        let outcome = claim_in_transaction(
            &slot.client,
            &slot.statements,
            id.as_str(),
            user.as_str(),
            terms,
        )
        .await;
        let end = if outcome.is_ok() {
            "COMMIT"
        } else {
            "ROLLBACK"
        };
        let ended = slot.client.batch_execute(end).await;
        if ended.is_ok() {
            slot.in_transaction = false;
        }
        // A failed COMMIT or ROLLBACK leaves `in_transaction` set: the next taker rolls back
        // (a mere warning from the server if the transaction ended).
        let outcome = outcome?;
        ended.map_err(unavailable("claim"))?;
        Ok(outcome)
    }

    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError> {
        let slot = self.shared("lookup").await?;
        read_claim(&slot.client, &slot.statements, id.as_str(), "lookup").await
    }

    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<Option<bool>, StoreError> {
        let slot = self.shared("take_over").await?;
        let row = slot
            .client
            .query_opt(
                &slot.statements.take_over,
                &[&id.as_str(), &attempt_param(attempt), &secs(lease)],
            )
            .await
            .map_err(unavailable("take_over"))?;
        row.map(|row| {
            row.try_get(0)
                .map_err(|_| StoreError::Corrupt("a claim row of unexpected types"))
        })
        .transpose()
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
        let slot = self.shared("renew").await?;
        let changed = slot
            .client
            .execute(
                &slot.statements.renew,
                &[&id.as_str(), &attempt_param(attempt), &secs(lease)],
            )
            .await
            .map_err(unavailable("renew"))?;
        Ok(changed == 1)
    }

    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError> {
        let columns = finish.columns()?;
        let slot = self.shared("finish").await?;
        let changed = slot
            .client
            .execute(
                &slot.statements.finish,
                &[
                    &id.as_str(),
                    &attempt_param(attempt),
                    &columns.state,
                    &columns.summary,
                    &columns.refusal,
                    &columns.policy_fingerprint,
                ],
            )
            .await
            .map_err(unavailable("finish"))?;
        Ok(changed == 1)
    }

    async fn stale_pending(
        &self,
        older_than: Duration,
        limit: usize,
    ) -> Result<Vec<(RequestId, Claim)>, StoreError> {
        let slot = self.shared("stale_pending").await?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = slot
            .client
            .query(&slot.statements.stale_pending, &[&secs(older_than), &limit])
            .await
            .map_err(unavailable("stale_pending"))?;
        rows.iter()
            .map(|row| {
                let id: String = row
                    .try_get(7)
                    .map_err(|_| StoreError::Corrupt("a claim row of unexpected types"))?;
                let id = RequestId::parse(&id)
                    .map_err(|_| StoreError::Corrupt("an invalid request id"))?;
                Ok((id, claim_row(row)?.into_claim()?))
            })
            .collect()
    }

    async fn purge_final(&self, older_than: Duration) -> Result<u64, StoreError> {
        let slot = self.shared("purge_final").await?;
        slot.client
            .execute(&slot.statements.purge_final, &[&secs(older_than)])
            .await
            .map_err(unavailable("purge_final"))
    }

    async fn standing(&self, user: &UserId) -> Result<Option<Decided>, StoreError> {
        let slot = self.shared("standing").await?;
        let row = slot
            .client
            .query_opt(&slot.statements.standing, &[&user.as_str()])
            .await
            .map_err(unavailable("standing"))?;
        let Some(row) = row else { return Ok(None) };
        let corrupt = |_| StoreError::Corrupt("a claim row of unexpected types");
        let summary: String = row.try_get(0).map_err(corrupt)?;
        let millis: f64 = row.try_get(1).map_err(corrupt)?;
        let fingerprint: String = row.try_get(2).map_err(corrupt)?;
        let at = std::time::UNIX_EPOCH
            + Duration::try_from_secs_f64(millis.max(0.0) / 1000.0).unwrap_or_default();
        Ok(Some(Decided::new(
            serde_summary_from_json(&summary)?,
            at,
            fingerprint,
        )))
    }
}

impl PostgresStore {
    async fn set_verify_sent(
        &self,
        operation: &'static str,
        id: &RequestId,
        attempt: u32,
        sent: bool,
    ) -> Result<bool, StoreError> {
        let slot = self.shared(operation).await?;
        let changed = slot
            .client
            .execute(
                &slot.statements.set_verify_sent,
                &[&id.as_str(), &attempt_param(attempt), &sent],
            )
            .await
            .map_err(unavailable(operation))?;
        Ok(changed == 1)
    }
}
