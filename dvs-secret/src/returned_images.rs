//! [`ReturnedImages`]: the images a result carries back (v4 `returnContent=true`, v3 portraits
//! and signature), read from the kept body on demand.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use dvs_core::{ResponseV3, ReturnedImage};

/// The images a [`VerificationResult`](crate::VerificationResult) carries, by the name DVS
/// gave each (see [`VerificationResult::returned_images`](crate::VerificationResult::returned_images)).
///
/// - **v4** with `returnContent=true`: every text entry of the `images` object and of the
///   `content` object (both names are read: the public evidence disagrees), in that order.
///   The names inside are not documented (probably `frontImageBase64`, …): look them up with
///   [`get`](Self::get) or go through [`iter`](Self::iter).
/// - **v3**: `facePhoto` (the selfie), `documentFacePhoto` (the portrait cut from the
///   document; the legacy name `facePhotoFromDocument` is read too) and `signature`.
///
/// Entries that are empty, `null` or not text are left out. `Debug` shows the names and
/// lengths only.
#[derive(Clone, Default, PartialEq)]
pub struct ReturnedImages {
    entries: Vec<(String, ReturnedImage)>,
}

impl ReturnedImages {
    /// The image named `name`, compared without regard to ASCII case (as DVS's ASP.NET
    /// serializer does), the first one when two parts carry the same name.
    pub fn get(&self, name: &str) -> Option<&ReturnedImage> {
        self.entries
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, image)| image)
    }

    /// Every image with its name, in the order of the body.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &ReturnedImage)> {
        self.entries
            .iter()
            .map(|(name, image)| (name.as_str(), image))
    }

    /// How many images there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `true` when the result carries no image.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The v4 images: the text entries of `images`, then of `content`.
    pub(crate) fn from_v4_body(body: &[u8]) -> Result<ReturnedImages, serde_json::Error> {
        #[derive(Deserialize)]
        struct Parts {
            #[serde(default)]
            images: Value,
            #[serde(default)]
            content: Value,
        }
        let parts: Parts = serde_json::from_slice(body)?;
        let mut images = ReturnedImages::default();
        for part in [parts.images, parts.content] {
            if let Value::Object(map) = part {
                for (name, value) in map {
                    images.push(name, value);
                }
            }
        }
        Ok(images)
    }

    /// The v3 images: `facePhoto`, `documentFacePhoto` (or `facePhotoFromDocument`),
    /// `signature`.
    pub(crate) fn from_v3_body(body: &[u8]) -> Result<ReturnedImages, serde_json::Error> {
        let response: ResponseV3 = serde_json::from_slice(body)?;
        let named = [
            ("facePhoto", response.face_photo),
            (
                "documentFacePhoto",
                response
                    .document_face_photo
                    .or(response.face_photo_from_document),
            ),
            ("signature", response.signature),
        ];
        Ok(ReturnedImages {
            entries: named
                .into_iter()
                .filter_map(|(name, image)| Some((name.to_owned(), image?)))
                .collect(),
        })
    }

    fn push(&mut self, name: String, value: Value) {
        if let Value::String(text) = value {
            if !text.is_empty() {
                self.entries.push((name, ReturnedImage::new(text)));
            }
        }
    }
}

impl fmt::Debug for ReturnedImages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.entries.iter().map(|(name, image)| (name, image)))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v4_images_are_read_under_both_names_in_order() {
        let body = br#"{"images": {"frontImageBase64": "QUJD", "empty": "", "n": 3},
                        "content": {"faceImageBase64": "REVG", "frontImageBase64": "WFla"},
                        "requestId": "x"}"#;
        let images = ReturnedImages::from_v4_body(body).unwrap();
        let names: Vec<_> = images.iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            ["frontImageBase64", "faceImageBase64", "frontImageBase64"]
        );
        assert_eq!(images.get("FRONTIMAGEBASE64").unwrap().base64(), "QUJD");
        assert_eq!(images.get("faceImageBase64").unwrap().base64(), "REVG");
        assert!(images.get("empty").is_none() && images.get("n").is_none());
    }

    #[test]
    fn a_v4_body_without_images_or_with_odd_shapes_has_none() {
        for body in [
            &br#"{}"#[..],
            br#"{"images": null, "content": null}"#,
            br#"{"images": ["QUJD"], "content": "QUJD"}"#,
        ] {
            assert!(ReturnedImages::from_v4_body(body).unwrap().is_empty());
        }
    }

    #[test]
    fn v3_images_are_the_portraits_and_the_signature() {
        let body = br#"{"facePhoto": "QUJD", "facePhotoFromDocument": "REVG",
                        "signature": "R0hJ", "requestId": "x"}"#;
        let images = ReturnedImages::from_v3_body(body).unwrap();
        assert_eq!(images.len(), 3);
        assert_eq!(images.get("facePhoto").unwrap().base64(), "QUJD");
        assert_eq!(images.get("documentFacePhoto").unwrap().base64(), "REVG");
        assert_eq!(images.get("signature").unwrap().base64(), "R0hJ");
        let named = br#"{"documentFacePhoto": "REVG", "facePhotoFromDocument": "WFla",
                         "signature": null}"#;
        let images = ReturnedImages::from_v3_body(named).unwrap();
        assert_eq!(images.len(), 1);
        assert_eq!(images.get("documentFacePhoto").unwrap().base64(), "REVG");
    }

    #[test]
    fn debug_shows_names_and_lengths_only() {
        let images =
            ReturnedImages::from_v4_body(br#"{"images": {"frontImageBase64": "U0VDUkVU"}}"#)
                .unwrap();
        let shown = format!("{images:?}");
        assert_eq!(
            shown,
            r#"{"frontImageBase64": ReturnedImage([REDACTED 8 base64 bytes])}"#
        );
        assert!(!shown.contains("U0VDUkVU"));
    }

    #[test]
    fn the_v3_model_reads_images_leniently_and_redacts_them() {
        let body = br#"{"facePhoto": "U0VDUkVU", "facePhotoFromDocument": "U0VDUkVU",
                        "documentFacePhoto": "", "signature": 7}"#;
        let response: ResponseV3 = serde_json::from_slice(body).unwrap();
        assert!(response.face_photo.is_some() && response.face_photo_from_document.is_some());
        assert!(response.document_face_photo.is_none(), "empty: none");
        assert!(response.signature.is_none(), "not text: dropped, not fatal");
        assert!(!format!("{response:?}").contains("U0VDUkVU"));
        let images = ReturnedImages::from_v3_body(body).unwrap();
        assert_eq!(
            images.get("documentFacePhoto").unwrap().base64(),
            "U0VDUkVU"
        );
    }
}
