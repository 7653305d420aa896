//! [`Verifier`]: strict parse → claim for the user → verify (or recover) → policy → summary.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use dvs_secret::{
    Client, Error, IdentityClaim, Policy, RequestId, Summary, VerificationResult, Verified,
};
use tracing::Instrument;
use tracing::field::Empty;

use crate::claim::{Claim, ClaimOutcome, ClaimState, ClaimTerms, Finish};
use crate::refusal::{Refusal, RefusalKind};
use crate::result_sink::{DiscardResults, ResultSink};
use crate::{ClaimStore, UserId};

/// The verifier's limits and timings. The defaults suit the DVS client's defaults (a
/// 120-second timeout).
///
/// ```
/// use std::time::Duration;
/// use dvs_backend::Settings;
/// let settings = Settings::default()
///     .limit(5, Duration::from_secs(3600))
///     .lease(Duration::from_secs(300));
/// assert_eq!(settings.claims_per_window(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    lease: Duration,
    unknown_outcome_grace: Duration,
    claims_per_window: u32,
    window: Duration,
    wait_for_pending: Duration,
}

impl Default for Settings {
    /// A 5-minute lease, 30 s of grace after an unknown outcome, 10 claims per user per hour,
    /// and up to 30 s of waiting for a pending claim of the same user.
    fn default() -> Self {
        Settings {
            lease: Duration::from_secs(300),
            unknown_outcome_grace: Duration::from_secs(30),
            claims_per_window: 10,
            window: Duration::from_secs(3600),
            wait_for_pending: Duration::from_secs(30),
        }
    }
}

impl Settings {
    /// How long a claimant holds a pending claim before the same user's next submission may
    /// take it over (its backend is presumed gone). Keep it above the DVS client's timeout
    /// (with its retries): a claim taken over while its Verify is still in flight could
    /// lead to a second Verify.
    pub fn lease(mut self, lease: Duration) -> Settings {
        self.lease = lease;
        self
    }

    /// After Verify's outcome was unknown (timeout, lost answer), how long DVS is given to
    /// finish before the user's next submission looks the result up.
    pub fn unknown_outcome_grace(mut self, grace: Duration) -> Settings {
        self.unknown_outcome_grace = grace;
        self
    }

    /// At most `claims` new request ids per user within any `window` (every Verify may be
    /// billed). Counted in the store, so it holds across backend instances.
    pub fn limit(mut self, claims: u32, window: Duration) -> Settings {
        self.claims_per_window = claims;
        self.window = window;
        self
    }

    /// How long a submission waits for the same user's pending claim of the same id (a
    /// double click, a browser retry) before answering `verification_pending`.
    pub fn wait_for_pending(mut self, wait: Duration) -> Settings {
        self.wait_for_pending = wait;
        self
    }

    /// The lease of a pending claim.
    pub fn lease_duration(&self) -> Duration {
        self.lease
    }

    /// The claims one user may make per window.
    pub fn claims_per_window(&self) -> u32 {
        self.claims_per_window
    }

    /// The limit's window.
    pub fn window(&self) -> Duration {
        self.window
    }
}

/// The enhanced flow's backend step, with the trust boundary built in: give it the signed-in
/// user and the request id the client app sent, get a [`Summary`] or a [`Refusal`].
///
/// For each submission it
///
/// 1. parses the id strictly ([`RequestId`]; `invalid_request_id` otherwise);
/// 2. **claims** it for the user in the [`ClaimStore`], atomically, before any call to DVS:
///    an id claimed by another user is refused (`already_processed`, no Verify); the same
///    user's repeat waits for and gets the same answer (no second Verify); a user over the
///    limit gets `too_many_verifications`;
/// 3. calls [`Client::verify_or_recover`] once; DVS's `RequestAlreadyProcessed` for an id
///    this backend had not verified (a replay of an id verified elsewhere) is refused;
/// 4. applies the [`Policy`], hands the full [`VerificationResult`] to the [`ResultSink`]
///    and stores and returns only the [`Summary`].
///
/// Cheap to clone; build one at startup and share it.
///
/// ```no_run
/// use dvs_backend::{MemoryStore, UserId, Verifier};
/// use dvs_secret::Client;
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = Verifier::builder(Client::from_env()?, MemoryStore::new()).build();
/// let user = UserId::new("account-42")?; // from your sign-in
/// match verifier.verify_for(&user, "3fa85f64-5717-4562-b3fc-2c963f66afa6").await {
///     Ok(summary) => println!("{:?}", summary.outcome),
///     Err(refusal) => println!("{} {}", refusal.status(), refusal.code()),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

