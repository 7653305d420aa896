//! The decision a backend makes on a [`VerificationResult`](crate::VerificationResult):
//! the [`Policy`] that turns it into a [`Decision`], and the checks it runs on the document
//! (the holder's age, the expiry, the identity match against what the user claimed). Only a
//! backend runs them, so they live here and not in the client-side crates.

mod age;
mod clock;
mod document_checks;
mod identity_match;
mod policy;
mod signal_rules;

pub use age::{AgeError, age_on};
pub use clock::today_utc;
pub use document_checks::{DocumentChecks, DocumentDateError};
pub use identity_match::{IdentityClaim, names_match};
pub use policy::{Decision, Policy};
pub use signal_rules::{ExternalCheckRequirement, Severity, SignalAction, SignalActions};
