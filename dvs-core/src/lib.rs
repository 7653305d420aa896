//! # dvs-core
//!
//! The shared foundation of **dvs-rs**, the Rust SDK for IDScan.net's DVS (DIVE) document and
//! selfie verification API: wire models, API keys, request ids, images, the normalized
//! [`VerificationResult`], the [`Policy`] that turns it into a [`Decision`], the [`Error`]
//! type, and (feature `http`, on by default) the HTTP engine both clients run on.
//!
//! Most users depend on `dvs-public` (client side, public key) or `dvs-secret` (backend,
//! secret key), which re-export what they need from here.
//!
//! ## Quick start
//!
//! ```
//! use dvs_core::{Policy, VerificationResult, Outcome};
//!
//! // A v4 response body, as the backend receives it from DVS.
//! let body = br#"{
//!   "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
//!   "documentVerificationResult": { "documentConfidence": 92, "isDocumentExpired": false },
//!   "faceMatchVerificationResult": { "faceMatchConfidence": 88, "falseAcceptanceRate": 0.0 },
//!   "antiSpoofingVerificationResult": { "antiSpoofingFaceImageConfidence": 95 }
//! }"#;
//! let result = VerificationResult::parse_v4(body.to_vec().into())?;
//! let decision = Policy::default().decide(&result);
//! assert_eq!(decision.outcome, Outcome::Approve);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! ## Principles
//!
//! - **Strict on what we send, lenient on what we read.** Keys, request ids and images are
//!   validated before any network call; responses tolerate unknown fields, unknown enum
//!   values, `null` flags and `-1` scores.
//! - **Nothing sensitive in output.** Keys, SSNs, document data and images never appear in
//!   `Debug`, `Display` or error messages.
//! - **At most once for billable calls.** See [`retry`].
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod image;
mod keys;
pub mod models;
mod policy;
mod request_id;
mod result;
pub mod retry;
mod streaming_json;
mod summary;

#[cfg(feature = "http")]
pub mod http;

pub use error::{ApiErrorInfo, BodyKind, BoxError, Error};
pub use image::{Image, ImageError, ImageFormat};
pub use keys::{ApiKey, KeyError, KeyKind, PUBLIC_KEY_ENV, PublicKey, SECRET_KEY_ENV, SecretKey};
pub use models::{
    Confidence, CreateRequestResponse, Document, DocumentType, ErrorBody, ErrorCode, ExternalCheck,
    FalseAcceptanceRate, FieldConfidence, FieldConfidences, Metadata, OverriddenSettingsV3,
    OverriddenSettingsV4, RequestStatus, RequestV3, RequestV4, SensitiveText, TrackStringV4,
};
pub use policy::{Check, Decision, Outcome, Policy, Reason};
pub use request_id::{RequestId, RequestIdError};
pub use result::{ApiVersion, DocumentFlags, VerificationResult};
pub use streaming_json::{JsonChunks, StreamingJson};
pub use summary::{Scores, Summary};

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
