#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod error_kind;
mod image;
mod keys;
mod models;
mod multi_images;
mod outcome;
mod reason;
mod request_id;
mod retry;
mod streaming_json;
mod summary;

#[cfg(feature = "http")]
mod http;

#[doc(hidden)]
pub mod internal;

pub use error::{ApiErrorInfo, BodyKind, BoxError, Error};
pub use image::{Image, ImageError, ImageFormat};
pub use keys::{ApiKey, KeyError, KeyKind, PUBLIC_KEY_ENV, PublicKey, SECRET_KEY_ENV, SecretKey};
pub use models::{
    AntiSpoofingVerificationV4, AuthenticationRequestV4, Confidence, CountryCode, CountryCodeError,
    CreateRequestResponse, Date, DateError, Document, DocumentStatusV3, DocumentType,
    DocumentVerificationV3, DocumentVerificationV4, ErrorBody, ErrorCode, ExternalCheck,
    ExternalCheckName, ExternalCheckStatus, ExtraFields, FaceMatchVerificationV4,
    FaceVerificationV3, FalseAcceptanceRate, Field, FieldConfidence, FieldConfidences, Gender,
    Metadata, OpaqueJson, OverriddenSettingsV3, OverriddenSettingsV4, PersonName, PropertyErrors,
    RawCode, RequestStatus, RequestV3, RequestV4, ResponseV3, ResponseV4, ReturnedImage,
    SensitiveText, Skipped, TrackStringV4, read_date,
};
pub use multi_images::MultiImages;
pub use outcome::Outcome;
pub use reason::{Check, DateProblem, Reason};
pub use request_id::{RequestId, RequestIdError};
pub use retry::{AttemptOutcome, Idempotency, RetryPolicy, parse_retry_after};
pub use summary::{Scores, Summary};

/// The attribute a [`Transport`] implementation is written with (from `async-trait`;
/// `#[async_trait(?Send)]` when compiling for the browser, where the trait is not `Send`).
#[cfg(feature = "http")]
pub use async_trait::async_trait;
/// The byte buffer of [`HttpResponse`] bodies (from `bytes`).
#[cfg(feature = "http")]
pub use bytes::Bytes;
#[cfg(feature = "http")]
pub use http::{
    BASE_URL_ENV, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IMAGE_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, HttpRequest, HttpResponse, Method, RequestBody,
    ReqwestTransport, Transport, TransportError, TransportErrorKind, header,
};

/// A `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
