//! [`VerificationRequest`]: the fluent builder for a new verification request, and the local
//! checks it must pass before anything is sent.

use dvs_core::{
    DocumentType, Error, Image, ImageError, OverriddenSettingsV3, RequestV3, SensitiveText,
};

use crate::capture_method::CaptureMethod;
use crate::image_input::IntoImage;

/// Wire name of the front image.
const FRONT: &str = "frontImageBase64";
/// Wire name of the back or second image.
const BACK: &str = "backOrSecondImageBase64";
/// Wire name of the selfie.
const SELFIE: &str = "faceImageBase64";
/// Wire name of the track string.
const TRACK_STRING: &str = "trackString";

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
/// Nothing is checked while building; [`check`](Self::check) (called by
/// `create_request` before any network call) returns the first problem as a typed error that
/// names the wire field at fault:
///
/// | problem | error |
/// |---|---|
/// | an image is empty, not JPEG/PNG/WEBP, unreadable, or over the size limit | [`Error::InvalidImage`] `{ field: "frontImageBase64" \| "backOrSecondImageBase64" \| "faceImageBase64", .. }` |
/// | no image at all | [`Error::InvalidInput`] `{ field: "frontImageBase64", .. }` (`faceImageBase64` for face-only, `backOrSecondImageBase64` for barcode-only types) |
/// | face match asked for (`verify_face(true)` or `faceVerification`) without a selfie | [`Error::InvalidInput`] `{ field: "faceImageBase64", .. }` |
/// | the document type is read from its back (ID, passport card, green card, employment authorization) and neither a back image nor a track string is given | [`Error::InvalidInput`] `{ field: "backOrSecondImageBase64", .. }` |
/// | an empty track string, SSN, capture method or user agent | [`Error::InvalidInput`] naming that field |
///
/// The back-image rule is skipped when back processing is turned off with an
/// `isBackOrSecondImageProcessingEnabled: false` entry in the overridden settings' `extra`.
///
/// `Debug` shows image formats and sizes only; the SSN and the track string are redacted.
#[derive(Debug, Clone)]
pub struct VerificationRequest {
    document_type: DocumentType,
    front: Option<Result<Image, ImageError>>,
    back: Option<Result<Image, ImageError>>,
    selfie: Option<Result<Image, ImageError>>,
    track_string: Option<SensitiveText>,
    verify_face: Option<bool>,
    capture_method: Option<CaptureMethod>,
    user_agent: Option<String>,
    ssn: Option<SensitiveText>,
    overridden_settings: Option<OverriddenSettingsV3>,
}

