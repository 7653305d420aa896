//! [`age_on`]: a person's age in whole years on a given day, and the rule for 29 February.

use jiff::Unit;
use jiff::civil::Date;

/// Why an age cannot be computed. Holds no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum AgeError {
    /// The date of birth is after the day the age is asked for (a misread date, or a
    /// decision date in the past).
    #[error("the date of birth is after the day the age is asked for")]
    BornAfter,
    /// The date of birth is after the document's issue date: one of the two was misread.
    #[error("the date of birth is after the document's issue date")]
    BornAfterIssue,
}

/// The age in whole years, on `on`, of a person born on `birth`.
///
/// A person is one year older on each anniversary of their birth. Someone born on
/// **29 February** has their birthday on **1 March** in a common year (as in the UK's and most
/// US states' reading of the law): on 28 February they are not yet a year older, so an age
/// gate never opens a day early. On the birthday itself the new age applies.
///
/// The clock is not read: the day is given, so a decision can be reproduced later.
///
/// ```
/// use dvs_secret::{AgeError, age_on};
/// use jiff::civil::date;
/// assert_eq!(age_on(date(2005, 6, 15), date(2026, 6, 15)), Ok(21)); // the birthday itself
/// assert_eq!(age_on(date(2005, 6, 15), date(2026, 6, 14)), Ok(20)); // the day before
/// assert_eq!(age_on(date(2004, 2, 29), date(2025, 2, 28)), Ok(20)); // leap day: 1 March
/// assert_eq!(age_on(date(2004, 2, 29), date(2025, 3, 1)), Ok(21));
/// assert_eq!(age_on(date(2030, 1, 1), date(2026, 1, 1)), Err(AgeError::BornAfter));
/// ```
pub fn age_on(birth: Date, on: Date) -> Result<u16, AgeError> {
    if birth > on {
        return Err(AgeError::BornAfter);
    }
    // jiff counts whole calendar years: the largest number of years that, added to the
    // birth date, does not pass `on`. For a 29 February birth in a common year it does not
    // count the year complete on 28 February, which is the 1 March rule above (checked by the
    // table below and the property test against a plain year/month/day computation).
    let years = birth
        .until((Unit::Year, on))
        .map(|span| span.get_years())
        .map_err(|_| AgeError::BornAfter)?;
    u16::try_from(years).map_err(|_| AgeError::BornAfter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn age_table() {
        let table: &[(Date, Date, Result<u16, AgeError>, &str)] = &[
            (
                date(2005, 6, 15),
                date(2026, 6, 15),
                Ok(21),
                "birthday today",
            ),
            (
                date(2005, 6, 15),
                date(2026, 6, 14),
                Ok(20),
                "one day before",
            ),
            (
                date(2005, 6, 15),
                date(2026, 6, 16),
                Ok(21),
                "one day after",
            ),
            (date(2005, 6, 15), date(2005, 6, 15), Ok(0), "born today"),
            (
                date(2005, 6, 15),
                date(2005, 6, 14),
                Err(AgeError::BornAfter),
                "born tomorrow",
            ),
            (
                date(2040, 1, 1),
                date(2026, 1, 1),
                Err(AgeError::BornAfter),
                "future birth",
            ),
            (
                date(2004, 2, 29),
                date(2025, 2, 28),
                Ok(20),
                "leap birthday, 28 Feb of a common year",
            ),
            (
                date(2004, 2, 29),
                date(2025, 3, 1),
                Ok(21),
                "leap birthday, 1 March of a common year",
            ),
            (
                date(2004, 2, 29),
                date(2028, 2, 28),
                Ok(23),
                "leap birthday, 28 Feb of a leap year",
            ),
            (
                date(2004, 2, 29),
                date(2028, 2, 29),
                Ok(24),
                "leap birthday on a leap day",
            ),
            (
                date(2004, 2, 28),
                date(2025, 2, 28),
                Ok(21),
                "28 February birthday",
            ),
            (
                date(2004, 3, 1),
                date(2025, 2, 28),
                Ok(20),
                "1 March birthday, day before",
            ),
            (
                date(2003, 12, 31),
                date(2024, 12, 31),
                Ok(21),
                "year-end birthday",
            ),
            (
                date(2004, 1, 1),
                date(2025, 12, 31),
                Ok(21),
                "New Year birthday, last day",
            ),
            (date(1900, 1, 1), date(2026, 1, 1), Ok(126), "a long life"),
        ];
        for (birth, on, expected, why) in table {
            assert_eq!(age_on(*birth, *on), *expected, "{birth} on {on}: {why}");
        }
    }
}
