//! [`Signals`]: the fraud and consistency signals DVS returns beside its scores, typed and
//! nullable, and [`Signal`], the name of each one a [`Policy`](crate::Policy) acts on.
//!
//! Where each comes from (`docs/api-coverage.md`, "Response fields"): the v4 flags are in the
//! v4 response manual (<https://docs.idscan.net/dive/dive-api/api-manual-v4-response.html>),
//! except `isPhotoFromDocumentTampered` (cut off on that page, completed from third-party
//! models of real responses); v3 has none of them and only its
//! `documentVerificationResult.status` / `statusString`, of which only `"Ok"` has been seen.

use dvs_core::{
    DocumentStatusV3, DocumentVerificationV3, DocumentVerificationV4, ExtraFields,
    FaceMatchVerificationV4, FaceVerificationV3, RawCode,
};
use serde::{Deserialize, Serialize};

/// DVS's fraud and consistency signals of one result.
///
/// Every field is `None` when DVS did not report it (not applicable, not enabled for the
/// account, or a v3 result, which has no such fields): `None` is "not reported", never
/// `false`. [`Signals::is_raised`] reads them as the [`Signal`]s a policy acts on.
///
/// ```
/// use bytes::Bytes;
/// use dvs_secret::{Signal, VerificationResult};
/// let body = r#"{"antiSpoofingVerificationResult": {"isDataFieldsTampered": true,
///                 "isPhotoFromDocumentTampered": null, "isHologramMissing": true}}"#;
/// let result = VerificationResult::parse_v4(Bytes::from_static(body.as_bytes()))?;
/// let signals = &result.signals;
/// assert_eq!(signals.data_fields_tampered, Some(true));
/// assert_eq!(signals.document_photo_tampered, None); // null: not reported
/// assert_eq!(signals.raised(), [Signal::DataFieldsTampered]);
/// // A field this SDK does not model stays readable, under its object's name.
/// let unknown = signals.unmodelled.get("antiSpoofingVerificationResult.isHologramMissing");
/// assert_eq!(unknown, Some(&serde_json::json!(true)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Signals {
    /// The document's data fields look tampered with (v4
    /// `antiSpoofingVerificationResult.isDataFieldsTampered`).
    pub data_fields_tampered: Option<bool>,
    /// The portrait on the document looks tampered with (v4
    /// `antiSpoofingVerificationResult.isPhotoFromDocumentTampered`).
    pub document_photo_tampered: Option<bool>,
    /// The selfie looks suspicious (v4 `faceMatchVerificationResult.isSuspiciousPhoto`).
    pub suspicious_selfie: Option<bool>,
    /// The document was invalidated (v4 `documentVerificationResult.isInvalidated`).
    pub document_invalidated: Option<bool>,
    /// The age estimated from the selfie fits the document (v4
    /// `faceMatchVerificationResult.isAgeCheckSuccess`; reported when the account's age
    /// check is on, within its `ageYearsDifference`).
    pub age_check_success: Option<bool>,
    /// The gender estimated from the selfie fits the document (v4
    /// `faceMatchVerificationResult.isGenderCheckSuccess`).
    pub gender_check_success: Option<bool>,
    /// The age DVS estimated from the selfie, in years (v4
    /// `faceMatchVerificationResult.assessedAgeFromSelfie`). Informational: no policy rule
    /// reads it (DVS's own comparison is `age_check_success`).
    pub assessed_age_from_selfie: Option<f64>,
    /// The age DVS computed from the document, in years (v4
    /// `faceMatchVerificationResult.assessedAgeFromDocument`). Informational, like
    /// `assessed_age_from_selfie`.
    pub assessed_age_from_document: Option<f64>,
    /// A limited-duration document (v4 `documentVerificationResult.isLimitedDurationDocument`).
    pub limited_duration_document: Option<bool>,
    /// The international-document service succeeded (v4
    /// `documentVerificationResult.isShuftiSuccess`).
    pub international_check_success: Option<bool>,
    /// DVS's own verdict on a v3 document (`documentVerificationResult.statusString`, else
    /// `status`); `None` for v4, which has no such field.
    pub document_status: Option<DocumentStatusV3>,
    /// The integer `documentVerificationResult.status` of a v3 result, as sent.
    pub document_status_code: Option<i64>,
    /// Fields of the verification objects this SDK does not model, named
    /// `<object>.<field>` (for example `antiSpoofingVerificationResult.isHologramMissing`),
    /// so a signal DVS adds later is readable before the SDK types it. `Debug` shows the
    /// names only.
    pub unmodelled: ExtraFields,
}

