//! [`VerificationResult`]: the one normalized result both v3 and v4 responses convert into.

use std::fmt;

use bytes::Bytes;

use crate::RequestId;
use crate::models::{
    Confidence, Document, DocumentType, ExternalCheck, FalseAcceptanceRate, FieldConfidences,
    ResponseV3, ResponseV4,
};

/// Which API version produced a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/api/v3/…`
    V3,
    /// `/api/v4/…`
    V4,
}

/// Key document flags. `None` means the server did not say (not applicable or not determined).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DocumentFlags {
    /// The document is past its expiry date.
    pub expired: Option<bool>,
    /// OCR of the front succeeded.
    pub ocr_success: Option<bool>,
    /// The PDF417 barcode was read.
    pub pdf417_success: Option<bool>,
    /// The MRZ was read.
    pub mrz_success: Option<bool>,
}

/// The normalized outcome of a verification, whatever API version produced it.
///
/// Scores are unit-safe: confidences are [`Confidence`] (0–100), the false acceptance rate is a
/// [`FalseAcceptanceRate`]. `None` means the server did not report that score (for example
/// no selfie was sent). The response body is kept byte for byte for audit
/// ([`VerificationResult::raw_json`]).
///
/// `Debug` redacts the document data and the raw JSON.
#[derive(Clone)]
#[non_exhaustive]
pub struct VerificationResult {
    /// The request's id, where the response carried one.
    pub request_id: Option<RequestId>,
    /// The API version that produced this result.
    pub api_version: ApiVersion,
    /// The document type reported by the server.
    pub document_type: Option<DocumentType>,
    /// Data read from the document (**PII**).
    pub document: Document,
    /// The general level of trust in the document, 0–100 (`documentConfidence` in v4,
    /// `totalConfidence` in v3).
    pub document_confidence: Option<Confidence>,
    /// Face-match confidence between the selfie and the document portrait.
    pub face_match_confidence: Option<Confidence>,
    /// Liveness (anti-spoofing) confidence of the selfie.
    pub anti_spoofing_confidence: Option<Confidence>,
    /// False acceptance rate of the face match.
    pub false_acceptance_rate: Option<FalseAcceptanceRate>,
    /// Expired / OCR / PDF417 / MRZ flags.
    pub flags: DocumentFlags,
    /// Per-field confidences of the document data.
    pub field_confidences: FieldConfidences,
    /// External checks (address, DMV, IdentiFraud …).
    pub external_checks: Vec<ExternalCheck>,
    raw: Bytes,
}

impl VerificationResult {
    /// Normalizes a v3 response; `raw` is the response body as received.
    pub fn from_v3(response: ResponseV3, raw: Bytes) -> Self {
        let doc = response.document_verification_result.unwrap_or_default();
        let face = response.face_verification_result.unwrap_or_default();
        let document = response.document.unwrap_or_default();
        VerificationResult {
            request_id: response.request_id,
            api_version: ApiVersion::V3,
            document_type: response.document_type,
            flags: DocumentFlags {
                expired: None,
                ocr_success: None,
                pdf417_success: None,
                mrz_success: None,
            },
            document,
            document_confidence: doc.total_confidence,
            face_match_confidence: face.confidence,
            anti_spoofing_confidence: face.anti_spoofing,
            false_acceptance_rate: face.far,
            field_confidences: doc.verification_confidence,
            external_checks: doc.validation_tests,
            raw,
        }
    }

    /// Normalizes a v4 response, whatever it did with the echoed parts (which a result does
    /// not keep); `raw` is the response body as received.
    pub fn from_v4<Echo>(response: ResponseV4<Echo>, raw: Bytes) -> Self {
        let doc = response.document_verification_result.unwrap_or_default();
        let face = response.face_match_verification_result.unwrap_or_default();
        let spoof = response
            .anti_spoofing_verification_result
            .unwrap_or_default();
        VerificationResult {
            request_id: response.request_id,
            api_version: ApiVersion::V4,
            document_type: response.document_type,
            document: response.document.unwrap_or_default(),
            document_confidence: doc.document_confidence,
            face_match_confidence: face.face_match_confidence,
            anti_spoofing_confidence: spoof.anti_spoofing_face_image_confidence,
            false_acceptance_rate: face.false_acceptance_rate,
            flags: DocumentFlags {
                expired: doc.is_document_expired,
                ocr_success: doc.is_ocr_success,
                pdf417_success: doc.is_pdf417_success,
                mrz_success: doc.is_mrz_success,
            },
            field_confidences: response.document_confidence_scores,
            external_checks: response.external_verification_results,
            raw,
        }
    }

    /// Parses a v3 response body.
    pub fn parse_v3(body: Bytes) -> Result<Self, serde_json::Error> {
        let response: ResponseV3 = serde_json::from_slice(&body)?;
        Ok(Self::from_v3(response, body))
    }

    /// Parses a v4 response body.
    pub fn parse_v4(body: Bytes) -> Result<Self, serde_json::Error> {
        let response = ResponseV4::parse_without_echoes(&body)?;
        Ok(Self::from_v4(response, body))
    }

    /// The response body exactly as received, for audit. Holds PII: store it like PII.
    pub fn raw_json(&self) -> &[u8] {
        &self.raw
    }

    /// Replaces the kept body (used when a result is extracted from a larger response).
    pub fn with_raw(mut self, raw: Bytes) -> Self {
        self.raw = raw;
        self
    }
}

impl fmt::Debug for VerificationResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerificationResult")
            .field("request_id", &self.request_id)
            .field("api_version", &self.api_version)
            .field("document_type", &self.document_type)
            .field("document", &self.document)
            .field("document_confidence", &self.document_confidence)
            .field("face_match_confidence", &self.face_match_confidence)
            .field("anti_spoofing_confidence", &self.anti_spoofing_confidence)
            .field("false_acceptance_rate", &self.false_acceptance_rate)
            .field("flags", &self.flags)
            .field("field_confidences", &self.field_confidences)
            .field("external_checks", &self.external_checks)
            .field(
                "raw_json",
                &format_args!("[REDACTED {} bytes]", self.raw.len()),
            )
            .finish()
    }
}
