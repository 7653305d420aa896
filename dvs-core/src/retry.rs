//! The retry decision: a pure function of the policy, the call's idempotency, and what
//! happened on the last attempt. Table-tested below.
//!
//! DVS has no idempotency keys, and each Verify or create is billable or creates a request.
//! So a non-idempotent call is re-sent only when it provably did not reach the server (a
//! connect failure), or the server said to come back (429 or 503 *with* `Retry-After`).

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

/// What happened on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The connection could not be made: nothing was sent.
    ConnectFailed,
    /// No complete answer in time: the request may have been received.
    TimedOut,
    /// The connection broke during the exchange: the request may have been received.
    TransportFailed,
    /// The server answered with a non-2xx status.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` delay, if the server sent one.
        retry_after: Option<Duration>,
    },
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
/// ```
/// use std::time::Duration;
/// use dvs_core::retry::{AttemptOutcome, Idempotency, RetryDecision, RetryPolicy};
/// let policy = RetryPolicy::default();
/// // A billable call that timed out is never re-sent.
/// assert_eq!(
///     policy.decide(1, Idempotency::NotIdempotent, AttemptOutcome::TimedOut),
///     RetryDecision::Stop,
/// );
/// // The server asked us to come back in 2 s.
/// let busy = AttemptOutcome::Status { status: 429, retry_after: Some(Duration::from_secs(2)) };
/// assert_eq!(
///     policy.decide(1, Idempotency::NotIdempotent, busy),
///     RetryDecision::Retry { after: Duration::from_secs(2) },
/// );
/// ```
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

    /// The backoff before retry number `attempt` (1-based): `base × 2^(attempt-1)`, capped.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(16);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// Decides whether to retry after `attempts` attempts ended with `outcome`.
    pub fn decide(
        &self,
        attempts: u32,
        idempotency: Idempotency,
        outcome: AttemptOutcome,
    ) -> RetryDecision {
        if attempts > self.max_retries {
            return RetryDecision::Stop;
        }
        let idempotent = idempotency == Idempotency::Idempotent;
        let backoff = RetryDecision::Retry {
            after: self.backoff(attempts),
        };
        match outcome {
            AttemptOutcome::ConnectFailed => backoff,
            AttemptOutcome::TimedOut | AttemptOutcome::TransportFailed if idempotent => backoff,
            AttemptOutcome::TimedOut | AttemptOutcome::TransportFailed => RetryDecision::Stop,
            AttemptOutcome::Status {
                status: 429 | 503,
                retry_after: Some(after),
            } => {
                if after <= self.max_retry_after {
                    RetryDecision::Retry { after }
                } else {
                    RetryDecision::Stop
                }
            }
            AttemptOutcome::Status {
                status: 429 | 500 | 502 | 503 | 504,
                ..
            } if idempotent => backoff,
            AttemptOutcome::Status { .. } => RetryDecision::Stop,
        }
    }

    /// Like the default policy, but with `max_retries` retries (`max_retries + 1` attempts in
    /// all) and no backoff between them: for tests that count attempts without waiting. A
    /// server's `Retry-After` is still honoured, up to the default `max_retry_after`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use dvs_core::retry::{AttemptOutcome, Idempotency, RetryDecision, RetryPolicy};
    /// let policy = RetryPolicy::immediate(2);
    /// let connect = AttemptOutcome::ConnectFailed;
    /// assert_eq!(
    ///     policy.decide(2, Idempotency::NotIdempotent, connect),
    ///     RetryDecision::Retry { after: Duration::ZERO },
    /// );
    /// // Three attempts in all.
    /// assert_eq!(policy.decide(3, Idempotency::NotIdempotent, connect), RetryDecision::Stop);
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

/// Parses a `Retry-After` value: delay-seconds or an HTTP-date (IMF-fixdate), relative to `now`.
///
/// ```
/// use std::time::{Duration, SystemTime, UNIX_EPOCH};
/// use dvs_core::retry::parse_retry_after;
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
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(value: &str) -> Option<SystemTime> {
    let mut parts = value.split_ascii_whitespace();
    let _weekday = parts.next()?.strip_suffix(',')?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':');
    let hour: u64 = hms.next()?.parse().ok()?;
    let minute: u64 = hms.next()?.parse().ok()?;
    let second: u64 = hms.next()?.parse().ok()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    // An IMF-fixdate year has four digits; bounding it also keeps the arithmetic below from
    // overflowing (found by the `retry_after` fuzz target: year 1900000000000000001904).
    if !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
        || !(1970..=9999).contains(&year)
    {
        return None;
    }
    let days = days_from_civil(year, month, day as i64);
    let secs = u64::try_from(days).ok()? * 86_400 + hour * 3600 + minute * 60 + second;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use AttemptOutcome::*;
    use Idempotency::*;

    const S: Duration = Duration::from_secs(1);

    fn status(code: u16, retry_after: Option<Duration>) -> AttemptOutcome {
        Status {
            status: code,
            retry_after,
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
            // connect failures: nothing was sent, always safe
            (1, NotIdempotent, ConnectFailed, b1),
            (1, Idempotent, ConnectFailed, b1),
            // timeouts and broken connections: only idempotent calls
            (1, NotIdempotent, TimedOut, stop),
            (1, Idempotent, TimedOut, b1),
            (1, NotIdempotent, TransportFailed, stop),
            (1, Idempotent, TransportFailed, b1),
            // the server said when to come back
            (1, NotIdempotent, status(429, Some(2 * S)), wait(2 * S)),
            (1, NotIdempotent, status(503, Some(S)), wait(S)),
            (1, Idempotent, status(429, Some(2 * S)), wait(2 * S)),
            // ... but not too far away
            (1, NotIdempotent, status(429, Some(60 * S)), stop),
            (1, Idempotent, status(503, Some(3600 * S)), stop),
            // without Retry-After: only idempotent calls
            (1, NotIdempotent, status(429, None), stop),
            (1, NotIdempotent, status(503, None), stop),
            (1, Idempotent, status(503, None), b1),
            // 5xx: the billable call may have been processed
            (1, NotIdempotent, status(500, None), stop),
            (1, NotIdempotent, status(502, None), stop),
            (1, NotIdempotent, status(504, None), stop),
            (1, Idempotent, status(500, None), b1),
            (1, Idempotent, status(502, None), b1),
            (1, Idempotent, status(504, None), b1),
            // client errors are never retried
            (1, Idempotent, status(400, None), stop),
            (1, Idempotent, status(401, None), stop),
            (1, Idempotent, status(404, None), stop),
            (1, Idempotent, status(501, None), stop),
            // attempts are bounded
            (2, Idempotent, ConnectFailed, RetryDecision::Retry { after: Duration::from_millis(500) }),
            (3, Idempotent, ConnectFailed, stop),
            (3, NotIdempotent, status(429, Some(S)), stop),
        ];
        for (attempts, idem, outcome, expected) in table {
            assert_eq!(
                p.decide(attempts, idem, outcome),
                expected,
                "attempts={attempts} {idem:?} {outcome:?}"
            );
        }
    }

    #[test]
    fn no_retries_policy_always_stops() {
        let p = RetryPolicy::none();
        assert_eq!(p.decide(1, Idempotent, ConnectFailed), RetryDecision::Stop);
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
            // fuzz finding: a year this large overflowed the day arithmetic
            "Sn, 06 Nov 1900000000000000001904 8:49:37 GMT",
            "Fri, 31 Dec 10000 23:59:59 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }
}
