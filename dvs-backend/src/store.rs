//! [`ClaimStore`]: where claims live, shared by every instance of the backend.

use std::time::Duration;

use async_trait::async_trait;
use dvs_secret::RequestId;

use crate::UserId;
use crate::claim::{Claim, ClaimOutcome, ClaimTerms, Finish};
use crate::standing::Decided;

/// A claim store failed: the database is unreachable or answered an error.
///
/// The text names the operation and the kind of failure, never a stored value.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database could not be reached or refused the statement.
    #[error("claim store unavailable during {operation}: {reason}")]
    Unavailable {
        /// What the store was doing (`"claim"`, `"finish"`, …).
        operation: &'static str,
        /// The driver's error, reduced to its kind.
        reason: String,
    },
    /// A stored row does not fit the claim model (edited by hand, or a newer schema).
    #[error("claim store holds {0}")]
    Corrupt(&'static str),
    /// Setting the store up failed (migrations, opening the file, connecting).
    #[error("claim store could not be set up: {0}")]
    Setup(String),
}

/// Where claims of request ids are kept. Every method is atomic on its own: two backends
/// calling [`claim`](ClaimStore::claim) for one id at once get one `Claimed` between them,
/// and the per-user limit holds across them.
///
/// Implemented by [`MemoryStore`](crate::MemoryStore) (one process), `SqliteStore`
/// (feature `sqlite`, the default: one file, several processes on one host) and
/// `PostgresStore` (feature `postgres`: several hosts). The state machine the methods move a
/// claim through is described on [`Claim`](crate::Claim).
#[async_trait]
pub trait ClaimStore: Send + Sync + std::fmt::Debug {
    /// Claims `id` for `user` (pending, attempt 1, lease from `terms`) unless it is claimed
    /// already, in which case the existing claim is returned whatever its user; refuses with
    /// [`ClaimOutcome::LimitReached`] when `user` made `terms.limit` claims within
    /// `terms.window`. One atomic step: the id's uniqueness and the user's count are checked
    /// and the claim written together.
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError>;

    /// The claim on `id`, if any.
    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError>;

    /// Takes a pending claim whose lease ended over: attempt `attempt` → `attempt + 1`, new
    /// lease. `Some(verify_sent)` for the one caller that moved it, read in the same atomic
    /// step; `None` if the claim is not pending at `attempt` with an ended lease (someone
    /// else took it over, or it ended).
    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<Option<bool>, StoreError>;

    /// Records that the attempt `attempt` is about to send Verify for `id`. `false` if the
    /// claim is no longer pending at `attempt` (it was taken over): the caller must not send.
    async fn mark_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError>;

    /// Clears the record of [`mark_verify_sent`](ClaimStore::mark_verify_sent) when DVS
    /// provably did not process the Verify (nothing was sent, or it was refused before
    /// processing). `false` if the claim is no longer pending at `attempt`.
    async fn clear_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError>;

    /// Sets the lease of a pending claim at `attempt` to end `lease` from now
    /// (`Duration::ZERO`: ends it now, so the user's next submission takes it over).
    /// `false` if the claim is no longer pending at `attempt`.
    async fn renew(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError>;

    /// Ends a pending claim at `attempt` for good. `false` if it is no longer pending at
    /// `attempt` (it was taken over after its lease ended).
    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError>;

    /// Pending claims whose lease ended and that were claimed more than `older_than` ago,
    /// oldest first, at most `limit` of them (for [`Verifier::reconcile`](crate::Verifier::reconcile)).
    async fn stale_pending(
        &self,
        older_than: Duration,
        limit: usize,
    ) -> Result<Vec<(RequestId, Claim)>, StoreError>;

    /// Deletes the final (done or refused) claims made more than `older_than` ago; returns
    /// how many. Pending claims are kept whatever their age, and so is each user's latest
    /// decision (their [standing](ClaimStore::standing)).
    async fn purge_final(&self, older_than: Duration) -> Result<u64, StoreError>;

    /// The latest decision made for `user` ([`Finish::Done`]), if any.
    async fn standing(&self, user: &UserId) -> Result<Option<Decided>, StoreError>;
}

/// The migrations a database at schema version `applied` still needs, each with the version
/// it brings the database to; refuses a database newer than this crate knows.
pub(crate) fn pending_migrations<'m>(
    applied: i64,
    migrations: &'m [&'m str],
) -> Result<impl Iterator<Item = (usize, &'m str)> + 'm, StoreError> {
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > migrations.len() {
        return Err(StoreError::Setup(format!(
            "the database is at schema version {applied}, newer than this crate's {}",
            migrations.len()
        )));
    }
    Ok(migrations
        .iter()
        .enumerate()
        .skip(applied)
        .map(|(index, migration)| (index + 1, *migration)))
}
