//! [`RequestV3`]: the v3 body shared by `POST /api/v3/Request` (create, public key) and
//! `POST /api/v3/Verify` (direct verify, secret key).

use serde::{Deserialize, Serialize};

use super::request_check::{self, Contents, TrackString};
use super::{DocumentType, OverriddenSettingsV3, SensitiveText};
use crate::{Error, Image, MultiImages};

/// The v3 request body: document type, images, track string and options.
///
/// Carries every field IDScan's web library (`@idscan/idvc2`) sends to v3. Images serialize
/// as base64 written straight into the JSON; unset fields are omitted. Reading is lenient: an
/// image given as `""` or `null` (as the web library sends a missing one) reads as unset.
/// `Debug` shows image sizes only and redacts the SSN and the track string.
///
/// [`check`](Self::check) is the one local validation both clients run before sending.
///
/// ```
/// use dvs_core::{DocumentType, Image, RequestV3};
/// let front = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0])?;
/// let body = RequestV3::new(DocumentType::Id).front(front).verify_face(false);
/// let json = serde_json::to_string(&body).unwrap();
/// assert_eq!(json, r#"{"documentType":1,"verifyFace":false,"frontImageBase64":"/9j/4A=="}"#);
/// # Ok::<(), dvs_core::ImageError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestV3 {
    /// The kind of document.
    pub document_type: DocumentType,
    /// Whether to compare the selfie with the document portrait.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_face: Option<bool>,
    /// One digit per captured image: `0` file upload, `1` auto capture, `2` manual capture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_method: Option<String>,
    /// The capturing browser's or device's user agent (metadata).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The document's front (or a passport's MRZ page).
    #[serde(
        default,
        deserialize_with = "super::lenient::image",
        skip_serializing_if = "Option::is_none"
    )]
    pub front_image_base64: Option<Image>,
    /// The back (PDF417 barcode) or second (MRZ) image.
    #[serde(
        default,
        deserialize_with = "super::lenient::image",
        skip_serializing_if = "Option::is_none"
    )]
    pub back_or_second_image_base64: Option<Image>,
    /// The selfie.
    #[serde(
        default,
        deserialize_with = "super::lenient::image",
        skip_serializing_if = "Option::is_none"
    )]
    pub face_image_base64: Option<Image>,
    /// The recording of the front capture (IDScan's web library).
    #[serde(
        default,
        deserialize_with = "super::lenient::multi_images",
        skip_serializing_if = "Option::is_none"
    )]
    pub front_multi_images_base64: Option<MultiImages>,
    /// The recording of the selfie capture (IDScan's web library).
    #[serde(
        default,
        deserialize_with = "super::lenient::multi_images",
        skip_serializing_if = "Option::is_none"
    )]
    pub face_multi_images_base64: Option<MultiImages>,
    /// Decoded barcode or MRZ text from a capture library (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_string: Option<SensitiveText>,
    /// Social security number, for identity checks (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssn: Option<SensitiveText>,
    /// Per-request overrides of the portal settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden_settings: Option<OverriddenSettingsV3>,
    /// The web library's metadata JSON string (`IDataForSubmit.metaData`), passed through
    /// verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_end_metadata: Option<String>,
    /// Free-form metadata text (a string in v3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<String>,
}

impl RequestV3 {
    /// An empty request for a document type.
    pub fn new(document_type: DocumentType) -> Self {
        RequestV3 {
            document_type,
            verify_face: None,
            capture_method: None,
            user_agent: None,
            front_image_base64: None,
            back_or_second_image_base64: None,
            face_image_base64: None,
            front_multi_images_base64: None,
            face_multi_images_base64: None,
            track_string: None,
            ssn: None,
            overridden_settings: None,
            front_end_metadata: None,
            metadata: None,
        }
    }

    /// Sets `verifyFace`.
    #[must_use]
    pub fn verify_face(mut self, on: bool) -> Self {
        self.verify_face = Some(on);
        self
    }

    /// Sets the track string (decoded barcode or MRZ text; PII, never printed).
    #[must_use]
    pub fn track_string(mut self, text: impl Into<SensitiveText>) -> Self {
        self.track_string = Some(text.into());
        self
    }

    /// Sets the overrides of the portal settings.
    #[must_use]
    pub fn overridden_settings(mut self, settings: OverriddenSettingsV3) -> Self {
        self.overridden_settings = Some(settings);
        self
    }

    /// Sets `captureMethod`: one digit per captured image.
    #[must_use]
    pub fn capture_method(mut self, digits: impl Into<String>) -> Self {
        self.capture_method = Some(digits.into());
        self
    }

    /// Sets the capturing browser's or device's user agent (`userAgent`).
    #[must_use]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sets the capture library's metadata (`frontEndMetadata`), passed through verbatim.
    #[must_use]
    pub fn front_end_metadata(mut self, metadata: impl Into<String>) -> Self {
        self.front_end_metadata = Some(metadata.into());
        self
    }

    /// Sets the free-form metadata text (`metadata`).
    #[must_use]
    pub fn metadata(mut self, metadata: impl Into<String>) -> Self {
        self.metadata = Some(metadata.into());
        self
    }

    /// Checks locally what is wrong whatever the account's settings: an image or recording
    /// over `max_image_bytes`, a malformed track string, nothing to verify at all (no image,
    /// no recording, no non-blank track string). Which images are required is the server's
    /// to say.
    ///
    /// ```
    /// use dvs_core::{DocumentType, Error, Image, RequestV3, SensitiveText};
    /// let front = Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0])?;
    /// // A driver's license front alone is valid (the account may read the front only).
    /// RequestV3::new(DocumentType::Id).front(front).check(1024)?;
    /// // So is a track string alone.
    /// let mut barcode = RequestV3::new(DocumentType::Id);
    /// barcode.track_string = Some(SensitiveText::new("@ANSI 636026..."));
    /// barcode.check(1024)?;
    /// // Nothing at all is not.
    /// let error = RequestV3::new(DocumentType::Id).check(1024).unwrap_err();
    /// assert!(matches!(error, Error::InvalidInput { field: "frontImageBase64", .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, max_image_bytes: usize) -> Result<(), Error> {
        self.contents().check(max_image_bytes)
    }

    request_check::shared_setters!();

    request_check::request_contents!(TrackString::v3);
}
