//! [`ResponseV4`]: the v4 verification result (`POST /api/v4/verify`), as documented in the
//! v4 manual plus fields seen in real responses (`docs/api-coverage.md`, "Response fields").

use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::confidence::{lenient_confidence, lenient_far};
use super::{
    Confidence, Document, DocumentType, ExternalCheck, ExtraFields, FalseAcceptanceRate,
    FieldConfidences, OpaqueJson,
};
use crate::RequestId;

macro_rules! flags_struct {
    (
        $(#[$meta:meta])* $name:ident {
            $( $(#[$fmeta:meta])* $field:ident ),* $(,)?
        }
        $( $(#[$cmeta:meta])* $cfield:ident : $cty:ty = $cde:literal ),*
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, deserialize_with = "super::lenient::flag", skip_serializing_if = "Option::is_none")]
                pub $field: Option<bool>,
            )*
            $(
                $(#[$cmeta])*
                #[serde(default, deserialize_with = $cde, skip_serializing_if = "Option::is_none")]
                pub $cfield: Option<$cty>,
            )*
            /// Fields this SDK does not model.
            #[serde(flatten)]
            pub extra: ExtraFields,
        }
    };
}

flags_struct! {
    /// The v4 `documentVerificationResult`. Flags are `None` when not applicable or not determined.
    DocumentVerificationV4 {
        /// The document is past its expiry date.
        is_document_expired,
        /// OCR of the front succeeded.
        is_ocr_success,
        /// The PDF417 barcode was read.
        is_pdf417_success,
        /// The MRZ was read.
        is_mrz_success,
        /// The international-document provider succeeded.
        is_shufti_success,
        /// A REAL ID compliant licence (`isDriversLicenseRealID` on the wire).
        #[serde(rename = "isDriversLicenseRealID", alias = "isDriversLicenseRealId")]
        is_drivers_license_real_id,
        /// A "drive only" licence.
        is_drive_only,
        /// Veteran indicator.
        is_veteran,
        /// Organ donor indicator.
        is_donor,
        /// Limited-duration document.
        is_limited_duration_document,
        /// The document was invalidated.
        is_invalidated,
        /// Commercial driver's licence.
        is_commercial_drivers_license,
        /// Non-domiciled licence.
        is_non_domicile,
        /// Enhanced credential.
        is_enhanced_credential,
        /// Learner's permit.
        is_permit,
    }
    /// The general level of trust in the document, 0–100.
    document_confidence: Confidence = "lenient_confidence"
}

flags_struct! {
    /// The v4 `faceMatchVerificationResult`.
    FaceMatchVerificationV4 {
        /// The selfie's estimated age fits the date of birth.
        is_age_check_success,
        /// The selfie's estimated gender fits the document.
        is_gender_check_success,
        /// The selfie looks suspicious.
        is_suspicious_photo,
    }
    /// Face-match confidence, 0–100.
    face_match_confidence: Confidence = "lenient_confidence",
    /// False acceptance rate of the match.
    false_acceptance_rate: FalseAcceptanceRate = "lenient_far",
    /// Age estimated from the selfie.
    assessed_age_from_selfie: f64 = "lenient_number",
    /// Age computed from the document.
    assessed_age_from_document: f64 = "lenient_number"
}

flags_struct! {
    /// The v4 `antiSpoofingVerificationResult`.
    AntiSpoofingVerificationV4 {
        /// Data fields look tampered with.
        is_data_fields_tampered,
        /// The document portrait looks tampered with.
        is_photo_from_document_tampered,
    }
    /// Liveness confidence of the selfie, 0–100.
    anti_spoofing_face_image_confidence: Confidence = "lenient_confidence"
}

fn lenient_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    Ok(Option::<serde_json::Value>::deserialize(deserializer)?.and_then(|v| v.as_f64()))
}

