//! The retry decision: one pure function, `resend`, says after which outcomes a call may be
//! sent again; `RetryPolicy::decide` adds the limits of a policy and the backoff with full
//! jitter. Both are table-tested below.
//!
//! DVS has no idempotency keys, and each Verify or create is billable or creates a request.
//! So a non-idempotent call is re-sent only when it provably did not reach the server (a
//! connect failure), or the server said to come back (429 or 503 *with* `Retry-After`).
//!
//! Every other answer to "may this be sent again?" comes from here too:
//! [`Error::attempt_outcome`](crate::Error::attempt_outcome) says what a failed attempt
//! tells, and [`Error::is_retryable`](crate::Error::is_retryable),
//! [`Error::was_not_sent`](crate::Error::was_not_sent),
//! [`Error::outcome_unknown`](crate::Error::outcome_unknown) and
//! [`AttemptOutcome::may_have_been_processed`] (which dvs-secret's `verify_or_recover` asks)
//! read their answers from it.

use std::time::{Duration, SystemTime};

/// Whether sending a call twice is harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotency {
    /// Reading (GET): safe to repeat.
    Idempotent,
    /// Creates a request or starts a billable verification: never repeat once it may have
    /// reached the server.
    NotIdempotent,
}

/// What one attempt tells about whether the request reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// Nothing was sent: the connection could not be made (refused, or not made within the
    /// connect timeout).
    NotSent,
    /// The request was sent, or may have been, and no complete answer came (a timeout, a
    /// connection broken during the exchange): the server may have received and processed it.
    MaybeReceived,
    /// The server answered with this status.
    Answered {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` delay, if the server sent one.
        retry_after: Option<Duration>,
    },
}

impl AttemptOutcome {
    /// `true` when the server may have processed the request although no usable answer came:
    /// it was sent without an answer, or a gateway answered 502 or 504 (the service behind it
    /// may have processed the request, and its answer was lost). For a billable call, look
    /// the result up rather than sending again.
    pub fn may_have_been_processed(self) -> bool {
        matches!(
            self,
            AttemptOutcome::MaybeReceived
                | AttemptOutcome::Answered {
                    status: 502 | 504,
                    ..
                }
        )
    }
}

/// Whether, and when, a call may be sent again after an attempt; see [`resend`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resend {
    /// Yes, after the policy's backoff.
    WithBackoff,
    /// Yes, after the delay the server asked for (`Retry-After`).
    After(Duration),
    /// No: the server may have processed it (and the call is not idempotent), or it would
    /// fail the same way again.
    Never,
}

/// Whether a call of `idempotency` may be sent again after an attempt that ended with
/// `outcome`, before the limits of a [`RetryPolicy`] (attempts, longest wait) apply.
///
/// The one place that decides what is retryable:
///
/// | outcome | not idempotent (create, Verify) | idempotent (GET) |
/// |---|---|---|
/// | [`NotSent`](AttemptOutcome::NotSent) | backoff | backoff |
/// | 429, or 503, with `Retry-After` | after that delay | after that delay |
/// | [`MaybeReceived`](AttemptOutcome::MaybeReceived) | never | backoff |
/// | 429, 500, 502, 503, 504 | never | backoff |
/// | any other status | never | never |
///
/// ```
/// use std::time::Duration;
/// use dvs_core::AttemptOutcome;
/// use dvs_core::Idempotency;
/// use dvs_core::internal::{Resend, resend};
/// // A billable call that may have been received is never re-sent.
/// assert_eq!(resend(AttemptOutcome::MaybeReceived, Idempotency::NotIdempotent), Resend::Never);
/// // The server asked us to come back in 2 s.
/// let busy = AttemptOutcome::Answered { status: 429, retry_after: Some(Duration::from_secs(2)) };
/// assert_eq!(resend(busy, Idempotency::NotIdempotent), Resend::After(Duration::from_secs(2)));
/// ```
pub fn resend(outcome: AttemptOutcome, idempotency: Idempotency) -> Resend {
    let idempotent = idempotency == Idempotency::Idempotent;
    match outcome {
        AttemptOutcome::NotSent => Resend::WithBackoff,
        AttemptOutcome::Answered {
            status: 429 | 503,
            retry_after: Some(after),
        } => Resend::After(after),
        AttemptOutcome::MaybeReceived
        | AttemptOutcome::Answered {
            status: 429 | 500 | 502 | 503 | 504,
            ..
        } if idempotent => Resend::WithBackoff,
        AttemptOutcome::MaybeReceived | AttemptOutcome::Answered { .. } => Resend::Never,
    }
}

/// What to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Send again after this delay.
    Retry {
        /// How long to wait first.
        after: Duration,
    },
    /// Give up and return the error.
    Stop,
}

