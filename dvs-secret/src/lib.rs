#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod authentication;
mod client;
mod direct;
mod result_body;
mod stored_result;
mod verify;

pub use client::{Client, ClientBuilder};
pub use direct::V4Options;
pub use stored_result::StoredResult;
pub use verify::Verified;

pub use dvs_core::AuthenticationRequestV4;
// The document checks a backend runs with its `Policy`: ages, dates, countries, the identity
// match against what the user typed.
pub use dvs_core::client_api::*;
pub use dvs_core::{
    AgeError, CountryCode, DateProblem, DocumentDateError, Gender, IdentityClaim, PersonName,
    age_on, names_match, today_utc,
};
pub use dvs_core::{
    ApiVersion, Decision, Document, DocumentFlags, ExternalCheck, FalseAcceptanceRate,
    FieldConfidence, FieldConfidences, Metadata, OverriddenSettingsV4, Policy, RequestIdMismatch,
    RequestV3, RequestV4, ReturnedImage, ReturnedImages, SECRET_KEY_ENV, SecretKey, TrackStringV4,
    VerificationResult,
};
