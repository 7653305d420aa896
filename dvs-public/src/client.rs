//! [`Client`]: the client-side DVS client, built only from a [`PublicKey`].

use std::fmt;

use dvs_core::internal::{ApiCall, BuildClient, Engine, traced};
use dvs_core::{CreateRequestResponse, Error, PublicKey};

use crate::created_request::CreatedRequest;
use crate::verification_request::VerificationRequest;

/// The path of "create a verification request" (E2), under the base URL.
const CREATE_REQUEST_PATH: &str = "api/v3/Request";

/// Builds a [`Client`]: base URL, timeouts, user-agent suffix, your own `reqwest::Client` or
/// [`Transport`](crate::Transport), retry policy, image size limit.
///
/// ```
/// use std::time::Duration;
/// use dvs_public::{Client, PublicKey, RetryPolicy};
/// let client = Client::builder(PublicKey::new("pk_a47764c0-e3da-4300-ba2d-fdf148c011ea")?)
///     .base_url("https://dvs2.idware.net/")
///     .timeout(Duration::from_secs(60))
///     .user_agent_suffix("kiosk-app/2.1")
///     .retry_policy(RetryPolicy::none())
///     .max_image_bytes(4 * 1024 * 1024)
///     .build()?;
/// assert_eq!(client.max_image_bytes(), 4 * 1024 * 1024);
/// # Ok::<(), dvs_public::Error>(())
/// ```
pub type ClientBuilder = dvs_core::internal::ClientBuilder<Client>;

/// The client-side DVS client: creates verification requests and uploads the ID images and
/// the selfie, with a public key (`pk_…`) only.
///
/// `Clone + Send + Sync`; a clone is one reference-count increment and shares the
/// connection pool, so build one client and clone it where needed. `Debug` shows the key's
/// prefix only.
#[derive(Clone)]
pub struct Client {
    engine: Engine,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.engine.fmt_as("Client", f)
    }
}

impl BuildClient for Client {
    type Key = PublicKey;

    fn from_engine(engine: Engine) -> Self {
        Client { engine }
    }
}

impl Client {
    /// A builder for a client with this public key.
    pub fn builder(key: PublicKey) -> ClientBuilder {
        ClientBuilder::new(key)
    }

    /// A client with every option at its default (see [`ClientBuilder`]'s defaults).
    pub fn new(key: PublicKey) -> Result<Client, Error> {
        Client::builder(key).build()
    }

    /// A client with the key from `DVS_PUBLIC_KEY` and, if set, the base URL from
    /// `DVS_BASE_URL`. An unset or malformed key is an error, never a default.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env()?.build()
    }

    /// The largest image accepted for upload, in bytes (default
    /// [`DEFAULT_MAX_IMAGE_BYTES`](crate::DEFAULT_MAX_IMAGE_BYTES)).
    pub fn max_image_bytes(&self) -> usize {
        self.engine.max_image_bytes()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        self.engine.base_url().as_str()
    }

    /// Checks a request locally against this client's image size limit, without sending it
    /// (e.g. to show a message before a slow upload). [`create_request`](Self::create_request)
    /// runs the same checks.
    pub fn check(&self, request: &VerificationRequest) -> Result<(), Error> {
        request.check(self.max_image_bytes())
    }

    /// Creates a verification request on DVS and uploads its images
    /// (`POST /api/v3/Request`). Returns the new request's id and status.
    ///
    /// The request is [checked](VerificationRequest::check) first; a problem is returned as
    /// [`Error::InvalidImage`] or [`Error::InvalidInput`] and nothing is sent.
    ///
    /// **Not idempotent:** every POST creates a new request. It is re-sent only when it
    /// provably did not reach DVS ([`Error::Connect`]) or DVS asked for it (429 or 503 with
    /// `Retry-After`), as the [retry policy](crate::RetryPolicy) allows. After
    /// [`Error::Timeout`] or [`Error::Transport`] the outcome is unknown and the call is not
    /// repeated; ask the user to start over rather than re-sending blindly.
    ///
    /// Memory: the images are moved in and held once; the JSON body is streamed from them,
    /// its base64 encoded a chunk at a time while it is sent, with an exact `Content-Length`
    /// (in the browser, or with a [`Transport`](crate::Transport) that needs the bytes, one
    /// buffer of exactly the body's length). See the crate docs, *Memory*.
    pub async fn create_request(
        &self,
        request: VerificationRequest,
    ) -> Result<CreatedRequest, Error> {
        traced("create_request", None, async {
            let wire = request.into_wire()?;
            // Checked, then written: the body shares the images' bytes (no copy) and encodes
            // them as it is sent.
            let body = wire.checked_body(self.max_image_bytes())?;
            drop(wire);
            let (response, _raw) = self
                .engine
                .execute_json::<CreateRequestResponse>(ApiCall::post(CREATE_REQUEST_PATH, body))
                .await?;
            Ok(response.into())
        })
        .await
    }
}
