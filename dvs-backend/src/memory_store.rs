//! [`MemoryStore`]: claims in this process's memory.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use dvs_secret::RequestId;

use crate::claim::{Claim, ClaimOutcome, ClaimState, ClaimTerms, Finish};
use crate::standing::Decided;
use crate::{ClaimStore, StoreError, UserId};

/// Claims kept in memory: for tests and a single backend process. Everything is lost when
/// the process ends (a crashed verification cannot be recovered through it), and a second
/// process does not see it: use `SqliteStore` or `PostgresStore` for those.
///
/// ```
/// use dvs_backend::MemoryStore;
/// let store = MemoryStore::new();
/// # let _ = store;
/// ```
#[derive(Debug, Default)]
pub struct MemoryStore {
    claims: Mutex<HashMap<RequestId, Row>>,
}

#[derive(Debug)]
struct Row {
    user: UserId,
    attempt: u32,
    state: RowState,
    claimed_at: Instant,
    lease_until: Instant,
    verify_sent: bool,
    /// The decision, once done.
    decided: Option<Decided>,
}

#[derive(Debug)]
enum RowState {
    Pending,
    Final(ClaimState),
}

impl Row {
    fn to_claim(&self, now: Instant) -> Claim {
        let state = match &self.state {
            RowState::Pending => ClaimState::Pending {
                lease_expired: self.lease_until <= now,
            },
            RowState::Final(state) => state.clone(),
        };
        Claim::new(self.user.clone(), self.attempt, state)
            .with_verify_sent(self.verify_sent)
            .with_decided_at(self.decided.as_ref().map(|decided| decided.decided_at))
    }

    fn pending_at(&self, attempt: u32) -> bool {
        matches!(self.state, RowState::Pending) && self.attempt == attempt
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn set_verify_sent(&self, id: &RequestId, attempt: u32, sent: bool) -> bool {
        match self.rows().get_mut(id) {
            Some(row) if row.pending_at(attempt) => {
                row.verify_sent = sent;
                true
            }
            _ => false,
        }
    }

    fn rows(&self) -> MutexGuard<'_, HashMap<RequestId, Row>> {
        // A panic while the lock was held cannot leave a row half-written (each update is
        // one assignment), so a poisoned lock is still consistent.
        self.claims
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[async_trait]
impl ClaimStore for MemoryStore {
    async fn claim(
        &self,
        id: &RequestId,
        user: &UserId,
        terms: &ClaimTerms,
    ) -> Result<ClaimOutcome, StoreError> {
        let now = Instant::now();
        let mut rows = self.rows();
        if let Some(row) = rows.get(id) {
            return Ok(ClaimOutcome::Existing(row.to_claim(now)));
        }
        let since = now.checked_sub(terms.window);
        let mut recent = rows
            .values()
            .filter(|row| row.user == *user && since.is_none_or(|since| row.claimed_at > since))
            .map(|row| row.claimed_at)
            .collect::<Vec<_>>();
        if recent.len() >= terms.limit as usize {
            recent.sort_unstable();
            let oldest = recent.first().copied().unwrap_or(now);
            let retry_after = (oldest + terms.window).saturating_duration_since(now);
            return Ok(ClaimOutcome::LimitReached { retry_after });
        }
        rows.insert(
            *id,
            Row {
                user: user.clone(),
                attempt: 1,
                state: RowState::Pending,
                claimed_at: now,
                lease_until: now + terms.lease,
                verify_sent: false,
                decided: None,
            },
        );
        Ok(ClaimOutcome::Claimed)
    }

    async fn lookup(&self, id: &RequestId) -> Result<Option<Claim>, StoreError> {
        let now = Instant::now();
        Ok(self.rows().get(id).map(|row| row.to_claim(now)))
    }

    async fn take_over(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<Option<bool>, StoreError> {
        let now = Instant::now();
        let mut rows = self.rows();
        match rows.get_mut(id) {
            Some(row) if row.pending_at(attempt) && row.lease_until <= now => {
                row.attempt = attempt + 1;
                row.lease_until = now + lease;
                Ok(Some(row.verify_sent))
            }
            _ => Ok(None),
        }
    }

    async fn mark_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        Ok(self.set_verify_sent(id, attempt, true))
    }

    async fn clear_verify_sent(&self, id: &RequestId, attempt: u32) -> Result<bool, StoreError> {
        Ok(self.set_verify_sent(id, attempt, false))
    }

    async fn renew(
        &self,
        id: &RequestId,
        attempt: u32,
        lease: Duration,
    ) -> Result<bool, StoreError> {
        let mut rows = self.rows();
        match rows.get_mut(id) {
            Some(row) if row.pending_at(attempt) => {
                row.lease_until = Instant::now() + lease;
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn finish(
        &self,
        id: &RequestId,
        attempt: u32,
        finish: &Finish,
    ) -> Result<bool, StoreError> {
        let mut rows = self.rows();
        match rows.get_mut(id) {
            Some(row) if row.pending_at(attempt) => {
                row.state = RowState::Final(match finish {
                    Finish::Done {
                        summary,
                        policy_fingerprint,
                    } => {
                        row.decided = Some(Decided::new(
                            summary.clone(),
                            SystemTime::now(),
                            policy_fingerprint.clone(),
                        ));
                        ClaimState::Done(summary.clone())
                    }
                    Finish::Refused(code) => ClaimState::Refused((*code).to_owned()),
                });
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    async fn stale_pending(
        &self,
        older_than: Duration,
        limit: usize,
    ) -> Result<Vec<(RequestId, Claim)>, StoreError> {
        let now = Instant::now();
        let rows = self.rows();
        let mut stale: Vec<_> = rows
            .iter()
            .filter(|(_, row)| {
                matches!(row.state, RowState::Pending)
                    && row.lease_until <= now
                    && now.saturating_duration_since(row.claimed_at) > older_than
            })
            .map(|(id, row)| (row.claimed_at, *id, row.to_claim(now)))
            .collect();
        stale.sort_by_key(|(claimed_at, ..)| *claimed_at);
        Ok(stale
            .into_iter()
            .take(limit)
            .map(|(_, id, claim)| (id, claim))
            .collect())
    }

    async fn purge_final(&self, older_than: Duration) -> Result<u64, StoreError> {
        let now = Instant::now();
        let mut rows = self.rows();
        let before = rows.len();
        let latest: std::collections::HashSet<RequestId> = latest_decisions(&rows);
        rows.retain(|id, row| {
            matches!(row.state, RowState::Pending)
                || now.saturating_duration_since(row.claimed_at) <= older_than
                || latest.contains(id)
        });
        Ok(u64::try_from(before - rows.len()).unwrap_or(u64::MAX))
    }

    async fn standing(&self, user: &UserId) -> Result<Option<Decided>, StoreError> {
        Ok(self
            .rows()
            .values()
            .filter(|row| row.user == *user)
            .filter_map(|row| row.decided.as_ref())
            .max_by_key(|decided| decided.decided_at)
            .cloned())
    }
}

/// The id of each user's latest decision.
fn latest_decisions(rows: &HashMap<RequestId, Row>) -> std::collections::HashSet<RequestId> {
    let mut latest: HashMap<&UserId, (SystemTime, RequestId)> = HashMap::new();
    for (id, row) in rows {
        if let Some(decided) = &row.decided {
            let entry = latest.entry(&row.user).or_insert((decided.decided_at, *id));
            if decided.decided_at > entry.0 {
                *entry = (decided.decided_at, *id);
            }
        }
    }
    latest.into_values().map(|(_, id)| id).collect()
}
