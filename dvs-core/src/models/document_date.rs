//! [`read_date`]: a document date (birth, issue, expiry) read leniently from the forms DVS and
//! identity documents use, into a [`Date`].

pub use jiff::civil::Date;

/// Why a text is not a document date. Holds no part of the text (a birth date is PII), only
/// which rule it failed and the length of what was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is empty or only whitespace.
    #[error("the date is empty")]
    Empty,
    /// The text is in none of the forms [`read_date`] reads.
    #[error("the date ({len} bytes) is in none of the known forms")]
    UnknownForm {
        /// Length of the text in bytes.
        len: usize,
    },
    /// The text has a known form but names no day of the calendar (month 13, 30 February …).
    #[error("the date names no day of the calendar")]
    NoSuchDay,
}

/// Reads a document date leniently, returning the calendar date it names.
///
/// The forms read, after trimming whitespace:
///
/// | form | example | note |
/// |---|---|---|
/// | ISO 8601 | `1994-08-09`, `1994/08/09` | year first, always year-month-day |
/// | US | `08/09/1994`, `8/9/1994`, `08-09-1994` | a four-digit year last means month/day/year |
/// | European dotted | `09.08.1994` | dots mean day.month.year |
/// | compact | `19940809` | year-month-day when the year reads as 1800 or later … |
/// | compact US (AAMVA barcodes) | `08091994` | … else month-day-year |
///
/// Any of them may be followed by a time part, after `T` or a space (`1994-08-09T00:00:00`,
/// `1994-08-09T00:00:00.000Z`, `8/9/1994 12:00:00 AM`). The time part is not a date and is
/// ignored, offsets included: a document's date is the day printed on it, in no time zone.
///
/// Anything else is a [`DateError`], never a panic. The error holds no part of the text.
///
/// ```
/// use dvs_core::{Date, DateError, read_date};
/// let day = Date::new(1994, 8, 9)?;
/// assert_eq!(read_date("1994-08-09"), Ok(day));
/// assert_eq!(read_date("08/09/1994"), Ok(day));
/// assert_eq!(read_date("19940809"), Ok(day));
/// assert_eq!(read_date("1994-08-09T00:00:00Z"), Ok(day));
/// assert_eq!(read_date("02/30/1994"), Err(DateError::NoSuchDay));
/// assert_eq!(read_date("n/a"), Err(DateError::UnknownForm { len: 3 }));
/// # Ok::<(), jiff::Error>(())
/// ```
pub fn read_date(text: &str) -> Result<Date, DateError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let unknown = DateError::UnknownForm { len: text.len() };
    let (date_part, time_part) = split_time(text);
    if !time_part.is_empty() && !is_time(time_part) {
        return Err(unknown);
    }
    let (year, month, day) = if date_part.bytes().all(|b| b.is_ascii_digit()) {
        compact(date_part).ok_or(unknown)?
    } else {
        separated(date_part).ok_or(unknown)?
    };
    let (Ok(year), Ok(month), Ok(day)) =
        (i16::try_from(year), i8::try_from(month), i8::try_from(day))
    else {
        return Err(DateError::NoSuchDay);
    };
    Date::new(year, month, day).map_err(|_| DateError::NoSuchDay)
}

/// Splits `date[T| ]time`; the time part is empty when there is none.
fn split_time(text: &str) -> (&str, &str) {
    match text.find(['T', 't', ' ']) {
        Some(at) => (&text[..at], text[at + 1..].trim()),
        None => (text, ""),
    }
}

/// A time of day as it follows a date: digits, `:`, `.`, `,`, an offset or `Z`, `AM`/`PM`.
fn is_time(text: &str) -> bool {
    text.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && text.chars().all(|c| {
            c.is_ascii_digit()
                || matches!(c, ':' | '.' | ',' | '+' | '-' | ' ' | 'Z' | 'z')
                || matches!(c.to_ascii_uppercase(), 'A' | 'P' | 'M')
        })
}

