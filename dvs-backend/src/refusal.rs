//! [`Refusal`]: every answer other than a summary, with its HTTP status, a stable code and a
//! message of ours (never DVS's text, never PII).

use std::fmt;
use std::time::Duration;

use dvs_secret::Error;

/// Why a verification was not answered with a summary.
///
/// What each kind answers, and what the client app should do:
///
/// | kind | status | code | |
/// |---|---:|---|---|
/// | `MalformedBody` | 400 | `malformed_body` | final: fix the request |
/// | `UnsupportedMediaType` | 415 | `unsupported_media_type` | final: send JSON |
/// | `BodyTooLarge` | 413 | `body_too_large` | final |
/// | `InvalidRequestId` | 400 | `invalid_request_id` | final |
/// | `InvalidClaim` | 400 | `invalid_claim` | final: fix the date of birth |
/// | `NotSignedIn` | 401 | `not_signed_in` | final: sign in first |
/// | `AlreadyProcessed` | 409 | `already_processed` | final, a **replay**: another user's id, or one verified elsewhere |
/// | `TooManyVerifications` | 429 | `too_many_verifications` | retryable, after `Retry-After` |
/// | `UnknownRequest` | 404 | `unknown_request` | final: start a new verification |
/// | `RequestExpired` | 410 | `request_expired` | final: start a new verification |
/// | `DocumentRejected` | 422 | `document_rejected` | final for this id: retake the photos |
/// | `InvalidSubmission` | 422 | `invalid_submission` | final for this id |
/// | `DvsBusy` | 503 | `dvs_busy` | retryable |
/// | `DvsFailed` | 502 | `dvs_failed` | retryable |
/// | `DvsUnreachable` | 503 | `dvs_unreachable` | retryable |
/// | `DvsTimeout` | 504 | `dvs_timeout` | retryable (the outcome is looked up, never sent twice) |
/// | `BackendMisconfigured` | 500 | `backend_misconfigured` | retryable once the backend is fixed |
/// | `VerificationPending` | 503 | `verification_pending` | retryable, after `Retry-After` |
/// | `BackendUnavailable` | 503 | `backend_unavailable` | retryable |
///
/// "Final" answers are kept for the id where they concern it: the same user's retry gets
/// the same answer with no call to DVS.
///
/// ```
/// use dvs_backend::{Refusal, RefusalKind};
/// let replay = Refusal::new(RefusalKind::AlreadyProcessed);
/// assert!(replay.is_final() && replay.is_replay() && !replay.is_retryable());
/// let busy = Refusal::new(RefusalKind::VerificationPending);
/// assert!(busy.is_retryable() && !busy.is_final());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RefusalKind {
    /// The body is not JSON `{"requestId": string}` (the axum adapter's body check).
    MalformedBody,
    /// The request's content type is not `application/json` (the axum adapter refuses any
    /// other, so a cross-site form cannot post a verification).
    UnsupportedMediaType,
    /// The request's body is larger than the axum adapter reads.
    BodyTooLarge,
    /// The request id is not a canonical UUID; nothing was claimed or sent.
    InvalidRequestId,
    /// The claimed date of birth sent for the identity match is not a date; nothing was
    /// claimed or sent.
    InvalidClaim,
    /// No signed-in user (the app's identity callback found none).
    NotSignedIn,
    /// The id is claimed by another user, or DVS had verified it before this backend claimed
    /// it: a replay. No Verify was sent for this submission.
    AlreadyProcessed,
    /// The user reached the claim limit of the window.
    TooManyVerifications,
    /// DVS does not know the id.
    UnknownRequest,
    /// The request expired before it was verified.
    RequestExpired,
    /// DVS could not read the document or selfie.
    DocumentRejected,
    /// DVS found the uploaded request invalid.
    InvalidSubmission,
    /// DVS rate-limited the backend.
    DvsBusy,
    /// DVS failed (5xx, an unreadable answer).
    DvsFailed,
    /// DVS could not be reached.
    DvsUnreachable,
    /// DVS did not answer in time; the outcome is looked up on the user's next try.
    DvsTimeout,
    /// The backend's secret key or configuration was refused.
    BackendMisconfigured,
    /// The same user's earlier submission of this id is still being verified.
    VerificationPending,
    /// The claim store could not be reached, or the app's result callback failed.
    BackendUnavailable,
}

/// An answer other than a summary: status, code, message, and a `Retry-After` where one helps.
///
/// The message is written by this crate; it never quotes DVS, a key or document data, so the
/// whole refusal may be sent to the client app and logged.
///
/// ```
/// use dvs_backend::{Refusal, RefusalKind};
/// let refusal = Refusal::new(RefusalKind::AlreadyProcessed);
/// assert_eq!((refusal.status(), refusal.code()), (409, "already_processed"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    kind: RefusalKind,
    retry_after: Option<Duration>,
}

impl Refusal {
    /// A refusal of `kind`, without `Retry-After`.
    pub fn new(kind: RefusalKind) -> Refusal {
        Refusal {
            kind,
            retry_after: None,
        }
    }

