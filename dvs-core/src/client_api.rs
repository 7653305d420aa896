//! What every client crate (`dvs-public`, `dvs-secret`) re-exports, listed once so the two
//! look alike to their users.
//!
//! Each client crate says `pub use dvs_core::client_api::*;` and adds its own key type and
//! operations. Everything a user needs to configure a client, plug in a [`Transport`], read
//! an [`Error`] or show a [`Summary`] is here, so neither crate's users need a direct
//! `dvs-core` dependency.
//!
//! A transport of your own, written with these names only:
//!
//! ```
//! use dvs_core::client_api::{
//!     Bytes, HttpRequest, HttpResponse, Transport, TransportError, async_trait, header,
//! };
//!
//! /// Answers every call with `503`, e.g. to test how an app handles an outage.
//! #[derive(Debug)]
//! struct Outage;
//!
//! #[async_trait]
//! impl Transport for Outage {
//!     async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
//!         Ok(HttpResponse::new(503, header::HeaderMap::new(), Bytes::new()))
//!     }
//! }
//! # let _ = Outage;
//! ```

pub use crate::http::{
    BASE_URL_ENV, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IMAGE_BYTES,
    DEFAULT_TIMEOUT, HttpRequest, HttpResponse, Method, RequestBody, ReqwestTransport, Transport,
    TransportError, TransportErrorKind, header,
};
pub use crate::models::{Date, DateError, ExtraFields, Field, PropertyErrors, RawCode, read_date};
pub use crate::retry::RetryPolicy;
pub use crate::{
    ApiErrorInfo, BodyKind, Check, Confidence, DocumentType, Error, ErrorBody, ErrorCode, Image,
    ImageError, ImageFormat, KeyError, MultiImages, Outcome, OverriddenSettingsV3, Reason,
    RequestId, RequestIdError, RequestStatus, Result, Scores, SensitiveText, Summary,
};
/// The attribute a [`Transport`] implementation is written with (from `async-trait`;
/// `#[async_trait(?Send)]` when compiling for the browser, where the trait is not `Send`).
pub use async_trait::async_trait;
/// The byte buffer of [`HttpResponse`] bodies (from `bytes`).
pub use bytes::Bytes;
