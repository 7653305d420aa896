//! [`VerificationRequest`]: the fluent builder for a new verification request.

use dvs_core::{
    DocumentType, Error, Field, Image, ImageError, MultiImages, OverriddenSettingsV3, RequestV3,
    SensitiveText,
};

use crate::capture_method::CaptureMethod;
use crate::image_input::IntoImage;

/// A verification request to create with [`Client::create_request`](crate::Client::create_request):
/// the document type, the ID images, the selfie, and capture metadata.
///
/// It reads like the capture flow:
///
/// ```
/// use dvs_public::{Capture, CaptureMethod, DocumentType, Image, VerificationRequest};
/// # let front = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0]).unwrap();
/// # let back = front.clone();
/// # let selfie = front.clone();
/// let request = VerificationRequest::new(DocumentType::Id)
///     .front(front)
///     .back(back)
///     .selfie(selfie)
///     .capture_method(CaptureMethod::from_steps([Capture::AutoCapture; 3]))
///     .user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)");
/// request.check(dvs_public::DEFAULT_MAX_IMAGE_BYTES)?;
/// # Ok::<(), dvs_public::Error>(())
/// ```
///
/// From the output of IDScan's web library, [`IdvcSubmit`](crate::IdvcSubmit) builds it in
/// one call.
///
/// Nothing is checked while building; [`check`](Self::check) (called by
/// `create_request` before any network call) returns the first problem as a typed error that
/// names the wire field at fault. It refuses only what is wrong whatever the account's
/// settings:
///
/// | problem | error |
/// |---|---|
/// | an image that could not be read, is empty or is not JPEG/PNG/WEBP | [`Error::InvalidImage`] `{ field: "frontImageBase64" \| "backOrSecondImageBase64" \| "faceImageBase64", .. }` |
/// | an image or multi-images recording over the size limit | [`Error::InvalidImage`] naming its field (`…MultiImagesBase64` for a recording) |
/// | nothing to verify: no image, no recording, no non-blank track string | [`Error::InvalidInput`] `{ field: "frontImageBase64", .. }` (`faceImageBase64` for face-only, `backOrSecondImageBase64` for barcode-only types) |
///
/// Which images a document needs is an **account setting** (IDScan's portal can process the
/// front of documents only; the back is not needed when a track string is given), so a
/// front-only request, a request with a track string and no image, or face match without a
/// selfie are sent as they are; the server answers `BackImageOrTrackStringNotPresentError`,
/// `FrontImageRequiredError` and the like, as [`Error::Validation`] with the code, when the
/// account does need more. The rules are [`RequestV3::check`], which `dvs-secret` runs too.
///
/// `Debug` shows image formats and sizes only; the SSN and the track string are redacted.
#[derive(Debug, Clone)]
pub struct VerificationRequest {
    /// Every field but the images and the capture method, as it will be sent; `verify_face`
    /// stays `None` until [`into_wire`](Self::into_wire) applies the default.
    wire: RequestV3,
    /// The images, or the error met while loading one (reported by `check`, not here).
    front: Option<Result<Image, ImageError>>,
    back: Option<Result<Image, ImageError>>,
    selfie: Option<Result<Image, ImageError>>,
    capture_method: Option<CaptureMethod>,
}

impl VerificationRequest {
    /// A request for a document type, with nothing attached yet.
    pub fn new(document_type: DocumentType) -> Self {
        VerificationRequest {
            wire: RequestV3::new(document_type),
            front: None,
            back: None,
            selfie: None,
            capture_method: None,
        }
    }

    /// The document's front (a passport's MRZ page for [`DocumentType::Passport`]).
    #[must_use]
    pub fn front(mut self, image: impl IntoImage) -> Self {
        self.front = Some(image.into_image());
        self
    }

    /// The document's back (PDF417 barcode) or second (MRZ) image. Not needed when the
    /// [track string](Self::track_string) is given.
    #[must_use]
    pub fn back(mut self, image: impl IntoImage) -> Self {
        self.back = Some(image.into_image());
        self
    }

    /// The selfie, compared with the document portrait when face match is on.
    #[must_use]
    pub fn selfie(mut self, image: impl IntoImage) -> Self {
        self.selfie = Some(image.into_image());
        self
    }

