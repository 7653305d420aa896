//! [`RequestBody`]: what a call sends — bytes, or a JSON body streamed from its images.

use std::fmt;

use bytes::Bytes;

use crate::internal::StreamingJson;

/// A request body: bytes held whole, or a JSON body produced chunk by chunk from the raw
/// images while it is sent. Both know their exact length up front and
/// are cheap to clone, so a permitted retry sends the same body again.
///
/// The default [`ReqwestTransport`](super::ReqwestTransport) streams
/// [`RequestBody::Json`] on native targets (≈ 64 KiB at a time, with an exact
/// `Content-Length`) and buffers it in the browser. A custom
/// [`Transport`](super::Transport) that needs the bytes at once calls
/// [`to_bytes`](Self::to_bytes) (one buffer of exactly [`len`](Self::len) bytes), or
/// [`chunks`](Self::chunks) to stream it itself.
///
/// `Debug` shows the length only: bodies hold images and PII.
#[derive(Clone)]
#[non_exhaustive]
pub enum RequestBody {
    /// Bytes held whole.
    Bytes(Bytes),
    /// JSON with images, encoded as it is sent (the engine's own type: read it through
    /// [`len`](Self::len), [`to_bytes`](Self::to_bytes) or [`chunks`](Self::chunks)).
    #[doc(hidden)]
    Json(StreamingJson),
}

impl RequestBody {
    /// The exact length in bytes (the `Content-Length`).
    pub fn len(&self) -> usize {
        match self {
            RequestBody::Bytes(bytes) => bytes.len(),
            RequestBody::Json(json) => json.len(),
        }
    }

    /// `true` when there are no bytes to send.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole body at once: a cheap handle for [`RequestBody::Bytes`], one buffer of
    /// exactly [`len`](Self::len) bytes for [`RequestBody::Json`] (built on each call).
    pub fn to_bytes(&self) -> Bytes {
        match self {
            RequestBody::Bytes(bytes) => bytes.clone(),
            RequestBody::Json(json) => json.to_bytes(),
        }
    }

    /// The whole body at once, as [`to_bytes`](Self::to_bytes).
    pub fn into_bytes(self) -> Bytes {
        match self {
            RequestBody::Bytes(bytes) => bytes,
            RequestBody::Json(json) => json.to_bytes(),
        }
    }

    /// The body in chunks (one for [`RequestBody::Bytes`], at most 64 KiB each for
    /// [`RequestBody::Json`]), encoded as they are taken.
    pub fn chunks(&self) -> Box<dyn Iterator<Item = Bytes> + Send + Sync> {
        match self {
            RequestBody::Bytes(bytes) => {
                Box::new((!bytes.is_empty()).then(|| bytes.clone()).into_iter())
            }
            RequestBody::Json(json) => Box::new(json.chunks()),
        }
    }
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self {
            RequestBody::Bytes(_) => "Bytes",
            RequestBody::Json(_) => "Json",
        };
        f.debug_struct("RequestBody")
            .field("kind", &kind)
            .field("len", &self.len())
            .finish()
    }
}

impl From<Bytes> for RequestBody {
    fn from(bytes: Bytes) -> Self {
        RequestBody::Bytes(bytes)
    }
}

impl From<Vec<u8>> for RequestBody {
    fn from(bytes: Vec<u8>) -> Self {
        RequestBody::Bytes(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for RequestBody {
    fn from(bytes: &'static [u8]) -> Self {
        RequestBody::Bytes(Bytes::from_static(bytes))
    }
}

impl From<StreamingJson> for RequestBody {
    fn from(json: StreamingJson) -> Self {
        RequestBody::Json(json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DocumentType, Image, RequestV3};

    #[test]
    fn forms_agree() {
        let image = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]).unwrap();
        let request = RequestV3::new(DocumentType::Id).front(image);
        let expected = Bytes::from(serde_json::to_vec(&request).unwrap());
        let json = RequestBody::from(StreamingJson::new(&request).unwrap());
        let bytes = RequestBody::from(expected.clone());
        for body in [&json, &bytes] {
            assert_eq!(body.len(), expected.len());
            assert_eq!(body.to_bytes(), expected);
            let joined: Vec<u8> = body.chunks().flat_map(|c| c.to_vec()).collect();
            assert_eq!(joined, expected);
        }
        assert_eq!(json.clone().into_bytes(), expected);
        assert_eq!(
            format!("{json:?}"),
            format!("RequestBody {{ kind: \"Json\", len: {} }}", expected.len())
        );
        assert_eq!(RequestBody::from(&b""[..]).chunks().count(), 0);
    }
}
