//! [`Summary`]: what a backend may forward to the client app. Scores and the verdict, no PII.

use serde::{Deserialize, Serialize};

use crate::{Confidence, Outcome, Reason, RequestId};

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
/// A backend builds it with dvs-secret's `Decision::summary`; a client app reads it:
///
/// ```
/// use dvs_core::{Outcome, Summary};
/// let json = r#"{"requestId":null,"outcome":"review","reasons":[{"code":"document_expired"}],
///   "scores":{"documentConfidence":91},"someFutureField":1}"#;
/// let summary: Summary = serde_json::from_str(json)?;
/// assert_eq!(summary.outcome, Outcome::Review);
/// assert_eq!(summary.scores.document_confidence.map(|c| c.get()), Some(91));
/// # Ok::<(), serde_json::Error>(())
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

impl Scores {
    /// The three scores, as DVS reported them (`None`: not reported).
    pub fn new(
        document_confidence: Option<Confidence>,
        face_match_confidence: Option<Confidence>,
        anti_spoofing_confidence: Option<Confidence>,
    ) -> Self {
        Scores {
            document_confidence,
            face_match_confidence,
            anti_spoofing_confidence,
        }
    }
}

impl Summary {
    /// A summary of `outcome` for the request `request_id`, with no reasons, no scores and
    /// no age verdict; the `with_…` methods add them.
    ///
    /// ```
    /// use dvs_core::{Outcome, Reason, Summary};
    /// let summary = Summary::new(None, Outcome::Reject).with_reasons([Reason::DocumentExpired]);
    /// assert_eq!(summary.reasons, [Reason::DocumentExpired]);
    /// ```
    pub fn new(request_id: Option<RequestId>, outcome: Outcome) -> Self {
        Summary {
            request_id,
            outcome,
            reasons: Vec::new(),
            scores: Scores::default(),
            age_verified: None,
        }
    }

    /// Sets why it is not a plain approve.
    #[must_use]
    pub fn with_reasons(mut self, reasons: impl IntoIterator<Item = Reason>) -> Self {
        self.reasons = reasons.into_iter().collect();
        self
    }

    /// Sets the scores.
    #[must_use]
    pub fn with_scores(mut self, scores: Scores) -> Self {
        self.scores = scores;
        self
    }

    /// Sets whether the holder was verified to be at least the policy's minimum age.
    #[must_use]
    pub fn with_age_verified(mut self, age_verified: Option<bool>) -> Self {
        self.age_verified = age_verified;
        self
    }
}
