//! [`Error`]: every way a DVS call can fail, split by what the caller should do about it.
//!
//! No variant holds a `reqwest::Error`, and no message embeds a response body, a key, an
//! image or document data. Server error bodies are parsed into [`ErrorBody`] and reachable
//! through [`ApiErrorInfo::body`].

use std::fmt;
use std::time::Duration;

use crate::models::{ErrorBody, ErrorCode, PropertyErrors};
use crate::retry::{AttemptOutcome, Idempotency, Resend, resend};
use crate::{ImageError, KeyError, RequestIdError};

/// A boxed source error from the transport layer.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What the body of an error response looked like, when it was not a DVS error object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyKind {
    /// A DVS JSON error object.
    DvsJson,
    /// JSON, but not a DVS error object.
    OtherJson,
    /// An HTML page (typically from a proxy or load balancer).
    Html,
    /// Plain text or other content.
    Text,
    /// Nothing.
    Empty,
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BodyKind::DvsJson => "a DVS error body",
            BodyKind::OtherJson => "a JSON body that is not a DVS error",
            BodyKind::Html => "an HTML page (likely from a proxy, not DVS)",
            BodyKind::Text => "a non-JSON body",
            BodyKind::Empty => "an empty body",
        })
    }
}

/// What DVS (or whatever answered) said with a non-2xx status.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiErrorInfo {
    /// The HTTP status code.
    pub status: u16,
    /// The parsed DVS error body, when the body was one.
    pub body: Option<Box<ErrorBody>>,
    /// What the body looked like.
    pub body_kind: BodyKind,
    /// The body's size in bytes (the body itself is never kept in messages); with
    /// [`body_truncated`](Self::body_truncated), the bytes read before the limit.
    pub body_len: usize,
    /// `true` when the body was longer than the client's response size limit: only its
    /// first [`body_len`](Self::body_len) bytes were read, and `body_kind` says what they
    /// looked like.
    pub body_truncated: bool,
}

impl ApiErrorInfo {
    /// The DVS error code, if the body had one.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.body.as_ref().and_then(|b| b.code.as_ref())
    }

    /// The server's trace id, if the body had one.
    pub fn trace_id(&self) -> Option<&str> {
        self.body.as_ref().and_then(|b| b.trace_id.as_deref())
    }
}

impl fmt::Display for ApiErrorInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match &self.body {
            Some(body) => f.write_str(&body_summary(body)),
            None if self.body_truncated => write!(
                f,
                " with {} (over the response size limit of {} bytes)",
                self.body_kind, self.body_len
            ),
            None => write!(f, " with {} ({} bytes)", self.body_kind, self.body_len),
        }
    }
}

/// Most items of a list (fields, codes) named in a message.
const MAX_LISTED: usize = 3;
/// Most characters of the body summary in a message.
const MAX_SUMMARY: usize = 200;

/// Code, failed fields, error codes and trace id of a DVS error body, as a short, single-line,
/// printable-ASCII text: all of it is server text, so each part is sanitized and bounded.
fn body_summary(body: &ErrorBody) -> String {
    let code_text = |code: &ErrorCode| sanitize(&code.to_string(), 40);
    let mut out = String::new();
    if let Some(code) = &body.code {
        out.push_str(", code ");
        out.push_str(&code_text(code));
    }
    if !body.property_errors.is_empty() {
        out.push_str(", invalid fields: ");
        let fields = body.property_errors.fields().map(|f| sanitize(f, 40));
        out.push_str(&listed(fields, body.property_errors.0.len()));
    }
    if !body.multiple_errors.is_empty() {
        out.push_str(", errors: ");
        let codes = body
            .multiple_errors
            .iter()
            .map(|e| e.code.as_ref().map_or_else(|| "?".into(), code_text));
        out.push_str(&listed(codes, body.multiple_errors.len()));
    }
    if let Some(trace) = &body.trace_id {
        out.push_str(", trace id ");
        out.push_str(&sanitize(trace, 80));
    }
    if out.len() > MAX_SUMMARY {
        // Only ASCII was pushed, so any byte index is a character boundary.
        out.truncate(MAX_SUMMARY - 3);
        out.push_str("...");
    }
    out
}

/// The first [`MAX_LISTED`] items, joined, and how many more there are.
fn listed(items: impl Iterator<Item = String>, total: usize) -> String {
    let shown: Vec<String> = items.take(MAX_LISTED).collect();
    let mut text = shown.join(", ");
    if total > shown.len() {
        text.push_str(&format!(" and {} more", total - shown.len()));
    }
    text
}

