//! [`RequestV3`]: the v3 body shared by `POST /api/v3/Request` (create, public key) and
//! `POST /api/v3/Verify` (direct verify, secret key).

use serde::{Deserialize, Serialize};

use super::{DocumentType, OverriddenSettingsV3, SensitiveText};
use crate::Image;

/// The v3 request body: document type, images, track string and options.
///
/// Images serialize as base64 written straight into the JSON; unset fields are omitted.
/// `Debug` shows image sizes only and redacts the SSN and the track string.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_image_base64: Option<Image>,
    /// The back (PDF417 barcode) or second (MRZ) image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_or_second_image_base64: Option<Image>,
    /// The selfie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_image_base64: Option<Image>,
    /// Decoded barcode or MRZ text from a capture library (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_string: Option<SensitiveText>,
    /// Social security number, for identity checks (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssn: Option<SensitiveText>,
    /// Per-request overrides of the portal settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden_settings: Option<OverriddenSettingsV3>,
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
            track_string: None,
            ssn: None,
            overridden_settings: None,
        }
    }

    /// Sets the front image.
    #[must_use]
    pub fn front(mut self, image: Image) -> Self {
        self.front_image_base64 = Some(image);
        self
    }

    /// Sets the back or second image.
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

    /// Sets `verifyFace`.
    #[must_use]
    pub fn verify_face(mut self, on: bool) -> Self {
        self.verify_face = Some(on);
        self
    }

    /// The images present, with their wire field names.
    pub fn images(&self) -> impl Iterator<Item = (&'static str, &Image)> {
        [
            ("frontImageBase64", self.front_image_base64.as_ref()),
            (
                "backOrSecondImageBase64",
                self.back_or_second_image_base64.as_ref(),
            ),
            ("faceImageBase64", self.face_image_base64.as_ref()),
        ]
        .into_iter()
        .filter_map(|(name, image)| image.map(|i| (name, i)))
    }
}
