//! The local checks of a request body, one implementation for [`RequestV3::check`] and
//! [`RequestV4::check`] (and so for both clients).
//!
//! Only what is wrong whatever the account's settings is refused: an image or recording over
//! the size limit, a request with nothing in it, a malformed track string. (Image formats are
//! checked when an [`Image`] is made.) Which images a request needs depends on the account's
//! DIVE settings and the request's overrides, so that is the server's to say
//! (`FrontImageRequiredError`, `BackImageOrTrackStringNotPresentError`, …).
//!
//! [`RequestV3::check`]: crate::RequestV3::check
//! [`RequestV4::check`]: crate::RequestV4::check

use serde::Serialize;

use super::{DocumentType, Field, SensitiveText, TrackStringV4};
use crate::image::check_len;
use crate::internal::StreamingJson;
use crate::{Error, Image, MultiImages};

/// What a request carries, as the checks see it.
pub(crate) struct Contents<'a> {
    document_type: &'a DocumentType,
    /// The size of each image and recording present, by field, in wire order.
    sizes: [(Field, Option<usize>); 5],
    track_string: TrackString,
}

/// The state of a request's track string.
pub(crate) enum TrackString {
    /// Not set.
    Absent,
    /// Set to blank text (IDScan's web library sends `""` when nothing was decoded): sent as
    /// given, but it is not something to verify.
    Blank,
    /// Decoded text.
    Given,
    /// Set, but in a shape that cannot be right.
    Malformed { field: Field, reason: &'static str },
}

impl TrackString {
    /// A v3 track string (plain text).
    pub(crate) fn v3(text: Option<&SensitiveText>) -> TrackString {
        match text {
            None => TrackString::Absent,
            Some(text) if is_blank(text.expose_secret()) => TrackString::Blank,
            Some(_) => TrackString::Given,
        }
    }

    /// A v4 track string (`{data, barcodeParams}`).
    pub(crate) fn v4(track: Option<&TrackStringV4>) -> TrackString {
        let Some(track) = track else {
            return TrackString::Absent;
        };
        let params = track
            .barcode_params
            .as_deref()
            .is_some_and(|p| !is_blank(p));
        match (is_blank(track.data.expose_secret()), params) {
            (false, _) => TrackString::Given,
            (true, false) => TrackString::Blank,
            (true, true) => TrackString::Malformed {
                field: Field::TrackStringData,
                reason: "is empty while `trackString.barcodeParams` is set: the parameters \
                         describe decoded data, so give the data too, or leave the track \
                         string out",
            },
        }
    }
}

fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// The images present among `[front, back, face]`, with their fields.
pub(crate) fn present_images(
    [front, back, face]: [Option<&Image>; 3],
) -> impl Iterator<Item = (Field, &Image)> {
    [
        (Field::FrontImage, front),
        (Field::BackOrSecondImage, back),
        (Field::FaceImage, face),
    ]
    .into_iter()
    .filter_map(|(field, image)| image.map(|image| (field, image)))
}

impl<'a> Contents<'a> {
    /// The contents of a request with these images `[front, back, face]`, recordings
    /// `[front, face]` and track string.
    pub(crate) fn new(
        document_type: &'a DocumentType,
        [front, back, face]: [Option<&Image>; 3],
        [front_multi, face_multi]: [Option<&MultiImages>; 2],
        track_string: TrackString,
    ) -> Self {
        Contents {
            document_type,
            sizes: [
                (Field::FrontImage, front.map(Image::len)),
                (Field::BackOrSecondImage, back.map(Image::len)),
                (Field::FaceImage, face.map(Image::len)),
                (Field::FrontMultiImages, front_multi.map(MultiImages::len)),
                (Field::FaceMultiImages, face_multi.map(MultiImages::len)),
            ],
            track_string,
        }
    }

