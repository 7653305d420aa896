//! [`Engine`]: the shared HTTP machinery both clients run on: URL joining, the bearer
//! header, the user agent, timeouts, retries, response limits and error mapping.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER, USER_AGENT,
};
use serde::de::DeserializeOwned;
use url::Url;

use super::platform;
use super::request_body::RequestBody;
use super::transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportErrorKind};
use crate::Error;
use crate::keys::KeyKind;
use crate::retry::{Idempotency, RetryDecision, RetryPolicy};

/// Largest success body read by default (a v4 result with `returnContent` images is ~10 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 * 1024 * 1024;

/// One API call, described independently of how it is sent.
///
/// `Debug` shows the body's length only: it holds images and PII.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiCall {
    /// The method.
    pub method: Method,
    /// The path under the base URL, without a leading slash (e.g. `api/v3/Request`).
    pub path: String,
    /// Query parameters.
    pub query: Vec<(&'static str, String)>,
    /// The JSON body: bytes, or JSON streamed from its images as it is sent.
    pub body: Option<RequestBody>,
    /// Whether repeating the call is harmless; decides what may be retried.
    pub idempotency: Idempotency,
}

impl fmt::Debug for ApiCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiCall")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_len", &self.body.as_ref().map(RequestBody::len))
            .field("idempotency", &self.idempotency)
            .finish()
    }
}

impl ApiCall {
    /// A `POST` with a JSON body ([`Bytes`] or a [`StreamingJson`](crate::StreamingJson)).
    /// Not idempotent.
    pub fn post(path: impl Into<String>, body: impl Into<RequestBody>) -> Self {
        ApiCall {
            method: Method::POST,
            path: path.into(),
            query: Vec::new(),
            body: Some(body.into()),
            idempotency: Idempotency::NotIdempotent,
        }
    }

    /// A `GET`. Idempotent.
    pub fn get(path: impl Into<String>) -> Self {
        ApiCall {
            method: Method::GET,
            path: path.into(),
            query: Vec::new(),
            body: None,
            idempotency: Idempotency::Idempotent,
        }
    }

    /// Adds a query parameter.
    #[must_use]
    pub fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }
}

pub(crate) struct EngineParts {
    pub base_url: Url,
    pub auth: HeaderValue,
    pub key_kind: KeyKind,
    pub user_agent: HeaderValue,
    pub transport: Arc<dyn Transport>,
    pub retry: RetryPolicy,
    pub timeout: Option<Duration>,
    pub max_image_bytes: usize,
    pub max_response_bytes: usize,
}

/// The shared HTTP engine. Cheap to clone (one `Arc`); `Send + Sync`.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<EngineParts>,
}

impl fmt::Debug for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.fmt_as("Engine", f)
    }
}

impl Engine {
    /// `Debug` of a client built on this engine, the same for every client crate: the
    /// configuration the user chose (base URL, the key's prefix only, user agent, retry
    /// policy, timeout, image limit), none of the client's internal state.
    pub fn fmt_as(&self, name: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(name)
            .field("base_url", &self.inner.base_url.as_str())
            .field(
                "key",
                &format_args!("{}[REDACTED]", self.inner.key_kind.prefix()),
            )
            .field("user_agent", &self.inner.user_agent)
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("max_image_bytes", &self.inner.max_image_bytes)
            .finish_non_exhaustive()
    }
}

impl Engine {
    pub(crate) fn from_parts(parts: EngineParts) -> Self {
        Engine {
            inner: Arc::new(parts),
        }
    }

    /// The base URL calls are made under.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The largest image accepted for upload, in bytes.
    pub fn max_image_bytes(&self) -> usize {
        self.inner.max_image_bytes
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The total time allowed for one exchange, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.inner.timeout
    }

    /// The longest one call can take: every attempt the retry policy allows running to the
    /// timeout, and the longest wait before each retry (`Retry-After` up to the policy's
    /// maximum, or the backoff). `None` without a timeout.
    pub fn max_call_duration(&self) -> Option<Duration> {
        let retry = &self.inner.retry;
        let attempts = retry.max_retries.saturating_add(1);
        let wait = retry.max_retry_after.max(retry.max_delay);
        Some(
            self.inner
                .timeout?
                .saturating_mul(attempts)
                .saturating_add(wait.saturating_mul(retry.max_retries)),
        )
    }

    /// The user agent sent with every call.
    pub fn user_agent(&self) -> &str {
        self.inner.user_agent.to_str().unwrap_or("dvs-rs")
    }

    fn url(&self, call: &ApiCall) -> Result<Url, Error> {
        let mut url = self.inner.base_url.join(&call.path).map_err(|e| {
            Error::Config(format!("cannot join the call path to the base URL ({e})"))
        })?;
        if !call.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &call.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    fn headers(&self, has_body: bool) -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(4);
        headers.insert(AUTHORIZATION, self.inner.auth.clone());
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if has_body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        headers
    }

