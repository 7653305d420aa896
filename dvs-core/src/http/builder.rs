//! [`ClientBuilder`]: the one builder both clients use. It validates everything at
//! [`build`](ClientBuilder::build) and stores a ready, sensitive-marked auth header.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::base_url::{BASE_URL_ENV, DEFAULT_BASE_URL, parse_base_url};
use super::engine::{DEFAULT_MAX_RESPONSE_BYTES, Engine, EngineParts};
use super::transport::{ReqwestTransport, Transport};
use crate::Error;
use crate::keys::ApiKey;
use crate::retry::RetryPolicy;

/// Default total time for one attempt. DVS runs OCR, face match and external checks
/// synchronously, so answers take seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Default time to establish a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default largest image accepted for upload: 10 MiB. IDScan publishes no server limit; its
/// web library resizes captures to 1200–1600 px (well under 2 MiB), and 10 MiB leaves room
/// for full-resolution phone photos while refusing accidental huge files.
pub const DEFAULT_MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// A client type that the builder can produce: `dvs_public::Client` or `dvs_secret::Client`.
///
/// `Key` fixes which key kind the client accepts, so the type system keeps a secret key out
/// of the public client and the reverse.
pub trait BuildClient: Sized {
    /// The key type the client is built from.
    type Key: ApiKey;
    /// Wraps a ready engine.
    fn from_engine(engine: Engine) -> Self;
}

/// Builds a client of type `C`. Every option has a sensible default.
pub struct ClientBuilder<C: BuildClient> {
    key: C::Key,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent_suffix: Option<String>,
    http_client: Option<reqwest::Client>,
    transport: Option<Arc<dyn Transport>>,
    retry: RetryPolicy,
    max_image_bytes: usize,
    max_response_bytes: usize,
}

impl<C: BuildClient> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("key", &self.key)
            .field("base_url", &self.base_url.as_deref().map(without_userinfo))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("retry", &self.retry)
            .field("max_image_bytes", &self.max_image_bytes)
            .finish_non_exhaustive()
    }
}

/// The URL text with any `user:password@` replaced, for `Debug` (such a URL is refused at
/// `build`, but the builder may be printed before that).
fn without_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rfind('@') {
        Some(at) => format!("{scheme}://[REDACTED]@{}{tail}", &authority[at + 1..]),
        None => url.to_owned(),
    }
}

impl<C: BuildClient> ClientBuilder<C> {
    /// A builder with defaults: [`DEFAULT_BASE_URL`](super::DEFAULT_BASE_URL),
    /// [`DEFAULT_TIMEOUT`], [`DEFAULT_CONNECT_TIMEOUT`], [`RetryPolicy::default`] (retries only
    /// where safe) and [`DEFAULT_MAX_IMAGE_BYTES`] per image.
    pub fn new(key: C::Key) -> Self {
        ClientBuilder {
            key,
            base_url: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent_suffix: None,
            http_client: None,
            transport: None,
            retry: RetryPolicy::default(),
            max_image_bytes: DEFAULT_MAX_IMAGE_BYTES,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// A builder with the key from its environment variable (`DVS_PUBLIC_KEY` or
    /// `DVS_SECRET_KEY`) and, if set, the base URL from `DVS_BASE_URL`.
    pub fn from_env() -> Result<Self, Error> {
        let mut builder = Self::new(C::Key::from_env()?);
        if let Ok(url) = std::env::var(BASE_URL_ENV) {
            if !url.trim().is_empty() {
                builder.base_url = Some(url);
            }
        }
        Ok(builder)
    }

    /// The server to call (default `https://dvs2.idware.net/`). `http://` is accepted only
    /// for loopback hosts. Checked at [`build`](Self::build).
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The total time allowed for one attempt (default 120 s); `None` for no limit.
    #[must_use]
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// The time allowed to connect (default 10 s); zero is refused at [`build`](Self::build).
    /// Not used with an injected client or transport, nor in the browser.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Text appended to the user agent `dvs-rs/<version>`, e.g. `my-app/1.2`.
    #[must_use]
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Uses your own `reqwest::Client` (proxy, TLS roots, pool settings). Configure it with
    /// `redirect::Policy::none()` so redirects are not followed.
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Uses your own [`Transport`] instead of reqwest.
    #[must_use]
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The retry policy (default: two retries, and only where provably safe).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest image accepted for upload, in bytes (default [`DEFAULT_MAX_IMAGE_BYTES`]).
    #[must_use]
    pub fn max_image_bytes(mut self, limit: usize) -> Self {
        self.max_image_bytes = limit;
        self
    }

    /// The largest response body read, in bytes (default 64 MiB).
    #[must_use]
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Validates the options and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", self.key.expose_secret()))
            .map_err(|_| Error::Config("the API key cannot be sent in an HTTP header".into()))?;
        auth.set_sensitive(true);
        let mut agent = format!("dvs-rs/{}", env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            let suffix = suffix.trim();
            if !suffix.is_empty() {
                agent.push(' ');
                agent.push_str(suffix);
            }
        }
        let user_agent = HeaderValue::from_str(&agent).map_err(|_| {
            Error::Config("the user agent suffix holds characters not allowed in a header".into())
        })?;
        if self.timeout == Some(Duration::ZERO) {
            return Err(Error::Config("the timeout must be longer than zero".into()));
        }
        if self.connect_timeout.is_zero() {
            return Err(Error::Config(
                "the connect timeout must be longer than zero".into(),
            ));
        }
        if self.max_image_bytes == 0 {
            return Err(Error::Config(
                "the image size limit must be above zero".into(),
            ));
        }
        if self.max_response_bytes == 0 {
            return Err(Error::Config(
                "the response size limit must be above zero".into(),
            ));
        }
        let transport: Arc<dyn Transport> = match (self.transport, self.http_client) {
            (Some(transport), _) => transport,
            (None, Some(client)) => Arc::new(ReqwestTransport::new(client)),
            (None, None) => {
                let client = ReqwestTransport::default_client(self.connect_timeout)
                    .map_err(|e| Error::Config(format!("cannot build the HTTP client ({e})")))?;
                Arc::new(ReqwestTransport::new(client))
            }
        };
        Ok(C::from_engine(Engine::from_parts(EngineParts {
            base_url,
            auth,
            key_kind: <C::Key as ApiKey>::KIND,
            user_agent,
            transport,
            retry: self.retry,
            timeout: self.timeout,
            max_image_bytes: self.max_image_bytes,
            max_response_bytes: self.max_response_bytes,
        })))
    }
}