    /// The first problem found, in this order: an image or recording over
    /// `max_image_bytes` (in wire order), a malformed track string, nothing to verify.
    pub(crate) fn check(&self, max_image_bytes: usize) -> Result<(), Error> {
        for (field, len) in self.sizes {
            if let Some(len) = len {
                check_len(len, max_image_bytes).map_err(|source| Error::InvalidImage {
                    field: field.wire_name(),
                    source,
                })?;
            }
        }
        if let TrackString::Malformed { field, reason } = self.track_string {
            return Err(Error::InvalidInput {
                field: field.wire_name(),
                reason: reason.to_owned(),
            });
        }
        let has_media = self.sizes.iter().any(|(_, len)| len.is_some());
        if !has_media && !matches!(self.track_string, TrackString::Given) {
            return Err(Error::InvalidInput {
                field: primary_field(self.document_type).wire_name(),
                reason: "is missing, and so is everything else to verify: give at least one \
                         image (frontImageBase64, backOrSecondImageBase64, faceImageBase64), \
                         a multi-images recording or a non-empty trackString"
                    .to_owned(),
            });
        }
        Ok(())
    }
}

/// The field a request of this document type is least likely to do without, named when a
/// request carries nothing at all.
fn primary_field(document_type: &DocumentType) -> Field {
    match document_type {
        DocumentType::FaceAuthorization => Field::FaceImage,
        DocumentType::Barcode => Field::BackOrSecondImage,
        _ => Field::FrontImage,
    }
}

/// What the two request models share, for a model whose track string is read by `$track`
/// ([`TrackString::v3`] or [`TrackString::v4`]): `images`, `checked_body`, and the private
/// `image_slots` and `contents` behind them and `check`. (The models share their image
/// fields, not a type.)
macro_rules! request_contents {
    ($track:path) => {
        /// The images present, with their fields.
        pub fn images(&self) -> impl Iterator<Item = ($crate::models::Field, &Image)> {
            $crate::models::request_check::present_images(self.image_slots())
        }

        /// [Checks](Self::check) the request, then writes it as a JSON body streamed from
        /// the images' bytes (what the clients send; engine plumbing, no semver promise).
        #[doc(hidden)]
        pub fn checked_body(
            &self,
            max_image_bytes: usize,
        ) -> Result<$crate::internal::StreamingJson, Error> {
            $crate::models::request_check::checked_body(self, self.contents(), max_image_bytes)
        }

        fn image_slots(&self) -> [Option<&Image>; 3] {
            [
                self.front_image_base64.as_ref(),
                self.back_or_second_image_base64.as_ref(),
                self.face_image_base64.as_ref(),
            ]
        }

        pub(crate) fn contents(&self) -> Contents<'_> {
            Contents::new(
                &self.document_type,
                self.image_slots(),
                [
                    self.front_multi_images_base64.as_ref(),
                    self.face_multi_images_base64.as_ref(),
                ],
                $track(self.track_string.as_ref()),
            )
        }
    };
}
pub(crate) use request_contents;

/// The setters [`RequestV3`](crate::RequestV3) and [`RequestV4`](crate::RequestV4) share:
/// their fields of the same name and type, written once.
macro_rules! shared_setters {
    () => {
        /// Sets the front image (a passport's MRZ page).
        #[must_use]
        pub fn front(mut self, image: Image) -> Self {
            self.front_image_base64 = Some(image);
            self
        }

        /// Sets the back (PDF417 barcode) or second (MRZ) image.
        #[must_use]
        pub fn back(mut self, image: Image) -> Self {
            self.back_or_second_image_base64 = Some(image);
            self
        }

        /// Sets the selfie.
        #[must_use]
        pub fn selfie(mut self, image: Image) -> Self {
            self.face_image_base64 = Some(image);
            self
        }

        /// Sets the recording of the front capture (`frontMultiImagesBase64`).
        #[must_use]
        pub fn front_multi_images(mut self, recording: MultiImages) -> Self {
            self.front_multi_images_base64 = Some(recording);
            self
        }

        /// Sets the recording of the selfie capture (`faceMultiImagesBase64`).
        #[must_use]
        pub fn face_multi_images(mut self, recording: MultiImages) -> Self {
            self.face_multi_images_base64 = Some(recording);
            self
        }

        /// Sets the SSN, for identity checks (PII: kept as `SensitiveText`, never printed).
        #[must_use]
        pub fn ssn(mut self, ssn: impl Into<SensitiveText>) -> Self {
            self.ssn = Some(ssn.into());
            self
        }
    };
}