/// How many times, and how patiently, to retry.
///
/// Only what is safe is retried: a billable call (create, Verify) only when it provably did
/// not reach DVS (a connect failure) or DVS asked to come back (429 or 503 with
/// `Retry-After`); a read also after a timeout or a 5xx. Between attempts the client waits a
/// random time between zero and the [`backoff`](RetryPolicy::backoff) of the attempt ("full
/// jitter"), so that many clients failing together do not retry together; a `Retry-After`
/// is waited exactly.
///
/// ```
/// use std::time::Duration;
/// use dvs_core::RetryPolicy;
/// let policy = RetryPolicy::default();
/// assert_eq!(policy.max_retries, 2);
/// // The longest wait before the first, second and tenth retry: doubled, then capped.
/// assert_eq!(policy.backoff(1), Duration::from_millis(250));
/// assert_eq!(policy.backoff(2), Duration::from_millis(500));
/// assert_eq!(policy.backoff(10), Duration::from_secs(5));
/// ```
///
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 = never retry).
    pub max_retries: u32,
    /// The first backoff delay; doubled on each retry.
    pub base_delay: Duration,
    /// The largest backoff delay.
    pub max_delay: Duration,
    /// The longest `Retry-After` the client will wait; a longer one is returned as an error.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The longest wait before retry number `attempt` (1-based): `base × 2^(attempt-1)`,
    /// capped at `max_delay`. The client waits a random part of it (full jitter).
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(16);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// The wait before retry number `attempt` for a random draw `jitter` in `[0, 1]`: that
    /// fraction of [`RetryPolicy::backoff`] ("full jitter"). A draw outside `[0, 1]`, or not
    /// a number, is taken as the nearest bound (NaN as 0), so the wait is never negative and
    /// never longer than the backoff.
    pub fn jittered_backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let ceiling = self.backoff(attempt);
        let fraction = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * fraction)
            .unwrap_or(ceiling)
            .min(ceiling)
    }

    /// Decides whether to retry after `attempts` attempts ended with `outcome`: what
    /// `resend` allows, within this policy's count of retries and longest `Retry-After`,
    /// waiting [`RetryPolicy::jittered_backoff`] for the random draw `jitter` (in `[0, 1)`).
    ///
    /// ```
    /// use std::time::Duration;
    /// use dvs_core::{AttemptOutcome, Idempotency, RetryPolicy};
    /// use dvs_core::internal::RetryDecision;
    /// let policy = RetryPolicy::default();
    /// // A billable call that timed out is never re-sent.
    /// assert_eq!(
    ///     policy.decide(1, Idempotency::NotIdempotent, AttemptOutcome::MaybeReceived, 0.5),
    ///     RetryDecision::Stop,
    /// );
    /// // The server asked us to come back in 2 s: waited exactly, without jitter.
    /// let busy = AttemptOutcome::Answered { status: 429, retry_after: Some(Duration::from_secs(2)) };
    /// assert_eq!(
    ///     policy.decide(1, Idempotency::NotIdempotent, busy, 0.5),
    ///     RetryDecision::Retry { after: Duration::from_secs(2) },
    /// );
    /// ```
    #[doc(hidden)]
    pub fn decide(
        &self,
        attempts: u32,
        idempotency: Idempotency,
        outcome: AttemptOutcome,
        jitter: f64,
    ) -> RetryDecision {
        if attempts > self.max_retries {
            return RetryDecision::Stop;
        }
        match resend(outcome, idempotency) {
            Resend::WithBackoff => RetryDecision::Retry {
                after: self.jittered_backoff(attempts, jitter),
            },
            Resend::After(after) if after <= self.max_retry_after => RetryDecision::Retry { after },
            Resend::After(_) | Resend::Never => RetryDecision::Stop,
        }
    }

    /// Like the default policy, but with `max_retries` retries (`max_retries + 1` attempts in
    /// all) and no backoff between them: for tests that count attempts without waiting. A
    /// server's `Retry-After` is still honoured, up to the default `max_retry_after`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use dvs_core::RetryPolicy;
    /// let policy = RetryPolicy::immediate(2);
    /// assert_eq!(policy.max_retries, 2); // three attempts in all
    /// assert_eq!(policy.backoff(2), Duration::ZERO);
    /// ```
    pub fn immediate(max_retries: u32) -> Self {
        RetryPolicy {
            max_retries,
            base_delay: Duration::ZERO,
            max_delay: Duration::ZERO,
            ..RetryPolicy::default()
        }
    }
}

