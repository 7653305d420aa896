//! # dvs-secret
//!
//! The backend half of **dvs-rs**, the Rust SDK for IDScan.net's DVS (DIVE) document and
//! selfie verification API. With a **secret key** (`sk_…`) it verifies the request id a
//! client app created, fetches stored results, verifies images directly (v3 or v4), and turns
//! a result into a decision you can act on and a summary you can show.
//!
//! The client-side half is `dvs-public` (public key). The two never share a key type: this
//! crate's [`Client`] cannot be built from a `PublicKey`.
//!
//! ## Quick start
//!
//! A backend endpoint that receives a request id from the client app:
//!
//! ```no_run
//! use dvs_secret::{Client, Outcome, Policy, RequestId, Summary};
//!
//! # async fn handler(client: &Client, id_from_app: &str) -> Result<Summary, Box<dyn std::error::Error>> {
//! // Build once at startup (reads DVS_SECRET_KEY, and DVS_BASE_URL if set), then share it.
//! // let client = Client::from_env()?;
//!
//! let id: RequestId = id_from_app.parse()?; // untrusted input: see below
//! let result = client.verify(&id).await?; // starts processing; billable; sent at most once
//! let decision = Policy::default().decide(&result); // 70 / 70 / 70, as IDScan recommends
//! if decision.outcome == Outcome::Approve {
//!     // result.document holds the document data (PII): keep it on the backend.
//! }
//! Ok(Summary::new(&result, &decision)) // no PII: safe to send back to the app
//! # }
//! ```
//!
//! ## Operations
//!
//! | method | call | notes |
//! |---|---|---|
//! | [`Client::verify`] | `POST /api/v3/Verify/{requestId}`, body `{}` | starts processing what the app uploaded; billable, at most once |
//! | [`Client::get_result`] | `GET /api/v3/Request/{requestId}/result` | idempotent: retried on timeouts and 5xx |
//! | [`Client::verify_or_recover`] | `verify`, then `get_result` if Verify's answer was lost | never re-sends Verify |
//! | [`Client::verify_v3`] | `POST /api/v3/Verify` | direct: the backend sends the images |
//! | [`Client::verify_v4`] | `POST /api/v4/verify?returnRequest&returnContent` | direct, v4 body and options |
//!
//! Every operation returns the same normalized [`VerificationResult`] (scores as
//! [`Confidence`], `-1` "not available" scores as `None`, nullable flags as `Option<bool>`),
//! with the response body kept byte for byte in
//! [`raw_json`](VerificationResult::raw_json) for audit.
//!
//! Direct verification, v4:
//!
//! ```no_run
//! use dvs_secret::{Client, DocumentType, Image, OverriddenSettingsV4, RequestV4, V4Options};
//! # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
//! let request = RequestV4::new(DocumentType::Passport)
//!     .front(Image::from_path("passport.jpg")?)
//!     .selfie(Image::from_path("selfie.jpg")?)
//!     .overridden_settings(OverriddenSettingsV4::new().is_face_match_enabled(true));
//! let result = client.verify_v4(&request, V4Options::new()).await?;
//! println!("document {:?}, face {:?}", result.document_confidence, result.face_match_confidence);
//! # Ok(()) }
//! ```
//!
//! and v3:
//!
//! ```no_run
//! use dvs_secret::{Client, DocumentType, Image, RequestV3};
//! # async fn run(client: Client) -> Result<(), Box<dyn std::error::Error>> {
//! let request = RequestV3::new(DocumentType::Id)
//!     .front(Image::from_path("front.jpg")?)
//!     .back(Image::from_path("back.jpg")?);
//! let result = client.verify_v3(&request).await?;
//! # let _ = result; Ok(()) }
//! ```
//!
//! Fetching a stored result:
//!
//! ```no_run
//! # async fn run(client: dvs_secret::Client, id: dvs_secret::RequestId) -> dvs_secret::Result<()> {
//! let stored = client.get_result(&id).await?;
//! if let Some(result) = &stored.result {
//!     println!("verified; anti-spoofing {:?}", result.anti_spoofing_confidence);
//! }
//! # Ok(()) }
//! ```
//!
//! ## At most once: Verify is billable
//!
//! DVS has no idempotency key, and each Verify may be billed. So the client **never re-sends
//! a Verify automatically once it may have reached the server**: not after a timeout, not
//! after a dropped connection, not after a 5xx. It re-sends only when the request provably
//! was not received (the connection could not be made) or DVS said to come back (429 or 503
//! with `Retry-After`). Reads ([`Client::get_result`]) are retried on timeouts and 5xx within
//! the [`RetryPolicy`].
//!
//! That leaves one ambiguous case: the call was sent and no answer came back
//! ([`Error::Timeout`], [`Error::Transport`], a gateway's 502/504). DVS may have processed
//! it. The recovery path is to **look the result up, not to verify again**:
//!
//! - [`Client::verify_or_recover`] does it for you: after such an error it calls
//!   [`Client::get_result`] once and returns [`Verified::Recovered`] with the stored result;
//! - a second Verify of the same id is answered with `RequestAlreadyProcessed`
//!   ([`Error::AlreadyProcessed`]): treat it the same way (look the result up);
//!   `verify_or_recover` does;
//! - if no result is stored yet, DVS may still be processing the lost call: call
//!   `get_result` again a few seconds later.
//!
//! ```no_run
//! use std::time::Duration;
//! use dvs_secret::{Client, RequestId};
//! # async fn run(client: Client, id: RequestId) -> dvs_secret::Result<()> {
//! let result = match client.verify_or_recover(&id).await {
//!     Ok(verified) => verified.into_result(),
//!     Err(e) if e.outcome_unknown() => loop {
//!         // Still unknown: poll the (free, idempotent) result endpoint, never Verify.
//!         tokio::time::sleep(Duration::from_secs(5)).await;
//!         if let Some(result) = client.get_result(&id).await?.result {
//!             break result;
//!         }
//!     },
//!     Err(e) => return Err(e),
//! };
//! # let _ = result; Ok(()) }
//! ```
//!
//! Direct verification ([`Client::verify_v3`], [`Client::verify_v4`]) follows the same
//! rule, but has no request id to look up before the answer arrives: after an ambiguous
//! error, check the DVS portal before sending again.
//!
//! ## Errors: "retake the photo" or "fix the integration"
//!
//! [`Error`] tells the cases apart. Document failures (`OCRError`, `PDF417Error`,
//! `MRZOCRError`, `FaceDocNotDetectError`, `FacePhotoNotDetectError`, `AntiSpoofing`, …)
//! are [`Error::DocumentRejected`]; invalid requests (`ValidationError`,
//! `FrontImageRequiredError`, …) are [`Error::Validation`]; a refused key is
//! [`Error::Auth`]. The DVS code is [`Error::code`], the server's trace id
//! [`Error::trace_id`].
//!
//! ```no_run
//! use dvs_secret::{Client, Error, ErrorCode, RequestId};
//! # async fn run(client: Client, id: RequestId) {
//! match client.verify(&id).await {
//!     Ok(result) => { let _ = result; }
//!     Err(e) if e.is_document_failure() => {
//!         // Tell the user to retake the photo; e.code() says which step failed.
//!         let _retake_back = e.code() == Some(&ErrorCode::Pdf417Error);
//!     }
//!     Err(Error::Expired(_)) => { /* the user must start again */ }
//!     Err(e @ (Error::Validation(_) | Error::Auth(_) | Error::Decode { .. })) => {
//!         // Our integration is wrong: alert the team, quote e.trace_id() to IDScan.
//!         eprintln!("DVS integration error: {e}");
//!     }
//!     Err(e) => eprintln!("try again later: {e}"),
//! }
//! # }
//! ```
//!
//! Error messages never quote a response body, a key, document data or images, so they
//! are safe to log.
//!
//! ## A request id from an untrusted client
//!
//! In the enhanced flow the request id reaches your backend from a browser or an app, so
//! treat it as attacker-controlled:
//!
//! 1. **Parse it strictly** with [`RequestId`]: only a canonical UUID is accepted, which also
//!    makes it safe to put in a URL path. Answer a parse error with a plain 400.
//! 2. **Bind it to the user.** A request id is a bearer token for a result full of PII, and
//!    your backend did not see it being created. Accept one id per verification attempt of
//!    the signed-in user, store it with that user *before* calling Verify, and refuse an id
//!    that is already stored for anyone (a replay).
//! 3. **Verify once.** Call [`Client::verify`] (or `verify_or_recover`) once per stored id.
//!    An [`Error::AlreadyProcessed`] for an id you have not verified yourself means it was
//!    verified elsewhere: refuse it rather than adopting its stored result
//!    ([`Verified::Recovered`] with that cause tells you so).
//! 4. **Check the content.** The client app chose the images: compare the document data
//!    (name, date of birth) with what the user told you, and require the face match
//!    ([`Policy::require_face_match`], on by default).
//! 5. **Answer with a [`Summary`] only.** It holds the outcome, machine-readable reasons and
//!    scores, and no document data. Never forward the [`VerificationResult`], its raw JSON,
//!    or DVS's error messages to the client.
//! 6. **Rate-limit the endpoint** per user: every Verify may be billed.
//!
//! ```no_run
//! use dvs_secret::{Client, Error, Policy, RequestId, Summary, Verified};
//!
//! /// What the backend answers the app: a summary, or a reason without details.
//! enum Answer { Summary(Summary), BadRequest, Retake, TryLater }
//!
//! # trait Store { fn claim(&self, user: &str, id: &RequestId) -> bool; }
//! async fn on_request_id(client: &Client, store: &impl Store, user: &str, text: &str) -> Answer {
//!     let Ok(id) = RequestId::parse(text) else { return Answer::BadRequest };
//!     // Record the id for this user; false if any user (this one included) used it before.
//!     if !store.claim(user, &id) {
//!         return Answer::BadRequest;
//!     }
//!     let result = match client.verify_or_recover(&id).await {
//!         Ok(Verified::Recovered { cause: Error::AlreadyProcessed(_), .. }) => {
//!             return Answer::BadRequest; // verified before it was claimed: not ours
//!         }
//!         Ok(verified) => verified.into_result(),
//!         Err(e) if e.is_document_failure() => return Answer::Retake,
//!         Err(_) => return Answer::TryLater,
//!     };
//!     let decision = Policy::default().decide(&result);
//!     Answer::Summary(Summary::new(&result, &decision))
//! }
//! ```
//!
//! ## Policy, decision and summary
//!
//! DVS returns scores, not a verdict. A [`Policy`] holds your thresholds (defaults 70 / 70 /
//! 70 for document, face match and anti-spoofing, as IDScan recommends; reject expired
//! documents; require the face scores) and turns a [`VerificationResult`] into a
//! [`Decision`]: [`Outcome::Approve`], [`Outcome::Review`] or [`Outcome::Reject`], with a
//! machine-readable [`Reason`] for every check that did not pass.
//!
//! ```
//! use dvs_secret::{Check, Confidence, Outcome, Policy, Reason, Summary, VerificationResult};
//!
//! let body = br#"{
//!   "requestId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
//!   "document": { "fullName": "JANE Q SAMPLE" },
//!   "documentVerificationResult": { "documentConfidence": 92, "isDocumentExpired": false },
//!   "faceMatchVerificationResult": { "faceMatchConfidence": 64, "falseAcceptanceRate": 0.0 },
//!   "antiSpoofingVerificationResult": { "antiSpoofingFaceImageConfidence": 95 }
//! }"#;
//! let result = VerificationResult::parse_v4(body.to_vec().into())?;
//! let policy = Policy::default().with_min_face_match(Confidence::new(70).unwrap());
//! let decision = policy.decide(&result);
//! assert_eq!(decision.outcome, Outcome::Review); // 64 is within the review margin of 70
//! assert_eq!(decision.reasons[0].check(), Check::FaceMatch);
//!
//! let summary = serde_json::to_string(&Summary::new(&result, &decision))?;
//! assert!(summary.contains(r#""outcome":"review""#));
//! assert!(!summary.contains("SAMPLE")); // no document data
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! ## Testing
//!
//! Point the client at a local server with `.base_url("http://127.0.0.1:…/")` (plain HTTP is
//! accepted for loopback hosts only), for example a `wiremock` server or `dvs-mock`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod client;
mod direct;
mod result_body;
mod stored_result;
mod verify;

pub use client::Client;
pub use direct::V4Options;
pub use stored_result::StoredResult;
pub use verify::Verified;

pub use dvs_core::http::{ClientBuilder, Transport};
pub use dvs_core::retry::RetryPolicy;
pub use dvs_core::{
    ApiErrorInfo, ApiVersion, BodyKind, Check, Confidence, Decision, Document, DocumentFlags,
    DocumentType, Error, ErrorBody, ErrorCode, ExternalCheck, FalseAcceptanceRate, FieldConfidence,
    FieldConfidences, Image, ImageError, ImageFormat, KeyError, Metadata, Outcome,
    OverriddenSettingsV3, OverriddenSettingsV4, Policy, Reason, RequestId, RequestIdError,
    RequestStatus, RequestV3, RequestV4, Result, SECRET_KEY_ENV, Scores, SecretKey, SensitiveText,
    Summary, TrackStringV4, VerificationResult,
};
