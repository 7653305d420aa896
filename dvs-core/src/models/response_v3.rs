//! [`ResponseV3`]: the v3 verification result (`POST /api/v3/Verify`, `/Verify/{id}`).
//!
//! IDScan has not published this schema; the fields are those seen in code that parses real
//! responses (see `docs/api-coverage.md`, "Response fields"). Everything is optional and unknown fields are kept.

use serde::{Deserialize, Serialize};

use super::ReturnedImage;
use super::confidence::{lenient_confidence, lenient_far};
use super::{
    Confidence, Document, DocumentType, ExternalCheck, ExtraFields, FalseAcceptanceRate,
    FieldConfidences, RawCode,
};
use crate::RequestId;

/// The v3 `documentVerificationResult` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DocumentVerificationV3 {
    /// Status code as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RawCode>,
    /// Status as text (`"Ok"` observed).
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub status_string: Option<String>,
    /// The general level of trust in the document, 0–100.
    #[serde(
        default,
        deserialize_with = "lenient_confidence",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_confidence: Option<Confidence>,
    /// Per-field confidences.
    #[serde(
        default,
        deserialize_with = "super::lenient::map",
        skip_serializing_if = "FieldConfidences::is_empty"
    )]
    pub verification_confidence: FieldConfidences,
    /// External checks (address, DMV, IdentiFraud).
    #[serde(
        default,
        deserialize_with = "super::lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub validation_tests: Vec<ExternalCheck>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// The v3 `faceVerificationResult` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FaceVerificationV3 {
    /// Face-match confidence, 0–100.
    #[serde(
        default,
        deserialize_with = "lenient_confidence",
        skip_serializing_if = "Option::is_none"
    )]
    pub confidence: Option<Confidence>,
    /// Anti-spoofing (liveness) confidence, 0–100.
    #[serde(
        default,
        deserialize_with = "lenient_confidence",
        skip_serializing_if = "Option::is_none"
    )]
    pub anti_spoofing: Option<Confidence>,
    /// False acceptance rate of the face match.
    #[serde(
        default,
        deserialize_with = "lenient_far",
        skip_serializing_if = "Option::is_none"
    )]
    pub far: Option<FalseAcceptanceRate>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// The v3 verification response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponseV3 {
    /// The request's id.
    #[serde(
        default,
        deserialize_with = "super::lenient::request_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<RequestId>,
    /// The document type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
    /// Data read from the document (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Document verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_verification_result: Option<DocumentVerificationV3>,
    /// Face verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_verification_result: Option<FaceVerificationV3>,
    /// The selfie's face, cut out (**PII**; redacted in `Debug`).
    #[serde(
        default,
        deserialize_with = "super::lenient::returned_image",
        skip_serializing_if = "Option::is_none"
    )]
    pub face_photo: Option<ReturnedImage>,
    /// The portrait cut from the document (**PII**; redacted in `Debug`).
    #[serde(
        default,
        deserialize_with = "super::lenient::returned_image",
        skip_serializing_if = "Option::is_none"
    )]
    pub document_face_photo: Option<ReturnedImage>,
    /// The portrait cut from the document, under the legacy service's name (**PII**).
    #[serde(
        default,
        deserialize_with = "super::lenient::returned_image",
        skip_serializing_if = "Option::is_none"
    )]
    pub face_photo_from_document: Option<ReturnedImage>,
    /// The holder's signature cut from the document (**PII**; redacted in `Debug`).
    #[serde(
        default,
        deserialize_with = "super::lenient::returned_image",
        skip_serializing_if = "Option::is_none"
    )]
    pub signature: Option<ReturnedImage>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}
