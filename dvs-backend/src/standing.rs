//! [`UserStatus`]: where a user stands — the latest decision made for them, when, under
//! which policy, and until when it holds.

use std::time::SystemTime;

use dvs_secret::{Outcome, Summary};

/// What the claim store keeps of a user's latest decision: the summary (no PII), when it
/// was made, and the fingerprint of the policy that made it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decided {
    /// The summary the user got.
    pub summary: Summary,
    /// When the decision was made (the store's clock).
    pub decided_at: SystemTime,
    /// [`Policy::fingerprint`](dvs_secret::Policy::fingerprint) of the policy that decided.
    pub policy_fingerprint: String,
}

impl Decided {
    /// A record of a decision.
    pub fn new(summary: Summary, decided_at: SystemTime, policy_fingerprint: String) -> Decided {
        Decided {
            summary,
            decided_at,
            policy_fingerprint,
        }
    }
}

/// Where a user stands, as [`Verifier::status_for`](crate::Verifier::status_for) answers.
/// Holds no PII: an outcome, reasons, scores, times.
///
/// ```
/// use std::time::SystemTime;
/// use dvs_backend::UserStatus;
/// # fn gate(status: UserStatus) {
/// // Gate a feature: verified, under the policy in force, not past re-verification.
/// if status.is_verified_at(SystemTime::now()) {
///     // let the user in
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UserStatus {
    /// No verification of this user has been decided (or its record was purged).
    NeverVerified,
    /// The latest decision made for the user.
    Decided {
        /// The decision, when, and under which policy.
        decided: Decided,
        /// Whether the policy that decided is the verifier's policy now (same fingerprint).
        /// A stricter policy since then makes this `false`: ask for a new verification.
        current_policy: bool,
        /// Until when the decision holds (`reverify_after` past the decision), if the
        /// verifier's settings set one.
        valid_until: Option<SystemTime>,
    },
}

impl UserStatus {
    /// Whether, at `now`, the user's latest decision is an approval made under the policy
    /// in force and not past its re-verification time.
    pub fn is_verified_at(&self, now: SystemTime) -> bool {
        match self {
            UserStatus::NeverVerified => false,
            UserStatus::Decided {
                decided,
                current_policy,
                valid_until,
            } => {
                decided.summary.outcome == Outcome::Approve
                    && *current_policy
                    && valid_until.is_none_or(|until| now < until)
            }
        }
    }

    /// The latest decision's outcome, if any.
    pub fn outcome(&self) -> Option<Outcome> {
        match self {
            UserStatus::NeverVerified => None,
            UserStatus::Decided { decided, .. } => Some(decided.summary.outcome),
        }
    }
}
