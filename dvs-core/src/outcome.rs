//! [`Outcome`]: what a backend decided to do with a verification.

use serde::{Deserialize, Serialize};

/// What to do with a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every check passed.
    Approve,
    /// Borderline or incomplete: have a person look at it.
    Review,
    /// A check failed clearly.
    Reject,
}
