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
    /// DVS's check that the document's data fields were not tampered with.
    DataFieldsIntegrity,
    /// DVS's check that the portrait on the document was not tampered with.
    DocumentPhotoIntegrity,
    /// DVS's check that the selfie is not a suspicious photo.
    SelfieAuthenticity,
    /// DVS's check that the document has not been invalidated.
    DocumentValidity,
    /// DVS's check that the age estimated from the selfie fits the document.
    AgeEstimate,
    /// DVS's check that the gender estimated from the selfie fits the document.
    GenderEstimate,
    /// Whether the document is a limited-duration one.
    DocumentDuration,
    /// The international-document service's check.
    InternationalDocument,
    /// DVS's own verdict on a v3 document (`statusString`).
    DocumentStatus,
    /// The address validation external check.
    AddressValidation,
    /// The DMV data verification external check.
    DmvValidation,
    /// The IdentiFraud external check.
    IdentiFraudValidation,
    /// The OFAC watchlist external check.
    OfacValidation,
    /// An external check this SDK has no name for (required by its wire name).
    OtherExternalCheck,
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
    /// DVS flags the document's data fields as tampered with (v4
    /// `antiSpoofingVerificationResult.isDataFieldsTampered`).
    DataFieldsTampered,
    /// DVS flags the portrait on the document as tampered with (v4
    /// `antiSpoofingVerificationResult.isPhotoFromDocumentTampered`).
    DocumentPhotoTampered,
    /// DVS flags the selfie as suspicious (v4 `faceMatchVerificationResult.isSuspiciousPhoto`).
    SuspiciousSelfie,
    /// DVS reports the document invalidated (v4 `documentVerificationResult.isInvalidated`).
    DocumentInvalidated,
    /// The age DVS estimated from the selfie does not fit the document (v4
    /// `faceMatchVerificationResult.isAgeCheckSuccess: false`).
    AgeCheckFailed,
    /// The gender DVS estimated from the selfie does not fit the document (v4
    /// `faceMatchVerificationResult.isGenderCheckSuccess: false`).
    GenderCheckFailed,
    /// The document is a limited-duration one (v4
    /// `documentVerificationResult.isLimitedDurationDocument`).
    LimitedDurationDocument,
    /// The international-document service did not succeed (v4
    /// `documentVerificationResult.isShuftiSuccess: false`).
    InternationalCheckFailed,
    /// DVS's verdict on a v3 document is not `Ok` (`documentVerificationResult.statusString`,
    /// or `status` alone): its other values are not published.
    DocumentStatusNotOk {
        /// The integer `status` DVS sent with it, if any (its meaning is not published).
        status: Option<i64>,
    },
    /// An external check the policy requires ran but did not report a status the policy
    /// counts as passed.
    ExternalCheckNotPassed {
        /// Which check: [`Check::AddressValidation`], [`Check::DmvValidation`],
        /// [`Check::IdentiFraudValidation`], [`Check::OfacValidation`] or
        /// [`Check::OtherExternalCheck`].
        check: Check,
        /// The integer status DVS reported, if any (only `-1` has a published meaning).
        status: Option<i64>,
    },
    /// An external check the policy requires is absent from the result, or disabled in the
    /// account's settings (status `-1`).
    ExternalCheckNotRun {
        /// Which check, as for [`Reason::ExternalCheckNotPassed`].
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
            | Reason::IdentityUnverifiable { check }
            | Reason::ExternalCheckNotPassed { check, .. }
            | Reason::ExternalCheckNotRun { check } => *check,
            Reason::FalseAcceptanceRateTooHigh { .. } => Check::FalseAcceptanceRate,
            Reason::RequestIdMismatch => Check::RequestId,
            Reason::DocumentExpired | Reason::ExpiryFlagDisagrees | Reason::ExpiryUnverifiable => {
                Check::DocumentExpiry
            }
            Reason::UnderMinimumAge { .. } | Reason::AgeUnverifiable { .. } => Check::MinimumAge,
            Reason::CountryNotAllowed => Check::IssuingCountry,
            Reason::DocumentTypeNotAllowed => Check::DocumentType,
            Reason::DataFieldsTampered => Check::DataFieldsIntegrity,
            Reason::DocumentPhotoTampered => Check::DocumentPhotoIntegrity,
            Reason::SuspiciousSelfie => Check::SelfieAuthenticity,
            Reason::DocumentInvalidated => Check::DocumentValidity,
            Reason::AgeCheckFailed => Check::AgeEstimate,
            Reason::GenderCheckFailed => Check::GenderEstimate,
            Reason::LimitedDurationDocument => Check::DocumentDuration,
            Reason::InternationalCheckFailed => Check::InternationalDocument,
            Reason::DocumentStatusNotOk { .. } => Check::DocumentStatus,
        }
    }
}
