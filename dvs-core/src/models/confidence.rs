//! Unit-safe scores: [`Confidence`] (0–100), [`FieldConfidence`] (with "not available"),
//! and [`FalseAcceptanceRate`].

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A confidence score from 0 (none) to 100 (full), as DVS reports them.
///
/// ```
/// use dvs_core::Confidence;
/// assert_eq!(Confidence::new(82).map(Confidence::get), Some(82));
/// assert!(Confidence::new(101).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Confidence(u8);

impl Confidence {
    /// Full confidence.
    pub const MAX: Confidence = Confidence(100);
    /// No confidence.
    pub const MIN: Confidence = Confidence(0);

    /// A score, if `value` is within 0–100.
    pub const fn new(value: u8) -> Option<Confidence> {
        if value <= 100 {
            Some(Confidence(value))
        } else {
            None
        }
    }

    /// The score, 0–100.
    pub const fn get(self) -> u8 {
        self.0
    }

    /// A score from a wire number: `None` for `-1` ("not available") or anything outside
    /// 0–100; fractions are rounded.
    pub fn from_wire(value: f64) -> Option<Confidence> {
        if value.is_finite() && (0.0..=100.0).contains(&value) {
            // In range 0..=100 after the check, so the cast cannot truncate.
            Some(Confidence(value.round() as u8))
        } else {
            None
        }
    }
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/100", self.0)
    }
}

impl<'de> Deserialize<'de> for Confidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Confidence::from_wire(value)
            .ok_or_else(|| serde::de::Error::custom("confidence must be within 0..=100"))
    }
}

/// A per-field or per-check score that may be missing: DVS sends `-1` for "not available".
///
/// ```
/// use dvs_core::FieldConfidence;
/// let scores: Vec<FieldConfidence> = serde_json::from_str("[-1, 100, 82]")?;
/// assert_eq!(scores[0], FieldConfidence::NotAvailable);
/// assert_eq!(scores[2].score().map(|c| c.get()), Some(82));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldConfidence {
    /// The server could not score this field (`-1`), or sent a value outside 0–100.
    NotAvailable,
    /// A score from 0 to 100.
    Score(Confidence),
}

impl FieldConfidence {
    /// The score, if available.
    pub fn score(self) -> Option<Confidence> {
        match self {
            FieldConfidence::Score(c) => Some(c),
            FieldConfidence::NotAvailable => None,
        }
    }
}

impl Serialize for FieldConfidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FieldConfidence::NotAvailable => serializer.serialize_i64(-1),
            FieldConfidence::Score(c) => serializer.serialize_u8(c.get()),
        }
    }
}

impl<'de> Deserialize<'de> for FieldConfidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Lenient: anything that is not a number in 0..=100 is "not available".
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(value
            .as_f64()
            .and_then(Confidence::from_wire)
            .map_or(FieldConfidence::NotAvailable, FieldConfidence::Score))
    }
}

/// Reads an optional score leniently: `null`, `-1` or out-of-range values become `None`.
pub(crate) fn lenient_confidence<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Confidence>, D::Error> {
    Ok(Option::<FieldConfidence>::deserialize(deserializer)?.and_then(FieldConfidence::score))
}

/// The face matcher's false acceptance rate: a probability from 0.0 to 1.0 (lower is stricter).
///
/// ```
/// use dvs_core::FalseAcceptanceRate;
/// assert!(FalseAcceptanceRate::new(0.001).is_some());
/// assert!(FalseAcceptanceRate::new(-0.5).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct FalseAcceptanceRate(f64);

impl FalseAcceptanceRate {
    /// A rate, if `value` is finite and not negative. DVS has sent percentages as well as
    /// fractions, so values above 1 are kept as sent.
    pub fn new(value: f64) -> Option<FalseAcceptanceRate> {
        (value.is_finite() && value >= 0.0).then_some(FalseAcceptanceRate(value))
    }

    /// The rate as sent by DVS.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for FalseAcceptanceRate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        FalseAcceptanceRate::new(value)
            .ok_or_else(|| serde::de::Error::custom("false acceptance rate must be >= 0"))
    }
}

/// Reads an optional false acceptance rate leniently: `null`, negative or non-numbers become `None`.
pub(crate) fn lenient_far<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<FalseAcceptanceRate>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(value
        .and_then(|v| v.as_f64())
        .and_then(FalseAcceptanceRate::new))
}
