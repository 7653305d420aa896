//! [`Settings`]: the verifier's limits and timings, and [`SettingsError`] for those that
//! cannot work with the DVS client given.

use std::time::Duration;

/// How many DVS calls one attempt may make while it holds a claim: the lookup before
/// Verify, Verify, and the lookup after an unknown outcome.
const CALLS_PER_ATTEMPT: u32 = 3;

/// Added to the longest attempt when the lease is derived from the client.
const LEASE_MARGIN: Duration = Duration::from_secs(30);

/// The verifier's limits and timings.
///
/// ```
/// use std::time::Duration;
/// use dvs_backend::Settings;
/// let settings = Settings::default()
///     .limit(5, Duration::from_secs(3600))
///     .lease(Duration::from_secs(1800));
/// assert_eq!(settings.claims_per_window(), 5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    pub(crate) lease: Option<Duration>,
    pub(crate) unknown_outcome_grace: Duration,
    pub(crate) claims_per_window: u32,
    pub(crate) window: Duration,
    pub(crate) wait_for_pending: Duration,
    pub(crate) max_waiters_per_id: usize,
    pub(crate) reverify_after: Option<Duration>,
}

impl Default for Settings {
    /// A lease derived from the DVS client (its longest attempt plus 30 s), 30 s of grace
    /// after an unknown outcome, 10 claims per user per hour, up to 30 s of waiting for a
    /// pending claim of the same user, at most 16 such waiters per id and process, and no
    /// re-verification deadline.
    fn default() -> Self {
        Settings {
            lease: None,
            unknown_outcome_grace: Duration::from_secs(30),
            claims_per_window: 10,
            window: Duration::from_secs(3600),
            wait_for_pending: Duration::from_secs(30),
            max_waiters_per_id: 16,
            reverify_after: None,
        }
    }
}

impl Settings {
    /// How long a pending claim is held if its holder's process dies, before the same
    /// user's next submission may take it over. A running attempt renews it (every third
    /// of it), so it bounds the recovery time after a crash, not the verification's length.
    ///
    /// By default it is derived from the DVS client: the longest an attempt's calls can
    /// take ([`Client::max_call_duration`](dvs_secret::Client::max_call_duration), three
    /// calls) plus 30 s. [`VerifierBuilder::build`](crate::VerifierBuilder::build) refuses a
    /// lease shorter than that longest attempt.
    #[must_use]
    pub fn lease(mut self, lease: Duration) -> Settings {
        self.lease = Some(lease);
        self
    }

    /// After Verify's outcome was unknown (timeout, lost answer), or while DVS still works
    /// on it, how long DVS is given before the user's next submission looks the result up.
    #[must_use]
    pub fn unknown_outcome_grace(mut self, grace: Duration) -> Settings {
        self.unknown_outcome_grace = grace;
        self
    }

    /// At most `claims` new request ids per user within any `window` (every Verify may be
    /// billed). Counted in the store, so it holds across backend instances.
    #[must_use]
    pub fn limit(mut self, claims: u32, window: Duration) -> Settings {
        self.claims_per_window = claims;
        self.window = window;
        self
    }

    /// How long a submission waits for the same user's pending claim of the same id (a
    /// double click, a browser retry) before answering `verification_pending`.
    #[must_use]
    pub fn wait_for_pending(mut self, wait: Duration) -> Settings {
        self.wait_for_pending = wait;
        self
    }

    /// How many submissions may wait for one pending id in this process at once; the next
    /// is answered `verification_pending` without waiting (at least 1).
    #[must_use]
    pub fn max_waiters_per_id(mut self, waiters: usize) -> Settings {
        self.max_waiters_per_id = waiters.max(1);
        self
    }

    /// How long an approval holds before the user must verify again (none by default: it
    /// holds until the policy changes). [`Verifier::status_for`](crate::Verifier::status_for)
    /// reports it as the decision's `valid_until`.
    #[must_use]
    pub fn reverify_after(mut self, after: Duration) -> Settings {
        self.reverify_after = Some(after);
        self
    }

    /// The lease set with [`lease`](Self::lease), if any (`None`: derived from the client).
    pub fn lease_duration(&self) -> Option<Duration> {
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

    /// The lease in force with `client`: the one set, if it outlasts the client's longest
    /// attempt; else derived from that attempt.
    pub(crate) fn lease_for(&self, client: &dvs_secret::Client) -> Result<Duration, SettingsError> {
        let attempt = client
            .max_call_duration()
            .map(|call| call.saturating_mul(CALLS_PER_ATTEMPT));
        match (self.lease, attempt) {
            (Some(lease), Some(attempt)) if lease < attempt => {
                Err(SettingsError::LeaseShorterThanAnAttempt { lease, attempt })
            }
            (Some(lease), _) => Ok(lease),
            (None, Some(attempt)) => Ok(attempt.saturating_add(LEASE_MARGIN)),
            (None, None) => Err(SettingsError::NoClientTimeout),
        }
    }
}

/// Settings that cannot work with the DVS client given to the verifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// The lease is shorter than the longest attempt the client allows: if the holder's
    /// lease renewals failed, a claim could be taken over while its Verify still runs.
    #[error(
        "the lease ({lease:?}) is shorter than the longest attempt the DVS client allows \
         ({attempt:?}: three calls, each with every retry running to the timeout); \
         lengthen the lease or shorten the client's timeout"
    )]
    LeaseShorterThanAnAttempt {
        /// The lease set.
        lease: Duration,
        /// The longest attempt.
        attempt: Duration,
    },
    /// The client has no timeout, so no lease can be derived from it.
    #[error(
        "the DVS client has no timeout, so the claim lease cannot be derived from it; \
         give the client a timeout or set Settings::lease"
    )]
    NoClientTimeout,
}

#[cfg(test)]
mod tests {
    use super::*;
    use dvs_secret::{Client, RetryPolicy, SecretKey};

    fn client(timeout: Option<Duration>, retry: RetryPolicy) -> Client {
        let key: SecretKey = "sk_3fa85f64-5717-4562-b3fc-2c963f66afa6"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        Client::builder(key)
            .timeout(timeout)
            .retry_policy(retry)
            .build()
            .unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn the_lease_outlasts_the_clients_longest_attempt() {
        let secs = Duration::from_secs;
        // The default client: 120 s timeout, 2 retries, Retry-After up to 30 s.
        let default = client(Some(secs(120)), RetryPolicy::default());
        assert_eq!(default.max_call_duration(), Some(secs(3 * 120 + 2 * 30)));
        assert_eq!(
            Settings::default().lease_for(&default),
            Ok(secs(3 * 420 + 30))
        );
        assert_eq!(
            Settings::default().lease(secs(300)).lease_for(&default),
            Err(SettingsError::LeaseShorterThanAnAttempt {
                lease: secs(300),
                attempt: secs(1260)
            })
        );
        let quick = client(Some(secs(2)), RetryPolicy::none());
        assert_eq!(
            Settings::default().lease(secs(6)).lease_for(&quick),
            Ok(secs(6))
        );
        let endless = client(None, RetryPolicy::default());
        assert_eq!(
            Settings::default().lease_for(&endless),
            Err(SettingsError::NoClientTimeout)
        );
        // With a lease set, a client without a timeout is the app's choice.
        assert_eq!(
            Settings::default().lease(secs(600)).lease_for(&endless),
            Ok(secs(600))
        );
    }
}
