//! [`CountingStore`]: a [`ClaimStore`] decorator that counts the store's transactions by
//! method, so the backend figures can say what one verification costs the database and
//! what concurrent submissions of one id cost while they wait.
//!
//! Every method of the stores is one transaction: `claim` is one write transaction (SQLite
//! `BEGIN IMMEDIATE`, PostgreSQL `BEGIN` … `COMMIT` under the user's advisory lock) whether
//! it inserts or finds the id claimed; `lookup`, `standing` and `stale_pending` are one
//! read-only statement; the others are one conditional `UPDATE` (or `DELETE`).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use dvs_backend::{
    Claim, ClaimOutcome, ClaimStore, ClaimTerms, Decided, Finish, StoreError, UserId,
};
use dvs_secret::RequestId;

/// Calls per method.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    claim: AtomicU64,
    claimed: AtomicU64,
    lookup: AtomicU64,
    take_over: AtomicU64,
    mark_verify_sent: AtomicU64,
    clear_verify_sent: AtomicU64,
    renew: AtomicU64,
    finish: AtomicU64,
    other_reads: AtomicU64,
    other_writes: AtomicU64,
}

/// What [`Counts::take`] read.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Tally {
    /// `claim` calls (write transactions), of which `claimed` inserted a claim.
    pub claim: u64,
    /// `claim` calls that claimed the id (the others found it claimed).
    pub claimed: u64,
    /// `lookup` calls (read-only).
    pub lookup: u64,
    /// `take_over` calls (writes).
    pub take_over: u64,
    /// `mark_verify_sent` calls (writes).
    pub mark_verify_sent: u64,
    /// `clear_verify_sent` calls (writes).
    pub clear_verify_sent: u64,
    /// `renew` calls (writes: the lease heartbeat and releases).
    pub renew: u64,
    /// `finish` calls (writes).
    pub finish: u64,
    /// `standing` and `stale_pending` calls (read-only).
    pub other_reads: u64,
    /// `purge_final` calls (writes).
    pub other_writes: u64,
}

impl Tally {
    /// Write transactions: every call but the read-only ones.
    pub(crate) fn writes(&self) -> u64 {
        self.claim
            + self.take_over
            + self.mark_verify_sent
            + self.clear_verify_sent
            + self.renew
            + self.finish
            + self.other_writes
    }

    /// Read-only transactions.
    pub(crate) fn reads(&self) -> u64 {
        self.lookup + self.other_reads
    }
}

impl Counts {
    /// The counts since the last call, and zero again.
    pub(crate) fn take(&self) -> Tally {
        let take = |counter: &AtomicU64| counter.swap(0, Ordering::SeqCst);
        Tally {
            claim: take(&self.claim),
            claimed: take(&self.claimed),
            lookup: take(&self.lookup),
            take_over: take(&self.take_over),
            mark_verify_sent: take(&self.mark_verify_sent),
            clear_verify_sent: take(&self.clear_verify_sent),
            renew: take(&self.renew),
            finish: take(&self.finish),
            other_reads: take(&self.other_reads),
            other_writes: take(&self.other_writes),
        }
    }
}

fn add(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// A store whose calls are counted in [`Counts`].
#[derive(Debug)]
pub(crate) struct CountingStore<S> {
    inner: S,
    counts: Arc<Counts>,
}

impl<S> CountingStore<S> {
    /// `inner`, counted in `counts`.
    pub(crate) fn new(inner: S, counts: Arc<Counts>) -> CountingStore<S> {
        CountingStore { inner, counts }
    }
}

#[async_trait]
impl<S: ClaimStore> ClaimStore for CountingStore<S> {
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError> {
        add(&self.counts.claim);
        let outcome = self.inner.claim(id, user, terms).await?;
        if outcome == ClaimOutcome::Claimed {
            add(&self.counts.claimed);
        }
        Ok(outcome)
    }

    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError> {
        add(&self.counts.lookup);
        self.inner.lookup(id).await
    }

    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<Option<bool>, StoreError> {
        add(&self.counts.take_over);
        self.inner.take_over(id, attempt, lease).await
    }

    async fn mark_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        add(&self.counts.mark_verify_sent);
        self.inner.mark_verify_sent(id, attempt).await
    }

    async fn clear_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        add(&self.counts.clear_verify_sent);
        self.inner.clear_verify_sent(id, attempt).await
    }

    async fn renew(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        add(&self.counts.renew);
        self.inner.renew(id, attempt, lease).await
    }

    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError> {
        add(&self.counts.finish);
        self.inner.finish(id, attempt, finish).await
    }

    async fn stale_pending(
        &self,
        older_than: Duration,
        limit: usize,
    ) -> Result<Vec<(RequestId, Claim)>, StoreError> {
        add(&self.counts.other_reads);
        self.inner.stale_pending(older_than, limit).await
    }

    async fn purge_final(&self, older_than: Duration) -> Result<u64, StoreError> {
        add(&self.counts.other_writes);
        self.inner.purge_final(older_than).await
    }

    async fn standing(&self, user: &UserId) -> Result<Option<Decided>, StoreError> {
        add(&self.counts.other_reads);
        self.inner.standing(user).await
    }
}
