//! [`Gender`]: the gender printed on a document, as an open enum.

use std::fmt;

/// The gender printed on (or encoded in) a document, read leniently.
///
/// Reads the words (`Male`, `Female`), the letters (`M`, `F`, `X`) and the AAMVA barcode
/// digits (`1` male, `2` female, `9` not specified), in any case. Anything else is kept as
/// [`Gender::Unknown`]; `Debug` never shows its text.
///
/// ```
/// use dvs_core::Gender;
/// assert_eq!(Gender::read("Female"), Some(Gender::Female));
/// assert_eq!(Gender::read("m"), Some(Gender::Male));
/// assert_eq!(Gender::read("X"), Some(Gender::Unspecified));
/// assert!(Gender::read("other").is_some_and(|g| g.is_unknown()));
/// assert_eq!(Gender::read("  "), None);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Gender {
    /// Male (`M`, `Male`, `1`).
    Male,
    /// Female (`F`, `Female`, `2`).
    Female,
    /// Not specified or non-binary (`X`, `9`, `Unspecified`, `Not specified`, `Nonbinary`).
    Unspecified,
    /// A value this SDK does not know, as printed.
    Unknown(String),
}

impl Gender {
    /// Reads a printed gender; `None` for empty text.
    pub fn read(text: &str) -> Option<Gender> {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let folded = text.to_ascii_lowercase();
        Some(match folded.as_str() {
            "m" | "male" | "1" => Gender::Male,
            "f" | "female" | "2" => Gender::Female,
            "x" | "9" | "u" | "unspecified" | "not specified" | "nonbinary" | "non-binary" => {
                Gender::Unspecified
            }
            _ => Gender::Unknown(text.to_owned()),
        })
    }

    /// `true` for a value this SDK does not know.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Gender::Unknown(_))
    }
}

impl fmt::Debug for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gender::Male => f.write_str("Male"),
            Gender::Female => f.write_str("Female"),
            Gender::Unspecified => f.write_str("Unspecified"),
            Gender::Unknown(text) => write!(f, "Unknown([REDACTED {} bytes])", text.len()),
        }
    }
}
