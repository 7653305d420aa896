//! [`AuthenticationRequestV4`]: the body of `POST /api/v4/authentication`, the hardware
//! document scanner call: a v4 verify body plus ultraviolet and infrared images.

use serde::{Deserialize, Serialize};

use super::{DocumentType, RequestV4};
use crate::internal::StreamingJson;
use crate::{Error, Image};

/// The body of `POST /api/v4/authentication` (`docs/api-coverage.md`, "Endpoints"): everything
/// [`RequestV4`] holds — the white-light images, track string, overrides, metadata — plus
/// the front and back (or second) page under ultraviolet and infrared light, as hardware
/// scanners such as the E-Seek M500 capture them.
///
/// IDScan documents this endpoint for hardware scanners only; everything else should use
/// `POST /api/v4/verify` ([`RequestV4`]).
///
/// On the wire the [`RequestV4`] fields and the four light-source images sit side by side
/// in one object; images are [`Image`]s, so the body streams from their bytes. `Debug`
/// shows image sizes only.
///
/// ```
/// use dvs_core::{AuthenticationRequestV4, DocumentType, Image, RequestV4};
/// let jpeg = || Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0]);
/// let body = AuthenticationRequestV4::new(RequestV4::new(DocumentType::Id).front(jpeg()?))
///     .front_uv(jpeg()?)
///     .front_ir(jpeg()?)
///     .gpu_enabled(true);
/// let json = serde_json::to_value(&body).unwrap();
/// assert_eq!(json["frontImageBase64Uv"], "/9j/4A==");
/// assert_eq!(json["frontImageBase64Ir"], "/9j/4A==");
/// assert_eq!(json["overriddenSettings"]["isGpuEnabled"], true);
/// assert_eq!(body.images().count(), 3);
/// # Ok::<(), dvs_core::ImageError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuthenticationRequestV4 {
    /// The fields shared with `POST /api/v4/verify`: document type, white-light images,
    /// track string, SSN, overrides and metadata.
    #[serde(flatten)]
    pub base: RequestV4,
    /// The front under ultraviolet light (`frontImageBase64Uv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_image_base64_uv: Option<Image>,
    /// The back or second page under ultraviolet light (`backOrSecondImageBase64Uv`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_or_second_image_base64_uv: Option<Image>,
    /// The front under infrared light (`frontImageBase64Ir`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_image_base64_ir: Option<Image>,
    /// The back or second page under infrared light (`backOrSecondImageBase64Ir`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub back_or_second_image_base64_ir: Option<Image>,
}

impl AuthenticationRequestV4 {
    /// An authentication request from the verify fields (white-light images and the rest),
    /// with no ultraviolet or infrared image yet.
    pub fn new(base: RequestV4) -> Self {
        AuthenticationRequestV4 {
            base,
            front_image_base64_uv: None,
            back_or_second_image_base64_uv: None,
            front_image_base64_ir: None,
            back_or_second_image_base64_ir: None,
        }
    }

    /// The kind of document.
    pub fn document_type(&self) -> &DocumentType {
        &self.base.document_type
    }

    /// Sets the ultraviolet front image.
    #[must_use]
    pub fn front_uv(mut self, image: Image) -> Self {
        self.front_image_base64_uv = Some(image);
        self
    }

    /// Sets the ultraviolet back or second image.
    #[must_use]
    pub fn back_uv(mut self, image: Image) -> Self {
        self.back_or_second_image_base64_uv = Some(image);
        self
    }

    /// Sets the infrared front image.
    #[must_use]
    pub fn front_ir(mut self, image: Image) -> Self {
        self.front_image_base64_ir = Some(image);
        self
    }

    /// Sets the infrared back or second image.
    #[must_use]
    pub fn back_ir(mut self, image: Image) -> Self {
        self.back_or_second_image_base64_ir = Some(image);
        self
    }

    /// Sets the `isGpuEnabled` override, kept with the other overrides in the base
    /// request's [`OverriddenSettingsV4`](super::OverriddenSettingsV4).
    #[must_use]
    pub fn gpu_enabled(mut self, on: bool) -> Self {
        let settings = self.base.overridden_settings.take().unwrap_or_default();
        self.base.overridden_settings = Some(settings.is_gpu_enabled(on));
        self
    }

