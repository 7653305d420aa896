//! The [`Transport`] seam: how one HTTP exchange is made. [`ReqwestTransport`] is the default;
//! implement the trait to route calls through your own stack.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::HeaderMap;
use url::Url;

use super::platform;
use super::request_body::RequestBody;
use crate::error::BoxError;

/// One HTTP request, ready to send.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The full URL.
    pub url: Url,
    /// Headers, including the (sensitive-marked) `Authorization`.
    pub headers: HeaderMap,
    /// The body, if any: bytes, or JSON to stream (both cheap to clone for a permitted
    /// retry; [`RequestBody::to_bytes`] gives it whole).
    pub body: Option<RequestBody>,
    /// The total time allowed for this exchange, if the transport supports one.
    pub timeout: Option<Duration>,
    /// The most response-body bytes to read; of a longer body only these are read, and the
    /// response is marked [`body_truncated`](HttpResponse::body_truncated).
    pub max_response_bytes: usize,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `HeaderMap`'s Debug prints sensitive values as "Sensitive"; the body is never shown.
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url.as_str())
            .field("headers", &self.headers)
            .field("body_len", &self.body.as_ref().map(RequestBody::len))
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// One HTTP response.
#[derive(Clone)]
#[non_exhaustive]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, or its first [`HttpRequest::max_response_bytes`] bytes when it was longer.
    pub body: Bytes,
    /// `true` when the body was longer than [`HttpRequest::max_response_bytes`] and `body`
    /// holds only its beginning (nothing, when a 2xx answer announced a longer length: it
    /// is of no use in part and is not read).
    /// The engine then reports a 2xx as [`Error::Decode`](crate::Error::Decode), and maps
    /// any other status as usual, from what was read.
    pub body_truncated: bool,
}

impl HttpResponse {
    /// A response from its parts, with its whole body.
    pub fn new(status: u16, headers: HeaderMap, body: Bytes) -> Self {
        HttpResponse {
            status,
            headers,
            body,
            body_truncated: false,
        }
    }

    /// A response whose body was longer than the limit: `head` is what was read of it, at
    /// most [`HttpRequest::max_response_bytes`] bytes.
    pub fn truncated(status: u16, headers: HeaderMap, head: Bytes) -> Self {
        HttpResponse {
            body_truncated: true,
            ..HttpResponse::new(status, headers, head)
        }
    }

    /// `true` for a 2xx status.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("body_truncated", &self.body_truncated)
            .finish_non_exhaustive()
    }
}

/// Where an exchange failed, which decides whether it may be retried.
///
/// A response body over the size limit is not an error of the exchange: the transport
/// returns what it read, marked [`HttpResponse::body_truncated`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (refused, unreachable, or not within the connect
    /// timeout): the request was not sent.
    Connect,
    /// The exchange took too long: the request may have been received.
    Timeout,
    /// The connection failed later: the request may have been received.
    Other,
}

/// A failed exchange.
#[derive(Debug, thiserror::Error)]
#[error("{kind:?} transport error")]
pub struct TransportError {
    /// Where it failed.
    pub kind: TransportErrorKind,
    /// The underlying error.
    #[source]
    pub source: Option<BoxError>,
}

impl TransportError {
    /// A transport error of `kind` caused by `source`.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        TransportError {
            kind,
            source: Some(source.into()),
        }
    }
}

platform::async_trait! {
    /// Makes one HTTP exchange. Retries, auth and error mapping are done by the engine around it.
    ///
    /// Implement it with [`#[async_trait]`](crate::async_trait) (`#[async_trait(?Send)]` on
    /// `wasm32`, where futures are not `Send`). `dvs-public` and `dvs-secret` re-export every
    /// name a transport needs, so one written against either needs no other dependency:
    ///
    /// ```
    /// use dvs_core::{Bytes, HttpRequest, HttpResponse, Transport, TransportError, async_trait, header};
    ///
    /// /// Answers every call with `503`, e.g. to test how an app handles an outage.
    /// #[derive(Debug)]
    /// struct Outage;
    ///
    /// #[async_trait]
    /// impl Transport for Outage {
    ///     async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
    ///         Ok(HttpResponse::new(503, header::HeaderMap::new(), Bytes::new()))
    ///     }
    /// }
    /// # let _ = Outage;
    /// ```
    pub trait Transport: Send + Sync + fmt::Debug + 'static {
        /// Sends `request` and reads the whole response; of a body longer than
        /// `request.max_response_bytes`, only that many bytes, returned as
        /// [`HttpResponse::truncated`].
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
    }
}

