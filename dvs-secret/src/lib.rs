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
pub use dvs_core::client_api::*;
pub use dvs_core::{
    ApiVersion, Decision, Document, DocumentFlags, ExternalCheck, FalseAcceptanceRate,
    FieldConfidence, FieldConfidences, Metadata, OverriddenSettingsV4, Policy, RequestIdMismatch,
    RequestV3, RequestV4, ReturnedImage, ReturnedImages, SECRET_KEY_ENV, SecretKey, TrackStringV4,
    VerificationResult,
};
