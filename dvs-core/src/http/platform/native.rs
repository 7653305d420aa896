//! The native side of the HTTP engine (every target but `wasm32`): hyper through reqwest,
//! a tokio timer, streamed request bodies. `platform` is this module or `wasm.rs`,
//! and both offer the same items.

use std::time::{Duration, SystemTime};

use bytes::Bytes;

use crate::error::BoxError;
use crate::http::RequestBody;
use crate::internal::JsonChunks;

/// `#[async_trait]` as this platform needs it: a `Transport`'s
/// future is `Send`, so a call can move between threads.
macro_rules! async_trait {
    ($($item:tt)*) => {
        #[async_trait::async_trait]
        $($item)*
    };
}
pub(crate) use async_trait;

/// The default client: rustls, no redirects, the given connect timeout.
pub(crate) fn default_client(connect_timeout: Duration) -> Result<reqwest::Client, BoxError> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(connect_timeout)
        .pool_idle_timeout(Duration::from_secs(60))
        .build()?)
}

/// Whether the connection could not be made, so nothing was sent: hyper-util's connector
/// failed (refused, unreachable, TLS handshake, or the connect timeout).
pub(crate) fn is_connect(error: &reqwest::Error) -> bool {
    error.is_connect()
}

/// The total time allowed for the exchange, connect included.
pub(crate) fn with_timeout(
    builder: reqwest::RequestBuilder,
    timeout: Option<Duration>,
) -> reqwest::RequestBuilder {
    match timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    }
}

/// Bytes are sent as they are; JSON with images is streamed, encoded chunk by chunk as the
/// connection takes it, with its exact `Content-Length`.
pub(crate) fn with_body(
    builder: reqwest::RequestBuilder,
    body: RequestBody,
) -> reqwest::RequestBuilder {
    match body {
        RequestBody::Bytes(bytes) => builder.body(bytes),
        RequestBody::Json(json) => builder
            .header(reqwest::header::CONTENT_LENGTH, json.len())
            .body(reqwest::Body::wrap(JsonHttpBody {
                chunks: json.chunks(),
            })),
    }
}

/// Reads the body, at most `limit` bytes of it: the bytes, and `true` when the body was
/// longer (then only its first `limit` bytes are returned, and the rest is not read).
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    // A body of one chunk (the common case) is returned as it came, without a copy.
    let mut first: Option<Bytes> = None;
    let mut buffer: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        if first.is_none() && buffer.is_empty() {
            if chunk.len() > limit {
                return Ok((chunk.slice(..limit), true));
            }
            first = Some(chunk);
            continue;
        }
        if let Some(previous) = first.take() {
            let capacity = response
                .content_length()
                .map_or(previous.len() + chunk.len(), |n| n as usize)
                .min(limit);
            buffer.reserve(capacity);
            buffer.extend_from_slice(&previous);
        }
        let room = limit - buffer.len();
        if chunk.len() > room {
            buffer.extend_from_slice(&chunk[..room]);
            return Ok((Bytes::from(buffer), true));
        }
        buffer.extend_from_slice(&chunk);
    }
    Ok((first.unwrap_or_else(|| Bytes::from(buffer)), false))
}

/// After a response was read, while `others_in_flight`, lets hyper return the connection to
/// its pool before the next call looks for one.
///
/// hyper puts the connection back in the pool only after two more turns of the scheduler:
/// its connection task must see the response end and become ready for another request, then
/// the task hyper spawned to wait for that returns it to the pool. A call that starts before
/// then (our caller's next one, or another in flight) finds no idle connection and opens a
/// redundant one: with 64 calls in flight, 73–92 connections instead of 64
/// (docs/performance.md, figure 4b; each is a TCP and TLS handshake against the real
/// service). Two yields give both tasks their turn. A call alone has nothing to wait for
/// (sequential calls reuse their one connection), so it skips them.
pub(crate) async fn let_connection_return(others_in_flight: bool) {
    if others_in_flight {
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
    }
}

/// A streamed body stays streamed: the transport encodes it as the connection takes it.
pub(crate) fn prepare_body(body: RequestBody) -> RequestBody {
    body
}

/// The wall clock, to read an HTTP-date `Retry-After`.
pub(crate) fn now() -> SystemTime {
    SystemTime::now()
}

/// A random draw in `[0, 1)` for the retry backoff's jitter: std's per-process random hash
/// keys (a new `RandomState` differs on each call) over the clock, so clients that failed
/// together draw apart. Not for anything secret.
pub(crate) fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |since| since.subsec_nanos());
    hasher.write_u32(nanos);
    // The top 53 bits: every such value is exact in an f64, and the result is below 1.
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Whether `sleep` really waits on this platform.
pub(crate) const HAS_TIMER: bool = true;

/// Waits `duration` (a retry's backoff or `Retry-After`).
pub(crate) async fn sleep(duration: Duration) {
    tokio::time::sleep(duration).await;
}

/// A streamed `StreamingJson` as an `http_body::Body` with an exact
/// size, for reqwest.
struct JsonHttpBody {
    chunks: JsonChunks,
}

impl http_body::Body for JsonHttpBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        // Encoding a chunk is CPU work of tens of microseconds: produced when polled.
        std::task::Poll::Ready(
            self.get_mut()
                .chunks
                .next()
                .map(|c| Ok(http_body::Frame::data(c))),
        )
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.remaining() == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.chunks.remaining() as u64)
    }
}
