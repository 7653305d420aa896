//! [`RequestId`]: the id DVS gives a verification request, parsed from untrusted input.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The id of a DVS verification request: a UUID such as `3fa85f64-5717-4562-b3fc-2c963f66afa6`.
///
/// A backend receives it from a browser or app, so parsing accepts nothing but the canonical
/// hyphenated UUID form (any letter case; stored lower-case). That also makes it safe to put
/// in a URL path.
///
/// ```
/// use dvs_core::RequestId;
/// let id: RequestId = "3FA85F64-5717-4562-B3FC-2C963F66AFA6".parse()?;
/// assert_eq!(id.to_string(), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
/// assert!("../../admin".parse::<RequestId>().is_err());
/// # Ok::<(), dvs_core::RequestIdError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId([u8; 36]);

/// Why a text is not a [`RequestId`]. The message does not repeat the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestIdError {
    /// The input is empty.
    #[error("the request id is empty")]
    Empty,
    /// The input does not have the 36 characters of a hyphenated UUID.
    #[error("the request id must be a 36-character UUID (got {len} characters)")]
    WrongLength {
        /// Length of the input, in bytes.
        len: usize,
    },
    /// A character is not where a UUID has it (hex digits, hyphens at 8, 13, 18, 23).
    #[error("the request id is not a UUID: unexpected character at position {position}")]
    InvalidCharacter {
        /// Zero-based byte position of the first bad character.
        position: usize,
    },
}

impl RequestId {
    /// Parses a hyphenated UUID.
    pub fn parse(text: &str) -> Result<Self, RequestIdError> {
        let bytes = text.as_bytes();
        if bytes.is_empty() {
            return Err(RequestIdError::Empty);
        }
        if bytes.len() != 36 {
            return Err(RequestIdError::WrongLength { len: bytes.len() });
        }
        let mut out = [0u8; 36];
        for (position, (&b, slot)) in bytes.iter().zip(out.iter_mut()).enumerate() {
            let hyphen = matches!(position, 8 | 13 | 18 | 23);
            *slot = match b {
                b'-' if hyphen => b'-',
                b'0'..=b'9' | b'a'..=b'f' if !hyphen => b,
                b'A'..=b'F' if !hyphen => b.to_ascii_lowercase(),
                _ => return Err(RequestIdError::InvalidCharacter { position }),
            };
        }
        Ok(RequestId(out))
    }

    /// Builds an id from 16 random or known bytes (the mock server uses this to mint ids).
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut out = [b'-'; 36];
        let mut i = 0;
        for (n, byte) in bytes.iter().enumerate() {
            if matches!(n, 4 | 6 | 8 | 10) {
                i += 1;
            }
            out[i] = HEX[usize::from(byte >> 4)];
            out[i + 1] = HEX[usize::from(byte & 0x0f)];
            i += 2;
        }
        RequestId(out)
    }

    /// The id as text (lower-case hyphenated UUID).
    pub fn as_str(&self) -> &str {
        // Every byte is an ASCII hex digit or a hyphen, written by `parse` or `from_bytes`.
        std::str::from_utf8(&self.0).unwrap_or("00000000-0000-0000-0000-000000000000")
    }
}

impl FromStr for RequestId {
    type Err = RequestIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RequestId::parse(s)
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RequestId({})", self.as_str())
    }
}

impl AsRef<str> for RequestId {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for RequestId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RequestId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        RequestId::parse(&text).map_err(serde::de::Error::custom)
    }
}