/// `YYYYMMDD`, or `MMDDYYYY` when the first four digits are no plausible year.
fn compact(digits: &str) -> Option<(u32, u32, u32)> {
    if digits.len() != 8 {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<u32>().ok();
    let year_first = (number(0..4)?, number(4..6)?, number(6..8)?);
    if year_first.0 >= 1800 {
        Some(year_first)
    } else {
        Some((number(4..8)?, number(0..2)?, number(2..4)?))
    }
}

/// Three groups of digits split by one kind of separator: `-`, `/` or `.`.
fn separated(text: &str) -> Option<(u32, u32, u32)> {
    let separator = text.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(separator, '-' | '/' | '.') {
        return None;
    }
    let mut groups = text.split(separator);
    let (a, b, c) = (groups.next()?, groups.next()?, groups.next()?);
    if groups.next().is_some() {
        return None;
    }
    let number = |group: &str| -> Option<u32> {
        if (1..=4).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_digit()) {
            group.parse().ok()
        } else {
            None
        }
    };
    let (na, nb, nc) = (number(a)?, number(b)?, number(c)?);
    match (a.len(), b.len(), c.len()) {
        (4, 1..=2, 1..=2) if separator != '.' => Some((na, nb, nc)),
        (1..=2, 1..=2, 4) if separator == '.' => Some((nc, nb, na)),
        (1..=2, 1..=2, 4) => Some((nc, na, nb)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i16, m: i8, d: i8) -> Result<Date, DateError> {
        Ok(Date::new(y, m, d).unwrap_or_default())
    }

    /// Every form, with the reason the answer is what it is.
    #[test]
    fn forms_table() {
        let unknown = |len| Err(DateError::UnknownForm { len });
        let table: &[(&str, Result<Date, DateError>, &str)] = &[
            ("1994-08-09", day(1994, 8, 9), "ISO"),
            ("1994/08/09", day(1994, 8, 9), "ISO with slashes"),
            ("1994-8-9", day(1994, 8, 9), "ISO without leading zeros"),
            ("  1994-08-09\n", day(1994, 8, 9), "surrounding whitespace"),
            ("1994-08-09T00:00:00", day(1994, 8, 9), "ISO date-time"),
            (
                "1994-08-09T23:59:59.9999999+05:00",
                day(1994, 8, 9),
                "offset ignored",
            ),
            ("1994-08-09T00:00:00Z", day(1994, 8, 9), "UTC designator"),
            (
                "1994-08-09 00:00:00",
                day(1994, 8, 9),
                "space before the time",
            ),
            ("08/09/1994", day(1994, 8, 9), "US month/day/year"),
            ("8/9/1994", day(1994, 8, 9), "US without leading zeros"),
            ("08-09-1994", day(1994, 8, 9), "US with hyphens"),
            ("8/9/1994 12:00:00 AM", day(1994, 8, 9), ".NET US date-time"),
            (
                "12/31/1999",
                day(1999, 12, 31),
                "US: the 31 can only be the day",
            ),
            ("09.08.1994", day(1994, 8, 9), "dotted is day.month.year"),
            ("19940809", day(1994, 8, 9), "compact year first"),
            ("08091994", day(1994, 8, 9), "compact AAMVA month first"),
            (
                "18000101",
                day(1800, 1, 1),
                "1800 is the first year-first compact year",
            ),
            ("02292000", day(2000, 2, 29), "29 February in a leap year"),
            ("2000-02-29", day(2000, 2, 29), "leap day ISO"),
            (
                "1900-02-29",
                Err(DateError::NoSuchDay),
                "1900 was not a leap year",
            ),
            ("02/30/1994", Err(DateError::NoSuchDay), "30 February"),
            (
                "13/01/1994",
                Err(DateError::NoSuchDay),
                "US month 13 (not read as D/M)",
            ),
            ("1994-13-01", Err(DateError::NoSuchDay), "ISO month 13"),
            ("1994-00-10", Err(DateError::NoSuchDay), "month 0"),
            ("99999999", Err(DateError::NoSuchDay), "compact nonsense"),
            ("", Err(DateError::Empty), "empty"),
            ("   ", Err(DateError::Empty), "blank"),
            ("n/a", unknown(3), "not a date"),
            ("1994-08", unknown(7), "no day"),
            ("1994-08-09-01", unknown(13), "four groups"),
            ("1994-08/09", unknown(10), "mixed separators"),
            ("94-08-09", unknown(8), "two-digit year is ambiguous"),
            ("08/09/94", unknown(8), "two-digit year is ambiguous"),
            ("1994080", unknown(7), "seven digits"),
            (
                "1994-08-09Tnoon",
                unknown(15),
                "a time part that is no time",
            ),
            ("１９９４-08-09", unknown(18), "non-ASCII digits"),
            ("1994_08_09", unknown(10), "unknown separator"),
        ];
        for (text, expected, why) in table {
            assert_eq!(read_date(text), *expected, "{text:?}: {why}");
        }
    }

    #[test]
    fn errors_hold_no_part_of_the_text() {
        for text in ["1994-13-01", "19940x09", "12/31/99999"] {
            let Err(error) = read_date(text) else {
                panic!("{text:?} read as a date");
            };
            let shown = format!("{error} {error:?}");
            assert!(!shown.contains("1994") && !shown.contains("99"), "{shown}");
        }
    }
}
