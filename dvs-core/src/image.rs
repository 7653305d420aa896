//! [`Image`]: an ID or selfie image held once as raw bytes, with its sniffed format.

use std::fmt;
use std::path::Path;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Standard base64 that accepts input with or without padding.
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The image formats DVS accepts, told from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImageFormat {
    /// JPEG (`FF D8 FF`).
    Jpeg,
    /// PNG (`89 50 4E 47 0D 0A 1A 0A`).
    Png,
    /// WEBP (`RIFF....WEBP`).
    Webp,
}

impl ImageFormat {
    /// Sniffs the format from magic bytes; `None` when it is none of JPEG, PNG, WEBP.
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(ImageFormat::Png)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            None
        }
    }

    /// The MIME type, e.g. `image/jpeg`.
    pub const fn mime(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Webp => "image/webp",
        }
    }
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::Png => "PNG",
            ImageFormat::Webp => "WEBP",
        })
    }
}

/// Why bytes or text were refused as an image. Never includes the image data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImageError {
    /// No bytes at all.
    #[error("the image is empty")]
    Empty,
    /// The bytes are not JPEG, PNG or WEBP.
    #[error("the image is not JPEG, PNG or WEBP (it looks like {looks_like})")]
    UnsupportedFormat {
        /// A short guess at what the bytes are (`"text"`, `"GIF"`, `"PDF"`, `"HEIC"`, `"unknown binary"` …).
        looks_like: &'static str,
    },
    /// The base64 text could not be decoded.
    #[error("the image's base64 text is invalid: {reason}")]
    InvalidBase64 {
        /// What is wrong (position and kind of the problem, never the text).
        reason: String,
    },
    /// The image is larger than the configured limit.
    #[error("the image is {len} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The image's size in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The file could not be read.
    #[error("the image file could not be read: {kind}")]
    Io {
        /// What went wrong.
        kind: std::io::ErrorKind,
    },
}

/// An image to upload: raw bytes held once (cheap to clone), and the format sniffed from them.
///
/// It serializes as a base64 JSON string written straight into the output, without a second
/// full-size copy. `Debug` shows the format and length only.
///
/// ```
/// use dvs_core::{Image, ImageFormat};
/// let png = Image::from_base64("data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==")?;
/// assert_eq!(png.format(), ImageFormat::Png);
/// assert_eq!(format!("{png:?}"), "Image { format: PNG, len: 16 }");
/// assert!(Image::from_bytes(b"hello, I am text".to_vec()).is_err());
/// # Ok::<(), dvs_core::ImageError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    bytes: Bytes,
    format: ImageFormat,
}

impl Image {
    /// Takes ownership of raw image bytes (no copy for `Vec<u8>` or `Bytes`).
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Result<Image, ImageError> {
        let bytes = bytes.into();
        if bytes.is_empty() {
            return Err(ImageError::Empty);
        }
        match ImageFormat::sniff(&bytes) {
            Some(format) => Ok(Image { bytes, format }),
            None => Err(ImageError::UnsupportedFormat {
                looks_like: looks_like(&bytes),
            }),
        }
    }

    /// Reads an image file.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Image, ImageError> {
        let bytes = std::fs::read(path).map_err(|e| ImageError::Io { kind: e.kind() })?;
        Image::from_bytes(bytes)
    }

    /// Decodes base64 text, leniently: a `data:image/…;base64,` prefix is stripped, white
    /// space (line breaks from copy-paste) is ignored, padding is optional.
    pub fn from_base64(text: &str) -> Result<Image, ImageError> {
        Image::from_bytes(decode_base64(text)?)
    }

    /// The format sniffed from the bytes.
    pub fn format(&self) -> ImageFormat {
        self.format
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always `false`: an empty image cannot be built. Present for API symmetry with `len`.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The raw bytes as a cheap, shared handle.
    pub fn bytes(&self) -> Bytes {
        self.bytes.clone()
    }

    /// Length of this image once base64-encoded (with padding), in bytes.
    pub fn base64_len(&self) -> usize {
        crate::streaming_json::base64_len(self.bytes.len())
    }

    /// Fails with [`ImageError::TooLarge`] when the image is over `limit` bytes.
    pub fn check_size(&self, limit: usize) -> Result<(), ImageError> {
        check_len(self.bytes.len(), limit)
    }
}

impl fmt::Debug for Image {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Image")
            .field("format", &format_args!("{}", self.format))
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Serialize for Image {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_base64(&self.bytes, serializer)
    }
}

/// Writes raw bytes (an image, a [`MultiImages`](crate::MultiImages) recording) as a base64
/// JSON string, never holding the base64 text whole.
pub(crate) fn serialize_base64<S: Serializer>(
    bytes: &Bytes,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // Base64 text, or `""` while this thread builds a `StreamingJson`, which splices the
    // base64 in later: a thread-local switch, explained at `serialize_image`.
    crate::streaming_json::serialize_image(bytes, serializer)
}

/// Decodes base64 text leniently (as [`Image::from_base64`] describes) into raw bytes;
/// [`ImageError::Empty`] when there is nothing after the optional `data:` prefix.
pub(crate) fn decode_base64(text: &str) -> Result<Vec<u8>, ImageError> {
    let body = strip_data_uri(text.trim());
    if body.is_empty() {
        return Err(ImageError::Empty);
    }
    if body.bytes().any(|b| b.is_ascii_whitespace()) {
        let compact: Vec<u8> = body.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        LENIENT_STANDARD.decode(compact)
    } else {
        LENIENT_STANDARD.decode(body)
    }
    .map_err(|e| ImageError::InvalidBase64 {
        reason: e.to_string(),
    })
}

/// [`ImageError::TooLarge`] when `len` bytes are over `limit`.
pub(crate) fn check_len(len: usize, limit: usize) -> Result<(), ImageError> {
    if len > limit {
        Err(ImageError::TooLarge { len, limit })
    } else {
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Image {
    /// Reads base64 text leniently, as [`Image::from_base64`] does.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        Image::from_base64(&text).map_err(serde::de::Error::custom)
    }
}

fn strip_data_uri(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("data:") {
        if let Some(index) = rest.find(";base64,") {
            return &rest[index + ";base64,".len()..];
        }
    }
    text
}

/// A short, data-free guess at what unsupported bytes are, for a helpful error.
fn looks_like(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"GIF8") {
        "GIF"
    } else if bytes.starts_with(b"%PDF") {
        "PDF"
    } else if bytes.starts_with(b"BM") {
        "BMP"
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        "HEIC/HEIF or another ISO media file"
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        "TIFF"
    } else if bytes
        .iter()
        .take(512)
        .all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
    {
        "text"
    } else {
        "unknown binary data"
    }
}
