//! [`VerificationResult`]: the one normalized result both v3 and v4 responses convert into.

use std::fmt;

use bytes::Bytes;

use crate::returned_images::ReturnedImages;
use crate::signals::Signals;
use dvs_core::{
    Confidence, Document, DocumentType, ExternalCheck, FalseAcceptanceRate, FieldConfidences,
    OpaqueJson, RequestId, ResponseV3, ResponseV4,
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
    /// DVS's fraud and consistency signals (tampering, suspicious selfie, invalidated
    /// document, age and gender checks, v3 status …), each `None` when not reported.
    pub signals: Signals,
    /// Per-field confidences of the document data.
    pub field_confidences: FieldConfidences,
    /// External checks (address, DMV, IdentiFraud …).
    pub external_checks: Vec<ExternalCheck>,
    /// The document authentication checks of a v4 result (`authenticationResults`), kept as
    /// JSON: their shape is not documented. `Debug` hides them.
    pub authentication_results: Option<OpaqueJson>,
    asked_for: Option<RequestId>,
    raw: Bytes,
}

/// A result that names another request than the one it was asked for: see
/// [`VerificationResult::request_id_mismatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestIdMismatch {
    /// The id the result was asked for (the id given to Verify or to the result lookup).
    pub asked: RequestId,
    /// The id the result itself names.
    pub reported: RequestId,
}

impl fmt::Display for RequestIdMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the result names a different request id than the one it was asked for")
    }
}

impl VerificationResult {
    /// Normalizes a v3 response; `raw` is the response body as received.
    pub fn from_v3(response: ResponseV3, raw: Bytes) -> Self {
        let doc = response.document_verification_result.unwrap_or_default();
        let signals = Signals::from_v3(&doc, response.face_verification_result.as_ref());
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
            signals,
            document,
            document_confidence: doc.total_confidence,
            face_match_confidence: face.confidence,
            anti_spoofing_confidence: face.anti_spoofing,
            false_acceptance_rate: face.far,
            field_confidences: doc.verification_confidence,
            external_checks: doc.validation_tests,
            authentication_results: None,
            asked_for: None,
            raw,
        }
    }

    /// Normalizes a v4 response, whatever it did with the echoed parts (which a result does
    /// not keep); `raw` is the response body as received.
    pub fn from_v4<Echo>(response: ResponseV4<Echo>, raw: Bytes) -> Self {
        let signals = Signals::from_v4(
            response.document_verification_result.as_ref(),
            response.face_match_verification_result.as_ref(),
            response.anti_spoofing_verification_result.as_ref(),
        );
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
            signals,
            field_confidences: response.document_confidence_scores,
            external_checks: response.external_verification_results,
            authentication_results: response.authentication_results,
            asked_for: None,
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

    /// Records the request id this result was asked for;
    /// [`request_id_mismatch`](Self::request_id_mismatch) compares it with the id the result
    /// names. dvs-secret's client calls it on every result of Verify and of the result lookup.
    ///
    /// ```
    /// use dvs_secret::{RequestId, VerificationResult};
    /// let asked: RequestId = "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse()?;
    /// let body = br#"{"requestId": "0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21",
    ///                 "documentVerificationResult": {"documentConfidence": 88}}"#;
    /// let result = VerificationResult::parse_v4(body.to_vec().into())?.asked_for(asked);
    /// let mismatch = result.request_id_mismatch().expect("another id");
    /// assert_eq!(mismatch.asked, asked);
    /// assert_eq!(mismatch.reported.as_str(), "0b5e2f9c-4c1a-4d8e-9f3b-7a6c5d4e3f21");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn asked_for(mut self, request_id: RequestId) -> Self {
        self.asked_for = Some(request_id);
        self
    }

    /// The ids, when the result names another request than the one it was asked for.
    ///
    /// Nothing public promises that DVS echoes the id asked for, so a mismatch does not
    /// turn a paid result into an error: the result is returned, and this says so. What it
    /// means is unknown (a server-side mix-up, or an id format change), so do not approve on
    /// such a result without a look: [`Policy::decide`](crate::Policy::decide) sends it to
    /// review with [`Reason::RequestIdMismatch`](crate::Reason::RequestIdMismatch). `None`
    /// when the ids agree, when the result names no id, or when it was never asked for one
    /// (a direct verification).
    pub fn request_id_mismatch(&self) -> Option<RequestIdMismatch> {
        match (&self.asked_for, &self.request_id) {
            (Some(asked), Some(reported)) if asked != reported => Some(RequestIdMismatch {
                asked: *asked,
                reported: *reported,
            }),
            _ => None,
        }
    }

    /// The images the result carries, read from the kept body on demand (they are not
    /// copied when the result is parsed): a v4 result's `returnContent=true` images, under
    /// `images` or `content`; a v3 result's `facePhoto`, `documentFacePhoto` and `signature`.
    /// They are **PII**. See [`ReturnedImages`].
    ///
    /// ```
    /// use dvs_secret::VerificationResult;
    /// let body = br#"{"documentVerificationResult": {"documentConfidence": 88},
    ///                 "images": {"frontImageBase64": "iVBORw0KGgoAAAANSUhEUg=="}}"#;
    /// let result = VerificationResult::parse_v4(body.to_vec().into())?;
    /// let images = result.returned_images()?;
    /// let front = images.get("frontImageBase64").expect("sent");
    /// assert_eq!(front.decode()?.format(), dvs_secret::ImageFormat::Png);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The kept body is not JSON. That cannot happen for a result this crate parsed; it can
    /// after [`with_raw`](Self::with_raw) with other bytes.
    pub fn returned_images(&self) -> Result<ReturnedImages, serde_json::Error> {
        match self.api_version {
            ApiVersion::V3 => ReturnedImages::from_v3_body(&self.raw),
            ApiVersion::V4 => ReturnedImages::from_v4_body(&self.raw),
        }
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
            .field("signals", &self.signals)
            .field("field_confidences", &self.field_confidences)
            .field("external_checks", &self.external_checks)
            .field("authentication_results", &self.authentication_results)
            .field("asked_for", &self.asked_for)
            .field(
                "raw_json",
                &format_args!("[REDACTED {} bytes]", self.raw.len()),
            )
            .finish()
    }
}
