//! [`Verifier`]: strict parse → claim for the user → look up → record "Verify sent" →
//! Verify → policy → summary, and the claims' lifecycle (reconcile, purge).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use dvs_secret::{
    AttemptOutcome, Client, Error, IdentityClaim, Policy, RequestId, RequestStatus, Summary,
    VerificationResult,
};
use tracing::Instrument;
use tracing::field::Empty;

use crate::claim::{Claim, ClaimOutcome, ClaimState, ClaimTerms, Finish};
use crate::lease_heartbeat::LeaseHeartbeat;
use crate::refusal::{Refusal, RefusalKind};
use crate::result_sink::{DiscardResults, ResultSink};
use crate::settings::{Settings, SettingsError};
use crate::standing::UserStatus;
use crate::{ClaimStore, StoreError, UserId};

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
/// 3. looks the id up at DVS (free, idempotent): an id DVS already verified or rejected was
///    verified by someone else (a replay) and is refused as `already_processed`;
/// 4. records in the claim that Verify is sent, then sends it once; a take-over of a claim
///    whose Verify was sent only looks the result up, so Verify is never sent twice for one
///    claim, and a result is adopted only when this store sent Verify for it;
/// 5. applies the [`Policy`], hands the full [`VerificationResult`] and the [`Summary`] to
///    the [`ResultSink`], and stores and returns only the summary.
///
/// The lease of the claim is renewed while the attempt runs, and the attempt runs on its
/// own task: a caller that goes away (an HTTP client that disconnects) does not abandon a
/// claim mid-Verify. The state machine is described on [`Claim`](crate::Claim).
///
/// Cheap to clone; build one at startup and share it.
///
/// ```no_run
/// use dvs_backend::{MemoryStore, UserId, Verifier};
/// use dvs_secret::Client;
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = Verifier::builder(Client::from_env()?, MemoryStore::new()).build()?;
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
    /// The lease in force: the one set, or derived from the client.
    lease: Duration,
    /// Submissions waiting for a pending id, per id, in this process.
    waiters: Mutex<HashMap<RequestId, usize>>,
    /// The policy's fingerprint, stored with each decision.
    policy_fingerprint: String,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("client", &self.inner.client)
            .field("policy", &self.inner.policy)
            .field("store", &self.inner.store)
            .field("settings", &self.inner.settings)
            .field("lease", &self.inner.lease)
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

    /// The verifier; refuses settings that cannot work with the client (a lease shorter
    /// than the client's longest attempt, see [`Settings::lease`]).
    pub fn build(self) -> Result<Verifier, SettingsError> {
        let lease = self.settings.lease_for(&self.client)?;
        let policy_fingerprint = self.policy.fingerprint();
        Ok(Verifier {
            inner: Arc::new(Inner {
                policy_fingerprint,
                client: self.client,
                policy: self.policy,
                store: self.store,
                sink: self.sink.unwrap_or_else(|| Arc::new(DiscardResults)),
                settings: self.settings,
                lease,
                waiters: Mutex::new(HashMap::new()),
            }),
        })
    }
}

impl fmt::Debug for dyn ResultSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ResultSink")
    }
}

/// How an attempt ends, applied to the claim once its lease is no longer renewed.
enum Ending {
    /// Verified and stored (or stored by a take-over meanwhile): the answer.
    Answered(Answer),
    /// A final answer: the claim keeps the refusal.
    Final(Refusal),
    /// Not final: the claim stays pending, its lease ends `after` from now (the user's next
    /// submission then takes it over); with `clear_sent`, DVS provably did not process the
    /// Verify this attempt sent, so the next attempt may send it.
    Release {
        refusal: Refusal,
        after: Duration,
        clear_sent: bool,
    },
    /// The claim is no longer this attempt's (taken over): answer only.
    Lost(Refusal),
}

/// A verification's answer: the summary, whether this submission decided it, and when it
/// was decided.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Answer {
    /// What the client app may see.
    pub summary: Summary,
    /// `true` when this submission verified and decided; `false` when the summary is the
    /// stored answer of an earlier submission (a retry, a double click, another instance).
    pub fresh: bool,
    /// When the decision was made; `None` for a stored answer recorded before decision
    /// times were kept.
    pub decided_at: Option<SystemTime>,
}

/// Whether an attempt may send Verify: a submission may; reconciliation never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum May {
    SendVerify,
    OnlyLookUp,
}

