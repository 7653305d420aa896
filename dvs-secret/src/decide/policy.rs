//! [`Policy`] → [`Decision`]: turning scores into approve / review / reject, with reasons.
//!
//! DVS returns scores, not a verdict. IDScan recommends 70 as the threshold for the document
//! confidence, the face match and anti-spoofing; a policy applies such thresholds in one place,
//! with DVS's fraud signals and the external checks the app requires, and the checks
//! businesses run on the document's data: minimum age, expiry on the decision date, allowed
//! countries and document types, and the identity match against a claim.

use dvs_core::{
    Check, Confidence, CountryCode, Date, DateProblem, DocumentType, ExternalCheckName,
    ExternalCheckStatus, FalseAcceptanceRate, Outcome, Reason, Scores, Summary,
};
use serde::{Deserialize, Serialize};

use super::document_checks::DocumentChecks;
use super::identity_match::{IdentityClaim, names_match};
use super::signal_rules::{
    ExternalCheckRequirement, Severity, SignalAction, SignalActions, signal_reason,
};
use crate::{Signal, VerificationResult};

/// The verdict of a [`Policy`] on a [`VerificationResult`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Decision {
    /// Approve, review or reject.
    pub outcome: Outcome,
    /// Every check that did not pass, with its severity folded into `outcome`.
    pub reasons: Vec<Reason>,
    /// Whether the holder is verified to be at least the policy's minimum age on the
    /// decision date; `None` when the policy has no minimum age.
    pub age_verified: Option<bool>,
}

impl Decision {
    /// What the backend may forward to the client app: the outcome, the reasons, the scores
    /// and the age verdict of `result`, with no document data.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use dvs_secret::{Outcome, Policy, VerificationResult};
    /// let body = r#"{"documentVerificationResult":{"documentConfidence":95},
    ///   "faceMatchVerificationResult":{"faceMatchConfidence":96},
    ///   "antiSpoofingVerificationResult":{"antiSpoofingFaceImageConfidence":97},
    ///   "document":{"fullName":"JANE Q SAMPLE"}}"#;
    /// let result = VerificationResult::parse_v4(Bytes::from_static(body.as_bytes()))?;
    /// let summary = Policy::default().decide(&result).summary(&result);
    /// assert_eq!(summary.outcome, Outcome::Approve);
    /// assert!(!serde_json::to_string(&summary)?.contains("JANE"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn summary(&self, result: &VerificationResult) -> Summary {
        Summary::new(result.request_id, self.outcome)
            .with_reasons(self.reasons.iter().copied())
            .with_scores(Scores::new(
                result.document_confidence,
                result.face_match_confidence,
                result.anti_spoofing_confidence,
            ))
            .with_age_verified(self.age_verified)
    }
}