/// Keeps printable ASCII only and at most `max` characters, so server text cannot forge log
/// lines or flood them.
fn sanitize(text: &str, max: usize) -> String {
    text.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(max)
        .collect()
}

/// Every way a DVS call can fail.
///
/// Grouped by what to do:
/// - **fix the input** (nothing was sent): [`InvalidKey`](Error::InvalidKey),
///   [`InvalidRequestId`](Error::InvalidRequestId), [`InvalidImage`](Error::InvalidImage),
///   [`InvalidInput`](Error::InvalidInput), [`Config`](Error::Config);
/// - **retake the photo**: [`DocumentRejected`](Error::DocumentRejected);
/// - **fix the integration**: [`Validation`](Error::Validation), [`Auth`](Error::Auth);
/// - **request lifecycle**: [`NotFound`](Error::NotFound),
///   [`AlreadyProcessed`](Error::AlreadyProcessed), [`Expired`](Error::Expired);
/// - **try later**: [`RateLimited`](Error::RateLimited), [`Server`](Error::Server),
///   [`Connect`](Error::Connect);
/// - **outcome unknown** (the request may have reached DVS): [`Timeout`](Error::Timeout),
///   [`Transport`](Error::Transport);
/// - **the answer did not fit**: [`Decode`](Error::Decode), [`Api`](Error::Api).
///
/// Whether a call may be sent again is decided in one place, the retry decision (`resend`),
/// from what the failed attempt tells ([`attempt_outcome`](Error::attempt_outcome));
/// [`is_retryable`](Error::is_retryable), [`was_not_sent`](Error::was_not_sent) and
/// [`outcome_unknown`](Error::outcome_unknown) read their answers from it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An API key was refused before anything was sent.
    #[error("invalid API key: {0}")]
    InvalidKey(#[from] KeyError),
    /// A request id was refused before anything was sent.
    #[error("invalid request id: {0}")]
    InvalidRequestId(#[from] RequestIdError),
    /// An image was refused before anything was sent.
    #[error("invalid image in `{field}`: {source}")]
    InvalidImage {
        /// The wire name of the image field (`frontImageBase64` …).
        field: &'static str,
        /// Why.
        #[source]
        source: ImageError,
    },
    /// A request was refused before anything was sent.
    #[error("invalid request: `{field}` {reason}")]
    InvalidInput {
        /// The field at fault (wire name).
        field: &'static str,
        /// Why, in plain words.
        reason: String,
    },
    /// The client configuration is invalid (base URL, timeouts …).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// DVS refused the key (401/403): wrong, revoked, or the wrong kind for this endpoint.
    #[error("DVS refused the API key ({0}); check the key and that this endpoint accepts its kind")]
    Auth(ApiErrorInfo),
    /// The request id (or resource) is unknown to DVS.
    #[error("DVS does not know this request ({0})")]
    NotFound(ApiErrorInfo),
    /// The request was already verified; fetch its result instead of verifying again.
    #[error("the request was already processed ({0}); fetch its result instead")]
    AlreadyProcessed(ApiErrorInfo),
    /// The request expired before it was verified; the user must start over.
    #[error("the request expired before it was verified ({0})")]
    Expired(ApiErrorInfo),
    /// The document or selfie could not be verified (OCR, barcode, MRZ, face detection,
    /// anti-spoofing …): ask the user to retake the photo.
    #[error("the document or selfie could not be verified ({0}); ask the user to retake it")]
    DocumentRejected(ApiErrorInfo),
    /// DVS found the request invalid (validation errors, a missing required image).
    #[error("DVS rejected the request as invalid ({0})")]
    Validation(ApiErrorInfo),
    /// Too many requests; wait `retry_after` if given.
    #[error("rate limited by DVS ({info}){}", retry_after.map(|d| format!("; retry after {}s", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// How long the server asked to wait.
        retry_after: Option<Duration>,
        /// What the server said.
        info: ApiErrorInfo,
    },
    /// DVS failed (5xx). Quote the trace id to IDScan support.
    #[error("DVS server error ({0})")]
    Server(ApiErrorInfo),
    /// Any other non-2xx answer (including redirects, which the client does not follow).
    #[error("unexpected answer from DVS ({0})")]
    Api(ApiErrorInfo),
    /// No complete answer in time. The request **may have reached DVS**.
    #[error("DVS did not answer in time; the request may have been received")]
    Timeout,
    /// The connection could not be made (refused, unreachable, or not made within the
    /// connect timeout); the request was **not sent**.
    #[error("could not connect to DVS; the request was not sent")]
    Connect(#[source] BoxError),
    /// The connection failed during the exchange; the request **may have reached DVS**.
    #[error("the connection to DVS failed; the request may have been received")]
    Transport(#[source] BoxError),
    /// A 2xx answer whose body does not fit the expected shape, or is longer than the
    /// response size limit.
    #[error("could not read DVS's answer (HTTP {status}): {reason}")]
    Decode {
        /// The HTTP status code.
        status: u16,
        /// What did not fit (kind and position, never the body).
        reason: String,
    },
}

impl Error {
    /// The HTTP status, when DVS answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode { status, .. } => Some(*status),
            _ => self.api_info().map(|i| i.status),
        }
    }

    /// What the server said, for errors that carry an HTTP answer.
    pub fn api_info(&self) -> Option<&ApiErrorInfo> {
        match self {
            Error::Auth(i)
            | Error::NotFound(i)
            | Error::AlreadyProcessed(i)
            | Error::Expired(i)
            | Error::DocumentRejected(i)
            | Error::Validation(i)
            | Error::Server(i)
            | Error::Api(i)
            | Error::RateLimited { info: i, .. } => Some(i),
            _ => None,
        }
    }

    /// The DVS error code, when the body had one.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.api_info().and_then(ApiErrorInfo::code)
    }

    /// The server's trace id, when the body had one.
    pub fn trace_id(&self) -> Option<&str> {
        self.api_info().and_then(ApiErrorInfo::trace_id)
    }

    /// The per-field messages of a validation error.
    pub fn property_errors(&self) -> Option<&PropertyErrors> {
        self.api_info()
            .and_then(|i| i.body.as_ref())
            .map(|b| &b.property_errors)
            .filter(|p| !p.is_empty())
    }

    /// How long the server asked to wait before retrying.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// What the failed attempt tells about whether the request reached DVS; `None` when no
    /// attempt was made (the error was found before sending: invalid input or configuration).
    ///
    /// The retry decision (`resend`) decides from it whether the call may be sent
    /// again; the engine's retries and the helpers below all ask it.
    pub fn attempt_outcome(&self) -> Option<AttemptOutcome> {
        match self {
            Error::InvalidKey(_)
            | Error::InvalidRequestId(_)
            | Error::InvalidImage { .. }
            | Error::InvalidInput { .. }
            | Error::Config(_) => None,
            Error::Connect(_) => Some(AttemptOutcome::NotSent),
            Error::Timeout | Error::Transport(_) => Some(AttemptOutcome::MaybeReceived),
            Error::Decode { status, .. } => Some(AttemptOutcome::Answered {
                status: *status,
                retry_after: None,
            }),
            Error::RateLimited { retry_after, info } => Some(AttemptOutcome::Answered {
                status: info.status,
                retry_after: *retry_after,
            }),
            Error::Auth(info)
            | Error::NotFound(info)
            | Error::AlreadyProcessed(info)
            | Error::Expired(info)
            | Error::DocumentRejected(info)
            | Error::Validation(info)
            | Error::Server(info)
            | Error::Api(info) => Some(AttemptOutcome::Answered {
                status: info.status,
                retry_after: None,
            }),
        }
    }

    /// `true` when the same call may succeed later without any change, and the engine would
    /// send a *reading* (idempotent) call again after it: rate limits, 500/502/503/504,
    /// connection failures, timeouts. Not a 501 or any other error that would repeat itself.
    ///
    /// For a billable call this is not enough: after [`Error::Timeout`], [`Error::Transport`]
    /// or a 5xx it may have been processed, so look the result up rather than sending again
    /// (only [`was_not_sent`](Error::was_not_sent) errors and rate limits are safe to resend).
    pub fn is_retryable(&self) -> bool {
        self.attempt_outcome()
            .is_some_and(|outcome| resend(outcome, Idempotency::Idempotent) != Resend::Never)
    }

    /// `true` when the document or selfie failed (retake the photo).
    pub fn is_document_failure(&self) -> bool {
        matches!(self, Error::DocumentRejected(_))
    }

    /// `true` when the request provably did not leave the client: it was refused before
    /// sending (invalid input or configuration), or the connection could not be made
    /// ([`Error::Connect`]). Sending it again cannot bill or create anything twice.
    pub fn was_not_sent(&self) -> bool {
        self.attempt_outcome()
            .is_none_or(|outcome| outcome == AttemptOutcome::NotSent)
    }

    /// `true` when the request may have reached DVS without an answer (the outcome is unknown):
    /// [`Error::Timeout`] and [`Error::Transport`].
    pub fn outcome_unknown(&self) -> bool {
        self.attempt_outcome() == Some(AttemptOutcome::MaybeReceived)
    }

    /// A decode error from a serde_json error: its category and position only, since
    /// serde_json's own message can quote the offending value.
    pub fn from_json_error(status: u16, error: &serde_json::Error) -> Error {
        let what = match error.classify() {
            serde_json::error::Category::Io => "I/O error",
            serde_json::error::Category::Syntax => "malformed JSON",
            serde_json::error::Category::Data => "JSON of an unexpected shape",
            serde_json::error::Category::Eof => "truncated JSON",
        };
        Error::Decode {
            status,
            reason: format!("{what} at line {} column {}", error.line(), error.column()),
        }
    }

    /// Maps a non-2xx answer to its variant. `retry_after` is the parsed `Retry-After` header.
    pub fn from_response(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Error {
        Error::from_answer(status, retry_after, body, false)
    }

    /// [`from_response`](Error::from_response) for a body that may have been cut at the
    /// response size limit (`truncated`): the variant still follows the real status, and the
    /// body kind what was read.
    pub(crate) fn from_answer(
        status: u16,
        retry_after: Option<Duration>,
        body: &[u8],
        truncated: bool,
    ) -> Error {
        let (parsed, body_kind) = classify_body(body);
        let info = ApiErrorInfo {
            status,
            body: parsed,
            body_kind,
            body_len: body.len(),
            body_truncated: truncated,
        };
        let code = info.code().cloned();
        match (status, code) {
            (_, Some(ErrorCode::RequestAlreadyProcessed)) => Error::AlreadyProcessed(info),
            (_, Some(ErrorCode::RequestExpired)) => Error::Expired(info),
            (401 | 403, _) => Error::Auth(info),
            (429, _) => Error::RateLimited { retry_after, info },
            (503, _) if retry_after.is_some() => Error::RateLimited { retry_after, info },
            (404, _) | (_, Some(ErrorCode::NotFound)) => Error::NotFound(info),
            (500..=599, _) => Error::Server(info),
            (400..=499, Some(c)) if c.is_document_failure() => Error::DocumentRejected(info),
            (400..=499, Some(c)) if c.is_request_invalid() => Error::Validation(info),
            (400 | 422, None) => Error::Validation(info),
            _ => Error::Api(info),
        }
    }
}

