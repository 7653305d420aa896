//! [`Scenario`]: the deterministic outcomes the mock can play, and the payload marker that
//! selects one per request.

use std::fmt;
use std::str::FromStr;

/// The text a request carries to pick a scenario: `dvs-mock-scenario=<name>`, anywhere in
/// `userAgent` or `captureMethod` (v3, top level) or `metadata.userAgent` /
/// `metadata.captureMethod` (v4).
///
/// ```
/// use dvs_mock::{Scenario, SCENARIO_MARKER};
/// let user_agent = format!("my-app/1.0 {SCENARIO_MARKER}{}", Scenario::FaceMismatch);
/// assert_eq!(user_agent, "my-app/1.0 dvs-mock-scenario=face-mismatch");
/// ```
pub const SCENARIO_MARKER: &str = "dvs-mock-scenario=";

/// One deterministic behaviour of the mock DVS.
///
/// Names are kebab-case ([`Scenario::name`], `Display`, `FromStr`). Document outcomes
/// (`approved` … `face-doc-not-detect`, and the document data and fraud signal scenarios)
/// shape the verification result; `server-error`,
/// `rate-limited` and `slow` shape the HTTP exchange of whichever call they apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Scenario {
    /// A genuine document and a live, matching selfie: every score ≥ 90.
    #[default]
    Approved,
    /// The document reads poorly: document confidence 40, face scores high.
    LowDocumentConfidence,
    /// The selfie is someone else: face-match confidence 20.
    FaceMismatch,
    /// The selfie is a photo of a photo or a screen: anti-spoofing confidence 10.
    SpoofedSelfie,
    /// The document is past its expiry date: v4 `isDocumentExpired: true`; in v3 (which has
    /// no such flag) a document confidence of 45 and a `document.expires` in the past.
    ExpiredDocument,
    /// `400 OCRError`: the front could not be read.
    OcrError,
    /// `400 PDF417Error`: the barcode on the back could not be read.
    Pdf417Error,
    /// `400 FaceDocNotDetectError`: no portrait found on the document.
    FaceDocNotDetect,
    /// `500 ApiError` with a `traceId`.
    ServerError,
    /// `429` with a `Retry-After` header (1 second unless configured).
    RateLimited,
    /// An approved result, answered after a delay (2 seconds unless configured).
    Slow,
    /// High scores, but the holder is 17 on the day the mock answers (the date of birth is
    /// computed from the mock's clock, so the scenario never ages): under any usual minimum age.
    Underage,
    /// High scores, but the document is another fictional person's (`MARIA L EXEMPLAR`, born
    /// 1985-07-04): it does not match a claim of the usual Jane Q. Sample.
    NameDiffers,
    /// High scores, the dates printed in US form (`01/31/1990`).
    UsDateFormat,
    /// High scores, but the date of birth is unreadable (`31/31/1990`).
    UnreadableDate,
    /// High scores, but the document's data fields look tampered with: v4
    /// `antiSpoofingVerificationResult.isDataFieldsTampered: true`; in v3 (which has no such
    /// flag) `documentVerificationResult.statusString: "Suspicious"`.
    DataFieldsTampered,
    /// High scores, but the portrait on the document looks tampered with: v4
    /// `antiSpoofingVerificationResult.isPhotoFromDocumentTampered: true`; v3 `"Suspicious"`.
    DocumentPhotoTampered,
    /// High scores, but the document was invalidated: v4
    /// `documentVerificationResult.isInvalidated: true`; v3 `"Suspicious"`.
    InvalidatedDocument,
    /// High scores, but the selfie looks suspicious: v4
    /// `faceMatchVerificationResult.isSuspiciousPhoto: true`; v3 `"Suspicious"`.
    SuspiciousSelfie,
    /// The DMV data verification ran and failed: a `DMVValidation` entry with status `2` (v4
    /// `externalVerificationResults[]`, v3 `documentVerificationResult.validationTests[]`)
    /// and, as DMV results are factored into it, a document confidence of 64.
    FailedExternalCheck,
}