/// The v4 verification response.
///
/// `Echo` is the type of the parts that echo the request or carry its images, `requestData`,
/// `content` and `images`:
/// [`OpaqueJson`] (the default) keeps them as JSON values; [`Skipped`] reads and checks them
/// without keeping them, which is what [`ResponseV4::parse_without_echoes`] does.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    bound(
        serialize = "Echo: Serialize + Default + PartialEq",
        deserialize = "Echo: Deserialize<'de> + Default"
    )
)]
#[non_exhaustive]
pub struct ResponseV4<Echo = OpaqueJson> {
    /// The request's id.
    #[serde(
        default,
        deserialize_with = "super::lenient::request_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<RequestId>,
    /// The document type, where sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<DocumentType>,
    /// Data read from the document (PII).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<Document>,
    /// Per-field confidences (`-1` = not available).
    #[serde(
        default,
        deserialize_with = "super::lenient::map",
        skip_serializing_if = "FieldConfidences::is_empty"
    )]
    pub document_confidence_scores: FieldConfidences,
    /// Document verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_verification_result: Option<DocumentVerificationV4>,
    /// Face match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_match_verification_result: Option<FaceMatchVerificationV4>,
    /// Anti-spoofing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anti_spoofing_verification_result: Option<AntiSpoofingVerificationV4>,
    /// External checks.
    #[serde(
        default,
        deserialize_with = "super::lenient::list",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub external_verification_results: Vec<ExternalCheck>,
    /// Your reference, where sent.
    #[serde(
        default,
        deserialize_with = "super::lenient::text",
        skip_serializing_if = "Option::is_none"
    )]
    pub reference: Option<String>,
    /// The echoed request (`returnRequest=true`); holds images and PII, hidden from `Debug`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub request_data: Echo,
    /// Document images (`returnContent=true`) under the name `content`; hidden from `Debug`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub content: Echo,
    /// Document images (`returnContent=true`) under the name `images`, which the one
    /// real-response model found uses; hidden from `Debug`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub images: Echo,
    /// The document authentication checks (`authenticationResults`, seen beside `images`);
    /// their shape is not documented, so they are kept as JSON, hidden from `Debug`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authentication_results: Option<OpaqueJson>,
    /// Fields this SDK does not model.
    #[serde(flatten)]
    pub extra: ExtraFields,
}

/// An echoed part left out of the output: a `null` [`OpaqueJson`], and every [`Skipped`].
fn is_default<Echo: Default + PartialEq>(echo: &Echo) -> bool {
    *echo == Echo::default()
}

/// A JSON value that was read and checked but not kept: the type of the echoed parts of a
/// [`ResponseV4`] from [`ResponseV4::parse_without_echoes`].
///
/// It is read the way `serde_json::Value` reads a value (`deserialize_any`: strings checked
/// as UTF-8, numbers in range), so what fails to parse is the same as with [`OpaqueJson`],
/// but nothing is copied: strings are borrowed from the body and dropped. (`IgnoredAny` would
/// skip faster but accepts what `Value` refuses — invalid UTF-8 in a string, `1e999` — as the
/// `decode_v4` fuzz target found.) It serializes as `null`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skipped, D::Error> {
        deserializer.deserialize_any(SkippedVisitor)
    }
}

impl Serialize for Skipped {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

/// Reads any JSON value into [`Skipped`], its parts as `Skipped` too.
struct SkippedVisitor;

impl<'de> Visitor<'de> for SkippedVisitor {
    type Value = Skipped;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_str<E>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_unit<E>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Skipped, A::Error> {
        while items.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Skipped, A::Error> {
        while entries.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }
}

impl ResponseV4<Skipped> {
    /// Parses a v4 response without building `requestData`, `content` and `images` (the
    /// echoed request and the `returnContent` images: most of a 10 MiB answer), whose type is then
    /// [`Skipped`]. For code that keeps the body as received, as
    /// dvs-secret's `VerificationResult::parse_v4` does: building
    /// them as JSON values only to drop them copies every image's base64 once more. The body
    /// is still read whole as `serde_json::Value` reads it, so what parses and what fails is
    /// the same as with `serde_json::from_slice::<ResponseV4>` (the `decode_v4` fuzz target
    /// asserts it). It is `serde_json::from_slice::<ResponseV4<Skipped>>`.
    ///
    /// ```
    /// use dvs_core::{ResponseV4, Skipped};
    /// let body = br#"{"faceMatchVerificationResult": {"faceMatchConfidence": 91},
    ///                 "content": {"front": "QUJD"}}"#;
    /// let lean = ResponseV4::parse_without_echoes(body)?;
    /// assert_eq!(lean.content, Skipped);
    /// let full: ResponseV4 = serde_json::from_slice(body)?;
    /// assert_eq!(full.content.0["front"], "QUJD");
    /// assert_eq!(lean.face_match_verification_result, full.face_match_verification_result);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn parse_without_echoes(body: &[u8]) -> Result<ResponseV4<Skipped>, serde_json::Error> {
        serde_json::from_slice(body)
    }
}
