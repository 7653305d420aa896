//! [`Client`]: the backend client, built from a [`SecretKey`] only.

use std::fmt;

use dvs_core::SecretKey;
use dvs_core::internal::{BuildClient, Engine};

use crate::Result;

/// Builds a [`Client`]: base URL, timeouts, user-agent suffix, your own `reqwest::Client` or
/// [`Transport`](crate::Transport), retry policy, image size limit.
///
/// ```
/// use std::time::Duration;
/// use dvs_secret::{Client, RetryPolicy, SecretKey};
/// let client = Client::builder(SecretKey::new("sk_a47764c0-e3da-4300-ba2d-fdf148c011ea")?)
///     .base_url("https://dvs2.idware.net/")
///     .timeout(Duration::from_secs(60))
///     .retry_policy(RetryPolicy::none())
///     .build()?;
/// assert_eq!(client.base_url(), "https://dvs2.idware.net/");
/// # Ok::<(), dvs_secret::Error>(())
/// ```
pub type ClientBuilder = dvs_core::internal::ClientBuilder<Client>;

/// The backend (secret key) DVS client: Verify a request id, fetch a stored result, and verify
/// images directly (v3 or v4).
///
/// Built only from a [`SecretKey`]; the builder ([`ClientBuilder`], shared with the public
/// client through `dvs-core`) sets the base URL, timeouts, retry policy, user agent, image
/// limit and an injected `reqwest::Client` or transport. Cheap to clone (one `Arc`),
/// `Send + Sync`, and clones share one connection pool: build it once and keep it.
///
/// `Debug` shows the key's prefix only.
///
/// A public key parses as what it is,
///
/// ```
/// use dvs_core::PublicKey;
/// let key: PublicKey = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse().unwrap();
/// # let _ = key;
/// ```
///
/// but it does not fit this client (type mismatch, E0308):
///
/// ```compile_fail,E0308
/// use dvs_core::PublicKey;
/// let key: PublicKey = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse().unwrap();
/// let client = dvs_secret::Client::builder(key).build(); // expected `SecretKey`, found `PublicKey`
/// ```
///
/// ```compile_fail,E0308
/// use dvs_core::PublicKey;
/// let key: PublicKey = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse().unwrap();
/// let client = dvs_secret::Client::new(key); // expected `SecretKey`, found `PublicKey`
/// ```
///
/// and a `pk_…` text is refused when parsed as a secret key:
///
/// ```
/// use dvs_secret::{KeyError, SecretKey};
/// let err = "pk_a47764c0-e3da-4300-ba2d-fdf148c011ea".parse::<SecretKey>().unwrap_err();
/// assert_eq!(err, KeyError::PublicWhereSecretExpected);
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) engine: Engine,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.engine.fmt_as("Client", f)
    }
}

impl BuildClient for Client {
    type Key = SecretKey;

    fn from_engine(engine: Engine) -> Self {
        Client { engine }
    }
}

impl Client {
    /// A builder with every option at its default (see [`ClientBuilder`]'s defaults).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use dvs_secret::{Client, RetryPolicy, SecretKey};
    /// # fn main() -> dvs_secret::Result<()> {
    /// let key: SecretKey = std::env::var("DVS_SECRET_KEY").unwrap_or_default().parse()?;
    /// let client = Client::builder(key)
    ///     .base_url("https://dive.idscan.net/")
    ///     .timeout(Duration::from_secs(90))
    ///     .retry_policy(RetryPolicy::default())
    ///     .user_agent_suffix("my-backend/1.0")
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn builder(key: SecretKey) -> ClientBuilder {
        ClientBuilder::new(key)
    }

    /// A client with default options.
    pub fn new(key: SecretKey) -> Result<Client> {
        Self::builder(key).build()
    }

    /// A client with the key from `DVS_SECRET_KEY` and, if set, the base URL from
    /// `DVS_BASE_URL`.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env()?.build()
    }

    /// The base URL calls are made under.
    pub fn base_url(&self) -> &str {
        self.engine.base_url().as_str()
    }

    /// The longest one call of this client can take: every attempt its
    /// [`RetryPolicy`](crate::RetryPolicy) allows running to the timeout, and the longest
    /// wait before each retry. `None` when the client has no timeout. A caller that holds
    /// something while a call runs (a lease, a lock) can size it from this.
    ///
    /// ```
    /// use std::time::Duration;
    /// use dvs_secret::{Client, RetryPolicy, SecretKey};
    /// let key: SecretKey = "sk_3fa85f64-5717-4562-b3fc-2c963f66afa6".parse()?;
    /// let client = Client::builder(key)
    ///     .timeout(Duration::from_secs(60))
    ///     .retry_policy(RetryPolicy::none())
    ///     .build()?;
    /// assert_eq!(client.max_call_duration(), Some(Duration::from_secs(60)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_call_duration(&self) -> Option<std::time::Duration> {
        self.engine.max_call_duration()
    }
}