/// The default transport: a `reqwest::Client` (connection pool shared by clones).
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    /// Calls through this transport and its clones, from sending to the end of the response.
    in_flight: Arc<AtomicUsize>,
}

impl ReqwestTransport {
    /// Wraps a `reqwest::Client` you configured yourself (proxy, TLS roots, pool size …).
    ///
    /// Configure it not to follow redirects (`redirect::Policy::none()`), as the default
    /// client does, so a redirect cannot carry your request elsewhere.
    pub fn new(client: reqwest::Client) -> Self {
        ReqwestTransport {
            client,
            in_flight: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The default client: rustls, no redirects, the given connect timeout (natively; in
    /// the browser, `fetch` with its own rules).
    pub fn default_client(connect_timeout: Duration) -> Result<reqwest::Client, BoxError> {
        platform::default_client(connect_timeout)
    }
}

fn classify(error: reqwest::Error) -> TransportError {
    TransportError::new(
        kind_of(platform::is_connect(&error), error.is_timeout()),
        error,
    )
}

/// The kind of a reqwest error that is (or is not) a connect error and a timeout. A connect
/// timeout is both: nothing was sent, so it is [`TransportErrorKind::Connect`], the one
/// failure a billable call may be sent again after.
fn kind_of(connect: bool, timeout: bool) -> TransportErrorKind {
    match (connect, timeout) {
        (true, _) => TransportErrorKind::Connect,
        (false, true) => TransportErrorKind::Timeout,
        (false, false) => TransportErrorKind::Other,
    }
}

platform::async_trait! {
    impl Transport for ReqwestTransport {
        async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
            self.exchange(request).await
        }
    }
}

impl ReqwestTransport {
    /// [`Transport::send`]: one exchange through reqwest.
    async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let call = InFlight::enter(&self.in_flight);
        let mut builder = self
            .client
            .request(request.method, request.url)
            .headers(request.headers);
        builder = platform::with_timeout(builder, request.timeout);
        if let Some(body) = request.body {
            builder = platform::with_body(builder, body);
        }
        let mut response = builder.send().await.map_err(classify)?;
        let status = response.status().as_u16();
        // Taken, not cloned: the body reader does not need them.
        let headers = std::mem::take(response.headers_mut());
        let limit = request.max_response_bytes;
        let response = if response.status().is_success()
            && response.content_length().is_some_and(|n| n > limit as u64)
        {
            // Refused unread: a 2xx body is of no use in part. (The first bytes of any other
            // answer still tell what it is: a proxy's HTML page, a DVS error.)
            HttpResponse::truncated(status, headers, Bytes::new())
        } else {
            match platform::read_limited(response, limit)
                .await
                .map_err(classify)?
            {
                (head, true) => HttpResponse::truncated(status, headers, head),
                (body, false) => HttpResponse::new(status, headers, body),
            }
        };
        platform::let_connection_return(call.leave()).await;
        Ok(response)
    }
}

/// One call counted in `ReqwestTransport::in_flight` until it leaves or is dropped (a call
/// cancelled mid-way must not stay counted).
struct InFlight<'a> {
    count: &'a AtomicUsize,
    counted: bool,
}

impl<'a> InFlight<'a> {
    fn enter(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::Relaxed);
        InFlight {
            count,
            counted: true,
        }
    }

    /// Stops counting this call; whether other calls were in flight.
    fn leave(mut self) -> bool {
        self.counted = false;
        self.count.fetch_sub(1, Ordering::Relaxed) > 1
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if self.counted {
            self.count.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connect_timeout_is_a_connect_error() {
        // reqwest reports a connect timeout as both `is_connect` and `is_timeout`.
        assert_eq!(kind_of(true, true), TransportErrorKind::Connect);
        assert_eq!(kind_of(true, false), TransportErrorKind::Connect);
        assert_eq!(kind_of(false, true), TransportErrorKind::Timeout);
        assert_eq!(kind_of(false, false), TransportErrorKind::Other);
    }
}
