//! [`StreamingJson`]: a JSON body holding [`Image`](crate::Image)s, produced chunk by chunk
//! from the raw image bytes instead of being written out whole.
//!
//! The value is serialized once with every image left as an empty string — the *skeleton*,
//! a few hundred bytes — while the image bytes and the skeleton offsets where their base64
//! belongs are recorded. Base64 needs no JSON escaping, so the body is the skeleton with each
//! image's base64 spliced in: its exact length is known up front, and it can be produced as
//! many times as needed (a permitted retry) from cheap clones of the image bytes. How an
//! image knows to leave itself out: [`serialize_image`], this crate's one thread-local switch.

use std::cell::RefCell;
use std::fmt;
use std::io;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use serde::{Serialize, Serializer};

/// Raw image bytes encoded per body chunk: a multiple of 3, so chunks' base64 concatenates
/// without inner padding.
const IMAGE_BYTES_PER_CHUNK: usize = 48 * 1024;

/// A JSON body with images, streamed from the raw image bytes: exact length known up front,
/// produced in chunks of at most 64 KiB, re-playable (cloning is cheap: reference counts).
///
/// Build it from any `Serialize` value whose images are [`Image`](crate::Image)s (e.g.
/// [`RequestV3`], [`RequestV4`]). The bytes it produces are exactly those of
/// `serde_json::to_vec(value)`.
/// `Debug` shows lengths only.
///
/// ```
/// use dvs_core::internal::StreamingJson;
/// use dvs_core::{DocumentType, Image, RequestV3};
/// let front = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0])?;
/// let request = RequestV3::new(DocumentType::Id).front(front);
/// let body = StreamingJson::new(&request).unwrap();
/// assert_eq!(body.len(), serde_json::to_vec(&request).unwrap().len());
/// let chunks: Vec<u8> = body.chunks().flat_map(|c| c.to_vec()).collect();
/// assert_eq!(&chunks[..], &body.to_bytes()[..]);
/// assert_eq!(&chunks[..], br#"{"documentType":1,"frontImageBase64":"/9j/4A=="}"#);
/// # Ok::<(), dvs_core::ImageError>(())
/// ```
///
/// [`RequestV3`]: crate::RequestV3
/// [`RequestV4`]: crate::RequestV4
#[derive(Clone)]
pub struct StreamingJson {
    /// The JSON with every image as `""`.
    skeleton: Bytes,
    /// Where each image's base64 goes in the skeleton (just after the opening quote), in order.
    splices: Vec<Splice>,
    /// The exact length of the whole body.
    len: usize,
}

#[derive(Clone)]
struct Splice {
    offset: usize,
    image: Bytes,
}

impl fmt::Debug for StreamingJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamingJson")
            .field("len", &self.len)
            .field("skeleton_len", &self.skeleton.len())
            .field("images", &self.splices.len())
            .finish()
    }
}

impl StreamingJson {
    /// Serializes `value`, leaving its images to be encoded as the body is produced.
    pub fn new<T: Serialize + ?Sized>(value: &T) -> Result<StreamingJson, serde_json::Error> {
        let Some(capture) = Capture::start() else {
            // Already capturing on this thread (a `Serialize` impl building a body inside
            // another): write this body whole, with the outer capture paused meanwhile.
            let outer = CAPTURE.with(|cell| cell.borrow_mut().take());
            let body = serde_json::to_vec(value);
            CAPTURE.with(|cell| *cell.borrow_mut() = outer);
            return Ok(StreamingJson::whole(body?));
        };
        let written = serde_json::to_writer(SkeletonWriter, value);
        let (skeleton, splices) = capture.finish();
        written?;
        let well_formed = splices.iter().all(|s| {
            s.offset > 0
                && skeleton.get(s.offset - 1) == Some(&b'"')
                && skeleton.get(s.offset) == Some(&b'"')
        }) && splices.windows(2).all(|w| w[0].offset < w[1].offset);
        if !well_formed {
            // The serializer did not write images as expected: write the whole body.
            return Ok(StreamingJson::whole(serde_json::to_vec(value)?));
        }
        let images: usize = splices.iter().map(|s| base64_len(s.image.len())).sum();
        Ok(StreamingJson {
            len: skeleton.len() + images,
            skeleton: Bytes::from(skeleton),
            splices,
        })
    }