/// Thresholds and document checks that turn a result into a [`Decision`].
///
/// **Scores.** A score below its threshold but within `review_margin` of it gives
/// [`Outcome::Review`]; further below gives [`Outcome::Reject`]. A required score that is
/// missing gives `Review`.
///
/// **Decision date.** The checks on dates run on a *decision date* that the caller gives
/// ([`Policy::decide_on`]); [`Policy::decide`] uses today's date in UTC. The clock is read
/// nowhere else, so a decision can be reproduced for an audit.
///
/// **Minimum age** (`min_age`): the holder's age on the decision date ([`crate::age_on`]:
/// the birthday itself counts, 29 February birthdays fall on 1 March in common years) below
/// the minimum gives `Reject` ([`Reason::UnderMinimumAge`]); a date of birth that is missing,
/// unreadable, after the decision date or after the issue date gives `Review`
/// ([`Reason::AgeUnverifiable`]).
///
/// **Expiry** (`reject_expired`, `expiry_grace_days`): a document is valid through its expiry
/// day. When the expiry date is readable it decides: past it by more than the grace period on
/// the decision date gives `Reject` ([`Reason::DocumentExpired`]). If DVS flags the document
/// expired while its date is not even past (a misread, or a different reading of the day),
/// that gives `Review` ([`Reason::ExpiryFlagDisagrees`]); DVS's flag with a date that is past
/// but within the grace period is the grace period at work, not a disagreement. When the date
/// is missing or unreadable, DVS's flag decides (no grace: there is no date to add it to); an
/// unreadable date with no flag gives `Review` ([`Reason::ExpiryUnverifiable`]), and no date
/// and no flag give no reason, as DVS did not say.
///
/// **Country and type** (`allowed_countries`, `allowed_document_types`; empty = any): a
/// document from elsewhere, or of another type, gives `Reject`; one whose country or type is
/// not reported gives `Review` ([`Reason::Missing`]).
///
/// **Identity match** ([`Policy::decide_with_claim`]): the document's name against the
/// claimed name by the rule of [`crate::names_match`], its date of birth against the claimed
/// one for equality. A difference gives `Reject` ([`Reason::IdentityMismatch`]); a document
/// without a readable name or date of birth gives `Review` ([`Reason::IdentityUnverifiable`]).
///
/// **Fraud signals** (`signal_actions`, [`Policy::with_signal`]): each [`Signal`] DVS raises
/// gives the policy's [`SignalAction`] for it. By default every fraud flag (data fields or
/// document portrait tampered with, a suspicious selfie, an invalidated document), a failed
/// age, gender or international-document check, and a v3 status other than `Ok` give
/// `Review`, never `Approve`, whatever the scores; a limited-duration document is ignored. A
/// signal DVS did not report (`null`, or a v3 result, which has no flags) gives nothing.
///
/// **External checks** (`required_external_checks`, [`Policy::require_external_check`]): none
/// is required by default, and an external check that is not required does not enter the
/// decision. A required check that is absent from the result or disabled (status `-1`) gives
/// [`Reason::ExternalCheckNotRun`]; one that ran without a status among
/// `external_check_passing_statuses` gives [`Reason::ExternalCheckNotPassed`]; both with the
/// requirement's [`Severity`]. IDScan has not published which status means "passed" (only
/// `-1`, "disabled", is documented), so the list is empty by default and every required check
/// goes to its severity until the app names the status its account's passed checks carry
/// ([`Policy::with_external_check_passing_status`]).
///
/// No reason carries a date, a name or any other document data.
///
/// # The default policy
///
/// | rule | IDScan's recommendation | `Policy::default()` |
/// |---|---|---|
/// | document confidence | 70 | below 70: `Review` within 10 points, else `Reject`; missing: `Review` |
/// | face match | 70 | the same |
/// | anti-spoofing | 70 | the same |
/// | false acceptance rate | — | not checked |
/// | expiry | — | expired on the decision date (no grace): `Reject`; see above |
/// | fraud flags, failed age/gender/international checks, v3 status not `Ok` | — | `Review` |
/// | limited-duration document | — | ignored |
/// | external checks | — | none required |
/// | result names another request id | — | `Review` |
/// | minimum age, countries, document types, identity match | — | off |
///
/// IDScan's recommendation of 70 for the three scores is in its portal settings
/// (<https://support.idscan.net/dive-online-portal-settings>); the other rows are what this
/// SDK adds to it.
///
/// ```
/// use dvs_secret::{Confidence, Outcome, Policy};
/// let policy = Policy::default(); // 70 / 70 / 70, as IDScan recommends
/// assert_eq!(policy.min_document_confidence, Confidence::new(70).unwrap());
/// let strict = Policy::default().with_min_face_match(Confidence::new(90).unwrap());
/// assert_eq!(strict.min_face_match_confidence.get(), 90);
/// ```
///
/// An age gate at 21, decided on a given day:
///
/// ```
/// use bytes::Bytes;
/// use dvs_secret::{Outcome, Policy, Reason, VerificationResult};
/// use jiff::civil::date;
/// let body = r#"{"documentVerificationResult":{"documentConfidence":95,"isDocumentExpired":false},
///   "faceMatchVerificationResult":{"faceMatchConfidence":96},
///   "antiSpoofingVerificationResult":{"antiSpoofingFaceImageConfidence":97},
///   "document":{"dob":"2005-06-15","expires":"2030-01-31"}}"#;
/// let result = VerificationResult::parse_v4(Bytes::from_static(body.as_bytes()))?;
/// let policy = Policy::default().with_min_age(21);
///
/// let decision = policy.decide_on(&result, date(2026, 6, 14)); // the day before the birthday
/// assert_eq!(decision.outcome, Outcome::Reject);
/// assert_eq!(decision.reasons, [Reason::UnderMinimumAge { minimum: 21 }]);
/// assert_eq!(decision.age_verified, Some(false));
///
/// let decision = policy.decide_on(&result, date(2026, 6, 15)); // the 21st birthday
/// assert_eq!(decision.outcome, Outcome::Approve);
/// assert_eq!(decision.age_verified, Some(true));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
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
    /// Minimum age of the holder in years on the decision date (default none).
    pub min_age: Option<u8>,
    /// Days after the expiry date that a document is still accepted (default 0).
    pub expiry_grace_days: u16,
    /// Issuing countries accepted; empty accepts any (default empty).
    pub allowed_countries: Vec<CountryCode>,
    /// Document types accepted; empty accepts any (default empty).
    pub allowed_document_types: Vec<DocumentType>,
    /// What each fraud and consistency [`Signal`] does (defaults: see [`SignalActions`]).
    pub signal_actions: SignalActions,
    /// External checks that must have passed (default none).
    pub required_external_checks: Vec<ExternalCheckRequirement>,
    /// The external check statuses that count as "passed" (default none: IDScan has not
    /// published which status means passed).
    pub external_check_passing_statuses: Vec<ExternalCheckStatus>,
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
            min_age: None,
            expiry_grace_days: 0,
            allowed_countries: Vec::new(),
            allowed_document_types: Vec::new(),
            signal_actions: SignalActions::default(),
            required_external_checks: Vec::new(),
            external_check_passing_statuses: Vec::new(),
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

    /// Sets the minimum age in years (e.g. 18 or 21).
    #[must_use]
    pub fn with_min_age(mut self, years: u8) -> Self {
        self.min_age = Some(years);
        self
    }

    /// Sets how many days past its expiry date a document is still accepted.
    #[must_use]
    pub fn with_expiry_grace_days(mut self, days: u16) -> Self {
        self.expiry_grace_days = days;
        self
    }

    /// Sets the issuing countries accepted (empty: any).
    #[must_use]
    pub fn with_allowed_countries(
        mut self,
        countries: impl IntoIterator<Item = CountryCode>,
    ) -> Self {
        self.allowed_countries = countries.into_iter().collect();
        self
    }

    /// Sets the document types accepted (empty: any).
    #[must_use]
    pub fn with_allowed_document_types(
        mut self,
        types: impl IntoIterator<Item = DocumentType>,
    ) -> Self {
        self.allowed_document_types = types.into_iter().collect();
        self
    }

    /// Sets what a raised `signal` does: [`SignalAction::Review`], [`SignalAction::Reject`]
    /// or [`SignalAction::Ignore`].
    ///
    /// ```
    /// use bytes::Bytes;
    /// use dvs_secret::{Outcome, Policy, Reason, Signal, SignalAction, VerificationResult};
    /// let body = r#"{"documentVerificationResult":{"documentConfidence":95},
    ///   "faceMatchVerificationResult":{"faceMatchConfidence":96},
    ///   "antiSpoofingVerificationResult":{"antiSpoofingFaceImageConfidence":97,
    ///                                     "isDataFieldsTampered":true}}"#;
    /// let result = VerificationResult::parse_v4(Bytes::from_static(body.as_bytes()))?;
    ///
    /// let decision = Policy::default().decide(&result);
    /// assert_eq!(decision.outcome, Outcome::Review); // top scores, but never approved
    /// assert_eq!(decision.reasons, [Reason::DataFieldsTampered]);
    ///
    /// let strict = Policy::default().with_signal(Signal::DataFieldsTampered, SignalAction::Reject);
    /// assert_eq!(strict.decide(&result).outcome, Outcome::Reject);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn with_signal(mut self, signal: Signal, action: SignalAction) -> Self {
        self.signal_actions.set(signal, action);
        self
    }

    /// Requires the external check `name`: when it did not run or did not pass, the outcome
    /// is at best `severity`. See [`Policy::with_external_check_passing_status`] for what
    /// "passed" means.
    ///
    /// ```
    /// use bytes::Bytes;
    /// use dvs_secret::{
    ///     Check, ExternalCheckName, Outcome, Policy, Reason, Severity, VerificationResult,
    /// };
    /// let body = r#"{"documentVerificationResult":{"documentConfidence":95},
    ///   "faceMatchVerificationResult":{"faceMatchConfidence":96},
    ///   "antiSpoofingVerificationResult":{"antiSpoofingFaceImageConfidence":97},
    ///   "externalVerificationResults":[{"name":"DMVValidation","status":1},
    ///                                  {"name":"AddressValidation","status":-1}]}"#;
    /// let result = VerificationResult::parse_v4(Bytes::from_static(body.as_bytes()))?;
    /// let policy = Policy::default()
    ///     .require_external_check(ExternalCheckName::Dmv, Severity::Reject)
    ///     .require_external_check(ExternalCheckName::Ofac, Severity::Review);
    ///
    /// // No status is known to mean "passed" until the app says which one does.
    /// let decision = policy.decide(&result);
    /// assert_eq!(decision.outcome, Outcome::Reject);
    /// assert_eq!(decision.reasons, [
    ///     Reason::ExternalCheckNotPassed { check: Check::DmvValidation, status: Some(1) },
    ///     Reason::ExternalCheckNotRun { check: Check::OfacValidation },
    /// ]);
    ///
    /// let decision = policy.with_external_check_passing_status(1).decide(&result);
    /// assert_eq!(decision.outcome, Outcome::Review); // OFAC did not run
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[must_use]
    pub fn require_external_check(mut self, name: ExternalCheckName, severity: Severity) -> Self {
        self.required_external_checks.retain(|r| r.name != name);
        self.required_external_checks
            .push(ExternalCheckRequirement::new(name, severity));
        self
    }

    /// Counts the external check status `code` as "passed".
    ///
    /// IDScan documents only `-1` ("purchased but disabled"); its page lists `0`, `1` and `2`
    /// without their meanings. Look at the results your account's passed checks carry (in
    /// the DIVE portal, or `VerificationResult::external_checks`) and name that status here.
    #[must_use]
    pub fn with_external_check_passing_status(mut self, code: i64) -> Self {
        let status = ExternalCheckStatus::from_raw(dvs_core::RawCode::Int(code));
        if !self.external_check_passing_statuses.contains(&status) {
            self.external_check_passing_statuses.push(status);
        }
        self
    }

    /// A short, stable fingerprint of every setting (FNV-1a, 64 bits, of the policy's JSON
    /// form, in hex): equal policies have equal fingerprints, any change of a setting
    /// changes it. Store it with a decision to tell later whether the policy in force is
    /// the one that decided (a stricter one may require the user to verify again). A new
    /// version of this crate that adds a setting changes every fingerprint.
    ///
    /// ```
    /// use dvs_secret::Policy;
    /// let default = Policy::default().fingerprint();
    /// assert_eq!(default, Policy::default().fingerprint());
    /// assert_eq!(default.len(), 16);
    /// assert_ne!(default, Policy::default().with_min_age(21).fingerprint());
    /// ```
    pub fn fingerprint(&self) -> String {
        const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
        const PRIME: u64 = 0x0000_0100_0000_01b3;
        // A plain struct of numbers, flags, lists and enums always serializes.
        let json = serde_json::to_vec(self).unwrap_or_default();
        let hash = json.iter().fold(OFFSET, |hash, byte| {
            (hash ^ u64::from(*byte)).wrapping_mul(PRIME)
        });
        format!("{hash:016x}")
    }

    /// Applies the policy with today's date in UTC as the decision date.
    ///
    /// Use [`Policy::decide_on`] to give the date (your business's local date, or a fixed
    /// one for an audit or a test).
    pub fn decide(&self, result: &VerificationResult) -> Decision {
        self.decide_on(result, super::clock::today_utc())
    }

    /// Applies the policy on the decision date `on`.
    pub fn decide_on(&self, result: &VerificationResult, on: Date) -> Decision {
        self.decide_with_claim(result, on, &IdentityClaim::new())
    }

    /// Applies the policy on the decision date `on`, and matches the document against what
    /// the user claimed (see [`Policy`] and [`crate::names_match`] for the rules).
    ///
    /// ```
    /// use bytes::Bytes;
    /// use dvs_secret::{Check, IdentityClaim, Outcome, Policy, Reason, VerificationResult};
    /// use jiff::civil::date;
    /// let body = r#"{"documentVerificationResult":{"documentConfidence":95},
    ///   "faceMatchVerificationResult":{"faceMatchConfidence":96},
    ///   "antiSpoofingVerificationResult":{"antiSpoofingFaceImageConfidence":97},
    ///   "document":{"fullName":"JANE Q SAMPLE","dob":"1990-01-31"}}"#;
    /// let result = VerificationResult::parse_v4(Bytes::from_static(body.as_bytes()))?;
    /// let on = date(2026, 11, 30);
    ///
    /// let claim = IdentityClaim::new().with_name("Sample, Jane").with_date_of_birth(date(1990, 1, 31));
    /// assert_eq!(Policy::default().decide_with_claim(&result, on, &claim).outcome, Outcome::Approve);
    ///
    /// let other = IdentityClaim::new().with_name("John Sample");
    /// let decision = Policy::default().decide_with_claim(&result, on, &other);
    /// assert_eq!(decision.reasons, [Reason::IdentityMismatch { check: Check::IdentityName }]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn decide_with_claim(
        &self,
        result: &VerificationResult,
        on: Date,
        claim: &IdentityClaim,
    ) -> Decision {
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
                note(
                    Reason::FalseAcceptanceRateTooHigh { rate, max },
                    Outcome::Reject,
                );
            }
        }
        if self.reject_expired {
            if let Some((reason, severity)) = self.expiry(result, on) {
                note(reason, severity);
            }
        }
        let age_verified = self
            .min_age
            .map(|minimum| match result.document.age_on(on) {
                Ok(age) if age >= u16::from(minimum) => true,
                Ok(_) => {
                    note(Reason::UnderMinimumAge { minimum }, Outcome::Reject);
                    false
                }
                Err(error) => {
                    let problem = DateProblem::from(error);
                    note(
                        Reason::AgeUnverifiable { minimum, problem },
                        Outcome::Review,
                    );
                    false
                }
            });
        if !self.allowed_countries.is_empty() {
            let document = &result.document;
            if document.issuing_country().is_none() {
                note(
                    Reason::Missing {
                        check: Check::IssuingCountry,
                    },
                    Outcome::Review,
                );
            } else if !self
                .allowed_countries
                .iter()
                .any(|c| document.is_issued_in(c))
            {
                note(Reason::CountryNotAllowed, Outcome::Reject);
            }
        }
        if !self.allowed_document_types.is_empty() {
            match &result.document_type {
                None => note(
                    Reason::Missing {
                        check: Check::DocumentType,
                    },
                    Outcome::Review,
                ),
                Some(kind) if !self.allowed_document_types.contains(kind) => {
                    note(Reason::DocumentTypeNotAllowed, Outcome::Reject);
                }
                Some(_) => {}
            }
        }
        if let Some(typed) = claim.name() {
            let check = Check::IdentityName;
            match result.document.person_name() {
                None => note(Reason::IdentityUnverifiable { check }, Outcome::Review),
                Some(name) if !names_match(&name, typed) => {
                    note(Reason::IdentityMismatch { check }, Outcome::Reject);
                }
                Some(_) => {}
            }
        }
        if let Some(claimed) = claim.date_of_birth() {
            let check = Check::IdentityDateOfBirth;
            match result.document.date_of_birth() {
                Ok(Some(birth)) if birth == claimed => {}
                Ok(Some(_)) => note(Reason::IdentityMismatch { check }, Outcome::Reject),
                Ok(None) | Err(_) => note(Reason::IdentityUnverifiable { check }, Outcome::Review),
            }
        }
        for &signal in Signal::ALL {
            if result.signals.is_raised(signal) != Some(true) {
                continue;
            }
            let severity = match self.signal_actions.get(signal) {
                SignalAction::Ignore => continue,
                SignalAction::Review => Outcome::Review,
                SignalAction::Reject => Outcome::Reject,
            };
            note(signal_reason(signal, &result.signals), severity);
        }
        for requirement in &self.required_external_checks {
            if let Some(reason) = requirement.unmet(
                &result.external_checks,
                &self.external_check_passing_statuses,
            ) {
                note(reason, Outcome::from(requirement.severity));
            }
        }
        if result.request_id_mismatch().is_some() {
            note(Reason::RequestIdMismatch, Outcome::Review);
        }
        Decision {
            outcome,
            reasons,
            age_verified,
        }
    }

    /// The expiry rule of [`Policy`]'s documentation.
    fn expiry(&self, result: &VerificationResult, on: Date) -> Option<(Reason, Outcome)> {
        let flag = result.flags.expired;
        match result.document.expiry_date() {
            Ok(Some(expires)) => {
                let grace = jiff::Span::new().days(i64::from(self.expiry_grace_days));
                // A grace period past the end of the calendar is no limit.
                let last_day = expires.checked_add(grace).unwrap_or(Date::MAX);
                if on > last_day {
                    Some((Reason::DocumentExpired, Outcome::Reject))
                } else if flag == Some(true) && on <= expires {
                    Some((Reason::ExpiryFlagDisagrees, Outcome::Review))
                } else {
                    None
                }
            }
            Ok(None) | Err(_) if flag == Some(true) => {
                Some((Reason::DocumentExpired, Outcome::Reject))
            }
            Ok(None) => None,
            Err(_) if flag == Some(false) => None,
            Err(_) => Some((Reason::ExpiryUnverifiable, Outcome::Review)),
        }
    }
}

fn worse(a: Outcome, b: Outcome) -> Outcome {
    match (a, b) {
        (Outcome::Reject, _) | (_, Outcome::Reject) => Outcome::Reject,
        (Outcome::Review, _) | (_, Outcome::Review) => Outcome::Review,
        _ => Outcome::Approve,
    }
}
