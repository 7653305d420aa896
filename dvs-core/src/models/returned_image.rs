//! [`ReturnedImage`]: one image a result carries back (a portrait, a signature, an uploaded
//! image), as the base64 text DVS sent.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SensitiveText;
use crate::{Image, ImageError};

/// One image a result carries, as the base64 text DVS sent. It is **PII** (a face, a
/// document): `Debug` shows its length only.
///
/// ```
/// use dvs_core::ReturnedImage;
/// let image = ReturnedImage::new("iVBORw0KGgo=");
/// assert_eq!(format!("{image:?}"), "ReturnedImage([REDACTED 12 base64 bytes])");
/// ```
#[derive(Clone, PartialEq)]
pub struct ReturnedImage(SensitiveText);

impl ReturnedImage {
    /// Wraps base64 text (a `data:` URL is accepted too; [`decode`](Self::decode) strips it).
    pub fn new(base64: impl Into<String>) -> Self {
        ReturnedImage(SensitiveText::new(base64))
    }

    /// The base64 text as DVS sent it. Keep it out of logs.
    pub fn base64(&self) -> &str {
        self.0.expose_secret()
    }

    /// The length of the base64 text, in bytes.
    pub fn base64_len(&self) -> usize {
        self.0.len()
    }

    /// Decodes the image: [`Image::from_base64`], so a malformed or non-image text is an
    /// [`ImageError`], never a panic.
    ///
    /// ```
    /// use dvs_core::{ImageFormat, ReturnedImage};
    /// // The first bytes of a PNG file, base64-encoded.
    /// let image = ReturnedImage::new("iVBORw0KGgoAAAANSUhEUg==").decode()?;
    /// assert_eq!(image.format(), ImageFormat::Png);
    /// assert!(ReturnedImage::new("not base64!").decode().is_err());
    /// # Ok::<(), dvs_core::ImageError>(())
    /// ```
    pub fn decode(&self) -> Result<Image, ImageError> {
        Image::from_base64(self.base64())
    }
}

impl fmt::Debug for ReturnedImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ReturnedImage([REDACTED {} base64 bytes])",
            self.base64_len()
        )
    }
}

impl Serialize for ReturnedImage {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.base64())
    }
}

impl<'de> Deserialize<'de> for ReturnedImage {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(ReturnedImage::new)
    }
}
