//! [`RequestV4`]: the body of `POST /api/v4/verify`, with its [`TrackStringV4`] and [`Metadata`].

use serde::{Deserialize, Serialize};

use super::request_check::{self, Contents, TrackString};
use super::{DocumentType, OverriddenSettingsV4, SensitiveText};
use crate::{Error, Image, MultiImages};

/// The v4 track string: the decoded barcode/MRZ (`data`) and the decoder's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrackStringV4 {
    /// The decoded barcode or MRZ text (PII).
    pub data: SensitiveText,
    /// Extra decoder parameters produced by IDScan's web library.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub barcode_params: Option<String>,
}

impl TrackStringV4 {
    /// A track string from decoded text alone.
    pub fn new(data: impl Into<SensitiveText>) -> Self {
        TrackStringV4 {
            data: data.into(),
            barcode_params: None,
        }
    }

    /// Splits the web library's single `"<data>.<barcodeParams>"` string exactly as
    /// `@idscan/idvc2` and IDScan's samples do (`split(".", 2)`): `data` is the text before
    /// the first `.`, `barcodeParams` the text between it and the next `.` (anything after
    /// a second `.` is dropped, as the library drops it).
    ///
    /// ```
    /// use dvs_core::TrackStringV4;
    /// let t = TrackStringV4::from_web_library("@ANSI 636000...".replace("...", "X.params"));
    /// assert_eq!(t.barcode_params.as_deref(), Some("params"));
    /// let t = TrackStringV4::from_web_library("data.params.more");
    /// assert_eq!(t.barcode_params.as_deref(), Some("params"));
    /// assert_eq!(TrackStringV4::from_web_library("no-dot").barcode_params, None);
    /// ```
    pub fn from_web_library(combined: impl AsRef<str>) -> Self {
        let mut parts = combined.as_ref().split('.');
        let data = parts.next().unwrap_or_default();
        TrackStringV4 {
            data: SensitiveText::new(data),
            barcode_params: parts
                .next()
                .filter(|params| !params.is_empty())
                .map(str::to_owned),
        }
    }
}

/// Capture metadata sent with a v4 request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Metadata {
    /// One digit per captured image: `0` file upload, `1` auto capture, `2` manual capture.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_method: Option<String>,
    /// The capturing browser's or device's user agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// The web library's metadata JSON string, passed through verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_end_metadata: Option<String>,
    /// Anything else you want stored with the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_metadata: Option<String>,
}

/// The v4 request body (`POST /api/v4/verify`).
///
/// Carries every field IDScan's web library (`@idscan/idvc2`) sends to v4. Unset fields are
/// omitted; reading is lenient (an image given as `""` or `null` reads as unset).
/// [`check`](Self::check) is the one local validation run before sending.
///
/// ```
/// use dvs_core::{DocumentType, Image, OverriddenSettingsV4, RequestV4, TrackStringV4};
/// let body = RequestV4::new(DocumentType::Id)
///     .front(Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0])?)
///     .track_string(TrackStringV4::new("@ANSI..."))
///     .overridden_settings(OverriddenSettingsV4::new().is_face_match_enabled(false));
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["trackString"]["data"], "@ANSI...");
/// # Ok::<(), dvs_core::ImageError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestV4 {
    /// The kind of document.
    pub document_type: DocumentType,
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
    /// Decoded barcode/MRZ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_string: Option<TrackStringV4>,
    /// Social security number, for identity checks (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssn: Option<SensitiveText>,
    /// Per-request overrides of the portal settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overridden_settings: Option<OverriddenSettingsV4>,
    /// Capture metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
}

impl RequestV4 {
    /// An empty request for a document type.
    pub fn new(document_type: DocumentType) -> Self {
        RequestV4 {
            document_type,
            front_image_base64: None,
            back_or_second_image_base64: None,
            face_image_base64: None,
            front_multi_images_base64: None,
            face_multi_images_base64: None,
            track_string: None,
            ssn: None,
            overridden_settings: None,
            metadata: None,
        }
    }

    /// Sets the track string.
    #[must_use]
    pub fn track_string(mut self, track: TrackStringV4) -> Self {
        self.track_string = Some(track);
        self
    }

    /// Sets the overrides.
    #[must_use]
    pub fn overridden_settings(mut self, settings: OverriddenSettingsV4) -> Self {
        self.overridden_settings = Some(settings);
        self
    }

    /// Sets the metadata.
    #[must_use]
    pub fn metadata(mut self, metadata: Metadata) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Checks locally what is wrong whatever the account's settings, as
    /// [`RequestV3::check`](crate::RequestV3::check) does; a track string with
    /// `barcodeParams` but empty `data` is malformed.
    ///
    /// ```
    /// use dvs_core::{DocumentType, Error, RequestV4, TrackStringV4};
    /// RequestV4::new(DocumentType::Id)
    ///     .track_string(TrackStringV4::from_web_library("@ANSI 636026...X.params"))
    ///     .check(1024)?;
    /// let error = RequestV4::new(DocumentType::Passport).check(1024).unwrap_err();
    /// assert!(matches!(error, Error::InvalidInput { field: "frontImageBase64", .. }));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn check(&self, max_image_bytes: usize) -> Result<(), Error> {
        self.contents().check(max_image_bytes)
    }

    request_check::shared_setters!();

    request_check::request_contents!(TrackString::v4);
}