    /// The recording IDScan's web library makes of the front capture
    /// (`frontMultiImagesBase64`, see [`MultiImages`]).
    #[must_use]
    pub fn front_multi_images(mut self, recording: MultiImages) -> Self {
        self.wire = self.wire.front_multi_images(recording);
        self
    }

    /// The recording IDScan's web library makes of the selfie capture
    /// (`faceMultiImagesBase64`, see [`MultiImages`]).
    #[must_use]
    pub fn selfie_multi_images(mut self, recording: MultiImages) -> Self {
        self.wire = self.wire.face_multi_images(recording);
        self
    }

    /// The decoded barcode or MRZ text from the capture library, with or instead of a back
    /// image. It holds the holder's name, address and date of birth, so it is kept as
    /// [`SensitiveText`] and never printed. Sent as given; blank text does not count as
    /// something to verify.
    #[must_use]
    pub fn track_string(mut self, text: impl Into<SensitiveText>) -> Self {
        self.wire = self.wire.track_string(text);
        self
    }

    /// Whether to compare the selfie with the document portrait (`verifyFace`).
    ///
    /// When not set, it is sent as `true` exactly when both a front image and a selfie are
    /// attached (as IDScan's own SDKs do).
    #[must_use]
    pub fn verify_face(mut self, on: bool) -> Self {
        self.wire = self.wire.verify_face(on);
        self
    }

    /// How the images were captured (`captureMethod`), e.g. `"111"` or
    /// [`CaptureMethod::from_steps`].
    #[must_use]
    pub fn capture_method(mut self, method: impl Into<CaptureMethod>) -> Self {
        self.capture_method = Some(method.into());
        self
    }

    /// The capturing browser's or device's user agent (`userAgent`), stored by DVS as
    /// metadata. In a browser app pass `navigator.userAgent`. Distinct from the HTTP
    /// `User-Agent` header, which names this SDK.
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.wire = self.wire.user_agent(user_agent);
        self
    }

    /// The capture library's own metadata, passed through verbatim (`frontEndMetadata`):
    /// for IDScan's web library, the `metaData` JSON string its `submit` callback hands over.
    #[must_use]
    pub fn front_end_metadata(mut self, metadata: impl Into<String>) -> Self {
        self.wire = self.wire.front_end_metadata(metadata);
        self
    }

    /// Free-form metadata text stored with the request (`metadata`, a string in v3).
    #[must_use]
    pub fn metadata(mut self, metadata: impl Into<String>) -> Self {
        self.wire = self.wire.metadata(metadata);
        self
    }

    /// The holder's social security number, for identity checks (`ssn`). Kept as
    /// [`SensitiveText`]: wiped on drop, never printed.
    #[must_use]
    pub fn ssn(mut self, ssn: impl Into<SensitiveText>) -> Self {
        self.wire = self.wire.ssn(ssn);
        self
    }

    /// Per-request overrides of the portal settings (`overriddenSettings`).
    #[must_use]
    pub fn overridden_settings(mut self, settings: OverriddenSettingsV3) -> Self {
        self.wire = self.wire.overridden_settings(settings);
        self
    }

    /// The document type.
    pub fn document_type(&self) -> &DocumentType {
        &self.wire.document_type
    }

    /// Total size of the attached images in bytes (images that failed to load count as 0).
    pub fn image_bytes(&self) -> usize {
        [&self.front, &self.back, &self.selfie]
            .into_iter()
            .filter_map(|slot| slot.as_ref().and_then(|r| r.as_ref().ok()))
            .map(Image::len)
            .sum()
    }

    /// Checks the request locally, as [`Client::create_request`](crate::Client::create_request)
    /// does before any network call; `max_image_bytes` is the per-image limit
    /// ([`Client::max_image_bytes`](crate::Client::max_image_bytes)).
    ///
    /// Returns the first problem found; see the table on [`VerificationRequest`].
    pub fn check(&self, max_image_bytes: usize) -> Result<(), Error> {
        // Cloning shares the images' bytes (reference counts), it does not copy them.
        self.clone().into_wire()?.check(max_image_bytes)
    }

    /// The wire body, moving the images (no copy). Fails on an image that could not be
    /// loaded; [`RequestV3::check`] does the rest.
    pub(crate) fn into_wire(self) -> Result<RequestV3, Error> {
        let verify_face = self
            .wire
            .verify_face
            .unwrap_or(self.front.is_some() && self.selfie.is_some());
        let mut wire = self.wire.verify_face(verify_face);
        wire.front_image_base64 = loaded(Field::FrontImage, self.front)?;
        wire.back_or_second_image_base64 = loaded(Field::BackOrSecondImage, self.back)?;
        wire.face_image_base64 = loaded(Field::FaceImage, self.selfie)?;
        wire.capture_method = self.capture_method.map(CaptureMethod::into_string);
        Ok(wire)
    }
}

