#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod authentication;
mod client;
mod decide;
mod direct;
mod result_body;
mod returned_images;
mod signals;
mod stored_result;
mod verification_result;
mod verify;

pub use client::{Client, ClientBuilder};
pub use decide::{
    AgeError, Decision, DocumentChecks, DocumentDateError, ExternalCheckRequirement, IdentityClaim,
    Policy, Severity, SignalAction, SignalActions, age_on, names_match, today_utc,
};
pub use direct::V4Options;
pub use returned_images::ReturnedImages;
pub use signals::{Signal, Signals};
pub use stored_result::StoredResult;
pub use verification_result::{ApiVersion, DocumentFlags, RequestIdMismatch, VerificationResult};
pub use verify::Verified;

pub use dvs_core::internal::client_api::*;
// The response models a backend reads, and the request bodies it sends.
pub use dvs_core::{
    AuthenticationRequestV4, CountryCode, Document, DocumentStatusV3, ExternalCheck,
    ExternalCheckName, ExternalCheckStatus, FalseAcceptanceRate, FieldConfidence, FieldConfidences,
    Gender, Metadata, OverriddenSettingsV4, PersonName, RequestV3, RequestV4, ReturnedImage,
    SECRET_KEY_ENV, SecretKey, TrackStringV4,
};
