//! [`MockDvs`]: the running mock server, and [`MockDvsBuilder`] to configure it.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

use dvs_core::{PublicKey, SecretKey};

use crate::server::Server;
use crate::state::{Config, Shared, State};
use crate::validation::Rules;
use crate::{ReceivedRequest, Scenario, random};

/// How long a created request can wait for its Verify call, unless configured.
pub const DEFAULT_REQUEST_EXPIRY: Duration = Duration::from_secs(15 * 60);
/// How long the `slow` scenario delays its answer, unless configured.
pub const DEFAULT_SLOW_DELAY: Duration = Duration::from_secs(2);
/// The `Retry-After` the `rate-limited` scenario sends, unless configured.
pub const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(1);
/// How many received requests [`MockDvs::received`] keeps (the most recent), unless
/// configured: enough for any test, and a mock left running for days does not grow.
pub const DEFAULT_JOURNAL_CAPACITY: usize = 1_000;
/// How many created requests (with their images) the mock keeps for Verify and the result
/// endpoint (the most recent), unless configured.
pub const DEFAULT_STORED_REQUESTS: usize = 1_000;

/// A running offline DVS on a loopback port, with its own keys and state.
///
/// It serves HTTP/1.1 from a thread of its own, so it answers whatever the runtime that
/// started it is doing. It stops when dropped: it accepts no more connections, and drops the
/// open ones with any answer still in flight. `Debug` shows the base URL, never the keys.
pub struct MockDvs {
    server: Server,
    shared: Arc<Shared>,
}

impl MockDvs {
    /// Starts a mock with fresh random keys, the `approved` scenario and default timings.
    pub async fn start() -> MockDvs {
        MockDvs::builder().start().await
    }

    /// A builder for fixed keys, a default scenario, expiry and latency.
    pub fn builder() -> MockDvsBuilder {
        MockDvsBuilder::default()
    }

    /// The base URL to give a DVS client, ending with `/` (e.g. `http://127.0.0.1:41234/`).
    pub fn base_url(&self) -> String {
        format!("{}/", self.uri())
    }

    /// The server's URI without a trailing slash (e.g. `http://127.0.0.1:41234`).
    pub fn uri(&self) -> String {
        format!("http://{}", self.server.address())
    }

    /// The socket address the mock listens on.
    pub fn address(&self) -> SocketAddr {
        self.server.address()
    }

    /// The public key (`pk_…`) this mock accepts for creating requests.
    pub fn public_key(&self) -> PublicKey {
        self.shared.config.public_key.clone()
    }

    /// The secret key (`sk_…`) this mock accepts everywhere.
    pub fn secret_key(&self) -> SecretKey {
        self.shared.config.secret_key.clone()
    }

    /// Sets the scenario used when neither a pushed scenario nor a payload marker picks one.
    pub fn set_default_scenario(&self, scenario: Scenario) {
        self.shared.lock().default_scenario = scenario;
    }

    /// The current default scenario.
    pub fn default_scenario(&self) -> Scenario {
        self.shared.lock().default_scenario
    }

    /// Queues a scenario for the next authorized call it can shape (first in, first out):
    /// a scenario that shapes the HTTP exchange (`server-error`, `rate-limited`, `slow`)
    /// applies to the next call of any kind; a document outcome applies to the next create
    /// or verification, so a result lookup in between (a backend checking the id first)
    /// leaves it queued.
    ///
    /// A scenario consumed by `POST /api/v3/Request` is stored with the created request and
    /// applies again when it is verified.
    pub fn push_next_scenario(&self, scenario: Scenario) {
        self.shared.lock().next.push_back(scenario);
    }

    /// Queues a scenario for the next Verify of a created request (`POST
    /// /api/v3/Verify/{requestId}`) only, whatever calls come first: to make DVS answer a
    /// backend's Verify with a 5xx (`server-error`) while its result lookups succeed, say.
    /// It goes before the scenarios of [`push_next_scenario`](Self::push_next_scenario).
    ///
    /// ```no_run
    /// # async fn demo(mock: dvs_mock::MockDvs) {
    /// mock.push_next_verify_scenario(dvs_mock::Scenario::ServerError);
    /// # }
    /// ```
    pub fn push_next_verify_scenario(&self, scenario: Scenario) {
        self.shared.lock().next_verify.push_back(scenario);
    }