    /// The same refusal with a `Retry-After` hint.
    pub fn with_retry_after(mut self, after: Duration) -> Refusal {
        self.retry_after = Some(after);
        self
    }

    /// What happened.
    pub fn kind(&self) -> RefusalKind {
        self.kind
    }

    /// When the client may try again, where that is known.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// The HTTP status the client app gets.
    pub fn status(&self) -> u16 {
        use RefusalKind as K;
        match self.kind {
            K::MalformedBody | K::InvalidRequestId | K::InvalidClaim => 400,
            K::NotSignedIn => 401,
            K::BodyTooLarge => 413,
            K::UnsupportedMediaType => 415,
            K::UnknownRequest => 404,
            K::AlreadyProcessed => 409,
            K::RequestExpired => 410,
            K::DocumentRejected | K::InvalidSubmission => 422,
            K::TooManyVerifications => 429,
            K::BackendMisconfigured => 500,
            K::DvsFailed => 502,
            K::DvsBusy | K::DvsUnreachable | K::VerificationPending | K::BackendUnavailable => 503,
            K::DvsTimeout => 504,
        }
    }

    /// Whether the same submission will get the same answer: change something (the request,
    /// the photos, sign in) or start a new verification. See the table on [`RefusalKind`].
    pub fn is_final(&self) -> bool {
        !self.is_retryable()
    }

    /// Whether the same submission may succeed later (after `Retry-After` where given).
    pub fn is_retryable(&self) -> bool {
        use RefusalKind as K;
        matches!(
            self.kind,
            K::TooManyVerifications
                | K::DvsBusy
                | K::DvsFailed
                | K::DvsUnreachable
                | K::DvsTimeout
                | K::BackendMisconfigured
                | K::VerificationPending
                | K::BackendUnavailable
        )
    }

    /// Whether the id was used before: another user's, or verified elsewhere.
    pub fn is_replay(&self) -> bool {
        self.kind == RefusalKind::AlreadyProcessed
    }

