//! The hand-written backend the backend figures compare dvs-backend with: what an app would
//! write without it. One axum handler: take the signed-in user, parse the request id,
//! `INSERT` it with `ON CONFLICT DO NOTHING` (a repeat is refused with `409`), call
//! [`dvs_secret::Client::verify`], answer a few fields as JSON.
//!
//! The same database crates and settings as dvs-backend, so that only the design differs:
//! a `Mutex<HashSet>` for memory; rusqlite for SQLite, one connection in WAL mode with the
//! same busy timeout, its calls on tokio's blocking pool; tokio-postgres for PostgreSQL,
//! plain connections picked round robin (the same number as dvs-backend's store gets).
//! What it does not do (and dvs-backend does): look the id up before Verify, record that
//! Verify is sent, keep the answer for the user's retry, wait for a pending repeat, limit
//! claims per user, recover after a crash.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Json, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use dvs_secret::RequestId;
use serde::Deserialize;

use crate::BoxError;

/// The header the bench's sign-in stand-in reads (both backends).
pub(crate) const USER_HEADER: &str = "x-bench-user";

/// Where the hand-written backend keeps the ids it saw.
pub(crate) enum Table {
    /// A set in memory.
    Memory(Mutex<HashSet<RequestId>>),
    /// A SQLite file, one connection.
    Sqlite(Arc<Mutex<rusqlite::Connection>>),
    /// PostgreSQL connections, round robin.
    Postgres(Vec<tokio_postgres::Client>, AtomicUsize),
}

/// The table's SQL, SQLite.
const SQLITE_TABLE: &str = "CREATE TABLE IF NOT EXISTS hand_claims (
    request_id    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL,
    claimed_at_ms INTEGER NOT NULL
)";

/// The table's SQL, PostgreSQL.
pub(crate) const POSTGRES_TABLE: &str = "CREATE TABLE IF NOT EXISTS hand_claims (
    request_id text PRIMARY KEY,
    user_id    text NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now()
)";

impl Table {
    /// An empty set.
    pub(crate) fn memory() -> Table {
        Table::Memory(Mutex::new(HashSet::new()))
    }

    /// The SQLite file at `path`, with dvs-backend's settings (WAL, 10 s busy timeout).
    pub(crate) fn sqlite(path: &std::path::Path) -> Result<Table, BoxError> {
        let connection = rusqlite::Connection::open(path)?;
        connection.busy_timeout(Duration::from_secs(10))?;
        let _mode: String =
            connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        connection.execute_batch(SQLITE_TABLE)?;
        Ok(Table::Sqlite(Arc::new(Mutex::new(connection))))
    }

    /// `connections` connections to `url` (the table is created beforehand).
    pub(crate) async fn postgres(url: &str, connections: usize) -> Result<Table, BoxError> {
        let mut clients = Vec::new();
        for _ in 0..connections.max(1) {
            let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
            tokio::spawn(async move {
                // The connection ends when the client is dropped; nothing to report.
                let _ = connection.await;
            });
            clients.push(client);
        }
        Ok(Table::Postgres(clients, AtomicUsize::new(0)))
    }

    /// Inserts the id; `false` when it was there already. One autocommit statement.
    async fn insert(&self, id: RequestId, user: String) -> Result<bool, BoxError> {
        match self {
            Table::Memory(set) => Ok(set
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(id)),
            Table::Sqlite(connection) => {
                let connection = Arc::clone(connection);
                tokio::task::spawn_blocking(move || {
                    let connection = connection
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
                    let changed = connection.execute(
                        "INSERT INTO hand_claims (request_id, user_id, claimed_at_ms)
                         VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                        rusqlite::params![id.as_str(), user, now],
                    )?;
                    Ok(changed == 1)
                })
                .await?
            }
            Table::Postgres(clients, next) => {
                let client = &clients[next.fetch_add(1, Ordering::Relaxed) % clients.len()];
                let changed = client
                    .execute(
                        "INSERT INTO hand_claims (request_id, user_id) VALUES ($1, $2)
                         ON CONFLICT DO NOTHING",
                        &[&id.as_str(), &user],
                    )
                    .await?;
                Ok(changed == 1)
            }
        }
    }
}

/// The handler's state.
pub(crate) struct HandWritten {
    client: dvs_secret::Client,
    table: Table,
    inserts: AtomicU64,
}

impl HandWritten {
    /// The backend over `client` and `table`.
    pub(crate) fn new(client: dvs_secret::Client, table: Table) -> Arc<HandWritten> {
        Arc::new(HandWritten {
            client,
            table,
            inserts: AtomicU64::new(0),
        })
    }

    /// Inserts (write transactions) since the last call.
    pub(crate) fn take_inserts(&self) -> u64 {
        self.inserts.swap(0, Ordering::SeqCst)
    }

    /// `POST /verifications`.
    pub(crate) fn router(self: &Arc<HandWritten>) -> Router {
        Router::new()
            .route("/verifications", post(verify))
            .with_state(Arc::clone(self))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    request_id: String,
}

fn error(status: StatusCode, code: &str) -> Response {
    (status, axum::Json(serde_json::json!({ "error": code }))).into_response()
}

async fn verify(
    State(app): State<Arc<HandWritten>>,
    headers: HeaderMap,
    Json(body): Json<Body>,
) -> Response {
    let Some(user) = headers
        .get(USER_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
    else {
        return error(StatusCode::UNAUTHORIZED, "not_signed_in");
    };
    let Ok(id) = RequestId::parse(&body.request_id) else {
        return error(StatusCode::BAD_REQUEST, "invalid_request_id");
    };
    app.inserts.fetch_add(1, Ordering::Relaxed);
    match app.table.insert(id, user).await {
        Ok(true) => {}
        Ok(false) => return error(StatusCode::CONFLICT, "already_submitted"),
        Err(_) => return error(StatusCode::SERVICE_UNAVAILABLE, "database"),
    }
    match app.client.verify(&id).await {
        Ok(result) => axum::Json(serde_json::json!({
            "requestId": id.as_str(),
            "documentConfidence": result.document_confidence,
            "faceMatchConfidence": result.face_match_confidence,
            "expired": result.flags.expired,
        }))
        .into_response(),
        Err(_) => error(StatusCode::BAD_GATEWAY, "dvs"),
    }
}