/// Parses a `Retry-After` value: delay-seconds, or an HTTP-date relative to `now` in any of
/// the three forms RFC 9110 has recipients accept (IMF-fixdate, and the obsolete RFC 850 and
/// asctime forms), read by the `httpdate` crate. A date in the past means "now".
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use dvs_core::parse_retry_after;
/// let now = UNIX_EPOCH + Duration::from_secs(784_111_770); // Sun, 06 Nov 1994 08:49:30 GMT
/// assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
/// assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), Some(Duration::from_secs(7)));
/// assert_eq!(parse_retry_after("soon", now), None);
/// ```
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttemptOutcome::*;
    use Idempotency::*;

    const S: Duration = Duration::from_secs(1);

    fn status(code: u16, retry_after: Option<Duration>) -> AttemptOutcome {
        Answered {
            status: code,
            retry_after,
        }
    }

    #[test]
    fn resend_table() {
        let after = Resend::After;
        #[rustfmt::skip]
        let table: Vec<(AttemptOutcome, Resend, Resend)> = vec![
            // outcome                  not idempotent        idempotent
            // nothing was sent: always safe
            (NotSent,                   Resend::WithBackoff,  Resend::WithBackoff),
            // may have been received: only idempotent calls
            (MaybeReceived,             Resend::Never,        Resend::WithBackoff),
            // the server said when to come back, however long (the policy bounds it)
            (status(429, Some(2 * S)),  after(2 * S),         after(2 * S)),
            (status(503, Some(S)),      after(S),             after(S)),
            (status(429, Some(3600 * S)), after(3600 * S),    after(3600 * S)),
            (status(503, Some(Duration::ZERO)), after(Duration::ZERO), after(Duration::ZERO)),
            // without Retry-After: only idempotent calls
            (status(429, None),         Resend::Never,        Resend::WithBackoff),
            (status(503, None),         Resend::Never,        Resend::WithBackoff),
            // 5xx: the billable call may have been processed
            (status(500, None),         Resend::Never,        Resend::WithBackoff),
            (status(502, None),         Resend::Never,        Resend::WithBackoff),
            (status(504, None),         Resend::Never,        Resend::WithBackoff),
            // Retry-After only counts on 429 and 503
            (status(500, Some(S)),      Resend::Never,        Resend::WithBackoff),
            (status(400, Some(S)),      Resend::Never,        Resend::Never),
            // what would fail the same way again
            (status(501, None),         Resend::Never,        Resend::Never),
            (status(505, None),         Resend::Never,        Resend::Never),
            (status(599, None),         Resend::Never,        Resend::Never),
            (status(400, None),         Resend::Never,        Resend::Never),
            (status(401, None),         Resend::Never,        Resend::Never),
            (status(404, None),         Resend::Never,        Resend::Never),
            (status(302, None),         Resend::Never,        Resend::Never),
            // a 2xx whose body did not fit
            (status(200, None),         Resend::Never,        Resend::Never),
        ];
        for (outcome, not_idempotent, idempotent) in table {
            assert_eq!(
                resend(outcome, NotIdempotent),
                not_idempotent,
                "{outcome:?}"
            );
            assert_eq!(resend(outcome, Idempotent), idempotent, "{outcome:?}");
            // What may have been processed is never sent again unless it is harmless.
            if outcome.may_have_been_processed() {
                assert_eq!(not_idempotent, Resend::Never, "{outcome:?}");
            }
        }
    }

    #[test]
    fn what_may_have_been_processed() {
        for (outcome, expected) in [
            (NotSent, false),
            (MaybeReceived, true),
            (status(502, None), true),
            (status(504, None), true),
            (status(500, None), false),
            (status(503, None), false),
            (status(429, Some(S)), false),
            (status(400, None), false),
        ] {
            assert_eq!(outcome.may_have_been_processed(), expected, "{outcome:?}");
        }
    }

    #[test]
    fn decision_table() {
        let p = RetryPolicy::default();
        let b1 = RetryDecision::Retry {
            after: Duration::from_millis(250),
        };
        let stop = RetryDecision::Stop;
        let wait = |d| RetryDecision::Retry { after: d };
        #[rustfmt::skip]
        let table: Vec<(u32, Idempotency, AttemptOutcome, RetryDecision)> = vec![
            // what `resend` allows, with the backoff of the attempt
            (1, NotIdempotent, NotSent, b1),
            (1, Idempotent, NotSent, b1),
            (1, NotIdempotent, MaybeReceived, stop),
            (1, Idempotent, MaybeReceived, b1),
            (1, NotIdempotent, status(429, Some(2 * S)), wait(2 * S)),
            (1, Idempotent, status(503, None), b1),
            (1, NotIdempotent, status(502, None), stop),
            (1, Idempotent, status(501, None), stop),
            // a Retry-After longer than the policy waits is returned, not waited
            (1, NotIdempotent, status(429, Some(30 * S)), wait(30 * S)),
            (1, NotIdempotent, status(429, Some(60 * S)), stop),
            (1, Idempotent, status(503, Some(3600 * S)), stop),
            // attempts are bounded
            (2, Idempotent, NotSent, RetryDecision::Retry { after: Duration::from_millis(500) }),
            (3, Idempotent, NotSent, stop),
            (3, NotIdempotent, status(429, Some(S)), stop),
        ];
        for (attempts, idem, outcome, expected) in table {
            assert_eq!(
                p.decide(attempts, idem, outcome, 1.0),
                expected,
                "attempts={attempts} {idem:?} {outcome:?}"
            );
        }
    }

    #[test]
    fn no_retries_policy_always_stops() {
        let p = RetryPolicy::none();
        assert_eq!(p.decide(1, Idempotent, NotSent, 0.5), RetryDecision::Stop);
    }

    #[test]
    fn full_jitter_bounds() {
        let p = RetryPolicy::default();
        let ms = Duration::from_millis;
        #[rustfmt::skip]
        let table: [(u32, f64, Duration, &str); 12] = [
            (1, 0.0, ms(0), "the smallest draw waits nothing"),
            (1, 0.5, ms(125), "half of the first backoff (250 ms)"),
            (1, 1.0, ms(250), "the largest draw waits the whole backoff"),
            (2, 0.25, ms(125), "a quarter of the second backoff (500 ms)"),
            (3, 0.999_999, ms(999) + Duration::from_micros(999), "just under the third (1 s)"),
            (40, 1.0, ms(5_000), "the cap holds for any attempt"),
            (40, 0.1, ms(500), "a tenth of the cap"),
            (1, -0.5, ms(0), "a negative draw is taken as 0"),
            (1, 7.0, ms(250), "a draw above 1 is taken as 1"),
            (1, f64::NAN, ms(0), "NaN is taken as 0"),
            (1, f64::INFINITY, ms(250), "infinity is taken as 1"),
            (1, f64::NEG_INFINITY, ms(0), "minus infinity is taken as 0"),
        ];
        for (attempt, jitter, expected, why) in table {
            let got = p.jittered_backoff(attempt, jitter);
            let diff = got.abs_diff(expected);
            assert!(
                diff <= Duration::from_micros(1),
                "{why}: {got:?} != {expected:?}"
            );
            assert!(
                got <= p.backoff(attempt),
                "{why}: {got:?} is over the backoff"
            );
        }
        // A policy whose cap is the largest duration: no overflow, no panic.
        let huge = RetryPolicy {
            base_delay: Duration::MAX,
            max_delay: Duration::MAX,
            ..RetryPolicy::default()
        };
        assert!(huge.jittered_backoff(5, 0.999) <= Duration::MAX);
        assert_eq!(huge.jittered_backoff(5, 1.0), Duration::MAX);
        // The decision waits the jittered backoff, and a Retry-After exactly.
        assert_eq!(
            p.decide(2, Idempotent, NotSent, 0.5),
            RetryDecision::Retry { after: ms(250) }
        );
        let busy = status(429, Some(2 * S));
        assert_eq!(
            p.decide(1, NotIdempotent, busy, 0.0),
            RetryDecision::Retry { after: 2 * S }
        );
    }

    #[test]
    fn backoff_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1), Duration::from_millis(250));
        assert_eq!(p.backoff(3), Duration::from_secs(1));
        assert_eq!(p.backoff(40), Duration::from_secs(5));
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after(" 120 ", now), Some(120 * S));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
            Some(60 * S)
        );
        // a date in the past means "now"
        assert_eq!(
            parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
            Some(Duration::ZERO)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "tomorrow",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Thu, 31 Feb 1994 08:49:37 GMT",
            // fuzz finding: a year this large overflowed the old hand-written day arithmetic
            "Sn, 06 Nov 1900000000000000001904 8:49:37 GMT",
            "Fri, 31 Dec 10000 23:59:59 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT\u{e9}",
            // a day name that contradicts the date (31 Dec 2099 is a Thursday), refused by
            // httpdate as by hyper; the old parser ignored the day name
            "Fri, 31 Dec 2099 23:59:59 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    /// RFC 9110 §5.6.7: a recipient of an HTTP-date also accepts the obsolete RFC 850 and
    /// asctime forms. All three name the same instant here.
    #[test]
    fn retry_after_obsolete_date_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717);
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",  // IMF-fixdate
            "Sunday, 06-Nov-94 08:49:37 GMT", // RFC 850
            "Sun Nov  6 08:49:37 1994",       // asctime
        ] {
            assert_eq!(parse_retry_after(form, now), Some(60 * S), "{form:?}");
        }
    }
}
