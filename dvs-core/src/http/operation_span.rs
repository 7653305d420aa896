//! [`traced`]: one `tracing` span per SDK operation, shared by `dvs-public` and `dvs-secret`.
//!
//! Fields: `operation`, `request_id` (where the call has one), `outcome` (`ok`/`error`),
//! `status`, `error_kind` and `duration_ms`. Never a key, a body, document data or an image:
//! what an operation sends and receives stays out of its span.

use std::future::Future;

use tracing::Instrument;
use tracing::field::Empty;

use super::platform;
use crate::{Error, RequestId};

/// Runs `call` inside a `dvs.operation` span named for `operation`, and records how it ended.
pub async fn traced<T, F>(
    operation: &'static str,
    request_id: Option<&RequestId>,
    call: F,
) -> Result<T, Error>
where
    F: Future<Output = Result<T, Error>>,
{
    let span = tracing::info_span!(
        "dvs.operation",
        operation,
        request_id = Empty,
        outcome = Empty,
        status = Empty,
        error_kind = Empty,
        duration_ms = Empty,
    );
    if let Some(id) = request_id {
        span.record("request_id", id.as_str());
    }
    let started = platform::now();
    let result = call.instrument(span.clone()).await;
    let elapsed = platform::now()
        .duration_since(started)
        .unwrap_or_default()
        .as_millis();
    span.record("duration_ms", u64::try_from(elapsed).unwrap_or(u64::MAX));
    match &result {
        Ok(_) => {
            span.record("outcome", "ok");
        }
        Err(error) => {
            span.record("outcome", "error");
            span.record("error_kind", error.kind_name());
            if let Some(status) = error.status() {
                span.record("status", status);
            }
        }
    }
    span.in_scope(|| tracing::debug!("operation finished"));
    result
}
