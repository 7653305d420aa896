//! The verification results the mock answers, written as raw JSON in the v3 and v4 shapes
//! of `docs/api-coverage.md` ("Response fields"), with scores chosen by the [`Scenario`].
//!
//! They are built with `json!`, not through `dvs-core`'s types, so a test that parses them
//! with `dvs-core` checks those models against the reference instead of against themselves.

use dvs_core::{DocumentType, RequestId};
use serde_json::{Value, json};

use crate::Scenario;
use crate::synthetic_person::{self, Holder};

/// Scores of a verification that completed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scores {
    pub(crate) document: u8,
    pub(crate) face: u8,
    pub(crate) anti_spoofing: u8,
    pub(crate) far: f64,
    pub(crate) expired: bool,
    /// Whose document, printed how.
    pub(crate) holder: Holder,
    /// The fraud signal or failed external check the result carries, if any.
    pub(crate) signal: Option<MockSignal>,
}

/// A fraud signal or failed external check, put where the real service puts it.
///
/// v3 results have no fraud flags; there a signal shows as DVS's document verdict,
/// `statusString: "Suspicious"` (the DIVE portal's name for such a result; its JSON spelling
/// and integer code are not published, `2` is this mock's choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MockSignal {
    /// v4 `antiSpoofingVerificationResult.isDataFieldsTampered`.
    DataFieldsTampered,
    /// v4 `antiSpoofingVerificationResult.isPhotoFromDocumentTampered`.
    DocumentPhotoTampered,
    /// v4 `documentVerificationResult.isInvalidated`.
    Invalidated,
    /// v4 `faceMatchVerificationResult.isSuspiciousPhoto`.
    SuspiciousSelfie,
    /// A `DMVValidation` external check with status `2` (the meaning of `2` is not
    /// published; this mock uses it for a failed check).
    FailedDmvCheck,
}

/// What processing a request ends in under a scenario.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Verdict {
    /// `200` with a result holding these scores.
    Completed(Scores),
    /// `400` with this error code and message.
    Rejected {
        code: &'static str,
        message: &'static str,
    },
}

const APPROVED: Scores = Scores {
    document: 96,
    face: 97,
    anti_spoofing: 98,
    far: 0.0001,
    expired: false,
    holder: Holder::Standard,
    signal: None,
};

/// The verdict of a scenario. `server-error` and `rate-limited` never reach processing;
/// they map to the approved scores here.
pub(crate) fn verdict(scenario: Scenario) -> Verdict {
    match scenario {
        Scenario::LowDocumentConfidence => Verdict::Completed(Scores {
            document: 40,
            ..APPROVED
        }),
        Scenario::FaceMismatch => Verdict::Completed(Scores {
            document: 95,
            face: 20,
            far: 0.35,
            ..APPROVED
        }),
        Scenario::SpoofedSelfie => Verdict::Completed(Scores {
            document: 95,
            face: 93,
            anti_spoofing: 10,
            ..APPROVED
        }),
        Scenario::ExpiredDocument => Verdict::Completed(Scores {
            document: 45,
            expired: true,
            holder: Holder::Expired,
            ..APPROVED
        }),
        Scenario::OcrError => Verdict::Rejected {
            code: "OCRError",
            message: "Could not read data from the front of the document (dvs-mock scenario ocr-error).",
        },
        Scenario::Pdf417Error => Verdict::Rejected {
            code: "PDF417Error",
            message: "Could not read the PDF417 barcode (dvs-mock scenario pdf417-error).",
        },
        Scenario::FaceDocNotDetect => Verdict::Rejected {
            code: "FaceDocNotDetectError",
            message: "No face was found on the document (dvs-mock scenario face-doc-not-detect).",
        },
        Scenario::Underage => Verdict::Completed(Scores {
            holder: Holder::Underage,
            ..APPROVED
        }),
        Scenario::NameDiffers => Verdict::Completed(Scores {
            holder: Holder::OtherPerson,
            ..APPROVED
        }),
        Scenario::UsDateFormat => Verdict::Completed(Scores {
            holder: Holder::UsDates,
            ..APPROVED
        }),
        Scenario::UnreadableDate => Verdict::Completed(Scores {
            holder: Holder::UnreadableDateOfBirth,
            ..APPROVED
        }),
        Scenario::DataFieldsTampered => flagged(MockSignal::DataFieldsTampered),
        Scenario::DocumentPhotoTampered => flagged(MockSignal::DocumentPhotoTampered),
        Scenario::InvalidatedDocument => flagged(MockSignal::Invalidated),
        Scenario::SuspiciousSelfie => flagged(MockSignal::SuspiciousSelfie),
        // DMV results are factored into the document confidence: below 70, within review.
        Scenario::FailedExternalCheck => Verdict::Completed(Scores {
            document: 64,
            signal: Some(MockSignal::FailedDmvCheck),
            ..APPROVED
        }),
        Scenario::Approved | Scenario::Slow | Scenario::ServerError | Scenario::RateLimited => {
            Verdict::Completed(APPROVED)
        }
    }
}

/// Approved scores carrying `signal`.
fn flagged(signal: MockSignal) -> Verdict {
    Verdict::Completed(Scores {
        signal: Some(signal),
        ..APPROVED
    })
}

/// What was sent, as far as the result depends on it.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    pub(crate) request_id: RequestId,
    pub(crate) document_type: DocumentType,
    pub(crate) has_front: bool,
    pub(crate) has_back_or_track: bool,
    /// A selfie was sent and face matching is on: face scores are reported.
    pub(crate) face_match: bool,
}