/// What [`Verifier::reconcile`] did with the stale pending claims it found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reconciled {
    /// Settled with a result this backend caused (decided, handed to the result sink,
    /// stored), or with DVS's final answer (rejected, expired, verified elsewhere).
    pub settled: usize,
    /// Still open: DVS is still working on a Verify this backend sent, or no Verify was
    /// sent (the user's next submission sends it), or DVS could not be asked.
    pub left_pending: usize,
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

    /// The lease of pending claims: the one set, or the one derived from the client.
    pub fn lease(&self) -> Duration {
        self.inner.lease
    }

    /// [`verify_for_claim`](Self::verify_for_claim), answered with whether the summary is
    /// fresh (decided by this submission) or stored (a retry's, or another instance's), and
    /// when it was decided.
    pub async fn answer_for(
        &self,
        user: &UserId,
        untrusted_request_id: &str,
        claim: &IdentityClaim,
    ) -> Result<Answer, Refusal> {
        self.traced_submission(user, untrusted_request_id, claim)
            .await
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

    /// [`verify_for`](Self::verify_for), with what the user claims (name, date of birth)
    /// for the policy's identity match ([`Policy::decide_with_claim`]). The summary says
    /// whether it matched, never the values. A retry of the same user gets the stored
    /// summary, decided with the claim of the submission that verified.
    ///
    /// The submission runs on a task of its own: if this future is dropped (the HTTP client
    /// went away), the verification still finishes and its answer is stored for the user's
    /// retry.
    pub async fn verify_for_claim(
        &self,
        user: &UserId,
        untrusted_request_id: &str,
        claim: &IdentityClaim,
    ) -> Result<Summary, Refusal> {
        self.traced_submission(user, untrusted_request_id, claim)
            .await
            .map(|answer| answer.summary)
    }

    /// One submission on a task of its own, in its span.
    async fn traced_submission(
        &self,
        user: &UserId,
        untrusted_request_id: &str,
        claim: &IdentityClaim,
    ) -> Result<Answer, Refusal> {
        let span = tracing::info_span!(
            "dvs_backend.verification",
            request_id = Empty,
            attempt = Empty,
            outcome = Empty,
            duration_ms = Empty,
        );
        let started = Instant::now();
        let submission = {
            let (this, user, text, claim) = (
                self.clone(),
                user.clone(),
                untrusted_request_id.to_owned(),
                claim.clone(),
            );
            async move { this.submit(&user, &text, &claim).await }.instrument(span.clone())
        };
        let answer = tokio::spawn(submission)
            .await
            .unwrap_or_else(|_| Err(Refusal::new(RefusalKind::BackendUnavailable)));
        let outcome = match &answer {
            Ok(answer) => outcome_name(&answer.summary),
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

    /// Settles pending claims whose holder went away (claimed more than `older_than` ago,
    /// lease ended) without their user coming back: each is taken over and looked up,
    /// **never verified**. A result of a Verify this backend sent is decided by the policy
    /// (without an identity claim: none is stored), handed to the result sink and stored; a
    /// rejected or expired request, or one verified elsewhere, gets its final refusal. A
    /// claim whose Verify was never sent, or that DVS is still working on, stays pending.
    ///
    /// Run it from a periodic job (say every few minutes, with `older_than` of an hour).
    pub async fn reconcile(&self, older_than: Duration) -> Result<Reconciled, StoreError> {
        const BATCH: usize = 100;
        let inner = &self.inner;
        let mut report = Reconciled::default();
        for (id, claim) in inner.store.stale_pending(older_than, BATCH).await? {
            let Some(sent) = inner
                .store
                .take_over(&id, claim.attempt, inner.lease)
                .await?
            else {
                continue;
            };
            let attempt = claim.attempt + 1;
            let answer = self
                .attempt(
                    &id,
                    &claim.user,
                    attempt,
                    sent,
                    &IdentityClaim::new(),
                    May::OnlyLookUp,
                )
                .await;
            let final_now = matches!(
                inner.store.lookup(&id).await?,
                Some(Claim {
                    state: ClaimState::Done(_) | ClaimState::Refused(_),
                    ..
                })
            );
            tracing::debug!(settled = final_now, ok = answer.is_ok(), "claim reconciled");
            if final_now {
                report.settled += 1;
            } else {
                report.left_pending += 1;
            }
        }
        Ok(report)
    }

    /// Where `user` stands: their latest decision, when it was made, whether the policy in
    /// force made it, and until when it holds ([`Settings::reverify_after`]). Gate a feature
    /// on [`UserStatus::is_verified_at`]. Reads the store only.
    ///
    /// ```no_run
    /// # async fn run(verifier: dvs_backend::Verifier) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::SystemTime;
    /// let user = dvs_backend::UserId::new("account-42")?;
    /// let status = verifier.status_for(&user).await?;
    /// if !status.is_verified_at(SystemTime::now()) {
    ///     // send the user through the verification flow
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn status_for(&self, user: &UserId) -> Result<UserStatus, StoreError> {
        let inner = &self.inner;
        Ok(match inner.store.standing(user).await? {
            None => UserStatus::NeverVerified,
            Some(decided) => {
                let current_policy = decided.policy_fingerprint == inner.policy_fingerprint;
                let valid_until = inner
                    .settings
                    .reverify_after
                    .and_then(|after| decided.decided_at.checked_add(after));
                UserStatus::Decided {
                    decided,
                    current_policy,
                    valid_until,
                }
            }
        })
    }

    /// The fingerprint of the policy in force ([`Policy::fingerprint`]).
    pub fn policy_fingerprint(&self) -> &str {
        &self.inner.policy_fingerprint
    }

    /// Deletes final claims made more than `older_than` ago (never less than the limit's
    /// window, which counts them); returns how many. Pending claims stay until they settle.
    ///
    /// A purged id stays refused: a later submission claims it anew, looks it up first,
    /// finds it verified (or rejected, or expired) at DVS and refuses it, with no Verify.
    pub async fn purge(&self, older_than: Duration) -> Result<u64, StoreError> {
        let keep = older_than.max(self.inner.settings.window);
        self.inner.store.purge_final(keep).await
    }

    async fn submit(
        &self,
        user: &UserId,
        text: &str,
        identity: &IdentityClaim,
    ) -> Result<Answer, Refusal> {
        let inner = &self.inner;
        let id = RequestId::parse(text).map_err(|_| Refusal::new(RefusalKind::InvalidRequestId))?;
        tracing::Span::current().record("request_id", id.as_str());
        let settings = &inner.settings;
        let terms = ClaimTerms::new(inner.lease, settings.claims_per_window, settings.window);
        let claim = match inner
            .store
            .claim(&id, user, &terms)
            .await
            .map_err(|e| store_failed("claim", &e))?
        {
            ClaimOutcome::Claimed => {
                tracing::debug!("request id claimed");
                return self
                    .attempt(&id, user, 1, false, identity, May::SendVerify)
                    .await;
            }
            ClaimOutcome::LimitReached { retry_after } => {
                return Err(Refusal::new(RefusalKind::TooManyVerifications)
                    .with_retry_after(retry_after.max(Duration::from_secs(1))));
            }
            ClaimOutcome::Existing(claim) => claim,
        };
        self.follow(&id, user, claim, identity).await
    }

    /// A claim that existed already: another user's is refused; this user's final answer is
    /// given again; a pending one is taken over once its lease ended, else waited for by
    /// reading it (never writing), up to the wait and the number of waiters allowed.
    async fn follow(
        &self,
        id: &RequestId,
        user: &UserId,
        mut claim: Claim,
        identity: &IdentityClaim,
    ) -> Result<Answer, Refusal> {
        let inner = &self.inner;
        let deadline = Instant::now() + inner.settings.wait_for_pending;
        let mut pause = Duration::from_millis(20);
        let mut waiting = None;
        loop {
            if claim.user != *user {
                tracing::debug!("request id claimed by another user");
                return Err(Refusal::new(RefusalKind::AlreadyProcessed));
            }
            match claim.state {
                ClaimState::Done(summary) => {
                    return Ok(Answer {
                        summary,
                        fresh: false,
                        decided_at: claim.decided_at,
                    });
                }
                ClaimState::Refused(code) => {
                    return Err(Refusal::from_stored_code(&code)
                        .unwrap_or_else(|| Refusal::new(RefusalKind::AlreadyProcessed)));
                }
                ClaimState::Pending {
                    lease_expired: true,
                } => {
                    let taken = inner
                        .store
                        .take_over(id, claim.attempt, inner.lease)
                        .await
                        .map_err(|e| store_failed("take_over", &e))?;
                    if let Some(sent) = taken {
                        tracing::debug!(attempt = claim.attempt + 1, "pending claim taken over");
                        return self
                            .attempt(id, user, claim.attempt + 1, sent, identity, May::SendVerify)
                            .await;
                    }
                }
                ClaimState::Pending { .. } => {
                    if waiting.is_none() {
                        waiting = Some(Waiting::enter(self, *id)?);
                    }
                    if Instant::now() >= deadline {
                        return Err(pending());
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_millis(250));
                }
            }
            claim = inner
                .store
                .lookup(id)
                .await
                .map_err(|e| store_failed("lookup", &e))?
                .ok_or_else(pending)?;
        }
    }

    /// One attempt on a claim this call holds, its lease renewed until it ends.
    async fn attempt(
        &self,
        id: &RequestId,
        user: &UserId,
        attempt: u32,
        verify_sent: bool,
        identity: &IdentityClaim,
        may: May,
    ) -> Result<Answer, Refusal> {
        tracing::Span::current().record("attempt", attempt);
        let inner = &self.inner;
        let heartbeat = LeaseHeartbeat::start(inner.store.clone(), *id, attempt, inner.lease);
        let result = if verify_sent {
            self.look_up_own(id, pending()).await
        } else {
            self.check_then_verify(id, attempt, may).await
        };
        let ending = match result {
            Ok(result) => self.conclude(id, user, attempt, &result, identity).await,
            Err(ending) => ending,
        };
        heartbeat.stop().await;
        self.settle(id, attempt, ending).await
    }

    /// Verify not sent yet: look the id up, and unless DVS already holds an answer for it,
    /// record that Verify is sent and send it.
    async fn check_then_verify(
        &self,
        id: &RequestId,
        attempt: u32,
        may: May,
    ) -> Result<VerificationResult, Ending> {
        let inner = &self.inner;
        match inner.client.get_result(id).await {
            Ok(stored) => {
                if stored.result.is_some()
                    || matches!(
                        stored.status,
                        Some(RequestStatus::Success | RequestStatus::Failed)
                    )
                {
                    tracing::debug!("DVS had processed this id before this store sent Verify");
                    return Err(Ending::Final(Refusal::new(RefusalKind::AlreadyProcessed)));
                }
                if stored.status == Some(RequestStatus::Expired) {
                    return Err(Ending::Final(Refusal::new(RefusalKind::RequestExpired)));
                }
            }
            Err(error) => return Err(final_or_release(&error)),
        }
        if may == May::OnlyLookUp {
            return Err(Ending::Release {
                refusal: pending(),
                after: Duration::ZERO,
                clear_sent: false,
            });
        }
        match inner.store.mark_verify_sent(id, attempt).await {
            Ok(true) => {}
            Ok(false) => return Err(Ending::Lost(pending())),
            Err(error) => {
                return Err(Ending::Release {
                    refusal: store_failed("mark_verify_sent", &error),
                    after: Duration::ZERO,
                    clear_sent: false,
                });
            }
        }
        match inner.client.verify(id).await {
            Ok(result) => Ok(result),
            Err(Error::AlreadyProcessed(_)) => {
                tracing::debug!("DVS had processed this id before this store's Verify");
                Err(Ending::Final(Refusal::new(RefusalKind::AlreadyProcessed)))
            }
            Err(error) if may_have_processed(&error) => {
                self.look_up_own(id, Refusal::from_dvs_error(&error)).await
            }
            Err(error) => match final_or_release(&error) {
                Ending::Release { refusal, after, .. } => Err(Ending::Release {
                    refusal,
                    after,
                    clear_sent: true,
                }),
                ending => Err(ending),
            },
        }
    }

    /// Verify was sent by this store for this claim: only look the result up. `unknown` is
    /// the answer while DVS has no answer yet.
    async fn look_up_own(
        &self,
        id: &RequestId,
        unknown: Refusal,
    ) -> Result<VerificationResult, Ending> {
        let grace = self.inner.settings.unknown_outcome_grace;
        match self.inner.client.get_result(id).await {
            Ok(stored) => match (stored.result, stored.status) {
                (Some(result), _) => {
                    tracing::debug!("this store's Verify recovered by lookup");
                    Ok(result)
                }
                (None, Some(RequestStatus::Failed)) => {
                    Err(Ending::Final(Refusal::new(RefusalKind::DocumentRejected)))
                }
                (None, Some(RequestStatus::Expired)) => {
                    Err(Ending::Final(Refusal::new(RefusalKind::RequestExpired)))
                }
                (None, _) => Err(Ending::Release {
                    refusal: unknown.with_retry_after(grace.max(Duration::from_secs(1))),
                    after: grace,
                    clear_sent: false,
                }),
            },
            Err(Error::NotFound(_)) => {
                Err(Ending::Final(Refusal::new(RefusalKind::UnknownRequest)))
            }
            Err(_) => Err(Ending::Release {
                refusal: unknown,
                after: grace,
                clear_sent: false,
            }),
        }
    }

    /// Decides on a result this store caused, hands it to the sink, stores the summary.
    async fn conclude(
        &self,
        id: &RequestId,
        user: &UserId,
        attempt: u32,
        result: &VerificationResult,
        identity: &IdentityClaim,
    ) -> Ending {
        let inner = &self.inner;
        // Today's date in UTC is the decision date: the clock is read here, at the edge.
        let decision = inner
            .policy
            .decide_with_claim(result, dvs_secret::today_utc(), identity);
        let summary = decision.summary(result);
        if inner.sink.keep(user, id, result, &summary).await.is_err() {
            tracing::warn!(error_kind = "result_sink", "the app's result sink failed");
            return Ending::Release {
                refusal: Refusal::new(RefusalKind::BackendUnavailable),
                after: Duration::ZERO,
                clear_sent: false,
            };
        }
        let fresh = Answer {
            summary: summary.clone(),
            fresh: true,
            decided_at: Some(SystemTime::now()),
        };
        match inner
            .store
            .finish(
                id,
                attempt,
                &Finish::Done {
                    summary,
                    policy_fingerprint: inner.policy_fingerprint.clone(),
                },
            )
            .await
        {
            Ok(true) => Ending::Answered(fresh),
            // Taken over meanwhile: the stored answer wins.
            Ok(false) => match inner.store.lookup(id).await {
                Ok(Some(Claim {
                    state: ClaimState::Done(stored),
                    decided_at,
                    ..
                })) => Ending::Answered(Answer {
                    summary: stored,
                    fresh: false,
                    decided_at,
                }),
                _ => Ending::Answered(fresh),
            },
            Err(e) => {
                // The claim stays pending until its lease ends; the user's next submission
                // then recovers the result by lookup (Verify was sent: never again).
                store_failed("finish", &e);
                Ending::Answered(fresh)
            }
        }
    }

    /// Applies an attempt's ending to the claim (its lease no longer renewed) and answers.
    async fn settle(
        &self,
        id: &RequestId,
        attempt: u32,
        ending: Ending,
    ) -> Result<Answer, Refusal> {
        let store = &self.inner.store;
        match ending {
            Ending::Answered(answer) => Ok(answer),
            Ending::Final(refusal) => {
                if let Err(e) = store
                    .finish(id, attempt, &Finish::Refused(refusal.code()))
                    .await
                {
                    store_failed("finish", &e);
                }
                Err(refusal)
            }
            Ending::Release {
                refusal,
                after,
                clear_sent,
            } => {
                if clear_sent {
                    if let Err(e) = store.clear_verify_sent(id, attempt).await {
                        store_failed("clear_verify_sent", &e);
                    }
                }
                if let Err(e) = store.renew(id, attempt, after).await {
                    store_failed("renew", &e);
                }
                Err(refusal)
            }
            Ending::Lost(refusal) => Err(refusal),
        }
    }
}

/// One submission waiting for a pending id; leaving (drop) frees its place.
struct Waiting<'v> {
    verifier: &'v Verifier,
    id: RequestId,
}

impl<'v> Waiting<'v> {
    fn enter(verifier: &'v Verifier, id: RequestId) -> Result<Waiting<'v>, Refusal> {
        let inner = &verifier.inner;
        let mut waiters = inner
            .waiters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = waiters.entry(id).or_insert(0);
        if *count >= inner.settings.max_waiters_per_id {
            tracing::debug!("too many submissions waiting for this id");
            return Err(pending());
        }
        *count += 1;
        Ok(Waiting { verifier, id })
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        let mut waiters = self
            .verifier
            .inner
            .waiters
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(count) = waiters.get_mut(&self.id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                waiters.remove(&self.id);
            }
        }
    }
}

/// The answer while the same user's earlier submission is still being verified.
fn pending() -> Refusal {
    Refusal::new(RefusalKind::VerificationPending).with_retry_after(Duration::from_secs(2))
}

/// Whether DVS may have processed a Verify that failed with `error` (it may have been
/// received and its answer lost): then it is looked up, never sent again.
fn may_have_processed(error: &Error) -> bool {
    error
        .attempt_outcome()
        .is_some_and(AttemptOutcome::may_have_been_processed)
}

/// A DVS error before or instead of a processed Verify: DVS's final answers about the id
/// are kept; anything else leaves the claim for the user's next submission at once.
fn final_or_release(error: &Error) -> Ending {
    let refusal = Refusal::from_dvs_error(error);
    match error {
        Error::NotFound(_)
        | Error::Expired(_)
        | Error::DocumentRejected(_)
        | Error::Validation(_) => Ending::Final(refusal),
        _ => Ending::Release {
            refusal,
            after: Duration::ZERO,
            clear_sent: false,
        },
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
