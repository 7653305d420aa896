//! [`SensitiveText`]: text that is PII (an SSN, a barcode's decoded content), never printed.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Text that is PII, such as an SSN or the decoded content of a licence barcode (which holds
/// the holder's name, address and date of birth).
///
/// Held in a [`secrecy::SecretString`] (wiped on drop); `Debug` shows the length only. It
/// serializes as plain text, since it must reach DVS.
///
/// ```
/// use dvs_core::SensitiveText;
/// let ssn = SensitiveText::new("123-45-6789");
/// assert_eq!(format!("{ssn:?}"), "SensitiveText([REDACTED 11 bytes])");
/// assert_eq!(serde_json::to_string(&ssn)?, "\"123-45-6789\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone)]
pub struct SensitiveText(SecretString);

impl SensitiveText {
    /// Wraps sensitive text.
    pub fn new(text: impl Into<String>) -> Self {
        SensitiveText(SecretString::from(text.into()))
    }

    /// The text. Keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        self.0.expose_secret()
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.0.expose_secret().len()
    }

    /// `true` for the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.expose_secret().is_empty()
    }
}

impl PartialEq for SensitiveText {
    fn eq(&self, other: &Self) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl Eq for SensitiveText {}

impl From<String> for SensitiveText {
    fn from(text: String) -> Self {
        SensitiveText::new(text)
    }
}

impl From<&str> for SensitiveText {
    fn from(text: &str) -> Self {
        SensitiveText::new(text)
    }
}

impl fmt::Debug for SensitiveText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SensitiveText([REDACTED {} bytes])", self.len())
    }
}

impl Serialize for SensitiveText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose_secret())
    }
}

impl<'de> Deserialize<'de> for SensitiveText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(SensitiveText::new(String::deserialize(deserializer)?))
    }
}