impl Subject {
    fn reads_mrz(&self) -> bool {
        matches!(
            self.document_type,
            DocumentType::Passport | DocumentType::InternationalId
        )
    }

    fn reads_pdf417(&self) -> bool {
        self.document_type == DocumentType::Id && self.has_back_or_track
    }

    fn is_driver_license(&self) -> bool {
        self.document_type == DocumentType::Id
    }
}

fn address_check() -> Value {
    json!({
        "name": "AddressValidation",
        "displayName": "Address Validation",
        "status": -1,
        "statusString": "Disabled",
        "reason": "External checks are not run by dvs-mock.",
        "effect": 0,
        "values": [],
    })
}

/// The external checks of a result: address validation disabled, and a failed DMV check
/// when the scenario has one. `statusString` is a v3 field.
fn external_checks(scores: Scores, v3: bool) -> Value {
    let mut checks = vec![address_check()];
    if scores.signal == Some(MockSignal::FailedDmvCheck) {
        checks.push(json!({
            "name": "DMVValidation",
            "displayName": "DMV Validation",
            "status": 2,
            "statusString": "Failed",
            "reason": "The document's data does not match the issuer's records (dvs-mock scenario failed-external-check).",
            "effect": 1,
            "values": [{"name": "id", "score": 0}],
        }));
    }
    if !v3 {
        for check in &mut checks {
            if let Some(fields) = check.as_object_mut() {
                fields.remove("statusString");
            }
        }
    }
    Value::Array(checks)
}

/// `true` when the scenario's signal is `signal`.
fn has(scores: Scores, signal: MockSignal) -> bool {
    scores.signal == Some(signal)
}

/// A `VerifyResponseV3`.
pub(crate) fn v3(subject: &Subject, scores: Scores) -> Value {
    let document_ok = scores.document >= 70;
    let suspicious = matches!(
        scores.signal,
        Some(
            MockSignal::DataFieldsTampered
                | MockSignal::DocumentPhotoTampered
                | MockSignal::Invalidated
                | MockSignal::SuspiciousSelfie
        )
    );
    let (status, status_string) = match (suspicious, document_ok) {
        (true, _) => (2, "Suspicious"),
        (false, true) => (0, "Ok"),
        (false, false) => (1, "LowConfidence"),
    };
    let face = subject.face_match.then(|| {
        json!({
            "confidence": scores.face,
            "antiSpoofing": scores.anti_spoofing,
            "far": scores.far,
        })
    });
    json!({
        "requestId": subject.request_id.as_str(),
        "documentType": subject.document_type,
        "document": synthetic_person::document(&subject.document_type, scores.holder),
        "documentVerificationResult": {
            "status": status,
            "statusString": status_string,
            "totalConfidence": scores.document,
            "verificationConfidence": synthetic_person::field_confidences(scores.document.saturating_add(2).min(100)),
            "validationTests": external_checks(scores, true),
        },
        "faceVerificationResult": face,
    })
}

/// A `VerifyResponseV4` (without `requestData` / `content`, which the caller adds on request).
pub(crate) fn v4(subject: &Subject, scores: Scores) -> Value {
    let dl = subject.is_driver_license();
    let dl_flag = |value: bool| if dl { json!(value) } else { Value::Null };
    let face = subject.face_match.then(|| {
        json!({
            "falseAcceptanceRate": scores.far,
            "faceMatchConfidence": scores.face,
            "isAgeCheckSuccess": null,
            "isGenderCheckSuccess": null,
            "assessedAgeFromSelfie": null,
            "assessedAgeFromDocument": null,
            "isSuspiciousPhoto": scores.anti_spoofing < 50 || has(scores, MockSignal::SuspiciousSelfie),
        })
    });
    let spoof = subject.face_match.then(|| {
        json!({
            "antiSpoofingFaceImageConfidence": scores.anti_spoofing,
            "isDataFieldsTampered": has(scores, MockSignal::DataFieldsTampered),
            "isPhotoFromDocumentTampered": has(scores, MockSignal::DocumentPhotoTampered),
        })
    });
    json!({
        "requestId": subject.request_id.as_str(),
        "documentType": subject.document_type,
        "document": synthetic_person::document(&subject.document_type, scores.holder),
        "documentConfidenceScores": synthetic_person::field_confidences(scores.document.saturating_add(2).min(100)),
        "documentVerificationResult": {
            "isDocumentExpired": scores.expired,
            "isOcrSuccess": if subject.has_front { json!(true) } else { Value::Null },
            "isPdf417Success": if subject.reads_pdf417() { json!(true) } else { Value::Null },
            "isMrzSuccess": if subject.reads_mrz() { json!(true) } else { Value::Null },
            "isShuftiSuccess": null,
            "isDriversLicenseRealID": dl_flag(true),
            "isDriveOnly": dl_flag(false),
            "isVeteran": dl_flag(false),
            "isDonor": dl_flag(false),
            "isLimitedDurationDocument": dl_flag(false),
            "isInvalidated": has(scores, MockSignal::Invalidated),
            "isCommercialDriversLicense": dl_flag(false),
            "isNonDomicile": dl_flag(false),
            "isEnhancedCredential": dl_flag(false),
            "isPermit": dl_flag(false),
            "documentConfidence": scores.document,
        },
        "faceMatchVerificationResult": face,
        "antiSpoofingVerificationResult": spoof,
        "externalVerificationResults": external_checks(scores, false),
    })
}