/// One signal of [`Signals`] that a [`Policy`](crate::Policy) acts on: each is "raised" when
/// DVS reports it (a flag `true`, a check `false`, a v3 status other than `Ok`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Signal {
    /// `isDataFieldsTampered: true`.
    DataFieldsTampered,
    /// `isPhotoFromDocumentTampered: true`.
    DocumentPhotoTampered,
    /// `isSuspiciousPhoto: true`.
    SuspiciousSelfie,
    /// `isInvalidated: true`.
    DocumentInvalidated,
    /// `isAgeCheckSuccess: false`.
    AgeCheckFailed,
    /// `isGenderCheckSuccess: false`.
    GenderCheckFailed,
    /// `isLimitedDurationDocument: true`.
    LimitedDurationDocument,
    /// `isShuftiSuccess: false`.
    InternationalCheckFailed,
    /// A v3 `statusString` (or bare `status`) other than `Ok`.
    DocumentStatusNotOk,
}

impl Signal {
    /// Every signal, in documentation order.
    pub const ALL: &'static [Signal] = &[
        Signal::DataFieldsTampered,
        Signal::DocumentPhotoTampered,
        Signal::SuspiciousSelfie,
        Signal::DocumentInvalidated,
        Signal::AgeCheckFailed,
        Signal::GenderCheckFailed,
        Signal::LimitedDurationDocument,
        Signal::InternationalCheckFailed,
        Signal::DocumentStatusNotOk,
    ];
}

impl Signals {
    /// Whether DVS reported `signal`: `Some(true)` raised, `Some(false)` reported and not
    /// raised, `None` not reported.
    pub fn is_raised(&self, signal: Signal) -> Option<bool> {
        match signal {
            Signal::DataFieldsTampered => self.data_fields_tampered,
            Signal::DocumentPhotoTampered => self.document_photo_tampered,
            Signal::SuspiciousSelfie => self.suspicious_selfie,
            Signal::DocumentInvalidated => self.document_invalidated,
            Signal::AgeCheckFailed => self.age_check_success.map(|ok| !ok),
            Signal::GenderCheckFailed => self.gender_check_success.map(|ok| !ok),
            Signal::LimitedDurationDocument => self.limited_duration_document,
            Signal::InternationalCheckFailed => self.international_check_success.map(|ok| !ok),
            Signal::DocumentStatusNotOk => self
                .document_status
                .as_ref()
                .map(|status| *status != DocumentStatusV3::Ok),
        }
    }

    /// The signals DVS raised, in [`Signal::ALL`] order.
    pub fn raised(&self) -> Vec<Signal> {
        Signal::ALL
            .iter()
            .copied()
            .filter(|signal| self.is_raised(*signal) == Some(true))
            .collect()
    }

    /// The signals of a v3 result: its document status, and the unmodelled fields.
    pub(crate) fn from_v3(
        doc: &DocumentVerificationV3,
        face: Option<&FaceVerificationV3>,
    ) -> Signals {
        let mut unmodelled = ExtraFields::default();
        keep(&mut unmodelled, "documentVerificationResult", &doc.extra);
        if let Some(face) = face {
            keep(&mut unmodelled, "faceVerificationResult", &face.extra);
        }
        Signals {
            document_status: doc.document_status(),
            document_status_code: match doc.status {
                Some(RawCode::Int(code)) => Some(code),
                _ => None,
            },
            unmodelled,
            ..Signals::default()
        }
    }

    /// The signals of a v4 result.
    pub(crate) fn from_v4(
        doc: Option<&DocumentVerificationV4>,
        face: Option<&FaceMatchVerificationV4>,
        spoof: Option<&dvs_core::AntiSpoofingVerificationV4>,
    ) -> Signals {
        let mut unmodelled = ExtraFields::default();
        let mut signals = Signals::default();
        if let Some(doc) = doc {
            signals.document_invalidated = doc.is_invalidated;
            signals.limited_duration_document = doc.is_limited_duration_document;
            signals.international_check_success = doc.is_shufti_success;
            keep(&mut unmodelled, "documentVerificationResult", &doc.extra);
        }
        if let Some(face) = face {
            signals.suspicious_selfie = face.is_suspicious_photo;
            signals.age_check_success = face.is_age_check_success;
            signals.gender_check_success = face.is_gender_check_success;
            signals.assessed_age_from_selfie = face.assessed_age_from_selfie;
            signals.assessed_age_from_document = face.assessed_age_from_document;
            keep(&mut unmodelled, "faceMatchVerificationResult", &face.extra);
        }
        if let Some(spoof) = spoof {
            signals.data_fields_tampered = spoof.is_data_fields_tampered;
            signals.document_photo_tampered = spoof.is_photo_from_document_tampered;
            keep(
                &mut unmodelled,
                "antiSpoofingVerificationResult",
                &spoof.extra,
            );
        }
        signals.unmodelled = unmodelled;
        signals
    }
}

/// Copies an object's unmodelled fields into `into` as `<object>.<field>`.
fn keep(into: &mut ExtraFields, object: &str, extra: &ExtraFields) {
    for (field, value) in &extra.0 {
        into.insert(format!("{object}.{field}"), value.clone());
    }
}