impl Scenario {
    /// Every scenario, in documentation order.
    pub const ALL: &'static [Scenario] = &[
        Scenario::Approved,
        Scenario::LowDocumentConfidence,
        Scenario::FaceMismatch,
        Scenario::SpoofedSelfie,
        Scenario::ExpiredDocument,
        Scenario::OcrError,
        Scenario::Pdf417Error,
        Scenario::FaceDocNotDetect,
        Scenario::ServerError,
        Scenario::RateLimited,
        Scenario::Slow,
        Scenario::Underage,
        Scenario::NameDiffers,
        Scenario::UsDateFormat,
        Scenario::UnreadableDate,
        Scenario::DataFieldsTampered,
        Scenario::DocumentPhotoTampered,
        Scenario::InvalidatedDocument,
        Scenario::SuspiciousSelfie,
        Scenario::FailedExternalCheck,
    ];

    /// Whether the scenario shapes the HTTP exchange of whichever call it applies to
    /// (`server-error`, `rate-limited`, `slow`) rather than a document's outcome.
    pub const fn shapes_the_exchange(self) -> bool {
        matches!(
            self,
            Scenario::ServerError | Scenario::RateLimited | Scenario::Slow
        )
    }

    /// The kebab-case name used in markers and on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Scenario::Approved => "approved",
            Scenario::LowDocumentConfidence => "low-document-confidence",
            Scenario::FaceMismatch => "face-mismatch",
            Scenario::SpoofedSelfie => "spoofed-selfie",
            Scenario::ExpiredDocument => "expired-document",
            Scenario::OcrError => "ocr-error",
            Scenario::Pdf417Error => "pdf417-error",
            Scenario::FaceDocNotDetect => "face-doc-not-detect",
            Scenario::ServerError => "server-error",
            Scenario::RateLimited => "rate-limited",
            Scenario::Slow => "slow",
            Scenario::Underage => "underage",
            Scenario::NameDiffers => "name-differs",
            Scenario::UsDateFormat => "us-date-format",
            Scenario::UnreadableDate => "unreadable-date",
            Scenario::DataFieldsTampered => "data-fields-tampered",
            Scenario::DocumentPhotoTampered => "document-photo-tampered",
            Scenario::InvalidatedDocument => "invalidated-document",
            Scenario::SuspiciousSelfie => "suspicious-selfie",
            Scenario::FailedExternalCheck => "failed-external-check",
        }
    }

    /// One line saying what the mock does in this scenario.
    pub const fn description(self) -> &'static str {
        match self {
            Scenario::Approved => "200, every score >= 90",
            Scenario::LowDocumentConfidence => "200, document confidence 40",
            Scenario::FaceMismatch => "200, face-match confidence 20",
            Scenario::SpoofedSelfie => "200, anti-spoofing confidence 10",
            Scenario::ExpiredDocument => {
                "200, v4 isDocumentExpired=true; v3 document confidence 45 and expires in the past"
            }
            Scenario::OcrError => "400 OCRError",
            Scenario::Pdf417Error => "400 PDF417Error",
            Scenario::FaceDocNotDetect => "400 FaceDocNotDetectError",
            Scenario::ServerError => "500 ApiError with a traceId",
            Scenario::RateLimited => "429 with Retry-After",
            Scenario::Slow => "200 approved, after a delay",
            Scenario::Underage => "200, high scores, the holder is 17 today",
            Scenario::NameDiffers => "200, high scores, another person's name and date of birth",
            Scenario::UsDateFormat => "200, high scores, dates as MM/DD/YYYY",
            Scenario::UnreadableDate => "200, high scores, an unreadable date of birth",
            Scenario::DataFieldsTampered => {
                "200, high scores, v4 isDataFieldsTampered=true; v3 statusString Suspicious"
            }
            Scenario::DocumentPhotoTampered => {
                "200, high scores, v4 isPhotoFromDocumentTampered=true; v3 statusString Suspicious"
            }
            Scenario::InvalidatedDocument => {
                "200, high scores, v4 isInvalidated=true; v3 statusString Suspicious"
            }
            Scenario::SuspiciousSelfie => {
                "200, high scores, v4 isSuspiciousPhoto=true; v3 statusString Suspicious"
            }
            Scenario::FailedExternalCheck => {
                "200, DMVValidation status 2 (failed), document confidence 64"
            }
        }
    }

    /// `true` for the scenarios that answer instead of processing (`server-error`,
    /// `rate-limited`): they leave a created request pending.
    pub const fn is_transport_failure(self) -> bool {
        matches!(self, Scenario::ServerError | Scenario::RateLimited)
    }

    /// The scenario named by a `dvs-mock-scenario=<name>` marker inside `text`, if any.
    ///
    /// `Some(Err(..))` when the marker is there but names no scenario.
    pub fn from_marker(text: &str) -> Option<Result<Scenario, UnknownScenario>> {
        let lower = text.to_ascii_lowercase();
        let start = lower.find(SCENARIO_MARKER)? + SCENARIO_MARKER.len();
        let rest = &lower[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, ';' | ',' | ')' | '&' | '"'))
            .unwrap_or(rest.len());
        Some(rest[..end].parse())
    }
}

impl fmt::Display for Scenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A scenario name that is not one of [`Scenario::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownScenario {
    name: String,
}

impl UnknownScenario {
    /// The name that was given.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for UnknownScenario {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown dvs-mock scenario `{}`; known scenarios: ",
            self.name
        )?;
        for (i, scenario) in Scenario::ALL.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(scenario.name())?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownScenario {}

impl FromStr for Scenario {
    type Err = UnknownScenario;

    /// Parses a kebab-case name, ignoring case and accepting `_` for `-`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Scenario::ALL
            .iter()
            .copied()
            .find(|scenario| scenario.name() == wanted)
            .ok_or_else(|| UnknownScenario {
                // Scenario names are short; cap what we echo so a stray payload stays small.
                name: s.chars().take(64).collect(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scenario in Scenario::ALL {
            assert_eq!(scenario.name().parse::<Scenario>(), Ok(*scenario));
            assert_eq!(scenario.to_string(), scenario.name());
        }
        assert_eq!(
            "FACE_MISMATCH".parse::<Scenario>(),
            Ok(Scenario::FaceMismatch)
        );
    }

    #[test]
    fn unknown_names_list_the_known_ones() {
        let err = "nope".parse::<Scenario>().unwrap_err();
        assert_eq!(err.name(), "nope");
        assert!(err.to_string().contains("spoofed-selfie"));
    }

    #[test]
    fn markers_are_found_anywhere() {
        assert_eq!(
            Scenario::from_marker("Mozilla/5.0 (dvs-mock-scenario=ocr-error) Safari"),
            Some(Ok(Scenario::OcrError))
        );
        assert_eq!(
            Scenario::from_marker("DVS-MOCK-SCENARIO=Slow"),
            Some(Ok(Scenario::Slow))
        );
        assert_eq!(Scenario::from_marker("111"), None);
        assert!(matches!(
            Scenario::from_marker("dvs-mock-scenario=zzz"),
            Some(Err(_))
        ));
    }
}
