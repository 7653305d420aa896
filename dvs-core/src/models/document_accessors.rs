//! Typed reads of a [`Document`]'s text fields: dates, country, gender, name.
//!
//! The raw strings stay on [`Document`] (for audit); these read them on demand, leniently,
//! and never panic.

use super::document_date::{Date, DateError, read_date};
use super::{CountryCode, Document, Gender, PersonName};

fn date_field(field: Option<&str>) -> Result<Option<Date>, DateError> {
    match field {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Ok(None),
        Some(text) => read_date(text).map(Some),
    }
}

impl Document {
    /// The date of birth (`dob`), read by [`read_date`] (ISO, US `MM/DD/YYYY`, dotted,
    /// compact `YYYYMMDD`/`MMDDYYYY`, any of them with a time part). `Ok(None)` when the field
    /// is absent or blank; an error when it holds something that is not a date.
    ///
    /// ```
    /// use dvs_core::Document;
    /// use jiff::civil::date;
    /// let doc: Document = serde_json::from_str(r#"{"dob":"08/09/1994","expires":"n/a"}"#)?;
    /// assert_eq!(doc.date_of_birth(), Ok(Some(date(1994, 8, 9))));
    /// assert!(doc.expiry_date().is_err());
    /// assert_eq!(doc.issue_date(), Ok(None));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn date_of_birth(&self) -> Result<Option<Date>, DateError> {
        date_field(self.dob.as_deref())
    }

    /// The issue date (`issued`), read like [`Document::date_of_birth`].
    pub fn issue_date(&self) -> Result<Option<Date>, DateError> {
        date_field(self.issued.as_deref())
    }

    /// The expiry date (`expires`), read like [`Document::date_of_birth`].
    pub fn expiry_date(&self) -> Result<Option<Date>, DateError> {
        date_field(self.expires.as_deref())
    }

    /// The issuing country as an ISO 3166-1 code: `abbrCountry` (alpha-2) when it is a valid
    /// code, else `abbr3Country` (alpha-3). `None` when neither is.
    pub fn issuing_country(&self) -> Option<CountryCode> {
        [self.abbr_country.as_deref(), self.abbr3_country.as_deref()]
            .into_iter()
            .flatten()
            .find_map(|text| CountryCode::parse(text).ok())
    }

    /// Whether the document was issued in `country`, compared with both its alpha-2 and its
    /// alpha-3 code (so `US` and `USA` both match a US document that carries both).
    ///
    /// ```
    /// use dvs_core::Document;
    /// use dvs_core::CountryCode;
    /// let doc: Document = serde_json::from_str(r#"{"abbrCountry":"US","abbr3Country":"USA"}"#)?;
    /// assert!(doc.is_issued_in(&"USA".parse()?));
    /// assert!(doc.is_issued_in(&"us".parse()?));
    /// assert!(!doc.is_issued_in(&"CA".parse()?));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_issued_in(&self, country: &CountryCode) -> bool {
        [self.abbr_country.as_deref(), self.abbr3_country.as_deref()]
            .into_iter()
            .flatten()
            .filter_map(|text| CountryCode::parse(text).ok())
            .any(|code| code == *country)
    }

    /// The gender printed on the document (`gender`), read by [`Gender::read`].
    pub fn gender_kind(&self) -> Option<Gender> {
        self.gender.as_deref().and_then(Gender::read)
    }

    /// The holder's name as its parts: from `firstName`/`privateName`, `middleName`,
    /// `familyName` and `suffix` when the document has a family name or a first name, else
    /// split from `fullName` by [`PersonName::from_full_name`]. `None` when it has no name.
    ///
    /// ```
    /// use dvs_core::Document;
    /// let doc: Document = serde_json::from_str(r#"{"fullName":"JANE Q SAMPLE"}"#)?;
    /// let name = doc.person_name().unwrap_or_default();
    /// assert_eq!(name.family_name.as_deref(), Some("SAMPLE"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn person_name(&self) -> Option<PersonName> {
        let present = |field: &Option<String>| {
            field
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
                .map(str::to_owned)
        };
        let first = present(&self.first_name).or_else(|| present(&self.private_name));
        let family = present(&self.family_name);
        if first.is_none() && family.is_none() {
            return present(&self.full_name).map(|full| PersonName::from_full_name(&full));
        }
        let mut given: Vec<String> = first.into_iter().collect();
        given.extend(present(&self.middle_name));
        Some(PersonName::from_parts(given, family, present(&self.suffix)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> Document {
        serde_json::from_str(json).unwrap_or_default()
    }

    #[test]
    fn names_from_structured_fields_first() {
        let d = doc(
            r#"{"fullName":"X Y Z","firstName":"JANE","middleName":"QUINN","familyName":"SAMPLE","suffix":"JR"}"#,
        );
        let name = d.person_name().unwrap_or_default();
        assert_eq!(name.given_names, ["JANE", "QUINN"]);
        assert_eq!(name.family_name.as_deref(), Some("SAMPLE"));
        assert_eq!(name.suffix.as_deref(), Some("JR"));
        assert_eq!(Document::default().person_name(), None);
    }

    #[test]
    fn countries_and_gender() {
        let d = doc(r#"{"abbrCountry":"United States","abbr3Country":"usa","gender":"F"}"#);
        assert_eq!(
            d.issuing_country().map(|c| c.to_string()).as_deref(),
            Some("USA")
        );
        assert_eq!(d.gender_kind(), Some(Gender::Female));
        assert_eq!(Document::default().issuing_country(), None);
    }
}
