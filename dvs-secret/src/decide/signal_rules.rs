//! What a [`Policy`](super::Policy) does with DVS's [`Signal`]s and external checks:
//! [`SignalAction`] per signal ([`SignalActions`]), and the external checks an app requires
//! ([`ExternalCheckRequirement`], with its [`Severity`]).

use dvs_core::{
    Check, ExternalCheck, ExternalCheckName, ExternalCheckStatus, Outcome, RawCode, Reason,
};
use serde::{Deserialize, Serialize};

use crate::{Signal, Signals};

/// What a policy does when a [`Signal`] is raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SignalAction {
    /// Nothing: the signal does not enter the decision.
    Ignore,
    /// At best [`Outcome::Review`].
    Review,
    /// [`Outcome::Reject`].
    Reject,
}

/// How bad a failed requirement is: [`Outcome::Review`] or [`Outcome::Reject`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Severity {
    /// At best [`Outcome::Review`].
    Review,
    /// [`Outcome::Reject`].
    Reject,
}

impl From<Severity> for Outcome {
    fn from(severity: Severity) -> Outcome {
        match severity {
            Severity::Review => Outcome::Review,
            Severity::Reject => Outcome::Reject,
        }
    }
}

/// The [`SignalAction`] of each [`Signal`]. The defaults are in [`Policy`](super::Policy)'s
/// documentation (every fraud flag and a v3 status other than `Ok` go to review; a
/// limited-duration document is ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct SignalActions {
    /// [`Signal::DataFieldsTampered`] (default review).
    pub data_fields_tampered: SignalAction,
    /// [`Signal::DocumentPhotoTampered`] (default review).
    pub document_photo_tampered: SignalAction,
    /// [`Signal::SuspiciousSelfie`] (default review).
    pub suspicious_selfie: SignalAction,
    /// [`Signal::DocumentInvalidated`] (default review).
    pub document_invalidated: SignalAction,
    /// [`Signal::AgeCheckFailed`] (default review).
    pub age_check_failed: SignalAction,
    /// [`Signal::GenderCheckFailed`] (default review).
    pub gender_check_failed: SignalAction,
    /// [`Signal::LimitedDurationDocument`] (default ignore: a legitimate kind of document).
    pub limited_duration_document: SignalAction,
    /// [`Signal::InternationalCheckFailed`] (default review).
    pub international_check_failed: SignalAction,
    /// [`Signal::DocumentStatusNotOk`] (default review).
    pub document_status_not_ok: SignalAction,
}

impl Default for SignalActions {
    fn default() -> Self {
        SignalActions {
            data_fields_tampered: SignalAction::Review,
            document_photo_tampered: SignalAction::Review,
            suspicious_selfie: SignalAction::Review,
            document_invalidated: SignalAction::Review,
            age_check_failed: SignalAction::Review,
            gender_check_failed: SignalAction::Review,
            limited_duration_document: SignalAction::Ignore,
            international_check_failed: SignalAction::Review,
            document_status_not_ok: SignalAction::Review,
        }
    }
}

impl SignalActions {
    /// The action for `signal`.
    pub fn get(&self, signal: Signal) -> SignalAction {
        *self.slot(signal)
    }

    /// Sets the action for `signal`.
    pub fn set(&mut self, signal: Signal, action: SignalAction) {
        *self.slot_mut(signal) = action;
    }

    fn slot(&self, signal: Signal) -> &SignalAction {
        match signal {
            Signal::DataFieldsTampered => &self.data_fields_tampered,
            Signal::DocumentPhotoTampered => &self.document_photo_tampered,
            Signal::SuspiciousSelfie => &self.suspicious_selfie,
            Signal::DocumentInvalidated => &self.document_invalidated,
            Signal::AgeCheckFailed => &self.age_check_failed,
            Signal::GenderCheckFailed => &self.gender_check_failed,
            Signal::LimitedDurationDocument => &self.limited_duration_document,
            Signal::InternationalCheckFailed => &self.international_check_failed,
            Signal::DocumentStatusNotOk => &self.document_status_not_ok,
        }
    }

