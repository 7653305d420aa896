//! What both client crates (`dvs-public`, `dvs-secret`) re-export, listed once so the two
//! look alike to their users: each says `pub use dvs_core::internal::client_api::*;` and adds
//! its own key type and operations. Everything a user needs to configure a client, plug in a
//! [`Transport`], read an [`Error`] or show a [`Summary`] is here, so neither crate's users
//! need a direct `dvs-core` dependency.

pub use crate::{
    ApiErrorInfo, AttemptOutcome, BASE_URL_ENV, BodyKind, Bytes, Check, Confidence,
    DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IMAGE_BYTES, DEFAULT_TIMEOUT, Date,
    DateError, DateProblem, DocumentType, Error, ErrorBody, ErrorCode, ExtraFields, Field,
    HttpRequest, HttpResponse, Image, ImageError, ImageFormat, KeyError, Method, MultiImages,
    Outcome, OverriddenSettingsV3, PropertyErrors, RawCode, Reason, RequestBody, RequestId,
    RequestIdError, RequestStatus, ReqwestTransport, Result, RetryPolicy, Scores, SensitiveText,
    Summary, Transport, TransportError, TransportErrorKind, async_trait, header, read_date,
};
