//! [`DocumentChecks`]: the holder's age and the document's expiry on a decision date, the two
//! date checks a [`Policy`](crate::Policy) runs on a document.

use dvs_core::{Date, DateError, DateProblem, Document};

use super::age::{AgeError, age_on};

/// Why a document date cannot be used. Holds no date and no part of the document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentDateError {
    /// The document has no such date.
    #[error("the document has no such date")]
    Missing,
    /// The document's text for the date is not a date.
    #[error("the document's date is unreadable: {0}")]
    Unreadable(DateError),
    /// The date of birth is after the day asked about, or after the issue date.
    #[error(transparent)]
    Age(AgeError),
}

impl From<DocumentDateError> for DateProblem {
    fn from(error: DocumentDateError) -> Self {
        match error {
            DocumentDateError::Missing => DateProblem::Missing,
            DocumentDateError::Unreadable(_) => DateProblem::Unreadable,
            DocumentDateError::Age(AgeError::BornAfter | AgeError::BornAfterIssue) => {
                DateProblem::Inconsistent
            }
        }
    }
}

fn required(date: Result<Option<Date>, DateError>) -> Result<Date, DocumentDateError> {
    date.map_err(DocumentDateError::Unreadable)?
        .ok_or(DocumentDateError::Missing)
}

/// The date checks of a [`Document`] on a decision date: the holder's age and whether the
/// document is expired. Import the trait to call them on a document.
///
/// ```
/// use dvs_secret::{Document, DocumentChecks};
/// use jiff::civil::date;
/// let doc: Document = serde_json::from_str(r#"{"dob":"2005-06-15","expires":"2030-01-31"}"#)?;
/// assert_eq!(doc.age_on(date(2026, 6, 15)), Ok(21));
/// assert_eq!(doc.is_expired_on(date(2030, 2, 1)), Ok(true));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub trait DocumentChecks {
    /// The holder's age in whole years on `on` (see [`age_on`] for birthdays and
    /// 29 February).
    ///
    /// Fails when the date of birth is missing or unreadable, after `on`, or after the
    /// document's issue date (when that is readable): one of the dates was then misread.
    ///
    /// ```
    /// use dvs_secret::{Document, DocumentChecks, DocumentDateError};
    /// use jiff::civil::date;
    /// let doc: Document = serde_json::from_str(r#"{"dob":"2005-06-15"}"#)?;
    /// assert_eq!(doc.age_on(date(2026, 6, 15)), Ok(21));
    /// assert_eq!(doc.age_on(date(2026, 6, 14)), Ok(20));
    /// assert_eq!(Document::default().age_on(date(2026, 6, 14)), Err(DocumentDateError::Missing));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn age_on(&self, on: Date) -> Result<u16, DocumentDateError>;

    /// Whether the document is expired on `on`: a document is valid through the whole of its
    /// expiry day, and expired from the day after.
    ///
    /// ```
    /// use dvs_secret::{Document, DocumentChecks};
    /// use jiff::civil::date;
    /// let doc: Document = serde_json::from_str(r#"{"expires":"2026-11-30"}"#)?;
    /// assert_eq!(doc.is_expired_on(date(2026, 11, 30)), Ok(false));
    /// assert_eq!(doc.is_expired_on(date(2026, 12, 1)), Ok(true));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn is_expired_on(&self, on: Date) -> Result<bool, DocumentDateError>;
}

impl DocumentChecks for Document {
    fn age_on(&self, on: Date) -> Result<u16, DocumentDateError> {
        let birth = required(self.date_of_birth())?;
        if let Ok(Some(issued)) = self.issue_date() {
            if birth > issued {
                return Err(DocumentDateError::Age(AgeError::BornAfterIssue));
            }
        }
        age_on(birth, on).map_err(DocumentDateError::Age)
    }

    fn is_expired_on(&self, on: Date) -> Result<bool, DocumentDateError> {
        Ok(on > required(self.expiry_date())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn doc(json: &str) -> Document {
        serde_json::from_str(json).unwrap_or_default()
    }

    #[test]
    fn expiry_on_the_day_itself() {
        let d = doc(r#"{"expires":"01/31/2029"}"#);
        let table = [
            (date(2029, 1, 30), Ok(false), "the day before"),
            (
                date(2029, 1, 31),
                Ok(false),
                "the expiry day itself is still valid",
            ),
            (date(2029, 2, 1), Ok(true), "the day after"),
        ];
        for (on, expected, why) in table {
            assert_eq!(d.is_expired_on(on), expected, "{why}");
        }
        assert_eq!(
            Document::default().is_expired_on(date(2029, 1, 30)),
            Err(DocumentDateError::Missing)
        );
        assert_eq!(
            doc(r#"{"expires":"soon"}"#).is_expired_on(date(2029, 1, 30)),
            Err(DocumentDateError::Unreadable(DateError::UnknownForm {
                len: 4
            }))
        );
    }

    #[test]
    fn birth_after_issue_is_an_error() {
        let d = doc(r#"{"dob":"2020-01-01","issued":"2019-01-01"}"#);
        assert_eq!(
            d.age_on(date(2026, 1, 1)),
            Err(DocumentDateError::Age(AgeError::BornAfterIssue))
        );
        let future = doc(r#"{"dob":"2030-01-01"}"#);
        assert_eq!(
            future.age_on(date(2026, 1, 1)),
            Err(DocumentDateError::Age(AgeError::BornAfter))
        );
    }
}
