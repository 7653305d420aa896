//! [`Policy`] → [`Decision`]: turning scores into approve / review / reject, with reasons.
//!
//! DVS returns scores, not a verdict. IDScan recommends 70 as the threshold for the document
//! confidence, the face match and anti-spoofing; a policy applies such thresholds in one place.

use serde::{Deserialize, Serialize};

use crate::models::{Confidence, FalseAcceptanceRate};
use crate::result::VerificationResult;

/// What to do with a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every check passed.
    Approve,
    /// Borderline or incomplete: have a person look at it.
    Review,
    /// A check failed clearly.
    Reject,
}

/// Which check a [`Reason`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Check {
    /// The document confidence (general level of trust).
    DocumentConfidence,
    /// The face match between selfie and document portrait.
    FaceMatch,
    /// Liveness of the selfie.
    AntiSpoofing,
    /// The face matcher's false acceptance rate.
    FalseAcceptanceRate,
    /// The document's expiry.
    DocumentExpiry,
    /// That the result is about the request it was asked for.
    RequestId,
}

/// Why a check did not pass. Machine-readable; holds no PII.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// A score is below its threshold.
    BelowThreshold {
        /// Which check.
        check: Check,
        /// The score DVS reported.
        score: Confidence,
        /// The threshold.
        threshold: Confidence,
    },
    /// A required score was not reported (e.g. no selfie, no portrait found).
    Missing {
        /// Which check.
        check: Check,
    },
    /// The false acceptance rate is above the maximum.
    FalseAcceptanceRateTooHigh {
        /// The rate DVS reported.
        rate: FalseAcceptanceRate,
        /// The maximum.
        max: FalseAcceptanceRate,
    },
    /// The document has expired.
    DocumentExpired,
    /// The result names another request than the one it was asked for
    /// ([`VerificationResult::request_id_mismatch`]): a person should look before approving.
    RequestIdMismatch,
}

impl Reason {
    /// The check this reason is about.
    pub fn check(&self) -> Check {
        match self {
            Reason::BelowThreshold { check, .. } | Reason::Missing { check } => *check,
            Reason::FalseAcceptanceRateTooHigh { .. } => Check::FalseAcceptanceRate,
            Reason::DocumentExpired => Check::DocumentExpiry,
            Reason::RequestIdMismatch => Check::RequestId,
        }
    }
}

/// The verdict of a [`Policy`] on a [`VerificationResult`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision {
    /// Approve, review or reject.
    pub outcome: Outcome,
    /// Every check that did not pass, with its severity folded into `outcome`.
    pub reasons: Vec<Reason>,
}

/// Thresholds that turn scores into a [`Decision`].
///
/// A score below its threshold but within `review_margin` of it gives [`Outcome::Review`];
/// further below gives [`Outcome::Reject`]. A required score that is missing gives `Review`.
///
/// ```
/// use dvs_core::{Confidence, Outcome, Policy};
/// let policy = Policy::default(); // 70 / 70 / 70, as IDScan recommends
/// assert_eq!(policy.min_document_confidence, Confidence::new(70).unwrap());
/// let strict = Policy::default().with_min_face_match(Confidence::new(90).unwrap());
/// assert_eq!(strict.min_face_match_confidence.get(), 90);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Policy {
    /// Minimum document confidence (default 70).
    pub min_document_confidence: Confidence,
    /// Minimum face-match confidence (default 70).
    pub min_face_match_confidence: Confidence,
    /// Minimum anti-spoofing confidence (default 70).
    pub min_anti_spoofing_confidence: Confidence,
    /// Maximum false acceptance rate, if any (default none).
    pub max_false_acceptance_rate: Option<FalseAcceptanceRate>,
    /// Reject expired documents (default true).
    pub reject_expired: bool,
    /// Require the face match and anti-spoofing scores (default true): without them the
    /// outcome is at best `Review`.
    pub require_face_match: bool,
    /// How far below a threshold a score still gives `Review` rather than `Reject` (default 10).
    pub review_margin: u8,
}

