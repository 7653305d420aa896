//! A claim: one request id bound to one user, and the state machine it moves through.
//!
//! ```text
//!             claim (new id, under the user's limit)
//!                          │
//!                          ▼
//!   ┌──────────────── pending(attempt n, lease) ◄──────────────┐
//!   │                      │                                   │ take over: lease expired,
//!   │ Verify / lookup       │ outcome unknown (timeout, lost    │ same user, attempt n+1
//!   │ answered              │ answer): lease renewed            │ (lookup first, Verify only
//!   │                      │ nothing processed (connect, 429,  │ if DVS holds no result)
//!   │                      │ key refused, store/app failure):  │
//!   │                      │ lease ended now ──────────────────┘
//!   ▼                      ▼
//! done(summary)       refused(code)       ← final: a retry of the same user gets the same
//!                                           answer, with no call to DVS
//! ```
//!
//! - **pending**: the claimant is verifying. Its lease says until when: the DVS client's
//!   timeout plus a margin ([`Settings::lease`](crate::Settings::lease)). Other submissions
//!   of the same user wait for the claim to become final; others' are refused.
//! - A pending claim whose lease ended — its backend crashed, or its Verify's outcome was
//!   unknown, or nothing reached DVS — is **taken over** by the same user's next submission
//!   (one atomic conditional update: one winner). The new attempt looks the result up first
//!   (free, idempotent): a stored result is adopted, so a Verify that DVS processed is
//!   never sent again; only with no stored result is Verify sent, and then DVS's
//!   `RequestAlreadyProcessed` is accepted as the earlier attempt's own.
//! - **done** and **refused** are final. Nothing else moves a claim, so no claim stays
//!   pending longer than its lease once its user comes back.

use std::time::Duration;

use dvs_secret::Summary;

use crate::UserId;

/// What the [`ClaimStore`](crate::ClaimStore) knows of a claimed id.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Claim {
    /// The user the id is claimed for.
    pub user: UserId,
    /// 1 for the first claimant; +1 at every take-over.
    pub attempt: u32,
    /// Where the claim is in its state machine.
    pub state: ClaimState,
}

impl Claim {
    /// A claim record (what a store returns).
    pub fn new(user: UserId, attempt: u32, state: ClaimState) -> Claim {
        Claim {
            user,
            attempt,
            state,
        }
    }
}

/// The state of a claim (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClaimState {
    /// Being verified; `lease_expired` once its holder's time is up (it may be taken over).
    Pending {
        /// The lease ended, by the store's clock.
        lease_expired: bool,
    },
    /// Verified: the summary the user got.
    Done(Summary),
    /// Finally refused: the [`Refusal::code`](crate::Refusal::code) the user got.
    Refused(String),
}

/// The answer of [`ClaimStore::claim`](crate::ClaimStore::claim).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClaimOutcome {
    /// The id was free and is now claimed for the user: attempt 1, pending.
    Claimed,
    /// The id was claimed before (by this user or another).
    Existing(Claim),
    /// The user reached the limit; the oldest claim in the window leaves it after `retry_after`.
    LimitReached {
        /// When the next claim may succeed.
        retry_after: Duration,
    },
}

/// The terms of a new claim: its lease, and the user's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClaimTerms {
    /// How long the claimant holds a pending claim before it may be taken over.
    pub lease: Duration,
    /// How many ids one user may claim within `window`.
    pub limit: u32,
    /// The sliding window of the limit.
    pub window: Duration,
}

impl ClaimTerms {
    /// Terms with this lease and limit.
    pub fn new(lease: Duration, limit: u32, window: Duration) -> ClaimTerms {
        ClaimTerms {
            lease,
            limit,
            window,
        }
    }
}

/// How a pending claim ends (see [`ClaimStore::finish`](crate::ClaimStore::finish)).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Finish {
    /// Verified; the summary is kept and given to the user's retries.
    Done(Summary),
    /// Refused for good, with the refusal's code.
    Refused(&'static str),
}

impl Finish {
    /// `("done", summary JSON, None)` or `("refused", None, code)`: the columns a database
    /// store writes.
    pub(crate) fn columns(
        &self,
    ) -> Result<(&'static str, Option<String>, Option<&'static str>), crate::StoreError> {
        match self {
            Finish::Done(summary) => {
                let json = serde_json_summary(summary)?;
                Ok(("done", Some(json), None))
            }
            Finish::Refused(code) => Ok(("refused", None, Some(code))),
        }
    }
}

/// A claim as a database store reads it: its columns, before they are checked.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
pub(crate) struct ClaimRow {
    pub(crate) user: String,
    pub(crate) state: String,
    pub(crate) attempt: i64,
    pub(crate) lease_expired: bool,
    pub(crate) summary: Option<String>,
    pub(crate) refusal: Option<String>,
}

#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
impl ClaimRow {
    /// The claim the columns describe, or [`StoreError::Corrupt`](crate::StoreError::Corrupt).
    pub(crate) fn into_claim(self) -> Result<Claim, crate::StoreError> {
        use crate::StoreError::Corrupt;
        let user = UserId::new(self.user).map_err(|_| Corrupt("an invalid user id"))?;
        let attempt = u32::try_from(self.attempt).map_err(|_| Corrupt("an invalid attempt"))?;
        let state = match (self.state.as_str(), self.summary, self.refusal) {
            ("pending", _, _) => ClaimState::Pending {
                lease_expired: self.lease_expired,
            },
            ("done", Some(json), _) => ClaimState::Done(serde_summary_from_json(&json)?),
            ("refused", _, Some(code)) => ClaimState::Refused(code),
            _ => return Err(Corrupt("a claim row with an unknown state")),
        };
        Ok(Claim::new(user, attempt, state))
    }
}

fn serde_json_summary(summary: &Summary) -> Result<String, crate::StoreError> {
    serde_json::to_string(summary)
        .map_err(|_| crate::StoreError::Corrupt("a summary that is not JSON"))
}

fn serde_summary_from_json(json: &str) -> Result<Summary, crate::StoreError> {
    serde_json::from_str(json)
        .map_err(|_| crate::StoreError::Corrupt("a stored summary that does not parse"))
}
