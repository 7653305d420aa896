//! [`MultiImages`]: the short recording of a capture step that IDScan's web library sends as
//! `frontMultiImagesBase64` / `faceMultiImagesBase64`.

use std::fmt;

use bytes::Bytes;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::ImageError;
use crate::image::{check_len, decode_base64, serialize_base64};

/// The "multi images" of a capture step: IDScan's web library (`@idscan/idvc2`) records the
/// camera stream while it captures the front or the selfie and sends the recording, base64,
/// as `frontMultiImagesBase64` or `faceMultiImagesBase64`.
///
/// The library records with the browser's `MediaRecorder`, so the bytes are a short video
/// (WEBM or MP4), not a still image: they are not checked against the JPEG/PNG/WEBP
/// formats an [`Image`](crate::Image) must have. Any non-empty bytes are accepted (what the
/// service does with other content is its own decision); the client's per-image size limit
/// applies.
///
/// Held once as raw bytes (cheap to clone); written into the JSON body as base64 while it is
/// sent, like an image. `Debug` shows the container and length only.
///
/// ```
/// use dvs_core::MultiImages;
/// let webm = MultiImages::from_bytes(vec![0x1A, 0x45, 0xDF, 0xA3, 0x01])?;
/// assert_eq!(format!("{webm:?}"), "MultiImages { container: WEBM, len: 5 }");
/// assert_eq!(serde_json::to_string(&webm).unwrap(), r#""GkXfowE=""#);
/// assert!(MultiImages::from_bytes(Vec::new()).is_err());
/// # Ok::<(), dvs_core::ImageError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct MultiImages {
    bytes: Bytes,
}

impl MultiImages {
    /// Takes ownership of the recording's bytes (no copy for `Vec<u8>` or `Bytes`); only
    /// empty bytes are refused.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Result<MultiImages, ImageError> {
        let bytes = bytes.into();
        if bytes.is_empty() {
            return Err(ImageError::Empty);
        }
        Ok(MultiImages { bytes })
    }

    /// Decodes base64 text leniently, as [`Image::from_base64`](crate::Image::from_base64)
    /// does (a `data:…;base64,` prefix, e.g. from `FileReader.readAsDataURL` on the
    /// library's `multiImagesBlob`, is stripped).
    pub fn from_base64(text: &str) -> Result<MultiImages, ImageError> {
        MultiImages::from_bytes(decode_base64(text)?)
    }

    /// The size in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Always `false`: empty multi images cannot be built. Present for symmetry with `len`.
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

    /// Fails with [`ImageError::TooLarge`] when the recording is over `limit` bytes.
    pub fn check_size(&self, limit: usize) -> Result<(), ImageError> {
        check_len(self.bytes.len(), limit)
    }

    /// The video container told from the first bytes, for `Debug`.
    fn container(&self) -> &'static str {
        if self.bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
            "WEBM"
        } else if self.bytes.get(4..8) == Some(b"ftyp") {
            "MP4"
        } else {
            "unknown"
        }
    }
}

impl fmt::Debug for MultiImages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MultiImages")
            .field("container", &format_args!("{}", self.container()))
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Serialize for MultiImages {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_base64(&self.bytes, serializer)
    }
}

impl<'de> Deserialize<'de> for MultiImages {
    /// Reads base64 text leniently, as [`MultiImages::from_base64`] does.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        MultiImages::from_base64(&text).map_err(serde::de::Error::custom)
    }
}
