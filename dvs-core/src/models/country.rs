//! [`CountryCode`]: an ISO 3166-1 country code, alpha-2 (`US`) or alpha-3 (`USA`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 3166-1 country code: two letters (alpha-2, `US`) or three (alpha-3, `USA`), kept in
/// upper case.
///
/// Reading checks the shape (two or three ASCII letters, any case, surrounding whitespace
/// ignored), not membership of the current ISO list: DVS and the documents it reads may use
/// codes newer than this SDK, or ICAO codes that passports use (such as `GBD`).
///
/// ```
/// use dvs_core::CountryCode;
/// let us = CountryCode::parse("us")?;
/// assert_eq!(us.as_str(), "US");
/// assert!(us.is_alpha2());
/// assert_eq!(CountryCode::parse("USA")?.as_str(), "USA");
/// assert!(CountryCode::parse("United States").is_err());
/// # Ok::<(), dvs_core::CountryCodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode {
    letters: [u8; 3],
    len: u8,
}

/// The text is not two or three ASCII letters. Holds no part of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("a country code is two or three ASCII letters (ISO 3166-1 alpha-2 or alpha-3)")]
pub struct CountryCodeError;

impl CountryCode {
    /// Reads a code of two or three ASCII letters, in any case.
    pub fn parse(text: &str) -> Result<Self, CountryCodeError> {
        let text = text.trim().as_bytes();
        if !(2..=3).contains(&text.len()) || !text.iter().all(u8::is_ascii_alphabetic) {
            return Err(CountryCodeError);
        }
        let mut letters = [0; 3];
        for (slot, letter) in letters.iter_mut().zip(text) {
            *slot = letter.to_ascii_uppercase();
        }
        Ok(CountryCode {
            letters,
            len: u8::try_from(text.len()).map_err(|_| CountryCodeError)?,
        })
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        let letters = self.letters.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(letters).unwrap_or("")
    }

    /// `true` for a two-letter (alpha-2) code.
    pub fn is_alpha2(&self) -> bool {
        self.len == 2
    }
}

impl fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CountryCode({})", self.as_str())
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for CountryCode {
    type Err = CountryCodeError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CountryCode::parse(text)
    }
}

impl Serialize for CountryCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CountryCode::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for (text, expected) in [
            ("US", Some("US")),
            ("us", Some("US")),
            (" usa ", Some("USA")),
            ("GBR", Some("GBR")),
            ("U", None),
            ("USAA", None),
            ("U1", None),
            ("", None),
            ("ÜS", None),
        ] {
            let got = CountryCode::parse(text).ok();
            assert_eq!(got.as_ref().map(CountryCode::as_str), expected, "{text:?}");
        }
    }
}
