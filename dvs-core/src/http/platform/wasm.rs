//! The browser side of the HTTP engine (`wasm32`): reqwest over `fetch`, no timer, request
//! bodies sent whole. `platform` is this module or `native.rs`, and both offer the
//! same items.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::error::BoxError;
use crate::http::RequestBody;

/// `#[async_trait(?Send)]`: `fetch`'s futures are not `Send`, and the browser has one thread.
macro_rules! async_trait {
    ($($item:tt)*) => {
        #[async_trait::async_trait(?Send)]
        $($item)*
    };
}
pub(crate) use async_trait;

/// The default client. The browser makes the connections, so the connect timeout does not
/// apply.
pub(crate) fn default_client(_connect_timeout: Duration) -> Result<reqwest::Client, BoxError> {
    Ok(reqwest::Client::builder().build()?)
}

/// `fetch` does not tell a refused connection from a failure after sending, so no error
/// counts as "nothing was sent".
pub(crate) fn is_connect(_error: &reqwest::Error) -> bool {
    false
}

/// The per-attempt timeout is the browser's.
pub(crate) fn with_timeout(
    builder: reqwest::RequestBuilder,
    _timeout: Option<Duration>,
) -> reqwest::RequestBuilder {
    builder
}

/// `fetch` takes the body whole.
pub(crate) fn with_body(
    builder: reqwest::RequestBuilder,
    body: RequestBody,
) -> reqwest::RequestBuilder {
    builder.body(body.into_bytes())
}

/// Reads the body (`fetch` gives it whole), at most `limit` bytes of it: the bytes, and
/// `true` when the body was longer (then only its first `limit` bytes are returned).
pub(crate) async fn read_limited(
    response: reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    let body = response.bytes().await?;
    Ok(if body.len() > limit {
        (body.slice(..limit), true)
    } else {
        (body, false)
    })
}

/// The browser manages its own connections: nothing to wait for.
pub(crate) async fn let_connection_return(_others_in_flight: bool) {}

/// `fetch` needs the body whole: encode a streamed body once, not on each attempt.
pub(crate) fn prepare_body(body: RequestBody) -> RequestBody {
    RequestBody::Bytes(body.into_bytes())
}

/// JavaScript's clock (`SystemTime::now` panics in the browser), to read an HTTP-date
/// `Retry-After`.
pub(crate) fn now() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(js_sys::Date::now() as u64)
}

/// A random draw in `[0, 1)` for the retry backoff's jitter: JavaScript's `Math.random()`.
pub(crate) fn random_fraction() -> f64 {
    js_sys::Math::random()
}

/// Whether `sleep` really waits on this platform: this crate has no timer in the browser.
pub(crate) const HAS_TIMER: bool = false;

/// Does not wait: only retries that need no wait are made here (see the engine's `can_wait`).
pub(crate) async fn sleep(_duration: Duration) {}
