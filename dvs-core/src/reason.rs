//! [`Reason`]: why a verification is not a plain approve, and the [`Check`] it is about. Both
//! reach the client app inside a [`Summary`](crate::Summary); neither holds document data.

use serde::{Deserialize, Serialize};

use crate::{Confidence, FalseAcceptanceRate};

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
    /// The holder's minimum age.
    MinimumAge,
    /// The document's issuing country.
    IssuingCountry,
    /// The document's type.
    DocumentType,
    /// The name on the document against the claimed name.
    IdentityName,
    /// The date of birth on the document against the claimed one.
    IdentityDateOfBirth,
}

/// Why a document date could not be used by a check. Says nothing of the date itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DateProblem {
    /// The document has no such date.
    Missing,
    /// The document's text is not a date.
    Unreadable,
    /// The date of birth is after the decision date or after the issue date.
    Inconsistent,
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
    /// The document has expired (on the decision date, past any grace period; or by DVS's
    /// flag when the expiry date cannot be read).
    DocumentExpired,
    /// The result names another request than the one it was asked for
    /// (dvs-secret's `VerificationResult::request_id_mismatch`): a person should look before
    /// approving.
    RequestIdMismatch,
    /// The holder is younger than the policy's minimum age on the decision date.
    UnderMinimumAge {
        /// The minimum age, in years.
        minimum: u8,
    },
    /// The holder's age cannot be established (the date of birth is missing, unreadable or
    /// inconsistent), so the minimum age is not verified.
    AgeUnverifiable {
        /// The minimum age, in years.
        minimum: u8,
        /// What is wrong with the date of birth.
        problem: DateProblem,
    },
    /// DVS flags the document expired, but its expiry date is not past on the decision date.
    ExpiryFlagDisagrees,
    /// The expiry date is present but unreadable, and DVS gave no expired flag.
    ExpiryUnverifiable,
    /// The document's issuing country is not among the allowed ones.
    CountryNotAllowed,
    /// The document's type is not among the allowed ones.
    DocumentTypeNotAllowed,
    /// The document's name or date of birth differs from the claim.
    IdentityMismatch {
        /// Which: [`Check::IdentityName`] or [`Check::IdentityDateOfBirth`].
        check: Check,
    },
    /// The document lacks a readable name or date of birth to compare with the claim.
    IdentityUnverifiable {
        /// Which: [`Check::IdentityName`] or [`Check::IdentityDateOfBirth`].
        check: Check,
    },
}

impl Reason {
    /// The check this reason is about.
    pub fn check(&self) -> Check {
        match self {
            Reason::BelowThreshold { check, .. }
            | Reason::Missing { check }
            | Reason::IdentityMismatch { check }
            | Reason::IdentityUnverifiable { check } => *check,
            Reason::FalseAcceptanceRateTooHigh { .. } => Check::FalseAcceptanceRate,
            Reason::RequestIdMismatch => Check::RequestId,
            Reason::DocumentExpired | Reason::ExpiryFlagDisagrees | Reason::ExpiryUnverifiable => {
                Check::DocumentExpiry
            }
            Reason::UnderMinimumAge { .. } | Reason::AgeUnverifiable { .. } => Check::MinimumAge,
            Reason::CountryNotAllowed => Check::IssuingCountry,
            Reason::DocumentTypeNotAllowed => Check::DocumentType,
        }
    }
}
