//! # dvs-mock
//!
//! An offline, stateful mock of IDScan.net's DVS (DIVE) identity-verification API, for
//! demos, tests and CI — the way `stripe-mock` is for Stripe. IDScan offers no sandbox;
//! with this you can test an integration without spending real verifications. It runs on
//! loopback, issues its own keys, keeps the request lifecycle (create → verify → result),
//! validates bodies like the reference says the real server does, and plays deterministic
//! [`Scenario`]s. All document data is about one fictional person ([`synthetic_person`]).
//!
//! ## Quick start: in your test suite
//!
//! ```
//! use dvs_mock::{MockDvs, Scenario};
//!
//! #[tokio::main] // in a test: #[tokio::test]
//! async fn main() {
//!     let mock = MockDvs::start().await; // loopback, fresh pk_/sk_ keys
//!     let (base_url, pk, sk) = (mock.base_url(), mock.public_key(), mock.secret_key());
//!     mock.push_next_scenario(Scenario::FaceMismatch); // optional: steer the next call
//!     // … point the code under test at base_url with pk / sk and run it …
//!     # let _ = (base_url, pk, sk);
//!     assert!(mock.received().iter().all(|sent| sent.status != 401));
//! }
//! ```
//!
//! With the dvs-rs clients (crates `dvs-public` and `dvs-secret`), the mock's base URL and
//! keys go straight into their builders:
//!
//! ```ignore
//! let app = dvs_public::Client::builder(mock.public_key()).base_url(mock.base_url()).build()?;
//! let backend = dvs_secret::Client::builder(mock.secret_key()).base_url(mock.base_url()).build()?;
//! ```
//!
//! For other languages, run the binary: `cargo run -p dvs-mock -- --port 8080` prints
//! `DVS_BASE_URL=…`, `DVS_PUBLIC_KEY=…` and `DVS_SECRET_KEY=…` (keys of that mock only).
//!
//! ## What it serves
//!
//! | call | key | answers |
//! |---|---|---|
//! | `POST /api/v3/Request` | public **or secret** | `{requestId, documentType, status: 0}`; the request is stored, pending |
//! | `POST /api/v3/Verify/{requestId}` | secret | the v3 result; `404 NotFound` for an unknown id, `400 RequestAlreadyProcessed` the second time, `400 RequestExpired` after the expiry time |
//! | `GET /api/v3/Request/{requestId}/result` | secret | `{verificationResult, request: {id, documentType, status, created, content}}`; `verificationResult` is `null` until verified |
//! | `POST /api/v3/Verify` | secret | the v3 result (direct flow) |
//! | `POST /api/v4/verify?returnRequest=&returnContent=` | secret | the v4 result; `requestData` (the body as sent) and `content` (the images as sent) on request |
//! | anything else | — | `404 NotFound`; a known path with the wrong method gets `405` |
//!
//! Paths and JSON property names match in any casing (ASP.NET binds them
//! case-insensitively); `documentType` may be an integer or a name (`1`, `"1"`, `"ID"`,
//! `"Passport"` …). Stored `request.status` reads `"Pending"`, `"Success"`, `"Failed"` or
//! `"Expired"`. A v4 request's stored result is the v4 body Verify answered.
//!
//! ### Keys
//!
//! - Missing header, not `Bearer <key>`, or a key that is not this mock's → `401` with the
//!   DVS error body (`code: "Unauthorized"`).
//! - The **public key on a secret-only endpoint → `401`, not `403`**: DVS documents no `403`
//!   and its official sample backend handles `401` only. The message says a secret key is
//!   needed.
//! - The **secret key may create requests** (`POST /api/v3/Request`): IDScan documents the
//!   secret key as having "full access to every endpoint". Client-side code must still use
//!   the public key; the mock records which one was sent ([`ReceivedRequest::key_kind`]) so a
//!   test can assert it.
//!
//! ### Validation (`400`)
//!
//! - `ValidationError` with `propertyErrors` (field → message) for: a body that is not a
//!   JSON object; unknown field names (also inside `overriddenSettings`, `metadata` and the
//!   v4 `trackString`); a name given twice in different casings; wrong JSON types; a missing
//!   or unknown `documentType`; image text that is not base64, has a `data:` URI prefix, or
//!   does not decode to JPEG, PNG or WEBP; a missing selfie when face matching is asked for
//!   (`verifyFace` / `isFaceMatchEnabled` / `faceVerification` true, or document type 10).
//!   An empty image string counts as absent.
//! - `FrontImageRequiredError` when the document type has a front, OCR is on (the default)
//!   and `frontImageBase64` is absent.
//! - `BackImageOrTrackStringNotPresentError` when the type reads a back (ID, passport card,
//!   green card, employment authorization, barcode), back processing is on (the default) and
//!   neither `backOrSecondImageBase64` nor `trackString` is given.
//!
//! Every error body has `code`, `message`, `propertyErrors`, `multipleErrors` and a fresh
//! `traceId`.
//!
//! ## Scenarios
//!
//! | name | effect |
//! |---|---|
//! | `approved` (default) | 200; document 96, face 97, anti-spoofing 98 |
//! | `low-document-confidence` | 200; document 40 |
//! | `face-mismatch` | 200; face match 20, FAR 0.35 |
//! | `spoofed-selfie` | 200; anti-spoofing 10 (v4 `isSuspiciousPhoto: true`) |
//! | `expired-document` | 200; v4 `isDocumentExpired: true`; both versions document 45 and `document.expires` `2020-01-31` (v3 has no expiry flag, so a v3 client sees a low document confidence) |
//! | `ocr-error` / `pdf417-error` / `face-doc-not-detect` | `400 OCRError` / `PDF417Error` / `FaceDocNotDetectError` |
//! | `server-error` | `500 ApiError` with a `traceId` |
//! | `rate-limited` | `429` with `Retry-After: 1` ([`MockDvsBuilder::retry_after`]) |
//! | `slow` | approved, answered after 2 s ([`MockDvsBuilder::slow_delay`]) |
//!
//! Face scores appear only when a selfie was sent (and face matching was not turned off);
//! without one the face sections are `null`, as on the real service.
//!
//! How a call's scenario is chosen, first match wins:
//!
//! 1. [`MockDvs::push_next_scenario`]: consumed by the next call that passes the key check,
//!    whatever its endpoint.
//! 2. A marker in the payload: `dvs-mock-scenario=<name>` anywhere in `userAgent` or
//!    `captureMethod` (v3) or `metadata.userAgent` / `metadata.captureMethod` (v4), so a
//!    demo or a client in any language can pick one. An unknown name is a
//!    `400 ValidationError` on that field.
//! 3. For `POST /api/v3/Verify/{requestId}`: the scenario chosen (by 1 or 2) when the
//!    request was created — the create call stores it, the verify call plays it.
//! 4. The default scenario ([`MockDvsBuilder::default_scenario`],
//!    [`MockDvs::set_default_scenario`]).
//!
//! `server-error` and `rate-limited` answer instead of processing, on whatever call they are
//! chosen for; a created request then stays pending, so a retried Verify still works.
//! Document failures (`ocr-error` …) are answered by the call that processes: Verify in the
//! two-step flow, which then marks the request processed (`Failed`).
//!
//! ## Inspecting what was sent
//!
//! [`MockDvs::received`] lists every request with its method, path, the kind of key it
//! carried, the status answered, the scenario applied and the JSON body (images replaced by
//! a summary such as `"<JPEG image, 1234 bytes>"`; other fields, including PII, as sent).
//! `Debug` of a [`ReceivedRequest`] shows field names only.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod auth;
mod cors;
mod mock_dvs;
mod random;
mod received;
mod reply;
mod responder;
mod routes;
mod scenario;
mod state;
pub mod synthetic_person;
mod timestamp;
mod validation;
mod verification_result;

pub use dvs_core::{KeyKind, PublicKey, SecretKey};
pub use mock_dvs::{
    DEFAULT_REQUEST_EXPIRY, DEFAULT_RETRY_AFTER, DEFAULT_SLOW_DELAY, MockDvs, MockDvsBuilder,
};
pub use received::ReceivedRequest;
pub use scenario::{SCENARIO_MARKER, Scenario, UnknownScenario};
