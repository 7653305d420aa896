#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod age;
mod clock;
mod error;
mod error_kind;
mod identity_match;
mod image;
mod keys;
pub mod models;
mod multi_images;
mod policy;
mod request_id;
mod result;
pub mod retry;
mod returned_images;
mod streaming_json;
mod summary;

#[cfg(feature = "http")]
pub mod client_api;
#[cfg(feature = "http")]
pub mod http;

pub use age::{AgeError, age_on};
pub use clock::today_utc;
pub use error::{ApiErrorInfo, BodyKind, BoxError, Error};
pub use identity_match::{IdentityClaim, names_match};
pub use image::{Image, ImageError, ImageFormat};
pub use keys::{ApiKey, KeyError, KeyKind, PUBLIC_KEY_ENV, PublicKey, SECRET_KEY_ENV, SecretKey};
pub use models::AuthenticationRequestV4;
pub use models::{
    Confidence, CountryCode, CreateRequestResponse, Date, DateError, Document, DocumentDateError,
    DocumentType, ErrorBody, ErrorCode, ExternalCheck, FalseAcceptanceRate, Field, FieldConfidence,
    FieldConfidences, Gender, Metadata, OverriddenSettingsV3, OverriddenSettingsV4, PersonName,
    RequestStatus, RequestV3, RequestV4, SensitiveText, TrackStringV4,
};
pub use multi_images::MultiImages;
pub use policy::{Check, DateProblem, Decision, Outcome, Policy, Reason};
pub use request_id::{RequestId, RequestIdError};
pub use result::{ApiVersion, DocumentFlags, RequestIdMismatch, VerificationResult};
pub use returned_images::{ReturnedImage, ReturnedImages};
pub use streaming_json::{JsonChunks, StreamingJson};
pub use summary::{Scores, Summary};

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