    /// Loses the answer of the next Verify of a created request (`POST
    /// /api/v3/Verify/{requestId}`): the request is processed as usual (its result is stored
    /// and the request is no longer pending), but the connection closes without a response,
    /// as when the network or a proxy drops DVS's answer. Calls again add up.
    ///
    /// ```no_run
    /// # async fn demo(mock: dvs_mock::MockDvs) {
    /// mock.lose_next_verify_answer(); // the backend sees a broken connection, DVS has verified
    /// # }
    /// ```
    pub fn lose_next_verify_answer(&self) {
        let mut state = self.shared.lock();
        state.lost_verify_answers = state.lost_verify_answers.saturating_add(1);
    }

    /// The requests received, oldest first: every one, up to the journal's capacity
    /// ([`MockDvsBuilder::journal_capacity`], default [`DEFAULT_JOURNAL_CAPACITY`]); beyond
    /// it, the most recent ones.
    pub fn received(&self) -> Vec<ReceivedRequest> {
        self.shared.lock().received.iter().cloned().collect()
    }

    /// Forgets the received requests (stored verification requests are kept).
    pub fn clear_received(&self) {
        self.shared.lock().received.clear();
    }
}

impl fmt::Debug for MockDvs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockDvs")
            .field("base_url", &self.base_url())
            .field("public_key", &self.shared.config.public_key)
            .field("secret_key", &self.shared.config.secret_key)
            .finish_non_exhaustive()
    }
}

/// Configures a [`MockDvs`] before it starts.
///
/// ```no_run
/// use std::time::Duration;
/// use dvs_mock::{MockDvs, Scenario};
/// # async fn demo() {
/// let mock = MockDvs::builder()
///     .public_key("pk_00000000-0000-4000-8000-000000000001".parse().unwrap())
///     .secret_key("sk_00000000-0000-4000-8000-000000000002".parse().unwrap())
///     .default_scenario(Scenario::FaceMismatch)
///     .request_expiry(Duration::from_secs(60))
///     .latency(Duration::from_millis(50))
///     .strict_fields(true)
///     .front_only(true)
///     .start()
///     .await;
/// # }
/// ```
#[derive(Debug, Default)]
pub struct MockDvsBuilder {
    public_key: Option<PublicKey>,
    secret_key: Option<SecretKey>,
    default_scenario: Scenario,
    request_expiry: Option<Duration>,
    latency: Duration,
    slow_delay: Option<Duration>,
    retry_after: Option<Duration>,
    listener: Option<TcpListener>,
    rules: Rules,
    journal_capacity: Option<usize>,
    stored_requests: Option<usize>,
}

impl MockDvsBuilder {
    /// Uses a fixed public key instead of a fresh random one.
    #[must_use]
    pub fn public_key(mut self, key: PublicKey) -> Self {
        self.public_key = Some(key);
        self
    }

    /// Uses a fixed secret key instead of a fresh random one.
    #[must_use]
    pub fn secret_key(mut self, key: SecretKey) -> Self {
        self.secret_key = Some(key);
        self
    }

    /// The scenario when nothing else picks one (default `approved`).
    #[must_use]
    pub fn default_scenario(mut self, scenario: Scenario) -> Self {
        self.default_scenario = scenario;
        self
    }

    /// How long a created request stays verifiable ([`DEFAULT_REQUEST_EXPIRY`] unless set).
    #[must_use]
    pub fn request_expiry(mut self, expiry: Duration) -> Self {
        self.request_expiry = Some(expiry);
        self
    }