    /// Sends a call, retrying as the policy allows, and returns the 2xx response or the mapped error.
    pub async fn execute(&self, call: ApiCall) -> Result<HttpResponse, Error> {
        let url = self.url(&call)?;
        let request = HttpRequest {
            method: call.method.clone(),
            url,
            headers: self.headers(call.body.is_some()),
            body: call.body.clone().map(platform::prepare_body),
            timeout: self.inner.timeout,
            max_response_bytes: self.inner.max_response_bytes,
        };
        let mut attempts: u32 = 0;
        loop {
            attempts += 1;
            let error = match self.inner.transport.send(request.clone()).await {
                Ok(response) if response.is_success() && !response.body_truncated => {
                    tracing::debug!(attempt = attempts, status = response.status, "DVS answered");
                    return Ok(response);
                }
                Ok(response) => self.answer_error(&response),
                Err(e) => transport_error(e),
            };
            tracing::debug!(
                attempt = attempts,
                status = error.status(),
                error_kind = error.kind_name(),
                "attempt failed"
            );
            // The error says what the attempt tells; the policy decides from that alone.
            let Some(outcome) = error.attempt_outcome() else {
                return Err(error);
            };
            let jitter = platform::random_fraction();
            match self
                .inner
                .retry
                .decide(attempts, call.idempotency, outcome, jitter)
            {
                RetryDecision::Retry { after } if can_wait(after, platform::HAS_TIMER) => {
                    platform::sleep(after).await;
                }
                RetryDecision::Retry { .. } | RetryDecision::Stop => return Err(error),
            }
        }
    }

    /// The error of an answer that is not a usable 2xx: mapped by its real status, also when
    /// its body was over the size limit (a proxy's 2 MiB HTML 502 page is still a `Server`
    /// error with status 502, a long 429 still `RateLimited`); a 2xx over the limit is `Decode`.
    fn answer_error(&self, response: &HttpResponse) -> Error {
        if response.is_success() {
            return Error::Decode {
                status: response.status,
                reason: format!(
                    "the response body is over the limit of {} bytes",
                    self.inner.max_response_bytes
                ),
            };
        }
        Error::from_answer(
            response.status,
            retry_after(&response.headers),
            &response.body,
            response.body_truncated,
        )
    }

    /// Sends a call and decodes the 2xx JSON body; also returns the body as received.
    pub async fn execute_json<T: DeserializeOwned>(
        &self,
        call: ApiCall,
    ) -> Result<(T, Bytes), Error> {
        let response = self.execute(call).await?;
        let value = decode_json(response.status, &response.body)?;
        Ok((value, response.body))
    }
}

/// Refuses a 2xx body of white space only with [`Error::Decode`] ("the body is empty"): the
/// one check every decoder of an answer makes first.
pub fn refuse_empty_body(status: u16, body: &[u8]) -> Result<(), Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Decode {
            status,
            reason: "the body is empty".into(),
        });
    }
    Ok(())
}

/// Decodes a 2xx JSON body, mapping failures to [`Error::Decode`] without quoting the body.
pub fn decode_json<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, Error> {
    refuse_empty_body(status, body)?;
    serde_json::from_slice(body).map_err(|e| Error::from_json_error(status, &e))
}

/// The error of a failed exchange: what its kind says about whether the request was sent.
fn transport_error(error: TransportError) -> Error {
    match error.kind {
        TransportErrorKind::Connect => {
            Error::Connect(error.source.unwrap_or_else(|| "connect failed".into()))
        }
        TransportErrorKind::Timeout => Error::Timeout,
        TransportErrorKind::Other => {
            Error::Transport(error.source.unwrap_or_else(|| "transport failed".into()))
        }
    }
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    crate::retry::parse_retry_after(value, platform::now())
}

/// Whether a retry that must first wait `after` can be made here. In the browser this crate
/// has no timer, and retrying at once would ignore the server's `Retry-After` (and hammer it
/// with the backoff's retries), so such a retry is not made: the error is returned, with its
/// `retry_after`, for the app to schedule. Elsewhere, always.
fn can_wait(after: Duration, has_timer: bool) -> bool {
    has_timer || after.is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_timer_only_a_retry_that_needs_no_wait_is_made() {
        // The browser: a 429's `Retry-After: 5` or a backoff returns the error instead.
        assert!(!can_wait(Duration::from_secs(5), false));
        assert!(!can_wait(Duration::from_millis(1), false));
        assert!(can_wait(Duration::ZERO, false));
        // Native targets wait as told.
        assert!(can_wait(Duration::from_secs(5), true));
        const { assert!(platform::HAS_TIMER) };
    }
}
