//! [`Field`]: the fields of the v3 and v4 request bodies, each with its wire name.

use std::fmt;

/// A field of a request body ([`RequestV3`](crate::RequestV3), [`RequestV4`](crate::RequestV4)),
/// as local checks name it: [`Error::InvalidImage`](crate::Error::InvalidImage) and
/// [`Error::InvalidInput`](crate::Error::InvalidInput) carry its [`wire_name`](Field::wire_name).
///
/// ```
/// use dvs_core::Field;
/// assert_eq!(Field::BackOrSecondImage.wire_name(), "backOrSecondImageBase64");
/// assert_eq!(Field::TrackStringData.to_string(), "trackString.data");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// `documentType`.
    DocumentType,
    /// `frontImageBase64`: the document's front (a passport's MRZ page).
    FrontImage,
    /// `backOrSecondImageBase64`: the back (barcode) or second (MRZ) image.
    BackOrSecondImage,
    /// `faceImageBase64`: the selfie.
    FaceImage,
    /// `frontMultiImagesBase64`: the recording of the front capture.
    FrontMultiImages,
    /// `faceMultiImagesBase64`: the recording of the selfie capture.
    FaceMultiImages,
    /// `trackString`: the decoded barcode or MRZ (a string in v3, an object in v4).
    TrackString,
    /// `trackString.data`: the decoded text of the v4 track string.
    TrackStringData,
    /// `verifyFace` (v3).
    VerifyFace,
    /// `captureMethod` (v3; `metadata.captureMethod` in v4).
    CaptureMethod,
    /// `userAgent` (v3; `metadata.userAgent` in v4).
    UserAgent,
    /// `frontEndMetadata` (v3; `metadata.frontEndMetadata` in v4).
    FrontEndMetadata,
    /// `metadata` (a string in v3, an object in v4).
    Metadata,
    /// `ssn`.
    Ssn,
    /// `overriddenSettings`.
    OverriddenSettings,
}

impl Field {
    /// The field's name in the JSON body (`trackString.data` for a nested one).
    pub const fn wire_name(self) -> &'static str {
        match self {
            Field::DocumentType => "documentType",
            Field::FrontImage => "frontImageBase64",
            Field::BackOrSecondImage => "backOrSecondImageBase64",
            Field::FaceImage => "faceImageBase64",
            Field::FrontMultiImages => "frontMultiImagesBase64",
            Field::FaceMultiImages => "faceMultiImagesBase64",
            Field::TrackString => "trackString",
            Field::TrackStringData => "trackString.data",
            Field::VerifyFace => "verifyFace",
            Field::CaptureMethod => "captureMethod",
            Field::UserAgent => "userAgent",
            Field::FrontEndMetadata => "frontEndMetadata",
            Field::Metadata => "metadata",
            Field::Ssn => "ssn",
            Field::OverriddenSettings => "overriddenSettings",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.wire_name())
    }
}
