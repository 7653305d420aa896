#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod error_kind;
mod image;
mod keys;
pub mod models;
mod multi_images;
mod policy;
mod request_id;
mod result;
pub mod retry;
mod streaming_json;
mod summary;

#[cfg(feature = "http")]
pub mod client_api;
#[cfg(feature = "http")]
pub mod http;

pub use error::{ApiErrorInfo, BodyKind, BoxError, Error};
pub use image::{Image, ImageError, ImageFormat};
pub use keys::{ApiKey, KeyError, KeyKind, PUBLIC_KEY_ENV, PublicKey, SECRET_KEY_ENV, SecretKey};
pub use models::AuthenticationRequestV4;
pub use models::{
    Confidence, CreateRequestResponse, Document, DocumentType, ErrorBody, ErrorCode, ExternalCheck,
    FalseAcceptanceRate, Field, FieldConfidence, FieldConfidences, Metadata, OverriddenSettingsV3,
    OverriddenSettingsV4, RequestStatus, RequestV3, RequestV4, SensitiveText, TrackStringV4,
};
pub use multi_images::MultiImages;
pub use policy::{Check, Decision, Outcome, Policy, Reason};
pub use request_id::{RequestId, RequestIdError};
pub use result::{ApiVersion, DocumentFlags, VerificationResult};
pub use streaming_json::{JsonChunks, StreamingJson};
pub use summary::{Scores, Summary};

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
