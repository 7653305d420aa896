//! The web client of dvs-rs: [`dvs_public`] compiled to WebAssembly for the page that
//! captures the ID and the selfie with IDScan's web library (`@idscan/idvc2`).
//!
//! The page hands the library's `submit` payload, as JSON, to [`create_request`]; the
//! request is built with [`IdvcSubmit`] exactly as IDScan's own code builds it, sent to DVS
//! with the **public key**, and the new request id comes back. Any failure comes back as a
//! [`PageError`]: a [`kind`](PageError::kind) the page turns into what the user should do
//! (retake the photos, try later, start again) and a message that holds no key, image or
//! document data.
//!
//! Built by `examples/web-client/build.sh` (cargo for `wasm32-unknown-unknown`,
//! `wasm-bindgen --target web`, `wasm-opt -Oz` when installed) into
//! `examples/web-client/web/pkg/`, which the example backend serves with the page.
//!
//! This package depends on `dvs-public` only: the secret key cannot be named here.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use dvs_public::{Client, Error, IdvcSubmit, PublicKey};
use wasm_bindgen::prelude::*;

/// What the user should do about a failure: the page's message depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The photos could not be used (unreadable, refused by DVS, a required image missing):
    /// take them again.
    Retake,
    /// DVS is busy, failing or unreachable, and the request was not created: try again later.
    TryLater,
    /// The request may or may not exist (timeout, dropped connection), or it is no longer
    /// usable: start a new verification.
    StartAgain,
    /// The page is set up wrongly (public key, DVS address): nothing the user can fix.
    Setup,
}

impl ErrorKind {
    /// The kind as the page reads it (`retake`, `try_later`, `start_again`, `setup`).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Retake => "retake",
            ErrorKind::TryLater => "try_later",
            ErrorKind::StartAgain => "start_again",
            ErrorKind::Setup => "setup",
        }
    }

    /// The kind of what went wrong, by what the user can do about it.
    pub fn of(error: &Error) -> ErrorKind {
        match error {
            Error::InvalidImage { .. }
            | Error::InvalidInput { .. }
            | Error::DocumentRejected(_)
            | Error::Validation(_) => ErrorKind::Retake,
            Error::RateLimited { .. } | Error::Server(_) | Error::Connect(_) => ErrorKind::TryLater,
            Error::InvalidKey(_) | Error::Config(_) | Error::Auth(_) => ErrorKind::Setup,
            _ => ErrorKind::StartAgain,
        }
    }
}

/// A failure the page can show: what to do ([`kind`](Self::kind)), why
/// ([`message`](Self::message)), and DVS's error code when it answered with one.
///
/// Built from [`dvs_public::Error`], whose text never holds a key, an image or document
/// data.
#[wasm_bindgen]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageError {
    kind: ErrorKind,
    message: String,
    code: Option<String>,
}

#[wasm_bindgen]
impl PageError {
    /// `retake`, `try_later`, `start_again` or `setup` (see [`ErrorKind`]).
    #[wasm_bindgen(getter)]
    pub fn kind(&self) -> String {
        self.kind.as_str().to_owned()
    }

    /// What went wrong, in plain words.
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> String {
        self.message.clone()
    }

    /// DVS's error code (`BackImageOrTrackStringNotPresentError` …), when DVS sent one.
    #[wasm_bindgen(getter)]
    pub fn code(&self) -> Option<String> {
        self.code.clone()
    }
}

impl PageError {
    /// The kind of the failure.
    pub fn error_kind(&self) -> ErrorKind {
        self.kind
    }
}

impl From<Error> for PageError {
    fn from(error: Error) -> PageError {
        PageError {
            kind: ErrorKind::of(&error),
            message: error.to_string(),
            code: error.code().map(|code| code.to_string()),
        }
    }
}

/// Builds the request from the library's `submit` payload without sending it, as IDScan's
/// `prepareRequestDataForDiveApi` does: the user agent and capture method come from the
/// payload's `metaData`, which the library fills from `navigator.userAgent`.
pub fn request_from_submit(submit_json: &[u8]) -> Result<dvs_public::VerificationRequest, Error> {
    IdvcSubmit::from_json(submit_json)?.into_request()
}

/// A client for DVS at `base_url` with `public_key`.
pub fn client(public_key: &str, base_url: &str) -> Result<Client, Error> {
    Client::builder(PublicKey::new(public_key.to_owned())?)
        .base_url(base_url.to_owned())
        .build()
}

/// Creates a verification request on DVS from the library's `submit` payload (its
/// `JSON.stringify`) with the public key, and resolves to the new request id.
///
/// Rejects with a [`PageError`]. The request is sent at most once, as
/// [`Client::create_request`] sends it: after a timeout the page asks the user to start again
/// rather than sending it twice.
#[wasm_bindgen(js_name = createRequest)]
pub async fn create_request(
    public_key: String,
    base_url: String,
    submit_json: String,
) -> Result<String, PageError> {
    let client = client(&public_key, &base_url)?;
    let request = request_from_submit(submit_json.as_bytes())?;
    let created = client.create_request(request).await?;
    Ok(created.request_id.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_that_is_not_json_is_a_retake_without_its_content() {
        let error = PageError::from(request_from_submit(b"{\"steps\": [sk_live").unwrap_err());
        assert_eq!(error.error_kind(), ErrorKind::Retake);
        assert!(!error.message().contains("sk_live"), "{}", error.message());
    }

    #[test]
    fn a_library_payload_builds_a_request_that_passes_the_local_checks() {
        let payload = include_bytes!("../../../tests/idvc/payloads/dl-barcode-selfie-webp.json");
        let request = request_from_submit(payload).unwrap();
        request.check(dvs_public::DEFAULT_MAX_IMAGE_BYTES).unwrap();
        assert!(request.image_bytes() > 0);
    }

    #[test]
    fn a_secret_key_given_as_the_public_key_is_a_setup_error_that_does_not_repeat_it() {
        let error = PageError::from(
            client(
                "sk_5c1e4f1a-9b2d-4e6f-8a3b-0c7d9e1f2a3b",
                "http://127.0.0.1:1/",
            )
            .unwrap_err(),
        );
        assert_eq!(error.error_kind(), ErrorKind::Setup);
        assert!(
            !error.message().contains("5c1e4f1a-9b2d"),
            "{}",
            error.message()
        );
    }

    #[test]
    fn a_refusal_by_dvs_and_a_lost_answer_ask_for_different_things() {
        assert_eq!(ErrorKind::of(&Error::Timeout), ErrorKind::StartAgain);
        assert_eq!(ErrorKind::of(&Error::Config("x".into())), ErrorKind::Setup);
    }

    /// The bundle's lock file picks `idna_adapter` 1.0 (Cargo.toml): ASCII host names, IP
    /// addresses and punycode parse, a non-ASCII host name is a setup error, not a panic.
    #[test]
    fn ascii_hosts_parse_and_a_non_ascii_host_is_a_setup_error() {
        let key = "pk_0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21";
        for base_url in [
            "https://dvs2.idscan.net/",
            "https://DVS2.IDScan.NET/api/",
            "http://localhost:8080/",
            "http://127.0.0.1:18765/",
            "http://[::1]:18765/",
            "https://xn--bcher-kva.example/",
        ] {
            client(key, base_url).unwrap_or_else(|error| panic!("{base_url}: {error}"));
        }
        let error = PageError::from(client(key, "https://bücher.example/").unwrap_err());
        assert_eq!(error.error_kind(), ErrorKind::Setup);
    }
}