/// The image of a builder slot, or the error met while loading it, named by its field.
fn loaded(field: Field, slot: Option<Result<Image, ImageError>>) -> Result<Option<Image>, Error> {
    slot.transpose().map_err(|source| Error::InvalidImage {
        field: field.wire_name(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: [u8; 4] = [0xFF, 0xD8, 0xFF, 0xE0];

    fn jpeg() -> Image {
        Image::from_bytes(JPEG.to_vec()).unwrap()
    }

    #[test]
    fn verify_face_defaults_to_front_and_selfie_present() {
        let both = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .selfie(jpeg())
            .into_wire()
            .unwrap();
        assert_eq!(both.verify_face, Some(true));
        let front_only = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .into_wire()
            .unwrap();
        assert_eq!(front_only.verify_face, Some(false));
        let off = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .selfie(jpeg())
            .verify_face(false)
            .into_wire()
            .unwrap();
        assert_eq!(off.verify_face, Some(false));
    }

    #[test]
    fn every_field_reaches_the_wire() {
        let recording = MultiImages::from_bytes(vec![0x1A, 0x45, 0xDF, 0xA3]).unwrap();
        let wire = VerificationRequest::new(DocumentType::Id)
            .front(jpeg())
            .back(jpeg())
            .selfie(jpeg())
            .front_multi_images(recording.clone())
            .selfie_multi_images(recording.clone())
            .track_string("@ANSI")
            .capture_method("112")
            .user_agent("UA")
            .front_end_metadata(r#"{"capturedMethod":"112"}"#)
            .metadata("kiosk 7")
            .ssn("123-45-6789")
            .overridden_settings(OverriddenSettingsV3::new().is_ocr_enabled(true))
            .into_wire()
            .unwrap();
        assert_eq!(wire.images().count(), 3);
        assert_eq!(wire.front_multi_images_base64.as_ref(), Some(&recording));
        assert_eq!(wire.face_multi_images_base64.as_ref(), Some(&recording));
        assert_eq!(wire.track_string.as_ref().map(SensitiveText::len), Some(5));
        assert_eq!(wire.capture_method.as_deref(), Some("112"));
        assert_eq!(wire.user_agent.as_deref(), Some("UA"));
        assert_eq!(
            wire.front_end_metadata.as_deref(),
            Some(r#"{"capturedMethod":"112"}"#)
        );
        assert_eq!(wire.metadata.as_deref(), Some("kiosk 7"));
        assert!(wire.ssn.is_some() && wire.overridden_settings.is_some());
    }

    #[test]
    fn image_load_errors_name_their_field_before_any_other_check() {
        let error = VerificationRequest::new(DocumentType::Id)
            .front(jpeg())
            .back(b"GIF89a....".to_vec())
            .check(1)
            .unwrap_err();
        assert!(matches!(
            error,
            Error::InvalidImage {
                field: "backOrSecondImageBase64",
                source: ImageError::UnsupportedFormat { looks_like: "GIF" }
            }
        ));
        let error = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .check(3)
            .unwrap_err();
        assert!(matches!(
            error,
            Error::InvalidImage {
                field: "frontImageBase64",
                source: ImageError::TooLarge { len: 4, limit: 3 }
            }
        ));
    }

    #[test]
    fn debug_hides_pii() {
        let request = VerificationRequest::new(DocumentType::Id)
            .front(jpeg())
            .track_string("DAQD1234567")
            .ssn("123-45-6789");
        let text = format!("{request:?}");
        assert!(!text.contains("D1234567"), "{text}");
        assert!(!text.contains("6789"), "{text}");
        assert!(text.contains("len: 4"), "{text}");
    }
}