struct Inner {
    client: Client,
    policy: Policy,
    store: Arc<dyn ClaimStore>,
    sink: Arc<dyn ResultSink>,
    settings: Settings,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("client", &self.inner.client)
            .field("policy", &self.inner.policy)
            .field("store", &self.inner.store)
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// Builds a [`Verifier`]: the DVS client and the claim store, then optionally the policy,
/// the result sink and the settings.
#[derive(Debug)]
pub struct VerifierBuilder {
    client: Client,
    store: Arc<dyn ClaimStore>,
    policy: Policy,
    sink: Option<Arc<dyn ResultSink>>,
    settings: Settings,
}

impl VerifierBuilder {
    /// The policy that decides (default: [`Policy::default`]).
    pub fn policy(mut self, policy: Policy) -> VerifierBuilder {
        self.policy = policy;
        self
    }

    /// Where full results go (default: [`DiscardResults`]).
    pub fn result_sink(mut self, sink: impl ResultSink + 'static) -> VerifierBuilder {
        self.sink = Some(Arc::new(sink));
        self
    }

    /// Limits and timings (default: [`Settings::default`]).
    pub fn settings(mut self, settings: Settings) -> VerifierBuilder {
        self.settings = settings;
        self
    }

    /// The verifier.
    pub fn build(self) -> Verifier {
        Verifier {
            inner: Arc::new(Inner {
                client: self.client,
                policy: self.policy,
                store: self.store,
                sink: self.sink.unwrap_or_else(|| Arc::new(DiscardResults)),
                settings: self.settings,
            }),
        }
    }
}

impl fmt::Debug for dyn ResultSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResultSink")
    }
}

/// How an attempt starts: a fresh claim verifies; a take-over looks the result up first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Verify,
    LookUp,
}

/// Why an attempt did not produce a result.
enum Failure {
    /// DVS said the id had been verified before this backend's first attempt: a replay.
    Replay,
    Dvs(Error),
}

impl Verifier {
    /// A builder over `client` (the secret-key DVS client) and `store`.
    pub fn builder(client: Client, store: impl ClaimStore + 'static) -> VerifierBuilder {
        Self::builder_shared(client, Arc::new(store))
    }