    fn slot_mut(&mut self, signal: Signal) -> &mut SignalAction {
        match signal {
            Signal::DataFieldsTampered => &mut self.data_fields_tampered,
            Signal::DocumentPhotoTampered => &mut self.document_photo_tampered,
            Signal::SuspiciousSelfie => &mut self.suspicious_selfie,
            Signal::DocumentInvalidated => &mut self.document_invalidated,
            Signal::AgeCheckFailed => &mut self.age_check_failed,
            Signal::GenderCheckFailed => &mut self.gender_check_failed,
            Signal::LimitedDurationDocument => &mut self.limited_duration_document,
            Signal::InternationalCheckFailed => &mut self.international_check_failed,
            Signal::DocumentStatusNotOk => &mut self.document_status_not_ok,
        }
    }
}

/// The [`Reason`] a raised `signal` gives (no document data: a code, and for a v3 status its
/// integer code).
pub(super) fn signal_reason(signal: Signal, signals: &Signals) -> Reason {
    match signal {
        Signal::DataFieldsTampered => Reason::DataFieldsTampered,
        Signal::DocumentPhotoTampered => Reason::DocumentPhotoTampered,
        Signal::SuspiciousSelfie => Reason::SuspiciousSelfie,
        Signal::DocumentInvalidated => Reason::DocumentInvalidated,
        Signal::AgeCheckFailed => Reason::AgeCheckFailed,
        Signal::GenderCheckFailed => Reason::GenderCheckFailed,
        Signal::LimitedDurationDocument => Reason::LimitedDurationDocument,
        Signal::InternationalCheckFailed => Reason::InternationalCheckFailed,
        Signal::DocumentStatusNotOk => Reason::DocumentStatusNotOk {
            status: signals.document_status_code,
        },
    }
}

/// An external check the app requires, and what happens when it did not pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExternalCheckRequirement {
    /// The check, by name.
    pub name: ExternalCheckName,
    /// The outcome when it did not run or did not pass.
    pub severity: Severity,
}

impl ExternalCheckRequirement {
    /// Requires `name`, with `severity` when it did not run or did not pass.
    pub fn new(name: ExternalCheckName, severity: Severity) -> Self {
        ExternalCheckRequirement { name, severity }
    }

    /// The reason this requirement is not met by `checks`, if any. A check passes when one
    /// entry of that name reports a status in `passing`; it did not run when no entry of that
    /// name has a status other than [`ExternalCheckStatus::Disabled`].
    pub(super) fn unmet(
        &self,
        checks: &[ExternalCheck],
        passing: &[ExternalCheckStatus],
    ) -> Option<Reason> {
        let check = check_of(&self.name);
        let mut ran: Option<Option<i64>> = None;
        for entry in checks
            .iter()
            .filter(|entry| entry.check_name().as_ref() == Some(&self.name))
        {
            match entry.check_status() {
                Some(status) if passing.contains(&status) => return None,
                Some(ExternalCheckStatus::Disabled) => {}
                Some(status) => {
                    ran.get_or_insert(match status.to_raw() {
                        RawCode::Int(code) => Some(code),
                        RawCode::Text(_) => None,
                    });
                }
                // Present without a status: it ran, with nothing to count as passed.
                None => {
                    ran.get_or_insert(None);
                }
            }
        }
        Some(match ran {
            Some(status) => Reason::ExternalCheckNotPassed { check, status },
            None => Reason::ExternalCheckNotRun { check },
        })
    }
}

/// The [`Check`] of an external check's name.
fn check_of(name: &ExternalCheckName) -> Check {
    match name {
        ExternalCheckName::Address => Check::AddressValidation,
        ExternalCheckName::Dmv => Check::DmvValidation,
        ExternalCheckName::IdentiFraud => Check::IdentiFraudValidation,
        ExternalCheckName::Ofac => Check::OfacValidation,
        _ => Check::OtherExternalCheck,
    }
}
