//! The one place the SDK reads the clock: today's date in UTC, for [`crate::Policy::decide`].

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Today's date in UTC, from the system clock (the browser's clock in WebAssembly).
///
/// Only [`crate::Policy::decide`] calls it; every check takes its date as an argument, so a
/// decision can be reproduced with [`crate::Policy::decide_on`].
///
/// ```
/// let today = dvs_secret::today_utc();
/// assert!(today.year() >= 2024);
/// ```
pub fn today_utc() -> Date {
    TimeZone::UTC.to_datetime(Timestamp::now()).date()
}
