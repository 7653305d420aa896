//! [`PersonName`]: a document holder's name as its parts (given names, family name, suffix).

use std::fmt;

/// A name as its parts. **PII**: `Debug` shows how many parts there are, never the text.
///
/// Built by [`Document::person_name`](crate::Document::person_name) from the document's
/// structured fields when it has them, else from its full name.
///
/// ```
/// use dvs_core::PersonName;
/// let name = PersonName::from_full_name("SAMPLE, JANE Q");
/// assert_eq!(name.given_names, ["JANE", "Q"]);
/// assert_eq!(name.family_name.as_deref(), Some("SAMPLE"));
/// assert!(!format!("{name:?}").contains("JANE"));
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PersonName {
    /// Given names in order: the first name, then middle names (or initials).
    pub given_names: Vec<String>,
    /// Family name, possibly of several words (`GARCIA LOPEZ`, `SMITH-JONES`).
    pub family_name: Option<String>,
    /// Generational suffix as printed (`JR`, `III`), where the document has one.
    pub suffix: Option<String>,
}

/// Generational suffixes, compared case-insensitively without dots: split off a full name and
/// ignored by the identity match. `V` is not among them: it is as likely a middle initial.
pub(crate) const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv", "2nd", "3rd", "4th"];

/// Whether `word` is a generational suffix (`JR`, `Jr.`, `III` …).
fn is_suffix(word: &str) -> bool {
    let folded: String = word
        .chars()
        .filter(|c| *c != '.')
        .flat_map(char::to_lowercase)
        .collect();
    SUFFIXES.contains(&folded.as_str())
}

impl PersonName {
    /// Whether `word` is a generational suffix (`JR`, `Jr.`, `III`, `2nd` …), compared
    /// case-insensitively without dots. `V` is not one: it is as likely a middle initial.
    ///
    /// ```
    /// use dvs_core::PersonName;
    /// assert!(PersonName::is_suffix("Jr."));
    /// assert!(!PersonName::is_suffix("V"));
    /// ```
    pub fn is_suffix(word: &str) -> bool {
        is_suffix(word)
    }

    /// Builds a name from its parts as a document's structured fields hold them.
    pub fn from_parts(
        given_names: Vec<String>,
        family_name: Option<String>,
        suffix: Option<String>,
    ) -> PersonName {
        PersonName {
            given_names,
            family_name,
            suffix,
        }
    }

    /// Splits a full name: `FAMILY, GIVEN MIDDLE` when it has a comma, else
    /// `GIVEN MIDDLE FAMILY` (the last word is the family name). A trailing generational
    /// suffix (`JR`, `SR`, `II`, `III`, `IV`, with or without a dot) becomes [`Self::suffix`].
    pub fn from_full_name(full: &str) -> PersonName {
        let words = |text: &str| -> Vec<String> {
            text.split([' ', ','])
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let mut suffix = None;
        let (mut given, family) = match full.split_once(',') {
            Some((family, given)) => {
                let family = words(family);
                (words(given), (!family.is_empty()).then(|| family.join(" ")))
            }
            None => {
                let mut given = words(full);
                if given.len() > 1 && given.last().is_some_and(|w| is_suffix(w)) {
                    suffix = given.pop();
                }
                let family = if given.len() > 1 { given.pop() } else { None };
                (given, family)
            }
        };
        if suffix.is_none() && given.len() > 1 && given.last().is_some_and(|w| is_suffix(w)) {
            suffix = given.pop();
        }
        PersonName {
            given_names: given,
            family_name: family,
            suffix,
        }
    }

    /// All parts as one line: given names, family name, suffix.
    pub fn full(&self) -> String {
        let mut parts: Vec<&str> = self.given_names.iter().map(String::as_str).collect();
        parts.extend(self.family_name.as_deref());
        parts.extend(self.suffix.as_deref());
        parts.join(" ")
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PersonName")
            .field("given_names", &self.given_names.len())
            .field("family_name", &self.family_name.is_some())
            .field("suffix", &self.suffix.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names() {
        type Row<'a> = (&'a str, &'a [&'a str], Option<&'a str>, Option<&'a str>);
        let table: &[Row<'_>] = &[
            ("JANE Q SAMPLE", &["JANE", "Q"], Some("SAMPLE"), None),
            ("SAMPLE, JANE Q", &["JANE", "Q"], Some("SAMPLE"), None),
            ("SAMPLE,JANE", &["JANE"], Some("SAMPLE"), None),
            ("JOHN SMITH JR", &["JOHN"], Some("SMITH"), Some("JR")),
            ("JOHN SMITH III", &["JOHN"], Some("SMITH"), Some("III")),
            ("SMITH, JOHN JR.", &["JOHN"], Some("SMITH"), Some("JR.")),
            ("MADONNA", &["MADONNA"], None, None),
            ("", &[], None, None),
        ];
        for (full, given, family, suffix) in table {
            let name = PersonName::from_full_name(full);
            assert_eq!(name.given_names, *given, "{full}");
            assert_eq!(name.family_name.as_deref(), *family, "{full}");
            assert_eq!(name.suffix.as_deref(), *suffix, "{full}");
        }
        assert!(!format!("{:?}", PersonName::from_full_name("JANE SAMPLE")).contains("JANE"));
    }
}