/// Parses an error body if it is a DVS error object, and says what it looked like.
fn classify_body(body: &[u8]) -> (Option<Box<ErrorBody>>, BodyKind) {
    let trimmed = body.trim_ascii_start();
    if trimmed.is_empty() {
        return (None, BodyKind::Empty);
    }
    if trimmed.starts_with(b"{") {
        if let Ok(parsed) = serde_json::from_slice::<ErrorBody>(body) {
            if parsed.code.is_some()
                || parsed.message.is_some()
                || !parsed.property_errors.is_empty()
            {
                return (Some(Box::new(parsed)), BodyKind::DvsJson);
            }
        }
        return (None, BodyKind::OtherJson);
    }
    if trimmed.starts_with(b"[") {
        return (None, BodyKind::OtherJson);
    }
    let head = &trimmed[..trimmed.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body")
    {
        (None, BodyKind::Html)
    } else {
        (None, BodyKind::Text)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::mem::discriminant;

    use super::*;
    use crate::KeyKind;
    use crate::retry::{RetryDecision, RetryPolicy};

    /// The variants of [`Error`]. [`Error::attempt_outcome`] matches each of them without a
    /// wildcard, so a new variant must be classified there before the crate compiles; add it
    /// to the table below too, and count it here.
    const ALL_KINDS: usize = 18;

    /// Every kind of error × idempotency: what the default policy does after a first attempt
    /// that ended with it, and what the helpers say. All of it comes from `retry::resend`.
    #[test]
    fn every_error_kind_by_idempotency() {
        let policy = RetryPolicy::default();
        let backoff = RetryDecision::Retry {
            after: policy.backoff(1),
        };
        let wait = |secs| RetryDecision::Retry {
            after: Duration::from_secs(secs),
        };
        let stop = RetryDecision::Stop;
        let answer = |status: u16, code: &str| {
            let body = if code.is_empty() {
                String::new()
            } else {
                format!(r#"{{"code":"{code}"}}"#)
            };
            Error::from_response(status, None, body.as_bytes())
        };
        let secs = |n| Some(Duration::from_secs(n));
        let decode = Error::Decode {
            status: 200,
            reason: "malformed JSON".into(),
        };

        // error, POST (not idempotent), GET (idempotent), is_retryable, was_not_sent,
        // outcome_unknown
        #[rustfmt::skip]
        let table: Vec<(Error, RetryDecision, RetryDecision, bool, bool, bool)> = vec![
            // refused before sending: no attempt to repeat, and it would fail the same way
            (Error::InvalidKey(KeyError::Empty { expected: KeyKind::Secret }), stop, stop, false, true, false),
            (Error::InvalidRequestId(crate::RequestIdError::Empty), stop, stop, false, true, false),
            (Error::InvalidImage { field: "frontImageBase64", source: ImageError::Empty }, stop, stop, false, true, false),
            (Error::InvalidInput { field: "frontImageBase64", reason: "is missing".into() }, stop, stop, false, true, false),
            (Error::Config("bad".into()), stop, stop, false, true, false),
            // nothing was sent: always safe to send again
            (Error::Connect("refused".into()), backoff, backoff, true, true, false),
            // may have been received: only a reading call is sent again
            (Error::Timeout, stop, backoff, true, false, true),
            (Error::Transport("reset".into()), stop, backoff, true, false, true),
            // the server said to come back
            (Error::from_response(429, secs(2), b""), wait(2), wait(2), true, false, false),
            (Error::from_response(503, secs(1), b""), wait(1), wait(1), true, false, false),
            (Error::from_response(429, secs(3600), b""), stop, stop, true, false, false),
            (Error::from_response(429, None, b""), stop, backoff, true, false, false),
            // 5xx: a billable call may have been processed; 501 and the like repeat themselves
            (answer(500, ""), stop, backoff, true, false, false),
            (answer(502, ""), stop, backoff, true, false, false),
            (answer(503, ""), stop, backoff, true, false, false),
            (answer(504, ""), stop, backoff, true, false, false),
            (answer(501, ""), stop, stop, false, false, false),
            (answer(505, ""), stop, stop, false, false, false),
            // the server's clear answers
            (answer(401, ""), stop, stop, false, false, false),
            (answer(404, ""), stop, stop, false, false, false),
            (answer(400, "RequestAlreadyProcessed"), stop, stop, false, false, false),
            (answer(400, "RequestExpired"), stop, stop, false, false, false),
            (answer(400, "OCRError"), stop, stop, false, false, false),
            (answer(400, "ValidationError"), stop, stop, false, false, false),
            (answer(302, ""), stop, stop, false, false, false),
            // a 2xx answer that did not fit
            (decode, stop, stop, false, false, false),
        ];

        let mut kinds = HashSet::new();
        for (error, post, get, retryable, not_sent, unknown) in table {
            let what = format!("{error:?}");
            kinds.insert(discriminant(&error));
            let decide = |idempotency| {
                error
                    .attempt_outcome()
                    .map_or(RetryDecision::Stop, |outcome| {
                        policy.decide(1, idempotency, outcome, 1.0)
                    })
            };
            assert_eq!(decide(Idempotency::NotIdempotent), post, "POST {what}");
            assert_eq!(decide(Idempotency::Idempotent), get, "GET {what}");
            assert_eq!(error.is_retryable(), retryable, "{what}");
            assert_eq!(error.was_not_sent(), not_sent, "{what}");
            assert_eq!(error.outcome_unknown(), unknown, "{what}");
            // A billable call is sent again only when it was not sent, or DVS said to.
            if post != stop {
                assert!(
                    not_sent || matches!(error, Error::RateLimited { .. }),
                    "{what}"
                );
            }
        }
        assert_eq!(
            kinds.len(),
            ALL_KINDS,
            "every kind of error is in the table"
        );
    }

    #[test]
    fn a_truncated_body_keeps_the_status_and_says_so() {
        let head = b"<!DOCTYPE html><html><body>Bad Gateway";
        let error = Error::from_answer(502, None, head, true);
        assert!(matches!(error, Error::Server(_)), "{error:?}");
        let info = error.api_info().unwrap();
        assert_eq!(info.body_kind, BodyKind::Html);
        assert_eq!(info.body_len, head.len());
        assert!(info.body_truncated);
        assert_eq!(
            error.to_string(),
            format!(
                "DVS server error (HTTP 502 with an HTML page (likely from a proxy, not DVS) \
                 (over the response size limit of {} bytes))",
                head.len()
            )
        );
    }
}