impl Default for Policy {
    fn default() -> Self {
        let seventy = Confidence::new(70).unwrap_or(Confidence::MAX);
        Policy {
            min_document_confidence: seventy,
            min_face_match_confidence: seventy,
            min_anti_spoofing_confidence: seventy,
            max_false_acceptance_rate: None,
            reject_expired: true,
            require_face_match: true,
            review_margin: 10,
        }
    }
}

impl Policy {
    /// Sets the minimum document confidence.
    #[must_use]
    pub fn with_min_document_confidence(mut self, min: Confidence) -> Self {
        self.min_document_confidence = min;
        self
    }

    /// Sets the minimum face-match confidence.
    #[must_use]
    pub fn with_min_face_match(mut self, min: Confidence) -> Self {
        self.min_face_match_confidence = min;
        self
    }

    /// Sets the minimum anti-spoofing confidence.
    #[must_use]
    pub fn with_min_anti_spoofing(mut self, min: Confidence) -> Self {
        self.min_anti_spoofing_confidence = min;
        self
    }

    /// Sets the maximum false acceptance rate.
    #[must_use]
    pub fn with_max_false_acceptance_rate(mut self, max: FalseAcceptanceRate) -> Self {
        self.max_false_acceptance_rate = Some(max);
        self
    }

    /// Sets whether expired documents are rejected.
    #[must_use]
    pub fn with_reject_expired(mut self, reject: bool) -> Self {
        self.reject_expired = reject;
        self
    }

    /// Sets whether the face scores are required.
    #[must_use]
    pub fn with_require_face_match(mut self, require: bool) -> Self {
        self.require_face_match = require;
        self
    }

    /// Sets the review margin.
    #[must_use]
    pub fn with_review_margin(mut self, margin: u8) -> Self {
        self.review_margin = margin;
        self
    }

    /// Applies the policy.
    pub fn decide(&self, result: &VerificationResult) -> Decision {
        let mut reasons = Vec::new();
        let mut outcome = Outcome::Approve;
        let mut note = |reason: Reason, severity: Outcome| {
            reasons.push(reason);
            outcome = worse(outcome, severity);
        };
        let mut score =
            |check, value: Option<Confidence>, threshold: Confidence, required| match value {
                Some(score) if score < threshold => {
                    let severity =
                        if threshold.get().saturating_sub(score.get()) <= self.review_margin {
                            Outcome::Review
                        } else {
                            Outcome::Reject
                        };
                    note(
                        Reason::BelowThreshold {
                            check,
                            score,
                            threshold,
                        },
                        severity,
                    );
                }
                Some(_) => {}
                None if required => note(Reason::Missing { check }, Outcome::Review),
                None => {}
            };
        score(
            Check::DocumentConfidence,
            result.document_confidence,
            self.min_document_confidence,
            true,
        );
        let face = self.require_face_match;
        score(
            Check::FaceMatch,
            result.face_match_confidence,
            self.min_face_match_confidence,
            face,
        );
        score(
            Check::AntiSpoofing,
            result.anti_spoofing_confidence,
            self.min_anti_spoofing_confidence,
            face,
        );
        if let (Some(max), Some(rate)) =
            (self.max_false_acceptance_rate, result.false_acceptance_rate)
        {
            if rate.get() > max.get() {
                reasons.push(Reason::FalseAcceptanceRateTooHigh { rate, max });
                outcome = worse(outcome, Outcome::Reject);
            }
        }
        if self.reject_expired && result.flags.expired == Some(true) {
            reasons.push(Reason::DocumentExpired);
            outcome = worse(outcome, Outcome::Reject);
        }
        if result.request_id_mismatch().is_some() {
            reasons.push(Reason::RequestIdMismatch);
            outcome = worse(outcome, Outcome::Review);
        }
        Decision { outcome, reasons }
    }
}

fn worse(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Reject, _) | (_, Outcome::Reject) => Outcome::Reject,
        (Outcome::Review, _) | (_, Outcome::Review) => Outcome::Review,
        _ => Outcome::Approve,
    }
}