impl VerificationRequest {
    /// A request for a document type, with nothing attached yet.
    pub fn new(document_type: DocumentType) -> Self {
        VerificationRequest {
            document_type,
            front: None,
            back: None,
            selfie: None,
            track_string: None,
            verify_face: None,
            capture_method: None,
            user_agent: None,
            ssn: None,
            overridden_settings: None,
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

    /// The decoded barcode or MRZ text from the capture library, instead of a back image.
    /// It holds the holder's name, address and date of birth, so it is kept as
    /// [`SensitiveText`] and never printed.
    #[must_use]
    pub fn track_string(mut self, text: impl Into<SensitiveText>) -> Self {
        self.track_string = Some(text.into());
        self
    }

    /// Whether to compare the selfie with the document portrait (`verifyFace`).
    ///
    /// When not set, it is sent as `true` exactly when both a front image and a selfie are
    /// attached (as IDScan's own SDKs do).
    #[must_use]
    pub fn verify_face(mut self, on: bool) -> Self {
        self.verify_face = Some(on);
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
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The holder's social security number, for identity checks (`ssn`). Kept as
    /// [`SensitiveText`]: wiped on drop, never printed.
    #[must_use]
    pub fn ssn(mut self, ssn: impl Into<SensitiveText>) -> Self {
        self.ssn = Some(ssn.into());
        self
    }

    /// Per-request overrides of the portal settings (`overriddenSettings`).
    #[must_use]
    pub fn overridden_settings(mut self, settings: OverriddenSettingsV3) -> Self {
        self.overridden_settings = Some(settings);
        self
    }

    /// The document type.
    pub fn document_type(&self) -> &DocumentType {
        &self.document_type
    }

    /// Total size of the attached images in bytes (images that failed to load count as 0).
    pub fn image_bytes(&self) -> usize {
        self.image_slots()
            .filter_map(|(_, slot)| slot.and_then(|r| r.as_ref().ok()))
            .map(Image::len)
            .sum()
    }

    /// Checks the request locally, as [`Client::create_request`](crate::Client::create_request)
    /// does before any network call; `max_image_bytes` is the per-image limit
    /// ([`Client::max_image_bytes`](crate::Client::max_image_bytes)).
    ///
    /// Returns the first problem found; see the table on [`VerificationRequest`].
    pub fn check(&self, max_image_bytes: usize) -> Result<(), Error> {
        for (field, slot) in self.image_slots() {
            match slot {
                Some(Ok(image)) => image
                    .check_size(max_image_bytes)
                    .map_err(|source| Error::InvalidImage { field, source })?,
                Some(Err(source)) => {
                    return Err(Error::InvalidImage {
                        field,
                        source: source.clone(),
                    });
                }
                None => {}
            }
        }
        let (has_front, has_back, has_selfie) = (
            self.front.is_some(),
            self.back.is_some(),
            self.selfie.is_some(),
        );
        if !has_front && !has_back && !has_selfie {
            return Err(invalid(
                self.primary_image_field(),
                "is missing, and so is every other image: a request carries at least one image \
                 (the document's front, its back, or a selfie)",
            ));
        }
        if self.face_match_requested() && !has_selfie {
            return Err(invalid(
                SELFIE,
                "is missing, but face match was asked for (verifyFace or faceVerification); \
                 add the selfie or turn face match off",
            ));
        }
        check_not_empty(
            TRACK_STRING,
            self.track_string.as_ref().map(SensitiveText::len),
        )?;
        if self.document_type.needs_back_or_track_string()
            && !has_back
            && self.track_string.is_none()
            && !self.back_processing_disabled()
        {
            return Err(Error::InvalidInput {
                field: BACK,
                reason: format!(
                    "is missing, and so is `{TRACK_STRING}`: a {} document is read from its back \
                     (barcode or MRZ); add the back image or the track string from the capture library",
                    self.document_type
                ),
            });
        }
        check_not_empty("ssn", self.ssn.as_ref().map(SensitiveText::len))?;
        check_not_empty(
            "captureMethod",
            self.capture_method
                .as_ref()
                .map(|m| m.as_str().trim().len()),
        )?;
        check_not_empty(
            "userAgent",
            self.user_agent.as_ref().map(|u| u.trim().len()),
        )?;
        Ok(())
    }

    /// Checks the request (see [`check`](Self::check)) and turns it into the wire body,
    /// moving the images (no copy).
    pub(crate) fn into_wire(self, max_image_bytes: usize) -> Result<RequestV3, Error> {
        self.check(max_image_bytes)?;
        let verify_face = self
            .verify_face
            .unwrap_or(self.front.is_some() && self.selfie.is_some());
        let mut wire = RequestV3::new(self.document_type);
        wire.verify_face = Some(verify_face);
        wire.front_image_base64 = self.front.and_then(Result::ok);
        wire.back_or_second_image_base64 = self.back.and_then(Result::ok);
        wire.face_image_base64 = self.selfie.and_then(Result::ok);
        wire.track_string = self.track_string;
        wire.capture_method = self.capture_method.map(CaptureMethod::into_string);
        wire.user_agent = self.user_agent;
        wire.ssn = self.ssn;
        wire.overridden_settings = self.overridden_settings;
        Ok(wire)
    }

    fn image_slots(
        &self,
    ) -> impl Iterator<Item = (&'static str, Option<&Result<Image, ImageError>>)> {
        [
            (FRONT, self.front.as_ref()),
            (BACK, self.back.as_ref()),
            (SELFIE, self.selfie.as_ref()),
        ]
        .into_iter()
    }

    /// The image field a request of this document type cannot do without.
    fn primary_image_field(&self) -> &'static str {
        match self.document_type {
            DocumentType::FaceAuthorization => SELFIE,
            DocumentType::Barcode => BACK,
            _ => FRONT,
        }
    }

    fn face_match_requested(&self) -> bool {
        self.verify_face == Some(true)
            || self
                .overridden_settings
                .as_ref()
                .is_some_and(|s| s.face_verification == Some(true))
    }

    /// `true` when the overridden settings turn back-image processing off explicitly.
    fn back_processing_disabled(&self) -> bool {
        self.overridden_settings.as_ref().is_some_and(|settings| {
            [
                "isBackOrSecondImageProcessingEnabled",
                "isBackOrSecondImageProcessing",
            ]
            .iter()
            .any(|name| settings.extra.get_ignore_case(name) == Some(&false.into()))
        })
    }
}

fn invalid(field: &'static str, reason: &str) -> Error {
    Error::InvalidInput {
        field,
        reason: reason.to_owned(),
    }
}

fn check_not_empty(field: &'static str, len: Option<usize>) -> Result<(), Error> {
    match len {
        Some(0) => Err(invalid(field, "is empty; leave it unset instead")),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const JPEG: [u8; 4] = [0xFF, 0xD8, 0xFF, 0xE0];

    fn jpeg() -> Image {
        Image::from_bytes(JPEG.to_vec()).unwrap()
    }

    fn field_of(error: Error) -> &'static str {
        match error {
            Error::InvalidImage { field, .. } | Error::InvalidInput { field, .. } => field,
            other => panic!("unexpected error {other:?}"),
        }
    }

    #[test]
    fn verify_face_defaults_to_front_and_selfie_present() {
        let both = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .selfie(jpeg())
            .into_wire(1024)
            .unwrap();
        assert_eq!(both.verify_face, Some(true));
        let front_only = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .into_wire(1024)
            .unwrap();
        assert_eq!(front_only.verify_face, Some(false));
        let off = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .selfie(jpeg())
            .verify_face(false)
            .into_wire(1024)
            .unwrap();
        assert_eq!(off.verify_face, Some(false));
    }

    #[test]
    fn primary_field_depends_on_document_type() {
        for (doc, field) in [
            (DocumentType::Id, FRONT),
            (DocumentType::Passport, FRONT),
            (DocumentType::FaceAuthorization, SELFIE),
            (DocumentType::Barcode, BACK),
        ] {
            let error = VerificationRequest::new(doc).check(1024).unwrap_err();
            assert_eq!(field_of(error), field);
        }
    }

    #[test]
    fn face_verification_setting_needs_a_selfie() {
        let error = VerificationRequest::new(DocumentType::Passport)
            .front(jpeg())
            .overridden_settings(OverriddenSettingsV3::new().face_verification(true))
            .check(1024)
            .unwrap_err();
        assert_eq!(field_of(error), SELFIE);
    }

    #[test]
    fn back_rule_follows_document_type_and_settings() {
        let front_only = |doc| VerificationRequest::new(doc).front(jpeg());
        for doc in [
            DocumentType::Id,
            DocumentType::PassportCard,
            DocumentType::GreenCard,
            DocumentType::EmploymentAuthorization,
        ] {
            assert_eq!(
                field_of(front_only(doc.clone()).check(1024).unwrap_err()),
                BACK,
                "{doc}"
            );
            front_only(doc.clone()).back(jpeg()).check(1024).unwrap();
            front_only(doc)
                .track_string("@ANSI 636026...")
                .check(1024)
                .unwrap();
        }
        for doc in [DocumentType::Passport, DocumentType::InternationalId] {
            front_only(doc).check(1024).unwrap();
        }
        let mut settings = OverriddenSettingsV3::new();
        settings
            .extra
            .insert("isBackOrSecondImageProcessingEnabled", false);
        front_only(DocumentType::Id)
            .overridden_settings(settings)
            .check(1024)
            .unwrap();
    }

    #[test]
    fn empty_texts_are_refused() {
        let base = || VerificationRequest::new(DocumentType::Passport).front(jpeg());
        assert_eq!(
            field_of(base().track_string("").check(1024).unwrap_err()),
            TRACK_STRING
        );
        assert_eq!(field_of(base().ssn("").check(1024).unwrap_err()), "ssn");
        assert_eq!(
            field_of(base().capture_method("").check(1024).unwrap_err()),
            "captureMethod"
        );
        assert_eq!(
            field_of(base().user_agent(" ").check(1024).unwrap_err()),
            "userAgent"
        );
    }

    #[test]
    fn image_errors_name_their_field_first() {
        let error = VerificationRequest::new(DocumentType::Id)
            .front(jpeg())
            .back(b"GIF89a....".to_vec())
            .check(1024)
            .unwrap_err();
        assert!(matches!(
            error,
            Error::InvalidImage {
                field: BACK,
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
                field: FRONT,
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