    /// A delay added to every answer (none unless set).
    #[must_use]
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// The extra delay of the `slow` scenario ([`DEFAULT_SLOW_DELAY`] unless set).
    #[must_use]
    pub fn slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = Some(delay);
        self
    }

    /// The `Retry-After` of the `rate-limited` scenario, in whole seconds rounded up
    /// ([`DEFAULT_RETRY_AFTER`] unless set).
    #[must_use]
    pub fn retry_after(mut self, delay: Duration) -> Self {
        self.retry_after = Some(delay);
        self
    }

    /// Refuses body fields the request model does not have with `400 ValidationError`
    /// naming them (and a name sent twice in two casings), to catch typos. Off by default:
    /// like the real service (ASP.NET model binding), the mock ignores such fields and
    /// lists them in [`ReceivedRequest::ignored_fields`], so bodies built by IDScan's own
    /// web library (`frontEndMetadata`, `frontMultiImagesBase64` …) are accepted.
    #[must_use]
    pub fn strict_fields(mut self, strict: bool) -> Self {
        self.rules.strict_fields = strict;
        self
    }

    /// The account setting "process the front of documents only". Off by default (back
    /// processing on): a DL/ID or other back-reading document without back image and
    /// without track string is answered `400 BackImageOrTrackStringNotPresentError`, as a
    /// real account with the default settings does. On: such a request is accepted, unless
    /// it turns back processing on itself (`isBackOrSecondImageProcessingEnabled` /
    /// `isBackOrSecondImageProcessing` in `overriddenSettings`).
    #[must_use]
    pub fn front_only(mut self, front_only: bool) -> Self {
        self.rules.front_only = front_only;
        self
    }

    /// Serves on this listener instead of a free loopback port (used by the `dvs-mock`
    /// binary for `--port`).
    #[must_use]
    pub fn listener(mut self, listener: TcpListener) -> Self {
        self.listener = Some(listener);
        self
    }

    /// How many received requests [`MockDvs::received`] keeps, the most recent (default
    /// [`DEFAULT_JOURNAL_CAPACITY`]); `0` turns the journal off.
    #[must_use]
    pub fn journal_capacity(mut self, capacity: usize) -> Self {
        self.journal_capacity = Some(capacity);
        self
    }

    /// How many created requests the mock keeps for Verify and the result endpoint, the
    /// most recent (default [`DEFAULT_STORED_REQUESTS`], at least 1). An older request
    /// answers as unknown, as an expired one would be after its expiry.
    #[must_use]
    pub fn stored_requests(mut self, capacity: usize) -> Self {
        self.stored_requests = Some(capacity);
        self
    }

    /// Starts the mock.
    ///
    /// # Panics
    ///
    /// When no listener was given and no loopback port can be bound, or when the mock cannot
    /// serve at all: the given listener's address cannot be read or it cannot be made
    /// non-blocking, or the operating system refuses the mock its thread or its I/O driver.
    pub async fn start(self) -> MockDvs {
        let retry_after = self.retry_after.unwrap_or(DEFAULT_RETRY_AFTER);
        let config = Config {
            public_key: self.public_key.unwrap_or_else(fresh_public_key),
            secret_key: self.secret_key.unwrap_or_else(fresh_secret_key),
            request_expiry: self.request_expiry.unwrap_or(DEFAULT_REQUEST_EXPIRY),
            latency: self.latency,
            slow_delay: self.slow_delay.unwrap_or(DEFAULT_SLOW_DELAY),
            retry_after_secs: retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0),
            journal_capacity: self.journal_capacity.unwrap_or(DEFAULT_JOURNAL_CAPACITY),
            stored_requests: self.stored_requests.unwrap_or(DEFAULT_STORED_REQUESTS),
            rules: self.rules,
        };
        let state = State {
            default_scenario: self.default_scenario,
            ..State::default()
        };
        let shared = Arc::new(Shared::new(config, state));

        let listener = match self.listener {
            Some(listener) => listener,
            None => TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
                .unwrap_or_else(|e| panic!("dvs-mock cannot bind a loopback port: {e}")),
        };
        let server = Server::start(listener, Arc::clone(&shared))
            .unwrap_or_else(|e| panic!("dvs-mock cannot serve: {e}"));
        MockDvs { server, shared }
    }
}

#[expect(
    clippy::expect_used,
    reason = "`pk_` followed by a UUID always passes PublicKey validation"
)]
fn fresh_public_key() -> PublicKey {
    PublicKey::new(format!("pk_{}", random::request_id())).expect("a pk_ + UUID key is valid")
}

#[expect(
    clippy::expect_used,
    reason = "`sk_` followed by a UUID always passes SecretKey validation"
)]
fn fresh_secret_key() -> SecretKey {
    SecretKey::new(format!("sk_{}", random::request_id())).expect("an sk_ + UUID key is valid")
}