    /// A stable machine-readable code, the variant's name in snake case
    /// (`"already_processed"`, `"dvs_timeout"`, …).
    pub fn code(&self) -> &'static str {
        use RefusalKind as K;
        match self.kind {
            K::MalformedBody => "malformed_body",
            K::UnsupportedMediaType => "unsupported_media_type",
            K::BodyTooLarge => "body_too_large",
            K::InvalidRequestId => "invalid_request_id",
            K::InvalidClaim => "invalid_claim",
            K::NotSignedIn => "not_signed_in",
            K::AlreadyProcessed => "already_processed",
            K::TooManyVerifications => "too_many_verifications",
            K::UnknownRequest => "unknown_request",
            K::RequestExpired => "request_expired",
            K::DocumentRejected => "document_rejected",
            K::InvalidSubmission => "invalid_submission",
            K::DvsBusy => "dvs_busy",
            K::DvsFailed => "dvs_failed",
            K::DvsUnreachable => "dvs_unreachable",
            K::DvsTimeout => "dvs_timeout",
            K::BackendMisconfigured => "backend_misconfigured",
            K::VerificationPending => "verification_pending",
            K::BackendUnavailable => "backend_unavailable",
        }
    }

    /// A sentence for the user or the client developer.
    pub fn message(&self) -> &'static str {
        use RefusalKind as K;
        match self.kind {
            K::MalformedBody => "expected a JSON object {\"requestId\": \"<uuid>\"}",
            K::UnsupportedMediaType => "send the request as Content-Type: application/json",
            K::BodyTooLarge => "the request body is too large",
            K::InvalidRequestId => "the request id is not a UUID",
            K::InvalidClaim => {
                "claimedDateOfBirth is not a date; use YYYY-MM-DD, MM/DD/YYYY or YYYYMMDD"
            }
            K::NotSignedIn => "sign in before submitting a verification",
            K::AlreadyProcessed => "this request id was already used; start a new verification",
            K::TooManyVerifications => "too many verifications; try again later",
            K::UnknownRequest => "DVS does not know this request id",
            K::RequestExpired => {
                "this request expired before it was verified; start a new verification"
            }
            K::DocumentRejected => {
                "the document or selfie could not be read; please retake the photos"
            }
            K::InvalidSubmission => "DVS found the uploaded request incomplete or invalid",
            K::DvsBusy => "the verification service is busy; try again shortly",
            K::DvsFailed => "the verification service failed",
            K::DvsUnreachable => "the verification service is unreachable",
            K::DvsTimeout => "the verification service did not answer in time",
            K::BackendMisconfigured => "the backend's verification credentials were refused",
            K::VerificationPending => {
                "this verification is still being processed; try again shortly"
            }
            K::BackendUnavailable => "the backend cannot complete verifications right now",
        }
    }

    /// The answer for a DVS error, as the example backend maps them: no DVS text, no PII.
    pub fn from_dvs_error(error: &Error) -> Refusal {
        use RefusalKind as K;
        match error {
            Error::NotFound(_) => Refusal::new(K::UnknownRequest),
            Error::AlreadyProcessed(_) => Refusal::new(K::AlreadyProcessed),
            Error::Expired(_) => Refusal::new(K::RequestExpired),
            Error::DocumentRejected(_) => Refusal::new(K::DocumentRejected),
            Error::Validation(_) => Refusal::new(K::InvalidSubmission),
            Error::RateLimited { retry_after, .. } => Refusal {
                kind: K::DvsBusy,
                retry_after: *retry_after,
            },
            Error::Auth(_) | Error::InvalidKey(_) | Error::Config(_) => {
                Refusal::new(K::BackendMisconfigured)
            }
            Error::Timeout => Refusal::new(K::DvsTimeout),
            Error::Connect(_) => Refusal::new(K::DvsUnreachable),
            _ => Refusal::new(K::DvsFailed),
        }
    }

    /// The refusals a claim keeps as its final answer, by their stored code.
    pub(crate) fn from_stored_code(code: &str) -> Option<Refusal> {
        use RefusalKind as K;
        let kind = match code {
            "already_processed" => K::AlreadyProcessed,
            "unknown_request" => K::UnknownRequest,
            "request_expired" => K::RequestExpired,
            "document_rejected" => K::DocumentRejected,
            "invalid_submission" => K::InvalidSubmission,
            _ => return None,
        };
        Some(Refusal::new(kind))
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code(), self.status(), self.message())
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dvs_errors_map_to_the_example_backends_answers() {
        let status = |s: u16| Error::from_response(s, None, b"");
        let code =
            |c: &str| Error::from_response(400, None, format!(r#"{{"code":"{c}"}}"#).as_bytes());
        let table: Vec<(Error, u16, &str)> = vec![
            (status(404), 404, "unknown_request"),
            (code("RequestAlreadyProcessed"), 409, "already_processed"),
            (code("RequestExpired"), 410, "request_expired"),
            (code("OCRError"), 422, "document_rejected"),
            (code("ValidationError"), 422, "invalid_submission"),
            (status(429), 503, "dvs_busy"),
            (status(401), 500, "backend_misconfigured"),
            (Error::Timeout, 504, "dvs_timeout"),
            (Error::Connect("refused".into()), 503, "dvs_unreachable"),
            (status(500), 502, "dvs_failed"),
            (status(502), 502, "dvs_failed"),
        ];
        for (error, want_status, want_code) in table {
            let refusal = Refusal::from_dvs_error(&error);
            assert_eq!(
                (refusal.status(), refusal.code()),
                (want_status, want_code),
                "{error:?}"
            );
        }
    }

    #[test]
    fn every_code_is_its_variants_name() {
        use RefusalKind as K;
        let all = [
            (K::MalformedBody, "MalformedBody"),
            (K::UnsupportedMediaType, "UnsupportedMediaType"),
            (K::BodyTooLarge, "BodyTooLarge"),
            (K::InvalidRequestId, "InvalidRequestId"),
            (K::InvalidClaim, "InvalidClaim"),
            (K::NotSignedIn, "NotSignedIn"),
            (K::AlreadyProcessed, "AlreadyProcessed"),
            (K::TooManyVerifications, "TooManyVerifications"),
            (K::UnknownRequest, "UnknownRequest"),
            (K::RequestExpired, "RequestExpired"),
            (K::DocumentRejected, "DocumentRejected"),
            (K::InvalidSubmission, "InvalidSubmission"),
            (K::DvsBusy, "DvsBusy"),
            (K::DvsFailed, "DvsFailed"),
            (K::DvsUnreachable, "DvsUnreachable"),
            (K::DvsTimeout, "DvsTimeout"),
            (K::BackendMisconfigured, "BackendMisconfigured"),
            (K::VerificationPending, "VerificationPending"),
            (K::BackendUnavailable, "BackendUnavailable"),
        ];
        let mut codes = std::collections::HashSet::new();
        for (kind, name) in all {
            let snake: String = name
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let sep = (i > 0 && c.is_ascii_uppercase()).then_some('_');
                    sep.into_iter()
                        .chain(std::iter::once(c.to_ascii_lowercase()))
                })
                .collect();
            let refusal = Refusal::new(kind);
            assert_eq!(refusal.code(), snake, "{kind:?}");
            assert!(codes.insert(refusal.code()), "{kind:?} shares its code");
            assert_ne!(refusal.is_final(), refusal.is_retryable(), "{kind:?}");
        }
    }

    #[test]
    fn stored_codes_round_trip() {
        for kind in [
            RefusalKind::AlreadyProcessed,
            RefusalKind::UnknownRequest,
            RefusalKind::RequestExpired,
            RefusalKind::DocumentRejected,
            RefusalKind::InvalidSubmission,
        ] {
            let refusal = Refusal::new(kind);
            assert_eq!(Refusal::from_stored_code(refusal.code()), Some(refusal));
        }
        assert_eq!(Refusal::from_stored_code("dvs_timeout"), None);
    }
}