    /// A body without images to splice.
    fn whole(body: Vec<u8>) -> StreamingJson {
        StreamingJson {
            len: body.len(),
            skeleton: Bytes::from(body),
            splices: Vec::new(),
        }
    }

    /// The exact length of the body in bytes (the `Content-Length`).
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` for an empty body (never, for JSON).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The body in chunks of at most 64 KiB, encoded one at a time as they are taken.
    pub fn chunks(&self) -> JsonChunks {
        JsonChunks {
            body: self.clone(),
            next_splice: 0,
            skeleton_at: 0,
            image_at: None,
        }
    }

    /// The whole body in one buffer of exactly [`len`](Self::len) bytes (for a transport
    /// that needs the body at once; it holds the images' base64, ≈ 4/3 of their size).
    pub fn to_bytes(&self) -> Bytes {
        let mut body = Vec::with_capacity(self.len);
        let mut from = 0;
        for splice in &self.splices {
            body.extend_from_slice(&self.skeleton[from..splice.offset]);
            let start = body.len();
            body.resize(start + base64_len(splice.image.len()), 0);
            encode_into(&splice.image, &mut body[start..]);
            from = splice.offset;
        }
        body.extend_from_slice(&self.skeleton[from..]);
        Bytes::from(body)
    }
}

/// The padded base64 length of `n` bytes (also [`Image::base64_len`](crate::Image::base64_len)).
pub(crate) fn base64_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// Encodes `input` into `out`, which is exactly its base64 length.
fn encode_into(input: &[u8], out: &mut [u8]) {
    // `out` is sized from `base64_len`, so the only error (output too small) cannot occur.
    let _ = STANDARD.encode_slice(input, out);
}

/// An iterator over a [`StreamingJson`] body's chunks (see [`StreamingJson::chunks`]).
#[derive(Debug)]
pub struct JsonChunks {
    body: StreamingJson,
    /// The next splice to reach.
    next_splice: usize,
    /// Where the next skeleton piece starts.
    skeleton_at: usize,
    /// Inside an image: how many of its bytes are encoded already.
    image_at: Option<usize>,
}

impl JsonChunks {
    /// Bytes not produced yet.
    pub fn remaining(&self) -> usize {
        let images: usize = self.body.splices[self.next_splice..]
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let done = if i == 0 {
                    self.image_at.unwrap_or(0)
                } else {
                    0
                };
                base64_len(s.image.len()) - base64_len(done)
            })
            .sum();
        self.body.skeleton.len() - self.skeleton_at + images
    }
}

impl Iterator for JsonChunks {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        let splice = self.body.splices.get(self.next_splice);
        if let (Some(splice), Some(done)) = (splice, self.image_at) {
            let end = (done + IMAGE_BYTES_PER_CHUNK).min(splice.image.len());
            let input = &splice.image[done..end];
            let mut chunk = vec![0; base64_len(input.len())];
            encode_into(input, &mut chunk);
            if end == splice.image.len() {
                self.image_at = None;
                self.next_splice += 1;
            } else {
                self.image_at = Some(end);
            }
            return Some(Bytes::from(chunk));
        }
        let until = splice.map_or(self.body.skeleton.len(), |s| s.offset);
        let piece = self.body.skeleton.slice(self.skeleton_at..until);
        self.skeleton_at = until;
        if splice.is_some() {
            self.image_at = Some(0);
        }
        if piece.is_empty() {
            // Nothing before this image (or the end): go on to the image, or stop.
            return if splice.is_some() { self.next() } else { None };
        }
        Some(piece)
    }
}

/// What a serialization in progress on this thread has written and where images go.
struct CaptureState {
    skeleton: Vec<u8>,
    splices: Vec<Splice>,
}

thread_local! {
    /// The capture in progress on this thread, if any (see [`serialize_image`]).
    static CAPTURE: RefCell<Option<CaptureState>> = const { RefCell::new(None) };
}

/// Capturing on this thread; ends (also on panic) when dropped.
struct Capture;

impl Capture {
    fn start() -> Option<Capture> {
        CAPTURE.with(|cell| {
            let mut slot = cell.borrow_mut();
            if slot.is_some() {
                return None;
            }
            *slot = Some(CaptureState {
                skeleton: Vec::with_capacity(512),
                splices: Vec::new(),
            });
            Some(Capture)
        })
    }

    fn finish(self) -> (Vec<u8>, Vec<Splice>) {
        let state = CAPTURE.with(|cell| cell.borrow_mut().take());
        std::mem::forget(self);
        state.map_or_else(|| (Vec::new(), Vec::new()), |s| (s.skeleton, s.splices))
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        CAPTURE.with(|cell| cell.borrow_mut().take());
    }
}

/// Writes into the capture's skeleton.
struct SkeletonWriter;

impl io::Write for SkeletonWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        CAPTURE.with(|cell| match cell.borrow_mut().as_mut() {
            Some(state) => {
                state.skeleton.extend_from_slice(buf);
                Ok(buf.len())
            }
            None => Err(io::Error::other("no capture in progress")),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How an [`Image`](crate::Image) serializes (its `Serialize` impl is a call to this). Here is
/// dvs-core's one thread-local switch that changes what a `Serialize` impl writes:
///
/// - normally, the image's base64 text, written in pieces straight into the output through
///   `collect_str` (the text never exists as one `String`), for any serializer;
/// - while [`StreamingJson::new`] runs on this thread (the *capture*), `""`: the image's
///   bytes (a `Bytes` clone) and the skeleton offset just after the opening quote are
///   recorded as a splice point, and the base64 is produced later, chunk by chunk.
///
/// Why a thread-local rather than the types: serde hands a `Serialize` impl nothing but the
/// serializer, and `StreamingJson::new` takes any `Serialize` value (the request models
/// derive it), so the capture cannot be passed down to the images inside. A wrapping
/// serializer would meet an image only as what its `Serialize` impl hands over (a string, or
/// bytes to copy), never as the `Bytes` handle a splice keeps without copying. The capture is
/// on only inside `StreamingJson::new`, on its own thread; it ends on every path (`Capture`'s
/// `Drop`, also on a panic), and a body built inside another's serialization pauses it.
pub(crate) fn serialize_image<S: Serializer>(
    image: &Bytes,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if capturing() {
        serializer.collect_str(&SplicePoint(image))
    } else {
        serializer.collect_str(&base64::display::Base64Display::new(image, &STANDARD))
    }
}

/// Whether a [`StreamingJson`] is being built on this thread.
fn capturing() -> bool {
    CAPTURE.with(|cell| cell.try_borrow().is_ok_and(|slot| slot.is_some()))
}

/// Serialized through `collect_str` while capturing: serde_json has written the opening
/// quote when it formats this, so the skeleton's length is where the image's base64 goes.
/// It writes nothing, leaving `""` in the skeleton.
struct SplicePoint<'a>(&'a Bytes);

impl fmt::Display for SplicePoint<'_> {
    fn fmt(&self, _f: &mut fmt::Formatter<'_>) -> fmt::Result {
        CAPTURE.with(|cell| {
            if let Some(state) = cell.borrow_mut().as_mut() {
                let offset = state.skeleton.len();
                state.splices.push(Splice {
                    offset,
                    image: self.0.clone(),
                });
            }
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        DocumentType, Image, Metadata, OverriddenSettingsV3, RequestV3, RequestV4, SensitiveText,
        TrackStringV4,
    };

    /// The size of an image chunk once encoded: 64 KiB.
    const CHUNK_LEN: usize = IMAGE_BYTES_PER_CHUNK / 3 * 4;

    fn image(len: usize, seed: u8) -> Image {
        let mut bytes: Vec<u8> = (0..len)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect();
        bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
        Image::from_bytes(bytes).unwrap()
    }

    fn joined(body: &StreamingJson) -> Vec<u8> {
        let mut out = Vec::new();
        let mut chunks = body.chunks();
        assert_eq!(chunks.remaining(), body.len());
        for chunk in chunks.by_ref() {
            assert!(!chunk.is_empty() && chunk.len() <= CHUNK_LEN);
            out.extend_from_slice(&chunk);
        }
        assert_eq!(chunks.remaining(), 0);
        out
    }

    #[test]
    fn equals_serde_json_for_many_sizes_and_escapes() {
        for len in [
            4,
            5,
            6,
            7,
            1000,
            49_151,
            49_152,
            49_153,
            3 * 49_152,
            200_001,
        ] {
            let mut request = RequestV3::new(DocumentType::Id)
                .front(image(len, 1))
                .back(image(len + 1, 2))
                .selfie(image(len + 2, 3))
                .verify_face(true);
            request.track_string = Some(SensitiveText::new(
                "@\n\u{1e}\rANSI 636026080102DL00410288ZA03290015DLDAQD1234562 \"q\" \\ é",
            ));
            request.ssn = Some(SensitiveText::new("123-45-6789"));
            request.capture_method = Some(String::new());
            request.user_agent = Some("Mozilla/5.0 \"\" \\ \u{0} agent".into());
            request.overridden_settings = Some(OverriddenSettingsV3::new().is_ocr_enabled(true));
            let expected = serde_json::to_vec(&request).unwrap();
            let body = StreamingJson::new(&request).unwrap();
            assert_eq!(body.len(), expected.len(), "len {len}");
            assert_eq!(body.splices.len(), 3);
            assert_eq!(&body.to_bytes()[..], &expected[..], "to_bytes {len}");
            assert_eq!(joined(&body), expected, "chunks {len}");
            // Re-playable: a second pass gives the same bytes.
            assert_eq!(joined(&body.clone()), expected);
        }
    }

    #[test]
    fn v4_and_image_free_bodies() {
        let request = RequestV4::new(DocumentType::Passport)
            .front(image(10, 1))
            .track_string(TrackStringV4::from_web_library("P<USA\"x\""))
            .metadata(Metadata::default());
        let expected = serde_json::to_vec(&request).unwrap();
        let body = StreamingJson::new(&request).unwrap();
        assert_eq!(joined(&body), expected);
        assert_eq!(&body.to_bytes()[..], &expected[..]);

        let empty = StreamingJson::new(&serde_json::json!({})).unwrap();
        assert_eq!(joined(&empty), b"{}");
        assert_eq!(empty.len(), 2);
    }

    #[test]
    fn plain_serialization_is_unchanged_outside_a_capture() {
        let request = RequestV3::new(DocumentType::Id).front(image(4, 0));
        let _body = StreamingJson::new(&request).unwrap();
        assert!(!capturing());
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"documentType":1,"frontImageBase64":"/9j/4A=="}"#
        );
    }

    /// A `Serialize` that builds a body of its own while being serialized.
    struct Nested(RequestV3);

    impl Serialize for Nested {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let inner = StreamingJson::new(&self.0).map_err(serde::ser::Error::custom)?;
            serializer.serialize_u64(inner.len() as u64)
        }
    }

    #[test]
    fn nested_builds_fall_back_to_a_whole_body() {
        let request = RequestV3::new(DocumentType::Id).front(image(4, 0));
        let expected_len = serde_json::to_vec(&request).unwrap().len();
        let outer = StreamingJson::new(&[Nested(request)]).unwrap();
        assert_eq!(joined(&outer), format!("[{expected_len}]").into_bytes());
    }

    #[test]
    fn debug_shows_lengths_only() {
        let request = RequestV3::new(DocumentType::Id).front(image(4, 0));
        let body = StreamingJson::new(&request).unwrap();
        assert_eq!(
            format!("{body:?}"),
            "StreamingJson { len: 48, skeleton_len: 40, images: 1 }"
        );
    }
}
