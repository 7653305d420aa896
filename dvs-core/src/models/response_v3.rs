//! [`ResponseV3`]: the v3 verification result (`POST /api/v3/Verify`, `/Verify/{id}`).
//!
//! IDScan has not published this schema; the fields are those seen in code that parses real
//! responses (see `docs/api-coverage.md`, "Response fields"). Everything is optional and unknown fields are kept.

use serde::{Deserialize, Serialize};

use super::ReturnedImage;
use super::confidence::{lenient_confidence, lenient_far};
use super::open_enum::open_enum;
use super::{
    Confidence, Document, DocumentType, ExternalCheck, ExtraFields, FalseAcceptanceRate,
    FieldConfidences, RawCode,
};
use crate::RequestId;

open_enum! {
    /// DVS's own verdict on a v3 document, from `documentVerificationResult.statusString`
    /// (or, when that is absent, the integer `status`).
    ///
    /// Only `"Ok"` has been seen in code that parses real responses (third-party). The DIVE
    /// portal shows three response statuses for successful submissions, "OK", "Suspicious"
    /// and "Low Confidence" (<https://support.idscan.net/dive-review-submissions>), but
    /// neither their JSON spelling nor the integer codes are published: everything but `Ok`
    /// is [`DocumentStatusV3::Unknown`], kept as sent.
    ///
    /// ```
    /// use dvs_core::{DocumentStatusV3, RawCode};
    /// assert_eq!(DocumentStatusV3::from_raw(RawCode::Text("OK".into())), DocumentStatusV3::Ok);
    /// assert!(DocumentStatusV3::from_raw(RawCode::Text("Suspicious".into())).is_unknown());
    /// ```
    pub enum DocumentStatusV3 {
        /// `"Ok"`: DVS found nothing wrong with the document.
        Ok = "Ok", [],
    }
    serialize as text
}

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

impl DocumentVerificationV3 {
    /// DVS's verdict on the document, typed: `statusString` when sent, else the integer
    /// `status`; `None` when neither is sent.
    ///
    /// ```
    /// use dvs_core::{DocumentStatusV3, DocumentVerificationV3};
    /// let ok: DocumentVerificationV3 = serde_json::from_str(r#"{"status": 0, "statusString": "Ok"}"#)?;
    /// assert_eq!(ok.document_status(), Some(DocumentStatusV3::Ok));
    /// let bare: DocumentVerificationV3 = serde_json::from_str(r#"{"status": 0}"#)?;
    /// assert!(bare.document_status().is_some_and(|s| s.is_unknown()), "a bare code is not explained");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn document_status(&self) -> Option<DocumentStatusV3> {
        match (&self.status_string, &self.status) {
            (Some(text), _) => Some(DocumentStatusV3::from_raw(RawCode::Text(
                text.trim().to_owned(),
            ))),
            (None, Some(code)) => Some(DocumentStatusV3::from_raw(code.clone())),
            (None, None) => None,
        }
    }
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