pub(crate) use shared_setters;

/// Checks `contents`, then writes `request` as a streamed JSON body.
pub(crate) fn checked_body<T: Serialize>(
    request: &T,
    contents: Contents<'_>,
    max_image_bytes: usize,
) -> Result<StreamingJson, Error> {
    contents.check(max_image_bytes)?;
    // Every part of a request serializes infallibly (string keys, no custom failures); the
    // free-form overrides are the one part a caller fills with arbitrary JSON.
    StreamingJson::new(request).map_err(|_| Error::InvalidInput {
        field: Field::OverriddenSettings.wire_name(),
        reason: "could not be written as JSON".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ImageError, OverriddenSettingsV3, OverriddenSettingsV4, RequestV3, RequestV4};

    fn jpeg(len: usize) -> Image {
        let mut bytes = vec![0x5A; len];
        bytes[..4].copy_from_slice(&[0xFF, 0xD8, 0xFF, 0xE0]);
        Image::from_bytes(bytes).unwrap()
    }

    fn webm(len: usize) -> MultiImages {
        let mut bytes = vec![0x33; len];
        bytes[..4].copy_from_slice(&[0x1A, 0x45, 0xDF, 0xA3]);
        MultiImages::from_bytes(bytes).unwrap()
    }

    fn v3_track(text: &str) -> RequestV3 {
        let mut request = RequestV3::new(DocumentType::Id);
        request.track_string = Some(SensitiveText::new(text));
        request
    }

    fn input_field(result: Result<(), Error>) -> &'static str {
        match result {
            Err(Error::InvalidInput { field, .. }) => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    fn image_field(result: Result<(), Error>) -> (&'static str, ImageError) {
        match result {
            Err(Error::InvalidImage { field, source }) => (field, source),
            other => panic!("expected InvalidImage, got {other:?}"),
        }
    }

    #[test]
    fn the_account_decides_which_images_are_needed() {
        for doc in [
            DocumentType::Id,
            DocumentType::PassportCard,
            DocumentType::GreenCard,
            DocumentType::EmploymentAuthorization,
            DocumentType::Passport,
        ] {
            RequestV3::new(doc.clone()).front(jpeg(4)).check(4).unwrap();
            RequestV4::new(doc.clone()).front(jpeg(4)).check(4).unwrap();
        }
        // Face match asked for without a selfie, or without a front: the server's call.
        RequestV3::new(DocumentType::Passport)
            .front(jpeg(4))
            .verify_face(true)
            .check(4)
            .unwrap();
        let mut v3 = RequestV3::new(DocumentType::Passport).selfie(jpeg(4));
        v3.overridden_settings = Some(OverriddenSettingsV3::new().face_verification(true));
        v3.check(4).unwrap();
        RequestV4::new(DocumentType::Passport)
            .selfie(jpeg(4))
            .overridden_settings(OverriddenSettingsV4::new().is_face_match_enabled(true))
            .check(4)
            .unwrap();
    }

    #[test]
    fn a_track_string_or_a_recording_alone_is_something_to_verify() {
        v3_track("@ANSI 636026").check(4).unwrap();
        RequestV4::new(DocumentType::Id)
            .track_string(TrackStringV4::from_web_library("@ANSI 636026.params"))
            .check(4)
            .unwrap();
        let mut v3 = RequestV3::new(DocumentType::Id);
        v3.face_multi_images_base64 = Some(webm(4));
        v3.check(4).unwrap();
        RequestV4::new(DocumentType::Id)
            .front_multi_images(webm(4))
            .check(4)
            .unwrap();
    }

    #[test]
    fn nothing_to_verify_names_the_document_types_main_field() {
        for (doc, field) in [
            (DocumentType::Id, "frontImageBase64"),
            (DocumentType::Passport, "frontImageBase64"),
            (DocumentType::FaceAuthorization, "faceImageBase64"),
            (DocumentType::Barcode, "backOrSecondImageBase64"),
        ] {
            assert_eq!(input_field(RequestV3::new(doc.clone()).check(4)), field);
            assert_eq!(input_field(RequestV4::new(doc).check(4)), field);
        }
        // A blank track string (the web library's "nothing decoded") is not something to verify…
        assert_eq!(input_field(v3_track(" ").check(4)), "frontImageBase64");
        let blank = RequestV4::new(DocumentType::Id).track_string(TrackStringV4::new(""));
        assert_eq!(input_field(blank.check(4)), "frontImageBase64");
        // …but it does not make a request with an image invalid, and it is sent as given.
        let mut with_front = v3_track("");
        with_front.front_image_base64 = Some(jpeg(4));
        with_front.check(4).unwrap();
        let body = with_front.checked_body(4).unwrap().to_bytes();
        assert!(body.ends_with(br#""trackString":""}"#), "{body:?}");
    }

    #[test]
    fn barcode_parameters_without_data_are_malformed() {
        let mut track = TrackStringV4::new("");
        track.barcode_params = Some("params".into());
        let request = RequestV4::new(DocumentType::Id)
            .front(jpeg(4))
            .track_string(track);
        assert_eq!(input_field(request.check(4)), "trackString.data");
        let text = request.check(4).unwrap_err().to_string();
        assert!(!text.contains("params\""), "{text}");
    }

    #[test]
    fn sizes_are_checked_in_wire_order_for_images_and_recordings() {
        let request = RequestV4::new(DocumentType::Id)
            .front(jpeg(5))
            .back(jpeg(6))
            .front_multi_images(webm(7));
        assert_eq!(
            image_field(request.check(4)),
            (
                "frontImageBase64",
                ImageError::TooLarge { len: 5, limit: 4 }
            )
        );
        assert_eq!(image_field(request.check(5)).0, "backOrSecondImageBase64");
        assert_eq!(image_field(request.check(6)).0, "frontMultiImagesBase64");
        request.check(7).unwrap();
        let mut v3 = RequestV3::new(DocumentType::Id).selfie(jpeg(4));
        v3.face_multi_images_base64 = Some(webm(5));
        assert_eq!(
            image_field(v3.check(4)),
            (
                "faceMultiImagesBase64",
                ImageError::TooLarge { len: 5, limit: 4 }
            )
        );
    }

    #[test]
    fn checked_body_checks_first_then_streams_every_image_and_recording() {
        assert!(RequestV3::new(DocumentType::Id).checked_body(4).is_err());
        let mut v3 = RequestV3::new(DocumentType::Id)
            .front(jpeg(70_000))
            .selfie(jpeg(50_001));
        v3.front_multi_images_base64 = Some(webm(100_002));
        v3.face_multi_images_base64 = Some(webm(4));
        v3.front_end_metadata = Some(r#"{"capturedMethod":"11"}"#.into());
        v3.metadata = Some("kiosk 7".into());
        let body = v3.checked_body(1 << 20).unwrap();
        assert!(format!("{body:?}").contains("images: 4"), "{body:?}");
        let expected = serde_json::to_vec(&v3).unwrap();
        let streamed: Vec<u8> = body.chunks().flat_map(|c| c.to_vec()).collect();
        assert_eq!(streamed, expected);
        let v4 = RequestV4::new(DocumentType::Id)
            .front(jpeg(10))
            .face_multi_images(webm(70_000));
        let body = v4.checked_body(1 << 20).unwrap();
        assert_eq!(body.to_bytes().to_vec(), serde_json::to_vec(&v4).unwrap());
    }

    #[test]
    fn every_field_name_is_a_key_of_the_body() {
        let mut v3 = RequestV3::new(DocumentType::Id)
            .front(jpeg(4))
            .back(jpeg(4))
            .selfie(jpeg(4))
            .verify_face(true);
        v3.front_multi_images_base64 = Some(webm(4));
        v3.face_multi_images_base64 = Some(webm(4));
        v3.track_string = Some(SensitiveText::new("x"));
        v3.capture_method = Some("11".into());
        v3.user_agent = Some("ua".into());
        v3.front_end_metadata = Some("{}".into());
        v3.metadata = Some("m".into());
        v3.ssn = Some(SensitiveText::new("1"));
        v3.overridden_settings = Some(OverriddenSettingsV3::new().is_ocr_enabled(true));
        let body = serde_json::to_value(&v3).unwrap();
        for field in [
            Field::DocumentType,
            Field::FrontImage,
            Field::BackOrSecondImage,
            Field::FaceImage,
            Field::FrontMultiImages,
            Field::FaceMultiImages,
            Field::TrackString,
            Field::VerifyFace,
            Field::CaptureMethod,
            Field::UserAgent,
            Field::FrontEndMetadata,
            Field::Metadata,
            Field::Ssn,
            Field::OverriddenSettings,
        ] {
            assert!(body.get(field.wire_name()).is_some(), "{field}");
        }
        assert_eq!(body.as_object().unwrap().len(), 14);
        let names: Vec<Field> = v3.images().map(|(field, _)| field).collect();
        assert_eq!(
            names,
            [
                Field::FrontImage,
                Field::BackOrSecondImage,
                Field::FaceImage
            ]
        );
        let v4 = RequestV4::new(DocumentType::Id).track_string(TrackStringV4::new("x"));
        let body = serde_json::to_value(&v4).unwrap();
        let (parent, child) = Field::TrackStringData.wire_name().split_once('.').unwrap();
        assert_eq!(body[parent][child], "x");
    }

    /// What `prepareRequestDataForDiveApi` of `@idscan/idvc2` 3.10 produces for a passport
    /// without a selfie: empty strings for what it does not have.
    #[test]
    fn the_web_librarys_output_reads_leniently() {
        let v3: RequestV3 = serde_json::from_str(
            r#"{"frontImageBase64":"/9j/4A==","backOrSecondImageBase64":"",
                "faceImageBase64":"","documentType":2,"frontMultiImagesBase64":"",
                "faceMultiImagesBase64":null,"trackString":"P<USA","captureMethod":"10",
                "userAgent":"Mozilla/5.0","frontEndMetadata":"{\"capturedMethod\":\"10\"}",
                "verifyFace":false}"#,
        )
        .unwrap();
        assert_eq!(v3.images().count(), 1);
        assert!(v3.front_multi_images_base64.is_none() && v3.face_multi_images_base64.is_none());
        assert_eq!(
            v3.front_end_metadata.as_deref(),
            Some(r#"{"capturedMethod":"10"}"#)
        );
        v3.check(4).unwrap();
        let v4: RequestV4 = serde_json::from_str(
            r#"{"frontImageBase64":"/9j/4A==","backOrSecondImageBase64":"","faceImageBase64":"",
                "documentType":1,"frontMultiImagesBase64":"GkXfow==","faceMultiImagesBase64":"",
                "trackString":{"data":""},
                "metadata":{"captureMethod":"1","userAgent":"UA","frontEndMetadata":"{}"},
                "overriddenSettings":{"isGpuEnabled":true}}"#,
        )
        .unwrap();
        assert_eq!(
            v4.front_multi_images_base64.as_ref().map(MultiImages::len),
            Some(4)
        );
        assert_eq!(
            v4.metadata.as_ref().and_then(|m| m.user_agent.as_deref()),
            Some("UA")
        );
        assert_eq!(
            v4.overridden_settings
                .as_ref()
                .and_then(|s| s.is_gpu_enabled),
            Some(true)
        );
        v4.check(4).unwrap();
        // An image that is there must still be an image.
        assert!(
            serde_json::from_str::<RequestV3>(
                r#"{"documentType":1,"frontImageBase64":"aGVsbG8="}"#
            )
            .is_err()
        );
    }
}
