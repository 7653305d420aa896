//! # dvs-public
//!
//! The client-side half of IDScan.net's DVS (DIVE) **enhanced integration**: a browser, kiosk,
//! mobile or desktop app creates a verification request and uploads the ID images and a
//! selfie with the account's **public key** (`pk_…`). DVS answers with a [`RequestId`], which
//! the app hands to its backend; the backend (crate `dvs-secret`) verifies it with the secret
//! key and gets the result.
//!
//! ## Quick start
//!
//! ```no_run
//! use dvs_public::{Capture, CaptureMethod, Client, DocumentType, Image, PublicKey, VerificationRequest};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Built once, cloned freely. `Client::from_env()` reads DVS_PUBLIC_KEY instead.
//! let client = Client::new(PublicKey::new("pk_a47764c0-e3da-4300-ba2d-fdf148c011ea")?)?;
//!
//! let request = VerificationRequest::new(DocumentType::Id)
//!     .front(Image::from_path("front.jpg"))
//!     .back(Image::from_path("back.jpg"))
//!     .selfie(Image::from_path("selfie.jpg"))
//!     .capture_method(CaptureMethod::from_steps([Capture::AutoCapture; 3]))
//!     .user_agent("Mozilla/5.0 (Linux; Android 14)");
//!
//! // Checked locally first (images, required sides, selfie for face match), then uploaded.
//! let created = client.create_request(request).await?;
//!
//! // Hand the id to your backend, which calls Verify with the secret key.
//! send_to_backend(created.request_id.as_str());
//! # Ok(()) }
//! # fn send_to_backend(_: &str) {}
//! ```
//!
//! ## What the public key may and may not do
//!
//! A public key is meant to ship inside client-side code, so it can do one thing only:
//! **create a verification request** (`POST /api/v3/Request`, uploading the images). It
//! cannot start processing, read a result, or see any document data; those need the secret
//! key (`sk_…`), which must stay on your backend.
//!
//! This crate holds to that split in its types: a [`Client`] is built from a [`PublicKey`]
//! only, offers no operation that needs the secret key, and neither re-exports nor names
//! the secret key type. Handing it one does not compile:
//!
//! ```compile_fail,E0308
//! let secret = dvs_core::SecretKey::new("sk_a47764c0-e3da-4300-ba2d-fdf148c011ea").unwrap();
//! let client = dvs_public::Client::new(secret);
//! ```
//!
//! ```compile_fail,E0308
//! let secret = dvs_core::SecretKey::new("sk_a47764c0-e3da-4300-ba2d-fdf148c011ea").unwrap();
//! let client = dvs_public::Client::builder(secret).build();
//! ```
//!
//! ```compile_fail,E0432
//! use dvs_public::SecretKey;
//! ```
//!
//! while the same code with a public key compiles (so the failures above are about the key
//! type, nothing else):
//!
//! ```
//! use dvs_public::PublicKey;
//! let public = dvs_core::PublicKey::new("pk_a47764c0-e3da-4300-ba2d-fdf148c011ea").unwrap();
//! let client = dvs_public::Client::new(public.clone());
//! let client = dvs_public::Client::builder(public).build();
//! ```
//!
//! And a secret key's text is refused at run time too: `PublicKey::new("sk_…")` fails with
//! [`KeyError::SecretWherePublicExpected`].
//!
//! ## The license key is something else
//!
//! IDScan's capture library for the web (`@idscan/idvc2`) and its mobile SDKs need a
//! **license key**: a long base64 blob, bound to one domain (web) or app id (mobile); during
//! development any license key value works on `localhost`. It unlocks the camera capture
//! and barcode/MRZ reading on the device, and is **not sent to this API**: this crate never
//! asks for it. What the capture library produces (images, the decoded track string,
//! capture method digits) is what you pass to [`VerificationRequest`].
//!
//! ## Validation before any network call
//!
//! [`VerificationRequest::check`] (run by [`Client::create_request`]) refuses, with an error
//! naming the wire field: a request without any image; face match without a selfie; a
//! document read from its back (ID, passport card, green card, employment authorization)
//! without a back image or a track string; an image that is empty, not JPEG/PNG/WEBP, or
//! larger than the limit. The limit is [`DEFAULT_MAX_IMAGE_BYTES`] = **10 MiB** per image by
//! default (IDScan publishes none; its capture library produces images well under 2 MiB, and
//! 10 MiB still admits a full-resolution phone photo), configurable with
//! [`ClientBuilder::max_image_bytes`].
//!
//! ## Memory
//!
//! Each image is held once, as its raw bytes ([`Image`] is a shared byte handle; passing a
//! `Vec<u8>` or `Bytes` moves it without a copy). The JSON body is never built whole on
//! native targets: the request is serialized once with the images left out (a few hundred
//! bytes), its exact length computed, and each image's base64 encoded 64 KiB at a time while
//! the connection takes it, with that `Content-Length`. A permitted retry replays it from the
//! same shared bytes. So with `R` bytes of raw images:
//!
//! - native (the default transport): peak **`R` + a few hundred KiB** while uploading;
//! - in the browser (wasm), or with a [`Transport`] that takes the body as bytes
//!   ([`RequestBody::to_bytes`]): one buffer of exactly the body's length, **`R` + 4/3·`R`**.
//!
//! Measured (three 8 MiB images, `R` = 24 MiB): the `memory` test binary (a counting global
//! allocator) sees 0.07 MiB held above the images while streaming, and 32.0 MiB
//! (1.33·`R`) when buffered; `cargo run --release -p dvs-bench` measures peak resident
//! memory end to end (`docs/performance.md`).
//!
//! ## Retries and timeouts
//!
//! Creating a request is **not idempotent** (every POST creates a new request), so it is
//! retried only when it provably did not reach DVS (a connection that could not be made) or
//! DVS said to come back (429, or 503 with `Retry-After`). It is never re-sent after a
//! timeout or a broken connection ([`Error::Timeout`], [`Error::Transport`]: the outcome is
//! unknown), nor after a 5xx. Tune with [`ClientBuilder::retry_policy`] and
//! [`ClientBuilder::timeout`].
//!
//! ## WebAssembly
//!
//! The crate builds for `wasm32-unknown-unknown`, where reqwest uses the browser's `fetch`.
//! Differences there come from the browser: `fetch` does not tell a refused connection from
//! a later failure, so a failed send is never retried; the SDK has no timer there, so a 429
//! (or 503) with `Retry-After` is not waited out but returned at once as
//! [`Error::RateLimited`] with its [`retry_after`](Error::retry_after), for the app to
//! schedule (only `Retry-After: 0` is retried in place); the per-attempt
//! [timeout](ClientBuilder::timeout) is not applied (the browser's own limits are); and
//! `fetch` copies the body once more into JavaScript memory.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod capture_method;
mod client;
mod created_request;
mod image_input;
mod json_body;
mod verification_request;

pub use capture_method::{Capture, CaptureMethod};
pub use client::{Client, ClientBuilder};
pub use created_request::CreatedRequest;
pub use image_input::IntoImage;
pub use verification_request::VerificationRequest;

pub use dvs_core::http::{
    BASE_URL_ENV, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_IMAGE_BYTES,
    DEFAULT_TIMEOUT, HttpRequest, HttpResponse, RequestBody, ReqwestTransport, Transport,
    TransportError, TransportErrorKind,
};
pub use dvs_core::models::{ExtraFields, PropertyErrors, RawCode};
pub use dvs_core::retry::RetryPolicy;
pub use dvs_core::{
    ApiErrorInfo, BodyKind, DocumentType, Error, ErrorBody, ErrorCode, Image, ImageError,
    ImageFormat, KeyError, OverriddenSettingsV3, PUBLIC_KEY_ENV, PublicKey, RequestId,
    RequestIdError, RequestStatus, Result, SensitiveText,
};
/// What a backend forwards to the client app after Verify: no PII, only the verdict and
/// scores. Re-exported so a client can read it without depending on `dvs-secret`.
pub use dvs_core::{Check, Confidence, Outcome, Reason, Scores, Summary};
