//! [`ResultSink`]: where the full result (PII) goes: to the app, never to the claim store.

use async_trait::async_trait;
use dvs_secret::{RequestId, Summary, VerificationResult};

use crate::UserId;

/// What a [`ResultSink`] may fail with. It is never logged or shown by this crate (it may
/// name your storage's details); the user gets `backend_unavailable` and may retry.
pub type SinkError = Box<dyn std::error::Error + Send + Sync>;

/// Receives every verified result, with its document data, and the [`Summary`] decided on
/// it, before the user gets that summary: keep the result where your app keeps PII
/// (encrypted, with your retention rules), and record the decision in your own user records
/// (the summary holds no PII). This is how the app learns each decision it answered.
///
/// **Make it idempotent** (an upsert by request id): after a crash, or when the claim store
/// could not record the answer, the same user's retry recovers the result from DVS and hands
/// it over again. If it fails, the claim is left for that retry, which looks the result up
/// (no second Verify) and calls the sink again.
///
/// It is called only for results this backend caused (Verify sent by one of its attempts),
/// never for an id verified elsewhere.
///
/// A closure `Fn(&UserId, &RequestId, &VerificationResult, &Summary) -> Result<(), SinkError>`
/// is a sink; [`DiscardResults`] keeps nothing.
///
/// ```
/// use dvs_backend::{ResultSink, SinkError, UserId};
/// use dvs_secret::{RequestId, Summary, VerificationResult};
///
/// let sink = |user: &UserId, id: &RequestId, result: &VerificationResult, summary: &Summary|
///  -> Result<(), SinkError> {
///     // e.g. encrypt result.raw_json() and upsert it under (user, id); record
///     // summary.outcome as the user's verification status in your own records
///     let _ = (user, id, result, summary);
///     Ok(())
/// };
/// fn takes(_: impl ResultSink) {}
/// takes(sink);
/// ```
#[async_trait]
pub trait ResultSink: Send + Sync {
    /// Keeps (or inspects) the result verified for `user`'s request `request_id`, and the
    /// summary the user is about to get.
    async fn keep(
        &self,
        user: &UserId,
        request_id: &RequestId,
        result: &VerificationResult,
        summary: &Summary,
    ) -> Result<(), SinkError>;
}

#[async_trait]
impl<F> ResultSink for F
where
    F: Fn(&UserId, &RequestId, &VerificationResult, &Summary) -> Result<(), SinkError>
        + Send
        + Sync,
{
    async fn keep(
        &self,
        user: &UserId,
        request_id: &RequestId,
        result: &VerificationResult,
        summary: &Summary,
    ) -> Result<(), SinkError> {
        self(user, request_id, result, summary)
    }
}

/// A sink that keeps nothing: the app needs the summary only.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiscardResults;

#[async_trait]
impl ResultSink for DiscardResults {
    async fn keep(
        &self,
        _user: &UserId,
        _request_id: &RequestId,
        _result: &VerificationResult,
        _summary: &Summary,
    ) -> Result<(), SinkError> {
        Ok(())
    }
}