    /// A builder over a store shared with other verifiers (or kept by the app).
    pub fn builder_shared(client: Client, store: Arc<dyn ClaimStore>) -> VerifierBuilder {
        VerifierBuilder {
            client,
            store,
            policy: Policy::default(),
            sink: None,
            settings: Settings::default(),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.inner.settings
    }

    /// Verifies the request id `untrusted_request_id` for the signed-in `user`: the
    /// framework-independent core of the [axum adapter](crate::axum_adapter) (see the type's
    /// docs for the steps).
    ///
    /// Emits one `dvs_backend.verification` span with the request id (once it parsed),
    /// attempt, outcome and duration; never the user, document data or DVS's text.
    pub async fn verify_for(
        &self,
        user: &UserId,
        untrusted_request_id: &str,
    ) -> Result<Summary, Refusal> {
        self.verify_for_claim(user, untrusted_request_id, &IdentityClaim::new())
            .await
    }

    /// [`verify_for`](Self::verify_for), with what the user typed (name, date of birth) for
    /// the policy's identity match ([`Policy::decide_with_claim`]). The summary says whether
    /// it matched, never the values. A retry of the same user gets the stored summary, decided
    /// with the claim of the submission that verified.
    pub async fn verify_for_claim(
        &self,
        user: &UserId,
        untrusted_request_id: &str,
        claim: &IdentityClaim,
    ) -> Result<Summary, Refusal> {
        let span = tracing::info_span!(
            "dvs_backend.verification",
            request_id = Empty,
            attempt = Empty,
            outcome = Empty,
            duration_ms = Empty,
        );
        let started = Instant::now();
        let answer = self
            .submit(user, untrusted_request_id, claim)
            .instrument(span.clone())
            .await;
        let outcome = match &answer {
            Ok(summary) => outcome_name(summary),
            Err(refusal) => refusal.code(),
        };
        span.record("outcome", outcome);
        span.record(
            "duration_ms",
            u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        );
        span.in_scope(|| match &answer {
            Ok(_) => tracing::info!(outcome, "verification answered"),
            Err(refusal) => {
                tracing::info!(outcome, status = refusal.status(), "verification refused")
            }
        });
        answer
    }

    async fn submit(
        &self,
        user: &UserId,
        text: &str,
        identity: &IdentityClaim,
    ) -> Result<Summary, Refusal> {
        let inner = &self.inner;
        let id = RequestId::parse(text).map_err(|_| Refusal::new(RefusalKind::InvalidRequestId))?;
        tracing::Span::current().record("request_id", id.as_str());
        let settings = &inner.settings;
        let terms = ClaimTerms::new(settings.lease, settings.claims_per_window, settings.window);
        let deadline = Instant::now() + settings.wait_for_pending;
        let mut pause = Duration::from_millis(20);
        loop {
            let outcome = inner
                .store
                .claim(&id, user, &terms)
                .await
                .map_err(|e| store_failed("claim", &e))?;
            let claim = match outcome {
                ClaimOutcome::Claimed => {
                    tracing::debug!("request id claimed");
                    return self.attempt(&id, user, 1, Start::Verify, identity).await;
                }
                ClaimOutcome::LimitReached { retry_after } => {
                    return Err(Refusal::new(RefusalKind::TooManyVerifications)
                        .with_retry_after(retry_after.max(Duration::from_secs(1))));
                }
                ClaimOutcome::Existing(claim) => claim,
            };
            if claim.user != *user {
                tracing::debug!("request id claimed by another user");
                return Err(Refusal::new(RefusalKind::AlreadyUsed));
            }
            match claim.state {
                ClaimState::Done(summary) => return Ok(summary),
                ClaimState::Refused(code) => {
                    return Err(Refusal::from_stored_code(&code)
                        .unwrap_or_else(|| Refusal::new(RefusalKind::AlreadyUsed)));
                }
                ClaimState::Pending {
                    lease_expired: true,
                } => {
                    let taken = inner
                        .store
                        .take_over(&id, claim.attempt, settings.lease)
                        .await
                        .map_err(|e| store_failed("take_over", &e))?;
                    if taken {
                        tracing::debug!(attempt = claim.attempt + 1, "pending claim taken over");
                        return self
                            .attempt(&id, user, claim.attempt + 1, Start::LookUp, identity)
                            .await;
                    }
                }
                ClaimState::Pending { .. } => {
                    if Instant::now() >= deadline {
                        return Err(Refusal::new(RefusalKind::VerificationPending)
                            .with_retry_after(Duration::from_secs(2)));
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
            }
        }
    }

    /// One attempt on a claim this call holds: a result, and the claim moved on.
    async fn attempt(
        &self,
        id: &RequestId,
        user: &UserId,
        attempt: u32,
        start: Start,
        identity: &IdentityClaim,
    ) -> Result<Summary, Refusal> {
        tracing::Span::current().record("attempt", attempt);
        let result = match start {
            Start::Verify => self.send_verify(id, attempt).await,
            Start::LookUp => match self.inner.client.get_result(id).await {
                Ok(stored) => match stored.result {
                    Some(result) => {
                        tracing::debug!("earlier attempt's result recovered by lookup");
                        Ok(result)
                    }
                    None => self.send_verify(id, attempt).await,
                },
                Err(e) => Err(Failure::Dvs(e)),
            },
        };
        match result {
            Ok(result) => self.conclude(id, user, attempt, &result, identity).await,
            Err(Failure::Replay) => {
                tracing::debug!("DVS had verified this id before it was claimed: refused");
                let refusal = Refusal::new(RefusalKind::AlreadyUsed);
                self.finish(id, attempt, &Finish::Refused(refusal.code()))
                    .await;
                Err(refusal)
            }
            Err(Failure::Dvs(error)) => Err(self.settle_error(id, attempt, &error).await),
        }
    }

    /// Verify, at most once for this attempt (recovering a lost answer by lookup).
    async fn send_verify(
        &self,
        id: &RequestId,
        attempt: u32,
    ) -> Result<VerificationResult, Failure> {
        match self.inner.client.verify_or_recover(id).await {
            Ok(Verified::Recovered {
                cause: Error::AlreadyProcessed(_),
                ..
            })
            | Err(Error::AlreadyProcessed(_))
                if attempt == 1 =>
            {
                Err(Failure::Replay)
            }
            Ok(verified) => Ok(verified.into_result()),
            Err(e) => Err(Failure::Dvs(e)),
        }
    }

    /// Moves the claim on after a DVS error, and says what the user gets.
    async fn settle_error(&self, id: &RequestId, attempt: u32, error: &Error) -> Refusal {
        let refusal = Refusal::from_dvs_error(error);
        let settings = &self.inner.settings;
        match error {
            // Final answers from DVS about this id: kept, so a retry gets them without a call.
            Error::NotFound(_)
            | Error::Expired(_)
            | Error::DocumentRejected(_)
            | Error::Validation(_) => {
                self.finish(id, attempt, &Finish::Refused(refusal.code()))
                    .await;
                refusal
            }
            // Our own earlier attempt's Verify was processed but its result could not be
            // fetched now: the next submission looks it up again.
            Error::AlreadyProcessed(_) => {
                self.renew(id, attempt, Duration::ZERO).await;
                Refusal::new(RefusalKind::VerificationPending)
                    .with_retry_after(Duration::from_secs(2))
            }
            // DVS may still be processing: give it time before a lookup.
            e if e.outcome_unknown() => {
                self.renew(id, attempt, settings.unknown_outcome_grace)
                    .await;
                refusal
            }
            // Nothing was processed (connect failure, rate limit, refused key, 5xx): the
            // same user's next submission takes the claim over at once (lookup first).
            _ => {
                self.renew(id, attempt, Duration::ZERO).await;
                refusal
            }
        }
    }

    async fn conclude(
        &self,
        id: &RequestId,
        user: &UserId,
        attempt: u32,
        result: &VerificationResult,
        identity: &IdentityClaim,
    ) -> Result<Summary, Refusal> {
        let inner = &self.inner;
        // Today's date in UTC is the decision date: the clock is read here, at the edge.
        let decision = inner
            .policy
            .decide_with_claim(result, dvs_secret::today_utc(), identity);
        let summary = decision.summary(result);
        if inner.sink.keep(user, id, result).await.is_err() {
            tracing::warn!(error_kind = "result_sink", "the app's result sink failed");
            self.renew(id, attempt, Duration::ZERO).await;
            return Err(Refusal::new(RefusalKind::BackendUnavailable));
        }
        match inner
            .store
            .finish(id, attempt, &Finish::Done(summary.clone()))
            .await
        {
            Ok(true) => Ok(summary),
            // Taken over meanwhile (this attempt outlived its lease): the stored answer wins.
            Ok(false) => match inner.store.lookup(id).await {
                Ok(Some(Claim {
                    state: ClaimState::Done(stored),
                    ..
                })) => Ok(stored),
                _ => Ok(summary),
            },
            Err(e) => {
                // The claim stays pending until its lease ends; the user's next submission
                // then recovers the result by lookup (no second Verify).
                store_failed("finish", &e);
                Ok(summary)
            }
        }
    }

    async fn finish(&self, id: &RequestId, attempt: u32, finish: &Finish) {
        if let Err(e) = self.inner.store.finish(id, attempt, finish).await {
            store_failed("finish", &e);
        }
    }

    async fn renew(&self, id: &RequestId, attempt: u32, lease: Duration) {
        if let Err(e) = self.inner.store.renew(id, attempt, lease).await {
            store_failed("renew", &e);
        }
    }
}

fn store_failed(operation: &'static str, error: &crate::StoreError) -> Refusal {
    tracing::warn!(operation, error = %error, error_kind = "claim_store", "claim store failed");
    Refusal::new(RefusalKind::BackendUnavailable)
}

fn outcome_name(summary: &Summary) -> &'static str {
    match summary.outcome {
        dvs_secret::Outcome::Approve => "approve",
        dvs_secret::Outcome::Review => "review",
        dvs_secret::Outcome::Reject => "reject",
    }
}
