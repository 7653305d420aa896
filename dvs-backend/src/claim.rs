//! [`Claim`]: one request id bound to one user, and the state machine it moves through.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use dvs_secret::Summary;

use crate::UserId;

/// A claim: one request id bound to one user, and the state machine it moves through.
///
/// ```text
///        claim (new id, under the user's limit): pending, attempt 1, Verify not sent
///                          │
///                          ▼
///   ┌─────────── pending(attempt n, lease renewed while the attempt runs) ◄─────────┐
///   │                      │                                                        │
///   │  Verify not sent:    │  Verify sent (recorded before the POST):               │
///   │  look the id up;     │  only look the id up, never POST again                 │
///   │  a result or a       │                                                        │
///   │  status other than   │  no answer yet (DVS still works, timeout, lost         │
///   │  pending is a replay │  answer): lease ends after a grace ────────────────────┤
///   │  (refused); else     │  nothing processed (connect, 429, 5xx, key refused):   │
///   │  record "sent", POST │  "sent" cleared, lease ends now ───────────────────────┤
///   │                      │                                     take over: lease   │
///   ▼                      ▼                                     ended, same user,  │
/// done(summary)       refused(code)   ← final: a retry of the    attempt n+1 ───────┘
///                                       same user gets the same
///                                       answer, with no call to DVS
/// ```
///
/// - **pending**: the claimant is verifying. It renews its lease while the attempt runs;
///   the lease says until when the claim is held if the claimant's process dies. Other
///   submissions of the same user wait for the claim to become final (reading it, never
///   writing); others' are refused.
/// - **Verify sent** is recorded, fenced by the attempt, before Verify is POSTed. A claim
///   whose lease ended is **taken over** by the same user's next submission (one atomic
///   conditional update: one winner, which learns whether Verify was sent). If it was, the
///   new attempt only looks the result up: a stored result is adopted (this backend caused
///   it), a failed or expired request settles as `document_rejected` or
///   `request_expired`, and a request DVS still works on stays pending. If it was not, the
///   attempt starts like a fresh one.
/// - Before sending Verify, an attempt looks the id up: an id DVS already verified, or
///   rejected, was verified by someone else (another app or environment on the account,
///   claims this store lost or purged) and is refused as `already_processed`. A result is
///   adopted only when this store sent Verify for the id.
/// - **done** and **refused** are final.
///
/// A claim record is what a [`ClaimStore`](crate::ClaimStore) knows of a claimed id.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Claim {
    /// The user the id is claimed for.
    pub user: UserId,
    /// 1 for the first claimant; +1 at every take-over.
    pub attempt: u32,
    /// Where the claim is in its state machine.
    pub state: ClaimState,
    /// Whether an attempt on this claim recorded that it sent Verify (it then may have been
    /// processed, and is never sent again for this claim).
    pub verify_sent: bool,
    /// When the claim was decided (done), if it was and the store recorded it.
    pub decided_at: Option<SystemTime>,
}

impl Claim {
    /// A claim record (what a store returns); Verify not sent.
    pub fn new(user: UserId, attempt: u32, state: ClaimState) -> Claim {
        Claim {
            user,
            attempt,
            state,
            verify_sent: false,
            decided_at: None,
        }
    }

    /// The same record, with when it was decided.
    #[must_use]
    pub fn with_decided_at(mut self, at: Option<SystemTime>) -> Claim {
        self.decided_at = at;
        self
    }

    /// The same record, with whether Verify was sent.
    #[must_use]
    pub fn with_verify_sent(mut self, sent: bool) -> Claim {
        self.verify_sent = sent;
        self
    }
}

/// The state of a claim (see [`Claim`] for the state machine).
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
    /// Verified; the summary is kept and given to the user's retries, and it becomes the
    /// user's standing, with the decision's time and the policy's fingerprint.
    Done {
        /// The summary the user gets.
        summary: Summary,
        /// [`Policy::fingerprint`](dvs_secret::Policy::fingerprint) of the deciding policy.
        policy_fingerprint: String,
    },
    /// Refused for good, with the refusal's code.
    Refused(&'static str),
}

impl Finish {
    /// `("done", summary JSON, None, fingerprint)` or `("refused", None, code, None)`: the
    /// columns a database store writes.
    pub(crate) fn columns(&self) -> Result<FinishColumns<'_>, crate::StoreError> {
        match self {
            Finish::Done {
                summary,
                policy_fingerprint,
            } => Ok(FinishColumns {
                state: "done",
                summary: Some(serde_json_summary(summary)?),
                refusal: None,
                policy_fingerprint: Some(policy_fingerprint),
            }),
            Finish::Refused(code) => Ok(FinishColumns {
                state: "refused",
                summary: None,
                refusal: Some(code),
                policy_fingerprint: None,
            }),
        }
    }
}

/// What a database store writes when a claim ends.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
pub(crate) struct FinishColumns<'f> {
    pub(crate) state: &'static str,
    pub(crate) summary: Option<String>,
    pub(crate) refusal: Option<&'static str>,
    pub(crate) policy_fingerprint: Option<&'f str>,
}

/// A claim as a database store reads it: its columns, before they are checked.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
pub(crate) struct ClaimRow {
    pub(crate) user: String,
    pub(crate) state: String,
    pub(crate) attempt: i64,
    pub(crate) lease_expired: bool,
    pub(crate) verify_sent: bool,
    pub(crate) decided_at_ms: Option<i64>,
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
        let decided_at = self
            .decided_at_ms
            .and_then(|ms| u64::try_from(ms).ok())
            .map(|ms| UNIX_EPOCH + Duration::from_millis(ms));
        Ok(Claim::new(user, attempt, state)
            .with_verify_sent(self.verify_sent)
            .with_decided_at(decided_at))
    }
}

fn serde_json_summary(summary: &Summary) -> Result<String, crate::StoreError> {
    serde_json::to_string(summary)
        .map_err(|_| crate::StoreError::Corrupt("a summary that is not JSON"))
}

pub(crate) fn serde_summary_from_json(json: &str) -> Result<Summary, crate::StoreError> {
    serde_json::from_str(json)
        .map_err(|_| crate::StoreError::Corrupt("a stored summary that does not parse"))
}
