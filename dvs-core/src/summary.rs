//! [`Summary`]: what a backend may forward to the client app. Scores and the verdict, no PII.

use serde::{Deserialize, Serialize};

use crate::RequestId;
use crate::models::Confidence;
use crate::policy::{Decision, Outcome, Reason};
use crate::result::VerificationResult;

/// The scores a client may see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Scores {
    /// The general level of trust in the document.
    pub document_confidence: Option<Confidence>,
    /// Face match between selfie and document portrait.
    pub face_match_confidence: Option<Confidence>,
    /// Liveness of the selfie.
    pub anti_spoofing_confidence: Option<Confidence>,
}

/// A client-safe summary of a verification: request id, outcome, reasons, scores, and
/// whether the age was verified.
///
/// It holds **no document data** by construction (it has no field that could), so a backend
/// can send it to the browser or app as it is: "age verified: yes/no", never the date of birth.
///
/// ```
/// # use dvs_core::{Summary, Outcome};
/// # fn show(summary: &Summary) -> serde_json::Result<String> {
/// let json = serde_json::to_string(summary)?; // {"requestId":…,"outcome":"approve","reasons":[],"scores":{…}}
/// # Ok(json) }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Summary {
    /// The request's id, if known.
    pub request_id: Option<RequestId>,
    /// Approve, review or reject.
    pub outcome: Outcome,
    /// Why it is not a plain approve.
    pub reasons: Vec<Reason>,
    /// The scores.
    pub scores: Scores,
    /// Whether the holder is verified to be at least the policy's minimum age (`ageVerified`;
    /// absent when the policy has no minimum age).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_verified: Option<bool>,
}

impl Summary {
    /// Builds the summary of `result` under `decision`.
    pub fn new(result: &VerificationResult, decision: &Decision) -> Self {
        Summary {
            request_id: result.request_id,
            outcome: decision.outcome,
            reasons: decision.reasons.clone(),
            scores: Scores {
                document_confidence: result.document_confidence,
                face_match_confidence: result.face_match_confidence,
                anti_spoofing_confidence: result.anti_spoofing_confidence,
            },
            age_verified: decision.age_verified,
        }
    }
}