    /// The ultraviolet and infrared images present, with their wire field names.
    pub fn light_source_images(&self) -> impl Iterator<Item = (&'static str, &Image)> {
        [
            ("frontImageBase64Uv", self.front_image_base64_uv.as_ref()),
            (
                "backOrSecondImageBase64Uv",
                self.back_or_second_image_base64_uv.as_ref(),
            ),
            ("frontImageBase64Ir", self.front_image_base64_ir.as_ref()),
            (
                "backOrSecondImageBase64Ir",
                self.back_or_second_image_base64_ir.as_ref(),
            ),
        ]
        .into_iter()
        .filter_map(|(name, image)| image.map(|i| (name, i)))
    }

    /// Checks the request locally as [`RequestV4::check`] does, and each light-source image
    /// against the size limit, then gives the body to send (streamed from the images).
    #[doc(hidden)]
    pub fn checked_body(&self, max_image_bytes: usize) -> Result<StreamingJson, Error> {
        for (field, image) in self.light_source_images() {
            image
                .check_size(max_image_bytes)
                .map_err(|source| Error::InvalidImage { field, source })?;
        }
        super::request_check::checked_body(self, self.base.contents(), max_image_bytes)
    }

    /// Every image present (white light, then ultraviolet and infrared), with its wire
    /// field name.
    pub fn images(&self) -> impl Iterator<Item = (&'static str, &Image)> {
        self.base
            .images()
            .map(|(field, image)| (field.wire_name(), image))
            .chain(self.light_source_images())
    }
}

impl From<RequestV4> for AuthenticationRequestV4 {
    fn from(base: RequestV4) -> Self {
        AuthenticationRequestV4::new(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::internal::StreamingJson;
    use crate::{OverriddenSettingsV4, TrackStringV4};

    fn image(tag: u8) -> Image {
        Image::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, tag]).unwrap()
    }

    #[test]
    fn wire_names_and_order() {
        let request = AuthenticationRequestV4::new(
            RequestV4::new(DocumentType::Id)
                .front(image(1))
                .back(image(2))
                .track_string(TrackStringV4::new("@ANSI")),
        )
        .front_uv(image(3))
        .back_uv(image(4))
        .front_ir(image(5))
        .back_ir(image(6))
        .gpu_enabled(false);
        let json = serde_json::to_string(&request).unwrap();
        assert_eq!(
            json,
            r#"{"documentType":1,"frontImageBase64":"/9j/4AE=","backOrSecondImageBase64":"/9j/4AI=","trackString":{"data":"@ANSI"},"overriddenSettings":{"isGpuEnabled":false},"frontImageBase64Uv":"/9j/4AM=","backOrSecondImageBase64Uv":"/9j/4AQ=","frontImageBase64Ir":"/9j/4AU=","backOrSecondImageBase64Ir":"/9j/4AY="}"#
        );
        // Streamed byte for byte like serde_json, all six images spliced.
        let body = StreamingJson::new(&request).unwrap();
        assert_eq!(&body.to_bytes()[..], json.as_bytes());
        assert_eq!(
            request.images().map(|(name, _)| name).collect::<Vec<_>>(),
            [
                "frontImageBase64",
                "backOrSecondImageBase64",
                "frontImageBase64Uv",
                "backOrSecondImageBase64Uv",
                "frontImageBase64Ir",
                "backOrSecondImageBase64Ir",
            ]
        );
        // Read back: the flattened fields land in `base`.
        let parsed: AuthenticationRequestV4 = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed, request);
        assert_eq!(parsed.document_type(), &DocumentType::Id);
    }

    #[test]
    fn gpu_flag_keeps_other_overrides() {
        let request = AuthenticationRequestV4::from(
            RequestV4::new(DocumentType::Passport)
                .overridden_settings(OverriddenSettingsV4::new().is_face_match_enabled(true)),
        )
        .gpu_enabled(true);
        let settings = request.base.overridden_settings.unwrap();
        assert_eq!(settings.is_face_match_enabled, Some(true));
        assert_eq!(settings.is_gpu_enabled, Some(true));
    }

    #[test]
    fn debug_shows_sizes_only() {
        let request = AuthenticationRequestV4::new(
            RequestV4::new(DocumentType::Id)
                .ssn("987-65-4329")
                .track_string(TrackStringV4::new("DCSQUINTANILLA")),
        )
        .front_uv(image(0xAB));
        let shown = format!("{request:?} {request:#?}");
        assert!(shown.contains("len: 5"), "{shown}");
        for secret in ["/9j/", "4Ks", "987-65", "QUINTANILLA"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}
